"""Result codes of the coverage and participation area (``results.json``).

The notebook records with these names; the brief reads them back with the same names.
"""

from __future__ import annotations

#: Odds ratio of a staff member taking part when the unit head trained last quarter.
PARTICIPATION_OR_HEAD_TRAINED: str = "coverage.participation_or_head_trained"
