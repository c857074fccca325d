"""``kompetensi init DIR``: a working project folder for a city, outside any checkout.

The folder holds what the city owns and what analysts open::

    DIR/
      README.md          how to validate the data and build the report (in --lang)
      config/            copies of the package's configuration files, to edit
                         (read by ``kompetensi report --config config``)
      data/              the city's exports go here; data/sample links to the bundled sample
      notebooks/         copies of the analysis notebooks, for analysts to open in JupyterLab
      reports/           where ``kompetensi report --out reports`` publishes

The report itself always runs the notebooks shipped with the package, so an edited
copy never changes the published numbers.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from analysis.data.config import CONFIG_FILES
from analysis.data.paths import CONFIG_DIR, NOTEBOOKS_DIR, SAMPLE_DIR
from analysis.report.kernel import KERNEL_NAME
from analysis.text.lang import Lang, check_lang, pick

__all__ = ["README", "cli_init", "init_project"]

#: The folder's README, ``{kernel}`` the project's kernel name.
README: tuple[str, str] = (
    """# Evaluasi pengembangan kompetensi ASN

Folder kerja yang dibuat oleh `kompetensi init`.

1. Taruh ekspor data kota di `data/` (satu folder per triwulan, misalnya `data/2026Q3/`);
   contoh data ada di `data/sample/`.
2. Periksa data: `kompetensi validate data/2026Q3`
3. Buat laporan: `kompetensi report --data data/2026Q3 --config config --out reports`
4. Buka `reports/index.html`: daftar semua triwulan, laporan PDF, bahan presentasi dan tabel.

Target, anggaran dan aturan kerahasiaan kota ada di `config/` (diperiksa setiap kali laporan
dibuat; kesalahan disebut dengan nama berkas dan nomor barisnya).

Notebook di `notebooks/` dapat dibuka di JupyterLab (`jupyter lab notebooks/`) dengan kernel
`{kernel}`. Laporan selalu memakai notebook yang terpasang bersama paket, sehingga salinan
yang diubah tidak mengubah angka yang diterbitkan.
""",
    """# ASN competency-development evaluation

A working folder made by `kompetensi init`.

1. Put the city's data exports in `data/` (one folder per quarter, e.g. `data/2026Q3/`);
   an example is in `data/sample/`.
2. Check the data: `kompetensi validate data/2026Q3`
3. Build the report: `kompetensi report --data data/2026Q3 --config config --out reports --lang en`
   (English reports go to `reports/en/`).
4. Open `reports/index.html`: every quarter, the PDF briefs, the slide decks and the tables.

The city's targets, budget policy and disclosure rules are in `config/` (checked on every
run; a mistake is reported with its file and line).

The notebooks in `notebooks/` open in JupyterLab (`jupyter lab notebooks/`) with the kernel
`{kernel}`. The report always runs the notebooks installed with the package, so an edited
copy never changes the published numbers.
""",
)


def init_project(target: Path, lang: Lang = "id") -> list[Path]:
    """Create the project folder ``target`` (see the module docstring); the files written.

    Raises
    ------
    FileExistsError
        When ``target`` exists and is not empty (nothing is overwritten).
    """
    lang = check_lang(lang)
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} exists and is not empty; choose a new folder")
    written: list[Path] = []
    for sub in ("config", "data", "notebooks", "reports"):
        (target / sub).mkdir(parents=True, exist_ok=True)
    for name in CONFIG_FILES:
        if (CONFIG_DIR / name).is_file():
            written.append(Path(shutil.copy2(CONFIG_DIR / name, target / "config" / name)))
    for notebook in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        written.append(Path(shutil.copy2(notebook, target / "notebooks" / notebook.name)))
    sample = target / "data" / "sample"
    try:
        sample.symlink_to(SAMPLE_DIR, target_is_directory=True)
    except OSError:  # no symlinks (e.g. some Windows set-ups): a copy
        shutil.copytree(SAMPLE_DIR, sample)
    written.append(sample)
    readme = target / "README.md"
    readme.write_text(pick(lang, README).format(kernel=KERNEL_NAME), encoding="utf-8")
    written.append(readme)
    return written


def cli_init(args: Any) -> int:
    """``kompetensi init DIR``: 0 made, 2 when the folder is not empty."""
    target = Path(args.dir).expanduser().resolve()
    try:
        written = init_project(target, args.lang)
    except FileExistsError as exc:
        print(f"kompetensi init: {exc}", file=sys.stderr)
        return 2
    print(f"{target}: {len(written)} files; next: cd {args.dir} && kompetensi validate data/sample")
    return 0
