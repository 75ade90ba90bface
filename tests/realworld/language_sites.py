"""Helpers for real-world language tests: write a site, build it with and without the plugin.

The comparison that matters on a site nobody here wrote: everything plain Pelican publishes
(``PLUGINS = []``) is published with the plugin too, and the plugin adds only its own pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from conftest import Site, build, build_alone, settings_for
from pelican_coopregions.pelican.url_words import builtin_url_words

# Where the plugin's pages go with the default URL settings (any language folder first): the
# built-in URL words of every language.
PLUGIN_FOLDERS = tuple(
    sorted({word for words in builtin_url_words().values() for word in words.values()})
)


def article(name: str, title: str, date: str = "2023-02-16", **fields: str) -> tuple[str, str]:
    """A Markdown article: file name and text; ``fields`` in order (``Lang=""`` is written)."""
    header = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return name, f"Title: {title}\nDate: {date}\n{header}\nThe body of {title}.\n"


def write(root: Path, articles: list[tuple[str, str]]) -> None:
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name, text in articles:
        (content / name).write_text(text, encoding="utf-8")


@dataclass
class Builds:
    """The same content built with the plugin (``site``) and with ``PLUGINS = []`` (``plain``)."""

    site: Site
    plain: Site

    def plugin_files(self) -> set[str]:
        """Files only the plugin wrote."""
        return self.site.files() - self.plain.files()

    def language_folders(self) -> set[str]:
        """Top-level folders the plugin wrote its pages for other languages into."""
        return {
            path.split("/")[0]
            for path in self.plugin_files()
            if path.count("/") >= 2 and path.split("/")[1] in PLUGIN_FOLDERS
        }


def build_plain(root: Path, **overrides: Any) -> Site:
    """Build ``root/content`` into ``root/plain`` with Pelican alone: ``PLUGINS = []`` does not
    disconnect receivers that an earlier build registered on Pelican's (process-wide) signals,
    :func:`conftest.build_alone` does."""
    build_alone(
        settings_for(root, **{**overrides, "PLUGINS": [], "OUTPUT_PATH": str(root / "plain")})
    )
    return Site(root, root / "content", root / "plain")


def build_both(root: Path, **overrides: Any) -> Builds:
    """Build ``root/content`` into ``root/plain`` without the plugin, ``root/output`` with it."""
    plain = build_plain(root, **overrides)
    return Builds(build(root, **overrides), plain)


def assert_publishes_what_pelican_publishes(builds: Builds) -> None:
    """Every file plain Pelican writes is written with the plugin; the rest are plugin pages."""
    missing = builds.plain.files() - builds.site.files()
    assert not missing, f"published by Pelican alone, missing with the plugin: {missing}"
    for path in builds.plugin_files():
        folders = path.split("/")[:2]
        assert folders[0] in PLUGIN_FOLDERS or folders[-1] in PLUGIN_FOLDERS, path


def listed_titles(page: BeautifulSoup) -> list[str]:
    """Titles of the entries on a region or organization page, in page order."""
    return [a.get_text(strip=True) for a in page.select("article.coopregions-entry h3 a")]


def listed_dates(page: BeautifulSoup) -> dict[str, str]:
    """Title -> the date shown next to it."""
    return {
        entry.h3.a.get_text(strip=True): entry.time.get_text(strip=True)
        for entry in page.select("article.coopregions-entry")
    }


def hreflangs(page: BeautifulSoup) -> set[str]:
    """The languages a page names as alternates in ``<head>``."""
    return {str(link["hreflang"]) for link in page.select("head link[rel=alternate][hreflang]")}


def published_text(page: BeautifulSoup) -> str:
    """``article.locale_date`` as the default theme shows it ("Published: ...")."""
    abbr = page.select_one("abbr.published")
    assert abbr is not None
    return abbr.get_text(" ", strip=True).removeprefix("Published:").strip()


def article_file(builds: Builds, title: str) -> str:
    """The output file of the article titled ``title`` (as plain Pelican names it)."""
    for path in sorted(builds.plain.files()):
        if path.endswith(".html") and "/" not in path.strip("/"):
            page = builds.plain.html(path)
            heading = page.select_one("h1.entry-title") or page.select_one("h1")
            if page.select_one("abbr.published") and heading and title in heading.get_text():
                return path
    raise AssertionError(f"no article page for {title!r}")
