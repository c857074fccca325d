"""Linear mixed models with random intercepts: :func:`mixed` (statsmodels MixedLM, REML)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.stats import formula as _formula
from analysis.stats.glm import GLMResult, _prepare


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
