"""How sure the format-mix plan is: a programme bootstrap of its prices and yields, re-solved.

:func:`mix_uncertainty` resamples the programmes behind each format's observed price and
yield, recomputes the parameters (:func:`analysis.budget.formats.parameters_from_window`),
re-solves the linear programme (:func:`analysis.budget.mix.optimise_mix`) on each draw,
and reports the people reached and the cost of reaching everyone with percentile
intervals, how often each format is in the optimum, and whether the optimum leans on
the noisiest formats (``docs/methods.md``, "Format mix").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.budget.facts import FORMAT_COLUMNS, budget_facts, check_by, window_mask
from analysis.budget.formats import parameters_from_window
from analysis.budget.mix import FormatMix, Objective, optimise_mix
from analysis.data.dataset import Dataset
from analysis.stats.verdict import MIN_N

#: Columns of :attr:`MixUncertainty.summary`.
SUMMARY_COLUMNS = ("quantity", "estimate", "ci_low", "ci_high", "draws")
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


def _programme_rows(window: pd.DataFrame, cols: list[str]) -> list[list[np.ndarray]]:
    """Per format, the row positions of each of its programmes in ``window``."""
    positions = pd.Series(np.arange(len(window)), index=window.index)
    return [[positions.loc[rows.index].to_numpy() for _, rows in group.groupby("program_id", sort=True)]
            for _, group in window.groupby(cols, sort=True)]


def _resample_programmes(window: pd.DataFrame, programmes: list[list[np.ndarray]],
                         rng: np.random.Generator) -> pd.DataFrame:
    """The window with each format's programmes drawn with replacement (as many as it has)."""
    picks = [fmt[k] for fmt in programmes for k in rng.integers(0, len(fmt), size=len(fmt))]
    return window.iloc[np.concatenate(picks)]


def _solve(params: pd.DataFrame, budget_idr: float, options: Mapping[str, object]) -> FormatMix | None:
    try:
        return optimise_mix(params, budget_idr, **options)  # type: ignore[arg-type]
    except ValueError:
        return None


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
    facts = budget_facts(ds, facts)
    window = facts.loc[window_mask(facts, period, 4) & facts["decided"]]
    window = window[[*cols, "program_id", "completed", "credited_jp", "cost_idr", "qidx"]].reset_index(drop=True)
    # plain NumPy dtypes: the draws regroup this frame many times
    window = window.astype({**dict.fromkeys([*cols, "program_id"], object), "completed": bool,
                            "credited_jp": float, "cost_idr": float, "qidx": "int64"})
    programme_rows = _programme_rows(window, cols)
    options = {"objective": objective, "format_cols": cols, "cap_multiplier": cap_multiplier,
               "min_share": min_share, "max_people": max_people, "min_places": min_places}
    observed = optimise_mix(parameters_from_window(window, cols), budget_idr, **options)  # type: ignore[arg-type]
    names = observed.plan[cols].astype(str).agg(" / ".join, axis=1).tolist()
    rng = np.random.default_rng(seed)
    values: dict[str, list[float]] = {q: [] for q in ("optimal_people", "optimal_cost_to_reach_all_idr",
                                                     "current_people", "current_cost_to_reach_all_idr")}
    in_optimum = np.zeros(len(names))
    per_million: list[np.ndarray] = []
    for _ in range(n_boot):
        params = parameters_from_window(_resample_programmes(window, programme_rows, rng), cols)
        mix = _solve(params, budget_idr, options)
        keyed = params.assign(_name=params[cols].astype(str).agg(" / ".join, axis=1)).set_index("_name")
        ratio = (keyed["people_per_place"] / keyed["cost_per_place"] * 1e6).reindex(names)
        per_million.append(ratio.to_numpy(float))
        if mix is None:
            for q in values:
                values[q].append(np.nan)
            continue
        s = mix.summary.set_index("mix")
        values["optimal_people"].append(float(s.loc["optimal", "people"]))
        values["optimal_cost_to_reach_all_idr"].append(float(s.loc["optimal", "cost_to_reach_all_idr"]))
        values["current_people"].append(float(s.loc["current", "people"]))
        values["current_cost_to_reach_all_idr"].append(float(s.loc["current", "cost_to_reach_all_idr"]))
        plan = mix.plan.assign(_name=mix.plan[cols].astype(str).agg(" / ".join, axis=1)).set_index("_name")
        in_optimum += (plan["optimal_places"].reindex(names).fillna(0.0) > 1e-9).to_numpy()
    s_obs = observed.summary.set_index("mix")
    estimates = {"optimal_people": s_obs.loc["optimal", "people"],
                 "optimal_cost_to_reach_all_idr": s_obs.loc["optimal", "cost_to_reach_all_idr"],
                 "current_people": s_obs.loc["current", "people"],
                 "current_cost_to_reach_all_idr": s_obs.loc["current", "cost_to_reach_all_idr"]}
    rows = []
    for q, draws in values.items():
        x = np.asarray(draws, dtype=float)
        x = x[np.isfinite(x)]
        low, high = np.quantile(x, [0.025, 0.975]) if len(x) else (np.nan, np.nan)
        rows.append({"quantity": q, "estimate": float(estimates[q]), "ci_low": float(low),
                     "ci_high": float(high), "draws": len(x)})
    draws_pm = np.vstack(per_million) if per_million else np.full((0, len(names)), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        cv = np.nanstd(draws_pm, axis=0, ddof=1) / np.nanmean(draws_pm, axis=0)
    spend = observed.plan["optimal_spend_idr"].to_numpy(float)
    programmes = window.groupby(cols, sort=True)["program_id"].nunique()
    formats = observed.plan[cols].copy()
    formats["programmes"] = [int(programmes.get(tuple(k) if len(cols) > 1 else k[0], 0))
                             for k in observed.plan[cols].itertuples(index=False)]
    formats["optimal_share_spend"] = spend / spend.sum() if spend.sum() > 0 else 0.0
    formats["share_of_draws_in_optimum"] = in_optimum / max(n_boot, 1)
    formats["people_per_million_cv"] = cv
    # one programme cannot show its own variation: counted as noisy
    formats["noisy"] = (cv > NOISY_CV) | (formats["programmes"] < 2)
    rests = float(formats.loc[formats["noisy"], "optimal_share_spend"].sum()) > 0.5
    return MixUncertainty(summary=pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS)),
                          formats=formats.reset_index(drop=True), rests_on_noisy=rests, n_boot=n_boot)
