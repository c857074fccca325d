"""Generalised linear models: :func:`logit` and :func:`poisson`, and their result :class:`GLMResult`.

Estimated by statsmodels' GLM (IRLS, tolerance 1e-12) with model-based, HC1 or clustered
standard errors; the small-sample conventions are those of :mod:`analysis.stats.ols`
(clustered: G/(G-1) x (N-1)/(N-K), t(G - 1) inference). :class:`GLMResult` is also the
result of :func:`analysis.stats.mixed.mixed`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.stats import formula as _formula
from analysis.stats.vcov import (
    ModelSpecificationError,
    VcovSpec,
    check_cluster_count,
    level_codes,
    tidy_frame,
    validate_vcov,
)


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
        out = tidy_frame(self.coef, self.std_error.to_numpy(), sps.norm if self.df_t is None else sps.t(self.df_t),
                         level)
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
    """The parsed formula, the complete rows of the columns used (plus ``extra``) and how many
    rows were dropped (listwise deletion); fixed effects to absorb are refused."""
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
    """Fit a binomial (``family="logit"``) or Poisson GLM by statsmodels (see :func:`logit`)."""
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
                codes, g = level_codes(sub, [c])
                check_cluster_count(c, g)
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
