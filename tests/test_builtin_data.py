"""The shipped data: reproducible from its sources, slugs that never move, every language loads."""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import get_args

import pytest
from babel import localedata
from pelican.settings import DEFAULT_CONFIG

from pelican_coopregions import MetadataError, Region, Registry
from pelican_coopregions.core.keys import SLUG_PATTERN
from pelican_coopregions.core.languages import babel_locale, cldr_tag
from pelican_coopregions.core.models import DEFAULT_LANGUAGE, RegionKind
from pelican_coopregions.core.text import mixed_script, nfc, refused_character
from pelican_coopregions.pelican.taxonomies import Regions
from pelican_coopregions.pelican.terms import Term

ROOT = Path(__file__).parent.parent
DATA = ROOT / "src" / "pelican_coopregions" / "data"
SLUGS = Path(__file__).parent / "fixtures" / "names" / "builtin-slugs.tsv"


def script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def world() -> Registry:
    return Registry.default()


def territory(region: Region) -> str:
    code = region.alpha2 or region.code
    assert code is not None
    return code


# Reproducible -------------------------------------------------------------------------------


def test_the_m49_table_is_what_make_data_writes() -> None:
    assert (DATA / "m49.json").read_text(encoding="utf-8") == script("generate_m49").render()


def test_the_names_are_what_make_data_writes() -> None:
    """Fails when Babel, pycountry or scripts/vocabulary/*.toml changed: run ``make data``."""
    generate = script("generate_names")
    assert (DATA / "names.json").read_text(encoding="utf-8") == generate.render(generate.build())


def test_built_in_places_are_valid_records() -> None:
    """Records are not validated (``load_world`` builds them from generated data): the data is
    checked here instead, with the rules a site's data file is held to."""
    regions = world().regions
    slugs = {region.slug for region in regions}
    assert len(slugs) == len(regions)
    for region in regions:
        assert SLUG_PATTERN.fullmatch(region.slug), region
        assert region.kind in get_args(RegionKind), region
        assert region.names[DEFAULT_LANGUAGE].strip(), region
        assert all(isinstance(text, str) and text.strip() for text in region.names.values())
        assert region.parent is None if region.kind == "world" else region.parent in slugs
        assert set(region.members) <= slugs
        assert (region.alpha2 is not None) == region.is_country, region


def test_every_name_in_the_data_names_a_source() -> None:
    data = json.loads((DATA / "names.json").read_text(encoding="utf-8"))
    sources = data["sources"]
    for by_lang in data["names"].values():
        for names in by_lang.values():
            assert all(source in sources for _, source in names)
    for table in ("display", "ambiguous", "hints"):
        assert table in sources


# Slugs ----------------------------------------------------------------------------------------


SLUG_LANGUAGES = ("en", "es", "pt", "pt-PT", "fr")


def checked_in_slugs() -> dict[str, tuple[str, ...]]:
    rows = {}
    for line in SLUGS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            place, *slugs = line.split("\t")
            rows[place] = tuple(slugs)
    return rows


def test_slugs_of_built_in_places_never_move() -> None:
    """Each slug names published pages: changing one breaks every link to them.

    The English page uses the slug fixed in ``data/m49.json``, the pages in the other shipped
    languages the slugs fixed in ``data/names.json``. A difference here is a decision to take
    (and to write down in the changelog), never an update to accept.
    """
    shown = {
        territory(region): tuple(
            Term(Regions(), region, DEFAULT_CONFIG, lang, "en", {}).slug for lang in SLUG_LANGUAGES
        )
        for region in world().regions
    }
    assert shown == checked_in_slugs()
    assert all(shown[territory(region)][0] == region.slug for region in world().regions)


def test_slugs_in_every_shipped_language_do_not_follow_babel() -> None:
    """A page's slug is the fixed one even when CLDR's name changes (a new Babel release)."""
    for region in world().regions:
        for lang in SLUG_LANGUAGES[1:]:
            moved = replace(region, names={**region.names, lang: "Renamed By Babel"})
            fixed = Term(Regions(), region, DEFAULT_CONFIG, lang, "en", {}).slug
            assert Term(Regions(), moved, DEFAULT_CONFIG, lang, "en", {}).slug == fixed


def test_slugs_do_not_follow_display_names() -> None:
    myanmar = world().region("MM")
    assert (myanmar.slug, myanmar.name()) == ("myanmar", "Myanmar")
    kitts = world().region("KN")
    assert (kitts.slug, kitts.name()) == ("st-kitts-nevis", "Saint Kitts and Nevis")
    # A site renaming a built-in place in English keeps its English page where it was.
    renamed = replace(kitts, names={**kitts.names, "en": "St Kitts"})
    assert Term(Regions(), renamed, DEFAULT_CONFIG, "en", "en", {}).slug == "st-kitts-nevis"


# Every language CLDR has -----------------------------------------------------------------------


@functools.cache
def locales_by_names() -> Mapping[tuple[str | None, ...], tuple[str, ...]]:
    """Every locale Babel ships, grouped by the names it gives the built-in places.

    A registry depends on a language's names only, so one registry per group tests them all.
    """
    codes = [territory(region) for region in world().regions]
    groups: dict[tuple[str | None, ...], list[str]] = {}
    for identifier in localedata.locale_identifiers():
        tag = cldr_tag(identifier)
        assert tag is not None, identifier
        names = babel_locale(tag).territories
        groups.setdefault(tuple(names.get(code) for code in codes), []).append(tag)
    return {names: tuple(tags) for names, tags in groups.items()}


def assert_names_find_their_places(registry: Registry, lang: str) -> None:
    """Each place's name in ``lang`` finds it, or is refused naming it among the others."""
    for region in registry.regions:
        name = region.name(lang)
        try:
            assert registry.region(name) is region, (lang, name)
        except MetadataError as error:
            assert error.problem.startswith("ambiguous region"), (lang, name, str(error))
            assert region.name() in error.suggestions, (lang, name)
            assert len(error.suggestions) >= 2


@pytest.mark.slow
def test_the_registry_loads_for_every_locale_babel_ships() -> None:
    groups = locales_by_names()
    assert sum(len(tags) for tags in groups.values()) == len(localedata.locale_identifiers())
    for tags in groups.values():
        registry = Registry.default(languages=(tags[0],))
        assert_names_find_their_places(registry, tags[0])


@pytest.mark.parametrize(
    "languages",
    [
        ("vi",),
        ("yo",),
        ("pa",),
        ("mi",),
        ("dz",),
        ("mzn",),
        ("scn",),
        ("ru", "kk"),
        ("sk", "hr"),
        ("pl", "nb"),
    ],
)
def test_languages_that_once_failed_to_load(languages: tuple[str, ...]) -> None:
    registry = Registry.default(languages=languages)
    for lang in languages:
        assert_names_find_their_places(registry, lang)


@pytest.mark.slow
def test_the_registry_loads_with_every_language_at_once() -> None:
    """Any combination: names that fold together in any two languages are shared, not fatal."""
    tags = sorted({tag for group in locales_by_names().values() for tag in group})
    registry = Registry.default(languages=tags)
    shared = 0
    for region in registry.regions:
        for name, others in registry.names_of(region):
            if others and name.source != "code":  # a code as written is never shared
                shared += 1
                with pytest.raises(MetadataError) as caught:
                    registry.region(name.text)
                expected = {region.name(), *(other.name() for other in others)}
                assert set(caught.value.suggestions) == expected, name
    assert shared > 0
    # English and Spanish names still find their places.
    for form, alpha2 in [("Brasil", "BR"), ("Burma", "MM"), ("EE. UU.", "US"), ("AO", "AO")]:
        assert registry.region(form).alpha2 == alpha2


def test_every_shipped_name_is_clean_text() -> None:
    """The shipped names pass the checks a site's data file passes: composed (NFC), no
    invisible format character, no word mixing scripts."""
    data = json.loads((DATA / "names.json").read_text(encoding="utf-8"))
    texts = [name for by_lang in data["display"].values() for name in by_lang.values()]
    texts += [
        name
        for by_lang in data["names"].values()
        for names in by_lang.values()
        for name, _ in names
    ]
    for table in ("ambiguous", "hints"):
        texts += [name for by_lang in data[table].values() for name in by_lang]
    assert len(texts) > 2000
    bad = [
        text for text in texts if nfc(text) != text or refused_character(text) or mixed_script(text)
    ]
    assert bad == []
