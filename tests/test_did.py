"""analysis.stats.did.event_study: planted staggered effects, exact DiD identities, binning."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.did import ATT_COLUMNS, TIDY_COLUMNS, event_study

SLOPES = {5: 1.0, 9: 0.4, 13: 0.1}  # effect grows by this much per quarter since start


def staggered_panel(seed: int, cohorts: dict[int | None, int] | None = None, periods: int = 16,
                    slopes: dict[int, float] = SLOPES) -> pd.DataFrame:
    """Units adopting at quarter 5, 9 or 13 (or never), effect slope_c x (e + 1) for e >= 0."""
    rng = np.random.default_rng(seed)
    cohorts = cohorts or {5: 80, 9: 80, 13: 60, None: 40}
    frames = []
    uid = 0
    for c, n in cohorts.items():
        unit = np.repeat(np.arange(uid, uid + n), periods)
        t = np.tile(np.arange(periods), n)
        uid += n
        e = t - c if c is not None else np.full(t.shape, np.nan)
        tau = np.where(e >= 0, slopes.get(c, 0.0) * (e + 1), 0.0) if c is not None else np.zeros(t.shape)
        a = rng.normal(size=n)[unit - unit.min()]
        y = a + 0.1 * t + tau + rng.normal(scale=0.5, size=t.size)
        frames.append(pd.DataFrame({"unit": unit, "t": t, "cohort": np.nan if c is None else float(c),
                                    "y": y, "tau": tau, "e": e}))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return staggered_panel(2026)


@pytest.fixture(scope="module")
def both(panel):
    return {m: event_study(panel, "y", "unit", "t", "cohort", leads=12, lags=10, method=m)
            for m in ("twfe", "sunab")}


def test_sunab_recovers_cohort_varying_effect_where_twfe_does_not(panel, both):
    truth = panel[panel["e"].notna()].groupby("e")["tau"].mean()  # average effect over treated obs at e
    z = {}
    for m, res in both.items():
        tt = res.tidy().set_index("event_time").drop(index=-1)
        z[m] = (tt["estimate"] - truth.reindex(tt.index)) / tt["std_error"]
    assert z["sunab"].abs().max() < 3.5
    assert z["twfe"].abs().max() > 8  # TWFE: spurious pre-trends, distorted dynamics
    leads_twfe = both["twfe"].tidy().query("event_time <= -7")["estimate"]
    assert (leads_twfe > 0.3).all()  # a "pre-trend" that is not there
    assert both["sunab"].pretrend_test()[1] > 0.01
    assert both["twfe"].pretrend_test()[1] < 1e-10
    att_true = panel.loc[panel["e"] >= 0, "tau"].mean()
    att = both["sunab"].att().iloc[0]
    assert att["ci_low"] < att_true < att["ci_high"]
    assert att["n_treated_units"] == 220
    assert att["n_obs"] == int((panel["e"] >= 0).sum())


def test_sunab_cell_equals_explicit_difference_in_differences(panel, both):
    """With never-treated controls and saturated cells, d_{c,e} is the 2x2 DiD of means."""
    fitres = both["sunab"].fit
    c, e = 9, 3
    m = panel.groupby(["cohort", "t"], dropna=False)["y"].mean()
    never = panel[panel["cohort"].isna()].groupby("t")["y"].mean()
    did = (m[(c, c + e)] - m[(c, c - 1)]) - (never[c + e] - never[c - 1])
    assert fitres.coef[f"_sa_c{c}_p{e}"] == pytest.approx(did, rel=1e-9)


def test_single_cohort_unbinned_twfe_equals_sunab():
    d = staggered_panel(3, cohorts={6: 50, None: 50}, periods=12)
    a = event_study(d, "y", "unit", "t", "cohort", leads=6, lags=5, method="twfe").tidy()
    b = event_study(d, "y", "unit", "t", "cohort", leads=6, lags=5, method="sunab").tidy()
    np.testing.assert_allclose(a["estimate"], b["estimate"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a["std_error"], b["std_error"], rtol=1e-9, atol=1e-12)


def test_binned_endpoints_and_output_shape(panel):
    treated = panel["e"].notna()
    twfe = event_study(panel, "y", "unit", "t", "cohort", leads=3, lags=2, method="twfe")
    tt = twfe.tidy().set_index("event_time")
    assert tt.index.tolist() == [-3, -2, -1, 0, 1, 2]
    assert tt.loc[2, "n_obs"] == int((treated & (panel["e"] >= 2)).sum())  # binned
    assert tt.loc[-3, "n_obs"] == int((treated & (panel["e"] <= -3)).sum())
    assert tt.loc[-1, "estimate"] == 0 and tt.loc[-1, "std_error"] == 0
    res = event_study(panel, "y", "unit", "t", "cohort", leads=3, lags=2, method="sunab")
    tt = res.tidy()
    assert list(tt.columns) == TIDY_COLUMNS
    assert tt["event_time"].tolist() == [-3, -2, -1, 0, 1, 2]
    assert tt.set_index("event_time").loc[2, "n_obs"] == int((treated & (panel["e"] == 2)).sum())
    assert list(res.att().columns) == ATT_COLUMNS
    assert res.att()["n_obs"].item() == int((panel["e"] >= 0).sum())  # all post cells
    assert res.method == "sunab" and "sunab" in repr(res)


def test_last_treated_cohort_is_control_without_never_treated():
    d = staggered_panel(4, cohorts={5: 60, 9: 60, 13: 60})
    res = event_study(d, "y", "unit", "t", "cohort", leads=4, lags=3, method="sunab")
    assert res.control == "last-treated cohort 13"
    assert res.fit.nobs == int((d["t"] < 13).sum())
    tt = res.tidy().set_index("event_time")
    truth = d[(d["e"].notna()) & (d["cohort"] < 13) & (d["t"] < 13)].groupby("e")["tau"].mean()
    for e in (0, 1, 2):
        assert abs(tt.loc[e, "estimate"] - truth[e]) < 4 * tt.loc[e, "std_error"]


def test_always_treated_units_are_left_out_and_counted():
    d = staggered_panel(5, cohorts={0: 10, 6: 40, None: 40}, periods=10)
    res = event_study(d, "y", "unit", "t", "cohort", leads=3, lags=3)
    assert res.n_always_treated_dropped == 10
    assert res.n_treated_units == 40


def test_argument_errors(panel):
    with pytest.raises(ValueError, match="method"):
        event_study(panel, "y", "unit", "t", "cohort", method="cs")
    with pytest.raises(KeyError, match="nope"):
        event_study(panel, "nope", "unit", "t", "cohort")
    bad = panel.copy()
    bad.loc[bad.index[0], "cohort"] = 3.0
    with pytest.raises(ValueError, match="constant within"):
        event_study(bad, "y", "unit", "t", "cohort")


def test_period_labels_instead_of_indexes_give_a_clear_error(panel):
    d = panel.assign(t=panel["t"].map(lambda i: f"2024Q{i % 4 + 1}"))
    with pytest.raises(ValueError, match="integer time indexes"):
        event_study(d, "y", "unit", "t", "cohort")


def _att_coverage(reps: int, seed: int) -> float:
    hits = 0
    for r in range(reps):
        d = staggered_panel(seed + r, cohorts={4: 30, 7: 30, None: 30}, periods=10)
        att = event_study(d, "y", "unit", "t", "cohort", method="sunab").att().iloc[0]
        truth = d.loc[d["e"] >= 0, "tau"].mean()
        hits += att["ci_low"] <= truth <= att["ci_high"]
    return hits / reps


@pytest.mark.slow
def test_sunab_att_ci_coverage_500_replications():
    assert 0.93 <= _att_coverage(500, seed=10_000) <= 0.97
