"""Where the chapters' data comes from: the data mode, and (in submodules) the loaders.

The mode is chosen by one environment variable, ``KERAS_BOOK_DATA``:

- ``real`` -- download the real data set (``keras.datasets`` or the UCI archive);
  fail offline with a message that says what to do;
- ``standin`` -- never touch the network; serve the generated stand-in data;
- ``auto`` (the default, also when the variable is unset or empty) -- try the real
  data, and on a network failure fall back to the stand-in with a loud warning.

CI sets ``KERAS_BOOK_DATA=standin``. Loaders record what they served with
:func:`record_served`, so that figures and chapter text can say "stand-in data"
whenever a stand-in was used (:func:`standin_served`).

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
