"""Regression models: OLS with absorbed fixed effects, logit, Poisson, mixed models.

Every model returns a small frozen result object whose ``tidy()`` frame has the
columns ``term, estimate, std_error, statistic, p_value, ci_low, ci_high``;
tables and notebooks derive everything from it (:mod:`analysis.text.tables`).

The models live in :mod:`analysis.stats.ols` (``fit``, with the standard-error
conventions), :mod:`analysis.stats.glm` (``logit``, ``poisson``),
:mod:`analysis.stats.mixed` (``mixed``) and :mod:`analysis.stats.vcov` (the ``vcov``
option and the sandwich estimators); this module gathers their public names, so
``from analysis.stats.models import fit`` keeps working.
"""

from __future__ import annotations

from analysis.stats.glm import GLMResult, logit, poisson
from analysis.stats.mixed import mixed
from analysis.stats.ols import FitResult, fit
from analysis.stats.vcov import (  # noqa: F401 - importable from here, as before
           TIDY_COLUMNS,
           ModelSpecificationError,
           VcovName,
           VcovSpec,
           validate_vcov,
)

__all__ = ["FitResult", "GLMResult", "ModelSpecificationError", "fit", "logit", "mixed", "poisson",
           "validate_vcov"]
