"""The plugin's gettext catalogs stay in step with the templates (run `make messages`)."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

import pelican_coopregions

PACKAGE = Path(pelican_coopregions.__file__).parent
ROOT = Path(__file__).parent.parent
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "pelican_coopregions.pot"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/pelican_coopregions.po"))
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def message_ids(catalog: Catalog) -> set[object]:
    return {
        tuple(message.id) if isinstance(message.id, list | tuple) else message.id
        for message in catalog
        if message.id
    }


def test_template_lists_exactly_the_messages_of_the_templates() -> None:
    extracted = {
        message_id
        for _, _, message_id, *_ in extract_from_dir(
            PACKAGE / "pelican" / "templates",
            method_map=[("**.html", "jinja2")],
            options_map={"**.html": JINJA_OPTIONS},
        )
    }
    assert extracted, "no messages found in the templates"
    assert message_ids(read(TEMPLATE)) == extracted, "run `make messages`"


@pytest.mark.parametrize("lang", ["es", "pt", "fr"])
def test_the_plugin_ships_spanish_portuguese_and_french(lang: str) -> None:
    assert LOCALE / lang / "LC_MESSAGES" / "pelican_coopregions.po" in CATALOGS


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda path: path.parts[-3])
def test_plural_forms_are_the_languages_own(po_path: Path) -> None:
    """The Plural-Forms header is Babel's rule for the language (French counts 0 as one)."""
    catalog = read(po_path)
    assert catalog.plural_forms == get_plural(po_path.parts[-3]).plural_forms


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda path: path.parts[-3])
def test_translations_keep_every_placeholder(po_path: Path) -> None:
    for message in read(po_path):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == expected, (message.id, string)


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda path: path.parts[-3])
def test_every_message_is_translated(po_path: Path) -> None:
    catalog = read(po_path)
    assert message_ids(catalog) == message_ids(read(TEMPLATE)), "run `make messages`"
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert untranslated == []


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda path: path.parts[-3])
def test_compiled_catalog_matches_its_source(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), "run `make messages`"
    compiled = io.BytesIO()
    write_mo(compiled, read(po_path))
    assert mo_path.read_bytes() == compiled.getvalue(), "run `make messages`"
    with mo_path.open("rb") as handle:
        assert message_ids(read_mo(handle)) == message_ids(read(po_path))


def test_the_template_says_where_each_message_is_and_what_it_is_for() -> None:
    """Translators see the line of each message, the notes left for them and whose file it is."""
    template = read(TEMPLATE)
    assert template.project == "pelican-coopregions"
    assert (
        template.version
        == tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    )
    assert template.msgid_bugs_address.endswith("/pelican-coopregions/issues")
    assert "Copyright (C) " in template.header_comment
    assert "pelican-coopregions developers" in template.header_comment
    for message in template:
        if message.id:
            assert message.locations, message.id
            for path, _ in message.locations:
                assert (ROOT / path).is_file(), path
    notes = {message.id: message.auto_comments for message in template if message.id}
    assert any("screen readers" in note for note in notes["Breadcrumb"])
    assert any("heading above the list" in note for note in notes["Articles"])
    assert any(note.startswith("TRANSLATORS:") for note in notes["Regions"])


def test_make_messages_needs_only_babel() -> None:
    """Its own small environment (Babel, and Jinja2 for the templates), not the test one."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^messages: (.*)$", makefile, re.MULTILINE)
    assert rule is not None and rule.group(1) == "$(MESSAGES_STAMP)"
    assert "pip install --quiet -c constraints.txt babel jinja2" in makefile
    assert "--add-comments=TRANSLATORS:" in makefile and "--no-location" not in makefile
