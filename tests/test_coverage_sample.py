"""Coverage on the city sample: an independent recount from the raw CSVs, and the planted
participation effects (truth.json ``participation``) recovered by the logit model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import coverage

PERIOD = "2026Q3"


def _raw(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Active staff at 30 Sep 2026 and enrollments with programme JP, straight from the CSVs."""
    emp = pd.read_csv(folder / "employees.csv", dtype={"employee_id": str}, parse_dates=["hire_date", "exit_date"])
    enr = pd.read_csv(folder / "enrollments.csv", dtype={"employee_id": str}, parse_dates=["start_date", "end_date"])
    prog = pd.read_csv(folder / "programs.csv")
    end = pd.Timestamp("2026-09-30")
    active = emp[(emp["hire_date"] <= end) & (emp["exit_date"].isna() | (emp["exit_date"] > end))]
    enr = enr.merge(prog[["program_id", "jp"]], on="program_id")
    return active, enr


def test_jp_compliance_matches_an_independent_recount(sample) -> None:
    ds, _, folder = sample
    active, enr = _raw(folder)
    done = enr[(enr["status"] == "completed") & (enr["end_date"].dt.year == 2026)
               & (enr["end_date"] <= pd.Timestamp("2026-09-30"))]
    jp = done.assign(credit=done["jp_credited"].fillna(done["jp"])).groupby("employee_id")["credit"].sum()
    per_person = active["employee_id"].map(jp).fillna(0.0)
    row = coverage.jp_compliance(ds, PERIOD, by=None).iloc[0]
    assert row["active_staff"] == len(active)
    assert row["jp_mean"] == pytest.approx(per_person.mean())
    assert row["share_meeting_20jp"] == pytest.approx((per_person >= 20).mean())
    assert row["share_on_track"] == pytest.approx((per_person >= 15).mean())


def test_participation_matches_an_independent_recount(sample) -> None:
    ds, _, folder = sample
    active, enr = _raw(folder)
    in_q = enr[(enr["end_date"] >= "2026-07-01") & (enr["end_date"] <= "2026-09-30")]
    decided = in_q[in_q["status"].isin(["completed", "dropped", "no_show"])]
    attended = set(in_q.loc[in_q["status"].isin(["completed", "dropped"]), "employee_id"])
    row = coverage.participation(ds, PERIOD, by=None).iloc[0]
    assert row["enrollments"] == len(decided)
    assert row["completion_rate"] == pytest.approx((decided["status"] == "completed").mean())
    assert row["no_show_rate"] == pytest.approx((decided["status"] == "no_show").mean())
    assert row["participation_rate"] == pytest.approx(active["employee_id"].isin(attended).mean())
    # the agencies add up to the city
    by_agency = coverage.participation(ds, PERIOD)
    assert by_agency["enrollments"].sum() == row["enrollments"]


def test_planted_participation_effects_recovered(sample) -> None:
    ds, truth, _ = sample
    coefs = truth["participation"]["logit_coefficients"]
    # all twelve quarters: the survey covers three of them (one a year)
    pred = coverage.participation_predictors(ds, PERIOD, quarters=12, models=("participation",))
    main = pred[pred["model"] == "participation"].set_index("term")
    for term in ("head_participated_prev_quarter", "award_prev_4q", "pppk", "age_50_plus", "degree_s1_plus"):
        row = main.loc[term]
        assert row["ci_low"] <= coefs[term] <= row["ci_high"], (term, row["estimate"], coefs[term])
        assert row["odds_ratio"] == pytest.approx(np.exp(row["estimate"]))
    # the survey quarters' model adds motivation (omitting it attenuates the others slightly:
    # logit non-collapsibility); its planted slope and the head's are recovered there too
    survey = pred[pred["model"] == "participation_survey"].set_index("term")
    for term in ("head_participated_prev_quarter", "learning_motivation", "pppk"):
        row = survey.loc[term]
        assert row["ci_low"] <= coefs[term] <= row["ci_high"], (term, row["estimate"], coefs[term])
    # the leadership answer: the unit head's own participation raises staff participation
    lead = coverage.leadership(pred).set_index(["model", "term"])
    assert lead.loc[("participation", "head_participated_prev_quarter"), "direction"] == "higher"
    assert lead.loc[("participation", "unit_award_prev_4q"), "direction"] == "unclear"  # none planted


@pytest.mark.slow
def test_planted_no_show_and_dropout_effects_recovered(sample) -> None:
    ds, truth, _ = sample
    pred = coverage.participation_predictors(ds, PERIOD, quarters=12, models=("no_show", "dropout"))
    checks = (
        ("no_show", "no_show", ("pppk", "age_50_plus", "modality__e_learning")),
        ("no_show_survey", "no_show", ("learning_motivation", "modality__e_learning")),
        ("dropout", "dropout", ("pppk", "modality__e_learning", "modality__degree", "jp_per_10")),
        ("dropout_survey", "dropout", ("learning_motivation",)),
    )
    for model, name, terms in checks:
        block = pred[pred["model"] == model].set_index("term")
        for term in terms:
            planted = truth[name]["logit_coefficients"][term.removeprefix("modality__")]
            row = block.loc[term]
            assert row["ci_low"] <= planted <= row["ci_high"], (model, term, row["estimate"], planted)


def test_trend_has_eight_quarters_of_every_headline_rate(sample) -> None:
    ds, _, _ = sample
    tr = coverage.trend(ds, PERIOD)
    assert tr["period"].nunique() == 8
    assert set(coverage.HEADLINE_RATES) <= set(tr["metric"])
    q3 = tr[(tr["period"] == PERIOD) & (tr["metric"] == "participation_rate")].iloc[0]
    assert q3["estimate"] == pytest.approx(coverage.participation(ds, PERIOD, by=None)["participation_rate"].iloc[0])
