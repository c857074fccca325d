"""Small-sample statistics: changes, group comparisons, proportions, multiplicity, power.

Every function answers one question and returns a tidy frame (or a plain
number/array for the building blocks ``proportion_ci``, ``adjust_pvalues`` and
the power functions), with a confidence interval wherever there is an estimate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize
from scipy import stats as sps

ArrayLike = Sequence[float] | np.ndarray | pd.Series

CHANGE_COLUMNS = ["n", "mean_pre", "mean_post", "estimate", "std_error", "ci_low", "ci_high",
                  "statistic", "df", "p_value", "effect_size", "normalised_gain"]
COMPARE_COLUMNS = ["group", "reference", "n", "n_reference", "estimate", "std_error", "ci_low",
                   "ci_high", "statistic", "df", "p_value", "effect_size"]


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95); got {level}")


def _as_float(x: ArrayLike, name: str) -> np.ndarray:
    try:
        return np.asarray(pd.to_numeric(pd.Series(np.asarray(x, dtype=object)), errors="raise"),
                          dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numeric") from exc


# ---------------------------------------------------------------------------
# paired change


def paired_change(pre: ArrayLike, post: ArrayLike, max_score: float | ArrayLike | None = None,
                  level: float = 0.95) -> pd.DataFrame:
    """Mean within-person change from ``pre`` to ``post`` (paired t).

    Parameters
    ----------
    pre, post : array-like
        Scores of the same people before and after (same length, aligned).
    max_score : float or array-like, optional
        Maximum attainable score (scalar or per person) for Hake's normalised gain.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row: n, mean_pre, mean_post, estimate (mean of post - pre),
        std_error, ci_low, ci_high, statistic (t), df (n - 1), p_value
        (two-sided), effect_size (d_z), normalised_gain.

    Notes
    -----
    With differences d_i = post_i - pre_i: estimate = mean(d),
    std_error = sd(d)/sqrt(n), t = estimate/std_error on n - 1 df, CI =
    estimate +- t_{n-1, 1-alpha/2} std_error. Effect size d_z = mean(d)/sd(d)
    (Cohen's d for paired data). Normalised gain (Hake 1998) is the mean over
    people of (post - pre)/(max_score - pre), over people with pre < max_score.

    Missing data: pairs with either score missing are left out (n counts
    complete pairs). Assumes the differences are roughly normal or n is large.

    References
    ----------
    Hake, R. R. (1998). Interactive-engagement versus traditional methods.
    American Journal of Physics 66, 64-74.
    Lakens, D. (2013). Calculating and reporting effect sizes. Frontiers in
    Psychology 4, 863.

    Examples
    --------
    >>> paired_change([50, 60, 70], [60, 65, 80], max_score=100)["estimate"].item()
    8.333333333333334
    """
    _check_level(level)
    a = _as_float(pre, "pre")
    b = _as_float(post, "post")
    if a.shape != b.shape:
        raise ValueError(f"pre and post must have the same length; got {a.size} and {b.size}")
    ok = np.isfinite(a) & np.isfinite(b)
    a, b = a[ok], b[ok]
    n = int(a.size)
    d = b - a
    nan = math.nan
    mean_d = float(d.mean()) if n else nan
    sd = float(d.std(ddof=1)) if n > 1 else nan
    se = sd / math.sqrt(n) if n > 1 else nan
    df = n - 1
    if n > 1 and sd > 0:
        t = mean_d / se
        p = float(2 * sps.t.sf(abs(t), df))
        q = float(sps.t.ppf(0.5 + level / 2, df))
        lo, hi = mean_d - q * se, mean_d + q * se
        dz = mean_d / sd
    else:
        t = p = dz = nan
        lo = hi = nan
    gain = nan
    if max_score is not None:
        m = np.broadcast_to(np.asarray(max_score, dtype=np.float64), ok.shape)[ok]
        usable = a < m
        if usable.any():
            gain = float(np.mean((b[usable] - a[usable]) / (m[usable] - a[usable])))
    return pd.DataFrame([{
        "n": n, "mean_pre": float(a.mean()) if n else nan, "mean_post": float(b.mean()) if n else nan,
        "estimate": mean_d, "std_error": se, "ci_low": lo, "ci_high": hi, "statistic": t,
        "df": df if n > 1 else nan, "p_value": p, "effect_size": dz, "normalised_gain": gain,
    }], columns=CHANGE_COLUMNS)


# ---------------------------------------------------------------------------
# group comparison


def _welch(x: np.ndarray, r: np.ndarray, level: float) -> dict[str, float]:
    n1, n0 = x.size, r.size
    nan = math.nan
    if n1 < 2 or n0 < 2:
        est = float(x.mean() - r.mean()) if n1 and n0 else nan
        return dict(estimate=est, std_error=nan, ci_low=nan, ci_high=nan, statistic=nan,
                    df=nan, p_value=nan, effect_size=nan)
    v1, v0 = x.var(ddof=1), r.var(ddof=1)
    est = float(x.mean() - r.mean())
    se2 = v1 / n1 + v0 / n0
    se = math.sqrt(se2)
    df = se2**2 / ((v1 / n1) ** 2 / (n1 - 1) + (v0 / n0) ** 2 / (n0 - 1)) if se2 > 0 else nan
    t = est / se if se > 0 else nan
    p = float(2 * sps.t.sf(abs(t), df)) if se > 0 else nan
    q = float(sps.t.ppf(0.5 + level / 2, df)) if se > 0 else nan
    sp = math.sqrt(((n1 - 1) * v1 + (n0 - 1) * v0) / (n1 + n0 - 2))
    j = 1 - 3 / (4 * (n1 + n0) - 9)
    g = j * est / sp if sp > 0 else nan
    return dict(estimate=est, std_error=se, ci_low=est - q * se, ci_high=est + q * se,
                statistic=t, df=df, p_value=p, effect_size=g)


def compare_groups(data: pd.DataFrame, outcome: str, group: str, reference: object = None,
                   level: float = 0.95) -> pd.DataFrame:
    """Difference in means of each group against a reference group (Welch).

    Parameters
    ----------
    data : pandas.DataFrame
        Long format, one row per person (not modified).
    outcome : str
        Numeric outcome column.
    group : str
        Grouping column.
    reference : optional
        Reference level; default the first level (category order, else sorted).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per non-reference group: group, reference, n, n_reference,
        estimate (mean_group - mean_reference), std_error, ci_low, ci_high,
        statistic (Welch t), df (Welch-Satterthwaite), p_value, effect_size
        (Hedges' g).

    Notes
    -----
    SE = sqrt(s1^2/n1 + s0^2/n0); df = SE^4 / [(s1^2/n1)^2/(n1-1) + (s0^2/n0)^2/(n0-1)].
    Hedges' g = J x (mean1 - mean0)/s_pooled with J = 1 - 3/(4(n1+n0) - 9).
    Rows with a missing outcome or group are left out. p-values are not
    adjusted for several groups; use :func:`adjust_pvalues`.

    References
    ----------
    Welch, B. L. (1947). Biometrika 34, 28-35. Hedges, L. V. and Olkin, I.
    (1985). Statistical Methods for Meta-Analysis.
    """
    _check_level(level)
    for c in (outcome, group):
        if c not in data.columns:
            raise KeyError(f"column {c!r} is not in the data")
    d = data[[outcome, group]].dropna()
    y = _as_float(d[outcome], outcome)
    g = d[group]
    if isinstance(g.dtype, pd.CategoricalDtype):
        levels = [lv for lv in g.cat.categories if (g == lv).any()]
    else:
        levels = sorted(g.unique().tolist(), key=lambda v: (str(type(v)), v))
    if reference is None:
        if not levels:
            raise ValueError("no complete rows to compare")
        reference = levels[0]
    elif reference not in levels:
        raise ValueError(f"reference {reference!r} is not a level of {group!r}: {levels}")
    gv = g.to_numpy()
    r = y[gv == reference]
    rows = []
    for lv in levels:
        if lv == reference:
            continue
        x = y[gv == lv]
        rows.append({"group": lv, "reference": reference, "n": int(x.size),
                     "n_reference": int(r.size), **_welch(x, r, level)})
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)


# ---------------------------------------------------------------------------
# proportions and multiplicity


def proportion_ci(successes: float | ArrayLike, n: float | ArrayLike,
                  level: float = 0.95) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Wilson score interval for a proportion (vectorised).

    Notes
    -----
    With p = x/n and z = Phi^{-1}(1 - alpha/2):
    centre = (p + z^2/(2n)) / (1 + z^2/n),
    half-width = z sqrt(p(1-p)/n + z^2/(4n^2)) / (1 + z^2/n).
    n = 0 gives NaN. Scalars in, floats out; arrays in, arrays out.

    References
    ----------
    Wilson, E. B. (1927). JASA 22, 209-212. Brown, Cai and DasGupta (2001).
    Interval estimation for a binomial proportion. Statistical Science 16, 101-133.
    """
    _check_level(level)
    scalar = np.ndim(successes) == 0 and np.ndim(n) == 0
    x = np.asarray(successes, dtype=np.float64)
    m = np.asarray(n, dtype=np.float64)
    if np.any((x < 0) | (x > m)):
        raise ValueError("successes must lie between 0 and n")
    z = sps.norm.ppf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / m
        denom = 1 + z**2 / m
        centre = (p + z**2 / (2 * m)) / denom
        half = z * np.sqrt(p * (1 - p) / m + z**2 / (4 * m**2)) / denom
        lo = np.where(m > 0, np.clip(centre - half, 0, 1), np.nan)
        hi = np.where(m > 0, np.clip(centre + half, 0, 1), np.nan)
    if scalar:
        return float(lo), float(hi)
    return lo, hi


def adjust_pvalues(p: ArrayLike, method: Literal["holm", "fdr_bh"] = "holm") -> np.ndarray | pd.Series:
    """Adjust p-values for multiple testing.

    ``"holm"``: Holm's step-down family-wise error control,
    p_(i) -> max_{j<=i} min(1, (m - j + 1) p_(j)).
    ``"fdr_bh"``: Benjamini-Hochberg false-discovery rate,
    p_(i) -> min_{j>=i} min(1, m p_(j) / j).
    Missing p-values stay missing and do not count in m. A Series keeps its index.

    References
    ----------
    Holm, S. (1979). Scand. J. Statist. 6, 65-70. Benjamini, Y. and Hochberg,
    Y. (1995). JRSS B 57, 289-300.
    """
    if method not in ("holm", "fdr_bh"):
        raise ValueError(f"method must be 'holm' or 'fdr_bh'; got {method!r}")
    arr = _as_float(p, "p") if not isinstance(p, float) else np.array([p])
    if np.any((arr < 0) | (arr > 1)):
        raise ValueError("p-values must lie between 0 and 1")
    out = np.full(arr.shape, np.nan)
    ok = np.isfinite(arr)
    v = arr[ok]
    m = v.size
    if m:
        order = np.argsort(v, kind="mergesort")
        s = v[order]
        ranks = np.arange(1, m + 1)
        if method == "holm":
            adj = np.maximum.accumulate(np.minimum(1.0, (m - ranks + 1) * s))
        else:
            adj = np.minimum.accumulate((m * s / ranks)[::-1])[::-1]
            adj = np.minimum(adj, 1.0)
        res = np.empty(m)
        res[order] = adj
        out[ok] = res
    if isinstance(p, pd.Series):
        return pd.Series(out, index=p.index, name=p.name)
    return out


# ---------------------------------------------------------------------------
# power


def _check_power(alpha: float, power: float) -> None:
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1; got {alpha}")
    if not 0 < power < 1:
        raise ValueError(f"power must be between 0 and 1; got {power}")


def _t_power(delta: float, df: float, alpha: float) -> float:
    """Power of a two-sided t test with noncentrality ``delta``."""
    crit = sps.t.ppf(1 - alpha / 2, df)
    upper = float(sps.nct.sf(crit, df, delta))
    lower = float(sps.nct.cdf(-crit, df, delta))  # negligible (and NaN in scipy) for large delta
    return upper + (lower if math.isfinite(lower) else 0.0)


def _solve_effect(nc_per_effect: float, df: float, alpha: float, power: float) -> float:
    # noncentrality between 0 and 15 covers every power below 1 - 1e-12
    delta = optimize.brentq(lambda nc: _t_power(nc, df, alpha) - power, 1e-9, 15.0)
    return float(delta / nc_per_effect)


def mde_two_sample(n1: int, n2: int | None = None, sd: float = 1.0, alpha: float = 0.05,
                   power: float = 0.8) -> float:
    """Minimum detectable difference in means, two independent groups.

    The smallest true difference a two-sided pooled t test at level ``alpha``
    detects with probability ``power``: solves
    power = P(|T'| > t_{1-alpha/2, n1+n2-2}) for T' noncentral t with
    noncentrality delta/(sd sqrt(1/n1 + 1/n2)) (as statsmodels' TTestIndPower).
    Roughly (z_{1-alpha/2} + z_{power}) sd sqrt(1/n1 + 1/n2). In outcome units
    (``sd=1`` gives Cohen's d).

    References
    ----------
    Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences,
    2nd ed. Checked against ``statsmodels.stats.power.TTestIndPower``.
    """
    _check_power(alpha, power)
    n2 = n1 if n2 is None else n2
    if n1 < 2 or n2 < 2:
        raise ValueError("each group needs at least 2 observations")
    nc = 1 / math.sqrt(1 / n1 + 1 / n2)
    return sd * _solve_effect(nc, n1 + n2 - 2, alpha, power)


def n_two_sample(effect: float, sd: float = 1.0, alpha: float = 0.05, power: float = 0.8,
                 ratio: float = 1.0) -> int:
    """Required size of group 1 (group 2 = ``ratio`` x n1) to detect ``effect``.

    Smallest integer n1 with the noncentral-t power of :func:`mde_two_sample`
    at least ``power`` (the exact solution rounded up).
    """
    _check_power(alpha, power)
    if effect == 0 or sd <= 0:
        raise ValueError("effect must be non-zero and sd positive")
    es = abs(effect) / sd

    def pw(n1: float) -> float:
        n2 = ratio * n1
        return _t_power(es / math.sqrt(1 / n1 + 1 / n2), n1 + n2 - 2, alpha) - power

    n = optimize.brentq(pw, 2 / min(1, ratio) + 1e-9, 1e9)
    return int(math.ceil(n - 1e-9))


def mde_paired(n: int, sd_diff: float = 1.0, alpha: float = 0.05, power: float = 0.8) -> float:
    """Minimum detectable mean change in a paired (pre/post) design.

    One-sample t on the differences: noncentrality delta sqrt(n)/sd_diff, df
    n - 1 (statsmodels' TTestPower). ``sd_diff`` is the SD of the changes
    (sd_diff = 1 gives d_z). If only the SDs of the scores and their
    correlation r are known, sd_diff = sqrt(sd_pre^2 + sd_post^2 - 2 r sd_pre sd_post).

    References
    ----------
    Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences, ch. 2.
    """
    _check_power(alpha, power)
    if n < 2:
        raise ValueError("n must be at least 2")
    return sd_diff * _solve_effect(math.sqrt(n), n - 1, alpha, power)


def n_paired(effect: float, sd_diff: float = 1.0, alpha: float = 0.05, power: float = 0.8) -> int:
    """Required number of pairs to detect a mean change ``effect`` (paired t)."""
    _check_power(alpha, power)
    if effect == 0 or sd_diff <= 0:
        raise ValueError("effect must be non-zero and sd_diff positive")
    es = abs(effect) / sd_diff
    n = optimize.brentq(lambda m: _t_power(es * math.sqrt(m), m - 1, alpha) - power, 2, 1e9)
    return int(math.ceil(n - 1e-9))


def design_effect(cluster_size: float, icc: float) -> float:
    """Kish design effect for equal clusters: DE = 1 + (m - 1) ICC."""
    if not 0 <= icc <= 1:
        raise ValueError(f"icc must lie between 0 and 1; got {icc}")
    if cluster_size < 1:
        raise ValueError("cluster_size must be at least 1")
    return 1 + (cluster_size - 1) * icc


def mde_cluster(n_clusters: int, cluster_size: float, icc: float, sd: float = 1.0,
                alpha: float = 0.05, power: float = 0.8, treated_share: float = 0.5) -> float:
    """Minimum detectable effect when whole clusters (units) are treated or compared.

    MDE = (t_{1-alpha/2, G-2} + t_{power, G-2}) x sd x sqrt(DE / (P(1-P) G m)),
    with G clusters of m people each, a share P of clusters treated, and
    design effect DE = 1 + (m - 1) ICC (Bloom 1995; the t quantiles on G - 2
    degrees of freedom reflect that only G clusters carry the information).
    For a unit x quarter panel with unit-clustered SEs use m = quarters per
    unit and the ICC of the outcome within unit.

    References
    ----------
    Bloom, H. S. (1995). Minimum detectable effects. Evaluation Review 19, 547-556.
    Donner, A. and Klar, N. (2000). Design and Analysis of Cluster
    Randomization Trials.
    """
    _check_power(alpha, power)
    if n_clusters < 3:
        raise ValueError("n_clusters must be at least 3")
    if not 0 < treated_share < 1:
        raise ValueError("treated_share must be between 0 and 1")
    de = design_effect(cluster_size, icc)
    df = n_clusters - 2
    mult = sps.t.ppf(1 - alpha / 2, df) + sps.t.ppf(power, df)
    return float(mult * sd * math.sqrt(de / (treated_share * (1 - treated_share) * n_clusters * cluster_size)))


def n_clusters_required(effect: float, cluster_size: float, icc: float, sd: float = 1.0,
                        alpha: float = 0.05, power: float = 0.8, treated_share: float = 0.5) -> int:
    """Smallest number of clusters G with :func:`mde_cluster` <= |effect|."""
    if effect == 0:
        raise ValueError("effect must be non-zero")
    g = 3
    while mde_cluster(g, cluster_size, icc, sd, alpha, power, treated_share) > abs(effect):
        g += 1
        if g > 10_000_000:
            raise ValueError("effect too small to detect with any realistic number of clusters")
    return g


def icc_oneway(data: pd.DataFrame, outcome: str, cluster: str) -> float:
    """Intraclass correlation ICC(1) from a one-way ANOVA.

    ICC = (MSB - MSW) / (MSB + (m0 - 1) MSW), with m0 the adjusted mean
    cluster size (n - sum n_g^2 / n)/(G - 1); truncated at 0. Rows with a
    missing value are left out. Use it as the ``icc`` of :func:`mde_cluster`.

    References
    ----------
    Shrout, P. E. and Fleiss, J. L. (1979). Intraclass correlations. Psychological
    Bulletin 86, 420-428. Donner, A. (1986). A review of inference procedures for
    the intraclass correlation coefficient. Int. Statist. Review 54, 67-82.
    """
    d = data[[outcome, cluster]].dropna()
    y = _as_float(d[outcome], outcome)
    codes, uniq = pd.factorize(d[cluster])
    g = len(uniq)
    n = y.size
    if g < 2 or n <= g:
        return math.nan
    cnt = np.bincount(codes, minlength=g)
    means = np.bincount(codes, weights=y, minlength=g) / cnt
    grand = y.mean()
    msb = float((cnt * (means - grand) ** 2).sum() / (g - 1))
    msw = float(((y - means[codes]) ** 2).sum() / (n - g))
    m0 = (n - (cnt**2).sum() / n) / (g - 1)
    icc = (msb - msw) / (msb + (m0 - 1) * msw)
    return float(max(icc, 0.0))
