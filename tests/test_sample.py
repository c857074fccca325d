"""The synthetic sample: reproducible, Binjai-shaped, contract-conform, with its planted effects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.data import contract
from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.paths import SAMPLE_DIR
from analysis.data.periods import shift_period
from analysis.sample import generate, write_sample
from analysis.sample.nip import NipRegistry

SAMPLE_FILES = sorted(p.name for p in SAMPLE_DIR.glob("*.csv")) + ["truth.json"]


@pytest.fixture(scope="module")
def sample():
    return generate("city", 2026)


@pytest.fixture(scope="module")
def ds(sample) -> Dataset:
    return Dataset.from_frames(**sample.frames)


@pytest.fixture(scope="module")
def facts(ds: Dataset) -> pd.DataFrame:
    return enrollment_facts(ds)


def test_committed_sample_regenerates_byte_for_byte(tmp_path: Path) -> None:
    out = write_sample(tmp_path / "s", scale="city", seed=2026)
    assert len(SAMPLE_FILES) == len(contract.TABLES) + 1
    for name in SAMPLE_FILES:
        assert (out / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name


def test_seed_changes_the_data() -> None:
    a = generate("city", 1).frames["enrollments"]
    b = generate("city", 2).frames["enrollments"]
    assert not a["employee_id"].head(50).equals(b["employee_id"].head(50))


def test_city_structure(ds: Dataset) -> None:
    units, emp = ds.units, ds.employees
    opd = units[units["unit_id"] == units["agency_id"]]
    assert 35 <= len(opd) <= 45
    kec = units[units["unit_id"].str.match(r"^KEC-[A-Z]+$")]
    assert sorted(kec["kecamatan"]) == [
        "Binjai Barat",
        "Binjai Kota",
        "Binjai Selatan",
        "Binjai Timur",
        "Binjai Utara",
    ]
    kel = units[units["unit_id"].str.contains("-KEL")]
    assert len(kel) == 37
    assert set(kel["agency_id"]) == set(kec["unit_id"])
    pkm = units[units["unit_id"].str.startswith("DINKES-PKM")]
    assert len(pkm) == 8 and set(pkm["sector"]) == {"health"}
    schools = units[units["agency_id"] == "DISDIK"]
    assert schools["unit_name"].str.startswith("SD Negeri").sum() >= 40
    assert schools["unit_name"].str.startswith("SMP Negeri").sum() >= 8
    for code in (
        "DISDUKCAPIL",
        "DPMPTSP",
        "RSUD",
        "BKPSDM",
        "BPKPAD",
        "SATPOLPP",
        "DISDIK",
        "DINKES",
    ):
        assert code in set(opd["unit_id"])
    assert units.loc[units["unit_id"] == "DISDUKCAPIL", "sector"].item() == "civil_registry"
    assert units.loc[units["unit_id"] == "DPMPTSP", "sector"].item() == "licensing"
    assert 5000 <= len(emp) <= 6000
    heads = emp.groupby("unit_id")["is_unit_head"].sum()
    assert (heads.reindex(units["unit_id"]).fillna(0) == 1).all()
    assert set(emp["employment_type"]) == {"pns", "pppk"}
    assert 0.15 < (emp["employment_type"] == "pppk").mean() < 0.45
    sector = emp["unit_id"].map(units.set_index("unit_id")["sector"])
    assert sector.isin(["education", "health"]).mean() > 0.5
    assert emp["exit_date"].notna().sum() > 50


def test_nips_are_valid_and_unique(ds: Dataset) -> None:
    emp = ds.employees
    nip = emp["employee_id"]
    assert nip.is_unique and nip.str.fullmatch(r"\d{18}").all()
    birth = pd.to_datetime(nip.str[:8], format="%Y%m%d")
    assert (birth.dt.year == emp["birth_year"].astype(int)).all()
    appointment = nip.str[8:14]
    assert (appointment == emp["hire_date"].dt.strftime("%Y%m")).all()
    assert (nip.str[14].map({"1": "M", "2": "F"}) == emp["gender"]).all()
    assert (nip.str[15:].astype(int) >= 1).all()
    assert ((emp["hire_date"] - birth).dt.days > 18 * 365).all()


def test_grades_follow_employment_type(ds: Dataset) -> None:
    emp = ds.employees
    pns = emp["employment_type"] == "pns"
    assert emp.loc[pns, "grade"].str.fullmatch(r"(I|II|III|IV)/[a-e]").all()
    assert emp.loc[~pns, "grade"].str.fullmatch(r"[IVX]+").all()
    assert emp["grade"].str.fullmatch(contract.GRADE_PATTERN).all()
    s1_pns = pns & (emp["education"] == "s1")
    assert emp.loc[s1_pns, "grade"].str.startswith(("III", "IV")).all()
    assert (emp.loc[~pns & emp["education"].isin(["s1", "d4"]), "grade"] == "IX").all()


def test_every_table_conforms_to_the_contract(sample, ds: Dataset) -> None:
    today = pd.Timestamp("2026-11-29")
    for name, table in contract.TABLES.items():
        frame = ds.table(name)
        assert frame is not None and len(frame) > 0, name
        assert list(sample.frames[name].columns) == list(table.column_names), name
        for col in table.columns:
            values = frame[col.name]
            if col.required:
                assert values.notna().all(), (name, col.name)
            present = values.dropna()
            if col.codes:
                assert set(present) <= set(col.codes), (name, col.name)
            if col.minimum is not None and len(present):
                assert (present.astype(float) >= col.minimum).all(), (name, col.name)
            if col.maximum is not None and len(present):
                assert (present.astype(float) <= col.maximum).all(), (name, col.name)
            if col.pattern and len(present):
                assert present.astype(str).str.fullmatch(col.pattern).all(), (name, col.name)
            if col.references:
                ref_table, ref_col = col.references.split(".")
                assert set(present) <= set(ds.table(ref_table)[ref_col]), (name, col.name)
            if col.type == "date" and name != "enrollments":
                assert (present <= today).all(), (name, col.name)
        if table.key:
            assert not frame.duplicated(list(table.key)).any(), name
    enr = ds.enrollments
    assert (enr["end_date"] >= enr["start_date"]).all()
    future = (enr["start_date"] > today) | (enr["end_date"] > today)
    assert (enr.loc[future, "status"] == "registered").all()
    assert (enr.loc[enr["status"] == "registered", "start_date"] > pd.Timestamp("2026-09-30")).all()
    assert set(enr["status"]) == set(contract.ENROLLMENT_STATUSES)
    for score in ("pre_score", "post_score"):
        assert enr[score].dropna().between(0, 100).all()
    sm = ds.service_metrics
    for metric, (low, high) in contract.METRIC_RANGES.items():
        v = sm.loc[sm["metric"] == metric, "value"]
        assert len(v) > 0 and (v >= low).all() and (high is None or (v <= high).all()), metric
    emp = ds.employees
    assert (emp["exit_date"].isna() | (emp["exit_date"] > emp["hire_date"])).all()


def test_loader_accepts_the_committed_sample() -> None:
    io = pytest.importorskip("analysis.data.io")
    load = getattr(io, "load_dataset", None)
    if load is None:
        pytest.skip("analysis.data.io.load_dataset not available")
    loaded = load(SAMPLE_DIR)
    assert len(loaded.employees) == len(pd.read_csv(SAMPLE_DIR / "employees.csv"))
    assert loaded.employees["employee_id"].str.fullmatch(contract.PSEUDONYM_PATTERN).all()


def test_lan_jp_conversion_and_costs(ds: Dataset, sample) -> None:
    prog = ds.programs
    assert (prog.loc[prog["modality"] == "seminar", "jp"].isin([4, 8])).all()
    assert (prog.loc[prog["modality"] == "workshop", "jp"] % 5 == 0).all()
    assert prog.loc[prog["modality"] == "classroom", "jp"].between(24, 80).all()
    assert prog.loc[prog["modality"] == "e_learning", "jp"].between(10, 30).all()
    cost = sample.truth["cost"]
    assert cost["e_learning"] < cost["classroom"] / 5
    per_jp = prog["cost_per_participant"] / prog["jp"]
    by_provider = per_jp.groupby(prog["provider_type"]).median()
    assert by_provider["university"] > by_provider["internal"]
    assert by_provider["private"] > by_provider["internal"]
    mbs = prog[prog["title"].str.contains("Manajemen Berbasis Sekolah")]
    assert "university" in set(mbs["provider_type"]) and set(mbs["target_sector"]) == {"education"}


def test_truth_has_the_agreed_keys(sample) -> None:
    truth = json.loads((SAMPLE_DIR / "truth.json").read_text(encoding="utf-8"))
    assert truth == json.loads(json.dumps(sample.truth))
    lg = truth["learning_gain"]
    assert lg["reference_modality"] == "classroom" and lg["reference_provider_type"] == "internal"
    assert {"modality_effect", "provider_effect", "pre_score_slope", "model"} <= set(lg)
    cs = truth["competency_service"]
    assert cs["exposure"] == "jp_per_staff_4q" and set(cs["effect_per_jp"]) == set(
        contract.METRIC_DIRECTIONS
    )
    ol = truth["online_launch"]
    for key in (
        "units",
        "metric_effects",
        "cohort_multiplier",
        "att_by_event_time",
        "att_overall",
        "it_training_extra",
        "model",
    ):
        assert key in ol
    assert ol["units"]["DISDUKCAPIL"] != ol["units"]["DPMPTSP"]
    assert len(set(ol["units"].values())) >= 3
    coefs = truth["participation"]["logit_coefficients"]
    for name in ("head_participated_prev_quarter", "award_prev_4q", "learning_motivation", "pppk"):
        assert name in coefs
    assert "logit_coefficients" in truth["no_show"] and "logit_coefficients" in truth["dropout"]
    assert len(truth["budget"]["starved_agencies"]) >= 3
    assert set(truth["cost"]) >= {"classroom", "e_learning", "seminar", "workshop", "degree"}


def test_online_units_match_truth_and_att_is_measured(ds: Dataset, sample) -> None:
    ol = sample.truth["online_launch"]
    starts = ds.units.dropna(subset=["online_service_start"])
    q = starts["online_service_start"].dt.to_period("Q").astype(str).str.replace("Q", "Q")
    assert dict(zip(starts["unit_id"], q, strict=True)) == ol["units"]
    assert (starts["online_service_start"].dt.is_quarter_start).all()
    for metric, by_e in ol["att_by_event_time"].items():
        full = ol["metric_effects"][metric]["full_effect"]
        assert abs(by_e["0"]) < abs(by_e["3"]), metric  # effects build up
        assert np.sign(ol["att_overall"][metric]) == np.sign(full)
    never = set(sample.frames["service_metrics"]["unit_id"]) - set(ol["units"])
    assert len(never) >= 10


def _planted_launch_effects(truth: dict) -> pd.DataFrame:
    """The unclipped planted launch effect of every treated unit-quarter, from truth.json alone."""
    from analysis.data.periods import period_range

    ol = truth["online_launch"]
    quarters = period_range(truth["first_period"], truth["end_period"])
    rows = []
    for unit, start in ol["units"].items():
        it = unit in ol["it_trained_units"]
        for e in range(len(quarters) - quarters.index(start)):
            row = {"unit_id": unit, "cohort": start, "event_time": e}
            for m, spec in ol["metric_effects"].items():
                ramp = min(1.0, (e + 1) / spec["ramp_quarters"])
                size = spec["full_effect"] + ol["it_training_extra"][m] * it
                row[m] = ol["cohort_multiplier"][start] * ramp * size
            rows.append(row)
    return pd.DataFrame(rows)


def test_launch_truth_is_the_effect_realised_on_the_clipped_metric(sample) -> None:
    """att_* = mean of clip(y0 + effect) - clip(y0): the planted mean where no value is clipped."""
    truth = sample.truth
    ol = truth["online_launch"]
    planted = _planted_launch_effects(truth)
    clipped = truth["competency_service"]["values_clipped"]
    unclipped = [m for m, k in clipped.items() if k == 0]
    assert {"ikm", "spm_attainment"} <= set(unclipped)
    for m in unclipped:
        assert ol["att_overall"][m] == pytest.approx(planted[m].mean(), abs=1e-4), m
        for e, value in planted.groupby("event_time")[m].mean().items():
            assert ol["att_by_event_time"][m][str(e)] == pytest.approx(value, abs=1e-4), (m, e)
    # online_share hits its 100% ceiling in the early cohorts: the realised effect is smaller
    assert clipped["online_share"] > 0
    share = planted.groupby("event_time")["online_share"].mean()
    realised = {int(e): v for e, v in ol["att_by_event_time"]["online_share"].items()}
    assert ol["att_overall"]["online_share"] < planted["online_share"].mean() - 0.5
    assert realised[7] < share[7] - 5 and max(realised.values()) < 100
    for e in range(5):  # no launched unit is near the ceiling yet: nothing is clipped
        assert realised[e] == pytest.approx(share[e], abs=1e-4), e
    # realised = clip(y0 + effect) - clip(y0) <= observed value (clip(y0) >= 0)
    sm = sample.frames["service_metrics"]
    obs = sm.loc[sm["metric"] == "online_share"].merge(
        planted[["unit_id", "cohort", "event_time"]].assign(
            period=lambda f: [
                shift_period(c, int(e)) for c, e in zip(f["cohort"], f["event_time"], strict=True)
            ]
        ),
        on=["unit_id", "period"],
    )
    mean_obs = obs.groupby("event_time")["value"].mean()
    for e, value in realised.items():
        assert value <= mean_obs[e] + 0.01, e


def test_planted_learning_gain_is_recoverable(facts: pd.DataFrame, sample) -> None:

    import warnings

    from analysis.stats.models import mixed

    scored = facts.dropna(subset=["gain"]).reset_index(drop=True)
    # programmes carry their own random effect (programme_effect_sd), so a format's
    # estimate is off by about that SD over the square root of its programmes: with a
    # programme random intercept the planted effect lies within 3 standard errors
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = mixed(scored, "gain ~ C(modality, Treatment('classroom')) "
                    "+ C(provider_type, Treatment('internal')) + pre_score", groups="program_id")
    params, bse = fit.coef, fit.std_error
    truth = sample.truth["learning_gain"]
    assert truth["programme_effect_sd"] > 0
    for modality, effect in truth["modality_effect"].items():
        term = f"C(modality, Treatment('classroom'))[T.{modality}]"
        assert abs(params[term] - effect) < 3 * bse[term], modality
    for provider, effect in truth["provider_effect"].items():
        term = f"C(provider_type, Treatment('internal'))[T.{provider}]"
        assert abs(params[term] - effect) < 3 * bse[term], provider
    assert abs(params["pre_score"] - truth["pre_score_slope"]) < 0.05


def test_it_training_only_in_trained_launch_units(ds: Dataset, facts: pd.DataFrame, sample) -> None:
    ol = sample.truth["online_launch"]
    it = facts[facts["program_id"].isin(ol["it_training_programs"])]
    from analysis.linkage import IT_PUBLIC_SERVICE_KEYWORDS

    keyword = re.compile("|".join(re.escape(k) for k in IT_PUBLIC_SERVICE_KEYWORDS), re.I)
    is_it = ds.programs["program_id"].isin(ol["it_training_programs"])
    assert ds.programs.loc[is_it, "title"].str.contains(keyword).all()
    assert not ds.programs.loc[~is_it, "title"].str.contains(keyword).any()
    assert set(it["unit_id"]) <= set(ol["it_trained_units"])
    for unit in ol["it_trained_units"]:
        assert (it["unit_id"] == unit).sum() > 0, unit


def test_participation_predictors_have_their_planted_signs(
    ds: Dataset, facts: pd.DataFrame, sample
) -> None:
    import statsmodels.formula.api as smf

    from analysis.data.periods import period_index, period_range, quarter_end

    attended = facts[facts["attended"]].assign(pidx=lambda f: f["period"].map(period_index))
    emp = ds.employees
    heads = emp.loc[emp["is_unit_head"], ["unit_id", "employee_id"]].set_index("unit_id")[
        "employee_id"
    ]
    rows = []
    for q in period_range("2024Q1", "2026Q3"):
        qi = period_index(q)
        act = emp[
            (emp["hire_date"] <= quarter_end(q))
            & (emp["exit_date"].isna() | (emp["exit_date"] > quarter_end(q)))
        ]
        act = act[~act["is_unit_head"]]
        now = set(attended.loc[attended["pidx"] == qi, "employee_id"])
        prev = set(attended.loc[attended["pidx"] == qi - 1, "employee_id"])
        rows.append(
            pd.DataFrame(
                {
                    "y": act["employee_id"].isin(now).astype(int),
                    "head_prev": act["unit_id"].map(heads).isin(prev).astype(int),
                    "pppk": (act["employment_type"] == "pppk").astype(int),
                }
            )
        )
    fit = smf.logit("y ~ head_prev + pppk", data=pd.concat(rows, ignore_index=True)).fit(disp=0)
    coefs = sample.truth["participation"]["logit_coefficients"]
    assert fit.params["head_prev"] > 0 and coefs["head_participated_prev_quarter"] > 0
    assert abs(fit.params["head_prev"] - coefs["head_participated_prev_quarter"]) < 0.25
    assert fit.params["pppk"] < 0


def test_budget_starved_agencies_absorb_more_than_allocated(
    ds: Dataset, facts: pd.DataFrame, sample
) -> None:
    spend = facts[facts["year"] == 2025].groupby("agency_id")["cost_idr"].sum()
    alloc = ds.budget[ds.budget["year"] == 2025].set_index("agency_id")["allocated_idr"]
    absorption = (spend.reindex(alloc.index).fillna(0) / alloc).dropna()
    starved = sample.truth["budget"]["starved_agencies"]
    assert (absorption[starved] > 1.0).all()
    assert (absorption.drop(starved) < 1.0).mean() > 0.9


def test_nip_registry_serials_are_unique_per_prefix() -> None:
    reg = NipRegistry()
    birth = np.array(["1980-01-01"] * 3 + ["1981-02-03"], dtype="datetime64[D]")
    appt = np.array(["2005-03-01"] * 4, dtype="datetime64[D]")
    nips = reg.issue(birth, appt, np.array([1, 1, 2, 1]))
    assert list(nips) == [
        "198001012005031001",
        "198001012005031002",
        "198001012005032001",
        "198102032005031001",
    ]
    again = reg.issue(birth[:1], appt[:1], np.array([1]))
    assert again[0] == "198001012005031003"


def test_national_format_is_chunked_parquet(tmp_path: Path) -> None:
    out = write_sample(tmp_path / "nat", scale="national", seed=5, max_districts=2)
    for name in contract.REQUIRED_TABLES:
        parts = sorted((out / name).glob("part-*.parquet"))
        assert parts and parts[0].name == "part-00001.parquet", name
    emp = pd.read_parquet(out / "employees")
    assert emp["employee_id"].is_unique and emp["employee_id"].str.fullmatch(r"\d{18}").all()
    units = pd.read_parquet(out / "units")
    assert units["unit_id"].is_unique
    assert set(emp["unit_id"]) <= set(units["unit_id"])
    assert units["unit_id"].str.split("-").str[0].nunique() == 2
    enr = pd.read_parquet(out / "enrollments")
    assert enr["enrollment_id"].is_unique and set(enr["employee_id"]) <= set(emp["employee_id"])
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert truth["scale"] == "national" and truth["max_districts"] == 2
    assert truth["rows"]["employees"] == len(emp)


def test_bad_arguments_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scale"):
        generate("town", 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="national"):
        generate("national", 1)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "f.txt").write_text("x")
    with pytest.raises(FileExistsError):
        write_sample(tmp_path / "x")


def test_registered_enrollments_do_not_extend_the_periods(ds: Dataset) -> None:
    enr = ds.enrollments
    assert enr.loc[enr["status"] == "registered", "end_date"].min() > pd.Timestamp("2026-09-30")
    assert ds.latest_period == "2026Q3"
    assert ds.periods[0] == "2023Q4" and len(ds.periods) == 12


def test_it_trained_units_pass_the_linkage_threshold(ds: Dataset, sample) -> None:
    linkage = pytest.importorskip("analysis.linkage")
    shares = linkage.it_training_before_launch(ds).set_index("unit_id")["it_trained_share"]
    trained = set(sample.truth["online_launch"]["it_trained_units"])
    assert (shares[shares.index.isin(trained)] >= linkage.IT_TRAINED_THRESHOLD).all()
    assert (shares[~shares.index.isin(trained)] == 0).all()


def test_service_metrics_respond_to_exposure(ds: Dataset, facts: pd.DataFrame, sample) -> None:
    """Two-way within estimator on the balanced unit x quarter panel, exposure computed here."""
    from analysis.data.periods import period_index, quarter_end

    facts = facts[facts["decided"]].assign(pidx=lambda f: f["period"].map(period_index))
    emp = ds.employees
    sm = ds.service_metrics.pivot_table(
        index=["unit_id", "period"], columns="metric", values="value"
    )
    rows = []
    for period in sorted(ds.service_metrics["period"].unique()):
        qi, qe = period_index(period), quarter_end(period)
        active = emp[(emp["hire_date"] <= qe) & (emp["exit_date"].isna() | (emp["exit_date"] > qe))]
        window = facts[(facts["pidx"] >= qi - 3) & (facts["pidx"] <= qi)]
        jp = active["employee_id"].map(window.groupby("employee_id")["credited_jp"].sum()).fillna(0)
        per_unit = jp.groupby(active["unit_id"]).mean().rename("x").to_frame().assign(period=period)
        rows.append(per_unit)
    x = pd.concat(rows).reset_index().set_index(["unit_id", "period"])["x"]
    panel = sm.join(x, how="left")
    assert panel["x"].notna().all()

    def within(col: pd.Series) -> pd.Series:
        unit_mean = col.groupby(level="unit_id").transform("mean")
        period_mean = col.groupby(level="period").transform("mean")
        return col - unit_mean - period_mean + col.mean()

    xw = within(panel["x"])
    truth = sample.truth["competency_service"]["effect_per_jp"]
    for metric in ("ikm", "processing_days", "complaints_per_1000", "spm_attainment"):
        slope = float((xw * within(panel[metric])).sum() / (xw**2).sum())
        assert slope == pytest.approx(truth[metric], rel=0.35), metric


def test_end_period_moves_the_window() -> None:
    data = generate("city", 7, "2025Q4")
    ds = Dataset.from_frames(**data.frames)
    assert ds.periods[0] == "2023Q1" and ds.latest_period == "2025Q4"
    assert data.truth["first_period"] == "2023Q1" and data.truth["end_period"] == "2025Q4"
    assert set(data.truth["online_launch"]["units"].values()) <= set(ds.periods)
    with pytest.raises(ValueError, match="today"):
        generate("city", 7, "2026Q4")


def test_training_before_the_data_biases_truncated_windows_and_complete_windows_fix_it(sample) -> None:
    """With staff trained in the three quarters before the data (not in the extract), the first
    quarters' four-quarter windows in the data are truncated: a slope fitted on every quarter is
    attenuated; the analysis, which keeps only complete windows, recovers the planted slope."""
    from analysis import linkage

    pre = generate("city", 2026, pre_data_quarters=3)
    assert pre.truth["competency_service"]["pre_data_quarters"] == 3
    # the earlier training is in no table: the enrollments are the committed sample's
    pd.testing.assert_frame_equal(pre.frames["enrollments"], sample.frames["enrollments"])
    ds_pre = Dataset.from_frames(**pre.frames)
    panel = linkage.unit_panel(ds_pre, through=ds_pre.latest_period)
    truth = pre.truth["competency_service"]["effect_per_jp"]
    for metric in ("ikm", "processing_days"):
        complete = linkage.fit_exposure(panel, metric).tidy().set_index("term").loc["jp_per_staff_4q"]
        naive = linkage.fit_exposure(panel.assign(window_complete=True), metric).tidy().set_index(
            "term").loc["jp_per_staff_4q"]
        assert complete["ci_low"] < truth[metric] < complete["ci_high"], metric
        # truncated windows understate exposure in the first quarters: the naive slope is
        # attenuated by more than 5% (about 6% for IKM, 11% for processing days)
        assert abs(naive["estimate"]) < 0.95 * abs(truth[metric]), metric
        assert abs(naive["estimate"]) < abs(complete["estimate"]), metric
    # without training before the data the truncated windows are the true ones: no attenuation
    panel0 = linkage.unit_panel(Dataset.from_frames(**sample.frames), through=ds_pre.latest_period)
    naive0 = linkage.fit_exposure(panel0.assign(window_complete=True), "processing_days").tidy().set_index(
        "term").loc["jp_per_staff_4q"]
    assert abs(naive0["estimate"]) > 0.95 * abs(truth["processing_days"])
