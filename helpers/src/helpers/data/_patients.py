"""The thoracic-surgery stand-in: 470 made-up patients with UCI's schema and frequencies.

The marginal distributions follow UCI's summary statistics; one-year death depends on
the features through a noisy risk score (see :func:`make_thoracic`). The schema is
:mod:`helpers.data._schema`'s.

Example:
    >>> X, y = make_thoracic(20, seed=1)
    >>> X.shape, y.dtype
    ((20, 16), dtype('int64'))
"""

from __future__ import annotations

import numpy as np

from helpers.data._schema import FEATURE_NAMES, REAL_SIZES

N_ROWS = REAL_SIZES["thoracic"]
_DGN_COUNTS = {1: 1, 2: 52, 3: 349, 4: 47, 5: 15, 6: 4, 8: 2}
_BINARY_RATES = {
    "PRE7": 31,
    "PRE8": 68,
    "PRE9": 31,
    "PRE10": 323,
    "PRE11": 78,
    "PRE17": 35,
    "PRE19": 2,
    "PRE25": 8,
    "PRE30": 386,
    "PRE32": 2,
}


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
    codes, counts = zip(*_DGN_COUNTS.items(), strict=True)
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
        logit = np.log(p / (1 - p)) + link * frail - 0.5 * link**2
        X[:, col[name]] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    age = np.clip(np.round(rng.normal(62.5, 8.7, n) + 1.5 * frail), 21, 87)
    X[:, col["AGE"]] = age
    fvc = np.clip(rng.normal(3.3, 0.8, n) - 0.012 * (age - 62.5) - 0.2 * frail, 1.4, 6.3)
    fev1 = fvc * np.clip(rng.normal(0.76, 0.08, n), 0.45, 0.98)
    X[:, col["PRE4"]] = np.round(fvc, 2)
    wrong = rng.random(n) < 15 / 470  # like the real file: FEV1 typed without its decimal point
    X[:, col["PRE5"]] = np.round(np.where(wrong, rng.uniform(50, 86.3, n), fev1), 2)
    score = (
        0.75 * X[:, col["PRE6"]]
        + 0.55 * (size - 11)
        + 0.6 * X[:, col["PRE9"]]
        + 0.5 * X[:, col["PRE8"]]
        + 0.45 * X[:, col["PRE11"]]
        + 0.6 * X[:, col["PRE17"]]
        + 1.2 * X[:, col["PRE19"]]
        + 0.7 * X[:, col["PRE25"]]
        + 0.35 * X[:, col["PRE30"]]
        + 0.035 * (age - 62.5)
        - 0.45 * (fev1 - 2.5)
        + 0.3 * np.isin(X[:, col["DGN"]], (4, 5, 8))
        + 0.35 * frail
    )
    noisy = score + rng.logistic(0, 1.2, n)
    y = np.zeros(n, dtype=np.int64)
    y[np.argsort(-noisy, kind="stable")[: int(round(n * 70 / 470))]] = 1
    return X, y
