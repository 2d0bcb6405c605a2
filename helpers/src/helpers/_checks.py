"""Argument checks shared by the public functions of :mod:`helpers`.

Every error names the argument it is about, so a learner sees at once which
argument to fix: ``ValueError: x: expected a 1-D array, got shape (3, 4)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np


def as_array(
    name: str,
    value: Any,
    *,
    ndim: int | Iterable[int] | None = None,
    finite: bool = True,
    numeric: bool = True,
    min_len: int = 1,
) -> np.ndarray:
    """Return ``value`` as a NumPy array, or raise an error naming ``name``.

    Example:
        >>> as_array("x", [1, 2, 3], ndim=1).shape
        (3,)
    """
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - exotic inputs
        raise TypeError(f"{name}: cannot be turned into an array ({exc})") from exc
    if numeric and not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name}: expected numbers, got dtype {arr.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name}: expected a {want} array, got shape {arr.shape}")
    if arr.ndim >= 1 and arr.shape[0] < min_len:
        raise ValueError(f"{name}: expected at least {min_len} element(s), got {arr.shape[0]}")
    if finite and numeric and arr.size and not np.all(np.isfinite(arr.astype(float))):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr.astype(float))))
        raise ValueError(f"{name}: contains {bad} NaN or infinite value(s)")
    return arr


def one_of(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Return ``value`` if it is in ``allowed``, else raise an error naming ``name``.

    Example:
        >>> one_of("mode", "real", ("real", "standin"))
        'real'
    """
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValueError(f"{name}: unknown value {value!r}; expected one of {', '.join(map(repr, allowed))}")
    return value


def positive_int(name: str, value: Any) -> int:
    """Return ``value`` as an ``int`` if it is a positive integer, else raise.

    Example:
        >>> positive_int("ncols", 4)
        4
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name}: expected a positive integer, got {value!r}")
    return int(value)


def seed_value(name: str, value: Any) -> int:
    """Return ``value`` as an ``int`` if it is a valid random seed, an integer in ``[0, 2**32)``, else raise.

    That is the range NumPy's global seed and Keras accept; the stand-in generators
    take the same seeds, so one seed works everywhere in the book.

    Example:
        >>> seed_value("seed", 42)
        42
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < 2**32:
        raise ValueError(f"{name}: expected an integer in [0, 2**32), got {value!r}")
    return int(value)
