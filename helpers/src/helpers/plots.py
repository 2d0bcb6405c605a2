"""The figures that several chapters share.

Conventions, kept by every function here:

- **One run, one colour.** A run name (``"adam"``, ``"dropout"``) gets a colour the
  first time it is drawn and keeps it in every later figure of the session
  (:func:`run_color`).
- **Solid for training, dashed for validation.** In :func:`plot_function` the
  function is solid and its derivative dashed.
- **Bilingual labels**, Korean first: ``"에포크 · epoch"``. Call
  :func:`helpers.setup` (or :func:`helpers.fonts.use_korean_font`) first so that
  Hangul renders.
- **Stand-in data is always marked.** A figure that shows data (histories, image
  grids, confusion matrices) carries a visible "stand-in data · 대체 데이터" mark
  whenever :mod:`helpers.data` served a stand-in in this session.
- No titles inside figures and no ``figsize`` unless the layout needs it: the
  chapter's text captions the figure.
- Each function draws into ``ax`` when given one, and returns what it drew on.

Example:
    >>> import numpy as np
    >>> ax = plot_function(np.tanh, lambda x: 1 - np.tanh(x) ** 2, name="tanh")
    >>> len(ax.get_lines()) >= 2
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from helpers import fonts
from helpers._checks import as_array, positive_int
from helpers.data._mode import standin_served

_STANDIN_LABEL = "stand-in data · 대체 데이터"
_STANDIN_GID = "helpers-standin-mark"

_METRIC_LABELS = {
    "loss": "손실 · loss",
    "accuracy": "정확도 · accuracy",
    "sparse_categorical_accuracy": "정확도 · accuracy",
    "binary_accuracy": "정확도 · accuracy",
    "auc": "AUC",
    "precision": "정밀도 · precision",
    "recall": "재현율 · recall",
    "learning_rate": "학습률 · learning rate",
}
_EPOCH_LABEL = "에포크 · epoch"
_STEP_LABEL = "훈련 스텝 · training step"

_run_colors: dict[str, str] = {}


def _plt():
    import matplotlib
    import matplotlib.pyplot as plt

    # Every figure here has Hangul labels: make sure they render even without helpers.setup().
    if fonts._FONT_NAME not in matplotlib.rcParams["font.family"]:
        fonts.use_korean_font()
    return plt


def _new_ax(ax):
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots()
    return ax


def run_color(name: str) -> str:
    """Return the colour of run ``name``; a new name gets the next colour of ``tab10``.

    Example:
        >>> run_color("sgd") == run_color("sgd")
        True
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name: expected a non-empty run name, got {name!r}")
    if name not in _run_colors:
        palette = _plt().get_cmap("tab10").colors
        r, g, b = palette[len(_run_colors) % len(palette)][:3]
        _run_colors[name] = f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"
    return _run_colors[name]


def _check_figure(fig) -> None:
    from matplotlib.figure import FigureBase

    if not isinstance(fig, FigureBase):
        raise TypeError(f"fig: expected a Matplotlib Figure, got {type(fig).__name__}")


def _mark_standin(fig) -> Any:
    """Put a visible "stand-in data · 대체 데이터" mark on ``fig``; returns the text artist.

    :func:`mark_if_standin` draws it only when a stand-in was served. Calling it twice
    on one figure adds one mark only.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> fig = plt.figure()
        >>> _mark_standin(fig) is _mark_standin(fig)
        True
    """
    _check_figure(fig)
    for text in fig.texts:
        if text.get_gid() == _STANDIN_GID:
            return text
    # Just above the top edge of the figure: it never covers a title or a curve, and the
    # notebook's inline backend (bbox_inches="tight") widens the image to include it.
    return fig.text(
        0.995,
        1.0,
        _STANDIN_LABEL,
        ha="right",
        va="bottom",
        fontsize=9,
        color="white",
        gid=_STANDIN_GID,
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "#c0392b", "edgecolor": "none"},
    )


def mark_if_standin(fig) -> Any:
    """Mark ``fig`` "stand-in data · 대체 데이터" if :mod:`helpers.data` served a stand-in in this session.

    Use it on every figure a chapter draws itself from loaded data; the figures of this
    module call it already. It returns the mark (a Matplotlib ``Text``), or ``None`` when
    only real data was served. One figure gets one mark, however often it is called.
    The mark sits just above the figure's top edge: notebooks show it because Jupyter
    saves inline figures with ``bbox_inches="tight"``; do the same with ``savefig``.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> from helpers import data
        >>> _ = data.load_thoracic(mode="standin")  # doctest: +ELLIPSIS
        [helpers.data] Thoracic Surgery: serving the generated STAND-IN data ...
        >>> fig, ax = plt.subplots()
        >>> mark_if_standin(fig).get_text()
        'stand-in data · 대체 데이터'
    """
    _check_figure(fig)
    return _mark_standin(fig) if standin_served() else None


def plot_function(
    fn: Callable,
    dfn: Callable,
    x: Any = None,
    *,
    name: str = "f",
    ax=None,
    xlabel: str = "x",
    ylabel: str = "f(x), f′(x)",
):
    """Plot ``fn`` (solid) and its derivative ``dfn`` (dashed) over ``x``.

    Args:
        fn, dfn: vectorised functions of a NumPy array.
        x: 1-D array of inputs; default ``np.linspace(-5, 5, 401)``.
        name: the function's name for the legend.
        ax: draw here instead of a new figure.
        xlabel, ylabel: axis labels (``""`` leaves an axis unlabelled, e.g. on shared axes).

    Returns:
        The Matplotlib Axes.

    Example:
        >>> import numpy as np
        >>> ax = plot_function(np.sin, np.cos, name="sin")
        >>> [line.get_label() for line in ax.get_lines()][-2:]
        ['sin', 'sin′ · 도함수 derivative']
    """
    if not callable(fn):
        raise TypeError(f"fn: expected a function, got {type(fn).__name__}")
    if not callable(dfn):
        raise TypeError(f"dfn: expected a function, got {type(dfn).__name__}")
    x = np.linspace(-5, 5, 401) if x is None else as_array("x", x, ndim=1, min_len=2)
    y = as_array("fn(x)", fn(x))
    dy = as_array("dfn(x)", dfn(x))
    for label, arr in (("fn(x)", y), ("dfn(x)", dy)):
        if arr.shape != x.shape:
            raise ValueError(f"{label}: expected shape {x.shape} like x, got {arr.shape}")
    ax = _new_ax(ax)
    color = run_color(name)
    ax.axhline(0, color="0.8", lw=0.8)
    ax.axvline(0, color="0.8", lw=0.8)
    ax.plot(x, y, color=color, lw=2, label=name)
    ax.plot(x, dy, color=color, lw=1.5, ls="--", label=f"{name}′ · 도함수 derivative")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="best")
    return ax


def _history_dict(name: str, h: Any) -> dict:
    hist = getattr(h, "history", h)
    if not isinstance(hist, Mapping):
        raise TypeError(f"histories[{name!r}]: expected a Keras History or a dict of lists, got {type(h).__name__}")
    return hist


def plot_history(histories: Mapping[str, Any] | Any, metric: str = "loss", *, ax=None, validation: bool = True):
    """Plot one metric per epoch for several runs: training solid, validation dashed.

    Args:
        histories: ``{run name: keras History or history dict}``; a single History
            is drawn as run ``"model"``.
        metric: the key to plot, e.g. ``"loss"`` or ``"accuracy"``; its validation
            twin is ``"val_" + metric``.
        ax: draw here instead of a new figure.
        validation: also draw the validation curve when the history has it.

    Returns:
        The Matplotlib Axes.

    Example:
        >>> ax = plot_history({"demo": {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}})
        >>> [line.get_linestyle() for line in ax.get_lines()]
        ['-', '--']
    """
    if not isinstance(histories, Mapping) or "loss" in histories:
        histories = {"model": histories}
    if not histories:
        raise ValueError("histories: expected at least one run")
    if not isinstance(metric, str):
        raise TypeError(f"metric: expected a string, got {type(metric).__name__}")
    ax = _new_ax(ax)
    for name, h in histories.items():
        hist = _history_dict(name, h)
        if metric not in hist:
            raise ValueError(f"metric: {metric!r} is not in the history of run {name!r}; it has {sorted(hist)}")
        train = as_array(f"histories[{name!r}][{metric!r}]", hist[metric], ndim=1)
        epochs = np.arange(1, len(train) + 1)
        color = run_color(str(name))
        ax.plot(epochs, train, color=color, ls="-", label=f"{name}")
        val_key = f"val_{metric}"
        if validation and val_key in hist:
            val = as_array(f"histories[{name!r}][{val_key!r}]", hist[val_key], ndim=1)
            ax.plot(np.arange(1, len(val) + 1), val, color=color, ls="--")
    ax.set_xlabel(_EPOCH_LABEL)
    ax.set_ylabel(_METRIC_LABELS.get(metric, metric))
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers

    handles, labels = ax.get_legend_handles_labels()
    if any(line.get_linestyle() == "--" for line in ax.get_lines()):  # explain the styles
        handles += [Line2D([], [], color="0.3", ls="-"), Line2D([], [], color="0.3", ls="--")]
        labels += ["훈련 · training", "검증 · validation"]
    ax.legend(handles, labels, loc="best", fontsize=9)
    mark_if_standin(ax.figure)
    return ax


def plot_image_grid(
    images: Any,
    labels: Any = None,
    *,
    class_names: Sequence[str] | None = None,
    probabilities: Any = None,
    ncols: int = 8,
    cmap: str = "gray_r",
):
    """Show images in a grid, titled with their labels (and predictions, if given).

    Args:
        images: array of shape ``(N, H, W)``, ``(N, H, W, 1)`` or ``(N, H, W, 3)``.
        labels: ``N`` integer labels, shown as titles (via ``class_names`` if given).
        class_names: names for the label values.
        probabilities: ``(N, K)`` predicted probabilities; titles then read
            ``"pred (p%)"``, red where the prediction differs from the label.
        ncols: images per row.
        cmap: colour map for single-channel images.

    Returns:
        The Matplotlib Figure.

    Example:
        >>> import numpy as np
        >>> fig = plot_image_grid(np.zeros((3, 8, 8)), [0, 1, 2], ncols=3)
        >>> len(fig.axes)
        3
    """
    images = as_array("images", images, ndim=(3, 4))
    if images.ndim == 4:
        if images.shape[-1] not in (1, 3):
            raise ValueError(f"images: expected 1 or 3 channels in the last axis, got shape {images.shape}")
        if images.shape[-1] == 1:
            images = images[..., 0]
    n = images.shape[0]
    ncols = positive_int("ncols", ncols)
    if labels is not None:
        labels = as_array("labels", labels, ndim=1)
        if labels.shape[0] != n:
            raise ValueError(f"labels: expected {n} labels (one per image), got {labels.shape[0]}")
    if probabilities is not None:
        probabilities = as_array("probabilities", probabilities, ndim=2)
        if probabilities.shape[0] != n:
            raise ValueError(f"probabilities: expected {n} rows (one per image), got {probabilities.shape[0]}")
    if class_names is not None and labels is not None and int(labels.max()) >= len(class_names):
        raise ValueError(f"class_names: has {len(class_names)} names but labels go up to {int(labels.max())}")

    def name_of(k: int) -> str:
        return class_names[k] if class_names is not None else str(k)

    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    plt = _plt()
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.3 * ncols, 1.5 * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i >= n:
            continue
        ax.imshow(images[i], cmap=cmap if images.ndim == 3 else None)
        title, color = "", "black"
        if probabilities is not None:
            pred = int(np.argmax(probabilities[i]))
            title = f"{name_of(pred)} ({100 * probabilities[i, pred]:.0f}%)"
            if labels is not None:
                title = f"{title}\n≠ {name_of(int(labels[i]))}" if pred != int(labels[i]) else title
                color = "#c0392b" if pred != int(labels[i]) else "#1e7b34"
        elif labels is not None:
            title = name_of(int(labels[i]))
        ax.set_title(title, fontsize=8, color=color)
    for ax in list(axes.flat)[n:]:
        fig.delaxes(ax)
    fig.tight_layout()
    mark_if_standin(fig)
    return fig


def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int | None = None) -> np.ndarray:
    """Count ``(true, predicted)`` pairs: rows are true classes, columns predicted.

    Example:
        >>> confusion_matrix([0, 1, 1], [0, 1, 0]).tolist()
        [[1, 0], [1, 1]]
    """
    y_true = as_array("y_true", y_true, ndim=1)
    y_pred = as_array("y_pred", y_pred, ndim=1)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_pred: expected {y_true.shape[0]} predictions like y_true, got {y_pred.shape[0]}")
    for name, arr in (("y_true", y_true), ("y_pred", y_pred)):
        if np.any(arr < 0) or np.any(arr != np.round(arr)):
            raise ValueError(f"{name}: expected non-negative integer class labels")
    y_true, y_pred = y_true.astype(int), y_pred.astype(int)
    k = int(max(y_true.max(), y_pred.max())) + 1
    if num_classes is not None:
        num_classes = positive_int("num_classes", num_classes)
        if num_classes < k:
            raise ValueError(f"num_classes: {num_classes} is too small for label {k - 1}")
        k = num_classes
    matrix = np.zeros((k, k), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def plot_confusion_matrix(
    y_true: Any, y_pred: Any, *, class_names: Sequence[str] | None = None, normalize: bool = False, ax=None
):
    """Draw the confusion matrix of ``y_true`` against ``y_pred``, annotated with counts.

    Args:
        y_true, y_pred: integer class labels of the same length.
        class_names: tick labels; their number fixes the number of classes.
        normalize: show each row as fractions of that true class.
        ax: draw here instead of a new figure.

    Returns:
        The Matplotlib Axes.

    Example:
        >>> ax = plot_confusion_matrix([0, 1, 1], [0, 1, 0], class_names=["no", "yes"])
        >>> ax.get_xlabel()
        '예측 · predicted'
    """
    k = len(class_names) if class_names is not None else None
    matrix = confusion_matrix(y_true, y_pred, num_classes=k)
    shown = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1) if normalize else matrix
    ax = _new_ax(ax)
    im = ax.imshow(shown, cmap="Blues")
    names = class_names if class_names is not None else [str(i) for i in range(matrix.shape[0])]
    tilt = len(names) > 4 and max(len(str(n)) for n in names) > 3  # tilt long names only
    ax.set_xticks(range(len(names)), names, rotation=45 if tilt else 0, ha="right" if tilt else "center")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("예측 · predicted")
    ax.set_ylabel("정답 · true")
    threshold = shown.max() / 2 if shown.size else 0
    fontsize = 9 if len(names) <= 5 else 7
    for (i, j), value in np.ndenumerate(shown):
        text = f"{value:.2f}" if normalize else f"{value:d}"
        ax.text(
            j, i, text, ha="center", va="center", fontsize=fontsize, color="white" if value > threshold else "black"
        )
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    mark_if_standin(ax.figure)
    return ax


def _evaluate_schedule(schedule: Callable, steps: Any) -> np.ndarray:
    """Return ``schedule(step)`` for each step as a float array.

    Works for plain Python functions and for ``keras.optimizers.schedules`` objects.

    Example:
        >>> _evaluate_schedule(lambda step: 0.1 * 0.5 ** step, [0, 1, 2]).tolist()
        [0.1, 0.05, 0.025]
    """
    if not callable(schedule):
        raise TypeError(f"schedule: expected a callable of the step, got {type(schedule).__name__}")
    steps = as_array("steps", steps, ndim=1)
    values = None
    try:  # most Keras schedules take a whole array of steps at once: much faster
        batch = np.asarray(schedule(steps.astype("int64")), dtype=float)
        if batch.shape == steps.shape:
            values = batch
    except Exception:  # e.g. CosineDecay with warmup, or a plain function of one int
        values = None
    if values is None:
        values = np.array([float(np.asarray(schedule(int(s)))) for s in steps])
    if not np.all(np.isfinite(values)):
        raise ValueError("schedule: returned NaN or infinite learning rates")
    return values


def plot_lr_schedule(schedules: Mapping[str, Callable] | Callable, steps: Any, *, ax=None):
    """Plot learning rate against training step for one or several schedules.

    Args:
        schedules: ``{name: schedule}``, or one schedule (drawn as ``"schedule"``).
        steps: the number of steps (``int``), or a 1-D array of step numbers.
        ax: draw here instead of a new figure.

    Returns:
        The Matplotlib Axes.

    Example:
        >>> ax = plot_lr_schedule({"halving": lambda s: 0.1 * 0.5 ** (s // 10)}, 50)
        >>> ax.get_ylabel()
        '학습률 · learning rate'
    """
    if callable(schedules) and not isinstance(schedules, Mapping):
        schedules = {"schedule": schedules}
    if not isinstance(schedules, Mapping) or not schedules:
        raise ValueError("schedules: expected a schedule or a non-empty {name: schedule} mapping")
    if isinstance(steps, (int, np.integer)) and not isinstance(steps, bool):
        steps = np.arange(positive_int("steps", steps))
    steps = as_array("steps", steps, ndim=1)
    ax = _new_ax(ax)
    for name, schedule in schedules.items():
        ax.plot(steps, _evaluate_schedule(schedule, steps), color=run_color(str(name)), label=str(name))
    ax.set_xlabel(_STEP_LABEL)
    ax.set_ylabel(_METRIC_LABELS["learning_rate"])
    ax.legend(loc="best", fontsize=9)
    return ax
