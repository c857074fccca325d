"""Randomization inference over start dates: the stacked computation against a one-at-a-time reference.

The reference below is the textbook computation written out plainly: for one assignment of
start dates, build the cohort x event-time indicators, demean them (two-way, alternating
projections), solve the normal equations next to the demeaned controls, and average the
post-start cells by their observations. :func:`permuted_estimates` stacks assignments and
outcomes; its numbers must equal the reference's to the last bit (the CI's bisection and the
permutation counts depend on every digit), on balanced and unbalanced panels.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.stats import demean as _demean
from analysis.stats import did
from analysis.stats.bootstrap import ColumnDemeaner
from analysis.stats.randomization import (
    demean_blocks,
    launch_randomization,
    launch_randomizations,
    permuted_estimates,
)


def _panel(seed: int, n_units: int = 24, n_periods: int = 9, drop: float = 0.0) -> pd.DataFrame:
    """Units x periods with staggered starts (about half never start), a planted effect of 2 after the
    start, a control ``x``, and two outcomes; ``drop`` of the rows removed at random (unbalanced)."""
    rng = np.random.default_rng(seed)
    units = np.repeat(np.arange(n_units), n_periods)
    periods = np.tile(np.arange(1, n_periods + 1), n_units)
    cohort_of = np.where(rng.random(n_units) < 0.5, rng.integers(3, n_periods, n_units).astype(float), np.nan)
    cohort = cohort_of[units]
    post = np.isfinite(cohort) & (periods >= cohort)
    x = rng.normal(size=units.size)
    frame = pd.DataFrame({
        "unit": [f"u{u:02d}" for u in units], "period": periods, "cohort": cohort, "x": x,
        "y": rng.normal(size=n_units)[units] + 0.1 * periods + 2.0 * post + 0.5 * x + rng.normal(size=units.size),
        "z": rng.normal(size=units.size) - 1.0 * post,
    })
    if drop:
        frame = frame.loc[rng.random(len(frame)) >= drop].reset_index(drop=True)
    return frame


def _fixed_effects(frame: pd.DataFrame) -> _demean.FixedEffects:
    unit_codes, units = pd.factorize(frame["unit"])
    time_codes, periods = pd.factorize(frame["period"])
    return _demean.FixedEffects(("unit", "period"), (unit_codes.astype(np.int64), time_codes.astype(np.int64)),
                                (len(units), len(periods)))


def _reference(y_and_d: np.ndarray, times: np.ndarray, start: np.ndarray, controls: np.ndarray,
               demeaner: ColumnDemeaner) -> tuple[np.ndarray, np.ndarray]:
    """One assignment alone: ATT of each column of ``y_and_d`` and the lead estimates of column 0."""
    rel = times - start
    treated = np.isfinite(rel)
    keys = np.where(treated, start * 1000 + rel, np.nan)
    cells = np.unique(keys[treated & (rel != -1)])
    x = (keys[:, None] == cells[None, :]).astype(np.float64)
    regressors = np.column_stack([demeaner(x), controls])
    coef = np.linalg.solve(regressors.T @ regressors, regressors.T @ y_and_d)
    counts = x.sum(axis=0)
    cell_rel = np.round(cells - np.round(cells / 1000) * 1000)
    weights = np.where(cell_rel >= 0, counts, 0.0)
    att = weights @ coef[: x.shape[1]] / weights.sum()
    leads = []
    for e in np.unique(cell_rel[cell_rel <= -2]):
        w = np.where(cell_rel == e, counts, 0.0)
        leads.append(float(w @ coef[: x.shape[1], 0] / w.sum()))
    return att, np.asarray(leads)


@pytest.mark.parametrize("drop", [0.0, 0.15])
def test_demean_blocks_equal_each_block_alone(drop: float) -> None:
    frame = _panel(3, drop=drop)
    demeaner = ColumnDemeaner(_fixed_effects(frame))
    rng = np.random.default_rng(0)
    # blocks of different scales converge after different numbers of sweeps when unbalanced
    blocks = [rng.normal(size=(len(frame), 3)) * s for s in (1.0, 1e3, 1e-2, 7.0)]
    together = demean_blocks(demeaner, np.hstack(blocks), 3)
    alone = np.hstack([demeaner(b) for b in blocks])
    assert np.array_equal(together, alone)
    # and the demeaning is a projection: group means of the result are ~0
    unit_means = pd.DataFrame(together).groupby(frame["unit"].to_numpy()).mean().abs().to_numpy().max()
    assert unit_means < 1e-6


@pytest.mark.parametrize("drop", [0.0, 0.15])
def test_stacked_estimates_equal_one_assignment_at_a_time(drop: float) -> None:
    frame = _panel(11, drop=drop)
    fe = _fixed_effects(frame)
    demeaner = ColumnDemeaner(fe)
    times = frame["period"].to_numpy(dtype=float)
    unit_codes = fe.codes[0]
    unit_cohort = pd.Series(frame["cohort"].to_numpy()).groupby(unit_codes).first().to_numpy()
    controls = demeaner(frame[["x"]].to_numpy(dtype=float))
    start = unit_cohort[unit_codes]
    post = (np.isfinite(start) & (times >= start)).astype(float)
    outcomes = [demeaner(np.column_stack([frame[c].to_numpy(), post])) for c in ("y", "z")]
    rng = np.random.default_rng(5)
    starts = [start] + [rng.permutation(unit_cohort)[unit_codes] for _ in range(40)]
    stacked = permuted_estimates(outcomes, times, starts, controls, demeaner, batch=7)
    for outcome, per_assignment in zip(outcomes, stacked, strict=True):
        for s, (att, leads) in zip(starts, per_assignment, strict=True):
            ref_att, ref_leads = _reference(outcome, times, s, controls, demeaner)
            assert np.array_equal(att, ref_att)
            assert np.array_equal(leads, ref_leads)


@pytest.mark.parametrize("drop", [0.0, 0.15])
def test_observed_att_is_sun_abraham(drop: float) -> None:
    """The randomization estimate is the event study's Sun & Abraham ATT (independent fit)."""
    frame = _panel(23, n_units=40, drop=drop)
    ri = launch_randomization(frame, "y", "unit", "period", "cohort", covariates=["x"], permutations=19)
    res = did.event_study(frame, outcome="y", unit="unit", time="period", cohort="cohort", method="sunab",
                          covariates=["x"], vcov={"cluster": "unit"})
    assert ri.estimate == pytest.approx(float(res.att().iloc[0]["estimate"]), rel=1e-8, abs=1e-10)
    assert abs(ri.estimate - 2.0) < 1.0  # the planted effect


def test_shared_samples_give_each_sample_its_own_result() -> None:
    frame = _panel(31, n_units=30)
    gappy = frame.assign(z=frame["z"].where(np.arange(len(frame)) % 10 != 0))  # another design
    samples = [(frame, "y"), (frame, "z"), (gappy, "z"), (frame.assign(x=frame["x"] * 2), "y")]
    together = launch_randomizations(samples, "unit", "period", "cohort", covariates=["x"], permutations=49)
    for (data, outcome), result in zip(samples, together, strict=True):
        alone = launch_randomization(data, outcome, "unit", "period", "cohort", covariates=["x"], permutations=49)
        assert result == alone
    assert together[0].p_value == pytest.approx(1 / 50)  # the planted effect of 2 is the most extreme
    assert together[0].ci_low < 2.0 < together[0].ci_high
    assert not math.isnan(together[2].estimate) and together[2].estimate != together[1].estimate


def test_sample_groups_equal_the_reference_for_every_metric() -> None:
    """On the city sample, each IT-training group's assignments (the notebook's seed and order),
    estimated for all metrics together, equal the one-metric, one-assignment reference."""
    import analysis
    from analysis import linkage
    from analysis.data.paths import SAMPLE_DIR
    from analysis.linkage import online
    from analysis.stats import randomization

    panel = linkage.unit_panel(analysis.load_dataset(SAMPLE_DIR), through="2026Q3")
    metrics = linkage.modelled_metrics(panel, linkage.reported_metrics(panel))
    covariates = list(online.EVENT_COVARIATES)
    frames = {m: online._it_training_frame(panel, m, online.IT_TRAINED_THRESHOLD, covariates) for m in metrics}
    for group in online.IT_GROUPS:
        samples = [randomization._sample(online._group_samples(f)[group][0], m, "unit_id", "period_idx",
                                         "cohort_idx", covariates) for m, f in frames.items()]
        first = samples[0]
        assert all(first.shares_design(s) for s in samples)  # one design for every metric
        demeaner = ColumnDemeaner(first.fe)
        controls = demeaner(first.raw_controls)
        start = first.unit_cohort[first.unit_codes]
        post = (np.isfinite(start) & (first.times >= start)).astype(float)
        outcomes = [demeaner(np.column_stack([s.y, post])) for s in samples]
        rng = np.random.default_rng(20240601)
        starts = [start] + [rng.permutation(first.unit_cohort)[first.unit_codes] for _ in range(24)]
        stacked = permuted_estimates(outcomes, first.times, starts, controls, demeaner)
        for outcome, per_assignment in zip(outcomes, stacked, strict=True):
            for s, (att, leads) in zip(starts, per_assignment, strict=True):
                ref_att, ref_leads = _reference(outcome, first.times, s, controls, demeaner)
                assert np.array_equal(att, ref_att) and np.array_equal(leads, ref_leads)
