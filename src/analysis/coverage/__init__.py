"""Coverage and participation: the 20-JP minimum (PP 11/2017 art. 203), who takes part, and who
is not reached.

- :mod:`~analysis.coverage.rates`: 20-JP compliance, participation / completion / no-show /
  drop-out rates, staff not reached (one quarter, Wilson 95% CIs);
- :mod:`~analysis.coverage.equity_tests`: the rates by staff group, chi-square tests, Holm adjustment;
- :mod:`~analysis.coverage.panels`: employee-quarter and enrollment panels with covariates;
- :mod:`~analysis.coverage.predictors`: logit models of taking part, no-show, drop-out; the
  leadership answer;
- :mod:`~analysis.coverage.trends`: every rate over eight quarters; year-on-year changes;
- :mod:`~analysis.coverage.tables`: the notebook's tables with group names;
- :mod:`~analysis.coverage.messages`: every text, as ``(id, en)`` pairs, and label lookups;
- :mod:`~analysis.coverage.narrative`: scope, compliance, participation, not-reached and
  year-on-year sentences;
- :mod:`~analysis.coverage.narrative_models`: equity and predictor sentences;
- :mod:`~analysis.coverage.codes`: result codes, units, :func:`record_results`;
- :mod:`~analysis.coverage.plots`: the charts (imported on its own).

Definitions: ``docs/definitions.md``; methods: ``docs/methods.md``.
"""

from analysis.coverage.codes import LEADERSHIP_CODES, record_results
from analysis.coverage.equity_tests import equity, equity_table
from analysis.coverage.messages import (
    GROUP_LABELS,
    MODEL_LABELS,
    TERM_LABELS,
    TREND_LABELS,
    group_label,
    level_word,
    table_text,
    term_label,
)
from analysis.coverage.narrative import (
    compliance_statement,
    not_reached_statement,
    participation_statement,
    scope_name,
    scope_statement,
    year_on_year_statement,
)
from analysis.coverage.narrative_models import equity_sentences, predictor_sentences
from analysis.coverage.panels import (
    DEGREE_LEVELS,
    PERFORMANCE_AWARDS,
    SURVEY_PREDICTORS,
    enrollment_panel,
    participation_panel,
)
from analysis.coverage.predictors import (
    CATEGORICAL_PREDICTORS,
    PREDICTOR_MODELS,
    PREDICTORS,
    leadership,
    participation_predictors,
    predictor_table,
    predictors_or_reason,
    shown_predictors,
)
from analysis.coverage.rates import (
    COMPLIANCE_COLUMNS,
    JP_MINIMUM,
    JP_PER_QUARTER_ON_TRACK,
    PARTICIPATION_COLUMNS,
    jp_compliance,
    not_reached,
    participation,
)
from analysis.coverage.tables import (
    compliance_table,
    not_reached_top,
    participation_table,
    unit_names,
)
from analysis.coverage.trends import HEADLINE_RATES, trend, year_on_year
from analysis.data.scope import restrict_to_agency
from analysis.data.staff import (
    AGE_BANDS,
    EDUCATION_GROUPS,
    EQUITY_DIMENSIONS,
    age_band,
    grade_group,
    staff_attributes,
)

__all__ = [
    "AGE_BANDS",
    "CATEGORICAL_PREDICTORS",
    "COMPLIANCE_COLUMNS",
    "DEGREE_LEVELS",
    "EDUCATION_GROUPS",
    "EQUITY_DIMENSIONS",
    "GROUP_LABELS",
    "HEADLINE_RATES",
    "JP_MINIMUM",
    "JP_PER_QUARTER_ON_TRACK",
    "LEADERSHIP_CODES",
    "MODEL_LABELS",
    "PARTICIPATION_COLUMNS",
    "PERFORMANCE_AWARDS",
    "PREDICTORS",
    "PREDICTOR_MODELS",
    "SURVEY_PREDICTORS",
    "TERM_LABELS",
    "TREND_LABELS",
    "age_band",
    "compliance_statement",
    "compliance_table",
    "enrollment_panel",
    "equity",
    "equity_sentences",
    "equity_table",
    "grade_group",
    "group_label",
    "jp_compliance",
    "leadership",
    "level_word",
    "not_reached",
    "not_reached_statement",
    "not_reached_top",
    "participation",
    "participation_panel",
    "participation_predictors",
    "participation_statement",
    "participation_table",
    "predictor_sentences",
    "predictor_table",
    "predictors_or_reason",
    "record_results",
    "restrict_to_agency",
    "scope_name",
    "scope_statement",
    "shown_predictors",
    "staff_attributes",
    "table_text",
    "term_label",
    "trend",
    "unit_names",
    "year_on_year",
    "year_on_year_statement",
]
