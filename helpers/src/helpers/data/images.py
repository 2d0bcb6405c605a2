"""MNIST and Fashion-MNIST: the real data through ``keras.datasets``, or the generated stand-ins.

The real path *is* ``keras.datasets.mnist.load_data()`` /
``keras.datasets.fashion_mnist.load_data()``, with Keras' own cache
(``~/.keras/datasets``, or ``$KERAS_HOME/datasets``) and, for MNIST, its hash check.
What this module adds: the data mode, the stand-ins, checks of what Keras returned,
recovery from a damaged Fashion-MNIST cache, and clear messages.

Example:
    >>> (x_train, y_train), (x_test, y_test) = load_mnist(mode="standin")  # doctest: +ELLIPSIS
    [helpers.data] MNIST: serving the generated STAND-IN data (mode='standin'; ...) · 생성한 대체 데이터를 사용합니다
    >>> x_train.shape, x_train.dtype, sorted(set(y_test.tolist())) == list(range(10))
    ((12000, 28, 28), dtype('uint8'), True)
"""
from __future__ import annotations

import gzip
import os
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from helpers.data import _serve
from helpers.data._cache import DataFormatError, DataUnavailableError, is_network_error, move_aside
from helpers.data.standin import SIZES, standin_images

#: Fashion-MNIST's class names, in label order (as in the Keras documentation).
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
#: The same classes in Korean, in label order.
FASHION_CLASSES_KO = ("티셔츠/탑", "바지", "풀오버", "드레스", "코트", "샌들", "셔츠", "스니커즈", "가방", "앵클 부츠")

_TITLES = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST"}
_REAL_SIZES = {"mnist": (60000, 10000), "fashion_mnist": (60000, 10000)}
_KERAS_FILES = {
    "mnist": ("mnist.npz",),
    "fashion_mnist": tuple(f"fashion-mnist/{f}" for f in (
        "train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")),
}
_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def keras_datasets_dir() -> Path:
    """Return the folder where ``keras.datasets`` caches its files (``$KERAS_HOME/datasets``).

    Example:
        >>> keras_datasets_dir().name
        'datasets'
    """
    try:  # the exact folder Keras uses, when Keras is already imported
        import sys

        if "keras" in sys.modules:
            from keras.src.backend import config

            return Path(config.keras_home()) / "datasets"
    except Exception:  # pragma: no cover - a Keras without this private helper
        pass
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def _keras_load_data(name: str):
    """Call ``keras.datasets.<name>.load_data()``: the boundary that tests replace."""
    import keras

    return getattr(keras.datasets, name).load_data()


_CORRUPT = (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile, KeyError)


def _check(name: str, data: Any) -> tuple:
    """Check what Keras returned; raise :class:`DataFormatError` if it is not the data set."""
    title = _TITLES[name]
    try:
        (x_train, y_train), (x_test, y_test) = data
    except (TypeError, ValueError) as exc:
        raise DataFormatError(f"{title}: expected ((x_train, y_train), (x_test, y_test)), got {type(data).__name__}") from exc
    for split, x, y, n in (("train", x_train, y_train, _REAL_SIZES[name][0]),
                           ("test", x_test, y_test, _REAL_SIZES[name][1])):
        x, y = np.asarray(x), np.asarray(y)
        if x.shape != (n, 28, 28) or x.dtype != np.uint8:
            raise DataFormatError(f"{title}: x_{split} has shape {x.shape} and dtype {x.dtype}; "
                                  f"expected ({n}, 28, 28) uint8")
        if y.shape != (n,) or y.dtype != np.uint8 or (y.size and int(y.max()) > 9):
            raise DataFormatError(f"{title}: y_{split} has shape {y.shape}, dtype {y.dtype}; "
                                  f"expected ({n},) uint8 labels 0-9")
    return (x_train, y_train), (x_test, y_test)


def _real(name: str):
    title = _TITLES[name]
    for attempt in (1, 2):
        try:
            return _check(name, _keras_load_data(name))
        except DataFormatError:
            raise
        except Exception as exc:
            if is_network_error(exc):
                raise DataUnavailableError(f"{type(exc).__name__}: {exc}") from exc
            if isinstance(exc, ValueError) and "hash" in str(exc):
                raise DataFormatError(f"{title}: the downloaded file failed Keras' hash check ({exc})") from exc
            bad_cache = isinstance(exc, _CORRUPT) or (isinstance(exc, ValueError) and "reshape" in str(exc))
            if not bad_cache:
                raise
            moved = [move_aside(p, f"{type(exc).__name__}: {exc}")
                     for p in (keras_datasets_dir() / f for f in _KERAS_FILES[name]) if p.exists()]
            if attempt == 2 or not moved:
                raise DataFormatError(f"{title}: Keras' cached files are unreadable ({type(exc).__name__}: "
                                      f"{exc}) even after fetching them again") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _load(name: str, mode: Any, cache_dir: Any, seed: Any):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed: expected a non-negative integer, got {seed!r}")
    n_train, n_test = SIZES[name]
    files = ", ".join(str(keras_datasets_dir() / f) for f in _KERAS_FILES[name])
    fix = (f"connect to the internet and run this again (Keras downloads it from {_ORIGIN}), "
           f"or put the file(s) at {files}")
    return _serve.serve(
        name, _TITLES[name], mode,
        real=lambda: _real(name),
        standin=lambda: standin_images(name, seed=int(seed), cache_dir=cache_dir),
        size=f"{n_train:,} train + {n_test:,} test images", fix=fix)


def load_mnist(*, mode: str | None = None, cache_dir: Any = None, seed: int = 0):
    """Load MNIST: ``(x_train, y_train), (x_test, y_test)``, exactly as ``keras.datasets.mnist``.

    Images are ``uint8`` arrays ``(N, 28, 28)`` in ``0..255`` (white digit on black),
    labels ``uint8`` in ``0..9``.

    Args:
        mode: ``"real"``, ``"standin"`` or ``"auto"``; ``None`` (default) reads
            ``KERAS_BOOK_DATA`` (unset means ``"auto"``). See :mod:`helpers.data`.
        cache_dir: folder of the stand-in cache (default ``$KERAS_BOOK_CACHE`` or
            ``~/.keras/keras_book_data``). The real files stay in Keras' own cache.
        seed: seed of the stand-in (ignored for the real data).

    Returns:
        Real: 60,000 train + 10,000 test images. Stand-in: 12,000 train + 2,000 test
        digits rendered from Matplotlib's fonts with random distortions, announced
        by a printed banner; :func:`helpers.data.served` then reports ``"standin"``.

    Raises:
        DataUnavailableError: ``mode="real"`` and the data cannot be downloaded.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_mnist(mode="standin")  # doctest: +ELLIPSIS
        [helpers.data] MNIST: serving the generated STAND-IN data (mode='standin'; ...) · 생성한 대체 데이터를 사용합니다
        >>> x_train.shape, y_train.shape, x_test.shape
        ((12000, 28, 28), (12000,), (2000, 28, 28))
    """
    return _load("mnist", mode, cache_dir, seed)


def load_fashion_mnist(*, mode: str | None = None, cache_dir: Any = None, seed: int = 0):
    """Load Fashion-MNIST: ``(x_train, y_train), (x_test, y_test)``, as ``keras.datasets.fashion_mnist``.

    Labels follow :data:`FASHION_CLASSES` (0 T-shirt/top ... 9 Ankle boot).

    Args:
        mode: ``"real"``, ``"standin"`` or ``"auto"``; ``None`` (default) reads
            ``KERAS_BOOK_DATA``.
        cache_dir: folder of the stand-in cache. The real files stay in Keras' cache.
        seed: seed of the stand-in (ignored for the real data).

    Returns:
        Real: 60,000 train + 10,000 test images. Stand-in: 8,000 train + 2,000 test
        drawn garment silhouettes in the same ten classes, announced by a banner.
        Holding out the last 2,000 training images for validation leaves 6,000 to
        train on, on which a 2-hidden-layer MLP visibly overfits within 20 epochs.

    Raises:
        DataUnavailableError: ``mode="real"`` and the data cannot be downloaded.

    Example:
        >>> (x_train, y_train), _ = load_fashion_mnist(mode="standin")  # doctest: +ELLIPSIS
        [helpers.data] Fashion-MNIST: serving the generated STAND-IN data (mode='standin'; ...) · 생성한 대체 데이터를 사용합니다
        >>> FASHION_CLASSES[int(y_train[0])] in FASHION_CLASSES
        True
    """
    return _load("fashion_mnist", mode, cache_dir, seed)
