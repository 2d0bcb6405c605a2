"""The garment stand-in: Fashion-MNIST-like 28x28 silhouettes of ten kinds of clothing.

Classes, in Fashion-MNIST's order: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress,
4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.

Each image is a few filled polygons (silhouette, then details such as necklines,
collars, zips, button plackets, cuffs, soles, straps and handles) whose every size
and angle is drawn at random, moved by a small random affine map and a smooth
elastic distortion, then given a brightness, a texture (plain, stripes, checks,
speckle, gradient or a print) and noise. As in Fashion-MNIST, the tops are
genuinely confusable: shirts have short or long sleeves and only sometimes a
collar or buttons, some T-shirts and pullovers have collars or zips, some coats
have no visible closure. With the strong, varied fabric textures this is what
makes a plain MLP visibly overfit within 20 epochs.

Example:
    >>> x, y = make_garments(20, seed=1)
    >>> x.shape, x.dtype, int(y.max()) <= 9
    ((20, 28, 28), dtype('uint8'), True)
"""

from __future__ import annotations

import numpy as np

from helpers.data._raster import rasterize, smooth_field

SIZE = 28
CX = SIZE / 2


def _poly(*points) -> np.ndarray:
    """Stack per-sample vertices ``(x, y)`` (each coordinate a number or a (B,) array) into (B, V, 2)."""
    b = max(np.size(c) for p in points for c in p)
    xs = np.stack([np.broadcast_to(np.asarray(p[0], dtype=np.float64), (b,)) for p in points], axis=1)
    ys = np.stack([np.broadcast_to(np.asarray(p[1], dtype=np.float64), (b,)) for p in points], axis=1)
    return np.stack([xs, ys], axis=2)


def _mirror(points) -> list:
    """The left half of a symmetric outline, mirrored about the centre (reversed order)."""
    return [(2 * CX - x, y) for x, y in reversed(points)]


def _rect(x0, y0, x1, y1):
    return _poly((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _ellipse(cx, cy, rx, ry, n=12, start=0.0, stop=2 * np.pi):
    t = np.linspace(start, stop, n, endpoint=stop - start < 2 * np.pi - 1e-9)
    return [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in t]


def _layer(contours, value, present=True):
    return (list(contours), value, present)


# --------------------------------------------------------------------------- tops
def _top(rng, b, *, sleeve: str, y1_range, flare=(0.0, 1.0)):
    """Body + sleeves + neckline for T-shirts, pullovers, coats and shirts.

    ``sleeve`` is "short" or "long" (or an array of booleans: True = long).
    Returns the silhouette polygon, plus the geometry the detail layers need.
    """
    u = rng.uniform
    y0 = u(0.8, 2.6, b)
    y1 = u(*y1_range, b)
    long = np.full(b, sleeve == "long") if isinstance(sleeve, str) else sleeve
    bw = np.where(long, u(5.6, 7.4, b), u(5.8, 7.8, b))  # half-width at the armpit
    hem = bw + u(*flare, b)
    sw = np.where(long, bw + u(0.8, 1.8, b), bw + u(0.0, 0.8, b))  # shoulder
    nw = u(1.8, 3.2, b)
    nd = u(0.8, 3.0, b)
    arm = y0 + u(5.0, 7.5, b)
    ang = np.where(long, np.deg2rad(u(62, 84, b)), np.deg2rad(u(20, 48, b)))
    length = np.where(long, (y1 - y0) * u(0.78, 1.0, b), u(5.0, 8.5, b))
    width = np.where(long, u(3.0, 4.2, b), u(4.5, 6.2, b))
    sh = (CX - sw, y0 + u(0.6, 1.6, b))
    out = (sh[0] - length * np.cos(ang), sh[1] + length * np.sin(ang))
    inn = (out[0] + width * np.sin(ang), out[1] + width * np.cos(ang))  # across the sleeve end
    inn = (np.minimum(inn[0], CX - bw - 0.3 * long), inn[1])
    left = [(CX - nw, y0), sh, out, inn, (CX - bw, arm), (CX - hem, y1)]
    neck = [(CX + nw * 0.55, y0 + nd * 0.85), (CX, y0 + nd), (CX - nw * 0.55, y0 + nd * 0.85)]
    outline = left + _mirror(left) + neck
    geo = dict(y0=y0, y1=y1, nw=nw, nd=nd, bw=bw, hem=hem, long=long, out=out, inn=inn, ang=ang, width=width)
    return _poly(*outline), geo


def _cuffs(geo, value, present):
    """Darker bands at the sleeve ends and the hem (ribbing)."""
    ox, oy = geo["out"]
    ix, iy = geo["inn"]
    ang = geo["ang"]
    dx, dy = -1.6 * np.cos(ang), 1.6 * np.sin(ang)  # back along the sleeve
    left = _poly((ox, oy), (ix, iy), (ix - dx, iy - dy), (ox - dx, oy - dy))
    right = _poly((2 * CX - ox, oy), (2 * CX - ox + dx, oy - dy), (2 * CX - ix + dx, iy - dy), (2 * CX - ix, iy))
    y1, hem = geo["y1"], geo["hem"]
    band = _rect(CX - hem + 0.3, y1 - 1.6, CX + hem - 0.3, y1)
    return [_layer([left], value, present), _layer([right], value, present), _layer([band], value, present)]


def _collar(geo, rng, b, value, present):
    """Two small collar points at the neck."""
    y0, nw, nd = geo["y0"], geo["nw"], geo["nd"]
    drop = rng.uniform(2.5, 4.5, b)
    left = _poly((CX - nw - 0.2, y0 + 0.1), (CX - 0.2, y0 + nd + drop * 0.5), (CX - nw - 1.0, y0 + drop))
    right = _poly((CX + nw + 0.2, y0 + 0.1), (CX + nw + 1.0, y0 + drop), (CX + 0.2, y0 + nd + drop * 0.5))
    return [_layer([left], value, present), _layer([right], value, present)]


def _placket(geo, value, present, width=0.7, start=None):
    y0 = geo["y0"] + (geo["nd"] if start is None else start)
    return _layer([_rect(CX - width / 2, y0, CX + width / 2, geo["y1"])], value, present)


def _buttons(geo, value, present, n=5):
    layers = []
    for k in range(n):
        y = geo["y0"] + geo["nd"] + 1.5 + k * (geo["y1"] - geo["y0"] - geo["nd"] - 3) / max(n - 1, 1)
        layers.append(_layer([_poly(*_ellipse(CX, y, 0.55, 0.55, n=6))], value, present))
    return layers


def _tshirt(rng, b):
    poly, geo = _top(rng, b, sleeve="short", y1_range=(23.5, 27.5), flare=(-0.4, 1.0))
    polo = rng.random(b) < 0.3
    layers = [_layer([poly], 1.0)]
    layers += _collar(geo, rng, b, rng.uniform(0.6, 1.3, b), polo)
    layers.append(_placket(geo, rng.uniform(0.5, 0.8, b), polo & (rng.random(b) < 0.7), start=0))
    return layers


def _pullover(rng, b):
    poly, geo = _top(rng, b, sleeve="long", y1_range=(22.5, 26.5), flare=(-0.8, 0.4))
    layers = [_layer([poly], 1.0)]
    layers += _cuffs(geo, rng.uniform(0.55, 0.85, b), rng.random(b) < 0.7)
    zip_ = rng.random(b) < 0.3  # quarter zip
    layers.append(
        _layer(
            [_rect(CX - 0.35, geo["y0"], CX + 0.35, geo["y0"] + rng.uniform(4, 9, b))], rng.uniform(0.3, 0.6, b), zip_
        )
    )
    layers += _collar(geo, rng, b, rng.uniform(0.5, 1.3, b), rng.random(b) < 0.25)  # a collar, as on shirts
    return layers


def _coat(rng, b):
    poly, geo = _top(rng, b, sleeve="long", y1_range=(25.0, 27.8), flare=(0.0, 1.6))
    layers = [_layer([poly], 1.0)]
    closed = rng.random(b) < 0.6
    layers.append(_placket(geo, rng.uniform(0.15, 0.55, b), closed, width=rng.uniform(0.5, 1.1, b), start=0))
    layers += _collar(geo, rng, b, rng.uniform(0.5, 1.3, b), rng.random(b) < 0.6)
    layers += _buttons(geo, rng.uniform(0.2, 0.5, b), ~closed | (rng.random(b) < 0.3), n=4)
    pockets = rng.random(b) < 0.5
    py = geo["y0"] + rng.uniform(14, 18, b)
    for side in (-1, 1):
        x = CX + side * geo["bw"] * 0.55
        layers.append(_layer([_rect(x - 1.6, py, x + 1.6, py + 0.7)], rng.uniform(0.3, 0.6, b), pockets))
    layers += _cuffs(geo, rng.uniform(0.6, 0.9, b), rng.random(b) < 0.3)
    return layers


def _shirt(rng, b):
    long = rng.random(b) < 0.6
    poly, geo = _top(rng, b, sleeve=long, y1_range=(23.0, 27.5), flare=(-0.4, 1.0))
    layers = [_layer([poly], 1.0)]
    layers += _collar(geo, rng, b, rng.uniform(0.5, 1.3, b), rng.random(b) < 0.55)
    placket = rng.random(b) < 0.5
    layers.append(_placket(geo, rng.uniform(0.45, 0.85, b), placket, width=rng.uniform(0.5, 1.0, b), start=0))
    layers += _buttons(geo, rng.uniform(0.3, 0.7, b), placket & (rng.random(b) < 0.5), n=5)
    pocket = rng.random(b) < 0.3
    py = geo["y0"] + rng.uniform(5, 7, b)
    layers.append(_layer([_rect(CX - 5.0, py, CX - 2.2, py + 2.6)], rng.uniform(0.6, 0.85, b), pocket))
    layers += _cuffs(geo, rng.uniform(0.6, 0.85, b), long & (rng.random(b) < 0.4))
    return layers


# --------------------------------------------------------------------------- bottoms, dresses
def _trouser(rng, b):
    u = rng.uniform
    y0, y1 = u(0.3, 2.0, b), u(25.8, 27.8, b)
    ww = u(4.8, 7.4, b)
    hw = ww + u(-1.5, 2.2, b)
    crotch = y0 + u(8.0, 12.0, b)
    gap = u(0.5, 2.5, b)
    left = [(CX - ww, y0), (CX - ww - u(0.0, 0.6, b), crotch), (CX - hw, y1), (CX - gap, y1)]
    outline = left + [(CX, crotch)] + _mirror(left)
    layers = [_layer([_poly(*outline)], 1.0)]
    layers.append(
        _layer([_rect(CX - ww + 0.2, y0 + 1.4, CX + ww - 0.2, y0 + 2.1)], u(0.4, 0.7, b), rng.random(b) < 0.6)
    )
    layers.append(_layer([_rect(CX - 0.3, y0 + 2.1, CX + 0.3, crotch - 1.5)], u(0.4, 0.75, b), rng.random(b) < 0.5))
    return layers


def _dress(rng, b):
    u = rng.uniform
    y0, y1 = u(0.5, 3.0, b), u(25.0, 27.8, b)
    sw = u(3.6, 5.6, b)
    waist_y = y0 + u(7.5, 11.0, b)
    ww = u(2.6, 4.4, b)
    hw = u(6.0, 12.0, b)
    nw = u(1.4, 2.6, b)
    nd = u(1.0, 4.0, b)
    sleeves = rng.random(b) < 0.35
    sl = np.where(sleeves, u(1.5, 3.5, b), 0.0)
    arm = y0 + u(3.5, 5.5, b)
    left = [
        (CX - nw, y0),
        (CX - sw, y0 + 0.5),
        (CX - sw - sl, y0 + 0.8 + sl),
        (CX - sw + 0.3, arm),
        (CX - ww, waist_y),
        (CX - hw * 0.8, (waist_y + 2 * y1) / 3),
        (CX - hw, y1),
        (CX - hw * 0.5, y1 + 0.4),
    ]
    neck = [(CX + nw * 0.6, y0 + nd * 0.85), (CX, y0 + nd), (CX - nw * 0.6, y0 + nd * 0.85)]
    outline = left + _mirror(left) + neck
    layers = [_layer([_poly(*outline)], 1.0)]
    layers.append(
        _layer([_rect(CX - ww - 0.2, waist_y - 0.5, CX + ww + 0.2, waist_y + 0.4)], u(0.5, 0.8, b), rng.random(b) < 0.5)
    )
    return layers


# --------------------------------------------------------------------------- shoes and bags
def _sneaker(rng, b):
    u = rng.uniform
    base = u(19.0, 22.0, b)
    x0, x1 = u(0.5, 2.5, b), u(25.5, 27.5, b)
    h = u(8.0, 11.5, b)
    collar_x = u(17.0, 21.0, b)
    outline = [
        (x0, base - 1.0),
        (x0 + 0.8, base - 3.2),
        (x0 + 3.0, base - 4.6),
        (x0 + 7.0, base - h * 0.62),
        (collar_x - 3.5, base - h * 0.9),
        (collar_x, base - h * u(0.72, 0.85, b)),
        (x1 - 2.0, base - h),
        (x1, base - h * 0.92),
        (x1 + 0.3, base - 2.0),
        (x1, base),
        (x0 + 1.2, base),
        (x0 + 0.2, base - 0.3),
    ]
    layers = [_layer([_poly(*outline)], 1.0)]
    sole = _poly((x0 + 0.2, base - 1.8), (x1 + 0.3, base - 1.8), (x1, base), (x0 + 1.2, base))
    layers.append(_layer([sole], u(0.35, 1.3, b)))
    laces = rng.random(b) < 0.6
    for k in range(3):
        x = x0 + 8.0 + 2.2 * k
        y = base - h * (0.66 + 0.07 * k)
        layers.append(
            _layer([_poly((x, y), (x + 1.4, y - 0.9), (x + 1.8, y - 0.3), (x + 0.4, y + 0.6))], u(0.3, 0.6, b), laces)
        )
    swoosh = rng.random(b) < 0.4
    layers.append(
        _layer(
            [_poly((x0 + 7, base - 3.0), (x1 - 5, base - h * 0.6), (x1 - 6, base - h * 0.45), (x0 + 9, base - 2.2))],
            u(0.4, 1.3, b),
            swoosh,
        )
    )
    return layers


def _sandal(rng, b):
    """A strappy shoe: sole (flat or heeled), an upper whose openings leave straps."""
    u = rng.uniform
    base = u(18.0, 23.0, b)
    x0, x1 = u(0.5, 3.0, b), u(25.0, 27.5, b)
    heel = rng.random(b) < 0.45
    hh = np.where(heel, u(3.0, 8.0, b), 0.0)  # the heel lifts the back of the foot
    th = u(1.0, 1.8, b)
    ball = x0 + (x1 - x0) * u(0.35, 0.5, b)
    height = u(6.0, 11.0, b)

    def sole_top(x):  # the upper edge of the sole, rising towards a heel
        t = np.clip((x - ball) / (x1 - ball), 0, 1)
        return base - th - hh * t

    def top(x):  # the upper edge of the foot: low at the toe, high at the ankle
        t = np.clip((x - x0) / (x1 - x0), 0, 1)
        return sole_top(x) - 1.5 - (height - 1.5) * np.sqrt(t)

    sole = _poly(
        (x0, sole_top(x0)),
        (ball, sole_top(ball)),
        (x1, sole_top(x1)),
        (x1, sole_top(x1) + th),
        (ball, base),
        (x0 + 0.8, base),
    )
    post = _rect(x1 - u(2.0, 3.2, b), sole_top(x1), x1 - 0.8, base)
    xs = [x0 + (x1 - x0) * k / 6 for k in range(7)]
    upper = _poly(*[(x, top(x)) for x in xs], (x1 - 0.2, sole_top(x1) + 0.2), (x0 + 0.3, sole_top(x0) + 0.3))
    layers = [_layer([upper], u(0.75, 1.0, b)), _layer([sole], 1.0), _layer([post], u(0.7, 1.0, b), heel)]
    n_holes = rng.integers(2, 5, b)
    band = u(0.9, 1.6, b)  # strap width
    lo, hi = x0 + 2.0, x1 - 1.5
    for k in range(4):
        xa = lo + (hi - lo) * k / n_holes + band / 2
        xb = lo + (hi - lo) * (k + 1) / n_holes - band / 2
        ya, yb = top(xa) + band, top(xb) + band
        sa, sb = sole_top(xa) - 0.2, sole_top(xb) - 0.2
        hole = _poly((xa, np.minimum(ya, sa - 0.3)), (xb, np.minimum(yb, sb - 0.3)), (xb, sb), (xa, sa))
        layers.append(_layer([hole], 0.0, k < n_holes))
    return layers


def _ankle_boot(rng, b):
    u = rng.uniform
    base = u(24.0, 27.0, b)
    x0, x1 = u(0.5, 3.0, b), u(25.0, 27.5, b)
    top = u(1.0, 6.0, b)
    shaft_front = u(11.0, 15.0, b)
    hh = np.where(rng.random(b) < 0.3, u(1.5, 3.5, b), 0.0)
    outline = [
        (x0, base - 1.2),
        (x0 + 0.8, base - 3.6),
        (x0 + 3.5, base - 5.5 - hh * 0.3),
        (shaft_front - 2.0, base - 8.5 - hh),
        (shaft_front, top + 2.5),
        (shaft_front + 0.4, top),
        (x1 - 0.2, top - u(-0.5, 1.0, b)),
        (x1, base - 4.0),
        (x1 + 0.2, base),
        (x1 - 3.5, base),
        (x1 - 4.0, base - hh),
        (x0 + 1.0, base - hh * 0.3),
    ]
    layers = [_layer([_poly(*outline)], 1.0)]
    layers.append(
        _layer(
            [_poly((x0, base - 1.6), (x1 - 4.0, base - 1.6 - hh), (x1 - 4.0, base - hh), (x0 + 1.0, base - hh * 0.3))],
            u(0.4, 1.3, b),
        )
    )
    layers.append(
        _layer(
            [_rect(shaft_front + 2.0, top + 1.0, shaft_front + 2.6, base - 7.0)], u(0.4, 0.7, b), rng.random(b) < 0.4
        )
    )  # side zip
    return layers


def _bag(rng, b):
    u = rng.uniform
    x0, x1 = u(1.0, 5.0, b), u(23.0, 27.0, b)
    y0, y1 = u(8.0, 14.0, b), u(24.0, 27.5, b)
    taper = u(0.0, 2.5, b)
    body = _poly((x0 + taper, y0), (x1 - taper, y0), (x1, y1), (x0, y1))
    layers = [_layer([body], 1.0)]
    handle = rng.random(b) < 0.75
    hx = (x0 + x1) / 2
    hr = (x1 - x0) * u(0.18, 0.35, b)
    hh = u(4.0, 7.5, b)
    # an arch: the outer half-ellipse, then back along the inner one
    outer = _ellipse(hx, y0 + 0.5, hr, hh, n=10, start=np.pi, stop=2 * np.pi)
    inner = _ellipse(hx, y0 + 0.5, hr - 1.2, hh - 1.2, n=10, start=np.pi, stop=2 * np.pi)
    layers.append(_layer([_poly(*(outer + inner[::-1]))], u(0.6, 1.0, b), handle))
    flap = rng.random(b) < 0.5
    fy = y0 + (y1 - y0) * u(0.3, 0.5, b)
    layers.append(
        _layer(
            [
                _poly(
                    (x0 + taper * 0.6, fy - 0.4),
                    (x1 - taper * 0.6, fy - 0.4),
                    (x1 - taper * 0.6, fy + 0.3),
                    (x0 + taper * 0.6, fy + 0.3),
                )
            ],
            u(0.35, 0.7, b),
            flap,
        )
    )
    layers.append(_layer([_poly(*_ellipse(hx, fy + 1.2, 0.9, 0.9, n=8))], u(0.2, 0.6, b), flap & (rng.random(b) < 0.6)))
    return layers


MAKERS = (_tshirt, _trouser, _pullover, _dress, _coat, _sandal, _shirt, _sneaker, _bag, _ankle_boot)
TOPS = (0, 2, 3, 4, 6)  # classes whose fabric may carry stripes, checks or prints


def _warp(rng, b, layers):
    """Apply one random affine map and smooth displacement per sample to every vertex."""
    theta = np.deg2rad(rng.normal(0, 3.0, b))
    scale = rng.uniform(0.92, 1.04, b)
    aspect = np.exp(rng.normal(0, 0.05, b))
    shift = rng.normal(0, 0.7, (b, 2))
    c, s = np.cos(theta), np.sin(theta)
    k = rng.uniform(0.15, 0.35, (b, 2, 2))  # spatial frequencies of the displacement
    phase = rng.uniform(0, 2 * np.pi, (b, 2))
    amp = rng.uniform(0.2, 0.7, (b, 2))

    def move(poly):
        x = poly[..., 0] - CX
        y = poly[..., 1] - CX
        x, y = x * scale[:, None] * aspect[:, None], y * scale[:, None] / aspect[:, None]
        x, y = c[:, None] * x - s[:, None] * y, s[:, None] * x + c[:, None] * y
        dx = amp[:, 0, None] * np.sin(
            k[:, 0, 0, None] * poly[..., 0] + k[:, 0, 1, None] * poly[..., 1] + phase[:, 0, None]
        )
        dy = amp[:, 1, None] * np.sin(
            k[:, 1, 0, None] * poly[..., 0] + k[:, 1, 1, None] * poly[..., 1] + phase[:, 1, None]
        )
        return np.stack([x + CX + shift[:, 0, None] + dx, y + CX + shift[:, 1, None] + dy], axis=-1)

    return [([move(p) for p in contours], value, present) for contours, value, present in layers]


def _texture(rng, b, cls):
    """A multiplicative fabric texture in about [0.4, 1.3] for each sample."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    kind = rng.integers(0, 6, b)
    if cls not in TOPS:  # shoes, bags, trousers: plain (half of them), speckle or gradient
        kind = np.where(kind >= 4, 0, np.where(kind == 3, 2, kind))
    freq = rng.uniform(0.9, 2.2, b)[:, None, None]
    phase = rng.uniform(0, 2 * np.pi, b)[:, None, None]
    depth = rng.uniform(0.2, 0.5, b)[:, None, None]
    tex = np.ones((b, SIZE, SIZE), dtype=np.float32)
    y, x = yy[None], xx[None]
    for idx in range(1, 6):
        sel = np.flatnonzero(kind == idx)
        if sel.size == 0:
            continue
        d, f, p = depth[sel], freq[sel], phase[sel]
        if idx == 1:  # speckle
            pattern = 1 + 0.6 * d * rng.standard_normal((sel.size, SIZE, SIZE)).astype(np.float32)
        elif idx == 2:  # gradient, lighter at the top or at the bottom
            pattern = 1 + d * ((y - CX) / CX) * rng.choice([-1.0, 1.0], sel.size)[:, None, None]
        elif idx == 3:  # horizontal stripes
            pattern = 1 - d * (np.sin(f * y + p) > 0)
        elif idx == 4:  # checks
            pattern = 1 - d * ((np.sin(f * y + p) > 0) ^ (np.sin(f * x + p) > 0))
        else:  # a print on the chest
            r2 = (x - CX) ** 2 + (y - 12) ** 2
            pattern = 1 + rng.uniform(-0.6, 0.5, sel.size)[:, None, None] * (
                r2 < rng.uniform(6, 20, sel.size)[:, None, None]
            )
        tex[sel] = pattern
    return tex


def make_garments(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Generate ``n`` Fashion-MNIST-like images: ``(uint8 (n, 28, 28), uint8 (n,))``.

    Labels are balanced (``n // 10`` or one more per class) and shuffled. The same
    ``n`` and ``seed`` give the same bytes.

    Example:
        >>> x, y = make_garments(10, seed=0)
        >>> sorted(y.tolist())
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0xFA5]))
    labels = rng.permutation(np.arange(n) % 10).astype(np.uint8)
    images = np.zeros((n, SIZE, SIZE), dtype=np.uint8)
    for cls, maker in enumerate(MAKERS):
        idx = np.flatnonzero(labels == cls)
        b = idx.size
        if b == 0:
            continue
        layers = _warp(rng, b, maker(rng, b))
        shade = np.zeros((b, SIZE, SIZE), dtype=np.float32)  # 0 = background, 1 = fabric
        for contours, value, present in layers:  # paint the layers in order; value 0 cuts a hole
            cover = rasterize(contours, SIZE, SIZE) * np.reshape(np.asarray(present, dtype=np.float32), (-1, 1, 1))
            v = np.reshape(np.asarray(value, dtype=np.float32), (-1, 1, 1))
            shade = shade * (1 - cover) + v * cover
        bright = rng.uniform(0.3, 1.0, b)[:, None, None] ** 0.7
        light = 1 + smooth_field(rng, b, SIZE, knots=3, scale=rng.uniform(0.05, 0.2, b))
        img = shade * bright * light * _texture(rng, b, cls)
        img = img + rng.normal(0, 1, img.shape) * rng.uniform(0.03, 0.12, (b, 1, 1)) * (shade > 0.02)
        images[idx] = np.round(np.clip(img, 0, 1) * 255).astype(np.uint8)
    return images, labels
