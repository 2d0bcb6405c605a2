"""One call at the top of every chapter: :func:`setup`.

It does, in this order:

1. quiets TensorFlow's C++ logging (``TF_CPP_MIN_LOG_LEVEL=3``,
   ``TF_ENABLE_ONEDNN_OPTS=0``) *before* TensorFlow is imported. Level 3 and not 2:
   with deterministic ops, TF 2.21's ``evaluate`` logs a harmless ERROR-level line
   (``NodeDef mentions attribute use_unbounded_threadpool``) that level 2 lets through.
   Real failures still raise Python exceptions;
2. seeds Python, NumPy and (if asked) Keras/TensorFlow, and turns on
   TensorFlow's deterministic ops, so results are bit-reproducible on a CPU;
3. registers the Korean font for figures (:mod:`helpers.fonts`);
4. prints one summary line of versions, and one of seed, data mode and font.

Example:
    >>> info = setup(seed=0, keras=False, verbose=False)
    >>> info.seed
    0
"""

from __future__ import annotations

import os
import platform
import random
import sys
import warnings
from dataclasses import dataclass, field

import numpy as np

from helpers import fonts
from helpers._checks import seed_value
from helpers.data import _mode

QUIET_TF_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


@dataclass(frozen=True)
class SetupInfo:
    """What :func:`setup` did: the seed, data mode, font, versions and whether this is Colab."""

    seed: int
    data_mode: str
    font: str
    on_colab: bool
    versions: dict = field(default_factory=dict)


def _on_colab() -> bool:
    """Return ``True`` when running inside Google Colab."""
    return "google.colab" in sys.modules


def _quiet_tensorflow() -> None:
    """Set the environment variables that keep TensorFlow's log lines out of cell output.

    They only take effect if TensorFlow has not been imported yet; if it has been,
    and the variables were not already set (by an earlier ``setup()``, say), a
    ``RuntimeWarning`` says to call ``setup()`` first.

    Example:
        >>> _quiet_tensorflow()
        >>> os.environ["TF_CPP_MIN_LOG_LEVEL"]
        '3'
    """
    already_quiet = all(os.environ.get(k) == v for k, v in QUIET_TF_ENV.items())
    if "tensorflow" in sys.modules and not already_quiet:
        warnings.warn(
            "TensorFlow was imported before helpers.setup(); its log settings "
            "cannot change now. Call helpers.setup() before importing tensorflow or keras.",
            RuntimeWarning,
            stacklevel=3,
        )
    os.environ.update(QUIET_TF_ENV)
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def _seed_everything(seed: int, *, keras: bool = True) -> None:
    """Seed Python, NumPy and, with ``keras=True``, Keras/TensorFlow deterministically.

    Example:
        >>> _seed_everything(1, keras=False)
        >>> float(np.random.rand()) == float(np.random.RandomState(1).rand())
        True
    """
    seed = seed_value("seed", seed)
    random.seed(seed)
    np.random.seed(seed)
    if keras:
        import keras as _keras
        import tensorflow as tf

        _keras.utils.set_random_seed(seed)
        tf.config.experimental.enable_op_determinism()


def _versions(keras: bool = True) -> dict:
    """Return ``{name: version}`` for Python and the libraries the book uses.

    Example:
        >>> "NumPy" in _versions(keras=False)
        True
    """
    import matplotlib

    import helpers

    out = {
        "helpers": helpers.__version__,
        "Python": platform.python_version(),
        "NumPy": np.__version__,
        "Matplotlib": matplotlib.__version__,
    }
    if keras:
        import keras as _keras
        import tensorflow as tf

        out["TensorFlow"] = tf.__version__
        out["Keras"] = _keras.__version__
    return out


def setup(seed: int = 42, *, keras: bool = True, verbose: bool = True) -> SetupInfo:
    """Prepare a chapter notebook: quiet TF logs, seeds, Korean font, and a summary.

    Args:
        seed: the seed for Python, NumPy and Keras (an integer in ``[0, 2**32)``).
        keras: also import and seed Keras/TensorFlow. Chapter 1 (NumPy only) passes ``False``.
        verbose: print the two summary lines.

    Returns:
        A :class:`SetupInfo`.

    Example:
        >>> info = setup(seed=7, keras=False, verbose=False)
        >>> (info.seed, info.font)
        (7, 'NanumGothic')
    """
    if not isinstance(keras, bool):
        raise TypeError(f"keras: expected True or False, got {keras!r}")
    _quiet_tensorflow()
    _seed_everything(seed, keras=keras)
    if keras:
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
    font = fonts.use_korean_font()
    mode = _mode.data_mode()
    info = SetupInfo(seed=int(seed), data_mode=mode, font=font, on_colab=_on_colab(), versions=_versions(keras=keras))
    if verbose:
        print(" | ".join(f"{k} {v}" for k, v in info.versions.items()))
        print(f"seed {info.seed} | data mode · 데이터 모드: {mode} ({_mode.ENV_VAR})")
        print(f"Korean font · 한글 글꼴: {font} | Colab: {'yes' if info.on_colab else 'no'}")
    return info
