"""A hypothesis file in, tested verdicts out: the run, its files, and ``kompetensi hypotheses``.

:func:`run_hypotheses` checks the file against the data's catalogue, records the run
in the file's register (:mod:`analysis.hypotheses.registry`), estimates every
hypothesis (:mod:`analysis.hypotheses.estimate`) and judges them together
(:mod:`analysis.hypotheses.verdicts`). :func:`write_outputs` writes
``hypotheses.json``, ``hypotheses.html`` and ``hypotheses.pdf`` (and the forest plot
as ``figures/hypotheses_forest.png``/``.svg``).

``hypotheses.json``::

    {"title", "alpha", "correction", "n_hypotheses", "n_tested", "period", "lang",
     "spec": {"path", "sha256", "first_run", "changed_after_first_run", ...},
     "mde_rule", "generated_at",
     "hypotheses": [{"id", "statement", "outcome", "exposure", "level", "reference",
                     "direction", "min_effect", "design", "periods", "filter",
                     "estimate", "std_error", "df", "ci_low", "ci_high", "p_value",
                     "p_adjusted", "n", "n_clusters", "n_clusters_effective", "cluster",
                     "mde", "verdict", "reason_codes", "reason"}, ...]}

Estimates are in outcome units per exposure unit (yes/no outcomes: probability 0..1);
``p_value`` is the p-value of the stated (one- or two-sided) test, ``p_adjusted``
after the file's correction; ``reason`` is in the run's language.
"""

from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.charts.theme import apply_theme
from analysis.data.dataset import Dataset
from analysis.data.errors import DataValidationError
from analysis.data.io import format_issues, load_dataset
from analysis.data.paths import DATA_DIR
from analysis.data.periods import format_period
from analysis.hypotheses import narrative
from analysis.hypotheses.catalogue import Catalogue, catalogue, dataset_catalogue
from analysis.hypotheses.estimate import estimate
from analysis.hypotheses.frames import HypothesisData
from analysis.hypotheses.page import figure_uri, page_html, write_pdf
from analysis.hypotheses.plots import forest_plot
from analysis.hypotheses.registry import RegistryStatus, record_run
from analysis.hypotheses.spec import Spec, SpecError, load_spec
from analysis.hypotheses.verdicts import judge
from analysis.text.lang import Lang, check_lang, pick

#: The shipped hypothesis file: the city's questions (the report's default).
EXAMPLE_SPEC = DATA_DIR / "examples" / "hypotheses" / "binjai.yaml"
JSON_FILE = "hypotheses.json"
HTML_FILE = "hypotheses.html"
PDF_FILE = "hypotheses.pdf"
FIGURE_NAME = "hypotheses_forest"
MDE_RULE = ("(t_{df,1-a} + t_{df,0.80}) x SE with df = G_eff - 1; a = alpha* (one-sided) or alpha*/2 "
            "(two-sided); alpha* = alpha/m for holm and bh, alpha for none")


@dataclass(frozen=True)
class HypothesisResults:
    """A judged hypothesis file.

    ``table``: one row per hypothesis (:func:`analysis.hypotheses.verdicts.judge`);
    ``registry``: the file's register status (``None`` for a spec not read from a file
    or run without recording); ``seconds``: time of the estimation.
    """

    spec: Spec
    period: str
    table: pd.DataFrame
    catalogue: Catalogue
    registry: RegistryStatus | None = None
    seconds: float = 0.0


def evaluate(spec: Spec, ds: Dataset, period: str, cat: Catalogue | None = None) -> pd.DataFrame:
    """Estimate and judge every hypothesis of a checked file on ``ds`` up to ``period``."""
    cat = cat or dataset_catalogue(ds)
    data = HypothesisData(ds, period)
    items = [(h, estimate(h, data, cat), cat.design(h.outcome, h.exposure)) for h in spec.hypotheses]
    return judge(items, spec.alpha, spec.correction)  # type: ignore[arg-type]


def run_hypotheses(spec: str | Path | Spec, ds: Dataset, period: str | None = None, *,
                   record: bool = True, registry: str | Path | None = None) -> HypothesisResults:
    """Check a hypothesis file against ``ds``, record the run, estimate and judge.

    Parameters
    ----------
    spec
        The hypothesis file (path), or an already checked :class:`Spec`.
    ds
        The dataset.
    period
        The last quarter used (default: the latest in the data).
    record
        Record the run in the file's register (default True; needs a file).
    registry
        The register file (default next to the hypothesis file).

    Raises
    ------
    SpecError
        When the file has a problem; nothing is estimated or recorded then.
    """
    cat = dataset_catalogue(ds)
    checked = spec if isinstance(spec, Spec) else load_spec(spec, cat)
    period = format_period(period or ds.latest_period)
    status = None
    if record and checked.path is not None:
        status = record_run(checked.path, checked.sha256, period, path=registry)
    started = time.perf_counter()
    table = evaluate(checked, ds, period, cat)
    return HypothesisResults(checked, period, table, cat, status, time.perf_counter() - started)


def result_unit(outcome: str, cat: Catalogue) -> str:
    """The ``unit`` of a recorded number (:class:`analysis.data.results.KeyNumber`): ``share`` for
    yes/no outcomes, ``jp``, ``points`` or the service metric's name."""
    if cat.outcomes[outcome].binary:
        return "share"
    return {"jp_credited": "jp", "learning_gain": "points"}.get(outcome, outcome)


def _clean(x: Any) -> Any:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None
    if hasattr(x, "item") and not isinstance(x, (list, tuple, dict, str)):
        return _clean(x.item())
    if isinstance(x, tuple):
        return [_clean(v) for v in x]
    return x


def to_json(results: HypothesisResults, lang: Lang = "id") -> dict[str, Any]:
    """The ``hypotheses.json`` payload (see the module docstring)."""
    lang = check_lang(lang)
    spec = results.spec
    rows = []
    for _, row in results.table.iterrows():
        r = row.to_dict()
        reason = narrative.reason(r, results.catalogue, lang, spec.alpha, spec.correction)
        note = r.pop("note")
        r["reason"] = reason
        r["note"] = pick(lang, note) if note else None
        rows.append({k: _clean(v) for k, v in r.items()})
    registry = results.registry.to_dict() if results.registry else {}
    registry.pop("sha256", None)
    return {
        "title": spec.title,
        "alpha": spec.alpha,
        "correction": spec.correction,
        "n_hypotheses": len(spec.hypotheses),
        "n_tested": int(results.table["p_value"].notna().sum()),
        "period": results.period,
        "lang": lang,
        "spec": {"path": str(spec.path) if spec.path else None, "sha256": spec.sha256,
                 "first_run": registry.pop("first_run", None),
                 "changed_after_first_run": registry.pop("changed_after_first_run", None), **registry},
        "mde_rule": MDE_RULE,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "hypotheses": rows,
    }


def write_json(results: HypothesisResults, target: str | Path, lang: Lang = "id") -> Path:
    """Write ``hypotheses.json`` atomically."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(json.dumps(to_json(results, lang), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(target)
    return target


def write_outputs(results: HypothesisResults, out: str | Path, lang: Lang = "id", *,
                  pdf: bool = True) -> dict[str, Path]:
    """``hypotheses.json``, the forest plot, ``hypotheses.html`` and (``pdf``) ``hypotheses.pdf`` in ``out``."""
    import matplotlib.pyplot as plt


    lang = check_lang(lang)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": write_json(results, out / JSON_FILE, lang)}
    fig = forest_plot(results.table, lang)
    (out / "figures").mkdir(exist_ok=True)
    for suffix in ("png", "svg"):
        paths[f"figure_{suffix}"] = out / "figures" / f"{FIGURE_NAME}.{suffix}"
        fig.savefig(paths[f"figure_{suffix}"], bbox_inches="tight")
    page = page_html(results, lang, figure_uri(fig))
    plt.close(fig)
    paths["html"] = out / HTML_FILE
    tmp = paths["html"].with_name(f".{HTML_FILE}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(paths["html"])
    if pdf:
        paths["pdf"] = write_pdf(page, out / PDF_FILE)
    return paths


# ---------------------------------------------------------------------------- the command


def cli_hypotheses(args: Any) -> int:
    """``kompetensi hypotheses SPEC --data DIR --period P --out DIR [--lang id|en] [--list]``.

    Exit codes: 0 done; 1 the data could not be loaded or another error; 2 the
    hypothesis file has problems (each printed with its line) or arguments are missing.
    """
    lang = check_lang(getattr(args, "lang", "id") or "id")
    ds = None
    if getattr(args, "data", None):

        try:
            ds = load_dataset(args.data)
        except DataValidationError as exc:
            print(format_issues(exc.issues, 40, lang), file=sys.stderr)
            return 1
        except (OSError, ValueError) as exc:
            print(f"kompetensi hypotheses: {exc}", file=sys.stderr)
            return 1
    if getattr(args, "list", False):

        print(narrative.catalogue_listing(dataset_catalogue(ds) if ds is not None else catalogue(), lang))
        return 0
    if not args.spec or ds is None or not args.out:
        print("kompetensi hypotheses: give SPEC, --data and --out (or --list)", file=sys.stderr)
        return 2
    try:
        started = time.perf_counter()
        results = run_hypotheses(args.spec, ds, args.period if args.period != "latest" else None)
    except SpecError as exc:
        print(exc.report(lang), file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"kompetensi hypotheses: {exc}", file=sys.stderr)
        return 1

    apply_theme()
    paths = write_outputs(results, args.out, lang)
    counts = results.table["verdict"].value_counts().to_dict()
    print(f"{len(results.table)} hypotheses, {results.period}: "
          + ", ".join(f"{counts.get(v, 0)} {v}" for v in ("supported", "not_supported", "inconclusive"))
          + f" ({time.perf_counter() - started:.1f}s)")
    if results.registry is not None and results.registry.changed:
        print("warning: the hypothesis file changed after its first run "
              f"({results.registry.first_run}); see {results.registry.path}", file=sys.stderr)
    for path in paths.values():
        print(path)
    return 0
