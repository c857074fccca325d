"""How sure the format-mix plan is: a programme bootstrap of its prices and yields, re-solved.

:func:`mix_uncertainty` resamples the programmes behind each format's observed price and
yield, recomputes the parameters (as :func:`analysis.budget.formats.parameters_from_window`
would on each resampled window), re-solves the linear programme
(:func:`analysis.budget.mix.solve_mix`, the steps of :func:`~analysis.budget.mix.optimise_mix`)
on each draw, and reports the people reached and the cost of reaching everyone with percentile
intervals, how often each format is in the optimum, and whether the optimum leans on
the noisiest formats (``docs/methods.md``, "Format mix").

The draws are computed on arrays, all at once: the programmes are drawn with the same
generator calls in the same order as a frame-by-frame loop would, counts are added per
programme, and sums are taken over the resampled rows in the order and with the
summation pandas uses, so every number equals the frame-by-frame bootstrap's bit for bit
(``tests/test_mix_bootstrap.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.budget.facts import FORMAT_COLUMNS, TARGET_JP, budget_facts, check_by, window_mask
from analysis.budget.formats import parameters_from_window
from analysis.budget.mix import (
    FormatMix,
    MixArrays,
    Objective,
    mix_columns,
    mix_totals,
    optimise_mix,
    share_members,
    solve_mix,
    usable_mask,
)
from analysis.data.dataset import Dataset
from analysis.stats.verdict import MIN_N

#: Columns of :attr:`MixUncertainty.summary`.
SUMMARY_COLUMNS = ("quantity", "estimate", "ci_low", "ci_high", "draws")
#: The quantities of :attr:`MixUncertainty.summary`: ``{mix}_{column}`` of the plan's summary.
QUANTITIES = ("optimal_people", "optimal_cost_to_reach_all_idr", "current_people", "current_cost_to_reach_all_idr")
#: A format is "noisy" when its people-per-rupiah varies by more than this coefficient of
#: variation over the bootstrap draws.
NOISY_CV = 0.25


@dataclass(frozen=True)
class MixUncertainty:
    """The programme bootstrap of the format-mix plan.

    Attributes
    ----------
    summary
        One row per quantity (``optimal_people``, ``optimal_cost_to_reach_all_idr``,
        ``current_people``, ``current_cost_to_reach_all_idr``): ``estimate`` (the plan on
        the observed data), ``ci_low``, ``ci_high`` (2.5% and 97.5% percentiles of the
        draws), ``draws`` (draws with a finite value: reaching everyone can be
        impossible within the caps on some draws).
    formats
        One row per usable format: the format columns, ``programmes``, ``optimal_share_spend``
        (its share of the plan's spending), ``share_of_draws_in_optimum`` (draws whose
        optimum buys any place of it), ``people_per_million_cv`` (coefficient of variation
        of people reached per Rp 1 million over the draws) and ``noisy`` (cv above
        :data:`NOISY_CV`, or a single programme, whose variation the bootstrap cannot see).
    rests_on_noisy
        True when more than half of the plan's spending goes to noisy formats.
    n_boot
        Bootstrap draws.
    """

    summary: pd.DataFrame
    formats: pd.DataFrame
    rests_on_noisy: bool
    n_boot: int


@dataclass(frozen=True)
class _Programmes:
    """The window's rows grouped by format (sorted, as ``groupby``) then programme, for resampling.

    ``rows[f][p]``: the window's row positions of programme ``p`` of format ``f``, in window
    order; ``quarters[f]``: per programme of format ``f``, which of the window's quarters
    (columns, ``qidx`` sorted) it has rows in.
    """

    rows: list[list[np.ndarray]]
    quarters: list[np.ndarray]


def _programmes(window: pd.DataFrame, cols: list[str]) -> _Programmes:
    """The :class:`_Programmes` of ``window`` (rows without a format or programme are left out, as
    ``groupby`` leaves them)."""
    fmt = window.groupby(cols, sort=True).ngroup().to_numpy()
    prog = pd.factorize(window["program_id"], sort=True)[0]
    quarter = pd.factorize(window["qidx"], sort=True)[0]
    n_quarters = int(quarter.max()) + 1 if len(quarter) else 0
    keep = np.flatnonzero((fmt >= 0) & (prog >= 0))
    order = keep[np.lexsort((keep, prog[keep], fmt[keep]))]
    rows: list[list[np.ndarray]] = []
    quarters: list[np.ndarray] = []
    for in_format in np.split(order, np.flatnonzero(np.diff(fmt[order])) + 1) if len(order) else []:
        blocks = np.split(in_format, np.flatnonzero(np.diff(prog[in_format])) + 1)
        seen = np.zeros((len(blocks), n_quarters), dtype=bool)
        for p, block in enumerate(blocks):
            seen[p, quarter[block]] = True
        rows.append(blocks)
        quarters.append(seen)
    return _Programmes(rows, quarters)


def _draw_programmes(programmes: _Programmes, n_boot: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Per format, the programmes drawn with replacement on each draw (``n_boot`` x its programmes).

    The draws are taken draw by draw, format by format (sorted), as many as the format has.
    """
    picks = [np.empty((n_boot, len(fmt)), dtype=np.int64) for fmt in programmes.rows]
    for b in range(n_boot):
        for f, fmt in enumerate(programmes.rows):
            picks[f][b] = rng.integers(0, len(fmt), size=len(fmt))
    return picks


def _kahan_sums(values: np.ndarray, rows: list[np.ndarray], picks: np.ndarray) -> np.ndarray:
    """Per draw, the compensated (Kahan) sum of ``values`` over one format's drawn programmes' rows.

    ``values``: one column of the window; NaN is skipped. The rows are added in the order
    of the resampled window (programmes in drawn order, each in window order) with the
    compensation of pandas' Cython grouped sum. Returns one total per row of ``picks``.
    """
    order = [np.concatenate([rows[p] for p in draw]) for draw in picks]
    length = max((len(o) for o in order), default=0)
    index = np.zeros((length, len(order)), dtype=np.int64)
    present = np.zeros((length, len(order)), dtype=bool)
    for b, o in enumerate(order):
        index[: len(o), b] = o
        present[: len(o), b] = True
    total = np.zeros(len(order))
    compensation = np.zeros_like(total)
    block = values[index]  # length x draws
    add = present & ~np.isnan(block)
    for j in range(length):
        y = block[j] - compensation
        t = total + y
        c = t - total - y
        c[np.isnan(c)] = 0.0
        compensation = np.where(add[j], c, compensation)
        total = np.where(add[j], t, total)
    return total


@dataclass(frozen=True)
class _Resampled:
    """All draws' resampled windows end to end: ``rows`` (positions in the window), one segment
    per draw and format (draw-major, formats sorted) of ``sizes`` (draws x formats) rows."""

    rows: np.ndarray
    sizes: np.ndarray

    @property
    def starts(self) -> np.ndarray:
        """Where each draw-and-format segment starts in :attr:`rows`."""
        ends = np.cumsum(self.sizes.ravel())
        return (ends - self.sizes.ravel()).astype(np.int64)


def _resampled(programmes: _Programmes, picks: list[np.ndarray]) -> _Resampled:
    """The :class:`_Resampled` windows of ``picks`` (programmes in drawn order, each in window order)."""
    n_boot = len(picks[0]) if picks else 0
    parts = [programmes.rows[f][p] for b in range(n_boot) for f, pick in enumerate(picks) for p in pick[b]]
    sizes = np.array([[sum(len(programmes.rows[f][p]) for p in pick[b]) for f, pick in enumerate(picks)]
                      for b in range(n_boot)], dtype=np.int64).reshape(n_boot, len(picks))
    return _Resampled(np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64), sizes)


def _grouped_sums(column: np.ndarray, resampled: _Resampled, programmes: _Programmes,
                  picks: list[np.ndarray]) -> np.ndarray:
    """``groupby(format).sum()`` of ``column`` on every resampled window (draws x formats), bit for bit.

    pandas sums groups whose rows are sorted by group (as a resampled window's are) with
    ``np.add.reduceat`` when the column has no NaN, else with its compensated Cython sum
    (NaN skipped); both are reproduced here on the same rows in the same order.
    """
    n_boot, n_formats = resampled.sizes.shape
    values = column[resampled.rows]
    sums = np.add.reduceat(values, resampled.starts).reshape(n_boot, n_formats) if len(values) else \
        np.zeros((n_boot, n_formats))
    draw_starts = resampled.starts.reshape(n_boot, n_formats)[:, 0] if n_formats else np.zeros(0, dtype=np.int64)
    has_nan = np.add.reduceat(np.isnan(values), draw_starts) > 0 if len(values) else np.zeros(n_boot, dtype=bool)
    if has_nan.any():
        for f, pick in enumerate(picks):
            sums[has_nan, f] = _kahan_sums(column, programmes.rows[f], pick[has_nan])
    return sums


@dataclass(frozen=True)
class _DrawParameters:
    """The format parameters of every draw (draws x formats), as :func:`parameters_from_window` computes them."""

    observed_places: np.ndarray
    cost_per_place: np.ndarray
    completion_rate: np.ndarray
    jp_per_place: np.ndarray
    people_per_place: np.ndarray
    places_per_year: np.ndarray


def _draw_parameters(window: pd.DataFrame, programmes: _Programmes, picks: list[np.ndarray],
                     target_jp: float = TARGET_JP) -> _DrawParameters:
    """:func:`analysis.budget.formats.parameters_from_window` of every resampled window at once.

    Per format, the places, completions and quarters are counted per programme once and
    added up over the drawn programmes (integers: exact); the cost, credited JP and people
    reached are summed over the resampled rows as pandas sums them (:func:`_grouped_sums`),
    so every number is the one the resampled window's frame gives.
    """
    completed = window["completed"].to_numpy(bool)
    jp = window["credited_jp"].to_numpy(float)
    person_share = completed.astype(float) * np.clip(np.where(np.isnan(jp), 0.0, jp), 0.0, target_jp) / target_jp
    resampled = _resampled(programmes, picks)
    cost, jp_completed, people = (_grouped_sums(column, resampled, programmes, picks)
                                  for column in (window["cost_idr"].to_numpy(float), jp, person_share))
    n_boot = len(resampled.sizes)
    done = []
    quarters_seen = np.zeros((n_boot, programmes.quarters[0].shape[1] if programmes.quarters else 0), dtype=bool)
    for rows, seen, pick in zip(programmes.rows, programmes.quarters, picks, strict=True):
        counts = np.array([np.bincount(d, minlength=len(rows)) for d in pick], dtype=np.int64).reshape(n_boot, len(rows))
        done.append(counts @ np.array([int(completed[r].sum()) for r in rows], dtype=np.int64))
        quarters_seen |= (counts @ seen.astype(np.int64)) > 0
    observed = resampled.sizes
    completions = np.column_stack(done) if done else np.zeros((n_boot, 0), dtype=np.int64)
    completion_rate = completions / observed
    with np.errstate(divide="ignore", invalid="ignore"):
        jp_per_completion = np.where(completions > 0, jp_completed / completions, np.nan)
    n_quarters = np.maximum(quarters_seen.sum(axis=1), 1)[:, None]
    return _DrawParameters(
        observed_places=observed,
        cost_per_place=cost / observed,
        completion_rate=completion_rate,
        jp_per_place=completion_rate * np.where(np.isnan(jp_per_completion), 0.0, jp_per_completion),
        people_per_place=people / observed,
        places_per_year=observed * 4.0 / n_quarters,
    )


def mix_uncertainty(
    ds: Dataset,
    period: str | pd.Period,
    budget_idr: float,
    *,
    by: str | Sequence[str] = "modality",
    objective: Objective = "people",
    cap_multiplier: float | None = 1.0,
    min_share: Mapping[str, float] | None = None,
    max_people: float | None = None,
    min_places: int = MIN_N,
    n_boot: int = 200,
    seed: int | None = 0,
    facts: pd.DataFrame | None = None,
) -> MixUncertainty:
    """People reached and cost to reach everyone with intervals, from a programme bootstrap.

    Within each format the programmes of the trailing four quarters are drawn with
    replacement (as many as the format has: a stratified cluster bootstrap, since price
    and yield are set per programme), the format parameters are recomputed from the drawn
    programmes' enrollments and the linear programme is solved again with the same budget,
    caps rule, shares and people limit. Percentile intervals over ``n_boot`` draws.

    Parameters
    ----------
    ds, period, budget_idr, by, objective, cap_multiplier, min_share, min_places
        As :func:`analysis.budget.formats.format_mix`.
    max_people
        The people limit (e.g. the active staff, as :func:`~analysis.budget.formats.format_mix`
        computes it); fixed across draws.
    n_boot, seed
        Draws and the seed of the resampling.

    Returns
    -------
    MixUncertainty

    Notes
    -----
    The interval reflects the sampling uncertainty of the observed prices and yields
    only; the model's assumptions (constant returns, capacity caps at observed places)
    are not varied. The plan "rests on the noisiest formats" when more than half of its
    spending goes to formats whose people per rupiah varies by a coefficient of variation
    above :data:`NOISY_CV` over the draws: the plan may then change a lot with next
    year's prices.
    """
    cols = check_by(by, FORMAT_COLUMNS)
    window = _window(budget_facts(ds, facts), period, cols)
    options = {"objective": objective, "format_cols": cols, "cap_multiplier": cap_multiplier,
               "min_share": min_share, "max_people": max_people, "min_places": min_places}
    params = parameters_from_window(window, cols)
    observed = optimise_mix(params, budget_idr, **options)  # type: ignore[arg-type]
    programmes = _programmes(window, cols)
    picks = _draw_programmes(programmes, n_boot, np.random.default_rng(seed))
    draws = _draw_parameters(window, programmes, picks)
    all_names = _format_names(params, cols)
    kept = np.array([all_names.index(name) for name in _format_names(observed.plan, cols)], dtype=np.int64)
    solved = _solve_draws(draws, share_members(params[cols], min_share or {}), kept, budget_idr, options)
    with np.errstate(invalid="ignore", divide="ignore"):
        # C order, as the draws stacked row by row: the reductions below add in the same order
        per_million = np.ascontiguousarray((draws.people_per_place / draws.cost_per_place * 1e6)[:, kept])
        cv = np.nanstd(per_million, axis=0, ddof=1) / np.nanmean(per_million, axis=0)
    formats = _format_table(observed, window, cols, solved.in_optimum / max(n_boot, 1), cv)
    rests = float(formats.loc[formats["noisy"], "optimal_share_spend"].sum()) > 0.5
    return MixUncertainty(summary=_summary_table(observed, solved.values), formats=formats,
                          rests_on_noisy=rests, n_boot=n_boot)


def _window(facts: pd.DataFrame, period: str | pd.Period, cols: list[str]) -> pd.DataFrame:
    """The decided enrollments of the trailing four quarters, with plain NumPy dtypes."""
    window = facts.loc[window_mask(facts, period, 4) & facts["decided"]]
    window = window[[*cols, "program_id", "completed", "credited_jp", "cost_idr", "qidx"]].reset_index(drop=True)
    return window.astype({**dict.fromkeys([*cols, "program_id"], object), "completed": bool,
                          "credited_jp": float, "cost_idr": float, "qidx": "int64"})


def _format_names(table: pd.DataFrame, cols: list[str]) -> list[str]:
    """Each row's format name: its format columns joined by " / "."""
    return table[cols].astype(str).agg(" / ".join, axis=1).tolist()


@dataclass(frozen=True)
class _Solved:
    """Per quantity of :data:`QUANTITIES`, its value on each draw (NaN when the draw has no plan),
    and per kept format, the draws whose optimum buys any place of it."""

    values: dict[str, np.ndarray]
    in_optimum: np.ndarray


def _solve_draws(draws: _DrawParameters, members: dict[str, np.ndarray], kept: np.ndarray,
                 budget_idr: float, options: Mapping[str, object]) -> _Solved:
    """The linear programme of each draw (:func:`analysis.budget.mix.solve_mix`), on arrays.

    A draw keeps the formats :func:`analysis.budget.mix.usable_mask` allows; a draw
    without a solution (no usable format, infeasible, a minimum share without a member)
    gives NaN. ``kept``: the positions of the observed plan's formats among all formats.
    """
    n_boot = len(draws.observed_places)
    values = {q: np.full(n_boot, np.nan) for q in QUANTITIES}
    in_optimum = np.zeros(len(kept))
    objective = str(options["objective"])
    value = draws.people_per_place if objective == "people" else draws.jp_per_place
    min_share = dict(options["min_share"] or {})  # type: ignore[call-overload]
    goal = options["max_people"] if objective == "people" else None
    for b in range(n_boot):
        few, unusable = usable_mask(draws.observed_places[b], draws.cost_per_place[b], value[b],
                                    int(options["min_places"]))  # type: ignore[call-overload]
        use = ~few & ~unusable
        if not use.any():
            continue
        arrays = MixArrays(cost=draws.cost_per_place[b, use], people=draws.people_per_place[b, use],
                           jp=draws.jp_per_place[b, use], observed=draws.observed_places[b, use].astype(float),
                           capacity=draws.places_per_year[b, use],
                           members={k: m[use] for k, m in members.items()}, objective=objective)
        try:
            solution = solve_mix(arrays, budget_idr, cap_multiplier=options["cap_multiplier"],  # type: ignore[arg-type]
                                 min_share=min_share, people_goal=goal)  # type: ignore[arg-type]
        except ValueError:
            continue
        totals = mix_totals(mix_columns(arrays, solution), solution)
        for q in QUANTITIES:
            mix, column = q.split("_", 1)
            values[q][b] = totals[mix][column]
        x = np.zeros(len(use))
        x[use] = solution.x
        in_optimum += x[kept] > 1e-9
    return _Solved(values, in_optimum)


def _summary_table(observed: FormatMix, values: dict[str, np.ndarray]) -> pd.DataFrame:
    """One row per quantity: the plan's estimate and the 2.5% and 97.5% percentiles of the finite draws."""
    s_obs = observed.summary.set_index("mix")
    rows = []
    for q, draws in values.items():
        mix, column = q.split("_", 1)
        x = draws[np.isfinite(draws)]
        low, high = np.quantile(x, [0.025, 0.975]) if len(x) else (np.nan, np.nan)
        rows.append({"quantity": q, "estimate": float(s_obs.loc[mix, column]), "ci_low": float(low),
                     "ci_high": float(high), "draws": len(x)})
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def _format_table(observed: FormatMix, window: pd.DataFrame, cols: list[str], in_optimum: np.ndarray,
                  cv: np.ndarray) -> pd.DataFrame:
    """:attr:`MixUncertainty.formats`: per format of the plan, its programmes, spend share and noise."""
    spend = observed.plan["optimal_spend_idr"].to_numpy(float)
    programmes = window.groupby(cols, sort=True)["program_id"].nunique()
    formats = observed.plan[cols].copy()
    formats["programmes"] = [int(programmes.get(tuple(k) if len(cols) > 1 else k[0], 0))
                             for k in observed.plan[cols].itertuples(index=False)]
    formats["optimal_share_spend"] = spend / spend.sum() if spend.sum() > 0 else 0.0
    formats["share_of_draws_in_optimum"] = in_optimum
    formats["people_per_million_cv"] = cv
    # one programme cannot show its own variation: counted as noisy
    formats["noisy"] = (cv > NOISY_CV) | (formats["programmes"] < 2)
    return formats.reset_index(drop=True)
