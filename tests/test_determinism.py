"""Two builds of the same content give byte-identical output, whatever order files appear in."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from conftest import (
    EXAMPLE_SETTINGS,
    build,
    build_in_fresh_python,
    differences,
    snapshot,
    write_article,
)

ORGANIZATIONS = """
[[organization]]
name = "Zeta Cooperative"
country = "AR"

[[organization]]
name = "Ñandú Cooperativa"
country = "AR"

[[organization]]
name = "Alpha Mutual"
country = "UY"
"""


def write_site(root: Path, order: list[int]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "organizations.toml").write_text(ORGANIZATIONS, encoding="utf-8")
    names = ["Zeta Cooperative", "Ñandú Cooperativa", "Alpha Mutual"]
    for number in order:
        # Every article has the same date: only a deterministic tie-break orders them.
        write_article(
            root / "content",
            f"article-{number}.md",
            f"""
            Title: Article {number} <em>&</em> "quotes"
            Date: 2023-02-16
            Slug: article-{number}
            Countries: {"AR" if number % 2 else "UY"}; VE
            Organizations: {names[number % 3]}
            Summary: Summary {number}.

            Body.
            """,
        )
        if number % 3 == 0:
            write_article(
                root / "content",
                f"article-{number}-es.md",
                f"""
                Title: Artículo {number}
                Date: 2023-02-16
                Slug: article-{number}
                Lang: es

                Cuerpo.
                """,
            )


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    numbers = list(range(12))
    builds = []
    for attempt in range(2):
        root = tmp_path / f"build-{attempt}"
        order = numbers[:]
        random.Random(attempt).shuffle(order)
        write_site(root, order)
        build(
            root,
            OUTPUT_PATH=str(tmp_path / "output"),
            COOPREGIONS_ORGANIZATIONS_FILE=str(root / "organizations.toml"),
            DEFAULT_PAGINATION=5,
            REGION_FEED_RSS="regions/{slug}/feed.rss.xml",
            DELETE_OUTPUT_DIRECTORY=True,
        )
        builds.append(snapshot(tmp_path / "output"))
    first, second = builds
    assert "regions/argentina/index.html" in first
    assert "organizations/index.html" in first
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_json_ld_and_feeds_are_ordered(tmp_path: Path) -> None:
    write_site(tmp_path, list(range(6)))
    site = build(tmp_path, COOPREGIONS_ORGANIZATIONS_FILE=str(tmp_path / "organizations.toml"))
    page = site.html("regions/argentina/index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    names = [item["item"]["url"] for item in data["mainEntity"]["itemListElement"]]
    shown = [a["href"] for a in page.select("article.coopregions-entry h3 a")]
    assert [url.lstrip("/") for url in names] == [href.lstrip("/") for href in shown]
    assert shown == sorted(shown)  # equal dates: ordered by source path


@pytest.mark.slow
def test_the_plugins_pages_do_not_depend_on_the_hash_seed(
    tmp_path: Path, example_with_seed_0: dict[str, bytes]
) -> None:
    """The example site (stories in up to four languages) built in two interpreters with
    different string hash seeds (0, built once for the session, and 1): every page and feed
    the plugin writes is the same. (Pelican's own article pages are not: it lists a story's
    translations in set order.)"""
    output = tmp_path / "seed-1"
    settings = {"OUTPUT_PATH": str(output), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    build_in_fresh_python(settings, {"PYTHONHASHSEED": "1"}, settings_file=EXAMPLE_SETTINGS)
    plugin_folders = ("regions/", "organizations/", "es/", "pt/", "fr/")
    first, second = (
        {name: data for name, data in built.items() if name.startswith(plugin_folders)}
        for built in (example_with_seed_0, snapshot(output))
    )
    assert "fr/regions/amerique-latine/index.html" in first
    assert differences(first, second) == ""
