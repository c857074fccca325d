"""Least squares with absorbed fixed effects: :func:`fit` and its result :class:`FitResult`.

Every model returns a small frozen result object whose ``tidy()`` frame has the
columns ``term, estimate, std_error, statistic, p_value, ci_low, ci_high``;
tables and notebooks derive everything from it (:mod:`analysis.text.tables`).

Conventions (the same as R's fixest and Stata, so numbers can be checked)
------------------------------------------------------------------------
* Absorbed fixed effects are removed by the within-transformation
  (alternating projections), never by dummy columns.
* ``vcov="iid"``: sigma^2 = SSR / (N - K - K_fe), where K_fe is the number of
  identified fixed-effect coefficients (levels minus redundant ones), so the
  standard errors equal those of the dummy-variable regression.
* ``vcov="hc1"``: White's sandwich times N / (N - K - K_fe) (Stata's ``robust``,
  equal to HC1 of the dummy-variable regression). ``"hc2"``/``"hc3"`` rescale
  squared residuals by 1/(1-h) and 1/(1-h)^2 with the full leverage h
  (including a single absorbed fixed effect; not available with two or more).
* ``vcov={"cluster": col}``: CRV1 with small-sample factor
  G/(G-1) x (N-1)/(N-K), where K counts the slopes plus the fixed-effect
  coefficients *not nested* in the cluster variable (a fixed effect whose every
  level lies inside one cluster adds only 1), which is fixest's default
  ``ssc(adj=TRUE, fixef.K="nested", cluster.adj=TRUE)``. Two-way clustering
  ``{"cluster": [a, b]}`` is Cameron, Gelbach and Miller's
  V_a + V_b - V_{a x b}, every term scaled with G = min(G_a, G_b).
* Inference: t distribution with N - K - K_fe degrees of freedom for iid and
  heteroskedasticity-robust SEs; with G - 1 (G = smallest cluster count) for
  clustered SEs, as fixest. Logit and Poisson: z for model-based and robust SEs,
  t(G - 1) for clustered SEs (the same small-cluster rule as the linear models).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.stats import demean as _demean
from analysis.stats import formula as _formula
from analysis.stats.vcov import (
    ModelSpecificationError,
    Vcov,
    VcovSpec,
    level_codes,
    tidy_frame,
    validate_vcov,
    vcov_cluster,
    vcov_hc,
)

_COLLINEAR_TOL = 1e-10


# ---------------------------------------------------------------------------
# result


@dataclass(frozen=True, repr=False)
class FitResult:
    """Result of :func:`fit`: coefficients, their covariance and fit statistics.

    Attributes
    ----------
    formula : str
        The model as estimated (fixed effects after ``|``).
    coef : pandas.Series
        Estimated coefficients, indexed by term.
    vcov : pandas.DataFrame
        Their estimated covariance (type in ``vcov_type``).
    vcov_type : str
        ``"iid"``, ``"HC1"``, ``"HC2"``, ``"HC3"`` or ``"CRV1 (col)"``.
    nobs : int
        Observations used.
    n_dropped : int
        Rows dropped for a missing value in any variable used (listwise deletion).
    n_singletons : int
        Fixed-effect singletons dropped (0 unless ``drop_singletons=True``).
    drop_singletons : bool
        Whether singletons were dropped (they are kept by default, as fixest's feols).
    fe : tuple of str
        Absorbed fixed effects.
    fe_sizes : dict
        Number of levels of each fixed effect.
    df_fe : int
        Identified fixed-effect coefficients (levels minus redundant ones).
    df_resid : int
        Residual degrees of freedom N - K - df_fe.
    df_t : int
        Degrees of freedom of the t distribution used for p-values and CIs
        (``df_resid``, or G - 1 with clustered SEs).
    n_clusters : dict
        Number of clusters per clustering variable.
    r2, r2_within, adj_r2 : float
        R-squared (total, including the fixed effects), within R-squared
        (of the demeaned model; NaN without fixed effects), adjusted R-squared.
    rmse : float
        sqrt(SSR / N).
    collinear : tuple of str
        Terms dropped because they were collinear or constant within the fixed effects.
    weights : str or None
        Weight column (analytic weights, WLS).
    """

    formula: str
    coef: pd.Series
    vcov: pd.DataFrame
    vcov_type: str
    nobs: int
    n_dropped: int
    n_singletons: int
    drop_singletons: bool
    fe: tuple[str, ...]
    fe_sizes: dict[str, int]
    df_fe: int
    df_resid: int
    df_t: int
    n_clusters: dict[str, int]
    r2: float
    r2_within: float
    adj_r2: float
    rmse: float
    ssr: float
    collinear: tuple[str, ...] = ()
    weights: str | None = None
    depvar: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def std_error(self) -> pd.Series:
        """Standard errors (square roots of the vcov diagonal)."""
        return pd.Series(np.sqrt(np.diag(self.vcov.to_numpy())), index=self.coef.index)

    def tidy(self, level: float = 0.95) -> pd.DataFrame:
        """One row per term: term, estimate, std_error, statistic, p_value, ci_low, ci_high.

        ``statistic`` is estimate / std_error; p-values and the ``level``
        confidence interval use the t distribution with ``df_t`` degrees of freedom.
        """
        return tidy_frame(self.coef, self.std_error.to_numpy(), sps.t(self.df_t), level)

    def wald_test(self, terms: Sequence[str]) -> tuple[float, float]:
        """Joint test that all ``terms`` are zero: (F statistic, p-value).

        F = b' V^{-1} b / q with V this result's vcov; the p-value uses
        F(q, df_t) (for clustered SEs, q and G - 1 degrees of freedom, as fixest's ``wald``).
        """
        terms = list(terms)
        missing = [t for t in terms if t not in self.coef.index]
        if missing:
            raise KeyError(f"terms not in the model: {missing}")
        if not terms:
            return math.nan, math.nan
        b = self.coef[terms].to_numpy()
        v = self.vcov.loc[terms, terms].to_numpy()
        stat = float(b @ np.linalg.solve(v, b)) / len(terms)
        return stat, float(sps.f.sf(stat, len(terms), self.df_t))

    def __repr__(self) -> str:
        fe = ", ".join(f"{k}({v:,})" for k, v in self.fe_sizes.items()) or "none"
        r2w = "" if math.isnan(self.r2_within) else f", within R²={self.r2_within:.3f}"
        drop = f", dropped {self.n_dropped:,} incomplete" if self.n_dropped else ""
        if self.drop_singletons:
            drop += f", dropped {self.n_singletons:,} singletons"
        return (f"FitResult({self.formula}: N={self.nobs:,}{drop}, {len(self.coef)} coef, "
                f"FE {fe}, SE {self.vcov_type}, R²={self.r2:.3f}{r2w})")


# ---------------------------------------------------------------------------
# fit


def _drop_collinear(xt: np.ndarray, names: list[str], raw_ss: np.ndarray,
                    raw_zero: np.ndarray, has_fe: bool) -> tuple[np.ndarray, list[str], list[str]]:
    """Remove columns constant within the fixed effects, then linearly dependent ones."""
    dropped: list[str] = []
    empty: list[str] = []
    keep_idx: list[int] = []
    ss = np.einsum("ij,ij->j", xt, xt)
    for j, n in enumerate(names):
        if raw_ss[j] == 0 and raw_zero[j]:
            empty.append(n)
        elif raw_ss[j] == 0 or ss[j] <= _COLLINEAR_TOL * raw_ss[j]:
            dropped.append(n)
        else:
            keep_idx.append(j)
    if empty:
        warnings.warn(f"dropped {', '.join(empty)}: all zero (e.g. a category level with no "
                      "observations)", UserWarning, stacklevel=4)
    if dropped:
        why = "constant within the fixed effects" if has_fe else "constant (zero variance)"
        warnings.warn(f"dropped {', '.join(dropped)}: {why}", UserWarning, stacklevel=4)
    dropped = empty + dropped
    xt = xt[:, keep_idx]
    names = [names[j] for j in keep_idx]
    if not names:
        return xt, names, dropped
    xtx = xt.T @ xt
    d = np.sqrt(np.diag(xtx))
    corr = xtx / np.outer(d, d)
    kept: list[int] = []
    collin: list[str] = []
    for j in range(len(names)):
        if kept:
            s = corr[np.ix_(kept, kept)]
            r = corr[kept, j]
            resid = corr[j, j] - r @ np.linalg.solve(s, r)
        else:
            resid = corr[j, j]
        if resid > _COLLINEAR_TOL:
            kept.append(j)
        else:
            collin.append(names[j])
    if collin:
        warnings.warn(f"dropped {', '.join(collin)}: collinear with other terms",
                      UserWarning, stacklevel=4)
    return xt[:, kept], [names[j] for j in kept], dropped + collin


def fit(data: pd.DataFrame, formula: str, fe: Sequence[str] | str | None = None,
        vcov: VcovSpec = "iid", weights: str | None = None,
        drop_singletons: bool = False) -> FitResult:
    """Least squares with any number of absorbed fixed effects.

    Parameters
    ----------
    data : pandas.DataFrame
        Long-format data (not modified).
    formula : str
        ``"y ~ x1 + x2 + C(g) + x1:x2"`` (patsy syntax) with an optional
        fixest-style fixed-effect part ``"| fe1 + fe2"`` (``a^b`` absorbs the
        combination of two columns).
    fe : list of str, optional
        Fixed effects to absorb (alternative to the ``|`` part).
    vcov : {"iid", "hc1", "hc2", "hc3"} or {"cluster": col} or {"cluster": [a, b]}
        Standard-error type (see Notes).
    weights : str, optional
        Column of analytic (precision) weights: weighted least squares,
        minimising sum w_i e_i^2.
    drop_singletons : bool, default False
        Drop observations alone in their fixed-effect level, repeating until
        none is left (as Stata's reghdfe; fixest removes them in one pass).
        Kept by default, like R fixest's feols (pyfixest drops them by
        default); they do not change the slopes but count in N and in the
        degrees of freedom. The choice is stated in ``drop_singletons`` and the
        number dropped in ``n_singletons``.

    Returns
    -------
    FitResult
        With ``tidy()``, ``coef``, ``vcov``, ``nobs``, ``r2``, ``r2_within``,
        ``vcov_type``, ``fe``, ``n_dropped``, ``df_resid``.

    Notes
    -----
    Estimand: the coefficients b of y = X b + D a + e, where D are the
    absorbed fixed effects; by Frisch-Waugh-Lovell, b is the OLS of the
    within-transformed y on the within-transformed X.

    Standard errors (fixest / Stata conventions):

    * iid: V = s^2 (X~'X~)^{-1}, s^2 = SSR / (N - K - K_fe), with K_fe the
      identified fixed-effect coefficients (levels minus redundant ones:
      exact for two fixed effects via connected components) -- equal to the
      dummy-variable regression's SEs.
    * hc1: (X~'X~)^{-1} (sum e_i^2 x_i x_i') (X~'X~)^{-1} x N / (N - K - K_fe).
    * hc2, hc3: squared residuals divided by (1 - h_i) or (1 - h_i)^2, with
      h_i the leverage including one absorbed fixed effect (two or more: error).
    * cluster (CRV1): sum over clusters of the score outer products, times
      G/(G-1) x (N-1)/(N-K), where K = slopes + fixed-effect coefficients not
      nested in a cluster variable (+1 for each nested one). Two-way:
      V_a + V_b - V_ab (Cameron-Gelbach-Miller), G = min(G_a, G_b).
    * p-values and CIs: t distribution, df = N - K - K_fe, or G - 1 clustered.

    Missing data: listwise deletion over every column the model uses
    (response, regressors, fixed effects, cluster and weight columns); the
    number dropped is ``n_dropped``. Terms that are constant within the fixed
    effects or collinear are dropped with a warning and listed in
    ``collinear``; if nothing is left an error is raised.

    R-squared is 1 - SSR/TSS with TSS around the (weighted) mean (uncentred
    if the model has neither intercept nor fixed effects); within R-squared
    uses the TSS of the demeaned response.

    References
    ----------
    Berge, L. (2018). fixest: efficient estimation of fixed-effects models.
    Cameron, A. C., Gelbach, J. B. and Miller, D. L. (2011). Robust inference
    with multiway clustering. JBES 29(2), 238-249.
    Correia, S. (2015). Singletons, cluster-robust standard errors and fixed
    effects: a bad mix.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.5, 5.0, 6.0],
    ...                   "x": [0.0, 1.0, 1.0, 3.0, 2.0, 3.0], "g": list("aabbcc")})
    >>> res = fit(d, "y ~ x | g")
    >>> round(float(res.coef["x"]), 3)
    1.0
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    if not isinstance(drop_singletons, bool):
        raise ModelSpecificationError(f"drop_singletons must be True or False; got {drop_singletons!r}")
    vc = validate_vcov(vcov)
    parsed = _formula.parse(formula, fe)
    sub, n_dropped = _complete_rows(data, parsed, vc, weights)
    fe_terms = list(parsed.fe)
    fe_codes, fe_sizes = _fixed_effect_codes(sub, fe_terms)
    n_singletons = 0
    if drop_singletons and fe_codes:
        sub, fe_codes, fe_sizes, n_singletons = _without_singletons(sub, fe_terms, fe_codes, fe_sizes)
    n = len(sub)
    if n == 0:
        raise ModelSpecificationError("no complete observations left to fit the model")
    has_fe = bool(fe_terms)
    y, x, names = _formula.design(parsed, sub, intercept=not has_fe)
    w = _weights(sub, weights)
    fes = _demean.FixedEffects(tuple(fe_terms), tuple(fe_codes), tuple(fe_sizes))
    within = _within_design(y, x, names, fes, w, has_fe, parsed.text)
    del x
    xtx = within.xw.T @ within.xw
    bread = np.linalg.inv(xtx)
    beta = bread @ (within.xw.T @ within.yw)
    resid = within.yt - within.xt @ beta  # residual of the full model (FE absorbed)
    ssr = _wss(resid, w)
    k = len(within.names)
    df_fe = int(sum(fe_sizes) - within.redundant) if has_fe else 0
    df_resid = n - k - df_fe
    if df_resid <= 0:
        raise ModelSpecificationError(
            f"no residual degrees of freedom: N={n}, K={k}, fixed-effect coefficients={df_fe}")
    r2, adj_r2, r2_within = _r_squared(y, within.yt, ssr, w, has_fe, within.has_const, n, df_resid)
    wres = resid if w is None else resid * w  # w_i e_i
    v, df_t, n_clusters = _covariance(vc, sub, within, bread, wres, w, fes, ssr, df_resid, df_fe)
    coef = pd.Series(beta, index=pd.Index(within.names, dtype=object), name="estimate")
    vcov_df = pd.DataFrame(v, index=coef.index, columns=coef.index)
    wsum = float(n if w is None else w.sum())
    return FitResult(
        formula=parsed.text,
        coef=coef,
        vcov=vcov_df,
        vcov_type=vc.label,
        nobs=n,
        n_dropped=n_dropped,
        n_singletons=n_singletons,
        drop_singletons=drop_singletons,
        fe=tuple(fe_terms),
        fe_sizes=dict(zip(fe_terms, fe_sizes, strict=True)),
        df_fe=df_fe,
        df_resid=df_resid,
        df_t=int(df_t),
        n_clusters=n_clusters,
        r2=r2,
        r2_within=r2_within,
        adj_r2=adj_r2,
        rmse=math.sqrt(ssr / wsum),
        ssr=ssr,
        collinear=tuple(within.collinear),
        weights=weights,
        depvar=parsed.lhs,
    )


# --------------------------------------------------------------------------- the steps of fit


def _complete_rows(data: pd.DataFrame, parsed: _formula.ParsedFormula, vc: Vcov,
                   weights: str | None) -> tuple[pd.DataFrame, int]:
    """The columns the model uses (response, regressors, fixed effects, cluster and weight
    columns), complete rows only (listwise deletion), and how many rows were dropped."""
    used = _formula.referenced_columns(parsed, data)
    extra_cols = list(vc.clusters) + ([weights] if weights else [])
    for c in extra_cols:
        if c not in data.columns:
            raise KeyError(f"column {c!r} (cluster or weights) is not in the data")
    cols = list(dict.fromkeys(used + extra_cols))
    sub = data[cols]
    complete = sub.notna().all(axis=1).to_numpy()
    n_dropped = int((~complete).sum())
    if n_dropped:
        sub = sub.loc[complete]
    return sub, n_dropped


def _fixed_effect_codes(sub: pd.DataFrame, fe_terms: Sequence[str]) -> tuple[list[np.ndarray], list[int]]:
    """Integer codes and level counts of each absorbed fixed effect."""
    codes: list[np.ndarray] = []
    sizes: list[int] = []
    for term in fe_terms:
        c, s = level_codes(sub, _formula.fe_columns(term))
        codes.append(c)
        sizes.append(s)
    return codes, sizes


def _without_singletons(sub: pd.DataFrame, fe_terms: Sequence[str], fe_codes: list[np.ndarray],
                        fe_sizes: list[int]) -> tuple[pd.DataFrame, list[np.ndarray], list[int], int]:
    """Drop observations alone in a fixed-effect level, repeatedly (reghdfe); re-code the effects."""
    keep = _demean.singleton_mask(fe_codes, fe_sizes)
    n_singletons = int((~keep).sum())
    if n_singletons:
        sub = sub.loc[keep]
        fe_codes, fe_sizes = _fixed_effect_codes(sub, fe_terms)
    return sub, fe_codes, fe_sizes, n_singletons


def _weights(sub: pd.DataFrame, weights: str | None) -> np.ndarray | None:
    """The analytic weights (finite, non-negative), or ``None``."""
    if not weights:
        return None
    w = sub[weights].to_numpy(dtype=np.float64)
    if np.any(w < 0) or not np.all(np.isfinite(w)):
        raise ModelSpecificationError(f"weights {weights!r} must be finite and non-negative")
    return w


def _wss(a: np.ndarray, w: np.ndarray | None, centre: float = 0.0) -> float:
    """(Weighted) sum of squares of a - centre."""
    dev = a - centre if centre else a
    return float(dev @ dev) if w is None else float(w @ (dev * dev))


def _wsum(a: np.ndarray, w: np.ndarray | None) -> float:
    """(Weighted) sum of a."""
    return float(a.sum()) if w is None else float(w @ a)


@dataclass(frozen=True)
class _Within:
    """The within-transformed design of :func:`fit` after dropping collinear terms.

    ``yt``, ``xt``: demeaned response and regressors; ``yw``, ``xw``: the same times
    sqrt(w) (equal without weights); ``names`` the kept terms, ``collinear`` the dropped
    ones; ``redundant`` the redundant fixed-effect coefficients; ``has_const`` whether an
    intercept (without fixed effects) is in the model.
    """

    yt: np.ndarray
    xt: np.ndarray
    yw: np.ndarray
    xw: np.ndarray
    names: list[str]
    collinear: list[str]
    redundant: int
    has_const: bool


def _within_design(y: np.ndarray, x: np.ndarray, names: list[str], fes: _demean.FixedEffects,
                   w: np.ndarray | None, has_fe: bool, formula_text: str) -> _Within:
    """Absorb the fixed effects (Frisch-Waugh-Lovell) and drop terms that are constant within
    them or collinear (:func:`_drop_collinear`, judged against their raw sums of squares)."""
    wsum = float(len(y) if w is None else w.sum())
    has_const = (not has_fe) and ("Intercept" in names)
    yt_x, redundant = _demean.absorb(np.column_stack([y, x]) if x.size else y[:, None], fes, w)
    yt = np.ascontiguousarray(yt_x[:, 0])
    xt = yt_x[:, 1:]
    del yt_x
    # raw (centred when there are FE) sums of squares of regressors
    if x.shape[1]:
        if has_fe:
            raw_ss = np.array([_wss(x[:, j], w, _wsum(x[:, j], w) / wsum) for j in range(x.shape[1])])
            raw_ss = np.where(raw_ss == 0, 0.0, raw_ss)
        else:
            raw_ss = np.array([_wss(x[:, j], w) for j in range(x.shape[1])])
    else:
        raw_ss = np.zeros(0)
    raw_zero = np.array([not np.any(x[:, j]) for j in range(x.shape[1])], dtype=bool)
    sw = None if w is None else np.sqrt(w)
    xw = xt if sw is None else xt * sw[:, None]
    xw, names, collinear = _drop_collinear(np.asarray(xw), names, raw_ss, raw_zero, has_fe)
    if not names:
        raise ModelSpecificationError(
            f"nothing to estimate: every term of {formula_text!r} was dropped ({', '.join(collinear)})")
    xt = xw if sw is None else xw / sw[:, None]
    yw = yt if sw is None else yt * sw
    return _Within(yt=yt, xt=xt, yw=yw, xw=xw, names=names, collinear=collinear, redundant=redundant,
                   has_const=has_const)


def _r_squared(y: np.ndarray, yt: np.ndarray, ssr: float, w: np.ndarray | None, has_fe: bool,
               has_const: bool, n: int, df_resid: int) -> tuple[float, float, float]:
    """R-squared (TSS around the weighted mean; uncentred without intercept and FE), adjusted
    R-squared, and within R-squared (TSS of the demeaned response; NaN without FE)."""
    wsum = float(n if w is None else w.sum())
    ymean = _wsum(y, w) / wsum
    tss = _wss(y, w, ymean) if (has_fe or has_const) else _wss(y, w)
    r2 = 1 - ssr / tss if tss > 0 else math.nan
    adj_r2 = 1 - (1 - r2) * (n - (1 if (has_fe or has_const) else 0)) / df_resid
    if has_fe:
        tss_w = _wss(yt, w)
        r2_within = 1 - ssr / tss_w if tss_w > 0 else math.nan
    else:
        r2_within = math.nan
    return r2, adj_r2, r2_within


def _covariance(vc: Vcov, sub: pd.DataFrame, within: _Within, bread: np.ndarray, wres: np.ndarray,
                w: np.ndarray | None, fes: _demean.FixedEffects, ssr: float, df_resid: int,
                df_fe: int) -> tuple[np.ndarray, int, dict[str, int]]:
    """The coefficients' covariance (symmetrised), the t degrees of freedom and the cluster
    counts: iid s^2 (X~'X~)^{-1} with s^2 = SSR/df_resid, HC1-3 (:func:`vcov_hc`) or CRV1
    (:func:`vcov_cluster`)."""
    n, k = len(wres), len(within.names)
    if vc.kind == "iid":
        v, df_t, n_clusters = bread * (ssr / df_resid), df_resid, {}
    elif vc.kind in ("hc1", "hc2", "hc3"):
        v, df_t, n_clusters = vcov_hc(vc.kind, within.xt, within.xw, bread, wres, w, fes, n, df_resid), df_resid, {}
    else:
        v, df_t, n_clusters = vcov_cluster(vc, sub, within.xt, bread, wres, list(fes.names), list(fes.codes),
                                           list(fes.sizes), n, k, df_fe)
    return (v + v.T) / 2, df_t, n_clusters
