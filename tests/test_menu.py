"""Menu entries for the regions and organizations indexes, in each page's language.

Full builds in Pelican's notmyidea and simple themes (which draw ``MENUITEMS``), a Flex-like
theme (``MENUITEMS`` through its ``_``), and a theme that calls ``coopregions_menuitems()``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, Site, build, resolve, write_article

BILINGUAL = FIXTURES / "sites" / "bilingual"
THEMES = FIXTURES / "themes"
OWN = [("Archives", "/archives.html")]
ENGLISH = [("Regions", "/regions/"), ("Organizations", "/organizations/")]
SPANISH = [("Regiones", "/es/regiones/"), ("Organizaciones", "/es/organizaciones/")]
# Where each theme draws MENUITEMS (then pages and categories, which these tests leave off).
NAV = {"notmyidea": "#banner nav a", "simple": "header nav a"}


def bilingual_site(root: Path, **overrides: Any) -> Site:
    shutil.copytree(BILINGUAL, root, dirs_exist_ok=True)
    settings: dict[str, Any] = {
        "COOPREGIONS_REGIONS_FILE": str(root / "data" / "regions.toml"),
        "COOPREGIONS_ORGANIZATIONS_FILE": str(root / "data" / "organizations.toml"),
        "DISPLAY_CATEGORIES_ON_MENU": False,
        "DISPLAY_PAGES_ON_MENU": False,
    }
    return build(root, **{**settings, **overrides})


def menu(site: Site, page: str, selector: str = NAV["notmyidea"]) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), str(a["href"])) for a in site.html(page).select(selector)]


# Pages of each kind: Pelican's (index, articles in either language, a category) and the
# plugin's (a region, an organization, the indexes), in each language.
ENGLISH_PAGES = [
    "index.html",
    "building-here-and-now.html",
    "category/news.html",
    "regions/latin-america/index.html",
    "organizations/cecosesola/index.html",
    "regions/index.html",
]
SPANISH_PAGES = [
    "building-here-and-now-es.html",
    "es/regiones/america-latina/index.html",
    "es/organizaciones/cecosesola/index.html",
    "es/organizaciones/index.html",
]


def menu_site(root: Path, theme: str) -> Site:
    """The bilingual site with the site's own menu items and both plugin entries."""
    return bilingual_site(
        root, THEME=theme, MENUITEMS=OWN, COOPREGIONS_MENUITEMS=["regions", "organizations"]
    )


# Builds several tests read (none changes them), once for this module.


@pytest.fixture(scope="module")
def notmyidea_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return menu_site(tmp_path_factory.mktemp("notmyidea"), "notmyidea")


@pytest.fixture(scope="module")
def simple_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return menu_site(tmp_path_factory.mktemp("simple"), "simple")


@pytest.fixture(scope="module")
def without_menu_setting(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The same site without COOPREGIONS_MENUITEMS."""
    return bilingual_site(tmp_path_factory.mktemp("plain"), MENUITEMS=OWN)


@pytest.fixture(params=["notmyidea", "simple"])
def themed(request: pytest.FixtureRequest) -> tuple[Site, str]:
    """The bilingual site in one of Pelican's themes, and where that theme draws its menu."""
    theme = request.param
    site: Site = request.getfixturevalue(f"{theme}_site")
    return site, NAV[theme]


def test_each_page_has_the_menu_of_its_language(themed: tuple[Site, str]) -> None:
    site, nav = themed
    for page in ENGLISH_PAGES:
        assert menu(site, page, nav) == OWN + ENGLISH, page
    for page in SPANISH_PAGES:
        assert menu(site, page, nav) == OWN + SPANISH, page


def test_menu_links_lead_to_the_indexes(themed: tuple[Site, str]) -> None:
    site, nav = themed
    for page in ENGLISH_PAGES + SPANISH_PAGES:
        for title, href in menu(site, page, nav)[1:]:
            target = resolve(page, href)
            assert site.exists(target), (page, href)
            heading = site.html(target).select_one("section.coopregions h1")
            assert heading is not None and heading.get_text() == title


def test_relative_urls_give_relative_menu_links(tmp_path: Path) -> None:
    site = bilingual_site(tmp_path, RELATIVE_URLS=True, COOPREGIONS_MENUITEMS=["regions"])
    assert menu(site, "index.html") == [("Regions", "./regions/")]
    page = "es/regiones/america-latina/index.html"
    assert menu(site, page) == [("Regiones", "../../../es/regiones/")]
    assert site.exists(resolve(page, "../../../es/regiones/"))


def test_without_the_setting_menuitems_stay_as_the_site_wrote_them(
    without_menu_setting: Site,
) -> None:
    for page in ENGLISH_PAGES + SPANISH_PAGES:
        assert menu(without_menu_setting, page) == OWN, page


def test_only_the_indexes_asked_for_and_written(tmp_path: Path) -> None:
    site = bilingual_site(
        tmp_path,
        COOPREGIONS_MENUITEMS=["organizations", "regions"],
        REGIONS_LANG_SAVE_AS="",  # no Spanish regions index: no Spanish entry for it
    )
    assert menu(site, "index.html") == ENGLISH  # regions first, whatever the setting's order
    assert menu(site, "building-here-and-now-es.html") == SPANISH[1:]


def test_a_site_without_organizations_gets_no_organizations_entry(tmp_path: Path) -> None:
    write_article(
        tmp_path / "content",
        "peru.md",
        "Title: Peru\nDate: 2022-05-24\nCountries: Peru\n\nText.\n",
    )
    site = build(
        tmp_path,
        COOPREGIONS_MENUITEMS=["regions", "organizations"],
        DISPLAY_CATEGORIES_ON_MENU=False,
    )
    assert menu(site, "index.html") == [("Regions", "/regions/")]
    assert menu(site, "regions/peru/index.html") == [("Regions", "/regions/")]


def test_a_language_without_pages_gets_the_nearest_languages_menu(tmp_path: Path) -> None:
    """An Argentine article has Spanish pages' menu; a German one, in a site that writes
    English and Spanish pages only, the default language's."""
    content = tmp_path / "content"
    for name, lang in (("peru", "en"), ("peru-es-ar", "es_AR"), ("peru-de", "de")):
        write_article(
            content,
            f"{name}.md",
            f"Title: Peru {lang}\nDate: 2022-05-24\nSlug: peru\nLang: {lang}\n"
            "Countries: Peru\n\nText.\n",
        )
    site = build(
        tmp_path,
        COOPREGIONS_LANGUAGES=["en", "es"],
        COOPREGIONS_MENUITEMS=["regions"],
        ARTICLE_TRANSLATION_ID=None,
        DISPLAY_CATEGORIES_ON_MENU=False,
    )
    assert menu(site, "peru-es_AR.html") == [("Regiones", "/es/regiones/")]
    assert menu(site, "peru-de.html") == [("Regions", "/regions/")]


def test_portuguese_and_french_menus(tmp_path: Path) -> None:
    site = bilingual_site(
        tmp_path,
        COOPREGIONS_LANGUAGES=["en", "es", "pt", "fr"],
        COOPREGIONS_MENUITEMS=["regions", "organizations"],
    )
    assert menu(site, "pt/regioes/america-latina/index.html") == [
        ("Regiões", "/pt/regioes/"),
        ("Organizações", "/pt/organizacoes/"),
    ]
    assert menu(site, "fr/regions/amerique-latine/index.html") == [
        ("Régions", "/fr/regions/"),
        ("Organisations", "/fr/organisations/"),
    ]


def test_a_theme_can_draw_the_entries_itself(tmp_path: Path) -> None:
    """``coopregions_menuitems()``: (title, link) pairs in the page's language, in any
    template, with or without COOPREGIONS_MENUITEMS."""
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "base.html").write_text(
        '<!DOCTYPE html><html lang="{% block html_lang %}en{% endblock %}"><head>'
        "<title>{% block title %}{% endblock %}</title>{% block head %}{% endblock %}</head>"
        '<body><nav class="places">{% for title, link in coopregions_menuitems() %}'
        '<a href="{{ link }}">{{ title }}</a>{% endfor %}</nav>'
        "{% block content %}{% endblock %}</body></html>",
        encoding="utf-8",
    )
    site = bilingual_site(tmp_path / "site", THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    for page in ENGLISH_PAGES:
        assert menu(site, page, "nav.places a") == ENGLISH, page
    for page in SPANISH_PAGES:
        assert menu(site, page, "nav.places a") == SPANISH, page


def test_flex_draws_the_entries_through_its_gettext(tmp_path: Path) -> None:
    site = bilingual_site(
        tmp_path,
        THEME=str(THEMES / "flex"),
        MAIN_MENU=True,
        MENUITEMS=OWN,
        COOPREGIONS_MENUITEMS=["regions", "organizations"],
    )
    nav = "main > nav a"
    assert menu(site, "index.html", nav) == [("Home", "/"), *OWN, *ENGLISH]
    spanish = [("Home", "/"), *OWN, *SPANISH]
    assert menu(site, "building-here-and-now-es.html", nav) == spanish
    assert menu(site, "es/regiones/america-latina/index.html", nav) == spanish


def test_the_menu_leaves_the_rest_of_the_page_alone(
    without_menu_setting: Site, notmyidea_site: Site
) -> None:
    """Only the menu differs between a build with COOPREGIONS_MENUITEMS and one without (in
    notmyidea, Pelican's default theme)."""
    plain, with_menu = without_menu_setting, notmyidea_site
    assert plain.files() == with_menu.files()
    for page in ENGLISH_PAGES + SPANISH_PAGES:
        before, after = plain.html(page), with_menu.html(page)
        for soup in (before, after):
            nav = soup.select_one("#banner nav")
            assert nav is not None
            nav.decompose()
        assert str(before) == str(after), page


def test_themes_menus_have_no_plugin_entries_on_a_site_that_does_not_use_it(
    tmp_path: Path,
) -> None:
    write_article(tmp_path / "content", "hello.md", "Title: Hello\nDate: 2022-05-24\n\nText.\n")
    site = build(tmp_path, MENUITEMS=OWN, DISPLAY_CATEGORIES_ON_MENU=False)
    assert menu(site, "hello.html") == OWN
    assert not site.exists("regions/index.html")


@pytest.mark.parametrize(
    "overrides",
    [{}, {"SITEURL": "https://example.org/coop"}, {"RELATIVE_URLS": True}],
    ids=["no-siteurl", "siteurl", "relative"],
)
def test_entries_follow_a_theme_that_writes_siteurl_before_menuitems(
    tmp_path: Path, overrides: dict[str, Any]
) -> None:
    """sneakyidea writes ``{{ SITEURL }}/{{ link }}``: the entries are written for that, so
    its menu links to each index, never to ``//regions/`` or a doubled host."""
    site = bilingual_site(
        tmp_path,
        THEME=str(THEMES / "sneakyidea"),
        COOPREGIONS_MENUITEMS=["regions", "organizations"],
        **overrides,
    )
    site_url = overrides.get("SITEURL", "")
    for page in ENGLISH_PAGES + SPANISH_PAGES:
        links = menu(site, page, "#banner nav a")[-2:]  # after the categories
        expected = SPANISH if page in SPANISH_PAGES else ENGLISH
        assert [title for title, _ in links] == [title for title, _ in expected], page
        for (_, href), (_, url) in zip(links, expected, strict=True):
            assert not href.startswith("//") and href.count("https://") <= 1, href
            if site_url:
                assert href == site_url + url
            else:
                assert site.exists(resolve(page, href)), (page, href)
