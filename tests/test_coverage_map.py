"""The coverage map in full builds: what the regions index and region pages link, name and shade."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import Site, build, resolve, write_article
from pelican_coopregions import Registry
from pelican_coopregions.core.worldmap import Box, WorldMap

SVG = "{http://www.w3.org/2000/svg}"
# Articles per country in English; the first Venezuelan article also has a Spanish version,
# and one article exists in Spanish only (shown on English pages in its original language).
PLAN = {"VE": 6, "AR": 3, "BR": 2, "GD": 1, "BE": 1}
SPANISH_ONLY = "ES"
COUNTS = {**PLAN, SPANISH_ONLY: 1}
SOUTH_AMERICA = {"VE", "AR", "BR"}


def write_coverage_site(root: Path) -> None:
    content = root / "content"
    day = 1
    for code, count in PLAN.items():
        for number in range(count):
            slug = f"{code.lower()}-{number}"
            text = f"Title: {code} story {number}\nDate: 2023-01-{day:02d}\nSlug: {slug}\n"
            write_article(content, f"{slug}.md", f"{text}Countries: {code}\n\nText.\n")
            if code == "VE" and number == 0:
                write_article(
                    content,
                    f"{slug}-es.md",
                    f"Title: Historia {number}\nDate: 2023-01-{day:02d}\nSlug: {slug}\n"
                    f"Lang: es\nCountries: {code}\n\nTexto.\n",
                )
            day += 1
    write_article(
        content,
        "es-only.md",
        "Title: Solo en castellano\nDate: 2023-02-01\nLang: es\nCountries: ES\n\nTexto.\n",
    )


def coverage_site(root: Path, **overrides: Any) -> Site:
    (root / "content").mkdir(parents=True, exist_ok=True)
    write_coverage_site(root)
    return build(root, **{"RELATIVE_URLS": True, **overrides})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return coverage_site(tmp_path_factory.mktemp("coverage"))


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.default(("en", "es"))


def figure(site: Site, page: str) -> Tag | None:
    found = site.html(page).select_one("figure.coopregions-map")
    return found if isinstance(found, Tag) else None


def svg_of(site: Site, page: str) -> ET.Element:
    """The map's <svg> as the browser gets it, parsed as XML (so it must be well-formed)."""
    text = (site.output / page).read_text(encoding="utf-8")
    match = re.search(r"<svg .*?</svg>", text, re.DOTALL)
    assert match, f"no map on {page}"
    return ET.fromstring(match.group(0))


def links(svg: ET.Element) -> dict[str, ET.Element]:
    return {str(a.get("href")): a for a in svg.iter(SVG + "a")}


def country_of(site: Site, page: str, href: str) -> str:
    """The heading of the page a map link leads to (which must exist)."""
    target = resolve(page, href)
    assert site.exists(target), f"{href} on {page} leads to no page"
    h1 = site.html(target).select_one("section.coopregions-region h1")
    assert h1 is not None
    return h1.get_text(strip=True)


def plural(lang: str, count: int) -> str:
    word = {"en": ("article", "articles"), "es": ("artículo", "artículos")}[lang]
    return f"{count} {word[count != 1]}"


# The regions index -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "page"), [("en", "regions/index.html"), ("es", "es/regiones/index.html")]
)
def test_index_map_links_exactly_the_countries_with_articles_by_their_local_names(
    site: Site, registry: Registry, lang: str, page: str
) -> None:
    svg = svg_of(site, page)
    names = {code: registry.region(code).name(lang) for code in COUNTS}
    found = {}
    for href, link in links(svg).items():
        heading = country_of(site, page, href)
        found[heading] = link.findtext(SVG + "title")
    assert found == {
        names[code]: f"{names[code]} ({plural(lang, count)})" for code, count in COUNTS.items()
    }
    if lang == "es":
        assert found["Bélgica"] == "Bélgica (1 artículo)"
        assert found["Venezuela"] == "Venezuela (6 artículos)"


def test_index_map_has_no_script_a_text_alternative_and_keeps_the_list(site: Site) -> None:
    for page in ("regions/index.html", "es/regiones/index.html"):
        shown = figure(site, page)
        assert shown is not None
        assert not shown.find_all("script")
        assert not shown.find_all(attrs={"onclick": True})
        caption = shown.find("figcaption")
        assert caption is not None and caption.get_text(strip=True)
        tree = site.html(page).select("ul.coopregions-tree li")
        assert len(tree) > len(COUNTS)  # the list of regions and countries is still there
    caption_es = figure(site, "es/regiones/index.html")
    assert caption_es is not None
    text = caption_es.get_text(" ", strip=True)
    assert "Los países sombreados tienen artículos" in text
    assert "Artículos por país:" in text
    assert "Shaded" not in text and "Articles per" not in text


def test_shading_classes_follow_the_counts_and_the_legend(site: Site) -> None:
    page = "regions/index.html"
    svg = svg_of(site, page)
    levels: dict[str, int] = {}
    for href, link in links(svg).items():
        code = next(c for c in COUNTS if country_of(site, page, href).startswith(_name(c)))
        (shade,) = re.findall(r"coopregions-map-shade-(\d)", str(link.get("class")))
        levels[code] = int(shade)
    by_count = sorted(COUNTS, key=COUNTS.__getitem__)
    for fewer, more in itertools.pairwise(by_count):
        assert levels[fewer] <= levels[more]
    assert levels["VE"] > levels["GD"]
    shown = figure(site, page)
    assert shown is not None
    legend = {}
    for key in shown.select(".coopregions-map-key"):
        swatch = key.select_one("svg.coopregions-map-swatch rect")  # painted as the map is
        assert swatch is not None
        (level,) = re.findall(r"coopregions-map-shade-(\d)", " ".join(swatch["class"]))
        painted = shown.select(f"svg.coopregions-map-svg .coopregions-map-shade-{level}")
        assert {str(shape["fill"]) for shape in painted} <= {str(swatch["fill"])}
        low, _, high = key.get_text(strip=True).partition("–")
        legend[int(level)] = (int(low), int(high or low))
    for code, level in levels.items():
        low, high = legend[level]
        assert low <= COUNTS[code] <= high, code
    assert max(high for _, high in legend.values()) == max(COUNTS.values())


def _name(code: str) -> str:
    return Registry.default().region(code).name("en")


# Region pages ----------------------------------------------------------------------------------


def here_and_elsewhere(svg: ET.Element) -> tuple[set[str], set[str]]:
    here: set[str] = set()
    elsewhere: set[str] = set()
    for group in svg.iter(SVG + "g"):
        classes = str(group.get("class", "")).split()
        if "coopregions-map-land" in classes:
            target = here if "coopregions-map-here" in classes else elsewhere
            target.update(str(a.get("href")) for a in group.iter(SVG + "a"))
    return here, elsewhere


def test_a_region_page_frames_and_outlines_its_own_countries(site: Site) -> None:
    page = "regions/south-america/index.html"
    svg = svg_of(site, page)
    here, elsewhere = here_and_elsewhere(svg)
    assert {country_of(site, page, href) for href in here} == {_name(c) for c in SOUTH_AMERICA}
    assert not {country_of(site, page, href) for href in elsewhere} & {
        _name(c) for c in SOUTH_AMERICA
    }
    left, top, width, height = (float(v) for v in str(svg.get("viewBox")).split())
    frame = Box(left, top, left + width, top + height)
    world = WorldMap.load()
    assert frame.width < world.world().width  # framed to the region, not the world
    for code in SOUTH_AMERICA:
        box = world.shapes[code].box
        assert frame.left <= box.left and box.right <= frame.right
    shown = figure(site, page)
    assert shown is not None and "coopregions-map-region" in shown["class"]


def test_a_country_page_outlines_the_country(site: Site) -> None:
    page = "es/regiones/venezuela/index.html"
    here, _ = here_and_elsewhere(svg_of(site, page))
    assert [country_of(site, page, href) for href in here] == ["Venezuela"]


def test_the_world_page_shows_the_index_map(site: Site) -> None:
    world = svg_of(site, "regions/world/index.html")
    index = svg_of(site, "regions/index.html")
    assert world.get("viewBox") == index.get("viewBox")
    assert here_and_elsewhere(world)[0] == set()
    assert len(links(world)) == len(links(index))


def test_the_map_is_only_on_the_first_page_of_a_listing(tmp_path: Path) -> None:
    site = coverage_site(tmp_path, DEFAULT_PAGINATION=2)
    assert figure(site, "regions/venezuela/index.html") is not None
    assert site.exists("regions/venezuela/2/index.html") or site.exists(
        "regions/venezuela/index2.html"
    )
    later = [
        path
        for path in site.files()
        if path.startswith("regions/venezuela/") and path.endswith(".html")
        if path != "regions/venezuela/index.html"
    ]
    assert later
    for path in later:
        assert figure(site, path) is None, path


# Settings and odd input ------------------------------------------------------------------------


def test_coopregions_map_false_removes_the_map(tmp_path: Path) -> None:
    site = coverage_site(tmp_path, COOPREGIONS_MAP=False)
    for page in (
        "regions/index.html",
        "es/regiones/index.html",
        "regions/south-america/index.html",
        "regions/venezuela/index.html",
    ):
        text = (site.output / page).read_text(encoding="utf-8")
        assert "<svg" not in text, page
        assert "coopregions-map" not in text, page
        assert site.html(page).select("ul.coopregions-tree, article.coopregions-entry")


def test_links_follow_siteurl_when_urls_are_absolute(tmp_path: Path) -> None:
    site = coverage_site(tmp_path, SITEURL="https://example.org/news", RELATIVE_URLS=False)
    for page in ("regions/index.html", "regions/venezuela/index.html"):
        hrefs = list(links(svg_of(site, page)))
        assert hrefs
        assert all(href.startswith("https://example.org/news/regions/") for href in hrefs)


def test_names_from_a_data_file_are_escaped(tmp_path: Path) -> None:
    name = 'Vene<b>zuela</b> & "Co" <script>x</script>'
    data = tmp_path / "regions.toml"
    data.write_text(f"[[region]]\nextends = \"Venezuela\"\nname.en = '{name}'\n", encoding="utf-8")
    site = coverage_site(tmp_path, COOPREGIONS_REGIONS_FILE=str(data))
    for page in ("regions/index.html", "regions/south-america/index.html"):
        svg = svg_of(site, page)
        titles = [a.findtext(SVG + "title") for a in svg.iter(SVG + "a")]
        assert f"{name} (6 articles)" in titles
        assert not list(svg.iter(SVG + "b"))
        assert not list(svg.iter(SVG + "script"))


def test_a_country_the_map_lacks_is_named_under_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Geometry without Venezuela (as for a country the source does not draw)."""
    full = WorldMap.load()

    def without_venezuela() -> WorldMap:
        return WorldMap((s for code, s in full.shapes.items() if code != "VE"), full.box)

    monkeypatch.setattr(WorldMap, "load", staticmethod(without_venezuela))
    site = coverage_site(tmp_path)
    page = "regions/index.html"
    headings = {country_of(site, page, href) for href in links(svg_of(site, page))}
    assert "Venezuela" not in headings
    assert headings == {_name(code) for code in COUNTS if code != "VE"}
    shown = figure(site, page)
    assert shown is not None
    unmapped = shown.select_one(".coopregions-map-unmapped")
    assert unmapped is not None
    (link,) = unmapped.find_all("a")
    assert link.get_text() == "Venezuela"
    assert country_of(site, page, str(link["href"])) == "Venezuela"
    # Venezuela's own page still has a map (the world's, nothing to outline).
    assert figure(site, "regions/venezuela/index.html") is not None


def test_a_site_without_countries_gets_no_map(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    write_article(
        tmp_path / "content",
        "latam.md",
        "Title: Latin America\nDate: 2023-01-01\nRegions: Latin America\n\nText.\n",
    )
    site = build(tmp_path)
    assert site.exists("regions/latin-america/index.html")
    assert figure(site, "regions/index.html") is None
    assert figure(site, "regions/latin-america/index.html") is None


def test_the_html_parser_sees_the_whole_map(site: Site) -> None:
    """Browsers parse the inline SVG inside HTML: BeautifulSoup's HTML parser sees it whole."""
    soup: BeautifulSoup = site.html("regions/index.html")
    svg = soup.select_one("figure.coopregions-map svg")
    assert svg is not None
    assert len(svg.find_all("a")) == len(COUNTS)
