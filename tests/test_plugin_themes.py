"""Full builds: the plugin's templates in Pelican's bundled themes, theme overrides, and a site
without region metadata built with and without the plugin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pelican
import pytest
from bs4 import BeautifulSoup

from conftest import Site, build, build_alone, resolve, settings_for, write_article
from pelican_coopregions.pelican.settings import SettingsError

SITES = Path(__file__).parent / "fixtures" / "sites"
DATA = SITES / "data"
DATA_SETTINGS = {
    "COOPREGIONS_REGIONS_FILE": str(DATA / "regions.toml"),
    "COOPREGIONS_ORGANIZATIONS_FILE": str(DATA / "organizations.toml"),
}
THEMES = ("notmyidea", "simple")
SITENAME = "A Pelican Blog"


def build_coop(root: Path, **overrides: Any) -> Site:
    shutil.copytree(SITES / "coop" / "content", root / "content", dirs_exist_ok=True)
    return build(root, **{**DATA_SETTINGS, **overrides})


@pytest.fixture(scope="module", params=THEMES)
def themed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_coop(tmp_path_factory.mktemp(request.param), THEME=request.param)


def theme_marker(soup: BeautifulSoup, theme: str) -> Any:
    """Something only the theme's base.html writes."""
    if theme == "notmyidea":
        return soup.select_one("header#banner h1 a")
    return soup.select_one("body > header hgroup h1 a")


# Both bundled themes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "title", "heading"),
    [
        ("regions/venezuela/index.html", "Venezuela", "Venezuela"),
        ("regions/index.html", "Regions", "Regions"),
        ("organizations/cecosesola/index.html", "Cecosesola", "Cecosesola"),
        ("organizations/index.html", "Organizations", "Organizations"),
    ],
)
def test_plugin_pages_extend_the_theme_base(
    themed: Site, page: str, title: str, heading: str
) -> None:
    theme = themed.root.name.rstrip("0123456789")
    soup = themed.html(page)
    html = soup.find("html")
    assert html is not None
    assert html["lang"] == "en"
    marker = theme_marker(soup, theme)
    assert marker is not None, f"{page} does not use {theme}'s base.html"
    assert marker.get_text(strip=True) == SITENAME
    other = theme_marker(soup, "simple" if theme == "notmyidea" else "notmyidea")
    assert other is None
    titles = soup.select("head > title")  # (the coverage map has <title>s of its own)
    assert len(titles) == 1
    assert titles[0].get_text() == f"{title} - {SITENAME}"
    section = soup.select_one("section.coopregions")
    assert section is not None
    h1 = section.find("h1")
    assert h1 is not None
    assert h1.get_text(strip=True) == heading


@pytest.mark.parametrize(
    "page", ["regions/venezuela/index.html", "organizations/smart-belgium/index.html"]
)
def test_plugin_pages_in_each_theme_have_articles_feed_and_jsonld(themed: Site, page: str) -> None:
    soup = themed.html(page)
    entries = soup.select("section.coopregions article.coopregions-entry")
    assert entries
    for entry in entries:
        link = entry.select_one("h3 a")
        assert link is not None
        assert themed.exists(resolve(page, str(link["href"])))
    feed = soup.find("link", attrs={"type": "application/atom+xml"})
    assert feed is not None
    assert themed.exists(resolve(page, str(feed["href"])))
    scripts = soup.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1
    assert json.loads(scripts[0].string)["@type"] == "CollectionPage"


def test_theme_stylesheets_are_linked_from_plugin_pages(themed: Site) -> None:
    soup = themed.html("regions/venezuela/index.html")
    stylesheets = [str(link["href"]) for link in soup.find_all("link", rel="stylesheet")]
    if themed.root.name.startswith("notmyidea"):
        assert stylesheets == ["/theme/css/main.css"]
        assert themed.exists("theme/css/main.css")
    else:
        assert stylesheets == []


# A theme's own templates ----------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_theme_templates_overrides_win_over_the_plugin_templates(
    site_dir: Path, theme: str
) -> None:
    site = build_coop(
        site_dir, THEME=theme, THEME_TEMPLATES_OVERRIDES=[str(SITES / "theme_override")]
    )
    soup = site.html("regions/venezuela/index.html")
    custom = soup.select_one("main#custom-region")
    assert custom is not None
    assert custom["data-slug"] == "venezuela"
    assert soup.select_one("section.coopregions-region") is None
    title = soup.find("title")
    assert title is not None
    assert title.get_text() == "Custom: Venezuela"
    assert theme_marker(soup, theme) is not None
    links = [str(a["href"]) for a in custom.select("ol.custom-articles a")]
    assert links == ["/building-here-and-now.html", "/venezuelan-cooperatives.html"]
    # The other page kinds keep the plugin's templates, with the theme's listing partial.
    org = site.html("organizations/cecosesola/index.html")
    assert org.select_one("section.coopregions-organization") is not None
    assert org.select_one("article.coopregions-entry") is None
    assert [a.get_text() for a in org.select("ul.custom-listing a")] == [
        "Building, Here and Now, The World We Yearn For",
        "The Markets of Cecosesola",
    ]
    assert site.html("regions/index.html").select_one("section.coopregions-regions") is not None


def test_a_theme_folder_with_its_own_region_html(site_dir: Path) -> None:
    theme = site_dir / "mytheme"
    shutil.copytree(Path(pelican.__file__).parent / "themes" / "simple", theme)
    shutil.copy(SITES / "theme_override" / "region.html", theme / "templates" / "region.html")
    site = build_coop(site_dir, THEME=str(theme))
    soup = site.html("regions/south-america/index.html")
    custom = soup.select_one("main#custom-region")
    assert custom is not None
    assert custom["data-slug"] == "south-america"
    assert len(custom.select("ol.custom-articles li")) == 4
    assert site.html("organizations/index.html").select_one("section.coopregions") is not None


def test_theme_region_html_renders_like_other_theme_templates(site_dir: Path) -> None:
    site = build_coop(site_dir, THEME_TEMPLATES_OVERRIDES=[str(SITES / "theme_override")])
    soup = site.html("regions/venezuela/index.html")
    summaries = soup.select("div.custom-summary")
    assert summaries
    for summary in summaries:
        assert summary.find("p") is not None, summary
        assert "<p>" not in summary.get_text()


def test_theme_article_html_can_use_article_fields_and_date_filters(site_dir: Path) -> None:
    site = build_coop(site_dir, THEME_TEMPLATES_OVERRIDES=[str(SITES / "theme_article")])
    page = "building-here-and-now.html"
    soup = site.html(page)
    aside = soup.select_one("aside#coopregions-article")
    assert aside is not None
    regions = [(a.get_text(), a["href"]) for a in aside.select("ul.regions a")]
    assert regions == [("Latin America", "/regions/latin-america/")]
    countries = aside.select("ul.countries li")
    assert [(li["data-alpha2"], li.get_text()) for li in countries] == [("VE", "Venezuela")]
    orgs = aside.select("ul.organizations li")
    assert [(li["data-founded"], li.get_text()) for li in orgs] == [("1967", "Cecosesola")]
    for link in aside.find_all("a"):
        assert site.exists(resolve(page, str(link["href"]))), link["href"]
    assert aside.select_one("p.localdate").get_text() == "February 16, 2023"
    assert aside.select_one("p.localdate-es").get_text() == "16 de febrero de 2023"
    assert aside.select_one("p.skeleton").get_text() == "February 2023"
    assert aside.select_one("p.isodate").get_text() == "2023-02-16"
    # The theme's own article markup is still there.
    assert soup.select_one("article") is not None
    plain = site.html("about-this-site.html").select_one("aside#coopregions-article")
    assert plain is not None
    assert plain.select("li") == []


# Where the theme draws a page's parts ---------------------------------------------------------

SNEAKYIDEA = Path(__file__).parent / "fixtures" / "themes" / "sneakyidea"
NO_HEAD_WARNING = "renders no block inside <head>"


def warnings_about_the_head(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelname == "WARNING" and NO_HEAD_WARNING in record.getMessage()
    ]


def test_a_theme_without_a_head_block_gets_the_jsonld_in_the_content_and_one_warning(
    site_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """sneakyidea's <head> has a title block only: the JSON-LD opens the content (inside the
    theme's section#content.body), nothing goes where the theme would drop it, and one
    warning per build names the theme and the setting that silences it. (A copy of the theme:
    Pelican's log says a message once per process.)"""
    theme = site_dir / "sneakyidea"
    shutil.copytree(SNEAKYIDEA, theme)
    site = build_coop(site_dir, THEME=str(theme))
    soup = site.html("regions/venezuela/index.html")
    head = soup.find("head")
    assert head is not None
    assert head.find("script") is None and head.find("link", rel="canonical") is None
    scripts = soup.select("body section#content.body > script[type='application/ld+json']")
    assert len(scripts) == 1
    assert json.loads(scripts[0].string)["@type"] == "CollectionPage"
    assert soup.select_one("section#content.body > section.coopregions-region") is not None
    found = warnings_about_the_head(caplog)
    assert len(found) == 1
    assert str(theme) in found[0] and "COOPREGIONS_HEAD_BLOCK = False" in found[0]


def test_head_block_false_says_none_is_wanted(
    site_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    theme = site_dir / "sneakyidea"
    shutil.copytree(SNEAKYIDEA, theme)
    site = build_coop(site_dir, THEME=str(theme), COOPREGIONS_HEAD_BLOCK=False)
    assert warnings_about_the_head(caplog) == []
    soup = site.html("regions/venezuela/index.html")
    assert len(soup.select("section#content.body > script[type='application/ld+json']")) == 1


def test_head_block_names_the_themes_block_to_use(site_dir: Path) -> None:
    """notmyidea's extra_head, inside its head block, instead of the head block itself."""
    site = build_coop(site_dir, THEME="notmyidea", COOPREGIONS_HEAD_BLOCK="extra_head")
    head = site.html("regions/venezuela/index.html").find("head")
    assert head is not None
    assert len(head.find_all("link", rel="canonical")) == 1
    assert len(head.find_all("script", attrs={"type": "application/ld+json"})) == 1


def test_head_block_the_theme_does_not_render_is_a_settings_error(site_dir: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        build_coop(site_dir, THEME="notmyidea", COOPREGIONS_HEAD_BLOCK="meta")
    message = str(caught.value)
    assert "COOPREGIONS_HEAD_BLOCK = 'meta'" in message
    assert "'head', 'extra_head'" in message


def test_a_theme_or_site_can_replace_the_adapter(site_dir: Path) -> None:
    """coopregions/theme-adapter.html in THEME_TEMPLATES_OVERRIDES wins over the one the
    plugin writes for the build."""
    overrides = site_dir / "overrides" / "coopregions"
    overrides.mkdir(parents=True)
    (overrides / "theme-adapter.html").write_text(
        '{% extends "base.html" %}{% block content %}<main id="mine">'
        "{% block coopregions_body %}{% endblock %}</main>{% endblock %}",
        encoding="utf-8",
    )
    site = build_coop(site_dir, THEME_TEMPLATES_OVERRIDES=[str(site_dir / "overrides")])
    soup = site.html("regions/venezuela/index.html")
    assert soup.select_one("main#mine > section.coopregions-region h1") is not None
    assert soup.find("link", rel="canonical") is None  # this adapter puts no head additions


# Non-intrusiveness ----------------------------------------------------------------------------


def plain_site(root: Path) -> None:
    """A site with no region metadata: articles, a translation, a page, tags, categories."""
    content = root / "content"
    write_article(
        content,
        "first.md",
        """
        Title: First
        Date: 2022-07-21 10:30
        Category: News
        Tags: co-ops, energy
        Summary: First article.

        Text with a [link](https://example.org/).
        """,
    )
    write_article(
        content,
        "second.md",
        """
        Title: Second
        Date: 2023-01-02
        Slug: second
        Category: Interviews
        Tags: co-ops
        Summary: Second article.

        Text.
        """,
    )
    write_article(
        content,
        "second-es.md",
        """
        Title: Segundo
        Date: 2023-01-02
        Slug: second
        Lang: es
        Category: Interviews

        Texto.
        """,
    )
    write_article(
        content,
        "third.rst",
        """
        Third
        #####

        :date: 2021-03-04
        :category: News
        :authors: GEO Editors

        Text.
        """,
    )
    write_article(
        content,
        "pages/about.md",
        """
        Title: About

        About this site.
        """,
    )


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def compare_with_and_without_plugin(root: Path, **overrides: Any) -> tuple[set[str], list[str]]:
    """Plugin-written files, and the other files that differ between the two builds."""
    plain_site(root)
    common = {**overrides, "DEFAULT_PAGINATION": 1}
    with_plugin = settings_for(root, OUTPUT_PATH=str(root / "with"), **common)
    without = settings_for(root, OUTPUT_PATH=str(root / "without"), PLUGINS=[], **common)
    build_alone(with_plugin)
    build_alone(without)  # with no receiver of this plugin's
    a, b = outputs(root / "with"), outputs(root / "without")
    own = set(a) - set(b)
    assert set(b) <= set(a), set(b) - set(a)
    differing = sorted(name for name in b if a[name] != b[name])
    return own, differing


def assert_only_plugin_files_added(own: set[str]) -> None:
    assert own == {"regions/index.html", "es/regiones/index.html"}


def test_site_without_region_metadata_is_unchanged_by_the_plugin(site_dir: Path) -> None:
    """Not in use (no field, no COOPREGIONS_* setting): not one byte differs, Spanish dates
    included (tests/realworld/test_inert.py has the other ways a site can look unused)."""
    own, differing = compare_with_and_without_plugin(site_dir)
    assert own == set()
    assert differing == []


@pytest.mark.parametrize("theme", THEMES)
def test_site_without_region_metadata_is_unchanged_without_date_localization(
    site_dir: Path, theme: str
) -> None:
    """A COOPREGIONS_* setting puts the plugin in use: it adds its (empty) indexes only."""
    own, differing = compare_with_and_without_plugin(
        site_dir, THEME=theme, COOPREGIONS_LOCALIZE_ARTICLE_DATES=False
    )
    assert_only_plugin_files_added(own)
    assert differing == []
