"""Absorbing fixed effects: within-transformation without dummy columns.

Private helpers for :mod:`analysis.stats.models`. Every function works on integer
group codes (``0..G-1``, as returned by :func:`pandas.factorize`) and never
builds an N x G dummy matrix, so memory stays O(N x K).

* one fixed effect: subtract the (weighted) group mean -- exact;
* two fixed effects where the smaller has at most ``EXACT_SMALL_LEVELS``
  levels: the normal equations of the two sets of effects are reduced to a
  small dense system in the smaller set (a Schur complement built from the
  G1 x G2 cross-tabulation of weights), solved exactly with one reference
  level per connected component -- no iteration, exact to rounding;
* otherwise: alternating projections (the method of alternating projections,
  Gauss-Seidel sweeps over the fixed effects) with Irons-Tuck acceleration,
  iterated until the largest change is below ``tol`` times the column scale.

References
----------
Guimaraes, P. and Portugal, P. (2010). A simple feasible procedure to fit
models with high-dimensional fixed effects. Stata Journal 10(4), 628-649.
Berge, L. (2018). Efficient estimation of maximum likelihood models with
multiple fixed-effects: the R package FENmlm. CREA Discussion Paper 2018-13
(the Irons-Tuck acceleration used by fixest).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

EXACT_SMALL_LEVELS = 3000


@dataclass(frozen=True)
class FixedEffects:
    """Integer codes of the absorbed fixed effects of one estimation sample."""

    names: tuple[str, ...]
    codes: tuple[np.ndarray, ...]
    sizes: tuple[int, ...]

    @property
    def n_fe(self) -> int:
        return len(self.codes)


def group_sums(codes: np.ndarray, size: int, values: np.ndarray) -> np.ndarray:
    """Sum of ``values`` by group code (length ``size``)."""
    return np.bincount(codes, weights=values, minlength=size)


def cross_tab(a: np.ndarray, b: np.ndarray, na: int, nb: int,
              weights: np.ndarray | None = None) -> sparse.csr_matrix:
    """Sparse na x nb table of (weighted) counts of level pairs."""
    if na * nb <= 5_000_000:  # dense table up to 40 MB
        key = a * np.int64(nb) + b
        dense = np.bincount(key, weights=weights, minlength=na * nb).reshape(na, nb)
        return sparse.csr_matrix(dense)
    vals = np.ones(a.shape[0]) if weights is None else weights
    out = sparse.coo_matrix((vals, (a, b)), shape=(na, nb)).tocsr()
    out.sum_duplicates()
    return out


def component_labels(cross: sparse.csr_matrix) -> tuple[int, np.ndarray]:
    """Connected components of the bipartite graph whose edges are the non-zero cells."""
    graph = sparse.bmat([[None, cross], [cross.T, None]]).tocsr()
    n, labels = connected_components(graph, directed=False)
    return int(n), labels


def redundant_levels(fe: FixedEffects) -> int:
    """Number of fixed-effect coefficients that are not identified.

    One fixed effect: 0. Two: the number of connected components of the
    bipartite graph of their levels (exact; 1 in a connected panel). Three or
    more: components of the first two, plus one for each further effect (the
    usual approximation, as fixest/pyfixest; exact whenever the further effects
    are not nested in each other).
    """
    if fe.n_fe <= 1:
        return 0
    cross = cross_tab(fe.codes[0], fe.codes[1], fe.sizes[0], fe.sizes[1])
    red, _ = component_labels(cross)
    return red + (fe.n_fe - 2)


class _TwoWayExact:
    """Exact projection on two sets of dummies, one of them small."""

    def __init__(self, fe: FixedEffects, w: np.ndarray | None):
        # make index 0 the large effect, 1 the small one
        order = (0, 1) if fe.sizes[0] >= fe.sizes[1] else (1, 0)
        self.u = fe.codes[order[0]]
        self.t = fe.codes[order[1]]
        self.gu = fe.sizes[order[0]]
        self.gt = fe.sizes[order[1]]
        self.w = w
        self.nu = np.bincount(self.u, weights=w, minlength=self.gu).astype(np.float64)
        self.nt = np.bincount(self.t, weights=w, minlength=self.gt).astype(np.float64)
        cross = cross_tab(self.u, self.t, self.gu, self.gt, w)
        self.cross = cross
        scaled = sparse.diags(1.0 / self.nu) @ cross
        a = np.diag(self.nt) - (cross.T @ scaled).toarray()
        # one reference level of the small effect per connected component
        self.n_components, labels = component_labels(cross)
        t_labels = labels[self.gu:]
        keep = np.ones(self.gt, dtype=bool)
        seen: set[int] = set()
        for j, lab in enumerate(t_labels):
            if lab not in seen:
                seen.add(int(lab))
                keep[j] = False
        self.keep = keep
        sub = a[np.ix_(keep, keep)]
        self.chol = None
        if sub.size:
            from scipy.linalg import cho_factor

            self.chol = cho_factor(sub)

    def residual(self, v: np.ndarray) -> np.ndarray:
        from scipy.linalg import cho_solve

        wv = v if self.w is None else v * self.w
        s1 = group_sums(self.u, self.gu, wv)
        s2 = group_sums(self.t, self.gt, wv)
        rhs = s2 - self.cross.T @ (s1 / self.nu)
        b = np.zeros(self.gt)
        if self.chol is not None:
            b[self.keep] = cho_solve(self.chol, rhs[self.keep])
        a = (s1 - self.cross @ b) / self.nu
        out = np.take(a, self.u)
        np.subtract(v, out, out=out)
        out -= np.take(b, self.t)
        return out


def _sweep(r: np.ndarray, fe: FixedEffects, w: np.ndarray | None, counts: list[np.ndarray]) -> np.ndarray:
    out = r.copy()
    for codes, size, n in zip(fe.codes, fe.sizes, counts, strict=True):
        wv = out if w is None else out * w
        out -= (group_sums(codes, size, wv) / n)[codes]
    return out


def _map(v: np.ndarray, fe: FixedEffects, w: np.ndarray | None, counts: list[np.ndarray],
         tol: float, maxiter: int) -> tuple[np.ndarray, int, bool]:
    scale = max(float(np.max(np.abs(v))) if v.size else 0.0, 1.0)
    x = _sweep(v, fe, w, counts)
    for it in range(1, maxiter + 1):
        gx = _sweep(x, fe, w, counts)
        ggx = _sweep(gx, fe, w, counts)
        d1 = gx - x
        if np.max(np.abs(d1)) <= tol * scale:
            return gx, it, True
        d2 = ggx - 2 * gx + x
        denom = float(d2 @ d2)
        if denom > 0:
            # Irons-Tuck extrapolation
            coef = float((ggx - gx) @ d2) / denom
            new = ggx - coef * (ggx - gx)
        else:
            new = ggx
        if np.max(np.abs(new - ggx)) <= tol * scale and np.max(np.abs(ggx - gx)) <= tol * scale:
            return ggx, it, True
        x = new
    return x, maxiter, False


def demean(columns: np.ndarray, fe: FixedEffects, weights: np.ndarray | None = None,
           tol: float = 1e-10, maxiter: int = 10_000) -> np.ndarray:
    """Residuals of each column of ``columns`` (N x K) after projecting on the fixed effects.

    Weighted (``weights``) projections use weighted group means, as in WLS.
    Warns if alternating projections did not reach ``tol`` in ``maxiter``
    sweeps (the estimates would then be approximate).
    """
    return absorb(columns, fe, weights, tol, maxiter)[0]


def absorb(columns: np.ndarray, fe: FixedEffects, weights: np.ndarray | None = None,
           tol: float = 1e-10, maxiter: int = 10_000) -> tuple[np.ndarray, int]:
    """:func:`demean` plus the number of redundant fixed-effect levels (see :func:`redundant_levels`)."""
    cols = np.asarray(columns, dtype=np.float64)
    if cols.ndim == 1:
        cols = cols[:, None]
    out = np.empty_like(cols, order="F")
    if fe.n_fe == 0:
        out[:] = cols
        return out, 0
    ww = weights
    if fe.n_fe == 1:
        c, s = fe.codes[0], fe.sizes[0]
        n = np.bincount(c, weights=ww, minlength=s).astype(np.float64)
        for j in range(cols.shape[1]):
            v = cols[:, j]
            wv = v if ww is None else v * ww
            out[:, j] = v - (group_sums(c, s, wv) / n)[c]
        return out, 0
    if fe.n_fe == 2 and min(fe.sizes) <= EXACT_SMALL_LEVELS and (ww is None or np.all(ww > 0)):
        exact = _TwoWayExact(fe, ww)
        for j in range(cols.shape[1]):
            out[:, j] = exact.residual(cols[:, j])
        return out, exact.n_components
    counts = [np.bincount(c, weights=ww, minlength=s).astype(np.float64)
              for c, s in zip(fe.codes, fe.sizes, strict=True)]
    not_converged = 0
    for j in range(cols.shape[1]):
        res, _, ok = _map(np.ascontiguousarray(cols[:, j]), fe, ww, counts, tol, maxiter)
        out[:, j] = res
        not_converged += not ok
    if not_converged:
        warnings.warn(
            f"fixed-effect demeaning did not converge for {not_converged} column(s) "
            f"within {maxiter} iterations (tol={tol:g}); estimates are approximate",
            RuntimeWarning, stacklevel=3,
        )
    return out, redundant_levels(fe)
    return out


def singleton_mask(codes: list[np.ndarray], sizes: list[int]) -> np.ndarray:
    """Rows to keep after iteratively removing fixed-effect singletons.

    A singleton is an observation alone in its level of some fixed effect; it is
    fit perfectly and carries no information about the slopes. Removing one can
    create another, so removal repeats until none is left.
    """
    n = codes[0].shape[0] if codes else 0
    keep = np.ones(n, dtype=bool)
    while True:
        changed = False
        for c, s in zip(codes, sizes, strict=True):
            cnt = np.bincount(c[keep], minlength=s)
            bad = keep & (cnt[c] == 1)
            if bad.any():
                keep &= ~bad
                changed = True
        if not changed:
            return keep


def nested_in(fe_codes: np.ndarray, fe_size: int, cluster_codes: np.ndarray, n_clusters: int) -> bool:
    """True when every level of the fixed effect lies inside a single cluster."""
    if fe_codes is cluster_codes:
        return True
    head = min(fe_codes.shape[0], 100_000)
    if head < fe_codes.shape[0]:  # cheap rejection on the first rows
        first = np.full(fe_size, -1, dtype=np.int64)
        first[fe_codes[:head]] = cluster_codes[:head]
        if not np.all(first[fe_codes[:head]] == cluster_codes[:head]):
            return False
    first = np.full(fe_size, -1, dtype=np.int64)
    first[fe_codes] = cluster_codes
    return bool(np.all(first[fe_codes] == cluster_codes))
