"""Randomization inference over start dates for a staggered roll-out with few starting units.

With a handful of starting units the cluster-robust interval of an event study (and
even the wild cluster bootstrap, whose draws then only flip the signs of a few
treated clusters) rejects a true null far more often than 5%. Randomization
inference does not rely on many clusters: it asks how unusual the observed average
effect is among the effects one gets by handing the same start dates to other units
at random.

The estimator is Sun & Abraham's with never-started units as controls
(:func:`analysis.stats.did.event_study`, ``method="sunab"``): one coefficient per
start cohort x event time (event time -1 the reference), unit and time fixed effects,
optional time-varying controls, and the ATT = the post-start coefficients averaged
with weights proportional to their numbers of observations.

* Each permutation gives the observed multiset of start dates to a random set of
  units (the others never start) and re-estimates the ATT: a_p.
* Sharp null H0(tau): the start changes every treated post-start outcome by tau.
  Under it the adjusted outcome y - tau D (D: the observed post-start indicator) is
  unaffected by the start, and the ATT is linear in the outcome, so the permuted
  ATT of the adjusted outcome is a_p - tau d_p, with d_p the permuted ATT of D.
* p(tau) = (1 + #{p: |a_p - tau d_p| >= |a - tau|}) / (1 + P); the reported p-value is
  p(0), and the CI is the set of tau with p(tau) > 1 - level (test inversion).
* The pre-trend test uses the sum of squared lead event-time estimates as the
  statistic, compared with its permutation distribution (H0: no effect at all).

References
----------
Fisher, R. A. (1935). The Design of Experiments. Imbens, G. W. and Rubin, D. B. (2015).
Causal Inference for Statistics, Social, and Biomedical Sciences, ch. 5.
MacKinnon, J. G. and Webb, M. D. (2020). Randomization inference for
difference-in-differences with few treated clusters. Journal of Econometrics 218(2).
Sun, L. and Abraham, S. (2021). Estimating dynamic treatment effects in event studies
with heterogeneous treatment effects. Journal of Econometrics 225(2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.stats import demean as _demean
from analysis.stats.bootstrap import ColumnDemeaner

__all__ = ["DEFAULT_PERMUTATIONS", "INFERENCE_LABEL", "RandomizationResult", "launch_randomization"]

#: Default number of random re-assignments of the start dates.
DEFAULT_PERMUTATIONS: int = 499
#: The ``inference`` label recorded with a randomization result (``docs/results.md``).
INFERENCE_LABEL = "randomization"


@dataclass(frozen=True)
class RandomizationResult:
    """ATT with its randomization p-value and test-inversion CI, and the pre-trend p-value."""

    estimate: float
    p_value: float
    ci_low: float
    ci_high: float
    pretrend_p_value: float
    permutations: int
    n_treated_units: int
    inference: str = INFERENCE_LABEL


def _estimates(y_and_d: np.ndarray, times: np.ndarray, start: np.ndarray, controls: np.ndarray,
               demeaner: ColumnDemeaner) -> tuple[np.ndarray, np.ndarray]:
    """ATT of each column of ``y_and_d`` and the lead event-time estimates (of column 0).

    ``y_and_d`` and ``controls`` are already demeaned (they do not change between
    permutations); only the cohort x event-time indicators are demeaned here.
    """
    rel = times - start
    treated = np.isfinite(rel)
    keys = np.where(treated, start * 1000 + rel, np.nan)
    cells = np.unique(keys[treated & (rel != -1)])
    x = (keys[:, None] == cells[None, :]).astype(np.float64)
    regressors = np.column_stack([demeaner(x), controls])
    try:
        coef = np.linalg.solve(regressors.T @ regressors, regressors.T @ y_and_d)
    except np.linalg.LinAlgError:
        coef, *_ = np.linalg.lstsq(regressors, y_and_d, rcond=None)
    counts = x.sum(axis=0)
    cell_rel = np.round(cells - np.round(cells / 1000) * 1000)
    post = cell_rel >= 0
    weights = np.where(post, counts, 0.0)
    att = weights @ coef[: x.shape[1]] / weights.sum()
    leads = []
    for e in np.unique(cell_rel[cell_rel <= -2]):
        w = np.where(cell_rel == e, counts, 0.0)
        leads.append(float(w @ coef[: x.shape[1], 0] / w.sum()))
    return att, np.asarray(leads)


def launch_randomization(
    data: pd.DataFrame,
    outcome: str,
    unit: str,
    time: str,
    cohort: str,
    covariates: Sequence[str] = (),
    permutations: int = DEFAULT_PERMUTATIONS,
    level: float = 0.95,
    seed: int = 20240601,
) -> RandomizationResult:
    """Randomization inference over start dates for the Sun & Abraham ATT (see the module notes).

    Parameters
    ----------
    data
        Unit x time panel; ``cohort`` is the integer time of the unit's first treated
        period (missing: never starts), ``time`` an integer time index.
    outcome, unit, time, cohort, covariates
        As :func:`analysis.stats.did.event_study`. Units that start at or before the
        first observed period are left out, as there.
    permutations, seed
        Number of random re-assignments of the start dates, and the random seed.
    level
        Confidence level of the test-inversion interval.
    """
    cols = list(dict.fromkeys([outcome, unit, time, cohort, *covariates]))
    d = data[cols].copy()
    d = d.loc[d[[outcome, unit, time, *covariates]].notna().all(axis=1)].reset_index(drop=True)
    times = pd.to_numeric(d[time]).to_numpy(dtype=float)
    cohorts = pd.to_numeric(d[cohort]).to_numpy(dtype=float)
    d = d.loc[~(np.isfinite(cohorts) & (cohorts <= times.min()))].reset_index(drop=True)
    times = pd.to_numeric(d[time]).to_numpy(dtype=float)
    unit_codes, units = pd.factorize(d[unit])
    time_codes, periods = pd.factorize(d[time])
    fe = _demean.FixedEffects((unit, time), (unit_codes.astype(np.int64), time_codes.astype(np.int64)),
                              (len(units), len(periods)))
    unit_cohort = pd.Series(pd.to_numeric(d[cohort]).to_numpy(dtype=float)).groupby(unit_codes).first()
    unit_cohort = unit_cohort.reindex(range(len(units))).to_numpy()
    n_treated = int(np.isfinite(unit_cohort).sum())
    if n_treated == 0:
        raise ValueError("no treated units for randomization inference")
    controls = d[list(covariates)].to_numpy(dtype=float) if covariates else np.zeros((len(d), 0))
    demeaner = ColumnDemeaner(fe)
    controls = demeaner(controls) if controls.size else controls
    y = d[outcome].to_numpy(dtype=float)
    start = unit_cohort[unit_codes]
    post = (np.isfinite(start) & (times >= start)).astype(float)
    both = demeaner(np.column_stack([y, post]))
    observed, observed_leads = _estimates(both, times, start, controls, demeaner)
    rng = np.random.default_rng(seed)
    permuted = np.empty((permutations, 2))
    lead_stats = np.empty(permutations)
    for p in range(permutations):
        assignment = rng.permutation(unit_cohort)
        permuted[p], leads = _estimates(both, times, assignment[unit_codes], controls, demeaner)
        lead_stats[p] = float(leads @ leads) if leads.size else math.nan
    a, d_obs = float(observed[0]), float(observed[1])

    def p_at(tau: float) -> float:
        extreme = np.abs(permuted[:, 0] - tau * permuted[:, 1]) >= abs(a - tau * d_obs) - 1e-12
        return float((1 + extreme.sum()) / (1 + permutations))

    alpha = 1.0 - level
    scale = max(float(np.std(permuted[:, 0])), 1e-12)
    bounds = []
    for side in (-1.0, 1.0):
        inner, outer = a, a + side * 2 * scale
        steps = 0
        while p_at(outer) > alpha and steps < 40:
            inner, outer = outer, a + 2 * (outer - a)
            steps += 1
        if p_at(outer) > alpha:
            bounds.append(math.nan)
            continue
        for _ in range(60):
            mid = 0.5 * (inner + outer)
            inner, outer = (mid, outer) if p_at(mid) > alpha else (inner, mid)
        bounds.append(0.5 * (inner + outer))
    pretrend = math.nan
    if observed_leads.size:
        stat = float(observed_leads @ observed_leads)
        valid = lead_stats[np.isfinite(lead_stats)]
        pretrend = float((1 + (valid >= stat - 1e-12).sum()) / (1 + valid.size))
    return RandomizationResult(estimate=a, p_value=p_at(0.0), ci_low=bounds[0], ci_high=bounds[1],
                               pretrend_p_value=pretrend, permutations=permutations,
                               n_treated_units=n_treated)
