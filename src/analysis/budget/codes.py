"""Result codes of the budget area (``results.json``), their units, and :func:`record_results`.

The notebook records every key number with one call, ``record_results(rec, res)``;
anything that reads the numbers back uses the same constants.
"""

from __future__ import annotations

from types import MappingProxyType

from analysis.budget.results import BudgetResults
from analysis.budget.spending import over_allocation
from analysis.data.results import ResultsRecorder

#: City (and per-agency) absorption year-to-date: spending / allocation.
ABSORPTION_YTD = "budget.absorption_ytd"
#: City spending year-to-date.
SPENDING_YTD = "budget.spending_ytd_idr"
#: City allocation for the year.
ALLOCATED = "budget.allocated_idr"
#: Cost per credited JP over the trailing four quarters (city, and per modality).
COST_PER_JP = "budget.cost_per_jp"
#: Money needed to bring every active ASN to 20 JP (city, and per agency).
FUNDING_GAP = "budget.funding_gap_idr"
#: JP still needed by active ASN this year.
JP_NEEDED = "budget.jp_needed"
#: Funding gap not covered by the agencies' remaining allocations.
SHORTFALL = "budget.shortfall_idr"
#: Share of agencies with an allocation that spent more than it.
SHARE_OVER_ALLOCATION = "budget.share_agencies_over_100"
#: ASN-equivalents brought to 20 JP by the optimal / the current format mix.
MIX_PEOPLE_OPTIMAL = "budget.format_mix_people_optimal"
MIX_PEOPLE_CURRENT = "budget.format_mix_people_current"
#: The money needed to bring every active ASN to 20 JP with the optimal / the current mix.
MIX_COST_ALL_OPTIMAL = "budget.format_mix_cost_to_reach_all_optimal_idr"
MIX_COST_ALL_CURRENT = "budget.format_mix_cost_to_reach_all_current_idr"

#: The unit of each code (:class:`analysis.data.results.KeyNumber`).
UNITS = MappingProxyType({
    ABSORPTION_YTD: "share",
    SPENDING_YTD: "idr",
    ALLOCATED: "idr",
    COST_PER_JP: "idr",
    FUNDING_GAP: "idr",
    JP_NEEDED: "jp",
    SHORTFALL: "idr",
    SHARE_OVER_ALLOCATION: "share",
    MIX_PEOPLE_OPTIMAL: "count",
    MIX_PEOPLE_CURRENT: "count",
    MIX_COST_ALL_OPTIMAL: "idr",
    MIX_COST_ALL_CURRENT: "idr",
})

#: How each city number is computed, recorded with it.
NOTES = MappingProxyType({
    ABSORPTION_YTD: "census: spending YTD / allocation; no sampling CI",
    COST_PER_JP: "trailing four quarters; total cost / credited JP; delta-method 95% CI over enrollments",
    FUNDING_GAP: "sum over active ASN of max(0, 20 - JP so far) x observed cost per JP; CI from the cost per JP",
    SHORTFALL: "sum over agencies of max(0, gap - remaining allocation)",
    SHARE_OVER_ALLOCATION: "agencies whose spending YTD exceeds their allocation; census, no CI",
    MIX_PEOPLE_OPTIMAL: "ASN-equivalents brought to 20 JP with the optimal mix for the same budget",
    MIX_COST_ALL_OPTIMAL: "cost of bringing every active ASN to 20 JP with the optimal mix",
    MIX_COST_ALL_CURRENT: "cost of bringing every active ASN to 20 JP with the current mix",
})
#: The ``inference`` of the format-mix plan's intervals (:func:`analysis.budget.mix_uncertainty.mix_uncertainty`).
MIX_INFERENCE = "programme_bootstrap_percentile"
#: The plan's recorded numbers: code -> the quantity of :attr:`MixUncertainty.summary` and of the mix summary.
MIX_QUANTITIES = MappingProxyType({
    MIX_PEOPLE_OPTIMAL: ("optimal_people", "optimal", "people"),
    MIX_PEOPLE_CURRENT: ("current_people", "current", "people"),
    MIX_COST_ALL_OPTIMAL: ("optimal_cost_to_reach_all_idr", "optimal", "cost_to_reach_all_idr"),
    MIX_COST_ALL_CURRENT: ("current_cost_to_reach_all_idr", "current", "cost_to_reach_all_idr"),
})


#: How the cost-per-JP and funding-gap intervals are obtained (``docs/results.md``).
CLUSTERED_INFERENCE = "delta_programme_clustered_t(G-1)"


def _city_numbers(rec: ResultsRecorder, res: BudgetResults) -> None:
    period, spend, gap, cost = res.period, res.city_spend, res.city_gap, res.cost_city

    def record(code: str, estimate: float, low: float | None = None, high: float | None = None,
               n: int | None = None, n_clusters: int | None = None) -> None:
        rec.record(code, estimate, low, high, n=n, unit=UNITS[code], period=period, note=NOTES.get(code, ""),
                   inference=None if n_clusters is None else CLUSTERED_INFERENCE, n_clusters=n_clusters)

    record(ABSORPTION_YTD, spend["absorption"], n=int(spend["enrollments_ytd"]))
    record(SPENDING_YTD, spend["spending_ytd_idr"], n=int(spend["enrollments_ytd"]))
    record(ALLOCATED, spend["allocated_idr"])
    record(COST_PER_JP, cost["cost_per_jp"], cost["ci_low"], cost["ci_high"], n=int(cost["enrollments"]),
           n_clusters=int(cost["n_clusters"]))
    record(FUNDING_GAP, gap["gap_idr"], gap["gap_ci_low"], gap["gap_ci_high"], n=int(gap["active_staff"]),
           n_clusters=int(cost["n_clusters"]))
    record(JP_NEEDED, gap["jp_needed"], n=int(gap["active_staff"]))
    record(SHORTFALL, gap["shortfall_idr"], n=int(gap["active_staff"]))
    over = over_allocation(res.spend)
    record(SHARE_OVER_ALLOCATION, over["share"], n=over["with_allocation"])
    _mix_numbers(rec, res)


def _mix_numbers(rec: ResultsRecorder, res: BudgetResults) -> None:
    """The format-mix plan: people reached and the cost of reaching everyone, optimal and current
    mix, each with the percentile interval of the programme bootstrap when it ran
    (``res.mix_uncertainty``; ``n`` is then the draws with a finite value)."""
    if res.mix is None:  # no plan: not enough observed places (the page says so)
        return
    summary = res.mix.summary.set_index("mix")
    boot = None if res.mix_uncertainty is None else res.mix_uncertainty.summary.set_index("quantity")
    for code, (quantity, mix, column) in MIX_QUANTITIES.items():
        low = high = draws = None
        if boot is not None and quantity in boot.index:
            low, high, draws = boot.loc[quantity, "ci_low"], boot.loc[quantity, "ci_high"], int(boot.loc[quantity, "draws"])
        rec.record(code, summary.loc[mix, column], low, high, n=draws, n_of="bootstrap draws", unit=UNITS[code],
                   period=res.period, note=NOTES.get(code, ""),
                   inference=None if low is None else MIX_INFERENCE)


def record_results(rec: ResultsRecorder, res: BudgetResults) -> None:
    """Record the budget page's key numbers in ``rec``: the city's, then per modality and per agency.

    City: absorption, spending, allocation, cost per JP (with its 95% CI), funding
    gap (with CI), JP needed, shortfall, share of agencies over their allocation,
    and the people the optimal and current format mix reach. Groups
    (``group="modality=..."`` / ``"agency_id=..."``): cost per JP by modality,
    absorption and funding gap by agency.
    """
    _city_numbers(rec, res)
    period = res.period
    for row in res.cost_modality.itertuples():
        rec.record(COST_PER_JP, row.cost_per_jp, row.ci_low, row.ci_high, n=row.enrollments,
                   unit=UNITS[COST_PER_JP], period=period, group=f"modality={row.modality}",
                   inference=CLUSTERED_INFERENCE, n_clusters=row.n_clusters)
    for row in res.spend.itertuples():
        rec.record(ABSORPTION_YTD, row.absorption, n=row.enrollments_ytd, unit=UNITS[ABSORPTION_YTD],
                   period=period, group=f"agency_id={row.agency_id}")
    for row in res.gap.itertuples():
        rec.record(FUNDING_GAP, row.gap_idr, row.gap_ci_low, row.gap_ci_high, n=row.active_staff,
                   unit=UNITS[FUNDING_GAP], period=period, group=f"agency_id={row.agency_id}")
