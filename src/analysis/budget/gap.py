"""The funding gap to 20 JP: JP still needed this year, their price, the remaining allocation and the shortfall.

Definition (``docs/definitions.md``): **funding gap to 20 JP** = sum over
employees active at the end of Q of max(0, 20 - credited JP so far in Y) x the
observed cost per JP: the agency's own (trailing four quarters) when it has at
least ``min_enrollments`` (:data:`analysis.stats.verdict.MIN_N`) completed
enrollments in that window, else the city's.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis.budget.cost import COST_CLUSTER, cost_table
from analysis.budget.facts import TARGET_JP, budget_facts, window_mask
from analysis.budget.spending import spending
from analysis.data.dataset import Dataset
from analysis.data.definitions import active_staff, jp_year_to_date
from analysis.data.periods import format_period, parse_period
from analysis.stats.verdict import MIN_N

_COUNTS = ("active_staff", "jp_ytd", "staff_below_target", "jp_needed")
_COLUMNS = (
    "year",
    "period",
    "active_staff",
    "jp_ytd",
    "staff_below_target",
    "jp_needed",
    "completed_4q",
    "cost_per_jp_own",
    "cost_per_jp_used",
    "cost_source",
    "gap_idr",
    "gap_ci_low",
    "gap_ci_high",
    "allocated_idr",
    "spending_ytd_idr",
    "remaining_idr",
    "shortfall_idr",
    "funded_share",
    "shortfall_per_staff_idr",
)


def _jp_needed(ds: Dataset, facts: pd.DataFrame, p: pd.Period, target_jp: float) -> pd.DataFrame:
    """Per agency: active staff at the end of Q, their JP so far in Y, how many are short and by how much."""
    staff = active_staff(ds, p)[["employee_id", "agency_id"]].copy()
    jp = jp_year_to_date(facts, p)
    staff["jp_ytd"] = staff["employee_id"].map(jp).fillna(0.0).astype(float)
    staff["need"] = (target_jp - staff["jp_ytd"]).clip(lower=0.0)
    return staff.groupby("agency_id").agg(
        active_staff=("employee_id", "size"),
        jp_ytd=("jp_ytd", "sum"),
        staff_below_target=("need", lambda s: int((s > 0).sum())),
        jp_needed=("need", "sum"),
    )


def _agency_frame(per_agency: pd.DataFrame, spend: pd.DataFrame, p: pd.Period) -> pd.DataFrame:
    """One row per agency with active staff or a spending row, with the staff counts filled in."""
    agencies = pd.Index(per_agency.index.astype("string")).union(
        pd.Index(spend.index.astype("string"))
    )
    out = pd.DataFrame({"agency_id": pd.array(sorted(agencies), dtype="string")})
    out["year"] = p.year
    out["period"] = format_period(p)
    for col, fill in zip(_COUNTS, (0, 0.0, 0, 0.0), strict=True):
        out[col] = out["agency_id"].map(per_agency[col]).fillna(fill)
    out["active_staff"] = out["active_staff"].astype(int)
    out["staff_below_target"] = out["staff_below_target"].astype(int)
    return out


def _price_the_gap(out: pd.DataFrame, own: pd.DataFrame, city: pd.Series) -> pd.DataFrame:
    """The cost per JP each agency is priced at and the gap with its CI.

    An agency's own cost per JP when it has enough data of its own (``own["enough_data"]``,
    completed enrollments against the minimum n), else the city's.
    """
    out["completed_4q"] = out["agency_id"].map(own["completed"]).fillna(0).astype(int)
    out["cost_per_jp_own"] = out["agency_id"].map(own["cost_per_jp"]).astype(float)
    enough = out["agency_id"].map(own["enough_data"]).eq(True)
    use_own = enough & out["cost_per_jp_own"].notna()
    out["cost_source"] = np.where(use_own, "agency", "city")
    for col in ("cost_per_jp", "ci_low", "ci_high"):
        mine = out["agency_id"].map(own[col]).astype(float)
        out[f"_{col}"] = mine.where(use_own, float(city[col]))
    out["cost_per_jp_used"] = out["_cost_per_jp"]
    out["gap_idr"] = out["jp_needed"] * out["_cost_per_jp"]
    out["gap_ci_low"] = out["jp_needed"] * out["_ci_low"]
    out["gap_ci_high"] = out["jp_needed"] * out["_ci_high"]
    return out.drop(columns=["_cost_per_jp", "_ci_low", "_ci_high"])


def city_gap_interval(
    window: pd.DataFrame, priced: pd.DataFrame, city: pd.Series, level: float = 0.95
) -> tuple[float, float]:
    """The CI of the city's funding gap, computed for the city total.

    The city gap is T = sum_a N_a R_a over agencies a (N_a JP needed; R_a the
    agency's own cost per JP, or the city's R_c for agencies priced at the city
    rate). Linearised, each enrollment i (agency a_i) contributes
    u_i = 1[a_i own] N_{a_i} / X_{a_i} (y_i - R_{a_i} x_i) + N_c / X_c (y_i - R_c x_i),
    with X the credited JP totals and N_c the JP needed by agencies priced at the city
    rate; the u_i are summed within programmes (costs are set per programme),
    SE(T) = sqrt(G / (G - 1) sum_g U_g^2) and the interval is T +/- t_{G-1} SE. This
    counts the covariance between agencies that buy the same programmes and share the
    city rate, which summing the agencies' bounds does not (that sum is the interval of
    perfectly correlated agencies, too wide where they are not, and with a per-agency
    rather than city-level error rate).

    Parameters
    ----------
    window
        The window's budget facts (``agency_id``, ``program_id``, ``cost_idr``,
        ``credited_jp``).
    priced
        One row per agency from the gap table: ``agency_id``, ``jp_needed``,
        ``cost_source`` and ``cost_per_jp_used``.
    city
        The city's cost-per-JP row (``cost_per_jp``).

    Returns
    -------
    tuple
        ``(low, high)``; NaN when there are fewer than 2 programmes or no credited JP.
    """
    y = window["cost_idr"].astype(float).to_numpy()
    x = window["credited_jp"].astype(float).to_numpy()
    x_city = x.sum()
    if x_city <= 0 or len(window) == 0:
        return np.nan, np.nan
    table = priced.set_index(priced["agency_id"].astype(str))
    own = table.loc[table["cost_source"].eq("agency")]
    need_city = float(table.loc[~table["cost_source"].eq("agency"), "jp_needed"].sum())
    u = need_city / x_city * (y - float(city["cost_per_jp"]) * x)
    agency = window["agency_id"].astype(str)
    x_agency = pd.Series(x, index=window.index).groupby(agency.to_numpy()).sum()
    is_own = agency.isin(own.index).to_numpy()
    if is_own.any():
        a = agency[is_own]
        need = a.map(own["jp_needed"]).astype(float).to_numpy()
        rate = a.map(own["cost_per_jp_used"]).astype(float).to_numpy()
        denom = a.map(x_agency).astype(float).to_numpy()
        u[is_own] += need / denom * (y[is_own] - rate * x[is_own])
    codes, _ = pd.factorize(window[COST_CLUSTER].astype(object), sort=True)
    g = int(codes.max()) + 1
    if g < 2:
        return np.nan, np.nan
    per_programme = np.bincount(codes, weights=u, minlength=g)
    se = float(np.sqrt(g / (g - 1) * np.sum(per_programme**2)))
    total = float((table["jp_needed"] * table["cost_per_jp_used"]).sum())
    q = float(stats.t.ppf(0.5 + level / 2, g - 1))
    return total - q * se, total + q * se


def _city_total(
    out: pd.DataFrame, city: pd.Series, city_spending: float, p: pd.Period,
    interval: tuple[float, float],
) -> pd.DataFrame:
    """The city row: sums of the agency rows, the city's own cost per JP, the city-total CI of
    the gap (:func:`city_gap_interval`) and the summed shortfall."""
    total = {
        "year": p.year,
        "period": format_period(p),
        **{c: out[c].sum() for c in _COUNTS},
        "completed_4q": int(city["completed"]),
        "cost_per_jp_own": float(city["cost_per_jp"]),
        "cost_source": "city" if (out["cost_source"] == "city").all() else "mixed",
        "gap_idr": out["gap_idr"].sum(),
        "gap_ci_low": interval[0],
        "gap_ci_high": interval[1],
        "allocated_idr": out["allocated_idr"].sum(min_count=1),
        "spending_ytd_idr": city_spending,
    }
    total["cost_per_jp_used"] = (
        total["gap_idr"] / total["jp_needed"] if total["jp_needed"] > 0 else np.nan
    )
    remaining = (out["allocated_idr"] - out["spending_ytd_idr"]).clip(lower=0)
    shortfall = (out["gap_idr"] - remaining.fillna(0.0)).clip(lower=0)
    city_row = pd.DataFrame([total])
    city_row["shortfall_idr"] = float(shortfall.sum())
    city_row["remaining_idr"] = city_row["allocated_idr"] - city_row["spending_ytd_idr"]
    return city_row


def _funded(out: pd.DataFrame) -> pd.DataFrame:
    """``funded_share`` and ``shortfall_per_staff_idr`` from the gap, remaining allocation and shortfall."""
    available = out["remaining_idr"].clip(lower=0).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        funded = np.where(out["gap_idr"] > 0, np.minimum(1.0, available / out["gap_idr"]), 1.0)
    out["funded_share"] = funded
    out["shortfall_per_staff_idr"] = (out["shortfall_idr"] / out["active_staff"]).where(
        out["active_staff"] > 0
    )
    return out


def funding_gap(
    ds: Dataset,
    period: str | pd.Period,
    *,
    by: Literal["agency_id"] | None = "agency_id",
    min_enrollments: int = MIN_N,
    target_jp: float = TARGET_JP,
    level: float = 0.95,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """What it would cost to bring every active ASN to 20 JP this year, and what is missing.

    Parameters
    ----------
    ds, period
        Dataset and quarter Q; Y is Q's year.
    by
        ``"agency_id"`` (one row per agency with active staff or an allocation)
        or ``None`` (one city row, the sum of the agency rows).
    min_enrollments
        An agency's own cost per JP is used when it has at least this many
        completed enrollments in the trailing four quarters (Q-3..Q); otherwise
        the city's cost per JP over the same window.
    target_jp
        The annual minimum (20 JP, PP 11/2017 art. 203).
    facts
        Optional :func:`analysis.data.definitions.enrollment_facts` of ``ds``, computed
        once by the caller and reused across calls (it is not modified).

    Returns
    -------
    DataFrame
        ``agency_id`` (absent for ``by=None``), ``year``, ``period``,
        ``active_staff`` (active at the end of Q), ``jp_ytd`` (their credited JP
        in Y up to Q), ``staff_below_target``, ``jp_needed`` (= sum over active
        staff of max(0, target_jp - JP so far in Y)), ``completed_4q`` (the
        agency's completed enrollments in the window), ``cost_per_jp_own``,
        ``cost_per_jp_used``, ``cost_source`` (``"agency"`` or ``"city"``),
        ``gap_idr`` (= jp_needed x cost_per_jp_used) with ``gap_ci_low`` /
        ``gap_ci_high`` (per agency: jp_needed x the programme-clustered CI of the
        cost per JP used; for the city: the CI of the city total,
        :func:`city_gap_interval`), ``allocated_idr``, ``spending_ytd_idr``, ``remaining_idr``
        (= allocated - spending YTD; NaN without allocation; negative when
        overspent), ``shortfall_idr`` (= max(0, gap_idr - max(0, remaining_idr));
        the whole gap when there is no allocation), ``funded_share`` (=
        min(1, max(0, remaining) / gap); 1 when there is no gap),
        ``shortfall_per_staff_idr``.

    Notes
    -----
    JP needed counts employees active at the end of Q only (leavers need no
    more JP) and uses JP credited in Y up to Q, so before Q4 it is the money
    needed to close the rest of the year's gap, assuming the remaining training
    is bought at the observed effective cost per JP (drop-outs included). The
    gap's interval reflects the uncertainty of the cost per JP only; JP needed is
    counted exactly. For the city row, the gap and shortfall are sums of the
    agency rows (each agency priced by the rule above) and ``cost_per_jp_used``
    is their implied average (gap / JP needed); the city gap's interval is
    computed for the city total (not the sum of the agencies' bounds).
    """
    if by not in ("agency_id", None):
        raise ValueError(f"by must be 'agency_id' or None; got {by!r}")
    if min_enrollments < 1:
        raise ValueError(f"min_enrollments must be >= 1; got {min_enrollments}")
    p = parse_period(period)
    facts = budget_facts(ds, facts)
    window = facts.loc[window_mask(facts, p, 4)]
    city = cost_table(window, [], level=level, min_n=min_enrollments).iloc[0]
    own = cost_table(window, ["agency_id"], level=level, min_n=min_enrollments).set_index("agency_id")
    spend = spending(ds, p, by="agency_id", facts=facts)
    city_spending = (
        float(spending(ds, p, by=None, facts=facts)["spending_ytd_idr"].iloc[0]) if by is None else np.nan
    )
    per_agency = _jp_needed(ds, facts, p, target_jp)
    return gap_table(per_agency, spend, own, city, window, p, by=by, level=level, city_spending=city_spending)


def gap_table(
    per_agency: pd.DataFrame,
    spend: pd.DataFrame,
    own: pd.DataFrame,
    city: pd.Series,
    window: pd.DataFrame,
    p: pd.Period,
    *,
    by: Literal["agency_id"] | None = "agency_id",
    level: float = 0.95,
    city_spending: float = np.nan,
) -> pd.DataFrame:
    """:func:`funding_gap` from its parts, for the pandas and the SQL (:mod:`analysis.scale`) inputs alike.

    ``per_agency``: indexed by agency_id, ``active_staff``, ``jp_ytd``, ``staff_below_target``,
    ``jp_needed``; ``spend``: :func:`analysis.budget.spending.spending` by agency; ``own`` and
    ``city``: the cost-per-JP tables of the window by agency (indexed) and for the city (a row);
    ``window``: the window's enrollments, or their sums per agency and programme (the city
    interval is linear in them, :func:`city_gap_interval`); ``city_spending`` for ``by=None``.
    """
    spend = spend.set_index("agency_id")
    out = _agency_frame(per_agency, spend, p)
    out = _price_the_gap(out, own, city)
    out["allocated_idr"] = out["agency_id"].map(spend["allocated_idr"]).astype(float)
    out["spending_ytd_idr"] = (
        out["agency_id"].map(spend["spending_ytd_idr"]).fillna(0.0).astype(float)
    )
    if by is None:
        interval = city_gap_interval(window, out, city, level)
        out = _city_total(out, city, city_spending, p, interval)
    else:
        out["remaining_idr"] = out["allocated_idr"] - out["spending_ytd_idr"]
        available = out["remaining_idr"].clip(lower=0).fillna(0.0)
        out["shortfall_idr"] = (out["gap_idr"] - available).clip(lower=0)
    out = _funded(out)
    return out[[*(["agency_id"] if by else []), *_COLUMNS]].reset_index(drop=True)
