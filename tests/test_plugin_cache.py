"""Full builds with Pelican's content cache: a second build reads articles from the cache.

Pelican caches either what readers return (``CONTENT_CACHING_LAYER = "reader"``) or whole
article objects (``"generator"``). Either way the second build must write the same bytes,
and must follow the data files as they are now, not as they were when the cache was written.
"""

from __future__ import annotations

import logging
import posixpath
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pelican.log import LimitFilter
from pelican.readers import MarkdownReader, RstReader

from conftest import Site, build, write_article
from pelican_coopregions.pelican.failure import CoopRegionsError

SITES = Path(__file__).parent / "fixtures" / "sites"
CACHED = {"LOAD_CONTENT_CACHE": True, "CACHE_CONTENT": True}
# Both caching layers of Pelican: the reader's (its default) in make test, the generator's in
# make test-slow.
LAYERS = ("reader", pytest.param("generator", marks=pytest.mark.slow))


def count_reads(patch: pytest.MonkeyPatch) -> list[str]:
    """Source paths that Pelican's Markdown and reST readers actually parse from now on."""
    seen: list[str] = []

    def counting(read: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(self: Any, source_path: str) -> Any:
            seen.append(posixpath.basename(source_path))
            return read(self, source_path)

        return wrapper

    patch.setattr(MarkdownReader, "read", counting(MarkdownReader.read))
    patch.setattr(RstReader, "read", counting(RstReader.read))
    return seen


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return count_reads(monkeypatch)


def copy_site(root: Path) -> Path:
    """The fixture site with its own copy of the data files (tests change them)."""
    shutil.copytree(SITES / "coop" / "content", root / "content", dirs_exist_ok=True)
    shutil.copytree(SITES / "data", root / "data")
    return root


@pytest.fixture
def cached_site(site_dir: Path) -> Path:
    return copy_site(site_dir)


@dataclass(frozen=True)
class FirstBuild:
    """A first build with the cache on: its folder as that build left it (kept in ``copy``),
    and the files Pelican's readers parsed."""

    root: Path
    copy: Path
    reads: tuple[str, ...]


@pytest.fixture(scope="module")
def first_builds(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], FirstBuild]:
    """The first build of several tests below (the fixture site, no overrides), made once
    per layer for this module, when a test first asks for that layer. Pelican's cache names
    files by absolute path, so a test gets that very folder back, restored from the copy
    (modification times too: Pelican compares them), and changes it from there
    (:func:`built_once`)."""
    builds: dict[str, FirstBuild] = {}

    def first(layer: str) -> FirstBuild:
        if layer not in builds:
            root = copy_site(tmp_path_factory.mktemp(f"first-{layer}"))
            with pytest.MonkeyPatch.context() as patch:
                seen = count_reads(patch)
                build_cached(root, layer)
            copy = tmp_path_factory.mktemp(f"first-{layer}-copy") / "site"
            shutil.copytree(root, copy)
            builds[layer] = FirstBuild(root, copy, tuple(seen))
        return builds[layer]

    return first


@pytest.fixture
def built_once(first_builds: Callable[[str], FirstBuild], layer: str) -> tuple[Site, FirstBuild]:
    """The site right after its first build with ``layer``: the build itself, restored."""
    first = first_builds(layer)
    shutil.rmtree(first.root)
    shutil.copytree(first.copy, first.root)
    return Site(first.root, first.root / "content", first.root / "output"), first


def build_cached(root: Path, layer: str, **overrides: Any) -> Site:
    output = root / "output"
    if output.exists():
        shutil.rmtree(output)
    return build(
        root,
        **CACHED,
        CONTENT_CACHING_LAYER=layer,
        COOPREGIONS_REGIONS_FILE=str(root / "data" / "regions.toml"),
        COOPREGIONS_ORGANIZATIONS_FILE=str(root / "data" / "organizations.toml"),
        **overrides,
    )


def snapshot(site: Site) -> dict[str, bytes]:
    return {name: (site.output / name).read_bytes() for name in sorted(site.files())}


def listed(site: Site, page: str) -> list[str]:
    soup: BeautifulSoup = site.html(page)
    return [
        posixpath.basename(str(a["href"])).removesuffix(".html")
        for a in soup.select("section.coopregions article.coopregions-entry h3 a")
    ]


def description(site: Site, page: str) -> str:
    found = site.html(page).select_one("section.coopregions p.coopregions-description")
    assert found is not None
    return found.get_text(strip=True)


@pytest.mark.parametrize("layer", LAYERS)
def test_second_build_from_cache_writes_identical_output(
    built_once: tuple[Site, FirstBuild], reads: list[str], layer: str
) -> None:
    first, build = built_once
    cached_site = first.root
    assert len(build.reads) == 7
    assert any((cached_site / "cache").iterdir())
    before = snapshot(first)
    assert "regions/venezuela/index.html" in before
    assert "organizations/cecosesola/feed.atom.xml" in before
    second = build_cached(cached_site, layer)
    assert reads == []  # every article came from the cache
    after = snapshot(second)
    assert sorted(after) == sorted(before)
    assert [name for name in before if before[name] != after[name]] == []


@pytest.mark.parametrize("layer", LAYERS)
def test_data_file_changes_show_in_a_build_from_cache(
    cached_site: Path, reads: list[str], layer: str
) -> None:
    overrides = {"THEME_TEMPLATES_OVERRIDES": [str(SITES / "theme_article")]}
    first = build_cached(cached_site, layer, **overrides)
    assert description(first, "regions/latin-america/index.html").startswith(
        "From Venezuela's communes"
    )
    regions = cached_site / "data" / "regions.toml"
    text = regions.read_text(encoding="utf-8")
    old = (
        "From Venezuela's communes to Argentina's recovered workplaces, Latin America has one "
        "of the world's most varied cooperative economies."
    )
    assert old in text
    regions.write_text(text.replace(old, "Cooperatives from the Río Bravo to Patagonia."))
    organizations = cached_site / "data" / "organizations.toml"
    text = organizations.read_text(encoding="utf-8")
    assert 'name = "Cecosesola"\n' in text
    organizations.write_text(text.replace('name = "Cecosesola"\n', 'name = "Cecosesola Lara"\n'))
    reads.clear()

    second = build_cached(cached_site, layer, **overrides)
    assert reads == []  # the articles came from the cache
    assert description(second, "regions/latin-america/index.html") == (
        "Cooperatives from the Río Bravo to Patagonia."
    )
    # The organization has its new name; its explicit slug keeps its page where it was.
    page = second.html("organizations/cecosesola/index.html")
    h1 = page.select_one("section.coopregions h1")
    assert h1 is not None
    assert h1.get_text(strip=True) == "Cecosesola Lara"
    assert listed(second, "organizations/cecosesola/index.html") == [
        "building-here-and-now",
        "cecosesola-markets",
    ]
    assert "Cecosesola Lara" in str(
        second.html("organizations/index.html").select_one("section.coopregions")
    )
    # Cached article objects get terms built from the new data.
    aside = second.html("building-here-and-now.html").select("ul.organizations a")
    assert [(a.get_text(), a["href"]) for a in aside] == [
        ("Cecosesola Lara", "/organizations/cecosesola/")
    ]


@pytest.mark.parametrize("layer", LAYERS)
def test_a_changed_article_is_read_again_and_moves(
    built_once: tuple[Site, FirstBuild], reads: list[str], layer: str
) -> None:
    first, _ = built_once
    cached_site = first.root
    assert "venezuelan-cooperatives" in listed(first, "regions/venezuela/index.html")
    source = cached_site / "content" / "venezuelan-cooperatives.md"
    source.write_text(
        source.read_text(encoding="utf-8")
        .replace("Countries: VE", "Countries: CL")
        .replace("Regions: South America\n", ""),
        encoding="utf-8",
    )
    reads.clear()
    second = build_cached(cached_site, layer)
    assert reads == ["venezuelan-cooperatives.md"]
    assert "venezuelan-cooperatives" not in listed(second, "regions/venezuela/index.html")
    assert listed(second, "regions/chile/index.html") == ["venezuelan-cooperatives"]
    assert "venezuelan-cooperatives" in listed(second, "regions/south-america/index.html")


@pytest.mark.parametrize("layer", LAYERS)
def test_problems_in_cached_articles_are_still_reported(
    cached_site: Path, reads: list[str], layer: str, caplog: pytest.LogCaptureFixture
) -> None:
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    bad = write_article(
        cached_site / "content",
        "bad.md",
        """
        Title: Bad
        Date: 2024-01-01
        Countries: VE, Venezuala

        Text.
        """,
    )
    lenient = build_cached(cached_site, layer, COOPREGIONS_STRICT=False)
    assert listed(lenient, "regions/venezuela/index.html")[0] == "bad"
    reads.clear()
    caplog.clear()
    with pytest.raises(CoopRegionsError):
        build_cached(cached_site, layer)
    assert reads == []
    errors = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("pelican_coopregions") and r.levelno == logging.ERROR
    ]
    assert len(errors) == 1
    assert str(bad) in errors[0]
    assert "'Venezuala'" in errors[0]
    assert "'Venezuela'" in errors[0]


@pytest.mark.parametrize("layer", LAYERS)
def test_settings_changes_apply_to_cached_articles(
    built_once: tuple[Site, FirstBuild], reads: list[str], layer: str
) -> None:
    first, _ = built_once
    cached_site = first.root
    assert "venezuelan-cooperatives" in listed(first, "regions/world/index.html")
    reads.clear()
    second = build_cached(
        cached_site, layer, COOPREGIONS_ROLLUP=False, COOPREGIONS_INFER_FROM_ORGANIZATIONS=False
    )
    assert reads == []
    assert not second.exists("regions/world/index.html")
    assert listed(second, "regions/venezuela/index.html") == [
        "building-here-and-now",
        "venezuelan-cooperatives",
    ]
