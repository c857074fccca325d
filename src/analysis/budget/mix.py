"""The format-mix linear programme: how many places to buy per format to reach most ASN for a budget.

:func:`optimise_mix` solves the programme on a table of observed prices and
yields (:func:`analysis.budget.formats.format_parameters`) in named steps:
usable formats, capacity caps, constraints, the best plan within the budget,
the cheapest plan that reaches everyone, the current mix scaled alike, and the
plan and summary tables. The result is a :class:`FormatMix`. The solving
steps work on arrays (:class:`MixArrays`, :func:`solve_mix`), so the programme
bootstrap (:mod:`analysis.budget.mix_uncertainty`) re-solves each draw without frames.

A linear programme (``scipy.optimize.linprog``, HiGHS)::

    maximise    sum_f v_f x_f          v_f = people_per_place (objective "people")
                                             or jp_per_place (objective "jp")
    subject to  sum_f c_f x_f <= B     c_f = cost_per_place, B = budget_idr
                0 <= x_f <= k * n_f    n_f = places_per_year, k = cap_multiplier
                sum_{f in G_s} x_f >= s * sum_f x_f   for each min_share entry (G_s, s)
                sum_f v_f x_f <= P     P = max_people (objective "people" only)

With P given, a second programme finds the cheapest plan that reaches all
P people (minimise sum_f c_f x_f subject to sum_f v_f x_f >= P, the caps
and the shares): its cost is ``cost_to_reach_all_idr``, and when it fits in
the budget it is the plan (unneeded money is not spent on paper). The
current mix is scaled likewise: to the budget, or to the money with which
it reaches all P people, or to the largest scale within the caps, whichever
is least; so with the same caps the optimum is never worse than the current
mix (unless the current mix breaks a minimum share).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize

from analysis.budget.assumptions import plan_assumptions
from analysis.stats.intervals import check_choice
from analysis.stats.verdict import MIN_N, NotEnoughData

Objective = Literal["people", "jp"]
OBJECTIVES: tuple[str, ...] = ("people", "jp")

#: The columns a parameters table must have besides the format columns.
_PARAMETER_COLUMNS = ("cost_per_place", "people_per_place", "jp_per_place", "observed_places")
#: Columns of :attr:`FormatMix.plan` after the format columns (those present).
_PLAN_COLUMNS = (
    "cost_per_place",
    "completion_rate",
    "jp_per_completion",
    "people_per_place",
    "jp_per_place",
    "observed_places",
    "cap_places",
    "current_places",
    "current_spend_idr",
    "current_people",
    "current_jp",
    "optimal_places",
    "optimal_places_whole",
    "optimal_spend_idr",
    "optimal_people",
    "optimal_jp",
    "optimal_share_places",
)


@dataclass(frozen=True)
class FormatMix:
    """The result of :func:`analysis.budget.formats.format_mix` / :func:`optimise_mix`.

    Attributes
    ----------
    plan
        One row per format: the format columns, the observed parameters
        (``cost_per_place``, ``completion_rate``, ``jp_per_completion``,
        ``people_per_place``, ``jp_per_place``, ``observed_places``,
        ``cap_places``), the current mix scaled to the budget (``current_places``,
        ``current_spend_idr``, ``current_people``, ``current_jp``) and the optimal
        mix (``optimal_places``, ``optimal_places_whole`` (rounded down),
        ``optimal_spend_idr``, ``optimal_people``, ``optimal_jp``,
        ``optimal_share_places``).
    summary
        Two rows (``mix`` = ``current`` / ``optimal``): ``places``, ``spend_idr``,
        ``people``, ``jp``, ``cost_to_reach_all_idr`` (the least money with which
        that mix reaches all ``max_people``; NaN without ``max_people`` or when
        the caps make it impossible).
    objective
        ``"people"`` or ``"jp"``.
    budget_idr
        The budget the mix spends.
    status
        The solver's message.
    assumptions
        Plain-language statements of what the plan assumes (English;
        :func:`analysis.budget.assumptions.plan_assumptions`).
    excluded
        Formats left out (too little data, or no cost/JP observed), with the reason.
    excluded_formats
        The same as a table: the format columns, ``observed_places`` and
        ``reason`` (``"few_places"`` or ``"no_yield"``).
    cap_multiplier, min_share, max_people
        The constraints the plan was solved under (see :func:`optimise_mix`).
    """

    plan: pd.DataFrame
    summary: pd.DataFrame
    objective: str
    budget_idr: float
    status: str
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    excluded: tuple[str, ...] = field(default_factory=tuple)
    excluded_formats: pd.DataFrame = field(default_factory=pd.DataFrame)
    cap_multiplier: float | None = 1.0
    min_share: Mapping[str, float] = field(default_factory=dict)
    max_people: float | None = None

    @property
    def gain(self) -> float:
        """Optimal minus current value of the objective (people or JP) for the same budget."""
        s = self.summary.set_index("mix")[self.objective]
        return float(s["optimal"] - s["current"])


@dataclass(frozen=True)
class _Formats:
    """The parameters table split into the formats the programme uses and those left out."""

    table: pd.DataFrame
    use: pd.DataFrame
    names: pd.Series
    few: pd.Series
    unusable: pd.Series
    excluded: list[str]


@dataclass(frozen=True)
class MixArrays:
    """The usable formats' numbers the linear programme reads, one entry per format.

    Built from a parameters table by :func:`mix_arrays`; the programme bootstrap
    (:mod:`analysis.budget.mix_uncertainty`) builds them for many draws without frames.
    ``members`` holds, per ``min_share`` key, which formats include that value.
    """

    cost: np.ndarray
    people: np.ndarray
    jp: np.ndarray
    observed: np.ndarray
    capacity: np.ndarray
    members: dict[str, np.ndarray]
    objective: str = "people"

    @property
    def value(self) -> np.ndarray:
        """What a place is worth under the objective: people or JP per place."""
        return self.people if self.objective == "people" else self.jp


@dataclass(frozen=True)
class MixSolution:
    """The solved programme: places per format, the least money that reaches everyone, the current mix.

    ``x`` the optimal places, ``cost_all`` the cheapest plan's cost to reach all
    ``max_people`` (NaN when not asked or impossible), ``caps`` the capacity caps,
    ``scale`` the factor of the observed mix (:func:`_current_scale`) and
    ``current_all`` the money with which the scaled observed mix reaches everyone.
    """

    x: np.ndarray
    cost_all: float
    status: str
    caps: np.ndarray
    scale: float
    current_all: float


def _check_options(
    params: pd.DataFrame,
    budget_idr: float,
    objective: str,
    fcols: list[str],
    cap_multiplier: float | None,
    min_share: dict[str, float],
) -> None:
    check_choice("objective", objective, OBJECTIVES)
    if not np.isfinite(budget_idr) or budget_idr <= 0:
        raise ValueError(f"budget_idr must be a positive amount; got {budget_idr!r}")
    missing = [c for c in [*fcols, *_PARAMETER_COLUMNS] if c not in params]
    if missing:
        raise ValueError(f"params lacks columns {missing}; build it with format_parameters()")
    if cap_multiplier is not None and cap_multiplier <= 0:
        raise ValueError(f"cap_multiplier must be positive or None; got {cap_multiplier}")
    for key, share in min_share.items():
        if not 0 <= share <= 1:
            raise ValueError(f"min_share[{key!r}] must be in 0..1; got {share}")


def usable_mask(observed_places: np.ndarray, cost: np.ndarray, value: np.ndarray,
                min_places: int) -> tuple[np.ndarray, np.ndarray]:
    """Which formats the programme may use: ``(few, unusable)``, both boolean arrays.

    ``few``: fewer than ``min_places`` observed places; ``unusable``: no observed cost
    or yield (NaN). A format is used when neither holds.
    """
    return observed_places < min_places, np.isnan(cost) | np.isnan(value)


def share_members(labels: pd.DataFrame, min_share: Mapping[str, float]) -> dict[str, np.ndarray]:
    """Per ``min_share`` key, which formats (rows of ``labels``, the format columns) include that value."""
    text = labels.astype(str)
    return {key: text.eq(str(key)).any(axis=1).to_numpy() for key in min_share}


def _usable_formats(params: pd.DataFrame, fcols: list[str], value_col: str, min_places: int) -> _Formats:
    """Formats with at least ``min_places`` observed places and an observed cost and yield."""
    table = params.reset_index(drop=True).copy()
    names = table[fcols].astype(str).agg(" / ".join, axis=1)
    few_a, unusable_a = usable_mask(table["observed_places"].to_numpy(), table["cost_per_place"].to_numpy(float),
                                    table[value_col].to_numpy(float), min_places)
    few = pd.Series(few_a, index=table.index)
    unusable = pd.Series(unusable_a, index=table.index)
    excluded = [
        f"{name}: {n} observed places (< {min_places})"
        for name, n in zip(names[few], table.loc[few, "observed_places"], strict=True)
    ]
    excluded += [f"{name}: cost or yield not observed" for name in names[unusable & ~few]]
    use = table.loc[~few & ~unusable].reset_index(drop=True)
    if use.empty:
        raise NotEnoughData(
            f"no format has {min_places} or more observed places with an observed cost and yield"
        )
    return _Formats(table, use, names, few, unusable, excluded)


def mix_arrays(use: pd.DataFrame, fcols: list[str], objective: str,
               min_share: Mapping[str, float]) -> MixArrays:
    """The :class:`MixArrays` of the usable formats' parameters table ``use``.

    The capacity is ``places_per_year`` when present, else ``observed_places``.
    """
    capacity = use["places_per_year"] if "places_per_year" in use else use["observed_places"]
    return MixArrays(
        cost=use["cost_per_place"].to_numpy(float),
        people=use["people_per_place"].to_numpy(float),
        jp=use["jp_per_place"].to_numpy(float),
        observed=use["observed_places"].to_numpy(float),
        capacity=capacity.to_numpy(float),
        members=share_members(use[fcols], min_share),
        objective=objective,
    )


def _capacity_caps(arrays: MixArrays, cap_multiplier: float | None) -> np.ndarray:
    """Places per format at most ``cap_multiplier`` x the yearly places observed (inf without a cap)."""
    if cap_multiplier is None:
        if ((arrays.cost == 0) & (arrays.value > 0)).any():
            raise ValueError(
                "a format costs nothing per place and has no cap: the plan is unbounded; set cap_multiplier"
            )
        return np.full(len(arrays.cost), np.inf)
    return cap_multiplier * arrays.capacity


def _constraints(
    arrays: MixArrays,
    budget_idr: float,
    min_share: Mapping[str, float],
    people_goal: float | None,
    format_names: str,
) -> tuple[list[np.ndarray], list[float]]:
    """Rows of ``A_ub x <= b_ub``: the budget, one per minimum share, and the people ceiling (last)."""
    a_ub = [arrays.cost]
    b_ub = [float(budget_idr)]
    for key, share in min_share.items():
        member = arrays.members[key]
        if not member.any():
            raise ValueError(f"min_share names {key!r}, which matches no usable format ({format_names})")
        # s * sum(x) - sum_{G}(x) <= 0
        a_ub.append(share - member.astype(float))
        b_ub.append(0.0)
    if people_goal is not None:
        a_ub.append(arrays.value)
        b_ub.append(float(people_goal))
    return a_ub, b_ub


def _bounds(caps: np.ndarray) -> list[tuple[float, float | None]]:
    return [(0.0, None if np.isinf(c) else c) for c in caps]


def _cheapest_to_reach_all(
    cost: np.ndarray,
    value: np.ndarray,
    a_ub: list[np.ndarray],
    b_ub: list[float],
    caps: np.ndarray,
    people_goal: float,
) -> np.ndarray | None:
    """The cheapest plan that reaches all ``people_goal`` (caps and shares kept; no budget limit)."""
    cheap = optimize.linprog(
        cost,
        A_ub=np.vstack([-value] + a_ub[1:-1]),
        b_ub=np.array([-float(people_goal)] + b_ub[1:-1]),
        bounds=_bounds(caps),
        method="highs",
    )
    return np.clip(cheap.x, 0.0, None) if cheap.status == 0 else None


def _best_plan(
    cost: np.ndarray,
    value: np.ndarray,
    a_ub: list[np.ndarray],
    b_ub: list[float],
    caps: np.ndarray,
    budget_idr: float,
    people_goal: float | None,
) -> tuple[np.ndarray, float, str]:
    """The places that maximise the objective within the budget, caps and shares.

    With a people goal, the cheapest plan that reaches everyone
    (:func:`_cheapest_to_reach_all`) gives ``cost_all``, and replaces the plan
    when it fits in the budget (unneeded money is not spent on paper).
    Returns the places, ``cost_all`` and the solver's message.
    """
    res = optimize.linprog(
        -value, A_ub=np.vstack(a_ub), b_ub=np.array(b_ub), bounds=_bounds(caps), method="highs"
    )
    if res.status != 0:
        raise ValueError(f"the format-mix programme has no solution: {res.message}")
    x = np.clip(res.x, 0.0, None)
    cost_all = np.nan
    if people_goal is not None:
        cheapest = _cheapest_to_reach_all(cost, value, a_ub, b_ub, caps, people_goal)
        if cheapest is not None:
            cost_all = float(cost @ cheapest)
            if cost_all <= budget_idr * (1 + 1e-9):
                # everyone is reached within the budget: plan the cheapest way, report the rest
                x = cheapest
    return x, cost_all, str(res.message)


def _current_scale(
    arrays: MixArrays, budget_idr: float, caps: np.ndarray, people_goal: float | None
) -> tuple[float, float]:
    """The factor that scales the observed mix, and the money with which it reaches everyone.

    The observed mix is scaled by the least of: spending the budget, reaching
    everyone (when that is the goal) and staying within the same capacity caps.
    """
    observed_spend = float((arrays.cost * arrays.observed).sum())
    observed_value = float((arrays.value * arrays.observed).sum())
    scales = [budget_idr / observed_spend] if observed_spend > 0 else [np.nan]
    s_all = float(people_goal) / observed_value if people_goal is not None and observed_value > 0 else np.nan
    s_cap = float(np.min(caps / arrays.observed))
    scales += [v for v in (s_all, s_cap) if np.isfinite(v)]
    scale = float(np.min(scales))
    current_all = (
        s_all * observed_spend if np.isfinite(s_all) and s_all <= s_cap * (1 + 1e-9) else np.nan
    )
    return scale, current_all


def solve_mix(
    arrays: MixArrays,
    budget_idr: float,
    *,
    cap_multiplier: float | None,
    min_share: Mapping[str, float],
    people_goal: float | None,
    format_names: str = "",
) -> MixSolution:
    """The linear programme of :func:`optimise_mix` on the usable formats' arrays.

    Steps: capacity caps (:func:`_capacity_caps`), constraints (:func:`_constraints`),
    the best plan within the budget and the cheapest that reaches everyone
    (:func:`_best_plan`), the current mix scaled alike (:func:`_current_scale`).
    Raises ValueError when the programme has no solution (or is unbounded, or a
    minimum share names no usable format: ``format_names`` lists them in the message).
    """
    caps = _capacity_caps(arrays, cap_multiplier)
    a_ub, b_ub = _constraints(arrays, budget_idr, min_share, people_goal, format_names)
    x, cost_all, status = _best_plan(arrays.cost, arrays.value, a_ub, b_ub, caps, budget_idr, people_goal)
    scale, current_all = _current_scale(arrays, budget_idr, caps, people_goal)
    return MixSolution(x=x, cost_all=cost_all, status=status, caps=caps, scale=scale, current_all=current_all)


def mix_columns(arrays: MixArrays, solution: MixSolution) -> dict[str, np.ndarray]:
    """The plan's columns per format: the current mix scaled by ``solution.scale`` and the optimum.

    ``current_places`` = observed places x scale; spend, people and JP are places x
    cost, people and JP per place, for both mixes.
    """
    x = solution.x
    current = arrays.observed * solution.scale
    return {
        "cap_places": solution.caps,
        "current_places": current,
        "current_spend_idr": current * arrays.cost,
        "current_people": current * arrays.people,
        "current_jp": current * arrays.jp,
        "optimal_places": x,
        "optimal_places_whole": np.floor(x + 1e-9).astype(int),
        "optimal_spend_idr": x * arrays.cost,
        "optimal_people": x * arrays.people,
        "optimal_jp": x * arrays.jp,
        "optimal_share_places": x / x.sum() if x.sum() > 0 else np.zeros(len(x)),
    }


def _plan_table(use: pd.DataFrame, fcols: list[str], columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """The plan: the usable formats' observed parameters and :func:`mix_columns`."""
    plan = use.assign(**columns)
    return plan[fcols + [c for c in _PLAN_COLUMNS if c in plan]]


def mix_totals(columns: dict[str, np.ndarray], solution: MixSolution) -> dict[str, dict[str, float]]:
    """Per mix (``current``, ``optimal``): places, spend, people, JP and the cost to reach everyone.

    Each total is the sum of its :func:`mix_columns` column over the formats.
    """
    return {
        mix: {
            "places": float(columns[f"{mix}_places"].sum()),
            "spend_idr": float(columns[f"{mix}_spend_idr"].sum()),
            "people": float(columns[f"{mix}_people"].sum()),
            "jp": float(columns[f"{mix}_jp"].sum()),
            "cost_to_reach_all_idr": cost_all,
        }
        for mix, cost_all in (("current", solution.current_all), ("optimal", solution.cost_all))
    }


def _summary(totals: dict[str, dict[str, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"mix": mix, **row} for mix, row in totals.items()])


def _excluded_table(formats: _Formats, fcols: list[str]) -> pd.DataFrame:
    out = formats.few | formats.unusable
    return (
        formats.table.loc[out, [*fcols, "observed_places"]]
        .assign(reason=np.where(formats.few[out], "few_places", "no_yield"))
        .reset_index(drop=True)
    )


def optimise_mix(
    params: pd.DataFrame,
    budget_idr: float,
    *,
    objective: Objective = "people",
    format_cols: Sequence[str] = ("modality",),
    cap_multiplier: float | None = 1.0,
    min_share: Mapping[str, float] | None = None,
    max_people: float | None = None,
    min_places: int = MIN_N,
) -> FormatMix:
    """Choose how many places to buy per format to maximise people (or JP) within a budget.

    The linear programme and the current mix it is compared with are stated in the
    module's docstring; the steps: the usable formats (:func:`_usable_formats`), their
    arrays (:func:`mix_arrays`), the solution (:func:`solve_mix`), the plan's columns
    (:func:`mix_columns`) and totals (:func:`mix_totals`).

    Parameters
    ----------
    params
        :func:`analysis.budget.formats.format_parameters` output (or a hand-made
        frame with the same columns: the format columns, ``cost_per_place``,
        ``people_per_place``, ``jp_per_place``, ``observed_places``;
        ``completion_rate`` and ``jp_per_completion`` are carried along when present).
    budget_idr
        Money to spend (IDR, > 0).
    objective
        ``"people"`` (default): ASN-equivalents brought to 20 JP (see
        :func:`analysis.budget.formats.format_parameters`); ``"jp"``: credited JP delivered.
    format_cols
        The columns that name a format.
    cap_multiplier
        Places per format are capped at this multiple of the yearly places
        observed (``places_per_year`` when present, else ``observed_places``:
        the capacity providers showed); ``None`` for no cap (then a free format
        makes the programme unbounded, an error).
    min_share
        ``{value: share}``: at least ``share`` of all places bought must be in
        formats whose format columns include ``value`` (e.g. ``{"classroom": 0.2}``
        or, with ``format_cols`` including ``domain``, ``{"technical": 0.3}``).
    max_people
        Upper bound on people reached (e.g. the number of active staff below
        20 JP); only for objective "people".
    min_places
        Formats with fewer observed places are excluded (their price and yield
        are too uncertain) and listed in ``excluded``; default
        :data:`analysis.stats.verdict.MIN_N`.

    Returns
    -------
    FormatMix
        The plan, the current-vs-optimal summary and the assumptions. The
        current mix is the observed one scaled to spend the same budget.

    Notes
    -----
    Fractional places are the LP optimum; ``optimal_places_whole`` rounds them
    down (never over budget or cap; a min-share constraint can then miss by
    less than one place). Assumes constant returns: each extra place costs the
    observed average and yields the observed average completion and JP.
    """
    fcols = list(format_cols)
    min_share = dict(min_share or {})
    _check_options(params, budget_idr, objective, fcols, cap_multiplier, min_share)
    value_col = "people_per_place" if objective == "people" else "jp_per_place"
    people_goal = max_people if objective == "people" else None
    formats = _usable_formats(params, fcols, value_col, min_places)
    arrays = mix_arrays(formats.use, fcols, objective, min_share)
    solution = solve_mix(arrays, budget_idr, cap_multiplier=cap_multiplier, min_share=min_share,
                         people_goal=people_goal, format_names=", ".join(formats.names))
    columns = mix_columns(arrays, solution)
    return FormatMix(
        plan=_plan_table(formats.use, fcols, columns).reset_index(drop=True),
        summary=_summary(mix_totals(columns, solution)),
        objective=objective,
        budget_idr=float(budget_idr),
        status=solution.status,
        assumptions=tuple(plan_assumptions(objective, cap_multiplier, min_share, max_people, "en")),
        excluded=tuple(formats.excluded),
        excluded_formats=_excluded_table(formats, fcols),
        cap_multiplier=cap_multiplier,
        min_share=dict(min_share),
        max_people=people_goal,
    )
