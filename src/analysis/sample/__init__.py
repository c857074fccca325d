"""Synthetic, Binjai-shaped sample data with known (planted) effects.

``kompetensi sample --scale city|province|national --seed N --out DIR`` (or ``--employees N``) writes one
dataset that follows data contract v1, plus ``truth.json`` with every planted effect
(see :mod:`analysis.sample.effects` for the equations) so the analyses can be
checked against the truth.

- ``city``: one city shaped like Kota Binjai (about 40 OPD, 8 puskesmas, SD and SMP
  schools, 5 kecamatan with 37 kelurahan, about 5,300 ASN), one CSV per table.
- ``province``: 12 districts, about 60,000 ASN; ``national``: 514 districts, about
  4.3 million ASN. Both are generated district by district and written as Parquet
  part files ``<table>/part-00001.parquet`` with bounded memory.

Public functions: :func:`generate` (in memory, city and province),
:func:`write_sample` (to a folder, any scale) and :func:`cli_sample` (the command).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.data.contract import TABLES
from analysis.data.periods import format_period
from analysis.sample.calendar import (
    DEFAULT_END_PERIOD,
    SAMPLE_TODAY,
    Size,
    sample_quarters,
)
from analysis.sample.effects import DEFAULT_EFFECTS, Effects
from analysis.sample.employees import build_employees
from analysis.sample.nip import NipRegistry
from analysis.sample.programs import build_programs
from analysis.sample.simulate import DistrictResult, simulate_district
from analysis.sample.structure import District, build_units
from analysis.sample.truth import TruthBuilder

__all__ = [
    "DEFAULT_END_PERIOD",
    "SampleData",
    "Effects",
    "DEFAULT_EFFECTS",
    "generate",
    "write_sample",
    "cli_sample",
    "districts",
]

_PROVINCE_TOTAL = 60_000
_NATIONAL_TOTAL = 4_300_000
_NATIONAL_DISTRICTS = 514
_NATIONAL_PROVINCES = 38
#: Employees per district of a sample sized by ``--employees`` (the national average).
_EMPLOYEES_PER_DISTRICT = _NATIONAL_TOTAL // _NATIONAL_DISTRICTS
#: The smallest ``--employees``: below it the Binjai units alone exceed the target.
MIN_EMPLOYEES = 1_000


@dataclass(frozen=True)
class SampleData:
    """A generated dataset: one frame per contract table (raw NIPs) and the truth dict."""

    frames: dict[str, pd.DataFrame]
    truth: dict[str, object]


def districts(scale: Size, seed: int) -> list[District]:
    """The districts a scale generates, in order (the first is always Binjai).

    An integer ``scale`` is a number of employees N: up to 5,500 one Binjai-shaped city
    calibrated to N; above, Binjai plus districts of about :data:`_EMPLOYEES_PER_DISTRICT` staff in one province,
    sized like the national ones, so that the planned staff sum to N.
    """
    if scale == "city":
        return [District(0, "", "Kota Binjai", 5500, is_binjai=True)]
    if isinstance(scale, int) and scale <= 5500:
        return [District(0, "", "Kota Contoh", scale)]
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    if isinstance(scale, int):
        n = 1 + max(1, round((scale - 5500) / _EMPLOYEES_PER_DISTRICT))
        total, provinces = scale, 1 + (n - 1) // (_NATIONAL_DISTRICTS // _NATIONAL_PROVINCES)
    elif scale == "province":
        n, total, provinces = 12, _PROVINCE_TOTAL, 1
    elif scale == "national":
        n, total, provinces = _NATIONAL_DISTRICTS, _NATIONAL_TOTAL, _NATIONAL_PROVINCES
    else:
        raise ValueError(f"scale must be 'city', 'province' or 'national', not {scale!r}")
    sizes = rng.lognormal(0.0, 0.5, n)
    sizes = np.maximum(sizes / sizes.sum() * total, 1500.0)
    sizes[1:] *= (total - 5500) / sizes[1:].sum()
    sizes = np.rint(sizes).astype(int)
    sizes[0] = 5500
    prov_of = np.sort(np.arange(n) % provinces)
    out: list[District] = []
    counter: dict[int, int] = {}
    for i in range(n):
        p = 12 + int(prov_of[i])
        counter[p] = counter.get(p, 0) + 1
        if i == 0:
            out.append(District(0, "1275", "Kota Binjai", int(sizes[0]), is_binjai=True))
            continue
        code = f"{p:02d}{counter[p] + 1:02d}" if p != 12 or counter[p] + 1 != 75 else f"{p:02d}99"
        out.append(District(i, code, f"Kab/Kota {code}", int(sizes[i])))
    return out


def _iter_districts(
    scale: Size, seed: int, end_period: str, effects: Effects, pre_data_quarters: int = 0
) -> Iterator[tuple[District, DistrictResult, pd.DataFrame]]:
    quarters = sample_quarters(end_period)
    if pd.Period(quarters[-1], freq="Q-DEC").end_time.normalize() > SAMPLE_TODAY:
        raise ValueError(
            f"end_period {end_period} ends after the sample's today ({SAMPLE_TODAY.date()})"
        )
    programs = build_programs(np.random.default_rng(np.random.SeedSequence([seed, 1])), effects)
    registry = NipRegistry()
    panel_start = pd.Period(quarters[0], freq="Q-DEC").start_time.normalize()
    panel_end = pd.Period(quarters[-1], freq="Q-DEC").end_time.normalize()
    for d in districts(scale, seed):
        rng = np.random.default_rng(np.random.SeedSequence([seed, 2, d.index]))
        units = build_units(d, rng)
        employees = build_employees(units, rng, registry, panel_start, panel_end)
        result = simulate_district(d, units, employees, programs, effects, rng, quarters, pre_data_quarters)
        yield d, result, programs


def _check_args(scale: Size, seed: int, end_period: str) -> str:
    if isinstance(scale, bool) or not (
        scale in ("city", "province", "national") or isinstance(scale, int | np.integer)
    ):
        raise ValueError(f"scale must be 'city', 'province', 'national' or a number of employees, not {scale!r}")
    if isinstance(scale, int | np.integer) and scale < MIN_EMPLOYEES:
        raise ValueError(f"the number of employees must be at least {MIN_EMPLOYEES:,}, not {scale:,}")
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    return format_period(end_period)


def generate(
    scale: Size = "city",
    seed: int = 2026,
    end_period: str = DEFAULT_END_PERIOD,
    effects: Effects = DEFAULT_EFFECTS,
    pre_data_quarters: int = 0,
) -> SampleData:
    """Generate a sample in memory (city or province scale).

    Parameters
    ----------
    scale
        ``"city"`` (Binjai, about 5,300 ASN), ``"province"`` (about 60,000 ASN), or a
        number of employees (the planned staff; the generated roster is within a few
        percent of it).
        The national scale is too large for memory: use :func:`write_sample`.
    seed
        Seed of the ``numpy.random.Generator``; the same seed gives the same data.
    end_period
        Last quarter; twelve quarters up to it are generated (default 2026Q3).
    effects
        The planted effects (default :data:`DEFAULT_EFFECTS`).
    pre_data_quarters
        0 to 3: staff also trained in that many quarters before the first data quarter
        (not in the data, but in the true exposure behind the service metrics), so the
        data's first four-quarter windows are truncated as in a real extract
        (:func:`analysis.sample.simulate.simulate_district`). 0, the default, is the
        committed sample; with k > 0 ``truth.json`` says so under
        ``competency_service.pre_data_quarters``.

    Returns
    -------
    SampleData
        ``frames`` (table name -> DataFrame with the contract columns, raw NIPs) and
        ``truth`` (the content of ``truth.json``).
    """
    end_period = _check_args(scale, seed, end_period)
    if scale == "national":
        raise ValueError(
            "the national scale does not fit in memory: use write_sample(..., scale='national')"
        )
    builder = TruthBuilder(scale, seed, end_period, effects)
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    programs = None
    for _, result, progs in _iter_districts(scale, seed, end_period, effects, pre_data_quarters):
        programs = progs
        builder.add(result)
        for name, frame in result.frames.items():
            if name != "programs":
                parts[name].append(frame)
    builder.programs = programs
    frames = {name: pd.concat(p, ignore_index=True) for name, p in parts.items() if p}
    frames["programs"] = programs[list(TABLES["programs"].column_names)].reset_index(drop=True)
    builder.counts["programs"] = len(programs)
    frames = {name: frames[name] for name in TABLES}
    truth = builder.build()
    if pre_data_quarters:
        truth["competency_service"]["pre_data_quarters"] = pre_data_quarters  # type: ignore[index]
    return SampleData(frames=frames, truth=truth)


# ---------------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------------


def _csv_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Contract columns, as text exactly as written (dates ISO, money whole rupiah)."""
    out = pd.DataFrame(index=frame.index)
    for col in TABLES[name].columns:
        if col.name not in frame:
            continue
        v = frame[col.name]
        if col.type == "date":
            out[col.name] = pd.to_datetime(v).dt.strftime("%Y-%m-%d")
        elif col.type == "money" or col.type == "int":
            out[col.name] = pd.to_numeric(v).round().astype("Int64")
        elif col.type == "bool":
            out[col.name] = np.where(v.astype(bool), "true", "false")
        elif col.type == "float":
            out[col.name] = pd.to_numeric(v).astype(float).round(2)
        else:
            out[col.name] = v
    return out


def _arrow_table(name: str, frame: pd.DataFrame):  # noqa: ANN202 - pyarrow imported lazily
    import pyarrow as pa

    types = {
        "id": pa.string(),
        "text": pa.string(),
        "code": pa.string(),
        "nip": pa.string(),
        "period": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "money": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
    }
    arrays, fields = [], []
    for col in TABLES[name].columns:
        if col.name not in frame:
            continue
        v = frame[col.name]
        t = types[col.type]
        if col.type == "date":
            days = pd.to_datetime(v).to_numpy().astype("datetime64[D]")
            arr = pa.array(days, type=t, from_pandas=True)
        elif col.type == "int":
            whole = pd.to_numeric(v).round().astype("Int64")
            arr = pa.array(
                whole.to_numpy(dtype=np.int64, na_value=0), type=t, mask=whole.isna().to_numpy()
            )
        elif col.type in ("float", "money"):
            arr = pa.array(pd.to_numeric(v).astype(float).to_numpy(), type=t, from_pandas=True)
        elif col.type == "bool":
            arr = pa.array(v.astype(bool).to_numpy(), type=t)
        else:
            arr = pa.array(v, type=t, from_pandas=True)
        arrays.append(arr)
        fields.append(pa.field(col.name, t))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


class _PartWriter:
    """Parquet part files ``<table>/part-00001.parquet``, a new part every ``rows_per_part`` rows."""

    def __init__(self, out: Path, rows_per_part: int = 2_000_000) -> None:
        self.out, self.rows_per_part = out, rows_per_part
        self.writers: dict[str, object] = {}
        self.rows: dict[str, int] = {}
        self.parts: dict[str, int] = {}

    def write(self, name: str, frame: pd.DataFrame) -> None:
        import pyarrow.parquet as pq

        if len(frame) == 0:
            return
        table = _arrow_table(name, frame)
        if name not in self.writers or self.rows[name] >= self.rows_per_part:
            self._close(name)
            self.parts[name] = self.parts.get(name, 0) + 1
            folder = self.out / name
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"part-{self.parts[name]:05d}.parquet"
            self.writers[name] = pq.ParquetWriter(path, table.schema, compression="zstd")
            self.rows[name] = 0
        self.writers[name].write_table(table)  # type: ignore[attr-defined]
        self.rows[name] += len(frame)

    def _close(self, name: str) -> None:
        w = self.writers.pop(name, None)
        if w is not None:
            w.close()  # type: ignore[attr-defined]

    def close(self) -> None:
        for name in list(self.writers):
            self._close(name)


def _write_truth(truth: dict[str, object], out: Path) -> None:
    (out / "truth.json").write_text(
        json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def write_csv(data: SampleData, out: str | Path) -> list[Path]:
    """Write one CSV per table (UTF-8, ``,``, ISO dates) and ``truth.json`` into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in data.frames.items():
        path = out / f"{name}.csv"
        _csv_frame(name, frame).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(path)
    _write_truth(data.truth, out)
    written.append(out / "truth.json")
    return written


def write_sample(
    out: str | Path,
    scale: Size = "city",
    seed: int = 2026,
    end_period: str = DEFAULT_END_PERIOD,
    effects: Effects = DEFAULT_EFFECTS,
    *,
    max_districts: int | None = None,
    fmt: Literal["csv", "parquet"] | None = None,
) -> Path:
    """Generate a sample and write it to ``out`` (created; must be empty or absent).

    The city scale is written as CSV (one file per table); province and national as
    Parquet part files ``<table>/part-00001.parquet``, generated district by district
    so memory stays bounded by one district. ``truth.json`` goes next to the data.
    ``max_districts`` limits the districts (a small national-format test run).
    """
    end_period = _check_args(scale, seed, end_period)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: choose a new folder for the sample")
    fmt = fmt or ("csv" if scale == "city" else "parquet")
    if fmt == "csv" and max_districts is None and scale != "national":
        write_csv(generate(scale, seed, end_period, effects), out)
        return out
    out.mkdir(parents=True, exist_ok=True)
    builder = TruthBuilder(scale, seed, end_period, effects)
    writer = _PartWriter(out)
    programs = None
    try:
        for i, (_, result, progs) in enumerate(_iter_districts(scale, seed, end_period, effects)):
            if max_districts is not None and i >= max_districts:
                break
            programs = progs
            builder.add(result)
            for name, frame in result.frames.items():
                if name != "programs":
                    writer.write(name, frame)
        if programs is None:
            raise ValueError("no district was generated")
        writer.write("programs", programs)
        builder.counts["programs"] = len(programs)
    finally:
        writer.close()
    builder.programs = programs
    truth = builder.build()
    if max_districts is not None:
        truth["max_districts"] = max_districts
    _write_truth(truth, out)
    return out


def cli_sample(args: argparse.Namespace) -> int:
    """``kompetensi sample``: write a sample to ``--out``; prints what was written."""
    end_period = getattr(args, "end_period", None) or DEFAULT_END_PERIOD
    try:
        size = args.employees if getattr(args, "employees", None) is not None else args.scale
        out = write_sample(args.out, scale=size, seed=args.seed, end_period=end_period)
    except (ValueError, FileExistsError) as exc:
        print(f"kompetensi sample: {exc}", file=sys.stderr)
        return 2
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    rows = truth["rows"]
    print(
        f"Sample ({truth['scale']}, seed {args.seed}, {truth['first_period']}..{truth['end_period']}) written to {out}"
    )
    for name, n in rows.items():
        print(f"  {name:<16} {n:>12,} rows")
    print("  truth.json       planted effects")
    return 0
