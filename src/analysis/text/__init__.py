"""The language layer: everything a reader reads goes through here.

- :mod:`analysis.text.lang`: the ``Lang`` type, :func:`check_lang`, and :func:`t` to
  pick the Indonesian or English text;
- :mod:`analysis.text.words`: shared vocabulary pairs (CI label, "not enough data",
  verdict words);
- :mod:`analysis.text.fmt`: numbers, percentages, money, dates and periods per language;
- :mod:`analysis.text.phrases`: builders (estimate with interval, verdict in words).

Whether a difference is clear, and the minimum n, are decided once in
:mod:`analysis.stats.verdict`; this layer only says it in words.
"""

from analysis.text.lang import LANGS, Lang, check_lang, pick, t

__all__ = ["LANGS", "Lang", "check_lang", "pick", "t"]
