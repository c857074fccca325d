"""The year-on-year paragraph shared by the coverage and outcome pages."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from analysis.stats.verdict import MIN_N
from analysis.text import fmt, phrases
from analysis.text.lang import Lang, t


def year_on_year_paragraph(
    yoy: pd.DataFrame,
    period: str,
    lang: Lang,
    labels: Mapping[str, str],
    min_n: int = MIN_N,
    *,
    shares: Collection[str] | None = None,
    decimals: int = 1,
) -> str:
    """Each metric against the same quarter a year before, one bullet per metric.

    ``yoy`` has one row per metric with ``metric, estimate, previous, previous_period,
    n, n_previous, change, change_ci_low, change_ci_high, clear`` (as made by
    :func:`analysis.coverage.year_on_year`). A metric went "up"/"down" only when
    ``clear`` (the change's 95% CI excludes zero, :mod:`analysis.stats.verdict`);
    otherwise "no clear change". Either quarter with fewer than ``min_n`` in the
    denominator: "not enough data". Only metrics named in ``labels`` are shown;
    metrics in ``shares`` (default: all) are shown as percentages with changes in
    percentage points, the others as numbers; ``decimals`` for the changes.
    """
    plabel = fmt.period_label(period, lang)
    lines = []
    for _, r in yoy.iterrows():
        if r["metric"] not in labels:
            continue
        label = labels[r["metric"]]
        if min(r["n"], r["n_previous"]) < min_n:
            lines.append(f"- {label}: {phrases.not_enough_data(lang)}.")
            continue
        share = shares is None or r["metric"] in shares
        scale, unit = (100, t(lang, " poin persen", " percentage points")) if share else (1, "")

        def show(value: float, share: bool = share) -> str:
            return fmt.percent(value, lang) if share else fmt.number(value, lang, 2)

        def change(value: float, scale: int = scale) -> str:
            return fmt.points(scale * value, lang, decimals)

        if r["clear"]:
            word = t(lang, "naik", "up") if r["change"] > 0 else t(lang, "turun", "down")
        else:
            word = t(lang, "tidak berubah secara jelas", "no clear change")
        ci = phrases.interval(r["change_ci_low"], r["change_ci_high"], lang, change)
        lines.append(f"- {label}: {show(r['estimate'])} vs {show(r['previous'])} "
                     f"{t(lang, 'pada', 'in')} {fmt.period_label(r['previous_period'], lang)} — **{word}**, "
                     f"{change(r['change'])}{unit} ({ci}).")
    if not lines:
        return t(lang, "Data belum mencakup triwulan yang sama tahun lalu.",
                 "The data do not reach back to the same quarter last year.")
    return (t(lang, f"**Dibanding triwulan yang sama tahun lalu** ({plabel}):",
              f"**Compared with the same quarter a year earlier** ({plabel}):") + "\n" + "\n".join(lines))
