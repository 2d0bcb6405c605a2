"""The generated stand-ins: deterministic, right shapes and dtypes, cached, and learnable."""

import hashlib
import re

import numpy as np
import pytest
from _book import ROOT

from helpers import data
from helpers.data import standin
from helpers.data._digits import make_digits
from helpers.data._garments import make_garments
from helpers.data._patients import make_thoracic


@pytest.fixture
def standin_env(private_cache):
    """Stand-in mode, an empty cache of this test's own (tests/conftest.py)."""
    return private_cache


@pytest.mark.parametrize("maker", [make_digits, make_garments], ids=["digits", "garments"])
def test_same_seed_same_bytes_other_seed_other_bytes(maker):
    x1, y1 = maker(300, seed=3)
    x2, y2 = maker(300, seed=3)
    x3, _ = maker(300, seed=4)
    assert x1.tobytes() == x2.tobytes() and y1.tobytes() == y2.tobytes()
    assert x1.tobytes() != x3.tobytes()


def test_thoracic_same_seed_same_bytes():
    a, b, c = make_thoracic(seed=1), make_thoracic(seed=1), make_thoracic(seed=2)
    assert a[0].tobytes() == b[0].tobytes() and a[1].tobytes() == b[1].tobytes()
    assert a[0].tobytes() != c[0].tobytes()


@pytest.mark.parametrize("maker", [make_digits, make_garments], ids=["digits", "garments"])
def test_images_look_like_the_real_ones(maker):
    x, y = maker(1000, seed=0)
    assert x.shape == (1000, 28, 28) and x.dtype == np.uint8
    assert y.shape == (1000,) and y.dtype == np.uint8
    assert np.bincount(y, minlength=10).tolist() == [100] * 10
    assert x.max() >= 250  # full 0..255 range, white object on black
    border = np.concatenate([x[:, 0, :], x[:, -1, :], x[:, :, 0], x[:, :, -1]], axis=1)
    assert np.mean(border == 0) > 0.85
    assert 15 < x.mean() < 110  # MNIST's mean is 33, Fashion-MNIST's 73


def test_digits_are_centred_like_mnist():
    x, _ = make_digits(500, seed=0)
    ii = np.arange(28)
    mass = x.sum(axis=(1, 2)).astype(float)
    cy = (x.sum(axis=2) @ ii) / mass
    cx = (x.sum(axis=1) @ ii) / mass
    assert abs(np.median(cy) - 13.5) < 1.0 and abs(np.median(cx) - 13.5) < 1.0


@pytest.mark.parametrize("maker", [make_digits, make_garments], ids=["digits", "garments"])
def test_structure_not_noise(maker):
    """A nearest-class-mean classifier, far weaker than any network, already beats chance by far."""
    x, y = maker(3000, seed=0)
    x = x.reshape(len(x), -1).astype(np.float32) / 255
    means = np.stack([x[:2000][y[:2000] == k].mean(axis=0) for k in range(10)])
    pred = np.argmin(((x[2000:, None, :] - means[None]) ** 2).sum(axis=2), axis=1)
    assert np.mean(pred == y[2000:]) > 0.5


def size_phrases():
    """Every place that writes the stand-in sizes in prose, with the phrase it must contain."""
    (m_train, m_test), (f_train, f_test), rows = (standin.SIZES[k] for k in ("mnist", "fashion_mnist", "thoracic"))
    mnist, fashion = f"{m_train:,} train + {m_test:,} test", f"{f_train:,} train + {f_test:,} test"
    data_dir = "helpers/src/helpers/data"
    return {
        f"{data_dir}/standin.py": [mnist, fashion, f"{rows} patients"],
        f"{data_dir}/__init__.py": [
            f"Stand-in: {mnist}",
            f"Stand-in: {fashion}",
            f"{rows} rows",
            f"last {f_test:,} training images for validation leaves {f_train - f_test:,}",
        ],
        "helpers/README.md": [
            f"{mnist} digits",
            f"{fashion} garments",
            f"{rows} patients",
            f"first {f_train - f_test:,} images and validate on the last {f_test:,}",
        ],
        "index.md": [
            f"MNIST has {m_train:,} training and {m_test:,} test images, "
            f"Fashion-MNIST {f_train:,} training and {f_test:,} test images",
            f"its real {rows} rows",
            f"MNIST는 훈련 {m_train:,}개와 테스트 {m_test:,}개, Fashion-MNIST는 훈련 {f_train:,}개와 "
            f"테스트 {f_test:,}개",
            f"{rows}행",
        ],
    }


def test_every_written_copy_of_the_standin_sizes_matches_sizes():
    for file, phrases in size_phrases().items():
        text = " ".join((ROOT / file).read_text(encoding="utf-8").split())
        for phrase in phrases:
            assert phrase in text, f"{file} should say {phrase!r} (from helpers.data.standin.SIZES)"
        allowed = {v for v in (*standin.SIZES.values(), *standin.REAL_SIZES.values()) if isinstance(v, tuple)}
        for a, b in re.findall(r"(\d[\d,]*) train(?:ing)? \+ (\d[\d,]*) test", text):
            assert (int(a.replace(",", "")), int(b.replace(",", ""))) in allowed, f"{file}: {a} + {b}"


@pytest.mark.parametrize("loader, name", [(data.load_mnist, "mnist"), (data.load_fashion_mnist, "fashion_mnist")])
def test_loader_caches_and_reloads_the_same_bytes(isolated, monkeypatch, loader, name):
    """The session's first load generated and cached the stand-in; a second load reads that file."""
    (x1, y1), (xt1, yt1) = isolated.first[name]
    path = standin.standin_path(name, 0)
    assert path.exists() and path.parent.parent == isolated.path
    assert not list(path.parent.glob("*.part"))  # the atomic write left no temporary file

    def no_generation(*args, **kwargs):
        raise AssertionError("the cached stand-in should have been used")

    monkeypatch.setattr(standin, "make_digits", no_generation)
    monkeypatch.setattr(standin, "make_garments", no_generation)
    (x2, y2), (xt2, yt2) = loader()
    n_train, n_test = standin.SIZES[name]
    assert x1.shape == (n_train, 28, 28) and xt1.shape == (n_test, 28, 28)
    for a, b in ((x1, x2), (y1, y2), (xt1, xt2), (yt1, yt2)):
        assert a.dtype == np.uint8 and a.tobytes() == b.tobytes()


def test_damaged_standin_cache_is_moved_aside_and_made_again(standin_env, capsys):
    X1, y1 = data.load_thoracic()
    path = standin.standin_path("thoracic", 0)
    path.write_bytes(b"PK\x03\x04 this is not a complete npz file")
    capsys.readouterr()
    X2, y2 = data.load_thoracic()
    out = capsys.readouterr().out
    assert "is damaged" in out and "moved it to" in out
    moved = list(path.parent.glob(path.name + ".corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"PK\x03\x04 this")  # kept, not deleted
    assert X1.tobytes() == X2.tobytes() and y1.tobytes() == y2.tobytes()


def test_a_cached_file_with_the_wrong_shape_is_not_used(standin_env, capsys):
    path = standin.standin_path("thoracic", 0)
    path.parent.mkdir(parents=True)
    from helpers.data._cache import save_npz

    save_npz(path, X=np.zeros((10, 16)), y=np.zeros(10, dtype=np.int64))
    X, y = data.load_thoracic()
    assert X.shape == (470, len(data.FEATURE_NAMES)) and "is damaged" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["mnist", "fashion_mnist", "thoracic"])
def test_generation_takes_seconds(standin_cache, name):
    """Measured when the session generated (and cached) each default stand-in: about 2-3 s on an idle 2-core machine."""
    assert standin_cache.seconds[name] < 20, standin_cache.seconds


def _digest(arrays):
    h = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(f"{a.dtype.str}{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()[:16]


# The bytes of the default stand-ins (seed 0, default size), pinned so that a refactoring of
# helpers.data provably serves the same data. The digits are rendered from Matplotlib's own
# fonts, so their bytes depend on the Matplotlib version: one digest per version we run on.
PINNED = {"fashion_mnist": "1bb2ac03635e83ad", "thoracic": "244e83eb8abdafe0"}
PINNED_MNIST = {"3.11.2": "5715ce736b1610b4", "3.10.9": "12a6fcdb43d8d0c8"}


def test_default_standins_keep_their_bytes(standin_cache):
    """What the loaders returned when the session generated them (not a file left by an earlier run)."""
    import matplotlib

    (x, y), (xt, yt) = standin_cache.first["fashion_mnist"]
    assert _digest([x, y, xt, yt]) == PINNED["fashion_mnist"]
    assert _digest(standin_cache.first["thoracic"]) == PINNED["thoracic"]
    if matplotlib.__version__ not in PINNED_MNIST:
        pytest.skip(f"no pinned digest of the digits for Matplotlib {matplotlib.__version__}")
    (x, y), (xt, yt) = standin_cache.first["mnist"]
    assert _digest([x, y, xt, yt]) == PINNED_MNIST[matplotlib.__version__]
