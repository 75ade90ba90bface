"""Full builds: the names an article may use do not depend on the other articles' languages.

Names in the shipped languages (English, Spanish, Portuguese, French) are always accepted;
names in any other language once the site has content in it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from conftest import Site, build, write_article

PLACES = {
    "brazil": "Brasil",
    "spain": "España",
    "germany": "Alemania",
    "japan": "Japón",
    "myanmar": "Burma",
    "united-states": "EE. UU.",
    "united-kingdom": "UK",
    "netherlands": "Holland",
    "iran": "Irão",
    "switzerland": "Suisse",
}
REGIONS = {"latin-america": "América Latina", "north-america": "América del Norte"}

ENGLISH = f"""
Title: Cooperatives Everywhere
Date: 2023-02-16
Slug: everywhere
Countries: {"; ".join(PLACES.values())}
Regions: {"; ".join(REGIONS.values())}

Written in English, naming places the way people write them.
"""


def other_article(lang: str) -> str:
    return f"Title: Other {lang}\nDate: 2023-01-01\nSlug: other-{lang}\nLang: {lang}\n\nText.\n"


def listed(site: Site, page: str) -> list[str]:
    return [a.get_text() for a in site.html(page).select("article.coopregions-entry h3 a")]


def pages_listing_the_article(site: Site) -> set[str]:
    return {
        path
        for path in site.files()
        if path.startswith("regions/")
        and path.endswith("/index.html")
        and path != "regions/index.html"
        and "Cooperatives Everywhere" in listed(site, path)
    }


@pytest.mark.parametrize("others", [(), ("es",), ("fr", "pt")], ids=["alone", "es", "fr-pt"])
def test_english_and_spanish_names_pass_a_strict_build_whatever_else_is_there(
    tmp_path: Path, others: tuple[str, ...]
) -> None:
    (tmp_path / "content").mkdir()
    write_article(tmp_path / "content", "everywhere.md", ENGLISH)
    for lang in others:
        write_article(tmp_path / "content", f"other-{lang}.md", other_article(lang))
    site = build(tmp_path)  # strict by default: any unknown name fails the build
    expected = {f"regions/{slug}/index.html" for slug in (*PLACES, *REGIONS)}
    assert expected <= pages_listing_the_article(site)
    # People's names for pages, slugs fixed in the data.
    heading = site.html("regions/myanmar/index.html").select_one("section.coopregions h1")
    assert heading is not None and heading.get_text() == "Myanmar"
    if "es" in others:
        spanish = site.html("es/regiones/myanmar/index.html").select_one("section.coopregions h1")
        assert spanish is not None and spanish.get_text() == "Myanmar"


def test_other_languages_names_are_accepted_when_the_site_has_that_language(
    tmp_path: Path,
) -> None:
    german = (
        "Title: Deutschland\nDate: 2023-02-16\nSlug: deutschland\nCountries: Deutschland; Peru\n"
        "\nText.\n"
    )

    def germany(root: Path, *others: str) -> list[str]:
        (root / "content").mkdir(parents=True)
        write_article(root / "content", "deutschland.md", german)
        for lang in others:
            write_article(root / "content", f"other-{lang}.md", other_article(lang))
        site = build(root, COOPREGIONS_STRICT=False)
        assert listed(site, "regions/peru/index.html") == ["Deutschland"]
        return (
            listed(site, "regions/germany/index.html")
            if site.exists("regions/germany/index.html")
            else []
        )

    assert germany(tmp_path / "english-only") == []
    assert germany(tmp_path / "with-german", "de") == ["Deutschland"]


def test_renaming_a_place_moves_its_pages_and_says_so_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The Spanish page of Latin America has the slug fixed in the package; a regions file
    that renames it in Spanish moves it, and the build log says so once."""
    (tmp_path / "content").mkdir()
    for lang in ("en", "es"):
        write_article(
            tmp_path / "content",
            f"coops-{lang}.md",
            f"Title: Coops {lang}\nDate: 2023-02-16\nSlug: coops\nLang: {lang}\n"
            "Regions: Latin America\n\nText.\n",
        )
    plain = build(tmp_path)
    assert plain.exists("es/regiones/latinoamerica/index.html")
    regions = tmp_path / "regions.toml"
    regions.write_text(
        '[[region]]\nextends = "Latin America"\nname.es = "América Latina"\n', encoding="utf-8"
    )
    with caplog.at_level(logging.INFO, logger="pelican_coopregions"):
        renamed = build(
            tmp_path, COOPREGIONS_REGIONS_FILE=str(regions), DELETE_OUTPUT_DIRECTORY=True
        )
    assert renamed.exists("es/regiones/america-latina/index.html")
    assert not renamed.exists("es/regiones/latinoamerica/index.html")
    assert renamed.exists("regions/latin-america/index.html")  # English keeps its slug
    moves = [r.getMessage() for r in caplog.records if "pages move" in r.getMessage()]
    assert moves == [
        f"{regions}: region entry 1 ('América Latina'), which extends built-in region 'Latin "
        "America': its name in es is now 'América Latina', so its es pages move from the slug "
        "'latinoamerica' to 'america-latina'"
    ]
