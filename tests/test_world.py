"""The built-in world: every ISO 3166-1 country, the UN M.49 tree, names from CLDR and the data."""

from __future__ import annotations

import re
from collections import Counter

import pycountry
import pytest
from babel import Locale

from pelican_coopregions import Region, Registry
from pelican_coopregions.core.world import load_world

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
    # Kosovo is a CLDR territory (XK) that ISO 3166-1 does not list.
    assert set(countries) == set(iso) | {"XK"}
    assert countries["XK"].name() == "Kosovo"
    assert (countries["XK"].alpha3, countries["XK"].code) == ("XKX", None)
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


# Display names that are not CLDR's (scripts/vocabulary/<lang>.toml, [display]): CLDR's stay
# accepted.
RECOGNISED = {
    ("en", "MM"): ("Myanmar", "Myanmar (Burma)"),
    ("en", "HK"): ("Hong Kong", "Hong Kong SAR China"),
    ("en", "CD"): ("DR Congo", "Congo - Kinshasa"),
    ("en", "CG"): ("Republic of the Congo", "Congo - Brazzaville"),
    ("en", "KN"): ("Saint Kitts and Nevis", "St. Kitts & Nevis"),
    ("es", "MM"): ("Myanmar", "Myanmar (Birmania)"),
    ("es", "HK"): ("Hong Kong", "RAE de Hong Kong (China)"),
    ("es", "CG"): ("República del Congo", "Congo"),
    ("es", "021"): ("América septentrional", "Norteamérica"),
    ("pt", "HK"): ("Hong Kong", "Hong Kong, RAE da China"),
    ("pt", "MM"): ("Mianmar", "Mianmar (Birmânia)"),
    ("pt", "CD"): ("RD do Congo", "Congo - Kinshasa"),
    ("pt-PT", "CI"): ("Costa do Marfim", "Côte d’Ivoire (Costa do Marfim)"),
    ("pt-PT", "MM"): ("Myanmar", "Mianmar (Birmânia)"),
    ("fr", "HK"): ("Hong Kong", "R.A.S. chinoise de Hong Kong"),
    ("fr", "MM"): ("Birmanie", "Myanmar (Birmanie)"),
    ("fr", "CD"): ("République démocratique du Congo", "Congo-Kinshasa"),
}
SHIPPED = ("en", "es", "pt", "pt-PT", "fr")


def test_names_are_cldrs_unless_people_recognise_another(world: Registry) -> None:
    replaced = 0
    for region in world.regions:
        territory = region.alpha2 or region.code
        assert territory is not None
        for lang in SHIPPED:
            shown, official = region.name(lang), cldr(lang.replace("-", "_"), territory)
            if shown != official:
                replaced += 1
                # CLDR's own name still finds the place, or names it among others ("Congo").
                index = world.region_rule.index
                found = index.get(official)
                assert found is region or region in index.candidates(official), (lang, territory)
            if (lang, territory) in RECOGNISED:
                assert (shown, official) == RECOGNISED[lang, territory]
    assert 40 < replaced < 80  # the "St." and "&" forms, SAR and RAE, Congo, Myanmar


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_display_name_finds_its_place_alone(lang: str) -> None:
    """On a site in ``lang``, every heading finds its place (even one that another language
    shares among places: Portuguese "Guiana" is Guyana)."""
    site = Registry.default(languages=(lang,))
    for region in site.regions:
        assert site.region(region.name(lang)) is region, (lang, region.slug)


def test_world_is_named_as_a_title(by_code: dict[str, Region]) -> None:
    # CLDR writes "world" in lowercase; shown as a heading, the name starts with a capital.
    assert by_code["001"].name() == "World"
    assert by_code["001"].name().casefold() == Locale("en").territories["001"].casefold()


def test_every_name_and_code_finds_its_region() -> None:
    """On a site in every shipped language at once, every heading and code finds its place."""
    world = Registry.default(languages=SHIPPED)
    for region in world.regions:
        keys = [region.slug, *region.names.values(), *region.aliases]
        keys += [code for code in (region.code, region.alpha2, region.alpha3) if code]
        for key in keys:
            assert world.region(key) is region, key
            assert world.region(f"  {key.upper()} ") is region, key


def test_names_in_other_languages_come_from_babel() -> None:
    world = Registry.default(languages=("it", "de"))
    assert world.languages == ("en", "it", "de")
    peru = world.region("PE")
    assert peru.name("it") == Locale("it").territories["PE"]
    assert peru.name("de") == Locale("de").territories["PE"]
    assert peru.name("de-AT") == Locale("de").territories["PE"]
    assert peru.name("nl") == "Peru"  # not loaded: English
    assert world.region(Locale("de").territories["DE"]).alpha2 == "DE"
    assert world.region(Locale("it").territories["DE"].upper()).alpha2 == "DE"
    # The shipped languages' names come with the package: always there, always accepted.
    assert (peru.name("es"), peru.name("pt"), peru.name("fr")) == ("Perú", "Peru", "Pérou")
    assert world.region("Alemania").alpha2 == "DE"
    assert world.region("Allemagne").alpha2 == "DE"
    assert Registry.default(languages=("de",)).region("Brasil").alpha2 == "BR"


def test_other_languages_are_not_looked_up_unless_used() -> None:
    assert Registry.default().region_rule.index.get(Locale("it").territories["DE"]) is None
    variants = Registry.default(languages=("en-GB", "es-AR", "fr-CA", "pt-BR", "xx"))
    # Regional variants of the shipped languages fall back to the shipped names; unknown
    # languages to English.
    assert variants.region("KN").names.keys() == {"en", "es", "pt", "pt-PT", "fr"}


def test_region_localized_name_fallbacks(world: Registry) -> None:
    latin_america = world.region("latin-america")
    assert latin_america.name("es") == "Latinoamérica"
    assert latin_america.name("es-AR") == "Latinoamérica"
    assert latin_america.name("es_MX") == "Latinoamérica"
    assert latin_america.name("ES") == "Latinoamérica"
    assert latin_america.name("pt") == "América Latina"  # shipped
    assert latin_america.name("pt-MZ") == "América Latina"
    assert latin_america.name("it") == "Latin America"  # not loaded: English
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
    ("alpha2", "ancestors"),
    [
        ("VE", ["005", "419", "019", "001"]),
        ("AR", ["005", "419", "019", "001"]),
        # The Caribbean is in Latin America (its M.49 parent) and in CLDR's North America.
        ("HT", ["029", "419", "003", "019", "001"]),
        ("GD", ["029", "419", "003", "019", "001"]),
        ("CU", ["029", "419", "003", "019", "001"]),
    ],
)
def test_seed_countries_sit_in_latin_america(
    world: Registry, alpha2: str, ancestors: list[str]
) -> None:
    country = world.region(alpha2)
    assert [region.code for region in world.ancestors(country)] == ancestors


@pytest.mark.parametrize(
    ("alpha2", "ancestors"),
    [
        ("MX", ["013", "419", "003", "019", "001"]),
        ("US", ["021", "003", "019", "001"]),
        ("CA", ["021", "003", "019", "001"]),
        ("BR", ["005", "419", "019", "001"]),
    ],
)
def test_north_america_is_northern_and_central_america_and_the_caribbean(
    world: Registry, alpha2: str, ancestors: list[str]
) -> None:
    north_america = world.region("North America")
    assert (north_america.code, north_america.slug, north_america.name("es")) == (
        "003",
        "north-america",
        "América del Norte",
    )
    assert world.parent(north_america) is world.region("019")
    assert {child.code for child in world.children(north_america)} == {"021", "013", "029"}
    assert [region.code for region in world.ancestors(world.region(alpha2))] == ancestors


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
        # Ancestors are the chain of parents, and North America above what it groups.
        chain: list[Region] = []
        parent = world.parent(region)
        while parent is not None:
            chain.append(parent)
            parent = world.parent(parent)
        grouped = {"021", "013", "029"} & {up.code for up in (region, *chain)}
        assert [up for up in ancestors if up.code != "003"] == chain
        assert (by_code["003"] in ancestors) == bool(grouped), region.slug


# Slugs and keys --------------------------------------------------------------------------------


def test_slugs_are_well_formed_and_unique(world: Registry) -> None:
    slugs = [region.slug for region in world.regions]
    assert all(SLUG.match(slug) for slug in slugs), [s for s in slugs if not SLUG.match(s)]
    assert [slug for slug, n in Counter(slugs).items() if n > 1] == []


def test_parents_come_before_children() -> None:
    seen: set[str] = set()
    for region in load_world().regions:
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
