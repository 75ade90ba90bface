"""Golden test: the example site reproduces the seed's Latin America listing, in en and es."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date as babel_format_date
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

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
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example-output")
    settings = read_settings(
        str(EXAMPLE / "pelicanconf.py"),
        override={"OUTPUT_PATH": str(out), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False},
    )
    Pelican(settings).run()
    return out


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
