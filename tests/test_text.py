"""Unicode hygiene: invisible and look-alike characters in data files and metadata values."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_coopregions import DataFileError, MetadataError, Registry
from pelican_coopregions.core.keys import lookup_key
from pelican_coopregions.core.text import NOT_XML, mixed_script, nfc, refused_character

FORMAT_CHARACTERS = {
    "\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE",
    "\u200b": "U+200B ZERO WIDTH SPACE",
    "\u200d": "U+200D ZERO WIDTH JOINER",
    "\u00ad": "U+00AD SOFT HYPHEN",
    "\u2060": "U+2060 WORD JOINER",
    "\ufeff": "U+FEFF ZERO WIDTH NO-BREAK SPACE",
}


@pytest.fixture(scope="module")
def world() -> Registry:
    return Registry.default()


def load_error(path: Path, text: str, kind: str = "organizations") -> DataFileError:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        Registry.load(**{kind: path})  # type: ignore[arg-type]
    return caught.value


# Data files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("char", "described"), FORMAT_CHARACTERS.items())
def test_format_characters_are_refused_in_data_files(
    tmp_path: Path, char: str, described: str
) -> None:
    """Three organizations that all display "Coop Sur", or a heading turned round by U+202E:
    the file is refused, naming the entry, the field and the character."""
    path = tmp_path / "organizations.toml"
    error = load_error(
        path,
        '[[organization]]\nname = "Coop Sur"\n\n'
        f'[[organization]]\nslug = "sur-2"\nname.en = "Coop{char} Sur"\n',
    )
    assert (error.entry, error.field, error.line) == (
        "organization entry 2 ('sur-2')",
        "name.en",
        6,
    )
    assert described in str(error)
    assert "invisible format character" in str(error)
    assert str(error).startswith(f"{path}:6: organization entry 2 ('sur-2'): field 'name.en': ")


def test_joiners_are_kept_where_a_script_needs_them(tmp_path: Path) -> None:
    """Persian writes a zero-width non-joiner inside words ("می‌خواهم"): a name in it loads."""
    path = tmp_path / "organizations.toml"
    path.write_text(
        '[[organization]]\nslug = "tehran"\nname.en = "Tehran Coop"\n'
        'name.fa = "تعاونی می\u200cخواهم"\n',
        encoding="utf-8",
    )
    (coop,) = Registry.load(organizations=path).organizations
    assert "\u200c" in coop.name("fa")
    assert refused_character("Coop\u200cSur") is not None  # not between Latin letters


@pytest.mark.parametrize(
    ("name", "odd"),
    [
        ("Аrgentina", "U+0410 CYRILLIC CAPITAL LETTER A"),
        ("Coop Ѕur", "U+0405 CYRILLIC CAPITAL LETTER DZE"),
        ("Кооперативa", "U+0061 LATIN SMALL LETTER A"),
        ("Cοοp", "U+03BF GREEK SMALL LETTER OMICRON"),
    ],
)
def test_a_name_mixing_scripts_in_a_word_is_refused(tmp_path: Path, name: str, odd: str) -> None:
    path = tmp_path / "organizations.toml"
    error = load_error(path, f'[[organization]]\nslug = "x"\nname = "{name}"\n')
    assert (error.field, error.line) == ("name", 3)
    assert f"mixes scripts: {odd}" in str(error)


@pytest.mark.parametrize(
    "name",
    [
        "Кооператив ABC",
        "日本生活協同組合連合会",
        "アメリカ合衆国",
        "Hawaiʻi Coop",
        "Ελλάδα",
        "Perú",
        "x²",
    ],
)
def test_words_of_one_script_each_are_fine(name: str) -> None:
    assert mixed_script(name) is None


def test_names_in_data_files_are_composed(tmp_path: Path) -> None:
    """ "Perú" written with a combining accent is shown, and found, as one letter."""
    path = tmp_path / "organizations.toml"
    path.write_text('[[organization]]\nslug = "peru"\nname = "Coop Peru\u0301"\n', encoding="utf-8")
    (coop,) = Registry.load(organizations=path).organizations
    assert coop.name() == "Coop Perú" == unicodedata.normalize("NFC", "Coop Peru\u0301")


# Metadata values -------------------------------------------------------------------------------


@pytest.mark.parametrize("char", FORMAT_CHARACTERS)
def test_format_characters_are_ignored_in_metadata(world: Registry, char: str) -> None:
    """A soft hyphen pasted from a justified web page, a zero-width space: found all the same."""
    assert world.region(f"Vene{char}zuela").alpha2 == "VE"
    assert world.parse_countries(f"Perú, Vene{char}zuela") == (
        world.region("PE"),
        world.region("VE"),
    )


def test_a_value_mixing_scripts_names_the_odd_letter(world: Registry) -> None:
    with pytest.raises(MetadataError) as caught:
        world.parse_countries("Аrgentina")
    error = caught.value
    assert error.suggestions == ("Argentina",)
    assert "U+0410 CYRILLIC CAPITAL LETTER A among Latin letters" in str(error)
    assert str(error).startswith("unknown country 'Аrgentina', which mixes scripts: ")


def test_metadata_values_are_composed(world: Registry) -> None:
    parsed = world.region_rule.parse("Peru\u0301zz; Peru")
    assert [error.value for error in parsed.errors] == ["Perúzz"]


# The rules themselves --------------------------------------------------------------------------


@given(st.text())
def test_lookup_keys_hold_no_format_character(text: str) -> None:
    assert all(unicodedata.category(char) != "Cf" for char in lookup_key(text))


@given(st.text())
def test_nfc_is_unicodes(text: str) -> None:
    assert nfc(text) == unicodedata.normalize("NFC", text)


def test_what_xml_refuses_is_xml_10s() -> None:
    """XML 1.0's Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]."""
    allowed = {0x9, 0xA, 0xD} | set(range(0x20, 0xD800)) | set(range(0xE000, 0xFFFE))
    for code in range(0x10000):
        assert (NOT_XML.match(chr(code)) is None) == (code in allowed), hex(code)
    assert NOT_XML.match("\U0010ffff") is None
