"""Golden test: the example site reproduces the seed's Latin America listing, in en and es."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date as babel_format_date
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import ExampleBuild, resolve

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "example_site"
SEED = Path(__file__).parent / "fixtures" / "latin-america-listing.txt"


def seed_listing() -> tuple[str, list[tuple[str, str, str]]]:
    """The seed page: its heading and (date, title, teaser) per entry, newest first."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and line != "Skip to main content"]
    heading, rest = lines[0], lines[1:]
    assert len(rest) % 3 == 0
    return heading, [(rest[i], rest[i + 1], rest[i + 2]) for i in range(0, len(rest), 3)]


def listing(page: BeautifulSoup) -> list[tuple[str, str, str, str]]:
    return [
        (
            str(entry.time["datetime"]),
            entry.time.get_text(strip=True),
            entry.h3.a.get_text(strip=True),
            entry.p.get_text(strip=True),
        )
        for entry in page.select("section.coopregions article.coopregions-entry")
    ]


@pytest.fixture(scope="module")
def output(example_build: ExampleBuild) -> Path:
    """The example site's output, built once for the session (conftest)."""
    return example_build.output


def read(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def test_english_listing_matches_the_seed_item_by_item(output: Path) -> None:
    heading, expected = seed_listing()
    page = read(output, "regions/latin-america/index.html")
    assert page.select_one("section.coopregions h1").get_text(strip=True) == heading
    shown = listing(page)
    assert len(shown) == len(expected) == 9
    for (_, shown_date, title, teaser), (seed_date, seed_title, seed_teaser) in zip(
        shown, expected, strict=True
    ):
        assert (shown_date, title, teaser) == (seed_date, seed_title, seed_teaser)


def spanish_titles() -> dict[str, str]:
    """Slug -> Spanish title, read from the example's translations."""
    titles = {}
    for path in (EXAMPLE / "content" / "latin-america").glob("*-es.md"):
        text = path.read_text(encoding="utf-8")
        slug = re.search(r"^Slug: (.+)$", text, re.MULTILINE)
        title = re.search(r"^Title: (.+)$", text, re.MULTILINE)
        assert slug and title
        titles[slug.group(1).strip()] = title.group(1).strip()
    return titles


def test_spanish_listing_has_babel_dates_and_spanish_titles(output: Path) -> None:
    english = listing(read(output, "regions/latin-america/index.html"))
    page = read(output, "es/regiones/america-latina/index.html")
    assert page.html["lang"] == "es"
    assert page.select_one("section.coopregions h1").get_text(strip=True) == "América Latina"
    spanish = listing(page)
    assert [iso for iso, *_ in spanish] == [iso for iso, *_ in english]
    for iso, shown_date, _, _ in spanish:
        assert shown_date == babel_format_date(date.fromisoformat(iso), "long", locale="es")
    assert spanish[0][1] == "16 de febrero de 2023"
    links = [a["href"] for a in page.select("article.coopregions-entry h3 a")]
    slugs = [re.sub(r"-es\.html$", "", Path(link).name) for link in links]
    titles = spanish_titles()
    assert [title for _, _, title, _ in spanish] == [titles[slug] for slug in slugs]
    assert not page.select("article.coopregions-entry[lang]"), "every entry is translated"


# Portuguese and French -----------------------------------------------------------------------

LOCALE = ROOT / "src" / "pelican_coopregions" / "locale"
# The Latin America page in each language, and the story each language's seed date names.
PAGES = {
    "pt": ("pt/regioes/america-latina/index.html", "América Latina", "23 de maio de 2022"),
    "fr": ("fr/regions/amerique-latine/index.html", "Amérique latine", "24 mars 2022"),
}
# Every kind of plugin page in each language: region (its second page too), regions index,
# organization with a website and members, member of a federation, organizations index.
PLUGIN_PAGES = {
    "pt": [
        "pt/regioes/america-latina/index.html",
        "pt/regioes/mundo/2022/index.html",
        "pt/regioes/mundo/index.html",
        "pt/regioes/mundo/index2.html",
        "pt/regioes/index.html",
        "pt/organizacoes/coopcycle/index.html",
        "pt/organizacoes/coopcycle-argentina/index.html",
        "pt/organizacoes/index.html",
    ],
    "fr": [
        "fr/regions/amerique-latine/index.html",
        "fr/regions/monde/2022/index.html",
        "fr/regions/monde/index.html",
        "fr/regions/monde/index2.html",
        "fr/regions/index.html",
        "fr/organisations/coopcycle/index.html",
        "fr/organisations/coopcycle-argentina/index.html",
        "fr/organisations/index.html",
    ],
}


def translated_titles(lang: str) -> dict[str, str]:
    """Slug -> title of the example's translations into ``lang``."""
    titles = {}
    for path in (EXAMPLE / "content").glob(f"*/*-{lang}.md"):
        text = path.read_text(encoding="utf-8")
        slug = re.search(r"^Slug: (.+)$", text, re.MULTILINE)
        title = re.search(r"^Title: (.+)$", text, re.MULTILINE)
        assert slug and title
        titles[slug.group(1).strip()] = title.group(1).strip()
    return titles


@pytest.mark.parametrize("lang", ["pt", "fr"])
def test_portuguese_and_french_listings_have_cldr_dates_and_their_translations(
    output: Path, lang: str
) -> None:
    path, heading, seed_date = PAGES[lang]
    english = listing(read(output, "regions/latin-america/index.html"))
    page = read(output, path)
    assert page.html["lang"] == lang
    assert page.select_one("section.coopregions h1").get_text(strip=True) == heading
    shown = listing(page)
    assert [iso for iso, *_ in shown] == [iso for iso, *_ in english]
    for iso, shown_date, _, _ in shown:
        assert shown_date == babel_format_date(date.fromisoformat(iso), "long", locale=lang)
    assert seed_date in [shown_date for _, shown_date, _, _ in shown]
    titles = translated_titles(lang)
    assert len(titles) >= 2
    entries = page.select("section.coopregions article.coopregions-entry")
    for entry in entries:
        slug = Path(str(entry.h3.a["href"])).name.removesuffix(".html")
        own = slug.removesuffix(f"-{lang}")
        if own in titles:  # translated: the translation, unlabelled
            assert slug == f"{own}-{lang}"
            assert entry.h3.a.get_text(strip=True) == titles[own]
            assert entry.get("lang") is None
        else:  # the English original, labelled with its language in the page's
            assert entry["lang"] == "en"
            label = entry.select_one(".coopregions-lang").get_text(strip=True)
            assert label == {"pt": "inglês", "fr": "anglais"}[lang]
    assert sum(entry.get("lang") is None for entry in entries) == len(titles)


def english_messages(lang: str) -> list[re.Pattern[str]]:
    """The plugin's English messages that ``lang``'s catalog words differently, as patterns
    (placeholders match any word): what must not show on that language's pages."""
    with (LOCALE / lang / "LC_MESSAGES" / "pelican_coopregions.po").open("rb") as handle:
        catalog = read_po(handle)
    patterns = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue  # the same words in both languages ("Articles" in French)
            pattern = re.sub(r"%\\\(\w+\\\)[sd]", r"\\S+", re.escape(english))
            patterns.append(re.compile(rf"(?<!\w){pattern}(?!\w)"))
    return patterns


def plugin_text(page: BeautifulSoup) -> str:
    """Everything on a page but the content it lists: text, titles and ``aria-label``s."""
    for data in page.select(".coopregions-entry, .coopregions-description"):
        data.decompose()
    labels = [
        str(tag[name]) for name in ("aria-label", "title") for tag in page.select(f"[{name}]")
    ]
    return " ".join([page.get_text(" ", strip=True), *labels])


@pytest.mark.parametrize("lang", ["pt", "fr"])
def test_portuguese_and_french_pages_have_no_english_plugin_string(output: Path, lang: str) -> None:
    patterns = english_messages(lang)
    assert len(patterns) > 15
    for path in PLUGIN_PAGES[lang]:
        text = plugin_text(read(output, path))
        found = [pattern.pattern for pattern in patterns if pattern.search(text)]
        assert found == [], path


@pytest.mark.parametrize(
    ("lang", "path", "words"),
    [
        ("pt", "pt/organizacoes/coopcycle/index.html", ["País", "Fundação", "Site", "Membros"]),
        ("fr", "fr/organisations/coopcycle/index.html", ["Pays", "Fondation", "Site web"]),
        ("pt", "pt/regioes/mundo/index2.html", ["Página 2 de 2", "Artigos mais recentes"]),
        ("fr", "fr/regions/monde/index2.html", ["Page 2 sur 2", "Articles plus récents"]),
        ("pt", "pt/regioes/america-latina/index.html", ["Nesta região", "Feed Atom"]),
        ("fr", "fr/regions/amerique-latine/index.html", ["Dans cette région", "Flux Atom"]),
        ("pt", "pt/regioes/mundo/2022/index.html", ["Mundo, 2022", "Anos:"]),
        ("fr", "fr/regions/monde/2022/index.html", ["Monde, 2022", "Années"]),
        ("pt", "pt/regioes/america-latina/index.html", ["Anos:"]),
    ],
)
def test_portuguese_and_french_pages_speak_their_language(
    output: Path, lang: str, path: str, words: list[str]
) -> None:
    text = read(output, path).get_text(" ", strip=True)
    for word in words:
        assert word in text, (path, word)


def test_every_language_links_the_others_by_their_own_names(output: Path) -> None:
    page = read(output, "fr/regions/amerique-latine/index.html")
    switcher = [
        (item.get_text(strip=True), item.get("href"))
        for item in page.select("ul.coopregions-switcher [lang]")
    ]
    assert switcher == [
        ("English", "../../../regions/latin-america/"),
        ("español", "../../../es/regiones/america-latina/"),
        ("português", "../../../pt/regioes/america-latina/"),
        ("français", None),  # the current page: not a link
    ]
    menu = [(a.get_text(strip=True), a["href"]) for a in page.select("#banner nav a")][:2]
    assert menu == [
        ("Régions", "../../../fr/regions/"),
        ("Organisations", "../../../fr/organisations/"),
    ]


def test_the_example_region_pages_link_their_years(output: Path) -> None:
    # The World's listing runs past one page: its years have pages of their own.
    world = read(output, "regions/world/index.html")
    links = world.select("nav.coopregions-years a")
    assert [a.get_text() for a in links] == ["2023", "2022", "2021"]
    for link in links:
        year_page = read(output, resolve("regions/world/index.html", link["href"]))
        dates = [time["datetime"] for time in year_page.select("article.coopregions-entry time")]
        assert dates and all(date.startswith(link.get_text()) for date in dates)
        count = link.parent.get_text(strip=True).removeprefix(link.get_text()).strip("()")
        assert int(count) == len(dates)
    # Latin America's fits on one page: its years are headings in it.
    latam = "regions/latin-america/index.html"
    page = read(output, latam)
    links = page.select("nav.coopregions-years a")
    assert [a.get_text() for a in links] == ["2023", "2022", "2021"]
    for link in links:
        href, _, anchor = link["href"].partition("#")
        assert resolve(latam, href) == latam
        assert anchor == link.get_text()
        heading = page.find(id=anchor)
        assert heading is not None and heading.get_text() == anchor
        dates = []
        for sibling in heading.find_next_siblings(["article", "h3"]):
            if sibling.name == "h3":
                break
            dates.append(sibling.time["datetime"])
        assert dates and all(date.startswith(anchor) for date in dates)
        count = link.parent.get_text(strip=True).removeprefix(link.get_text()).strip("()")
        assert int(count) == len(dates)
