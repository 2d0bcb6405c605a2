"""How every loader serves its data: pick the mode, try the real data, fall back loudly.

All messages go to **stdout**: the book build fails on anything written to stderr,
so even the "loud warning" of the automatic fallback is a printed banner, not a
:mod:`warnings` warning.

Example:
    >>> resolve_mode("STANDIN")
    'standin'
"""
from __future__ import annotations

import os
from typing import Any, Callable

from helpers._checks import one_of
from helpers.data import ENV_VAR, MODES, data_mode, record_served
from helpers.data._cache import DataFormatError, DataUnavailableError

RULE = "=" * 78


def resolve_mode(mode: Any) -> str:
    """Return the mode to use: ``mode`` if given, else the one ``KERAS_BOOK_DATA`` chooses.

    Example:
        >>> resolve_mode("real")
        'real'
    """
    if mode is None:
        return data_mode()
    if not isinstance(mode, str):
        raise TypeError(f"mode: expected one of {', '.join(map(repr, MODES))} or None, got {type(mode).__name__}")
    return one_of("mode", mode.strip().lower(), MODES)


def _why(mode_arg: Any, mode: str) -> str:
    if mode_arg is not None:
        return f"mode={mode!r}"
    raw = os.environ.get(ENV_VAR, "").strip()
    return f"{ENV_VAR}={raw}" if raw else f"{ENV_VAR} unset, so auto"


def standin_banner(title: str, why: str, size: str) -> None:
    """Print the one-line banner shown whenever stand-in data is served.

    Example:
        >>> standin_banner("MNIST", "KERAS_BOOK_DATA=standin", "12,000 train + 2,000 test images")
        [helpers.data] MNIST: serving the generated STAND-IN data (KERAS_BOOK_DATA=standin; 12,000 train + 2,000 test images) · 생성한 대체 데이터를 사용합니다
    """
    print(f"[helpers.data] {title}: serving the generated STAND-IN data ({why}; {size}) · "
          f"생성한 대체 데이터를 사용합니다", flush=True)


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
        f"  To choose explicitly: {ENV_VAR}=real (fail instead of falling back) or "
        f"{ENV_VAR}=standin (never download).",
        RULE,
    ]
    print("\n".join(lines), flush=True)


def serve(name: str, title: str, mode_arg: Any, *, real: Callable[[], Any], standin: Callable[[], Any],
          size: str, fix: str) -> Any:
    """Serve data set ``name`` in the chosen mode and record what was served.

    ``real()`` returns the real data or raises :class:`DataUnavailableError` (network)
    or :class:`DataFormatError` (a wrong file). ``fix`` tells the learner how to get
    the real data (connect, or put the file at a path).

    Example:
        >>> serve("mnist", "MNIST", "standin", real=lambda: "real", standin=lambda: "fake",
        ...       size="3 images", fix="connect")
        [helpers.data] MNIST: serving the generated STAND-IN data (mode='standin'; 3 images) · 생성한 대체 데이터를 사용합니다
        'fake'
    """
    mode = resolve_mode(mode_arg)
    if mode == "standin":
        standin_banner(title, _why(mode_arg, mode), size)
        data = standin()
        record_served(name, "standin")
        return data
    try:
        data = real()
    except DataUnavailableError as exc:
        if mode == "real":
            raise DataUnavailableError(
                f"{title}: the real data could not be downloaded ({exc}) and {_why(mode_arg, mode)} "
                f"forbids the stand-in. What to do: {fix}; or set {ENV_VAR}=standin (or pass "
                f"mode='standin') to use the generated stand-in data.") from exc
        fallback_banner(title, str(exc), size, fix)
    except DataFormatError as exc:
        if mode == "real":
            raise
        fallback_banner(title, f"the file is not the expected data: {exc}", size, fix)
    else:
        record_served(name, "real")
        return data
    data = standin()
    record_served(name, "standin")
    return data
