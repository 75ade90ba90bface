"""Typed, immutable records for regions and organizations.

These are the facts the rest of the package passes around. They hold references to other
records by slug (``parent``, ``country``), never by object, so they stay small, hashable and
picklable (Pelican's content cache pickles whatever is attached to an article).

They are plain frozen dataclasses with slots, not pydantic models: a site's data files are
validated once, as they are read (``datafiles``), and the built-in data is checked by the test
suite, so a record needs no validator, and the registry holds a thousand of them for every
build (a pydantic model carries a ``__dict__`` and a set of the fields given, per record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .languages import language_chain

DEFAULT_LANGUAGE = "en"

RegionKind = Literal["world", "continent", "subregion", "intermediate", "country", "custom"]


def _localized(texts: dict[str, str], lang: str) -> str | None:
    if lang in texts:  # keys are canonical tags: the chain would find it first
        return texts[lang]
    for candidate in language_chain(lang):
        if candidate in texts:
            return texts[candidate]
    return None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class _Record:
    slug: str
    names: dict[str, str]
    """The name in each language, by canonical tag; English (``en``) is always there."""
    descriptions: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    # The site's data file wrote ``slug = "..."``: the default-language page uses it as written
    # (see ``pelican/terms.page_slug``, the one slug rule).
    slug_written: bool = False

    def name(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The name in ``lang``, falling back to the base language, then English."""
        return _localized(self.names, lang) or self.names[DEFAULT_LANGUAGE]

    def description(self, lang: str = DEFAULT_LANGUAGE, fallback: str | None = None) -> str:
        """The description in ``lang``, else in the site's ``fallback`` language (its
        ``DEFAULT_LANG``), else in English, each with its base language; or ``""``.

        A Spanish-first site that describes an organization only in Spanish shows that
        description on its Portuguese page too, rather than nothing.
        """
        if fallback is None:
            return _localized(self.descriptions, lang) or ""
        for tag in (*language_chain(lang, last=None), *language_chain(fallback)):
            if tag in self.descriptions:
                return self.descriptions[tag]
        return ""

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.slug))

    def __str__(self) -> str:
        return self.name()

    def __repr__(self) -> str:
        # The place, not a dump of every field: ``<Region 'peru' Peru (country PE)>``.
        return f"<{type(self).__name__} {self.slug!r} {self.name()}{self._repr_detail()}>"

    def _repr_detail(self) -> str:
        return ""


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Region(_Record):
    """A place articles can be about: the world, a continent, a sub-region, a country.

    ``code`` is the UN M.49 numeric code (also set for countries); ``alpha2``/``alpha3`` are
    ISO 3166-1 codes of countries. ``parent`` is the slug of the containing region in the
    M.49 tree; ``members`` lists the slugs a site-defined group (kind ``custom``) contains.
    """

    kind: RegionKind
    code: str | None = None
    alpha2: str | None = None
    alpha3: str | None = None
    parent: str | None = None
    members: tuple[str, ...] = ()
    # A built-in place's page slug per shipped language but English (``slug`` is English's),
    # fixed in the package so that a new CLDR name never moves a page; a language whose pages
    # show a name a site's regions file changed has none (its pages follow the new name).
    page_slugs: dict[str, str] = field(default_factory=dict)

    @property
    def is_country(self) -> bool:
        """A country or territory (ISO 3166-1, or Kosovo), not an area of several."""
        return self.kind == "country"

    @property
    def is_builtin(self) -> bool:
        """One of the package's own places (its slug is fixed), not one from a site's file."""
        return self.kind != "custom"

    def fixed_slug(self, lang: str) -> str | None:
        """The slug fixed in the package for this place's page in ``lang``, or ``None``.

        The page shows the name of the first language of ``lang``'s chain that names the
        place (``pt-BR`` pages show ``pt``'s name), and has that language's fixed slug; English
        pages always have one, ``slug``. A place of a site's own, a language that ships no
        names, or a name the site's regions file gave (``name.pt-BR``), has none.
        """
        if not self.is_builtin:
            return None
        for tag in language_chain(lang, last=None):
            if tag.split("-")[0] == DEFAULT_LANGUAGE:
                return self.slug
            if tag in self.names:
                return self.page_slugs.get(tag)
        return None

    __hash__ = _Record.__hash__  # a dataclass would hash every field, dictionaries too

    def _repr_detail(self) -> str:
        code = self.alpha2 or self.code
        return f" ({self.kind} {code})" if code else f" ({self.kind})"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Organization(_Record):
    """A cooperative, federation or network that articles can be about.

    ``country`` is the slug of a country region; ``parent`` the slug of the federation or
    network it belongs to; ``founded`` a year.
    """

    acronym: str | None = None
    country: str | None = None
    locality: str | None = None
    founded: int | None = None
    website: str | None = None
    sectors: tuple[str, ...] = ()
    parent: str | None = None

    __hash__ = _Record.__hash__
