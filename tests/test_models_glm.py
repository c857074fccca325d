"""analysis.stats.models.logit / poisson / mixed: planted effects and the stated SE convention."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.stats.models import ModelSpecificationError, logit, mixed, poisson


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    rng = np.random.default_rng(21)
    n, g = 3000, 60
    unit = rng.integers(0, g, n)
    x = rng.normal(size=n)
    pppk = rng.integers(0, 2, n)
    u = rng.normal(scale=0.3, size=g)[unit]
    eta = -0.5 + 0.8 * x - 0.4 * pppk + u
    attended = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
    staff = rng.integers(5, 40, n)
    complaints = rng.poisson(staff * np.exp(-2 + 0.3 * x + u))
    return pd.DataFrame({"unit": unit, "x": x, "pppk": pppk, "attended": attended,
                         "staff": staff, "complaints": complaints,
                         "kind": pd.Series(np.where(pppk == 1, "pppk", "pns"), dtype="str")})


def test_logit_recovers_planted_log_odds_and_reports_odds_ratios(people):
    res = logit(people, "attended ~ x + C(kind)", vcov={"cluster": "unit"})
    t = res.tidy().set_index("term")
    assert {"odds_ratio", "ratio_ci_low", "ratio_ci_high"} <= set(t.columns)
    assert t.loc["x", "ci_low"] < 0.8 * 0.95 and t.loc["x", "ci_high"] > 0.8 * 0.95 - 0.3
    assert abs(t.loc["x", "estimate"] - 0.8) < 0.15  # slightly attenuated by the unit effect
    assert t.loc["C(kind)[T.pppk]", "ci_low"] < -0.4 < t.loc["C(kind)[T.pppk]", "ci_high"]
    assert t.loc["x", "odds_ratio"] == pytest.approx(np.exp(t.loc["x", "estimate"]))
    assert t.loc["x", "ratio_ci_low"] == pytest.approx(np.exp(t.loc["x", "ci_low"]))
    assert res.n_clusters == {"unit": 60} and res.vcov_type == "CRV1 (unit)"


def test_logit_cluster_se_follows_stated_small_sample_convention(people):
    res = logit(people, "attended ~ x + pppk", vcov={"cluster": "unit"})
    x = np.column_stack([np.ones(len(people)), people["x"], people["pppk"]])
    b = res.coef.to_numpy()
    p = 1 / (1 + np.exp(-x @ b))
    bread = np.linalg.inv((x * (p * (1 - p))[:, None]).T @ x)
    scores = x * (people["attended"].to_numpy() - p)[:, None]
    sg = pd.DataFrame(scores).groupby(people["unit"].to_numpy()).sum().to_numpy()
    n, k, g = len(people), 3, 60
    v = g / (g - 1) * (n - 1) / (n - k) * bread @ sg.T @ sg @ bread
    np.testing.assert_allclose(res.std_error.to_numpy(), np.sqrt(np.diag(v)), rtol=1e-6)


def test_clustered_logit_uses_t_with_g_minus_1_degrees_of_freedom(people):
    """Clustered inference as fit: t(G - 1), G the clusters; z only without clustering."""
    from scipy import stats as sps

    few = people.assign(unit=people["unit"] % 8)  # 8 clusters: t(7) is clearly wider than z
    res = logit(few, "attended ~ x + pppk", vcov={"cluster": "unit"})
    t = res.tidy().set_index("term")
    se = res.std_error["x"]
    q = sps.t.ppf(0.975, 7)  # independent: the 97.5% quantile of t with G - 1 = 7 df
    assert res.df_t == 7
    assert t.loc["x", "ci_low"] == pytest.approx(res.coef["x"] - q * se, rel=1e-10)
    assert t.loc["x", "ci_high"] == pytest.approx(res.coef["x"] + q * se, rel=1e-10)
    assert t.loc["pppk", "p_value"] == pytest.approx(2 * sps.t.sf(abs(res.coef["pppk"] / res.std_error["pppk"]), 7))
    assert q > 2.3 > sps.norm.ppf(0.975)
    robust = logit(few, "attended ~ x + pppk", vcov="hc1").tidy().set_index("term")
    assert robust.loc["x", "p_value"] == pytest.approx(
        2 * sps.norm.sf(abs(robust.loc["x", "estimate"] / robust.loc["x", "std_error"])))
    pois = poisson(few, "complaints ~ x", vcov={"cluster": "unit"}, exposure="staff")
    assert pois.df_t == 7


def test_poisson_with_exposure_matches_pyfixest_fepois(people):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pf = pytest.importorskip("pyfixest")
    d = people.assign(log_staff=np.log(people["staff"]))
    res = poisson(d, "complaints ~ x + pppk", vcov={"cluster": "unit"}, exposure="staff")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = pf.fepois("complaints ~ x + pppk", d, vcov={"CRV1": "unit"}, offset="log_staff",
                         iwls_tol=1e-12, iwls_maxiter=100)
    np.testing.assert_allclose(res.coef.to_numpy(), ref.coef()[list(res.coef.index)].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(res.std_error.to_numpy(), ref.se()[list(res.coef.index)].to_numpy(), rtol=1e-6)
    t = res.tidy().set_index("term")
    assert t.loc["x", "ci_low"] < 0.3 < t.loc["x", "ci_high"]
    assert "rate_ratio" in t.columns


def test_mixed_recovers_nested_variance_components():
    rng = np.random.default_rng(9)
    agencies, units_per, people_per = 25, 4, 15
    agency = np.repeat(np.arange(agencies), units_per * people_per)
    unit = np.repeat(np.arange(agencies * units_per), people_per)
    x = rng.normal(size=agency.size)
    y = (2.0 + 1.5 * x + rng.normal(scale=1.0, size=agencies)[agency]
         + rng.normal(scale=0.7, size=agencies * units_per)[unit] + rng.normal(scale=1.0, size=agency.size))
    d = pd.DataFrame({"y": y, "x": x, "agency_id": agency.astype(str), "unit_id": unit.astype(str)})
    res = mixed(d, "y ~ x", groups="agency_id", vc_formula={"unit": "0 + C(unit_id)"})
    t = res.tidy().set_index("term")
    assert list(t.columns) == ["estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high"]
    assert t.loc["x", "ci_low"] < 1.5 < t.loc["x", "ci_high"]
    vc = res.variance_components.set_index("component")["variance"]
    assert vc["residual"] == pytest.approx(1.0, abs=0.1)
    assert vc["unit"] == pytest.approx(0.49, abs=0.25)
    assert vc["agency_id"] == pytest.approx(1.0, abs=0.6)


def test_glm_errors_are_clear(people):
    with pytest.raises(ModelSpecificationError, match="0/1"):
        logit(people, "complaints ~ x")
    with pytest.raises(ModelSpecificationError, match="collinear"):
        logit(people.assign(x2=2 * people["x"]), "attended ~ x + x2")
    with pytest.raises(ModelSpecificationError, match="fixed effects"):
        poisson(people, "complaints ~ x | unit")
    with pytest.raises(ModelSpecificationError, match="vcov"):
        poisson(people, "complaints ~ x", vcov="sandwich")


def test_an_odds_ratio_beyond_the_float_range_is_infinite_without_a_warning() -> None:
    from analysis.stats.models import GLMResult

    coef = pd.Series({"Intercept": 0.5, "x": 30.0})
    vcov = pd.DataFrame(np.diag([0.01, 400.0 ** 2]), index=coef.index, columns=coef.index)  # separation: SE 400
    res = GLMResult("y ~ x", "logit", coef, vcov, "iid", 100, 0, {}, -10.0, 0.5, "odds_ratio", True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would be printed into a report
        row = res.tidy().set_index("term").loc["x"]
    assert row["ratio_ci_high"] == np.inf and row["ratio_ci_low"] == 0.0
    assert row["odds_ratio"] == pytest.approx(np.exp(30.0))
