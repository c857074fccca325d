"""Confidence intervals used across the question areas: Wilson for shares, t for means,
delta-method or bootstrap for ratios of sums (one, or one per group of a frame).

Each returns NaN bounds where the data cannot support an interval (n = 0, or n < 2 for a
mean), never an error, so a table can carry them row by row. :func:`check_choice` is
the stats layer's one check of an option against its allowed values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats
from scipy import stats as sps

from analysis.data.staff import as_column_list
from analysis.stats.comparisons import proportion_ci
from analysis.stats.verdict import MIN_N, enough_data

CiMethod = Literal["delta", "bootstrap"]
#: Interval methods of :func:`ratio_ci`.
CI_METHODS: tuple[str, ...] = ("delta", "bootstrap")


def check_choice(
    name: str, value: object, choices: Sequence[object], error: type[Exception] = ValueError
) -> None:
    """Raise ``error`` (default ValueError) unless ``value`` is one of ``choices``.

    The message names the option and every allowed value:
    ``method must be one of 'delta', 'bootstrap'; got 'jackknife'``.
    """
    if value not in choices:
        raise error(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")


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
    cluster: np.ndarray | pd.Series | None = None,
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
    cluster
        Optional cluster label per unit (e.g. the programme of each enrollment:
        costs are set per programme, so enrollments of one programme share its
        price and are not independent). With clusters the delta method sums the
        linearised values within each cluster, Z_g = sum_{i in g}(y_i - R x_i), and
        SE(R) = sqrt(G / (G - 1) * sum_g Z_g^2) / sum(x_i) with G clusters, and the
        interval is R +/- t_{G-1} SE; the bootstrap resamples whole clusters. With
        fewer than 2 clusters the interval is NaN.

    Returns
    -------
    dict
        ``estimate, std_error, ci_low, ci_high, n`` (NaN estimate when sum(x) is 0)
        and ``n_clusters`` (G; equal to n without ``cluster``).

    Notes
    -----
    Estimand: the population ratio of total cost to total credited JP, treating
    the enrollments as an i.i.d. draw from the process that generates them
    (a superpopulation view: the trailing year's enrollments are one realisation
    of how the city buys training). Enrollments of one employee are treated as
    independent. The delta method is the textbook ratio-estimator variance
    (Cochran 1977, eq. 6.9, without finite-population correction, with the
    n / (n - 1) small-sample factor); it is reliable once the denominator's
    total is well away from zero (a few dozen completions). The clustered form is
    the same linearisation with clusters as the primary sampling units (Cochran
    1977, ch. 9-10; Wolter 2007, ch. 6): the G / (G - 1) factor and the t
    distribution with G - 1 degrees of freedom are the usual small-number-of-clusters
    corrections (Cameron & Miller 2015, sec. VI). On a city with programme-level cost
    effects the unclustered SE is many times too small (``docs/methods.md``).

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., ch. 6. Wiley.
    Efron, B. & Tibshirani, R. (1993). *An Introduction to the Bootstrap*, ch. 13.
    Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer.
    Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. *Journal of Human Resources* 50(2), 317-372.
    """
    check_choice("method", method, CI_METHODS)
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1; got {level}")
    y = np.asarray(numerator, dtype=float)
    x = np.asarray(denominator, dtype=float)
    if y.shape != x.shape:
        raise ValueError("numerator and denominator must have the same length")
    if np.isnan(y).any() or np.isnan(x).any():
        raise ValueError("numerator and denominator must have no missing values")
    n = len(y)
    if cluster is not None:
        labels = pd.Series(np.asarray(cluster, dtype=object))
        if len(labels) != n:
            raise ValueError("cluster must have one label per unit")
        if labels.isna().any():
            raise ValueError("cluster must have no missing labels")
        codes, _ = pd.factorize(labels, sort=True)
        return _clustered_ratio_ci(y, x, codes, method=method, level=level, n_boot=n_boot,
                                   seed=seed)
    nan = {"estimate": np.nan, "std_error": np.nan, "ci_low": np.nan, "ci_high": np.nan,
           "n": n, "n_clusters": n}
    if n == 0 or x.sum() == 0:
        return nan
    r = y.sum() / x.sum()
    if n < 2:
        return {**nan, "estimate": r}
    if method == "delta":
        z = y - r * x
        se = float(np.sqrt(n / (n - 1) * np.sum(z**2)) / x.sum())
        q = stats.norm.ppf(0.5 + level / 2)
        return {"estimate": r, "std_error": se, "ci_low": r - q * se, "ci_high": r + q * se,
                "n": n, "n_clusters": n}
    draws = _bootstrap_ratios(y, x, n_boot, seed)
    alpha = 1 - level
    low, high = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
    return {
        "estimate": r,
        "std_error": float(draws.std(ddof=1)),
        "ci_low": float(low),
        "ci_high": float(high),
        "n": n,
        "n_clusters": n,
    }


def _bootstrap_ratios(y: np.ndarray, x: np.ndarray, n_boot: int, seed: int | None) -> np.ndarray:
    """``n_boot`` percentile-bootstrap draws of sum(y*) / sum(x*), units resampled with replacement
    (in chunks of about two million cells); draws whose sum(x*) is 0 are left out."""
    n = len(y)
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
    return draws[~np.isnan(draws)]


def clustered_delta(ys: np.ndarray, xs: np.ndarray, level: float = 0.95) -> dict[str, float]:
    """The clustered delta-method interval of R = sum(ys) / sum(xs) from cluster totals (G >= 2).

    Z_g = ys_g - R xs_g, SE(R) = sqrt(G / (G - 1) sum_g Z_g^2) / sum(xs), R +/- t_{G-1} SE
    (:func:`ratio_ci` with ``cluster``). Returns ``estimate, std_error, ci_low, ci_high``.
    """
    g = len(ys)
    r = ys.sum() / xs.sum()
    z = ys - r * xs
    se = float(np.sqrt(g / (g - 1) * np.sum(z**2)) / xs.sum())
    q = stats.t.ppf(0.5 + level / 2, g - 1)
    return {"estimate": r, "std_error": se, "ci_low": r - q * se, "ci_high": r + q * se}


def _clustered_ratio_ci(
    y: np.ndarray, x: np.ndarray, codes: np.ndarray, *, method: CiMethod, level: float,
    n_boot: int, seed: int | None,
) -> dict[str, float]:
    """:func:`ratio_ci` with clusters (``codes``: 0..G-1 per unit): sums per cluster first."""
    n = len(y)
    g = int(codes.max()) + 1 if n else 0
    ys = np.bincount(codes, weights=y, minlength=g) if n else np.zeros(0)
    xs = np.bincount(codes, weights=x, minlength=g) if n else np.zeros(0)
    nan = {"estimate": np.nan, "std_error": np.nan, "ci_low": np.nan, "ci_high": np.nan,
           "n": n, "n_clusters": g}
    if n == 0 or x.sum() == 0:
        return nan
    r = ys.sum() / xs.sum()
    if g < 2:
        return {**nan, "estimate": r}
    if method == "delta":
        return {**clustered_delta(ys, xs, level), "n": n, "n_clusters": g}
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, g, size=(n_boot, g))
    den = xs[idx].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        draws = np.where(den > 0, ys[idx].sum(axis=1) / den, np.nan)
    draws = draws[~np.isnan(draws)]
    alpha = 1 - level
    low, high = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
    return {"estimate": r, "std_error": float(draws.std(ddof=1)), "ci_low": float(low),
            "ci_high": float(high), "n": n, "n_clusters": g}


#: Columns of :func:`grouped_ratio_ci` after the group columns and the two sums.
GROUPED_RATIO_COLUMNS: tuple[str, ...] = ("estimate", "std_error", "ci_low", "ci_high",
                                          "enough_data", "method")


def grouped_ratio_ci(
    frame: pd.DataFrame,
    numerator: str,
    denominator: str,
    by: str | Sequence[str] | None = None,
    *,
    method: CiMethod = "delta",
    level: float = 0.95,
    n_boot: int = 2000,
    seed: int | None = 0,
    min_n: int = MIN_N,
    count: str | None = None,
    cluster: str | None = None,
    min_clusters: int | None = None,
) -> pd.DataFrame:
    """Ratio of sums with a confidence interval in each group of a frame.

    For each group g of the rows of ``frame`` (by the ``by`` columns; one group of all
    rows when ``by`` is ``None``), R_g = sum(numerator) / sum(denominator) over the
    group's rows, with the interval of :func:`ratio_ci` (delta method or bootstrap),
    each row being one sampled unit.

    Parameters
    ----------
    frame
        One row per unit (e.g. per enrollment), with the ``numerator`` and
        ``denominator`` columns (no missing values) and the ``by`` columns.
    numerator, denominator
        Column names: e.g. ``cost_idr`` and ``credited_jp`` for the cost per JP.
    by
        A column, a list of columns or ``None``. Groups are sorted; a missing value
        in a ``by`` column forms a group of its own.
    method, level, n_boot, seed
        As :func:`ratio_ci`.
    min_n
        ``enough_data`` is True when the group's count reaches ``min_n``
        (:func:`analysis.stats.verdict.enough_data`; default :data:`MIN_N`) and, with
        ``cluster`` and ``min_clusters`` (groups that are compared, e.g. formats:
        :data:`analysis.stats.verdict.MIN_CLUSTERS`), its clusters reach ``min_clusters`` (a
        format with one or two programmes gets no verdict however many enrollments it has).
    count
        The count behind ``enough_data``: ``None`` (default) counts the group's
        rows; the name of a boolean column counts its True rows (e.g.
        ``completed``), and the count is then returned in that column.
    cluster
        ``None`` (rows independent) or the name of a column of cluster labels (e.g.
        ``program_id``): the interval of each group is then clustered by it
        (:func:`ratio_ci` with ``cluster``), and ``n_clusters`` counts the group's
        clusters.

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns, ``n`` (rows), the ``count`` column
        when given (int), the ``numerator`` and ``denominator`` columns (their sums),
        ``estimate`` (NaN when the denominator sums to 0), ``std_error``,
        ``ci_low``, ``ci_high``, ``enough_data``, ``method`` and ``n_clusters``.

    Notes
    -----
    Estimand, standard error and references: :func:`ratio_ci` (Cochran 1977, ch. 6;
    Efron & Tibshirani 1993, ch. 13). Rows are independent draws without ``cluster``,
    clusters are the sampled units with it. Definitions in ``docs/methods.md``.
    """
    check_choice("method", method, CI_METHODS)
    cols = as_column_list(by)
    groups = [((), frame)] if not cols else frame.groupby(cols, dropna=False, sort=True)
    rows = []
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        ci = ratio_ci(group[numerator], group[denominator], method=method, level=level,
                      n_boot=n_boot, seed=seed,
                      cluster=None if cluster is None else group[cluster].astype(object))
        counted = len(group) if count is None else int(group[count].sum())
        rows.append({
            **dict(zip(cols, key, strict=True)),
            "n": len(group),
            **({} if count is None else {count: counted}),
            numerator: float(group[numerator].sum()),
            denominator: float(group[denominator].sum()),
            "estimate": ci["estimate"],
            "std_error": ci["std_error"],
            "ci_low": ci["ci_low"],
            "ci_high": ci["ci_high"],
            "enough_data": enough_data(counted, min_n, min_clusters=min_clusters or 0,
                                       n_clusters=None if cluster is None or min_clusters is None
                                       else ci["n_clusters"]),
            "method": method,
            "n_clusters": ci["n_clusters"],
        })
    columns = [*cols, "n", *([] if count is None else [count]), numerator, denominator,
               *GROUPED_RATIO_COLUMNS, "n_clusters"]
    return pd.DataFrame(rows, columns=columns)


def mover_difference(estimate_a: float, low_a: float, high_a: float,
                     estimate_b: float, low_b: float, high_b: float) -> tuple[float, float]:
    """95% CI of a - b for two independent estimates, from their own 95% CIs (MOVER).

    Zou & Donner's (2008) method of variance estimates recovery: with d = a - b,
    L = d - sqrt((a - l_a)^2 + (u_b - b)^2) and U = d + sqrt((u_a - a)^2 + (b - l_b)^2).
    With Wilson intervals of two proportions it is Newcombe's (1998) method 10; with
    symmetric intervals it is the usual sqrt(SE_a^2 + SE_b^2) interval. Unlike "the two
    intervals do not overlap" (a test at about the 0.6% level for equal SEs, so it misses
    real differences), the difference is clear when this interval excludes 0
    (:func:`analysis.stats.verdict.excludes`), a test at the 5% level. NaN bounds when
    any input is missing.

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions. *Statistics in Medicine* 17, 873-890.
    Zou, G. Y. & Donner, A. (2008). Construction of confidence limits about effect
    measures: a general approach. *Statistics in Medicine* 27, 1693-1702.
    """
    values = np.array([estimate_a, low_a, high_a, estimate_b, low_b, high_b], dtype=float)
    if np.isnan(values).any():
        return np.nan, np.nan
    a, la, ua, b, lb, ub = values
    d = a - b
    return float(d - np.hypot(a - la, ub - b)), float(d + np.hypot(ua - a, b - lb))


def versus_rest(successes: pd.Series | np.ndarray, n: pd.Series | np.ndarray, total_successes: float,
                total_n: float, family_size: int | None = None, alpha: float = 0.05) -> pd.DataFrame:
    """Each group's share minus the share of everyone else, with a simultaneous interval.

    For group g with x_g of n_g, the rest is (X − x_g) / (N − n_g), where X of N is the whole
    (the groups partition it). The interval of p_g − p_rest is Newcombe's hybrid score
    interval (:func:`mover_difference` on Wilson intervals) at level 1 − alpha / m, with
    m = ``family_size`` (default: the number of groups): a Bonferroni family, so that on
    groups that all share one rate the chance of calling *any* of them different is at most
    about ``alpha`` (the city has 39 agencies: at the per-group 5% level about two would be
    named by chance alone). Comparing a group with the rest, not with the overall rate,
    avoids testing a group against an estimate that contains it.

    Returns
    -------
    DataFrame
        One row per group, in input order: ``difference``, ``ci_low``, ``ci_high`` (NaN when
        the group or the rest is empty) and ``level`` (the per-group confidence level used).

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions. *Statistics in Medicine* 17, 873-890. Dunn, O. J. (1961). Multiple
    comparisons among means. *JASA* 56, 52-64.
    """
    x = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    rest_x, rest_n = float(total_successes) - x, float(total_n) - m
    size = len(x) if family_size is None else int(family_size)
    level = 1 - alpha / max(size, 1)
    rows = []
    for xi, ni, rx, rn in zip(x, m, rest_x, rest_n, strict=True):
        if ni <= 0 or rn <= 0:
            rows.append((np.nan, np.nan, np.nan))
            continue
        lo_g, hi_g = proportion_ci(xi, ni, level)
        lo_r, hi_r = proportion_ci(rx, rn, level)
        # MOVER only combines the two intervals: at level L in, level L out.
        low, high = mover_difference(xi / ni, lo_g, hi_g, rx / rn, lo_r, hi_r)
        rows.append((xi / ni - rx / rn, low, high))
    out = pd.DataFrame(rows, columns=["difference", "ci_low", "ci_high"])
    out["level"] = level
    return out

