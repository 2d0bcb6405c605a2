"""Fixtures every test folder shares.

- Unit tests draw off-screen (Agg) with TensorFlow quiet, and close their figures.
- ``book``: the book built once per test run from this run's executed notebooks (tests/_site.py).
- ``html``: its pages (or an existing build: ``KERAS_BOOK_HTML=_build/html``); ``base``: the same
  served on localhost; ``chromium``: Debian's chromium driven by Playwright (tests/browser/).
"""
import os
from pathlib import Path

# Not through MPLBACKEND: that would leak into the notebook kernels nbval and the book build
# start, and a kernel on Agg shows no figures at all.
import matplotlib
import pytest

matplotlib.use("Agg")
from helpers.notebook import QUIET_TF_ENV  # noqa: E402  (after the backend is chosen)

os.environ.update(QUIET_TF_ENV)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="session")
def book(request):
    """(html folder, build log, chapter states, notebooks the build executed), built once per run."""
    from _site import book_for

    return book_for(request.config)


@pytest.fixture(scope="session")
def html(request) -> Path:
    prebuilt = os.environ.get("KERAS_BOOK_HTML")
    if prebuilt:
        return Path(prebuilt).resolve()
    return request.getfixturevalue("book")[0]


@pytest.fixture(scope="session")
def base(html):
    """The built pages on a free localhost port."""
    from _book import require_chromium, serve

    require_chromium()
    with serve(html) as url:
        yield url


@pytest.fixture(scope="session")
def chromium(base):
    from _book import launch_chromium

    with launch_chromium() as browser:
        yield browser
