"""Themes and pelican-i18n-subsites as people run them (issue 9, bullet 5).

The fixtures are reduced from real themes (tests/fixtures/themes): Flex names the
site before ``{% block title %}`` and its footer is a new-style gettext string with keyword
arguments; bootlex names it after the block. Flex documents its i18n set-up as
pelican-i18n-subsites with ``JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"]}``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from bs4 import BeautifulSoup

from conftest import FIXTURES, Site, build, build_alone, settings_for, write_article
from pelican_coopregions.pelican.settings import SettingsError, load_settings
from pelican_coopregions.pelican.theme import AFTER_SITENAME, NAME, WHOLE, convention

THEMES = FIXTURES / "themes"
FOOTER = "Built with %(pelican_url)s using %(flex_url)s theme"


def title(site: Site, path: str) -> str:
    found = site.html(path).title
    assert found is not None, path
    return found.get_text()


def write_stories(content: Path, languages: tuple[str, ...], count: int = 3) -> None:
    """``count`` stories about Venezuela, each in ``languages`` (the first is the original)."""
    for number in range(1, count + 1):
        for lang in languages:
            write_article(
                content,
                f"story{number}-{lang}.md",
                f"Title: Story {number} ({lang})\nDate: 2023-01-0{number}\nSlug: story{number}\n"
                f"Lang: {lang}\nCountries: VE\nSummary: About Venezuela.\n\nText.\n",
            )


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        # Pelican's simple and notmyidea: the block is the whole title.
        ("<title>{% block title %}{{ SITENAME|striptags }}{% endblock title %}</title>", WHOLE),
        ("<title>{% block title %}{{ SITENAME|striptags }}{%endblock%}</title>", WHOLE),
        # Flex: the site's name, then the block.
        ("<title>{{ SITENAME }}{% block title %}{% endblock %}</title>", AFTER_SITENAME),
        # bootlex and new-bootstrap2: the block, then the base's separator and the site's name.
        ("<title>{% block title %}{% endblock title %} - {{ SITENAME }}</title>", NAME),
        (
            "<title>{% block title %}Blog about Me{% endblock %} | {{ SITENAME }}</title>",
            NAME,
        ),
        ("<TITLE>{{ SITENAME }} | {% block title -%}{%- endblock %}</TITLE>", NAME),
        # No block at all, or no <title> (the parent template decides).
        ("<title>{{ SITENAME }}</title>", WHOLE),
        ("<head></head>", None),
    ],
)
def test_title_convention_read_from_base_html(base: str, expected: str | None) -> None:
    assert convention(base) == expected


@pytest.mark.parametrize(
    ("theme", "expected"),
    [
        ("flex", "CoopNews – Venezuela"),
        ("bootlex", "Venezuela - CoopNews"),
        (None, "Venezuela - CoopNews"),  # Pelican's default theme
    ],
)
def test_region_pages_name_the_site_once(site_dir: Path, theme: str | None, expected: str) -> None:
    write_stories(site_dir / "content", ("en",), count=1)
    themed = {"THEME": str(THEMES / theme)} if theme else {}
    site = build(site_dir, SITENAME="CoopNews", **themed)
    assert title(site, "regions/venezuela/index.html") == expected
    assert title(site, "regions/index.html") == expected.replace("Venezuela", "Regions")


def test_flex_like_theme_extended_by_another_base(site_dir: Path, tmp_path: Path) -> None:
    """A theme whose base.html extends a layout: the layout's <title> is the one read."""
    theme = tmp_path / "layered"
    shutil.copytree(THEMES / "flex", theme)
    templates = theme / "templates"
    (templates / "layout.html").write_text(
        (templates / "base.html").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (templates / "base.html").write_text('{% extends "layout.html" %}\n', encoding="utf-8")
    write_stories(site_dir / "content", ("en",), count=1)
    site = build(site_dir, SITENAME="CoopNews", THEME=str(theme))
    assert title(site, "regions/venezuela/index.html") == "CoopNews – Venezuela"


@pytest.mark.parametrize("theme", ["flex", None])
def test_the_plugins_head_additions_land_in_the_themes_head(
    site_dir: Path, theme: str | None
) -> None:
    """Canonical, hreflang and feed links and JSON-LD go in ``{% block head %}``, or in
    ``{% block meta %}`` where the theme has no head block (Flex), once either way; the map's
    styles go with the map, in the page's content."""
    write_stories(site_dir / "content", ("en", "es"), count=1)
    themed = {"THEME": str(THEMES / theme)} if theme else {}
    site = build(site_dir, SITENAME="CoopNews", **themed)
    for path in ("regions/venezuela/index.html", "regions/index.html"):
        page = site.html(path)
        head, body = page.head, page.body
        assert len(head.select('link[hreflang="es"]')) == 1
        assert len(head.select('link[rel="canonical"]')) == 1
        assert head.select("style") == []
        styles = [style.get_text() for style in body.select("style")]
        assert sum(".coopregions-map-svg" in style for style in styles) == 1
    head = site.html("regions/venezuela/index.html").head
    assert len(head.select('script[type="application/ld+json"]')) == 1
    assert len(head.select('link[type="application/atom+xml"]')) == 1


def test_page_title_setting_overrides_the_guess(site_dir: Path) -> None:
    """The setting is the text of the title block: markup as written, names escaped."""
    write_stories(site_dir / "content", ("en",), count=1)
    site = build(
        site_dir,
        SITENAME="Coop <em>News</em> & Co",
        COOPREGIONS_PAGE_TITLE="{name} &middot; {sitename}",
    )
    assert title(site, "regions/venezuela/index.html") == "Venezuela · Coop News & Co"
    assert "Venezuela &middot; Coop News &amp; Co" in (
        site.output / "regions/venezuela/index.html"
    ).read_text(encoding="utf-8")


def test_flex_like_theme_without_i18n_extension_translates_the_plugin(site_dir: Path) -> None:
    """Flex defines its own ``_`` macro when jinja2.ext.i18n is off; the plugin's strings
    still come from its catalog, and the theme's footer from the macro."""
    write_stories(site_dir / "content", ("en", "es"), count=3)
    theme = str(THEMES / "flex")
    site = build(site_dir, SITENAME="CoopNews", THEME=theme, DEFAULT_PAGINATION=2)
    page = site.html("es/regiones/venezuela/index.html")
    assert page.select_one(".coopregions-articles-heading").get_text() == "Artículos"
    assert page.select_one(".coopregions-pagination span").get_text() == "Página 1 de 2"
    footer = page.select_one(".built-with")
    assert [a.get_text() for a in footer.select("a")] == ["Pelican", "Flex"]


def flex_catalog(theme: Path, lang: str, translations: dict[str, str]) -> None:
    """A compiled theme catalog, as Flex ships in translations/<lang>/LC_MESSAGES."""
    catalog = Catalog(locale=lang, domain="messages")
    for message, translated in translations.items():
        catalog.add(message, translated)
    folder = theme / "translations" / lang / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)


def i18n_site(root: Path, translations: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """Flex's documented i18n set-up with an Italian subsite; Italian has no plugin catalog."""
    theme = root / "theme"
    shutil.copytree(THEMES / "flex", theme)
    flex_catalog(theme, "it", translations)
    write_stories(root / "content", ("en", "it"), count=3)
    return settings_for(
        root,
        SITENAME="CoopNews",
        THEME=str(theme),
        PLUGINS=["i18n_subsites", "pelican_coopregions"],
        JINJA_ENVIRONMENT={"extensions": ["jinja2.ext.i18n"]},
        I18N_SUBSITES={"it": {"SITENAME": "CoopNotizie"}},
        DEFAULT_PAGINATION=2,
        **overrides,
    )


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "output" / path).read_text(encoding="utf-8"), "html.parser")


def test_flex_with_i18n_subsites_renders_paginated_region_pages(site_dir: Path) -> None:
    italian_footer = "Costruito con %(pelican_url)s usando il tema %(flex_url)s"
    # A message of the plugin's that the theme's catalog translates, with markup to escape.
    theme_words = {FOOTER: italian_footer, "Articles": "Articoli & notizie"}
    build_alone(i18n_site(site_dir, theme_words))
    english = page(site_dir, "regions/venezuela/index.html")
    italian = page(site_dir, "it/regions/venezuela/index2.html")
    # The theme's own footer string reaches the theme's catalog with its keyword arguments.
    for soup, words in ((english, "Built with"), (italian, "Costruito con")):
        footer = soup.select_one(".built-with")
        assert footer.get_text(" ", strip=True).startswith(words), footer
        assert [a.get_text() for a in footer.select("a")] == ["Pelican", "Flex"]
    # Page 2 in a language without a plugin catalog (nor this message in the theme's).
    assert italian.select_one(".coopregions-pagination span").get_text() == "Page 2 of 2"
    # Page 2's own title: the plugin's message, untranslated without an Italian catalog.
    title = "CoopNotizie – Venezuela – page 2"
    assert italian.title is not None and italian.title.get_text() == title
    assert [a.get_text() for a in italian.select(".coopregions-entry h3 a")] == ["Story 1 (it)"]
    heading = italian.select_one(".coopregions-articles-heading")
    assert heading.get_text() == "Articoli & notizie"  # escaped once


def test_old_style_gettext_of_i18n_subsites(site_dir: Path) -> None:
    """``I18N_GETTEXT_NEWSTYLE = False``: the theme's callables take no keyword arguments
    (nor can the theme's own strings have any); the plugin formats their text itself."""
    settings = i18n_site(
        site_dir, {"Built with Pelican": "Costruito con Pelican"}, I18N_GETTEXT_NEWSTYLE=False
    )
    templates = site_dir / "theme" / "templates"
    for name in ("index.html", "category.html", "tag.html"):  # Flex's strings with arguments
        (templates / name).unlink()
    (templates / "base.html").write_text(
        "<!DOCTYPE html><html><head><title>{{ SITENAME }}{% block title %}{% endblock %}"
        "</title></head><body>{% block content %}{% endblock %}"
        "<p class=\"built-with\">{{ _('Built with Pelican') }}</p></body></html>",
        encoding="utf-8",
    )
    build_alone(settings)
    italian = page(site_dir, "it/regions/venezuela/index.html")
    assert italian.select_one(".built-with").get_text() == "Costruito con Pelican"
    assert italian.select_one(".coopregions-pagination span").get_text() == "Page 1 of 2"


def test_page_title_setting_with_an_unknown_placeholder_is_refused() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"COOPREGIONS_PAGE_TITLE": "{title} - {sitename}"})
    assert "COOPREGIONS_PAGE_TITLE" in str(caught.value)
    assert "it may use only {name} and {sitename}" in str(caught.value)
