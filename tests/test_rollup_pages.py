"""Pages of places containing others list everything on their first pages only.

With rollup, World, continent and sub-region pages (and a federation's) repeat the articles of
every place inside them. ``COOPREGIONS_ROLLUP_PAGES`` pages list everything; after that only
the articles about the place as such, which no page of a place inside it lists, so no article
becomes unreachable. A note names the places where the older articles are. Profiles of
organizations without articles are single pages: no listing, no feed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from conftest import Site, build, write_article

SITES = Path(__file__).parent / "fixtures" / "sites"
DATA = SITES / "data"


def coop(root: Path, **overrides: Any) -> Site:
    shutil.copytree(SITES / "coop" / "content", root / "content", dirs_exist_ok=True)
    return build(
        root,
        COOPREGIONS_REGIONS_FILE=str(DATA / "regions.toml"),
        COOPREGIONS_ORGANIZATIONS_FILE=str(DATA / "organizations.toml"),
        COOPREGIONS_LANGUAGES=["en", "es"],
        **overrides,
    )


def listed(soup: BeautifulSoup) -> list[str]:
    return [
        str(a["href"]).rsplit("/", 1)[-1].removesuffix(".html")
        for a in soup.select("section.coopregions article.coopregions-entry h3 a")
    ]


def note(soup: BeautifulSoup) -> tuple[list[str], str]:
    """The places the note links to, and its text."""
    found = soup.select_one("aside.coopregions-rollup-end")
    assert found is not None, "no note where the listing stops repeating"
    return [a.get_text(strip=True) for a in found.select("a")], found.get_text(" ", strip=True)


ALL_SIX = [
    "building-here-and-now",
    "venezuelan-cooperatives",
    "smart-belgium",
    "coopcycle-argentina",
    "cuba-cooperative-legislation",
    "cecosesola-markets",
]


def test_world_lists_every_article_on_its_first_pages_only(tmp_path: Path) -> None:
    # The Markets of Cecosesola is listed under Venezuela through Cecosesola's country.
    site = coop(
        tmp_path,
        DEFAULT_PAGINATION=2,
        COOPREGIONS_ROLLUP_PAGES=1,
        COOPREGIONS_INFER_FROM_ORGANIZATIONS=True,
    )
    world = site.html("regions/world/index.html")
    assert listed(world) == ALL_SIX[:2]
    places, text = note(world)
    assert places == ["Americas", "Europe"]
    assert text.startswith("Older articles are listed on the pages of:")
    assert not site.exists("regions/world/index2.html")
    # Countries contain nothing: every article, on every page.
    assert listed(site.html("regions/venezuela/index.html")) == ALL_SIX[:2]
    assert listed(site.html("regions/venezuela/index2.html")) == ["cecosesola-markets"]
    # The feed and the counts still cover every article.
    feed = (site.output / "regions/world/feed.atom.xml").read_text(encoding="utf-8")
    assert all(f"/{slug}.html" in feed for slug in ALL_SIX)
    tree = site.html("regions/index.html").select("ul.coopregions-tree li")
    world_row = [li.get_text(" ", strip=True) for li in tree if "World" in li.get_text()]
    assert world_row == ["World (6 articles)"]
    spanish = site.html("es/regiones/mundo/index.html")
    assert note(spanish)[1].startswith("Los artículos anteriores están en las páginas de:")


def test_articles_about_the_place_itself_follow_the_note(tmp_path: Path) -> None:
    write_article(
        tmp_path / "content",
        "old-latam.md",
        """
        Title: A Continent of Cooperatives
        Date: 2015-05-01
        Slug: old-latam
        Regions: Latin America
        Summary: About the whole region.

        Text.
        """,
    )
    site = coop(tmp_path, DEFAULT_PAGINATION=2, COOPREGIONS_ROLLUP_PAGES=1)
    first = site.html("regions/latin-america/index.html")
    assert listed(first) == ["building-here-and-now", "venezuelan-cooperatives"]
    assert first.select_one("aside.coopregions-rollup-end") is None  # not on this page
    second = site.html("regions/latin-america/index2.html")
    assert listed(second) == ["old-latam"]  # older, about Latin America as a whole
    places, text = note(second)
    assert places == ["Caribbean", "South America"]
    assert "Older articles about Latin America as a whole:" in text
    # Everything else older is on the pages of the places inside.
    assert listed(site.html("regions/argentina/index.html")) == ["coopcycle-argentina"]


def test_a_federation_stops_repeating_its_members(tmp_path: Path) -> None:
    write_article(
        tmp_path / "content",
        "coopcycle-older.md",
        """
        Title: CoopCycle Argentina's First Year
        Date: 2019-05-10
        Slug: coopcycle-older
        Organizations: CoopCycle Argentina

        Text.
        """,
    )
    site = coop(tmp_path, DEFAULT_PAGINATION=1, COOPREGIONS_ROLLUP_PAGES=1)
    federation = site.html("organizations/coopcycle/index.html")
    assert listed(federation) == ["coopcycle-argentina"]
    assert note(federation)[0] == ["CoopCycle Argentina"]
    assert not site.exists("organizations/coopcycle/index2.html")
    member = site.html("organizations/coopcycle-argentina/index2.html")
    assert listed(member) == ["coopcycle-older"]


def test_no_limit(tmp_path: Path) -> None:
    site = coop(tmp_path, DEFAULT_PAGINATION=2, COOPREGIONS_ROLLUP_PAGES=None)
    pages = ["index.html", "index2.html", "index3.html"]
    shown = [slug for page in pages for slug in listed(site.html(f"regions/world/{page}"))]
    assert shown == ALL_SIX
    assert "coopregions-rollup-end" not in (site.output / "regions/world/index3.html").read_text()


def test_an_organization_without_articles_is_a_single_profile_page(tmp_path: Path) -> None:
    site = coop(tmp_path, DEFAULT_PAGINATION=1)
    files = {name for name in site.files() if name.startswith("organizations/ica/")}
    assert files == {"organizations/ica/index.html"}  # no page 2, no feed
    page = site.html("organizations/ica/index.html")
    section = page.select_one("section.coopregions")
    assert section is not None
    assert section.select_one("h1").get_text(strip=True).startswith("International Cooperative")
    assert section.select("dl.coopregions-profile dd")  # founded, website
    assert section.select_one("h2.coopregions-articles-heading") is None
    assert "No articles yet." not in section.get_text()
    assert page.find("link", attrs={"type": "application/atom+xml"}) is None


def test_a_containers_year_page_stops_repeating_too(tmp_path: Path) -> None:
    """A year of the World holds a year of every country: capped like the World's page, its
    note linking the same year of the places inside."""
    write_article(
        tmp_path / "content",
        "latam-2022.md",
        """
        Title: A Year of Cooperatives
        Date: 2022-01-05
        Slug: latam-2022
        Regions: Latin America
        Summary: About the whole region.

        Text.
        """,
    )
    write_article(
        tmp_path / "content",
        "argentina-2022.md",
        """
        Title: Recovered Factories
        Date: 2022-03-01
        Slug: argentina-2022
        Countries: AR

        Text.
        """,
    )
    site = coop(
        tmp_path, DEFAULT_PAGINATION=1, COOPREGIONS_ROLLUP_PAGES=1, COOPREGIONS_YEAR_ARCHIVES="all"
    )
    world = site.html("regions/world/2022/index.html")
    assert listed(world) == ["venezuelan-cooperatives"]
    places, text = note(world)
    assert places == ["Americas", "Europe"]
    links = world.select("aside.coopregions-rollup-end a")
    assert [a["href"] for a in links] == ["/regions/americas/2022/", "/regions/europe/2022/"]
    assert not site.exists("regions/world/2022/index2.html")
    # Latin America: the newest of the year, the note, then the year's story about it as such.
    latam = site.html("regions/latin-america/2022/index.html")
    assert listed(latam) == ["venezuelan-cooperatives"]
    assert latam.select_one("aside.coopregions-rollup-end") is None
    second = site.html("regions/latin-america/2022/index2.html")
    assert listed(second) == ["latam-2022"]
    places, text = note(second)
    assert places == ["South America"]  # the Caribbean had no story in 2022
    assert "Older articles about Latin America as a whole:" in text
    # A country's year is never capped, and Spanish pages link Spanish year pages.
    assert listed(site.html("regions/venezuela/2022/index.html")) == ["venezuelan-cooperatives"]
    spanish = site.html("es/regiones/mundo/2022/index.html")
    hrefs = [a["href"] for a in spanish.select("aside.coopregions-rollup-end a")]
    assert hrefs == ["/es/regiones/america/2022/", "/es/regiones/europa/2022/"]
