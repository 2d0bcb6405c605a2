"""The chapters' data sets: three loaders that serve the real data or a generated stand-in.

- :func:`load_mnist`, :func:`load_fashion_mnist` -- exactly what
  ``keras.datasets.<name>.load_data()`` returns; :data:`FASHION_CLASSES` names
  Fashion-MNIST's labels;
- :func:`load_thoracic` -- the UCI thoracic-surgery table as ``(X, y)``, with
  :data:`FEATURE_NAMES` and :data:`FEATURE_DESCRIPTIONS` (``as_frame=True`` gives
  pandas objects);
- :func:`mode_of` -- how a data set was served in this process, ``"real"`` or
  ``"standin"``, for a chapter to print.

Each loader takes ``mode=None``, ``cache_dir=None`` and ``seed=0``. The mode comes from
``mode=`` or the environment variable ``KERAS_BOOK_DATA``: ``real``, ``standin`` or
``auto`` (the default: the real data, or the stand-in with a loud warning when the
network fails). A stand-in is always announced by a banner on stdout (the book build
fails on stderr), and :func:`helpers.plots.mark_if_standin` marks figures.
The cache folder is ``$KERAS_BOOK_CACHE`` or ``~/.keras/keras_book_data``.

The modules below this one are grouped by role, and each imports only modules listed
after it, never ``helpers.data`` itself (``python tests/unit/test_helpers_imports.py`` prints
the graph; the test of the same name fails on a cycle):

- ``standin`` -- the generated stand-ins, their sizes and cache (generators:
  ``_digits``, ``_garments``, ``_patients``, drawing with ``_raster``);
- ``_real`` -- the real data (``keras.datasets``, UCI's archive), checked;
- ``_mode`` -- the data-mode policy: which source, the banners, what was served;
- ``_schema`` -- names, labels, columns and real sizes;
- ``_cache`` -- files and the network: cache folder, atomic writes, downloads, errors.

Example:
    >>> X, y = load_thoracic(mode="standin")  # doctest: +ELLIPSIS
    [helpers.data] Thoracic Surgery: serving the generated STAND-IN data (mode='standin'; ...) · ...
    >>> X.shape, int(y.sum()), mode_of("thoracic")
    ((470, 16), 70, 'standin')
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers._checks import seed_value
from helpers.data import _mode, _real, standin
from helpers.data._cache import DataFormatError, DataUnavailableError
from helpers.data._mode import mode_of
from helpers.data._schema import (
    FASHION_CLASSES,
    FEATURE_DESCRIPTIONS,
    FEATURE_NAMES,
    FLOAT_COLUMNS,
    TARGET_NAME,
    TITLES,
)

__all__ = [
    "load_mnist",
    "load_fashion_mnist",
    "load_thoracic",
    "mode_of",
    "FASHION_CLASSES",
    "FEATURE_NAMES",
    "FEATURE_DESCRIPTIONS",
    "DataUnavailableError",
    "DataFormatError",
]


def _load_images(name: str, mode: Any, cache_dir: Any, seed: Any):
    seed = seed_value("seed", seed)
    n_train, n_test = standin.standin_size(name)
    files = ", ".join(str(_real.keras_datasets_dir() / f) for f in _real.KERAS_FILES[name])
    fix = (
        f"connect to the internet and run this again (Keras downloads it from {_real.KERAS_ORIGIN}), "
        f"or put the file(s) at {files}"
    )
    return _mode.serve(
        name,
        TITLES[name],
        mode,
        real=lambda: _real.real_images(name),
        standin=lambda: standin.standin_images(name, seed=seed, cache_dir=cache_dir),
        size=f"{n_train:,} train + {n_test:,} test images",
        fix=fix,
    )


def load_mnist(*, mode: str | None = None, cache_dir: Any = None, seed: int = 0):
    """Load MNIST: ``(x_train, y_train), (x_test, y_test)``, exactly as ``keras.datasets.mnist``.

    Images are ``uint8`` arrays ``(N, 28, 28)`` in ``0..255`` (white digit on black),
    labels ``uint8`` in ``0..9``.

    Args:
        mode: ``"real"``, ``"standin"`` or ``"auto"``; ``None`` (default) reads
            ``KERAS_BOOK_DATA`` (unset means ``"auto"``).
        cache_dir: folder of the stand-in cache (default ``$KERAS_BOOK_CACHE`` or
            ``~/.keras/keras_book_data``). The real files stay in Keras' own cache.
        seed: seed of the stand-in, an integer in ``[0, 2**32)`` (ignored for the real data).

    Returns:
        Real: 60,000 train + 10,000 test images. Stand-in: 12,000 train + 2,000 test
        digits rendered from Matplotlib's fonts with random distortions, announced
        by a printed banner; :func:`mode_of` then reports ``"standin"``.

    Raises:
        DataUnavailableError: ``mode="real"`` and the data cannot be downloaded.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_mnist(mode="standin")  # doctest: +ELLIPSIS
        [helpers.data] MNIST: serving the generated STAND-IN data (mode='standin'; ...) · ...
        >>> x_train.shape, y_train.shape, x_test.shape
        ((12000, 28, 28), (12000,), (2000, 28, 28))
    """
    return _load_images("mnist", mode, cache_dir, seed)


def load_fashion_mnist(*, mode: str | None = None, cache_dir: Any = None, seed: int = 0):
    """Load Fashion-MNIST: ``(x_train, y_train), (x_test, y_test)``, as ``keras.datasets.fashion_mnist``.

    Labels follow :data:`FASHION_CLASSES` (0 T-shirt/top ... 9 Ankle boot).

    Args:
        mode: ``"real"``, ``"standin"`` or ``"auto"``; ``None`` (default) reads
            ``KERAS_BOOK_DATA``.
        cache_dir: folder of the stand-in cache. The real files stay in Keras' cache.
        seed: seed of the stand-in, an integer in ``[0, 2**32)`` (ignored for the real data).

    Returns:
        Real: 60,000 train + 10,000 test images. Stand-in: 8,000 train + 2,000 test
        drawn garment silhouettes in the same ten classes, announced by a banner.
        Holding out the last 2,000 training images for validation leaves 6,000 to
        train on, on which a 2-hidden-layer MLP visibly overfits within 20 epochs.

    Raises:
        DataUnavailableError: ``mode="real"`` and the data cannot be downloaded.

    Example:
        >>> (x_train, y_train), _ = load_fashion_mnist(mode="standin")  # doctest: +ELLIPSIS
        [helpers.data] Fashion-MNIST: serving the generated STAND-IN data (mode='standin'; ...) · ...
        >>> FASHION_CLASSES[int(y_train[0])] in FASHION_CLASSES
        True
    """
    return _load_images("fashion_mnist", mode, cache_dir, seed)


def _to_frame(X: np.ndarray, y: np.ndarray):
    """Return ``(DataFrame, Series)``: named columns, integer codes as ``int64``, FVC/FEV1 as ``float64``."""
    import pandas as pd

    columns = {
        name: (X[:, j].astype(np.float64) if name in FLOAT_COLUMNS else X[:, j].astype(np.int64))
        for j, name in enumerate(FEATURE_NAMES)
    }
    return pd.DataFrame(columns), pd.Series(y.astype(np.int64), name=TARGET_NAME)


def load_thoracic(as_frame: bool = False, *, mode: str | None = None, cache_dir: Any = None, seed: int = 0):
    """Load the thoracic-surgery data: ``(X, y)`` with the 16 features of :data:`FEATURE_NAMES`.

    Args:
        as_frame: return a pandas ``DataFrame`` (named columns) and ``Series``
            (named ``"Risk1Yr"``) instead of NumPy arrays.
        mode: ``"real"``, ``"standin"`` or ``"auto"``; ``None`` (default) reads
            ``KERAS_BOOK_DATA``.
        cache_dir: the cache folder (default ``$KERAS_BOOK_CACHE`` or
            ``~/.keras/keras_book_data``); the real file is kept at
            ``<cache_dir>/thoracic/ThoraricSurgery.arff``.
        seed: seed of the stand-in, an integer in ``[0, 2**32)`` (ignored for the real data).

    Returns:
        ``X``: ``float64`` array ``(470, 16)``, coded as :data:`FEATURE_DESCRIPTIONS`
        says; ``y``: ``int64`` array, 1 = died within one year. The stand-in has the
        same schema, 470 rows and 70 deaths.

    Raises:
        DataUnavailableError: ``mode="real"`` and the file can be neither found nor downloaded.
        DataFormatError: ``mode="real"`` and the file is not the UCI data.

    Example:
        >>> X, y = load_thoracic(as_frame=True, mode="standin")  # doctest: +ELLIPSIS
        [helpers.data] Thoracic Surgery: serving the generated STAND-IN data (mode='standin'; ...) · ...
        >>> X.shape, y.name, round(float(y.mean()), 3)
        ((470, 16), 'Risk1Yr', 0.149)
    """
    if not isinstance(as_frame, (bool, np.bool_)):
        raise TypeError(f"as_frame: expected True or False, got {as_frame!r}")
    seed = seed_value("seed", seed)
    path = _real.arff_path(cache_dir)
    fix = (
        f"connect to the internet and run this again (the archive is {_real.THORACIC_URL}), or put "
        f"{_real.ARFF_NAME} (or the whole archive as {_real.ZIP_NAME}) in {path.parent}"
    )
    X, y = _mode.serve(
        "thoracic",
        TITLES["thoracic"],
        mode,
        real=lambda: _real.real_thoracic(cache_dir),
        standin=lambda: standin.standin_thoracic(seed=seed, cache_dir=cache_dir),
        size=f"{standin.SIZES['thoracic']} patients",
        fix=fix,
    )
    return _to_frame(X, y) if as_frame else (X, y)
