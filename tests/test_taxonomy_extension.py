"""A third kind of term, declared in a few dozen lines outside the plugin, gets what regions and
organizations get: its pages, year pages, feeds, index, menu entry and ``coopregions check``.

The kind here is the sector of the organizations a story names ("Agriculture", "Housing"),
from the organizations file's ``sectors``; the site names it in ``COOPREGIONS_TAXONOMIES``.

"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SETTINGS_FILE, build, write_article
from pelican_coopregions.cli import main

SECTORS = '''
"""Sectors: the sectors of the organizations a story names."""

from pydantic import BaseModel, ConfigDict
from pelican.utils import slugify

from pelican_coopregions.pelican.taxonomies import Taxonomy


class Sector(BaseModel):
    model_config = ConfigDict(frozen=True)

    slug: str
    label: str
    slug_written: bool = False

    def name(self, lang="en"):
        return self.label

    def description(self, lang="en", fallback=None):
        return ""


class Sectors(Taxonomy):
    name = "sector"
    plural = "sectors"
    article_fields = ("sectors",)

    def records(self, registry):
        labels = dict.fromkeys(s for org in registry.organizations for s in org.sectors)
        return [Sector(slug=slugify(label), label=label) for label in labels]

    def named(self, registry, refs, options):
        return self.of(registry, refs.organizations)

    def article_terms(self, refs):
        return {}

    def of(self, registry, organizations):
        sectors = {record.label: record for record in self.records(registry)}
        return [sectors[label] for org in organizations for label in org.sectors]
'''

ORGANIZATIONS = """
[[organization]]
slug = "cecosesola"
name = "Cecosesola"
country = "VE"
sectors = ["Agriculture", "Health"]

[[organization]]
slug = "la-florida"
name = "La Florida"
country = "PE"
sectors = ["Agriculture"]
"""

PELICANCONF = (
    SETTINGS_FILE
    + """PLUGINS = ["pelican_coopregions"]
COOPREGIONS_ORGANIZATIONS_FILE = "organizations.toml"
COOPREGIONS_LANGUAGES = ["en", "es"]
COOPREGIONS_TAXONOMIES = ["sectors:Sectors"]
COOPREGIONS_MENUITEMS = ["regions", "sectors"]
COOPREGIONS_YEAR_ARCHIVES = "all"
"""
)


@pytest.fixture
def site(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (site_dir / "sectors.py").write_text(textwrap.dedent(SECTORS), encoding="utf-8")
    (site_dir / "organizations.toml").write_text(ORGANIZATIONS, encoding="utf-8")
    (site_dir / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site_dir))
    for name, organization, date in (
        ("lara", "Cecosesola", "2023-02-16"),
        ("coffee", "La Florida", "2022-05-01"),
        ("clinic", "Cecosesola", "2021-09-10"),
    ):
        text = f"Title: {name.title()}\nDate: {date}\nOrganizations: {organization}\n\nText.\n"
        write_article(site_dir / "content", f"{name}.md", text)
    return site_dir


def settings(root: Path) -> dict[str, object]:
    return {
        "COOPREGIONS_ORGANIZATIONS_FILE": str(root / "organizations.toml"),
        "COOPREGIONS_LANGUAGES": ["en", "es"],
        "COOPREGIONS_TAXONOMIES": ["sectors:Sectors"],
        "COOPREGIONS_MENUITEMS": ["regions", "sectors"],
        "COOPREGIONS_YEAR_ARCHIVES": "all",
    }


def titles(page: BeautifulSoup) -> list[str]:
    return [
        link.get_text(" ", strip=True) for link in page.select("article.coopregions-entry h3 a")
    ]


def test_a_third_kind_gets_pages_year_pages_feeds_an_index_and_menu_entries(site: Path) -> None:
    built = build(site, **settings(site))
    agriculture = built.html("sectors/agriculture/index.html")
    assert agriculture.select_one("section.coopregions h1").get_text() == "Agriculture"
    assert titles(agriculture) == ["Lara", "Coffee", "Clinic"]
    assert titles(built.html("sectors/health/index.html")) == ["Lara", "Clinic"]
    assert titles(built.html("sectors/agriculture/2022/index.html")) == ["Coffee"]
    years = [a.get_text() for a in agriculture.select("nav.coopregions-years a")]
    assert years == ["2023", "2022", "2021"]
    feed = (built.output / "sectors/agriculture/feed.atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 3
    index = built.html("sectors/index.html")
    assert [
        a.get_text() for a in index.select("section.coopregions > ul:not(.coopregions-switcher) a")
    ] == [
        "Agriculture",
        "Health",
    ]
    # Spanish pages, under the kind's own word (no Spanish word given: its plural).
    assert titles(built.html("es/sectors/agriculture/index.html")) == ["Lara", "Coffee", "Clinic"]
    menu = [a["href"] for a in built.html("sectors/health/index.html").select("nav a")]
    assert "/regions/" in menu and "/sectors/" in menu
    # The other kinds are unchanged by the third.
    assert titles(built.html("organizations/cecosesola/index.html")) == ["Lara", "Clinic"]


def test_check_checks_the_third_kinds_pages_as_the_build_does(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(site)
    assert main(["check"]) == 0
    assert "no problems (3 articles checked)" in capsys.readouterr().out
    # A sector's page where its year pages need a folder: the check and the build both refuse.
    conf = site / "pelicanconf.py"
    conf.write_text(conf.read_text() + 'SECTOR_SAVE_AS = "{sectors}/{slug}"\n', encoding="utf-8")
    assert main(["check"]) == 1
    said = capsys.readouterr().out
    assert "sector 'Agriculture' (en) would be written to 'sectors/agriculture', a file" in said
    assert "change SECTOR_SAVE_AS" in said
    with pytest.raises(Exception, match="change SECTOR_SAVE_AS"):
        build(site, **settings(site), SECTOR_SAVE_AS="{sectors}/{slug}")


def test_a_kind_that_cannot_be_imported_is_a_settings_error(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(site)
    conf = site / "pelicanconf.py"
    conf.write_text(conf.read_text().replace("sectors:Sectors", "sectors:Sektors"), "utf-8")
    assert main(["check"]) == 2
    assert "COOPREGIONS_TAXONOMIES: cannot import 'sectors:Sektors'" in capsys.readouterr().err
