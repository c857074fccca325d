"""Every message of the validator and the file checks, in Bahasa Indonesia and English.

A problem is recorded as a :class:`Message`: a code from :data:`CATALOGUE` and its
parameters. It *is* its English text (a ``str``), so code that groups, compares or
prints messages keeps working, and it renders in either language at the edge
(``kompetensi validate --lang id``, the report's issue list) with :meth:`Message.text`
or :func:`render`. A parameter may itself be a :class:`Message` (a hint inside a
sentence); it is rendered in the same language.

This module sits in the data layer, below :mod:`analysis.text`, so it carries its own
two-language table (:data:`~analysis.data.catalogue.CATALOGUE`); templates are
``str.format`` strings, Indonesian first, and both languages of a code name the same
placeholders (tested). Numbers in Indonesian text take Indonesian separators
(``{n:,}`` of 1234 is ``1.234``; ``2.5`` is ``2,5``).
"""

from __future__ import annotations

import numbers
import string
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from analysis.data.catalogue import CATALOGUE

__all__ = ["CATALOGUE", "Lang", "Message", "counted", "from_json", "indonesian_number", "listed_rows", "number_text", "placeholders",
           "render", "say", "to_json"]

Lang = Literal["id", "en"]



def placeholders(template: str) -> set[str]:
    """The field names of a ``str.format`` template (``{n:,}`` -> ``n``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def indonesian_number(text: str) -> str:
    """A number written the English way (``1,234.5``) written the Indonesian way (``1.234,5``)."""
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


class _IndonesianFormatter(string.Formatter):
    """``str.format`` whose numbers take Indonesian separators: ``{n:,}`` of 1234 is ``1.234``,
    ``{x:.1f}`` of 2.5 is ``2,5`` (the same rule as :func:`analysis.text.fmt.number`)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return indonesian_number(text)
        return text


_INDONESIAN = _IndonesianFormatter()


def number_text(value: float, lang: Lang | str = "en", spec: str = ",") -> str:
    """``value`` formatted by ``spec`` with the separators of ``lang`` (``1,234`` / ``1.234``)."""
    text = format(value, spec)
    return indonesian_number(text) if lang == "id" else text


def _render(code: str, params: Mapping[str, Any], lang: Lang) -> str:
    template = CATALOGUE[code][0 if lang == "id" else 1]
    values = {k: (v.text(lang) if isinstance(v, Message) else v) for k, v in params.items()}
    return _INDONESIAN.vformat(template, (), values) if lang == "id" else template.format(**values)


class Message(str):
    """A catalogue message: its English text as a ``str``, plus ``code`` and ``params``.

    >>> m = Message("table_no_rows", file="budget.csv")
    >>> str(m)
    'budget.csv has a header but no rows: export it again with its rows'
    >>> m.text("id")
    'budget.csv punya judul kolom tetapi tidak ada baris: ekspor ulang dengan barisnya'
    """

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, /, **params: Any) -> Message:
        if code not in CATALOGUE:
            raise KeyError(f"unknown message code {code!r}")
        obj = super().__new__(cls, _render(code, params, "en"))
        obj.code = code
        obj.params = dict(params)
        return obj

    def text(self, lang: Lang | str = "en") -> str:
        """The message in ``lang`` (``"id"`` or ``"en"``)."""
        return _render(self.code, self.params, "id" if lang == "id" else "en")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.code, self.params))


def _rebuild(code: str, params: dict[str, Any]) -> Message:
    return Message(code, **params)


def say(code: str, lang: Lang | str = "en", /, **params: Any) -> str:
    """The text of ``code`` with ``params`` in ``lang`` (a :class:`Message` rendered at once)."""
    return Message(code, **params).text(lang)


def counted(stem: str, n: int, lang: Lang | str = "en") -> str:
    """``{stem}_one`` or ``{stem}_many`` by ``n`` (English plural; Indonesian has one form)."""
    return say(f"{stem}_one" if n == 1 else f"{stem}_many", lang, n=n)


def listed_rows(rows: Sequence[object], limit: int) -> str | Message:
    """Row numbers as a list: the first ``limit``, then ``..., and N more`` in the reader's language."""
    shown = ", ".join(str(r) for r in rows[:limit])
    return Message("rows_and_more", rows=shown, n=len(rows) - limit) if len(rows) > limit else shown


def to_json(message: object) -> object:
    """A JSON-ready form of ``message`` that :func:`from_json` turns back into it (plain text stays text)."""
    if not isinstance(message, Message):
        return str(message)
    return {"code": message.code, "params": {k: to_json(v) if isinstance(v, Message) else v
                                              for k, v in message.params.items()}}


def from_json(value: object) -> str:
    """The :class:`Message` (or text) :func:`to_json` wrote; an unknown code falls back to nothing lost:
    plain text is returned as is."""
    if not isinstance(value, dict):
        return str(value)
    params = {k: from_json(v) if isinstance(v, dict) else v for k, v in value["params"].items()}
    return Message(value["code"], **params)


def render(message: object, lang: Lang | str = "en") -> str:
    """``message`` in ``lang`` when it is a :class:`Message`, else its text unchanged."""
    return message.text(lang) if isinstance(message, Message) else str(message)
