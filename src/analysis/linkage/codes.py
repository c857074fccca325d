"""Result codes of the service-link area (``results.json``) and the step its statements use.

The notebook records with these names; the brief reads them back with the same names.
"""

from __future__ import annotations

#: JP per staff member added in the "+5 JP per staff" statements (one step of exposure).
JP_STEP: float = 5.0
#: Change of a service metric per :data:`JP_STEP` JP per staff; the metric follows a dot.
EFFECT_PER_STEP: str = "linkage.effect_per_5jp"


def effect_per_step_code(metric: str) -> str:
    """``linkage.effect_per_5jp.<metric>``."""
    return f"{EFFECT_PER_STEP}.{metric}"
