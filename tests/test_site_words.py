"""A site's own words: its catalogs over the plugin's, URL words as data, descriptions that
fall back to the site's language before English."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from conftest import Site, build, write_article
from pelican_coopregions import DataFileError, Registry
from pelican_coopregions.pelican import settings as settings_module
from pelican_coopregions.pelican.i18n import load_catalogs
from pelican_coopregions.pelican.settings import PluginSettings, SettingsError
from pelican_coopregions.pelican.url_words import builtin_url_words

ORGANIZATIONS = """\
[[organization]]
slug = "cecosesola"
name = "Cecosesola"
country = "VE"
description.es = "Una red de cooperativas de Barquisimeto."
"""


def story(site_dir: Path, lang: str, organizations: str = "") -> None:
    write_article(
        site_dir / "content",
        f"story-{lang}.md",
        f"Title: Story {lang}\nDate: 2024-03-01\nSlug: story\nLang: {lang}\n"
        f"Countries: VE\nOrganizations: {organizations}\n\nText.\n",
    )


def heading(site: Site, page: str) -> str:
    found = site.html(page).select_one("h2.coopregions-articles-heading")
    assert found is not None, page
    return found.get_text()


def catalog_file(path: Path, messages: dict[str, str], locale: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f'msgid "{key}"\nmsgstr "{value}"\n\n' for key, value in messages.items())
    path.write_text(text, encoding="utf-8")
    return path


# The site's catalogs -------------------------------------------------------------------------


def test_a_sites_po_file_changes_one_word_in_one_language(site_dir: Path) -> None:
    organizations = site_dir / "organizations.toml"
    organizations.write_text(ORGANIZATIONS, encoding="utf-8")
    for lang in ("en", "es", "pt-BR"):
        story(site_dir, lang, "Cecosesola")
    folder = site_dir / "words"
    catalog_file(folder / "es/LC_MESSAGES/pelican_coopregions.po", {"Articles": "Noticias"}, "es")
    catalog_file(folder / "pt/LC_MESSAGES/pelican_coopregions.po", {"Articles": "Notícias"}, "pt")
    site = build(
        site_dir,
        COOPREGIONS_TRANSLATIONS=str(folder),
        COOPREGIONS_ORGANIZATIONS_FILE=str(organizations),
    )
    assert heading(site, "es/regiones/venezuela/index.html") == "Noticias"
    assert heading(site, "es/organizaciones/cecosesola/index.html") == "Noticias"
    # pt-BR pages read the pt catalog; English keeps the plugin's word.
    assert heading(site, "pt-BR/regioes/venezuela/index.html") == "Notícias"
    assert heading(site, "regions/venezuela/index.html") == "Articles"
    # Every other Spanish word is still the plugin's.
    assert "Regiones" in site.html("es/regiones/index.html").get_text()


def test_a_compiled_catalog_and_english_words_are_read_too(tmp_path: Path) -> None:
    catalog = Catalog(locale="en", domain="pelican_coopregions")
    catalog.add("Articles", "Stories")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    mo = tmp_path / "en" / "LC_MESSAGES" / "pelican_coopregions.mo"
    mo.parent.mkdir(parents=True)
    mo.write_bytes(compiled.getvalue())
    catalogs = load_catalogs(["en", "es"], tmp_path)
    assert catalogs["en"].gettext("Articles") == "Stories"
    assert catalogs["es"].gettext("Articles") == "Artículos"  # the package's


def test_a_broken_po_file_stops_the_build_naming_file_and_line(site_dir: Path) -> None:
    story(site_dir, "es")
    po = site_dir / "words" / "es" / "LC_MESSAGES" / "pelican_coopregions.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Articles"\nmsgstr "Noticias"\n\nNoticias, not Articles\n')
    with pytest.raises(DataFileError) as caught:
        load_catalogs(["es"], site_dir / "words")
    assert caught.value.path == po
    assert caught.value.line == 4
    assert "is not a gettext catalog Babel can read" in str(caught.value)
    with pytest.raises(DataFileError):
        build(site_dir, COOPREGIONS_TRANSLATIONS=str(site_dir / "words"))


def test_a_missing_folder_is_a_settings_error(site_dir: Path) -> None:
    story(site_dir, "es")
    with pytest.raises(SettingsError) as caught:
        build(site_dir, COOPREGIONS_TRANSLATIONS=str(site_dir / "nowhere"))
    assert str(caught.value).startswith(f"COOPREGIONS_TRANSLATIONS: {site_dir / 'nowhere'} is")


# URL words as data ---------------------------------------------------------------------------


def test_url_words_come_from_the_data_file(monkeypatch: pytest.MonkeyPatch) -> None:
    words = builtin_url_words()
    assert words["es"] == {"regions": "regiones", "organizations": "organizaciones"}
    assert set(words) >= {"en", "es", "pt", "fr"}
    # A new language is a new entry in the data: no Python edit.
    italian = {"regions": "regioni", "organizations": "organizzazioni"}
    monkeypatch.setattr(settings_module, "builtin_url_words", lambda: {**words, "it": italian})
    options = PluginSettings()
    assert options.url_words_for("it", italian) == italian
    assert options.has_url_words("it-CH")


# Descriptions --------------------------------------------------------------------------------


def test_descriptions_fall_back_to_the_sites_language_before_english(tmp_path: Path) -> None:
    path = tmp_path / "organizations.toml"
    path.write_text(ORGANIZATIONS, encoding="utf-8")
    (coop,) = Registry.load(organizations=path).organizations
    assert coop.description("pt") == ""  # no fallback asked: base language, then English
    assert coop.description("pt", "es") == "Una red de cooperativas de Barquisimeto."
    assert coop.description("pt-BR", "es-AR") == "Una red de cooperativas de Barquisimeto."
    assert coop.description("fr", "en") == ""


def test_a_spanish_first_sites_portuguese_page_shows_the_spanish_description(
    site_dir: Path,
) -> None:
    organizations = site_dir / "organizations.toml"
    organizations.write_text(ORGANIZATIONS, encoding="utf-8")
    for lang in ("es", "pt"):
        story(site_dir, lang, "Cecosesola")
    site = build(site_dir, DEFAULT_LANG="es", COOPREGIONS_ORGANIZATIONS_FILE=str(organizations))
    page = site.html("pt/organizacoes/cecosesola/index.html")
    description = page.select_one(".coopregions-description")
    assert description is not None
    assert description.get_text() == "Una red de cooperativas de Barquisimeto."


def test_a_changed_po_file_is_written_again_with_the_content_cache(site_dir: Path) -> None:
    """Incremental output: the site's catalogs are an input of every page."""
    story(site_dir, "es")
    po = catalog_file(
        site_dir / "words/es/LC_MESSAGES/pelican_coopregions.po", {"Articles": "Noticias"}, "es"
    )
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = build(site_dir, COOPREGIONS_TRANSLATIONS=str(site_dir / "words"), **cached)
    assert heading(first, "es/regiones/venezuela/index.html") == "Noticias"
    catalog_file(po, {"Articles": "Crónicas"}, "es")
    again = build(site_dir, COOPREGIONS_TRANSLATIONS=str(site_dir / "words"), **cached)
    assert heading(again, "es/regiones/venezuela/index.html") == "Crónicas"
