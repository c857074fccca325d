"""The online roll-out: event studies and the IT-training comparison on a simulated staggered panel.

Forty of a hundred units start online services in four cohorts whose effect size
differs (so plain TWFE is biased and Sun & Abraham is not); half of the starting
units had IT training and get an extra effect. The true average effect over the
treated unit-quarters after the start is computed from the simulation itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_linkage_models import _panel

from analysis import linkage


def _staggered(seed: int = 7) -> tuple[pd.DataFrame, pd.Series]:
    p = _panel(n_units=100, n_quarters=12, seed=seed)
    u = p["unit_id"].str[1:].astype(int).to_numpy()
    first = p["period_idx"].min()
    treated = u < 40
    p["cohort_idx"] = np.where(treated, first + 3 + (u % 4) * 2, np.nan)
    p["event_time"] = p["period_idx"] - p["cohort_idx"]
    p["online"] = (p["event_time"] >= 0).fillna(False).astype(bool)
    it = treated & (u % 2 == 0)
    p["it_trained_share_before_launch"] = np.where(treated, np.where(it, 0.8, 0.05), np.nan)
    multiplier = np.where(treated, 1.6 - 0.35 * (u % 4), 0.0)
    ramp = np.minimum(1.0, (p["event_time"].fillna(-1).to_numpy() + 1) / 4)
    effect = np.where(p["online"], multiplier * ramp * (-2.0 - 1.0 * it), 0.0)
    p["processing_days"] = p["processing_days"] + effect
    return p, pd.Series(effect, index=p.index)


@pytest.fixture(scope="module")
def staggered() -> tuple[pd.DataFrame, pd.Series]:
    return _staggered()


def test_sunab_recovers_att(staggered: tuple[pd.DataFrame, pd.Series]) -> None:
    panel, effect = staggered
    res = linkage.online_event_studies(panel, "processing_days")
    truth = effect[panel["online"]].mean()
    att = res.att.set_index("method")
    assert att.loc["sunab", "ci_low"] < truth < att.loc["sunab", "ci_high"]
    assert att.loc["sunab", "n_treated_units"] == 40
    assert att.loc["sunab", "n_obs_model"] == len(panel)
    assert att.loc["sunab", "pretrend_p_value"] > 0.01
    times = res.event_times
    assert set(times["method"]) == {"twfe", "sunab"}
    ref = times.loc[times["event_time"] == -1, "estimate"]
    assert (ref == 0).all()
    # event time 3 onwards the ramp is complete: true effect = mean over treated units there
    e3 = times.loc[(times["method"] == "sunab") & (times["event_time"] == 3)].iloc[0]
    true_e3 = effect[panel["event_time"] == 3].mean()
    assert e3["ci_low"] < true_e3 < e3["ci_high"]


def test_online_sentence_states_units_and_ci(staggered: tuple[pd.DataFrame, pd.Series]) -> None:
    panel, _ = staggered
    att = linkage.online_event_studies(panel, "processing_days", methods=("sunab",)).att.iloc[0]
    en = linkage.online_sentence(att, "en")
    assert "processing time changed by −" in en and "95% CI" in en and "40 starting units" in en
    assert "better service" in en and "joint test p = " in en
    few = linkage.online_sentence({**att.to_dict(), "n_treated_units": 4}, "id")
    assert "Hanya 4 unit yang memulai" in few
    missing = linkage.online_sentence({"metric": "ikm", "method": "sunab", "estimate": np.nan}, "id")
    assert "data belum cukup" in missing


def test_it_training_groups(staggered: tuple[pd.DataFrame, pd.Series]) -> None:
    panel, effect = staggered
    out = linkage.it_training_effect(panel, "processing_days").set_index("group")
    assert out.loc["it_trained", "n_treated_units"] == 20
    assert out.loc["not_it_trained", "n_treated_units"] == 20
    it_units = panel["it_trained_share_before_launch"] >= linkage.IT_TRAINED_THRESHOLD
    for group, mask in (("it_trained", it_units), ("not_it_trained", ~it_units)):
        truth = effect[panel["online"] & mask].mean()
        assert out.loc[group, "ci_low"] < truth < out.loc[group, "ci_high"], group
    # IT-trained units improved more (fewer days): both differences are clearly negative
    assert out.loc["difference", "ci_high"] < 0
    assert out.loc["difference_within_cells", "ci_high"] < 0
    assert out.loc["difference", "estimate"] == pytest.approx(
        out.loc["it_trained", "estimate"] - out.loc["not_it_trained", "estimate"]
    )
    truth = effect[panel["online"] & it_units].mean() - effect[panel["online"] & ~it_units].mean()
    assert out.loc["difference", "ci_low"] < truth < out.loc["difference", "ci_high"]
    # 20 starting units per group (< 30): each group's own interval is by randomization inference,
    # as the launch ATTs; the within-cells contrast is CRV1 t(G - 1) over all 100 units
    assert set(out.loc[["it_trained", "not_it_trained"], "inference"]) == {"randomization"}
    assert out.loc["difference_within_cells", "inference"] == "crv1_t(G-1)"
    assert out.loc["difference_within_cells", "n_clusters"] == 100
    with pytest.raises(KeyError):
        linkage.it_training_effect(panel.drop(columns="online"), "processing_days")


def test_it_training_groups_with_many_starts_use_t_with_g_minus_1() -> None:
    """35 starting units per group, every cohort >= 5: CRV1 with t(G - 1), G = the group's model units."""
    from scipy import stats as sps

    p = _panel(n_units=100, n_quarters=12, seed=3)
    u = p["unit_id"].str[1:].astype(int).to_numpy()
    treated = u < 70
    p["cohort_idx"] = np.where(treated, p["period_idx"].min() + 3 + (u % 4) * 2, np.nan)
    p["online"] = (p["period_idx"] >= p["cohort_idx"]).astype(bool)
    p["it_trained_share_before_launch"] = np.where(treated, np.where(u % 2 == 0, 0.8, 0.05), np.nan)
    out = linkage.it_training_effect(p, "processing_days").set_index("group")
    for group in ("it_trained", "not_it_trained"):
        row = out.loc[group]
        g = 35 + 30  # the group's starting units and the 30 never-starting units
        assert row["inference"] == "crv1_t(G-1)" and row["n_clusters"] == g
        half = (row["ci_high"] - row["ci_low"]) / 2
        assert half / row["std_error"] == pytest.approx(sps.t.ppf(0.975, g - 1), rel=1e-9)
        assert row["verdict"] == "no_clear_difference"  # nothing planted


def test_no_treated_unit_is_reported(staggered: tuple[pd.DataFrame, pd.Series]) -> None:
    panel, _ = staggered
    res = linkage.online_event_studies(panel.assign(cohort_idx=np.nan), "processing_days")
    assert res.att["estimate"].isna().all() and res.att["note"].str.contains("no unit").all()


def test_sunab_recovers_realised_effect_under_a_ceiling(
    staggered: tuple[pd.DataFrame, pd.Series],
) -> None:
    """A share capped at 100: the estimable effect is clip(y0 + effect) - clip(y0), not the planted one."""
    panel, _ = staggered
    rng = np.random.default_rng(11)
    u = panel["unit_id"].str[1:].astype(int).to_numpy()
    y0 = (
        rng.uniform(45, 75, 100)[u]
        + 0.3 * (panel["period_idx"] - panel["period_idx"].min()).to_numpy()
        + rng.normal(0, 1.5, len(panel))
    )
    it = panel["it_trained_share_before_launch"].fillna(0).to_numpy() >= 0.5
    multiplier = np.where(u < 40, 1.6 - 0.35 * (u % 4), 0.0)
    ramp = np.minimum(1.0, (panel["event_time"].fillna(-1).to_numpy() + 1) / 4)
    planted = np.where(panel["online"], multiplier * ramp * (30.0 + 10.0 * it), 0.0)
    capped = panel.assign(online_share=np.clip(y0 + planted, 0, 100))
    realised = capped["online_share"].to_numpy() - np.clip(y0, 0, 100)
    treated = panel["online"].to_numpy()
    att = (
        linkage.online_event_studies(capped, "online_share", methods=("sunab",))
        .att.set_index("method")
        .loc["sunab"]
    )
    truth = realised[treated].mean()
    assert att["ci_low"] < truth < att["ci_high"]
    # the ceiling binds: the unclipped planted average lies well outside the CI
    assert planted[treated].mean() - truth > 5 * att["std_error"]
    assert planted[treated].mean() > att["ci_high"]


def _few_starts(seed: int, n_units: int = 40) -> pd.DataFrame:
    """Six of ``n_units`` units start in four cohorts (2, 2, 1, 1); no effect of the start."""
    p = _panel(n_units=n_units, n_quarters=12, seed=seed)
    u = p["unit_id"].str[1:].astype(int).to_numpy()
    first = p["period_idx"].min()
    offsets = {0: 4, 1: 4, 2: 6, 3: 6, 4: 8, 5: 9}
    p["cohort_idx"] = [first + offsets[k] if k in offsets else np.nan for k in u]
    p["online"] = (p["period_idx"] >= p["cohort_idx"]).astype(bool)
    return p


def test_few_starting_units_use_randomization_inference_and_give_no_verdict() -> None:
    panel = _few_starts(0)
    att = linkage.online_event_studies(panel, "processing_days", methods=("sunab",),
                                       permutations=99).att.iloc[0]
    plain = linkage.online_event_study(panel, "processing_days").att().iloc[0]
    assert att["estimate"] == pytest.approx(plain["estimate"])
    assert att["inference"] == "randomization"
    assert att["verdict"] == "insufficient_data"
    assert att["n_treated_units"] == 6 and att["smallest_cohort"] == 1
    en = linkage.online_sentence(att, "en")
    assert "randomization inference" in en and "Only 6 units" in en


@pytest.mark.slow
def test_null_effect_with_six_starting_units_is_rarely_called_clear() -> None:
    """No effect, 6 starting units in 4 cohorts: the reported interval excludes zero at most 8%."""
    excluded, verdicts = [], set()
    for seed in range(100):
        att = linkage.online_event_studies(_few_starts(seed), "processing_days", methods=("sunab",),
                                           leads=3, lags=3, permutations=99).att.iloc[0]
        excluded.append(att["ci_low"] > 0 or att["ci_high"] < 0)
        verdicts.add(att["verdict"])
    assert np.mean(excluded) <= 0.08
    assert verdicts <= {"insufficient_data", "no_clear_difference"}
