"""Regression models: OLS with absorbed fixed effects, logit, Poisson, mixed models.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.stats import demean as _demean
from analysis.stats import formula as _formula

VcovName = Literal["iid", "hc1", "hc2", "hc3"]
VcovSpec = VcovName | Mapping[str, str | Sequence[str]]

TIDY_COLUMNS = ["term", "estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high"]
_COLLINEAR_TOL = 1e-10


__all__ = ["FitResult", "GLMResult", "ModelSpecificationError", "fit", "logit", "mixed", "poisson",
           "validate_vcov"]


class ModelSpecificationError(ValueError):
    """A model cannot be estimated as specified (bad option, no data, nothing left to estimate)."""


def _check_cluster_count(column: str, n_groups: int) -> None:
    """Clustered SEs need at least two clusters (the G/(G-1) factor is undefined with one)."""
    if n_groups < 2:
        raise ModelSpecificationError(
            f"clustered standard errors need at least 2 clusters; {column!r} has {n_groups} "
            "in the estimation sample: use vcov='hc1' or a coarser cluster variable"
        )


# ---------------------------------------------------------------------------
# option validation


def _check_choice(name: str, value: object, choices: tuple[object, ...]) -> None:
    if value not in choices:
        shown = ", ".join(repr(c) for c in choices)
        raise ModelSpecificationError(f"{name} must be one of {shown}; got {value!r}")


@dataclass(frozen=True)
class _Vcov:
    kind: Literal["iid", "hc1", "hc2", "hc3", "cluster"]
    clusters: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.kind == "cluster":
            return "CRV1 (" + " & ".join(self.clusters) + ")"
        return self.kind.upper() if self.kind != "iid" else "iid"


def validate_vcov(vcov: object) -> _Vcov:
    """Check a ``vcov`` option and return its normalised form.

    Accepted: ``"iid"``, ``"hc1"``, ``"hc2"``, ``"hc3"`` (case-insensitive;
    ``"hetero"`` means ``"hc1"``), ``{"cluster": "col"}``, ``{"cluster": ["a", "b"]}``.
    """
    if isinstance(vcov, str):
        v = vcov.lower()
        if v == "hetero":
            v = "hc1"
        _check_choice("vcov", v, get_args(VcovName) + ("{'cluster': column}",))
        return _Vcov(v)  # type: ignore[arg-type]
    if isinstance(vcov, Mapping):
        if set(vcov) != {"cluster"}:
            raise ModelSpecificationError(
                f"a vcov mapping must have the single key 'cluster'; got keys {sorted(vcov)}")
        cl = vcov["cluster"]
        cols = (cl,) if isinstance(cl, str) else tuple(cl)
        if not 1 <= len(cols) <= 2 or not all(isinstance(c, str) for c in cols):
            raise ModelSpecificationError(
                f"vcov={{'cluster': ...}} takes one column name or a list of two; got {cl!r}")
        return _Vcov("cluster", cols)
    raise ModelSpecificationError(
        f"vcov must be 'iid', 'hc1', 'hc2', 'hc3' or {{'cluster': column}}; got {vcov!r}")


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
        if not 0 < level < 1:
            raise ValueError(f"level must be between 0 and 1; got {level}")
        est = self.coef.to_numpy()
        se = self.std_error.to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = est / se
        p = 2 * sps.t.sf(np.abs(stat), self.df_t)
        q = sps.t.ppf(0.5 + level / 2, self.df_t)
        return pd.DataFrame({
            "term": pd.Series(self.coef.index, dtype=object),
            "estimate": est,
            "std_error": se,
            "statistic": stat,
            "p_value": p,
            "ci_low": est - q * se,
            "ci_high": est + q * se,
        })

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


def _codes(frame: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, int]:
    """Integer codes 0..G-1 of the level (combination) of each row, and G."""
    if len(cols) == 1:
        s = frame[cols[0]]
        if pd.api.types.is_integer_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
            v = s.to_numpy(dtype=np.int64)
            if v.size:
                lo, hi = int(v.min()), int(v.max())
                if hi - lo < 4 * v.size + 1000:  # dense range: O(N) relabelling, no hashing
                    shifted = v - lo if lo else v
                    present = np.zeros(hi - lo + 1, dtype=bool)
                    present[shifted] = True
                    if present.all():
                        return shifted, int(present.size)
                    relabel = np.cumsum(present) - 1
                    return relabel[v - lo].astype(np.int64), int(present.sum())
        codes, uniq = pd.factorize(s, sort=False)
        return codes.astype(np.int64), len(uniq)
    codes, uniq = pd.factorize(pd.MultiIndex.from_frame(frame[cols]), sort=False)
    return codes.astype(np.int64), len(uniq)


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
    if vc.kind == "iid":
        v, df_t, n_clusters = bread * (ssr / df_resid), df_resid, {}
    elif vc.kind in ("hc1", "hc2", "hc3"):
        v, df_t, n_clusters = _vcov_hc(vc.kind, within, bread, wres, w, fes, n, df_resid), df_resid, {}
    else:
        v, df_t, n_clusters = _vcov_cluster(vc, sub, within.xt, bread, wres, fe_terms, fe_codes, fe_sizes,
                                            n, k, df_fe)
    v = (v + v.T) / 2
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


def _complete_rows(data: pd.DataFrame, parsed: _formula.ParsedFormula, vc: _Vcov,
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
        c, s = _codes(sub, _formula.fe_columns(term))
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


def _vcov_hc(kind: str, within: _Within, bread: np.ndarray, wres: np.ndarray, w: np.ndarray | None,
             fes: _demean.FixedEffects, n: int, df_resid: int) -> np.ndarray:
    """HC1 (x N/(N - K - K_fe)), HC2 or HC3 (leverage with at most one absorbed effect) sandwich."""
    if kind == "hc1":
        u2 = wres**2
        factor = n / df_resid
    else:
        if fes.n_fe > 1:
            raise ModelSpecificationError(
                f"vcov={kind!r} needs observation leverages, available with at most one "
                "absorbed fixed effect; use 'hc1' or a cluster vcov")
        h = np.einsum("ij,jk,ik->i", within.xw, bread, within.xw)
        if fes.n_fe == 1:
            codes, size = fes.codes[0], fes.sizes[0]
            cnt = np.bincount(codes, weights=w, minlength=size)
            h = h + (1.0 if w is None else w) / cnt[codes]
        if np.any(h >= 1 - 1e-12):
            raise ModelSpecificationError(
                f"vcov={kind!r} is undefined: some observations have leverage 1 "
                "(e.g. fixed-effect singletons); use drop_singletons=True or 'hc1'")
        u2 = wres**2 / ((1 - h) if kind == "hc2" else (1 - h) ** 2)
        factor = 1.0
    meat = (within.xt * u2[:, None]).T @ within.xt
    return factor * bread @ meat @ bread


def _vcov_cluster(vc: _Vcov, sub: pd.DataFrame, xt: np.ndarray, bread: np.ndarray, wres: np.ndarray,
                  fe_terms: Sequence[str], fe_codes: Sequence[np.ndarray], fe_sizes: Sequence[int],
                  n: int, k: int, df_fe: int) -> tuple[np.ndarray, int, dict[str, int]]:
    """CRV1 (one- or two-way, Cameron-Gelbach-Miller) with the small-sample factor
    G/(G-1) x (N-1)/(N-K), K counting fixed effects nested in a cluster as 1; returns the
    covariance, the t degrees of freedom G - 1 (G the smallest cluster count) and the counts."""
    n_clusters: dict[str, int] = {}
    cl_codes = []
    for c in vc.clusters:
        if c in fe_terms:
            j = list(fe_terms).index(c)
            cc, g = fe_codes[j], fe_sizes[j]
        else:
            cc, g = _codes(sub, [c])
        _check_cluster_count(c, g)
        cl_codes.append((cc, g))
        n_clusters[c] = g
    # fixed effects nested in a cluster variable
    nested_sizes = 0
    n_nested = 0
    for fc, fs in zip(fe_codes, fe_sizes, strict=True):
        if any(_demean.nested_in(fc, fs, cc, g) for cc, g in cl_codes):
            nested_sizes += fs
            n_nested += 1
    k_eff = k + df_fe - nested_sizes + n_nested
    g_min = min(g for _, g in cl_codes)
    if g_min < 2:
        raise ModelSpecificationError("clustered SEs need at least two clusters")
    small = g_min / (g_min - 1) * (n - 1) / (n - k_eff)
    scores = xt * wres[:, None]

    def crv(codes: np.ndarray, g: int) -> np.ndarray:
        sg = np.column_stack([np.bincount(codes, weights=scores[:, j], minlength=g) for j in range(k)])
        return sg.T @ sg

    if len(cl_codes) == 1:
        meat = crv(*cl_codes[0])
    else:
        (a, ga), (b, gb) = cl_codes
        ab = pd.factorize(a * np.int64(gb) + b)[0].astype(np.int64)
        gab = int(ab.max()) + 1
        meat = crv(a, ga) + crv(b, gb) - crv(ab, gab)
    v = small * bread @ meat @ bread
    if np.any(np.diag(v) < 0):
        warnings.warn("two-way cluster vcov has negative variances; their SEs are NaN",
                      RuntimeWarning, stacklevel=3)
    return v, g_min - 1, n_clusters


# ---------------------------------------------------------------------------
# generalised linear and mixed models


@dataclass(frozen=True, repr=False)
class GLMResult:
    """Result of :func:`logit`, :func:`poisson` or :func:`mixed`.

    Same core attributes as :class:`FitResult` (``coef``, ``vcov``, ``nobs``,
    ``n_dropped``, ``vcov_type``, ``tidy()``). Inference uses the normal
    distribution (z statistics), as statsmodels, for model-based and
    heteroskedasticity-robust SEs; with clustered SEs (``df_t`` set) the t
    distribution with G - 1 degrees of freedom (G = smallest cluster count), as
    :func:`fit` and fixest's ``feglm`` with clustered SEs.
    ``ratio_name`` is ``"odds_ratio"`` (logit), ``"rate_ratio"`` (Poisson)
    or ``None`` (mixed). ``variance_components`` (mixed models) lists the
    estimated variances of the random effects and of the residual.
    """

    formula: str
    model: str
    coef: pd.Series
    vcov: pd.DataFrame
    vcov_type: str
    nobs: int
    n_dropped: int
    n_clusters: dict[str, int]
    loglik: float
    pseudo_r2: float
    ratio_name: str | None
    converged: bool
    variance_components: pd.DataFrame | None = None
    fe: tuple[str, ...] = ()
    r2: float = math.nan
    r2_within: float = math.nan
    depvar: str = ""
    df_t: int | None = None

    @property
    def std_error(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.vcov.to_numpy())), index=self.coef.index)

    def tidy(self, level: float = 0.95) -> pd.DataFrame:
        """term, estimate, std_error, statistic (z, or t with ``df_t`` degrees of freedom when
        the SEs are clustered), p_value, ci_low, ci_high (+ odds_ratio or rate_ratio with
        ratio_ci_low, ratio_ci_high = exp of the CI).

        A ratio or bound beyond the float range (a log-scale value above ~709, as under
        separation, where the standard error explodes) is ``inf``: the interval is unbounded.
        """
        if not 0 < level < 1:
            raise ValueError(f"level must be between 0 and 1; got {level}")
        est = self.coef.to_numpy()
        se = self.std_error.to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            z = est / se
        dist = sps.norm if self.df_t is None else sps.t(self.df_t)
        q = dist.ppf(0.5 + level / 2)
        out = pd.DataFrame({
            "term": pd.Series(self.coef.index, dtype=object), "estimate": est, "std_error": se,
            "statistic": z, "p_value": 2 * dist.sf(np.abs(z)),
            "ci_low": est - q * se, "ci_high": est + q * se,
        })
        if self.ratio_name:
            with np.errstate(over="ignore"):  # inf: an unbounded ratio (see above), not a warning in a report
                out[self.ratio_name] = np.exp(out["estimate"].to_numpy())
                out["ratio_ci_low"] = np.exp(out["ci_low"].to_numpy())
                out["ratio_ci_high"] = np.exp(out["ci_high"].to_numpy())
        return out

    def __repr__(self) -> str:
        return (f"GLMResult({self.model}: {self.formula}: N={self.nobs:,}, {len(self.coef)} coef, "
                f"SE {self.vcov_type}, logLik={self.loglik:.1f})")


def _prepare(data: pd.DataFrame, formula: str, extra: list[str]) -> tuple[
        _formula.ParsedFormula, pd.DataFrame, int]:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    parsed = _formula.parse(formula, None)
    if parsed.fe:
        raise ModelSpecificationError(
            "logit/poisson/mixed do not absorb fixed effects; add them as C(col) terms")
    for c in extra:
        if c not in data.columns:
            raise KeyError(f"column {c!r} is not in the data")
    cols = list(dict.fromkeys(_formula.referenced_columns(parsed, data) + extra))
    sub = data[cols]
    complete = sub.notna().all(axis=1).to_numpy()
    n_dropped = int((~complete).sum())
    sub = sub.loc[complete]
    if len(sub) == 0:
        raise ModelSpecificationError("no complete observations left to fit the model")
    return parsed, sub, n_dropped


def _glm(data: pd.DataFrame, formula: str, vcov: VcovSpec, family: str,
         exposure: str | None) -> GLMResult:
    import statsmodels.api as sm

    vc = validate_vcov(vcov)
    if vc.kind in ("hc2", "hc3"):
        raise ModelSpecificationError(f"vcov={vc.kind!r} is for linear models; use 'hc1' or a cluster")
    extra = list(vc.clusters) + ([exposure] if exposure else [])
    parsed, sub, n_dropped = _prepare(data, formula, extra)
    y, x, names = _formula.design(parsed, sub, intercept=True)
    if family == "logit":
        if not np.isin(y, (0.0, 1.0)).all():
            raise ModelSpecificationError(f"logit needs a 0/1 response; {parsed.lhs!r} has other values")
        fam = sm.families.Binomial()
    else:
        if np.any(y < 0):
            raise ModelSpecificationError(f"poisson needs a non-negative response; {parsed.lhs!r} is negative")
        fam = sm.families.Poisson()
    offset = None
    if exposure:
        ex = sub[exposure].to_numpy(dtype=np.float64)
        if np.any(ex <= 0):
            raise ModelSpecificationError(f"exposure {exposure!r} must be positive")
        offset = np.log(ex)
    rank = np.linalg.matrix_rank(x)
    if rank < x.shape[1]:
        raise ModelSpecificationError(
            f"the design of {parsed.text!r} is collinear (rank {rank} < {x.shape[1]} columns: "
            f"{', '.join(names)}); remove redundant terms")
    model = sm.GLM(y, x, family=fam, offset=offset)
    n_clusters: dict[str, int] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if vc.kind == "iid":
            res = model.fit(tol=1e-12)
        elif vc.kind == "hc1":
            res = model.fit(cov_type="HC1", tol=1e-12)
        else:
            groups = []
            for c in vc.clusters:
                codes, g = _codes(sub, [c])
                _check_cluster_count(c, g)
                groups.append(codes)
                n_clusters[c] = g
            grp = groups[0] if len(groups) == 1 else np.column_stack(groups)
            res = model.fit(cov_type="cluster", tol=1e-12,
                            cov_kwds={"groups": grp, "use_correction": True, "df_correction": True})
    converged = bool(getattr(res, "converged", True))
    for w in caught:
        warnings.warn(str(w.message), w.category, stacklevel=3)
    if not converged:
        warnings.warn(f"{family} did not converge; estimates may be unreliable (separation?)",
                      RuntimeWarning, stacklevel=3)
    idx = pd.Index(names, dtype=object)
    llnull = float(res.llnull)
    return GLMResult(
        formula=parsed.text, model=family, coef=pd.Series(np.asarray(res.params), index=idx),
        vcov=pd.DataFrame(np.asarray(res.cov_params()), index=idx, columns=idx),
        vcov_type=vc.label, nobs=int(res.nobs), n_dropped=n_dropped, n_clusters=n_clusters,
        loglik=float(res.llf), pseudo_r2=1 - float(res.llf) / llnull if llnull else math.nan,
        ratio_name="odds_ratio" if family == "logit" else "rate_ratio", converged=converged,
        depvar=parsed.lhs, df_t=min(n_clusters.values()) - 1 if n_clusters else None,
    )


def logit(data: pd.DataFrame, formula: str, vcov: VcovSpec = "iid") -> GLMResult:
    """Logistic regression (binomial GLM, logit link) with robust or clustered SEs.

    Parameters
    ----------
    data : pandas.DataFrame
    formula : str
        ``"attended ~ x1 + C(g)"`` (patsy); the response must be 0/1 (or bool).
    vcov : {"iid", "hc1"} or {"cluster": col} or {"cluster": [a, b]}
        ``"iid"``: inverse information matrix; ``"hc1"``: sandwich with
        n/(n-k); cluster: sandwich summed by cluster with statsmodels'
        correction G/(G-1) x (N-1)/(N-K) -- the same small-sample convention
        as :func:`fit` (two-way: Cameron-Gelbach-Miller).

    Returns
    -------
    GLMResult
        ``tidy()`` has the usual columns plus ``odds_ratio``, ``ratio_ci_low``,
        ``ratio_ci_high`` (exp of the estimate and of its CI).

    Notes
    -----
    Estimand: log-odds ratios b in logit P(y=1|x) = x'b (maximum likelihood).
    Inference with z statistics (normal quantiles) for ``"iid"`` and ``"hc1"``;
    with clustered SEs t(G - 1), G the (smallest) number of clusters, as
    :func:`fit` (few clusters make the normal quantile too small). Listwise deletion over
    the variables used (``n_dropped``). A collinear design raises an error;
    non-convergence (e.g. perfect separation) warns. ``pseudo_r2`` is McFadden's.

    References
    ----------
    McCullagh, P. and Nelder, J. A. (1989). Generalized Linear Models.
    Cameron, A. C. and Miller, D. L. (2015). A practitioner's guide to
    cluster-robust inference. J. Human Resources 50(2), 317-372.
    """
    d = data
    parsed = _formula.parse(formula, None)
    if parsed.lhs in data.columns and pd.api.types.is_bool_dtype(data[parsed.lhs]):
        d = data.assign(**{parsed.lhs: data[parsed.lhs].astype("float64")})
    return _glm(d, formula, vcov, "logit", None)


def poisson(data: pd.DataFrame, formula: str, vcov: VcovSpec = "iid",
            exposure: str | None = None) -> GLMResult:
    """Poisson regression (log link) for counts, with robust or clustered SEs.

    Parameters
    ----------
    data : pandas.DataFrame
    formula : str
        ``"complaints ~ x + C(quarter)"``; the response must be non-negative.
    vcov : {"iid", "hc1"} or {"cluster": col} or {"cluster": [a, b]}
        As :func:`logit` (cluster: G/(G-1) x (N-1)/(N-K)). Robust or clustered
        SEs make the estimates valid for over-dispersed counts (quasi-Poisson
        / pseudo maximum likelihood).
    exposure : str, optional
        Column with the exposure (e.g. population served, staff); log(exposure)
        enters as an offset, so coefficients are effects on the rate.

    Returns
    -------
    GLMResult
        ``tidy()`` plus ``rate_ratio``, ``ratio_ci_low``, ``ratio_ci_high``.

    Notes
    -----
    Estimand: log rate ratios b in E[y|x] = exposure x exp(x'b). z inference
    (t(G - 1) with clustered SEs, as :func:`logit`); listwise deletion; a collinear
    design raises an error.

    References
    ----------
    Santos Silva, J. M. C. and Tenreyro, S. (2006). The log of gravity.
    Review of Economics and Statistics 88, 641-658.
    """
    return _glm(data, formula, vcov, "poisson", exposure)


def mixed(data: pd.DataFrame, formula: str, groups: str,
          vc_formula: Mapping[str, str] | None = None, reml: bool = True) -> GLMResult:
    """Linear mixed model with random intercepts (statsmodels MixedLM).

    Parameters
    ----------
    data : pandas.DataFrame
    formula : str
        Fixed part, e.g. ``"gain ~ C(modality) + pre_score"``.
    groups : str
        Top-level grouping column (random intercept), e.g. ``"agency_id"``.
    vc_formula : mapping, optional
        Nested variance components, e.g. ``{"unit": "0 + C(unit_id)"}`` for a
        random intercept of each unit within its agency.
    reml : bool, default True
        Restricted maximum likelihood (unbiased variance components).

    Returns
    -------
    GLMResult
        ``tidy()`` of the fixed effects (z inference, model-based SEs) and
        ``variance_components`` [component, variance] including the residual.

    Notes
    -----
    Model: y_ij = x_ij'b + u_g + v_{u(g)} + e_ij, u ~ N(0, s_g^2),
    v ~ N(0, s_v^2), e ~ N(0, s^2). ``vcov_type`` is "model-based".
    Listwise deletion over the variables used. Non-convergence warns.

    References
    ----------
    Pinheiro, J. C. and Bates, D. M. (2000). Mixed-Effects Models in S and S-PLUS.
    """
    import statsmodels.formula.api as smf

    if groups not in data.columns:
        raise KeyError(f"groups column {groups!r} is not in the data")
    extra = [groups]
    if vc_formula:
        for text in vc_formula.values():
            extra += [t for t in _formula._IDENT.findall(text) if t in data.columns]
    parsed, sub, n_dropped = _prepare(data, formula, extra)
    frame = _formula._patsy_frame(sub)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = smf.mixedlm(parsed.text, frame, groups=frame[groups],
                            re_formula="1", vc_formula=dict(vc_formula) if vc_formula else None)
        res = model.fit(reml=reml)
    for w in caught:
        warnings.warn(str(w.message), w.category, stacklevel=2)
    k = model.k_fe
    names = list(model.exog_names)[:k]
    idx = pd.Index(names, dtype=object)
    cov = np.asarray(res.cov_params())[:k, :k]
    comps = [(groups, float(res.cov_re.iloc[0, 0]))]
    if vc_formula:
        comps += [(n, float(v)) for n, v in zip(model.exog_vc.names, res.vcomp, strict=True)]
    comps.append(("residual", float(res.scale)))
    return GLMResult(
        formula=parsed.text, model="mixed", coef=pd.Series(np.asarray(res.fe_params), index=idx),
        vcov=pd.DataFrame(cov, index=idx, columns=idx), vcov_type="model-based",
        nobs=int(res.nobs), n_dropped=n_dropped,
        n_clusters={groups: int(frame[groups].nunique())}, loglik=float(res.llf),
        pseudo_r2=math.nan, ratio_name=None, converged=bool(res.converged),
        variance_components=pd.DataFrame(comps, columns=["component", "variance"]),
        depvar=parsed.lhs,
    )
