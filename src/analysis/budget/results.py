"""Everything the budget page reports for one quarter, computed in one call (:func:`budget_results`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from analysis.budget.cost import compare_cost_per_jp, cost_per_jp
from analysis.budget.formats import format_mix
from analysis.budget.gap import funding_gap
from analysis.budget.mix import FormatMix
from analysis.budget.mix_uncertainty import MixUncertainty, mix_uncertainty
from analysis.budget.policy import MixPolicy, load_mix_policy
from analysis.budget.spending import spending
from analysis.budget.trend import budget_trend
from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import format_period
from analysis.stats.verdict import NotEnoughData


@dataclass(frozen=True)
class BudgetResults:
    """Everything the budget notebook reports for one quarter (:func:`budget_results`).

    Attributes
    ----------
    period
        The quarter (``YYYYQn``).
    spend, city_spend
        :func:`analysis.budget.spending.spending` by agency, and the city's single row (a Series).
    gap, city_gap
        :func:`analysis.budget.gap.funding_gap` by agency, and the city's single row.
    cost_city, cost_modality, cost_provider
        :func:`analysis.budget.cost.cost_per_jp` for the city (a Series), by modality
        and by provider type.
    modality_diff
        :func:`analysis.budget.cost.compare_cost_per_jp` of ``cost_modality``.
    trend
        :func:`analysis.budget.trend.budget_trend`, eight quarters through ``period``.
    mix, mix_by
        :func:`analysis.budget.formats.format_mix` for ``plan_budget``, and the
        format columns it used; ``mix`` is ``None`` when no format has enough observed
        places (:class:`analysis.stats.verdict.NotEnoughData`): the page then says
        "data belum cukup" for the plan.
    plan_budget, plan_basis
        The budget the mix plans: the year's allocation (``plan_basis`` =
        ``"allocation"``) or, without one, the last four quarters' spending
        (``"spending"``).
    mix_uncertainty
        :func:`analysis.budget.mix_uncertainty.mix_uncertainty` of the plan (``None``
        when not computed, or when the bootstrap cannot run).
    """

    period: str
    spend: pd.DataFrame
    city_spend: pd.Series
    gap: pd.DataFrame
    city_gap: pd.Series
    cost_city: pd.Series
    cost_modality: pd.DataFrame
    cost_provider: pd.DataFrame
    modality_diff: pd.DataFrame
    trend: pd.DataFrame
    mix: FormatMix | None
    mix_by: tuple[str, ...]
    plan_budget: float
    plan_basis: Literal["allocation", "spending"]
    mix_uncertainty: MixUncertainty | None = None

    @property
    def year(self) -> int:
        """The calendar year of :attr:`period`."""
        return int(self.period[:4])


def budget_results(
    ds: Dataset,
    period: str | pd.Period,
    policy: MixPolicy | None = None,
    *,
    facts: pd.DataFrame | None = None,
    mix_draws: int = 100,
) -> BudgetResults:
    """Compute the budget notebook's results for one quarter.

    Calls :func:`~analysis.budget.spending.spending`,
    :func:`~analysis.budget.gap.funding_gap`, :func:`~analysis.budget.cost.cost_per_jp`
    (city, modality, provider type), :func:`~analysis.budget.cost.compare_cost_per_jp`
    (modality), :func:`~analysis.budget.trend.budget_trend` (eight quarters) and
    :func:`~analysis.budget.formats.format_mix`.

    Parameters
    ----------
    ds
        The dataset.
    period
        The quarter.
    policy
        The format-mix policy; default :func:`analysis.budget.policy.load_mix_policy`
        (the city's ``config/budget.yaml`` or the defaults).
    facts
        :func:`analysis.data.definitions.enrollment_facts` of ``ds`` when already computed.
    mix_draws
        Programme-bootstrap draws of the format-mix plan
        (:func:`analysis.budget.mix_uncertainty.mix_uncertainty`; 0 skips it).

    Returns
    -------
    BudgetResults

    Notes
    -----
    The format mix plans the year's allocation; when the city has none (missing
    or <= 0) it plans the last four quarters' spending instead.
    """
    period = format_period(period)
    policy = load_mix_policy() if policy is None else policy
    facts = enrollment_facts(ds) if facts is None else facts
    spend = spending(ds, period, facts=facts)
    city_spend = spending(ds, period, by=None, facts=facts).iloc[0]
    cost_city = cost_per_jp(ds, period, by=None, facts=facts).iloc[0]
    cost_modality = cost_per_jp(ds, period, by="modality", facts=facts)
    city_gap = funding_gap(ds, period, by=None, facts=facts).iloc[0]
    plan_budget = city_spend["allocated_idr"]
    basis: Literal["allocation", "spending"] = "allocation"
    if pd.isna(plan_budget) or plan_budget <= 0:
        plan_budget = float(cost_city["cost_idr"])
        basis = "spending"
    mix: FormatMix | None
    try:
        mix = format_mix(ds, period, plan_budget, by=list(policy.by), objective=policy.objective,
                         cap_multiplier=policy.cap_multiplier, min_share=policy.min_share, facts=facts,
                         city_gap=city_gap)
    except NotEnoughData:
        mix = None
    uncertainty = None
    if mix is not None and mix_draws > 0 and mix.objective == "people":
        try:
            uncertainty = mix_uncertainty(
                ds, period, plan_budget, by=list(policy.by), objective=policy.objective,
                cap_multiplier=policy.cap_multiplier, min_share=policy.min_share,
                max_people=mix.max_people, n_boot=mix_draws, facts=facts)
        except ValueError:
            uncertainty = None
    return BudgetResults(
        period=period,
        spend=spend,
        city_spend=city_spend,
        gap=funding_gap(ds, period, facts=facts),
        city_gap=city_gap,
        cost_city=cost_city,
        cost_modality=cost_modality,
        cost_provider=cost_per_jp(ds, period, by="provider_type", facts=facts),
        modality_diff=compare_cost_per_jp(cost_modality, "modality"),
        trend=budget_trend(ds, through=period, quarters=8, facts=facts),
        mix=mix,
        mix_by=tuple(policy.by),
        plan_budget=plan_budget,
        plan_basis=basis,
        mix_uncertainty=uncertainty,
    )
