"""Incremental output: with Pelican's content cache on, a rebuild writes only the pages and
feeds whose inputs changed, and leaves the output folder exactly as a full build leaves it.

Each scenario builds the fixture site with the cache on, copies the output folder, changes
one thing, then rebuilds twice from the same folder: incrementally, and with every cache off
(every page rendered). Both folders must be equal byte for byte (stale files included: Pelican
leaves the page of a deleted article, and so does the plugin), and a fresh build into an empty
folder must write the same bytes for every file it writes. File modification times tell which
of the plugin's files the incremental rebuild wrote again.
"""

from __future__ import annotations

import functools
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pelican import Pelican
from pelican.plugins import signals
from pelican.settings import read_settings

from conftest import (
    build,
    build_in_fresh_python,
    differences,
    settings_for,
    snapshot,
    write_article,
)

SITES = Path(__file__).parent / "fixtures" / "sites"
TEMPLATES = Path(__file__).parents[1] / "src" / "pelican_coopregions" / "pelican" / "templates"
CACHED = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
UNCACHED = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
PLUGIN_FOLDERS = ("regions/", "organizations/", "es/regiones/", "es/organizaciones/")


def settings(root: Path, **extra: Any) -> dict[str, Any]:
    return {
        "COOPREGIONS_REGIONS_FILE": str(root / "data" / "regions.toml"),
        "COOPREGIONS_ORGANIZATIONS_FILE": str(root / "data" / "organizations.toml"),
        "COOPREGIONS_LANGUAGES": ["en", "es"],
        "DEFAULT_PAGINATION": 2,
        "COOPREGIONS_ROLLUP_PAGES": 1,
        "COOPREGIONS_YEAR_ARCHIVES": "all",
        "REGION_FEED_RSS": "regions/{slug}/feed.rss.xml",
        "THEME_TEMPLATES_OVERRIDES": [str(root / "templates")],
        **extra,
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The fixture site with its own data files and an (empty) templates folder to change."""
    shutil.copytree(SITES / "coop" / "content", tmp_path / "content")
    shutil.copytree(SITES / "data", tmp_path / "data")
    (tmp_path / "templates").mkdir()
    return tmp_path


def mtimes(output: Path) -> dict[str, int]:
    return {
        path.relative_to(output).as_posix(): path.stat().st_mtime_ns
        for path in output.rglob("*")
        if path.is_file()
    }


def plugin_files(names: Iterator[str] | set[str] | dict[str, Any]) -> set[str]:
    return {name for name in names if name.startswith(PLUGIN_FOLDERS)}


def rebuild(
    root: Path, change: Callable[[Path], Any], before: dict[str, Any] | None = None, **after: Any
) -> set[str]:
    """Build, change, rebuild incrementally and fully; check both agree. Returns the plugin's
    files the incremental rebuild wrote again.

    A full build without the cache into the first build's folder writes every file it makes
    and removes none: what it leaves is the first build's files overwritten by a fresh
    build's. The incremental rebuild must leave exactly that."""
    before = settings(root, **(before or {}))
    after_settings = {**before, **after}
    incremental = root / "incremental"
    build(root, OUTPUT_PATH=str(incremental), **CACHED, **before)
    first, previous = mtimes(incremental), snapshot(incremental)
    change(root)
    build(root, OUTPUT_PATH=str(incremental), **CACHED, **after_settings)
    build(
        root,
        OUTPUT_PATH=str(root / "fresh"),
        CACHE_PATH=str(root / "no-cache"),
        **UNCACHED,
        **after_settings,
    )
    produced = snapshot(root / "fresh")
    assert plugin_files(produced)
    written, expected = snapshot(incremental), {**previous, **produced}
    assert differences(expected, written) == ""
    assert written.keys() >= VENEZUELA | UNRELATED
    again = mtimes(incremental)
    return {name for name in plugin_files(again) if first.get(name) != again[name]}


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "content" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


VENEZUELA = {
    "regions/venezuela/index.html",
    "regions/venezuela/feed.atom.xml",
    "es/regiones/venezuela/index.html",
}
UNRELATED = {
    "regions/belgium/index.html",
    "organizations/smart-belgium/index.html",
    "organizations/anap/index.html",
    "es/organizaciones/international-cooperative-alliance/index.html",  # a profile only
}


def test_an_edited_article_rewrites_only_the_pages_that_list_it(site: Path) -> None:
    written = rebuild(
        site,
        lambda root: edit(
            root,
            "venezuelan-cooperatives.md",
            "talks with Theresa Alt.",
            "talks with Theresa Alt.\n\nMore.",
        ),
    )
    assert written >= VENEZUELA
    assert not UNRELATED & written
    assert "regions/index.html" not in written  # counts did not change


@pytest.mark.slow
def test_a_changed_title_shows(site: Path) -> None:
    written = rebuild(
        site,
        lambda root: edit(
            root,
            "venezuelan-cooperatives.md",
            "Title: Venezuelan Cooperatives",
            "Title: Cooperatives of Lara",
        ),
    )
    assert written >= VENEZUELA
    assert (
        "Cooperatives of Lara"
        in (site / "incremental" / "regions/venezuela/index.html").read_text()
    )
    assert not UNRELATED & written


@pytest.mark.slow
def test_an_added_article(site: Path) -> None:
    text = """
        Title: Chile's Worker Cooperatives
        Date: 2024-01-10
        Slug: chile-workers
        Category: News
        Countries: CL
        Summary: A new article.

        Text.
        """
    written = rebuild(site, lambda root: write_article(root / "content", "chile.md", text))
    assert {"regions/chile/index.html", "regions/south-america/index.html"} <= written
    assert "regions/index.html" in written  # Chile has articles now
    # The site's own lists changed too (the News category lists one more article), which a
    # theme may show on every page: every page is written again (never a stale count).
    assert {"organizations/smart-belgium/index.html", "organizations/anap/index.html"} <= written


def test_a_deleted_article(site: Path) -> None:
    written = rebuild(site, lambda root: (root / "content" / "smart-belgium.md").unlink())
    assert "regions/europe/index.html" not in plugin_files(snapshot(site / "fresh"))
    assert "organizations/smart-belgium/index.html" in written  # now an empty profile
    assert "organizations/anap/index.html" in written  # the site's lists changed (see above)


def test_a_changed_data_file(site: Path) -> None:
    def change(root: Path) -> None:
        regions = root / "data" / "regions.toml"
        text = regions.read_text(encoding="utf-8")
        old = "Latin America has one of the world's most varied cooperative economies."
        assert old in text
        regions.write_text(text.replace(old, "Cooperatives from the Río Bravo to Patagonia."))

    written = rebuild(site, change)
    assert "regions/latin-america/index.html" in written
    assert "Río Bravo" in (site / "incremental" / "regions/latin-america/index.html").read_text()
    assert not UNRELATED & written


@pytest.mark.parametrize(
    ("template", "old", "new"),
    [
        ("coopregions/region.html", "</nav>", "<p>Changed.</p></nav>"),
        pytest.param(
            "coopregions/listing.html",
            "<time datetime",
            '<time class="changed" datetime',
            marks=pytest.mark.slow,
        ),
        ("base.html", "</body>", "<p>Changed.</p></body>"),
    ],
)
def test_a_changed_template(site: Path, template: str, old: str, new: str) -> None:
    source = TEMPLATES / template
    if not source.exists():  # the theme's own base.html
        source = (
            Path(sys.modules["pelican"].__file__).parent / "themes/notmyidea/templates/base.html"
        )
    target = site / "templates" / template
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)

    def change(root: Path) -> None:
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    written = rebuild(site, change)
    assert "regions/venezuela/index.html" in written
    assert "regions/venezuela/feed.atom.xml" not in written  # feeds use no template
    if template == "coopregions/region.html":  # organization pages use the other two
        assert "organizations/anap/index.html" not in written


@pytest.mark.slow
def test_a_theme_whose_archive_pages_extend_another_layout(site: Path) -> None:
    """The plugin's pages extend the template the theme's category pages extend, through a
    template written for each build (pelican/adapter.py): a category.html that now extends
    another layout changes no template the pages used, and still rewrites them."""

    def change(root: Path) -> None:
        (root / "templates" / "layout.html").write_text(
            '{% extends "base.html" %}{% block head %}{{ super() }}'
            '<meta name="layout" content="mine">{% endblock head %}',
            encoding="utf-8",
        )
        (root / "templates" / "category.html").write_text(
            '{% extends "layout.html" %}', encoding="utf-8"
        )

    written = rebuild(site, change)
    assert written >= VENEZUELA - {"regions/venezuela/feed.atom.xml"}
    page = (site / "incremental" / "regions/venezuela/index.html").read_text(encoding="utf-8")
    assert '<meta name="layout" content="mine">' in page


@pytest.mark.slow
def test_a_changed_setting_rewrites_every_page(site: Path) -> None:
    written = rebuild(site, lambda root: None, SITENAME="Another name")
    assert written >= VENEZUELA | UNRELATED


@pytest.mark.slow
def test_an_upgraded_package_rewrites_every_page(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new Babel (or any package) may write other dates and names: nothing is kept."""
    packages = site / "packages"
    (packages / "babel-2.18.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(packages))

    def upgrade(root: Path) -> None:
        (packages / "babel-2.18.0.dist-info").rename(packages / "babel-99.0.dist-info")

    written = rebuild(site, upgrade)
    assert written >= VENEZUELA | UNRELATED


@pytest.mark.slow
def test_a_deleted_output_file_is_written_again(site: Path) -> None:
    written = rebuild(
        site, lambda root: (root / "incremental" / "regions/venezuela/index.html").unlink()
    )
    assert "regions/venezuela/index.html" in written
    assert not UNRELATED & written


@pytest.mark.slow
def test_delete_output_directory(site: Path) -> None:
    written = rebuild(site, lambda root: None, DELETE_OUTPUT_DIRECTORY=True)
    assert written >= VENEZUELA | UNRELATED


def test_an_unchanged_site_writes_none_of_its_pages(site: Path) -> None:
    assert rebuild(site, lambda root: None) == set()


def page_heard(path: str, context: Any = None, **kwargs: Any) -> None:
    HEARD.append(path)


HEARD: list[str] = []


@pytest.mark.slow
def test_skipped_pages_are_still_announced_to_other_plugins(site: Path) -> None:
    """A sitemap or search plugin listening to content_written hears of every page."""
    signals.content_written.connect(page_heard)
    try:
        HEARD.clear()
        rebuild(site, lambda root: HEARD.clear())
        output = str(site / "incremental")
        heard = {
            Path(path).relative_to(output).as_posix() for path in HEARD if path.startswith(output)
        }
        pages = {name for name in plugin_files(snapshot(site / "fresh")) if name.endswith(".html")}
        assert pages <= heard
    finally:
        signals.content_written.disconnect(page_heard)


@pytest.mark.slow
def test_one_pelican_run_after_another(site: Path) -> None:
    """``pelican --autoreload`` runs the same Pelican object again after each change."""
    output = site / "incremental"
    pelican = Pelican(
        read_settings(
            override=settings_for(site, OUTPUT_PATH=str(output), **CACHED, **settings(site))
        )
    )
    pelican.run()
    edit(site, "venezuelan-cooperatives.md", "Title: Venezuelan Cooperatives", "Title: Lara")
    pelican.run()
    build(
        site,
        OUTPUT_PATH=str(site / "fresh"),
        CACHE_PATH=str(site / "no-cache"),
        **UNCACHED,
        **settings(site),
    )
    produced, written = snapshot(site / "fresh"), snapshot(output)
    assert plugin_files(produced)
    assert differences(produced, {name: written.get(name, b"") for name in produced}) == ""


@pytest.mark.slow
def test_pelican_runs_with_other_hash_seeds_keep_the_pages(site: Path) -> None:
    """Each ``pelican`` run has its own string hash seed, and Pelican reads the content folder
    into a set: its registry of the files read (``generated_content``) comes in another order
    every run. An edit in another run writes again only the pages that list the article."""
    output = str(site / "incremental")
    settings_ = settings_for(site, OUTPUT_PATH=output, **CACHED, **settings(site))
    build_in_fresh_python(settings_, {"PYTHONHASHSEED": "1"})
    before = mtimes(site / "incremental")
    edit(site, "smart-belgium.md", "Title: ", "Title: Again, ")
    build_in_fresh_python(settings_, {"PYTHONHASHSEED": "2"})
    after = mtimes(site / "incremental")
    written = {name for name in plugin_files(after) if before.get(name) != after[name]}
    assert "regions/belgium/index.html" in written
    assert "regions/venezuela/index.html" not in written
    assert "organizations/anap/index.html" not in written


@pytest.mark.slow
def test_the_cap_of_aggregate_pages_follows_the_setting(site: Path) -> None:
    rebuild(
        site,
        lambda root: None,
        before={"COOPREGIONS_ROLLUP_PAGES": 1},
        COOPREGIONS_ROLLUP_PAGES=None,
    )
    page = (site / "incremental" / "regions/world/index.html").read_text(encoding="utf-8")
    assert "coopregions-rollup-end" not in page


@pytest.mark.slow
def test_an_article_moved_to_another_year(site: Path) -> None:
    """Year pages take part like region pages: the two years' pages and their neighbours'
    links are written again, the full build's bytes; other places' years are kept."""
    written = rebuild(
        site,
        lambda root: edit(
            root, "venezuelan-cooperatives.md", "Date: 2022-07-21", "Date: 2018-07-21"
        ),
    )
    assert {
        "regions/venezuela/2018/index.html",
        "es/regiones/venezuela/2018/index.html",
        "regions/venezuela/2023/index.html",  # its older neighbour is 2018 now
    } <= written
    # The site's lists are in another order now: every page is written again (see above).
    assert "regions/belgium/2022/index.html" in written
    # Its only article of 2022 left: no such page now (the old file stays, as Pelican's do).
    assert not (site / "fresh" / "regions/venezuela/2022/index.html").exists()


@pytest.mark.slow
def test_a_listing_growing_past_one_page_gets_its_year_pages(site: Path) -> None:
    """With year pages only past one page, two more stories of Argentina (two a page) give it
    year pages, and its page's year links go there instead of to its year headings."""

    def add(root: Path) -> None:
        for year in (2023, 2024):
            text = f"Title: Argentine Markets {year}\nDate: {year}-01-10\nCountries: AR\n\nText.\n"
            write_article(root / "content", f"ar-{year}.md", text)

    before = {"COOPREGIONS_YEAR_ARCHIVES": "paginated"}
    build(site, OUTPUT_PATH=str(site / "before"), **settings(site, **before))
    assert not (site / "before" / "regions/argentina/index2.html").exists()
    assert not (site / "before" / "regions/argentina/2024/index.html").exists()
    written = rebuild(site, add, before=before)
    assert {
        "regions/argentina/index.html",
        "regions/argentina/index2.html",
        "regions/argentina/2024/index.html",
        "regions/argentina/2023/index.html",
    } <= written


@pytest.mark.slow
def test_a_theme_showing_the_sites_lists_on_every_page_is_never_stale(site: Path) -> None:
    """A theme may show the site's own lists (here each category's article count) on every
    page: an added article changes that on every page of the plugin, which is written again."""
    theme = site / "templates" / "base.html"
    source = Path(sys.modules["pelican"].__file__).parent / "themes/notmyidea/templates/base.html"
    text = source.read_text(encoding="utf-8")
    counts = "{% for cat, listed in categories %}<i>{{ cat }}: {{ listed|length }}</i>{% endfor %}"
    theme.write_text(text.replace("</body>", counts + "</body>", 1), encoding="utf-8")
    chile = "Title: Chile\nDate: 2024-01-10\nCategory: News\nCountries: CL\n\nText.\n"
    written = rebuild(site, lambda root: (root / "content" / "chile.md").write_text(chile))
    assert "organizations/anap/index.html" in written
    page = (site / "incremental" / "organizations/anap/index.html").read_text(encoding="utf-8")
    assert "<i>News: " in page


def with_file_text(path: Path, value: str) -> str:
    """A site's Jinja filter: the value, then the text of a file."""
    return f"{value}: {path.read_text(encoding='utf-8')}"


def test_a_site_filter_reading_a_data_file_is_never_stale(site: Path) -> None:
    """A site's own Jinja filter may read anything (here a data file the plugin never sees):
    with one, every page is written again rather than guessed unchanged."""
    motto = site / "data" / "motto.txt"
    motto.write_text("Old motto", encoding="utf-8")

    source = Path(sys.modules["pelican"].__file__).parent / "themes/notmyidea/templates/base.html"
    text = source.read_text(encoding="utf-8")
    (site / "templates" / "base.html").write_text(
        text.replace("</body>", "<p>{{ 'Motto'|motto }}</p></body>", 1), encoding="utf-8"
    )
    # Picklable, as Pelican's content cache keeps the settings.
    filters = {"JINJA_FILTERS": {"motto": functools.partial(with_file_text, motto)}}
    written = rebuild(
        site, lambda root: motto.write_text("New motto", encoding="utf-8"), filters, **filters
    )
    assert written >= VENEZUELA | UNRELATED
    page = (site / "incremental" / "organizations/anap/index.html").read_text(encoding="utf-8")
    assert "Motto: New motto" in page
