"""Listing entries are worked out once per article version for the whole build.

Pelican recomputes ``article.url`` on every access; with rollup an article is listed on its
country's, sub-region's, continent's and World's pages and its organizations', in every
language, and again in each page's JSON-LD and its feeds.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pelican.contents import Content

from conftest import build
from pelican_coopregions.core.languages import language_name
from pelican_coopregions.pelican import generator
from pelican_coopregions.pelican.listed import ListedArticles

SITES = Path(__file__).parent / "fixtures" / "sites"


class Version:
    """An article version that counts how often its URL is read."""

    title = "Co-ops &amp; <em>unions</em>"
    summary = "<p>A <strong>teaser</strong>.</p>"
    date = datetime(2024, 3, 1, 10, 30)
    lang = "en"

    def __init__(self) -> None:
        self.reads = 0

    @property
    def url(self) -> str:
        self.reads += 1
        return "co-ops.html"


def test_one_version_is_worked_out_once_for_every_page_and_language() -> None:
    listed = ListedArticles(lambda lang: "long", lambda article: "en", language_name)
    version = Version()
    english = listed(version, "en")
    assert listed(version, "en") is english
    spanish = listed(version, "es")
    assert version.reads == 1
    assert (english.title, english.summary) == ("Co-ops & unions", "A teaser.")
    assert (english.date, spanish.date) == ("March 1, 2024", "1 de marzo de 2024")
    assert (english.language_label, spanish.language_label) == ("", "inglés")
    assert spanish.url is english.url and spanish.summary is english.summary


def test_a_build_reads_each_url_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: Counter[str] = Counter()
    writing = [False]
    url = Content.url

    def counted(self: Any) -> str:
        if writing[0]:
            reads[self.source_path] += 1
        return str(url.fget(self))

    monkeypatch.setattr(Content, "url", property(counted))
    generate_output = generator.CoopRegionsGenerator.generate_output

    def output(self: Any, writer: Any) -> None:
        writing[0] = True
        try:
            generate_output(self, writer)
        finally:
            writing[0] = False

    monkeypatch.setattr(generator.CoopRegionsGenerator, "generate_output", output)
    shutil.copytree(SITES / "coop" / "content", tmp_path / "content", dirs_exist_ok=True)
    site = build(
        tmp_path,
        COOPREGIONS_REGIONS_FILE=str(SITES / "data" / "regions.toml"),
        COOPREGIONS_ORGANIZATIONS_FILE=str(SITES / "data" / "organizations.toml"),
        COOPREGIONS_LANGUAGES=["en", "es"],
        REGION_FEED_RSS="regions/{slug}/feed.rss.xml",
    )
    assert site.exists("es/regiones/mundo/index.html")
    assert len(reads) == 6  # every article with a place...
    assert set(reads.values()) == {1}  # ...read once, though listed on about ten pages
