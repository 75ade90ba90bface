"""Names people write for places, beyond the names pages show: each with its language and source.

The built-in vocabulary (``data/names.json``, written by ``scripts/generate_names.py`` from one
file per language, ``scripts/vocabulary/<tag>.toml``) holds what authors write in each shipped
language (English, Spanish, Portuguese of Brazil and of Portugal, French): ISO 3166-1 names,
CLDR's alternate and regional names, everyday names, abbreviations and former names. It also
holds the names that belong to several places ("Congo", "Korea"), refused with every candidate
named; hints, names of no place that still point at one ("England" suggests the United
Kingdom); and the words of each language that look-ups and suggestions must know
(:class:`Words`): nothing about a language is written in Python. Demonyms ("venezolanas",
"Latin American") are no names a value may hold; ``coopregions tag`` reads them in running text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, NamedTuple

# Where a name comes from when it is no entry of the vocabulary file.
DISPLAY = "display"
CODE = "code"
SLUG = "slug"
ALIAS = "alias"
ACRONYM = "acronym"
# An organization's name in a language, from the site's organizations file.
NAME = "name"
# A word for a place's people and things ("venezolanas"), read by ``coopregions tag`` only.
DEMONYM = "demonyms"
OWN_SOURCES = {
    CODE: "ISO 3166-1 alpha-2 and alpha-3, UN M.49 numeric (found as written even when shared)",
    SLUG: "the slug of the place's or organization's pages",
    ALIAS: "aliases, and names a regions file replaced, from the site's own data files",
    NAME: "the organization's name in a language, from the site's organizations file",
    ACRONYM: "the organization's acronym, from the site's organizations file",
}


class Name(NamedTuple):
    """One name a place answers to: ``lang`` is ``None`` for codes, slugs and site aliases.

    A tuple, not a dataclass: every registry makes a few thousand of them.
    """

    text: str
    lang: str | None
    source: str


@dataclass(frozen=True, slots=True)
class Words:
    """What the shipped languages write around names, as look-up keys (every language at once).

    ``articles`` are stripped before a name unknown as written ("the", "el", "les", "l'"),
    ``stop`` words join a name's words ("of", "del", "da"), ``generic`` words only say where or
    what kind of place ("north", "islas", "ilhas", "royaume"): sharing one of the last two is
    sharing nothing, for suggestions.
    """

    articles: tuple[str, ...] = ()
    stop: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()

    @property
    def article_prefixes(self) -> tuple[str, ...]:
        """The articles as the start of a key: "the ", and "l'" with no space (elided)."""
        return tuple(a if a.endswith("'") else f"{a} " for a in self.articles)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The names of places by slug, shared names with their places, hints, and words.

    Everything is keyed by slug, so the vocabulary applies to whatever record has that slug
    (a built-in place renamed by a site's ``extends`` keeps its vocabulary).
    """

    names: Mapping[str, tuple[Name, ...]] = field(default_factory=dict)
    shared: tuple[tuple[Name, tuple[str, ...]], ...] = ()
    hints: tuple[tuple[Name, tuple[str, ...]], ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    words: Words = field(default_factory=Words)
    demonyms: Mapping[str, tuple[Name, ...]] = field(default_factory=dict)
    """Slug -> the words for the place's people and things, per language (source ``demonym``)."""

    def words_only(self) -> Vocabulary:
        """The words without the places' names, for records that are no place (organizations)."""
        return Vocabulary(words=self.words)


def read_builtin_names() -> dict[str, Any]:
    """The parsed ``data/names.json`` (place codes, not slugs: see ``world``)."""
    text = (files("pelican_coopregions") / "data" / "names.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def builtin_vocabulary(data: Mapping[str, Any], slug_of: Mapping[str, str]) -> Vocabulary:
    """The vocabulary of ``names.json`` keyed by slug; ``slug_of`` maps place code -> slug."""
    names = {
        slug_of[code]: tuple(
            Name(text, lang, source) for lang, texts in by_lang.items() for text, source in texts
        )
        for code, by_lang in data["names"].items()
    }

    def by_slug(table: str) -> tuple[tuple[Name, tuple[str, ...]], ...]:
        return tuple(
            (Name(text, lang, table), tuple(slug_of[code] for code in codes))
            for lang, entries in data[table].items()
            for text, codes in entries.items()
        )

    sources = {**data["sources"], **OWN_SOURCES}
    languages = data["languages"]
    words = Words(
        articles=tuple(dict.fromkeys(a for table in languages.values() for a in table["articles"])),
        stop=frozenset(word for table in languages.values() for word in table["stop"]),
        generic=frozenset(word for table in languages.values() for word in table["generic"]),
    )
    demonyms: dict[str, list[Name]] = {}
    for lang, table in data.get("demonyms", {}).items():
        for code, forms in table.items():
            demonyms.setdefault(slug_of[code], []).extend(
                Name(form, lang, DEMONYM) for form in forms
            )
    return Vocabulary(
        names,
        by_slug("ambiguous"),
        by_slug("hints"),
        sources,
        words,
        {slug: tuple(found) for slug, found in demonyms.items()},
    )
