"""Cost per credited JP with its confidence interval, by group, and differences between groups.

Definition (``docs/definitions.md``): the **cost per JP** of a group of
enrollments is total cost / total credited JP (a ratio of sums). Every
enrollment's cost counts, so money spent on drop-outs and paid no-shows is part
of the price of the JP that were credited: the *effective* cost per credited JP.
``cost_per_jp_completed`` (cost of completed enrollments / their JP) is the list
price of a completed JP, shown beside it. The interval is
:func:`analysis.stats.intervals.grouped_ratio_ci` (delta method by default),
clustered by programme: the city sets costs per programme (one price per
participant for everyone in it), so enrollments of one programme share their
price and the programme, not the enrollment, is the independent unit. On the
sample the clustered SE of the city's cost per JP is about 11 times the
enrollment-level one (``docs/methods.md``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.budget.facts import budget_facts, check_by, window_mask
from analysis.data.dataset import Dataset
from analysis.stats.intervals import (
    CI_METHODS,
    CiMethod,
    check_choice,
    clustered_delta,
    grouped_ratio_ci,
)
from analysis.stats.verdict import MIN_CLUSTERS, MIN_N, enough_data, excludes

#: Columns of :func:`cost_per_jp` after the group columns.
COST_COLUMNS = (
    "enrollments",
    "completed",
    "cost_idr",
    "credited_jp",
    "cost_per_jp",
    "std_error",
    "ci_low",
    "ci_high",
    "cost_per_jp_completed",
    "enough_data",
    "method",
    "n_clusters",
)

#: The column that clusters costs per JP: costs are set per programme.
COST_CLUSTER = "program_id"


def _completed_cost_per_jp(window: pd.DataFrame, cols: list[str]) -> list[float]:
    """Cost of completed enrollments / their credited JP, per group (NaN without JP)."""
    out = []
    groups = [((), window)] if not cols else window.groupby(cols, dropna=False, sort=True)
    for _, g in groups:
        done = g["completed"]
        jp_done = g.loc[done, "credited_jp"].sum()
        out.append(float(g.loc[done, "cost_idr"].sum() / jp_done) if jp_done > 0 else np.nan)
    return out


def cost_table(
    window: pd.DataFrame,
    cols: list[str],
    method: CiMethod = "delta",
    level: float = 0.95,
    n_boot: int = 0,
    seed: int | None = None,
    min_n: int = MIN_N,
    cluster: str | None = COST_CLUSTER,
    min_clusters: int | None = None,
) -> pd.DataFrame:
    """The cost-per-JP table of :func:`cost_per_jp` for enrollments already selected (``window``).

    ``window`` holds :func:`analysis.budget.facts.budget_facts` rows; ``enough_data``
    counts completed enrollments against ``min_n`` and, with ``min_clusters``, programmes
    against it; the interval is clustered by ``cluster`` (default the programme; ``None``
    treats enrollments as independent).
    """
    table = grouped_ratio_ci(
        window, "cost_idr", "credited_jp", cols, method=method, level=level, n_boot=n_boot,
        seed=seed, min_n=min_n, count="completed", cluster=cluster, min_clusters=min_clusters,
    ).rename(columns={"n": "enrollments", "estimate": "cost_per_jp"})
    table["cost_per_jp_completed"] = _completed_cost_per_jp(window, cols)
    return table[[*cols, *COST_COLUMNS]]


#: Columns of the enrollment sums per group and programme :func:`cost_table_from_cells` takes.
CELL_COLUMNS = ("enrollments", "completed", "cost_idr", "credited_jp", "completed_cost_idr", "completed_jp")


def cost_table_from_cells(
    cells: pd.DataFrame, cols: list[str], level: float = 0.95, min_n: int = MIN_N
) -> pd.DataFrame:
    """:func:`cost_table` (delta method, clustered by programme) from enrollment sums per cell.

    ``cells`` has one row per group (``cols``) and programme (:data:`COST_CLUSTER`) with the
    sums :data:`CELL_COLUMNS` of the cell's enrollments (``completed`` a count). The clustered
    delta method uses only programme totals (:func:`analysis.stats.intervals.clustered_delta`,
    the function :func:`cost_table` reaches through ``ratio_ci``), so the result is that of
    :func:`cost_table` over the enrollments themselves; the SQL engine (:mod:`analysis.scale`)
    sums the cells where the enrollments are. Groups are looped over as plain arrays, so tens of
    thousands of agencies take a second.
    """
    # one row per group and programme (the clusters), programmes in sorted order as in ratio_ci
    cells = cells.groupby([*cols, COST_CLUSTER], dropna=False, sort=True, as_index=False)[
        list(CELL_COLUMNS)
    ].sum()
    if cols:
        codes, keys = pd.MultiIndex.from_frame(cells[cols]).factorize(sort=True) if len(cols) > 1 \
            else pd.factorize(cells[cols[0]], sort=True, use_na_sentinel=False)
    else:
        codes, keys = np.zeros(len(cells), dtype=np.int64), pd.Index([()])
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    y = cells["cost_idr"].to_numpy(dtype=float)[order]
    x = cells["credited_jp"].to_numpy(dtype=float)[order]
    rows = []
    for idx in np.split(np.arange(len(order)), bounds) if len(order) else []:
        ys, xs = y[idx], x[idx]
        ci = {"estimate": np.nan, "std_error": np.nan, "ci_low": np.nan, "ci_high": np.nan}
        if xs.sum() != 0:
            ci = clustered_delta(ys, xs, level) if len(idx) >= 2 else {**ci, "estimate": ys.sum() / xs.sum()}
        rows.append({**ci, "n_clusters": len(idx), "cost_idr": float(ys.sum()), "credited_jp": float(xs.sum())})
    table = pd.DataFrame(rows, columns=["estimate", "std_error", "ci_low", "ci_high", "n_clusters",
                                        "cost_idr", "credited_jp"])
    key_values = keys.to_frame(index=False) if isinstance(keys, pd.MultiIndex) else pd.DataFrame({c: keys for c in cols})
    for c in cols:
        table.insert(cols.index(c), c, key_values[c].to_numpy())
    sums = cells.groupby(codes, sort=True)[["enrollments", "completed", "completed_cost_idr", "completed_jp"]].sum()
    table["enrollments"] = sums["enrollments"].astype(int).to_numpy()
    table["completed"] = sums["completed"].astype(int).to_numpy()
    table = table.rename(columns={"estimate": "cost_per_jp"})
    table["enough_data"] = [enough_data(n, min_n) for n in table["completed"]]
    table["method"] = "delta"
    jp_done = sums["completed_jp"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["cost_per_jp_completed"] = np.where(
            jp_done > 0, sums["completed_cost_idr"].to_numpy(dtype=float) / jp_done, np.nan
        )
    return table[[*cols, *COST_COLUMNS]]


def cost_per_jp(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "modality",
    *,
    quarters: int = 4,
    method: CiMethod = "delta",
    level: float = 0.95,
    n_boot: int = 2000,
    seed: int | None = 0,
    min_enrollments: int = MIN_N,
    facts: pd.DataFrame | None = None,
    cluster: str | None = COST_CLUSTER,
) -> pd.DataFrame:
    """Cost per credited JP over the trailing four quarters, with a confidence interval.

    Parameters
    ----------
    ds, period
        Dataset and the last quarter Q of the window (Q-3 .. Q by default).
    by
        A column or list of columns of the enrollment facts: ``agency_id``,
        ``unit_id``, ``sector`` (the employee's), ``modality``, ``provider_type``,
        ``domain``, ``program_id``; ``None`` gives one city row.
    quarters
        Length of the trailing window in quarters (default 4).
    method
        ``"delta"`` (default; fast, deterministic) or ``"bootstrap"`` over
        enrollments; see :func:`analysis.stats.intervals.ratio_ci`.
    min_enrollments
        ``enough_data`` is True when the group has at least this many completed
        enrollments in the window (default :data:`analysis.stats.verdict.MIN_N`) and, as
        groups compared with each other (formats, providers), at least
        :data:`analysis.stats.verdict.MIN_CLUSTERS` programmes when clustered (the city row
        and a single group are not compared and need no minimum of programmes).
    facts
        Optional :func:`analysis.data.definitions.enrollment_facts` of ``ds``, computed
        once by the caller and reused across calls (it is not modified).
    cluster
        The column the interval is clustered by: ``"program_id"`` (default; costs are
        set per programme) or ``None`` (enrollments treated as independent; only to
        show how much too narrow that interval is).

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns, ``enrollments`` (all statuses),
        ``completed``, ``cost_idr``, ``credited_jp``, ``cost_per_jp`` (=
        cost_idr / credited_jp), ``std_error``, ``ci_low``, ``ci_high`` (95%
        by default), ``cost_per_jp_completed`` (cost of completed enrollments /
        their JP), ``enough_data``, ``method``, ``n_clusters`` (programmes).

    Notes
    -----
    The estimate is a ratio of sums over the group's enrollments ending in the
    window; every enrollment's cost counts (drop-outs' and paid no-shows' too),
    so it is the effective cost of a credited JP. Estimand and SE: see
    :func:`analysis.stats.intervals.ratio_ci`: the linearised values are summed
    within programmes, SE with the G/(G-1) factor and a t(G-1) interval (G
    programmes in the group). Groups with no credited JP have NaN cost per JP.
    """
    cols = check_by(by)
    check_choice("method", method, CI_METHODS)
    if quarters < 1:
        raise ValueError(f"quarters must be >= 1; got {quarters}")
    facts = budget_facts(ds, facts)
    window = facts.loc[window_mask(facts, period, quarters)]
    min_clusters = MIN_CLUSTERS if cols and cluster is not None else None
    return cost_table(window, cols, method, level, n_boot, seed, min_enrollments, cluster, min_clusters)


def compare_cost_per_jp(
    table: pd.DataFrame, by: str, reference: str | None = None, *, level: float = 0.95
) -> pd.DataFrame:
    """Difference in cost per JP of each group against a reference group, with a CI.

    Parameters
    ----------
    table
        :func:`cost_per_jp` output grouped by the single column ``by``.
    by
        The group column (e.g. ``"modality"``).
    reference
        The reference group; default the group with the lowest cost per JP among
        those with ``enough_data``.

    Returns
    -------
    DataFrame
        One row per other group with a cost per JP: ``by``, ``reference``,
        ``estimate`` (group minus reference, IDR per JP), ``std_error``,
        ``ci_low``, ``ci_high``, ``ratio`` (group / reference), ``differs``
        (the CI excludes 0, :func:`analysis.stats.verdict.excludes`),
        ``enough_data`` (both groups have enough data).

    Notes
    -----
    The groups hold disjoint enrollments, so their estimates are treated as
    independent: SE = sqrt(SE_g^2 + SE_ref^2). When the table carries
    ``n_clusters`` (programmes; formats and provider types are programme
    attributes, so the groups share no programme) the interval is t with
    min(G_g, G_ref) - 1 degrees of freedom (a conservative Welch-type choice),
    else normal.
    """
    if by not in table:
        raise ValueError(f"table has no column {by!r}")
    usable = table.loc[table["cost_per_jp"].notna()].set_index(by)
    cols = [by, "reference", "estimate", "std_error", "ci_low", "ci_high", "ratio", "differs", "enough_data"]
    if usable.empty:
        return pd.DataFrame(columns=cols)
    if reference is None:
        pool = usable.loc[usable["enough_data"]] if usable["enough_data"].any() else usable
        reference = str(pool["cost_per_jp"].idxmin())
    if reference not in usable.index:
        raise ValueError(
            f"reference {reference!r} has no cost per JP; choose from {', '.join(map(str, usable.index))}"
        )
    ref = usable.loc[reference]
    others = usable.drop(index=reference)
    if "n_clusters" in usable:
        df = np.minimum(others["n_clusters"].astype(float), float(ref["n_clusters"])) - 1
        q = pd.Series(stats.t.ppf(0.5 + level / 2, df.where(df >= 1)), index=others.index)
    else:
        q = stats.norm.ppf(0.5 + level / 2)
    est = others["cost_per_jp"] - ref["cost_per_jp"]
    se = np.sqrt(others["std_error"] ** 2 + ref["std_error"] ** 2)
    out = pd.DataFrame(
        {
            by: others.index,
            "reference": reference,
            "estimate": est.to_numpy(),
            "std_error": se.to_numpy(),
            "ci_low": (est - q * se).to_numpy(),
            "ci_high": (est + q * se).to_numpy(),
            "ratio": (others["cost_per_jp"] / ref["cost_per_jp"]).to_numpy(),
            "enough_data": (others["enough_data"] & bool(ref["enough_data"])).to_numpy(),
        }
    )
    out["differs"] = np.array(
        [excludes(low, high) for low, high in zip(out["ci_low"], out["ci_high"], strict=True)], dtype=bool
    )
    return out[cols].reset_index(drop=True)


def stack_by_group(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Stack per-group tables into one long table: ``group`` (the grouping column) and ``value`` (its code).

    ``tables`` maps a grouping column to a table grouped by it, e.g.
    ``{"modality": cost_per_jp(..., by="modality"), "provider_type": ...}``; each
    table's grouping column is renamed ``value`` and ``group`` is added last.
    Row labels are kept as they are (the inputs are not changed).
    """
    for col, table in tables.items():
        if col not in table:
            raise ValueError(f"stack_by_group: the {col!r} table has no {col!r} column")
    return pd.concat([table.assign(group=col).rename(columns={col: "value"}) for col, table in tables.items()])
