"""Statistics layer: estimators, intervals, comparisons, power and regression tables.

Nothing here knows the city's domain. Modules:

- :mod:`analysis.stats.models`: the models' public names, gathered from
  :mod:`analysis.stats.ols` (``fit``: least squares with absorbed fixed effects),
  :mod:`analysis.stats.glm` (``logit``, ``poisson``), :mod:`analysis.stats.mixed`
  (``mixed``) and :mod:`analysis.stats.vcov` (the ``vcov`` option, sandwich estimators),
  all with the same tidy shape;
- :mod:`analysis.stats.demean`, :mod:`analysis.stats.formula`: the machinery under ``fit``;
- :mod:`analysis.stats.did`: event studies (TWFE and Sun & Abraham);
- :mod:`analysis.stats.comparisons`: paired change, group comparisons, Wilson intervals,
  p-value adjustment, power and minimum detectable effects;
- :mod:`analysis.text.tables`: regression tables rendered from fitted models.

``analysis.stats.paired_change`` and the other comparison functions stay importable
from here.
"""

from analysis.stats.comparisons import (
    CHANGE_COLUMNS,
    COMPARE_COLUMNS,
    adjust_pvalues,
    compare_groups,
    design_effect,
    icc_oneway,
    mde_cluster,
    mde_paired,
    mde_two_sample,
    n_clusters_required,
    n_paired,
    n_two_sample,
    paired_change,
    proportion_ci,
)

__all__ = [
    "CHANGE_COLUMNS",
    "COMPARE_COLUMNS",
    "adjust_pvalues",
    "compare_groups",
    "design_effect",
    "icc_oneway",
    "mde_cluster",
    "mde_paired",
    "mde_two_sample",
    "n_clusters_required",
    "n_paired",
    "n_two_sample",
    "paired_change",
    "proportion_ci",
]
