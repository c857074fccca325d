"""Benchmark: what the wild cluster bootstrap and the randomization inference add to the service link.

On the city sample (``data/sample``): the time of ``sector_heterogeneity`` (IKM; sector CIs
by test inversion and the equality test) with CRV1 only versus the wild cluster bootstrap at
several numbers of draws, and of ``online_event_studies`` (IKM, Sun & Abraham) with the
randomization inference forced on at several numbers of permutations, each as CPU seconds
(``time.process_time``, so the machine's other load counts less), with the p-value it gives.

Run: ``python -m benchmarks bootstrap``.
"""

from __future__ import annotations

import time

import pandas as pd


def _timed(func, *args, **kwargs):
    start = time.process_time()
    out = func(*args, **kwargs)
    return out, time.process_time() - start


def main() -> None:
    import analysis
    from analysis import linkage
    from analysis.data.paths import SAMPLE_DIR
    from analysis.linkage import exposure, online

    ds = analysis.load_dataset(SAMPLE_DIR)
    panel = linkage.unit_panel(ds, "2026Q3")
    rows = []
    few = exposure.FEW_CLUSTERS
    try:
        exposure.FEW_CLUSTERS = 0  # CRV1 only
        res, sec = _timed(linkage.sector_heterogeneity, panel, "ikm")
        rows.append({"step": "sector slopes (ikm)", "inference": "crv1_t(G-1)", "draws": 0,
                     "cpu_s": sec, "equal_slopes_p": res["equal_slopes_p"].iloc[0]})
    finally:
        exposure.FEW_CLUSTERS = few
    for draws in (199, 499, 999, 1999):
        res, sec = _timed(linkage.sector_heterogeneity, panel, "ikm", draws=draws)
        rows.append({"step": "sector slopes (ikm)", "inference": "wild_cluster_bootstrap",
                     "draws": draws, "cpu_s": sec, "equal_slopes_p": res["equal_slopes_p"].iloc[0]})
    threshold = online.BOOTSTRAP_STARTING_UNITS
    try:
        online.BOOTSTRAP_STARTING_UNITS = 0
        res, sec = _timed(linkage.online_event_studies, panel, "ikm", methods=("sunab",))
        rows.append({"step": "online ATT (ikm)", "inference": "crv1_t(G-1)", "draws": 0,
                     "cpu_s": sec, "p_value": res.att["p_value"].iloc[0]})
        online.BOOTSTRAP_STARTING_UNITS = 10_000  # force randomization inference
        for permutations in (199, 499, 999):
            res, sec = _timed(linkage.online_event_studies, panel, "ikm", methods=("sunab",),
                              permutations=permutations)
            rows.append({"step": "online ATT (ikm)", "inference": "randomization",
                         "draws": permutations, "cpu_s": sec, "p_value": res.att["p_value"].iloc[0]})
    finally:
        online.BOOTSTRAP_STARTING_UNITS = threshold
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 120, "display.float_format", "{:.3f}".format):
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()
