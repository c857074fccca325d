"""Notebook 20's tables and narrative (analysis.coverage report section) on hand-made frames:
the honest-wording rules (a difference only when its CI excludes zero / 1 or its Holm p < 0.05;
"not enough data" under the minimum n) and the helper tables."""

from __future__ import annotations

import factories
import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from analysis import coverage
from analysis.data.dataset import Dataset

PERIOD = "2026Q3"


def _tiny() -> Dataset:
    units = factories.units(unit_id=["A", "B"], unit_name=["Agency A", "Agency B"], agency_id=["A", "B"],
                            sector=["health", "education"])
    employees = factories.employees(["E1", "E2", "E3"], unit_id=["A", "A", "B"],
                                    employment_type=["pns", "pns", "pppk"],
                                    position_type=["staff", "staff", "functional"], gender=["F", "M", "F"],
                                    birth_year=[1990, 1980, 1970], education=["s1", "sma", "d3"])
    programs = factories.programs(program_id=["P1"], title=["Service"], modality=["classroom"], domain=["technical"],
                                  provider_type=["internal"], jp=[24.0], cost_per_participant=[0.0])
    enrollments = factories.enrollments([
        ("N1", "E1", "P1", "2026-08-01", "2026-08-05", "completed"),
        ("N2", "E3", "P1", "2026-09-01", "2026-09-03", "no_show"),
    ])
    return factories.dataset(units=units, employees=employees, programs=programs, enrollments=enrollments)


# ------------------------------------------------------------------ tables


def test_compliance_and_participation_tables_carry_names() -> None:
    ds = _tiny()
    names = coverage.unit_names(ds)
    groups = coverage.compliance_table(ds, PERIOD, "agency_id", names.drop("B"))
    assert list(groups.columns[:2]) == ["agency_id", "name"]
    by = groups.set_index("agency_id")
    assert by.loc["A", "name"] == "Agency A"
    assert by.loc["B", "name"] == "B"  # no name: the id
    assert by.loc["A", "share_meeting_20jp"] == pytest.approx(0.5)  # E1's 24 JP
    pg = coverage.participation_table(ds, PERIOD, "agency_id", groups).set_index("agency_id")
    assert pg.loc["A", "active_staff"] == 2 and pg.loc["A", "name"] == "Agency A"
    assert pg.loc["B", "no_show_rate"] == pytest.approx(1.0)


def _equity_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "dimension": ["gender", "gender", "employment_type", "employment_type", "age_band", "age_band"],
        "group": ["F", "M", "pns", "pppk", "<30", "50+"],
        "active_staff": [40, 50, 60, 30, 5, 8],
        "participation_rate": [0.5, 0.3, 0.4, 0.45, 0.2, 0.1],
        "share_meeting_20jp": [0.6, 0.55, 0.5, 0.7, 0.4, 0.3],
        "p_value_20jp": [0.04, 0.04, 0.3, 0.3, np.nan, np.nan],
        "p_value_participation": [0.001, 0.001, 0.02, 0.02, 0.5, 0.5],
    })


def test_equity_table_holm_matches_statsmodels_and_keeps_nan() -> None:
    eq = _equity_frame()
    before = eq.copy()
    out = coverage.equity_table(eq, "en")
    pd.testing.assert_frame_equal(eq, before)  # input untouched
    assert list(out.columns[-3:]) == ["label", "p_holm_20jp", "p_holm_participation"]
    raw = [0.04, 0.3, 0.001, 0.02, 0.5]  # the NaN of age_band is left out of the family
    holm = multipletests(raw, method="holm")[1]
    first = out.drop_duplicates("dimension").set_index("dimension")
    assert first.loc["gender", "p_holm_20jp"] == pytest.approx(holm[0])
    assert first.loc["employment_type", "p_holm_20jp"] == pytest.approx(holm[1])
    assert first.loc["gender", "p_holm_participation"] == pytest.approx(holm[2])
    assert first.loc["age_band", "p_holm_participation"] == pytest.approx(holm[4])
    assert np.isnan(first.loc["age_band", "p_holm_20jp"])
    assert out.set_index("group").loc["F", "label"] == "Women"
    assert out.set_index("group").loc["<30", "label"] == "<30"  # no label: the code
    assert coverage.equity_table(eq, "id").set_index("group").loc["F", "label"] == "Perempuan"


def test_equity_sentences_wording_rules() -> None:
    eq = coverage.equity_table(_equity_frame(), "en")
    lines = coverage.equity_sentences(eq, "en")
    assert len(lines) == len(coverage.EQUITY_DIMENSIONS)
    gender = next(line for line in lines if line.startswith("- **Gender**"))
    # participation: Holm p = 0.005 -> differs, groups listed largest first; 20 JP: Holm p 0.12 -> no clear difference
    assert "participation **differs** (Women 50.0%, Men 30.0%; Holm p 0.005)" in gender
    assert "20-JP compliance: no clear difference" in gender
    age = next(line for line in lines if line.startswith("- **Age band**"))
    assert age.count("not enough data") == 2  # both groups under 30 staff
    ed = next(line for line in lines if line.startswith("- **Education**"))
    assert "not enough data" in ed  # dimension absent
    id_lines = coverage.equity_sentences(coverage.equity_table(_equity_frame(), "id"), "id")
    assert any("partisipasi **berbeda**" in line for line in id_lines)
    assert any("tidak ada perbedaan yang jelas" in line for line in id_lines)


# ------------------------------------------------------------------ year on year


def _trend(now: tuple[float, float, float, int], then: tuple[float, float, float, int]) -> pd.DataFrame:
    rows = []
    for period, (est, lo, hi, n) in (("2025Q3", then), ("2026Q3", now)):
        rows.append({"period": period, "metric": "participation_rate", "estimate": est, "ci_low": lo,
                     "ci_high": hi, "n": n})
    return pd.DataFrame(rows)


def test_year_on_year_statement_ci_crossing_zero_is_no_clear_change() -> None:
    yoy = coverage.year_on_year(_trend((0.42, 0.35, 0.49, 200), (0.40, 0.33, 0.47, 200)))
    assert not yoy["clear"].iloc[0]
    text = coverage.year_on_year_statement(yoy, PERIOD, "en")
    assert text.startswith("**Compared with the same quarter a year earlier** (Q3 2026):")
    assert "Staff participation: 42.0% vs 40.0% in Q3 2025 — **no clear change**, +2.0 percentage points" in text
    assert "tidak berubah secara jelas" in coverage.year_on_year_statement(yoy, PERIOD, "id")


def test_year_on_year_statement_clear_rise_and_small_n() -> None:
    yoy = coverage.year_on_year(_trend((0.60, 0.55, 0.65, 300), (0.40, 0.35, 0.45, 300)))
    assert yoy["clear"].iloc[0]
    assert "— **up**, +20.0 percentage points" in coverage.year_on_year_statement(yoy, PERIOD, "en")
    assert "— **naik**, +20,0 poin persen" in coverage.year_on_year_statement(yoy, PERIOD, "id")
    small = coverage.year_on_year(_trend((0.60, 0.55, 0.65, 300), (0.40, 0.35, 0.45, 12)))
    assert coverage.year_on_year_statement(small, PERIOD, "en").endswith("- Staff participation: not enough data.")
    empty = coverage.year_on_year(_trend((0.6, 0.5, 0.7, 50), (0.4, 0.3, 0.5, 50)).iloc[1:])
    assert coverage.year_on_year_statement(empty, PERIOD, "en") == (
        "The data do not reach back to the same quarter last year.")


# ------------------------------------------------------------------ compliance, participation, not reached


def _overall(share: float = 0.5) -> pd.DataFrame:
    return pd.DataFrame({"active_staff": [400], "jp_mean": [14.34], "share_meeting_20jp": [share],
                         "share_meeting_20jp_ci_low": [share - 0.05], "share_meeting_20jp_ci_high": [share + 0.05],
                         "share_on_track": [0.6], "share_on_track_ci_low": [0.55], "share_on_track_ci_high": [0.65]})


def _groups() -> pd.DataFrame:
    return pd.DataFrame({
        "agency_id": ["LOW", "MID", "HIGH", "TINY"], "name": ["Low office", "Mid office", "High office", "Tiny"],
        "active_staff": [100, 100, 100, 5],
        "share_meeting_20jp": [0.3, 0.48, 0.7, 0.0],
        "share_meeting_20jp_ci_low": [0.22, 0.38, 0.6, 0.0],
        "share_meeting_20jp_ci_high": [0.4, 0.58, 0.78, 0.43],  # MID's CI contains the overall 50%
    })


def test_compliance_statement_names_only_groups_clearly_apart_from_the_rest() -> None:
    text = coverage.compliance_statement(_overall(), _groups(), PERIOD, "agency_id", "en")
    assert text.startswith("At the end of Q3 2026, **50.0% (95% CI 45.0% to 55.0%)** of 400 active ASN")
    assert "(≥ 15 JP after 3 quarters)" in text and "Mean JP per ASN so far: 14.3." in text
    assert "can still rise before the year ends" in text
    # Low: 30 of 100 against 118 of 205 others; High: 70 of 100 against 78 of 205; Mid: 48 against 100 of
    # 205 is not clear (Newcombe at the Bonferroni level over the 3 compared agencies).
    assert ("Clearly below all the other groups together (interval of the difference adjusted for the number "
            "of comparisons): Low office (30.0%).") in text
    assert "Clearly above it: High office (70.0%)." in text
    assert "Mid office" not in text
    assert "1 agency with fewer than 30 ASN: not enough data to compare." in text
    q4 = coverage.compliance_statement(_overall(), _groups(), "2026Q4", "agency_id", "id")
    assert "masih dapat naik" not in q4 and "setelah 4 triwulan" in q4


def test_compliance_statement_no_group_clearly_below() -> None:
    groups = _groups().loc[lambda d: d["agency_id"].isin(["MID", "HIGH"])].assign(share_meeting_20jp=[0.48, 0.52])
    text = coverage.compliance_statement(_overall(), groups, PERIOD, "unit_id", "id")
    assert "Tidak ada unit yang jelas di bawah gabungan yang lain." in text
    assert "data belum cukup" not in text
    # English singular of "agencies" (the notebook once printed "No agencie")
    text = coverage.compliance_statement(_overall(), groups, PERIOD, "agency_id", "en")
    assert "No agency is clearly below the others together." in text
    with pytest.raises(ValueError, match="exactly one row"):
        coverage.compliance_statement(pd.concat([_overall(), _overall()]), groups, PERIOD, "unit_id", "id")
    with pytest.raises(ValueError, match="by must be"):
        coverage.compliance_statement(_overall(), groups, PERIOD, "sector", "id")


def _part_overall(enrollments: int) -> pd.DataFrame:
    row = {"enrollments": enrollments}
    for col, v in (("participation_rate", 0.3), ("completion_rate", 0.8), ("no_show_rate", 0.1),
                   ("dropout_rate", 0.1)):
        row |= {col: v, f"{col}_ci_low": v - 0.05, f"{col}_ci_high": v + 0.05}
    return pd.DataFrame([row])


def test_participation_statement_small_n_and_clearly_below() -> None:
    groups = pd.DataFrame({"name": ["Low", "Small", "Others"], "active_staff": [50, np.nan, 200],
                           "participation_rate": [0.1, 0.0, 0.35]})
    text = coverage.participation_statement(_part_overall(12), groups, PERIOD, "en")
    assert "Only 12 decided enrollments: not enough data for completion rates." in text
    assert "Participation clearly below all the other groups together: Low (10.0%)." in text
    assert "Small" not in text  # unknown staff count: not compared
    text = coverage.participation_statement(_part_overall(120), groups.iloc[:0], PERIOD, "id")
    assert "Dari 120 pendaftaran yang sudah berstatus, 80,0% (IK 95% 75,0% s.d. 85,0%) selesai" in text
    assert "jelas di bawah" not in text


def test_not_reached_statement_and_top() -> None:
    overall = pd.DataFrame({"active_staff": [200], "not_reached": [30], "share_not_reached": [0.15],
                            "share_not_reached_ci_low": [0.1], "share_not_reached_ci_high": [0.2]})
    by_unit = pd.DataFrame({"unit_name": ["Big", "Small", "Mid"], "agency_id": ["X", "X", "Y"],
                            "active_staff": [20, 4, 10], "not_reached": [10, 4, 2],
                            "share_not_reached": [0.5, 1.0, 0.2], "unit_id": ["U1", "U2", "U3"]})
    text = coverage.not_reached_statement(overall, by_unit, PERIOD, "en")
    assert text.startswith("**30 active ASN**, 15.0% (95% CI 10.0% to 20.0%), had no credited JP from Q4 2025 "
                           "to Q3 2026.")
    # 2 of 10 rests on fewer than 5 people: disclosed as a range (docs/disclosure.md)
    assert text.endswith("Largest shares (units with at least 10 ASN): Big (10 of 20), Mid (fewer than 5 of 10).")
    top = coverage.not_reached_top(by_unit)
    assert list(top["unit_name"]) == ["Big", "Mid"]
    assert list(top.columns) == ["unit_name", "agency_id", "active_staff", "not_reached", "share_not_reached"]


# ------------------------------------------------------------------ predictors


def _pred(head: tuple[float, float, float], n_clusters: int = 40) -> pd.DataFrame:
    rows = [
        ("participation", "head_participated_prev_quarter", *head),
        ("participation", "award_prev_4q", 0.5, 0.3, 0.8),
        ("participation", "unit_award_prev_4q", 1.5, 1.1, 2.0),
        ("no_show", "modality__e_learning", 2.0, 1.2, 3.1),
        ("no_show", "sector__health", 3.0, 1.5, 6.0),  # not listed: sector terms are hidden
        ("dropout", "female", 1.1, 0.8, 1.4),
        ("participation_survey", "learning_motivation", 1.3, 0.9, 1.8),
    ]
    frame = pd.DataFrame(rows, columns=["model", "term", "odds_ratio", "ratio_ci_low", "ratio_ci_high"])
    frame["nobs"], frame["n_clusters"] = 1200, n_clusters
    return frame


def test_predictor_sentences_wording_follows_the_ci() -> None:
    lines = coverage.predictor_sentences(_pred((1.2, 0.9, 1.6)), "en")
    text = "\n".join(lines)
    assert "(model of 1,200 employee-quarters, unit heads excluded)" in lines[0]
    assert ("- Unclear for staff whose unit head took part in training the quarter before: odds ratio 1.20 "
            "(95% CI 0.90 to 1.60), the range includes 1.") in text
    assert "- No: staff who were themselves recognised are **less likely** to take part" in text
    assert "- Yes: staff in units where a colleague received a performance award are **more likely**" in text
    assert "per extra point, odds ratio 1.30 (95% CI 0.90 to 1.80) — not clear." in text
    assert "- No-show: clear predictors (odds ratios) — Format: E-learning 2.00." in text
    assert "Sector" not in text
    assert "- Drops out: no clear main predictor." in text
    assert "Caution" not in text
    assert lines[-1].startswith("\nThese are associations")
    id_text = "\n".join(coverage.predictor_sentences(_pred((1.5, 1.1, 2.0), n_clusters=12), "id"))
    assert "- Ya: staf yang kepala unitnya ikut pelatihan pada triwulan sebelumnya **lebih mungkin** ikut serta" in id_text
    assert "*Perhatian: hanya 12 unit" in id_text


def test_predictor_sentences_not_enough_data_and_failure() -> None:
    empty = pd.DataFrame(columns=["model", "term"])
    assert coverage.predictor_sentences(empty, "en") == [
        "Not enough data for the participation model (fewer than 30 participants or non-participants)."]
    no_part = _pred((1.2, 0.9, 1.6)).loc[lambda d: d["model"].ne("participation")]
    assert "Data belum cukup" in coverage.predictor_sentences(no_part, "id")[0]
    assert coverage.predictor_sentences(empty, "en", reason="The models could not be estimated: x") == [
        "The models could not be estimated: x"]


def test_predictors_or_reason_on_too_little_data() -> None:
    pred, reason = coverage.predictors_or_reason(_tiny(), PERIOD, "en")
    if reason:  # the models fail on three employees: an empty frame and the reason in words
        assert pred.empty and reason.startswith("The models could not be estimated: ")
    else:  # or they return no participation model: the "not enough data" sentence
        assert not pred["model"].eq("participation").any()


def test_term_labels_and_predictor_table() -> None:
    assert coverage.term_label("modality__e_learning", "en") == "Format: E-learning"
    assert coverage.term_label("modality__workshop", "id") == "Bentuk: Lokakarya"
    assert coverage.term_label("sector__civil_registry", "id") == "Sektor: Kependudukan dan pencatatan sipil"
    assert coverage.term_label("pppk", "id") == "PPPK (vs PNS)"
    assert coverage.term_label("quarter__2026Q1", "en") == "quarter: 2026Q1"
    pred = _pred((1.2, 0.9, 1.6))
    out = coverage.predictor_table(pred, "en")
    assert "label" not in pred.columns
    assert out.loc[out["term"].eq("female"), "label"].item() == "Women"
    shown = coverage.shown_predictors(pred)
    assert set(shown["model"]) == {"participation", "no_show", "dropout"}
    assert not shown["term"].str.startswith("sector__").any()


def test_scope_statement_and_names() -> None:
    names = coverage.unit_names(_tiny())
    assert coverage.scope_name("all", names, "en") == "all agencies in the data"
    assert coverage.scope_name("B", names, "id") == "Agency B"
    text = coverage.scope_statement("Agency B", PERIOD, 1234, 56, "id")
    assert text.startswith("**Cakupan:** Agency B, Triwulan III 2026. Angka dihitung dari data yang dimuat (1.234 ")
    assert "kurang dari 30 orang ditandai *data belum cukup*" in text
    assert "fewer than 10 people are marked *not enough data*" in coverage.scope_statement("x", PERIOD, 1, 1, "en", 10)


def _education_dataset() -> Dataset:
    """60 S1 and 60 SMA staff, a third of each trained in the quarter; 8 S2 staff, all trained;
    4 staff with an unreadable education, none trained."""
    groups = ["s1"] * 60 + ["sma"] * 60 + ["s2"] * 8 + ["??"] * 4
    ids = [f"E{i}" for i in range(len(groups))]
    trained = [i for i, g in enumerate(groups) if (g in ("s1", "sma") and i % 3 == 0) or g == "s2"]
    employees = factories.employees(ids, education=groups)
    enrollments = factories.enrollments(
        [(f"N{i}", f"E{i}", "P3", "2026-08-01", "2026-08-05", "completed") for i in trained])
    return factories.dataset(employees=employees, enrollments=enrollments)


def test_equity_chi_square_leaves_out_small_and_unknown_groups() -> None:
    from scipy.stats import chi2_contingency

    eq = coverage.equity(_education_dataset(), PERIOD, ["education_group"]).set_index("group")
    assert eq["tested"].to_dict() == {"s1": True, "up_to_sma": True, "postgraduate": False, "unknown": False}
    # Independent: the test on the two tested groups only (20 of 60 against 20 of 60) -> p = 1.
    expected = chi2_contingency(np.array([[20, 40], [20, 40]]), correction=False)[1]
    assert eq["p_value_participation"].iloc[0] == pytest.approx(expected)
    # With the small all-trained group in, the test would have called a difference.
    with_small = chi2_contingency(np.array([[20, 40], [20, 40], [8, 0], [0, 4]]), correction=False)[1]
    assert with_small < 0.001


def test_equity_sentence_names_the_groups_left_out_of_the_test() -> None:
    eq = coverage.equity_table(coverage.equity(_education_dataset(), PERIOD, ["education_group"]), "en")
    line = next(x for x in coverage.equity_sentences(eq, "en") if "Education" in x or "education" in x)
    assert "not tested (fewer than 30 ASN or unknown)" in line and "unknown" in line
    assert "differs" not in line
