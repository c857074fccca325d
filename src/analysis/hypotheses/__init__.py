"""Hypotheses stated in advance, tested honestly: a YAML file in, verdicts out.

Policy analysts write their hypotheses in a YAML file before looking at the data
(format: ``docs/hypotheses.md``; example: ``data/examples/hypotheses/binjai.yaml``).
``kompetensi hypotheses SPEC --data DIR --period P --out DIR`` (and the report's
notebook ``60_hypotheses``) tests them all together and writes
``hypotheses.json`` and a page with one row per hypothesis: ``supported``,
``not_supported`` or ``inconclusive``, with the reason.

Modules, in the order of a run:

- :mod:`~analysis.hypotheses.catalogue`: the outcomes and exposures a file may name
  and the one design of each pair;
- :mod:`~analysis.hypotheses.spec`: reading and checking the file (every problem with
  its line and the allowed values);
- :mod:`~analysis.hypotheses.registry`: the file's checksum and first run, kept next
  to it, so a reader can see whether it changed after the data were seen;
- :mod:`~analysis.hypotheses.frames`: the unit-quarter, employee-quarter and
  enrollment frames the designs use;
- :mod:`~analysis.hypotheses.estimate`: one estimate per hypothesis by its design,
  with the small-cluster rule;
- :mod:`~analysis.hypotheses.verdicts`: p-values, the file-wide correction, the
  minimum detectable effect and the verdict rule;
- :mod:`~analysis.hypotheses.narrative`, :mod:`~analysis.hypotheses.messages`: the
  words (Bahasa Indonesia and English);
- :mod:`~analysis.hypotheses.plots`, :mod:`~analysis.hypotheses.page`: the forest plot
  and the page (HTML, PDF);
- :mod:`~analysis.hypotheses.run`: the run, ``hypotheses.json`` and the command.

This package sits above the question areas (it uses :mod:`analysis.linkage` and
:mod:`analysis.coverage`) and below the report and the command line.
"""

from analysis.hypotheses.catalogue import Catalogue, catalogue, dataset_catalogue
from analysis.hypotheses.run import (
    HypothesisResults,
    evaluate,
    run_hypotheses,
    to_json,
    write_outputs,
)
from analysis.hypotheses.spec import Hypothesis, Spec, SpecError, SpecProblem, check_spec, load_spec

__all__ = [
    "Catalogue",
    "Hypothesis",
    "HypothesisResults",
    "Spec",
    "SpecError",
    "SpecProblem",
    "catalogue",
    "check_spec",
    "dataset_catalogue",
    "evaluate",
    "load_spec",
    "run_hypotheses",
    "to_json",
    "write_outputs",
]
