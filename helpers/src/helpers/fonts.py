"""Korean text in Matplotlib figures.

Matplotlib's default font, DejaVu Sans, has no Hangul, so Korean labels come out
as empty boxes with a "Glyph ... missing" warning. This module registers the
NanumGothic font that ships *inside* this package (SIL OFL 1.1), so it works the
same on CI, on a fresh machine and on Colab, with no system package, no download,
no ``distutils`` and no runtime restart.

Convention: the font family list is ``["DejaVu Sans", "NanumGothic"]``. Matplotlib
(3.6 and later) falls back glyph by glyph, so Latin letters, digits and the minus
sign come from DejaVu Sans and Hangul comes from NanumGothic.

Example:
    >>> use_korean_font()
    'NanumGothic'
"""

from __future__ import annotations

from pathlib import Path

_FONT_NAME = "NanumGothic"
_FONT_FILE = Path(__file__).with_name("_fontdata") / "NanumGothic.ttf"


def _font_path() -> Path:
    """Return the path of the bundled NanumGothic TrueType file.

    Example:
        >>> _font_path().name
        'NanumGothic.ttf'
    """
    if not _FONT_FILE.is_file():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"The bundled Korean font is missing at {_FONT_FILE}. Reinstall keras-book-helpers.")
    return _FONT_FILE


def use_korean_font() -> str:
    """Register the bundled Korean font with Matplotlib and make it the Hangul fallback.

    Safe to call more than once. Returns the font family name.

    Example:
        >>> import matplotlib
        >>> use_korean_font()
        'NanumGothic'
        >>> matplotlib.rcParams["font.family"][-1]
        'NanumGothic'
    """
    import matplotlib
    from matplotlib import font_manager

    path = str(_font_path())
    known = {Path(f.fname).resolve() for f in font_manager.fontManager.ttflist}
    if Path(path).resolve() not in known:
        font_manager.fontManager.addfont(path)
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", _FONT_NAME]
    return _FONT_NAME
