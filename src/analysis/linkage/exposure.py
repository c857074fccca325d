"""Fixed-effects models of each service metric on the units' competency exposure.

``metric[u, q] = b * exposure[u, q - lag] + unit FE + quarter FE (+ launch-cell FE) + e``
with standard errors clustered by unit (:func:`fit_exposure`), for every metric and lag
(:func:`exposure_effects`), as a distributed lag (:func:`distributed_lag`), by
exposure bins (:func:`dose_response`), by sector (:func:`sector_heterogeneity`), and
as a random-intercept alternative (:func:`mixed_alternative`). The online roll-out
is absorbed as a third fixed effect (:func:`analysis.linkage.launch.online_cells`),
since units train their staff just before going online.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.linkage.launch import online_cells
from analysis.linkage.panel import (
    DEFAULT_EXPOSURE,
    check_columns,
    lag_name,
    select_metrics,
    shifted,
)
from analysis.stats import models
from analysis.stats.bootstrap import DEFAULT_DRAWS, INFERENCE_LABEL, WildClusterBootstrap
from analysis.stats.verdict import NotEnoughData

#: The estimate columns every model row carries (95% CI).
TIDY_COLUMNS: tuple[str, ...] = (
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
)
#: Standard errors clustered by unit.
CLUSTER = {"cluster": "unit_id"}
#: The fixed effects of every exposure model: unit and quarter.
PANEL_FE = ("unit_id", "period")

#: Minimum number of units (clusters) before an estimate is reported at all.
MIN_UNITS = 5
#: Sectors with fewer units than this are pooled (:func:`sector_heterogeneity`): with one or
#: two units a sector's unit-clustered variance collapses and its CI and the equality test
#: are far too narrow (``docs/methods.md``, "Sector slopes").
MIN_SECTOR_UNITS = 10
#: The label of the pooled small sectors.
POOLED_SECTOR = "other"
#: With fewer units (clusters) than this behind a slope, its CI and tests come from the
#: restricted wild cluster bootstrap instead of the CRV1 t(G - 1) approximation.
FEW_CLUSTERS = 30
#: The ``inference`` label of CRV1 standard errors with t(G - 1) (``docs/results.md``).
CRV1_LABEL = "crv1_t(G-1)"


def model_frame(
    panel: pd.DataFrame,
    metric: str,
    columns: Mapping[str, pd.Series],
    online_control: bool = True,
) -> pd.DataFrame:
    """Minimal frame for a model: ids, the metric, the named regressors and launch cells.

    Complete rows only. A regressor that sums over several quarters (``*_4q``, or a lag)
    is missing where its window reaches before the data (``window_complete`` false, or
    the lag's source quarter so): truncated windows understate exposure and bias the slope
    (``docs/methods.md``, "Complete exposure windows"). ``online_cell``
    (:func:`analysis.linkage.launch.online_cells`) is added when ``online_control`` and the
    panel has the online columns; :func:`fit_panel_fe` absorbs it.
    """
    base = panel[["unit_id", "period", "period_idx", "agency_id", "sector", metric]].copy()
    complete = complete_windows(panel)
    for name, values in columns.items():
        x = np.asarray(values, dtype=float)
        if "_4q" in name:
            x = np.where(window_reaches_complete(panel, name, complete), x, np.nan)
        base[name] = x
    base["unit_id"] = base["unit_id"].astype(str)
    base["period"] = base["period"].astype(str)
    base["online_cell"] = online_cells(panel).to_numpy() if online_control else "none"
    keep = base[[metric, *columns]].notna().all(axis=1)
    return base.loc[keep].reset_index(drop=True)


def complete_windows(panel: pd.DataFrame) -> np.ndarray:
    """``window_complete`` as a boolean array (all true when the panel has no such column)."""
    if "window_complete" not in panel:
        return np.ones(len(panel), dtype=bool)
    return panel["window_complete"].fillna(False).to_numpy(dtype=bool)


def window_reaches_complete(panel: pd.DataFrame, name: str, complete: np.ndarray) -> np.ndarray:
    """For a regressor named ``<exposure>_lag<k>`` / ``_lead<k>`` (or the plain exposure): was
    the four-quarter window of the quarter it was taken from complete?"""
    match = re.search(r"_(lag|lead)(\d+)$", name)
    if not match or "unit_id" not in panel:
        return complete
    k = int(match.group(2)) * (1 if match.group(1) == "lag" else -1)
    source = pd.Series(complete.astype(float), index=panel.index)
    moved = shifted(panel.assign(_complete=source), "_complete", k)
    return moved.fillna(0).to_numpy() > 0


def count_units(frame: pd.DataFrame) -> int:
    """Units (clusters) in a model frame."""
    return int(frame["unit_id"].nunique())


def modelled_metrics(panel: pd.DataFrame, metrics: Sequence[str], exposure: str = DEFAULT_EXPOSURE) -> list[str]:
    """Of ``metrics``, those whose model frame (:func:`model_frame` with ``exposure``) has at
    least :data:`MIN_UNITS` units: the ones the page's models can estimate.

    A metric reported by too few units, or only in quarters without a complete exposure
    window (e.g. a single quarter of data), is left out here once, instead of failing in
    each model.
    """
    return [m for m in metrics
            if count_units(model_frame(panel, m, {exposure: panel[exposure]})) >= MIN_UNITS]


def fit_panel_fe(frame: pd.DataFrame, metric: str, terms: Sequence[str]) -> models.FitResult:
    """``metric ~ terms`` with unit and quarter FE (and the launch cells when they vary), SEs by unit.

    Raises :class:`~analysis.stats.verdict.NotEnoughData` (a ValueError) when the frame
    has fewer than :data:`MIN_UNITS` units.
    """
    if count_units(frame) < MIN_UNITS:
        raise NotEnoughData(
            f"{metric}: only {count_units(frame)} units with data; at least {MIN_UNITS} are needed "
            "for unit-clustered standard errors"
        )
    return models.fit(frame, f"{metric} ~ {' + '.join(terms)}", fe=panel_fe(frame), vcov=CLUSTER)


def panel_fe(frame: pd.DataFrame) -> list[str]:
    """The absorbed effects of :func:`fit_panel_fe`: unit, quarter, and the launch cells when they vary."""
    fe = list(PANEL_FE)
    if "online_cell" in frame and frame["online_cell"].nunique() > 1:
        fe.append("online_cell")
    return fe


def fit_exposure(
    panel: pd.DataFrame,
    metric: str,
    exposure: str = DEFAULT_EXPOSURE,
    lag: int = 0,
    online_control: bool = True,
) -> models.FitResult:
    """Fixed-effects regression of one service metric on competency exposure.

    Model: ``metric[u, q] = b * exposure[u, q - lag] + unit FE[u] + quarter FE[q] + e``,
    estimated by :func:`analysis.stats.models.fit` with absorbed unit and quarter effects and
    standard errors clustered by unit (CRV1).

    Parameters
    ----------
    panel
        :func:`analysis.linkage.unit_panel` output.
    metric
        A service-metric column (``"ikm"``, ``"processing_days"``, ...).
    exposure
        An exposure column (default ``jp_per_staff_4q``, see :data:`analysis.linkage.panel.EXPOSURE_STEPS`).
    lag
        Quarters between exposure and outcome (0: same quarter; negative: a lead,
        i.e. future exposure, for placebo checks). The regressor is named
        ``<exposure>_lag<k>`` (or ``_lead<k>``) in the result.
    online_control
        Absorb the online roll-out as a third fixed effect, the launch cells of
        :func:`analysis.linkage.launch.online_cells` (start cohort x IT preparation x quarters since the
        start; default True). Units prepare for a start by training their staff, so
        without it the launch's own effect leaks into the exposure slope. Every
        exposure model in this module takes the same switch.

    Returns
    -------
    analysis.stats.models.FitResult
        ``b`` is the within-unit association: how much the metric moves, relative to
        the city-wide quarter, when the unit's own exposure is one unit higher than
        its usual level.

    Notes
    -----
    Unit-quarters with a missing metric or exposure are dropped (listwise). Units
    (clusters) fewer than :data:`MIN_UNITS` raise a ValueError. Standard errors are
    cluster-robust by unit (CRV1, fixest's small-sample correction), so they allow
    any correlation of a unit's errors over time; the CI uses the t distribution
    with G - 1 degrees of freedom (G = number of units).

    References
    ----------
    Wooldridge, J. M. (2010). Econometric Analysis of Cross Section and Panel Data,
    2nd ed., ch. 10 (fixed effects). Cameron, A. C., & Miller, D. L. (2015). A
    practitioner's guide to cluster-robust inference. J. Human Resources 50(2).
    """
    check_columns(panel, metric, exposure)
    name, frame = _lagged_frame(panel, metric, exposure, lag, online_control)
    return fit_panel_fe(frame, metric, [name])


def _lagged_frame(
    panel: pd.DataFrame, metric: str, exposure: str, lag: int, online_control: bool
) -> tuple[str, pd.DataFrame]:
    """The regressor's name (``<exposure>_lag<k>``) and the model frame with the lagged exposure."""
    name = lag_name(exposure, lag)
    x = panel[exposure] if lag == 0 else shifted(panel, exposure, lag)
    return name, model_frame(panel, metric, {name: x}, online_control)


def term_estimates(result: models.FitResult, term: str) -> dict[str, float]:
    """One term's :data:`TIDY_COLUMNS` from a fit (NaN when the term was dropped)."""
    tidy = result.tidy().set_index("term")
    if term not in tidy.index:
        return dict.fromkeys(TIDY_COLUMNS, math.nan)
    return {c: float(tidy.loc[term, c]) for c in TIDY_COLUMNS}


def estimate_with_interval(estimate: float, std_error: float, df: float | None = None) -> dict[str, float]:
    """An estimate with its standard error, 95% CI and two-sided p-value (:data:`TIDY_COLUMNS`).

    CI = estimate -/+ q x SE with q the 97.5% quantile of the t distribution with
    ``df`` degrees of freedom, or of the standard normal when ``df`` is None; the
    p-value is NaN when the SE is 0.
    """
    if df is None:
        q = float(sps.norm.ppf(0.975))
        p = float(2 * sps.norm.sf(abs(estimate / std_error))) if std_error > 0 else math.nan
    else:
        q = float(sps.t.ppf(0.975, df))
        p = float(2 * sps.t.sf(abs(estimate / std_error), df)) if std_error > 0 else math.nan
    return {
        "estimate": estimate,
        "std_error": std_error,
        "ci_low": estimate - q * std_error,
        "ci_high": estimate + q * std_error,
        "p_value": p,
    }


def exposure_effects(
    panel: pd.DataFrame,
    metrics: Sequence[str] | str | None = None,
    exposure: str = DEFAULT_EXPOSURE,
    lags: Sequence[int] = (0, 1, 2),
    online_control: bool = True,
) -> pd.DataFrame:
    """Each service metric on competency exposure, one fixed-effects model per metric and lag.

    See :func:`fit_exposure` for the model (unit and quarter fixed effects, SEs
    clustered by unit).

    Returns
    -------
    DataFrame
        One row per metric and lag: ``metric, exposure, lag, estimate, std_error,
        ci_low, ci_high, p_value`` (per one unit of exposure, e.g. per 1 JP per
        staff member; 95% CI from the t distribution with G - 1 df), ``n_obs``
        (unit-quarters), ``n_units`` (clusters), ``n_periods``, ``r2_within``,
        ``note`` (why a row is empty, if it is).
    """
    check_columns(panel, exposure)
    rows = []
    for metric in select_metrics(panel, metrics):
        for lag in lags:
            row: dict[str, object] = {"metric": metric, "exposure": exposure, "lag": int(lag)}
            name, frame = _lagged_frame(panel, metric, exposure, lag, online_control)
            row.update(
                n_obs=len(frame), n_units=count_units(frame), n_periods=int(frame["period"].nunique())
            )
            try:
                res = fit_panel_fe(frame, metric, [name])
            except ValueError as err:  # too few units, or the exposure has no within variation
                row.update(dict.fromkeys(TIDY_COLUMNS, math.nan), r2_within=math.nan, note=str(err))
            else:
                row.update(term_estimates(res, name), n_obs=res.nobs, r2_within=res.r2_within, note="")
            rows.append(row)
    return pd.DataFrame(rows)


def distributed_lag(
    panel: pd.DataFrame,
    metric: str,
    exposure: str = "jp_per_staff",
    lags: Sequence[int] = (0, 1, 2),
    online_control: bool = True,
) -> tuple[models.FitResult, pd.DataFrame]:
    """Exposure at several lags in one fixed-effects model, and their cumulative effect.

    Model: ``metric[u, q] = sum_k b_k * exposure[u, q - k] + unit FE + quarter FE + e``
    (SEs clustered by unit). The default exposure is the single-quarter
    ``jp_per_staff``, whose lags do not overlap (the four-quarter exposure already
    sums four quarters).

    Returns
    -------
    (FitResult, DataFrame)
        The fit, and a tidy frame with one row per lag plus a ``"cumulative"`` row
        (sum of the b_k; its SE from the clustered covariance, sqrt(1' V 1); CI with
        the fit's t degrees of freedom): ``term, lag, estimate, std_error, ci_low,
        ci_high, p_value, n_obs, n_units``.
    """
    check_columns(panel, metric, exposure)
    cols = {
        lag_name(exposure, k): (panel[exposure] if k == 0 else shifted(panel, exposure, k))
        for k in lags
    }
    frame = model_frame(panel, metric, cols, online_control)
    res = fit_panel_fe(frame, metric, list(cols))
    tidy = res.tidy().set_index("term")
    rows = [
        {"term": name, "lag": int(k), **{c: float(tidy.loc[name, c]) for c in TIDY_COLUMNS}}
        for k, name in zip(lags, cols, strict=True)
    ]
    present = [n for n in cols if n in res.coef.index]
    ones = np.ones(len(present))
    est = float(res.coef[present].sum())
    se = float(np.sqrt(ones @ res.vcov.loc[present, present].to_numpy() @ ones))
    rows.append({"term": "cumulative", "lag": -1, **estimate_with_interval(est, se, res.df_t)})
    out = pd.DataFrame(rows)
    out["n_obs"] = res.nobs
    out["n_units"] = count_units(frame)
    return res, out


def dose_response(
    panel: pd.DataFrame,
    metric: str,
    exposure: str = DEFAULT_EXPOSURE,
    bins: int = 4,
    online_control: bool = True,
) -> pd.DataFrame:
    """The metric by exposure bins (quantiles), relative to the lowest bin, with unit and quarter FE.

    Model: ``metric = sum_{j>=2} b_j * 1[exposure in bin j] + unit FE + quarter FE + e``,
    SEs clustered by unit. Bins are quantiles of the exposure over the unit-quarters
    that have the metric (ties can merge bins).

    Returns
    -------
    DataFrame
        One row per bin: ``bin`` (1 = lowest, the reference with estimate 0),
        ``low, high`` (exposure range), ``median_exposure``, ``estimate, std_error,
        ci_low, ci_high, p_value`` (difference from bin 1, NaN CI for the reference),
        ``n_obs`` (unit-quarters in the bin), ``n_units`` (units ever in it),
        ``reference`` (bool).

    Notes
    -----
    A flat or erratic pattern across bins says a straight-line summary would mislead;
    with unit effects, a bin's coefficient compares a unit's quarters in that bin with
    its own quarters in the lowest bin.
    """
    if bins < 2:
        raise ValueError(f"bins must be at least 2; got {bins}")
    check_columns(panel, metric, exposure)
    frame = model_frame(panel, metric, {exposure: panel[exposure]}, online_control)
    codes = pd.qcut(frame[exposure], bins, labels=False, duplicates="drop")
    frame["bin"] = codes.astype(int) + 1
    levels = sorted(frame["bin"].unique())
    names = {b: f"bin_{b}" for b in levels[1:]}
    for b, name in names.items():
        frame[name] = (frame["bin"] == b).astype(float)
    res = fit_panel_fe(frame, metric, list(names.values()))
    out = pd.DataFrame([_bin_row(frame, exposure, b, res, names) for b in levels])
    out.insert(0, "metric", metric)
    out.insert(1, "exposure", exposure)
    return out


def dose_response_table(
    panel: pd.DataFrame, metrics: Sequence[str], exposure: str = DEFAULT_EXPOSURE
) -> pd.DataFrame:
    """:func:`dose_response` for each of ``metrics``, stacked."""
    return pd.concat([dose_response(panel, m, exposure) for m in metrics], ignore_index=True)


def _bin_row(
    frame: pd.DataFrame, exposure: str, b: int, res: models.FitResult, names: Mapping[int, str]
) -> dict[str, object]:
    """One row of :func:`dose_response`: the bin's range and size, and its difference from bin 1."""
    part = frame.loc[frame["bin"] == b, exposure]
    reference = b not in names
    row: dict[str, object] = {
        "bin": int(b),
        "low": float(part.min()),
        "high": float(part.max()),
        "median_exposure": float(part.median()),
        "n_obs": int(len(part)),
        "n_units": int(frame.loc[frame["bin"] == b, "unit_id"].nunique()),
        "reference": reference,
    }
    if reference:
        row.update(estimate=0.0, std_error=math.nan, ci_low=math.nan, ci_high=math.nan,
                   p_value=math.nan)
    else:
        row.update(term_estimates(res, names[b]))
    return row


def _equal_slopes_p(res: models.FitResult, terms: Sequence[str]) -> float:
    """Wald F test that the coefficients of ``terms`` are all equal (NaN with fewer than two).

    F = d' (C V C')^+ d / r with d = C b the differences from the first coefficient
    (r = len(terms) - 1 contrasts) and V the clustered covariance; F(r, G - 1).
    """
    if len(terms) < 2:
        return math.nan
    b = res.coef[list(terms)].to_numpy()
    v = res.vcov.loc[list(terms), list(terms)].to_numpy()
    contrast = np.eye(len(terms))[1:] - np.eye(len(terms))[0]
    d = contrast @ b
    stat = float(d @ np.linalg.pinv(contrast @ v @ contrast.T) @ d) / len(d)
    return float(sps.f.sf(stat, len(d), res.df_t))


def pooled_sectors(sectors: pd.Series, units: pd.Series, min_units: int = MIN_SECTOR_UNITS,
                   pooled: str = POOLED_SECTOR) -> pd.Series:
    """Sector codes with every sector of fewer than ``min_units`` units relabelled ``pooled``."""
    codes = sectors.astype(str)
    counts = pd.Series(units.to_numpy()).groupby(codes.to_numpy()).nunique()
    small = set(counts.index[counts < min_units])
    return codes.where(~codes.isin(small), pooled)


def sector_heterogeneity(
    panel: pd.DataFrame,
    metric: str,
    exposure: str = DEFAULT_EXPOSURE,
    online_control: bool = True,
    min_units: int = MIN_SECTOR_UNITS,
    pooled: str = POOLED_SECTOR,
    draws: int = DEFAULT_DRAWS,
    intervals: bool = True,
    seed: int = 20240601,
) -> pd.DataFrame:
    """The exposure slope per sector, in one model with unit and quarter FE.

    Model: ``metric = sum_s b_s * exposure * 1[sector = s] + unit FE + quarter FE + e``,
    SEs clustered by unit. Sectors with fewer than ``min_units`` units (default
    :data:`MIN_SECTOR_UNITS`) are pooled into ``pooled`` first; if the pooled group is
    still too small it is estimated but gets no interval, p-value or test.

    Inference: with :data:`FEW_CLUSTERS` or more units in every tested sector, CRV1
    with t(G - 1) and the Wald F test of equal slopes. Otherwise the restricted wild
    cluster bootstrap (:func:`analysis.stats.bootstrap.wild_cluster_bootstrap`, Webb
    weights, ``draws`` draws): its p-value for each slope and the test-inversion CI
    (``intervals``), and its Wald test of equal slopes. The equality test only
    includes sectors with at least ``min_units`` units.

    Returns
    -------
    DataFrame
        One row per (pooled) sector with data: ``metric, exposure, sector, estimate,
        std_error, ci_low, ci_high, p_value, n_obs, n_units``, ``enough_units``
        (at least ``min_units``), ``pooled_sectors`` (the original codes in a pooled
        row), ``inference`` and ``n_clusters`` (units behind the slope), and
        ``equal_slopes_p`` (the same on every row; NaN with fewer than two tested
        sectors), ``equal_slopes_inference``, ``equal_slopes_sectors`` (how many).

    References
    ----------
    MacKinnon, J. G. and Webb, M. D. (2017). Wild bootstrap inference for wildly
    different cluster sizes. Journal of Applied Econometrics 32(2).
    """
    check_columns(panel, metric, exposure)
    frame = model_frame(panel, metric, {exposure: panel[exposure]}, online_control)
    frame = frame.loc[frame["sector"].notna()].reset_index(drop=True)
    original = frame["sector"].astype(str)
    frame["sector"] = pooled_sectors(original, frame["unit_id"], min_units, pooled)
    sectors = sorted(frame["sector"].unique())
    names = {s: f"x_{re.sub(r'[^0-9a-zA-Z_]', '_', s)}" for s in sectors}
    for s, name in names.items():
        frame[name] = frame[exposure] * (frame["sector"] == s)
    res = fit_panel_fe(frame, metric, list(names.values()))
    units = frame.groupby("sector")["unit_id"].nunique()
    tested = [s for s in sectors if units[s] >= min_units and names[s] in res.coef.index]
    few = any(units[s] < FEW_CLUSTERS for s in tested)
    boot = None
    if few and tested:
        boot = WildClusterBootstrap(frame, f"{metric} ~ {' + '.join(names.values())}", "unit_id",
                                    fe=panel_fe(frame), draws=draws, seed=seed)

    equal_p, equal_inference = math.nan, ""
    if len(tested) >= 2:
        if few:
            first = names[tested[0]]
            rows_r = [{names[s]: 1.0, first: -1.0} for s in tested[1:]]
            equal_p = boot.test(rows_r, confidence_interval=False).p_value
            equal_inference = INFERENCE_LABEL
        else:
            equal_p, equal_inference = _equal_slopes_p(res, [names[s] for s in tested]), CRV1_LABEL
    rows = []
    for s, name in names.items():
        part = frame.loc[frame["sector"] == s]
        n_u = int(units[s])
        est = term_estimates(res, name)
        inference = CRV1_LABEL
        if s not in tested:
            est.update(ci_low=math.nan, ci_high=math.nan, p_value=math.nan)
            inference = ""
        elif boot is not None:
            test = boot.test(name, confidence_interval=intervals)
            est.update(ci_low=test.ci_low, ci_high=test.ci_high, p_value=test.p_value)
            inference = INFERENCE_LABEL
        rows.append(
            {
                "metric": metric,
                "exposure": exposure,
                "sector": s,
                **est,
                "n_obs": int(len(part)),
                "n_units": n_u,
                "enough_units": n_u >= min_units,
                "pooled_sectors": ", ".join(sorted(original.loc[part.index].unique())),
                "inference": inference,
                "n_clusters": n_u,
                "equal_slopes_p": equal_p,
                "equal_slopes_inference": equal_inference,
                "equal_slopes_sectors": len(tested),
            }
        )
    return pd.DataFrame(rows)


def mixed_alternative(
    panel: pd.DataFrame, metric: str, exposure: str = DEFAULT_EXPOSURE, online_control: bool = True
) -> models.GLMResult:
    """Random-intercept (mixed) model as an alternative to unit fixed effects.

    Model: ``metric = a + b * exposure + quarter effects (fixed) + u_unit + e`` with
    ``u_unit ~ N(0, s_u^2)`` (:func:`analysis.stats.models.mixed`, REML through statsmodels
    MixedLM). Unlike fixed effects it also uses differences *between* units, so it
    is more precise but assumes the unit effect is unrelated to exposure; a large
    gap between the two estimates says that assumption fails and the FE estimate
    should be preferred. SEs are model-based (statsmodels), not clustered. The launch
    cells enter as fixed dummies when ``online_control``.

    References
    ----------
    Bell, A., & Jones, K. (2015). Explaining fixed effects: random effects modeling
    of time-series cross-sectional and panel data. Political Science Research and
    Methods 3(1).
    """
    check_columns(panel, metric, exposure)
    frame = model_frame(panel, metric, {exposure: panel[exposure]}, online_control)
    formula = f"{metric} ~ {exposure} + C(period)"
    if frame["online_cell"].nunique() > 1:
        formula += " + C(online_cell)"
    return models.mixed(frame, formula, groups="unit_id")


