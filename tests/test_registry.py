"""The registry: look-ups, list parsing, site regions and organizations, and data-file mistakes."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Iterator
from pathlib import Path

import pycountry
import pytest
from babel import Locale

from pelican_coopregions import DataFileError, MetadataError, Organization, Region, Registry
from pelican_coopregions.core.tree import index_tree

FIXTURES = Path(__file__).parent / "fixtures" / "data"
SEEDS = ["VE", "AR", "HT", "GD", "CU"]


@pytest.fixture(scope="module")
def world() -> Registry:
    return Registry.default()


@pytest.fixture(scope="module")
def site() -> Registry:
    return Registry.load(
        regions=FIXTURES / "regions.toml", organizations=FIXTURES / "organizations.toml"
    )


def write(tmp_path: Path, text: str, name: str = "regions.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(
    tmp_path: Path, regions: str | None = None, organizations: str | None = None
) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        Registry.load(
            regions=None if regions is None else write(tmp_path, regions, "regions.toml"),
            organizations=(
                None
                if organizations is None
                else write(tmp_path, organizations, "organizations.toml")
            ),
        )
    message = str(caught.value)
    assert "validation error" not in message
    assert "\n" not in message
    return caught.value


def slugs(records: tuple[Region, ...] | tuple[Organization, ...]) -> list[str]:
    return [record.slug for record in records]


# Look-ups --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    ["peru", "Perú", "PE", "PER", "604", "  PERÚ ", "pe", "per", "pErU", "Peru\u0301", "peru\t"],
)
def test_every_spelling_finds_peru(world: Registry, key: str) -> None:
    peru = world.region(key)
    assert peru.slug == "peru"
    assert (peru.alpha2, peru.alpha3, peru.code, peru.kind) == ("PE", "PER", "604", "country")


def test_inner_whitespace_is_folded(world: Registry) -> None:
    assert world.region("latin   america").code == "419"
    assert world.region("\tLatin\u00a0America\n").code == "419"
    assert world.parse_regions(" Latin   America ;  South\tAmerica ") == (
        world.region("419"),
        world.region("005"),
    )


@pytest.mark.parametrize("alpha2", SEEDS)
def test_seed_countries(world: Registry, alpha2: str) -> None:
    iso = pycountry.countries.get(alpha_2=alpha2)
    assert iso is not None
    country = world.region(alpha2)
    assert country.is_country
    english = Locale("en").territories[alpha2]
    spanish = Locale("es").territories[alpha2]
    for key in (alpha2, iso.alpha_3, iso.numeric, english, spanish, english.upper(), country.slug):
        assert world.region(key) is country, key
    assert world.parse_countries(f"{english}, {iso.alpha_3.lower()}, {spanish}") == (country,)


def test_contract_examples(site: Registry) -> None:
    world = Registry.default()
    assert world.region("latin-america").name("es") == "Latinoamérica"
    assert slugs(world.parse_regions("Latin America; Caribbean")) == ["latin-america", "caribbean"]
    assert slugs(world.parse_countries("VE, Argentina, Perú")) == ["venezuela", "argentina", "peru"]
    assert slugs(site.parse_organizations("Cecosesola; CoopCycle")) == ["cecosesola", "coopcycle"]
    assert slugs(world.ancestors(world.region("VE"))) == [
        "south-america",
        "latin-america",
        "americas",
        "world",
    ]


def test_parse_returns_typed_tuples(site: Registry) -> None:
    regions = site.parse_regions("Latin America; Caribbean")
    assert isinstance(regions, tuple)
    assert all(isinstance(region, Region) for region in regions)
    organizations = site.parse_organizations("Cecosesola, CoopCycle")
    assert isinstance(organizations, tuple)
    assert all(isinstance(o, Organization) for o in organizations)


# Splitting like Pelican's tags -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   ", []),
        (";", []),
        (",,, ,", []),
        ("Peru", ["peru"]),
        ("Peru, Chile", ["peru", "chile"]),
        ("Peru; Chile", ["peru", "chile"]),
        ("Peru;; ;Chile;", ["peru", "chile"]),
        ("Peru, PE, Perú, 604, PER, peru", ["peru"]),
        ("Chile; Peru; Chile; PE", ["chile", "peru"]),
        ("Côte d’Ivoire; Cote d'Ivoire; CI", ["cote-d-ivoire"]),
        ("St. Kitts & Nevis, Trinidad & Tobago", ["st-kitts-nevis", "trinidad-tobago"]),
    ],
)
def test_split_and_deduplicate(world: Registry, text: str, expected: list[str]) -> None:
    assert slugs(world.parse_countries(text)) == expected


def test_semicolon_wins_over_comma(world: Registry) -> None:
    with pytest.raises(MetadataError) as caught:
        world.parse_countries("Peru; Chile, Argentina")
    assert caught.value.value == "Chile, Argentina"


def test_regions_field_accepts_countries_too(world: Registry) -> None:
    assert slugs(world.parse_regions("South America, VE")) == ["south-america", "venezuela"]


# Errors ----------------------------------------------------------------------------------------


def test_unknown_region_suggests(world: Registry) -> None:
    with pytest.raises(MetadataError) as caught:
        world.parse_regions("Caribbean; Latn America")
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.field == "regions"
    assert error.value == "Latn America"
    assert error.suggestions[0] == "Latin America"
    assert 1 <= len(error.suggestions) <= 3
    assert str(error).startswith("unknown region 'Latn America' (did you mean 'Latin America'")
    assert str(error).endswith("?)")


def test_single_suggestion_message() -> None:
    error = MetadataError("regions", "Latn America", ["Latin America"])
    assert str(error) == "unknown region 'Latn America' (did you mean 'Latin America'?)"


def test_no_suggestion_message(world: Registry) -> None:
    with pytest.raises(MetadataError) as caught:
        world.parse_regions("zzzzqqqq")
    assert caught.value.suggestions == ()
    assert str(caught.value) == "unknown region 'zzzzqqqq'"


def test_unknown_country_suggests_only_countries(world: Registry) -> None:
    with pytest.raises(MetadataError) as caught:
        world.parse_countries("Venezuela, Argentin")
    error = caught.value
    assert error.field == "countries"
    assert error.value == "Argentin"
    assert error.suggestions[0] == Locale("en").territories["AR"]
    assert all(world.region(name).is_country for name in error.suggestions)
    assert str(error).startswith("unknown country 'Argentin'")


def test_countries_refuse_regions(world: Registry) -> None:
    with pytest.raises(MetadataError) as caught:
        world.parse_countries("VE, South America")
    error = caught.value
    assert error.field == "countries"
    assert error.value == "South America"
    assert "is a region" in str(error)
    assert "not a country" in str(error)
    assert "'South America'" in str(error)


def test_countries_refuse_site_regions(site: Registry) -> None:
    with pytest.raises(MetadataError, match="is a region"):
        site.parse_countries("Andes")


def test_unknown_organization(site: Registry) -> None:
    with pytest.raises(MetadataError) as caught:
        site.parse_organizations("Cecosesola; Cecosesolla")
    error = caught.value
    assert error.field == "organizations"
    assert error.value == "Cecosesolla"
    assert error.suggestions == ("Cecosesola",)
    assert str(error) == "unknown organization 'Cecosesolla' (did you mean 'Cecosesola'?)"


def test_single_look_ups_raise_metadata_errors(site: Registry) -> None:
    with pytest.raises(MetadataError) as caught:
        site.region("Narnia")
    assert caught.value.field == "regions"
    with pytest.raises(MetadataError) as caught:
        site.organization("CoopCycl")
    assert caught.value.field == "organizations"
    assert caught.value.suggestions == ("CoopCycle",)


def test_long_values_are_cut_in_messages(world: Registry) -> None:
    value = "Narnia " * 2000
    with pytest.raises(MetadataError) as caught:
        world.parse_regions(value)
    assert caught.value.value == value.strip()
    assert len(str(caught.value)) < 300


def test_parsed_collects_every_error(world: Registry) -> None:
    parsed = world.country_rule.parse("Peru, Narnia, South America, Chile")
    assert slugs(parsed.items) == ["peru", "chile"]
    assert [error.value for error in parsed.errors] == ["Narnia", "South America"]
    with pytest.raises(MetadataError) as caught:
        parsed.or_raise()
    assert caught.value is parsed.errors[0]


def test_metadata_error_pickles(world: Registry) -> None:
    with pytest.raises(MetadataError) as caught:
        world.parse_countries("South America")
    for error in (caught.value, MetadataError("regions", "Latn", ["Latin America"])):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is MetadataError
        assert str(copy) == str(error)
        assert (copy.field, copy.value, copy.suggestions) == (
            error.field,
            error.value,
            error.suggestions,
        )


def test_records_pickle_and_hash(site: Registry) -> None:
    peru = site.region("PE")
    cecosesola = site.organization("Cecosesola")
    for record in (peru, site.region("andes"), cecosesola):
        copy = pickle.loads(pickle.dumps(record))
        assert copy == record
        assert hash(copy) == hash(record)
    assert len({peru, site.region("peru"), site.region("604")}) == 1


# Site regions ----------------------------------------------------------------------------------


def test_site_group_with_members(site: Registry) -> None:
    andes = site.region("Andes")
    assert andes.kind == "custom"
    assert andes.slug == "andes"
    assert andes.name("es") == "Los Andes"
    assert andes.description("es") == "Los países andinos"
    assert site.parent(andes) == site.region("South America")
    assert [region.alpha2 for region in site.children(andes)] == ["BO", "CO", "EC", "PE", "VE"]
    assert andes in site.children(site.region("South America"))
    for key in ("andes", "Los Andes", "andean community", "Region Andina"):
        assert site.region(key) is andes


def test_ancestors_put_the_group_before_its_parent(site: Registry) -> None:
    ancestors = slugs(site.ancestors(site.region("PE")))
    assert ancestors == ["andes", "south-america", "latin-america", "americas", "world"]
    assert slugs(site.ancestors(site.region("andes"))) == [
        "south-america",
        "latin-america",
        "americas",
        "world",
    ]
    # A country outside the group is unaffected.
    assert "andes" not in slugs(site.ancestors(site.region("AR")))


def test_group_without_parent_is_in_the_world(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nname = "Global South"\nmembers = ["Africa", "419"]\n')
    registry = Registry.load(regions=path)
    group = registry.region("global south")
    assert group.parent == "world"
    assert slugs(registry.ancestors(group)) == ["world"]
    ancestors = slugs(registry.ancestors(registry.region("VE")))
    assert ancestors[-1] == "world"
    assert ancestors.index("latin-america") < ancestors.index("global-south")
    assert len(set(ancestors)) == len(ancestors)


def test_nested_groups(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[region]]\nname = "Andes"\nparent = "South America"\nmembers = ["PE", "BO"]\n'
        '[[region]]\nname = "Altiplano"\nparent = "Andes"\nmembers = ["BO"]\n',
    )
    registry = Registry.load(regions=path)
    assert slugs(registry.ancestors(registry.region("BO"))) == [
        "altiplano",
        "andes",
        "south-america",
        "latin-america",
        "americas",
        "world",
    ]


def test_extends_renames_a_builtin_region(site: Registry) -> None:
    latin_america = site.region("419")
    assert latin_america.slug == "latin-america"
    assert latin_america.kind == "subregion"
    assert latin_america.name("es") == "América Latina"
    assert latin_america.name() == Locale("en").territories["419"]
    assert latin_america.description() == "Latin America and the Caribbean"
    assert latin_america.description("es-VE") == "América Latina y el Caribe"
    # The former CLDR name, the new name and the new alias all still find it.
    for key in ("Latinoamérica", "latinoamerica", "América Latina", "LatAm", "latin america"):
        assert site.region(key) is latin_america, key
    assert site.ancestors(site.region("AR"))[1] is latin_america
    assert slugs(site.children(latin_america)) == slugs(Registry.default().children(latin_america))


def test_extends_renaming_in_english(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nextends = "US"\nname = "USA"\n')
    registry = Registry.load(regions=path)
    usa = registry.region("united states")
    assert usa.name() == "USA"
    assert usa.slug == "united-states"  # the slug, hence the URL, does not move
    assert registry.region("usa") is usa


def test_extends_cannot_move_a_region(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nextends = "Peru"\nparent = "Andes"\n')
    assert error.field == "extends"
    assert "region entry 1" in str(error)
    assert "parent" in str(error)


def test_a_place_extended_twice_names_both_entries(tmp_path: Path) -> None:
    """The second entry would silently win: it is an error naming both, on the second."""
    error = load_error(
        tmp_path,
        '[[region]]\nextends = "Peru"\naliases = ["Tierra Inca"]\n\n'
        '[[region]]\nextends = "PE"\nname.es = "el Perú"\n',
    )
    assert (error.entry, error.field, error.line) == ("region entry 2 ('el Perú')", "extends", 6)
    assert "extends built-in region 'Peru' again: " in str(error)
    assert "region entry 1, which extends built-in region 'Peru' already does" in str(error)


def test_a_member_listed_twice_under_any_name_names_both(tmp_path: Path) -> None:
    """A group naming Peru four ways would list it four times."""
    error = load_error(
        tmp_path,
        '[[region]]\nname = "Andes"\nmembers = ["BO", "Perú", "CO", "PER", "peru", "604"]\n',
    )
    assert (error.entry, error.field, error.line) == ("region entry 1 ('Andes')", "members", 3)
    assert "'Perú' and 'PER' both name 'Peru': list each member once" in str(error)


def test_extends_unknown_region(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nextends = "Latn America"\nname.es = "AL"\n')
    assert error.field == "extends"
    assert "unknown region 'Latn America'" in str(error)
    assert "'Latin America'" in str(error)


# Site organizations ----------------------------------------------------------------------------


def test_organizations(site: Registry) -> None:
    cecosesola = site.organization("cecosesola")
    assert cecosesola.name() == "Cecosesola"
    assert cecosesola.description("es") == "Red de cooperativas del estado Lara"
    assert cecosesola.founded == 1967
    assert cecosesola.locality == "Barquisimeto"
    assert site.country_of(cecosesola) is site.region("VE")
    assert site.organization("Central Cooperativa de Servicios Sociales de Lara") is cecosesola
    coopcycle = site.organization("COOPCYCLE")
    assert str(coopcycle.website) == "https://coopcycle.org"  # kept as written
    assert site.country_of(coopcycle) is site.region("FR")
    assert site.federation_of(coopcycle) is None


def test_organization_federations(site: Registry) -> None:
    member = site.organization("csr")
    assert member.slug == "ciclo-sur"
    assert site.organization("Cooperativa de Reparto Ciclo Sur") is member
    coopcycle = site.organization("CoopCycle")
    assert site.federation_of(member) is coopcycle
    assert site.members_of(coopcycle) == (member,)
    assert site.country_of(member) is site.region("AR")


@pytest.mark.parametrize(
    ("key", "alpha2"), [("cclp", "HT"), ("Grenada Cocoa Growers Cooperative", "GD")]
)
def test_organization_countries_resolve_any_key(site: Registry, key: str, alpha2: str) -> None:
    assert site.country_of(site.organization(key)) is site.region(alpha2)


def test_organization_country_must_be_a_country(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, organizations='[[organization]]\nname = "Red"\ncountry = "South America"\n'
    )
    assert str(tmp_path / "organizations.toml") in str(error)
    assert error.entry == "organization entry 1 ('Red')"
    assert "not a country" in str(error)


def test_organization_country_unknown(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, organizations='[[organization]]\nname = "Red"\ncountry = "Venezuala"\n'
    )
    assert error.field == "country"
    assert "unknown country 'Venezuala'" in str(error)
    assert "'Venezuela'" in str(error)


# Data-file mistakes ----------------------------------------------------------------------------


def test_two_regions_with_one_slug(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nname = "Andes"\n\n[[region]]\nname = "Andés"\n')
    message = str(error)
    assert error.entry == "region entry 2 ('Andés')"
    assert "region entry 1 ('Andes')" in message
    assert "'andes'" in message
    assert message.count(str(tmp_path / "regions.toml")) == 2


def test_two_organizations_with_one_slug(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, organizations='[[organization]]\nname = "Peru"\n[[organization]]\nname = "Perú"\n'
    )
    assert error.entry == "organization entry 2 ('Perú')"
    assert "organization entry 1 ('Peru')" in str(error)
    assert "'peru'" in str(error)


def test_a_region_redefining_a_builtin_one(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nname = "Perú"\n')
    assert error.entry == "region entry 1 ('Perú')"
    assert "built-in region 'Peru'" in str(error)
    assert "extends" in str(error)


def test_a_name_taken_by_another_region(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nname = "Andes"\naliases = ["Sudamérica"]\n')
    assert error.entry == "region entry 1 ('Andes')"
    assert "'Sudamérica'" in str(error)
    assert "built-in region 'South America'" in str(error)


def test_two_organizations_with_one_acronym(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        organizations='[[organization]]\nname = "Alpha"\nacronym = "CC"\n'
        '[[organization]]\nname = "Beta"\nacronym = "cc"\n',
    )
    assert error.entry == "organization entry 2 ('Beta')"
    assert "organization entry 1 ('Alpha')" in str(error)
    assert "'cc'" in str(error)


def test_extends_name_taken_by_another_region(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nextends = "Caribbean"\nname = "Latin America"\n')
    assert error.path == tmp_path / "regions.toml"
    assert "region entry 1" in str(error)
    assert "'Caribbean'" in str(error)
    assert "built-in region 'Latin America'" in str(error)


def test_missing_parent(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nname = "Andes"\nparent = "Sud America"\n')
    assert error.path == tmp_path / "regions.toml"
    assert error.entry == "region entry 1 ('Andes')"
    assert error.field == "parent"
    assert "unknown region 'Sud America'" in str(error)
    assert "'South America'" in str(error)


def test_missing_member(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nname = "Andes"\nmembers = ["PE", "XX"]\n')
    assert error.field == "members"
    assert "'XX'" in str(error)


def test_missing_organization_parent(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, organizations='[[organization]]\nname = "Sur"\nparent = "Coopcykle"\n'
    )
    assert error.entry == "organization entry 1 ('Sur')"
    assert error.field == "parent"
    assert "unknown organization 'Coopcykle'" in str(error)


def test_region_parent_cycle(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        '[[region]]\nname = "Alpha"\nparent = "Beta"\n\n'
        '[[region]]\nname = "Beta"\nparent = "Alpha"\n',
    )
    message = str(error)
    assert error.path == tmp_path / "regions.toml"
    assert "cycle" in message
    assert "region entry 1 ('Alpha')" in message
    assert "region entry 2 ('Beta')" in message
    assert "alpha -> beta -> alpha" in message


def test_region_is_its_own_parent(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nname = "Alpha"\nparent = "alpha"\n')
    assert "cycle" in str(error)
    assert error.entry == "region entry 1 ('Alpha')"


def test_cycle_through_a_builtin_region_names_the_file(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, '[[region]]\nname = "Andes"\nparent = "Peru"\nmembers = ["Peru"]\n'
    )
    assert error.path == tmp_path / "regions.toml"
    assert error.entry == "region entry 1 ('Andes')"
    assert "cycle" in str(error)
    assert "built-in region 'Peru'" in str(error)


def test_organization_parent_cycle(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        organizations='[[organization]]\nname = "Alpha Coop"\nparent = "Beta Coop"\n\n'
        '[[organization]]\nname = "Beta Coop"\nparent = "Alpha Coop"\n',
    )
    message = str(error)
    assert error.path == tmp_path / "organizations.toml"
    assert "cycle" in message
    assert "organization entry 1 ('Alpha Coop')" in message
    assert "organization entry 2 ('Beta Coop')" in message


def test_region_and_organization_may_share_a_slug(tmp_path: Path) -> None:
    registry = Registry.load(
        regions=write(tmp_path, '[[region]]\nname = "Andes"\n'),
        organizations=write(tmp_path, '[[organization]]\nname = "Andes"\n', "o.toml"),
    )
    assert registry.region("andes").slug == registry.organization("andes").slug


def test_region_errors_name_the_regions_file_when_an_organization_shares_a_slug(
    tmp_path: Path,
) -> None:
    error = load_error(
        tmp_path,
        '[[region]]\nname = "Andes"\nparent = "Gamma"\n'
        '[[region]]\nname = "Gamma"\nparent = "Andes"\n',
        '[[organization]]\nname = "Andes"\n',
    )
    assert error.path == tmp_path / "regions.toml"
    assert "organization" not in str(error)
    assert "region entry 1 ('Andes')" in str(error)


def test_bad_founded_year(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, organizations='[[organization]]\nname = "Cecosesola"\nfounded = 67\n'
    )
    assert error.path == tmp_path / "organizations.toml"
    assert error.entry == "organization entry 1 ('Cecosesola')"
    assert error.field == "founded"
    assert "1000" in str(error)
    assert "'67'" in str(error)


@pytest.mark.parametrize("website", ["cecosesola dot org", "ftp://cecosesola.org", "https://"])
def test_bad_website(tmp_path: Path, website: str) -> None:
    error = load_error(
        tmp_path, organizations=f'[[organization]]\nname = "Cecosesola"\nwebsite = "{website}"\n'
    )
    message = str(error)
    assert error.path == tmp_path / "organizations.toml"
    assert error.entry == "organization entry 1 ('Cecosesola')"
    assert error.field == "website"
    assert "field 'website'" in message
    assert "URL" in message
    assert repr(website) in message
    assert "Value error" not in message


def test_bad_slug(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nslug = "Los Andes"\nname = "Andes"\n')
    assert error.field == "slug"
    assert "'Los Andes' is not a slug" in str(error)
    assert "Value error" not in str(error)


def test_name_without_english(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nname = { es = "Los Andes" }\n')
    assert error.entry == "region entry 1 ('Los Andes')"
    assert error.field == "name"
    assert "English" in str(error)


def test_name_without_english_but_with_slug(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nslug = "andes"\nname = { es = "Los Andes" }\n')
    assert error.entry == "region entry 1 ('andes')"
    assert error.field == "name"  # as written in the file, not the model's "names"
    assert "English" in str(error)
    assert "Value error" not in str(error)


def test_name_without_any_letter(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[[region]]\nname = "中国南方"\n')
    assert error.field == "slug"
    assert "slug" in str(error)


# Pathological hierarchies: every walk iterative, each region or organization visited once ---


@pytest.fixture
def shallow_stack() -> Iterator[None]:
    """A recursion limit far below the depth of the data: any recursive walk would fail."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def chain_of_regions(size: int) -> str:
    return "\n".join(
        f'[[region]]\nslug = "r{n}"\nname = "Region {n}"\n'
        + (f'parent = "r{n - 1}"\n' if n else 'members = ["AR"]\n')
        for n in range(size)
    )


@pytest.mark.usefixtures("shallow_stack")
def test_a_chain_10000_regions_deep_loads_and_walks(tmp_path: Path) -> None:
    registry = Registry.load(regions=write(tmp_path, chain_of_regions(10_000)))
    deepest = registry.region("r9999")
    assert registry.depth(deepest) == 10_000
    lineage = registry.lineage(deepest)
    assert [region.slug for region in lineage[:2]] == ["world", "r0"]
    assert len(lineage) == 10_000
    ancestors = registry.ancestors(deepest)
    assert ancestors[0].slug == "r9998"
    assert ancestors[-1].slug == "world"
    found: dict[str, None] = {}
    assert len(registry.containing(deepest, found)) == 10_000
    assert len(found) == 10_000
    assert registry.containing(registry.region("r5000"), found) == []


@pytest.mark.usefixtures("shallow_stack")
def test_a_cycle_at_the_end_of_a_long_chain_is_reported(tmp_path: Path) -> None:
    text = chain_of_regions(3000).replace(
        'slug = "r0"\nname = "Region 0"\nmembers = ["AR"]\n',
        ('slug = "r0"\nname = "Region 0"\nparent = "r2999"\n'),
    )
    error = load_error(tmp_path, text)
    assert "parent cycle: r0 -> r2999 -> r2998" in str(error)
    assert error.line == 4  # the parent of entry 1


def nested_groups(size: int) -> str:
    """Groups whose members are the two groups before them: 2**size paths through them."""
    return "\n".join(
        f'[[region]]\nslug = "g{n}"\nname = "Group {n}"\n'
        + ('members = ["AR"]\n' if n < 2 else f'members = ["g{n - 1}", "g{n - 2}"]\n')
        for n in range(size)
    )


@pytest.mark.usefixtures("shallow_stack")
def test_the_index_tree_lists_each_group_once_and_its_members_once(tmp_path: Path) -> None:
    registry = Registry.load(regions=write(tmp_path, nested_groups(400)))
    rows = index_tree(
        registry,
        lambda region: region.slug in {"argentina"} or region.kind == "custom",
        lambda region: region.name(),
    )
    placed = [row.region.slug for row in rows if not row.member]
    assert len(placed) == len(set(placed))  # each region drawn once, in its place
    groups = [row for row in rows if row.region.slug.startswith("g") and not row.member]
    assert len(groups) == 400
    memberships = [row for row in rows if row.member]
    assert len(memberships) == 2 + 2 * 398  # AR in g0 and g1, two groups in each of the 398 others
    g5 = next(index for index, row in enumerate(rows) if row.region.slug == "g5" and not row.member)
    assert [(row.region.slug, row.member) for row in rows[g5 + 1 : g5 + 3]] == [
        ("g3", True),
        ("g4", True),
    ]


@pytest.mark.usefixtures("shallow_stack")
def test_a_federation_chain_is_checked_once_per_organization(tmp_path: Path) -> None:
    size = 5000
    organizations = "\n".join(
        f'[[organization]]\nslug = "f{n}"\nname = "Federation {n}"\n'
        + (f'parent = "f{n - 1}"\n' if n else "")
        for n in range(size)
    )
    registry = Registry.load(organizations=write(tmp_path, organizations, "organizations.toml"))
    last = registry.organization("f4999")
    assert registry.federation_of(last) is registry.organization("f4998")
    cyclic = organizations.replace(
        'slug = "f0"\nname = "Federation 0"\n',
        ('slug = "f0"\nname = "Federation 0"\nparent = "f4999"\n'),
    )
    error = load_error(tmp_path, organizations=cyclic)
    assert "federation cycle: f0 -> f4999 -> f4998" in str(error)
    assert error.entry == "organization entry 1 ('f0')"
