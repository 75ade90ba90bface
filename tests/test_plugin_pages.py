"""Full builds: region and organization pages, indexes, pagination, feeds and JSON-LD.

Every test runs a real Pelican build into a temporary folder and reads the output back with
BeautifulSoup (HTML) or ``xml.etree`` (feeds): which articles are on which page, in which
order, and where the links go.
"""

from __future__ import annotations

import json
import posixpath
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from pelican.plugins import signals

from conftest import Site, build, resolve, write_article

pytestmark = pytest.mark.builds

SITES = Path(__file__).parent / "fixtures" / "sites"
DATA = SITES / "data"
DATA_SETTINGS = {
    "COOPREGIONS_REGIONS_FILE": str(DATA / "regions.toml"),
    "COOPREGIONS_ORGANIZATIONS_FILE": str(DATA / "organizations.toml"),
}
ATOM = "{http://www.w3.org/2005/Atom}"

# The fixture site (tests/fixtures/sites/coop/content), newest first.
BUILDING = "building-here-and-now"  # 2023-02-16 Regions: Latin America, VE, Cecosesola
VENEZUELAN = "venezuelan-cooperatives"  # 2022-07-21 Regions: South America, VE
SMART = "smart-belgium"  # 2022-06-15 Region: Western Europe, Country: BE, Smart
COOPCYCLE_AR = "coopcycle-argentina"  # 2021-05-10 AR, CoopCycle Argentina
ABOUT = "about-this-site"  # 2021-01-01 no region metadata
CUBA = "cuba-cooperative-legislation"  # 2020-08-03 Country: Cuba, Organization: ANAP
MARKETS = "cecosesola-markets"  # 2019-11-05 (reST) :organizations: Cecosesola, :regions: Andes


def build_coop(root: Path, **overrides: Any) -> Site:
    """Build the fixture site with the fixture data files into ``root``."""
    shutil.copytree(SITES / "coop" / "content", root / "content", dirs_exist_ok=True)
    return build(root, **{**DATA_SETTINGS, **overrides})


@pytest.fixture(scope="module")
def coop(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The fixture site built once with default plugin settings (read-only for tests)."""
    return build_coop(tmp_path_factory.mktemp("coop"))


def section(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("section.coopregions")
    assert found is not None, "no section.coopregions on the page"
    return found


def listed(soup: BeautifulSoup) -> list[str]:
    """Slugs of the articles listed on a region or organization page, in page order."""
    slugs = []
    for entry in section(soup).select("article.coopregions-entry"):
        link = entry.select_one("h3 a")
        assert link is not None
        slugs.append(posixpath.basename(str(link["href"])).removesuffix(".html"))
    return slugs


def heading(soup: BeautifulSoup) -> str:
    h1 = section(soup).find("h1")
    assert h1 is not None
    return h1.get_text(" ", strip=True)


def jsonld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    scripts = soup.find_all("script", attrs={"type": "application/ld+json"})
    return [json.loads(script.string) for script in scripts]


def region_pages(site: Site) -> set[str]:
    return {
        path.split("/")[1]
        for path in site.files()
        if path.startswith("regions/") and path.endswith("/index.html")
    }


# Region pages ---------------------------------------------------------------------------------


def test_region_page_heading_description_breadcrumb_and_articles(coop: Site) -> None:
    soup = coop.html("regions/latin-america/index.html")
    assert heading(soup) == "Latin America"
    description = section(soup).select_one("p.coopregions-description")
    assert description is not None
    assert description.get_text().startswith("From Venezuela's communes")
    crumbs = section(soup).select("nav[aria-label=Breadcrumb] li")
    assert [li.get_text(strip=True) for li in crumbs] == ["World", "Americas"]
    assert [li.a["href"] for li in crumbs] == ["/regions/world/", "/regions/americas/"]
    assert listed(soup) == [BUILDING, VENEZUELAN, COOPCYCLE_AR, CUBA, MARKETS]


def test_region_page_entries_have_date_title_link_and_summary(coop: Site) -> None:
    entries = section(coop.html("regions/venezuela/index.html")).select("article")
    first = entries[0]
    time = first.find("time")
    assert time is not None
    assert time["datetime"] == "2023-02-16"
    link = first.select_one("h3 a")
    assert link is not None
    assert link.get_text(strip=True) == "Building, Here and Now, The World We Yearn For"
    assert link["href"] == f"/{BUILDING}.html"
    assert coop.exists(f"{BUILDING}.html")
    summary = first.find("p")
    assert summary is not None
    assert summary.get_text(strip=True).startswith("Cecosesola is a cooperative integration")
    # The Markets of Cecosesola (2019) names only Cecosesola and Andes: by default an
    # organization's country does not list it under Venezuela.
    assert [e.find("time")["datetime"] for e in entries] == ["2023-02-16", "2022-07-21"]


def test_region_page_links_only_child_regions_with_articles(coop: Site) -> None:
    soup = coop.html("regions/south-america/index.html")
    children = section(soup).select("nav.coopregions-subregions li a")
    assert [(a.get_text(strip=True), a["href"]) for a in children] == [
        ("Andes", "/regions/andes/"),
        ("Argentina", "/regions/argentina/"),
        ("Venezuela", "/regions/venezuela/"),
    ]
    # Chile, Peru... have no articles: no link, no page.
    assert not coop.exists("regions/chile/index.html")
    assert listed(soup) == [BUILDING, VENEZUELAN, COOPCYCLE_AR, MARKETS]


def test_country_breadcrumb_follows_the_parent_chain_from_world(coop: Site) -> None:
    """The M.49 parent chain: the site's Andes group contains Venezuela but is no link of it."""
    soup = coop.html("regions/venezuela/index.html")
    assert heading(soup) == "Venezuela"
    crumbs = [li.get_text(strip=True) for li in section(soup).select("nav ol li")]
    assert crumbs == ["World", "Americas", "Latin America", "South America"]


def test_rollup_lists_a_country_article_on_every_containing_region(coop: Site) -> None:
    for region in ("venezuela", "south-america", "latin-america", "americas", "world"):
        assert VENEZUELAN in listed(coop.html(f"regions/{region}/index.html")), region
    assert VENEZUELAN not in listed(coop.html("regions/europe/index.html"))
    assert listed(coop.html("regions/world/index.html")) == [
        BUILDING,
        VENEZUELAN,
        SMART,
        COOPCYCLE_AR,
        CUBA,
        MARKETS,
    ]
    assert listed(coop.html("regions/europe/index.html")) == [SMART]


def test_article_without_region_metadata_is_on_no_region_page(coop: Site) -> None:
    assert coop.exists(f"{ABOUT}.html")
    for region in region_pages(coop) - {"index.html"}:
        assert ABOUT not in listed(coop.html(f"regions/{region}/index.html")), region


def test_rollup_off_lists_articles_only_where_named(site_dir: Path) -> None:
    site = build_coop(site_dir, COOPREGIONS_ROLLUP=False)
    assert listed(site.html("regions/venezuela/index.html")) == [BUILDING, VENEZUELAN]
    assert listed(site.html("regions/south-america/index.html")) == [VENEZUELAN]
    assert listed(site.html("regions/latin-america/index.html")) == [BUILDING]
    assert listed(site.html("regions/andes/index.html")) == [MARKETS]
    # Nothing names the Americas, World or Europe directly: no pages for them.
    for region in ("americas", "world", "europe"):
        assert not site.exists(f"regions/{region}/index.html"), region
    # The breadcrumb names every region of the parent chain and links those with a page.
    crumbs = section(site.html("regions/venezuela/index.html")).select("nav ol li")
    assert [(li.get_text(strip=True), li.a["href"] if li.a else None) for li in crumbs] == [
        ("World", None),
        ("Americas", None),
        ("Latin America", "/regions/latin-america/"),
        ("South America", "/regions/south-america/"),
    ]
    # Federations do not collect their members' articles either.
    assert listed(site.html("organizations/coopcycle-argentina/index.html")) == [COOPCYCLE_AR]
    assert listed(site.html("organizations/coopcycle/index.html")) == []


def test_organization_rollup_lists_member_articles_on_the_federation(coop: Site) -> None:
    assert listed(coop.html("organizations/coopcycle/index.html")) == [COOPCYCLE_AR]


def test_no_inference_by_default(coop: Site) -> None:
    """The reST article names only Cecosesola and Andes: it is about Cecosesola, in the
    Andes, not listed under Venezuela because Cecosesola is there."""
    assert MARKETS not in listed(coop.html("regions/venezuela/index.html"))
    assert listed(coop.html("organizations/cecosesola/index.html")) == [BUILDING, MARKETS]


def test_inference_places_an_article_in_its_organizations_country(site_dir: Path) -> None:
    site = build_coop(site_dir, COOPREGIONS_INFER_FROM_ORGANIZATIONS=True)
    assert MARKETS in listed(site.html("regions/venezuela/index.html"))


ONLY_ORGANIZATION = """
Title: Only an Organization
Date: 2024-03-01
Organizations: Smart
Summary: Names Smart, no place.

Text.
"""


def test_inference_off_keeps_articles_out_of_unnamed_countries(site_dir: Path) -> None:
    write_article(site_dir / "content", "only-org.md", ONLY_ORGANIZATION)
    site = build_coop(site_dir, COOPREGIONS_INFER_FROM_ORGANIZATIONS=False)
    assert listed(site.html("regions/venezuela/index.html")) == [BUILDING, VENEZUELAN]
    assert listed(site.html("regions/belgium/index.html")) == [SMART]
    assert listed(site.html("organizations/smart-belgium/index.html")) == [
        "only-an-organization",
        SMART,
    ]
    world = listed(site.html("regions/world/index.html"))
    assert "only-an-organization" not in world
    assert MARKETS in world  # through Andes, which the article names


def test_inference_on_places_an_organization_only_article(site_dir: Path) -> None:
    write_article(site_dir / "content", "only-org.md", ONLY_ORGANIZATION)
    site = build_coop(site_dir, COOPREGIONS_INFER_FROM_ORGANIZATIONS=True)
    for region in ("belgium", "western-europe", "europe", "world"):
        assert listed(site.html(f"regions/{region}/index.html"))[0] == "only-an-organization"


def test_empty_regions_skip_and_render(coop: Site, site_dir: Path) -> None:
    assert not coop.exists("regions/chile/index.html")
    site = build_coop(site_dir, COOPREGIONS_EMPTY_REGIONS="render")
    soup = site.html("regions/chile/index.html")
    assert heading(soup) == "Chile"
    assert listed(soup) == []
    assert "No articles yet." in section(soup).get_text()
    assert not site.exists("regions/chile/feed.atom.xml")  # no feed without articles...
    assert soup.find("link", attrs={"type": "application/atom+xml"}) is None  # ...nor link
    assert not [a for a in section(soup).find_all("a") if "feed" in str(a.get("href", ""))]
    tree = section(site.html("regions/index.html")).select("ul.coopregions-tree li")
    chile = [li for li in tree if li.get_text(" ", strip=True).startswith("Chile")]
    assert chile
    assert chile[0].a is not None
    assert chile[0].a["href"] == "/regions/chile/"


def test_translations_hidden_and_draft_articles(site_dir: Path) -> None:
    content = site_dir / "content"
    for name, text in {
        "original.md": "Title: Original\nDate: 2024-01-01\nSlug: original\nCountries: VE\n",
        "original-es.md": "Title: Original ES\nDate: 2024-01-01\nSlug: original\nLang: es\n",
        "hidden.md": "Title: Hidden\nDate: 2024-01-02\nStatus: hidden\nCountries: VE\n",
        "draft.md": "Title: Draft\nDate: 2024-01-03\nStatus: draft\nCountries: VE\n",
    }.items():
        write_article(content, name, text + "\nText.\n")
    site = build(site_dir)
    # One story: the English page lists the original once, the Spanish page its translation.
    assert listed(site.html("regions/venezuela/index.html")) == ["original"]
    assert listed(site.html("es/regiones/venezuela/index.html")) == ["original-es"]
    assert listed(site.html("regions/world/index.html")) == ["original"]
    assert site.exists("hidden.html")
    assert site.exists("drafts/draft.html")


def test_siteurl_makes_links_and_jsonld_absolute(site_dir: Path) -> None:
    site = build_coop(site_dir, SITEURL="https://news.example.org")
    soup = site.html("regions/venezuela/index.html")
    links = [str(a["href"]) for a in section(soup).select("article h3 a")]
    assert links[0] == f"https://news.example.org/{BUILDING}.html"
    (data,) = jsonld(soup)
    assert data["url"] == "https://news.example.org/regions/venezuela/"
    assert data["about"]["url"] == "https://news.example.org/regions/venezuela/"
    assert data["mainEntity"]["itemListElement"][0]["item"]["url"] == (
        f"https://news.example.org/{BUILDING}.html"
    )
    feed = atom(site, "regions/venezuela/feed.atom.xml")
    entry_link = feed.find(f"{ATOM}entry/{ATOM}link")
    assert entry_link is not None
    assert entry_link.get("href") == f"https://news.example.org/{BUILDING}.html"


# Regions index --------------------------------------------------------------------------------


def test_regions_index_is_a_tree_with_counts(coop: Site) -> None:
    soup = coop.html("regions/index.html")
    assert heading(soup) == "Regions"
    rows = []
    for li in section(soup).select("ul.coopregions-tree > li"):
        depth = next(c for c in li["class"] if c.startswith("coopregions-depth-"))
        link = li.find("a")
        count = li.select_one(".coopregions-count")
        assert link is not None
        assert count is not None
        rows.append(
            (int(depth.rsplit("-", 1)[1]), link.get_text(strip=True), count.get_text(strip=True))
        )
    assert rows[0] == (0, "World", "(6 articles)")
    assert (1, "Americas", "(5 articles)") in rows
    assert (2, "Latin America", "(5 articles)") in rows
    assert (3, "South America", "(4 articles)") in rows
    assert (4, "Argentina", "(1 article)") in rows
    assert (3, "Belgium", "(1 article)") in rows
    names = [name for _, name, _ in rows]
    # Children follow their parent, deeper by one.
    south = names.index("South America")
    assert rows[south + 1][0] == 4
    assert names.index("Americas") < names.index("Latin America") < south
    assert names.index("Europe") < names.index("Western Europe") < names.index("Belgium")
    # Only regions with articles (or with descendants that have some) are listed.
    assert "Chile" not in names
    assert "Africa" not in names
    for li in section(soup).select("ul.coopregions-tree a"):
        assert coop.exists(resolve("regions/index.html", str(li["href"]))), li["href"]


# Organization pages ---------------------------------------------------------------------------


def profile(soup: BeautifulSoup) -> dict[str, Tag]:
    dl = section(soup).select_one("dl.coopregions-profile")
    assert dl is not None
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd")
        for dt in dl.find_all("dt", recursive=False)
    }


def test_organization_page_profile_and_articles(coop: Site) -> None:
    soup = coop.html("organizations/cecosesola/index.html")
    assert heading(soup) == "Cecosesola"
    description = section(soup).select_one("p.coopregions-description")
    assert description is not None
    assert description.get_text(strip=True).startswith("A network of cooperatives")
    fields = profile(soup)
    country = fields["Country"]
    assert country.a is not None
    assert country.a.get_text(strip=True) == "Venezuela"
    assert country.a["href"] == "/regions/venezuela/"
    assert "Barquisimeto" in country.get_text()
    assert fields["Founded"].get_text(strip=True) == "1967"
    assert fields["Sectors"].get_text(strip=True) == "food distribution, health, funeral services"
    assert "Website" not in fields
    assert listed(soup) == [BUILDING, MARKETS]


def test_organization_page_acronym_website_federation_and_members(coop: Site) -> None:
    anap = coop.html("organizations/anap/index.html")
    h1 = section(anap).find("h1")
    assert h1 is not None
    abbr = h1.find("abbr")
    assert abbr is not None
    assert abbr.get_text(strip=True) == "(ANAP)"
    assert listed(anap) == [CUBA]

    federation = coop.html("organizations/coopcycle/index.html")
    fields = profile(federation)
    website = fields["Website"].a
    assert website is not None
    assert website["href"] == "https://coopcycle.org/"
    # France has no articles, hence no page: named, not linked.
    assert fields["Country"].get_text(strip=True) == "France"
    assert fields["Country"].a is None
    members = fields["Members"].select("li a")
    assert [(a.get_text(strip=True), a["href"]) for a in members] == [
        ("CoopCycle Argentina", "/organizations/coopcycle-argentina/")
    ]

    member = profile(coop.html("organizations/coopcycle-argentina/index.html"))
    parent = member["Member of"].a
    assert parent is not None
    assert (parent.get_text(strip=True), parent["href"]) == (
        "CoopCycle",
        "/organizations/coopcycle/",
    )


def test_organization_without_articles_has_a_profile_page(coop: Site) -> None:
    soup = coop.html("organizations/ica/index.html")
    assert heading(soup) == "International Cooperative Alliance (ICA)"
    assert listed(soup) == []
    assert "Country" not in profile(soup)
    assert not coop.exists("organizations/ica/feed.atom.xml")
    assert soup.find("link", attrs={"type": "application/atom+xml"}) is None


def test_organizations_index_is_grouped_by_country(coop: Site) -> None:
    soup = coop.html("organizations/index.html")
    assert heading(soup) == "Organizations"
    groups = []
    for h2 in section(soup).find_all("h2"):
        ul = h2.find_next_sibling("ul")
        assert ul is not None
        names = [a.get_text(strip=True) for a in ul.select("li a")]
        groups.append((h2.get_text(strip=True), names))
    assert groups == [
        ("Argentina", ["CoopCycle Argentina"]),
        ("Belgium", ["Smart"]),
        ("Cuba", ["National Association of Small Farmers"]),
        ("France", ["CoopCycle"]),
        ("Venezuela", ["Cecosesola"]),
        ("International", ["International Cooperative Alliance"]),
    ]
    links = {h2.get_text(strip=True): h2.a for h2 in section(soup).find_all("h2")}
    assert links["Venezuela"] is not None
    assert links["Venezuela"]["href"] == "/regions/venezuela/"
    assert links["France"] is None  # France has no page
    counts = [c.get_text(strip=True) for c in section(soup).select(".coopregions-count")]
    assert counts == [
        "(1 article)",
        "(1 article)",
        "(1 article)",
        "(1 article)",
        "(2 articles)",
        "(0 articles)",
    ]


# Pagination -----------------------------------------------------------------------------------


def five_venezuelan_articles(content: Path) -> None:
    for day in range(1, 6):
        write_article(
            content,
            f"ve-{day}.md",
            f"""
            Title: Venezuela {day}
            Date: 2024-01-0{day}
            Slug: ve-{day}
            Countries: VE
            Organizations: Cecosesola
            Summary: Article {day}.

            Text {day}.
            """,
        )


def pagination_links(soup: BeautifulSoup) -> dict[str, str]:
    nav = section(soup).select_one("nav.coopregions-pagination")
    assert nav is not None
    return {str(a["rel"][0]): str(a["href"]) for a in nav.find_all("a")}


def test_default_pagination_splits_region_and_organization_pages(site_dir: Path) -> None:
    five_venezuelan_articles(site_dir / "content")
    site = build(site_dir, **DATA_SETTINGS, DEFAULT_PAGINATION=2)
    for base in ("regions/venezuela", "organizations/cecosesola"):
        pages = [f"{base}/index.html", f"{base}/index2.html", f"{base}/index3.html"]
        assert [listed(site.html(page)) for page in pages] == [
            ["ve-5", "ve-4"],
            ["ve-3", "ve-2"],
            ["ve-1"],
        ]
        assert not site.exists(f"{base}/index4.html")
        assert pagination_links(site.html(pages[0])) == {"next": f"/{base}/index2.html"}
        assert pagination_links(site.html(pages[1])) == {
            "prev": f"/{base}/index.html",
            "next": f"/{base}/index3.html",
        }
        assert pagination_links(site.html(pages[2])) == {"prev": f"/{base}/index2.html"}
        # JSON-LD lists the page's own articles, numbered across pages.
        page2 = jsonld(site.html(pages[1]))[0]["mainEntity"]["itemListElement"]
        assert [(item["position"], item["item"]["name"]) for item in page2] == [
            (3, "Venezuela 3"),
            (4, "Venezuela 2"),
        ]


def test_paginated_templates_setting_per_template(site_dir: Path) -> None:
    five_venezuelan_articles(site_dir / "content")
    site = build(
        site_dir,
        **DATA_SETTINGS,
        PAGINATED_TEMPLATES={
            "index": None,
            "tag": None,
            "category": None,
            "author": None,
            "region": 3,
        },
    )
    assert listed(site.html("regions/venezuela/index.html")) == ["ve-5", "ve-4", "ve-3"]
    assert listed(site.html("regions/venezuela/index2.html")) == ["ve-2", "ve-1"]
    # The plugin added "organization" with no size of its own, and DEFAULT_PAGINATION is off.
    assert len(listed(site.html("organizations/cecosesola/index.html"))) == 5
    assert not site.exists("organizations/cecosesola/index2.html")


def test_custom_pagination_patterns(site_dir: Path) -> None:
    five_venezuelan_articles(site_dir / "content")
    site = build(
        site_dir,
        **DATA_SETTINGS,
        DEFAULT_PAGINATION=2,
        PAGINATION_PATTERNS=[
            (1, "{url}", "{save_as}"),
            (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
        ],
    )
    assert listed(site.html("regions/venezuela/page/2/index.html")) == ["ve-3", "ve-2"]
    assert listed(site.html("regions/venezuela/page/3/index.html")) == ["ve-1"]
    assert pagination_links(site.html("regions/venezuela/index.html")) == {
        "next": "/regions/venezuela/page/2/"
    }
    assert pagination_links(site.html("regions/venezuela/page/2/index.html")) == {
        "prev": "/regions/venezuela/",
        "next": "/regions/venezuela/page/3/",
    }


def test_relative_urls_resolve_to_written_files(site_dir: Path) -> None:
    five_venezuelan_articles(site_dir / "content")
    shutil.copytree(SITES / "coop" / "content", site_dir / "content", dirs_exist_ok=True)
    site = build(site_dir, **DATA_SETTINGS, RELATIVE_URLS=True, DEFAULT_PAGINATION=2)
    pages = [
        "regions/venezuela/index.html",
        "regions/venezuela/index2.html",
        "regions/south-america/index.html",
        "regions/index.html",
        "organizations/cecosesola/index.html",
        "organizations/index.html",
    ]
    checked = 0
    for page in pages:
        soup = site.html(page)
        for link in section(soup).find_all("a", href=True):
            href = str(link["href"])
            if href.startswith("http"):
                continue
            assert not href.startswith("/"), (page, href)
            assert site.exists(resolve(page, href)), (page, href)
            checked += 1
    assert checked > 20
    venezuela = site.html("regions/venezuela/index2.html")
    assert pagination_links(venezuela)["prev"] == "../../regions/venezuela/index.html"


def test_content_written_and_feed_written_signals_fire_for_plugin_pages(site_dir: Path) -> None:
    pages: list[str] = []
    feeds: list[str] = []

    def on_content(path: str, context: dict[str, Any]) -> None:
        pages.append(path)

    def on_feed(path: str, context: dict[str, Any], feed: Any) -> None:
        feeds.append(path)

    signals.content_written.connect(on_content)
    signals.feed_written.connect(on_feed)
    try:
        site = build_coop(site_dir)
    finally:
        signals.content_written.disconnect(on_content)
        signals.feed_written.disconnect(on_feed)
    written = {str(Path(path).relative_to(site.output)) for path in pages}
    assert {
        "regions/index.html",
        "regions/venezuela/index.html",
        "organizations/index.html",
        "organizations/cecosesola/index.html",
    } <= written
    feed_paths = {str(Path(path).relative_to(site.output)) for path in feeds}
    assert {
        "regions/venezuela/feed.atom.xml",
        "organizations/smart-belgium/feed.atom.xml",
    } <= feed_paths


# Feeds ----------------------------------------------------------------------------------------


def atom(site: Site, path: str) -> ET.Element:
    return ET.parse(site.output / path).getroot()


def test_region_atom_feed_titles_and_entries(coop: Site) -> None:
    root = atom(coop, "regions/south-america/feed.atom.xml")
    assert root.tag == f"{ATOM}feed"
    title = root.findtext(f"{ATOM}title")
    assert title is not None
    assert title.endswith(" - South America")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Building, Here and Now, The World We Yearn For",
        "Venezuelan Cooperatives",
        "CoopCycle in Argentina",
        "The Markets of Cecosesola",
    ]
    links = [e.find(f"{ATOM}link") for e in entries]
    assert [link.get("href") for link in links if link is not None] == [
        f"/{BUILDING}.html",
        f"/{VENEZUELAN}.html",
        f"/{COOPCYCLE_AR}.html",
        f"/{MARKETS}.html",
    ]
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert self_link.get("href") == "/regions/south-america/feed.atom.xml"


def test_every_region_and_organization_page_links_its_feed(coop: Site) -> None:
    for page in ("regions/venezuela/index.html", "organizations/cecosesola/index.html"):
        soup = coop.html(page)
        head_links = soup.find_all("link", attrs={"type": "application/atom+xml"})
        assert len(head_links) == 1
        href = str(head_links[0]["href"])
        assert href == "/" + page.replace("index.html", "feed.atom.xml")
        root = atom(coop, href.lstrip("/"))
        entries = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
        assert len(entries) == len(listed(soup))


def test_organization_atom_feed(coop: Site) -> None:
    root = atom(coop, "organizations/cecosesola/feed.atom.xml")
    title = root.findtext(f"{ATOM}title")
    assert title is not None
    assert title.endswith(" - Cecosesola")
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == [
        "Building, Here and Now, The World We Yearn For",
        "The Markets of Cecosesola",
    ]


def test_rss_feeds_when_set_and_atom_switched_off(site_dir: Path) -> None:
    site = build_coop(
        site_dir,
        REGION_FEED_RSS="regions/{slug}/feed.rss.xml",
        ORGANIZATION_FEED_ATOM=None,
        ORGANIZATION_FEED_RSS="organizations/{slug}/feed.rss.xml",
    )
    root = ET.parse(site.output / "regions/venezuela/feed.rss.xml").getroot()
    assert root.tag == "rss"
    channel = root.find("channel")
    assert channel is not None
    assert str(channel.findtext("title")).endswith(" - Venezuela")
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Building, Here and Now, The World We Yearn For",
        "Venezuelan Cooperatives",
    ]
    # Atom is still on for regions (REGION_FEED_ATOM has its default).
    assert site.exists("regions/venezuela/feed.atom.xml")
    assert site.exists("organizations/cecosesola/feed.rss.xml")
    assert not any(path.endswith("feed.atom.xml") for path in site.files() if "organ" in path)
    org = ET.parse(site.output / "organizations/cecosesola/feed.rss.xml").getroot()
    assert str(org.findtext("channel/title")).endswith(" - Cecosesola")


def test_feeds_switched_off(site_dir: Path) -> None:
    site = build_coop(site_dir, REGION_FEED_ATOM=None, ORGANIZATION_FEED_ATOM=None)
    assert not [path for path in site.files() if path.endswith(".xml")]
    soup = site.html("regions/venezuela/index.html")
    assert soup.find("link", attrs={"type": "application/atom+xml"}) is None
    assert not [a for a in section(soup).find_all("a") if "feed" in str(a.get("href", ""))]


def test_rss_only_feed_link_has_the_rss_type(site_dir: Path) -> None:
    site = build_coop(
        site_dir, REGION_FEED_ATOM=None, REGION_FEED_RSS="regions/{slug}/feed.rss.xml"
    )
    soup = site.html("regions/venezuela/index.html")
    link = soup.find("link", attrs={"href": "/regions/venezuela/feed.rss.xml"})
    assert link is not None
    assert link["type"] == "application/rss+xml"


# JSON-LD --------------------------------------------------------------------------------------


def test_region_page_jsonld_collection_page_with_place_and_item_list(coop: Site) -> None:
    (data,) = jsonld(coop.html("regions/venezuela/index.html"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CollectionPage"
    assert data["name"] == "Venezuela"
    assert data["inLanguage"] == "en"
    assert data["about"]["@type"] == "Place"
    assert data["about"]["name"] == "Venezuela"
    assert data["about"]["identifier"] == "862"
    items = data["mainEntity"]["itemListElement"]
    assert data["mainEntity"]["@type"] == "ItemList"
    assert [(i["position"], i["item"]["url"], i["item"]["datePublished"]) for i in items] == [
        (1, f"/{BUILDING}.html", "2023-02-16"),
        (2, f"/{VENEZUELAN}.html", "2022-07-21"),
    ]
    (latin,) = jsonld(coop.html("regions/latin-america/index.html"))
    assert latin["about"]["description"].startswith("From Venezuela's communes")


def test_organization_page_jsonld(coop: Site) -> None:
    (data,) = jsonld(coop.html("organizations/cecosesola/index.html"))
    assert data["@type"] == "CollectionPage"
    org = data["about"]
    assert org["@type"] == "Organization"
    assert org["name"] == "Cecosesola"
    assert org["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "VE",
        "addressLocality": "Barquisimeto",
    }
    assert org["foundingDate"] == "1967"
    assert [i["item"]["name"] for i in data["mainEntity"]["itemListElement"]] == [
        "Building, Here and Now, The World We Yearn For",
        "The Markets of Cecosesola",
    ]
    (member,) = jsonld(coop.html("organizations/coopcycle-argentina/index.html"))
    assert member["about"]["parentOrganization"] == {"@type": "Organization", "name": "CoopCycle"}
    assert member["about"]["address"]["addressCountry"] == "AR"
    (ica,) = jsonld(coop.html("organizations/ica/index.html"))
    assert "address" not in ica["about"]
    assert ica["about"]["alternateName"] == "ICA"
    assert ica["about"]["sameAs"] == "https://ica.coop/"


EVIL = 'Coops </script><script>alert("x")</script> & <b>Friends</b>'


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Built once for the module; the tests only read it."""
    site_dir = tmp_path_factory.mktemp("evil")
    data = site_dir / "data"
    data.mkdir()
    (data / "regions.toml").write_text(
        f"[[region]]\nslug = \"evil\"\nname = '{EVIL}'\ndescription = '{EVIL}'\n",
        encoding="utf-8",
    )
    (data / "organizations.toml").write_text(
        f"[[organization]]\nslug = \"evil-org\"\nname = '{EVIL} Org'\nacronym = '</script>'\n"
        'country = "VE"\nfounded = 1999\n',
        encoding="utf-8",
    )
    write_article(
        site_dir / "content",
        "evil.md",
        """
        Title: An Article About Evil
        Date: 2024-01-01
        Regions: evil
        Organizations: evil-org
        Summary: Careful.

        Text.
        """,
    )
    return build(
        site_dir,
        COOPREGIONS_REGIONS_FILE=str(data / "regions.toml"),
        COOPREGIONS_ORGANIZATIONS_FILE=str(data / "organizations.toml"),
    )


def test_jsonld_and_html_escape_names_from_data_files(evil_site: Site) -> None:
    for path, name in (
        ("regions/evil/index.html", EVIL),
        ("organizations/evil-org/index.html", f"{EVIL} Org"),
    ):
        text = (evil_site.output / path).read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        scripts = soup.find_all("script")
        assert scripts, path
        # No <script> other than the JSON-LD one: the name did not break out of it.
        assert [s.get("type") for s in scripts] == ["application/ld+json"], path
        (data,) = jsonld(soup)
        assert data["name"] == name
        assert data["about"]["name"] == name
        assert soup.find("b") is None, path  # the name's <b> is text, not markup
        assert section(soup).find("h1").contents[0].strip() == name
        title = soup.find("title")
        assert title is not None
        assert title.get_text().startswith(name)
    (org,) = jsonld(evil_site.html("organizations/evil-org/index.html"))
    assert org["about"]["alternateName"] == "</script>"
    assert org["about"]["address"]["addressCountry"] == "VE"
    assert org["about"]["foundingDate"] == "1999"


def test_feed_title_keeps_the_exact_name(evil_site: Site) -> None:
    title = atom(evil_site, "regions/evil/feed.atom.xml").findtext(f"{ATOM}title")
    assert title == f"A Pelican Blog - {EVIL}"


# Several runs ---------------------------------------------------------------------------------


def test_two_sites_built_in_one_process_do_not_share_state(
    tmp_path: Path, make_site: Callable[..., Site]
) -> None:
    europe = make_site(
        {
            "a.md": """
            Title: Only Europe
            Date: 2024-01-01
            Countries: BE

            Text.
            """
        },
        **DATA_SETTINGS,
    )
    other = tmp_path / "other"
    (other / "content").mkdir(parents=True)
    write_article(
        other / "content",
        "b.md",
        """
        Title: Only Cuba
        Date: 2024-01-02
        Countries: CU

        Text.
        """,
    )
    cuba = build(other)
    assert region_pages(europe) >= {"belgium", "europe", "world"}
    assert "cuba" not in region_pages(europe)
    assert region_pages(cuba) >= {"cuba", "caribbean", "world"}
    assert "belgium" not in region_pages(cuba)
    assert listed(cuba.html("regions/world/index.html")) == ["only-cuba"]
    # The second site has no organizations file: no organization pages.
    assert not any(path.startswith("organizations/") for path in cuba.files())
