"""Sentences about the online roll-out and the design: the online-start effect, IT training, the design note.

Words come from :mod:`analysis.linkage.messages`; a change or difference is clear
only when its 95% CI excludes zero (:mod:`analysis.stats.verdict`); with fewer than
:data:`analysis.linkage.online.FEW_STARTING_UNITS` starting units the text says the
interval is wide.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.data.contract import METRIC_DIRECTIONS
from analysis.linkage.effects import service_verdict
from analysis.linkage.launch import IT_TRAINED_THRESHOLD
from analysis.linkage.messages import (
    CANNOT_RULE_OUT,
    CLEAR_DIFFERENCE,
    DESIGN,
    DESIGN_ONLINE_CONTROL,
    ESTIMATOR_NAMES,
    IT_FEW_UNITS,
    IT_GROUPS,
    IT_RULE,
    NO_CLEAR_DIFFERENCE,
    ONLINE_DESIGN,
    ONLINE_FEW_STARTS,
    ONLINE_FEW_UNITS,
    ONLINE_NOT_ESTIMATED,
    ONLINE_NOT_EVALUATED,
    ONLINE_SENTENCE,
    ONLINE_VERDICTS,
    PLACEBO_CLEAN,
    PLACEBO_CLEAN_OTHERS,
    PLACEBO_FLAGGED,
    PLACEBO_LEAD,
    PRETREND_DIVERGES,
    PRETREND_PARALLEL,
    PRETREND_REJECTED,
    PRETREND_SUPPORTED,
    PRETREND_WEAK,
    RANDOMIZATION_NOTE,
    UNIT_QUARTERS,
    metric_short,
)
from analysis.linkage.narrative import exploratory_note
from analysis.linkage.online import BOOTSTRAP_STARTING_UNITS, FEW_STARTING_UNITS, PRETREND_ALPHA
from analysis.stats.verdict import excludes
from analysis.text import Lang, check_lang, fmt, phrases, pick

#: The recorded verdict code (:mod:`analysis.stats.verdict`) in the words of ``ONLINE_VERDICTS``;
#: too few starting units reads as "no clear change" plus the few-units sentence.
_SERVICE_WORDS: dict[str, str] = {
    "better": "better", "worse": "worse", "higher": "changes", "lower": "changes",
    "no_clear_difference": "no_clear_change", "insufficient_data": "no_clear_change",
}


def online_sentence(
    att_row: Mapping[str, object] | pd.Series, lang: Lang = "id", decimals: int = 2
) -> str:
    """One sentence on the average post-start effect of online services (a row of ``OnlineResults.att``).

    States the estimator, the CI, n (unit-quarters) and the number of starting
    units, says plainly when that number is small (< :data:`FEW_STARTING_UNITS`) and
    the CI wide, and adds the pre-start (parallel-trends) test when the row has
    ``pretrend_p_value``. The verdict is the recorded one when the row carries it
    (``verdict_code``, :func:`analysis.linkage.codes.with_recorded_verdicts`: primary, or
    the exploratory family's Holm rule with its adjusted p-value), else the row's ``verdict``.
    """
    lang = check_lang(lang)
    row = dict(att_row)
    metric = str(row["metric"])
    name, unit = metric_short(metric, lang)
    method = ESTIMATOR_NAMES.get(str(row.get("method")), str(row.get("method")))
    n_t = row.get("n_treated_units")
    n_t = 0 if n_t is None or pd.isna(n_t) else int(n_t)
    if pd.isna(row.get("estimate")):
        return pick(lang, ONLINE_NOT_ESTIMATED).format(name=name, method=method)
    low, high = float(row["ci_low"]), float(row["ci_high"])
    code = row.get("verdict_code") if isinstance(row.get("verdict_code"), str) else row.get("verdict")
    verdict = _SERVICE_WORDS.get(str(code), "") or service_verdict(
        low, high, METRIC_DIRECTIONS.get(metric, 0))
    text = pick(lang, ONLINE_SENTENCE).format(
        name=name,
        change=fmt.points(float(row["estimate"]), lang, decimals),
        unit=unit,
        method=method,
        ci=fmt.interval(low, high, lang, decimals),
        n_treated=n_t,
        n_obs=fmt.number(int(row["n_obs"]), lang, 0),
        verdict=pick(lang, ONLINE_VERDICTS[verdict]) + exploratory_note(row, lang),
    )
    if n_t < FEW_STARTING_UNITS:
        text += pick(lang, ONLINE_FEW_UNITS).format(n_treated=n_t)
    pre = row.get("pretrend_p_value")
    if pre is not None and not pd.isna(pre):
        test = PRETREND_DIVERGES if pre < PRETREND_ALPHA else PRETREND_PARALLEL
        text += pick(lang, test).format(p=phrases.p_statement(float(pre), lang))
        if pre >= PRETREND_ALPHA and n_t < BOOTSTRAP_STARTING_UNITS:
            text += pick(lang, PRETREND_WEAK).format(n_treated=n_t)
    if row.get("inference") == "randomization":
        text += pick(lang, RANDOMIZATION_NOTE)
    return text


def _clear(row: Mapping[str, object] | pd.Series) -> bool:
    """Whether a row's recorded verdict (``verdict_code``) is a clear change; without one,
    whether its CI excludes zero."""
    code = row.get("verdict_code")
    if isinstance(code, str) and code:
        return code in ("better", "worse", "higher", "lower")
    return excludes(row["ci_low"], row["ci_high"])


def online_sentences(att: pd.DataFrame, lang: Lang = "id", method: str = "sunab") -> str:
    """A Markdown list with :func:`online_sentence` of every row of one estimator."""
    return "\n".join("- " + online_sentence(r, lang) for _, r in att.iterrows() if r["method"] == method)


def it_training_sentences(effects: pd.DataFrame, lang: Lang = "id", decimals: int = 2) -> list[str]:
    """One line per metric from stacked :func:`analysis.linkage.it_training_effect` frames, plus the rule used.

    Each line states both groups' unit counts, the difference with its CI and n,
    and calls it a difference only when the CI excludes zero; with fewer than
    :data:`FEW_STARTING_UNITS` starting units in a group it says the interval is
    wide because few units started.
    """
    lang = check_lang(lang)
    lines = []
    for metric, part in effects.groupby("metric", sort=False):
        lines.append(_it_training_line(str(metric), part.set_index("group"), lang, decimals))
    threshold = (
        effects["threshold"].iloc[0]
        if "threshold" in effects and len(effects)
        else IT_TRAINED_THRESHOLD
    )
    lines.append(pick(lang, IT_RULE).format(threshold=fmt.percent(threshold, lang, 0)))
    return lines


def _headline_difference(groups: pd.DataFrame) -> pd.Series:
    """The IT-training contrast within start cohort and event time when estimated, else the split ATTs'.

    Comparing IT-trained and other units of the same cohort at the same time since the
    start does not mix up their different cohort compositions.
    """
    if "difference_within_cells" in groups.index and not pd.isna(groups.loc["difference_within_cells", "estimate"]):
        return groups.loc["difference_within_cells"]
    return groups.loc["difference"]


def _it_training_line(metric: str, groups: pd.DataFrame, lang: Lang, decimals: int) -> str:
    """One metric's line of :func:`it_training_sentences` (``groups`` indexed by group)."""
    n_it = int(groups.loc["it_trained", "n_treated_units"]) if "it_trained" in groups.index else 0
    n_other = (
        int(groups.loc["not_it_trained", "n_treated_units"])
        if "not_it_trained" in groups.index
        else 0
    )
    d = _headline_difference(groups)
    name, unit = metric_short(metric, lang)
    head = pick(lang, IT_GROUPS).format(name=name, n_it=n_it, n_other=n_other)
    if pd.isna(d["estimate"]):
        return f"{head}: {phrases.not_enough_data(lang)}"
    verdict = pick(lang, CLEAR_DIFFERENCE if _clear(d) else NO_CLEAR_DIFFERENCE) + exploratory_note(d, lang)
    line = (
        f"{head}: {fmt.points(d['estimate'], lang, decimals)} {unit} "
        f"({fmt.interval(d['ci_low'], d['ci_high'], lang, decimals)}; "
        f"n = {fmt.number(d['n_obs'], lang, 0)} {pick(lang, UNIT_QUARTERS)}) — {verdict}."
    )
    if min(n_it, n_other) < FEW_STARTING_UNITS:
        line += pick(lang, IT_FEW_UNITS)
    return line


def design_note(
    lang: Lang = "id",
    *,
    n_units: int,
    n_quarters: int,
    placebo: pd.DataFrame | None = None,
    online_att: pd.DataFrame | None = None,
    online_control: bool = True,
) -> str:
    """What the design can and cannot show about cause, generated from the results.

    Parameters
    ----------
    lang
        ``"id"`` or ``"en"``.
    n_units, n_quarters
        Size of the panel used.
    placebo
        :func:`analysis.linkage.placebo_future_exposure` output: the note says whether
        future exposure "predicts" the past (a warning sign) for the metrics where its
        CI excludes 0.
    online_att
        ``OnlineResults.att``: the note states the number of starting units and the
        pre-trend tests.
    online_control
        Whether the exposure models absorbed the online starts (their default); the
        note says so.

    Returns
    -------
    str
        Paragraphs separated by blank lines (Markdown).
    """
    lang = check_lang(lang)
    design = pick(lang, DESIGN).format(
        n_units=fmt.number(n_units, lang, 0), n_quarters=fmt.number(n_quarters, lang, 0)
    )
    paras = [design + (pick(lang, DESIGN_ONLINE_CONTROL) if online_control else ""),
             pick(lang, CANNOT_RULE_OUT)]
    if placebo is not None and len(placebo):
        paras.append(_placebo_paragraph(placebo, lang))
    if online_att is not None and len(online_att) and "n_treated_units" in online_att:
        paras.append(_online_paragraph(online_att, lang))
    return "\n\n".join(paras)


def _placebo_paragraph(placebo: pd.DataFrame, lang: Lang) -> str:
    """Whether future exposure predicts today's metrics (its CI excludes zero)."""
    fut = placebo.loc[(placebo["term"] == "future") & placebo["estimate"].notna()]
    predicts = pd.Series([_clear(r) for _, r in fut.iterrows()], index=fut.index, dtype=bool)
    flagged = fut.loc[predicts, "metric"].tolist()
    clean = [m for m in fut["metric"] if m not in flagged]
    text = pick(lang, PLACEBO_LEAD)
    if flagged:
        text += pick(lang, PLACEBO_FLAGGED).format(metrics=", ".join(flagged))
    else:
        text += pick(lang, PLACEBO_CLEAN)
    if flagged and clean:
        text += pick(lang, PLACEBO_CLEAN_OTHERS).format(metrics=", ".join(clean))
    return text


def _online_paragraph(online_att: pd.DataFrame, lang: Lang) -> str:
    """The roll-out's design: starting units, the Sun & Abraham assumptions, the pre-start tests."""
    n_t = online_att["n_treated_units"].dropna()
    n_t = int(n_t.max()) if len(n_t) else 0
    pre = online_att.loc[online_att.get("method", pd.Series(dtype=str)) == "sunab"]
    bad = (
        pre.loc[pre["pretrend_p_value"] < PRETREND_ALPHA, "metric"].tolist()
        if "pretrend_p_value" in pre
        else []
    )
    if n_t == 0:
        return pick(lang, ONLINE_NOT_EVALUATED)
    text = pick(lang, ONLINE_DESIGN).format(n_treated=n_t)
    if bad:
        text += pick(lang, PRETREND_REJECTED).format(metrics=", ".join(bad))
    else:
        text += pick(lang, PRETREND_SUPPORTED)
    if n_t < FEW_STARTING_UNITS:
        text += pick(lang, ONLINE_FEW_STARTS).format(n_treated=n_t)
    return text
