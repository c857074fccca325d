"""Event studies and difference-in-differences for staggered adoption.

Units (e.g. service units starting online services) adopt a treatment at
different quarters. ``event_study`` estimates the effect by *event time*
e = time - cohort (quarters since the unit's own start; e = -1 is the
reference) on a unit x time panel, with unit and time fixed effects and
unit-clustered standard errors, by two estimators:

* ``"twfe"``: one dummy per event time (two-way fixed effects with leads and
  lags). Biased when effects differ between cohorts or grow over time, because
  already-treated units then serve as controls (Sun & Abraham 2021;
  Goodman-Bacon 2021).
* ``"sunab"``: Sun & Abraham's interaction-weighted estimator: one dummy per
  cohort x event time, compared with never-treated units (or, if there are
  none, the last-treated cohort before it starts), then averaged over cohorts
  with weights equal to each cohort's share of the treated observations at
  that event time.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.stats.ols import FitResult, fit
from analysis.stats.vcov import VcovSpec

Method = Literal["twfe", "sunab"]
TIDY_COLUMNS = ["event_time", "estimate", "std_error", "ci_low", "ci_high", "p_value", "n_obs"]
ATT_COLUMNS = ["estimate", "std_error", "ci_low", "ci_high", "p_value", "n_treated_units", "n_obs"]


@dataclass(frozen=True, repr=False)
class EventStudyResult:
    """Event-time effects of :func:`event_study`.

    Attributes
    ----------
    method : str
        ``"twfe"`` or ``"sunab"``.
    estimates : pandas.DataFrame
        Event-time coefficients (the reference event time -1 is a row with 0).
    vcov : pandas.DataFrame
        Covariance of the event-time coefficients (delta method for ``"sunab"``).
    fit : FitResult
        The underlying regression (dummy or cohort x event-time coefficients).
    df_t : int
        Degrees of freedom for t-based CIs and tests (clusters - 1).
    control : str
        Comparison group: "never treated" or "last-treated cohort <c>".
    n_treated_units, n_obs : int
        Treated units and observations used.
    n_always_treated_dropped : int
        Units treated from the first observed period (no pre-period), left out.
    cohort_sizes : dict
        Treated units per start cohort in the estimation sample.
    """

    method: str
    estimates: pd.DataFrame
    vcov: pd.DataFrame
    fit: FitResult
    df_t: int
    control: str
    n_treated_units: int
    n_obs: int
    n_always_treated_dropped: int
    leads: int
    lags: int
    _att: dict[str, float] = field(default_factory=dict)
    cohort_sizes: dict[int, int] = field(default_factory=dict)

    def tidy(self, level: float = 0.95) -> pd.DataFrame:
        """[event_time, estimate, std_error, ci_low, ci_high, p_value, n_obs].

        CIs and p-values use the t distribution with ``df_t`` degrees of freedom.
        """
        e = self.estimates.copy()
        q = sps.t.ppf(0.5 + level / 2, self.df_t)
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = e["estimate"] / e["std_error"]
        e["ci_low"] = e["estimate"] - q * e["std_error"]
        e["ci_high"] = e["estimate"] + q * e["std_error"]
        e["p_value"] = np.where(e["std_error"] > 0, 2 * sps.t.sf(np.abs(stat), self.df_t), np.nan)
        return e[TIDY_COLUMNS].reset_index(drop=True)

    def att(self, level: float = 0.95) -> pd.DataFrame:
        """Average effect over all treated post-period observations (e >= 0), one row.

        The event-time (``twfe``) or cohort x event-time (``sunab``) effects are
        averaged with weights proportional to their numbers of treated
        observations; SE by the delta method from the cluster-robust vcov.
        """
        a = self._att
        q = sps.t.ppf(0.5 + level / 2, self.df_t)
        est, se = a["estimate"], a["std_error"]
        p = float(2 * sps.t.sf(abs(est / se), self.df_t)) if se > 0 else math.nan
        return pd.DataFrame([{
            "estimate": est, "std_error": se, "ci_low": est - q * se, "ci_high": est + q * se,
            "p_value": p, "n_treated_units": self.n_treated_units, "n_obs": int(a["n_obs"]),
        }], columns=ATT_COLUMNS)

    def pretrend_test(self) -> tuple[float, float]:
        """Joint Wald test that all lead coefficients (e <= -2) are zero.

        Returns (F statistic, p-value) with F = b' V^{-1} b / q on (q, df_t)
        degrees of freedom, q the number of leads. A small p-value signals
        diverging trends before adoption (or anticipation).
        """
        leads = [e for e in self.vcov.index if e <= -2]
        if not leads:
            return math.nan, math.nan
        b = self.estimates.set_index("event_time").loc[leads, "estimate"].to_numpy()
        v = self.vcov.loc[leads, leads].to_numpy()
        stat = float(b @ np.linalg.solve(v, b)) / len(leads)
        return stat, float(sps.f.sf(stat, len(leads), self.df_t))

    def __repr__(self) -> str:
        a = self._att
        return (f"EventStudyResult({self.method}, event times {-self.leads}..{self.lags} "
                f"(ref -1), control {self.control}, {self.n_treated_units} treated units, "
                f"N={self.n_obs:,}, ATT={a['estimate']:.3f} (SE {a['std_error']:.3f}))")


def _label(e: int) -> str:
    return f"m{-e}" if e < 0 else f"p{e}"


#: A coefficient's cell: (cohort, or None for a pooled TWFE dummy; event time).
_Cell = tuple[float | None, int]


@dataclass(frozen=True)
class _Sample:
    """The estimation sample: rows, their time and cohort indexes, the treated cohorts and controls."""

    data: pd.DataFrame
    tvals: pd.Series
    cvals: pd.Series
    treated_cohorts: list[float]
    control: str


@dataclass(frozen=True)
class _Design:
    """The regression frame (sample + event-time dummies) and what each dummy stands for."""

    frame: pd.DataFrame
    names: list[str]
    cells: dict[str, _Cell]
    event_times: list[int]
    rel_arr: np.ndarray
    is_treated: np.ndarray


def _check_arguments(data: pd.DataFrame, outcome: str, unit: str, time: str, cohort: str,
                     covariates: list[str] | None, leads: int, lags: int, method: str) -> list[str]:
    """Method, window (leads >= 2, lags >= 0, integers) and that every column exists.

    Returns the covariates as a list (empty without any).
    """
    if method not in ("twfe", "sunab"):
        raise ValueError(f"method must be 'twfe' or 'sunab'; got {method!r}")
    if not (isinstance(leads, int) and isinstance(lags, int)) or leads < 2 or lags < 0:
        raise ValueError(f"leads must be an integer >= 2 and lags >= 0; got {leads}, {lags}")
    covariates = list(covariates or [])
    for c in [outcome, unit, time, cohort, *covariates]:
        if c not in data.columns:
            raise KeyError(f"column {c!r} is not in the data")
    return covariates


def _estimation_sample(data: pd.DataFrame, outcome: str, unit: str, time: str, cohort: str,
                       covariates: list[str]) -> tuple[pd.DataFrame, pd.Series, pd.Series, int]:
    """Complete rows (listwise, as ``fit``) without always-treated units, with numeric indexes.

    Returns the rows, their time and cohort indexes, and the number of units
    treated at or before the first observed period (left out: no pre-period).
    """
    d = data[list(dict.fromkeys([outcome, unit, time, cohort, *covariates]))].copy()
    # the estimation sample (listwise, as fit): "first observed period" is within it
    d = d.loc[d[[unit, time, outcome, *covariates]].notna().all(axis=1)]
    if (d.groupby(unit)[cohort].nunique(dropna=False) > 1).any():
        raise ValueError(f"{cohort!r} must be constant within each {unit!r}")
    try:
        tvals = pd.to_numeric(d[time])
        cvals = pd.to_numeric(d[cohort]).astype("float64")
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{time!r} and {cohort!r} must be integer time indexes (e.g. from "
            "analysis.data.periods.period_index), not period labels") from exc
    first = tvals.min()
    always = cvals.notna() & (cvals <= first)
    n_always = int(d.loc[always, unit].nunique())
    return d.loc[~always], tvals.loc[~always], cvals.loc[~always], n_always


def _comparison_group(d: pd.DataFrame, tvals: pd.Series, cvals: pd.Series,
                      method: Method) -> _Sample:
    """The controls: never-treated units; without them, for ``"sunab"`` the last-treated cohort
    (periods from its start dropped), for ``"twfe"`` the not-yet-treated."""
    control = "never treated"
    treated_cohorts = sorted(cvals.dropna().unique().tolist())
    if not treated_cohorts:
        raise ValueError("no treated units (all cohort values missing or before the panel)")
    if cvals.isna().sum() == 0:
        if method == "sunab":
            last = treated_cohorts[-1]
            control = f"last-treated cohort {int(last)}"
            keep = tvals < last
            d, tvals, cvals = d.loc[keep], tvals.loc[keep], cvals.loc[keep]
            treated_cohorts = treated_cohorts[:-1]
            if not treated_cohorts:
                raise ValueError("sunab needs never-treated units or at least two cohorts")
        else:
            control = "not-yet-treated (no never-treated units)"
    return _Sample(d, tvals, cvals, treated_cohorts, control)


def _design(s: _Sample, leads: int, lags: int, method: Method) -> _Design:
    """Event-time dummies: ``"twfe"`` one per event time of the window (endpoints binned),
    ``"sunab"`` one per observed cohort x event-time cell (no binning); e = -1 is left out."""
    is_treated = s.cvals.notna() & s.cvals.isin(s.treated_cohorts)
    rel = (s.tvals - s.cvals).where(is_treated)
    window = [e for e in range(-leads, lags + 1) if e != -1]
    cols: dict[str, np.ndarray] = {}
    cells: dict[str, _Cell] = {}
    coh_arr = s.cvals.to_numpy()
    if method == "twfe":
        rel_arr = rel.clip(lower=-leads, upper=lags).to_numpy()
        event_times = window
        for e in event_times:
            name = f"_es_{_label(e)}"
            cols[name] = (rel_arr == e).astype(np.float64)
            cells[name] = (None, e)
    else:
        # fully saturated: every cohort x event-time cell has its own coefficient
        rel_arr = rel.to_numpy()
        observed = np.unique(rel_arr[np.isfinite(rel_arr)]).astype(int).tolist()
        event_times = [e for e in observed if e != -1]
        for c in s.treated_cohorts:
            in_c = coh_arr == c
            for e in event_times:
                x = (in_c & (rel_arr == e)).astype(np.float64)
                if x.any():
                    name = f"_sa_c{int(c)}_{_label(e)}"
                    cols[name] = x
                    cells[name] = (c, e)
    frame = pd.concat([s.data.reset_index(drop=True), pd.DataFrame(cols)], axis=1)
    names = [n for n in cols if cols[n].any()]
    return _Design(frame, names, cells, event_times, rel_arr, is_treated.to_numpy())


def _fit_design(design: _Design, outcome: str, covariates: list[str], unit: str, time: str,
                vcov: VcovSpec | None) -> FitResult:
    """The regression on the dummies with unit and time fixed effects (default: clustered by unit).

    ``fit``'s warnings are re-issued to the caller of :func:`event_study` with each
    dummy's name replaced by its event time (and cohort).
    """
    rhs = " + ".join(design.names + covariates)
    vc = vcov if vcov is not None else {"cluster": unit}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fit(design.frame, f"{outcome} ~ {rhs}", fe=[unit, time], vcov=vc)
    for w in caught:
        msg = str(w.message)
        for n, (c, e) in design.cells.items():
            msg = msg.replace(n, f"event time {e}" + ("" if c is None else f" of cohort {int(c)}"))
        warnings.warn(msg, w.category, stacklevel=3)
    return res


def _event_time_weights(design: _Design, est_names: list[str],
                        counts: dict[str, int]) -> tuple[np.ndarray, list[int]]:
    """W (event times x estimated coefficients): each cell's share of the treated observations
    at its event time; and the observations per event time (all dummies, estimated or not)."""
    cells = design.cells
    w_rows: list[np.ndarray] = []
    n_obs_e: list[int] = []
    for e in design.event_times:
        members = [n for n in est_names if cells[n][1] == e]
        row = np.zeros(len(est_names))
        tot = sum(counts[n] for n in members)
        for n in members:
            row[est_names.index(n)] = counts[n] / tot if tot else 0.0
        w_rows.append(row)
        n_obs_e.append(sum(counts[n] for n in [m for m in design.names if cells[m][1] == e]))
    return np.vstack(w_rows), n_obs_e


def _event_time_estimates(design: _Design, wmat: np.ndarray, b: np.ndarray, vb: np.ndarray,
                          n_obs_e: list[int], ref_n: int, leads: int,
                          lags: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Event-time effects W b with Var = W V W' in the window, plus the reference row e = -1.

    Returns the estimates table (event_time, estimate, std_error, n_obs) and the
    covariance of the estimated event times in the window.
    """
    event_times = design.event_times
    present = wmat.sum(axis=1) > 0
    est = np.where(present, wmat @ b, np.nan)
    cov = wmat @ vb @ wmat.T
    se = np.where(present, np.sqrt(np.clip(np.diag(cov), 0, None)), np.nan)
    in_window = np.array([-leads <= e <= lags for e in event_times])
    table = pd.DataFrame({"event_time": event_times, "estimate": est, "std_error": se,
                          "n_obs": n_obs_e}).loc[in_window]
    table = pd.concat([table, pd.DataFrame([{"event_time": -1, "estimate": 0.0, "std_error": 0.0,
                                             "n_obs": ref_n}])])
    table = table.sort_values("event_time").reset_index(drop=True)
    table["event_time"] = table["event_time"].astype(int)
    idx = [i for i, ok in enumerate(present & in_window) if ok]
    ev_ok = [event_times[i] for i in idx]
    return table, pd.DataFrame(cov[np.ix_(idx, idx)], index=ev_ok, columns=ev_ok)


def _overall_att(cells: dict[str, _Cell], est_names: list[str], counts: dict[str, int],
                 b: np.ndarray, vb: np.ndarray) -> dict[str, float]:
    """Post-period (e >= 0) coefficients weighted by their observation counts; delta-method SE."""
    post = [n for n in est_names if cells[n][1] >= 0]
    tot = sum(counts[n] for n in post)
    watt = np.array([counts[n] / tot if (tot and n in post) else 0.0 for n in est_names])
    att_est = float(watt @ b) if tot else math.nan
    att_se = float(math.sqrt(max(watt @ vb @ watt, 0.0))) if tot else math.nan
    return {"estimate": att_est, "std_error": att_se, "n_obs": tot}


def event_study(data: pd.DataFrame, outcome: str, unit: str, time: str, cohort: str,
                leads: int = 4, lags: int = 6, method: Method = "twfe",
                covariates: list[str] | None = None, vcov: VcovSpec | None = None) -> EventStudyResult:
    """Event-study regression around each unit's treatment start.

    Parameters
    ----------
    data : pandas.DataFrame
        Unit x time panel (long format; not modified).
    outcome : str
        Outcome column.
    unit, time : str
        Unit identifier and integer time index (e.g. ``analysis.data.periods.period_index``).
    cohort : str
        Integer time index of the unit's first treated period; missing for
        never-treated units. Must be constant within unit.
    leads, lags : int
        Event-time window reported: e = -leads..lags; event time -1 is the
        reference (its coefficient is 0). ``"twfe"`` *bins* the endpoints
        (e <= -leads counts as -leads, e >= lags as lags, so the endpoint
        coefficients pool all more distant periods). ``"sunab"`` does not bin:
        every cohort x event-time cell has its own coefficient (binning cells
        whose effects vary would contaminate the other estimates), and only
        the window is reported; ``att()`` averages all post-period cells.
    method : {"twfe", "sunab"}
        Two-way fixed effects with event-time dummies, or Sun & Abraham's
        interaction-weighted estimator.
    covariates : list of str, optional
        Time-varying controls added linearly.
    vcov : optional
        Passed to :func:`analysis.stats.models.fit`; default clustered by ``unit``.

    Returns
    -------
    EventStudyResult
        ``tidy()``, ``att()``, ``pretrend_test()``, ``method``.

    Notes
    -----
    TWFE: y_it = a_i + l_t + sum_{e != -1} b_e 1[t - c_i = e] + x_it'g + u_it.

    Sun & Abraham: y_it = a_i + l_t + sum_c sum_{e != -1} d_{c,e} 1[c_i = c] 1[t - c_i = e] + ...,
    with never-treated units as controls; if there are none, the last-treated
    cohort is the control group and periods from its start onwards are
    dropped. Event-time effects b_e = sum_c w_{c,e} d_{c,e}, with w_{c,e}
    the share of cohort c among treated observations at event time e in the
    estimation sample; Var(b) = W V W' (weights treated as fixed, as fixest's
    ``aggregate``). Units treated at or before the first observed period have
    no pre-period and are left out (counted in ``n_always_treated_dropped``).

    Missing data: rows with missing outcome, unit, time or covariates are
    dropped by :func:`analysis.stats.models.fit` (listwise).

    References
    ----------
    Sun, L. and Abraham, S. (2021). Estimating dynamic treatment effects in
    event studies with heterogeneous treatment effects. J. Econometrics 225, 175-199.
    Goodman-Bacon, A. (2021). Difference-in-differences with variation in
    treatment timing. J. Econometrics 225, 254-277.
    """
    covariates = _check_arguments(data, outcome, unit, time, cohort, covariates, leads, lags,
                                  method)
    d, tvals, cvals, n_always = _estimation_sample(data, outcome, unit, time, cohort, covariates)
    sample = _comparison_group(d, tvals, cvals, method)
    design = _design(sample, leads, lags, method)
    res = _fit_design(design, outcome, covariates, unit, time, vcov)
    frame = design.frame
    used = pd.Series(True, index=frame.index)
    for col in [outcome, *covariates]:
        used &= frame[col].notna()
    # observations per coefficient in the estimation sample
    positive = frame.loc[used, design.names].to_numpy() > 0
    counts = {n: int(k) for n, k in zip(design.names, positive.sum(axis=0), strict=True)}
    est_names = [n for n in design.names if n in res.coef.index]
    b = res.coef[est_names].to_numpy()
    vb = res.vcov.loc[est_names, est_names].to_numpy()
    wmat, n_obs_e = _event_time_weights(design, est_names, counts)
    ref_n = int(((design.rel_arr == -1) & used.to_numpy()).sum())
    table, vcov_e = _event_time_estimates(design, wmat, b, vb, n_obs_e, ref_n, leads, lags)
    treated = frame.loc[design.is_treated & used.to_numpy()]
    starts = treated.groupby(cohort)[unit].nunique()
    return EventStudyResult(
        method=method, estimates=table, vcov=vcov_e, fit=res, df_t=res.df_t,
        control=sample.control, n_treated_units=int(treated[unit].nunique()), n_obs=res.nobs,
        n_always_treated_dropped=n_always, leads=leads, lags=lags,
        _att=_overall_att(design.cells, est_names, counts, b, vb),
        cohort_sizes={int(c): int(k) for c, k in starts.items()},
    )
