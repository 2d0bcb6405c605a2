"""Files on disk and over the network, for :mod:`helpers.data`.

- :func:`keras_home` -- Keras' own folder (``$KERAS_HOME`` or ``~/.keras``), by Keras' rule;
- :func:`cache_dir` -- where the stand-ins and the thoracic-surgery file are kept:
  the ``cache_dir`` argument, else ``$KERAS_BOOK_CACHE``, else
  ``<keras_home>/keras_book_data``;
- :func:`atomic_write_bytes` -- write to a temporary file in the same folder, then
  :func:`os.replace` it into place: a reader never sees half a file;
- :func:`move_aside` -- a cached file that fails validation is renamed (never
  deleted), with a printed message, before it is fetched again;
- :func:`fetch` -- the one function that touches the network (through
  :func:`download`, which tests replace); :func:`is_network_error` is the one rule
  that tells a network failure from any other error.

Example:
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     atomic_write_bytes(pathlib.Path(d) / "a.txt", b"hello").read_bytes()
    b'hello'
"""

from __future__ import annotations

import http.client
import io
import os
import socket
import ssl
import tempfile
import time
import urllib.error
from pathlib import Path
from typing import Any

import numpy as np

CACHE_ENV_VAR = "KERAS_BOOK_CACHE"
USER_AGENT = "keras-book-helpers (https://github.com; data loader for a Keras course)"


class DataUnavailableError(RuntimeError):
    """The real data could not be fetched (no network, server down) and no good copy is cached.

    Its message says what to do: connect and retry, set ``KERAS_BOOK_DATA=standin``,
    or place the file by hand at the path it names.
    """


class DataFormatError(ValueError):
    """A data file (downloaded or cached) is not what it should be: wrong rows, columns or labels."""


def keras_home() -> Path:
    """Return Keras' own folder: ``$KERAS_HOME``, else ``~/.keras`` (``/tmp/.keras`` if home is read-only).

    This is the rule of Keras 3 (``keras/src/backend/config.py``); ``keras.datasets``
    keeps its files in ``<keras_home>/datasets``. Keras reads ``KERAS_HOME`` once, when
    it is imported; ``tests/unit/test_data_images.py`` fails if Keras' rule changes.

    Example:
        >>> before = os.environ.get("KERAS_HOME")
        >>> os.environ["KERAS_HOME"] = "/tmp/kh"
        >>> keras_home().as_posix()
        '/tmp/kh'
        >>> _ = os.environ.pop("KERAS_HOME") if before is None else os.environ.update(KERAS_HOME=before)
    """
    if "KERAS_HOME" in os.environ:
        return Path(os.environ["KERAS_HOME"])
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = "/tmp"
    return Path(base) / ".keras"


def cache_dir(cache_dir: Any = None, *, create: bool = True) -> Path:
    """Return the cache folder of :mod:`helpers.data` (created unless ``create=False``).

    Order: the ``cache_dir`` argument, ``$KERAS_BOOK_CACHE``, then
    ``<keras_home>/keras_book_data`` (``~/.keras/keras_book_data``). If that folder
    cannot be created, a folder under the system's temporary directory is used.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     str(cache_dir(folder)) == folder
        True
    """
    if cache_dir is not None:
        if not isinstance(cache_dir, (str, os.PathLike)):
            raise TypeError(f"cache_dir: expected a folder path (str or Path), got {type(cache_dir).__name__}")
        path = Path(cache_dir).expanduser()
    elif os.environ.get(CACHE_ENV_VAR, "").strip():
        path = Path(os.environ[CACHE_ENV_VAR].strip()).expanduser()
    else:
        path = keras_home() / "keras_book_data"
        if create:
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError:
                path = Path(tempfile.gettempdir()) / "keras_book_data"
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OSError(
                f"cache_dir: cannot create the data cache folder {path} ({exc}); "
                f"pass cache_dir=... or set {CACHE_ENV_VAR} to a writable folder"
            ) from exc
    return path


def atomic_write_bytes(path: Any, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, then ``os.replace``.

    Example:
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     atomic_write_bytes(pathlib.Path(d) / "x.bin", b"\\x00\\x01").stat().st_size
        2
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files; give the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def move_aside(path: Any, reason: str, *, then: str = "fetching it again") -> Path:
    """Rename a bad cached file to ``<name>.corrupt-<time>`` and say so on stdout; return the new path.

    Nothing is deleted: the learner can inspect the old file.

    Example:
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as d:  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
        ...     p = pathlib.Path(d) / "bad.npz"
        ...     _ = p.write_bytes(b"junk")
        ...     moved = move_aside(p, "not a zip file")
        ...     p.exists(), moved.exists()
        [helpers.data] The cached file .../bad.npz is damaged (not a zip file);
        moved it to .../bad.npz.corrupt-... and fetching it again.
        (False, True)
    """
    path = Path(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        os.replace(path, target)
    except FileNotFoundError:  # another process moved it first
        return target
    print(f"[helpers.data] The cached file {path} is damaged ({reason}); moved it to {target} and {then}.", flush=True)
    return target


def download(url: str, *, timeout: float = 30.0) -> bytes:
    """Return the bytes at ``url`` (HTTP GET): the network call that :func:`fetch` makes and tests replace.

    Example:
        >>> download("file:///dev/null")
        b''
    """
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


NETWORK_ERRORS = (
    urllib.error.URLError,
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    socket.herror,
    ssl.SSLError,
    http.client.HTTPException,
)


def is_network_error(exc: BaseException) -> bool:
    """Return ``True`` if ``exc``, or an exception it was raised from or during, is a network failure.

    ``keras.utils.get_file`` re-raises a ``URLError`` as a plain ``Exception`` inside its
    ``except`` block, so the ``URLError`` is found on the chain (``__context__``);
    no error message is read.

    Example:
        >>> import urllib.error
        >>> is_network_error(urllib.error.URLError("no route to host"))
        True
        >>> is_network_error(ValueError("bad shape"))
        False
    """
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, NETWORK_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def fetch(url: str) -> bytes:
    """Return the bytes at ``url``; a network failure becomes :class:`DataUnavailableError`.

    Example:
        >>> fetch("file:///no/such/file")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        helpers.data._cache.DataUnavailableError: URLError: ...
    """
    try:
        return download(url)
    except Exception as exc:
        if is_network_error(exc):
            raise DataUnavailableError(f"{type(exc).__name__}: {exc}") from exc
        raise


def save_npz(path: Any, **arrays: np.ndarray) -> Path:
    """Save arrays as a compressed ``.npz``, atomically.

    Example:
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     np.load(save_npz(pathlib.Path(d) / "a.npz", x=np.arange(3)))["x"].tolist()
        [0, 1, 2]
    """
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return atomic_write_bytes(path, buffer.getvalue())


def load_npz(
    path: Any, expected: dict[str, tuple[tuple | None, str]], *, then: str = "making it again"
) -> dict[str, np.ndarray] | None:
    """Load a cached ``.npz`` and check its arrays; return ``None`` if there is no file.

    ``expected`` maps each array name to ``(shape, dtype)`` (``shape=None``: any).
    A file that cannot be read or does not match is moved aside (see
    :func:`move_aside`) and ``None`` is returned, so the caller makes it again.

    Example:
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = save_npz(pathlib.Path(d) / "a.npz", x=np.zeros(2, np.uint8))
        ...     load_npz(p, {"x": ((2,), "uint8")})["x"].tolist()
        [0, 0]
    """
    path = Path(path)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as f:
            out = {}
            for name, (shape, dtype) in expected.items():
                if name not in f.files:
                    raise DataFormatError(f"array {name!r} is missing")
                arr = f[name]
                if (shape is not None and arr.shape != tuple(shape)) or arr.dtype != np.dtype(dtype):
                    raise DataFormatError(
                        f"array {name!r} has shape {arr.shape} and dtype {arr.dtype}, expected {shape} and {dtype}"
                    )
                out[name] = arr
        return out
    except Exception as exc:  # zipfile.BadZipFile, EOFError, ValueError, OSError, DataFormatError
        move_aside(path, f"{type(exc).__name__}: {exc}", then=then)
        return None
