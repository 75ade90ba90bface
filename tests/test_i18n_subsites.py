"""pelican-i18n-subsites: each subsite writes its region pages in its own language."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import FIXTURES, Site, build_alone, settings_for

BILINGUAL = FIXTURES / "sites" / "bilingual"


def test_each_subsite_gets_region_pages_in_its_language(tmp_path: Path) -> None:
    shutil.copytree(BILINGUAL, tmp_path, dirs_exist_ok=True)
    # build_alone: i18n_subsites would stay connected to Pelican's signals.
    settings = settings_for(
        tmp_path,
        PLUGINS=["i18n_subsites", "pelican_coopregions"],
        I18N_SUBSITES={"es": {"SITENAME": "Noticias cooperativas"}},
        JINJA_ENVIRONMENT={"extensions": ["jinja2.ext.i18n"]},
        COOPREGIONS_MENUITEMS=["regions", "organizations"],
        COOPREGIONS_REGIONS_FILE=str(tmp_path / "data" / "regions.toml"),
        COOPREGIONS_ORGANIZATIONS_FILE=str(tmp_path / "data" / "organizations.toml"),
    )
    build_alone(settings)
    site = Site(tmp_path, tmp_path / "content", tmp_path / "output")
    english = site.html("regions/latin-america/index.html")
    assert english.html["lang"] == "en"
    assert english.select_one("section.coopregions h1").get_text() == "Latin America"
    english_titles = [a.get_text() for a in english.select("article.coopregions-entry h3 a")]
    assert english_titles[0] == "Building, Here and Now, The World We Yearn For"

    # The subsite's DEFAULT_LANG is Spanish: REGION_URL's {regions} is "regiones".
    spanish = site.html("es/regiones/america-latina/index.html")
    assert spanish.html["lang"] == "es"
    assert spanish.select_one("section.coopregions h1").get_text() == "América Latina"
    assert spanish.select_one("h2.coopregions-articles-heading").get_text() == "Artículos"
    first = spanish.select_one("article.coopregions-entry")
    assert first.time.get_text() == "16 de febrero de 2023"
    assert first.h3.a.get_text() == "Construyendo, aquí y ahora, el mundo que anhelamos"
    assert spanish.title.get_text().endswith("Noticias cooperativas")  # the subsite's page
    # Each subsite writes only its own language: no English pages in the Spanish subsite, no
    # Spanish ones written by the English site under its *_LANG_* settings.
    assert not site.exists("es/en/regions/latin-america/index.html")
    assert not site.exists("es/es/regiones/america-latina/index.html")
    assert not site.exists("es/regions/america-latina/index.html")
    assert not english.select("link[hreflang=es]"), "the English site links no Spanish pages"
    # Each subsite's menu, in its language, links to its own indexes.
    assert menu(english) == [("Regions", "/regions/"), ("Organizations", "/organizations/")]
    assert menu(spanish) == [
        ("Regiones", "/es/regiones/"),
        ("Organizaciones", "/es/organizaciones/"),
    ]
    assert menu(site.html("es/index.html"))[:2] == menu(spanish)


def menu(page: BeautifulSoup) -> list[tuple[str, str]]:
    """notmyidea's menu: (text, href) of each link in the banner's nav."""
    return [(a.get_text(strip=True), str(a["href"])) for a in page.select("#banner nav a")][:2]


def test_a_subsite_with_paths_of_its_own(tmp_path: Path) -> None:
    """docs/usage.md's second example: every page setting of the Spanish subsite."""
    shutil.copytree(BILINGUAL, tmp_path, dirs_exist_ok=True)
    spanish = {
        "SITENAME": "Noticias cooperativas",
        "REGION_URL": "lugares/{slug}/",
        "REGION_SAVE_AS": "lugares/{slug}/index.html",
        "REGIONS_URL": "lugares/",
        "REGIONS_SAVE_AS": "lugares/index.html",
        "REGION_FEED_ATOM": "lugares/{slug}/feed.atom.xml",
        "ORGANIZATION_URL": "cooperativas/{slug}/",
        "ORGANIZATION_SAVE_AS": "cooperativas/{slug}/index.html",
        "ORGANIZATIONS_URL": "cooperativas/",
        "ORGANIZATIONS_SAVE_AS": "cooperativas/index.html",
        "ORGANIZATION_FEED_ATOM": "cooperativas/{slug}/feed.atom.xml",
    }
    settings = settings_for(
        tmp_path,
        PLUGINS=["i18n_subsites", "pelican_coopregions"],
        I18N_SUBSITES={"es": spanish},
        JINJA_ENVIRONMENT={"extensions": ["jinja2.ext.i18n"]},
        COOPREGIONS_MENUITEMS=["regions", "organizations"],
        COOPREGIONS_REGIONS_FILE=str(tmp_path / "data" / "regions.toml"),
        COOPREGIONS_ORGANIZATIONS_FILE=str(tmp_path / "data" / "organizations.toml"),
    )
    build_alone(settings)
    site = Site(tmp_path, tmp_path / "content", tmp_path / "output")
    for path in (
        "es/lugares/index.html",
        "es/lugares/america-latina/index.html",
        "es/lugares/america-latina/feed.atom.xml",
        "es/cooperativas/index.html",
        "es/cooperativas/cecosesola/index.html",
        "es/cooperativas/cecosesola/feed.atom.xml",
        "regions/latin-america/index.html",  # the English site keeps its words
    ):
        assert site.exists(path), path
    assert not site.exists("es/regiones/america-latina/index.html")
    assert menu(site.html("es/lugares/america-latina/index.html")) == [
        ("Regiones", "/es/lugares/"),
        ("Organizaciones", "/es/cooperativas/"),
    ]
