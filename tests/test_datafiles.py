"""Site data files: what is accepted, and how a file that cannot be used is reported."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from pelican_coopregions import DataFileError, Registry
from pelican_coopregions.core.datafiles import read_organizations, read_regions

FIXTURES = Path(__file__).parent / "fixtures" / "data"


def write(tmp_path: Path, text: str, name: str = "regions.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_regions(path: Path) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        Registry.load(regions=path)
    return caught.value


def load_organizations(path: Path) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        Registry.load(organizations=path)
    return caught.value


def assert_plain(error: DataFileError) -> None:
    """A message for people: no pydantic dump, no traceback-looking text, one line."""
    message = str(error)
    assert "validation error" not in message
    assert "pydantic" not in message
    assert "errors.pydantic.dev" not in message
    assert "\n" not in message
    assert isinstance(error, ValueError)


# What is accepted ------------------------------------------------------------------------------


def test_fixture_regions_file() -> None:
    entries = read_regions(FIXTURES / "regions.toml")
    assert len(entries) == 2
    andes, latin_america = entries
    assert andes.name == {"en": "Andes", "es": "Los Andes"}
    assert andes.parent == "South America"
    assert andes.members == ("BO", "Colombia", "ecuador", "Perú", "VEN")
    assert andes.extends is None
    assert latin_america.extends == "Latin America"
    assert latin_america.name == {"es": "América Latina"}


def test_fixture_organizations_file() -> None:
    entries = read_organizations(FIXTURES / "organizations.toml")
    names = [entry.name["en"] for entry in entries]
    assert names[:2] == ["Cecosesola", "CoopCycle"]
    cecosesola = entries[0]
    assert cecosesola.founded == 1967
    assert cecosesola.country == "Venezuela"
    assert cecosesola.sectors == ("food", "health", "funeral services")


def test_a_string_name_is_english(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nname = "Andes"\ndescription = "High"\n')
    (entry,) = read_regions(path)
    assert entry.name == {"en": "Andes"}
    assert entry.description == {"en": "High"}


def test_empty_files_are_fine(tmp_path: Path) -> None:
    assert read_regions(write(tmp_path, "")) == ()
    assert read_organizations(write(tmp_path, "# nothing yet\n", "organizations.toml")) == ()
    registry = Registry.load(
        regions=tmp_path / "regions.toml", organizations=tmp_path / "organizations.toml"
    )
    assert len(registry.regions) == len(Registry.default().regions)
    assert registry.organizations == ()


def test_paths_may_be_strings(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nname = "Andes"\n')
    assert Registry.load(regions=str(path)).region("andes").kind == "custom"


# Files that cannot be read ---------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "regions.toml"
    error = load_regions(path)
    assert error.path == path
    assert str(path) in str(error)
    assert "not found" in str(error)
    assert error.entry is None
    assert error.field is None
    assert_plain(error)


def test_missing_organizations_file(tmp_path: Path) -> None:
    error = load_organizations(tmp_path / "orgs.toml")
    assert str(tmp_path / "orgs.toml") in str(error)
    assert "not found" in str(error)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    error = load_regions(tmp_path)
    assert str(tmp_path) in str(error)
    assert "cannot be read" in str(error)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "regions.toml"
    path.write_bytes('[[region]]\nname = "Perú"\n'.encode("latin-1"))
    error = load_regions(path)
    assert str(path) in str(error)
    assert "UTF-8" in str(error)
    assert_plain(error)


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nname = "Andes"\nparent = \nmembers = ["PE"]\n')
    error = load_regions(path)
    assert str(error).startswith(f"{path}:3: ")
    assert error.line == 3
    assert "not valid TOML" in str(error)
    assert "line 3" in str(error)
    assert_plain(error)


def test_malformed_organizations_toml(tmp_path: Path) -> None:
    path = write(tmp_path, '[[organization]]\nname = "Cecosesola\n', "organizations.toml")
    error = load_organizations(path)
    assert str(path) in str(error)
    assert "line 2" in str(error)


def test_duplicate_key_is_malformed(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nname = "Andes"\nname = "Andes again"\n')
    error = load_regions(path)
    assert "not valid TOML" in str(error)
    assert "line 3" in str(error)


# Unknown keys and wrong shapes -----------------------------------------------------------------


def test_unknown_field_in_region(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[[region]]\nname = "Andes"\n\n[[region]]\nname = "Sur"\ncolour = "red"\n'
    )
    error = load_regions(path)
    assert error.path == path
    assert error.entry == "region entry 2 ('Sur')"
    assert error.field == "colour"
    message = str(error)
    assert message.startswith(f"{path}:6: region entry 2 ('Sur'): field 'colour': unknown field")
    assert error.line == 6
    for allowed in ("slug", "name", "description", "aliases", "extends", "parent", "members"):
        assert allowed in message
    assert_plain(error)


def test_unknown_field_in_organization(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[[organization]]\nname = "Cecosesola"\nfunded = 1967\n', "organizations.toml"
    )
    error = load_organizations(path)
    assert error.entry == "organization entry 1 ('Cecosesola')"
    assert error.field == "funded"
    assert "founded" in str(error)  # the allowed fields are listed
    assert_plain(error)


def test_misspelled_table(tmp_path: Path) -> None:
    path = write(tmp_path, '[[regions]]\nname = "Andes"\n')
    error = load_regions(path)
    assert str(path) in str(error)
    assert "'regions'" in str(error)
    assert "[[region]]" in str(error)
    assert_plain(error)


def test_organizations_in_regions_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[[organization]]\nname = "Cecosesola"\n')
    error = load_regions(path)
    assert "'organization'" in str(error)
    assert "[[region]]" in str(error)


def test_single_brackets_instead_of_array_of_tables(tmp_path: Path) -> None:
    path = write(tmp_path, '[region]\nname = "Andes"\n')
    error = load_regions(path)
    message = str(error)
    assert str(path) in message
    assert "[[region]]" in message
    assert "unknown" not in message  # the table name is right, its shape is not
    assert_plain(error)


def test_entry_that_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, 'region = ["Andes"]\n')
    error = load_regions(path)
    assert error.entry == "region entry 1"
    assert "'Andes'" in str(error)
    assert_plain(error)


def test_name_of_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, "[[region]]\nname = { en = 5 }\n")
    error = load_regions(path)
    assert error.field == "name.en"
    assert "'name.en'" in str(error)
    assert "'5'" in str(error)
    assert_plain(error)


def test_members_of_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nname = "Andes"\nmembers = "PE, BO"\n')
    error = load_regions(path)
    assert error.entry == "region entry 1 ('Andes')"
    assert error.field == "members"
    assert "PE, BO" in str(error)
    assert_plain(error)


def test_founded_of_wrong_type(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[organization]]\nname = "Cecosesola"\nfounded = "the sixties"\n',
        "organizations.toml",
    )
    error = load_organizations(path)
    assert error.path == path
    assert error.entry == "organization entry 1 ('Cecosesola')"
    assert error.field == "founded"
    message = str(error)
    assert message.startswith(f"{path}:3: organization entry 1 ('Cecosesola'): field 'founded': ")
    assert "integer" in message
    assert "'the sixties'" in message
    assert_plain(error)


def test_founded_as_a_date(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[[organization]]\nname = "Cecosesola"\nfounded = 1967-01-01\n', "o.toml"
    )
    error = load_organizations(path)
    assert error.field == "founded"
    assert "1967-01-01" in str(error)


def test_long_values_are_cut_short(tmp_path: Path) -> None:
    long = "x" * 5000
    path = write(tmp_path, f'[[organization]]\nname = "C"\nfounded = "{long}"\n', "o.toml")
    error = load_organizations(path)
    assert len(str(error)) < 400
    assert "…" in str(error)


# Errors travel ---------------------------------------------------------------------------------


def test_data_file_error_pickles(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nname = "Andes"\ncolour = "red"\n')
    error = load_regions(path)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is DataFileError
    assert str(copy) == str(error)
    assert (copy.path, copy.entry, copy.field, copy.problem) == (
        error.path,
        error.entry,
        error.field,
        error.problem,
    )


# Text no page, feed or folder name can hold -----------------------------------------------------


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "regions.toml"
    path.write_bytes('\ufeff[[region]]\nname = "Andes"\n'.encode())
    (entry,) = read_regions(path)
    assert entry.name == {"en": "Andes"}


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("\\u0000", "U+0000"),
        ("\\u0007", "U+0007"),
        ("\\n", "U+000A"),
        ("\\u001f", "U+001F"),
        ("\\u007f", "U+007F"),
        ("\\u0085", "U+0085"),
        ("\\ufffe", "U+FFFE"),
        ("\\uFDD0", "U+FDD0"),
        ("\\U0010FFFF", "U+10FFFF"),
    ],
)
def test_control_characters_and_non_characters_are_refused(
    tmp_path: Path, written: str, code: str
) -> None:
    path = write(
        tmp_path,
        '[[organization]]\nname = "Fine"\n\n[[organization]]\nslug = "sur"\n'
        f'name.en = "Sur"\nname.es = "Coop{written} Sur"\n',
        "organizations.toml",
    )
    error = load_organizations(path)
    assert (error.entry, error.field, error.line) == ("organization entry 2 ('sur')", "name.es", 7)
    assert code in str(error)
    assert str(error).startswith(f"{path}:7: organization entry 2 ('sur'): field 'name.es': ")
    assert_plain(error)


def test_control_characters_are_refused_in_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nname = "Andes"\naliases = ["Los\\tAndes"]\n')
    error = load_regions(path)
    assert (error.field, error.line) == ("aliases", 3)
    assert "U+0009" in str(error)


def test_descriptions_may_have_line_breaks_and_tabs(tmp_path: Path) -> None:
    path = write(tmp_path, '[[region]]\nname = "Andes"\ndescription = """High.\n\tAnd cold."""\n')
    (entry,) = read_regions(path)
    assert entry.description == {"en": "High.\n\tAnd cold."}


@pytest.mark.parametrize("name", ['""', '"   "', '{ en = "Andes", es = "" }'])
def test_empty_names_are_refused(tmp_path: Path, name: str) -> None:
    error = load_regions(write(tmp_path, f'[[region]]\nslug = "andes"\nname = {name}\n'))
    assert error.field in ("name", "name.en", "name.es")
    assert error.line == 3
    assert "a name cannot be empty" in str(error)


def test_names_and_slugs_must_fit_a_folder_name(tmp_path: Path) -> None:
    long_name = load_regions(write(tmp_path, f'[[region]]\nslug = "x"\nname = "{"x" * 201}"\n'))
    assert (long_name.field, long_name.line) == ("name", 3)
    assert "a name of 201 characters is too long" in str(long_name)
    assert len(str(long_name)) < 400
    long_slug = load_organizations(
        write(tmp_path, f'[[organization]]\nslug = "{"x" * 201}"\nname = "X"\n', "o.toml")
    )
    assert (long_slug.field, long_slug.line) == ("slug", 2)
    assert "a slug of 201 characters is too long" in str(long_slug)
    # A name that only its slug makes long: the ligature "ﬃ" is three letters in a slug.
    expanded = load_regions(write(tmp_path, f'[[region]]\nname = "{"ﬃ" * 70}"\n'))
    assert expanded.field == "name"
    assert "gives a slug of 210 characters" in str(expanded)
