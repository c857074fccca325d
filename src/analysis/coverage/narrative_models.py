"""The sentences of notebook 20 that read tests and models: equity between staff groups
(Holm-adjusted chi-square tests) and the predictors of taking part, not showing up and
dropping out (odds ratios).

Every text comes from :mod:`analysis.coverage.messages`; an odds ratio is called higher
or lower only when its 95% CI excludes 1 (:mod:`analysis.stats.verdict`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.coverage import messages as msg
from analysis.coverage.equity_tests import HOLM_ALPHA
from analysis.coverage.narrative import enough_staff
from analysis.coverage.predictors import HIDDEN_TERM_PREFIXES, clear_odds_ratios, leadership
from analysis.data.staff import EQUITY_DIMENSIONS
from analysis.stats.verdict import MIN_N, excludes
from analysis.text import fmt, phrases
from analysis.text.lang import Lang, pick
from analysis.text.phrases import message

#: Fewer units than this make unit-clustered standard errors unreliable (a caution is shown).
MIN_CLUSTERS = 20


def _equity_part(block: pd.DataFrame, col: str, p_col: str, lang: Lang) -> str:
    """``partisipasi **berbeda** (...; p Holm 0,012)`` or "no clear difference" / "not enough data"
    for one test of one dimension."""
    what = pick(lang, msg.EQUITY_TESTS[p_col])
    p = block[p_col].iloc[0] if len(block) else np.nan
    if len(block) < 2 or pd.isna(p):
        return f"{what}: {phrases.not_enough_data(lang)}"
    if p < HOLM_ALPHA:
        ordered = block.sort_values(col, ascending=False)
        values = ", ".join(f"{r['label']} {fmt.percent(r[col], lang)}" for _, r in ordered.iterrows())
        return message(msg.EQUITY_DIFFERS, lang, what=what, values=values, p=phrases.p_value(p, lang))
    return f"{what}: {phrases.verdict_word('no_clear_difference', lang)}"


def equity_sentences(equity_frame: pd.DataFrame, lang: Lang = "id", min_n: int = MIN_N) -> list[str]:
    """One Markdown bullet per equity dimension: does participation / 20-JP compliance differ?

    ``equity_frame`` is an :func:`analysis.coverage.equity_tests.equity_table` (with ``label`` and
    Holm p-values). A dimension "differs" only when its Holm-adjusted p-value is below
    :data:`analysis.coverage.equity_tests.HOLM_ALPHA`; with fewer than two tested groups
    (``tested``: known, at least ``min_n`` staff) it reads "not enough data". Groups left out
    of the test are named, so the reader sees what the p-value does not cover.
    """
    tested = equity_frame["tested"] if "tested" in equity_frame else enough_staff(equity_frame, min_n)
    lines = []
    for dim, pair in EQUITY_DIMENSIONS.items():
        in_dim = equity_frame["dimension"].eq(dim)
        block = equity_frame.loc[in_dim & tested]
        parts = [_equity_part(block, col, p_col, lang)
                 for col, p_col in (("participation_rate", "p_holm_participation"),
                                    ("share_meeting_20jp", "p_holm_20jp"))]
        left_out = equity_frame.loc[in_dim & ~tested & equity_frame["active_staff"].gt(0), "label"]
        if len(left_out):
            parts.append(message(msg.EQUITY_NOT_TESTED, lang, min_n=min_n, groups=", ".join(left_out)))
        lines.append(f"- **{pick(lang, pair)}**: " + "; ".join(parts) + ".")
    return lines


def odds_ratio_text(row: pd.Series, lang: Lang) -> str:
    """``rasio odds 1,20 (IK 95% 0,90 s.d. 1,60)`` / ``odds ratio 1.20 (95% CI 0.90 to 1.60)``."""
    interval = phrases.with_interval(row["odds_ratio"], row["ratio_ci_low"], row["ratio_ci_high"], lang,
                                     lambda x: fmt.number(x, lang, 2))
    return f"{pick(lang, msg.ODDS_RATIO)} {interval}"


def _leadership_lines(predictors: pd.DataFrame, lang: Lang) -> list[str]:
    """The question, a caution when there are few units, and one answer per leadership term."""
    main = leadership(predictors)
    main = main.loc[main["model"].eq("participation")].set_index("term")
    part = predictors.loc[predictors["model"].eq("participation")]
    n_obs, k_units = int(part["nobs"].iloc[0]), int(part["n_clusters"].iloc[0])
    lines = [message(msg.LEADERSHIP_QUESTION, lang, n_obs=fmt.number(n_obs, lang, 0))]
    if k_units < MIN_CLUSTERS:
        lines.append(message(msg.FEW_CLUSTERS, lang, units=k_units))
    for term, who in msg.LEADERSHIP_WHO.items():
        if term not in main.index:
            continue
        r = main.loc[term]
        lines.append(message(msg.LEADERSHIP_ANSWERS[r["direction"]], lang, who=pick(lang, who),
                             odds=odds_ratio_text(r, lang)))
    return lines


def _motivation_lines(predictors: pd.DataFrame, lang: Lang) -> list[str]:
    """The learning-motivation odds ratio of the survey model, when it was fitted."""
    mot = predictors.loc[predictors["model"].eq("participation_survey") & predictors["term"].eq("learning_motivation")]
    if not len(mot):
        return []
    m = mot.iloc[0]
    verdict = msg.MOTIVATION_CLEAR if excludes(m["ratio_ci_low"], m["ratio_ci_high"], 1.0) else msg.MOTIVATION_UNCLEAR
    return [message(msg.MOTIVATION, lang, odds=odds_ratio_text(m, lang), verdict=pick(lang, verdict))]


def _enrollment_model_lines(predictors: pd.DataFrame, lang: Lang) -> list[str]:
    """One line per enrollment model (no-show, drop-out): its clear predictors, if any."""
    lines = []
    for name in ("no_show", "dropout"):
        title = pick(lang, msg.MODEL_LABELS[name])
        block = predictors.loc[predictors["model"].eq(name)]
        clear = block.loc[clear_odds_ratios(block)]
        clear = clear.loc[~clear["term"].str.startswith(HIDDEN_TERM_PREFIXES)]
        if block.empty:
            lines.append(f"- {title}: {phrases.not_enough_data(lang)}.")
        elif clear.empty:
            lines.append(message(msg.MODEL_NO_CLEAR_PREDICTOR, lang, title=title))
        else:
            items = "; ".join(f"{msg.term_label(r['term'], lang)} {fmt.number(r['odds_ratio'], lang, 2)}"
                              for _, r in clear.iterrows())
            lines.append(message(msg.MODEL_CLEAR_PREDICTORS, lang, title=title, items=items))
    return lines


def predictor_sentences(
    predictors: pd.DataFrame, lang: Lang = "id", reason: str = "", min_n: int = MIN_N
) -> list[str]:
    """The leadership answer and the clear predictors of no-show and drop-out, as Markdown lines.

    Parameters
    ----------
    predictors
        :func:`analysis.coverage.predictors.participation_predictors` (or the empty frame of
        :func:`analysis.coverage.predictors.predictors_or_reason`).
    reason
        Why the models could not be estimated (shown alone when given).
    min_n
        Only quoted in the "not enough data" sentence (the model's own minimum).

    Notes
    -----
    An odds ratio is called higher / lower only when its 95% CI excludes 1
    (:func:`analysis.coverage.predictors.leadership`); otherwise "unclear, the range
    includes 1". Sector and position terms are not listed for the enrollment models.
    """
    if reason:
        return [reason]
    if predictors.empty or not predictors["model"].eq("participation").any():
        return [message(msg.NO_PARTICIPATION_MODEL, lang, min_n=min_n)]
    return [
        *_leadership_lines(predictors, lang),
        *_motivation_lines(predictors, lang),
        *_enrollment_model_lines(predictors, lang),
        pick(lang, msg.ASSOCIATION_CAVEAT),
    ]
