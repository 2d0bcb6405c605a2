import io
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

from helpers import fonts


def render(text: str) -> np.ndarray:
    fig = plt.figure(figsize=(1, 1), dpi=60)
    fig.text(0.5, 0.5, text, fontsize=30, ha="center", va="center")
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., 0].copy()
    plt.close(fig)
    return pixels


def test_font_file_is_bundled_and_registered():
    fonts.use_korean_font()
    files = [f.fname for f in font_manager.fontManager.ttflist if f.name == "NanumGothic"]
    path = next(p for p in map(Path, files) if p.parent.name == "_fontdata" and p.parent.parent.name == "helpers")
    assert path.is_file() and path.stat().st_size > 1_000_000


def test_use_korean_font_is_idempotent():
    n_before = None
    for _ in range(2):
        assert fonts.use_korean_font() == "NanumGothic"
        n = sum(1 for f in font_manager.fontManager.ttflist if f.name == "NanumGothic")
        assert n_before is None or n == n_before
        n_before = n
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "NanumGothic"]


def test_hangul_renders_without_missing_glyph_warnings(caplog):
    fonts.use_korean_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would raise here
        fig, ax = plt.subplots()
        ax.set_xlabel("에포크 · epoch")
        ax.set_title("손실 −1.5")
        fig.savefig(io.BytesIO(), format="png")
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    # Real glyphs, not identical "tofu" boxes: different syllables draw differently.
    a, b = render("한"), render("글")
    assert (a < 128).sum() > 20 and (b < 128).sum() > 20
    assert not np.array_equal(a, b)
