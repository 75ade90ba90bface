"""Index order follows the Unicode Collation Algorithm, with CLDR's Spanish tailoring."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican_coopregions import Registry
from pelican_coopregions.core import sorting
from pelican_coopregions.core.sorting import COVERED, Collation

LANGUAGES = ("en", "es", "pt", "fr")

NAMES = ["Zambia", "Ñandú", "Nueva Zelanda", "Omán", "Ángola", "Angola", "Ecuador", "Égypte"]


def test_accented_names_sort_with_their_base_letter() -> None:
    collation = Collation()
    ordered = sorted(NAMES, key=lambda name: collation.key(name, "en"))
    assert ordered.index("Ángola") == ordered.index("Angola") + 1
    assert ordered.index("Égypte") == ordered.index("Ecuador") + 1
    assert ordered[-1] == "Zambia"  # not after it, as code-point order would put "Á" and "É"


def test_spanish_puts_enye_after_every_n() -> None:
    collation = Collation()
    spanish = sorted(NAMES, key=lambda name: collation.key(name, "es"))
    assert spanish.index("Nueva Zelanda") < spanish.index("Ñandú") < spanish.index("Omán")
    english = sorted(NAMES, key=lambda name: collation.key(name, "en"))
    assert english.index("Ñandú") < english.index("Nueva Zelanda")  # DUCET: ñ is n + accent


def test_prepared_keys_are_the_keys_computed_on_demand() -> None:
    prepared, on_demand = Collation(), Collation()
    prepared.prepare((name, "es") for name in NAMES)
    assert [prepared.key(n, "es") for n in NAMES] == [on_demand.key(n, "es") for n in NAMES]


def test_keys_saved_by_one_build_spare_the_next_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [("Ñandú", "es"), ("Omán", "es"), ("Zambia", "en"), ("Ángola", "en")]
    first = Collation()
    first.prepare(names)
    path = tmp_path / "cache" / "keys.pickle"
    first.save(path)

    def no_table() -> None:
        raise AssertionError("the collation table was loaded")

    monkeypatch.setattr(sorting, "Collator", no_table)
    second = Collation()
    assert second.load(path) == len(names)
    assert [second.key(text, lang) for text, lang in names] == [
        first.key(text, lang) for text, lang in names
    ]
    path.write_bytes(b"not a pickle")
    assert Collation().load(path) == 0  # computed again, no error


@pytest.fixture(scope="module")
def whole() -> Collation:
    """Keys from the whole UCA table for every name (its Latin part never used)."""
    collation = Collation()
    collation._collators[True] = collation._collator(False)
    return collation


def test_the_latin_part_of_the_table_gives_every_shipped_name_its_whole_table_key(
    whole: Collation,
) -> None:
    """data/collation-latin.txt (scripts/generate_collation.py) keeps the entries of the
    table made of Latin characters: a Latin name's key is the same with it as with the whole
    table, for every place in every shipped language and the Spanish tailoring."""
    registry = Registry.default(languages=LANGUAGES)
    names = {(region.name(lang), lang) for region in registry.regions for lang in LANGUAGES}
    latin = Collation()
    compared = 0
    for text, lang in sorted(names):
        if all(ord(char) in COVERED for char in unicodedata.normalize("NFD", text)):
            assert latin.key(text, lang) == whole.key(text, lang), (text, lang)
            compared += 1
    assert compared > 1000


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(sorted(map(chr, COVERED))), max_size=12))
def test_the_latin_part_agrees_with_the_whole_table_on_any_latin_text(
    whole: Collation, text: str
) -> None:
    latin = Collation()
    for lang in ("en", "es"):
        assert latin.key(text, lang) == whole.key(text, lang)


def test_the_latin_part_is_made_from_the_installed_table() -> None:
    """The shipped file is what scripts/generate_collation.py makes of the installed pyuca
    (``make data`` after a pyuca upgrade)."""
    from generate_collation import TARGET, latin_table

    assert Path(TARGET).read_text(encoding="utf-8") == latin_table()
