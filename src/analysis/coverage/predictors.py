"""What predicts taking part, not showing up and dropping out: logistic models with
unit-clustered standard errors, and the leadership answer read from them.

The models (``docs/methods.md``, "Predictors of participation") are fitted with
:func:`analysis.stats.models.logit` on the panels of :mod:`analysis.coverage.panels`;
an odds ratio is called higher or lower only when its 95% CI excludes 1
(:mod:`analysis.stats.verdict`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.coverage.messages import MODEL_LABELS, MODELS_FAILED, term_label
from analysis.coverage.panels import enrollment_panel, participation_panel
from analysis.data.dataset import Dataset
from analysis.data.periods import format_period
from analysis.stats.design import independent_terms
from analysis.stats.models import logit
from analysis.stats.verdict import direction, enough_data, excludes
from analysis.text.lang import Lang
from analysis.text.phrases import message

#: Numeric covariates of every predictor model (columns of :func:`analysis.coverage.panels.participation_panel`).
PREDICTORS: tuple[str, ...] = (
    "head_participated_prev_quarter",
    "award_prev_4q",
    "unit_award_prev_4q",
    "pppk",
    "female",
    "age_50_plus",
    "degree_s1_plus",
)
#: Categorical covariates, entered as 0/1 indicators against a reference level.
CATEGORICAL_PREDICTORS: dict[str, str] = {"position_type": "staff", "sector": "general_admin"}
#: The models :func:`participation_predictors` can fit, each with its ``_survey`` variant.
MAIN_MODELS: tuple[str, ...] = ("participation", "no_show", "dropout")
PREDICTOR_MODELS: tuple[str, ...] = (
    "participation",
    "participation_survey",
    "no_show",
    "no_show_survey",
    "dropout",
    "dropout_survey",
)
#: Columns of :func:`participation_predictors`.
PREDICTOR_COLUMNS: list[str] = ["model", "term", "estimate", "std_error", "statistic", "p_value", "ci_low",
                                "ci_high", "odds_ratio", "ratio_ci_low", "ratio_ci_high", "nobs", "n_events",
                                "n_clusters"]
#: Terms of the leadership question (:func:`leadership`).
LEADERSHIP_TERMS: tuple[str, ...] = ("head_participated_prev_quarter", "unit_award_prev_4q", "award_prev_4q")
#: Levels with fewer rows than this join the reference level of a categorical covariate.
MIN_LEVEL_ROWS = 10
#: Terms left out of the shown tables and charts (sector and position indicators).
HIDDEN_TERM_PREFIXES: tuple[str, ...] = ("sector__", "position_type__")

_EMPTY_PREDICTOR_COLUMNS = ["model", "term", "odds_ratio", "ratio_ci_low", "ratio_ci_high", "nobs"]


def _indicator_terms(
    data: pd.DataFrame, column: str, reference: str, outcome: str | None = None, min_count: int = MIN_LEVEL_ROWS
) -> list[str]:
    """Add ``<column>__<level>`` 0/1 columns for levels other than the reference with at
    least ``min_count`` rows (rarer levels join the reference); return their names.

    The reference is ``reference`` when present, else the most frequent level; a
    column with a single level adds nothing (it would duplicate the intercept).
    With ``outcome`` (0/1), a level whose rows are all 0 or all 1 also joins the
    reference: its log-odds would be infinite (separation).
    """
    counts = data[column].value_counts()
    if len(counts) < 2:
        return []
    base = reference if reference in counts.index else counts.index[0]
    events = data.groupby(column, observed=True)[outcome].sum() if outcome else None
    names = []
    for level, count in counts.items():
        if level == base or count < min_count or count == len(data):
            continue
        if events is not None and (events.get(level, 0) == 0 or events.get(level, 0) == count):
            continue
        name = f"{column}__{re.sub(r'[^0-9A-Za-z_]', '_', str(level))}"
        data[name] = data[column].eq(level).astype(float)
        names.append(name)
    return sorted(names)


def _quarter_terms(sub: pd.DataFrame) -> list[str]:
    """Add ``q__<period>`` dummies for every quarter but the first; return their names."""
    if sub["period"].nunique() <= 1:
        return []
    later = sorted(sub["period"].unique())[1:]
    for p in later:
        sub[f"q__{p}"] = sub["period"].eq(p).astype(float)
    return [f"q__{p}" for p in later]


def _fit_logit(
    data: pd.DataFrame, outcome: str, numeric: list[str], categorical: dict[str, str]
) -> pd.DataFrame | None:
    """Tidy rows of one logit model with unit-clustered (CRV1) SEs, or ``None`` when it cannot
    be fitted (too few events or non-events, a single unit, or no usable term)."""
    cols = [outcome, "unit_id", "period", *numeric, *categorical]
    sub = data[cols].dropna().reset_index(drop=True)
    events = float(sub[outcome].sum())
    if not enough_data(events) or not enough_data(len(sub) - events) or sub["unit_id"].nunique() < 2:
        return None
    terms = [t for t in numeric if sub[t].nunique() > 1]
    for column, reference in categorical.items():
        terms += _indicator_terms(sub, column, reference, outcome)
    terms += _quarter_terms(sub)
    terms = independent_terms(sub, terms)
    if not terms:
        return None
    result = logit(sub, f"{outcome} ~ " + " + ".join(terms), vcov={"cluster": "unit_id"})
    tidy = result.tidy()
    keep = ~tidy["term"].astype(str).str.match(r"^(Intercept|q__)")
    tidy = tidy.loc[keep].reset_index(drop=True)
    tidy["nobs"] = int(result.nobs)
    tidy["n_events"] = int(events)
    tidy["n_clusters"] = int(sub["unit_id"].nunique())
    return tidy


def _model_specs(
    ds: Dataset, period: str, quarters: int, include_heads: bool, models: Sequence[str]
) -> tuple[tuple[str, pd.DataFrame, str, list[str], dict[str, str]], ...]:
    """(name, data, outcome, numeric covariates, categorical covariates) of each main model."""
    people = participation_panel(ds, period, quarters)
    if not include_heads:
        people = people.loc[~people["is_unit_head"].astype(bool)]
    if {"no_show", "dropout"} & set(models):
        enr = enrollment_panel(ds, period, quarters)
    else:
        enr = pd.DataFrame(columns=["dropped", "learning_motivation"])
    base = list(PREDICTORS)
    with_modality = {**CATEGORICAL_PREDICTORS, "modality": "classroom"}
    return (
        ("participation", people, "participated", base, CATEGORICAL_PREDICTORS),
        ("no_show", enr, "no_show", base, with_modality),
        ("dropout", enr.loc[enr["dropped"].notna()], "dropped", [*base, "jp_per_10"], with_modality),
    )


def participation_predictors(
    ds: Dataset,
    period: str | pd.Period,
    quarters: int = 4,
    include_heads: bool = False,
    models: Sequence[str] = MAIN_MODELS,
) -> pd.DataFrame:
    """What predicts taking part, not showing up and dropping out (logistic models).

    Logit models through :func:`analysis.stats.models.logit`, standard errors
    clustered by unit (CRV1), over the last ``quarters`` quarters:

    - ``participation``: P(an active employee attends >= 1 enrollment ending in
      the quarter), one row per employee-quarter;
    - ``no_show``: P(no-show) among decided enrollments;
    - ``dropout``: P(dropped) among started (completed or dropped) enrollments.

    Covariates (:data:`PREDICTORS`): the unit head's own participation in the
    previous quarter, the employee's performance award in the previous four
    quarters, a colleague's award in the unit (the head recognises high
    performers), PPPK vs PNS, female, age 50+, a D4/S1 degree or higher,
    position type (vs staff), the unit's sector (vs general administration);
    enrollment models add the modality (vs classroom), and the drop-out model
    the programme's JP per 10. Quarter dummies absorb seasonality. Each model
    is fitted again on the surveyed quarters with ``learning_motivation`` (per
    survey point) added, as ``<model>_survey``, when the survey covers at
    least :data:`analysis.stats.verdict.MIN_N` events there. Leader support is
    not added: it is itself raised by the head's participation (a mediator), so
    it would hide the effect the leadership question asks about.

    Unit heads are left out of the participation model unless ``include_heads``
    (a head's own participation would sit on both sides of the equation).
    ``models`` chooses which of the three to fit (each with its survey variant).

    Returns
    -------
    DataFrame
        Tidy rows per (model, term): :data:`PREDICTOR_COLUMNS`: ``model``, ``term``,
        ``estimate`` (log-odds), ``std_error``, ``statistic``, ``p_value``, ``ci_low``,
        ``ci_high``, ``odds_ratio``, ``ratio_ci_low``, ``ratio_ci_high``,
        ``nobs``, ``n_events``, ``n_clusters``. Intercepts and quarter dummies
        are dropped; indicator terms are named ``<column>__<level>``.

    Notes
    -----
    Estimand: conditional associations (log-odds ratios), not causal effects:
    keen staff may gather in units with keen heads. Rows with a missing
    covariate are dropped (units without an active head in the previous
    quarter; unsurveyed staff in the survey models); ``nobs`` says how many
    remained. Levels with fewer than 10 rows, or with no events or only events
    (separation), are merged into the reference. Clustered standard errors need
    at least two units: a model over a single unit is left out.
    Terms that earlier ones reproduce exactly (collinear, e.g. a constant
    within one agency) are dropped. A model with fewer than
    :data:`analysis.stats.verdict.MIN_N` events or non-events is left out (no rows).
    """
    period = format_period(period)
    unknown = set(models) - set(MAIN_MODELS)
    if unknown:
        raise ValueError(f"unknown models {sorted(unknown)}; choose from participation, no_show, dropout")
    specs = _model_specs(ds, period, quarters, include_heads, models)
    rows = []
    for name, data, outcome, numeric, categorical in specs:
        if name not in models:
            continue
        for suffix, extra in (("", []), ("_survey", ["learning_motivation"])):
            if extra and data["learning_motivation"].notna().sum() == 0:
                continue
            tidy = _fit_logit(data, outcome, [*numeric, *extra], categorical)
            if tidy is not None:
                tidy.insert(0, "model", name + suffix)
                rows.append(tidy)
    if not rows:
        return pd.DataFrame(columns=PREDICTOR_COLUMNS)
    out = pd.concat(rows, ignore_index=True)
    return out[[c for c in PREDICTOR_COLUMNS if c in out]]


def clear_odds_ratios(predictors: pd.DataFrame) -> pd.Series:
    """Per row of a predictor frame: does the odds ratio's 95% CI exclude 1?
    (:func:`analysis.stats.verdict.excludes`)."""
    return pd.Series(
        [excludes(lo, hi, 1.0) for lo, hi in zip(predictors["ratio_ci_low"], predictors["ratio_ci_high"], strict=True)],
        index=predictors.index,
        dtype=bool,
    )


def leadership(predictors: pd.DataFrame) -> pd.DataFrame:
    """The leadership answer: rows of the participation models for the unit head's own
    participation and for recognition of high performers.

    Parameters
    ----------
    predictors
        The frame of :func:`participation_predictors`.

    Returns
    -------
    DataFrame
        Its rows whose term is ``head_participated_prev_quarter``,
        ``unit_award_prev_4q`` or ``award_prev_4q`` in the ``participation``
        and ``participation_survey`` models, with ``clear`` (the odds ratio's
        95% CI excludes 1) and ``direction`` (``higher``, ``lower`` or
        ``unclear``), both from :mod:`analysis.stats.verdict`.
    """
    out = predictors.loc[
        predictors["model"].isin(("participation", "participation_survey"))
        & predictors["term"].isin(LEADERSHIP_TERMS)
    ].reset_index(drop=True)
    out["clear"] = clear_odds_ratios(out)
    sides = [direction(lo, hi, 1.0) for lo, hi in zip(out["ratio_ci_low"], out["ratio_ci_high"], strict=True)]
    out["direction"] = ["unclear" if side == "no_clear_difference" else side for side in sides]
    return out


def predictors_or_reason(
    ds: Dataset, period: str | pd.Period, lang: Lang = "id"
) -> tuple[pd.DataFrame, str]:
    """:func:`participation_predictors`, or an empty frame and the reason the models failed.

    Returns ``(frame, "")`` on success; when the models cannot be estimated
    (a ValueError or a singular design) ``(empty frame, "The models could not be
    estimated: <reason>")`` in ``lang``.
    """
    try:
        return participation_predictors(ds, period), ""
    except (ValueError, np.linalg.LinAlgError) as err:
        return pd.DataFrame(columns=_EMPTY_PREDICTOR_COLUMNS), message(MODELS_FAILED, lang, reason=err)


def predictor_table(predictors: pd.DataFrame, lang: Lang = "id") -> pd.DataFrame:
    """A :func:`participation_predictors` frame with the term's ``label``
    (:func:`analysis.coverage.messages.term_label`) added."""
    out = predictors.copy()
    out["label"] = out["term"].map(lambda term: term_label(term, lang))
    return out


def shown_predictors(predictors: pd.DataFrame) -> pd.DataFrame:
    """Rows of the three main models (:data:`MAIN_MODELS`) without sector and position terms."""
    return predictors.loc[
        predictors["model"].isin(list(MODEL_LABELS)) & ~predictors["term"].str.startswith(HIDDEN_TERM_PREFIXES)
    ]
