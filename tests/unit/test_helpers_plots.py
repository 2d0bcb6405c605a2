import numpy as np
import pytest

from helpers import plots

MARK = "stand-in data · 대체 데이터"


@pytest.fixture
def standin(served_as):
    """This process has served MNIST as the stand-in (tests/conftest.py)."""
    served_as("mnist", "standin")


@pytest.fixture
def real(served_as):
    served_as("mnist", "real")


def marks(fig):
    return [t for t in fig.texts if t.get_text() == MARK]


def has_mark(fig):
    return bool(marks(fig))


def test_run_color_is_stable_and_distinct():
    a, b = plots.run_color("run-a"), plots.run_color("run-b")
    assert a == plots.run_color("run-a") and a != b
    with pytest.raises(ValueError, match=r"^name:"):
        plots.run_color("")


def test_plot_function_draws_function_solid_and_derivative_dashed():
    ax = plots.plot_function(np.tanh, lambda x: 1 - np.tanh(x) ** 2, name="tanh")
    lines = [line for line in ax.get_lines() if line.get_label() in ("tanh", "tanh′ · 도함수 derivative")]
    assert [line.get_linestyle() for line in lines] == ["-", "--"]
    assert lines[0].get_color() == lines[1].get_color() == plots.run_color("tanh")
    np.testing.assert_allclose(lines[0].get_ydata(), np.tanh(np.linspace(-5, 5, 401)))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "f(x), f′(x)")
    ax = plots.plot_function(np.tanh, lambda x: 1 - np.tanh(x) ** 2, name="tanh", xlabel="z", ylabel="")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("z", "")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"fn": 3, "dfn": np.cos}, r"^fn: expected a function"),
        ({"fn": np.sin, "dfn": None}, r"^dfn: expected a function"),
        ({"fn": np.sin, "dfn": np.cos, "x": [[0, 1]]}, r"^x: expected a 1-D array"),
        ({"fn": np.sin, "dfn": np.cos, "x": [0.0, np.nan]}, r"^x: contains 1 NaN"),
        ({"fn": np.log, "dfn": np.cos, "x": [-1.0, 1.0]}, r"^fn\(x\): contains 1 NaN"),
        ({"fn": np.sin, "dfn": lambda x: 1.0, "x": [0.0, 1.0]}, r"^dfn\(x\): expected shape \(2,\)"),
    ],
)
def test_plot_function_rejects_bad_input(kwargs, message):
    with np.errstate(invalid="ignore"), pytest.raises((ValueError, TypeError), match=message):
        plots.plot_function(**kwargs)


def test_plot_history_conventions(real):
    hists = {
        "sgd": {"loss": [1.0, 0.8, 0.7], "val_loss": [1.1, 0.9, 0.95]},
        "adam": {"loss": [0.9, 0.5, 0.3], "val_loss": [1.0, 0.7, 0.8]},
    }
    ax = plots.plot_history(hists)
    lines = ax.get_lines()
    assert [line.get_linestyle() for line in lines] == ["-", "--", "-", "--"]
    assert lines[0].get_color() == lines[1].get_color() == plots.run_color("sgd")
    assert lines[2].get_color() == plots.run_color("adam") != plots.run_color("sgd")
    assert ax.get_xlabel() == "에포크 · epoch" and ax.get_ylabel() == "손실 · loss"
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    ax.figure.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks()), "epoch ticks must be whole numbers"
    assert not has_mark(ax.figure)


def test_plot_history_marks_standin_data(standin):
    ax = plots.plot_history({"loss": [1.0, 0.5]})  # a bare history dict is run "model"
    assert has_mark(ax.figure)
    assert len(marks(ax.figure)) == 1


def test_plot_history_accepts_keras_history_objects():
    class History:
        history = {"accuracy": [0.5, 0.7], "val_accuracy": [0.4, 0.6]}

    ax = plots.plot_history({"h": History()}, metric="accuracy")
    assert ax.get_ylabel() == "정확도 · accuracy" and len(ax.get_lines()) == 2
    assert "검증 · validation" in [t.get_text() for t in ax.get_legend().get_texts()]
    ax = plots.plot_history({"lr": {"loss": [1.0, 0.5], "learning_rate": [0.1, 0.05]}}, metric="learning_rate")
    assert "검증 · validation" not in [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.mark.parametrize(
    "hists, kwargs, message",
    [
        ({}, {}, r"^histories: expected at least one run"),
        ({"a": {"loss": [1.0]}}, {"metric": "accuracy"}, r"^metric: 'accuracy' is not in the history of run 'a'"),
        ({"a": [1, 2]}, {}, r"^histories\['a'\]: expected a Keras History"),
        ({"a": {"loss": [1.0, float("nan")]}}, {}, r"^histories\['a'\]\['loss'\]: contains 1 NaN"),
    ],
)
def test_plot_history_rejects_bad_input(hists, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        plots.plot_history(hists, **kwargs)


def test_image_grid_titles_and_predictions(real):
    images = np.random.RandomState(0).rand(5, 28, 28, 1)
    probs = np.eye(3)[[0, 1, 2, 0, 1]] * 0.9 + 0.05
    fig = plots.plot_image_grid(images, [0, 1, 1, 0, 2], class_names=["a", "b", "c"], probabilities=probs, ncols=3)
    assert len(fig.axes) == 5
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "a (95%)" and titles[2].startswith("c (95%)") and "≠ b" in titles[2]
    assert fig.axes[2].title.get_color() == "#c0392b"
    assert not has_mark(fig)


def test_image_grid_marks_standin(standin):
    fig = plots.plot_image_grid(np.zeros((2, 4, 4)), [0, 1])
    assert has_mark(fig)
    (mark,) = marks(fig)
    fig.canvas.draw()
    box = mark.get_window_extent()
    assert all(not box.overlaps(ax.title.get_window_extent()) for ax in fig.axes), "the mark covers a title"


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((np.zeros((4, 4)),), {}, r"^images: expected a 3-D or 4-D array"),
        ((np.zeros((2, 4, 4, 2)),), {}, r"^images: expected 1 or 3 channels"),
        ((np.zeros((2, 4, 4)), [0]), {}, r"^labels: expected 2 labels"),
        ((np.zeros((2, 4, 4)), [0, 5]), {"class_names": ["a", "b"]}, r"^class_names: has 2 names"),
        ((np.zeros((2, 4, 4)),), {"ncols": 0}, r"^ncols: expected a positive integer"),
        ((np.zeros((2, 4, 4)),), {"probabilities": np.ones((3, 2))}, r"^probabilities: expected 2 rows"),
    ],
)
def test_image_grid_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_image_grid(*args, **kwargs)


def test_confusion_matrix_counts():
    m = plots.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1], num_classes=4)
    assert m.tolist() == [[1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 2, 0], [0, 0, 0, 0]]
    assert m.sum() == 5


@pytest.mark.parametrize(
    "y_true, y_pred, kwargs, message",
    [
        ([0, 1], [0], {}, r"^y_pred: expected 2 predictions"),
        ([0, -1], [0, 1], {}, r"^y_true: expected non-negative integer"),
        ([0, 1], [0, 0.5], {}, r"^y_pred: expected non-negative integer"),
        ([0, 3], [0, 1], {"num_classes": 2}, r"^num_classes: 2 is too small"),
    ],
)
def test_confusion_matrix_rejects_bad_input(y_true, y_pred, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.confusion_matrix(y_true, y_pred, **kwargs)


def test_plot_confusion_matrix_annotates_and_marks(standin):
    ax = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], class_names=["no", "yes"], normalize=True)
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["0.00", "0.50", "0.50", "1.00"]
    assert has_mark(ax.figure)


def test_lr_schedule_plot_and_values():
    import keras

    def drawn(schedule, steps):
        return plots.plot_lr_schedule(schedule, steps).get_lines()[0].get_ydata()

    sched = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    np.testing.assert_allclose(drawn(sched, [0, 10, 20]), [0.1, 0.05, 0.025], rtol=1e-6)
    warm = keras.optimizers.schedules.CosineDecay(0.0, 100, warmup_target=0.1, warmup_steps=10)
    stepwise = [float(warm(s)) for s in (0, 5, 10, 60)]
    np.testing.assert_allclose(drawn(warm, [0, 5, 10, 60]), stepwise, rtol=1e-6)
    np.testing.assert_allclose(drawn(lambda s: 0.1 / (1 + int(s)), [0, 1, 3]), [0.1, 0.05, 0.025])
    ax = plots.plot_lr_schedule({"exp": sched, "const": lambda s: 0.05}, 30)
    assert [line.get_label() for line in ax.get_lines()] == ["exp", "const"]
    assert len(ax.get_lines()[0].get_xdata()) == 30 and ax.get_ylabel() == "학습률 · learning rate"


@pytest.mark.parametrize(
    "schedules, steps, message",
    [
        ({}, 10, r"^schedules: expected a schedule"),
        ({"a": 0.1}, 10, r"^schedule: expected a callable"),
        ({"a": lambda s: 0.1}, 0, r"^steps: expected a positive integer"),
        ({"a": lambda s: float("nan")}, 5, r"^schedule: returned NaN"),
    ],
)
def test_lr_schedule_rejects_bad_input(schedules, steps, message):
    with pytest.raises((ValueError, TypeError), match=message):
        plots.plot_lr_schedule(schedules, steps)


def test_mark_if_standin_rejects_non_figures(standin):
    with pytest.raises(TypeError, match=r"^fig: expected a Matplotlib Figure"):
        plots.mark_if_standin("not a figure")


def test_mark_if_standin_marks_a_hand_made_figure_once(standin):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2)
    axes[0].bar(range(3), [1, 2, 3])
    mark = plots.mark_if_standin(fig)
    assert mark is not None and has_mark(fig) and mark.get_text() == MARK
    assert plots.mark_if_standin(fig) is mark and len(marks(fig)) == 1
    plt.close(fig)


def test_mark_if_standin_leaves_real_data_unmarked(real):
    import matplotlib.pyplot as plt

    fig, _ = plt.subplots()
    assert plots.mark_if_standin(fig) is None and not has_mark(fig)
    with pytest.raises(TypeError, match=r"^fig: expected a Matplotlib Figure"):
        plots.mark_if_standin(fig.axes[0])
    plt.close(fig)
