"""Every heading can be written back as metadata, in every shipped language; names with commas.

A page's heading is what a reader copies into the next article's metadata. On a site in any
mix of the shipped languages, with its own data files, every place's heading in every page
language finds that place, however it is typed and wherever it stands in a list, names that
hold a comma included ("Korea, Republic of", "Fagor Electrodomésticos, S. Coop.").
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican_coopregions import MetadataError, Registry
from pelican_coopregions.testing import written

FIXTURES = Path(__file__).parent / "fixtures" / "data"
SHIPPED = ("en", "es", "pt", "pt-PT", "fr")
LANGUAGE_SETS = st.lists(st.sampled_from(SHIPPED), min_size=1, max_size=5, unique=True).map(
    lambda languages: tuple(sorted(languages))
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def site(languages: tuple[str, ...]) -> Registry:
    """A site with pages in ``languages``, its own regions (Andes, Latin America renamed) and
    organizations."""
    return Registry.load(
        regions=FIXTURES / "regions.toml",
        organizations=FIXTURES / "organizations.toml",
        languages=languages,
    )


@pytest.mark.parametrize("languages", [(lang,) for lang in SHIPPED] + [SHIPPED])
def test_every_heading_finds_its_place(languages: tuple[str, ...]) -> None:
    """Every place, every page language: all of them, not a sample."""
    registry = site(languages)
    wrong = [
        (lang, region.slug, region.name(lang))
        for lang in languages
        for region in registry.regions
        if registry.region_rule.index.get(region.name(lang)) is not region
    ]
    assert wrong == []


@pytest.mark.slow
@FAST
@given(LANGUAGE_SETS, st.data())
def test_a_heading_typed_any_way_in_a_list_finds_its_place(
    languages: tuple[str, ...], data: st.DataObject
) -> None:
    registry = site(languages)
    region = data.draw(st.sampled_from(registry.regions))
    lang = data.draw(st.sampled_from(languages))
    heading = data.draw(written(region.name(lang)))
    other = data.draw(st.sampled_from(registry.regions))
    for separator in ("; ", ", "):
        text = separator.join([heading, other.name(lang), heading])
        found = registry.parse_regions(text)
        assert found == tuple(dict.fromkeys([region, other])), (text, found)


@FAST
@given(LANGUAGE_SETS, st.data())
def test_an_organization_heading_finds_it(languages: tuple[str, ...], data: st.DataObject) -> None:
    registry = site(languages)
    organization = data.draw(st.sampled_from(registry.organizations))
    lang = data.draw(st.sampled_from(languages))
    assert registry.organization(data.draw(written(organization.name(lang)))) is organization


# Names with commas ---------------------------------------------------------------------------

ORGANIZATIONS = """\
[[organization]]
slug = "fagor"
name = "Fagor Electrodomésticos, S. Coop."
country = "ES"

[[organization]]
slug = "obrera"
name = "Cooperativa Obrera, Ltda."
country = "AR"

[[organization]]
slug = "eroski"
name = "Eroski"
country = "ES"
"""


@pytest.fixture(scope="module")
def with_commas(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    path = tmp_path_factory.mktemp("commas") / "organizations.toml"
    path.write_text(ORGANIZATIONS, encoding="utf-8")
    return Registry.load(organizations=path, languages=("pt",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fagor Electrodomésticos, S. Coop., Eroski", ["fagor", "eroski"]),
        ("Eroski, Cooperativa Obrera, Ltda.", ["eroski", "obrera"]),
        ("Fagor Electrodomésticos, S. Coop.; Cooperativa Obrera, Ltda.", ["fagor", "obrera"]),
        ("fagor electrodomesticos , s coop", ["fagor"]),
    ],
)
def test_a_name_with_a_comma_is_found_whole(
    with_commas: Registry, text: str, expected: list[str]
) -> None:
    assert [record.slug for record in with_commas.parse_organizations(text)] == expected


def test_a_place_whose_name_holds_a_comma_is_found_in_a_comma_list(with_commas: Registry) -> None:
    """The longest known name wins: "Hong Kong, RAE da China" is not Hong Kong and an unknown."""
    found = with_commas.parse_regions("Hong Kong, RAE da China, Peru, Korea, Republic of")
    assert [region.alpha2 for region in found] == ["HK", "PE", "KR"]
    # With an article too (found by the parsing property test).
    found = with_commas.parse_countries(
        "the Taiwan, Province of China, Peru, la Corée, République de"
    )
    assert [region.alpha2 for region in found] == ["TW", "PE", "KR"]


def test_a_name_split_at_its_comma_says_so(with_commas: Registry) -> None:
    parsed = with_commas.organization_rule.parse("Fagor Electrodomesticos, S. Cop., Eroski")
    assert [record.slug for record in parsed.items] == ["eroski"]
    first = parsed.errors[0]
    assert first.value == "Fagor Electrodomesticos"
    assert first.suggestions == ("Fagor Electrodomésticos, S. Coop.",)
    assert "split from the value at a comma" in str(first)
    assert "written whole, with ';' between the names" in str(first)
    with pytest.raises(MetadataError) as caught:
        with_commas.parse_regions("Narnia, Peru")
    assert "comma" not in str(caught.value)  # an unknown place is only unknown
