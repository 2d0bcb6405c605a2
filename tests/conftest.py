"""Fixtures every test folder shares.

- Unit tests draw off-screen (Agg) with TensorFlow quiet, and close their figures.
- ``helpers.data`` tests: ``private_cache`` (offline, nothing served, KERAS_BOOK_DATA=standin, Keras'
  folder and the data cache in tmp); ``isolated`` (the same, reading the stand-ins ``standin_cache``
  generates once per session); ``offline``, ``forget_served``, ``served_as``, ``keras_datasets``.
- ``book``: the book built once per test run from this run's executed notebooks (tests/_site.py).
- ``html``: its pages (or an existing build: ``KERAS_BOOK_HTML=_build/html``); ``base``: the same
  served on localhost; ``chromium``: Debian's chromium driven by Playwright (tests/browser/).
"""

import os
import socket
import time
import types
from pathlib import Path

# Not through MPLBACKEND: that would leak into the notebook kernels nbval and the book build
# start, and a kernel on Agg shows no figures at all.
import matplotlib
import pytest
from _pytest.doctest import DoctestItem

matplotlib.use("Agg")
from helpers.notebook import QUIET_TF_ENV

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
    from _book import serve

    with serve(html) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium, one per test process (Playwright's sync API allows one per process)."""
    from _book import launch_chromium, require_chromium

    require_chromium()
    with launch_chromium() as browser:
        yield browser


# ---------------------------------------------------------------------------
# helpers.data: one copy of the isolation every data test needs


@pytest.fixture
def forget_served():
    """Nothing served yet, before and after the test.

    Private on purpose: what was served is a per-process record that no chapter may reset,
    so ``helpers.data`` has no public call for it; this fixture is the one place tests reach it.
    """
    from helpers.data import _mode

    _mode._reset_served()
    yield
    _mode._reset_served()


@pytest.fixture
def served_as(forget_served):
    """``served_as("mnist", "real")``: make this process look as if it had served that data set so.

    Private on purpose (``_mode._record``): serving real data publicly needs the network or the
    real files; the figure tests only need the record that ``mode_of`` reads.
    """
    from helpers.data import _mode

    return _mode._record


@pytest.fixture
def offline(monkeypatch):
    """No network: every socket connection raises OSError, as offline."""

    def refuse(*args, **kwargs):
        raise OSError("network access is disabled in the tests")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


class StandinCache:
    """The default-size stand-ins of seed 0, generated once per test session into ``path``."""

    def __init__(self, path: Path):
        self.path = path
        self.seconds: dict[str, float] = {}  # data set -> seconds its first generation took
        self.first: dict[str, object] = {}  # data set -> what the loader returned when it generated it


def _session_data_plugin():
    """``standin_cache`` and the doctests' set-up, as a plugin: a conftest's fixtures reach only the tests
    below it, and these must reach helpers' doctests (helpers/src/helpers) too, with ONE stand-in cache."""

    @pytest.fixture(scope="session", name="standin_cache")
    def standin_cache(tmp_path_factory) -> StandinCache:
        """Generate the stand-ins once, through the public loaders, timing each; data tests and doctests read them."""
        from helpers import data
        from helpers.data import standin

        cache = StandinCache(tmp_path_factory.mktemp("standin-cache"))
        with pytest.MonkeyPatch.context() as mp:
            mp.delenv(standin.SIZE_ENV_VAR, raising=False)
            for name, load in (
                ("mnist", data.load_mnist),
                ("fashion_mnist", data.load_fashion_mnist),
                ("thoracic", data.load_thoracic),
            ):
                start = time.perf_counter()
                cache.first[name] = load(mode="standin", cache_dir=cache.path)
                cache.seconds[name] = time.perf_counter() - start
        return cache

    @pytest.fixture(autouse=True)
    def _doctest_isolation(request, monkeypatch, tmp_path):
        """helpers' doctests (``--doctest-modules``): stand-in mode, the session's stand-ins, Keras' folder in
        tmp, nothing served; environment variables an example sets are restored afterwards."""
        if not isinstance(request.node, DoctestItem):
            yield
            return
        from helpers.data import _mode

        cache = request.getfixturevalue("standin_cache")
        for name, value in (
            ("KERAS_BOOK_DATA", "standin"),
            ("KERAS_BOOK_CACHE", str(cache.path)),
            ("KERAS_HOME", str(tmp_path / "keras")),
            *QUIET_TF_ENV.items(),
        ):
            monkeypatch.setenv(name, value)  # restored at teardown, whatever the example did
        monkeypatch.delenv("KERAS_BOOK_STANDIN_SIZE", raising=False)
        _mode._reset_served()  # private: see forget_served
        yield
        _mode._reset_served()

    plugin = types.ModuleType("keras_book_session_data")
    plugin.standin_cache, plugin.doctest_isolation = standin_cache, _doctest_isolation
    return plugin


def pytest_configure(config):
    config.pluginmanager.register(_session_data_plugin(), "keras-book-session-data")


@pytest.fixture
def private_cache(monkeypatch, tmp_path, offline, forget_served) -> Path:
    """Offline, nothing served, KERAS_BOOK_DATA=standin, Keras' folder and an empty data cache in tmp."""
    monkeypatch.setenv("KERAS_BOOK_DATA", "standin")
    monkeypatch.setenv("KERAS_BOOK_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("KERAS_BOOK_STANDIN_SIZE", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    return tmp_path / "cache"


@pytest.fixture
def isolated(private_cache, monkeypatch, standin_cache) -> StandinCache:
    """``private_cache``, except that the data cache is the session's: the stand-ins are read, not generated."""
    monkeypatch.setenv("KERAS_BOOK_CACHE", str(standin_cache.path))
    return standin_cache


@pytest.fixture
def keras_datasets(monkeypatch):
    """``keras_datasets(fn)``: ``keras.datasets.<name>.load_data`` becomes ``lambda: fn(name)``.

    The most public seam of the real image path: Keras' own loaders (helpers calls them by name).
    """
    import keras

    def replace(fn):
        for name in ("mnist", "fashion_mnist"):
            monkeypatch.setattr(getattr(keras.datasets, name), "load_data", lambda name=name: fn(name))

    return replace
