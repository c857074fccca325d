"""analysis.text.tables.regression_table: layout, language formatting, and no refitting."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from analysis.stats.models import fit
from analysis.text.tables import regression_table


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    n = 400
    d = pd.DataFrame({"unit": rng.integers(0, 20, n), "period": rng.integers(0, 5, n),
                      "x": rng.normal(size=n), "z": rng.normal(size=n)})
    d["y"] = 1.5 * d["x"] - 0.02 * d["z"] + rng.normal(size=n)
    return d


@pytest.fixture(scope="module")
def models(data: pd.DataFrame):
    d = data
    return {
        "(1)": fit(d, "y ~ x"),
        "(2)": fit(d, "y ~ x + z | unit", vcov="hc1"),
        "(3)": fit(d, "y ~ x + z | unit + period", vcov={"cluster": "unit"}),
    }


def test_layout_matches_tidy_and_statistics(models):
    tab = regression_table(models, lang="en", decimals=3)
    body = tab.to_frame()
    assert list(body.columns) == ["Variable", "(1)", "(2)", "(3)"]
    labels = body["Variable"].tolist()
    assert labels[:6] == ["Intercept", "", "x", "", "z", ""]
    t3 = models["(3)"].tidy().set_index("term")
    x_row = body.iloc[2]
    assert x_row["(3)"].startswith(f"{t3.loc['x', 'estimate']:.3f}") and x_row["(3)"].endswith("***")
    assert body.iloc[3]["(3)"] == f"({t3.loc['x', 'std_error']:.3f})"
    assert body.iloc[0]["(2)"] == ""  # no intercept with fixed effects
    stats = body.set_index("Variable").iloc[tab.n_coef_rows:]
    assert stats.loc["Observations", "(1)"] == "400"
    assert stats.loc["Fixed effects: unit"].tolist() == ["–", "Yes", "Yes"]
    assert stats.loc["Fixed effects: period"].tolist() == ["–", "–", "Yes"]
    assert stats.loc["Standard errors"].tolist() == ["iid", "HC1", "clustered (unit)"]
    assert stats.loc["Within R²", "(1)"] == "–"
    assert "parentheses" in tab.notes[0]


def test_indonesian_uses_decimal_comma_and_labels(models):
    tab = regression_table(models, lang="id", decimals=2, labels={"x": "JP per pegawai"})
    body = tab.to_frame()
    assert "JP per pegawai" in body["Variabel"].tolist()
    est = models["(1)"].coef["x"]
    assert body.iloc[2]["(1)"].startswith(f"{est:.2f}".replace(".", ","))
    assert "Observasi" in body["Variabel"].tolist()
    assert "Efek tetap: unit" in body["Variabel"].tolist()
    md = tab.to_markdown()
    assert "Galat baku dalam kurung" in md and md.count("\n|") >= len(body)
    assert "klaster (unit)" in md


def test_html_and_excel_render(models, tmp_path):
    tab = regression_table(models, lang="en", title="Table 1 <test>")
    page = tab.to_html()
    assert page.startswith('<table class="regression-table">') and "&lt;test&gt;" in page
    assert page.count("<tr") == len(tab.to_frame()) + 2  # header + body + notes
    path = tmp_path / "t.xlsx"
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        tab.to_excel(writer, sheet_name="models")
    back = pd.read_excel(path, sheet_name="models", header=None, dtype=str)
    assert back.iloc[0, 0] == "Table 1 <test>"
    assert "Observations" in back[0].tolist()


def _fitting_calls(action: Callable[[], object]) -> list[str]:
    """Every call of a model-fitting entry point while ``action`` runs, however it was imported.

    Watches, through ``sys.setprofile``, the code of ``analysis.stats.models``' ``fit``,
    ``logit``, ``poisson``, ``mixed`` and ``analysis.stats.glm._glm`` and any ``fit`` method of statsmodels
    (the GLM and mixed models' engine), so a refit is seen even under a name bound at
    import time.
    """
    import analysis.stats.glm as glm
    import analysis.stats.models as m

    watched = {f.__code__ for f in (m.fit, m.logit, m.poisson, m.mixed, glm._glm)}
    calls: list[str] = []

    def profile(frame, event, arg):  # noqa: ARG001 - the signature sys.setprofile calls
        code = frame.f_code
        if event == "call" and (
            code in watched or (code.co_name == "fit" and "statsmodels" in code.co_filename)
        ):
            calls.append(f"{code.co_filename}:{code.co_name}")

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(previous)
    return calls


def _render_everything(models) -> None:
    for lang in ("id", "en"):
        tab = regression_table(models, lang=lang, title="t")
        tab.to_html()
        tab.to_markdown()
        tab.to_frame()
        with pd.ExcelWriter(io.BytesIO(), engine="xlsxwriter") as writer:
            tab.to_excel(writer, sheet_name="models")


def test_presentation_never_refits(models, data, monkeypatch):
    import analysis.stats.models as m
    from analysis.stats.models import logit

    with_glm = {**models, "Logit": logit(data.assign(b=(data["y"] > 0).astype(int)), "b ~ x")}
    # the watch does see a refit, by any name ...
    assert _fitting_calls(lambda: fit(data, "y ~ x"))
    assert _fitting_calls(lambda: m.logit(data.assign(b=(data["y"] > 0).astype(int)), "b ~ x"))
    # ... and rendering every format in both languages makes none
    assert _fitting_calls(lambda: _render_everything(with_glm)) == []

    def refitted(*args, **kwargs):
        raise AssertionError("refitted")

    import analysis.stats.glm as glm

    for name in ("fit", "logit", "poisson", "mixed"):
        monkeypatch.setattr(m, name, refitted)
    monkeypatch.setattr(glm, "_glm", refitted)
    _render_everything(with_glm)


def test_no_stars_and_errors(models):
    tab = regression_table(models, lang="en", stars=False)
    assert "*" not in "".join(tab.to_frame().iloc[: tab.n_coef_rows].to_numpy().ravel())
    with pytest.raises(ValueError, match="lang"):
        regression_table(models, lang="fr")
    with pytest.raises(TypeError, match="tidy"):
        regression_table({"a": 1})


def test_glm_models_show_pseudo_r2_and_sit_beside_ols(models):
    from analysis.stats.models import logit

    rng = np.random.default_rng(2)
    d = pd.DataFrame({"x": rng.normal(size=300)})
    d["y"] = (rng.uniform(size=300) < 1 / (1 + np.exp(-d["x"]))).astype(int)
    tab = regression_table({"OLS": models["(1)"], "Logit": logit(d, "y ~ x", vcov="hc1")}, lang="en")
    body = tab.to_frame().set_index("Variable")
    assert body.loc["Pseudo R²", "OLS"] == "–" and body.loc["Pseudo R²", "Logit"] != "–"
    assert body.loc["Observations"].tolist() == ["400", "300"]
