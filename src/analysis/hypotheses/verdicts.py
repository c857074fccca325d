"""From estimates to verdicts: p-values, the file-wide correction, the MDE and the rule.

Rule (``docs/hypotheses.md``; ``docs/methods.md`` for the test conventions)
-------------------------------------------------------------------------
With estimate b, standard error s and t reference distribution on ``df`` degrees of
freedom (:mod:`analysis.hypotheses.estimate`), T = b / s:

- **p-value** of the stated test: ``greater``: P(t_df > T) (one-sided);
  ``less``: P(t_df < T) (one-sided); ``two_sided``: 2 P(t_df > |T|).
- **adjusted p-value**: the p-values of all tested hypotheses of the file are
  adjusted together, by Holm (family-wise error) or Benjamini-Hochberg (false
  discovery rate) or not at all (``correction: none``), with
  :func:`analysis.stats.comparisons.adjust_pvalues`.
- **CI**: b +- t_{df, 1 - alpha/2} s (95% for alpha = 0.05), not adjusted.
- **supported**: adjusted p < alpha and b on the stated side of 0 (any side for
  ``two_sided``). A one-sided test never supports an effect that went the other way.
- **not_supported** (when not supported): the CI rules out an effect as large as
  ``min_effect`` in the stated direction: ``greater``: CI upper bound < min_effect;
  ``less``: CI lower bound > -min_effect; ``two_sided``: the CI lies inside
  (-min_effect, min_effect).
- **inconclusive**: neither, or no estimate. The reason says whether the test was
  under-powered: MDE > min_effect.
- **MDE** (minimum detectable effect at 80% power): the exact-t approximation of
  Bloom (1995), MDE = (t_{df, 1 - a} + t_{df, 0.80}) s, with a = alpha* for a
  one-sided and alpha*/2 for a two-sided test, and alpha* the level the correction
  demands of the most stringent test: alpha / m for Holm and BH (m = hypotheses
  tested), alpha without correction. For a single two-sided 5% test with many
  degrees of freedom this is the familiar 2.8 s (1.96 + 0.84).

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scand. J.
Statist. 6, 65-70. Benjamini, Y. and Hochberg, Y. (1995). Controlling the false
discovery rate. JRSS B 57, 289-300. Bloom, H. S. (1995). Minimum detectable effects.
Evaluation Review 19, 547-556.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.hypotheses.estimate import FEW_CLUSTERS, Estimate
from analysis.hypotheses.spec import Hypothesis
from analysis.stats.comparisons import adjust_pvalues

VERDICTS: tuple[str, ...] = ("supported", "not_supported", "inconclusive")
#: Power behind the minimum detectable effect.
POWER = 0.80
#: ``correction:`` of the file -> method of :func:`analysis.stats.comparisons.adjust_pvalues`.
ADJUST_METHODS: dict[str, str] = {"holm": "holm", "bh": "fdr_bh"}

#: Columns of :func:`judge`'s frame, in order.
RESULT_COLUMNS: tuple[str, ...] = (
    "id", "statement", "outcome", "exposure", "level", "reference", "direction", "min_effect", "design",
    "periods", "filter", "estimate", "std_error", "df", "ci_low", "ci_high", "p_value", "p_adjusted", "n",
    "n_clusters", "n_clusters_effective", "cluster", "mde", "verdict", "reason_codes", "note",
)


def p_value(estimate: float, std_error: float, df: float, direction: str) -> float:
    """The p-value of the stated test (one-sided for ``greater``/``less``); NaN without an estimate."""
    if not (math.isfinite(estimate) and math.isfinite(std_error) and std_error > 0 and df >= 1):
        return math.nan
    t = estimate / std_error
    if direction == "greater":
        return float(sps.t.sf(t, df))
    if direction == "less":
        return float(sps.t.cdf(t, df))
    return float(min(1.0, 2 * sps.t.sf(abs(t), df)))


def adjust(p: Sequence[float] | np.ndarray, correction: str) -> np.ndarray:
    """Adjusted p-values of a whole file (NaN stays NaN and does not count)."""
    values = np.asarray(p, dtype=float)
    if correction == "none":
        return values.copy()
    return np.asarray(adjust_pvalues(values, ADJUST_METHODS[correction]), dtype=float)


def single_test_level(alpha: float, correction: str, m: int) -> float:
    """alpha*: the level of the most stringent single test under the correction (alpha / m, or alpha)."""
    return alpha / max(m, 1) if correction in ADJUST_METHODS else alpha


def mde(std_error: float, df: float, level: float, direction: str, power: float = POWER) -> float:
    """Minimum detectable effect: (t_{df, 1-a} + t_{df, power}) x SE, a = level (one-sided) or level/2."""
    if not (math.isfinite(std_error) and std_error > 0 and df >= 1):
        return math.nan
    a = level if direction in ("greater", "less") else level / 2
    return float((sps.t.ppf(1 - a, df) + sps.t.ppf(power, df)) * std_error)


def verdict(h: Hypothesis, estimate: float, ci_low: float, ci_high: float, p_adjusted: float, mde_value: float,
            alpha: float) -> tuple[str, tuple[str, ...]]:
    """The verdict and the codes of its reason (see the module docstring).

    Reason codes: ``supported`` (adjusted p < alpha, right side), ``smaller_than_min_effect``
    (supported, yet the CI excludes min_effect), ``rules_out_min_effect``, ``opposite_direction``
    (the estimate lies on the other side of 0 than stated), ``underpowered`` (MDE >
    min_effect) or ``powered``, ``no_estimate``.
    """
    if not (math.isfinite(estimate) and math.isfinite(ci_low) and math.isfinite(ci_high)):
        return "inconclusive", ("no_estimate",)
    m = h.min_effect
    right_side = {"greater": estimate > 0, "less": estimate < 0}.get(h.direction, True)
    if h.direction == "greater":
        rules_out = ci_high < m
    elif h.direction == "less":
        rules_out = ci_low > -m
    else:
        rules_out = -m < ci_low and ci_high < m
    opposite = {"greater": estimate < 0, "less": estimate > 0}.get(h.direction, False)
    codes: list[str] = ["opposite_direction"] if opposite else []
    power = "underpowered" if (math.isfinite(mde_value) and mde_value > m) else "powered"
    if math.isfinite(p_adjusted) and p_adjusted < alpha and right_side:
        return "supported", ("supported", *(["smaller_than_min_effect"] if rules_out else []))
    if rules_out:
        return "not_supported", (*codes, "rules_out_min_effect")
    return "inconclusive", (*codes, power)


def judge(items: Sequence[tuple[Hypothesis, Estimate, str]], alpha: float, correction: str) -> pd.DataFrame:
    """Verdicts of a whole file.

    Parameters
    ----------
    items
        (hypothesis, estimate, design) for every hypothesis, in file order.
    alpha, correction
        The file's settings.

    Returns
    -------
    DataFrame
        One row per hypothesis with :data:`RESULT_COLUMNS`; ``reason_codes`` is a tuple
        of codes (see :func:`verdict`), plus ``few_clusters`` when fewer than
        :data:`analysis.hypotheses.estimate.FEW_CLUSTERS` effective clusters carried the
        test and ``periods_cut`` when the stated quarters reach beyond the data.
    """
    rows = []
    for h, e, design in items:
        rows.append({
            "id": h.id, "statement": h.statement, "outcome": h.outcome, "exposure": h.exposure,
            "level": list(h.level), "reference": h.reference, "direction": h.direction,
            "min_effect": h.min_effect, "design": design,
            "periods": list(e.periods) if e.periods else None,
            "filter": {k: list(v) for k, v in h.filter.items()},
            "estimate": e.estimate if e.ok else math.nan, "std_error": e.std_error if e.ok else math.nan,
            "df": e.df if e.ok else None, "n": e.n, "n_clusters": e.n_clusters,
            "n_clusters_effective": e.n_clusters_effective, "cluster": e.cluster, "note": e.note,
            "p_value": p_value(e.estimate, e.std_error, e.df, h.direction) if e.ok else math.nan,
        })
    out = pd.DataFrame(rows)
    out["p_adjusted"] = adjust(out["p_value"].to_numpy(dtype=float), correction)
    tested = int(out["p_value"].notna().sum())
    level = single_test_level(alpha, correction, tested)
    lows, highs, mdes, verdicts, codes = [], [], [], [], []
    for (h, e, _), row in zip(items, out.itertuples(index=False), strict=True):
        if e.ok:
            q = float(sps.t.ppf(1 - alpha / 2, e.df))
            lo, hi = e.estimate - q * e.std_error, e.estimate + q * e.std_error
            size = mde(e.std_error, e.df, level, h.direction)
        else:
            lo = hi = size = math.nan
        v, c = verdict(h, row.estimate, lo, hi, row.p_adjusted, size, alpha)
        extra = []
        if e.ok and e.n_clusters_effective < FEW_CLUSTERS:
            extra.append("few_clusters")
        if h.periods and e.periods and tuple(e.periods) != tuple(h.periods):
            extra.append("periods_cut")
        lows.append(lo)
        highs.append(hi)
        mdes.append(size)
        verdicts.append(v)
        codes.append((*c, *extra))
    out["ci_low"], out["ci_high"], out["mde"] = lows, highs, mdes
    out["verdict"], out["reason_codes"] = verdicts, codes
    return out[list(RESULT_COLUMNS)]
