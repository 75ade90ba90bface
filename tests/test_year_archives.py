"""Region × year archives: a page per year of a region's or organization's articles, in every
page language, linked from the region's page with counts, titled with a CLDR heading; by
default only for a place whose listing runs past one page, the others linking their years to
headings in their own listing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import Site, build, write_article
from pelican_coopregions.core.dates import format_year, name_and_year

DATA = Path(__file__).parent / "fixtures" / "sites" / "data"
LANGS = ["en", "es", "pt", "fr"]

ARTICLES = {
    "ve-2023.md": """
        Title: Cecosesola Markets
        Date: 2023-02-16
        Slug: cecosesola-markets
        Countries: VE
        Organizations: Cecosesola

        Text.
        """,
    "ve-2023-es.md": """
        Title: Los mercados de Cecosesola
        Date: 2023-02-16
        Slug: cecosesola-markets
        Lang: es

        Texto.
        """,
    "ar-2022.md": """
        Title: CoopCycle in Argentina
        Date: 2022-05-23
        Slug: coopcycle-argentina
        Countries: AR

        Text.
        """,
    "ar-2022-es.md": """
        Title: CoopCycle en Argentina
        Date: 2022-05-23
        Slug: coopcycle-argentina
        Lang: es

        Texto.
        """,
    "ve-2022.md": """
        Title: Venezuelan Cooperatives
        Date: 2022-07-21
        Slug: venezuelan-cooperatives
        Countries: VE
        Organizations: Cecosesola

        Text.
        """,
    # Late on New Year's Eve where the site is: 2020 as Pelican dates it, whatever UTC says.
    "cu-2020.md": """
        Title: Cuban Cooperative Law
        Date: 2020-12-31 23:30
        Slug: cuban-law
        Countries: CU

        Text.
        """,
    "draft-2019.md": """
        Title: A Draft
        Date: 2019-03-01
        Slug: a-draft
        Status: draft
        Countries: VE

        Text.
        """,
    "hidden-2018.md": """
        Title: A Hidden Article
        Date: 2018-03-01
        Slug: a-hidden-article
        Status: hidden
        Countries: VE

        Text.
        """,
}


def make(root: Path, years: Any = "all", **overrides: Any) -> Site:
    """The site with ``COOPREGIONS_YEAR_ARCHIVES = years`` (unset: ``None``)."""
    for name, text in ARTICLES.items():
        write_article(root / "content", name, text)
    shutil.copytree(DATA, root / "data", dirs_exist_ok=True)
    if years is not None:
        overrides["COOPREGIONS_YEAR_ARCHIVES"] = years
    return build(
        root,
        TIMEZONE="America/Caracas",
        COOPREGIONS_LANGUAGES=LANGS,
        COOPREGIONS_ORGANIZATIONS_FILE=str(root / "data" / "organizations.toml"),
        **overrides,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return make(tmp_path_factory.mktemp("years"))


def titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select("article.coopregions-entry h3 a")]


def year_nav(page: BeautifulSoup) -> list[tuple[str, str, str | None]]:
    """(year, count, link) of each year in the page's years nav."""
    rows = []
    for item in page.select("nav.coopregions-years li"):
        link = item.find("a")
        year = item.find(["a", "strong"]).get_text(strip=True)
        count = item.get_text(strip=True)[len(year) :].strip("() ")
        rows.append((year, count, link["href"] if link else None))
    return rows


def test_a_year_page_lists_only_that_years_articles(site: Site) -> None:
    page = site.html("regions/latin-america/2022/index.html")
    assert titles(page) == ["Venezuelan Cooperatives", "CoopCycle in Argentina"]
    assert [time["datetime"][:4] for time in page.select("article time")] == ["2022", "2022"]
    assert titles(site.html("regions/venezuela/2022/index.html")) == ["Venezuelan Cooperatives"]
    assert titles(site.html("organizations/cecosesola/2023/index.html")) == ["Cecosesola Markets"]


def test_the_region_page_links_each_year_with_its_count(site: Site) -> None:
    page = site.html("regions/latin-america/index.html")
    nav = year_nav(page)
    assert nav == [
        ("2023", "1", "/regions/latin-america/2023/"),
        ("2022", "2", "/regions/latin-america/2022/"),
        ("2020", "1", "/regions/latin-america/2020/"),
    ]
    for year, count, href in nav:
        assert href is not None
        assert len(titles(site.html(href.lstrip("/") + "index.html"))) == int(count), year
    assert len(titles(page)) == sum(int(count) for _, count, _ in nav)


def test_drafts_and_hidden_articles_make_no_year(site: Site) -> None:
    assert [year for year, _, _ in year_nav(site.html("regions/venezuela/index.html"))] == [
        "2023",
        "2022",
    ]
    assert not any("/2019/" in name or "/2018/" in name for name in site.files())


def test_the_year_is_pelicans_date_in_the_sites_time_zone(site: Site) -> None:
    assert titles(site.html("regions/cuba/2020/index.html")) == ["Cuban Cooperative Law"]
    assert not site.exists("regions/cuba/2021/index.html")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("regions/latin-america/2022/index.html", "Latin America, 2022"),
        ("es/regiones/latinoamerica/2022/index.html", "Latinoamérica, 2022"),
        ("pt/regioes/america-latina/2022/index.html", "América Latina, 2022"),
        ("fr/regions/amerique-latine/2022/index.html", "Amérique latine, 2022"),
        ("es/organizaciones/cecosesola/2023/index.html", "Cecosesola, 2023"),
    ],
)
def test_year_headings_are_cldrs_in_the_pages_language(site: Site, path: str, heading: str) -> None:
    page = site.html(path)
    assert page.select_one("section.coopregions h1").get_text(strip=True) == heading
    assert page.title is not None and page.title.get_text().startswith(heading)


def test_the_heading_pattern_works_for_any_cldr_language() -> None:
    assert name_and_year("ラテンアメリカ", 2022, "ja") == "ラテンアメリカ、2022年"
    assert format_year(2022, "de") == "2022"  # never a grouping separator in a year
    assert name_and_year("X", 2022, "yua") == "X, 2022"  # CLDR's fallback: root


def test_translated_entries_and_fallback_on_year_pages(site: Site) -> None:
    spanish = site.html("es/regiones/latinoamerica/2022/index.html")
    assert titles(spanish) == ["Venezuelan Cooperatives", "CoopCycle en Argentina"]
    labels = [label.get_text(strip=True) for label in spanish.select(".coopregions-lang")]
    assert labels == ["inglés"]  # the untranslated original, labelled as on the region page


def test_a_year_page_links_its_region_and_neighbouring_years(site: Site) -> None:
    page = site.html("es/regiones/latinoamerica/2022/index.html")
    crumbs = page.select_one("section.coopregions nav ol")
    assert crumbs.find("a")["href"] == "/es/regiones/latinoamerica/"
    newer = page.select_one("a.coopregions-year-newer")
    older = page.select_one("a.coopregions-year-older")
    assert (newer["href"], newer.get_text()) == (
        "/es/regiones/latinoamerica/2023/",
        "Año siguiente: 2023",
    )
    assert (older["href"], older.get_text()) == (
        "/es/regiones/latinoamerica/2020/",
        "Año anterior: 2020",
    )
    current = page.select_one("nav.coopregions-years strong[aria-current=page]")
    assert current.get_text() == "2022"
    newest = site.html("es/regiones/latinoamerica/2023/index.html")
    assert newest.select_one("a.coopregions-year-newer") is None


def test_year_nav_is_in_the_pages_language(site: Site) -> None:
    for path, label in [
        ("es/regiones/latinoamerica/index.html", "Años:"),
        ("pt/regioes/america-latina/index.html", "Anos:"),
        ("fr/regions/amerique-latine/index.html", "Années\u00a0:"),
    ]:
        nav = site.html(path).select_one("nav.coopregions-years")
        assert nav.find("span").get_text() == label
        assert "year" not in nav["aria-label"].lower()


def test_hreflang_links_the_same_year_where_it_exists(tmp_path: Path) -> None:
    site = make(tmp_path, COOPREGIONS_TRANSLATION_FALLBACK="skip")
    hreflang = {
        link["hreflang"]: link["href"]
        for link in site.html("regions/venezuela/2023/index.html").select("link[hreflang]")
    }
    assert hreflang == {
        "en": "/regions/venezuela/2023/",
        "es": "/es/regiones/venezuela/2023/",
    }
    # 2022 in Venezuela has no Spanish version: no Spanish page, no link to one.
    assert not site.exists("es/regiones/venezuela/2022/index.html")
    page = site.html("regions/venezuela/2022/index.html")
    assert [link["hreflang"] for link in page.select("link[hreflang]")] == ["en"]
    assert [year for year, _, _ in year_nav(site.html("es/regiones/venezuela/index.html"))] == [
        "2023"
    ]


def test_year_pages_carry_jsonld(site: Site) -> None:
    page = site.html("es/regiones/latinoamerica/2022/index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "CollectionPage"
    assert data["name"] == "Latinoamérica, 2022"
    assert data["temporalCoverage"] == "2022"
    assert data["inLanguage"] == "es"
    assert data["about"]["@type"] == "Place" and data["about"]["identifier"] == "419"
    items = data["mainEntity"]["itemListElement"]
    assert [item["item"]["datePublished"][:4] for item in items] == ["2022", "2022"]
    org = site.html("organizations/cecosesola/2023/index.html")
    about = json.loads(org.select_one('script[type="application/ld+json"]').string)["about"]
    assert about["@type"] == "Organization"


def test_year_archives_switched_off(tmp_path: Path) -> None:
    site = make(tmp_path, years=False)
    assert not any(part.isdigit() for name in site.files() for part in name.split("/"))
    assert site.html("regions/latin-america/index.html").select("nav.coopregions-years") == []


def test_an_empty_save_as_switches_one_kind_off(tmp_path: Path) -> None:
    site = make(tmp_path, REGION_YEAR_SAVE_AS="", REGION_YEAR_LANG_SAVE_AS="")
    assert not site.exists("regions/latin-america/2022/index.html")
    assert not site.html("regions/latin-america/index.html").select("nav.coopregions-years")
    assert site.exists("organizations/cecosesola/2023/index.html")


def test_url_settings_with_year(tmp_path: Path) -> None:
    site = make(
        tmp_path,
        REGION_YEAR_URL="{regions}/{slug}-{year}.html",
        REGION_YEAR_SAVE_AS="{regions}/{slug}-{year}.html",
    )
    assert titles(site.html("regions/venezuela-2022.html")) == ["Venezuelan Cooperatives"]
    nav = year_nav(site.html("regions/venezuela/index.html"))
    assert nav[1] == ("2022", "1", "/regions/venezuela-2022.html")
    assert site.exists("es/regiones/venezuela/2022/index.html")  # REGION_YEAR_LANG_SAVE_AS


def test_year_pages_are_paginated(tmp_path: Path) -> None:
    site = make(tmp_path, DEFAULT_PAGINATION=1)
    assert titles(site.html("regions/latin-america/2022/index.html")) == ["Venezuelan Cooperatives"]
    assert titles(site.html("regions/latin-america/2022/index2.html")) == ["CoopCycle in Argentina"]


# COOPREGIONS_YEAR_ARCHIVES = "paginated" (the default) ------------------------------------


def year_headings(page: BeautifulSoup) -> dict[str, list[str]]:
    """Each year heading of the listing (by its id) with the titles listed under it; every
    entry under one when there are any."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    listing = page.select("h3.coopregions-year-heading, article.coopregions-entry")
    if not page.select("h3.coopregions-year-heading"):
        return found
    for element in listing:
        if element.name == "h3":
            current = found.setdefault(str(element["id"]), [])
        else:
            assert current is not None, "an entry before the first year heading"
            current.append(element.select_one("h3 a").get_text(strip=True))
    return found


@pytest.fixture(scope="module")
def paginated(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Two entries a page: Latin America (four stories) runs past one page, Venezuela (two)
    does not."""
    return make(
        tmp_path_factory.mktemp("paginated"),
        years="paginated",
        DEFAULT_PAGINATION=2,
    )


def test_paginated_is_the_default(tmp_path: Path) -> None:
    # Without pagination every listing is on one page: no year pages, years as headings.
    site = make(tmp_path, years=None)
    assert not any(part.isdigit() for name in site.files() for part in name.split("/"))
    assert year_nav(site.html("regions/latin-america/index.html"))[0][2] == (
        "/regions/latin-america/#2023"
    )


def test_a_listing_past_one_page_gets_year_pages(paginated: Site) -> None:
    assert paginated.exists("regions/latin-america/index2.html")
    nav = year_nav(paginated.html("regions/latin-america/index.html"))
    assert [href for _, _, href in nav] == [
        "/regions/latin-america/2023/",
        "/regions/latin-america/2022/",
        "/regions/latin-america/2020/",
    ]
    for _, count, href in nav:
        assert href is not None
        assert len(titles(paginated.html(href.lstrip("/") + "index.html"))) == int(count)
    assert year_headings(paginated.html("regions/latin-america/index.html")) == {}


def test_a_listing_on_one_page_links_its_years_to_headings_in_it(paginated: Site) -> None:
    assert not paginated.exists("regions/venezuela/index2.html")
    assert not any(name.startswith("regions/venezuela/20") for name in paginated.files())
    page = paginated.html("regions/venezuela/index.html")
    nav = year_nav(page)
    assert nav == [
        ("2023", "1", "/regions/venezuela/#2023"),
        ("2022", "1", "/regions/venezuela/#2022"),
    ]
    headings = year_headings(page)
    assert headings == {"2023": ["Cecosesola Markets"], "2022": ["Venezuelan Cooperatives"]}
    for year, count, href in nav:
        assert href is not None and href.split("#")[1] in headings
        assert len(headings[year]) == int(count)
    spanish = paginated.html("es/regiones/venezuela/index.html")
    assert [href for _, _, href in year_nav(spanish)] == [
        "/es/regiones/venezuela/#2023",
        "/es/regiones/venezuela/#2022",
    ]
    assert list(year_headings(spanish)) == ["2023", "2022"]


def test_each_language_decides_for_its_own_listing(tmp_path: Path) -> None:
    # Without untranslated originals the Spanish Latin America lists two stories: one page.
    site = make(
        tmp_path,
        years="paginated",
        COOPREGIONS_TRANSLATION_FALLBACK="skip",
        DEFAULT_PAGINATION=2,
    )
    assert site.exists("regions/latin-america/2022/index.html")
    assert not site.exists("es/regiones/latinoamerica/2022/index.html")
    hreflang = [
        link["hreflang"]
        for link in site.html("regions/latin-america/2022/index.html").select("link[hreflang]")
    ]
    assert hreflang == ["en"]
    spanish = site.html("es/regiones/latinoamerica/index.html")
    assert year_nav(spanish)[0][2] == "/es/regiones/latinoamerica/#2023"


def test_a_year_pages_note_links_a_parts_year_heading(tmp_path: Path) -> None:
    # South America lists Peru's, Venezuela's and Argentina's stories of 2022; its year page
    # lists two of them, then a note linking each country's 2022: Venezuela's page (two
    # stories, two pages), Peru's and Argentina's year headings (one story, one page).
    write_article(
        tmp_path / "content",
        "pe-2022.md",
        """
        Title: Peruvian Coffee
        Date: 2022-09-01
        Slug: peruvian-coffee
        Countries: PE

        Text.
        """,
    )
    site = make(tmp_path, years="paginated", COOPREGIONS_ROLLUP_PAGES=2, DEFAULT_PAGINATION=1)
    pages = sorted(name for name in site.files() if name.startswith("regions/south-america/2022/"))
    assert pages == [
        "regions/south-america/2022/index.html",
        "regions/south-america/2022/index2.html",
    ]
    note = [a for name in pages for a in site.html(name).select("aside.coopregions-rollup-end a")]
    assert {a.get_text(strip=True): a["href"] for a in note} == {
        "Argentina": "/regions/argentina/#2022",
        "Peru": "/regions/peru/#2022",
        "Venezuela": "/regions/venezuela/2022/",
    }
    assert "2022" in year_headings(site.html("regions/peru/index.html"))


def test_true_keeps_every_year_page(tmp_path: Path) -> None:
    site = make(tmp_path, years=True)
    assert site.exists("regions/venezuela/2022/index.html")
    assert site.exists("regions/cuba/2020/index.html")
