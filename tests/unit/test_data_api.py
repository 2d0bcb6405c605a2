"""The public API of helpers.data: names, mode_of, argument errors."""

import pytest

from helpers import data
from helpers.data import _cache


@pytest.fixture(autouse=True)
def _private_cache(private_cache):
    """Offline, nothing served, an empty cache of this test's own (tests/conftest.py)."""


def test_star_import_and_every_column_described():
    namespace = {}
    exec("from helpers.data import *", namespace)  # a stale __all__ breaks this
    assert set(data.__all__) <= set(namespace)
    assert set(data.FEATURE_DESCRIPTIONS) == set(data.FEATURE_NAMES) | {data.load_thoracic(as_frame=True)[1].name}


def test_mode_of_tells_a_chapter_what_it_got():
    assert data.mode_of("thoracic") is None
    data.load_thoracic(mode="standin")
    assert data.mode_of("thoracic") == "standin" and data.mode_of("mnist") is None
    with pytest.raises(ValueError, match="^name: unknown value 'cifar10'"):
        data.mode_of("cifar10")


def test_the_mode_argument_overrides_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("KERAS_BOOK_DATA", "real")
    data.load_thoracic(mode=" StandIn ")
    assert "(mode='standin'; 470 patients)" in capsys.readouterr().out


@pytest.mark.parametrize("loader", [data.load_mnist, data.load_fashion_mnist, data.load_thoracic])
def test_bad_arguments_name_the_argument(monkeypatch, loader):
    with pytest.raises(ValueError, match="^mode: unknown value 'offline'"):
        loader(mode="offline")
    with pytest.raises(TypeError, match="^mode:"):
        loader(mode=1)
    with pytest.raises(ValueError, match="^seed:"):
        loader(mode="standin", seed=-3)
    with pytest.raises(ValueError, match="^seed:"):
        loader(mode="standin", seed=1.5)
    with pytest.raises(TypeError, match="^cache_dir:"):
        loader(mode="standin", cache_dir=["/tmp"])
    with pytest.raises(TypeError, match="batch"):
        loader(batch=3)
    monkeypatch.setenv("KERAS_BOOK_DATA", "sometimes")
    with pytest.raises(ValueError, match="^KERAS_BOOK_DATA: unknown value 'sometimes'"):
        loader()


def test_cache_dir_order(monkeypatch, tmp_path):
    assert _cache.cache_dir(tmp_path / "a") == tmp_path / "a"
    monkeypatch.setenv("KERAS_BOOK_CACHE", str(tmp_path / "b"))
    assert _cache.cache_dir() == tmp_path / "b"
    monkeypatch.delenv("KERAS_BOOK_CACHE")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "k"))
    assert _cache.cache_dir() == tmp_path / "k" / "keras_book_data"
