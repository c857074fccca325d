"""The restricted wild cluster bootstrap (WCR) for a coefficient or a linear restriction.

With few clusters (or few treated clusters) the CRV1 t test with G - 1 degrees of
freedom over-rejects; the wild cluster bootstrap with the null imposed keeps its
level close to the nominal one (Cameron, Gelbach and Miller 2008; MacKinnon and
Webb 2017). This module implements it once, for the linear models of
:mod:`analysis.stats.models` (absorbed fixed effects are removed with the same
within-transformation, :mod:`analysis.stats.demean`):

* Fit y = X b + D a + e by least squares after demeaning; the test is
  H0: R b = r (one row: a coefficient or a contrast; several rows: a joint test).
* Restricted estimate b_r = b - (X'X)^-1 R' [R (X'X)^-1 R']^-1 (R b - r) and its
  residuals u_r.
* Each draw multiplies the restricted residuals of a whole cluster by one Webb
  six-point weight v_g (+-sqrt(1.5), +-1, +-sqrt(0.5), each with probability 1/6):
  y* = X b_r + v_g u_r, refits, and computes the CRV1 statistic: the t statistic
  (R b* - r) / se* for one row, the Wald statistic for several.
* p-value: the share of draws whose statistic is at least as extreme as the
  observed one (|t| for one row, symmetric; W for several).
* Confidence interval (one row): the set of r that the test does not reject at
  1 - level, found by bisection on each side of the estimate (test inversion), with
  the same draws for every r.

Everything is linear in the cluster weights, so a draw costs O(G x K) operations
after an O(N x K^2) set-up (Roodman, MacKinnon, Nielsen and Webb 2019).

References
----------
Cameron, A. C., Gelbach, J. B. and Miller, D. L. (2008). Bootstrap-based improvements
for inference with clustered errors. Review of Economics and Statistics 90(3).
MacKinnon, J. G. and Webb, M. D. (2017). Wild bootstrap inference for wildly different
cluster sizes. Journal of Applied Econometrics 32(2).
Webb, M. D. (2023). Reworking wild bootstrap-based inference for clustered errors.
Canadian Journal of Economics 56(3).
Roodman, D., MacKinnon, J. G., Nielsen, M. O. and Webb, M. D. (2019). Fast and wild:
bootstrap inference in Stata using boottest. Stata Journal 19(1), 4-60.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.stats import demean as _demean
from analysis.stats import formula as _formula

__all__ = ["DEFAULT_DRAWS", "INFERENCE_LABEL", "BootstrapResult", "ColumnDemeaner", "WildClusterBootstrap",
           "demean_columns",
           "webb_weights", "wild_cluster_bootstrap"]

#: Default number of bootstrap draws: Monte Carlo SE of a p-value near 0.05 is about
#: 0.007, and the report's run time stays small (``benchmarks``).
DEFAULT_DRAWS: int = 999
#: The ``inference`` label recorded with a bootstrap result (``docs/results.md``).
INFERENCE_LABEL = "wild_cluster_bootstrap"

_WEBB = np.array([-math.sqrt(1.5), -1.0, -math.sqrt(0.5), math.sqrt(0.5), 1.0, math.sqrt(1.5)])


def webb_weights(n_clusters: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """An ``n_clusters x draws`` matrix of Webb six-point weights (mean 0, variance 1)."""
    return _WEBB[rng.integers(0, 6, size=(n_clusters, draws))]


@dataclass(frozen=True)
class BootstrapResult:
    """A wild cluster bootstrap test of H0: R b = r.

    ``estimate``: R b (one row) or NaN; ``statistic``: the CRV1 t (one row) or Wald
    statistic; ``p_value``: bootstrap p-value; ``ci_low``/``ci_high``: test-inversion
    interval at ``level`` (one row only, else NaN); ``n_clusters``; ``draws``.
    """

    estimate: float
    statistic: float
    p_value: float
    ci_low: float
    ci_high: float
    level: float
    n_clusters: int
    draws: int
    inference: str = INFERENCE_LABEL


@dataclass(frozen=True)
class _Design:
    """Demeaned response and regressors, cluster codes, and cached cluster products."""

    y: np.ndarray
    x: np.ndarray
    codes: np.ndarray
    n_clusters: int
    names: list[str]
    xtx_inv: np.ndarray
    x_by_cluster: list[np.ndarray]
    y_by_cluster: list[np.ndarray]
    xx_by_cluster: np.ndarray  # G x K x K
    index_by_cluster: list[np.ndarray]
    fixed_effects: _demean.FixedEffects


def _design(data: pd.DataFrame, formula: str, cluster: str,
            fe: Sequence[str] | str | None) -> _Design:
    parsed = _formula.parse(formula, fe)
    used = _formula.referenced_columns(parsed, data)
    cols = list(dict.fromkeys([*used, cluster]))
    sub = data.loc[data[cols].notna().all(axis=1), cols]
    if sub.empty:
        raise ValueError("no complete observations for the bootstrap")
    fe_codes, fe_sizes = [], []
    for term in parsed.fe:
        codes, uniq = pd.factorize(pd.MultiIndex.from_frame(sub[_formula.fe_columns(term)]))
        fe_codes.append(codes.astype(np.int64))
        fe_sizes.append(len(uniq))
    y, x, names = _formula.design(parsed, sub, intercept=not parsed.fe)
    fes = _demean.FixedEffects(tuple(parsed.fe), tuple(fe_codes), tuple(fe_sizes))
    yx, _ = _demean.absorb(np.column_stack([y, x]), fes)
    y, x = np.ascontiguousarray(yx[:, 0]), np.ascontiguousarray(yx[:, 1:])
    keep = np.linalg.norm(x, axis=0) > 1e-10 * max(1.0, float(np.abs(x).max(initial=0.0)))
    x, names = x[:, keep], [n for n, k in zip(names, keep, strict=True) if k]
    codes, uniq = pd.factorize(sub[cluster])
    g = len(uniq)
    if g < 2:
        raise ValueError(f"the wild cluster bootstrap needs at least 2 clusters; {cluster!r} has {g}")
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(g + 1))
    idx = [order[bounds[i]:bounds[i + 1]] for i in range(g)]
    xg = [x[i] for i in idx]
    yg = [y[i] for i in idx]
    xx = np.stack([a.T @ a for a in xg])
    return _Design(y=y, x=x, codes=codes.astype(np.int64), n_clusters=g, names=names,
                   xtx_inv=np.linalg.pinv(x.T @ x), x_by_cluster=xg, y_by_cluster=yg,
                   xx_by_cluster=xx, index_by_cluster=idx, fixed_effects=fes)


class ColumnDemeaner:
    """Demeans all columns of a matrix at once by alternating projections (exact for one effect).

    Each sweep subtracts, for every fixed effect in turn, the group means of all columns
    (one sparse product per effect), until the largest change is below ``tol`` times the
    columns' scale. The group indicators are built once, so one instance serves many
    matrices with the same fixed effects.
    """

    def __init__(self, fe: _demean.FixedEffects, tol: float = 1e-10, maxiter: int = 10_000):
        self.fe, self.tol, self.maxiter = fe, tol, maxiter
        self.onehots = [
            sparse.csr_matrix((np.ones(c.shape[0]), (c, np.arange(c.shape[0]))), shape=(s, c.shape[0]))
            for c, s in zip(fe.codes, fe.sizes, strict=True)
        ]
        self.counts = [np.maximum(np.bincount(c, minlength=s), 1).astype(np.float64)
                       for c, s in zip(fe.codes, fe.sizes, strict=True)]

    def __call__(self, columns: np.ndarray) -> np.ndarray:
        out = np.array(columns, dtype=np.float64)
        if self.fe.n_fe == 0 or out.size == 0:
            return out
        scale = max(float(np.abs(out).max(initial=0.0)), 1e-300)
        for _ in range(self.maxiter):
            largest = 0.0
            for codes, onehot, count in zip(self.fe.codes, self.onehots, self.counts, strict=True):
                means = (onehot @ out) / count[:, None]
                out -= means[codes]
                largest = max(largest, float(np.abs(means).max(initial=0.0)))
            if self.fe.n_fe == 1 or largest <= self.tol * scale:
                break
        return out


def demean_columns(columns: np.ndarray, fe: _demean.FixedEffects) -> np.ndarray:
    """All columns of ``columns`` demeaned by the fixed effects ``fe`` (:class:`ColumnDemeaner`)."""
    return ColumnDemeaner(fe)(columns)


def _restriction(names: list[str], restriction: str | Mapping[str, float] | Sequence[Mapping[str, float]]
                 ) -> np.ndarray:
    rows = [restriction] if isinstance(restriction, (str, Mapping)) else list(restriction)
    out = np.zeros((len(rows), len(names)))
    for i, row in enumerate(rows):
        weights = {row: 1.0} if isinstance(row, str) else dict(row)
        for term, w in weights.items():
            if term not in names:
                raise KeyError(f"term {term!r} is not in the model (terms: {', '.join(names)})")
            out[i, names.index(term)] = float(w)
    return out


class _Wcr:
    """The restricted wild cluster bootstrap of R b = r for one design and fixed draws.

    With absorbed fixed effects that are not nested in the clusters, a draw's
    response v_g u_r is no longer orthogonal to the fixed effects, so its residuals
    are demeaned again: the scores of a draw are sum_h C[g, h] v_h - X_g'X_g (b* - b_r),
    with C[g, h] = X_g' (M_D u_r^(h))_g and u_r^(h) the restricted residuals of cluster
    h only (zero elsewhere). C is affine in r, so it is built once from the
    unrestricted residuals and the direction in which r moves them.
    """

    def __init__(self, d: _Design, r_mat: np.ndarray, v: np.ndarray,
                 cross: Callable[[np.ndarray], np.ndarray]):
        self.d, self.r_mat, self.v = d, r_mat, v
        self.b_hat = d.xtx_inv @ (d.x.T @ d.y)
        self.rinv = r_mat @ d.xtx_inv  # q x K: R (X'X)^-1
        self.rvr_inv = np.linalg.pinv(self.rinv @ r_mat.T)
        u_hat = d.y - d.x @ self.b_hat
        self.observed_score = np.stack([a.T @ u_hat[i] for a, i in
                                        zip(d.x_by_cluster, d.index_by_cluster, strict=True)])
        # u_r = u_hat + X (X'X)^-1 R' [R (X'X)^-1 R']^-1 (R b - r) = u_hat + moves @ (R b - r)
        # and C is linear in u: C(u_r) = C(u_hat) + sum_j C(moves[:, j]) (R b - r)_j
        moves = d.x @ (d.xtx_inv @ r_mat.T @ self.rvr_inv)  # N x q
        self.cross_hat = cross(u_hat)
        self.cross_moves = [cross(moves[:, j]) for j in range(moves.shape[1])]

    def stats(self, r: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
        """R b - r, the observed statistic and the bootstrap statistics for null value ``r``."""
        diff = self.r_mat @ self.b_hat - r
        observed = self._statistic(diff[:, None], self.observed_score[:, :, None])[0]
        cross = self.cross_hat + sum(dj * cj for dj, cj in zip(diff, self.cross_moves, strict=True))
        v = self.v  # G x B
        # b* - b_r = (X'X)^-1 X'(v u_r) = (X'X)^-1 sum_h (sum_g C[g, :, h]) v_h
        shift = self.d.xtx_inv @ (cross.sum(axis=0) @ v)  # K x B
        s = np.einsum("gkh,hb->gkb", cross, v) - np.einsum("gkl,lb->gkb", self.d.xx_by_cluster, shift)
        boot = self._statistic(self.r_mat @ shift, s)
        return diff, float(observed), boot

    def _statistic(self, diff: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """CRV1 t (q = 1, signed) or Wald statistic per column of ``diff`` (q x B)."""
        z = np.einsum("qk,gkb->gqb", self.rinv, scores)  # R (X'X)^-1 s_g
        g = self.d.n_clusters
        n, k = self.d.x.shape
        ssc = g / (g - 1) * (n - 1) / max(n - k, 1)
        if diff.shape[0] == 1:
            var = ssc * np.einsum("gb,gb->b", z[:, 0, :], z[:, 0, :])
            return diff[0] / np.sqrt(var)
        meat = ssc * np.einsum("gqb,gpb->bqp", z, z)
        solved = np.linalg.solve(meat + 1e-300 * np.eye(diff.shape[0]), diff.T[:, :, None])[:, :, 0]
        return np.einsum("bq,qb->b", solved, diff)

    def p_value(self, r: np.ndarray) -> float:
        _, observed, boot = self.stats(r)
        if self.r_mat.shape[0] == 1:
            return float(np.mean(np.abs(boot) >= abs(observed) - 1e-12))
        return float(np.mean(boot >= observed - 1e-12))


def _invert(wcr: _Wcr, estimate: float, scale: float, alpha: float) -> tuple[float, float]:
    """Test-inversion bounds: the r on each side where the bootstrap p-value crosses ``alpha``."""
    def rejects(r: float) -> bool:
        return wcr.p_value(np.array([r])) < alpha

    bounds = []
    for side in (-1.0, 1.0):
        inner, outer = estimate, estimate + side * 2.0 * scale
        steps = 0
        while not rejects(outer):
            inner, outer = outer, estimate + (outer - estimate) * 2.0
            steps += 1
            if steps > 30:
                return math.nan, math.nan
        for _ in range(40):
            mid = 0.5 * (inner + outer)
            if rejects(mid):
                outer = mid
            else:
                inner = mid
            if abs(outer - inner) <= 1e-4 * scale:
                break
        bounds.append(0.5 * (inner + outer))
    return bounds[0], bounds[1]


class WildClusterBootstrap:
    """One model prepared for restricted wild cluster bootstrap tests of several restrictions.

    The demeaning, the cluster products and the Webb draws are computed once, so
    testing each slope of a model (and their equality) costs little more than one test.
    Arguments as :func:`wild_cluster_bootstrap`; :meth:`test` runs one test.
    """

    def __init__(self, data: pd.DataFrame, formula: str, cluster: str,
                 fe: Sequence[str] | str | None = None, draws: int = DEFAULT_DRAWS,
                 seed: int = 20240601):
        if draws < 99:
            raise ValueError(f"draws must be at least 99; got {draws}")
        self.design = _design(data, formula, cluster, fe)
        self.draws = draws
        self.weights = webb_weights(self.design.n_clusters, draws, np.random.default_rng(seed))
        self._demeaner = ColumnDemeaner(self.design.fixed_effects)

    @property
    def n_clusters(self) -> int:
        return self.design.n_clusters

    @property
    def terms(self) -> list[str]:
        return list(self.design.names)

    def _cross(self, u: np.ndarray) -> np.ndarray:
        """G x K x G array C[g, :, h] = X_g' (M_D u^(h))_g, with u^(h) = u in cluster h, 0 elsewhere."""
        d = self.design
        spread = np.zeros((u.shape[0], d.n_clusters))
        spread[np.arange(u.shape[0]), d.codes] = u
        spread = self._demeaner(spread)
        return np.stack([a.T @ spread[i] for a, i in zip(d.x_by_cluster, d.index_by_cluster, strict=True)])

    def test(self, restriction: str | Mapping[str, float] | Sequence[Mapping[str, float]],
             null: float | Sequence[float] = 0.0, level: float = 0.95,
             confidence_interval: bool = True) -> BootstrapResult:
        """The bootstrap test of H0: R b = r (and its test-inversion CI for one row)."""
        r_mat = _restriction(self.design.names, restriction)
        q = r_mat.shape[0]
        r = np.broadcast_to(np.asarray(null, dtype=float), (q,)).copy()
        wcr = _Wcr(self.design, r_mat, self.weights, self._cross)
        diff, observed, boot = wcr.stats(r)
        p = float(np.mean(np.abs(boot) >= abs(observed) - 1e-12)) if q == 1 else float(
            np.mean(boot >= observed - 1e-12))
        lo = hi = estimate = math.nan
        if q == 1:
            estimate = float(diff[0] + r[0])
            se = abs(diff[0] / observed) if observed else math.nan
            if confidence_interval and math.isfinite(se) and se > 0:
                lo, hi = _invert(wcr, estimate, se, 1.0 - level)
        return BootstrapResult(estimate=estimate, statistic=float(observed), p_value=p, ci_low=lo,
                               ci_high=hi, level=level, n_clusters=self.design.n_clusters,
                               draws=self.draws)


def wild_cluster_bootstrap(
    data: pd.DataFrame,
    formula: str,
    restriction: str | Mapping[str, float] | Sequence[Mapping[str, float]],
    cluster: str,
    fe: Sequence[str] | str | None = None,
    null: float | Sequence[float] = 0.0,
    draws: int = DEFAULT_DRAWS,
    level: float = 0.95,
    seed: int = 20240601,
    confidence_interval: bool = True,
) -> BootstrapResult:
    """Restricted wild cluster bootstrap (WCR, Webb weights) of H0: R b = r.

    Parameters
    ----------
    data, formula, fe
        As :func:`analysis.stats.models.fit` (``"y ~ x1 + x2 | fe1 + fe2"``); rows with
        a missing value in a used column are dropped.
    restriction
        A term name (its coefficient), a mapping ``{term: weight}`` (one linear
        combination), or a sequence of mappings (a joint test, e.g. equal slopes:
        ``[{"a": 1, "b": -1}, {"a": 1, "c": -1}]``).
    cluster
        Column whose levels are resampled as wholes.
    null
        r, the value of R b under H0 (one per row).
    draws, seed
        Number of bootstrap draws and the random seed (results are reproducible).
    level
        Confidence level of the test-inversion interval (one-row restrictions).
    confidence_interval
        ``False`` skips the interval (only the p-value is needed).

    Returns
    -------
    BootstrapResult
    """
    prepared = WildClusterBootstrap(data, formula, cluster, fe=fe, draws=draws, seed=seed)
    return prepared.test(restriction, null=null, level=level, confidence_interval=confidence_interval)
