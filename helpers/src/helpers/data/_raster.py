"""Small NumPy drawing tools for the generated stand-in data sets (no SciPy, no Agg).

- :func:`rasterize` fills batches of polygons (non-zero winding rule, so glyphs keep
  their holes) with anti-aliased edges, using scanlines: its cost grows with
  edges x rows, not edges x pixels, so thousands of small images take well under a second.
- :func:`glyph_contours` turns a character of a font file into polygons by
  flattening the outline's Bezier curves (via :class:`matplotlib.textpath.TextPath`).
- :func:`gaussian_blur`, :func:`bilinear_sample` and :func:`smooth_field` are the
  helpers that the digit and garment generators share.

Everything here is deterministic: the same inputs give the same bytes.

Example:
    >>> import numpy as np
    >>> square = np.array([[[2.0, 2.0], [6.0, 2.0], [6.0, 6.0], [2.0, 6.0]]])
    >>> img = rasterize([square], 8, 8)
    >>> img.shape, float(img[0].sum())
    ((1, 8, 8), 16.0)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rasterize(contours: Sequence[np.ndarray], height: int, width: int, *, subrows: int = 4) -> np.ndarray:
    """Fill closed polygons, batched, and return coverage in ``[0, 1]`` of shape ``(B, H, W)``.

    Args:
        contours: arrays of shape ``(B, V, 2)`` -- one closed contour per array for each
            of the ``B`` images, vertices as ``(x, y)`` in pixel units (x to the right,
            y downwards; pixel ``(i, j)`` covers ``[j, j+1) x [i, i+1)``). All contours
            of one image are filled together with the non-zero winding rule; holes
            must run the other way round than the outline that holds them.
        height, width: the image size in pixels.
        subrows: scanlines per pixel row (vertical anti-aliasing); horizontal
            anti-aliasing is exact.

    Example:
        >>> tri = np.array([[[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]]])
        >>> round(float(rasterize([tri], 4, 4).sum()), 2)
        8.0
    """
    if not contours:
        raise ValueError("contours: expected at least one (B, V, 2) array")
    batch = contours[0].shape[0]
    rows = height * subrows
    ys = (np.arange(rows, dtype=np.float64) + 0.5) / subrows
    stride = width + 2
    index_parts, weight_parts = [], []
    for poly in contours:
        poly = np.asarray(poly, dtype=np.float64)
        if poly.ndim != 3 or poly.shape[0] != batch or poly.shape[2] != 2:
            raise ValueError(f"contours: expected arrays of shape ({batch}, V, 2), got {poly.shape}")
        x0, y0 = poly[:, :, 0], poly[:, :, 1]
        x1, y1 = np.roll(x0, -1, axis=1), np.roll(y0, -1, axis=1)
        lo, hi = np.minimum(y0, y1), np.maximum(y0, y1)
        # the scanlines an edge crosses: [ceil(lo*s - 0.5), ceil(hi*s - 0.5))
        r_lo = np.clip(np.ceil(lo * subrows - 0.5), 0, rows).astype(np.int64)
        r_hi = np.clip(np.ceil(hi * subrows - 0.5), 0, rows).astype(np.int64)
        counts = (r_hi - r_lo).ravel()
        total = int(counts.sum())
        if total == 0:
            continue
        edge = np.repeat(np.arange(counts.size), counts)
        start = np.repeat(np.cumsum(counts) - counts, counts)
        r = np.repeat(r_lo.ravel(), counts) + (np.arange(total) - start)
        ex0, ey0, ex1, ey1 = (a.ravel()[edge] for a in (x0, y0, x1, y1))
        y = ys[r]
        x = np.clip(ex0 + (y - ey0) * (ex1 - ex0) / (ey1 - ey0), 0.0, float(width))
        direction = np.where(ey1 > ey0, 1.0, -1.0) / subrows
        j = np.minimum(np.floor(x).astype(np.int64), width)
        frac = x - j
        # sub-scanlines are summed into their pixel row before the running sum
        base = ((edge // poly.shape[1]) * height + r // subrows) * stride + j
        index_parts += [base, base + 1]
        weight_parts += [direction * (1.0 - frac), direction * frac]
    if not index_parts:
        return np.zeros((batch, height, width), dtype=np.float32)
    acc = np.bincount(
        np.concatenate(index_parts), weights=np.concatenate(weight_parts), minlength=batch * height * stride
    )
    winding = np.cumsum(acc.reshape(batch, height, stride), axis=2)[:, :, :width]
    return np.clip(np.abs(winding), 0.0, 1.0).astype(np.float32)


def glyph_contours(char: str, font_file: str, *, steps: int = 6) -> list[np.ndarray]:
    """Return the outline of ``char`` in ``font_file`` as polygons (y up, font units of 1).

    Bezier curves are flattened into ``steps`` line segments each.

    Example:
        >>> import matplotlib, os
        >>> font = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
        >>> len(glyph_contours("8", font))  # outer outline and two holes
        3
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    path = TextPath((0, 0), char, size=1, prop=FontProperties(fname=font_file))
    contours: list[list] = []
    current: list = []
    ts = np.linspace(0, 1, steps + 1)[1:]
    for bezier, code in path.iter_bezier():
        if code == Path.MOVETO:
            if len(current) > 2:
                contours.append(current)
            current = [bezier.control_points[0]]
        elif code == Path.CLOSEPOLY:
            if len(current) > 2:
                contours.append(current)
            current = []
        elif bezier.degree == 1:
            current.append(bezier.control_points[-1])
        else:
            current.extend(bezier(ts))
    if len(current) > 2:
        contours.append(current)
    return [np.asarray(c, dtype=np.float64) for c in contours]


def gaussian_kernel_matrix(size: int, sigma: float) -> np.ndarray:
    """Return the ``(size, size)`` matrix that blurs a signal with a Gaussian (zero padding).

    Example:
        >>> gaussian_kernel_matrix(5, 1.0).shape
        (5, 5)
    """
    idx = np.arange(size)
    g = np.exp(-0.5 * ((idx[:, None] - idx[None, :]) / sigma) ** 2)
    radius = int(np.ceil(3 * sigma))
    g[np.abs(idx[:, None] - idx[None, :]) > radius] = 0.0
    return g / g.sum(axis=1, keepdims=True).max()


def gaussian_blur(images: np.ndarray, sigma: float) -> np.ndarray:
    """Blur a batch of images ``(B, H, W)`` with a Gaussian of ``sigma`` pixels.

    Example:
        >>> img = np.zeros((1, 9, 9)); img[0, 4, 4] = 1
        >>> round(float(gaussian_blur(img, 1.0).sum()), 3)
        1.0
    """
    gh = gaussian_kernel_matrix(images.shape[1], sigma)
    gw = gaussian_kernel_matrix(images.shape[2], sigma)
    return np.einsum("ij,bjk,lk->bil", gh, images, gw, optimize=True)


def bilinear_sample(images: np.ndarray, index: np.ndarray, ys: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """Sample ``images[index]`` at fractional pixel centres ``(ys, xs)``; zero outside.

    ``ys`` and ``xs`` have shape ``(B, H', W')``; coordinates are in pixel units with
    pixel centres at integers.

    Example:
        >>> img = np.arange(4.0).reshape(1, 2, 2)
        >>> float(bilinear_sample(img, np.array([0]), np.array([[[0.5]]]), np.array([[[0.5]]]))[0, 0, 0])
        1.5
    """
    _, h, w = images.shape
    # a zero border makes every out-of-range sample read zeros, with no masks
    flat = np.pad(images.astype(np.float32), ((0, 0), (2, 2), (2, 2))).reshape(-1)
    ys = np.clip(ys, -1.0, float(h)).astype(np.float32)
    xs = np.clip(xs, -1.0, float(w)).astype(np.float32)
    y0 = np.floor(ys)
    x0 = np.floor(xs)
    fy = ys - y0
    fx = xs - x0
    stride = w + 4
    base = (index.astype(np.int64) * ((h + 4) * stride))[:, None, None]
    i00 = base + (y0.astype(np.int64) + 2) * stride + (x0.astype(np.int64) + 2)
    top = flat[i00] * (1 - fx) + flat[i00 + 1] * fx
    bottom = flat[i00 + stride] * (1 - fx) + flat[i00 + stride + 1] * fx
    return top * (1 - fy) + bottom * fy


def smooth_field(
    rng: np.random.Generator, batch: int, size: int, *, knots: int = 4, scale: float | np.ndarray = 1.0
) -> np.ndarray:
    """Return ``batch`` smooth random fields of shape ``(size, size)``.

    Normal values on a ``knots x knots`` grid, interpolated smoothly (cosine) to the
    pixel grid and multiplied by ``scale`` (a number or one per image).

    Example:
        >>> f = smooth_field(np.random.default_rng(0), 2, 28)
        >>> f.shape
        (2, 28, 28)
    """
    coarse = rng.standard_normal((batch, knots, knots))
    pos = (np.arange(size) + 0.5) / size * (knots - 1)
    i0 = np.clip(np.floor(pos).astype(int), 0, knots - 2)
    t = pos - i0
    t = 0.5 - 0.5 * np.cos(np.pi * t)
    m = np.zeros((size, knots))
    m[np.arange(size), i0] = 1 - t
    m[np.arange(size), i0 + 1] += t
    field = np.einsum("ik,bkl,jl->bij", m, coarse, m, optimize=True)
    return (field * np.reshape(scale, (-1, 1, 1))).astype(np.float32)
