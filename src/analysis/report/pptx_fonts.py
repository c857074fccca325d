"""Embedding a TrueType font in a PowerPoint file, so the deck shows the theme's font anywhere.

PowerPoint keeps embedded fonts as parts ``/ppt/fonts/fontN.fntdata`` (content type
``application/x-fontdata``) in Embedded OpenType (EOT) containers, listed in
``<p:embeddedFontLst>`` of ``presentation.xml`` (ECMA-376 Part 1, 19.2.1.9-10; [MS-OI29500]
2.1.1133: each typeface once, and only fonts the presentation uses). python-pptx has no
API for this, so :func:`embed_font` adds the parts and the XML itself.

The font is first subset with fontTools to the characters the deck needs plus Latin-1,
general punctuation and a few symbols (so a presenter can still edit a number), then
wrapped in an EOT header, version 0x00020001, without compression or XOR obfuscation
(W3C Member Submission "Embedded OpenType (EOT) File Format", 2008).

Viewers: PowerPoint for Windows and for Mac (16.17 and later) use embedded fonts;
LibreOffice reads them from version 24.8 on; older viewers substitute a sans-serif,
for which the text was fitted with spare width (:mod:`analysis.report.textfit`).
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.report.fonts import write_cached

#: Relationship type of an embedded font part.
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
#: Content type of an embedded font part.
CT_FONTDATA = "application/x-fontdata"
EOT_VERSION = 0x00020001
EOT_MAGIC = 0x504C
#: Header fields between the first four ULONGs and the names: PANOSE .. Reserved4.
_FIXED = "<10sBBIHH" + "I" * 11
_BASE_UNICODES: tuple[int, ...] = (
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2000, 0x2070),
    0x20AC, 0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x2248, 0x2264, 0x2265, 0x25A0, 0x25B2, 0x25BC,
)


def subset_font(path: Path, text: str = "") -> bytes:
    """The TrueType font at ``path`` subset to Latin text plus the characters of ``text`` (bytes).

    Subsetting a face takes seconds (its layout tables are large), so the result is
    cached for the process, keyed by the file and the characters beyond the Latin set.
    """
    extra = "".join(sorted({c for c in text if ord(c) not in _BASE_SET}))
    return _subset(str(path), extra)


_BASE_SET = frozenset(_BASE_UNICODES)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kompetensi" / "fonts"


@lru_cache(maxsize=8)
def _subset(path: str, extra: str) -> bytes:
    """Subset once per process, and keep the result on disk (keyed by the file's size and time and
    the characters) so later runs read it; an unwritable cache is simply not used."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    stat = Path(path).stat()
    key = hashlib.sha256(f"{Path(path).name}|{stat.st_size}|{stat.st_mtime_ns}|{extra}|ttf1".encode()).hexdigest()[:20]
    cached = _cache_dir() / f"{Path(path).stem}-{key}.ttf"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({*_BASE_UNICODES, *(ord(c) for c in extra)}))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return write_cached(cached, buffer.getvalue())


def _name(font: Any, name_id: int) -> str:
    record = font["name"].getName(name_id, 3, 1, 0x409) or font["name"].getName(name_id, 1, 0, 0)
    return str(record) if record is not None else ""


def _utf16(text: str) -> bytes:
    data = text.encode("utf-16-le")
    return struct.pack("<H", len(data)) + data


def eot(font_data: bytes) -> bytes:
    """Wrap TrueType bytes in an EOT 0x00020001 header (no compression, no XOR).

    Header fields (little-endian): EOTSize, FontDataSize, Version, Flags (0), PANOSE,
    Charset (1, default), Italic, Weight, fsType, MagicNumber 0x504C, UnicodeRange1-4,
    CodePageRange1-2, CheckSumAdjustment, Reserved1-4 (0), then padded UTF-16LE family,
    style, version and full names and an empty root string, then the font data.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_data))
    os2, head = font["OS/2"], font["head"]
    panose = os2.panose
    panose_bytes = bytes([panose.bFamilyType, panose.bSerifStyle, panose.bWeight, panose.bProportion,
                          panose.bContrast, panose.bStrokeVariation, panose.bArmStyle, panose.bLetterForm,
                          panose.bMidline, panose.bXHeight])
    fixed = struct.pack(
        _FIXED,
        panose_bytes,
        1,  # DEFAULT_CHARSET
        1 if os2.fsSelection & 1 else 0,
        os2.usWeightClass,
        os2.fsType,
        EOT_MAGIC,
        os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3, os2.ulUnicodeRange4,
        getattr(os2, "ulCodePageRange1", 0), getattr(os2, "ulCodePageRange2", 0),
        head.checkSumAdjustment,
        0, 0, 0, 0,
    )
    names = b"".join(
        struct.pack("<H", 0) + _utf16(_name(font, name_id)) for name_id in (1, 2, 5, 4)
    ) + struct.pack("<H", 0) + struct.pack("<H", 0)  # Padding5, RootStringSize = 0
    header_size = 4 * 4 + len(fixed) + len(names)
    size = header_size + len(font_data)
    return struct.pack("<IIII", size, len(font_data), EOT_VERSION, 0) + fixed + names + font_data


def read_eot(data: bytes) -> dict[str, Any]:
    """The header fields and font data of an EOT made by :func:`eot` (used to check it)."""
    size, data_size, version, flags = struct.unpack_from("<IIII", data, 0)
    magic = struct.unpack_from("<H", data, 16 + 10 + 1 + 1 + 4 + 2)[0]
    offset = 16 + struct.calcsize(_FIXED)
    names = []
    for _ in range(4):
        offset += 2
        (length,) = struct.unpack_from("<H", data, offset)
        offset += 2
        names.append(data[offset:offset + length].decode("utf-16-le"))
        offset += length
    offset += 2
    (root,) = struct.unpack_from("<H", data, offset)
    offset += 2 + root
    return {"size": size, "font_data_size": data_size, "version": version, "flags": flags, "magic": magic,
            "family": names[0], "style": names[1], "version_name": names[2], "full_name": names[3],
            "font_data": data[offset:]}


def _panose_hex(font_data: bytes) -> str:
    from fontTools.ttLib import TTFont

    p = TTFont(io.BytesIO(font_data))["OS/2"].panose
    values = (p.bFamilyType, p.bSerifStyle, p.bWeight, p.bProportion, p.bContrast, p.bStrokeVariation,
              p.bArmStyle, p.bLetterForm, p.bMidline, p.bXHeight)
    return "".join(f"{v:02X}" for v in values)


def embed_font(prs: Any, family: str, faces: dict[str, Path], text: Iterable[str] = ()) -> str:
    """Embed ``faces`` (``{"regular": path, "bold": path, ...}``) of ``family`` in a python-pptx Presentation.

    Returns the family's PANOSE as hex (for ``<a:latin panose=...>`` on runs, which helps
    viewers that cannot use the embedded font pick a similar one).
    """
    from lxml import etree
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI
    from pptx.oxml.ns import qn

    chars = "".join(text)
    pres_part = prs.part
    pres = pres_part._element
    existing = pres.find(qn("p:embeddedFontLst"))
    if existing is None:
        existing = etree.SubElement(pres, qn("p:embeddedFontLst"))
        anchor = pres.find(qn("p:notesSz"))
        for tag in ("p:smartTags",):
            later = pres.find(qn(tag))
            if later is not None:
                anchor = later
        if anchor is not None:
            anchor.addnext(existing)
    entry = etree.SubElement(existing, qn("p:embeddedFont"))
    font_el = etree.SubElement(entry, qn("p:font"))
    panose = ""
    number = 1 + sum(1 for p in pres_part.package.iter_parts() if str(p.partname).startswith("/ppt/fonts/"))
    for style in ("regular", "bold", "italic", "boldItalic"):
        path = faces.get(style)
        if path is None:
            continue
        data = subset_font(Path(path), chars)
        panose = panose or _panose_hex(data)
        part = Part(PackURI(f"/ppt/fonts/font{number}.fntdata"), CT_FONTDATA, pres_part.package, eot(data))
        number += 1
        rid = pres_part.relate_to(part, RT_FONT)
        etree.SubElement(entry, qn(f"p:{style}")).set(qn("r:id"), rid)
    font_el.set("typeface", family)
    font_el.set("panose", panose)
    font_el.set("pitchFamily", "34")
    font_el.set("charset", "0")
    pres.set("embedTrueTypeFonts", "1")
    pres.set("saveSubsetFonts", "1")
    return panose


__all__ = ["CT_FONTDATA", "RT_FONT", "embed_font", "eot", "read_eot", "subset_font"]
