"""Installing changes nothing until used (issue 9, bullet 3).

Pelican loads every installed namespace plugin when ``PLUGINS`` is unset, so a site that never
asked for pelican-coopregions meets it anyway. The plugin is *in use* when some article
(draft, hidden or translation included) writes ``Regions``, ``Countries`` or ``Organizations``
(or a singular spelling; in reST only ``:organizations:``), or a ``COOPREGIONS_*`` setting is
set. Any other site must build byte for byte as with ``PLUGINS = []``.
"""

from __future__ import annotations

import runpy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, Ran, build, build_alone, write_article
from pelican_coopregions.core.metadata import DOCUTILS_BIBLIOGRAPHIC, names_places
from pelican_coopregions.pelican.failure import CoopRegionsError

NOFIELDS = FIXTURES / "realworld" / "nofields"
ORGANIZATIONS = """
[[organization]]
name = "Cecosesola"
country = "VE"
"""


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fixture_settings(root: Path, output: str, **overrides: Any) -> dict[str, Any]:
    """The fixture's own pelicanconf.py, with its content in ``root`` and ``output`` there."""
    values = runpy.run_path(str(root / "pelicanconf.py"))
    settings = {name: value for name, value in values.items() if name.isupper()}
    settings.update(
        PATH=str(root / "content"),
        OUTPUT_PATH=str(root / output),
        CACHE_PATH=str(root / "cache"),
        LOAD_CONTENT_CACHE=False,
        CACHE_CONTENT=False,
    )
    settings.update(overrides)
    return settings


@pytest.fixture
def nofields(tmp_path: Path) -> Path:
    root = tmp_path / "nofields"
    shutil.copytree(NOFIELDS, root)
    return root


def test_site_naming_no_place_builds_byte_identical_listed_and_auto_discovered(
    nofields: Path,
) -> None:
    """docutils' own ``:organization:``, a POSIX ``Lang``, Spanish dates, ``%x``: unchanged."""
    plain = fixture_settings(nofields, "plain", PLUGINS=[])
    listed = fixture_settings(nofields, "listed", PLUGINS=["pelican_coopregions"])
    discovered = fixture_settings(nofields, "discovered")  # PLUGINS unset
    assert build_alone(plain) == []
    assert build_alone(listed) == ["pelican_coopregions"]
    found = build_alone(discovered, discoverable=["pelican.plugins.coopregions"])
    assert found == ["pelican.plugins.coopregions"]
    expected = outputs(nofields / "plain")
    # The fixture's three articles (the reST one in pt_BR) are there.
    assert {"one.html", "one-es.html", "an-odd-rest-article-pt_BR.html"} <= set(expected)
    assert outputs(nofields / "listed") == expected
    assert outputs(nofields / "discovered") == expected


def test_auto_discovered_plugin_works_once_an_article_names_a_place(nofields: Path) -> None:
    """The harness above really runs the plugin: the same site with one field gets pages."""
    write_article(nofields / "content", "cuba.md", "Title: Cuba\nDate: 2023-01-01\nCountry: CU\n")
    build_alone(
        fixture_settings(nofields, "discovered"), discoverable=["pelican.plugins.coopregions"]
    )
    assert (nofields / "discovered" / "regions" / "cuba" / "index.html").is_file()


def test_a_draft_naming_a_place_puts_the_plugin_in_use(site_dir: Path) -> None:
    write_article(site_dir / "content", "a.md", "Title: A\nDate: 2023-01-01\n\nText.\n")
    write_article(
        site_dir / "content", "b.md", "Title: B\nDate: 2023-01-02\nStatus: draft\nRegions: \n"
    )
    site = build(site_dir)
    assert site.exists("regions/index.html")  # the (empty) index: the site uses the plugin


def test_a_setting_puts_the_plugin_in_use(site_dir: Path) -> None:
    write_article(site_dir / "content", "a.md", "Title: A\nDate: 2023-01-01\n\nText.\n")
    site = build(site_dir, COOPREGIONS_ROLLUP=True)
    assert site.exists("regions/index.html")


def test_unused_plugin_reads_no_registry(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Little invisible work too: without a data file or a field, no registry is loaded."""
    from pelican_coopregions.core.registry import Registry

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the registry was loaded")

    monkeypatch.setattr(Registry, "load", refuse)
    write_article(site_dir / "content", "a.md", "Title: A\nDate: 2023-01-01\n\nText.\n")
    site = build(site_dir)
    assert site.exists("a.html")


RST_ARTICLE = """
Markets
#######

:date: 2019-11-05
:slug: markets
:organization: Arm Limited
:author: Ana
:organizations: Cecosesola
:country: AR
:summary: Weekly food markets.

Text.
"""


def test_rest_organization_is_docutils_affiliation_not_ours(
    site_dir: Path, coopregions: Callable[..., Ran]
) -> None:
    """In reST only the plural ``:organizations:`` is ours; the singular ``:country:`` is ours
    (not a docutils field). The build and ``coopregions check`` agree."""
    (site_dir / "data").mkdir()
    (site_dir / "data" / "organizations.toml").write_text(ORGANIZATIONS, encoding="utf-8")
    write_article(site_dir / "content", "markets.rst", RST_ARTICLE)
    write_article(
        site_dir / "content",
        "markdown.md",
        "Title: Markdown\nDate: 2020-01-01\nOrganization: Cecosesola\n\nText.\n",
    )
    data_file = str(site_dir / "data" / "organizations.toml")
    site = build(site_dir, COOPREGIONS_ORGANIZATIONS_FILE=data_file)
    listed = [
        a.select_one("a")["href"]
        for a in site.html("organizations/cecosesola/index.html").select(
            "article.coopregions-entry h3"
        )
    ]
    assert listed == ["/markdown.html", "/markets.html"]  # Markdown's singular field is ours
    assert site.exists("regions/argentina/index.html")  # reST :country:
    assert not site.exists("organizations/arm-limited/index.html")

    (site_dir / "pelicanconf.py").write_text(
        f"PATH = 'content'\nTIMEZONE = 'UTC'\nCOOPREGIONS_ORGANIZATIONS_FILE = {data_file!r}\n",
        encoding="utf-8",
    )
    check = coopregions("check", cwd=site_dir)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip().endswith("no problems (2 articles checked)")


PAGE_AT_REGIONS = {
    "pages/regions.md": "Title: Regions\nSlug: regions\n\nOur own regions page.\n",
    "a.md": "Title: A\nDate: 2023-01-01\n\nText.\n",
}
PAGE_SETTINGS = {"PAGE_URL": "{slug}/", "PAGE_SAVE_AS": "{slug}/index.html"}


def test_site_page_at_regions_path_wins_when_the_plugin_is_unused(site_dir: Path) -> None:
    for name, text in PAGE_AT_REGIONS.items():
        write_article(site_dir / "content", name, text)
    site = build(site_dir, **PAGE_SETTINGS)
    assert "Our own regions page." in site.html("regions/index.html").get_text()
    build(site_dir, OUTPUT_PATH=str(site_dir / "plain"), PLUGINS=[], **PAGE_SETTINGS)
    assert outputs(site_dir / "output") == outputs(site_dir / "plain")


def test_site_page_at_regions_path_is_a_one_line_error_naming_the_setting(
    site_dir: Path,
) -> None:
    for name, text in PAGE_AT_REGIONS.items():
        write_article(site_dir / "content", name, text)
    write_article(site_dir / "content", "cuba.md", "Title: Cuba\nDate: 2023-01-02\nCountry: CU\n")
    with pytest.raises(CoopRegionsError) as caught:
        build(site_dir, **PAGE_SETTINGS)
    message = str(caught.value)
    assert "\n" not in message
    assert "'regions/index.html'" in message
    assert "pages/regions.md" in message
    assert "change REGIONS_SAVE_AS" in message

    moved = {"REGIONS_SAVE_AS": "places/index.html", "REGIONS_URL": "places/"}
    site = build(site_dir, **moved, **PAGE_SETTINGS)
    assert "Our own regions page." in site.html("regions/index.html").get_text()
    assert site.html("places/index.html").select_one(".coopregions h1").get_text() == "Regions"


def test_rest_only_plural_field_puts_the_plugin_in_use(site_dir: Path) -> None:
    """Strict by default, yet an unknown affiliation in ``:organization:`` fails nothing."""
    write_article(
        site_dir / "content",
        "odd.rst",
        "Odd\n###\n\n:date: 2022-05-01\n:organization: Arm Limited\n\nBody.\n",
    )
    site = build(site_dir)
    assert site.exists("odd.html")
    assert not site.exists("regions/index.html")


def test_docutils_bibliographic_fields_are_those_docutils_knows() -> None:
    from docutils.transforms.frontmatter import DocInfo

    assert set(DocInfo.biblio_nodes) == DOCUTILS_BIBLIOGRAPHIC
    assert {"region", "country", "regions", "countries", "organizations"}.isdisjoint(
        DOCUTILS_BIBLIOGRAPHIC
    )


@pytest.mark.parametrize(
    ("metadata", "in_use"),
    [
        ({"reader": "rst", "organization": "Arm Limited"}, False),
        ({"reader": "rst", "organizations": "Cecosesola"}, True),
        ({"reader": "rst", "country": "AR"}, True),
        ({"reader": "markdown", "organization": "Cecosesola"}, True),
        ({"reader": "markdown", "regions": ""}, True),
        ({"reader": "markdown", "tags": "regions"}, False),
    ],
)
def test_which_fields_put_the_plugin_in_use(metadata: dict[str, str], in_use: bool) -> None:
    assert names_places(metadata) is in_use
