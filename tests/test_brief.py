"""The leadership brief's section helpers (analysis.brief): frames, wording rules and chart smoke tests."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from scipy import stats as sps

from analysis import brief
from analysis.brief import headline as hl
from analysis.stats.verdict import MIN_N


def _wilson(x: int, n: int) -> tuple[float, float]:
    # textbook Wilson score interval, written out independently of analysis.stats.comparisons
    z = sps.norm.ppf(0.975)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


# --------------------------------------------------------------------------- leadership


def _panel() -> pd.DataFrame:
    # head trained: 3 of 4 took part; head did not: 1 of 5; one row with no head (NaN) counts in neither
    return pd.DataFrame({
        "participated": [1, 1, 1, 0, 1, 0, 0, 0, 0, 1],
        "head_participated_prev_quarter": [1, 1, 1, 1, 0, 0, 0, 0, 0, np.nan],
        "unit_award_prev_4q": [1, 0, 1, 0, 1, 0, 1, 0, 0, 0],
    })


def test_leadership_rates_are_shares_with_wilson_intervals():
    panel = _panel()
    before = panel.copy()
    lead = brief.leadership_rates(panel, "en")
    pd.testing.assert_frame_equal(panel, before)  # input not mutated
    assert list(lead.columns) == ["factor", "label", "rate", "lo", "hi", "n"]
    assert list(lead["label"]) == ["Head trained", "Head did not train", "Unit gave awards", "No awards"]
    head = lead.set_index("label")
    assert head.loc["Head trained", "rate"] == pytest.approx(0.75)
    assert head.loc["Head trained", "n"] == 4
    assert head.loc["Head did not train", "rate"] == pytest.approx(0.2)
    assert head.loc["Head did not train", "n"] == 5  # the NaN row is in neither group
    lo, hi = _wilson(3, 4)
    assert head.loc["Head trained", "lo"] == pytest.approx(lo)
    assert head.loc["Head trained", "hi"] == pytest.approx(hi)
    # awards: 3 of 4 rows with awards took part (rows 0, 2, 4; row 6 did not)
    assert head.loc["Unit gave awards", "rate"] == pytest.approx(0.75)
    assert head.loc["No awards", "n"] == 6
    assert brief.leadership_rates(panel, "id")["label"].iloc[0] == "Kepala unit ikut pelatihan"


def test_leadership_rates_skip_missing_factors_and_empty_levels():
    panel = pd.DataFrame({"participated": [1, 0], "head_participated_prev_quarter": [1, 1]})
    lead = brief.leadership_rates(panel, "en")
    assert list(lead["label"]) == ["Head trained"]  # no "did not train" rows, no awards column
    assert len(brief.leadership_rates(pd.DataFrame({"participated": [1]}), "en")) == 0


def test_leadership_odds_ratio_wording_follows_its_interval():
    lead = brief.leadership_rates(_panel(), "en")
    crosses = brief.leadership_sentences(lead, {"estimate": 1.3, "ci_low": 0.9, "ci_high": 1.8, "n": 100}, "en")
    assert "75.0%" in crosses[0] and "20.0%" in crosses[0]
    assert crosses[1].endswith(", not different from 1.")
    clear = brief.leadership_sentences(lead, {"estimate": 1.6, "ci_low": 1.2, "ci_high": 2.1, "n": 100}, "id")
    assert "belum berbeda" not in clear[1] and "1,60" in clear[1]
    assert len(brief.leadership_sentences(lead, None, "en")) == 2  # rates and the caveat only


# --------------------------------------------------------------------------- summary


def _head(**change) -> pd.DataFrame:
    base = {"code": "participation_rate", "estimate": 0.4, "unit": "share", "direction": 1, "status": "green",
            "target": 0.3, "change": 0.05, "change_ci_low": -0.01, "change_ci_high": 0.11,
            "ci_low": 0.35, "ci_high": 0.45}
    base.update(change)
    return pd.DataFrame([base])


def test_summary_names_a_change_only_when_its_interval_excludes_zero():
    crossing = brief.summary_sentences(_head(), "en", "Q3 2026")
    assert not any("Clearly" in s for s in crossing)
    better = brief.summary_sentences(_head(change_ci_low=0.01), "en", "Q3 2026")
    assert any(s.startswith("Clearly better") for s in better)
    # lower is better: a clear rise is worse
    worse = brief.summary_sentences(_head(direction=-1, change_ci_low=0.01), "en", "Q3 2026")
    assert any(s.startswith("Clearly worse") for s in worse)
    # year-to-date numbers are never compared quarter on quarter
    ytd = brief.summary_sentences(_head(code="jp20_compliance", change_ci_low=0.01), "en", "Q3 2026")
    assert not any("Clearly" in s for s in ytd)


def test_summary_counts_lights_and_lists_insufficient_numbers():
    head = pd.concat([_head(), _head(code="ikm", status="insufficient", unit="score", change=np.nan,
                                     change_ci_low=np.nan, change_ci_high=np.nan)], ignore_index=True)
    lines = brief.summary_sentences(head, "id", "Triwulan III 2026", per_agency=True)
    assert "dari 2 indikator utama OPD ini, **1 tercapai**" in lines[0]
    assert any(s.startswith("Data belum cukup") for s in lines)
    assert any("Kolom Kota" in s for s in lines)
    cards = brief.summary_cards(head, "en", "Q2 2026")
    assert [c["status"] for c in cards] == ["green", "insufficient"]
    assert cards[0]["change"].startswith("vs Q2 2026: ")


def test_absorption_card_says_census_figure():
    head = _head(code="budget_absorption", ci_low=np.nan, ci_high=np.nan)
    assert brief.summary_cards(head, "en", "Q2")[0]["ci"] == "census figure (no CI)"


# --------------------------------------------------------------------------- service link


def test_service_effects_direction_decides_better_or_worse():
    effects = pd.DataFrame({
        "metric": ["ikm", "processing_days", "online_share", "complaints_per_1000"],
        "change": [1.0, 0.5, 0.01, np.nan],
        "change_ci_low": [0.2, 0.1, -0.02, np.nan],
        "change_ci_high": [1.8, 0.9, 0.04, np.nan],
        "n_obs": [100, 100, 100, 100],
    })
    eff = brief.classify_effects(effects, "en")
    assert list(eff["metric"]) == ["ikm", "processing_days", "online_share"]  # no estimate: dropped
    assert list(eff["better"]) == [True, False, False]
    assert list(eff["worse"]) == [False, True, False]  # more processing days is worse
    lines = brief.service_sentences(eff, "en")
    assert lines[0].endswith("— better") and lines[1].endswith("— worse")
    assert lines[2].endswith("— not different from zero")
    assert len(brief.classify_effects(pd.DataFrame(), "en")) == 0


def test_service_effects_read_recorded_numbers_first():
    rows = [{"code": "linkage.effect_per_5jp.ikm", "period": "2026Q3", "estimate": 2.0, "ci_low": 1.0, "ci_high": 3.0, "n": 50}]
    eff = brief.service_effects(rows, None, "2026Q3", "en")  # no dataset needed when recorded
    assert eff["change"].tolist() == [2.0] and eff["better"].tolist() == [True]
    ev = brief.service_effect_evidence(rows, "2026Q3")
    assert ev == {"metric": "ikm", "estimate": 0.4, "ci_low": 0.2, "ci_high": 0.6}
    assert brief.service_effect_evidence([], "2026Q3") is None


def test_the_summary_and_the_service_section_say_how_many_comparisons_stand_behind_them():
    from analysis.brief.frames import Comparisons, count_comparisons, headline_comparisons
    from analysis.text import phrases

    # the summary: two quarter-on-quarter changes, one clear, each read on its own; year-to-date not compared
    head = pd.concat([_head(change_ci_low=0.01), _head(code="ikm"), _head(code="jp20_compliance", change_ci_low=0.01)],
                     ignore_index=True)
    assert headline_comparisons(head) == Comparisons(total=2, clear=1, adjusted=False)
    lines = brief.summary_sentences(head, "id", "Triwulan III 2026")
    assert ("1 dari 2 perbandingan menunjukkan perbedaan yang jelas (tiap perbandingan dibaca sendiri, "
            "tanpa koreksi).") in lines
    # the service side: two primary outcomes (one clear), a family of three with one clear after Holm;
    # a number without an adjusted p-value and a non-service code do not count
    family = "service_link.exploratory"
    numbers = [
        {"code": "linkage.effect_per_5jp.ikm", "primary": True, "verdict": "better"},
        {"code": "linkage.effect_per_5jp.processing_days", "primary": True, "verdict": "no_clear_difference"},
        {"code": "linkage.effect_per_5jp.online_share", "family": family, "p_adjusted": 0.6,
         "verdict": "no_clear_difference"},
        {"code": "linkage.sector_equal_slopes.ikm", "family": family, "p_adjusted": 0.01, "verdict": "different"},
        {"code": "linkage.placebo_future.ikm", "family": family, "p_adjusted": 0.9, "verdict": "no_clear_difference"},
        {"code": "linkage.sector_slope.ikm", "family": family, "p_adjusted": float("nan"),
         "verdict": "insufficient_data"},
    ]
    behind = count_comparisons(numbers)
    assert behind == Comparisons(total=5, clear=2, primary=2)
    assert brief.service_comparisons(numbers + [{"code": "coverage.x", "primary": True}], None, "2026Q3") == behind
    effects = brief.classify_effects(pd.DataFrame({"metric": ["ikm"], "change": [1.0], "change_ci_low": [0.2],
                                                   "change_ci_high": [1.8], "n_obs": [100]}), "en")
    lines = brief.service_sentences(effects, "en", behind)
    assert lines[-1] == ("2 of 5 comparisons show a clear difference (2 primary outcomes read on their own, "
                         "the other 3 after a joint Holm correction).")
    assert brief.service_sentences(effects, "id", behind)[-1].startswith("2 dari 5 perbandingan menunjukkan")
    assert phrases.comparisons_behind(1, 26, "id") == "1 dari 26 perbandingan menunjukkan perbedaan yang jelas setelah koreksi Holm"
    assert phrases.comparisons_behind(1, 26, "en") == "1 of 26 comparisons show a clear difference after Holm correction"


# --------------------------------------------------------------------------- partnerships, formats, budget


def _providers(internal_hi: float, n: int = 40) -> pd.DataFrame:
    return pd.DataFrame({
        "provider_type": ["internal", "university"],
        "gain_per_million": [2.0, 5.0],
        "gain_per_million_ci_low": [1.0, 4.0],
        "gain_per_million_ci_high": [internal_hi, 6.0],
        "n": [100, n],
    })


def test_provider_difference_is_clear_from_the_ci_of_the_difference():
    clear = brief.provider_sentences(brief.providers_per_rupiah(_providers(3.0), "en"), "en")
    assert clear[0].startswith("Over four quarters, per IDR 1 million")
    assert "the difference is clear (difference 95% CI" in clear[0]
    assert clear[0].endswith("associated with, not proof of cause.")
    # internal 2.0 (1.0-4.5), university 5.0 (4.0-6.0): the intervals overlap, yet the
    # difference 3.0 has MOVER CI 3 -/+ sqrt(1^2 + 2.5^2) = 0.31 to 4.41: clear
    overlapping = brief.provider_sentences(brief.providers_per_rupiah(_providers(4.5), "en"), "en")
    assert "the difference is clear (difference 95% CI 0.31 to 4.41)" in overlapping[0]
    uncertain = brief.provider_sentences(brief.providers_per_rupiah(_providers(6.0), "en"), "en")
    assert "the difference is uncertain" in uncertain[0]
    small = brief.provider_sentences(brief.providers_per_rupiah(_providers(3.0, n=10), "id"), "id")
    assert small[0].startswith("Data belum cukup")


def test_best_format_ignores_small_groups():
    gains = brief.gains_by_format(pd.DataFrame({
        "modality": ["classroom", "coaching", "seminar"], "estimate": [5.0, 9.0, np.nan],
        "ci_low": [4.0, 1.0, np.nan], "ci_high": [6.0, 17.0, np.nan], "n": [50, 10, 3],
    }), "en")
    assert len(gains) == 2
    rel = {"share_jp_target_sector": 0.5, "share_jp_general": 0.3, "share_jp_to_gap": 0.6}
    parts = brief.relevance_sentences(gains, rel, "en")
    assert "5.0 points" in parts[0] and "n = 50" in parts[0]  # coaching (n = 10) is not "the best"
    assert parts[1] == f"Grey dots: not enough data (n < {MIN_N})."


def _gap(**kw) -> dict:
    gap = {"allocated_idr": 1e9, "spending_ytd_idr": 4e8, "remaining_idr": 6e8, "gap_idr": 8e8,
           "gap_ci_low": 7e8, "gap_ci_high": 9e8, "jp_needed": 1000, "shortfall_idr": 0.0, "active_staff": 100}
    gap.update(kw)
    return gap


def test_budget_sentences_follow_the_remaining_allocation():
    formats = pd.DataFrame({"modality": ["classroom", "e_learning", "coaching"], "cost_per_jp": [300e3, 50e3, 900e3],
                            "n": [40, 40, 5]})
    cheap = brief.cheapest_formats(formats)
    assert list(cheap["modality"]) == ["e_learning", "classroom"]  # coaching: too few
    short = brief.budget_sentences(_gap(), 0.4, cheap, "Q3 2026", "en")
    assert short[1].startswith("The remaining allocation is not enough")
    assert short[0].endswith("million) at the cost per JP over four quarters.") and "1,000 JP" in short[0]
    moved = brief.budget_sentences(_gap(gap_idr=5e8, shortfall_idr=1e8), 0.4, cheap, "Q3 2026", "en")
    assert "money must move between agencies" in moved[1]
    enough = brief.budget_sentences(_gap(gap_idr=5e8), 0.4, cheap.iloc[:1], "Q3 2026", "en")
    assert enough[1] == "The remaining allocation is enough at the cost per JP over four quarters." and len(enough) == 2
    vals = brief.budget_values(_gap(remaining_idr=-5.0), "en")
    assert vals["Remaining"] == 0.0


# --------------------------------------------------------------------------- participation and trend


def test_not_reached_total_and_worst_agencies():
    tr = pd.DataFrame({"period": ["2026Q3", "2026Q3"], "metric": ["share_not_reached", "participation_rate"],
                       "estimate": [0.25, 0.5], "n": [40, 40]})
    assert brief.not_reached_total(tr, "2026Q3") == (10, 40, 0.25)
    nr = pd.DataFrame({"agency_id": ["A", "B", "C"], "active_staff": [50, 10, 40], "not_reached": [5, 9, 20],
                       "share_not_reached": [0.1, 0.9, 0.5]})
    worst = brief.worst_agencies(nr, pd.Series({"A": "Dinas A"}))
    assert list(worst["name"]) == ["C", "Dinas A"]  # B too small; unknown name stays the id
    assert "<table" in brief.worst_agencies_table(worst, "en")


def test_equity_sentence_uses_holm_adjusted_p_values():
    eq = pd.DataFrame({"dimension": ["gender", "gender", "position_type"], "group": ["F", "M", "staff"],
                       "active_staff": [40, 40, 40], "p_value_participation": [0.03, 0.03, 0.02]})
    # Holm: 0.02 * 2 = 0.04 < 0.05, 0.03 * 1 = 0.03 < 0.05 -> both differ
    assert brief.equity_sentence(brief.equity_groups(eq, "en"), "en") == (
        "Participation differs clearly by gender, position type (chi-square tests, Holm-adjusted).")
    eq2 = eq.assign(p_value_participation=[0.06, 0.06, 0.02])  # Holm: 0.04 and 0.06 -> only position type
    assert "by position type (" in brief.equity_sentence(eq2, "en")
    none = eq.assign(p_value_participation=0.5)
    assert brief.equity_sentence(none, "id").startswith("Tidak ada perbedaan")
    assert list(brief.equity_groups(eq, "id")["name"]) == ["Perempuan", "Laki-laki", "Pelaksana"]


def _trend(now: tuple[float, float, float]) -> pd.DataFrame:
    periods = ["2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    rows = []
    for metric in brief.TREND_METRICS:
        for i, p in enumerate(periods):
            est, lo, hi = now if i == 4 else (0.5, 0.45, 0.55)
            rows.append({"period": p, "metric": metric, "estimate": est, "ci_low": lo, "ci_high": hi, "n": 100})
    return pd.DataFrame(rows)


def test_trend_wording_follows_the_ci_of_the_difference():
    assert all("about the same" in s for s in brief.trend_sentences(_trend((0.54, 0.48, 0.60)), "en"))
    # 0.58 (0.52-0.64) vs 0.50 (0.45-0.55): the intervals overlap, but the difference
    # 8 points has MOVER CI 8 -/+ sqrt(6^2 + 5^2) = 0.2 to 15.8 points: clearly up
    overlapping = brief.trend_sentences(_trend((0.58, 0.52, 0.64)), "en")
    assert all(", up on the same quarter" in s and "difference 95% CI 0.2 to 15.8" in s for s in overlapping)
    up = brief.trend_sentences(_trend((0.7, 0.6, 0.8)), "id")
    assert len(up) == 3 and all(", naik dibanding" in s for s in up)
    assert brief.trend_sentences(_trend((0.7, 0.6, 0.8)).query("period != '2025Q3'"), "en") == []  # fewer than five quarters
    assert brief.quarter_tick("2026Q3", "id") == "III/26" and brief.quarter_tick("2026Q1", "en") == "Q1/26"


# --------------------------------------------------------------------------- texts and charts


def test_texts_exist_in_both_languages():
    assert brief.text("leadership_title", "id") == "Peran pimpinan"
    assert brief.text("leadership_title", "en") == "Leadership"
    with pytest.raises(KeyError, match="unknown brief text"):
        brief.text("nope", "id")
    with pytest.raises(ValueError):
        brief.text("leadership_title", "fr")
    assert brief.recommendations_html([hl.Recommendation(rule="r", text="Do X", evidence="n = 3")], "en") == (
        '<ol class="recs"><li><strong>Do X</strong><span class="evidence">Basis: n = 3</span></li></ol>')


def test_plots_return_figures():
    import matplotlib.pyplot as plt

    gains = brief.gains_by_format(pd.DataFrame({"modality": ["classroom", "coaching"], "estimate": [5.0, 9.0],
                                                "ci_low": [4.0, 1.0], "ci_high": [6.0, 17.0], "n": [50, 10]}), "en")
    eff = brief.classify_effects(pd.DataFrame({"metric": ["ikm", "processing_days"], "change": [1.0, -0.5],
                                               "change_ci_low": [0.2, -0.9], "change_ci_high": [1.8, -0.1],
                                               "n_obs": [10, 10]}), "en")
    eq = pd.DataFrame({"dimension": ["gender"] * 2, "group": ["F", "M"], "active_staff": [40, 10],
                       "participation_rate": [0.4, 0.3], "participation_rate_ci_low": [0.3, 0.1],
                       "participation_rate_ci_high": [0.5, 0.6], "p_value_participation": [0.2, 0.2]})
    trend = _trend((0.6, 0.5, 0.7))
    figs = {
        "gains": (brief.plot_gains(gains, "en"), 1),
        "providers": (brief.plot_providers(brief.providers_per_rupiah(_providers(3.0), "en"), "en"), 1),
        "service": (brief.plot_service_effects(eff, "en"), 2),
        "budget": (brief.plot_budget(_gap(), "2026Q3", "en"), 1),
        "participation": (brief.plot_participation(brief.equity_groups(eq, "en"), 0.35, "en"), 1),
        "leadership": (brief.plot_leadership(brief.leadership_rates(_panel(), "en"), "en"), 1),
        "trend": (brief.plot_trend(trend, "en"), 3),
        "trend_agency": (brief.plot_trend(trend, "id", agency="A", city=trend), 3),
    }
    try:
        for name, (fig, n_axes) in figs.items():
            assert isinstance(fig, Figure), name
            assert len(fig.axes) == n_axes, name
        assert len(figs["budget"][0].axes[0].patches) == 4  # four bars
        assert len(figs["leadership"][0].axes[0].patches) == 4
        assert figs["trend_agency"][0].axes[0].get_legend() is not None  # city line labelled
        assert figs["trend"][0].axes[0].get_legend() is None
        assert len(figs["trend_agency"][0].axes[0].get_lines()) == 2
    finally:
        for fig, _ in figs.values():
            plt.close(fig)


def test_method_items_name_the_small_group_rule():
    from types import SimpleNamespace

    ds = SimpleNamespace(periods=["2025Q1", "2026Q3"], employees=pd.DataFrame({"x": range(3)}),
                         enrollments=pd.DataFrame({"x": range(5)}))
    items = brief.method_items(ds, "en")
    assert len(items) == 6 and "3 ASN, 5 programme enrolments" in items[0]
    assert f"fewer than {MIN_N} observations" in items[4]
    assert brief.bullet_list(["a", "b"]) == "<ul><li>a</li><li>b</li></ul>"


# --------------------------------------------------------------------------- catalogue, codes and sections


def _pairs(value):
    """Every (id, en) pair in a catalogue entry (a pair, or a mapping or tuple of them)."""
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _pairs(v)
    elif isinstance(value, tuple):
        for v in value:
            yield from _pairs(v)


def test_catalogue_has_both_languages_for_every_key():
    from analysis.brief import messages

    catalogues = {name: value for name, value in vars(messages).items() if name.isupper()}
    assert catalogues
    for name, value in catalogues.items():
        pairs = list(_pairs(value))
        assert pairs, name
        for id_text, en_text in pairs:
            assert id_text.strip() and en_text.strip(), (name, id_text, en_text)
    assert set(messages.METRIC_LABELS) == set(messages.METRIC_SHORT_LABELS) == {m.code for m in hl.METRICS}
    assert set(messages.LIGHT_WORDS) == set(hl.STATUSES)
    assert all(brief.text(key, "en") == messages.TEXTS[key][1] for key in messages.TEXTS)


def test_record_results_records_exactly_the_codes_the_brief_reads():
    from analysis.brief import codes
    from analysis.data.results import ResultsRecorder

    head = pd.DataFrame([
        {"code": m.code, "unit": m.unit, "scope": "city", "period": "2026Q3", "estimate": 0.5 + i / 100,
         "ci_low": np.nan if m.code == "budget_absorption" else 0.4, "ci_high": np.nan if m.code == "budget_absorption" else 0.6,
         "n": pd.NA if m.code == "budget_absorption" else 100, "status": "green", "target": 0.5}
        for i, m in enumerate(hl.METRICS)
    ]).astype({"n": "Int64"})
    rec = ResultsRecorder("90_brief")
    codes.record_results(rec, "2026Q3", head, funding_gap=_gap(), not_reached=(10, 40, 0.25),
                         relevance={"share_jp_target_sector": 0.4, "enrollments": 120},
                         head_effect={"estimate": 1.5, "ci_low": 1.2, "ci_high": 1.9, "n": 900})
    rows = [{"notebook": rec.notebook, **number} for number in rec.to_dict()["numbers"]]
    assert [r["code"] for r in rows] == [
        *(codes.headline_code(m.code) for m in hl.METRICS),
        codes.SHARE_JP_TARGET_SECTOR, codes.FUNDING_GAP_IDR, codes.NOT_REACHED, codes.HEAD_ODDS_RATIO,
    ]
    # an OPD's brief reads the city's headline numbers back from exactly these codes
    city = hl.city_from_results(rows, "2026Q3")
    assert list(city["code"]) == [m.code for m in hl.METRICS]
    assert city["estimate"].tolist() == head["estimate"].tolist()
    absorption = codes.recorded(rows, "headline.budget_absorption", "2026Q3")
    assert absorption["ci_low"] is None and absorption["n"] is None
    assert codes.recorded(rows, codes.NOT_REACHED, "2026Q3")["estimate"] == 0.25
    # an OPD's brief: no section-only numbers, and no share when there are no staff
    rec = ResultsRecorder("90_brief_A")
    codes.record_results(rec, "2026Q3", head.assign(scope="A"), funding_gap=_gap(), not_reached=(0, 0, np.nan))
    numbers = rec.to_dict()["numbers"]
    assert [n["code"] for n in numbers][-2:] == [codes.FUNDING_GAP_IDR, codes.NOT_REACHED]
    assert numbers[0]["group"] == "A" and numbers[-1]["estimate"] is None


def test_evidence_reads_the_codes_other_notebooks_record():
    from analysis.brief import evidence
    from analysis.coverage.codes import PARTICIPATION_OR_HEAD_TRAINED
    from analysis.linkage.codes import JP_STEP, effect_per_step_code

    rows = [
        {"code": PARTICIPATION_OR_HEAD_TRAINED, "period": "2026Q3", "estimate": 1.4, "ci_low": 1.1, "ci_high": 1.8, "n": 500},
        {"code": effect_per_step_code("processing_days"), "period": "2026Q3", "estimate": -1.0, "ci_low": -1.5,
         "ci_high": -0.5, "n": 80},
    ]
    head = evidence.head_effect_evidence(pd.DataFrame(), rows, "2026Q3")
    assert head["estimate"] == 1.4 and head["kind"] == "odds_ratio" and head["n"] == 500
    service = evidence.service_effect_evidence(rows, "2026Q3")
    assert service == {"metric": "processing_days", "estimate": -1.0 / JP_STEP, "ci_low": -1.5 / JP_STEP,
                       "ci_high": -0.5 / JP_STEP}


def test_difference_direction_uses_the_ci_of_the_difference():
    from analysis.brief.frames import difference_direction
    from analysis.stats.intervals import mover_difference

    # two overlapping intervals whose difference is clear: 0.6 (0.5-0.7) vs 0.45 (0.35-0.55)
    now = pd.Series({"estimate": 0.6, "ci_low": 0.5, "ci_high": 0.7})
    before = pd.Series({"estimate": 0.45, "ci_low": 0.35, "ci_high": 0.55})
    side, low, high = difference_direction(now, before)
    assert side == "higher" and low == pytest.approx(0.15 - np.hypot(0.1, 0.1))
    assert (low, high) == pytest.approx(mover_difference(0.6, 0.5, 0.7, 0.45, 0.35, 0.55))
    assert difference_direction(before, now)[0] == "lower"
    close = pd.Series({"estimate": 0.55, "ci_low": 0.45, "ci_high": 0.65})
    assert difference_direction(now, close)[0] == "no_clear_difference"
    missing = pd.Series({"estimate": 0.6, "ci_low": np.nan, "ci_high": 0.7})
    assert difference_direction(missing, before)[0] == "no_clear_difference"


def test_sections_are_one_html_section_each():
    from types import SimpleNamespace

    head = pd.concat([_head(code="participation_rate"), _head(code="budget_absorption", ci_low=np.nan, ci_high=np.nan)],
                     ignore_index=True)
    summary = brief.summary_section(head, "2026Q3", "en")
    assert summary.startswith('<section class="chapter"><div class="keep"><h2>Executive summary</h2>')
    assert summary.count("<section") == 1 and "<table" in summary and "census figure (no CI)" in summary
    assert "light-green" in summary and "Q2 2026" in summary
    recs = brief.recommendations_section([hl.Recommendation(rule="r", text="Do X", evidence="n = 3")], "id")
    assert "<h2>Rekomendasi</h2>" in recs and "Dasar: n = 3" in recs
    assert brief.service_section(brief.classify_effects(pd.DataFrame(), "en"), "en").count("<p>") == 1
    assert "Not enough data." in brief.leadership_section(brief.leadership_rates(pd.DataFrame({"participated": [1]}), "en"), None, "en")
    ds = SimpleNamespace(periods=["2025Q1", "2026Q3"], employees=pd.DataFrame({"x": range(3)}),
                         enrollments=pd.DataFrame({"x": range(5)}))
    assert brief.method_section(ds, "id").count("<li>") == 6


def test_a_learning_gain_on_fewer_than_5_people_is_not_drawn_and_its_label_says_why():
    from analysis.brief import frames, narrative, plots

    gains = frames.gains_by_format(pd.DataFrame({
        "modality": ["classroom", "coaching"], "estimate": [5.0, 12.5],
        "ci_low": [4.0, 1.0], "ci_high": [6.0, 20.0], "n": [50, 4],
    }), "en")
    hidden = gains.loc[gains["modality"].eq("coaching")].iloc[0]
    assert np.isnan(hidden["estimate"]) and np.isnan(hidden["ci_low"]) and hidden["name"].endswith("(<5)")
    parts = narrative.relevance_sentences(gains, {"share_jp_target_sector": 0.5, "share_jp_general": 0.3,
                                                  "share_jp_to_gap": 0.6}, "en")
    assert not any("12.5" in p for p in parts)
    assert "<5: suppressed: fewer than 5 people." in parts
    fig = plots.plot_gains(gains, "en")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(label.endswith("(<5)") for label in labels)


@pytest.mark.parametrize(("count", "staff", "lang", "text"), [
    (4, 10, "id", "kurang dari 5 dari 10 ASN aktif belum mendapat JP sama sekali dalam empat triwulan terakhir."),
    (8, 10, "en", "more than 5 of 10 active ASN received no JP at all in the last four quarters."),
])
def test_the_not_reached_lede_never_prints_a_small_count(count, staff, lang, text):
    from analysis.brief import narrative

    assert narrative.not_reached_sentence(count, staff, lang) == text


# --------------------------------------------------------------------------- charts drawn once


def test_a_chart_shown_by_a_section_is_saved_once_and_named_by_the_content(tmp_path, monkeypatch):
    from analysis.brief import content as brief_content
    from analysis.brief import plots as brief_plots

    formats = pd.DataFrame({"modality": ["classroom", "e_learning"], "cost_per_jp": [300e3, 50e3], "n": [40, 40]})
    head = pd.concat([_head(code="budget_absorption", estimate=0.4), _head()], ignore_index=True)
    # drawn afresh by the content, as before: the reference files
    fresh = tmp_path / "fresh"
    brief_content._save_figure(brief.plot_budget(_gap(), "2026Q3", "en"), "brief_budget", fresh)
    shown = tmp_path / "shown"
    files = brief_content.FigureFiles(shown)
    html = brief.budget_section(_gap(), head, formats, "2026Q3", "en", keep=files)
    assert files.paths == {"budget": "figures/brief_budget.png"} and "data:image/png;base64," in html
    assert (shown / "figures/brief_budget.png").read_bytes() == (fresh / "figures/brief_budget.png").read_bytes()
    # the inline chart is the one a section without keep embeds
    assert html == brief.budget_section(_gap(), head, formats, "2026Q3", "en")

    drawn = []
    monkeypatch.setattr(brief_plots, "plot_budget", lambda *a, **k: drawn.append(a))
    monkeypatch.setattr(brief, "plot_budget", lambda *a, **k: drawn.append(a))
    charts = brief_content._Charts(shown, files.paths)
    assert charts.file("budget", lambda: brief.plot_budget(_gap(), "2026Q3", "en")) == "figures/brief_budget.png"
    assert drawn == []  # named, not drawn again
    assert charts.file("relevance", lambda: 1 / 0, pd.Series([np.nan])) is None  # nothing to draw
