"""The digit stand-in: MNIST-like 28x28 digits rendered from Matplotlib's bundled fonts.

How one image is made:

1. a *bank* holds every digit 0-9 of about twenty bundled fonts (DejaVu, STIX,
   Computer Modern; regular, bold, italic, mono, serif), filled with
   :func:`~helpers.data._raster.rasterize` at three times the final resolution,
   scaled like MNIST so that the glyph fits a 20x20 box, then blurred;
2. each sample draws a glyph and warps it: rotation, scale, aspect, slant (shear),
   translation, and a smooth random elastic displacement, sampled bilinearly;
3. a per-sample threshold on the blurred glyph varies the stroke width, a smooth
   field varies the "pen pressure", and a little noise is added;
4. white on black, ``uint8`` in ``0..255``, centred by the glyph's centre of mass.

Example:
    >>> x, y = make_digits(20, seed=1)
    >>> x.shape, x.dtype, y.dtype
    ((20, 28, 28), dtype('uint8'), dtype('uint8'))
"""

from __future__ import annotations

import functools
import os

import numpy as np

from helpers.data._raster import bilinear_sample, gaussian_blur, glyph_contours, rasterize, smooth_field

SIZE = 28
UP = 3  # bank resolution = UP x output resolution
BOX = 20  # like MNIST: the digit is scaled to fit a 20x20 box
FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
    "DejaVuSansMono-Oblique.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic.ttf",
    "STIXGeneral.ttf",
    "STIXGeneralBol.ttf",
    "STIXGeneralItalic.ttf",
    "STIXGeneralBolIta.ttf",
    "cmr10.ttf",
    "cmb10.ttf",
    "cmss10.ttf",
    "cmtt10.ttf",
    "cmti10.ttf",
)


def _font_paths() -> list[str]:
    import matplotlib

    root = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
    paths = [os.path.join(root, f) for f in FONT_FILES if os.path.exists(os.path.join(root, f))]
    if len(paths) < 4:
        raise RuntimeError(f"digit stand-in: found only {len(paths)} of Matplotlib's bundled fonts in {root}")
    return paths


@functools.lru_cache(maxsize=1)
def glyph_bank() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(images, labels, centres)``: every digit of every font, blurred, at 84x84.

    ``centres`` holds each glyph's centre of mass ``(y, x)`` in bank pixels.

    Example:
        >>> images, labels, centres = glyph_bank()
        >>> images.shape[1:], sorted(set(labels.tolist())) == list(range(10))
        ((84, 84), True)
    """
    big = SIZE * UP
    box = BOX * UP
    images, labels = [], []
    for font in _font_paths():
        for digit in range(10):
            contours = glyph_contours(str(digit), font)
            pts = np.concatenate(contours)
            lo, hi = pts.min(axis=0), pts.max(axis=0)
            scale = box / max(hi[0] - lo[0], hi[1] - lo[1])
            mid = (lo + hi) / 2
            polys = []
            for c in contours:
                x = (c[:, 0] - mid[0]) * scale + big / 2
                y = (mid[1] - c[:, 1]) * scale + big / 2  # font y is up, image y is down
                polys.append(np.stack([x, y], axis=1)[None])
            cover = rasterize(polys, big, big, subrows=2)  # all contours together: holes stay
            images.append(cover[0])
            labels.append(digit)
    images = gaussian_blur(np.stack(images), sigma=0.9 * UP).astype(np.float32)
    ii = np.arange(big, dtype=np.float64)
    mass = images.sum(axis=(1, 2))
    cy = np.einsum("bij,i->b", images, ii) / mass
    cx = np.einsum("bij,j->b", images, ii) / mass
    return images, np.asarray(labels, dtype=np.uint8), np.stack([cy, cx], axis=1)


def make_digits(n: int, seed: int = 0, *, chunk: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """Generate ``n`` MNIST-like digits: ``(images uint8 (n, 28, 28), labels uint8 (n,))``.

    Labels are balanced (``n // 10`` or one more per digit) and shuffled. The same
    ``n`` and ``seed`` give the same bytes.

    Example:
        >>> x, y = make_digits(10, seed=0)
        >>> sorted(y.tolist())
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """
    bank, bank_labels, centres = glyph_bank()
    by_digit = np.stack([np.flatnonzero(bank_labels == d) for d in range(10)])  # (10, fonts)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0xD161]))
    labels = rng.permutation(np.arange(n) % 10).astype(np.uint8)
    images = np.empty((n, SIZE, SIZE), dtype=np.uint8)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        images[lo:hi] = _render(rng, labels[lo:hi], bank, by_digit, centres)
    return images, labels


def _render(rng, labels, bank, by_digit, centres):
    b = labels.shape[0]
    pick = by_digit[labels, rng.integers(0, by_digit.shape[1], b)]
    theta = np.deg2rad(np.clip(rng.normal(0, 8, b), -25, 25))
    scale = rng.uniform(0.82, 1.06, b)
    aspect = np.exp(np.clip(rng.normal(0, 0.10, b), -0.3, 0.3))
    shear = np.clip(rng.normal(0.06, 0.18, b), -0.45, 0.55)
    shift = np.clip(rng.normal(0, 0.9, (b, 2)), -2.5, 2.5)
    # forward map A = R(theta) @ Shear @ diag(sx, sy); sample with its inverse
    sx, sy = scale * aspect, scale / aspect
    c, s = np.cos(theta), np.sin(theta)
    a = np.empty((b, 2, 2))
    a[:, 0, 0] = c * sx
    a[:, 0, 1] = (c * shear - s) * sy
    a[:, 1, 0] = s * sx
    a[:, 1, 1] = (s * shear + c) * sy
    inv = np.linalg.inv(a)
    inv = inv.astype(np.float32)
    shift = shift.astype(np.float32)
    grid = np.arange(SIZE, dtype=np.float32) + 0.5 - SIZE / 2
    gx = np.broadcast_to(grid[None, None, :], (b, SIZE, SIZE)) - shift[:, 0, None, None]
    gy = np.broadcast_to(grid[None, :, None], (b, SIZE, SIZE)) - shift[:, 1, None, None]
    amp = rng.uniform(0.3, 1.1, b)
    gx = gx + smooth_field(rng, b, SIZE, knots=4, scale=amp)
    gy = gy + smooth_field(rng, b, SIZE, knots=4, scale=amp)
    src_x = inv[:, 0, 0, None, None] * gx + inv[:, 0, 1, None, None] * gy
    src_y = inv[:, 1, 0, None, None] * gx + inv[:, 1, 1, None, None] * gy
    cen = centres[pick].astype(np.float32)
    ys = cen[:, 0, None, None] + UP * src_y - 0.5
    xs = cen[:, 1, None, None] + UP * src_x - 0.5
    v = bilinear_sample(bank, pick, ys, xs)
    # stroke width: a lower threshold on the blurred glyph gives a thicker stroke
    thresh = rng.uniform(0.12, 0.5, b)[:, None, None]
    soft = rng.uniform(0.12, 0.22, b)[:, None, None]
    ink = np.clip((v - thresh) / soft + 0.5, 0.0, 1.0)
    ink = ink * ink * (3 - 2 * ink)
    pressure = np.clip(0.85 + smooth_field(rng, b, SIZE, knots=3, scale=0.15), 0.55, 1.0)
    peak = rng.uniform(0.8, 1.0, b)[:, None, None]
    out = ink * pressure * peak
    noise = rng.standard_normal(out.shape, dtype=np.float32) * np.float32(0.06) * (out > 0.05)
    out = np.clip(out + noise, 0.0, 1.0)
    return np.round(out * 255).astype(np.uint8)
