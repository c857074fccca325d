"""Exposure models, effect statements and the robustness annex on simulated panels.

The panels here are built directly (not through :func:`unit_panel`) with a planted
slope, so each check compares an estimate with a known truth or an independent
calculation (a dummy-variable statsmodels regression).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import linkage
from analysis.data.periods import period_index


def _panel(
    n_units: int = 60, n_quarters: int = 10, slope: float = 0.08, seed: int = 3
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    quarters = [f"{2024 + (k // 4)}Q{k % 4 + 1}" for k in range(n_quarters)]
    units = [f"U{u:03d}" for u in range(n_units)]
    df = pd.DataFrame(
        {
            "unit_id": np.repeat(units, n_quarters),
            "period": np.tile(quarters, n_units),
        }
    )
    df["period_idx"] = df["period"].map(period_index).astype("int64")
    u = np.repeat(np.arange(n_units), n_quarters)
    df["agency_id"] = [f"A{k % 6}" for k in u]
    df["sector"] = np.where(u % 2 == 0, "health", "education")
    base = rng.normal(80, 4, n_units)[u]
    shock = rng.normal(0, 1, n_quarters)[np.tile(np.arange(n_quarters), n_units)]
    # exposure correlated with the unit's level (so pooled OLS would be biased, FE not)
    df["jp_per_staff_4q"] = np.clip(rng.normal(20, 8, len(df)) + 0.5 * (base - 80), 0, None)
    df["jp_per_staff"] = df["jp_per_staff_4q"] / 4 + rng.normal(0, 1, len(df))
    df["share_on_track"] = rng.uniform(0, 1, len(df))
    df["mean_competency_gap"] = rng.uniform(0, 1, len(df))
    df["share_with_gap"] = rng.uniform(0, 1, len(df))
    df["ikm"] = base + shock + slope * df["jp_per_staff_4q"] + rng.normal(0, 1.5, len(df))
    df["processing_days"] = (
        10 - 0.04 * df["jp_per_staff_4q"] + rng.normal(0, 0.5, len(df)) + (base - 80) / 10
    )
    df["cohort_idx"] = np.nan
    df["online"] = False
    df["it_trained_share_before_launch"] = np.nan
    return df


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return _panel()


def test_fit_exposure_matches_dummy_regression(panel: pd.DataFrame) -> None:
    import statsmodels.formula.api as smf

    res = linkage.fit_exposure(panel, "ikm")
    ref = smf.ols("ikm ~ jp_per_staff_4q + C(unit_id) + C(period)", data=panel).fit()
    assert res.coef["jp_per_staff_4q"] == pytest.approx(ref.params["jp_per_staff_4q"], rel=1e-8)
    assert res.nobs == len(panel)


def test_exposure_effects_recover_slope(panel: pd.DataFrame) -> None:
    eff = linkage.exposure_effects(panel, ["ikm", "processing_days"], lags=(0, 1))
    assert list(eff.columns[:3]) == ["metric", "exposure", "lag"]
    main = eff.set_index(["metric", "lag"])
    lo, hi = main.loc[("ikm", 0), ["ci_low", "ci_high"]]
    assert lo < 0.08 < hi
    lo, hi = main.loc[("processing_days", 0), ["ci_low", "ci_high"]]
    assert lo < -0.04 < hi
    assert main.loc[("ikm", 0), "n_units"] == 60
    # a lag drops the first quarter of every unit
    assert main.loc[("ikm", 1), "n_obs"] == 60 * 9


def test_shifted_aligns_on_quarters() -> None:
    df = pd.DataFrame(
        {"unit_id": ["A", "A", "A", "B"], "period_idx": [1, 2, 4, 2], "x": [1.0, 2.0, 4.0, 9.0]}
    )
    assert linkage.shifted(df, "x", 1).tolist()[:2] == [pytest.approx(math.nan, nan_ok=True), 1.0]
    # quarter 3 is missing for A: the lag of quarter 4 is NaN, not quarter 2's value
    assert math.isnan(linkage.shifted(df, "x", 1).iloc[2])
    assert linkage.shifted(df, "x", -1).iloc[0] == 2.0


def test_effect_statements_scale_and_direction(panel: pd.DataFrame) -> None:
    eff = linkage.exposure_effects(panel, ["ikm", "processing_days"], lags=(0,))
    st = linkage.effect_statements(eff).set_index("metric")
    ikm = st.loc["ikm"]
    assert ikm["step"] == 5.0
    assert ikm["change"] == pytest.approx(5 * ikm["estimate"])
    assert ikm["change_ci_low"] == pytest.approx(5 * ikm["ci_low"])
    assert ikm["verdict"] == "better"
    # fewer processing days is better: a negative change with a CI below 0 is "better"
    pdays = st.loc["processing_days"]
    assert pdays["change_ci_high"] < 0 and pdays["verdict"] == "better"
    # a negative step (smaller gap) flips the CI so that low <= high
    flipped = linkage.effect_statements(
        pd.DataFrame(
            {
                "metric": ["ikm"],
                "exposure": ["mean_competency_gap"],
                "estimate": [-2.0],
                "ci_low": [-3.0],
                "ci_high": [-1.0],
                "p_value": [0.01],
                "n_obs": [100],
                "n_units": [40],
            }
        )
    ).iloc[0]
    assert (flipped["change"], flipped["change_ci_low"], flipped["change_ci_high"]) == (
        0.5,
        0.25,
        0.75,
    )
    assert flipped["verdict"] == "better"
    unclear = linkage.effect_statements(
        pd.DataFrame(
            {
                "metric": ["processing_days", "custom"],
                "exposure": ["jp_per_staff_4q"] * 2,
                "estimate": [0.1, 0.2],
                "ci_low": [-0.1, 0.1],
                "ci_high": [0.3, 0.3],
                "p_value": [0.3, 0.01],
                "n_obs": [100, 100],
                "n_units": [40, 40],
            }
        )
    )
    assert unclear["verdict"].tolist() == ["no_clear_change", "changes"]


def test_effect_sentence_languages() -> None:
    row = {
        "metric": "ikm",
        "exposure": "jp_per_staff_4q",
        "step": 5.0,
        "change": 1.2,
        "change_ci_low": 0.6,
        "change_ci_high": 1.8,
        "verdict": "better",
        "n_obs": 1234,
        "n_units": 120,
        "metric_unit_en": "IKM points",
        "metric_unit_id": "poin IKM",
    }
    en = linkage.effect_sentence(row, "en", decimals=1)
    assert en == (
        "+5 JP per staff member over the last four quarters is associated with +1.2 IKM "
        "points (95% CI 0.6 to 1.8; n = 1,234 unit-quarters, 120 units): better service."
    )
    idn = linkage.effect_sentence(row, "id", decimals=1)
    assert "+1,2 poin IKM (IK 95% 0,6 s.d. 1,8; n = 1.234 unit-triwulan, 120 unit)" in idn
    small = linkage.effect_sentence({**row, "n_units": 12}, "id")
    assert "Data belum cukup" in small
    with pytest.raises(ValueError, match="lang"):
        linkage.effect_sentence(row, "fr")


def test_dose_response_bins(panel: pd.DataFrame) -> None:
    dr = linkage.dose_response(panel, "ikm", bins=4)
    assert dr["bin"].tolist() == [1, 2, 3, 4]
    assert dr["reference"].tolist() == [True, False, False, False]
    assert dr["n_obs"].sum() == len(panel)
    # planted linear slope: the top bin is clearly above the reference
    assert dr.iloc[-1]["ci_low"] > 0
    assert (dr["low"].diff().dropna() > 0).all()
    with pytest.raises(ValueError, match="bins"):
        linkage.dose_response(panel, "ikm", bins=1)


def test_sector_heterogeneity_recovers_different_slopes() -> None:
    df = _panel(seed=5)
    health = df["sector"] == "health"
    df.loc[health, "ikm"] += (
        0.2 * df.loc[health, "jp_per_staff_4q"]
    )  # health slope 0.28, education 0.08
    het = linkage.sector_heterogeneity(df, "ikm").set_index("sector")
    assert het.loc["health", "ci_low"] < 0.28 < het.loc["health", "ci_high"]
    assert het.loc["education", "ci_low"] < 0.08 < het.loc["education", "ci_high"]
    assert het["equal_slopes_p"].iloc[0] < 0.01
    assert het["n_units"].sum() == 60


def test_distributed_lag_cumulative(panel: pd.DataFrame) -> None:
    res, dl = linkage.distributed_lag(panel, "ikm")
    assert dl["term"].tolist() == [
        "jp_per_staff",
        "jp_per_staff_lag1",
        "jp_per_staff_lag2",
        "cumulative",
    ]
    assert dl.iloc[-1]["estimate"] == pytest.approx(dl.iloc[:3]["estimate"].sum())
    v = res.vcov.to_numpy()
    assert dl.iloc[-1]["std_error"] == pytest.approx(math.sqrt(v.sum()))


def test_placebo_and_leave_one_out(panel: pd.DataFrame) -> None:
    pl = linkage.placebo_future_exposure(panel, "ikm").set_index("term")
    assert pl.loc["future", "lead"] == 4
    assert pl.loc["future", "ci_low"] < 0 < pl.loc["future", "ci_high"]  # no planted lead effect
    assert pl.loc["current", "ci_low"] < 0.08 < pl.loc["current", "ci_high"]
    assert pl.loc["future", "n_obs"] == 60 * 6
    loo = linkage.leave_one_agency_out(panel, "ikm")
    assert loo["left_out"].tolist() == ["(none)"] + [f"A{k}" for k in range(6)]
    assert (loo["n_units"].iloc[1:] == 50).all()


def test_alternative_exposures(panel: pd.DataFrame) -> None:
    alt = linkage.alternative_exposures(panel, "ikm")
    assert set(alt["exposure"]) == set(linkage.EXPOSURE_STEPS)
    assert alt.set_index("exposure").loc["share_on_track", "step"] == 0.10


def test_too_few_units_is_an_error() -> None:
    with pytest.raises(ValueError, match="units"):
        linkage.fit_exposure(_panel(n_units=3), "ikm")


def test_design_note_follows_results(panel: pd.DataFrame) -> None:
    placebo = pd.DataFrame(
        {
            "metric": ["ikm", "processing_days"],
            "term": ["future", "future"],
            "estimate": [0.3, 0.0],
            "ci_low": [0.1, -0.1],
            "ci_high": [0.5, 0.1],
        }
    )
    att = pd.DataFrame(
        {"metric": ["ikm"], "method": ["sunab"], "n_treated_units": [7], "pretrend_p_value": [0.4]}
    )
    en = linkage.design_note("en", n_units=60, n_quarters=10, placebo=placebo, online_att=att)
    assert (
        "does predict today's ikm (CI excludes zero)" in en
        and "For processing_days it predicts nothing" in en
    )
    assert "7 units started online services" in en and "only 7 starting units" in en
    idn = linkage.design_note("id", n_units=60, n_quarters=10)
    assert "60 unit selama 10 triwulan" in idn and "bukan dampak yang terbukti" in idn


def test_model_table_and_mixed(panel: pd.DataFrame) -> None:
    table = linkage.model_table(panel, "ikm", lang="en")
    frame = table.to_frame()
    assert frame.shape[1] == 7  # term column + six models
    text = table.to_markdown()
    assert "JP per staff (last 4 quarters) (lead 4)" in text and "(6) mixed" in text
    assert "jp_per_staff" not in text and "unit_id" not in text  # readers' names, not codes
    numbers = table.to_numbers()  # the workbook's version: numbers, with the stars apart
    assert pd.api.types.is_float_dtype(numbers["estimate"]) and set(numbers["stars"]) <= {"", "*", "**", "***"}
    mixed = linkage.mixed_alternative(panel, "ikm").tidy().set_index("term")
    assert np.isfinite(mixed.loc["jp_per_staff_4q", "estimate"])
    assert "0,0" in linkage.model_table(panel, "ikm", lang="id").to_markdown()


def test_charts_draw(panel: pd.DataFrame) -> None:
    import matplotlib.pyplot as plt

    dose = pd.concat([linkage.dose_response(panel, m) for m in ("ikm", "processing_days")])
    fig = linkage.plot_dose_response(dose, "en")
    assert sum(ax.get_visible() for ax in fig.axes) == 2
    fig2 = linkage.plot_sector_slopes(linkage.sector_heterogeneity(panel, "ikm"), "id")
    assert [t.get_text() for t in fig2.axes[0].get_yticklabels()][0].endswith("unit)")
    times = pd.DataFrame(
        {
            "metric": "ikm",
            "method": ["twfe"] * 3 + ["sunab"] * 3,
            "event_time": [-2, -1, 0] * 2,
            "estimate": [0.1, 0.0, 1.0, 0.0, 0.0, 1.2],
            "ci_low": [-0.2, 0.0, 0.5, -0.3, 0.0, 0.7],
            "ci_high": [0.4, 0.0, 1.5, 0.3, 0.0, 1.7],
        }
    )
    fig3 = linkage.plot_event_study(times, "ikm", "en")
    assert [t.get_text() for t in fig3.axes[0].get_legend().get_texts()] == [
        "TWFE",
        "Sun & Abraham",
    ]
    cats = pd.DataFrame(
        {
            "unit_id": ["A", "A", "B", "B"],
            "period": ["2024Q1", "2024Q2"] * 2,
            "period_idx": [8096, 8097] * 2,
            "category": ["B", "A", "C", "C"],
        }
    )
    fig4 = linkage.plot_ikm_categories(
        cats, linkage.category_transitions(cats, normalise=True), "id"
    )
    assert len(fig4.axes) == 2
    plt.close("all")


def test_narrative_pieces(panel: pd.DataFrame) -> None:
    sectors = linkage.sector_heterogeneity(panel, "ikm")
    lines = linkage.sector_sentences(sectors, "en")
    assert lines[0].startswith("Education: +") and "30 units" in lines[0]
    assert lines[-1].startswith("Test that all sectors share one slope: p = ")
    # a sector the model did not test (below its minimum units) says so, with that minimum
    small = linkage.sector_sentences(sectors.assign(n_units=8, enough_units=False), "id")
    assert "data belum cukup (8 unit; minimal 10)" in small[0]

    cats = pd.DataFrame(
        {
            "unit_id": ["A", "A", "B", "B", "C"],
            "period": ["2024Q1", "2024Q2"] * 2 + ["2024Q2"],
            "period_idx": [8096, 8097, 8096, 8097, 8097],
            "category": ["B", "A", "B", "C", "A"],
        }
    )
    summary = linkage.ikm_summary(cats, "2024Q2", "en")
    assert (summary.n_units, summary.moves, summary.up, summary.down) == (3, 2, 1, 1)
    assert summary.share_good == pytest.approx(2 / 3)
    assert summary.ci_low < 2 / 3 < summary.ci_high
    assert "66.7% of 3 units" in summary.text

    it = pd.DataFrame(
        {
            "metric": "processing_days",
            "group": ["it_trained", "not_it_trained", "difference"],
            "estimate": [-2.5, -1.5, -0.8],
            "ci_low": [-3.0, -2.0, -1.2],
            "ci_high": [-2.0, -1.0, -0.4],
            "n_treated_units": [6, 14, 20],
            "n_obs": [50, 60, 900],
            "threshold": 0.1,
        }
    )
    text = linkage.it_training_sentences(it, "en")
    assert text[0].startswith(
        "processing time: IT-trained starting units (6) vs other starting units (14): −0.80 days"
    )
    assert "a clear difference" in text[0] and "interval is wide" in text[0]
    assert "at least 10% of its staff" in text[-1]

    placebo = linkage.placebo_future_exposure(panel, "ikm")
    loao = linkage.leave_one_agency_out(panel, "ikm")
    rob = linkage.robustness_sentences(placebo, loao, "id")
    assert rob[0].startswith(
        "ikm: paparan masa depan (+5 JP per pegawai dalam empat triwulan terakhir, 4 triwulan ke depan)"
    )
    assert "tanpa satu OPD bergantian (6 OPD)" in rob[0]


def test_design_note_without_online_units() -> None:
    att = pd.DataFrame(
        {
            "metric": ["ikm"],
            "method": ["sunab"],
            "n_treated_units": [np.nan],
            "pretrend_p_value": [np.nan],
        }
    )
    en = linkage.design_note("en", n_units=40, n_quarters=8, online_att=att)
    assert "cannot be evaluated" in en and "Online services.** 0 units" not in en


def _sector_panel(seed: int, sizes: dict[str, int]) -> pd.DataFrame:
    """Equal slopes (0.08) in every sector; units of the sizes given, 8 quarters."""
    df = _panel(n_units=sum(sizes.values()), n_quarters=8, seed=seed)
    labels = np.repeat(list(sizes), list(sizes.values()))
    df["sector"] = np.repeat(labels, 8)
    return df


def test_small_sectors_are_pooled_and_left_out_of_the_test() -> None:
    df = _sector_panel(1, {"education": 30, "health": 12, "licensing": 2, "social": 3})
    het = linkage.sector_heterogeneity(df, "ikm", draws=199).set_index("sector")
    assert list(het.index) == ["education", "health", "other"]
    assert het.loc["other", "pooled_sectors"] == "licensing, social"
    assert not het.loc["other", "enough_units"] and math.isnan(het.loc["other", "p_value"])
    assert math.isnan(het.loc["other", "ci_low"])
    assert (het["equal_slopes_sectors"] == 2).all()
    assert het.loc["health", "inference"] == "wild_cluster_bootstrap"
    assert het.loc["health", "ci_low"] < 0.08 < het.loc["health", "ci_high"]
    # one tested sector: no equality test, so no p-value to print
    one = linkage.sector_heterogeneity(df, "ikm", min_units=20, draws=199)
    assert one["equal_slopes_p"].isna().all()


@pytest.mark.slow
def test_equal_sector_slopes_test_has_its_nominal_level() -> None:
    """Equal slopes, sectors of 1 to 25 units: the equality test rejects about 5% of the time."""
    sizes = {"education": 25, "general_admin": 12, "health": 10, "licensing": 1, "social": 2}
    rejected = [
        linkage.sector_heterogeneity(_sector_panel(seed, sizes), "ikm", online_control=False,
                                     draws=199, intervals=False, seed=seed)["equal_slopes_p"].iloc[0] < 0.05
        for seed in range(200)
    ]
    assert 0.03 <= np.mean(rejected) <= 0.08
