"""What each headline number is: its code, unit and good direction, and the reader's label.

============================  =======  =========  ==============================================
code                          unit     direction  definition (``docs/definitions.md``)
============================  =======  =========  ==============================================
``jp20_compliance``           share    higher     staff active at the end of Q with >= 20 JP
                                                  credited in Q's year so far
``jp_on_track``               share    higher     ... with >= 5 JP x quarters elapsed
``participation_rate``        share    higher     active staff with >= 1 attended enrollment
                                                  ending in Q
``completion_rate``           share    higher     completed / (completed + dropped + no_show),
                                                  enrollments ending in Q
``learning_gain``             points   higher     mean post - pre score of completed
                                                  enrollments ending in Q (paired t interval)
``budget_absorption``         share    higher     spending year-to-date / allocation
``ikm``                       score    higher     mean IKM (25-100) over the units reporting it
``processing_days``           days     lower      mean processing time over the units reporting it
============================  =======  =========  ==============================================

How they are computed is :mod:`analysis.brief.numbers`; their labels are in
:mod:`analysis.brief.messages`.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.brief import messages as msg
from analysis.text.lang import Lang, check_lang, pick


@dataclass(frozen=True)
class MetricSpec:
    """What a headline number is: its code, unit (share, points, score, days) and direction (+1 higher is better)."""

    code: str
    unit: str
    direction: int


#: The headline numbers, in the order the brief shows them.
METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("jp20_compliance", "share", 1),
    MetricSpec("jp_on_track", "share", 1),
    MetricSpec("participation_rate", "share", 1),
    MetricSpec("completion_rate", "share", 1),
    MetricSpec("learning_gain", "points", 1),
    MetricSpec("budget_absorption", "share", 1),
    MetricSpec("ikm", "score", 1),
    MetricSpec("processing_days", "days", -1),
)
#: The headline codes, in :data:`METRICS` order.
CODES: tuple[str, ...] = tuple(m.code for m in METRICS)


def metric_spec(code: str) -> MetricSpec:
    """The :class:`MetricSpec` of a headline code (``KeyError`` listing the codes otherwise)."""
    for spec in METRICS:
        if spec.code == code:
            return spec
    raise KeyError(f"unknown headline code {code!r}; known: {', '.join(CODES)}")


def metric_label(code: str, lang: Lang = "id", short: bool = False) -> str:
    """The reader's label of a headline code in ``lang`` (``short`` for cards and sentences)."""
    metric_spec(code)
    labels = msg.METRIC_SHORT_LABELS if short else msg.METRIC_LABELS
    return pick(check_lang(lang), labels[code])
