"""The brief's headline numbers, their targets and traffic lights, and the recommendations drawn from them.

The names of the former single module, kept here so ``from analysis.brief import
headline`` keeps working; each lives in its own module now:
:mod:`analysis.brief.metrics` (what the numbers are), :mod:`analysis.brief.targets`
(targets and lights), :mod:`analysis.brief.numbers` (computing them),
:mod:`analysis.brief.wording` (writing them), :mod:`analysis.brief.evidence` and
:mod:`analysis.brief.recommendations` (the rules), :mod:`analysis.brief.codes`
(recording and reading them back).
"""

from analysis.brief.codes import city_from_results, record_headline, recorded
from analysis.brief.evidence import HEAD_COVARIATES, brief_evidence, head_association
from analysis.brief.metrics import METRICS, MetricSpec, metric_label, metric_spec
from analysis.brief.numbers import (
    FROM_COVERAGE_TREND,
    HEADLINE_COLUMNS,
    Value,
    agency_trend,
    agency_trends,
    change_interval,
    city_trend_from_agencies,
    city_trend_from_tables,
    city_values,
    headline_numbers,
    learning_gain,
    service_mean,
)
from analysis.brief.recommendations import REFERENCE_MODALITY, Recommendation, recommendations
from analysis.brief.targets import (
    DEFAULT_TARGETS,
    STATUSES,
    Target,
    load_targets,
    targets_from_mapping,
    traffic_light,
)
from analysis.brief.wording import (
    format_change,
    format_change_interval,
    format_interval,
    format_value,
    headline_table,
    modality_label,
    provider_label,
)

#: Headline codes taken from :func:`analysis.coverage.trend` (the earlier name of
#: :data:`analysis.brief.numbers.FROM_COVERAGE_TREND`).
TREND_METRICS = FROM_COVERAGE_TREND

__all__ = [
    "DEFAULT_TARGETS", "HEADLINE_COLUMNS", "HEAD_COVARIATES", "METRICS", "REFERENCE_MODALITY", "STATUSES",
    "TREND_METRICS", "MetricSpec", "Recommendation", "Target", "Value", "agency_trend", "agency_trends",
    "brief_evidence", "change_interval", "city_from_results", "city_trend_from_agencies",
    "city_trend_from_tables", "city_values",
    "format_change", "format_change_interval", "format_interval", "format_value", "head_association",
    "headline_numbers", "headline_table", "learning_gain", "load_targets", "metric_label", "metric_spec",
    "modality_label", "provider_label", "recommendations", "record_headline", "recorded", "service_mean",
    "targets_from_mapping", "traffic_light",
]
