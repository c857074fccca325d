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

Computation: an assignment's regressors (its cohort x event-time indicators, demeaned,
next to the demeaned controls) do not depend on the outcome, so outcomes observed on the
same unit-quarters with the same controls share them (:func:`launch_randomizations`), and
the assignments are estimated in stacks (:func:`permuted_estimates`). Every number equals,
to the last bit, the one-outcome, one-assignment-at-a-time computation: the stacked sparse
and BLAS/LAPACK products treat each column and each matrix of the stack on its own.

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

__all__ = [
    "DEFAULT_PERMUTATIONS",
    "INFERENCE_LABEL",
    "RandomizationResult",
    "launch_randomization",
    "launch_randomizations",
]

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


#: Permutations whose cohort x event-time indicators are demeaned in one sparse product
#: (bounds the memory of the stacked columns: N x cells x this many floats).
PERMUTATION_BATCH: int = 32


def _cell_indicators(times: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cohort x event-time cells (``start * 1000 + event time``, event time -1 left out) and
    their N x cells 0/1 indicator matrix, for the start times ``start`` (NaN: never starts)."""
    rel = times - start
    treated = np.isfinite(rel)
    keys = np.where(treated, start * 1000 + rel, np.nan)
    cells = np.unique(keys[treated & (rel != -1)])
    return cells, (keys[:, None] == cells[None, :]).astype(np.float64)


def demean_blocks(demeaner: ColumnDemeaner, columns: np.ndarray, width: int) -> np.ndarray:
    """``demeaner`` applied to each block of ``width`` consecutive columns on its own, all blocks at once.

    Equal to the last bit to ``np.hstack([demeaner(block) for block in blocks])``: every
    sweep's group sums are one sparse product in which each column is summed on its own, in
    the same order as for a single block, and a block stops sweeping after the same sweep
    as it would alone (its own largest mean against its own scale, as
    :class:`~analysis.stats.bootstrap.ColumnDemeaner`). Blocks still sweeping are gathered
    into one matrix per sweep.
    """
    out = np.array(columns, dtype=np.float64)
    if demeaner.fe.n_fe == 0 or out.size == 0 or width == 0:
        return out
    n_rows, n_blocks = out.shape[0], out.shape[1] // width
    if n_blocks * width != out.shape[1]:
        raise ValueError(f"{out.shape[1]} columns are not blocks of {width}")
    scale = np.maximum(np.abs(out).reshape(n_rows, n_blocks, width).max(axis=(0, 2)), 1e-300)
    active = np.arange(n_blocks)
    for _ in range(demeaner.maxiter):
        every = active.size == n_blocks
        cols = (active[:, None] * width + np.arange(width)).ravel()
        part = out if every else out[:, cols]
        largest = np.zeros(active.size)
        for codes, onehot, count in zip(demeaner.fe.codes, demeaner.onehots, demeaner.counts, strict=True):
            means = (onehot @ part) / count[:, None]
            part -= means[codes]
            block_max = np.abs(means).reshape(means.shape[0], active.size, width).max(axis=(0, 2))
            largest = np.maximum(largest, block_max)
        if not every:
            out[:, cols] = part
        if demeaner.fe.n_fe == 1:
            break
        active = active[largest > demeaner.tol * scale[active]]
        if not active.size:
            break
    return out


def _cell_coefficients(demeaned: np.ndarray, outcomes: Sequence[np.ndarray],
                       controls: np.ndarray) -> list[np.ndarray]:
    """OLS coefficients of each of ``outcomes`` on ``[demeaned, controls]``, for every assignment at once.

    ``demeaned`` is P x N x cells (one demeaned indicator matrix per assignment), each
    outcome an N x columns matrix. The normal equations are stacked matrices, which NumPy
    hands to BLAS and LAPACK one matrix at a time, so each assignment's coefficients equal
    those of its own ``solve(R'R, R'y)``; an assignment whose R'R is singular falls back
    to least squares. Returns, per outcome, P x (cells + controls) x columns.
    """
    n_perm, n_rows, width = demeaned.shape
    regressors = np.empty((n_perm, n_rows, width + controls.shape[1]))
    regressors[:, :, :width] = demeaned
    regressors[:, :, width:] = controls
    transposed = regressors.transpose(0, 2, 1)
    gram = np.matmul(transposed, regressors)
    out = []
    for y_and_d in outcomes:
        rhs = np.matmul(transposed, y_and_d)
        try:
            coef = np.linalg.solve(gram, rhs)
        except np.linalg.LinAlgError:
            coef = np.empty(rhs.shape)
            for p in range(n_perm):
                try:
                    coef[p] = np.linalg.solve(gram[p], rhs[p])
                except np.linalg.LinAlgError:
                    coef[p], *_ = np.linalg.lstsq(regressors[p], y_and_d, rcond=None)
        out.append(coef)
    return out


@dataclass(frozen=True)
class _EffectWeights:
    """Cell weights of the ATT (post-start cells, by their observations) and of each lead event time."""

    att: np.ndarray
    att_total: float
    leads: tuple[tuple[np.ndarray, float], ...]

    @classmethod
    def of(cls, counts: np.ndarray, cells: np.ndarray) -> _EffectWeights:
        cell_rel = np.round(cells - np.round(cells / 1000) * 1000)
        weights = np.where(cell_rel >= 0, counts, 0.0)
        leads = []
        for e in np.unique(cell_rel[cell_rel <= -2]):
            w = np.where(cell_rel == e, counts, 0.0)
            leads.append((w, w.sum()))
        return cls(att=weights, att_total=weights.sum(), leads=tuple(leads))

    def effects(self, coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """ATT of each column of ``coef`` (cells first) and the lead event-time estimates of column 0."""
        width = self.att.size
        att = self.att @ coef[:width] / self.att_total
        return att, np.asarray([float(w @ coef[:width, 0] / total) for w, total in self.leads])


def permuted_estimates(outcomes: Sequence[np.ndarray], times: np.ndarray, starts: Sequence[np.ndarray],
                       controls: np.ndarray, demeaner: ColumnDemeaner,
                       batch: int = PERMUTATION_BATCH) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """Per outcome, per assignment in ``starts``: the ATT of each column and the lead estimates (of column 0).

    For each assignment of start times: the cohort x event-time indicators
    (:func:`_cell_indicators`), demeaned by the fixed effects, next to the already demeaned
    ``controls``, explain each already demeaned outcome matrix (OLS); the ATT weights the
    post-start cells by their observations (:class:`_EffectWeights`). Assignments with the same number of cells are
    estimated together, ``batch`` at a time (:func:`demean_blocks`,
    :func:`_cell_coefficients`), and the regressors serve every outcome; each estimate
    equals, to the last bit, the one from estimating one assignment and one outcome alone.
    """
    designs = [_cell_indicators(times, s) for s in starts]
    out: list[list[tuple[np.ndarray, np.ndarray]]] = [[(np.empty(0), np.empty(0))] * len(designs)
                                                       for _ in outcomes]
    by_width: dict[int, list[int]] = {}
    for i, (cells, _) in enumerate(designs):
        by_width.setdefault(cells.size, []).append(i)
    weights: dict[tuple[bytes, bytes], _EffectWeights] = {}  # most assignments share their cells and sizes
    n_rows = len(times)
    for width, members in by_width.items():
        for lo in range(0, len(members), batch):
            chunk = members[lo:lo + batch]
            stacked = np.empty((n_rows, len(chunk) * width))
            for k, i in enumerate(chunk):
                stacked[:, k * width:(k + 1) * width] = designs[i][1]
            demeaned = demean_blocks(demeaner, stacked, width)
            demeaned = demeaned.reshape(n_rows, len(chunk), width).transpose(1, 0, 2)
            coefs = _cell_coefficients(demeaned, outcomes, controls)
            for k, i in enumerate(chunk):
                cells, x = designs[i]
                counts = x.sum(axis=0)
                key = (cells.tobytes(), counts.tobytes())
                if key not in weights:
                    weights[key] = _EffectWeights.of(counts, cells)
                for j, coef in enumerate(coefs):
                    out[j][i] = weights[key].effects(coef[k])
    return out


@dataclass(frozen=True)
class _Sample:
    """One outcome's estimation sample, prepared as :func:`launch_randomization` describes."""

    times: np.ndarray
    unit_codes: np.ndarray
    unit_labels: pd.Index
    unit_cohort: np.ndarray
    raw_controls: np.ndarray
    fe: _demean.FixedEffects
    y: np.ndarray

    def shares_design(self, other: _Sample) -> bool:
        """Same unit-quarters in the same row order, start dates and controls: the same regressors for
        every assignment (equal times give equal time codes)."""
        return self.unit_labels.equals(other.unit_labels) and all(
            np.array_equal(a, b, equal_nan=True) for a, b in (
                (self.unit_codes, other.unit_codes), (self.times, other.times),
                (self.unit_cohort, other.unit_cohort), (self.raw_controls, other.raw_controls)))


def _sample(data: pd.DataFrame, outcome: str, unit: str, time: str, cohort: str,
            covariates: Sequence[str]) -> _Sample:
    """Complete rows, units starting at or before the first period left out, integer codes."""
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
    if not np.isfinite(unit_cohort).any():
        raise ValueError("no treated units for randomization inference")
    controls = d[list(covariates)].to_numpy(dtype=float) if covariates else np.zeros((len(d), 0))
    return _Sample(times=times, unit_codes=unit_codes, unit_labels=pd.Index(units),
                   unit_cohort=unit_cohort, raw_controls=controls, fe=fe, y=d[outcome].to_numpy(dtype=float))


def _inference(observed: np.ndarray, observed_leads: np.ndarray, permuted: np.ndarray, lead_stats: np.ndarray,
               level: float, n_treated: int) -> RandomizationResult:
    """p-value, test-inversion CI and pre-trend p-value from the observed and permuted estimates.

    ``permuted`` is P x 2 (the ATT of the outcome and of the post-start indicator D per
    assignment), ``lead_stats`` the permuted sums of squared lead estimates (NaN: none).
    The CI's bounds: from the ATT, steps of twice the permuted ATTs' standard deviation
    outwards (doubling) until p(tau) <= 1 - level, then 60 bisections.
    """
    permutations = permuted.shape[0]
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


def launch_randomizations(
    samples: Sequence[tuple[pd.DataFrame, str]],
    unit: str,
    time: str,
    cohort: str,
    covariates: Sequence[str] = (),
    permutations: int = DEFAULT_PERMUTATIONS,
    level: float = 0.95,
    seed: int = 20240601,
) -> list[RandomizationResult]:
    """:func:`launch_randomization` for each ``(data, outcome)`` of ``samples``, in order.

    Each result is the one :func:`launch_randomization` gives for that pair alone. Samples
    with the same unit-quarters, start dates and controls after their missing rows are
    dropped draw the same assignments (same seed), so their assignments' regressors are
    built, demeaned and cross-multiplied once for all of them.
    """
    prepared = [_sample(data, outcome, unit, time, cohort, covariates) for data, outcome in samples]
    groups: list[list[int]] = []
    for i, s in enumerate(prepared):
        group = next((g for g in groups if prepared[g[0]].shares_design(s)), None)
        if group is None:
            groups.append([i])
        else:
            group.append(i)
    results: list[RandomizationResult | None] = [None] * len(prepared)
    for group in groups:
        first = prepared[group[0]]
        demeaner = ColumnDemeaner(first.fe)
        controls = demeaner(first.raw_controls) if first.raw_controls.size else first.raw_controls
        start = first.unit_cohort[first.unit_codes]
        post = (np.isfinite(start) & (first.times >= start)).astype(float)
        outcomes = [demeaner(np.column_stack([prepared[i].y, post])) for i in group]
        rng = np.random.default_rng(seed)
        assignments = [rng.permutation(first.unit_cohort)[first.unit_codes] for _ in range(permutations)]
        estimates = permuted_estimates(outcomes, first.times, [start, *assignments], controls, demeaner)
        n_treated = int(np.isfinite(first.unit_cohort).sum())
        for i, per_assignment in zip(group, estimates, strict=True):
            (observed, observed_leads), rest = per_assignment[0], per_assignment[1:]
            permuted = np.array([att for att, _ in rest]).reshape(permutations, 2)
            lead_stats = np.array([float(leads @ leads) if leads.size else math.nan for _, leads in rest])
            results[i] = _inference(observed, observed_leads, permuted, lead_stats, level, n_treated)
    return [r for r in results if r is not None]


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
    (result,) = launch_randomizations([(data, outcome)], unit, time, cohort, covariates, permutations,
                                      level, seed)
    return result
