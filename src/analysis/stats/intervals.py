"""Confidence intervals used across the question areas: Wilson for shares, t for means,
delta-method or bootstrap for ratios of sums.

Each returns NaN bounds where the data cannot support an interval (n = 0, or n < 2 for a
mean), never an error, so a table can carry them row by row.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats
from scipy import stats as sps

from analysis.stats.comparisons import proportion_ci

CiMethod = Literal["delta", "bootstrap"]
#: Interval methods of :func:`ratio_ci`.
CI_METHODS: tuple[str, ...] = ("delta", "bootstrap")


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")


def wilson_interval(successes: pd.Series | np.ndarray, n: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson 95% interval through :func:`analysis.stats.comparisons.proportion_ci`; NaN where n == 0."""
    k = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    low = np.full(k.shape, np.nan)
    high = np.full(k.shape, np.nan)
    ok = m > 0
    if ok.any():
        lo, hi = proportion_ci(k[ok], m[ok])
        low[ok] = np.asarray(lo, dtype=float)
        high[ok] = np.asarray(hi, dtype=float)
    return low, high


def mean_ci(values: pd.Series, level: float = 0.95) -> dict[str, float]:
    """n, mean, SD and the t interval of the mean (NaN CI for n < 2)."""
    x = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    n = len(x)
    if n == 0:
        return {"n": 0, "mean": np.nan, "std": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    mean = float(x.mean())
    if n < 2:
        return {"n": 1, "mean": mean, "std": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    sd = float(x.std(ddof=1))
    half = float(sps.t.ppf(0.5 + level / 2, n - 1)) * sd / np.sqrt(n)
    return {"n": n, "mean": mean, "std": sd, "ci_low": mean - half, "ci_high": mean + half}


def ratio_ci(
    numerator: np.ndarray | pd.Series,
    denominator: np.ndarray | pd.Series,
    *,
    method: CiMethod = "delta",
    level: float = 0.95,
    n_boot: int = 2000,
    seed: int | None = 0,
) -> dict[str, float]:
    """Ratio of sums R = sum(y) / sum(x) with a confidence interval.

    Parameters
    ----------
    numerator, denominator
        One value per sampled unit (here: enrollment cost in IDR and its
        credited JP), same length, no missing values.
    method
        ``"delta"``: linearisation (delta method) of the ratio estimator,
        SE(R) = sqrt(n / (n - 1) * sum((y_i - R x_i)^2)) / sum(x_i), and a
        normal interval R +/- z SE. ``"bootstrap"``: nonparametric percentile
        bootstrap resampling the units with replacement (``n_boot`` draws); the
        SE is the bootstrap standard deviation.
    level
        Confidence level.

    Returns
    -------
    dict
        ``estimate, std_error, ci_low, ci_high, n`` (NaN estimate when sum(x) is 0).

    Notes
    -----
    Estimand: the population ratio of total cost to total credited JP, treating
    the enrollments as an i.i.d. draw from the process that generates them
    (a superpopulation view: the trailing year's enrollments are one realisation
    of how the city buys training). Enrollments of one employee are treated as
    independent. The delta method is the textbook ratio-estimator variance
    (Cochran 1977, eq. 6.9, without finite-population correction, with the
    n / (n - 1) small-sample factor); it is reliable once the denominator's
    total is well away from zero (a few dozen completions).

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., ch. 6. Wiley.
    Efron, B. & Tibshirani, R. (1993). *An Introduction to the Bootstrap*, ch. 13.
    """
    _check_choice("method", method, CI_METHODS)
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1; got {level}")
    y = np.asarray(numerator, dtype=float)
    x = np.asarray(denominator, dtype=float)
    if y.shape != x.shape:
        raise ValueError("numerator and denominator must have the same length")
    if np.isnan(y).any() or np.isnan(x).any():
        raise ValueError("numerator and denominator must have no missing values")
    n = len(y)
    nan = {"estimate": np.nan, "std_error": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n": n}
    if n == 0 or x.sum() == 0:
        return nan
    r = y.sum() / x.sum()
    if n < 2:
        return {**nan, "estimate": r}
    if method == "delta":
        z = y - r * x
        se = float(np.sqrt(n / (n - 1) * np.sum(z**2)) / x.sum())
        q = stats.norm.ppf(0.5 + level / 2)
        return {"estimate": r, "std_error": se, "ci_low": r - q * se, "ci_high": r + q * se, "n": n}
    rng = np.random.default_rng(seed)
    draws = np.empty(n_boot)
    chunk = max(1, 2_000_000 // n)
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        idx = rng.integers(0, n, size=(b, n))
        xs = x[idx].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            draws[done : done + b] = np.where(xs > 0, y[idx].sum(axis=1) / xs, np.nan)
        done += b
    draws = draws[~np.isnan(draws)]
    alpha = 1 - level
    low, high = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
    return {
        "estimate": r,
        "std_error": float(draws.std(ddof=1)),
        "ci_low": float(low),
        "ci_high": float(high),
        "n": n,
    }
