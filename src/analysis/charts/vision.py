"""Colour checks for readers with colour-vision deficiency and for grey print.

:func:`simulate` shows a colour as a protanope, deuteranope or tritanope sees it
(Machado, Oliveira & Fernandes 2009, severity 1, applied in linear sRGB);
:func:`delta_e` is the CIE76 distance in CIELAB (D65), where about 10 is a difference
anyone notices at a glance; :func:`lightness` is CIELAB L*, what a grey print keeps.
:func:`palette_problems` lists the pairs of a palette that become hard to tell apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np

__all__ = ["KINDS", "contrast_ratio", "delta_e", "lightness", "palette_problems", "readable_text", "simulate",
           "to_lab"]

#: Machado et al. (2009) matrices for full dichromacy, on linear RGB.
_MACHADO: dict[str, np.ndarray] = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
#: The ways of seeing a palette is checked for: normal vision and the three dichromacies.
KINDS: tuple[str, ...] = ("normal", *_MACHADO)
_WHITE = np.array([0.95047, 1.0, 1.08883])
_RGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])


def _linear(hex_colour: str) -> np.ndarray:
    value = hex_colour.lstrip("#")
    srgb = np.array([int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def simulate(hex_colour: str, kind: str) -> np.ndarray:
    """The colour as seen with ``kind`` (one of :data:`KINDS`), in linear RGB clipped to 0..1."""
    rgb = _linear(hex_colour)
    if kind == "normal":
        return rgb
    if kind not in _MACHADO:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    return np.clip(_MACHADO[kind] @ rgb, 0.0, 1.0)


def to_lab(linear_rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a linear-RGB colour."""
    xyz = (_RGB_TO_XYZ @ linear_rgb) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, kind: str = "normal") -> float:
    """CIE76 colour difference of two hex colours as a reader with ``kind`` vision sees them."""
    return float(np.linalg.norm(to_lab(simulate(a, kind)) - to_lab(simulate(b, kind))))


def lightness(hex_colour: str) -> float:
    """CIELAB L* (0 black .. 100 white): the grey a colour prints as."""
    return float(to_lab(_linear(hex_colour))[0])


def palette_problems(colours: Sequence[str], min_delta_e: float = 10.0) -> list[tuple[str, str, str, float]]:
    """Pairs of ``colours`` closer than ``min_delta_e`` for some way of seeing (:data:`KINDS`):
    ``(colour, colour, kind, distance)``; empty when every pair stays apart for every reader."""
    found = []
    for a, b in combinations(colours, 2):
        for kind in KINDS:
            d = delta_e(a, b, kind)
            if d < min_delta_e:
                found.append((a, b, kind, round(d, 1)))
    return found


def _luminance(hex_colour: str) -> float:
    return float(np.array([0.2126, 0.7152, 0.0722]) @ _linear(hex_colour))


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio (1..21); text needs at least 4.5 (WCAG AA, normal size)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_text(colour: str, background: str = "#FFFFFF", min_ratio: float = 4.5) -> str:
    """``colour`` darkened in steps of 5% until text in it reaches ``min_ratio`` on ``background``
    (the same hue, so a green verdict stays green but is readable)."""
    value = colour.lstrip("#")
    rgb = np.array([int(value[i:i + 2], 16) for i in (0, 2, 4)], dtype=float)
    shade = colour
    for _ in range(40):
        shade = "#" + "".join(f"{int(round(c)):02X}" for c in rgb)
        if contrast_ratio(shade, background) >= min_ratio:
            return shade
        rgb *= 0.95
    return shade
