"""The built-in world: every ISO 3166-1 country, the UN M.49 tree, names from Babel's CLDR."""

from __future__ import annotations

import re
from collections import Counter

import pycountry
import pytest
from babel import Locale

from pelican_coopregions import Region, Registry
from pelican_coopregions.core.world import world_regions

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CONTINENTS = {"002", "019", "142", "150", "009"}


@pytest.fixture(scope="module")
def world() -> Registry:
    return Registry.default()


@pytest.fixture(scope="module")
def by_code(world: Registry) -> dict[str, Region]:
    return {region.code: region for region in world.regions if region.code}


@pytest.fixture(scope="module")
def countries(world: Registry) -> dict[str, Region]:
    return {region.alpha2: region for region in world.regions if region.alpha2}


def cldr(lang: str, territory: str) -> str:
    """Babel's name for a territory, as the registry shows it (first letter upper case)."""
    name: str = Locale.parse(lang).territories[territory]
    return name[:1].upper() + name[1:]


# Countries -------------------------------------------------------------------------------------


def test_every_iso_country_is_a_country(countries: dict[str, Region]) -> None:
    iso = {country.alpha_2: country for country in pycountry.countries}
    assert set(countries) == set(iso)
    for alpha2, country in iso.items():
        region = countries[alpha2]
        assert region.kind == "country", alpha2
        assert region.is_country
        assert region.alpha3 == country.alpha_3, alpha2
        assert region.code == country.numeric, alpha2


def test_iso_codes_find_the_country(world: Registry) -> None:
    for country in pycountry.countries:
        region = world.region(country.alpha_2)
        assert world.region(country.alpha_3) is region
        assert world.region(country.numeric) is region
        assert world.region(country.alpha_2.lower()) is region
        assert region.alpha2 == country.alpha_2


def test_country_names_are_babels(countries: dict[str, Region]) -> None:
    english = Locale("en").territories
    spanish = Locale("es").territories
    for alpha2, region in countries.items():
        assert region.name() == english[alpha2], alpha2
        assert region.name("en") == english[alpha2], alpha2
        assert region.name("es") == spanish[alpha2], alpha2


def test_area_names_are_babels(world: Registry) -> None:
    for region in world.regions:
        if not region.is_country:
            assert region.code is not None
            assert region.name() == cldr("en", region.code)
            assert region.name("es") == cldr("es", region.code)


def test_world_is_named_as_a_title(by_code: dict[str, Region]) -> None:
    # CLDR writes "world" in lowercase; shown as a heading, the name starts with a capital.
    assert by_code["001"].name() == "World"
    assert by_code["001"].name().casefold() == Locale("en").territories["001"].casefold()


def test_every_name_and_code_finds_its_region(world: Registry) -> None:
    for region in world.regions:
        keys = [region.slug, *region.names.values(), *region.aliases]
        keys += [code for code in (region.code, region.alpha2, region.alpha3) if code]
        for key in keys:
            assert world.region(key) is region, key
            assert world.region(f"  {key.upper()} ") is region, key


def test_names_in_other_languages_come_from_babel() -> None:
    world = Registry.default(languages=("fr", "de"))
    assert world.languages == ("en", "fr", "de")
    peru = world.region("PE")
    assert peru.name("fr") == Locale("fr").territories["PE"]
    assert peru.name("de") == Locale("de").territories["PE"]
    assert peru.name("fr-CA") == Locale("fr").territories["PE"]
    assert peru.name("es") == Locale("en").territories["PE"]  # not loaded: English
    assert world.region(Locale("de").territories["DE"]).alpha2 == "DE"
    assert world.region(Locale("fr").territories["DE"].upper()).alpha2 == "DE"


def test_region_localized_name_fallbacks(world: Registry) -> None:
    latin_america = world.region("latin-america")
    assert latin_america.name("es") == "Latinoamérica"
    assert latin_america.name("es-AR") == "Latinoamérica"
    assert latin_america.name("es_MX") == "Latinoamérica"
    assert latin_america.name("ES") == "Latinoamérica"
    assert latin_america.name("pt") == "Latin America"
    assert str(latin_america) == "Latin America"
    assert latin_america.description() == ""


# The tree ---------------------------------------------------------------------------------------


def test_world_is_the_only_root(world: Registry, by_code: dict[str, Region]) -> None:
    roots = [region for region in world.regions if region.parent is None]
    assert roots == [by_code["001"]]
    assert by_code["001"].kind == "world"
    assert world.parent(by_code["001"]) is None
    assert world.ancestors(by_code["001"]) == ()


def test_world_contains_the_continents(world: Registry, by_code: dict[str, Region]) -> None:
    continents = {region.code for region in world.regions if region.kind == "continent"}
    assert continents == CONTINENTS
    children = world.children(by_code["001"])
    assert {region.code for region in children if not region.is_country} == CONTINENTS
    # Antarctica belongs to no continent in M.49.
    assert {region.alpha2 for region in children if region.is_country} == {"AQ"}


def test_levels_nest(world: Registry) -> None:
    allowed_parents = {
        "continent": {"world"},
        "subregion": {"continent"},
        "intermediate": {"subregion"},
        "country": {"world", "subregion", "intermediate"},
    }
    for region in world.regions:
        parent = world.parent(region)
        if region.kind == "world":
            continue
        assert parent is not None, region.slug
        assert parent.kind in allowed_parents[region.kind], (region.slug, parent.slug)
        assert region in world.children(parent)


def test_every_area_has_children(world: Registry) -> None:
    for region in world.regions:
        if not region.is_country:
            assert world.children(region), region.slug
        else:
            assert world.children(region) == ()


def test_latin_america_contains_its_three_parts(
    world: Registry, by_code: dict[str, Region]
) -> None:
    latin_america = by_code["419"]
    assert latin_america.slug == "latin-america"
    assert {region.code for region in world.children(latin_america)} == {"005", "013", "029"}
    for code in ("005", "013", "029"):
        assert world.parent(by_code[code]) is latin_america
        assert latin_america in world.ancestors(by_code[code])


@pytest.mark.parametrize(
    ("alpha2", "area"), [("VE", "005"), ("AR", "005"), ("HT", "029"), ("GD", "029"), ("CU", "029")]
)
def test_seed_countries_sit_in_latin_america(world: Registry, alpha2: str, area: str) -> None:
    country = world.region(alpha2)
    codes = [region.code for region in world.ancestors(country)]
    assert codes == [area, "419", "019", "001"]


def test_ancestors_of_venezuela(world: Registry) -> None:
    ancestors = world.ancestors(world.region("VE"))
    assert [region.slug for region in ancestors] == [
        "south-america",
        "latin-america",
        "americas",
        "world",
    ]
    assert [region.name() for region in ancestors] == [
        cldr("en", "005"),
        cldr("en", "419"),
        cldr("en", "019"),
        "World",
    ]


def test_ancestors_end_at_world_and_follow_parents(
    world: Registry, by_code: dict[str, Region]
) -> None:
    for region in world.regions:
        ancestors = world.ancestors(region)
        assert len(set(ancestors)) == len(ancestors), region.slug
        assert region not in ancestors
        if region.kind != "world":
            assert ancestors[-1] is by_code["001"], region.slug
        # Without site groups, ancestors are exactly the chain of parents.
        chain: list[Region] = []
        parent = world.parent(region)
        while parent is not None:
            chain.append(parent)
            parent = world.parent(parent)
        assert list(ancestors) == chain


# Slugs and keys --------------------------------------------------------------------------------


def test_slugs_are_well_formed_and_unique(world: Registry) -> None:
    slugs = [region.slug for region in world.regions]
    assert all(SLUG.match(slug) for slug in slugs), [s for s in slugs if not SLUG.match(s)]
    assert [slug for slug, n in Counter(slugs).items() if n > 1] == []


def test_parents_come_before_children() -> None:
    seen: set[str] = set()
    for region in world_regions():
        assert region.parent is None or region.parent in seen, region.slug
        seen.add(region.slug)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Latin America and the Caribbean", "419"),
        ("latin america and the caribbean", "419"),
        ("Latin America", "419"),
        ("Latinoamérica", "419"),
        ("latinoamerica", "419"),
        ("South-eastern Asia", "035"),
        ("Australia and New Zealand", "053"),
        ("World", "001"),
        ("mundo", "001"),
        ("001", "001"),
        ("Sudamérica", "005"),
    ],
)
def test_un_and_cldr_names_find_areas(world: Registry, text: str, code: str) -> None:
    assert world.region(text).code == code


def test_default_has_no_organizations(world: Registry) -> None:
    assert world.organizations == ()
    assert world.parse_organizations("") == ()
