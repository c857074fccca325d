"""Pictures of a deck's slides, rendered by LibreOffice Impress, for a visual check.

``soffice --headless --convert-to pdf`` lays the deck out as Impress shows it, and
``pdftoppm`` (poppler-utils) turns each page into a PNG. Both are Debian packages that
``scripts/system-deps.sh`` installs (``libreoffice-impress``, ``poppler-utils``);
:func:`missing_tools` says which are absent so a test can skip with that reason.

LibreOffice before 24.8 does not read fonts embedded in a PPTX, so the deck's font files
(Source Sans Pro, from the ``font-source-sans-pro`` package) are handed to it through a
private fontconfig data folder for the run: the pictures show the font PowerPoint shows.
Each run uses its own LibreOffice profile in a temporary folder, so runs do not collide
with each other or with a LibreOffice the user has open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.charts.theme import font_files


def soffice() -> str | None:
    """The LibreOffice program (``soffice`` or ``libreoffice``), or ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_tools() -> list[str]:
    """The programs :func:`render_png` needs and this machine lacks, with their Debian package."""
    missing = []
    if soffice() is None:
        missing.append("soffice (Debian package libreoffice-impress)")
    if shutil.which("pdftoppm") is None:
        missing.append("pdftoppm (Debian package poppler-utils)")
    return missing


def render_pdf(deck: str | Path, out_dir: str | Path, *, timeout: float = 240.0) -> Path:
    """Convert a deck to PDF with LibreOffice headless; returns the PDF's path."""

    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice is not installed (Debian package libreoffice-impress)")
    deck = Path(deck).resolve()
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kompetensi-soffice-") as tmp:
        home = Path(tmp)
        fonts = home / "data" / "fonts"
        fonts.mkdir(parents=True)
        for path in font_files():
            shutil.copy2(path, fonts / path.name)
        env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
               "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config")}
        done = subprocess.run(
            [program, f"-env:UserInstallation=file://{home / 'profile'}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out), str(deck)],
            env=env, capture_output=True, text=True, timeout=timeout, check=False,
        )
    pdf = out / f"{deck.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"LibreOffice could not convert {deck.name}: {done.stderr.strip() or done.stdout.strip()}")
    return pdf


def render_png(deck: str | Path, out_dir: str | Path, *, dpi: int = 72, timeout: float = 240.0) -> list[Path]:
    """Every slide of ``deck`` as ``<out_dir>/<deck>-<n>.png`` (LibreOffice, then pdftoppm), in order."""
    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm is not installed (Debian package poppler-utils)")
    out = Path(out_dir)
    pdf = render_pdf(deck, out, timeout=timeout)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / pdf.stem)],
                   check=True, capture_output=True, timeout=timeout)
    return sorted(out.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


__all__ = ["missing_tools", "render_pdf", "render_png", "soffice"]
