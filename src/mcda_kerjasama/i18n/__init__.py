"""Every text a person reads, by key, in each language: Bahasa Indonesia by default,
English by option.

Each language is one table of messages, ``<code>.toml`` in this package (declared data:
a new language is a new table), read through its compiled copy (``compiled.json``, like
gettext's ``.mo`` files) so that ``kerjasama --help`` stays as quick as click alone;
:func:`text` renders a message with its parameters, and :class:`Msg`, :class:`Money` and
:class:`Number` carry a message or an amount until it is rendered in the reader's
language. Numbers and money are formatted by :mod:`mcda_kerjasama.amounts`.

Example:
    >>> text("loc_row", "id", row=14)
    'baris 14'
    >>> text("loc_row", "en", row=14)
    'row 14'
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from mcda_kerjasama.language import DEFAULT, LANGUAGES, Language

__all__ = [
    "LANGUAGES",
    "Language",
    "Localised",
    "Money",
    "Msg",
    "Number",
    "catalogue",
    "closest_hint",
    "text",
]


@cache
def catalogue(lang: Language) -> Mapping[str, str]:
    """Every message of one language, by key: the language's table, ``<code>.toml``
    beside this module (read once). A language is its table: adding one is a file here
    and its code in :mod:`mcda_kerjasama.language`.

    The tables are parsed once, when they change, into ``compiled.json`` (``python -m
    mcda_kerjasama.i18n.compile``); a table whose bytes no longer match its compiled copy
    is parsed here instead, so an edit shows at once, only slower.

    Example:
        >>> catalogue("en")["loc_row"], catalogue("id")["loc_row"]
        ('row {row}', 'baris {row}')
    """
    if lang not in LANGUAGES:
        raise KeyError(f"no language {lang!r}; known: {', '.join(LANGUAGES)}")
    with open(table_path(lang), "rb") as handle:
        source = handle.read()
    stored = _compiled().get(lang, {})
    if stored.get("source") == table_digest(source):
        return MappingProxyType(stored["messages"])
    return MappingProxyType(parse_table(source))


@cache
def _compiled() -> dict[str, Any]:
    import json

    try:
        with open(COMPILED, "rb") as handle:
            return dict(json.loads(handle.read()))
    except (OSError, ValueError):
        return {}


#: the compiled copy of every table (written by ``python -m mcda_kerjasama.i18n.compile``)
COMPILED = os.path.join(os.path.dirname(__file__), "compiled.json")


def table_path(lang: str) -> str:
    """The message table of ``lang`` (``<code>.toml`` beside this module); plain
    :mod:`os.path`, as :mod:`pathlib` would cost ``kerjasama --help`` its import."""
    return os.path.join(os.path.dirname(__file__), f"{lang}.toml")


def table_digest(source: bytes) -> str:
    """The fingerprint a compiled table keeps of the table it was made from (its size
    and CRC-32: enough to notice an edit, and quick to take)."""
    return f"{len(source)}:{zlib.crc32(source):08x}"


def parse_table(source: bytes) -> dict[str, str]:
    """The messages of a table's bytes."""
    import tomllib

    return dict(tomllib.loads(source.decode("utf-8"))["messages"])


@dataclass(frozen=True)
class Msg:
    """A message not yet rendered: a catalogue key and its parameters.

    Used as a parameter of another message (a hint, a list of reasons) so that the whole
    text is rendered in one language when it is shown.

    Example:
        >>> text("key_unknown", "en", hint=Msg("key_hint", {"candidate": "solver"}))
        'unknown key; did you mean `solver`?'
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: Language = "id") -> str:
        """This message in ``lang``."""
        return text(self.key, lang, **self.params)


def text(key: str, lang: Language = "id", /, **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in.

    Unused parameters are ignored, so a caller can pass everything it knows. Parameters
    that are :class:`Msg` (or lists of them) are rendered in the same language.

    Example:
        >>> text("duration_range", "en", value=7)
        'duration 7 years is outside 1-5 years'
    """
    try:
        template = catalogue(lang)[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the catalogue") from None
    rendered = {name: _render(value, lang) for name, value in params.items()}
    return template.format_map(_Defaults(rendered))


@dataclass(frozen=True)
class Money:
    """A rupiah amount inside a message, written per language (``Rp 1,5 M``).

    Example:
        >>> text("reason_budget", "id", year=2026, remaining=Money(2e8), need=Money(1.1e9))
        'cadangan: tidak muat dalam anggaran 2026 (sisa Rp 200 jt, biaya Rp 1,1 M)'
    """

    value: float


@dataclass(frozen=True)
class Number:
    """A number inside a message, written per language (``78,25``)."""

    value: float
    decimals: int = 2


@dataclass(frozen=True)
class Localised:
    """A text the input gives in several languages (a criterion's label), shown in the
    reader's language, else in the default one.

    Example:
        >>> name = Localised({"id": "Keberlanjutan", "en": "Sustainability"})
        >>> text("compare_contribution", "en", label=name, a=1, b=2, wa=0.1, wb=0.2)
        'Sustainability 1 -> 2 (weight 0.1 -> 0.2)'
    """

    texts: Mapping[str, str]

    def render(self, lang: Language) -> str:
        """The text in ``lang``."""
        return self.texts.get(lang) or self.texts.get(DEFAULT) or next(iter(self.texts.values()))


def _render(value: Any, lang: Language) -> Any:
    # amounts (numpy, pandas) loads on the first amount rendered, not with the messages:
    # `kerjasama --help` reads the message tables and must stay as fast as click alone
    from mcda_kerjasama.amounts import format_number, format_rupiah_short

    if isinstance(value, Msg | Localised):
        return value.render(lang)
    if isinstance(value, Money):
        return format_rupiah_short(value.value, lang)
    if isinstance(value, Number):
        return format_number(value.value, value.decimals, lang)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Msg) for v in value):
        return "; ".join(v.render(lang) for v in value)
    return value


class _Defaults(dict[str, Any]):
    """An optional ``hint`` placeholder renders as empty text; any other missing one fails."""

    def __missing__(self, key: str) -> str:
        if key == "hint":
            return ""
        raise KeyError(f"message parameter {key!r} not given")


def closest_hint(word: str, known: Iterable[str], message: str, prefix: str = "") -> dict[str, Msg]:
    """``{"hint": Msg(message, candidate=...)}`` for the closest known word, else empty:
    the "did you mean" of every message about an unknown key, id, agency or field.

    Example:
        >>> closest_hint("budgte", ["budget", "staff"], "key_hint")
        {'hint': Msg(key='key_hint', params={'candidate': 'budget'})}
    """
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return {"hint": Msg(message, {"candidate": f"{prefix}{close[0]}"})} if close else {}
