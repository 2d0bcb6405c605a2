"""The generated stand-in data sets: sizes, generators and their on-disk cache.

The stand-ins are made by this package, deterministically from a seed, with the
shapes, dtypes and label sets of the real data. They are generated in a few
seconds the first time and then cached as ``.npz`` files under
``<cache dir>/standin/`` (see :func:`helpers.data._cache.cache_dir`).

=================  ==============================  ================================
data set           stand-in size                   real size
=================  ==============================  ================================
``mnist``          12,000 train + 2,000 test       60,000 train + 10,000 test
``fashion_mnist``  8,000 train + 2,000 test        60,000 train + 10,000 test
``thoracic``       470 patients (70 died, 14.9 %)  470 patients (70 died)
=================  ==============================  ================================

The sizes keep every chapter within its time budget on a 2-core CPU. The
generators are private: ``_digits.make_digits``, ``_garments.make_garments`` and
``_patients.make_thoracic``.

To time the chapters at the size of the real data without downloading it, set
``KERAS_BOOK_STANDIN_SIZE=real``: the image stand-ins then have 60,000 train +
10,000 test images each (generated once, in about a minute, and cached in a file
of their own). Unset or ``default``, the sizes above are used.
``python scripts/benchmark.py --real-size`` sets it.

Example:
    >>> SIZES["mnist"]
    (12000, 2000)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from helpers.data._cache import cache_dir as _cache_dir
from helpers.data._cache import load_npz, save_npz
from helpers.data._digits import make_digits
from helpers.data._garments import make_garments
from helpers.data._patients import make_thoracic
from helpers.data._schema import FEATURE_NAMES, REAL_SIZES

#: Number of (train, test) images of the image stand-ins, and of rows of the table.
SIZES = {"mnist": (12000, 2000), "fashion_mnist": (8000, 2000), "thoracic": 470}

#: The environment variable that picks the stand-ins' size: ``default`` (or unset) or ``real``.
SIZE_ENV_VAR = "KERAS_BOOK_STANDIN_SIZE"
SIZE_CHOICES = ("default", "real")

#: Bumped whenever a generator changes, so that old cached files are not reused.
GENERATOR_VERSION = 1

#: ``REAL_SIZES`` (from :mod:`helpers.data._schema`) is what ``KERAS_BOOK_STANDIN_SIZE=real`` gives.
__all__ = ["SIZES", "REAL_SIZES", "standin_size", "standin_images"]


def standin_size(name: str):
    """Return the size of stand-in ``name`` that ``KERAS_BOOK_STANDIN_SIZE`` asks for.

    ``(train, test)`` images for ``"mnist"`` and ``"fashion_mnist"``, rows for
    ``"thoracic"``. Unset, empty or ``default``: :data:`SIZES`; ``real``:
    :data:`REAL_SIZES`. Any other value raises ``ValueError`` naming the variable.

    Example:
        >>> standin_size("thoracic")  # the same in both sizes
        470
        >>> standin_size("mnist") in (SIZES["mnist"], REAL_SIZES["mnist"])
        True
    """
    if name not in SIZES:
        raise ValueError(f"name: unknown stand-in {name!r}; expected one of {sorted(SIZES)}")
    raw = os.environ.get(SIZE_ENV_VAR, "")
    choice = raw.strip().lower() or "default"
    if choice not in SIZE_CHOICES:
        raise ValueError(
            f"{SIZE_ENV_VAR}={raw!r} is not valid: use 'real' (the real data's sizes, "
            f"60,000 train + 10,000 test images) or 'default' (or leave it unset)"
        )
    return (REAL_SIZES if choice == "real" else SIZES)[name]


def standin_path(name: str, seed: int, cache_dir: Any = None, *, size: Any = None) -> Path:
    """Return the cache file of stand-in ``name`` for ``seed``.

    ``size`` defaults to :func:`standin_size`. A size other than the default
    one is part of the file name, so the two sizes never share a cache file.

    Example:
        >>> standin_path("mnist", 0, "/tmp/kb", size=(12000, 2000)).as_posix()
        '/tmp/kb/standin/mnist-v1-seed0.npz'
        >>> standin_path("mnist", 0, "/tmp/kb", size=(60000, 10000)).as_posix()
        '/tmp/kb/standin/mnist-v1-60000+10000-seed0.npz'
    """
    if size is None and name in SIZES:
        size = standin_size(name)
    tag = ""
    if size is not None and size != SIZES.get(name):
        tag = "-" + "+".join(str(n) for n in (size if isinstance(size, tuple) else (size,)))
    return _cache_dir(cache_dir, create=False) / "standin" / f"{name}-v{GENERATOR_VERSION}{tag}-seed{seed}.npz"


def cached_standin(
    name: str,
    seed: int,
    cache_dir: Any,
    expected: dict,
    generate: Callable[[], dict[str, np.ndarray]],
    *,
    size: Any = None,
) -> dict[str, np.ndarray]:
    """Load stand-in ``name`` from the cache, or generate it and cache it atomically.

    A cached file that is damaged or does not match ``expected`` (``{array: (shape,
    dtype)}``) is moved aside with a message and generated again. If the cache
    folder is not writable the data is still returned, with a note.

    Example:
        >>> import tempfile
        >>> make = lambda: {"x": np.arange(3, dtype=np.uint8)}
        >>> with tempfile.TemporaryDirectory() as d:
        ...     cached_standin("demo", 0, d, {"x": ((3,), "uint8")}, make)["x"].tolist()
        [0, 1, 2]
    """
    path = standin_path(name, seed, cache_dir, size=size)
    arrays = load_npz(path, expected, then="generating it again")
    if arrays is not None:
        return arrays
    arrays = generate()
    try:
        save_npz(path, **arrays)
    except OSError as exc:
        print(
            f"[helpers.data] note: could not cache the stand-in at {path} ({exc}); "
            f"it will be generated again next time.",
            flush=True,
        )
    return arrays


def standin_images(name: str, *, seed: int = 0, cache_dir: Any = None):
    """Return stand-in ``"mnist"`` or ``"fashion_mnist"`` as ``((x_train, y_train), (x_test, y_test))``.

    The size is :func:`standin_size`'s: the default one, or the real data's with
    ``KERAS_BOOK_STANDIN_SIZE=real``.

    Example:
        >>> (x, y), (xt, yt) = standin_images("mnist")  # cached in $KERAS_BOOK_CACHE after the first call
        >>> x.shape, xt.shape, y.dtype
        ((12000, 28, 28), (2000, 28, 28), dtype('uint8'))
    """
    if name not in ("mnist", "fashion_mnist"):
        raise ValueError(f"name: unknown image stand-in {name!r}; expected 'mnist' or 'fashion_mnist'")
    n_train, n_test = standin_size(name)
    maker = make_digits if name == "mnist" else make_garments

    def generate():
        x, y = maker(n_train + n_test, seed=seed)
        return {"x_train": x[:n_train], "y_train": y[:n_train], "x_test": x[n_train:], "y_test": y[n_train:]}

    expected = {
        "x_train": ((n_train, 28, 28), "uint8"),
        "y_train": ((n_train,), "uint8"),
        "x_test": ((n_test, 28, 28), "uint8"),
        "y_test": ((n_test,), "uint8"),
    }
    if (n_train, n_test) != SIZES[name]:
        print(
            f"[helpers.data] {SIZE_ENV_VAR}: stand-in {name} at the real size, {n_train:,} train + "
            f"{n_test:,} test images (generated once, then cached)",
            flush=True,
        )
    a = cached_standin(name, seed, cache_dir, expected, generate, size=(n_train, n_test))
    return (a["x_train"], a["y_train"]), (a["x_test"], a["y_test"])


def standin_thoracic(*, seed: int = 0, cache_dir: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Return the thoracic-surgery stand-in ``(X float64 (470, 16), y int64 (470,))``.

    Example:
        >>> X, y = standin_thoracic(cache_dir=os.environ.get("KERAS_BOOK_CACHE"))
        >>> X.shape, int(y.sum())
        ((470, 16), 70)
    """
    n = standin_size("thoracic")

    def generate():
        X, y = make_thoracic(n, seed=seed)
        return {"X": X, "y": y}

    expected = {"X": ((n, len(FEATURE_NAMES)), "float64"), "y": ((n,), "int64")}
    a = cached_standin("thoracic", seed, cache_dir, expected, generate)
    return a["X"], a["y"]
