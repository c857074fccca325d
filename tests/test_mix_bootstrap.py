"""The format-mix programme bootstrap computed on arrays equals, bit for bit, the frame-by-frame one.

The reference below resamples the window draw by draw, recomputes the parameters with
:func:`analysis.budget.formats.parameters_from_window` and re-solves with
:func:`analysis.budget.mix.optimise_mix` (the definition of the bootstrap, one frame per draw).
"""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from analysis.budget.facts import budget_facts
from analysis.budget.formats import parameters_from_window
from analysis.budget.mix import optimise_mix
from analysis.data.definitions import enrollment_facts

mu = importlib.import_module("analysis.budget.mix_uncertainty")

PERIOD = "2026Q3"


@pytest.fixture(scope="module")
def facts(sample):
    ds = sample[0]
    return ds, enrollment_facts(ds)


def _reference(window: pd.DataFrame, cols: list[str], budget: float, options: dict, n_boot: int, seed: int):
    """Per draw: the parameters frame and the four quantities (NaN when unsolved), and in-optimum counts."""
    observed = optimise_mix(parameters_from_window(window, cols), budget, format_cols=cols, **options)
    names = observed.plan[cols].astype(str).agg(" / ".join, axis=1).tolist()
    groups = [[rows.index.to_numpy() for _, rows in g.groupby("program_id", sort=True)]
              for _, g in window.groupby(cols, sort=True)]
    rng = np.random.default_rng(seed)
    params_list, values, in_optimum = [], [], np.zeros(len(names))
    for _ in range(n_boot):
        picks = [fmt[k] for fmt in groups for k in rng.integers(0, len(fmt), size=len(fmt))]
        params = parameters_from_window(window.loc[np.concatenate(picks)], cols)
        params_list.append(params)
        try:
            mix = optimise_mix(params, budget, format_cols=cols, **options)
        except ValueError:
            values.append([np.nan] * 4)
            continue
        s = mix.summary.set_index("mix")
        values.append([s.loc["optimal", "people"], s.loc["optimal", "cost_to_reach_all_idr"],
                       s.loc["current", "people"], s.loc["current", "cost_to_reach_all_idr"]])
        plan = mix.plan.assign(_n=mix.plan[cols].astype(str).agg(" / ".join, axis=1)).set_index("_n")
        in_optimum += (plan["optimal_places"].reindex(names).fillna(0.0) > 1e-9).to_numpy()
    return params_list, np.array(values, dtype=float), in_optimum


@pytest.mark.parametrize("plant_nan", [False, True])
def test_draw_parameters_equal_the_resampled_frames(facts, plant_nan: bool) -> None:
    ds, base = facts
    cols = ["modality", "provider_type"]
    window = mu._window(budget_facts(ds, base), PERIOD, cols)
    if plant_nan:  # missing JP or cost on a few rows: pandas then sums with its compensated loop
        window.loc[window.index[::97], "credited_jp"] = np.nan
        window.loc[window.index[5::131], "cost_idr"] = np.nan
    programmes = mu._programmes(window, cols)
    picks = mu._draw_programmes(programmes, 12, np.random.default_rng(11))
    draws = mu._draw_parameters(window, programmes, picks)
    reference, _, _ = _reference(window, cols, 1e9, {"max_people": 4000.0}, 12, 11)
    for b, params in enumerate(reference):
        for column in ("observed_places", "cost_per_place", "completion_rate", "jp_per_place",
                       "people_per_place", "places_per_year"):
            np.testing.assert_array_equal(getattr(draws, column)[b], params[column].to_numpy(float),
                                          err_msg=f"draw {b}, {column}")


@pytest.mark.parametrize(("cols", "options"), [
    (["modality"], {"max_people": 5000.0}),
    (["modality"], {"max_people": 3000.0, "min_share": {"classroom": 0.3}}),
    (["modality", "domain"], {"objective": "jp", "cap_multiplier": None}),
])
def test_mix_uncertainty_equals_the_frame_by_frame_bootstrap(facts, cols: list[str], options: dict) -> None:
    ds, base = facts
    budget, n_boot, seed = 2e9, 25, 4
    out = mu.mix_uncertainty(ds, PERIOD, budget, by=cols, n_boot=n_boot, seed=seed, facts=base, **options)
    window = mu._window(budget_facts(ds, base), PERIOD, cols)
    _, values, in_optimum = _reference(window, cols, budget, options, n_boot, seed)
    for k, quantity in enumerate(mu.QUANTITIES):
        row = out.summary.set_index("quantity").loc[quantity]
        finite = values[:, k][np.isfinite(values[:, k])]
        assert row["draws"] == len(finite)
        if len(finite):
            low, high = np.quantile(finite, [0.025, 0.975])
            assert (row["ci_low"], row["ci_high"]) == (low, high)  # exact, not approximate
    np.testing.assert_array_equal(out.formats["share_of_draws_in_optimum"].to_numpy(), in_optimum / n_boot)
