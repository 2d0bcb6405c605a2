"""The thoracic-surgery data: UCI's "Thoracic Surgery Data" (470 lung-cancer patients), or a stand-in.

The real data is UCI data set 277 (Zięba et al., 2013): 16 attributes recorded
before a lung resection and ``Risk1Yr``, whether the patient died within one year
(70 of 470, 14.9 %). :func:`load_thoracic` downloads UCI's archive, takes the
ARFF file out of it, checks it (470 rows, the 17 named columns, labels ``T``/``F``,
every value in its documented range), caches it, and encodes it with the integer
codes the seeds' ``ThoraricSurgery.csv`` uses:

==========  ===============================================  =======================
column      meaning                                          code
==========  ===============================================  =======================
DGN         diagnosis (combination of ICD-10 codes)          ``DGNk`` -> k (1..8)
PRE4        forced vital capacity, FVC (litres)              number
PRE5        forced expiratory volume in 1 s, FEV1 (litres)   number
PRE6        performance status, Zubrod scale                 ``PRZk`` -> k (0..2)
PRE7        pain before surgery                              T/F -> 1/0
PRE8        haemoptysis before surgery                       T/F -> 1/0
PRE9        dyspnoea before surgery                          T/F -> 1/0
PRE10       cough before surgery                             T/F -> 1/0
PRE11       weakness before surgery                          T/F -> 1/0
PRE14       size of the original tumour (T in TNM)           ``OC1k`` -> 10+k (11..14)
PRE17       type 2 diabetes                                  T/F -> 1/0
PRE19       myocardial infarction up to 6 months before      T/F -> 1/0
PRE25       peripheral arterial disease                      T/F -> 1/0
PRE30       smoking                                          T/F -> 1/0
PRE32       asthma                                           T/F -> 1/0
AGE         age at surgery (years)                           integer
==========  ===============================================  =======================

The seeds' CSV has a 17th feature column in front of these: the patient's row
number in the ARFF file, an identifier rather than a measurement, so it is left out.
As in the real file, a few ``PRE5`` values are implausibly large (over 50).

Example:
    >>> X, y = load_thoracic(mode="standin")  # doctest: +ELLIPSIS
    [helpers.data] Thoracic Surgery: serving the generated STAND-IN data (mode='standin'; ...) · 생성한 대체 데이터를 사용합니다
    >>> X.shape, int(y.sum())
    ((470, 16), 70)
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from helpers.data import _serve
from helpers.data import _cache
from helpers.data._cache import (DataFormatError, DataUnavailableError, atomic_write_bytes, is_network_error,
                                 move_aside)
from helpers.data._cache import cache_dir as _cache_dir
from helpers.data.standin import SIZES, cached_standin

URL = "https://archive.ics.uci.edu/static/public/277/thoracic+surgery+data.zip"
ARFF_NAME = "ThoraricSurgery.arff"  # sic: UCI's spelling
ZIP_NAME = "thoracic+surgery+data.zip"
N_ROWS = 470

FEATURE_NAMES = ("DGN", "PRE4", "PRE5", "PRE6", "PRE7", "PRE8", "PRE9", "PRE10", "PRE11",
                 "PRE14", "PRE17", "PRE19", "PRE25", "PRE30", "PRE32", "AGE")
TARGET_NAME = "Risk1Yr"
#: ``{column: (English, Korean)}`` descriptions of the features and the target.
FEATURE_DESCRIPTIONS = {
    "DGN": ("diagnosis code (ICD-10 combination), 1-8", "진단 코드(ICD-10 조합), 1~8"),
    "PRE4": ("forced vital capacity, FVC (L)", "노력성 폐활량 FVC(L)"),
    "PRE5": ("forced expiratory volume in 1 s, FEV1 (L)", "1초간 노력성 호기량 FEV1(L)"),
    "PRE6": ("performance status (Zubrod), 0-2", "전신 수행 능력(Zubrod), 0~2"),
    "PRE7": ("pain before surgery", "수술 전 통증"),
    "PRE8": ("haemoptysis before surgery", "수술 전 객혈"),
    "PRE9": ("dyspnoea before surgery", "수술 전 호흡곤란"),
    "PRE10": ("cough before surgery", "수술 전 기침"),
    "PRE11": ("weakness before surgery", "수술 전 무력감"),
    "PRE14": ("tumour size, T in TNM, 11-14", "종양 크기(TNM의 T), 11~14"),
    "PRE17": ("type 2 diabetes", "제2형 당뇨병"),
    "PRE19": ("myocardial infarction within 6 months", "6개월 이내 심근경색"),
    "PRE25": ("peripheral arterial disease", "말초동맥질환"),
    "PRE30": ("smoking", "흡연"),
    "PRE32": ("asthma", "천식"),
    "AGE": ("age at surgery (years)", "수술 시 나이(세)"),
    "Risk1Yr": ("died within one year of surgery (1) or not (0)", "수술 후 1년 이내 사망(1) 여부"),
}
_BINARY = ("PRE7", "PRE8", "PRE9", "PRE10", "PRE11", "PRE17", "PRE19", "PRE25", "PRE30", "PRE32")
_FLOAT = ("PRE4", "PRE5")


# --------------------------------------------------------------------------- ARFF
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


def encode_rows(attributes: list[tuple[str, Any]], rows: list[list[str]], *,
                n_rows: int = N_ROWS) -> tuple[np.ndarray, np.ndarray]:
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
        for j, (name, value) in enumerate(zip(expected, row)):
            if name == "DGN":
                v = _code(r"DGN(\d)", value, range(1, 9))
            elif name == "PRE6":
                v = _code(r"PRZ(\d)", value, range(0, 3))
            elif name == "PRE14":
                v = _code(r"OC1(\d)", value, range(1, 5))
                v = None if v is None else 10 + v
            elif name in _BINARY or name == TARGET_NAME:
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
    return _cache_dir(cache_dir, create=False) / "thoracic" / ARFF_NAME


def _real(cache_dir: Any) -> tuple[np.ndarray, np.ndarray]:
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
            atomic_write_bytes(path, data)
            return table
    try:
        blob = _cache.download(URL)
    except Exception as exc:
        # download() does nothing but network I/O: any OSError (URLError, timeout,
        # refused connection, ...) or HTTP protocol error means the network failed
        if isinstance(exc, OSError) or is_network_error(exc):
            raise DataUnavailableError(f"{type(exc).__name__}: {exc}") from exc
        raise
    try:
        data = extract_arff(blob)
        table = _decode(data)
    except DataFormatError as exc:
        raise DataFormatError(f"the file downloaded from {URL} is not the UCI Thoracic Surgery data: {exc}") from exc
    atomic_write_bytes(path, data)  # only a checked file is ever cached
    return table


# --------------------------------------------------------------------------- stand-in
_DGN_COUNTS = {1: 1, 2: 52, 3: 349, 4: 47, 5: 15, 6: 4, 8: 2}
_BINARY_RATES = {"PRE7": 31, "PRE8": 68, "PRE9": 31, "PRE10": 323, "PRE11": 78, "PRE17": 35,
                 "PRE19": 2, "PRE25": 8, "PRE30": 386, "PRE32": 2}


def make_thoracic(n: int = N_ROWS, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Generate a stand-in with the UCI schema: ``(X float64 (n, 16), y int64 (n,))``.

    The marginal distributions follow UCI's summary statistics (diagnosis codes,
    performance status, tumour sizes, symptom and comorbidity rates, age, FVC,
    FEV1 with a few implausible entries like the real file). One-year death depends
    on performance status, tumour size, symptoms, comorbidities, age and FEV1 through a
    noisy risk score; exactly ``round(n * 70 / 470)`` patients (70 of 470) die, so
    a small model can learn part of the signal but not all of it.

    Example:
        >>> X, y = make_thoracic(seed=0)
        >>> X.shape, int(y.sum()), sorted(set(X[:, 5].tolist()))
        ((470, 16), 70, [0.0, 1.0])
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x7A0]))
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    X = np.zeros((n, len(FEATURE_NAMES)))
    frail = rng.standard_normal(n)  # a hidden "frailty" that links symptoms, status and risk
    codes, counts = zip(*_DGN_COUNTS.items())
    X[:, col["DGN"]] = rng.choice(codes, n, p=np.array(counts) / sum(counts))
    # performance status: frailer patients score worse; quantiles keep 130/313/27 of 470
    status = frail + 0.7 * rng.standard_normal(n)
    cut = np.quantile(status, [130 / 470, 443 / 470])
    X[:, col["PRE6"]] = np.digitize(status, cut)
    size = rng.choice([11, 12, 13, 14], n, p=np.array([177, 257, 19, 17]) / 470)
    X[:, col["PRE14"]] = size
    for name, count in _BINARY_RATES.items():
        p = count / 470
        link = 0.8 if name in ("PRE7", "PRE8", "PRE9", "PRE11") else 0.3
        logit = np.log(p / (1 - p)) + link * frail - 0.5 * link ** 2
        X[:, col[name]] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    age = np.clip(np.round(rng.normal(62.5, 8.7, n) + 1.5 * frail), 21, 87)
    X[:, col["AGE"]] = age
    fvc = np.clip(rng.normal(3.3, 0.8, n) - 0.012 * (age - 62.5) - 0.2 * frail, 1.4, 6.3)
    fev1 = fvc * np.clip(rng.normal(0.76, 0.08, n), 0.45, 0.98)
    X[:, col["PRE4"]] = np.round(fvc, 2)
    wrong = rng.random(n) < 15 / 470  # like the real file: FEV1 typed without its decimal point
    X[:, col["PRE5"]] = np.round(np.where(wrong, rng.uniform(50, 86.3, n), fev1), 2)
    score = (0.75 * X[:, col["PRE6"]] + 0.55 * (size - 11) + 0.6 * X[:, col["PRE9"]]
             + 0.5 * X[:, col["PRE8"]] + 0.45 * X[:, col["PRE11"]] + 0.6 * X[:, col["PRE17"]]
             + 1.2 * X[:, col["PRE19"]] + 0.7 * X[:, col["PRE25"]] + 0.35 * X[:, col["PRE30"]]
             + 0.035 * (age - 62.5) - 0.45 * (fev1 - 2.5) + 0.3 * np.isin(X[:, col["DGN"]], (4, 5, 8))
             + 0.35 * frail)
    noisy = score + rng.logistic(0, 1.2, n)
    y = np.zeros(n, dtype=np.int64)
    y[np.argsort(-noisy, kind="stable")[: int(round(n * 70 / 470))]] = 1
    return X, y


def _standin(seed: int, cache_dir: Any) -> tuple[np.ndarray, np.ndarray]:
    n = SIZES["thoracic"]

    def generate():
        X, y = make_thoracic(n, seed=seed)
        return {"X": X, "y": y}

    a = cached_standin("thoracic", seed, cache_dir, {"X": ((n, len(FEATURE_NAMES)), "float64"),
                                                      "y": ((n,), "int64")}, generate)
    return a["X"], a["y"]


def to_frame(X: np.ndarray, y: np.ndarray):
    """Return ``(DataFrame, Series)``: named columns, integer codes as ``int64``, FVC/FEV1 as ``float64``.

    Example:
        >>> X, y = make_thoracic(seed=0)
        >>> frame, target = to_frame(X, y)
        >>> list(frame.columns[:3]), str(frame["DGN"].dtype), target.name
        (['DGN', 'PRE4', 'PRE5'], 'int64', 'Risk1Yr')
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is a dependency
        raise ImportError("as_frame=True needs pandas: pip install pandas") from exc
    columns = {name: (X[:, j].astype(np.float64) if name in _FLOAT else X[:, j].astype(np.int64))
               for j, name in enumerate(FEATURE_NAMES)}
    return pd.DataFrame(columns), pd.Series(y.astype(np.int64), name=TARGET_NAME)


def load_thoracic(as_frame: bool = False, *, mode: str | None = None, cache_dir: Any = None, seed: int = 0):
    """Load the thoracic-surgery data: ``(X, y)`` with the 16 features of :data:`FEATURE_NAMES`.

    Args:
        as_frame: return a pandas ``DataFrame`` (named columns) and ``Series``
            (named ``"Risk1Yr"``) instead of NumPy arrays.
        mode: ``"real"``, ``"standin"`` or ``"auto"``; ``None`` (default) reads
            ``KERAS_BOOK_DATA``. See :mod:`helpers.data`.
        cache_dir: the cache folder (default ``$KERAS_BOOK_CACHE`` or
            ``~/.keras/keras_book_data``); the real file is kept at
            ``<cache_dir>/thoracic/ThoraricSurgery.arff``.
        seed: seed of the stand-in (ignored for the real data).

    Returns:
        ``X``: ``float64`` array ``(470, 16)`` coded as in the table of
        :mod:`helpers.data.thoracic`; ``y``: ``int64`` array, 1 = died within one year.
        The stand-in has the same schema, 470 rows and 70 deaths.

    Raises:
        DataUnavailableError: ``mode="real"`` and the file can be neither found nor downloaded.
        DataFormatError: ``mode="real"`` and the file is not the UCI data.

    Example:
        >>> X, y = load_thoracic(as_frame=True, mode="standin")  # doctest: +ELLIPSIS
        [helpers.data] Thoracic Surgery: serving the generated STAND-IN data (mode='standin'; ...) · 생성한 대체 데이터를 사용합니다
        >>> X.shape, y.name, round(float(y.mean()), 3)
        ((470, 16), 'Risk1Yr', 0.149)
    """
    if not isinstance(as_frame, (bool, np.bool_)):
        raise TypeError(f"as_frame: expected True or False, got {as_frame!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed: expected a non-negative integer, got {seed!r}")
    path = arff_path(cache_dir)
    fix = (f"connect to the internet and run this again (the archive is {URL}), or put "
           f"{ARFF_NAME} (or the whole archive as {ZIP_NAME}) in {path.parent}")
    X, y = _serve.serve("thoracic", "Thoracic Surgery", mode,
                        real=lambda: _real(cache_dir),
                        standin=lambda: _standin(int(seed), cache_dir),
                        size=f"{SIZES['thoracic']} patients", fix=fix)
    return to_frame(X, y) if as_frame else (X, y)
