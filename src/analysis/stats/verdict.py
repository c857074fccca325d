"""The one rule that turns an interval into a verdict, and the minimum n behind any verdict.

Every sentence that calls a number better, worse, higher, lower or "not enough data"
gets its verdict code from here, so the rule and its error rate are written once
(see ``docs/methods.md``, "Verdict rules"):

- A group is **big enough** for a verdict when it has at least :data:`MIN_N` people
  (or units) and, when its interval is clustered, at least :data:`MIN_CLUSTERS` clusters
  (e.g. programmes behind a format's cost per JP); below either the verdict is
  ``insufficient_data``.
- A difference is **clear** when its 95% confidence interval excludes the null value
  (0 for differences, 1 for ratios). For an interval with the stated coverage this is a
  two-sided test at the 5% level: on a true null a clear verdict comes up at most 5% of
  the time (per comparison; families of comparisons are adjusted by the caller).
- The **direction** of a clear difference is ``higher``/``lower`` on the number's scale,
  or ``better``/``worse`` once the metric's good direction is known.
- In a **family** of tests adjusted together (Holm), a number that is not a declared
  primary outcome keeps its direction only when its adjusted p-value is below
  :data:`ALPHA`; otherwise it is ``no_clear_difference`` (:func:`family_verdict`). A
  joint test of equality of several numbers (no single direction) is ``different``
  when it rejects (:func:`equality_verdict`).
"""

from __future__ import annotations

import math
from typing import Literal

from analysis.data.results import VERDICTS

__all__ = ["ALPHA", "MIN_CLUSTERS", "MIN_N", "VERDICTS", "NotEnoughData", "Verdict", "direction",
           "enough_clusters", "enough_data", "equality_verdict", "excludes", "family_verdict", "verdict"]

#: Groups with fewer people (or units) than this get no verdict: "data belum cukup".
MIN_N: int = 30
#: Clustered comparisons with fewer clusters than this (e.g. programmes of a format) get no
#: verdict: a clustered variance from one to four clusters has at most three degrees of freedom
#: and no usable interval.
MIN_CLUSTERS: int = 5
#: Level below which a (Holm-adjusted) p-value allows a verdict word.
ALPHA: float = 0.05



class NotEnoughData(ValueError):
    """The data hold too little for this analysis at all (not a verdict on a number).

    Raised by a computation whose minimum data are not met (e.g. no format with enough
    observed places for the format-mix plan); the caller catches exactly this, states
    "data belum cukup" with ``str(err)`` as the reason, and the report goes on.
    """


Verdict = Literal["better", "worse", "higher", "lower", "different", "no_clear_difference",
                  "insufficient_data"]


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def enough_clusters(n_clusters: float | int | None, min_clusters: int = MIN_CLUSTERS) -> bool:
    """True when ``n_clusters`` (clusters behind a clustered interval) reaches ``min_clusters``."""
    return not _missing(n_clusters) and float(n_clusters) >= min_clusters  # type: ignore[arg-type]


def enough_data(n: float | int | None, min_n: int = MIN_N, *, n_clusters: float | int | None = None,
                min_clusters: int = MIN_CLUSTERS) -> bool:
    """True when ``n`` (people or units behind a number) reaches ``min_n`` and, when
    ``n_clusters`` is given (a clustered interval), it reaches ``min_clusters``."""
    if n_clusters is not None and not enough_clusters(n_clusters, min_clusters):
        return False
    return not _missing(n) and float(n) >= min_n  # type: ignore[arg-type]


def excludes(ci_low: float | None, ci_high: float | None, null: float = 0.0) -> bool:
    """True when the interval ``[ci_low, ci_high]`` lies entirely on one side of ``null``.

    A missing bound never excludes anything.
    """
    if _missing(ci_low) or _missing(ci_high):
        return False
    return float(ci_low) > null or float(ci_high) < null  # type: ignore[arg-type]


def direction(ci_low: float | None, ci_high: float | None, null: float = 0.0) -> Verdict:
    """``higher`` / ``lower`` when the interval excludes ``null``, else ``no_clear_difference``."""
    if not excludes(ci_low, ci_high, null):
        return "no_clear_difference"
    return "higher" if float(ci_low) > null else "lower"  # type: ignore[arg-type]


def verdict(ci_low: float | None, ci_high: float | None, *, null: float = 0.0,
            higher_is_better: bool | None = None, n: float | int | None = None,
            min_n: int = MIN_N, n_clusters: float | int | None = None,
            min_clusters: int = MIN_CLUSTERS) -> Verdict:
    """The verdict code for an interval.

    Parameters
    ----------
    ci_low, ci_high
        The 95% CI of a difference (or ratio, with ``null=1``).
    null
        The value of "no difference".
    higher_is_better
        ``True``/``False`` for a metric with a good direction (gives ``better``/``worse``);
        ``None`` for a plain comparison (gives ``higher``/``lower``).
    n, min_n
        When ``n`` is given and below ``min_n`` the verdict is ``insufficient_data``.
    n_clusters, min_clusters
        For a clustered interval: fewer than ``min_clusters`` clusters give
        ``insufficient_data`` (:func:`enough_clusters`).
    """
    if n is not None and not enough_data(n, min_n):
        return "insufficient_data"
    if n_clusters is not None and not enough_clusters(n_clusters, min_clusters):
        return "insufficient_data"
    side = direction(ci_low, ci_high, null)
    if side == "no_clear_difference" or higher_is_better is None:
        return side
    return "better" if (side == "higher") == higher_is_better else "worse"


def family_verdict(ci_low: float | None, ci_high: float | None, *, primary: bool,
                   p_adjusted: float | None, null: float = 0.0, higher_is_better: bool | None = None,
                   n: float | int | None = None, min_n: int = MIN_N,
                   n_clusters: float | int | None = None, min_clusters: int = MIN_CLUSTERS,
                   alpha: float = ALPHA) -> Verdict:
    """The verdict of one number of a family of tests.

    A declared primary outcome (``primary``) is read on its own: :func:`verdict`. Any other
    member of the family gets the same verdict only when its family-adjusted p-value
    (Holm) is below ``alpha``; otherwise ``no_clear_difference`` (``insufficient_data``
    stays). So across the family, a verdict word on a true null comes up at most
    ``alpha`` of the time (Holm's family-wise error control).
    """
    code = verdict(ci_low, ci_high, null=null, higher_is_better=higher_is_better, n=n, min_n=min_n,
                   n_clusters=n_clusters, min_clusters=min_clusters)
    if code == "insufficient_data" or primary:
        return code
    return code if (not _missing(p_adjusted) and float(p_adjusted) < alpha) else "no_clear_difference"  # type: ignore[arg-type]


def equality_verdict(p_adjusted: float | None, *, testable: bool = True, alpha: float = ALPHA) -> Verdict:
    """The verdict of a joint test that several numbers are equal (e.g. equal slopes by sector).

    ``different`` when the (family-adjusted) p-value is below ``alpha``, else
    ``no_clear_difference``; ``insufficient_data`` when the test could not be made
    (``testable`` False or no p-value).
    """
    if not testable or _missing(p_adjusted):
        return "insufficient_data"
    return "different" if float(p_adjusted) < alpha else "no_clear_difference"  # type: ignore[arg-type]
