"""What the regression models share: the ``vcov`` option, its checks, and the sandwich estimators.

:func:`validate_vcov` reads the ``vcov`` option of every model (:mod:`analysis.stats.ols`,
:mod:`analysis.stats.glm`); :func:`level_codes` turns a fixed effect or cluster column
into integer codes; :func:`vcov_hc` and :func:`vcov_cluster` are the heteroskedasticity-
and cluster-robust covariances of the linear model (conventions in
:mod:`analysis.stats.ols`: HC1 with N/(N - K - K_fe); CRV1 with G/(G-1) x (N-1)/(N-K),
fixed effects nested in a cluster counted once; two-way clustering as Cameron, Gelbach
and Miller, 2011).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from analysis.stats import demean as _demean
from analysis.stats.intervals import check_choice

VcovName = Literal["iid", "hc1", "hc2", "hc3"]
VcovSpec = VcovName | Mapping[str, str | Sequence[str]]

TIDY_COLUMNS = ["term", "estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high"]


class ModelSpecificationError(ValueError):
    """A model cannot be estimated as specified (bad option, no data, nothing left to estimate)."""


def tidy_frame(coef: pd.Series, se: np.ndarray, dist: Any, level: float) -> pd.DataFrame:
    """The models' tidy table: term, estimate, std_error, statistic (estimate / std_error),
    p_value (two-sided, ``2 sf(|statistic|)`` of ``dist``), ci_low and ci_high (estimate -/+
    the ``0.5 + level/2`` quantile of ``dist`` times std_error); ``dist`` is the t distribution
    with the model's degrees of freedom, or the normal."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1; got {level}")
    est = coef.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = est / se
    q = dist.ppf(0.5 + level / 2)
    return pd.DataFrame({
        "term": pd.Series(coef.index, dtype=object),
        "estimate": est,
        "std_error": se,
        "statistic": stat,
        "p_value": 2 * dist.sf(np.abs(stat)),
        "ci_low": est - q * se,
        "ci_high": est + q * se,
    })


def check_cluster_count(column: str, n_groups: int) -> None:
    """Clustered SEs need at least two clusters (the G/(G-1) factor is undefined with one)."""
    if n_groups < 2:
        raise ModelSpecificationError(
            f"clustered standard errors need at least 2 clusters; {column!r} has {n_groups} "
            "in the estimation sample: use vcov='hc1' or a coarser cluster variable"
        )


@dataclass(frozen=True)
class Vcov:
    """A checked ``vcov`` option: its kind and, for ``"cluster"``, the cluster columns."""

    kind: Literal["iid", "hc1", "hc2", "hc3", "cluster"]
    clusters: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.kind == "cluster":
            return "CRV1 (" + " & ".join(self.clusters) + ")"
        return self.kind.upper() if self.kind != "iid" else "iid"


def validate_vcov(vcov: object) -> Vcov:
    """Check a ``vcov`` option and return its normalised form.

    Accepted: ``"iid"``, ``"hc1"``, ``"hc2"``, ``"hc3"`` (case-insensitive;
    ``"hetero"`` means ``"hc1"``), ``{"cluster": "col"}``, ``{"cluster": ["a", "b"]}``.
    """
    if isinstance(vcov, str):
        v = vcov.lower()
        if v == "hetero":
            v = "hc1"
        check_choice("vcov", v, get_args(VcovName) + ("{'cluster': column}",), ModelSpecificationError)
        return Vcov(v)  # type: ignore[arg-type]
    if isinstance(vcov, Mapping):
        if set(vcov) != {"cluster"}:
            raise ModelSpecificationError(
                f"a vcov mapping must have the single key 'cluster'; got keys {sorted(vcov)}")
        cl = vcov["cluster"]
        cols = (cl,) if isinstance(cl, str) else tuple(cl)
        if not 1 <= len(cols) <= 2 or not all(isinstance(c, str) for c in cols):
            raise ModelSpecificationError(
                f"vcov={{'cluster': ...}} takes one column name or a list of two; got {cl!r}")
        return Vcov("cluster", cols)
    raise ModelSpecificationError(
        f"vcov must be 'iid', 'hc1', 'hc2', 'hc3' or {{'cluster': column}}; got {vcov!r}")


def level_codes(frame: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, int]:
    """Integer codes 0..G-1 of the level (combination) of each row, and G (in order of appearance;
    a dense integer column keeps its order)."""
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


def vcov_hc(kind: str, xt: np.ndarray, xw: np.ndarray, bread: np.ndarray, wres: np.ndarray, w: np.ndarray | None,
            fes: _demean.FixedEffects, n: int, df_resid: int) -> np.ndarray:
    """HC1 (x N/(N - K - K_fe)), HC2 or HC3 (leverage with at most one absorbed effect) sandwich.

    ``xt`` is the within-transformed design, ``xw`` the same times sqrt(w) (equal without
    weights), ``wres`` the residuals times w."""
    if kind == "hc1":
        u2 = wres**2
        factor = n / df_resid
    else:
        if fes.n_fe > 1:
            raise ModelSpecificationError(
                f"vcov={kind!r} needs observation leverages, available with at most one "
                "absorbed fixed effect; use 'hc1' or a cluster vcov")
        h = np.einsum("ij,jk,ik->i", xw, bread, xw)
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
    meat = (xt * u2[:, None]).T @ xt
    return factor * bread @ meat @ bread


def vcov_cluster(vc: Vcov, sub: pd.DataFrame, xt: np.ndarray, bread: np.ndarray, wres: np.ndarray,
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
            cc, g = level_codes(sub, [c])
        check_cluster_count(c, g)
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
