"""How robust are the exposure effects? Placebo, leave one agency out, other exposures, one model table.

- Placebo: future exposure should not predict today's service
  (:func:`placebo_future_exposure`).
- Leave one agency (OPD) out at a time (:func:`leave_one_agency_out`).
- The main model with each alternative exposure definition (:func:`alternative_exposures`).
- The exposure models of one metric side by side (:func:`model_table`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from analysis.linkage.effects import effect_statements
from analysis.linkage.exposure import (
    TIDY_COLUMNS,
    count_units,
    distributed_lag,
    exposure_effects,
    fit_exposure,
    fit_panel_fe,
    mixed_alternative,
    model_frame,
    term_estimates,
)
from analysis.linkage.messages import (
    LAG_LABEL,
    LEAD_LABEL,
    MODEL_COLUMNS,
    MODEL_TABLE_TITLE,
    metric_label,
)
from analysis.linkage.panel import (
    DEFAULT_EXPOSURE,
    EXPOSURE_STEPS,
    check_columns,
    lag_name,
    select_metrics,
    shifted,
)
from analysis.stats import models
from analysis.text import Lang, check_lang, pick
from analysis.text.columns import column_label
from analysis.text.tables import RegressionTable, regression_table


def default_lead(exposure: str) -> int:
    """Quarters ahead of the placebo's future exposure: 4 for a four-quarter exposure (so the
    windows do not overlap), else 1."""
    return 4 if exposure.endswith("_4q") else 1


def placebo_fit(
    panel: pd.DataFrame,
    metric: str,
    exposure: str,
    lead: int | None = None,
    online_control: bool = True,
) -> tuple[models.FitResult, str, pd.DataFrame]:
    """The placebo model of one metric: the fit, the future exposure's term name, the model frame."""
    lead = default_lead(exposure) if lead is None else lead
    if lead < 1:
        raise ValueError(f"lead must be at least 1 quarter; got {lead}")
    name = lag_name(exposure, -lead)
    frame = model_frame(
        panel,
        metric,
        {exposure: panel[exposure], name: shifted(panel, exposure, -lead)},
        online_control,
    )
    return fit_panel_fe(frame, metric, [exposure, name]), name, frame


def placebo_future_exposure(
    panel: pd.DataFrame,
    metrics: Sequence[str] | str | None = None,
    exposure: str = DEFAULT_EXPOSURE,
    lead: int | None = None,
    online_control: bool = True,
) -> pd.DataFrame:
    """Placebo: future exposure should not predict today's service.

    Model: ``metric[q] = b * exposure[q] + c * exposure[q + lead] + unit FE + quarter FE + e``
    (SEs clustered by unit). Training that has not happened yet cannot cause today's
    service, so ``c`` should be near 0; a clear ``c`` points to selection (units
    that are improving, or are about to, get more training) rather than training
    causing better service. The default lead is 4 quarters for the four-quarter
    exposure (so the future window does not overlap today's) and 1 otherwise. A
    clean placebo supports, but does not prove, a causal reading (it cannot see
    shocks that move training and service in the same quarter).

    Returns
    -------
    DataFrame
        Two rows per metric, ``term`` in (current, future): ``metric, exposure, lead,
        term, estimate, std_error, ci_low, ci_high, p_value, n_obs, n_units, note``.
        The last ``lead`` quarters drop out (their future is not observed yet).
    """
    lead = default_lead(exposure) if lead is None else lead
    rows = []
    for metric in select_metrics(panel, metrics):
        base = {"metric": metric, "exposure": exposure, "lead": lead}
        try:
            res, name, frame = placebo_fit(panel, metric, exposure, lead, online_control)
        except ValueError as err:
            for term in ("current", "future"):
                rows.append(
                    {
                        **base,
                        "term": term,
                        **dict.fromkeys(TIDY_COLUMNS, math.nan),
                        "n_obs": 0,
                        "n_units": 0,
                        "note": str(err),
                    }
                )
            continue
        for term, col in (("current", exposure), ("future", name)):
            rows.append(
                {
                    **base,
                    "term": term,
                    **term_estimates(res, col),
                    "n_obs": res.nobs,
                    "n_units": count_units(frame),
                    "note": "",
                }
            )
    return pd.DataFrame(rows)


def leave_one_agency_out(
    panel: pd.DataFrame, metric: str, exposure: str = DEFAULT_EXPOSURE, online_control: bool = True
) -> pd.DataFrame:
    """The main exposure estimate re-fitted once without each agency (OPD).

    Shows whether one agency drives the result. Model as :func:`fit_exposure`
    (lag 0).

    Returns
    -------
    DataFrame
        One row per left-out agency: ``metric, exposure, left_out, estimate,
        std_error, ci_low, ci_high, p_value, n_obs, n_units``, plus a first row with
        ``left_out = "(none)"``, the full-sample estimate.
    """
    check_columns(panel, metric, exposure, "agency_id")
    frame = model_frame(panel, metric, {exposure: panel[exposure]}, online_control)
    rows = []
    agencies = ["(none)", *sorted(frame["agency_id"].dropna().astype(str).unique())]
    for agency in agencies:
        sub = frame if agency == "(none)" else frame.loc[frame["agency_id"].astype(str) != agency]
        row: dict[str, object] = {
            "metric": metric,
            "exposure": exposure,
            "left_out": agency,
            "n_obs": len(sub),
            "n_units": count_units(sub),
        }
        try:
            res = fit_panel_fe(sub, metric, [exposure])
            row.update(term_estimates(res, exposure))
        except ValueError:
            row.update(dict.fromkeys(TIDY_COLUMNS, math.nan))
        rows.append(row)
    return pd.DataFrame(rows)


def alternative_exposures(
    panel: pd.DataFrame,
    metrics: Sequence[str] | str | None = None,
    exposures: Sequence[str] = tuple(EXPOSURE_STEPS),
    online_control: bool = True,
) -> pd.DataFrame:
    """The main model with each alternative exposure definition, restated per picture-able step.

    Exposures: JP per staff in the quarter, over four quarters, share of staff on
    track for 20 JP, mean competency gap, share of staff with a gap (a smaller gap is
    the "more competent" direction, so their steps are negative). Same model as
    :func:`fit_exposure` (lag 0). Returns :func:`effect_statements` of the stacked
    :func:`exposure_effects` frames.
    """
    frames = [
        exposure_effects(panel, metrics, e, lags=(0,), online_control=online_control)
        for e in exposures
        if e in panel
    ]
    return effect_statements(pd.concat(frames, ignore_index=True))


def model_table(
    panel: pd.DataFrame,
    metric: str,
    exposure: str = DEFAULT_EXPOSURE,
    lang: Lang = "id",
    online_control: bool = True,
) -> RegressionTable:
    """One comparison table of the exposure models for one metric (:func:`analysis.text.tables.regression_table`).

    Columns: (1) FE, same quarter; (2) FE, exposure lagged one quarter; (3) lagged
    two quarters; (4) distributed lag of single-quarter JP per staff (lags 0-2);
    (5) placebo with future exposure (next four quarters' exposure added);
    (6) mixed model with random unit intercepts. All FE models: unit and quarter FE,
    SEs clustered by unit.
    """
    check_lang(lang)
    fits = _comparison_fits(panel, metric, exposure, online_control)
    lead = default_lead(exposure)
    lead_name = lag_name(exposure, -lead)
    terms = [exposure, lag_name(exposure, 1), lag_name(exposure, 2)]
    terms += [lag_name("jp_per_staff", k) for k in (0, 1, 2) if "jp_per_staff" != exposure]
    terms.append(lead_name)
    shown, per_quarter = column_label(exposure, lang), column_label("jp_per_staff", lang)
    labels = {exposure: shown, "jp_per_staff": per_quarter,
              lead_name: pick(lang, LEAD_LABEL).format(exposure=shown, k=lead)}
    for k in (1, 2):
        labels[lag_name(exposure, k)] = pick(lang, LAG_LABEL).format(exposure=shown, k=k)
        labels[lag_name("jp_per_staff", k)] = pick(lang, LAG_LABEL).format(exposure=per_quarter, k=k)
    for fit in fits.values():  # the absorbed fixed effects, by their readers' names
        labels.update({fe: column_label(fe, lang) for fe in getattr(fit, "fe", ()) if fe not in labels})
    title = pick(lang, MODEL_TABLE_TITLE).format(metric=metric_label(metric, lang))
    columns = {pick(lang, MODEL_COLUMNS[key]): fit for key, fit in fits.items()}
    return regression_table(columns, lang=lang, terms=terms, labels=labels, title=title)


def _comparison_fits(
    panel: pd.DataFrame, metric: str, exposure: str, online_control: bool
) -> dict[str, object]:
    """The fits of :func:`model_table`, keyed as :data:`analysis.linkage.messages.MODEL_COLUMNS`."""
    fits: dict[str, object] = {
        "fe": fit_exposure(panel, metric, exposure, 0, online_control),
        "lag1": fit_exposure(panel, metric, exposure, 1, online_control),
        "lag2": fit_exposure(panel, metric, exposure, 2, online_control),
    }
    if "jp_per_staff" in panel:
        fits["distributed_lag"] = distributed_lag(
            panel, metric, "jp_per_staff", online_control=online_control
        )[0]
    fits["placebo"] = placebo_fit(panel, metric, exposure, online_control=online_control)[0]
    try:
        fits["mixed"] = mixed_alternative(panel, metric, exposure, online_control)
    except Exception:  # noqa: BLE001 - the mixed model is an optional column of the table
        pass
    return fits


def leave_one_agency_out_table(
    panel: pd.DataFrame, metrics: Sequence[str], exposure: str = DEFAULT_EXPOSURE
) -> pd.DataFrame:
    """:func:`leave_one_agency_out` for each of ``metrics``, stacked."""
    return pd.concat([leave_one_agency_out(panel, m, exposure) for m in metrics], ignore_index=True)
