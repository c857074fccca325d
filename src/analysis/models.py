"""Compatibility name: the models live in :mod:`analysis.stats.models`.

``from analysis.models import fit`` keeps working for notebooks and scripts written
before the package was arranged in layers.
"""

from analysis.stats.models import (  # noqa: F401
    FitResult,
    GLMResult,
    ModelSpecificationError,
    fit,
    logit,
    mixed,
    poisson,
    validate_vcov,
)
from analysis.stats.models import __all__ as __all__  # noqa: F401
