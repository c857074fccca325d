"""The budget page's key tables for the workbook (``tables.xlsx``), with their titles and notes."""

from __future__ import annotations

from pathlib import Path

from analysis.budget import messages as msg
from analysis.budget.cost import stack_by_group
from analysis.budget.results import BudgetResults
from analysis.data.results import ResultsRecorder
from analysis.stats.verdict import MIN_N
from analysis.text import fmt
from analysis.text.lang import Lang, pick
from analysis.text.words import CI_LABEL


def record_tables(rec: ResultsRecorder, res: BudgetResults, lang: Lang, output_dir: str | Path) -> None:
    """Save the five key tables of ``res`` with ``rec.table``, titled in ``lang``.

    ``budget_spending`` (by agency), ``budget_funding_gap`` (by agency),
    ``budget_cost_per_jp`` (by modality and provider type, stacked by
    :func:`analysis.budget.cost.stack_by_group`), ``budget_format_mix`` (the plan;
    its note is the plan's assumptions as :func:`analysis.budget.mix.optimise_mix`
    wrote them; absent without a plan) and ``budget_trend``.
    """
    rec.table("budget_spending", res.spend, output_dir,
              title=msg.say(msg.SPENDING_TABLE_TITLE, lang, period=fmt.period_label(res.period, lang)),
              note=pick(lang, msg.SPENDING_TABLE_NOTE))
    rec.table("budget_funding_gap", res.gap, output_dir,
              title=msg.say(msg.GAP_TABLE_TITLE, lang, year=res.year),
              note=msg.say(msg.GAP_TABLE_NOTE, lang, min_n=MIN_N))
    rec.table("budget_cost_per_jp", stack_by_group({"modality": res.cost_modality,
                                                    "provider_type": res.cost_provider}), output_dir,
              title=pick(lang, msg.COST_TABLE_TITLE),
              note=msg.say(msg.COST_TABLE_NOTE, lang, ci=pick(lang, CI_LABEL)))
    if res.mix is not None:
        rec.table("budget_format_mix", res.mix.plan, output_dir,
                  title=pick(lang, msg.MIX_TABLE_TITLE), note=" ".join(res.mix.assumptions))
    rec.table("budget_trend", res.trend, output_dir, title=pick(lang, msg.TREND_TABLE_TITLE))
