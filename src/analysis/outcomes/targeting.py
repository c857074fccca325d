"""Relevance of training: is it aimed at the employee's sector, and at a competency domain
where the employee falls short of the job's standard ("training to the gap")?

Shares are of credited JP (``docs/definitions.md``); the to-the-gap share's interval is a
ratio-of-sums delta-method interval over enrollments (``docs/methods.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.periods import format_period, quarter_end
from analysis.data.staff import as_column_list
from analysis.outcomes.facts import iter_groups, outcome_facts
from analysis.stats.intervals import ratio_ci

#: Columns of :func:`relevance` after the group columns.
RELEVANCE_COLUMNS = ("enrollments", "jp_total", "share_jp_target_sector", "share_jp_general",
                     "share_jp_other_sector", "jp_assessed", "share_jp_assessed", "share_jp_to_gap",
                     "share_jp_to_gap_ci_low", "share_jp_to_gap_ci_high", "enrollments_assessed")


def _gap_at(ds: Dataset, enr: pd.DataFrame) -> pd.Series:
    """For each enrollment: 1.0 if the employee's latest assessment in the programme's
    domain on or before the end of the enrollment's quarter shows a gap
    (required_level > score), 0.0 if it shows none, NaN if there is no such assessment."""
    a = ds.assessments
    result = pd.Series(np.nan, index=enr.index)
    if a.empty or enr.empty:
        return result
    left = pd.DataFrame({
        "row": enr.index,
        "employee_id": enr["employee_id"].astype(str).to_numpy(),
        "domain": enr["domain"].astype(str).to_numpy(),
        "when": enr["period"].map({p: quarter_end(p) for p in enr["period"].dropna().unique()})
        .astype("datetime64[ns]").to_numpy(),
    }).sort_values("when")
    right = pd.DataFrame({
        "employee_id": a["employee_id"].astype(str).to_numpy(),
        "domain": a["domain"].astype(str).to_numpy(),
        "when": a["assessed_on"].astype("datetime64[ns]").to_numpy(),
        "gap": (a["required_level"].astype(float) - a["score"].astype(float)).clip(lower=0).to_numpy(),
    }).dropna(subset=["when"]).sort_values("when")
    merged = pd.merge_asof(left, right, on="when", by=["employee_id", "domain"], direction="backward")
    result.loc[merged["row"].to_numpy()] = (merged["gap"] > 0).astype(float).where(merged["gap"].notna()).to_numpy()
    return result


def _relevance_row(g: pd.DataFrame) -> dict[str, float]:
    """The JP shares of one group of credited enrollments (see :func:`relevance`)."""
    total = float(g["credited_jp"].sum())
    assessed = g.loc[g["gap"].notna()]
    ci = ratio_ci(assessed["jp_gap"], assessed["credited_jp"]) if len(assessed) else {}
    return {
        "enrollments": len(g),
        "jp_total": total,
        "share_jp_target_sector": g["jp_target"].sum() / total if total else np.nan,
        "share_jp_general": g["jp_general"].sum() / total if total else np.nan,
        "share_jp_other_sector": (total - g["jp_target"].sum() - g["jp_general"].sum()) / total
        if total else np.nan,
        "jp_assessed": float(g["jp_assessed"].sum()),
        "share_jp_assessed": g["jp_assessed"].sum() / total if total else np.nan,
        "share_jp_to_gap": ci.get("estimate", np.nan),
        "share_jp_to_gap_ci_low": max(0.0, ci.get("ci_low", np.nan)) if ci else np.nan,
        "share_jp_to_gap_ci_high": min(1.0, ci.get("ci_high", np.nan)) if ci else np.nan,
        "enrollments_assessed": len(assessed),
    }


def relevance(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "agency_id",
    window: int = 4,
) -> pd.DataFrame:
    """Is training aimed at the employee's sector and at their competency gaps?

    Parameters
    ----------
    ds, period, window
        As in :func:`analysis.outcomes.reaction.satisfaction`.
    by
        Column(s) of :func:`analysis.outcomes.facts.outcome_facts` (default ``agency_id``);
        ``None``: one row.

    Returns
    -------
    DataFrame
        One row per group: ``<by>``, ``enrollments`` (completed, with credited
        JP), ``jp_total``, ``share_jp_target_sector`` (JP of programmes whose
        target_sector is the employee's unit's sector / all JP),
        ``share_jp_general`` (programmes with no target sector),
        ``share_jp_other_sector`` (programmes aimed at another sector),
        ``jp_assessed`` (JP of enrollments whose employee has an assessment in
        the programme's domain on or before the end of the enrollment's quarter),
        ``share_jp_assessed`` (= jp_assessed / jp_total), ``share_jp_to_gap``
        (of the assessed JP, the share in a domain where that latest assessment
        shows a gap, required_level > score: "training to the gap"), with
        ``share_jp_to_gap_ci_low/_high``, and ``enrollments_assessed``.

    Notes
    -----
    Shares are of credited JP (completed enrollments), so long programmes
    weigh more. The CI of ``share_jp_to_gap`` is a ratio-of-sums delta-method
    interval over enrollments (:func:`analysis.stats.intervals.ratio_ci`). JP of staff
    never assessed in the domain are left out of the to-the-gap share (and
    counted in ``share_jp_assessed``) rather than assumed gap-free.
    """
    cols = as_column_list(by)
    data = relevance_facts(ds, period, window)
    rows = [{**dict(zip(cols, key, strict=True)), **_relevance_row(g)} for key, g in iter_groups(data, cols)]
    return pd.DataFrame(rows, columns=[*cols, *RELEVANCE_COLUMNS])


def relevance_facts(ds: Dataset, period: str | pd.Period, window: int = 4) -> pd.DataFrame:
    """The credited enrollments of the window (:func:`analysis.outcomes.facts.outcome_facts`,
    ``credited_jp > 0``) with ``gap`` (:func:`_gap_at`) and the JP columns :func:`relevance`
    sums: ``jp_target`` (programme aimed at the employee's sector), ``jp_general`` (no target
    sector), ``jp_assessed`` (an assessment in the domain exists), ``jp_gap`` (it shows a gap).

    Computed once per dataset, period and window (:meth:`analysis.data.dataset.Dataset.derived`),
    however many groupings :func:`relevance` is asked for; each call returns a copy.
    """
    period = format_period(period)
    return ds.derived(("relevance_facts", period, window), lambda: _relevance_facts(ds, period, window))


def _relevance_facts(ds: Dataset, period: str, window: int) -> pd.DataFrame:
    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["credited_jp"] > 0].copy()
    data["gap"] = _gap_at(ds, data)
    target = data["target_sector"]
    data["jp_target"] = data["credited_jp"].where(target.notna() & target.eq(data["sector"]).fillna(False), 0.0)
    data["jp_general"] = data["credited_jp"].where(target.isna(), 0.0)
    data["jp_assessed"] = data["credited_jp"].where(data["gap"].notna(), 0.0)
    data["jp_gap"] = data["credited_jp"].where(data["gap"].eq(1.0), 0.0)
    return data


def relevance_by_unit(ds: Dataset, period: str | pd.Period, level: str, names: pd.Series,
                      window: int = 4) -> pd.DataFrame:
    """:func:`relevance` by ``level`` (``agency_id`` or ``unit_id``) with a ``name`` column second.

    ``names`` maps the level's ids to display names; ids without a name keep the id.
    """
    rel = relevance(ds, period, by=level, window=window)
    rel.insert(1, "name", rel[level].map(names).fillna(rel[level]))
    return rel
