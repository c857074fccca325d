"""Result codes of the service-link area: record_results records exactly what the brief reads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data.results import ResultsRecorder
from analysis.linkage import codes
from analysis.linkage.ikm import IkmSummary


def _statements() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": ["ikm", "ikm", "processing_days"],
            "lag": [0, 1, 0],
            "change": [0.62, 0.41, -0.30],
            "change_ci_low": [0.57, 0.33, -0.32],
            "change_ci_high": [0.67, 0.50, -0.27],
            "n_obs": [696, 638, 696],
            "n_units": [58, 58, 58],
        }
    )


def _att() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": ["ikm", "ikm", "spm_attainment"],
            "method": ["twfe", "sunab", "sunab"],
            "estimate": [3.5, 3.98, np.nan],
            "ci_low": [2.9, 3.22, np.nan],
            "ci_high": [4.1, 4.73, np.nan],
            "n_obs": [289, 289, 0],
            "n_treated_units": [47, 47, np.nan],
        }
    )


def _it() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": "ikm",
            "group": ["it_trained", "not_it_trained", "difference", "difference_within_cells"],
            "estimate": [5.0, 2.6, 2.38, 2.1],
            "ci_low": [4.0, 1.9, 1.43, 1.0],
            "ci_high": [6.0, 3.3, 3.33, 3.2],
            "n_obs": [150, 139, 289, 696],
            "n_treated_units": [26, 21, 47, 47],
        }
    )


def test_code_texts_are_the_ones_the_brief_reads() -> None:
    assert codes.JP_STEP == 5.0
    assert codes.effect_per_step_code("ikm") == "linkage.effect_per_5jp.ikm"
    assert codes.IKM_SHARE_GOOD == "linkage.ikm_share_good"
    assert codes.online_att_code("sunab", "ikm") == "linkage.online_att.ikm"
    assert codes.online_att_code("twfe", "ikm") == "linkage.online_att_twfe.ikm"
    assert codes.it_training_extra_code("ikm") == "linkage.it_training_extra.ikm"


def test_record_results_records_every_code_once_in_order() -> None:
    rec = ResultsRecorder("40_service_link")
    ikm = IkmSummary("2026Q3", 58, 0.793, 0.672, 0.877, 638, 92, 42, "text")
    codes.record_results(rec, "2026Q3", _statements(), ikm=ikm, online_att=_att(), it_training=_it())
    assert [k.code for k in rec.numbers] == [
        "linkage.effect_per_5jp.ikm",
        "linkage.effect_per_5jp.ikm.lag1",
        "linkage.effect_per_5jp.processing_days",
        "linkage.ikm_share_good",
        "linkage.online_att_twfe.ikm",
        "linkage.online_att.ikm",
        "linkage.it_training_extra.ikm",
    ]
    assert {k.period for k in rec.numbers} == {"2026Q3"}
    assert "exposure lagged 1 quarter(s)" in rec.numbers[1].note
    effect = rec.numbers[0]
    assert (effect.estimate, effect.ci_low, effect.ci_high, effect.n, effect.unit) == (
        0.62, 0.57, 0.67, 696, "ikm"
    )
    assert effect.note == (
        "58 units; per +5 JP per staff member over four quarters; unit and quarter FE, "
        "SE clustered by unit"
    )
    share = rec.numbers[3]
    assert (share.estimate, share.n, share.unit) == (0.793, 58, "share")
    assert rec.numbers[5].note == "47 starting units; sunab"
    assert rec.numbers[6].note == ("26 IT-trained vs 21 other starting units, within start cohort "
                                   "and event time")
    assert rec.numbers[6].n == 696


def test_record_results_skips_what_is_missing() -> None:
    rec = ResultsRecorder("40_service_link")
    empty_ikm = IkmSummary("2026Q3", 0, np.nan, np.nan, np.nan, 0, 0, 0, "text")
    codes.record_results(rec, "2026Q3", _statements(), ikm=empty_ikm, online_att=None,
                         it_training=pd.DataFrame())
    assert [k.code for k in rec.numbers] == [
        "linkage.effect_per_5jp.ikm",
        "linkage.effect_per_5jp.ikm.lag1",
        "linkage.effect_per_5jp.processing_days",
    ]


def test_primary_outcomes_keep_their_verdict_and_the_rest_is_holm_adjusted() -> None:
    statements = _statements().assign(p_value=[0.001, 0.02, 0.03])
    extra = pd.DataFrame({"metric": ["online_share"], "lag": [0], "change": [0.4], "change_ci_low": [0.05],
                          "change_ci_high": [0.75], "n_obs": [696], "n_units": [58], "p_value": [0.03]})
    statements = pd.concat([statements, extra], ignore_index=True)
    att = _att().assign(p_value=[0.001, 0.0001, np.nan], inference="crv1_t(G-1)", n_clusters=58)
    numbers = {n["code"]: n for n in codes.service_verdicts(statements, att, _it().assign(p_value=0.2))}
    ikm = numbers["linkage.effect_per_5jp.ikm"]
    assert ikm["primary"] and ikm["family"] is None and ikm["verdict"] == "better"
    assert numbers["linkage.effect_per_5jp.processing_days"]["verdict"] == "better"  # lower is better
    share = numbers["linkage.effect_per_5jp.online_share"]
    # exploratory: p = 0.03 among four tests (ikm lag 1, online_share, twfe ATT, IT contrast)
    assert share["family"] == codes.EXPLORATORY_FAMILY and not share["primary"]
    assert share["p_adjusted"] == pytest.approx(min(1.0, 0.03 * 2))
    assert share["verdict"] == "no_clear_difference"
    assert numbers["linkage.online_att.ikm"]["primary"]
    assert numbers["linkage.online_att_twfe.ikm"]["p_adjusted"] == pytest.approx(0.004)
    assert numbers["linkage.online_att_twfe.ikm"]["verdict"] == "better"
    assert numbers["linkage.it_training_extra.ikm"]["verdict"] == "no_clear_difference"


def test_verdict_lines_use_the_recorded_verdicts_and_count_the_comparisons() -> None:
    from analysis import linkage

    statements = _statements().assign(p_value=[0.001, 0.02, 0.03])
    numbers = codes.service_verdicts(statements, _att().assign(p_value=[0.001, 0.0001, np.nan]))
    size = codes.exploratory_family_size(numbers)
    assert size == 2  # ikm lag 1 and the TWFE ATT
    lines = linkage.verdict_lines(numbers, size, "en")
    assert lines[0].startswith("3 primary outcomes (read on their own) and 2 exploratory comparisons")
    assert "`linkage.online_att_twfe.ikm` (exploratory, p Holm = 0.002): better" in lines
    assert "p Holm < 0,001" in " ".join(linkage.verdict_lines(
        [{"code": "x", "primary": False, "p_adjusted": 0.00002, "verdict": "better"}], 1, "id"))


def test_settings_file_is_strict_and_its_defaults_match(tmp_path) -> None:
    from analysis.linkage.settings import (
        ServiceLinkSettings,
        ServiceLinkSettingsError,
        load_settings,
    )

    assert load_settings() == ServiceLinkSettings()
    bad = tmp_path / "service_link.yaml"
    bad.write_text("primary_metrics: [ikm]\nprimary_lags: 0\n", encoding="utf-8")
    with pytest.raises(ServiceLinkSettingsError, match="unknown key"):
        load_settings(bad)
    bad.write_text("min_sector_units: 1\n", encoding="utf-8")
    with pytest.raises(ServiceLinkSettingsError, match="min_sector_units"):
        load_settings(bad)
    good = tmp_path / "ok.yaml"
    good.write_text("primary_metrics: [ikm]\n", encoding="utf-8")
    assert load_settings(good).primary_metrics == ("ikm",)


def _sectors() -> pd.DataFrame:
    return pd.DataFrame({
        "metric": "ikm", "exposure": "jp_per_staff_4q", "sector": ["health", "education", "other"],
        "estimate": [0.12, 0.10, 0.5], "ci_low": [0.02, 0.01, np.nan], "ci_high": [0.22, 0.19, np.nan],
        "p_value": [0.004, 0.03, np.nan], "n_obs": [240, 300, 36], "n_units": [20, 25, 3],
        "enough_units": [True, True, False], "inference": ["wild_cluster_bootstrap"] * 2 + [""],
        "n_clusters": [20, 25, 3], "equal_slopes_p": 0.7, "equal_slopes_inference": "wild_cluster_bootstrap",
        "equal_slopes_sectors": 2})


def _placebo() -> pd.DataFrame:
    return pd.DataFrame({
        "metric": "ikm", "exposure": "jp_per_staff_4q", "lead": 4, "term": ["current", "future"],
        "estimate": [0.12, 0.02], "ci_low": [0.08, -0.01], "ci_high": [0.16, 0.05],
        "p_value": [0.0001, 0.2], "n_obs": [500, 500], "n_units": [58, 58]})


def _alternatives() -> pd.DataFrame:
    return pd.DataFrame({
        "metric": ["ikm", "ikm"], "exposure": ["jp_per_staff_4q", "share_on_track"], "lag": 0,
        "step": [5.0, 0.1], "change": [0.62, 0.9], "change_ci_low": [0.57, 0.1], "change_ci_high": [0.67, 1.7],
        "p_value": [0.001, 0.04], "n_obs": [696, 696], "n_units": [58, 58]})


def test_the_robustness_annex_is_recorded_in_the_exploratory_family() -> None:
    statements = _statements().assign(p_value=[0.001, 0.02, 0.03])
    numbers = codes.service_verdicts(statements, sectors=_sectors(), placebo=_placebo(),
                                     alternatives=_alternatives())
    health = codes.recorded_number(numbers, "linkage.sector_slope.ikm", "health")
    small = codes.recorded_number(numbers, "linkage.sector_slope.ikm", "other")
    equal = codes.recorded_number(numbers, "linkage.sector_equal_slopes.ikm")
    placebo = codes.recorded_number(numbers, "linkage.placebo_future.ikm")
    share = codes.recorded_number(numbers, "linkage.alternative_exposure.ikm", "share_on_track")
    # the default exposure's row is the main effect, not an alternative
    assert codes.recorded_number(numbers, "linkage.alternative_exposure.ikm", "jp_per_staff_4q") is None
    # family: ikm lag 1 (0.02), health (0.004), education (0.03), equality (0.7), placebo (0.2), share (0.04)
    family = sorted([0.02, 0.004, 0.03, 0.7, 0.2, 0.04])
    holm = np.minimum(1, np.maximum.accumulate([p * (6 - i) for i, p in enumerate(family)]))
    expected = dict(zip(family, holm, strict=True))
    assert codes.exploratory_family_size(numbers) == 6
    assert health["p_adjusted"] == pytest.approx(expected[0.004])  # 0.024 < 0.05: keeps its direction
    assert health["verdict"] == "better" and health["family"] == codes.EXPLORATORY_FAMILY
    assert (health["estimate"], health["group"], health["n_clusters"]) == (pytest.approx(0.6), "health", 20)
    assert health["inference"] == "wild_cluster_bootstrap"
    assert small["verdict"] == "insufficient_data" and np.isnan(small["p_value"]) and small["ci_low"] is None
    assert equal["verdict"] == "no_clear_difference" and equal["estimate"] is None
    assert equal["p_adjusted"] == pytest.approx(expected[0.7]) and equal["n_clusters"] == 45
    # placebo scaled per +5 JP, CI excludes nothing after Holm: no clear change
    assert placebo["estimate"] == pytest.approx(0.1) and placebo["verdict"] == "no_clear_difference"
    # the unadjusted CI of the share exposure excludes zero, but Holm p = 0.16: no verdict word
    assert share["p_adjusted"] == pytest.approx(expected[0.04]) and share["verdict"] == "no_clear_difference"
    rec = ResultsRecorder("40_service_link")
    codes.record_results(rec, "2026Q3", statements, sectors=_sectors(), placebo=_placebo(),
                         alternatives=_alternatives())
    groups = {(k.code, k.group) for k in rec.numbers}
    assert ("linkage.sector_slope.ikm", "education") in groups
    assert ("linkage.alternative_exposure.ikm", "share_on_track") in groups


def test_sentences_read_the_recorded_verdicts() -> None:
    from analysis import linkage

    statements = linkage.effect_statements(pd.DataFrame({
        "metric": ["ikm", "online_share"], "exposure": "jp_per_staff_4q", "lag": [1, 0],
        "estimate": [0.1, 0.08], "ci_low": [0.02, 0.01], "ci_high": [0.18, 0.15], "p_value": [0.02, 0.06],
        "n_obs": [600, 600], "n_units": [58, 58]}))
    # per comparison both CIs exclude zero; in the family of two, Holm gives 0.04 and 0.06
    numbers = codes.service_verdicts(statements)
    judged = codes.with_recorded_verdicts(statements, numbers)
    assert list(judged["verdict_code"]) == ["better", "no_clear_difference"]
    lines = [linkage.effect_sentence(r, "en") for _, r in judged.iterrows()]
    assert "better service (exploratory; Holm-adjusted p = 0.040)" in lines[0]
    assert "no clear change" in lines[1] and "Holm-adjusted p = 0.060" in lines[1]
    placebo = linkage.robustness_sentences(_placebo(), lang="en", numbers=codes.service_verdicts(
        statements, placebo=_placebo()))
    assert "no clear change, as expected (exploratory; Holm-adjusted p = " in placebo[0]
    sectors = linkage.sector_sentences(_sectors(), "en", numbers=codes.service_verdicts(
        statements, sectors=_sectors()))
    assert sectors[-1].startswith("Test that all tested sectors (2) share one slope: p = 0.700")
    assert sectors[-1].endswith("no clear difference")
