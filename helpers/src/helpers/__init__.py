"""Shared code for the chapters of *Deep-learning basics with Keras* (Korean/English).

Each module covers one concern:

- :mod:`helpers.notebook` -- ``setup()``, the one call at the top of every chapter;
- :mod:`helpers.fonts` -- Korean text in Matplotlib figures;
- :mod:`helpers.plots` -- the figures several chapters share;
- :mod:`helpers.data` -- the data mode and the dataset loaders.

Example:
    >>> import helpers
    >>> helpers.__version__ >= "0.1"
    True
"""
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("keras-book-helpers")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

from helpers.notebook import setup  # noqa: E402  (re-exported for convenience)

__all__ = ["setup", "__version__"]
