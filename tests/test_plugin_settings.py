"""Full builds: loading the plugin, validating its settings, URLs, slugs and output paths."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.plugins._utils import get_namespace_plugins
from pelican.settings import read_settings

from conftest import Site, build, build_alone, settings_for, write_article
from pelican_coopregions import DataFileError
from pelican_coopregions.pelican.failure import CoopRegionsError
from pelican_coopregions.pelican.settings import SettingsError, load_settings

SITES = Path(__file__).parent / "fixtures" / "sites"
DATA = SITES / "data"
DATA_SETTINGS = {
    "COOPREGIONS_REGIONS_FILE": str(DATA / "regions.toml"),
    "COOPREGIONS_ORGANIZATIONS_FILE": str(DATA / "organizations.toml"),
}
VENEZUELA_ARTICLE = """
    Title: Venezuelan Cooperatives
    Date: 2022-07-21
    Slug: venezuelan-cooperatives
    Regions: South America
    Countries: VE
    Organizations: Cecosesola

    Text.
    """


def with_venezuela(site_dir: Path) -> Path:
    write_article(site_dir / "content", "venezuela.md", VENEZUELA_ARTICLE)
    return site_dir


def section_links(site: Site, page: str) -> list[str]:
    soup: BeautifulSoup = site.html(page)
    found = soup.select_one("section.coopregions")
    assert found is not None
    return [str(a["href"]) for a in found.find_all("a", href=True)]


def pages_under(site: Site, folder: str) -> set[str]:
    return {path for path in site.files() if path.startswith(folder)}


# Loading the plugin ---------------------------------------------------------------------------


def test_plugins_setting_loads_the_plugin(site_dir: Path) -> None:
    with_venezuela(site_dir)
    pelican = Pelican(read_settings(override=settings_for(site_dir, **DATA_SETTINGS)))
    assert pelican.settings["PLUGINS"] == ["pelican_coopregions"]
    pelican.run()
    assert (site_dir / "output" / "regions" / "venezuela" / "index.html").is_file()


def test_namespace_module_is_discoverable() -> None:
    plugins = get_namespace_plugins()
    assert "pelican.plugins.coopregions" in plugins
    from pelican_coopregions.pelican.plugin import register

    assert plugins["pelican.plugins.coopregions"].register is register


def test_auto_discovery_when_plugins_is_unset(site_dir: Path) -> None:
    with_venezuela(site_dir)
    settings = settings_for(site_dir, **DATA_SETTINGS)
    del settings["PLUGINS"]
    # Every installed namespace plugin is found (i18n_subsites, sitemap and sphinxsearch too):
    # build_alone takes them off Pelican's signals afterwards. pelican-sphinxsearch reads
    # every article's author.
    settings["AUTHOR"] = "GEO Editors"
    assert "pelican.plugins.coopregions" in build_alone(settings)
    output = site_dir / "output"
    assert (output / "regions" / "venezuela" / "index.html").is_file()
    assert (output / "organizations" / "cecosesola" / "index.html").is_file()


def test_initialization_fills_in_url_defaults_and_paginated_templates(site_dir: Path) -> None:
    pelican = Pelican(
        read_settings(override=settings_for(site_dir, REGION_URL="places/{slug}.html"))
    )
    settings = pelican.settings
    assert settings["REGION_URL"] == "places/{slug}.html"  # the site's value is kept
    # The words of each page's language fill in {regions} and {organizations}.
    assert settings["REGION_SAVE_AS"] == "{regions}/{slug}/index.html"
    assert settings["REGIONS_URL"] == "{regions}/"
    assert settings["REGIONS_SAVE_AS"] == "{regions}/index.html"
    assert settings["REGION_LANG_URL"] == "{lang}/{regions}/{slug}/"
    assert settings["ORGANIZATION_URL"] == "{organizations}/{slug}/"
    assert settings["ORGANIZATION_SAVE_AS"] == "{organizations}/{slug}/index.html"
    assert settings["ORGANIZATIONS_URL"] == "{organizations}/"
    assert settings["ORGANIZATIONS_SAVE_AS"] == "{organizations}/index.html"
    assert settings["REGION_FEED_ATOM"] == "{regions}/{slug}/feed.atom.xml"
    assert settings["REGION_FEED_RSS"] is None
    assert settings["ORGANIZATION_FEED_ATOM"] == "{organizations}/{slug}/feed.atom.xml"
    assert {"region", "organization", "index", "category"} <= set(settings["PAGINATED_TEMPLATES"])


# Invalid settings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("COOPREGIONS_STRICT", "yes", ["COOPREGIONS_STRICT", "bool"]),
        ("COOPREGIONS_ROLLUP", 1, ["COOPREGIONS_ROLLUP"]),
        ("COOPREGIONS_INFER_FROM_ORGANIZATIONS", "false", ["COOPREGIONS_INFER_FROM_ORGANIZATIONS"]),
        ("COOPREGIONS_EMPTY_REGIONS", "all", ["COOPREGIONS_EMPTY_REGIONS", "'skip'", "'render'"]),
        ("COOPREGIONS_REGIONS_FILE", 5, ["COOPREGIONS_REGIONS_FILE"]),
        ("COOPREGIONS_ORGANIZATIONS_FILE", ["a.toml"], ["COOPREGIONS_ORGANIZATIONS_FILE"]),
        ("COOPREGIONS_ROLUP", False, ["COOPREGIONS_ROLUP", "COOPREGIONS_ROLLUP"]),
        ("COOPREGIONS_REGION_FILE", "x.toml", ["COOPREGIONS_REGION_FILE", "REGIONS_FILE"]),
        ("REGION_SAVE_AS", 5, ["REGION_SAVE_AS"]),
        ("ORGANIZATION_URL", ["a"], ["ORGANIZATION_URL"]),
        # A URL is put after "{SITEURL}/": with a leading slash, an empty SITEURL would give
        # "//regions/venezuela/", a link to a host called "regions".
        (
            "REGION_URL",
            "/regions/{slug}/",
            ["REGION_URL", "'/regions/{slug}/'", "'//regions/slug/'", "'{regions}/{slug}/'"],
        ),
        (
            "ORGANIZATION_YEAR_LANG_URL",
            "https://example.org/{lang}/{organizations}/{slug}/{year}/",
            [
                "ORGANIZATION_YEAR_LANG_URL",
                "doubled host",
                "'{lang}/{organizations}/{slug}/{year}/'",
            ],
        ),
        # Date patterns are written once at start: Babel refuses a field's width only then.
        ("COOPREGIONS_DATE_FORMAT", "d MMMMMMMMMM y", ["'MMMMMMMMMM'", "Babel"]),
        ("COOPREGIONS_DATE_FORMAT", {"es": "EEEEEEE d"}, ["'EEEEEEE'"]),
        ("COOPREGIONS_DATE_FORMAT", "d ggg y", ["'g'"]),
    ],
)
def test_a_bad_setting_stops_pelican_at_initialization(
    site_dir: Path, name: str, value: Any, words: list[str]
) -> None:
    with_venezuela(site_dir)
    settings = read_settings(override=settings_for(site_dir, **{name: value}))
    with pytest.raises(SettingsError) as caught:
        Pelican(settings)
    for word in words:
        assert word in str(caught.value)
    assert not (site_dir / "output").exists()


@pytest.mark.parametrize(
    ("setting", "value", "words"),
    [
        ("DATE_FORMATS", {"es": ("xx_XX.UTF-8", "%d %B")}, ["no locale 'xx_XX.UTF-8'"]),
        ("DATE_FORMATS", {"es": ["C", "%d %B"]}, ["a date format is a string"]),
        ("DATE_FORMATS", {"es": ("C",)}, ["two strings"]),
        ("DATE_FORMATS", {"es": 5}, ["a date format is a string"]),
        ("DEFAULT_DATE_FORMAT", "%d %B %", ["lone '%'"]),
    ],
)
def test_a_date_format_pelican_would_drop_articles_for_is_a_settings_error(
    site_dir: Path, setting: str, value: Any, words: list[str]
) -> None:
    """Pelican leaves out every article a bad format applies to, and the build succeeds."""
    with_venezuela(site_dir)
    overrides = settings_for(site_dir, COOPREGIONS_STRICT=True, **{setting: value})
    with pytest.raises(SettingsError) as caught:
        Pelican(read_settings(override=overrides))
    for word in [setting, "Could not process", *words]:
        assert word in str(caught.value)
    if setting == "DATE_FORMATS":  # (a bad default leaves no article for the plugin to see)
        # A site that names places but sets nothing of the plugin's: once its content is read.
        with pytest.raises(SettingsError):
            build(site_dir, **DATA_SETTINGS, **{setting: value})
        assert not (site_dir / "output" / "regions").exists()


def test_date_formats_pelican_can_use_are_fine(site_dir: Path) -> None:
    with_venezuela(site_dir)
    site = build(
        site_dir,
        **DATA_SETTINGS,
        DATE_FORMATS={"es": ("C", "%x"), "fr": "%d %B %Y", "Spanish": "%d"},
    )
    assert site.exists("regions/venezuela/index.html")


def test_missing_data_file_stops_the_build_naming_it(site_dir: Path) -> None:
    with_venezuela(site_dir)
    missing = site_dir / "data" / "nowhere.toml"
    with pytest.raises(DataFileError) as caught:
        build(site_dir, COOPREGIONS_REGIONS_FILE=str(missing))
    assert str(missing) in str(caught.value)


def test_bad_data_file_stops_the_build_naming_entry_and_field(site_dir: Path) -> None:
    with_venezuela(site_dir)
    bad = site_dir / "regions.toml"
    bad.write_text('[[region]]\nname = "Andes"\nparnet = "South America"\n', encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        build(site_dir, COOPREGIONS_REGIONS_FILE=str(bad))
    message = str(caught.value)
    assert str(bad) in message
    assert "'Andes'" in message
    assert "parnet" in message


# Data files relative to the settings file -----------------------------------------------------


CONF = """
PATH = "content"
OUTPUT_PATH = "output"
CACHE_PATH = "cache"
TIMEZONE = "UTC"
PLUGINS = ["pelican_coopregions"]
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
COOPREGIONS_REGIONS_FILE = "data/regions.toml"
COOPREGIONS_ORGANIZATIONS_FILE = "data/organizations.toml"
"""


@pytest.fixture
def conf_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A site with a settings file and relative data-file paths, built from another folder."""
    with_venezuela(site_dir)
    shutil.copytree(DATA, site_dir / "data")
    conf = site_dir / "coopregions_test_conf.py"
    conf.write_text(CONF, encoding="utf-8")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(elsewhere)
        yield conf
        patch.delitem(sys.modules, conf.stem, raising=False)


def latin_america_description(output: Path) -> str:
    page = BeautifulSoup(
        (output / "regions" / "latin-america" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    description = page.select_one("p.coopregions-description")
    assert description is not None
    return description.get_text(strip=True)


def test_relative_data_files_are_read_next_to_the_settings_file(conf_site: Path) -> None:
    Pelican(read_settings(str(conf_site))).run()
    output = conf_site.parent / "output"
    assert latin_america_description(output).startswith("From Venezuela's communes")
    assert (output / "organizations" / "cecosesola" / "index.html").is_file()


def test_relative_data_files_with_an_overridden_setting(conf_site: Path) -> None:
    Pelican(read_settings(str(conf_site), override={"COOPREGIONS_STRICT": False})).run()
    output = conf_site.parent / "output"
    assert latin_america_description(output).startswith("From Venezuela's communes")


# URL settings ---------------------------------------------------------------------------------


def test_custom_url_and_save_as_settings(site_dir: Path) -> None:
    with_venezuela(site_dir)
    site = build(
        site_dir,
        **DATA_SETTINGS,
        REGION_URL="places/{slug}.html",
        REGION_SAVE_AS="places/{slug}.html",
        REGIONS_URL="places/",
        REGIONS_SAVE_AS="places/index.html",
        ORGANIZATION_URL="coops/{slug}.html",
        ORGANIZATION_SAVE_AS="coops/{slug}.html",
        ORGANIZATIONS_URL="coops/",
        ORGANIZATIONS_SAVE_AS="coops/index.html",
        REGION_FEED_ATOM="feeds/places/{slug}.xml",
        ORGANIZATION_FEED_ATOM="feeds/coops/{slug}.xml",
        # Year pages have settings of their own, as feeds do.
        COOPREGIONS_YEAR_ARCHIVES="all",
        REGION_YEAR_URL="places/{slug}-{year}.html",
        REGION_YEAR_SAVE_AS="places/{slug}-{year}.html",
        ORGANIZATION_YEAR_URL="coops/{slug}-{year}.html",
        ORGANIZATION_YEAR_SAVE_AS="coops/{slug}-{year}.html",
    )
    assert {"places/venezuela.html", "places/world.html", "places/index.html"} <= site.files()
    assert {"places/venezuela-2022.html", "coops/cecosesola-2022.html"} <= site.files()
    assert {"coops/cecosesola.html", "coops/index.html", "coops/smart-belgium.html"} <= site.files()
    assert {"feeds/places/venezuela.xml", "feeds/coops/cecosesola.xml"} <= site.files()
    assert not pages_under(site, "regions/")
    assert not pages_under(site, "organizations/")
    assert "/places/venezuela.html" in section_links(site, "places/index.html")
    crumbs = section_links(site, "places/venezuela.html")
    assert crumbs[:2] == ["/places/world.html", "/places/americas.html"]
    assert "/places/venezuela.html" in section_links(site, "coops/cecosesola.html")
    assert "/coops/cecosesola.html" in section_links(site, "coops/index.html")


def test_region_regex_substitutions_shape_region_slugs_only(site_dir: Path) -> None:
    with_venezuela(site_dir)
    site = build(
        site_dir,
        **DATA_SETTINGS,
        REGION_REGEX_SUBSTITUTIONS=[
            (r"[^\w\s-]", ""),
            (r"(?u)\A\s*", ""),
            (r"(?u)\s*\Z", ""),
            (r"[-\s]+", "_"),
        ],
    )
    assert site.exists("regions/south_america/index.html")
    assert site.exists("regions/latin_america/index.html")
    assert not site.exists("regions/south-america/index.html")
    assert "/regions/latin_america/" in section_links(site, "regions/venezuela/index.html")
    assert "/regions/south_america/" in section_links(site, "regions/index.html")
    # Organizations keep the default substitutions.
    assert site.exists("organizations/coopcycle-argentina/index.html")


def test_slug_regex_substitutions_apply_when_no_specific_setting(site_dir: Path) -> None:
    with_venezuela(site_dir)
    site = build(
        site_dir,
        **DATA_SETTINGS,
        SLUG_REGEX_SUBSTITUTIONS=[
            (r"[^\w\s-]", ""),
            (r"(?u)\A\s*", ""),
            (r"(?u)\s*\Z", ""),
            (r"[-\s]+", "_"),
        ],
        ORGANIZATION_REGEX_SUBSTITUTIONS=[(r"[^\w\s-]", ""), (r"[-\s]+", "+")],
    )
    assert site.exists("regions/south_america/index.html")
    # A slug written in the data file is used as written: substitutions shape names only.
    assert site.exists("organizations/coopcycle-argentina/index.html")


def test_slugify_preserve_case_and_use_unicode(site_dir: Path) -> None:
    organizations = site_dir / "organizations.toml"
    organizations.write_text(
        '[[organization]]\nname = "Cooperativa Ñandú"\ncountry = "AR"\n',
        encoding="utf-8",
    )
    write_article(
        site_dir / "content",
        "nandu.md",
        """
        Title: Ñandú
        Date: 2024-01-01
        Organizations: Cooperativa Ñandú

        Text.
        """,
    )
    # The story names only the cooperative: listed under its country, Argentina, and so under
    # South America.
    infer = {"COOPREGIONS_INFER_FROM_ORGANIZATIONS": True}
    plain = build(site_dir, COOPREGIONS_ORGANIZATIONS_FILE=str(organizations), **infer)
    assert plain.exists("organizations/cooperativa-nandu/index.html")
    shutil.rmtree(site_dir / "output")
    cased = build(
        site_dir,
        COOPREGIONS_ORGANIZATIONS_FILE=str(organizations),
        SLUGIFY_PRESERVE_CASE=True,
        SLUGIFY_USE_UNICODE=True,
        **infer,
    )
    # A built-in place's English page keeps its fixed slug: it never follows its name.
    assert cased.exists("regions/south-america/index.html")
    assert cased.exists("organizations/Cooperativa-Ñandú/index.html")
    assert "/organizations/Cooperativa-Ñandú/" in section_links(cased, "organizations/index.html")


# Clashing and escaping output paths -----------------------------------------------------------


def test_two_organizations_with_one_output_path_stop_the_build(site_dir: Path) -> None:
    organizations = site_dir / "organizations.toml"
    organizations.write_text(
        textwrap.dedent(
            """
            [[organization]]
            name = "Cooperativa Sur"
            country = "AR"

            [[organization]]
            name = "Coop Sur"
            country = "PE"
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(CoopRegionsError) as caught:
        build(
            site_dir,
            COOPREGIONS_ORGANIZATIONS_FILE=str(organizations),
            # Both names now give the slug "coop-sur".
            ORGANIZATION_REGEX_SUBSTITUTIONS=[
                (r"\bcooperativa\b", "coop"),
                (r"[^\w\s-]", ""),
                (r"(?u)\A\s*", ""),
                (r"(?u)\s*\Z", ""),
                (r"[-\s]+", "-"),
            ],
        )
    message = str(caught.value)
    assert "'Cooperativa Sur'" in message
    assert "'Coop Sur'" in message
    assert "organizations/coop-sur/index.html" in message
    assert "ORGANIZATION_SAVE_AS" in message


def test_region_and_organization_with_one_output_path_stop_the_build(site_dir: Path) -> None:
    organizations = site_dir / "organizations.toml"
    organizations.write_text(
        '[[organization]]\nname = "Venezuela"\ncountry = "VE"\n',
        encoding="utf-8",
    )
    write_article(
        site_dir / "content",
        "ve.md",
        """
        Title: Venezuela
        Date: 2024-01-01
        Countries: VE

        Text.
        """,
    )
    with pytest.raises(CoopRegionsError) as caught:
        build(
            site_dir,
            COOPREGIONS_ORGANIZATIONS_FILE=str(organizations),
            ORGANIZATION_SAVE_AS="regions/{slug}/index.html",
        )
    message = str(caught.value)
    assert "region 'Venezuela'" in message
    assert "organization 'Venezuela'" in message
    assert "regions/venezuela/index.html" in message


def test_two_regions_with_one_output_path_stop_the_build(site_dir: Path) -> None:
    with_venezuela(site_dir)
    with pytest.raises(CoopRegionsError) as caught:
        build(site_dir, **DATA_SETTINGS, REGION_SAVE_AS="regions/{lang}.html")
    message = str(caught.value)
    # The first two region pages written (World, then Americas) name each other.
    assert "region 'World'" in message
    assert "region 'Americas'" in message
    assert "regions/en.html" in message


def test_explicit_data_file_slugs_name_pages(site_dir: Path) -> None:
    write_article(
        site_dir / "content",
        "smart.md",
        """
        Title: Smart
        Date: 2024-01-01
        Organizations: Smart, ICA

        Text.
        """,
    )
    site = build(site_dir, **DATA_SETTINGS)
    # slug = "smart-belgium" for "Smart", slug = "ica" for "International Cooperative Alliance"
    assert site.exists("organizations/smart-belgium/index.html")
    assert site.exists("organizations/ica/index.html")
    assert not site.exists("organizations/smart/index.html")
    assert "/organizations/smart-belgium/" in section_links(site, "organizations/index.html")


def test_a_written_slug_is_used_as_written_whatever_the_slug_settings(site_dir: Path) -> None:
    """``slug = "coop-x"`` puts the page at organizations/coop-x/, even with
    SLUGIFY_PRESERVE_CASE; ``slug = "l-olivera"`` for "L'Olivera" at organizations/l-olivera/."""
    organizations = site_dir / "organizations.toml"
    organizations.write_text(
        '[[organization]]\nslug = "coop-x"\nname = "Coop X"\ncountry = "AR"\n\n'
        '[[organization]]\nslug = "l-olivera"\nname = "L\'Olivera"\ncountry = "ES"\n\n'
        '[[organization]]\nname = "Coop Y"\ncountry = "AR"\n',
        encoding="utf-8",
    )
    write_article(site_dir / "content", "x.md", "Title: X\nDate: 2024-01-01\nCountries: AR\n\nX.\n")
    site = build(
        site_dir, COOPREGIONS_ORGANIZATIONS_FILE=str(organizations), SLUGIFY_PRESERVE_CASE=True
    )
    assert site.exists("organizations/coop-x/index.html")
    assert site.exists("organizations/l-olivera/index.html")
    assert site.exists("organizations/Coop-Y/index.html")  # no slug written: the settings apply
    links = section_links(site, "organizations/index.html")
    assert {"/organizations/coop-x/", "/organizations/l-olivera/"} <= set(links)


@pytest.mark.parametrize(
    ("name", "skipped"),
    [
        ("REGIONS_SAVE_AS", "regions/index.html"),
        ("REGION_SAVE_AS", "regions/venezuela/index.html"),
        ("ORGANIZATION_SAVE_AS", "organizations/cecosesola/index.html"),
    ],
)
def test_empty_save_as_switches_pages_off(site_dir: Path, name: str, skipped: str) -> None:
    with_venezuela(site_dir)
    site = build(site_dir, **DATA_SETTINGS, **{name: ""})
    assert not site.exists(skipped)
    assert site.exists("venezuelan-cooperatives.html")


def test_unknown_placeholder_in_a_url_setting_is_a_settings_error(site_dir: Path) -> None:
    with_venezuela(site_dir)
    settings = read_settings(
        override=settings_for(site_dir, **DATA_SETTINGS, REGION_SAVE_AS="regions/{slgu}.html")
    )
    with pytest.raises(SettingsError) as caught:
        Pelican(settings)
    assert "REGION_SAVE_AS" in str(caught.value)
    assert "slgu" in str(caught.value)


def files_outside(root: Path) -> set[str]:
    output = root / "output"
    return {
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and output not in path.parents
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REGION_SAVE_AS", "../{slug}.html"),
        ("REGION_SAVE_AS", "regions/../../{slug}/index.html"),
        ("REGION_FEED_ATOM", "../feeds/{slug}.xml"),
        ("REGIONS_SAVE_AS", "../regions.html"),
        ("ORGANIZATION_SAVE_AS", "../organizations/{slug}.html"),
        ("ORGANIZATIONS_SAVE_AS", "{output}/../organizations.html"),
        ("ORGANIZATION_FEED_ATOM", "/{output}/../{slug}.xml"),
    ],
)
def test_output_paths_outside_output_path_stop_the_build(
    site_dir: Path, name: str, value: str
) -> None:
    with_venezuela(site_dir)
    value = value.replace("{output}", str(site_dir / "output").lstrip("/"))
    if value.startswith(str(site_dir).lstrip("/")):
        value = "/" + value  # an absolute path
    before = files_outside(site_dir)
    with pytest.raises(SettingsError) as caught:
        build(site_dir, **DATA_SETTINGS, **{name: value})
    assert name in str(caught.value)
    assert "OUTPUT_PATH" in str(caught.value)
    assert files_outside(site_dir) == before
    assert not list(site_dir.parent.glob("*.html"))


@pytest.mark.parametrize("value", [-1, "many", 1.5])
def test_workers_is_a_number_or_auto(site_dir: Path, value: Any) -> None:
    with pytest.raises(SettingsError) as caught:
        Pelican(read_settings(override=settings_for(site_dir, COOPREGIONS_WORKERS=value)))
    assert "COOPREGIONS_WORKERS" in str(caught.value)
    for accepted in (0, 2, "auto"):
        settings = read_settings(override=settings_for(site_dir, COOPREGIONS_WORKERS=accepted))
        assert load_settings(settings).workers == accepted
