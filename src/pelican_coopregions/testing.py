"""Hypothesis strategies for testing a site's metadata and data files.

Install with ``pip install pelican-coopregions[testing]`` (it brings Hypothesis). A site's own
property tests draw what its authors write, the way they write it, and check that the
plugin understands it::

    from hypothesis import given
    from pelican_coopregions import Registry
    from pelican_coopregions.testing import metadata_values

    registry = Registry.load(regions="data/regions.toml", organizations="data/organizations.toml")

    @given(metadata_values(registry, "countries"))
    def test_every_country_is_found(value):
        text, countries = value
        assert registry.parse_countries(text) == tuple(dict.fromkeys(countries))

The project's own property tests use these strategies. ``docs/testing.md`` has a walk through.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal

from hypothesis import strategies as st

from .core.languages import language_chain
from .core.models import Organization, Region
from .core.registry import Registry

__all__ = ["metadata_values", "organizations_files", "place_names", "written"]

Field = Literal["regions", "countries", "organizations"]

# White space around and inside names: what editors and copy-paste leave.
_SPACE = st.text(alphabet=" \t\u00a0\u2003\u3000", max_size=3)
_INNER_SPACE = st.text(alphabet=" \t\u00a0\u3000", min_size=1, max_size=3)
# Separators a look-up treats as one: a space, a hyphen, a full stop; curly or straight quotes.
_SEPARATORS = {" ": ("-",), "-": (" ",), "’": ("'",), "'": ("’",)}


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char))
    )


@st.composite
def written(draw: st.DrawFn, text: str) -> str:
    """``text`` as an author types it: in any case, with or without its accents (or with them
    decomposed), a hyphen for a space or a space for a hyphen, straight or curly apostrophes,
    and extra white space. Every form finds what ``text`` finds."""
    case = draw(st.sampled_from(["keep", "lower", "upper", "mixed"]))
    if case == "lower":
        text = text.lower()
    elif case == "upper":
        text = text.upper()
    elif case == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
        text = "".join(c.upper() if up else c.lower() for c, up in zip(text, flips, strict=True))
    accents = draw(st.sampled_from(["keep", "strip", "decompose"]))
    if accents == "strip":
        text = _without_accents(text)
    elif accents == "decompose":
        text = unicodedata.normalize("NFD", text)
    if draw(st.booleans()):
        text = "".join(
            draw(st.sampled_from((char, *_SEPARATORS[char]))) if char in _SEPARATORS else char
            for char in text
        )
    words = text.split(" ")
    gaps = [draw(_INNER_SPACE) for _ in words[1:]]
    inner = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))
    return draw(_SPACE) + inner + draw(_SPACE)


def _names_in(registry: Registry, region: Region, lang: str | None) -> list[str]:
    """What finds ``region`` alone: its names in ``lang`` (or any language), its codes, slug and
    aliases; never a name it shares with another place."""
    tags = set(language_chain(lang, last=None)) if lang else None
    found = []
    for name, others in registry.names_of(region):
        if others or (tags is not None and name.lang is not None and name.lang not in tags):
            continue
        if registry.region_rule.index.get(name.text) is region:
            found.append(name.text)
    return found


def place_names(
    registry: Registry,
    lang: str | None = None,
    *,
    places: Sequence[Region] | None = None,
) -> st.SearchStrategy[tuple[Region, str]]:
    """A place and a name of it as people write it: a name in ``lang`` (any language the
    registry knows when ``None``) from the built-in vocabulary or the site's aliases, its
    heading, a code or its slug, typed any way :func:`written` types it.

    ``places`` narrows the places drawn (the registry's regions by default).
    """
    pool = list(places if places is not None else registry.regions)

    articles = registry.vocabulary.words.article_prefixes
    index = registry.region_rule.index

    @st.composite
    def draw_name(draw: st.DrawFn) -> tuple[Region, str]:
        region = draw(st.sampled_from(pool))
        name = draw(st.sampled_from(_names_in(registry, region, lang) or [region.slug]))
        article = draw(st.sampled_from(("", *articles)))  # "the Bahamas", "el Perú", "l'Inde"
        if article and index.get(article + name) is region:
            name = article + name
        return region, draw(written(name))

    return draw_name()


def _organization_names(organization: Organization) -> list[str]:
    names = [organization.slug, *organization.names.values(), *organization.aliases]
    return names + ([organization.acronym] if organization.acronym else [])


def metadata_values(
    registry: Registry,
    field: Field,
    *,
    lang: str | None = None,
    max_items: int = 8,
) -> st.SearchStrategy[tuple[str, list[Region | Organization]]]:
    """A value of the ``Regions``, ``Countries`` or ``Organizations`` field and the records it
    names, in the order written (repeats included).

    Items are names as :func:`place_names` writes them (for organizations: name in any
    language, acronym, alias or slug), some repeated, with empty items, joined by ``;`` or, when
    no name holds a comma, by ``,``, as Pelican joins tags.
    """
    if field == "organizations":
        organizations = list(registry.organizations)

        @st.composite
        def organization(draw: st.DrawFn) -> tuple[Region | Organization, str]:
            record = draw(st.sampled_from(organizations))
            index = registry.organization_rule.index
            names = [n for n in _organization_names(record) if index.get(n) is record]
            return record, draw(written(draw(st.sampled_from(names))))

        item: st.SearchStrategy[tuple[Region | Organization, str]] = organization()
    else:
        pool = [r for r in registry.regions if field == "regions" or r.is_country]
        item = place_names(registry, lang, places=pool)

    @st.composite
    def value(draw: st.DrawFn) -> tuple[str, list[Region | Organization]]:
        drawn = draw(st.lists(item, min_size=1, max_size=max_items))
        drawn += draw(st.lists(st.sampled_from(drawn), max_size=3))  # the same record again
        drawn = draw(st.permutations(drawn))
        commas = any("," in text for _, text in drawn)
        separator = ";" if commas else draw(st.sampled_from([";", ","]))
        texts: list[str] = []
        for _, text in drawn:
            texts.append(text)
            texts.extend(draw(st.lists(_SPACE, max_size=2)))  # empty items
        return separator.join(texts), [record for record, _ in drawn]

    return value()


_WORDS = ["Cooperativa", "Coop", "Red", "Union", "Federación", "Solidarity", "Workers", "Tejido"]
_PLACES = ["del Sur", "Andina", "Obrera", "Campesina", "Digital", "du Nord", "Popular", "Textil"]


def _toml(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def organizations_files(
    draw: st.DrawFn, registry: Registry | None = None, *, max_organizations: int = 12
) -> str:
    """The text of an organizations file that loads: organizations named in English and
    sometimes Spanish, Portuguese or French, with acronyms, aliases, countries written by any
    name (from ``registry``, the built-in world by default), founding years, sectors and
    federations (a later organization in an earlier one)."""
    world = registry or Registry.default()
    countries = [region for region in world.regions if region.is_country]
    count = draw(st.integers(min_value=1, max_value=max_organizations))
    entries: list[str] = []
    slugs: list[str] = []
    for number in range(count):
        first, second = draw(st.sampled_from(_WORDS)), draw(st.sampled_from(_PLACES))
        slug = f"org-{number}"
        lines = ["[[organization]]", f"slug = {_toml(slug)}"]
        lines.append(f"name.en = {_toml(f'{first} {second} {number}')}")
        for lang in draw(st.lists(st.sampled_from(["es", "pt", "fr"]), unique=True, max_size=2)):
            lines.append(f"name.{lang} = {_toml(f'{first} {second} {number} ({lang})')}")
        if draw(st.booleans()):
            lines.append(f"acronym = {_toml(f'{first[0]}{second[-1].upper()}{number}X')}")
        if draw(st.booleans()):
            lines.append(f"aliases = [{_toml(f'{second} {first} {number}')}]")
        if draw(st.booleans()):
            _, name = draw(place_names(world, places=countries))
            lines.append(f"country = {_toml(' '.join(name.split()))}")  # one line, no tabs
        if draw(st.booleans()):
            lines.append(f"founded = {draw(st.integers(min_value=1844, max_value=2030))}")
        sectors = draw(
            st.lists(st.sampled_from(["food", "housing", "energy", "care"]), unique=True)
        )
        if sectors:
            lines.append(f"sectors = [{', '.join(map(_toml, sectors))}]")
        parent = draw(st.sampled_from(["", *slugs]))
        if parent:
            lines.append(f"parent = {_toml(parent)}")
        entries.append("\n".join(lines))
        slugs.append(slug)
    return "\n\n".join(entries) + "\n"
