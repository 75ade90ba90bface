"""Region pages in Chromium under real themes (issue 20), measured from the live DOM and the
computed styles at a desktop width (1280 px) and a phone's (390 px).

Under each fixture theme (tests/theme_sites.py) a small tagged site is built and its region
page compared with the theme's own category page: the same menu, the same content box, a map
drawn in colour, nothing sideways on a phone, and page 2 with a title and canonical URL of its
own; on the regions index at a phone's width, the map as wide as the column and every country
on it linked from the list under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from browser_support import Box, Browser, Page, serve
from pelican_coopregions.pelican.theme import read_theme
from screenshots import chromium, png_stats
from theme_sites import SITENAME, THEMES, build_under, environment

ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.skipif(
    chromium() is None,
    reason="Chromium is not installed (Debian: apt-get install -y chromium; .ci/run installs it)",
)

WIDTHS = (1280, 390)
REGION = "regions/venezuela/"
REGION_PAGE_2 = "regions/venezuela/index2.html"
CATEGORY = "category/news.html"
# On both: the newest story of the category "News" is the region's newest.
STORY = "story-5-about-venezuela.html"
STORIES = r"/story-\d+-about-venezuela\.html$"  # a link to any story (a JavaScript pattern)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as opened:
        yield opened


# Today's output ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "output"
    settings = read_settings(
        str(ROOT / "example_site" / "pelicanconf.py"),
        override={"OUTPUT_PATH": str(output), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False},
    )
    Pelican(settings).run()
    return output


@pytest.mark.parametrize("width", WIDTHS)
def test_example_region_page_under_notmyidea(
    browser: Browser, example_site: Path, tmp_path: Path, width: int
) -> None:
    """The example site (Pelican's notmyidea) as it is: the theme's header and menu, the
    region's heading, the map in its colours, nothing sideways; screenshots saved."""
    with serve(example_site) as base, browser.page(base + "regions/latin-america/", width) as page:
        assert page.title() == "Latin America - Cooperative Economy News"
        banner = page.box("header#banner")
        assert banner is not None and banner.height > 0
        menu = page.call(
            "() => Array.from(document.querySelectorAll('#banner nav a'), (a) => a.textContent)"
        )
        assert {"Regions", "Organizations"} <= set(menu)
        heading = page.box("section.coopregions h1")
        assert heading is not None and heading.width > 0
        assert page.evaluate("document.querySelector('section.coopregions h1').textContent") == (
            "Latin America"
        )
        fills = set(page.styles(".coopregions-map-svg path", "fill"))
        assert fills and "rgb(0, 0, 0)" not in fills
        assert page.scroll_width() <= page.client_width()
        png = tmp_path / f"latin-america-{width}.png"
        page.screenshot(png, full_page=True)
    stats = png_stats(png)
    assert stats.width == width
    assert stats.distinct_colours > 50


# On a phone, the map as wide as the column, and every country on it reachable from the list
# under it (the countries' shapes are too small to tap): the map's links, those of the links
# after it that go elsewhere, its width and its column's.
PHONE_MAP = """() => {
  const svg = document.querySelector('svg.coopregions-map-svg');
  if (!svg) return null;
  const figure = svg.closest('figure');
  const column = figure.parentElement;
  const style = getComputedStyle(column);
  const inner = column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const mapped = Array.from(svg.querySelectorAll('a'), (a) => a.getAttribute('href'));
  const after = Array.from(document.querySelectorAll('a[href]'))
    .filter((a) => figure.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)
    .filter((a) => !figure.contains(a)).map((a) => a.getAttribute('href'));
  return {width: svg.getBoundingClientRect().width, column: inner, mapped,
          unlisted: mapped.filter((href) => !after.includes(href))};
}"""


def phone_map(page: Page) -> dict[str, Any]:
    found: dict[str, Any] | None = page.call(PHONE_MAP)
    assert found is not None, "the map is on the page"
    return found


def test_example_regions_index_on_a_phone(browser: Browser, example_site: Path) -> None:
    """The example site's regions index at 390 px: nothing sideways, the map as wide as the
    column, and each of its countries linked again from the list of regions under it."""
    with serve(example_site) as base, browser.page(base + "regions/", 390) as page:
        found = phone_map(page)
        assert page.scroll_width() <= page.client_width()
    assert len(found["mapped"]) > 10
    assert found["width"] == pytest.approx(found["column"], abs=1)
    assert found["unlisted"] == []


# Every fixture theme ----------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """What a page shows around its list: the content box (the outermost element around the
    newest story's link that holds nothing of the theme's own: not the site's name) and the
    text of the links outside every such box of a listed story (the theme's menu, sidebar
    and footer)."""

    box: Box | None
    chrome: frozenset[str]


LAYOUT = """(story, stories, siteName) => {
  const links = Array.from(document.querySelectorAll('body a[href]'));
  const outermost = (link) => {
    let box = link;
    while (box.parentElement && box.parentElement !== document.body
           && !box.parentElement.textContent.includes(siteName)) box = box.parentElement;
    return box;
  };
  const listed = links.filter((a) => new RegExp(stories).test(a.getAttribute('href')));
  const content = listed.map(outermost);
  const chrome = links.filter((a) => !content.some((box) => box.contains(a)))
    .map((a) => a.textContent.trim()).filter((text) => text);
  const first = listed.find((a) => a.getAttribute('href').endsWith('/' + story));
  if (!first) return {box: null, chrome};
  const rect = outermost(first).getBoundingClientRect();
  return {box: {left: rect.left + scrollX, width: rect.width, top: rect.top + scrollY,
                height: rect.height}, chrome};
}"""


def layout(page: Page) -> Layout:
    found: dict[str, Any] = page.call(LAYOUT, STORY, STORIES, SITENAME)
    box = Box(**found["box"]) if found["box"] else None
    return Layout(box, frozenset(found["chrome"]))


@dataclass(frozen=True)
class Measures:
    """A theme's category page and region pages at one width."""

    category: Layout
    region: Layout
    category_scroll: int
    region_scroll: int
    region_client: int
    map_fills: frozenset[str]
    title: str
    title_2: str
    canonical_2: str | None
    url_2: str
    menu: tuple[str, ...]  # where the menu's "Regions" entries lead
    index: str  # the regions index's URL
    index_map: dict[str, Any]  # the regions index's map (PHONE_MAP)
    index_scroll: int
    index_client: int


MENU = """() => Array.from(document.querySelectorAll('body a[href]'))
  .filter((a) => a.textContent.trim() === 'Regions').map((a) => a.href)"""


def measure(browser: Browser, output: Path, width: int, screenshots: Path) -> Measures:
    with serve(output) as base:
        with browser.page(base + CATEGORY, width) as page:
            category, category_scroll = layout(page), page.scroll_width()
        with browser.page(base + REGION, width) as page:
            region, title = layout(page), page.title()
            region_scroll, region_client = page.scroll_width(), page.client_width()
            fills = frozenset(page.styles("svg.coopregions-map-svg path", "fill"))
            menu = tuple(page.call(MENU))
            page.screenshot(screenshots / f"region-{width}.png")
        with browser.page(base + REGION_PAGE_2, width) as page:
            title_2, canonical_2 = page.title(), page.canonical()
        with browser.page(base + "regions/", width) as page:
            index_map = phone_map(page)
            index_scroll, index_client = page.scroll_width(), page.client_width()
    return Measures(
        category,
        region,
        category_scroll,
        region_scroll,
        region_client,
        fills,
        title,
        title_2,
        canonical_2,
        base + REGION_PAGE_2,
        menu,
        base + "regions/",
        index_map,
        index_scroll,
        index_client,
    )


@pytest.fixture(scope="module")
def measures(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, int], Measures]:
    """Each theme's site built once, each page measured once per width."""
    outputs: dict[str, Path] = {}
    found: dict[tuple[str, int], Measures] = {}

    def get(name: str, width: int) -> Measures:
        if name not in outputs:
            outputs[name] = build_under(THEMES[name], tmp_path_factory.mktemp(name)).output
        if (name, width) not in found:
            shots = outputs[name].parent / "screenshots"
            found[name, width] = measure(browser, outputs[name], width, shots)
        return found[name, width]

    return get


def cases(widths: tuple[int, ...] = WIDTHS, themes: Iterable[str] = THEMES) -> list[Any]:
    """Every theme at every width."""
    return [
        pytest.param(name, width, id=f"{name}-{width}")
        for name in sorted(themes)
        for width in widths
    ]


@pytest.mark.parametrize(
    ("name", "width"),
    # At a phone's width too in make test-slow: the menu is the same element, drawn narrower.
    [
        *cases((1280,)),
        *(pytest.param(*case.values, marks=pytest.mark.slow) for case in cases((390,))),
    ],
)
def test_region_page_has_the_menu_of_the_themes_category_pages(
    measures: Callable[[str, int], Measures], name: str, width: int
) -> None:
    found = measures(name, width)
    assert found.category.chrome, "the category page has links outside its list"
    assert found.category.chrome <= found.region.chrome


@pytest.mark.parametrize(("name", "width"), cases())
def test_region_content_box_is_the_category_pages(
    measures: Callable[[str, int], Measures], name: str, width: int
) -> None:
    found = measures(name, width)
    assert found.category.box is not None and found.region.box is not None
    assert found.region.box.left == pytest.approx(found.category.box.left, abs=1)
    assert found.region.box.width == pytest.approx(found.category.box.width, abs=1)


@pytest.mark.parametrize(("name", "width"), cases())
def test_region_map_is_drawn_in_colour(
    measures: Callable[[str, int], Measures], name: str, width: int
) -> None:
    fills = measures(name, width).map_fills
    assert fills, "the map is on the page"
    assert "rgb(0, 0, 0)" not in fills


@pytest.mark.parametrize(("name", "width"), cases(widths=(390,)))
def test_region_page_scrolls_no_more_sideways_than_the_theme(
    measures: Callable[[str, int], Measures], name: str, width: int
) -> None:
    found = measures(name, width)
    assert found.region_scroll <= max(found.region_client, found.category_scroll)


@pytest.mark.parametrize(("name", "width"), cases())
def test_page_two_has_its_own_title_and_canonical(
    measures: Callable[[str, int], Measures], name: str, width: int
) -> None:
    """Page 2 titled "Venezuela – page 2" in the theme's title convention, with its own
    canonical URL in <head>; a theme that renders no block inside <head> (sneakyidea) can
    have none there."""
    found = measures(name, width)
    assert found.title_2 != found.title
    assert "Venezuela – page 2" in found.title_2
    if read_theme(environment(THEMES[name])).head.chosen is None:
        assert found.canonical_2 is None
    else:
        assert found.canonical_2 == found.url_2


@pytest.mark.parametrize(
    ("name", "width"),
    cases(widths=(1280,), themes=set(THEMES) - {"elegant"}),  # Elegant draws no MENUITEMS
)
def test_menu_entry_links_to_the_regions_index(
    measures: Callable[[str, int], Measures], name: str, width: int
) -> None:
    """COOPREGIONS_MENUITEMS = ["regions"]: the theme's menu on the region page links to the
    index, whatever the theme writes before a MENUITEMS link."""
    found = measures(name, width)
    assert found.menu == (found.index,)


@pytest.mark.parametrize(("name", "width"), cases(widths=(390,)))
def test_regions_index_map_fits_a_phone(
    measures: Callable[[str, int], Measures], name: str, width: int
) -> None:
    """The regions index at 390 px: no more sideways than the theme's own category page, the
    map as wide as its column, every country on it linked from the list under it."""
    found = measures(name, width)
    assert found.index_scroll <= max(found.index_client, found.category_scroll)
    assert found.index_map["width"] == pytest.approx(found.index_map["column"], abs=1)
    assert found.index_map["mapped"]
    assert found.index_map["unlisted"] == []
