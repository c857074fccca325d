"""The evidence the recommendation rules read: formats, providers, agencies, no-shows, funding, leaders, services.

:func:`brief_evidence` gathers it from the question areas for one quarter (or
reads what their notebooks recorded); :func:`head_association` fits the unit
heads' association with their staff's participation when notebook 20 did not
record it; :func:`service_effect_evidence` reads the service-link effect of
notebook 40.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analysis import budget, coverage, outcomes
from analysis.brief.codes import recorded
from analysis.brief.numbers import as_float
from analysis.brief.recommendations import load_non_inferiority_margin
from analysis.coverage.codes import PARTICIPATION_OR_HEAD_TRAINED
from analysis.data.dataset import Dataset
from analysis.data.periods import format_period
from analysis.linkage.codes import JP_STEP, effect_per_step_code
from analysis.outcomes.codes import ADJUSTED_GAIN
from analysis.stats.models import logit
from analysis.stats.verdict import MIN_N, enough_data

#: Covariates of :func:`head_association` (columns of the participation panel).
HEAD_COVARIATES: tuple[str, ...] = ("unit_award_prev_4q", "pppk", "female", "age_50_plus", "degree_s1_plus")
#: Columns of :func:`analysis.outcomes.partnerships` the ``providers`` evidence keeps, and their names there.
_PROVIDER_COLUMNS: dict[str, str] = {
    "provider_type": "provider_type",
    "gain_per_million_idr": "gain_per_million",
    "gain_per_million_idr_ci_low": "gain_per_million_ci_low",
    "gain_per_million_idr_ci_high": "gain_per_million_ci_high",
    "cost_per_jp": "cost_per_jp",
    "mean_gain": "gain",
    "n_gain": "n",
}


def format_evidence(ds: Dataset, period: str, *, models: bool = True,
                    recorded_rows: Sequence[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Per modality: ``modality, cost_per_jp, programmes, gain, gain_ci_low, gain_ci_high, n`` (four
    quarters up to ``period``; ``programmes`` are the clusters behind the cost) and ``adjusted_diff``, ``adjusted_diff_ci_low``, ``adjusted_diff_ci_high``.

    From :func:`analysis.outcomes.cost_effectiveness` and :func:`analysis.outcomes.learning_change`;
    the adjusted difference in gain vs classroom is the ``outcomes.adjusted_gain`` number
    notebook 10 recorded (``modality:<level>``), else, with ``models``,
    :func:`analysis.outcomes.adjusted_effects` (programme random intercept); NaN otherwise
    (the cheaper-format rule then does not fire). Classroom's difference is 0.
    """
    eff = outcomes.cost_effectiveness(ds, period, by="modality")
    gains = outcomes.learning_change(ds, period, by="modality")
    formats = eff[["modality", "cost_per_jp", "programmes"]].merge(
        gains[["modality", "estimate", "ci_low", "ci_high", "n"]], on="modality", how="left"
    )
    formats = formats.rename(columns={"estimate": "gain", "ci_low": "gain_ci_low", "ci_high": "gain_ci_high"})
    diffs = _adjusted_differences(ds, period, formats["modality"], models, recorded_rows)
    return formats.merge(diffs, on="modality", how="left")


def _adjusted_differences(ds: Dataset, period: str, modalities: pd.Series, models: bool,
                          recorded_rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """``modality, adjusted_diff, adjusted_diff_ci_low, adjusted_diff_ci_high`` vs classroom."""
    cols = ["adjusted_diff", "adjusted_diff_ci_low", "adjusted_diff_ci_high"]
    rows = []
    for modality in modalities:
        row = recorded(recorded_rows, ADJUSTED_GAIN, period, group=f"modality:{modality}")
        if row is not None:
            rows.append({"modality": modality, **dict(zip(cols, (row.get("estimate"), row.get("ci_low"),
                                                                 row.get("ci_high")), strict=True))})
    if not rows and models:
        try:
            adj = outcomes.adjusted_effects(ds, period)
        except ValueError:
            adj = pd.DataFrame(columns=["factor", "level", "estimate", "ci_low", "ci_high"])
        adj = adj.loc[adj["factor"].eq("modality")]
        rows = [{"modality": level, "adjusted_diff": est, "adjusted_diff_ci_low": lo, "adjusted_diff_ci_high": hi}
                for level, est, lo, hi in zip(adj["level"], adj["estimate"], adj["ci_low"], adj["ci_high"],
                                              strict=True)]
    if rows:
        rows.append({"modality": outcomes.REFERENCE_MODALITY, **dict.fromkeys(cols, 0.0)})
    out = pd.DataFrame(rows, columns=["modality", *cols])
    return out.astype({c: float for c in cols})


def provider_evidence(ds: Dataset, period: str) -> pd.DataFrame:
    """Per provider type: ``provider_type, gain_per_million, gain_per_million_ci_low,
    gain_per_million_ci_high, cost_per_jp, gain, n`` (:func:`analysis.outcomes.partnerships`) and
    ``per_rupiah_ratio`` with its CI vs in-house training (:func:`analysis.outcomes.per_rupiah_ratio`)."""
    part = outcomes.partnerships(ds, period)
    out = part[[c for c in _PROVIDER_COLUMNS if c in part]].rename(columns=_PROVIDER_COLUMNS)
    if out.empty:
        return out
    ratio = outcomes.per_rupiah_ratio(part)
    return out.merge(ratio, on="provider_type", how="left")


def agency_evidence(ds: Dataset, period: str) -> pd.DataFrame:
    """Per agency: ``agency_id, participation_rate, active_staff, name`` (the agency's own unit name)."""
    by_agency = coverage.participation(ds, period, by="agency_id")
    staff = coverage.jp_compliance(ds, period, by="agency_id")[["agency_id", "active_staff"]]
    agencies = by_agency[["agency_id", "participation_rate"]].merge(staff, on="agency_id", how="left")
    own = ds.units.loc[ds.units["unit_id"].eq(ds.units["agency_id"])].set_index("unit_id")["unit_name"]
    return agencies.assign(name=agencies["agency_id"].map(own).fillna(agencies["agency_id"]))


def no_show_rate(ds: Dataset, period: str, trend: pd.DataFrame | None = None) -> float:
    """The no-show rate of ``period``: read from ``trend`` (:func:`analysis.coverage.trend`) when it has it."""
    shown = trend.loc[trend["period"].eq(period) & trend["metric"].eq("no_show_rate")] if trend is not None else None
    if shown is not None and len(shown):
        return as_float(shown["estimate"].iloc[0])
    return as_float(coverage.participation(ds, period, by=None)["no_show_rate"].iloc[0])


def head_effect_evidence(
    panel: pd.DataFrame, recorded_rows: Sequence[Mapping[str, Any]], period: str
) -> dict[str, Any] | None:
    """The unit heads' odds ratio: as notebook 20 recorded it, else :func:`head_association` of ``panel``."""
    from_notebook = recorded(recorded_rows, PARTICIPATION_OR_HEAD_TRAINED, period)
    if from_notebook is not None and from_notebook.get("ci_low") is not None:
        return {
            "estimate": from_notebook["estimate"],
            "ci_low": from_notebook["ci_low"],
            "ci_high": from_notebook["ci_high"],
            "p_value": None,
            "n": from_notebook.get("n"),
            "kind": "odds_ratio",
        }
    return head_association(panel)


def service_effect_evidence(recorded_rows: Sequence[Mapping[str, Any]], period: str) -> dict[str, Any] | None:
    """The service effect per +1 JP that :func:`analysis.brief.recommendations.recommendations` cites, or ``None``.

    Read from the recorded :func:`analysis.linkage.codes.effect_per_step_code` numbers
    (notebook 40), processing days first, then IKM; the estimate and interval per
    :data:`~analysis.linkage.codes.JP_STEP` JP are divided by that step. ``None``
    when neither was recorded with an interval.
    """
    for metric in ("processing_days", "ikm"):
        row = recorded(recorded_rows, effect_per_step_code(metric), period)
        if row is not None and row.get("ci_low") is not None:
            return {"metric": metric, "estimate": row["estimate"] / JP_STEP,
                    "ci_low": row["ci_low"] / JP_STEP, "ci_high": row["ci_high"] / JP_STEP}
    return None


def brief_evidence(
    ds: Dataset,
    period: str | pd.Period,
    *,
    models: bool = True,
    trend: pd.DataFrame | None = None,
    recorded_rows: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The tables :func:`analysis.brief.recommendations.recommendations` reads, computed from the data for ``period``.

    Parameters
    ----------
    ds
        The dataset (restrict it first with :func:`analysis.coverage.restrict_to_agency`
        for an OPD's brief).
    period
        The quarter Q; formats and providers use the four quarters up to Q.
    models
        The city brief's full evidence: also the providers and agencies tables,
        the participation panel and the unit heads' association
        (:func:`head_association`, a few seconds on a city's data). ``False`` for
        the fast per-OPD briefs: formats, no-show rate and funding gap only.
    trend
        :func:`analysis.coverage.trend` for the same data, if already computed
        (the no-show rate is read from it).
    recorded_rows
        Numbers recorded by the analysis notebooks (:func:`analysis.data.results.read_results`).
        When notebook 20 recorded :data:`analysis.coverage.codes.PARTICIPATION_OR_HEAD_TRAINED`
        (the odds ratio of its full participation model), the brief uses that number,
        so the brief and the notebook show the same estimate; :func:`head_association`
        is the fallback when the brief runs alone. The service-link effect of
        notebook 40 is read from them too (:func:`service_effect_evidence`).

    Returns
    -------
    dict
        ``formats`` (:func:`format_evidence`), ``providers`` (:func:`provider_evidence`),
        ``agencies`` (:func:`agency_evidence`), ``no_show_rate`` (:func:`no_show_rate`),
        ``funding_gap`` (the city row of :func:`analysis.budget.funding_gap` as a
        dict), with ``models`` also ``participation_panel``
        (:func:`analysis.coverage.participation_panel`, four quarters) and
        ``head_effect`` (:func:`head_effect_evidence`), and ``service_effect``
        (:func:`service_effect_evidence`) when notebook 40 recorded one.
    """
    period = format_period(period)
    out: dict[str, Any] = {
        "formats": format_evidence(ds, period, models=models, recorded_rows=recorded_rows),
        "non_inferiority_margin": load_non_inferiority_margin(),
    }
    if models:
        out["providers"] = provider_evidence(ds, period)
        out["agencies"] = agency_evidence(ds, period)
    out["no_show_rate"] = no_show_rate(ds, period, trend)
    out["funding_gap"] = budget.funding_gap(ds, period, by=None).iloc[0].to_dict()
    if models:
        panel = coverage.participation_panel(ds, period, quarters=4)
        out["participation_panel"] = panel
        head = head_effect_evidence(panel, recorded_rows, period)
        if head is not None:
            out["head_effect"] = head
    service = service_effect_evidence(recorded_rows, period)
    if service is not None:
        out["service_effect"] = service
    return out


def head_association(panel: pd.DataFrame, min_events: int = MIN_N) -> dict[str, Any] | None:
    """Odds ratio of a staff member taking part when the unit head attended the quarter before.

    A logistic regression of ``participated`` (>= 1 attended enrollment ending in
    the quarter) on ``head_participated_prev_quarter``, the covariates
    :data:`HEAD_COVARIATES` and quarter dummies, over the employee-quarters of
    :func:`analysis.coverage.participation_panel`, unit heads themselves left
    out; standard errors clustered by unit (:func:`analysis.stats.models.logit`).

    Returns
    -------
    dict or None
        ``estimate`` (odds ratio), ``ci_low``, ``ci_high`` (95%, from the
        cluster-robust log-odds interval), ``p_value``, ``n`` (employee-quarters),
        ``kind`` = ``"odds_ratio"``; ``None`` when fewer than ``min_events``
        participations or non-participations remain, or the head indicator does
        not vary.

    Notes
    -----
    Estimand: a conditional association, not a causal effect (keen staff may
    gather in units with keen heads). Employee-quarters whose unit had no active
    head in the previous quarter (NaN indicator) are dropped.
    """
    cols = ["participated", "head_participated_prev_quarter", "unit_id", "period", *HEAD_COVARIATES]
    missing = [c for c in cols if c not in panel]
    if missing:
        raise KeyError(f"participation panel lacks {missing}")
    data = panel
    if "is_unit_head" in data:
        data = data.loc[~data["is_unit_head"].astype(bool)]
    data = data[cols].dropna()
    events = int(data["participated"].sum())
    if not enough_data(min(events, len(data) - events), min_events) or data["head_participated_prev_quarter"].nunique() < 2:
        return None
    covariates = [c for c in HEAD_COVARIATES if data[c].nunique() > 1]
    periods = " + C(period)" if data["period"].nunique() > 1 else ""
    formula = "participated ~ head_participated_prev_quarter" + "".join(f" + {c}" for c in covariates) + periods
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = logit(data.reset_index(drop=True), formula, vcov={"cluster": "unit_id"})
    row = fit.tidy().set_index("term").loc["head_participated_prev_quarter"]
    return {
        "estimate": as_float(row["odds_ratio"]),
        "ci_low": as_float(row["ratio_ci_low"]),
        "ci_high": as_float(row["ratio_ci_high"]),
        "p_value": as_float(row["p_value"]),
        "n": len(data),
        "kind": "odds_ratio",
    }
