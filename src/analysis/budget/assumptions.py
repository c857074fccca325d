"""What the format-mix plan assumes, stated in the reader's language.

One list serves both places it is shown: :attr:`analysis.budget.mix.FormatMix.assumptions`
(English, written by :func:`analysis.budget.mix.optimise_mix`) and the notes under the
format-mix chart (:func:`analysis.budget.narrative.mix_assumption_notes`).
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis.budget import messages as msg
from analysis.budget.labels import label
from analysis.text import fmt
from analysis.text.lang import Lang, pick, t


def plan_assumptions(
    objective: str,
    cap_multiplier: float | None,
    min_share: Mapping[str, float],
    max_people: float | None,
    lang: Lang,
) -> list[str]:
    """The plan's assumptions, one sentence each, in ``lang``.

    Parameters
    ----------
    objective
        ``"people"`` or ``"jp"`` (how a place is valued).
    cap_multiplier
        The capacity cap (``None``: no cap).
    min_share
        ``{value: share}`` minimum shares of places.
    max_people
        The most people the plan can reach (objective ``"people"`` only), or ``None``.
    """
    people = objective == "people"
    lines = [
        pick(lang, msg.ASSUME_COST_AND_YIELD),
        pick(lang, msg.ASSUME_PEOPLE_REACHED if people else msg.ASSUME_JP_DELIVERED),
        pick(lang, msg.ASSUME_NOT_CAPPED) if cap_multiplier is None else msg.say(
            msg.ASSUME_CAPPED, lang, cap=t(lang, fmt.number(cap_multiplier, lang), f"{cap_multiplier:g}")),
        pick(lang, msg.ASSUME_CURRENT_MIX),
        pick(lang, msg.ASSUME_NO_QUALITY),
    ]
    lines += [
        msg.say(msg.ASSUME_MIN_SHARE, lang, share=t(lang, fmt.percent(share, lang, 0), f"{share:.0%}"),
                format=t(lang, label(key, lang), repr(key)))
        for key, share in min_share.items()
    ]
    if max_people is not None and people:
        lines.append(msg.say(msg.ASSUME_MAX_PEOPLE, lang,
                             n=t(lang, fmt.number(max_people, lang, 0), f"{max_people:,.0f}")))
    return lines
