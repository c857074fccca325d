"""Budget: spending, absorption, cost per JP, the funding gap to 20 JP, and the format mix (question 4).

How much is spent and absorbed, what does one JP cost, what would it cost to
bring every ASN to the 20 JP/year minimum (PP 11/2017 art. 203), and which mix
of formats reaches the most people for the budget? Definitions:
``docs/definitions.md``; methods: ``docs/methods.md``. Domain words: JP (jam
pelajaran) is a 45-minute lesson hour; an OPD is a city agency; *pagu* is the
allocation; *serapan* is absorption.

Modules
-------
- :mod:`~analysis.budget.facts`: enrollment facts with the quarter index, quarter windows, allocations.
- :mod:`~analysis.budget.spending`: allocation, spending and absorption year-to-date; agency names.
- :mod:`~analysis.budget.cost`: cost per JP with its CI by group, and differences between groups.
- :mod:`~analysis.budget.gap`: the funding gap to 20 JP and the shortfall after the remaining allocation.
- :mod:`~analysis.budget.mix`: the format-mix linear programme (:class:`FormatMix`, :func:`optimise_mix`).
- :mod:`~analysis.budget.mix_uncertainty`: the programme bootstrap of the plan (:func:`mix_uncertainty`).
- :mod:`~analysis.budget.formats`: observed price and yield per format, and the mix for a dataset.
- :mod:`~analysis.budget.policy`: the city's format-mix policy from ``config/budget.yaml``.
- :mod:`~analysis.budget.assumptions`: what the format-mix plan assumes, in either language.
- :mod:`~analysis.budget.trend`: quarter-by-quarter spending and cost per JP, year-on-year change.
- :mod:`~analysis.budget.results`: everything the page reports for one quarter, in one call.
- :mod:`~analysis.budget.labels`: reader-facing names of formats and agencies.
- :mod:`~analysis.budget.messages`: the area's ``(id, en)`` text catalogue.
- :mod:`~analysis.budget.narrative`: the page's sentences.
- :mod:`~analysis.budget.codes`: result codes, units and :func:`record_results`.
- :mod:`~analysis.budget.tables`: the key tables for the workbook (:func:`record_tables`).
- :mod:`~analysis.budget.plots`: the charts.

Rules stated once: an agency's own cost per JP is used when it has at least
:data:`analysis.stats.verdict.MIN_N` (30) completed enrollments in the trailing
four quarters, and a format enters the mix only with as many decided
enrollments there. Absorption and spending are census quantities with no
sampling interval; costs per JP carry a 95% CI.
"""

from analysis.budget.codes import record_results
from analysis.budget.cost import compare_cost_per_jp, cost_per_jp, stack_by_group
from analysis.budget.facts import GROUPABLE, TARGET_JP
from analysis.budget.formats import format_mix, format_parameters
from analysis.budget.gap import funding_gap
from analysis.budget.labels import format_name, label
from analysis.budget.mix import OBJECTIVES, FormatMix, Objective, optimise_mix
from analysis.budget.mix_uncertainty import MixUncertainty, mix_uncertainty
from analysis.budget.narrative import (
    absorption_sentences,
    agency_sentences,
    budget_narrative,
    cost_per_jp_sentences,
    format_mix_sentences,
    funding_gap_sentences,
    mix_assumption_notes,
    money_ci,
    plan_basis_text,
    trend_sentences,
)
from analysis.budget.policy import (
    DEFAULT_MIX_POLICY,
    MixPolicy,
    load_mix_policy,
    mix_policy_from_mapping,
)
from analysis.budget.results import BudgetResults, budget_results
from analysis.budget.spending import agency_names, over_allocation, spending, with_agency_names
from analysis.budget.tables import record_tables, spending_table_html
from analysis.budget.trend import budget_trend, cost_per_jp_change
from analysis.stats.intervals import CI_METHODS, CiMethod, ratio_ci

__all__ = [
    "CI_METHODS",
    "DEFAULT_MIX_POLICY",
    "GROUPABLE",
    "OBJECTIVES",
    "TARGET_JP",
    "BudgetResults",
    "CiMethod",
    "FormatMix",
    "MixPolicy",
    "Objective",
    "absorption_sentences",
    "agency_names",
    "agency_sentences",
    "budget_narrative",
    "budget_results",
    "budget_trend",
    "compare_cost_per_jp",
    "cost_per_jp",
    "cost_per_jp_change",
    "cost_per_jp_sentences",
    "format_mix",
    "format_mix_sentences",
    "format_name",
    "format_parameters",
    "funding_gap",
    "funding_gap_sentences",
    "label",
    "load_mix_policy",
    "mix_assumption_notes",
    "mix_policy_from_mapping",
    "money_ci",
    "optimise_mix",
    "mix_uncertainty",
    "MixUncertainty",
    "over_allocation",
    "plan_basis_text",
    "ratio_ci",
    "record_results",
    "record_tables",
    "spending_table_html",
    "spending",
    "stack_by_group",
    "trend_sentences",
    "with_agency_names",
]
