"""Partnerships: in-house vs university vs professional organisation vs government institute
vs private providers, per JP and per rupiah, and the named partner programmes of a sector.

Ratios are ratios of sums with delta-method (or bootstrap) intervals clustered by
programme (:func:`analysis.stats.intervals.ratio_ci`; ``docs/methods.md``); unadjusted,
so compare with :func:`analysis.outcomes.learning.adjusted_effects` for like-with-like.
:func:`per_rupiah_ratio` compares each provider type's gain per rupiah with in-house
training as a ratio with its CI (the "work with this partner" rule needs its lower
bound above 1).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.data.dataset import Dataset
from analysis.data.staff import as_column_list
from analysis.outcomes.facts import REFERENCE_PROVIDER, iter_groups, outcome_facts, ratio_of_sums
from analysis.stats.intervals import CiMethod, mean_ci, wilson_interval
from analysis.stats.verdict import MIN_N, enough_data

#: The sector of the city's partnership example (the education office's school-based
#: management training with a local university), and the fallback of :func:`own_sector`.
EXAMPLE_SECTOR = "education"


def _provider_row(g: pd.DataFrame, method: CiMethod) -> dict[str, float]:
    """Completion count, satisfaction, gain and the three ratios of one group of decided enrollments."""
    sat = mean_ci(g.loc[g["attended"], "satisfaction"])
    scored = g.loc[g["gain"].notna()]
    gain = mean_ci(scored["gain"])
    per_jp = ratio_of_sums(scored["gain"], scored["credited_jp"], method, scored["program_id"])
    per_m = ratio_of_sums(scored["gain"], scored["cost_idr"] / 1e6, method, scored["program_id"])
    cpj = ratio_of_sums(g["cost_idr"], g["credited_jp"], method, g["program_id"])
    return {
        "programmes": int(g["program_id"].nunique()),
        "enrollments": len(g),
        "k_completed": int(g["status"].eq("completed").sum()),
        "satisfaction": sat["mean"], "satisfaction_ci_low": sat["ci_low"],
        "satisfaction_ci_high": sat["ci_high"], "n_satisfaction": sat["n"],
        "n_gain": gain["n"], "mean_gain": gain["mean"], "mean_gain_ci_low": gain["ci_low"],
        "mean_gain_ci_high": gain["ci_high"],
        "gain_per_jp": per_jp["estimate"], "gain_per_jp_ci_low": per_jp["ci_low"],
        "gain_per_jp_ci_high": per_jp["ci_high"],
        "gain_per_million_idr": per_m["estimate"], "gain_per_million_idr_ci_low": per_m["ci_low"],
        "gain_per_million_idr_ci_high": per_m["ci_high"],
        "gain_per_million_idr_se": per_m["std_error"],
        "cost_per_jp": cpj["estimate"], "cost_per_jp_ci_low": cpj["ci_low"],
        "cost_per_jp_ci_high": cpj["ci_high"],
    }


def partnerships(
    ds: Dataset, period: str | pd.Period, window: int = 4, by: str | Sequence[str] = "provider_type",
    method: CiMethod = "delta",
) -> pd.DataFrame:
    """In-house vs university vs professional organisation vs government institute vs private.

    Returns
    -------
    DataFrame
        One row per provider type (or ``by`` group): ``<by>``, ``programmes``,
        ``enrollments`` (decided), ``completion_rate`` with Wilson CI,
        ``satisfaction`` (mean) with t CI and ``n_satisfaction``, ``n_gain``,
        ``mean_gain`` with paired-t CI, ``gain_per_jp`` (total gain / total
        programme JP over scored completions) with CI, ``gain_per_million_idr``
        (total gain / total cost in millions of rupiah over scored completions)
        with CI, ``cost_per_jp`` (every enrollment's cost / all credited JP)
        with CI, ``enough_data`` (n_gain >= 30 and at least
        :data:`analysis.stats.verdict.MIN_CLUSTERS` programmes, :func:`analysis.stats.verdict.enough_data`).

    Notes
    -----
    Ratios are ratios of sums with ``method`` ``"delta"`` (linearisation,
    default) or ``"bootstrap"`` intervals from :func:`analysis.stats.intervals.ratio_ci`,
    clustered by programme (G/(G-1), t(G-1); programmes are the independent units since
    price and quality are set per programme). ``gain_per_million_idr_se`` is its SE. Gain per JP and per rupiah use scored
    completions only (the cost of drop-outs is in ``cost_per_jp``).
    Unadjusted: compare with :func:`analysis.outcomes.learning.adjusted_effects` for like-with-like.
    """
    cols = as_column_list(by)
    facts = outcome_facts(ds, period, window)
    decided = facts.loc[facts["decided"]]
    rows = [{**dict(zip(cols, key, strict=True)), **_provider_row(g, method)} for key, g in iter_groups(decided, cols)]
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    n = out["enrollments"].astype(float)
    out.insert(len(cols) + 2, "completion_rate", out["k_completed"] / n.where(n > 0))
    low, high = wilson_interval(out["k_completed"], n)
    out.insert(len(cols) + 3, "completion_rate_ci_low", low)
    out.insert(len(cols) + 4, "completion_rate_ci_high", high)
    out["enough_data"] = [enough_data(n, MIN_N, n_clusters=g)
                          for n, g in zip(out["n_gain"], out["programmes"], strict=True)]
    return out.drop(columns="k_completed")


def per_rupiah_ratio(table: pd.DataFrame, by: str = "provider_type",
                     reference: str = REFERENCE_PROVIDER, level: float = 0.95) -> pd.DataFrame:
    """Each group's gain per rupiah relative to the reference's, with a CI of the ratio.

    rho_g = (gain per Rp 1 million of g) / (gain per Rp 1 million of the reference). The
    two ratios rest on different programmes (provider type is a programme attribute), so
    they are independent; on the log scale SE(log rho) = sqrt((SE_g / R_g)^2 +
    (SE_ref / R_ref)^2) (delta method), and the interval is exp(log rho +/- z SE).
    "More learning per rupiah than in-house" is claimed only when the lower bound
    exceeds 1 (``docs/methods.md``, "Verdict rules").

    Parameters
    ----------
    table
        :func:`partnerships` output (``gain_per_million_idr`` and ``gain_per_million_idr_se``).

    Returns
    -------
    DataFrame
        ``<by>``, ``per_rupiah_ratio``, ``per_rupiah_ratio_ci_low``,
        ``per_rupiah_ratio_ci_high`` (NaN for the reference, or when either ratio is not
        positive or has no SE).
    """
    cols = [by, "per_rupiah_ratio", "per_rupiah_ratio_ci_low", "per_rupiah_ratio_ci_high"]
    if table.empty or reference not in set(table[by]):
        return pd.DataFrame({by: table.get(by, pd.Series(dtype=object)),
                             **{c: np.nan for c in cols[1:]}})[cols]
    ref = table.loc[table[by].eq(reference)].iloc[0]
    r = table["gain_per_million_idr"].astype(float)
    se = table["gain_per_million_idr_se"].astype(float)
    r0, se0 = float(ref["gain_per_million_idr"]), float(ref["gain_per_million_idr_se"])
    ok = (r > 0) & (r0 > 0) & table[by].ne(reference)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rho = np.log(r / r0)
        se_log = np.sqrt((se / r) ** 2 + (se0 / r0) ** 2)
    q = sps.norm.ppf(0.5 + level / 2)
    out = pd.DataFrame({by: table[by].to_numpy()})
    out["per_rupiah_ratio"] = np.where(ok, np.exp(log_rho), np.nan)
    out["per_rupiah_ratio_ci_low"] = np.where(ok, np.exp(log_rho - q * se_log), np.nan)
    out["per_rupiah_ratio_ci_high"] = np.where(ok, np.exp(log_rho + q * se_log), np.nan)
    return out[cols]


def own_sector(ds: Dataset, agency: str) -> str:
    """The sector of ``agency`` (its row in ``units``); ``"education"`` for ``"all"`` or an unknown id.

    The city's example of a partnership is the education office's school-based
    management training with a local university.
    """
    if agency == "all":
        return EXAMPLE_SECTOR
    return str(ds.units.set_index("unit_id")["sector"].get(agency, EXAMPLE_SECTOR))


def main_sector(decided: pd.DataFrame) -> pd.Series:
    """Per programme, the sector most of its decided enrollments' employees work in (the
    modal ``sector``; among equally frequent sectors the first in sort order, as
    ``Series.mode().iloc[0]``); programmes without a known sector are absent."""
    counts = decided.groupby(["program_id", "sector"], sort=True, observed=True).size()
    if counts.empty:
        return pd.Series(dtype=object)
    first_max = counts.groupby(level="program_id", sort=True).idxmax()  # the first of equal counts
    return pd.Series([sector for _, sector in first_max], index=first_max.index, dtype=object)


def _programmes_for_sector(ds: Dataset, sectors: pd.Series, provider_type: str, sector: str | None) -> list[str]:
    """Programme ids of ``provider_type`` aimed at ``sector``, or untargeted ones whose
    participants in the window mostly work in ``sector`` (``sectors``: :func:`main_sector`);
    every programme of the type for ``None``."""
    progs = ds.programs.set_index("program_id")
    sel = progs.loc[progs["provider_type"].eq(provider_type)]
    if sector is None:
        return list(sel.index)
    aimed = sel["target_sector"].eq(sector).fillna(False)
    untargeted = sel["target_sector"].isna() & sel.index.to_series().map(sectors).eq(sector).fillna(False)
    return list(sel.index[aimed | untargeted])


def _programme_row(progs: pd.DataFrame, group: str, ptype: str, pid: str, g: pd.DataFrame) -> dict[str, object]:
    """One programme's (or, for ``pid == "ALL"``, the group's) enrollments, completion, gain and cost per JP."""
    gain = mean_ci(g["gain"])
    jp = g["credited_jp"].sum()
    return {
        "group": group, "program_id": pid,
        "title": progs.loc[pid, "title"] if pid != "ALL" else "",
        "provider": progs.loc[pid, "provider"] if pid != "ALL" else "",
        "provider_type": ptype,
        "modality": progs.loc[pid, "modality"] if pid != "ALL" else "",
        "jp": float(progs.loc[pid, "jp"]) if pid != "ALL" else np.nan,
        "enrollments": len(g),
        "completion_rate": float(g["status"].eq("completed").mean()) if len(g) else np.nan,
        "satisfaction": float(g.loc[g["attended"], "satisfaction"].mean()),
        "n_gain": gain["n"], "mean_gain": gain["mean"], "mean_gain_ci_low": gain["ci_low"],
        "mean_gain_ci_high": gain["ci_high"],
        "cost_per_jp": float(g["cost_idr"].sum() / jp) if jp > 0 else np.nan,
    }


def _add_welch_difference(out: pd.DataFrame, partner: pd.Series, internal: pd.Series) -> None:
    """Put partner - internal mean gain (Welch, 95% CI, p) on the partner summary row (NaN elsewhere)."""
    for c in ("difference", "difference_ci_low", "difference_ci_high", "difference_p_value"):
        out[c] = np.nan
    if len(partner) >= 2 and len(internal) >= 2:
        res = sps.ttest_ind(partner, internal, equal_var=False)
        ci = res.confidence_interval(0.95)
        mask = out["group"].eq("partner") & out["program_id"].eq("ALL")
        out.loc[mask, ["difference", "difference_ci_low", "difference_ci_high", "difference_p_value"]] = [
            float(partner.mean() - internal.mean()), float(ci.low), float(ci.high), float(res.pvalue)]


def partner_programmes(
    ds: Dataset,
    period: str | pd.Period,
    provider_type: str = "university",
    sector: str | None = EXAMPLE_SECTOR,
    window: int = 4,
) -> pd.DataFrame:
    """Named partner programmes, e.g. the education office's school-based-management
    training with a local university, next to the in-house programmes of the same sector.

    Selects programmes of ``provider_type`` whose ``target_sector`` is
    ``sector`` (or, for programmes without a target sector, whose participants
    in the window mostly work in ``sector``), and the ``internal`` programmes
    selected the same way for comparison.

    Returns
    -------
    DataFrame
        One row per programme: ``group`` (``partner`` or ``internal``),
        ``program_id``, ``title``, ``provider``, ``provider_type``, ``modality``,
        ``jp``, ``enrollments``, ``completion_rate``, ``satisfaction``,
        ``n_gain``, ``mean_gain`` with t CI, ``cost_per_jp``; then two summary
        rows (``program_id`` ``ALL``) per group, and ``difference`` (partner -
        internal mean gain, Welch) with its CI on the partner summary row.
    """
    facts = outcome_facts(ds, period, window)
    decided = facts.loc[facts["decided"]]
    progs = ds.programs.set_index("program_id")
    rows = []
    summary = {}
    sectors = main_sector(decided) if sector is not None else pd.Series(dtype=object)
    for group, ptype in (("partner", provider_type), ("internal", REFERENCE_PROVIDER)):
        ids = _programmes_for_sector(ds, sectors, ptype, sector)
        sub = decided.loc[decided["program_id"].isin(ids)]
        for pid, g in [*sub.groupby("program_id"), ("ALL", sub)]:
            if pid == "ALL" and g.empty:
                continue
            rows.append(_programme_row(progs, group, ptype, pid, g))
        summary[group] = sub["gain"].dropna()
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    _add_welch_difference(out, summary.get("partner", pd.Series(dtype=float)),
                          summary.get("internal", pd.Series(dtype=float)))
    return out
