"""Shared code for the chapters of *Deep-learning basics with Keras* (Korean/English).

Each module covers one concern:

- :mod:`helpers.notebook` -- ``setup()``, the one call at the top of every chapter;
- :mod:`helpers.fonts` -- Korean text in Matplotlib figures;
- :mod:`helpers.plots` -- the figures several chapters share;
- :mod:`helpers.data` -- the data mode and the dataset loaders.

Example:
    >>> import helpers
    >>> helpers.setup(seed=0, keras=False, verbose=False).seed
    0
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from helpers.notebook import setup

try:
    __version__ = _version("keras-book-helpers")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["setup", "__version__"]
