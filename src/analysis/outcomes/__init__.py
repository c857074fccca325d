"""Training outcomes: Kirkpatrick levels 1-3, relevance, partnerships and cost-effectiveness.

Kirkpatrick's four levels (Kirkpatrick & Kirkpatrick 2006) ask of a programme: did
participants like it (**L1 reaction**), did they learn (**L2 learning**), do they use
it at work (**L3 behaviour**), and did results change (**L4**: unit service metrics,
in :mod:`analysis.linkage`). This area covers L1-L3 and two questions of the city: is
training **relevant** (aimed at the employee's sector, and at a competency domain
where the employee falls short of the job's standard) and which **formats and
partners** give most learning per JP and per rupiah. Definitions are in
``docs/definitions.md``, methods and verdict rules in ``docs/methods.md``.

Modules
-------
- :mod:`~analysis.outcomes.facts`: the window's enrollments with employee columns, grouping, mean summaries, ratios of sums;
- :mod:`~analysis.outcomes.reaction`: L1 satisfaction and unadjusted group comparisons (Welch);
- :mod:`~analysis.outcomes.learning`: L2 pre/post change and the adjusted (ANCOVA) format and provider effects;
- :mod:`~analysis.outcomes.programme_funnel`: programme mean gains against control limits (funnel plot);
- :mod:`~analysis.outcomes.transfer`: L3 supervisors' ratings and their link with the gain;
- :mod:`~analysis.outcomes.targeting`: relevance, JP aimed at the sector and at competency gaps;
- :mod:`~analysis.outcomes.partners`: provider types compared per JP and per rupiah, named partner programmes;
- :mod:`~analysis.outcomes.costs`: cost per JP and per point of gain;
- :mod:`~analysis.outcomes.quarterly`: the measures quarter by quarter (trend);
- :mod:`~analysis.outcomes.tables`: report tables assembled from those frames;
- :mod:`~analysis.outcomes.messages`: the catalogue of ``(id, en)`` texts;
- :mod:`~analysis.outcomes.narrative`: the sentence builders of the page;
- :mod:`~analysis.outcomes.page`: the page's headings, method notes, table captions, scope words;
- :mod:`~analysis.outcomes.codes`: the result codes, their units, and ``record_results``;
- :mod:`~analysis.outcomes.plots`: the charts.

References
----------
Kirkpatrick, D. L. & Kirkpatrick, J. D. (2006). *Evaluating Training Programs*, 3rd ed.
"""

from analysis.outcomes.codes import record_results
from analysis.outcomes.costs import cost_effectiveness
from analysis.outcomes.facts import (
    EMPLOYEE_COVARIATES,
    REFERENCE_MODALITY,
    REFERENCE_PROVIDER,
    SUMMARY_COLUMNS,
    outcome_facts,
)
from analysis.outcomes.learning import (
    ADJUSTED_COLUMNS,
    LEARNING_COLUMNS,
    adjusted_effects,
    adjusted_effects_or_reason,
    gain_model_data,
    learning_change,
)
from analysis.outcomes.narrative import (
    adjusted_sentences,
    behaviour_sentences,
    cost_sentences,
    funnel_sentences,
    learning_sentences,
    partner_programme_sentences,
    partnership_sentences,
    relevance_sentences,
    satisfaction_sentences,
    scope_statement,
    trend_metric_names,
    trend_sentences,
    window_label,
)
from analysis.outcomes.page import (
    level_word,
    method_notes,
    page_intro,
    scope_name,
    section_heading,
    table_text,
)
from analysis.outcomes.partners import (
    own_sector,
    partner_programmes,
    partnerships,
    per_rupiah_ratio,
)
from analysis.outcomes.programme_funnel import MIN_PROGRAMMES, funnel, funnel_limits
from analysis.outcomes.quarterly import trend
from analysis.outcomes.reaction import COMPARABLE, compare, satisfaction
from analysis.outcomes.tables import funnel_table, programme_outcomes, stack_by
from analysis.outcomes.targeting import relevance, relevance_by_unit
from analysis.outcomes.transfer import behaviour, behaviour_vs_gain
from analysis.stats.verdict import MIN_N

__all__ = [
    "ADJUSTED_COLUMNS",
    "COMPARABLE",
    "EMPLOYEE_COVARIATES",
    "LEARNING_COLUMNS",
    "MIN_N",
    "MIN_PROGRAMMES",
    "REFERENCE_MODALITY",
    "REFERENCE_PROVIDER",
    "SUMMARY_COLUMNS",
    "adjusted_effects",
    "adjusted_effects_or_reason",
    "adjusted_sentences",
    "behaviour",
    "behaviour_sentences",
    "behaviour_vs_gain",
    "compare",
    "cost_effectiveness",
    "cost_sentences",
    "funnel",
    "funnel_limits",
    "funnel_sentences",
    "funnel_table",
    "gain_model_data",
    "learning_change",
    "learning_sentences",
    "level_word",
    "method_notes",
    "outcome_facts",
    "own_sector",
    "page_intro",
    "partner_programme_sentences",
    "partner_programmes",
    "partnership_sentences",
    "partnerships",
    "per_rupiah_ratio",
    "programme_outcomes",
    "record_results",
    "relevance",
    "relevance_by_unit",
    "relevance_sentences",
    "satisfaction",
    "satisfaction_sentences",
    "scope_name",
    "scope_statement",
    "section_heading",
    "stack_by",
    "table_text",
    "trend",
    "trend_metric_names",
    "trend_sentences",
    "window_label",
]
