"""Names people write for places, beyond the names pages show: each with its language and source.

The built-in vocabulary (``data/names.json``, written by ``scripts/generate_names.py``) holds
what authors write in English and Spanish: ISO 3166-1 names, CLDR's alternate and regional
names, everyday names, abbreviations and former names. It also holds the names that belong
to several places ("Congo", "Korea"), refused with every candidate named, and hints: names of
no place that still point at one ("England" suggests the United Kingdom).
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
OWN_SOURCES = {
    CODE: "ISO 3166-1 alpha-2 and alpha-3, UN M.49 numeric (found as written even when shared)",
    SLUG: "the slug of the place's pages",
    ALIAS: "aliases, and names a regions file replaced, from the site's own regions file",
}


class Name(NamedTuple):
    """One name a place answers to: ``lang`` is ``None`` for codes, slugs and site aliases.

    A tuple, not a dataclass: every registry makes a few thousand of them.
    """

    text: str
    lang: str | None
    source: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The names of places by slug, shared names with their places, and hints.

    Everything is keyed by slug, so the vocabulary applies to whatever record has that slug
    (a built-in place renamed by a site's ``extends`` keeps its vocabulary).
    """

    names: Mapping[str, tuple[Name, ...]] = field(default_factory=dict)
    shared: tuple[tuple[Name, tuple[str, ...]], ...] = ()
    hints: tuple[tuple[Name, tuple[str, ...]], ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)


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
    return Vocabulary(names, by_slug("ambiguous"), by_slug("hints"), sources)
