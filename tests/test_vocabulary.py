"""Every name people write finds the right place; shared names are refused, never guessed.

The written forms in ``fixtures/names/written-forms.tsv`` were gathered by hand from how
cooperative and news sites write places in English and Spanish; the package's vocabulary is
tested against them, not the other way round.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican_coopregions import MetadataError, Region, Registry
from pelican_coopregions.core.keys import lookup_key

FIXTURES = Path(__file__).parent / "fixtures"
WRITTEN = FIXTURES / "names" / "written-forms.tsv"


def written_forms() -> list[tuple[str, str]]:
    rows = []
    for line in WRITTEN.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            form, place = line.split("\t")
            rows.append((form, place))
    return rows


@functools.cache
def english_site() -> Registry:
    """The registry of a site whose content is all in English."""
    return Registry.default(languages=("en",))


def code_of(region: Region) -> str:
    return region.alpha2 or region.code or region.slug


def test_the_table_is_large_and_names_every_place_once() -> None:
    rows = written_forms()
    forms = [form for form, _ in rows]
    assert len(forms) == len(set(forms)), "a form is listed twice"
    # At least 300 that differ by more than case and accents ("Perú" and "Peru" count once).
    assert len({lookup_key(form) for form in forms}) >= 300
    places = {place for _, place in rows}
    assert len(places) > 150


@pytest.mark.parametrize(("form", "place"), written_forms())
def test_written_form_finds_its_place(form: str, place: str) -> None:
    world = english_site()
    assert code_of(world.region(form)) == place
    # However it is typed, and inside a list of several.
    assert [code_of(r) for r in world.parse_regions(f" {form.upper()} ; Peru")] == [place, "PE"][
        : 1 if place == "PE" else 2
    ]


def test_no_written_form_finds_a_wrong_place() -> None:
    """The whole table at once: zero wrong resolutions, zero refusals."""
    world = english_site()
    wrong = []
    for form, place in written_forms():
        try:
            found = code_of(world.region(form))
        except MetadataError as error:
            found = str(error)
        if found != place:
            wrong.append((form, place, found))
    assert wrong == []


@pytest.mark.parametrize(
    ("form", "place"),
    [("UK", "GB"), ("EE. UU.", "US"), ("Myanmar", "MM"), ("Czech Republic", "CZ"), ("DRC", "CD")],
)
def test_countries_field_takes_everyday_names(form: str, place: str) -> None:
    assert [code_of(r) for r in english_site().parse_countries(form)] == [place]


# Shared names -----------------------------------------------------------------------------------

SHARED = [
    ("Congo", {"CG", "CD"}),
    ("congo", {"CG", "CD"}),
    ("The Congo", {"CG", "CD"}),
    ("El Congo", {"CG", "CD"}),
    ("Korea", {"KP", "KR"}),
    ("Corea", {"KP", "KR"}),
    ("Virgin Islands", {"VG", "VI"}),
    ("Islas Vírgenes", {"VG", "VI"}),
    ("New Guinea", {"PG", "ID"}),
    ("Nueva Guinea", {"PG", "ID"}),
    ("Timor", {"TL", "ID"}),
    ("Guiana", {"GY", "SR", "GF"}),
    ("Guayana", {"GY", "SR", "GF"}),
    # North America (003) as often as Northern America (021): its Spanish page says
    # "América septentrional" for 021.
    ("Norteamérica", {"003", "021"}),
]


@pytest.mark.parametrize(("form", "places"), SHARED)
def test_a_shared_name_is_refused_with_every_place_it_names(form: str, places: set[str]) -> None:
    world = english_site()
    expected = {world.region(place).name() for place in places}
    for noun, parse in (("region", world.parse_regions), ("country", world.parse_countries)):
        with pytest.raises(MetadataError) as caught:
            parse(form)
        error = caught.value
        assert error.value == form
        assert error.problem.startswith(f"ambiguous {noun} {form!r}: ")
        assert set(error.suggestions) == expected
        assert str(len(places)) in error.problem
        for name in expected:
            assert repr(name) in str(error)
    with pytest.raises(MetadataError):
        world.region(form)


def test_every_name_the_vocabulary_shares_lists_all_its_places() -> None:
    world = english_site()
    for name, slugs in world.vocabulary.shared:
        with pytest.raises(MetadataError) as caught:
            world.parse_regions(name.text)
        names = {world.region(slug).name() for slug in slugs}
        assert set(caught.value.suggestions) == names, name


def test_a_shared_name_is_no_guess_even_in_a_list() -> None:
    parsed = english_site().region_rule.parse("Peru; Congo; Chile")
    assert [region.alpha2 for region in parsed.items] == ["PE", "CL"]
    assert [error.value for error in parsed.errors] == ["Congo"]


# Suggestions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("part", ["England", "Scotland", "Wales", "Inglaterra", "Escocia", "Gales"])
def test_parts_of_the_united_kingdom_suggest_it(part: str) -> None:
    with pytest.raises(MetadataError) as caught:
        english_site().parse_countries(part)
    assert caught.value.suggestions == ("United Kingdom",)
    assert caught.value.problem == f"unknown country {part!r}"


@pytest.mark.parametrize(
    ("typed", "never"),
    [
        # Each once suggested a different place (by letters, not words).
        ("Asia del Nort", "KP"),
        ("Europa del Nrte", "KP"),
        ("Africa del Nort", "KP"),
        ("America del Nrte", "KP"),
        ("Asia del Sud", "SS"),
        ("America Centrl", "017"),
        ("Englnd", "GL"),
        ("Birmanya", "RO"),
        ("DR Kongo", "CG"),
        ("D.R. Congo", "CG"),
        ("Congo DR", "CG"),
    ],
)
def test_suggestions_never_point_at_a_place_sharing_only_letters(typed: str, never: str) -> None:
    world = english_site()
    with pytest.raises(MetadataError) as caught:
        world.parse_regions(typed)
    suggested = {code_of(world.region(name)) for name in caught.value.suggestions}
    assert never not in suggested, caught.value.suggestions


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Venezuala", "Venezuela"),
        ("Argentna", "Argentina"),
        ("Chlie", "Chile"),
        ("Latin Amrica", "Latin America"),
        ("Untied Kingdom", "United Kingdom"),
        ("United Stats", "United States"),
        ("DR Kongo", "DR Congo"),
        ("Sud America", "South America"),
        ("Paises Bajoss", "Países Bajos"),  # "Netherlands" shares no word with it
        ("Brasill", "Brasil"),
        ("SouthAmerica", "South America"),
    ],
)
def test_typos_suggest_the_place_meant_first(typed: str, expected: str) -> None:
    with pytest.raises(MetadataError) as caught:
        english_site().parse_regions(typed)
    assert caught.value.suggestions[0] == expected


def test_a_region_mistyped_in_countries_suggests_no_country_sharing_a_word() -> None:
    with pytest.raises(MetadataError) as caught:
        english_site().parse_countries("America Centrl")
    assert caught.value.suggestions == ()


def test_names_sharing_no_word_get_no_suggestion() -> None:
    for typed in ("Atlantis", "Moon Islands", "Qwerty Land", "the Shire"):
        with pytest.raises(MetadataError) as caught:
            english_site().parse_regions(typed)
        assert caught.value.suggestions == (), typed


_WORD = re.compile(r"[^\W_]+")
# Words that join the words of a name ("of", "del"): sharing one of them is sharing nothing.
_STOP = {"the", "of", "and", "at", "on", "in", "de", "del", "la", "las", "el", "los", "y"}
_STOP |= {"e", "da", "das", "do", "dos", "di", "des", "du", "et", "und"}


def content_words(text: str) -> set[str]:
    """The words of a name, initials written with full stops as one ("U.A.E." is "uae")."""
    spaced = re.sub(r"\b(\w)\.(?=\w\b)", r"\1", text)  # "U.A.E." -> "UAE."
    return {w for w in _WORD.findall(lookup_key(spaced)) if len(w) > 1 and w not in _STOP}


@functools.cache
def vocabulary_words() -> list[str]:
    """Words of every name the registry knows, for Hypothesis to make names from."""
    world = english_site()
    found: set[str] = set()
    for region in world.regions:
        for name, _ in world.names_of(region):
            found |= content_words(name.text)
    return sorted(found)


@st.composite
def multi_word_name(draw: st.DrawFn) -> str:
    """Two to four words, known or not, some mistyped: what an author may write."""
    count = draw(st.integers(min_value=2, max_value=4))
    words = []
    for _ in range(count):
        word = draw(
            st.one_of(
                st.sampled_from(vocabulary_words()),
                st.sampled_from(sorted(_STOP | {"north", "south", "del", "norte", "sur"})),
                st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíóúñ", min_size=2, max_size=9),
            )
        )
        if len(word) > 3 and draw(st.booleans()):
            at = draw(st.integers(min_value=0, max_value=len(word) - 1))
            word = word[:at] + draw(st.sampled_from("aeioulnrst")) + word[at + 1 :]
        words.append(word)
    return " ".join(words)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(multi_word_name())
def test_a_suggestion_always_shares_a_word_with_a_name_of_several_words(text: str) -> None:
    written = content_words(text)
    if len(written) < 2:
        return
    world = english_site()
    for parse in (world.parse_regions, world.parse_countries):
        try:
            parse(text)
        except MetadataError as error:
            if error.problem.startswith("unknown"):
                for suggestion in error.suggestions:
                    assert written & content_words(suggestion), (text, suggestion)


# Languages -----------------------------------------------------------------------------------


SHIPPED_FORMS = (
    *("Brasil", "Alemania", "Japón", "España", "Burma", "EE. UU.", "Holland"),
    *("Alemanha", "Irão", "Vietnã", "Grã-Bretanha", "Allemagne", "Birmanie", "les États-Unis"),
)


def test_names_of_the_shipped_languages_do_not_depend_on_the_site_languages() -> None:
    for languages in [("en",), ("es",), ("en", "es"), ("fr",), ("pt", "de"), ("vi",)]:
        world = Registry.default(languages=languages)
        for form in SHIPPED_FORMS:
            assert world.region(form) is not None, (languages, form)


def test_other_languages_names_are_accepted_when_the_site_uses_them() -> None:
    with pytest.raises(MetadataError):
        english_site().region("Deutschland")
    assert Registry.default(languages=("de",)).region("Deutschland").alpha2 == "DE"
    assert Registry.default(languages=("it",)).region("Germania").alpha2 == "DE"


def test_a_code_written_as_a_code_is_never_shared() -> None:
    # In Vietnamese, Austria is "Áo", which folds onto Angola's code AO.
    world = Registry.default(languages=("vi",))
    assert world.region("AO").alpha2 == "AO"
    assert world.region("AGO").alpha2 == "AO"
    with pytest.raises(MetadataError) as caught:
        world.region("Áo")
    assert set(caught.value.suggestions) == {"Angola", "Austria"}


# Look-ups and display ---------------------------------------------------------------------


def test_repr_shows_the_place() -> None:
    world = english_site()
    assert repr(world.region("Burma")) == "<Region 'myanmar' Myanmar (country MM)>"
    assert repr(world.region("419")) == "<Region 'latin-america' Latin America (subregion 419)>"
    assert repr(world.region("XK")) == "<Region 'kosovo' Kosovo (country XK)>"


def test_names_of_a_place_per_language_with_sources() -> None:
    world = english_site()
    names = {
        (name.text, name.lang, name.source): others
        for name, others in world.names_of(world.region("MM"))
    }
    assert ("Myanmar", "en", "display") in names
    assert ("Burma", "en", "historical") in names
    assert ("Birmania", "es", "iso-translated") in names
    assert ("Birmânia", "pt", "historical") in names
    assert ("Birmanie", "fr", "display") in names
    assert ("MMR", None, "code") in names
    assert ("myanmar", None, "slug") in names
    congo = {name.text: others for name, others in world.names_of(world.region("CG"))}
    assert [other.alpha2 for other in congo["Congo"]] == ["CD"]
    assert congo["Republic of the Congo"] == ()


def test_a_sites_own_names_take_precedence_over_the_vocabulary(tmp_path: Path) -> None:
    regions = tmp_path / "regions.toml"
    regions.write_text(
        '[[region]]\nname = "Low Countries"\naliases = ["Holland", "Congo"]\n'
        'members = ["NL", "BE", "LU"]\n\n'
        '[[region]]\nextends = "Venezuela"\naliases = ["Tierra de Gracia"]\n',
        encoding="utf-8",
    )
    site = Registry.load(regions=regions)
    assert site.region("Holland").slug == "low-countries"
    assert site.region("Congo").slug == "low-countries"
    assert site.region("Holanda").alpha2 == "NL"
    assert site.region("Tierra de Gracia").alpha2 == "VE"
    assert site.region("Bolivarian Republic of Venezuela").alpha2 == "VE"
    names = {name.text for name, _ in site.names_of(site.region("NL"))}
    assert "Holanda" in names and "Holland" not in names
    assert ("Tierra de Gracia", "alias") in {
        (name.text, name.source) for name, _ in site.names_of(site.region("VE"))
    }
