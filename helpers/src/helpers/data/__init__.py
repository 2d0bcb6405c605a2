"""Where the chapters' data comes from: the data mode, and (in submodules) the loaders.

The mode is chosen by one environment variable, ``KERAS_BOOK_DATA``:

- ``real`` -- download the real data set (``keras.datasets`` or the UCI archive);
  fail offline with a message that says what to do;
- ``standin`` -- never touch the network; serve the generated stand-in data;
- ``auto`` (the default, also when the variable is unset or empty) -- try the real
  data, and on a network failure fall back to the stand-in with a loud warning.

CI sets ``KERAS_BOOK_DATA=standin``. Loaders record what they served with
:func:`record_served`, so that figures and chapter text can say "stand-in data"
whenever a stand-in was used (:func:`standin_served`, :func:`mode_of`).

The loaders (each takes ``mode=None``, ``cache_dir=None`` and ``seed=0``):

- :func:`load_mnist`, :func:`load_fashion_mnist` -- exactly what
  ``keras.datasets.<name>.load_data()`` returns; :data:`FASHION_CLASSES` names
  Fashion-MNIST's labels;
- :func:`load_thoracic` -- the UCI thoracic-surgery table as ``(X, y)``, with
  :data:`FEATURE_NAMES` (``as_frame=True`` gives pandas objects).

Stand-ins are always announced by a banner printed to stdout, and a stand-in
served in ``auto`` mode after a failed download by a loud multi-line one
(stdout too: the book build fails on stderr). Sizes: :data:`STANDIN_SIZES`.
The cache folder is ``$KERAS_BOOK_CACHE`` or ``~/.keras/keras_book_data``.

Example:
    >>> import os
    >>> os.environ["KERAS_BOOK_DATA"] = "standin"
    >>> data_mode()
    'standin'
"""
from __future__ import annotations

import os

from helpers._checks import one_of

ENV_VAR = "KERAS_BOOK_DATA"
MODES = ("auto", "real", "standin")
#: The data sets the loaders serve, by the name :func:`served` and :func:`mode_of` use.
DATASETS = ("mnist", "fashion_mnist", "thoracic")

_served: dict[str, str] = {}


def data_mode() -> str:
    """Return the data mode chosen by ``KERAS_BOOK_DATA``: ``auto``, ``real`` or ``standin``.

    An unknown value raises ``ValueError`` naming the variable.

    Example:
        >>> import os
        >>> os.environ["KERAS_BOOK_DATA"] = "auto"
        >>> data_mode()
        'auto'
    """
    raw = os.environ.get(ENV_VAR, "").strip().lower() or "auto"
    return one_of(ENV_VAR, raw, MODES)


def record_served(dataset: str, mode: str) -> None:
    """Record that ``dataset`` was served as ``mode`` (``real`` or ``standin``) in this process.

    Example:
        >>> record_served("mnist", "standin")
        >>> served()["mnist"]
        'standin'
    """
    if not isinstance(dataset, str) or not dataset:
        raise ValueError(f"dataset: expected a non-empty name, got {dataset!r}")
    _served[dataset] = one_of("mode", mode, ("real", "standin"))


def served() -> dict[str, str]:
    """Return a copy of ``{dataset: mode}`` for every data set served in this process.

    Example:
        >>> isinstance(served(), dict)
        True
    """
    return dict(_served)


def mode_of(name: str) -> str | None:
    """Return how data set ``name`` was served in this process: ``"real"``, ``"standin"`` or ``None``.

    ``None`` means it has not been loaded yet. A chapter uses this to say, in its
    text, which data its results come from.

    Example:
        >>> record_served("thoracic", "standin")
        >>> mode_of("thoracic")
        'standin'
    """
    one_of("name", name, DATASETS)
    return _served.get(name)


def standin_served() -> bool:
    """Return ``True`` if any stand-in data set was served in this process.

    Figures from :mod:`helpers.plots` that show data carry a visible
    "stand-in data" mark when this is true.

    Example:
        >>> isinstance(standin_served(), bool)
        True
    """
    return "standin" in _served.values()


def _reset_served() -> None:
    """Forget what was served (for tests)."""
    _served.clear()


# The loaders live in submodules that use the functions above.
from helpers.data._cache import DataFormatError, DataUnavailableError, cache_dir  # noqa: E402
from helpers.data.images import FASHION_CLASSES, FASHION_CLASSES_KO, load_fashion_mnist, load_mnist  # noqa: E402
from helpers.data.standin import SIZES as STANDIN_SIZES  # noqa: E402
from helpers.data.thoracic import FEATURE_DESCRIPTIONS, FEATURE_NAMES, TARGET_NAME, load_thoracic  # noqa: E402

__all__ = [
    "ENV_VAR", "MODES", "DATASETS", "data_mode", "record_served", "served", "mode_of", "standin_served",
    "load_mnist", "load_fashion_mnist", "load_thoracic", "FASHION_CLASSES", "FASHION_CLASSES_KO",
    "FEATURE_NAMES", "FEATURE_DESCRIPTIONS", "TARGET_NAME", "STANDIN_SIZES", "DataUnavailableError",
    "DataFormatError", "cache_dir",
]
