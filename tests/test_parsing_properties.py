"""Properties of metadata parsing, checked with Hypothesis against the real registry."""

from __future__ import annotations

import functools
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pelican_coopregions import MetadataError, Region, Registry
from pelican_coopregions.core.keys import lookup_key, slugify
from pelican_coopregions.core.parsing import split_items
from pelican_coopregions.core.text import nfc
from pelican_coopregions.testing import (
    metadata_values,
    organizations_files,
    place_names,
    written,
)

FIXTURES = Path(__file__).parent / "fixtures" / "data"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Reasonable for a two-core machine: the whole module runs in a few seconds.
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.cache
def registry() -> Registry:
    """The world, the site's Andes group and renamed Latin America, and a few organizations."""
    return Registry.load(
        regions=FIXTURES / "regions.toml", organizations=FIXTURES / "organizations.toml"
    )


REGIONS = registry().regions
COUNTRIES = tuple(region for region in REGIONS if region.is_country)
WORLD = registry().region("001")


def spellings(region: Region) -> list[str]:
    """What an author may write for a region: slug, English and Spanish name, codes."""
    texts = [region.slug, region.name("en"), region.name("es")]
    texts += [code for code in (region.alpha2, region.alpha3, region.code) if code]
    return texts


def metadata_list(pool: tuple[Region, ...]) -> st.SearchStrategy[tuple[str, list[Any]]]:
    """A metadata value naming some regions of ``pool`` (with repeats) and the regions it
    names: the kit's strategy, as a site's own tests would use it."""
    field = "countries" if all(region.is_country for region in pool) else "regions"
    return metadata_values(registry(), field)


def first_seen(regions: list[Region]) -> list[str]:
    return list(dict.fromkeys(region.slug for region in regions))


# (a) Known names, however typed, are found --------------------------------------------------


def test_known_spellings_are_unambiguous() -> None:
    """The premise of (a): no spelling of one region is a key of another."""
    for region in REGIONS:
        for text in spellings(region):
            assert registry().region(text) is region


@FAST
@given(metadata_list(REGIONS))
def test_parse_regions_finds_exactly_the_named_regions(case: tuple[str, list[Region]]) -> None:
    text, regions = case
    parsed = registry().parse_regions(text)
    assert [region.slug for region in parsed] == first_seen(regions)
    assert all(isinstance(region, Region) for region in parsed)


@FAST
@given(metadata_list(COUNTRIES))
def test_parse_countries_finds_exactly_the_named_countries(case: tuple[str, list[Region]]) -> None:
    text, countries = case
    parsed = registry().parse_countries(text)
    assert [country.slug for country in parsed] == first_seen(countries)


@FAST
@given(st.sampled_from(REGIONS), st.data())
def test_look_up_is_insensitive_to_case_accents_and_spaces(
    region: Region, data: st.DataObject
) -> None:
    spelling = data.draw(st.sampled_from(spellings(region)))
    text = data.draw(written(spelling))
    assert lookup_key(text) == lookup_key(spelling)
    assert registry().region(text) is region


@FAST
@given(place_names(registry()))
def test_every_name_people_write_finds_its_place(drawn: tuple[Region, str]) -> None:
    """Names in every language the registry knows, the site's aliases, codes and slugs, typed
    any way, with or without an article."""
    region, text = drawn
    assert registry().region(text) is region


# (b) Arbitrary text: a tuple or a MetadataError, nothing else ---------------------------------

ANY_CHAR = st.one_of(
    st.characters(codec=None, exclude_categories=()),  # every code point, surrogates included
    st.sampled_from(["\x00", "\x1c", "\x1f", "\x7f", "\u2028", "\ufeff", ";", ",", " ", "\t"]),
)
ANY_TEXT = st.text(alphabet=ANY_CHAR, max_size=200)
LONG_TEXT = st.one_of(
    st.text(alphabet=ANY_CHAR, min_size=2000, max_size=10_000),
    st.builds(
        lambda text, n: text * n,
        st.text(alphabet=ANY_CHAR, min_size=1, max_size=40),
        st.integers(min_value=1, max_value=250),
    ).map(lambda text: text[:10_000]),
)
PARSERS = ["parse_regions", "parse_countries", "parse_organizations"]


def parse_anything(parser: str, text: str) -> None:
    try:
        result = getattr(registry(), parser)(text)
    except MetadataError as error:
        assert error.field in {"regions", "countries", "organizations"}
        assert len(error.suggestions) <= 3
        assert error.value in [nfc(item) for item in split_items(text)]
        assert len(str(error)) < 1000  # long values are cut short in the message
    else:
        assert isinstance(result, tuple)
        assert len({record.slug for record in result}) == len(result)


@FAST
@given(st.sampled_from(PARSERS), ANY_TEXT)
def test_arbitrary_text_parses_or_raises_metadata_error(parser: str, text: str) -> None:
    parse_anything(parser, text)


@FAST
@given(st.sampled_from(PARSERS), st.lists(ANY_TEXT, max_size=10), st.sampled_from(";,"))
def test_arbitrary_lists_parse_or_raise_metadata_error(
    parser: str, items: list[str], separator: str
) -> None:
    parse_anything(parser, separator.join(items))


@SLOW
@given(st.sampled_from(PARSERS), LONG_TEXT)
# Found by Hypothesis: a long word mixing scripts was quoted whole in the message.
@example(PARSERS[0], "AAAAµ" * 200)
def test_long_text_parses_or_raises_metadata_error(parser: str, text: str) -> None:
    parse_anything(parser, text)


@FAST
@given(st.lists(st.sampled_from(REGIONS), max_size=5), ANY_TEXT, st.sampled_from(";,"))
def test_unknown_items_are_reported_not_dropped(
    known: list[Region], noise: str, separator: str
) -> None:
    items = [region.slug for region in known]
    text = separator.join([*items, noise])
    parsed = registry().region_rule.parse(text)
    found = {region.slug for region in parsed.items}
    reported = {error.value for error in parsed.errors}
    # Every item is accounted for: found, or reported as an error (in NFC, as names are).
    for item in split_items(text):
        record = registry().region_rule.index.get(item)
        assert (record is not None and record.slug in found) or nfc(item) in reported
    if separator == ";" or ";" not in noise:  # otherwise the known slugs are not split apart
        assert {region.slug for region in known} <= found


# (c) Slugs --------------------------------------------------------------------------------------


@FAST
@given(st.text(alphabet=ANY_CHAR, max_size=300))
def test_slugify_gives_a_slug_or_nothing(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or SLUG.match(slug)
    assert slug.isascii()
    assert slugify(slug) == slug


@FAST
@given(st.sampled_from(REGIONS), st.data())
def test_slugify_ignores_how_a_name_is_typed(region: Region, data: st.DataObject) -> None:
    name = region.name()
    assert slugify(data.draw(written(name))) == slugify(name)


# (d) Ancestors ----------------------------------------------------------------------------------


@FAST
@given(st.sampled_from(REGIONS))
def test_ancestors_end_at_world_and_never_repeat(region: Region) -> None:
    ancestors = registry().ancestors(region)
    assert len({a.slug for a in ancestors}) == len(ancestors)
    assert region not in ancestors
    if region is WORLD:
        assert ancestors == ()
    else:
        assert ancestors[-1] is WORLD
        parent = registry().parent(region)
        assert parent is not None
        assert parent in ancestors
    # Containment is transitive: whatever contains an ancestor contains the region.
    for ancestor in ancestors:
        assert set(registry().ancestors(ancestor)) <= set(ancestors)


# (e) Organizations files ------------------------------------------------------------------------


@SLOW
@given(organizations_files(registry()), st.data())
def test_every_organizations_file_loads_and_its_names_find_their_organizations(
    text: str, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "organizations.toml"
        path.write_text(text, encoding="utf-8")
        site = Registry.load(organizations=path)
    assert len(site.organizations) == text.count("[[organization]]")
    value, organizations = data.draw(metadata_values(site, "organizations"))
    parsed = site.parse_organizations(value)
    assert [record.slug for record in parsed] == list(dict.fromkeys(o.slug for o in organizations))
