"""Bad input, each case a real build: either the article is published or the build fails
naming the file and field; markup from input never reaches the output unescaped; nothing is
written outside OUTPUT_PATH."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import SETTINGS_FILE, Site, build, write_article
from pelican_coopregions import Region
from pelican_coopregions.cli import main
from pelican_coopregions.core.errors import DataFileError
from pelican_coopregions.core.suggestions import Suggester
from pelican_coopregions.pelican.failure import CoopRegionsError
from pelican_coopregions.pelican.settings import SettingsError

ATOM = "{http://www.w3.org/2005/Atom}"


def article(name: str, **fields: str) -> tuple[str, str]:
    fields.setdefault("Slug", Path(name).stem)
    header = "\n".join(f"{key}: {value}" for key, value in fields.items())
    return name, f"Title: {name}\nDate: 2023-02-16\n{header}\n\nBody.\n"


def write(site_dir: Path, *articles: tuple[str, str]) -> None:
    for name, text in articles:
        (site_dir / "content" / name).write_text(text, encoding="utf-8")


def listed(site: Site, page: str) -> list[str]:
    return [a.get_text() for a in site.html(page).select("article.coopregions-entry h3 a")]


@pytest.mark.parametrize("value", ["", "   ", ";;", " , ; , ", ",,,"])
def test_empty_values_publish_the_article_with_no_places(site_dir: Path, value: str) -> None:
    write(site_dir, article("empty.md", Regions=value, Countries=value, Organizations=value))
    site = build(site_dir)
    assert site.exists("empty.html")
    assert not site.exists("regions/world/index.html")


def test_invisible_characters_pasted_into_metadata_are_ignored(site_dir: Path) -> None:
    """A right-to-left override, a soft hyphen pasted from a justified web page, a zero-width
    space: the value is found as if they were not there."""
    write(site_dir, article("pasted.md", Countries="VE\u202e; Pe\u00adru; Chi\u200ble"))
    site = build(site_dir)
    for page in ("regions/venezuela/", "regions/peru/", "regions/chile/"):
        assert listed(site, f"{page}index.html") == ["pasted.md"]


def test_duplicates_list_the_article_once(site_dir: Path) -> None:
    write(site_dir, article("dupes.md", Countries="VE; Venezuela; ve; 862; VEN", Regions="VE"))
    site = build(site_dir)
    assert listed(site, "regions/venezuela/index.html") == ["dupes.md"]
    assert listed(site, "regions/world/index.html") == ["dupes.md"]


@pytest.mark.parametrize(
    "value",
    ["x" * 10_000, "Venezuela\x00", "Vene\x07zuela", "\x1b[31mPeru", "Аrgentina"],
    ids=["10k", "nul", "bell", "escape", "cyrillic"],
)
def test_strange_values_fail_strict_builds_naming_file_and_field(
    site_dir: Path, value: str, caplog: pytest.LogCaptureFixture
) -> None:
    write(site_dir, article("strange.md", Countries=value))
    with pytest.raises(CoopRegionsError, match="1 unknown"):
        build(site_dir)
    (record,) = [
        r for r in caplog.records if r.levelno == logging.ERROR and "strange" in r.getMessage()
    ]
    message = record.getMessage()
    assert "strange.md: Countries: unknown country" in message
    assert len(message) < 400  # a 10,000-character value is shortened in messages


def test_strange_values_are_dropped_in_lenient_builds(
    site_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(site_dir, article("strange.md", Countries="x" * 10_000 + "; VE\x00; Peru"))
    site = build(site_dir, COOPREGIONS_STRICT=False)
    assert listed(site, "regions/peru/index.html") == ["strange.md"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sum("strange.md: Countries:" in w for w in warnings) == 2


def test_markup_in_titles_and_summaries_is_escaped_in_pages_feeds_and_jsonld(
    site_dir: Path,
) -> None:
    evil = "<script>alert(1)</script></script><img src=x onerror=alert(2)>"
    write_article(
        site_dir / "content",
        "evil.md",
        f"""
        Title: Evil {evil}
        Date: 2023-02-16
        Countries: VE
        Summary: Teaser {evil}

        Body.
        """,
    )
    site = build(site_dir)
    for page in ("regions/venezuela/index.html", "regions/index.html"):
        soup = site.html(page)
        scripts = soup.find_all("script")
        assert all(s.get("type") == "application/ld+json" for s in scripts), page
        assert not soup.select("img[onerror]"), page
    soup = site.html("regions/venezuela/index.html")
    entry = soup.select_one("article.coopregions-entry")
    assert "alert(1)" in entry.h3.get_text()
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    name = data["mainEntity"]["itemListElement"][0]["item"]["name"]
    assert name == "Evil alert(1)"  # JSON-LD names are plain text: markup removed
    raw = (site.output / "regions/venezuela/index.html").read_text(encoding="utf-8")
    json_block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in json_block
    feed = ET.parse(site.output / "regions/venezuela/feed.atom.xml").getroot()
    (title,) = [e.text for e in feed.iter(f"{ATOM}entry") for e in e.iter(f"{ATOM}title")]
    assert title is not None and "alert(1)" in title  # text content: escaped by the XML writer


DATA_CASES: dict[str, tuple[str, str, str]] = {
    "malformed TOML": ("regions", '[[region]]\nname = "Andes\n', "line 2"),
    "unknown key": ("regions", '[[region]]\nname = "Andes"\ncolour = "red"\n', "colour"),
    "parent cycle": (
        "regions",
        '[[region]]\nname = "A"\nparent = "B"\n[[region]]\nname = "B"\nparent = "A"\n',
        "cycle",
    ),
    "slug collision": ("regions", '[[region]]\nname = "Perú"\n', "already used by built-in"),
    "name slugifies to nothing": ("regions", '[[region]]\nname = "★★★"\n', "empty slug"),
    "name is dots": ("regions", '[[region]]\nname = ".."\n', "empty slug"),
    "traversal in slug": ("regions", '[[region]]\nslug = "../../etc"\nname = "X"\n', "not a slug"),
    "organization traversal": (
        "organizations",
        '[[organization]]\nslug = "../up"\nname = "Up"\n',
        "not a slug",
    ),
    "bad founded": (
        "organizations",
        '[[organization]]\nname = "X"\nfounded = "in the sixties"\n',
        "founded",
    ),
    "bad website": (
        "organizations",
        '[[organization]]\nname = "X"\nwebsite = "javascript:alert(1)"\n',
        "website",
    ),
}


@pytest.mark.parametrize("case", DATA_CASES, ids=list(DATA_CASES))
def test_bad_data_files_stop_the_build_naming_file_and_problem(site_dir: Path, case: str) -> None:
    kind, text, expected = DATA_CASES[case]
    data = site_dir / f"{kind}.toml"
    data.write_text(text, encoding="utf-8")
    write(site_dir, article("ok.md", Countries="VE"))
    with pytest.raises(DataFileError) as error:
        build(site_dir, **{f"COOPREGIONS_{kind.upper()}_FILE": str(data)})
    assert str(data) in str(error.value)
    assert expected in str(error.value)
    assert not (site_dir / "output" / "regions").exists()


def test_missing_and_unreadable_data_files(site_dir: Path) -> None:
    write(site_dir, article("ok.md", Countries="VE"))
    with pytest.raises(DataFileError, match="file not found"):
        build(site_dir, COOPREGIONS_REGIONS_FILE=str(site_dir / "nope.toml"))
    unreadable = site_dir / "locked.toml"
    unreadable.write_text("", encoding="utf-8")
    unreadable.chmod(0)
    try:
        if os.access(unreadable, os.R_OK):  # root reads anything: use a folder instead
            unreadable.chmod(stat.S_IRUSR | stat.S_IWUSR)
            unreadable.unlink()
            unreadable.mkdir()
        with pytest.raises(DataFileError, match="cannot be read"):
            build(site_dir, COOPREGIONS_REGIONS_FILE=str(unreadable))
    finally:
        if unreadable.is_file():
            unreadable.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_name_without_a_spanish_slug_falls_back_to_the_registry_slug(site_dir: Path) -> None:
    data = site_dir / "regions.toml"
    data.write_text('[[region]]\nslug = "stars"\nname.en = "Stars"\nname.es = "★★★"\n', "utf-8")
    write(
        site_dir,
        article("en.md", Regions="Stars", Slug="a"),
        article("es.md", Regions="Stars", Slug="a", Lang="es"),
    )
    site = build(site_dir, COOPREGIONS_REGIONS_FILE=str(data))
    assert site.exists("es/regiones/stars/index.html")
    assert site.html("es/regiones/stars/index.html").select_one("section h1").get_text() == "★★★"


@pytest.mark.parametrize(
    "setting",
    ["REGION_SAVE_AS", "REGION_FEED_ATOM", "REGIONS_SAVE_AS", "ORGANIZATION_SAVE_AS"],
)
def test_url_settings_cannot_write_outside_output(site_dir: Path, setting: str) -> None:
    (site_dir / "orgs.toml").write_text('[[organization]]\nname = "X"\n', encoding="utf-8")
    write(site_dir, article("ok.md", Countries="VE"))
    before = set(site_dir.parent.rglob("*"))
    with pytest.raises(SettingsError, match=setting):
        build(
            site_dir,
            COOPREGIONS_ORGANIZATIONS_FILE=str(site_dir / "orgs.toml"),
            **{
                setting: "../../escaped-{slug}.html"
                if "_SAVE_AS" not in setting or "S_" not in setting
                else "../../escaped.html"
            },
        )
    assert {p for p in site_dir.parent.rglob("*") if "escaped" in p.name} == set()
    assert not any("escaped" in p.name for p in set(site_dir.parent.rglob("*")) - before)


def test_fatal_warnings_turns_lenient_warnings_into_a_failed_build(site_dir: Path) -> None:
    write(site_dir, article("typo.md", Countries="Venezuala"))
    conf = site_dir / "pelicanconf.py"
    conf.write_text(
        SETTINGS_FILE
        + 'OUTPUT_PATH = "output"\nPLUGINS = ["pelican_coopregions"]\nCOOPREGIONS_STRICT = False\n',
        encoding="utf-8",
    )
    pelican = Path(sys.executable).parent / "pelican"
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run
    lenient = run([pelican, "-s", conf], cwd=site_dir, capture_output=True, text=True)
    assert lenient.returncode == 0
    assert "Venezuala" in lenient.stdout + lenient.stderr
    fatal = run(
        [pelican, "-s", conf, "--fatal", "warnings"], cwd=site_dir, capture_output=True, text=True
    )
    assert fatal.returncode != 0
    assert "Venezuala" in fatal.stdout + fatal.stderr


def test_nested_groups_give_a_bounded_regions_index(site_dir: Path) -> None:
    """32 groups, each holding the two before it: 2**32 paths. Before, the index drew every
    path (66 MB for these 1.8 KB); now each group once, its members under it once."""
    data = site_dir / "regions.toml"
    data.write_text(
        "\n".join(
            f'[[region]]\nslug = "g{n}"\nname = "Group {n}"\n'
            + ('members = ["AR"]\n' if n < 2 else f'members = ["g{n - 1}", "g{n - 2}"]\n')
            for n in range(32)
        ),
        encoding="utf-8",
    )
    write(site_dir, article("ar.md", Countries="AR"))
    site = build(site_dir, COOPREGIONS_REGIONS_FILE=str(data), COOPREGIONS_MAP=False)
    index = site.output / "regions" / "index.html"
    assert index.stat().st_size < 100_000
    rows = [li.a.get_text() for li in site.html("regions/index.html").select("li") if li.a]
    assert rows.count("Group 31") == 1
    assert rows.count("Group 5") == 3  # in its place, and as a member of Groups 6 and 7
    assert rows.count("Argentina") == 3  # under South America, and as a member of g0 and g1
    assert listed(site, "regions/g31/index.html") == ["ar.md"]


def test_a_chain_deeper_than_pythons_recursion_limit_builds(site_dir: Path) -> None:
    data = site_dir / "regions.toml"
    data.write_text(
        "\n".join(
            f'[[region]]\nslug = "r{n}"\nname = "Region {n}"\n'
            + (f'parent = "r{n - 1}"\n' if n else "")
            for n in range(1500)
        ),
        encoding="utf-8",
    )
    write(site_dir, article("deep.md", Regions="r1499"))
    site = build(
        site_dir,
        COOPREGIONS_REGIONS_FILE=str(data),
        COOPREGIONS_ROLLUP=False,
        COOPREGIONS_MAP=False,
    )
    assert listed(site, "regions/r1499/index.html") == ["deep.md"]
    crumbs = site.html("regions/r1499/index.html").select("section nav ol li")
    assert [li.get_text(strip=True) for li in crumbs] == [
        "World",
        *(f"Region {n}" for n in range(1492, 1499)),
    ]
    tree = site.html("regions/index.html").select("ul.coopregions-tree li")
    assert len(tree) == 1501  # World and the chain down to the one region with a page


def test_breadcrumbs_follow_the_m49_parent_chain(site_dir: Path) -> None:
    """Cuba is in the Caribbean, which North America (a group) also holds: the breadcrumb is
    the parent chain, not every region that contains the place."""
    write(site_dir, article("cuba.md", Countries="CU"))
    site = build(site_dir)
    crumbs = site.html("regions/cuba/index.html").select("section nav ol li")
    assert [li.get_text(strip=True) for li in crumbs] == [
        "World",
        "Americas",
        "Latin America",
        "Caribbean",
    ]
    assert listed(site, "regions/north-america/index.html") == ["cuba.md"]


def test_an_unknown_value_repeated_in_every_article_is_searched_once(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a rename, the old name is in every article: the fuzzy search for suggestions runs
    once per distinct value, in a build and in ``coopregions check``."""
    searched: list[str] = []
    search = Suggester.suggest

    def counted(self: Suggester[Region], text: str, wanted: Any) -> tuple[str, ...]:
        searched.append(text)
        return search(self, text, wanted)

    monkeypatch.setattr(Suggester, "suggest", counted)
    for number in range(30):
        write(site_dir, article(f"a{number}.md", Countries="Venezuala; Peru", Regions="Andess"))
    build(site_dir, COOPREGIONS_STRICT=False)
    assert sorted(searched) == ["Andess", "Venezuala"]
    searched.clear()
    (site_dir / "pelicanconf.py").write_text(SETTINGS_FILE, encoding="utf-8")
    monkeypatch.chdir(site_dir)
    assert main(["check"]) == 1
    assert sorted(searched) == ["Andess", "Venezuala"]
