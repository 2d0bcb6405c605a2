"""The thoracic-surgery loader: UCI's ARFF parsed and checked, atomic cache, stand-in, all offline.

The real path is exercised with files placed in a temporary cache and with the network
replaced at the standard library (``urllib.request.urlopen``, fixture ``server``).
"""

import contextlib
import io
import urllib.error
import urllib.request
import zipfile

import numpy as np
import pytest

from helpers import data
from helpers.data import DataFormatError, DataUnavailableError, _real
from helpers.data._schema import FEATURE_NAMES, TARGET_NAME

# Patients 1 and 8 of UCI's ThoraricSurgery.arff, and the same patients in the blog posts'
# ThoraricSurgery.csv (whose first column is the patient's row number in the ARFF).
ARFF_ROWS = ["DGN2,2.88,2.16,PRZ1,F,F,F,T,T,OC14,F,F,F,T,F,60,F", "DGN2,3.19,2.5,PRZ1,F,F,F,T,F,OC11,F,F,T,T,F,66,T"]
CSV_ROWS = [
    [1, 2, 2.88, 2.16, 1, 0, 0, 0, 1, 1, 14, 0, 0, 0, 1, 0, 60, 0],
    [8, 2, 3.19, 2.5, 1, 0, 0, 0, 1, 0, 11, 0, 0, 1, 1, 0, 66, 1],
]


def arff_text(X, y, *, relation="'Thoracic_Surgery_Data'", crlf=False):
    """Write (X, y) back as UCI's ARFF, with UCI's header."""
    lines = [
        f"@relation {relation}",
        "",
        "@attribute DGN {DGN3,DGN2,DGN4,DGN6,DGN5,DGN8,DGN1}",
        "@attribute PRE4 numeric",
        "@attribute PRE5 numeric",
        "@attribute PRE6 {PRZ2,PRZ1,PRZ0}",
    ]
    for name in ("PRE7", "PRE8", "PRE9", "PRE10", "PRE11"):
        lines.append(f"@attribute {name} {{T,F}}")
    lines.append("@attribute PRE14 {OC11,OC14,OC12,OC13}")
    for name in ("PRE17", "PRE19", "PRE25", "PRE30", "PRE32"):
        lines.append(f"@attribute {name} {{T,F}}")
    lines += ["@attribute AGE numeric", "@attribute Risk1Yr {T,F}", "", "@data"]
    tf = {0: "F", 1: "T"}
    for row, label in zip(X, y, strict=True):
        v = dict(zip(FEATURE_NAMES, row, strict=True))
        cells = [f"DGN{int(v['DGN'])}", f"{v['PRE4']:g}", f"{v['PRE5']:g}", f"PRZ{int(v['PRE6'])}"]
        cells += [tf[int(v[n])] for n in ("PRE7", "PRE8", "PRE9", "PRE10", "PRE11")]
        cells.append(f"OC{int(v['PRE14'])}")
        cells += [tf[int(v[n])] for n in ("PRE17", "PRE19", "PRE25", "PRE30", "PRE32")]
        cells += [f"{int(v['AGE'])}", tf[int(label)]]
        lines.append(",".join(cells))
    return ("\r\n" if crlf else "\n").join(lines) + "\n"


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def cache(private_cache, monkeypatch):
    """Offline, nothing served, an empty cache of this test's own (tests/conftest.py); KERAS_BOOK_DATA unset (auto)."""
    monkeypatch.delenv("KERAS_BOOK_DATA", raising=False)
    return private_cache


def standin_table(seed, folder):
    """A stand-in table, through the public loader, cached in ``folder`` (its banner discarded)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return data.load_thoracic(mode="standin", seed=seed, cache_dir=folder)


@pytest.fixture
def table(tmp_path):
    X, y = standin_table(7, tmp_path / "seeds")
    return X, y, arff_text(X, y)


@pytest.fixture
def server(monkeypatch):
    """Replace the network (``urllib.request.urlopen``): ``server.blob`` is returned, or ``server.error`` raised."""

    class Server:
        blob = None
        error = None
        calls = 0

    def fake_urlopen(request, timeout=None):
        Server.calls += 1
        assert request.full_url == _real.THORACIC_URL
        if Server.error is not None:
            raise Server.error
        return io.BytesIO(Server.blob)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    return Server


def test_encoding_matches_the_blog_posts_csv():
    attributes = [(name, "numeric") for name in FEATURE_NAMES + (TARGET_NAME,)]
    X, y = _real.encode_rows(attributes, [row.split(",") for row in ARFF_ROWS], n_rows=2)
    assert X.tolist() == [row[1:17] for row in CSV_ROWS] and y.tolist() == [row[17] for row in CSV_ROWS]


def test_arff_round_trip_with_uci_header_and_crlf(table):
    X, y, _ = table
    attributes, rows = _real.parse_arff(arff_text(X, y, crlf=True))
    assert [a[0] for a in attributes] == list(FEATURE_NAMES) + ["Risk1Yr"]
    assert attributes[0][1] == ["DGN3", "DGN2", "DGN4", "DGN6", "DGN5", "DGN8", "DGN1"]
    X2, y2 = _real.encode_rows(attributes, rows)
    np.testing.assert_array_equal(X2, X)
    np.testing.assert_array_equal(y2, y)


def test_real_path_reads_a_file_placed_in_the_cache(table, server, cache):
    X, y, text = table
    path = cache / "thoracic" / "ThoraricSurgery.arff"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    X2, y2 = data.load_thoracic(mode="real")
    assert server.calls == 0
    np.testing.assert_array_equal(X2, X)
    assert X2.dtype == np.float64 and y2.dtype == np.int64 and data.mode_of("thoracic") == "real"


def test_real_path_reads_the_archive_placed_in_the_cache(table, server, cache):
    X, y, text = table
    folder = cache / "thoracic"
    folder.mkdir(parents=True)
    (folder / _real.ZIP_NAME).write_bytes(zipped({"ThoraricSurgery.arff": text}))
    X2, _ = data.load_thoracic(mode="real")
    assert server.calls == 0 and (folder / "ThoraricSurgery.arff").read_text() == text
    np.testing.assert_array_equal(X2, X)


def test_download_is_checked_written_atomically_and_cached(table, server, cache, capsys):
    X, y, text = table
    server.blob = zipped({"ThoraricSurgery.arff": text, "readme.txt": "UCI"})
    X2, y2 = data.load_thoracic()
    X3, y3 = data.load_thoracic()
    assert server.calls == 1  # the second call reads the cache
    np.testing.assert_array_equal(X3, X)
    folder = cache / "thoracic"
    assert sorted(p.name for p in folder.iterdir()) == ["ThoraricSurgery.arff"]  # no partial file left
    assert "STAND-IN" not in capsys.readouterr().out


def test_uci_archive_nested_in_a_zip(table, server):
    X, y, text = table
    server.blob = zipped({"thoracic+surgery+data.zip": zipped({"ThoraricSurgery.arff": text})})
    X2, _ = data.load_thoracic(mode="real")
    np.testing.assert_array_equal(X2, X)


def test_damaged_cache_is_moved_aside_and_fetched_again(table, server, cache, capsys):
    X, y, text = table
    path = cache / "thoracic" / "ThoraricSurgery.arff"
    path.parent.mkdir(parents=True)
    path.write_text(text[: len(text) // 2])  # an interrupted copy
    server.blob = zipped({"ThoraricSurgery.arff": text})
    X2, _ = data.load_thoracic(mode="real")
    np.testing.assert_array_equal(X2, X)
    assert server.calls == 1 and "is damaged" in capsys.readouterr().out
    moved = list(path.parent.glob("ThoraricSurgery.arff.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_text() == text[: len(text) // 2]  # kept, not deleted
    assert path.read_text() == text


@pytest.mark.parametrize(
    "error",
    [
        urllib.error.URLError("[Errno -3] Temporary failure in name resolution"),
        urllib.error.URLError(OSError(101, "Network is unreachable")),
        TimeoutError("timed out"),
    ],
)
def test_real_mode_offline_says_what_to_do(server, cache, error):
    server.error = error
    with pytest.raises(DataUnavailableError) as info:
        data.load_thoracic(mode="real")
    message = str(info.value)
    assert message.startswith("Thoracic Surgery: the real data could not be downloaded")
    assert "connect to the internet" in message and _real.THORACIC_URL in message
    assert "KERAS_BOOK_DATA=standin" in message
    assert str(cache / "thoracic") in message and "ThoraricSurgery.arff" in message
    assert not (cache / "thoracic" / "ThoraricSurgery.arff").exists()


def test_auto_mode_offline_falls_back_loudly_on_stdout(server, capsys):
    server.error = urllib.error.URLError("no route to host")
    X, y = data.load_thoracic()
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "WARNING · 경고 -- Thoracic Surgery: the real data is not available" in captured.out
    assert "no route to host" in captured.out and "STAND-IN" in captured.out
    assert X.shape == (470, 16) and int(y.sum()) == 70 and data.mode_of("thoracic") == "standin"


def test_standin_mode_never_downloads(server, capsys):
    X, y = data.load_thoracic(mode="standin")
    assert server.calls == 0 and "STAND-IN" in capsys.readouterr().out


def test_a_web_page_instead_of_the_archive_is_a_clear_error(server, cache, capsys):
    server.blob = b"<!DOCTYPE html><html><body>Maintenance</body></html>"
    with pytest.raises(DataFormatError, match="not the UCI Thoracic Surgery data: not a zip archive"):
        data.load_thoracic(mode="real")
    assert not (cache / "thoracic" / "ThoraricSurgery.arff").exists()  # never cached
    X, _ = data.load_thoracic(mode="auto")
    assert X.shape == (470, 16) and "WARNING" in capsys.readouterr().out


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.rsplit("\n", 2)[0] + "\n", "469 data rows"),
        (lambda t: t.replace("@attribute AGE numeric", "@attribute AGE_YEARS numeric"), "expected the 17 UCI columns"),
        (
            lambda t: (
                t.replace("@data\n", "@data\nDGN3,2.1,1.8,PRZ7,F,F,F,T,F,OC12,F,F,F,T,F,61,F\n").rsplit("\n", 2)[0]
                + "\n"
            ),
            r"row 1, column PRE6: unexpected value 'PRZ7'",
        ),
        (lambda t: t.replace(",T\n", ",?\n").replace(",F\n", ",?\n"), r"column Risk1Yr: unexpected value '\?'"),
        (lambda t: t.replace("@data", "@DATA\n% a comment\n{0 DGN2}"), "sparse ARFF rows"),
        (lambda t: t.replace("@data\n", ""), r"line \d+: expected @relation, @attribute or @data"),
    ],
)
def test_a_wrong_file_is_a_clear_error_not_a_half_parsed_array(table, server, tmp_path, edit, message):
    X, y, text = table
    server.blob = zipped({"ThoraricSurgery.arff": edit(text)})
    with pytest.raises(DataFormatError, match=message):
        data.load_thoracic(mode="real")


def test_labels_must_have_both_values(server, tmp_path):
    X, y = standin_table(3, tmp_path / "seeds")
    server.blob = zipped({"ThoraricSurgery.arff": arff_text(X, np.zeros_like(y))})
    with pytest.raises(DataFormatError, match="only the value 0"):
        data.load_thoracic(mode="real")


def test_as_frame_has_named_columns_and_dtypes():
    X, y = data.load_thoracic(as_frame=True, mode="standin")
    assert list(X.columns) == list(FEATURE_NAMES) and y.name == TARGET_NAME
    assert {c: str(t) for c, t in X.dtypes.items() if str(t) != "int64"} == {"PRE4": "float64", "PRE5": "float64"}
    assert str(y.dtype) == "int64" and set(y.unique()) == {0, 1}
    Xn, yn = data.load_thoracic(mode="standin")
    np.testing.assert_array_equal(X.to_numpy(dtype=float), Xn)


def test_standin_follows_the_uci_schema(tmp_path):
    X, y = standin_table(0, tmp_path / "seeds")
    col = {n: X[:, i] for i, n in enumerate(FEATURE_NAMES)}
    assert X.shape == (470, 16) and int(y.sum()) == 70  # 14.9 % died, as in the real data
    assert set(np.unique(col["DGN"])) <= {1, 2, 3, 4, 5, 6, 8}
    assert set(np.unique(col["PRE6"])) == {0, 1, 2} and set(np.unique(col["PRE14"])) <= {11, 12, 13, 14}
    for name in ("PRE7", "PRE8", "PRE9", "PRE10", "PRE11", "PRE17", "PRE19", "PRE25", "PRE30", "PRE32"):
        assert set(np.unique(col[name])) <= {0, 1}, name
    assert 55 < col["AGE"].mean() < 70 and np.all(col["AGE"] == np.round(col["AGE"]))
    assert 2.8 < np.median(col["PRE4"]) < 3.8 and np.all(col["PRE4"] >= 1.4)
    assert 1 <= np.sum(col["PRE5"] > 50) <= 30  # like the real file, a few implausible FEV1 values
    attributes, rows = _real.parse_arff(arff_text(X, y))
    _real.encode_rows(attributes, rows)  # the stand-in passes the real data's checks


def auc(scores, y):
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores, kind="stable")] = np.arange(1, len(scores) + 1)
    pos = y == 1
    return (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum())


def test_standin_signal_is_partly_learnable(tmp_path):
    """A logistic regression, 5-fold cross-validated, ranks deaths better than chance but far from perfectly."""
    X, y = standin_table(0, tmp_path / "seeds")
    folds = np.array_split(np.random.default_rng(0).permutation(len(y)), 5)
    scores = []
    for fold in folds:
        train = np.setdiff1d(np.arange(len(y)), fold)
        mu, sd = X[train].mean(axis=0), X[train].std(axis=0) + 1e-9
        A = (X[train] - mu) / sd
        w, b = np.zeros(A.shape[1]), 0.0
        for _ in range(500):
            p = 1 / (1 + np.exp(-(A @ w + b)))
            w -= 0.5 * (A.T @ (p - y[train]) / len(train) + 0.01 * w)
            b -= 0.5 * float(np.mean(p - y[train]))
        scores.append(auc(((X[fold] - mu) / sd) @ w, y[fold]))
    assert 0.62 < np.mean(scores) < 0.9, scores


def test_bad_arguments_name_the_argument():
    with pytest.raises(TypeError, match="^as_frame:"):
        data.load_thoracic(as_frame="yes")
    with pytest.raises(ValueError, match="^seed:"):
        data.load_thoracic(seed=-1)
    with pytest.raises(ValueError, match="^mode: unknown value 'offline'"):
        data.load_thoracic(mode="offline")
    with pytest.raises(TypeError, match="^cache_dir:"):
        data.load_thoracic(mode="standin", cache_dir=3)
    with pytest.raises(TypeError, match="colour"):
        data.load_thoracic(colour="red")
