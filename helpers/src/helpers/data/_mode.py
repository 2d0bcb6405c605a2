"""The data-mode policy: which source a loader serves, what it says, and what was served.

The mode is chosen by one environment variable, ``KERAS_BOOK_DATA`` (or a loader's
``mode=`` argument, which wins):

- ``real`` -- the real data set; fail offline with a message that says what to do;
- ``standin`` -- never touch the network; serve the generated stand-in data;
- ``auto`` (the default, also when the variable is unset or empty) -- try the real
  data, and on a network failure fall back to the stand-in with a loud warning.

All messages go to **stdout**: the book build fails on anything written to stderr,
so even the "loud warning" of the automatic fallback is a printed banner, not a
:mod:`warnings` warning. Apart from the data sets' names, this module knows nothing
about them: the loaders in :mod:`helpers.data` hand :func:`serve` two functions, one
per source.

Example:
    >>> choose_mode("STANDIN")
    ('standin', "mode='standin'")
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from helpers._checks import one_of
from helpers.data._cache import DataFormatError, DataUnavailableError
from helpers.data._schema import TITLES

ENV_VAR = "KERAS_BOOK_DATA"
MODES = ("auto", "real", "standin")
RULE = "=" * 78

_served: dict[str, str] = {}


def data_mode() -> str:
    """Return the data mode chosen by ``KERAS_BOOK_DATA``: ``auto``, ``real`` or ``standin``.

    An unknown value raises ``ValueError`` naming the variable.

    Example:
        >>> os.environ["KERAS_BOOK_DATA"] = "auto"
        >>> data_mode()
        'auto'
    """
    raw = os.environ.get(ENV_VAR, "").strip().lower() or "auto"
    return one_of(ENV_VAR, raw, MODES)


def choose_mode(mode_arg: Any) -> tuple[str, str]:
    """Return ``(mode, why)``: ``mode_arg`` if given, else what ``KERAS_BOOK_DATA`` chooses.

    ``why`` says where the choice came from, for the banners.

    Example:
        >>> os.environ["KERAS_BOOK_DATA"] = ""
        >>> choose_mode(None)
        ('auto', 'KERAS_BOOK_DATA unset, so auto')
    """
    if mode_arg is None:
        mode = data_mode()
        raw = os.environ.get(ENV_VAR, "").strip()
        return mode, (f"{ENV_VAR}={raw}" if raw else f"{ENV_VAR} unset, so auto")
    if not isinstance(mode_arg, str):
        allowed = ", ".join(map(repr, MODES))
        raise TypeError(f"mode: expected one of {allowed} or None, got {type(mode_arg).__name__}")
    mode = one_of("mode", mode_arg.strip().lower(), MODES)
    return mode, f"mode={mode!r}"


def mode_of(name: str) -> str | None:
    """Return how data set ``name`` was served in this process: ``"real"``, ``"standin"`` or ``None``.

    ``None`` means it has not been loaded yet. A chapter prints this to say which
    data its results come from.

    Example:
        >>> _record("thoracic", "standin")
        >>> mode_of("thoracic")
        'standin'
    """
    one_of("name", name, tuple(TITLES))
    return _served.get(name)


def standin_served() -> bool:
    """Return ``True`` if any stand-in data set was served in this process.

    Figures that show data carry a "stand-in data" mark when this is true
    (:func:`helpers.plots.mark_if_standin`).

    Example:
        >>> _record("mnist", "standin")
        >>> standin_served()
        True
    """
    return "standin" in _served.values()


def _record(name: str, mode: str) -> None:
    _served[name] = mode


def _reset_served() -> None:
    """Forget what was served (for tests)."""
    _served.clear()


def standin_banner(title: str, why: str, size: str) -> None:
    """Print the one-line banner shown whenever stand-in data is served.

    Example:
        >>> standin_banner("MNIST", "KERAS_BOOK_DATA=standin", "12,000 train + 2,000 test images")
        ... # doctest: +NORMALIZE_WHITESPACE
        [helpers.data] MNIST: serving the generated STAND-IN data
        (KERAS_BOOK_DATA=standin; 12,000 train + 2,000 test images) · 생성한 대체 데이터를 사용합니다
    """
    korean = "생성한 대체 데이터를 사용합니다"
    print(f"[helpers.data] {title}: serving the generated STAND-IN data ({why}; {size}) · {korean}", flush=True)


def fallback_banner(title: str, reason: str, size: str, fix: str) -> None:
    """Print the loud multi-line banner of the automatic fallback (to stdout, not stderr).

    Example:
        >>> fallback_banner("MNIST", "no network", "2 images", "connect")  # doctest: +ELLIPSIS
        ===...
        [helpers.data] WARNING · 경고 -- MNIST: the real data is not available.
        ...
    """
    lines = [
        RULE,
        f"[helpers.data] WARNING · 경고 -- {title}: the real data is not available.",
        f"  Reason: {reason}",
        f"  Serving the generated STAND-IN data instead ({size}).",
        f"  Every result below comes from the stand-in, NOT from the real {title} data.",
        f"  실제 {title} 데이터를 쓸 수 없어 생성한 대체 데이터를 사용합니다.",
        "  아래의 모든 결과는 실제 데이터가 아니라 대체 데이터에서 나온 것입니다.",
        f"  To get the real data: {fix}",
        f"  To choose explicitly: {ENV_VAR}=real (fail instead of falling back) or {ENV_VAR}=standin (never download).",
        RULE,
    ]
    print("\n".join(lines), flush=True)


def serve(
    name: str,
    title: str,
    mode_arg: Any,
    *,
    real: Callable[[], Any],
    standin: Callable[[], Any],
    size: str,
    fix: str,
) -> Any:
    """Serve data set ``name`` in the chosen mode and record what was served.

    ``real()`` returns the real data or raises :class:`DataUnavailableError` (network)
    or :class:`DataFormatError` (a wrong file). ``fix`` tells the learner how to get
    the real data (connect, or put the file at a path).

    Example:
        >>> serve("mnist", "MNIST", "standin", real=lambda: "real", standin=lambda: "fake",
        ...       size="3 images", fix="connect")  # doctest: +NORMALIZE_WHITESPACE
        [helpers.data] MNIST: serving the generated STAND-IN data (mode='standin'; 3 images)
        · 생성한 대체 데이터를 사용합니다
        'fake'
    """
    mode, why = choose_mode(mode_arg)
    if mode == "standin":
        standin_banner(title, why, size)
        data = standin()
        _record(name, "standin")
        return data
    try:
        data = real()
    except DataUnavailableError as exc:
        if mode == "real":
            raise DataUnavailableError(
                f"{title}: the real data could not be downloaded ({exc}) and {why} "
                f"forbids the stand-in. What to do: {fix}; or set {ENV_VAR}=standin (or pass "
                f"mode='standin') to use the generated stand-in data."
            ) from exc
        fallback_banner(title, str(exc), size, fix)
    except DataFormatError as exc:
        if mode == "real":
            raise
        fallback_banner(title, f"the file is not the expected data: {exc}", size, fix)
    else:
        _record(name, "real")
        return data
    data = standin()
    _record(name, "standin")
    return data
