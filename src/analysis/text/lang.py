"""The reader's language: one type, one check, one switch.

Every sentence, label and heading a reader sees exists in Bahasa Indonesia (``"id"``,
the default: leadership reads Indonesian) and English (``"en"``). Code picks the
language's text with :func:`t`; nothing else in the package compares ``lang`` to a
literal.
"""

from __future__ import annotations

from typing import Literal, TypeVar

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")

T = TypeVar("T")


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if supported, else raise a ValueError naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")
    return lang  # type: ignore[return-value]


def t(lang: Lang | str, id_text: T, en_text: T) -> T:
    """The Indonesian or the English version of a text (or of any pair of values).

    ``t(lang, "Kota", "City")``. Pairs are always written Indonesian first.
    """
    return id_text if check_lang(lang) == "id" else en_text


def pick(lang: Lang | str, pair: tuple[T, T]) -> T:
    """One side of an ``(id, en)`` pair from a message catalogue."""
    return t(lang, pair[0], pair[1])
