"""Names as each language's press writes them: never a wrong place, never a silent guess.

``fixtures/names/press/<lang>.tsv`` holds, for every shipped language, several hundred names
as newspapers and cooperative sites of that language write them, written by hand from their
pages (not from the package's vocabulary, which is what they test). Each row says what the
name must do on a site in that language: find one place; be refused as shared, naming every
place it may mean; or, misspelt, be refused with the place meant as the first suggestion.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

from pelican_coopregions import MetadataError, Region, Registry
from pelican_coopregions.core.keys import lookup_key

PRESS = Path(__file__).parent / "fixtures" / "names" / "press"
LANGUAGES = ("en", "es", "pt", "pt-PT", "fr")
# Several hundred per language, most of them differing by more than case and accents.
AT_LEAST = 200


@dataclass(frozen=True)
class Row:
    form: str
    expects: str  # "=" finds, "?" shared, "~" misspelt
    places: tuple[str, ...]


def rows(lang: str) -> list[Row]:
    found = []
    for line in (PRESS / f"{lang}.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            form, expects, places = line.split("\t")
            found.append(Row(form, expects, tuple(places.split())))
    return found


@functools.cache
def site(lang: str) -> Registry:
    """The registry of a site whose pages are in ``lang``."""
    return Registry.default(languages=(lang,))


def code_of(region: Region) -> str:
    return region.alpha2 or region.code or region.slug


def outcome(registry: Registry, row: Row) -> str | None:
    """What went wrong with ``row``, or ``None``."""
    try:
        found = registry.region(row.form)
    except MetadataError as error:
        if row.expects == "=":
            return f"refused: {error}"
        if row.expects == "?":
            expected = {registry.region(place).name() for place in row.places}
            ambiguous = error.problem.startswith("ambiguous")
            if not ambiguous or set(error.suggestions) != expected:
                return f"not refused with exactly {sorted(expected)}: {error}"
            return None
        if not error.problem.startswith("unknown") or not error.suggestions:
            return f"no suggestion: {error}"
        first = registry.region(error.suggestions[0])
        if code_of(first) != row.places[0]:
            return f"first suggestion {error.suggestions[0]!r} is {code_of(first)}: {error}"
        return None
    if row.expects != "=" or code_of(found) != row.places[0]:
        return f"found {code_of(found)} ({found.name()})"
    return None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_list_is_large_and_written_once(lang: str) -> None:
    table = rows(lang)
    forms = [row.form for row in table]
    assert len(forms) == len(set(forms)), "a form is listed twice"
    assert len({lookup_key(form) for form in forms}) >= AT_LEAST
    assert {row.expects for row in table} == {"=", "?", "~"}
    assert all(len(row.places) == 1 for row in table if row.expects != "?")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_name_of_the_press_finds_a_wrong_place(lang: str) -> None:
    """The whole list at once: zero wrong resolutions, every shared name refused with all its
    places, every misspelling with the place meant first."""
    registry = site(lang)
    wrong = [(row.form, problem) for row in rows(lang) if (problem := outcome(registry, row))]
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_name_is_never_guessed_inside_a_list(lang: str) -> None:
    """In a list of several, each name is what it is alone: found, or reported, never dropped
    or taken for another."""
    registry = site(lang)
    table = rows(lang)
    text = "; ".join(row.form for row in table)
    parsed = registry.region_rule.parse(text)
    expected = list(dict.fromkeys(row.places[0] for row in table if row.expects == "="))
    assert [code_of(region) for region in parsed.items] == expected
    refused = {error.value for error in parsed.errors}
    assert refused == {row.form for row in table if row.expects != "="}
