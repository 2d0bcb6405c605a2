"""MNIST and Fashion-MNIST loaders in every mode, without touching the network.

The real path is Keras' own ``load_data()``. Most tests replace Keras' loaders
(``keras.datasets.<name>.load_data``, fixture ``keras_datasets``); the last ones run Keras'
real code on files placed in a temporary Keras cache, with Keras' downloader replaced. Those
reach two Keras internals (the cache folder and the downloader: Keras has no public way to
move them after import); a Keras that moves them FAILS these tests, it never skips them.
How helpers.data finds Keras' folder is tested in a fresh process (test_fresh_tensorflow.py).
"""

import functools
import gzip
import io
import socket
import urllib.error

import numpy as np
import pytest

from helpers import data
from helpers.data import DataFormatError, DataUnavailableError, standin


@pytest.fixture(autouse=True)
def _isolated(isolated):
    """Offline, nothing served, the session's stand-ins (tests/conftest.py)."""


def fake_dataset(n_train=60000, n_test=10000, seed=0):
    rng = np.random.default_rng(seed)
    return (
        (rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8), rng.integers(0, 10, n_train, dtype=np.uint8)),
        (rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8), rng.integers(0, 10, n_test, dtype=np.uint8)),
    )


def network_failure(name):
    """What ``keras.utils.get_file`` raises offline: a plain Exception from a URLError."""
    try:
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))
    except urllib.error.URLError as exc:
        try:
            raise Exception(f"URL fetch failure on https://storage.googleapis.com/{name}: None -- {exc.reason}")
        except Exception as wrapped:
            return wrapped


LOADERS = [
    (data.load_mnist, "mnist", "MNIST", "mnist.npz"),
    (data.load_fashion_mnist, "fashion_mnist", "Fashion-MNIST", "train-images-idx3-ubyte.gz"),
]


@pytest.mark.parametrize("loader, name, title, file", LOADERS)
def test_standin_mode_never_calls_keras(monkeypatch, capsys, keras_datasets, loader, name, title, file):
    monkeypatch.setenv("KERAS_BOOK_DATA", "standin")
    keras_datasets(lambda n: pytest.fail("standin mode must not download"))
    (x, y), (xt, yt) = loader()
    captured = capsys.readouterr()
    assert f"[helpers.data] {title}: serving the generated STAND-IN data (KERAS_BOOK_DATA=standin" in captured.out
    assert "생성한 대체 데이터를 사용합니다" in captured.out and captured.err == ""
    assert x.dtype == y.dtype == np.uint8 and x.shape[1:] == (28, 28) and set(np.unique(yt)) == set(range(10))
    assert data.mode_of(name) == "standin"


@pytest.mark.parametrize("loader, name, title, file", LOADERS)
@pytest.mark.parametrize("mode", ["real", "auto"])
def test_real_data_comes_from_keras_unchanged(monkeypatch, capsys, keras_datasets, loader, name, title, file, mode):
    monkeypatch.setenv("KERAS_BOOK_DATA", mode)
    real = fake_dataset()
    keras_datasets(lambda n: real if n == name else pytest.fail(n))
    got = loader()
    assert got[0][0] is real[0][0] and got[1][1] is real[1][1]  # exactly what keras.datasets returned
    assert "STAND-IN" not in capsys.readouterr().out
    assert data.mode_of(name) == "real"


@pytest.mark.parametrize("loader, name, title, file", LOADERS)
def test_real_mode_offline_says_what_to_do(monkeypatch, tmp_path, keras_datasets, loader, name, title, file):
    monkeypatch.setenv("KERAS_BOOK_DATA", "real")

    def offline(n):
        raise network_failure(n)

    keras_datasets(offline)
    with pytest.raises(DataUnavailableError) as info:
        loader()
    message = str(info.value)
    assert message.startswith(f"{title}: the real data could not be downloaded")
    assert "connect to the internet" in message
    assert "KERAS_BOOK_DATA=standin" in message
    assert file in message and str(tmp_path / "keras" / "datasets") in message  # KERAS_HOME/datasets
    assert data.mode_of(name) is None


@pytest.mark.parametrize("loader, name, title, file", LOADERS)
def test_auto_mode_offline_falls_back_with_a_loud_stdout_banner(
    monkeypatch, capsys, keras_datasets, loader, name, title, file
):
    monkeypatch.delenv("KERAS_BOOK_DATA", raising=False)  # unset = auto

    def offline(n):
        raise network_failure(n)

    keras_datasets(offline)
    (x, y), _ = loader()
    captured = capsys.readouterr()
    assert captured.err == ""  # the book build fails on stderr: the warning must be on stdout
    out = captured.out
    assert "=" * 40 in out and f"WARNING · 경고 -- {title}: the real data is not available" in out
    assert "URL fetch failure" in out and "STAND-IN" in out and "대체 데이터" in out
    assert len(out.splitlines()) >= 8
    assert x.shape[0] == standin.SIZES[name][0]
    assert data.mode_of(name) == "standin"


def test_auto_fallback_never_uses_warnings(monkeypatch, recwarn, keras_datasets):
    monkeypatch.setenv("KERAS_BOOK_DATA", "auto")
    keras_datasets(lambda n: (_ for _ in ()).throw(network_failure(n)))
    data.load_mnist()
    assert len(recwarn) == 0


def test_a_wrong_array_from_keras_is_a_clear_error(monkeypatch, capsys, keras_datasets):
    monkeypatch.setenv("KERAS_BOOK_DATA", "real")
    (x, y), test = fake_dataset()
    keras_datasets(lambda n: ((x[:, :27], y), test))
    with pytest.raises(DataFormatError, match=r"x_train has shape \(60000, 27, 28\)"):
        data.load_mnist()
    monkeypatch.setenv("KERAS_BOOK_DATA", "auto")
    (xs, _), _ = data.load_mnist()
    assert xs.shape == (12000, 28, 28) and "WARNING" in capsys.readouterr().out


def test_other_errors_are_not_hidden(monkeypatch, keras_datasets):
    monkeypatch.setenv("KERAS_BOOK_DATA", "auto")
    keras_datasets(lambda n: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        data.load_mnist()


# --------------------------------------------------------------------------- Keras' own code
@pytest.fixture
def keras_cache(monkeypatch, tmp_path):
    """Point Keras' cache at a temporary folder and replace its downloader (no network)."""
    from keras.src.backend import config
    from keras.src.utils import file_utils

    moved = [n for m, n in ((config, "_KERAS_DIR"), (file_utils, "urlretrieve")) if not hasattr(m, n)]
    assert not moved, f"this Keras has no {moved}: update helpers.data._real and this fixture"
    home = tmp_path / "keras"
    monkeypatch.setattr(config, "_KERAS_DIR", str(home))
    served = {}  # file name -> bytes the fake server returns
    calls = []

    def fake_urlretrieve(url, filename, reporthook=None, data=None):
        calls.append(url)
        name = url.rsplit("/", 1)[-1]
        if name not in served:
            raise urllib.error.URLError("no network in the tests")
        with open(filename, "wb") as fh:
            fh.write(served[name])

    monkeypatch.setattr(file_utils, "urlretrieve", fake_urlretrieve)
    return home / "datasets", served, calls


def idx_gz(array, labels=False):
    header = (
        (b"\x00\x00\x08\x01" + len(array).to_bytes(4, "big"))
        if labels
        else (b"\x00\x00\x08\x03" + len(array).to_bytes(4, "big") + (28).to_bytes(4, "big") * 2)
    )
    return gzip.compress(header + array.tobytes(), compresslevel=0)  # stored: random bytes do not compress


@functools.cache
def fashion_files():
    """Fashion-MNIST's four files as Keras downloads them (made once: 47 MB of random images)."""
    (x, y), (xt, yt) = fake_dataset(seed=1)
    return (x, y, xt, yt), {
        "train-labels-idx1-ubyte.gz": idx_gz(y, labels=True),
        "train-images-idx3-ubyte.gz": idx_gz(x),
        "t10k-labels-idx1-ubyte.gz": idx_gz(yt, labels=True),
        "t10k-images-idx3-ubyte.gz": idx_gz(xt),
    }


def test_fashion_real_path_reads_files_placed_in_keras_cache(monkeypatch, keras_cache):
    folder, served, calls = keras_cache
    (x, y, xt, yt), files = fashion_files()
    (folder / "fashion-mnist").mkdir(parents=True)
    for name, blob in files.items():
        (folder / "fashion-mnist" / name).write_bytes(blob)
    (gx, gy), (gxt, gyt) = data.load_fashion_mnist(mode="real")
    assert calls == []  # read from the cache, nothing downloaded
    assert gx.tobytes() == x.tobytes() and gyt.tobytes() == yt.tobytes()
    assert data.mode_of("fashion_mnist") == "real"


def test_damaged_fashion_cache_is_moved_aside_and_fetched_again(monkeypatch, keras_cache, capsys):
    folder, served, calls = keras_cache
    (x, y, xt, yt), files = fashion_files()
    (folder / "fashion-mnist").mkdir(parents=True)
    for name, blob in files.items():
        (folder / "fashion-mnist" / name).write_bytes(blob)
    bad = folder / "fashion-mnist" / "train-images-idx3-ubyte.gz"
    bad.write_bytes(files["train-images-idx3-ubyte.gz"][:5000])  # an interrupted download
    served.update(files)
    (gx, _), _ = data.load_fashion_mnist(mode="real")
    assert gx.tobytes() == x.tobytes()
    assert len(calls) == 4  # all four files fetched again
    assert "is damaged" in capsys.readouterr().out
    assert len(list(bad.parent.glob("train-images-idx3-ubyte.gz.corrupt-*"))) == 1  # kept, not deleted


def test_damaged_fashion_cache_offline_real_mode_is_a_clear_error(monkeypatch, keras_cache):
    folder, served, calls = keras_cache
    _, files = fashion_files()
    (folder / "fashion-mnist").mkdir(parents=True)
    for name, blob in files.items():
        (folder / "fashion-mnist" / name).write_bytes(blob[:200])
    with pytest.raises(DataUnavailableError, match="KERAS_BOOK_DATA=standin"):
        data.load_fashion_mnist(mode="real")


def test_a_wrong_mnist_file_fails_keras_hash_check_with_a_clear_error(monkeypatch, keras_cache, capsys):
    folder, served, calls = keras_cache
    buffer = io.BytesIO()
    (x, y), (xt, yt) = fake_dataset(seed=2)
    np.savez(buffer, x_train=x, y_train=y, x_test=xt, y_test=yt)
    folder.mkdir(parents=True)
    (folder / "mnist.npz").write_bytes(buffer.getvalue())
    served["mnist.npz"] = buffer.getvalue()  # the "server" returns the same wrong file
    with pytest.raises(DataFormatError, match="hash"):
        data.load_mnist(mode="real")
    (xs, _), _ = data.load_mnist(mode="auto")
    assert xs.shape == (12000, 28, 28) and "WARNING" in capsys.readouterr().out
