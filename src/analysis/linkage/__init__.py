"""Competency and public service (Kirkpatrick level 4): the unit-by-quarter panel and its models.

The city's central claim is that trained, competent staff give better and faster
service. The area builds one row per organisational unit and quarter with the unit's
competency exposure and its service metrics, and asks: do units whose staff received
more credited JP serve better (fixed-effects models with unit and quarter effects,
SEs clustered by unit)? Did service improve when units started online services, and
more where staff had IT training before (event studies, TWFE next to Sun & Abraham)?
How robust is the answer (placebo, leave one agency out, other exposures)?

Modules, each with one role:

- :mod:`~analysis.linkage.roster`: per-employee building blocks (active staff per quarter, JP windows, competency gaps);
- :mod:`~analysis.linkage.launch`: online-service starts, IT training before them, launch cells;
- :mod:`~analysis.linkage.panel`: the unit-by-quarter panel and the helpers that pick its columns;
- :mod:`~analysis.linkage.ikm`: IKM categories (PermenPANRB 14/2017) and the moves between them;
- :mod:`~analysis.linkage.exposure`: fixed-effects models of service on exposure (lags, dose, sectors, mixed);
- :mod:`~analysis.linkage.effects`: slopes restated per +5 JP per staff member, with their verdict;
- :mod:`~analysis.linkage.online`: event studies of the online roll-out and the IT-training contrast;
- :mod:`~analysis.linkage.robustness`: placebo, leave one agency out, alternative exposures, the model table;
- :mod:`~analysis.linkage.messages`: the area's ``(id, en)`` catalogue of titles, labels and sentences;
- :mod:`~analysis.linkage.narrative`: sentences on effects, sectors, IKM, robustness, the panel and tables;
- :mod:`~analysis.linkage.online_narrative`: sentences on the online roll-out, IT training and the design;
- :mod:`~analysis.linkage.plots`: the charts;
- :mod:`~analysis.linkage.codes`: the result codes the brief reads and :func:`record_results`.

Domain words: *JP* (jam pelajaran) is one 45-minute lesson hour; *IKM* (Indeks
Kepuasan Masyarakat) the public-satisfaction index on a 25..100 scale; *OPD* a city
agency (``agency_id``); *SPM* the minimum service standards. Methods: ``docs/methods.md``.
"""

from analysis.linkage.codes import (
    EFFECT_PER_STEP,
    JP_STEP,
    effect_per_step_code,
    exploratory_family_size,
    record_results,
    recorded_number,
    service_verdicts,
    with_recorded_verdicts,
)
from analysis.linkage.effects import effect_statements, service_verdict
from analysis.linkage.exposure import (
    CLUSTER,
    MIN_UNITS,
    PANEL_FE,
    TIDY_COLUMNS,
    distributed_lag,
    dose_response,
    dose_response_table,
    exposure_effects,
    fit_exposure,
    mixed_alternative,
    modelled_metrics,
    sector_heterogeneity,
)
from analysis.linkage.ikm import (
    IkmSummary,
    category_moves,
    category_transitions,
    ikm_categories,
    ikm_category,
    share_good,
)
from analysis.linkage.launch import (
    IT_PUBLIC_SERVICE_KEYWORDS,
    IT_TRAINED_THRESHOLD,
    it_training_before_launch,
    online_cells,
    online_start_quarter,
)
from analysis.linkage.messages import metric_label
from analysis.linkage.narrative import (
    agency_heading,
    bullets,
    effect_sentence,
    effect_sentences,
    ikm_summary,
    page_name,
    panel_description,
    panel_shortfall,
    robustness_sentences,
    sector_sentences,
    table_caption,
    verdict_lines,
)
from analysis.linkage.online import (
    EVENT_COVARIATES,
    EVENT_METHODS,
    OnlineResults,
    charted_metrics,
    it_training_effect,
    it_training_effects,
    online_event_studies,
    online_event_study,
)
from analysis.linkage.online_narrative import (
    design_note,
    it_training_sentences,
    online_sentence,
    online_sentences,
)
from analysis.linkage.panel import (
    DEFAULT_EXPOSURE,
    EXPOSURE_STEPS,
    KNOWN_METRICS,
    PANEL_BASE_COLUMNS,
    PanelSize,
    agency_snapshot,
    focus_metric,
    key_metrics,
    panel_metrics,
    panel_size,
    reported_metrics,
    shifted,
    unit_panel,
)
from analysis.linkage.plots import (
    plot_dose_response,
    plot_event_study,
    plot_ikm_categories,
    plot_sector_slopes,
)
from analysis.linkage.robustness import (
    alternative_exposures,
    leave_one_agency_out,
    leave_one_agency_out_table,
    model_table,
    placebo_future_exposure,
)
from analysis.linkage.settings import ServiceLinkSettings, load_settings

__all__ = [
    "CLUSTER",
    "DEFAULT_EXPOSURE",
    "EFFECT_PER_STEP",
    "EVENT_COVARIATES",
    "EVENT_METHODS",
    "EXPOSURE_STEPS",
    "IT_PUBLIC_SERVICE_KEYWORDS",
    "IT_TRAINED_THRESHOLD",
    "JP_STEP",
    "KNOWN_METRICS",
    "MIN_UNITS",
    "PANEL_BASE_COLUMNS",
    "PANEL_FE",
    "TIDY_COLUMNS",
    "IkmSummary",
    "OnlineResults",
    "PanelSize",
    "agency_heading",
    "agency_snapshot",
    "alternative_exposures",
    "bullets",
    "category_moves",
    "category_transitions",
    "charted_metrics",
    "design_note",
    "distributed_lag",
    "dose_response",
    "dose_response_table",
    "effect_per_step_code",
    "effect_sentence",
    "effect_sentences",
    "effect_statements",
    "exposure_effects",
    "fit_exposure",
    "focus_metric",
    "ikm_categories",
    "ikm_category",
    "ikm_summary",
    "it_training_before_launch",
    "it_training_effect",
    "it_training_effects",
    "it_training_sentences",
    "key_metrics",
    "leave_one_agency_out",
    "leave_one_agency_out_table",
    "metric_label",
    "mixed_alternative",
    "model_table",
    "online_cells",
    "online_event_studies",
    "online_event_study",
    "online_sentence",
    "online_sentences",
    "online_start_quarter",
    "page_name",
    "panel_description",
    "panel_shortfall",
    "panel_metrics",
    "panel_size",
    "placebo_future_exposure",
    "plot_dose_response",
    "plot_event_study",
    "plot_ikm_categories",
    "plot_sector_slopes",
    "record_results",
    "recorded_number",
    "modelled_metrics",
    "reported_metrics",
    "robustness_sentences",
    "sector_heterogeneity",
    "sector_sentences",
    "service_verdicts",
    "exploratory_family_size",
    "with_recorded_verdicts",
    "verdict_lines",
    "ServiceLinkSettings",
    "load_settings",
    "service_verdict",
    "share_good",
    "shifted",
    "table_caption",
    "unit_panel",
]
