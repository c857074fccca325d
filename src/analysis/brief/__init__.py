"""The leadership brief: headline numbers, targets and recommendations, and the brief's sections.

- :mod:`analysis.brief.metrics`: what each headline number is (code, unit, direction, label);
- :mod:`analysis.brief.targets`: the city's targets (``config/targets.yaml``) and the traffic light;
- :mod:`analysis.brief.numbers`: the headline numbers of a quarter, their change and light;
- :mod:`analysis.brief.evidence`: what the recommendation rules read from the question areas;
- :mod:`analysis.brief.recommendations`: the recommendation rules, one named rule each;
- :mod:`analysis.brief.frames`: the frame behind each section (gains by format, effects, budget, groups, leaders);
- :mod:`analysis.brief.narrative`: the sections' sentences;
- :mod:`analysis.brief.wording`: a headline value, change and interval written in its unit;
- :mod:`analysis.brief.plots`: the sections' charts;
- :mod:`analysis.brief.html`: traffic-light pills, KPI cards, the brief's tables and list;
- :mod:`analysis.brief.sections`: each section as HTML, for the notebook's cells;
- :mod:`analysis.brief.messages`: the catalogue of fixed texts (``(id, en)`` pairs);
- :mod:`analysis.brief.codes`: the result codes the brief records and reads, and ``record_results``;
- :mod:`analysis.brief.headline`: the earlier single module's names (numbers, targets, recommendations).

Wording rules: a change or difference is called clear only when its 95% interval
excludes zero (one for odds ratios), and groups with fewer than
:data:`analysis.stats.verdict.MIN_N` observations are drawn grey and named
"data belum cukup" / "not enough data" (:mod:`analysis.stats.verdict`).
"""

from analysis.brief.codes import record_results, save_tables
from analysis.brief.evidence import service_effect_evidence
from analysis.brief.frames import (
    LINK_METRICS,
    budget_values,
    cheapest_formats,
    classify_effects,
    clear_changes,
    equity_groups,
    gains_by_format,
    leadership_rates,
    not_reached_total,
    providers_per_rupiah,
    service_comparisons,
    service_effects,
    worst_agencies,
)
from analysis.brief.html import recommendations_html, summary_table, worst_agencies_table
from analysis.brief.messages import LEADERSHIP_FACTORS, text
from analysis.brief.narrative import (
    budget_sentences,
    equity_sentence,
    leadership_sentences,
    method_items,
    not_reached_sentence,
    provider_sentences,
    relevance_sentences,
    service_sentences,
    summary_cards,
    summary_sentences,
    trend_sentences,
)
from analysis.brief.plots import (
    FIG,
    TREND_METRICS,
    plot_budget,
    plot_gains,
    plot_leadership,
    plot_participation,
    plot_providers,
    plot_service_effects,
    plot_trend,
    quarter_tick,
)
from analysis.brief.sections import (
    budget_section,
    leadership_section,
    method_section,
    participation_section,
    providers_section,
    recommendations_section,
    relevance_section,
    service_section,
    summary_section,
    trend_section,
)
from analysis.text.html import bullet_list

__all__ = [
    "FIG", "LEADERSHIP_FACTORS", "LINK_METRICS", "TREND_METRICS",
    "budget_section", "budget_sentences", "budget_values", "bullet_list", "cheapest_formats", "classify_effects",
    "clear_changes", "equity_groups", "equity_sentence", "gains_by_format", "leadership_rates", "leadership_section",
    "leadership_sentences", "method_items", "method_section", "not_reached_sentence", "not_reached_total",
    "participation_section", "plot_budget", "plot_gains", "plot_leadership", "plot_participation", "plot_providers",
    "plot_service_effects", "plot_trend", "provider_sentences", "providers_per_rupiah", "providers_section",
    "quarter_tick", "record_results", "recommendations_html", "recommendations_section", "relevance_section",
    "relevance_sentences", "save_tables", "service_comparisons", "service_effect_evidence", "service_effects", "service_section",
    "service_sentences", "summary_cards", "summary_section", "summary_sentences", "summary_table", "text",
    "trend_section", "trend_sentences", "worst_agencies", "worst_agencies_table",
]
