"""The real data: MNIST and Fashion-MNIST through ``keras.datasets``, the thoracic table from UCI.

Each ``real_*`` function returns the real data set, checked, or raises
:class:`~helpers.data._cache.DataUnavailableError` (the network failed) or
:class:`~helpers.data._cache.DataFormatError` (a file is not the data set); the
loaders in :mod:`helpers.data` then apply the data mode (:mod:`helpers.data._mode`).

- **Images**: the real path *is* ``keras.datasets.<name>.load_data()``, with Keras'
  own cache (``<keras_home>/datasets``) and, for MNIST, its hash check. Added here:
  checks of what Keras returned, and recovery from a damaged cache (the files are
  moved aside and fetched again once).
- **Thoracic surgery**: UCI's archive is downloaded (:func:`~helpers.data._cache.fetch`),
  the ARFF file is taken out of it and checked (470 rows, the 17 named columns, labels
  ``T``/``F``, every value in its documented range), then cached; the coding is in
  :mod:`helpers.data._schema`.

Example:
    >>> attrs, rows = parse_arff("@relation r\\n@attribute a numeric\\n@data\\n1\\n")
    >>> rows
    [['1']]
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from helpers.data import _cache
from helpers.data._cache import DataFormatError, DataUnavailableError, is_network_error, move_aside
from helpers.data._schema import BINARY_COLUMNS, FEATURE_NAMES, REAL_SIZES, TARGET_NAME, TITLES

# --------------------------------------------------------------------------- MNIST, Fashion-MNIST
KERAS_FILES = {
    "mnist": ("mnist.npz",),
    "fashion_mnist": tuple(
        f"fashion-mnist/{f}"
        for f in (
            "train-labels-idx1-ubyte.gz",
            "train-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
        )
    ),
}
KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_CORRUPT = (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile, KeyError)


def keras_datasets_dir() -> Path:
    """Return the folder where ``keras.datasets`` caches its files: ``<keras_home>/datasets``.

    Example:
        >>> keras_datasets_dir().name
        'datasets'
    """
    return _cache.keras_home() / "datasets"


def _keras_load_data(name: str):
    """Call ``keras.datasets.<name>.load_data()``: the boundary that tests replace."""
    import keras

    return getattr(keras.datasets, name).load_data()


def _check(name: str, data: Any) -> tuple:
    """Check what Keras returned; raise :class:`DataFormatError` if it is not the data set."""
    title = TITLES[name]
    try:
        (x_train, y_train), (x_test, y_test) = data
    except (TypeError, ValueError) as exc:
        raise DataFormatError(
            f"{title}: expected ((x_train, y_train), (x_test, y_test)), got {type(data).__name__}"
        ) from exc
    for split, x, y, n in (
        ("train", x_train, y_train, REAL_SIZES[name][0]),
        ("test", x_test, y_test, REAL_SIZES[name][1]),
    ):
        x, y = np.asarray(x), np.asarray(y)
        if x.shape != (n, 28, 28) or x.dtype != np.uint8:
            raise DataFormatError(
                f"{title}: x_{split} has shape {x.shape} and dtype {x.dtype}; expected ({n}, 28, 28) uint8"
            )
        if y.shape != (n,) or y.dtype != np.uint8 or (y.size and int(y.max()) > 9):
            raise DataFormatError(
                f"{title}: y_{split} has shape {y.shape}, dtype {y.dtype}; expected ({n},) uint8 labels 0-9"
            )
    return (x_train, y_train), (x_test, y_test)


def real_images(name: str) -> tuple:
    """Return the real ``"mnist"`` or ``"fashion_mnist"`` from ``keras.datasets``, checked.

    Example:
        >>> real_images("cifar10")
        Traceback (most recent call last):
        ...
        KeyError: 'cifar10'
    """
    title = TITLES[name]
    for attempt in (1, 2):
        try:
            return _check(name, _keras_load_data(name))
        except DataFormatError:
            raise
        except Exception as exc:
            if is_network_error(exc):
                raise DataUnavailableError(f"{type(exc).__name__}: {exc}") from exc
            # Keras' get_file raises a plain ValueError whose message names the hash; there is
            # no public exception type. tests/unit/test_data_images.py runs Keras' own code on a
            # wrong file, so a change of this message fails a test.
            if isinstance(exc, ValueError) and "hash" in str(exc):
                raise DataFormatError(f"{title}: the downloaded file failed Keras' hash check ({exc})") from exc
            # a truncated file: gzip/zip errors, or NumPy unable to reshape too few bytes
            bad_cache = isinstance(exc, _CORRUPT) or (isinstance(exc, ValueError) and "reshape" in str(exc))
            if not bad_cache:
                raise
            moved = [
                move_aside(p, f"{type(exc).__name__}: {exc}")
                for p in (keras_datasets_dir() / f for f in KERAS_FILES[name])
                if p.exists()
            ]
            if attempt == 2 or not moved:
                raise DataFormatError(
                    f"{title}: Keras' cached files are unreadable ({type(exc).__name__}: "
                    f"{exc}) even after fetching them again"
                ) from exc
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- thoracic surgery
THORACIC_URL = "https://archive.ics.uci.edu/static/public/277/thoracic+surgery+data.zip"
ARFF_NAME = "ThoraricSurgery.arff"  # sic: UCI's spelling
ZIP_NAME = "thoracic+surgery+data.zip"


def parse_arff(text: str) -> tuple[list[tuple[str, Any]], list[list[str]]]:
    """Parse a dense ARFF file: return ``(attributes, rows)`` with every value as a string.

    ``attributes`` is a list of ``(name, type)``: ``type`` is the list of nominal
    values, or the type word such as ``"numeric"``. Raises :class:`DataFormatError`
    on anything that is not a dense ARFF file.

    Example:
        >>> attrs, rows = parse_arff("@relation r\\n@attribute a numeric\\n@attribute b {T,F}\\n@data\\n1,T\\n")
        >>> attrs, rows
        ([('a', 'numeric'), ('b', ['T', 'F'])], [['1', 'T']])
    """
    attributes: list[tuple[str, Any]] = []
    rows: list[list[str]] = []
    in_data = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if not in_data:
            low = line.lower()
            if low.startswith("@relation"):
                continue
            if low.startswith("@attribute"):
                m = re.match(r"@attribute\s+('[^']*'|\"[^\"]*\"|\S+)\s+(.+)$", line, flags=re.IGNORECASE)
                if not m:
                    raise DataFormatError(f"line {number}: cannot read the attribute {line[:60]!r}")
                name, kind = m.group(1).strip("'\""), m.group(2).strip()
                if kind.startswith("{"):
                    if not kind.endswith("}"):
                        raise DataFormatError(f"line {number}: unclosed nominal set {kind[:60]!r}")
                    kind = [v.strip().strip("'\"") for v in kind[1:-1].split(",")]
                else:
                    kind = kind.lower()
                attributes.append((name, kind))
                continue
            if low.startswith("@data"):
                in_data = True
                continue
            raise DataFormatError(f"line {number}: expected @relation, @attribute or @data, got {line[:60]!r}")
        if line.startswith("{"):
            raise DataFormatError(f"line {number}: sparse ARFF rows are not supported")
        rows.append([v.strip().strip("'\"") for v in line.split(",")])
    if not in_data:
        raise DataFormatError("no @data section: this is not an ARFF file")
    return attributes, rows


def _code(pattern: str, value: str, allowed: range) -> int | None:
    m = re.fullmatch(pattern, value)
    if not m or int(m.group(1)) not in allowed:
        return None
    return int(m.group(1))


def encode_rows(
    attributes: list[tuple[str, Any]], rows: list[list[str]], *, n_rows: int = REAL_SIZES["thoracic"]
) -> tuple[np.ndarray, np.ndarray]:
    """Check a parsed ARFF against the UCI schema and encode it: ``(X float64 (n, 16), y int64 (n,))``.

    Checks the 17 column names, the number of rows (``n_rows``, 470 for UCI's file),
    every value against its documented range and that both labels occur. Raises
    :class:`DataFormatError` naming the first bad rows and columns, so a wrong file
    never becomes a half-parsed array.

    Example:
        >>> attrs = [(name, "numeric") for name in FEATURE_NAMES + (TARGET_NAME,)]
        >>> rows = ["DGN2,2.88,2.16,PRZ1,F,F,F,T,T,OC14,F,F,F,T,F,60,F".split(","),
        ...         "DGN3,3.4,1.88,PRZ0,F,F,F,F,F,OC12,F,F,F,T,F,51,T".split(",")]
        >>> X, y = encode_rows(attrs, rows, n_rows=2)
        >>> X[0].tolist(), y.tolist()
        ([2.0, 2.88, 2.16, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 14.0, 0.0, 0.0, 0.0, 1.0, 0.0, 60.0], [0, 1])
    """
    names = [a[0] for a in attributes]
    expected = list(FEATURE_NAMES) + [TARGET_NAME]
    got = [("Risk1Yr" if n.lower() in ("risk1yr", "risk1y") else n.upper()) for n in names]
    if got != expected:
        raise DataFormatError(f"the columns are {names}; expected the 17 UCI columns {expected}")
    if len(rows) != n_rows:
        raise DataFormatError(f"the file has {len(rows)} data rows; the UCI data has {n_rows}")
    X = np.empty((len(rows), len(FEATURE_NAMES)), dtype=np.float64)
    y = np.empty(len(rows), dtype=np.int64)
    problems = []
    for i, row in enumerate(rows, start=1):
        if len(row) != len(expected):
            problems.append(f"row {i} has {len(row)} values instead of {len(expected)}")
            continue
        for j, (name, value) in enumerate(zip(expected, row, strict=True)):
            if name == "DGN":
                v = _code(r"DGN(\d)", value, range(1, 9))
            elif name == "PRE6":
                v = _code(r"PRZ(\d)", value, range(0, 3))
            elif name == "PRE14":
                v = _code(r"OC1(\d)", value, range(1, 5))
                v = None if v is None else 10 + v
            elif name in BINARY_COLUMNS or name == TARGET_NAME:
                v = {"T": 1, "F": 0}.get(value)
            else:  # PRE4, PRE5, AGE
                try:
                    v = float(value)
                except ValueError:
                    v = None
                if v is not None and (not np.isfinite(v) or v < 0 or (name == "AGE" and (v != int(v) or v > 120))):
                    v = None
            if v is None:
                problems.append(f"row {i}, column {name}: unexpected value {value!r}")
            elif name == TARGET_NAME:
                y[i - 1] = v
            else:
                X[i - 1, j] = v
        if len(problems) >= 5:
            break
    if problems:
        raise DataFormatError("; ".join(problems[:5]))
    if len(set(y.tolist())) < 2:
        raise DataFormatError(f"the label {TARGET_NAME} has only the value {int(y[0])}; expected both T and F")
    return X, y


def extract_arff(blob: bytes) -> bytes:
    """Return the bytes of the ARFF file inside UCI's zip archive (also inside a nested zip).

    Example:
        >>> import io, zipfile
        >>> buf = io.BytesIO()
        >>> with zipfile.ZipFile(buf, "w") as z:
        ...     z.writestr("ThoraricSurgery.arff", "@data\\n")
        >>> extract_arff(buf.getvalue())
        b'@data\\n'
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
    except zipfile.BadZipFile as exc:
        raise DataFormatError(f"not a zip archive (it starts with {blob[:40]!r})") from exc
    with archive:
        names = archive.namelist()
        arffs = [n for n in names if n.lower().endswith(".arff")]
        if arffs:
            best = next((n for n in arffs if Path(n).name.lower() == ARFF_NAME.lower()), arffs[0])
            return archive.read(best)
        for inner in (n for n in names if n.lower().endswith(".zip")):
            try:
                return extract_arff(archive.read(inner))
            except DataFormatError:
                continue
    raise DataFormatError(f"the archive holds no .arff file (it holds {names[:8]})")


def _decode(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return encode_rows(*parse_arff(text))


def arff_path(cache_dir: Any = None) -> Path:
    """Return where the checked ARFF file is cached: ``<cache dir>/thoracic/ThoraricSurgery.arff``.

    Example:
        >>> arff_path("/tmp/kb").as_posix()
        '/tmp/kb/thoracic/ThoraricSurgery.arff'
    """
    return _cache.cache_dir(cache_dir, create=False) / "thoracic" / ARFF_NAME


def real_thoracic(cache_dir: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Return the real thoracic-surgery table ``(X, y)``: from the cache, an archive placed by hand, or UCI.

    The cache folder is checked before anything is read or downloaded.

    Example:
        >>> real_thoracic(cache_dir=3)
        Traceback (most recent call last):
        ...
        TypeError: cache_dir: expected a folder path (str or Path), got int
    """
    path = arff_path(cache_dir)
    if path.exists():
        try:
            return _decode(path.read_bytes())
        except DataFormatError as exc:
            move_aside(path, str(exc))
    archive = path.with_name(ZIP_NAME)  # an archive placed there by hand
    if archive.exists():
        try:
            data = extract_arff(archive.read_bytes())
            table = _decode(data)
        except DataFormatError as exc:
            move_aside(archive, str(exc))
        else:
            _cache.atomic_write_bytes(path, data)
            return table
    blob = _cache.fetch(THORACIC_URL)
    try:
        data = extract_arff(blob)
        table = _decode(data)
    except DataFormatError as exc:
        raise DataFormatError(
            f"the file downloaded from {THORACIC_URL} is not the UCI Thoracic Surgery data: {exc}"
        ) from exc
    _cache.atomic_write_bytes(path, data)  # only a checked file is ever cached
    return table
