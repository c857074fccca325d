"""The budget page's key tables for the workbook (``tables.xlsx``), with their titles and notes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.budget import messages as msg
from analysis.budget.assumptions import plan_assumptions
from analysis.budget.cost import stack_by_group
from analysis.budget.results import BudgetResults
from analysis.data.results import ResultsRecorder
from analysis.stats.verdict import MIN_N
from analysis.text import fmt
from analysis.text.columns import column_label
from analysis.text.html import table_html
from analysis.text.lang import Lang, pick
from analysis.text.words import CI_LABEL

#: The columns of the spending table on the budget page, and how each is written.
SPENDING_COLUMNS: dict[str, str] = {
    "agency": "text",
    "allocated_idr": "money",
    "spending_ytd_idr": "money",
    "absorption": "percent",
    "enrollments_ytd": "int",
    "credited_jp_ytd": "int",
    "cost_per_jp_ytd": "money",
}


def record_tables(rec: ResultsRecorder, res: BudgetResults, lang: Lang, output_dir: str | Path) -> None:
    """Save the five key tables of ``res`` with ``rec.table``, titled in ``lang``.

    ``budget_spending`` (by agency), ``budget_funding_gap`` (by agency),
    ``budget_cost_per_jp`` (by modality and provider type, stacked by
    :func:`analysis.budget.cost.stack_by_group`), ``budget_format_mix`` (the plan;
    its note is the plan's assumptions, :func:`analysis.budget.assumptions.plan_assumptions`
    in ``lang``; absent without a plan) and ``budget_trend``.
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
                  title=pick(lang, msg.MIX_TABLE_TITLE),
                  note=" ".join(plan_assumptions(res.mix.objective, res.mix.cap_multiplier, res.mix.min_share,
                                                 res.mix.max_people, lang)))
    rec.table("budget_trend", res.trend, output_dir, title=pick(lang, msg.TREND_TABLE_TITLE))


def spending_table_html(spend: pd.DataFrame, names: Mapping[str, str] | pd.Series, lang: Lang, period: str) -> str:
    """The budget page's table of ``spend`` (:func:`analysis.budget.spending.spending` by agency):
    one row per agency by name, allocation, spending YTD, absorption, enrolments, credited JP
    and cost per JP, money in words (``Rp 644 juta``), headers in ``lang``
    (:func:`analysis.text.columns.column_label`); no index, codes or flags."""
    shown = spend.assign(agency=spend["agency_id"].map(names).fillna(spend["agency_id"]))
    keep = [c for c in SPENDING_COLUMNS if c in shown.columns]
    extra = [c for c in ("suppressed",) if c in shown.columns]
    labels = {c: column_label(c, lang) for c in keep}
    formats = {c: f for c, f in SPENDING_COLUMNS.items() if c in keep and f != "text"}
    return table_html(shown[keep + extra], lang=lang, formats=formats, labels=labels,
                      caption=msg.say(msg.SPENDING_TABLE_TITLE, lang, period=fmt.period_label(period, lang)),
                      css_class="budget-spending")
