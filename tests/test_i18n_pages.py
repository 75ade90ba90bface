"""English and Spanish pages: Babel dates, Spanish names and UI strings, language links."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date as babel_format_date
from bs4 import BeautifulSoup

from conftest import FIXTURES, Site, build, build_in_fresh_python, settings_for, write_article

BILINGUAL = FIXTURES / "sites" / "bilingual"


def bilingual_site(root: Path, **overrides: object) -> Site:
    shutil.copytree(BILINGUAL, root, dirs_exist_ok=True)
    settings = {
        "COOPREGIONS_REGIONS_FILE": str(root / "data" / "regions.toml"),
        "COOPREGIONS_ORGANIZATIONS_FILE": str(root / "data" / "organizations.toml"),
    }
    settings.update(overrides)
    return build(root, **settings)


def entries(page: BeautifulSoup) -> list[tuple[str, str, str, str | None]]:
    """(datetime attribute, shown date, title, lang attribute) per listed article."""
    return [
        (
            str(item.time["datetime"]),
            item.time.get_text(strip=True),
            item.h3.a.get_text(strip=True),
            item.get("lang"),
        )
        for item in page.select("article.coopregions-entry")
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return bilingual_site(tmp_path_factory.mktemp("bilingual"))


def test_spanish_region_page_is_fully_spanish(site: Site) -> None:
    page = site.html("es/regiones/america-latina/index.html")
    assert page.html["lang"] == "es"
    assert page.select_one("section.coopregions h1").get_text(strip=True) == "América Latina"
    assert page.select_one("h2.coopregions-articles-heading").get_text() == "Artículos"
    crumbs = [li.get_text(strip=True) for li in page.select("nav[aria-label] ol li")]
    assert crumbs == ["Mundo", "América"]
    shown = entries(page)
    assert [title for _, _, title, _ in shown] == [
        "Construyendo, aquí y ahora, el mundo que anhelamos",
        "CoopCycle en Argentina",
        "Finanzas cooperativas en Haití y Granada",
        "La nueva legislación cooperativa de Cuba",
    ]
    for iso, shown_date, _, lang in shown:
        expected = babel_format_date(date.fromisoformat(iso), format="long", locale="es")
        assert shown_date == expected
        assert lang is None  # every entry is in Spanish: no language label needed


def test_seed_dates_golden_strings(site: Site) -> None:
    english = entries(site.html("regions/latin-america/index.html"))
    spanish = entries(site.html("es/regiones/america-latina/index.html"))
    assert english[0][:2] == ("2023-02-16", "February 16, 2023")
    assert spanish[0][:2] == ("2023-02-16", "16 de febrero de 2023")
    assert english[-1][:2] == ("2021-11-29", "November 29, 2021")
    assert spanish[-1][:2] == ("2021-11-29", "29 de noviembre de 2021")


def test_untranslated_articles_fall_back_with_a_label(site: Site) -> None:
    spanish = site.html("es/regiones/europa-occidental/index.html")
    (entry,) = spanish.select("article.coopregions-entry")
    assert entry["lang"] == "en"
    assert entry.select_one(".coopregions-lang").get_text(strip=True) == "inglés"
    english = site.html("regions/southern-europe/index.html")
    (only_spanish,) = english.select("article.coopregions-entry")
    assert only_spanish["lang"] == "es"
    assert only_spanish.select_one(".coopregions-lang").get_text(strip=True) == "Spanish"


def test_spanish_only_article_is_on_spanish_pages(site: Site) -> None:
    page = site.html("es/regiones/europa-meridional/index.html")
    assert [title for _, _, title, _ in entries(page)] == [
        "Som Energia, una década de energía renovable en manos de sus socios"
    ]


def test_skip_fallback_leaves_untranslated_articles_out(tmp_path: Path) -> None:
    site = bilingual_site(tmp_path, COOPREGIONS_TRANSLATION_FALLBACK="skip")
    assert not site.exists("es/regiones/europa-occidental/index.html")
    spanish = entries(site.html("es/regiones/america-latina/index.html"))
    assert all(lang is None for *_, lang in spanish)


def test_hreflang_links_and_switcher_stay_on_the_region(site: Site) -> None:
    english = site.html("regions/latin-america/index.html")
    links = {link["hreflang"]: link["href"] for link in english.select("link[hreflang]")}
    assert links == {
        "en": "/regions/latin-america/",
        "es": "/es/regiones/america-latina/",
    }
    switch = english.select_one("ul.coopregions-switcher a[hreflang=es]")
    assert switch["href"] == "/es/regiones/america-latina/"
    spanish = site.html("es/regiones/america-latina/index.html")
    back = spanish.select_one("ul.coopregions-switcher a[hreflang=en]")
    assert back["href"] == "/regions/latin-america/"


def test_spanish_organization_page(site: Site) -> None:
    page = site.html("es/organizaciones/cecosesola/index.html")
    labels = [dt.get_text(strip=True) for dt in page.select("dl.coopregions-profile dt")]
    assert labels[:2] == ["País", "Fundación"]
    country = page.select_one("dl.coopregions-profile dd a")
    assert country.get_text() == "Venezuela"
    assert country["href"] == "/es/regiones/venezuela/"


def feed_links(page: BeautifulSoup) -> list[tuple[str, str]]:
    return [(a.get_text(), str(a["type"])) for a in page.select(".coopregions-feeds a")]


def test_feed_links_are_worded_in_the_pages_language(site: Site, tmp_path: Path) -> None:
    atom = "application/atom+xml"
    assert feed_links(site.html("regions/latin-america/index.html")) == [("Atom feed", atom)]
    assert feed_links(site.html("es/regiones/america-latina/index.html")) == [("Canal Atom", atom)]
    assert feed_links(site.html("es/organizaciones/cecosesola/index.html")) == [
        ("Canal Atom", atom)
    ]
    with_rss = bilingual_site(
        tmp_path,
        REGION_FEED_RSS="{regions}/{slug}/feed.rss.xml",
        REGION_LANG_FEED_RSS="{lang}/{regions}/{slug}/feed.rss.xml",
    )
    rss = "application/rss+xml"
    page = with_rss.html("regions/latin-america/index.html")
    assert feed_links(page) == [("Atom feed", atom), ("RSS feed", rss)]
    page = with_rss.html("es/regiones/america-latina/index.html")
    assert feed_links(page) == [("Canal Atom", atom), ("Canal RSS", rss)]
    assert with_rss.exists("es/regiones/america-latina/feed.rss.xml")


def test_spanish_indexes_are_sorted_and_translated(site: Site) -> None:
    page = site.html("es/regiones/index.html")
    assert page.select_one("section.coopregions h1").get_text() == "Regiones"
    counts = [span.get_text() for span in page.select(".coopregions-count")]
    assert "(1 artículo)" in counts
    assert any(text.endswith("artículos)") for text in counts)
    organizations = site.html("es/organizaciones/index.html")
    assert organizations.select_one("section.coopregions h1").get_text() == "Organizaciones"


def test_article_locale_date_keeps_the_site_format_with_cldr_words(site: Site) -> None:
    # No COOPREGIONS_DATE_FORMAT: Pelican's DEFAULT_DATE_FORMAT "%a %d %B %Y", Spanish words.
    spanish_article = site.html("building-here-and-now-es.html")
    published = spanish_article.select_one("abbr.published")
    assert published is not None
    expected = babel_format_date(date(2023, 2, 16), "EEE dd MMMM y", locale="es")
    assert expected == "jue 16 febrero 2023"
    assert published.get_text(strip=True) == f"Published: {expected}"


def test_article_locale_date_follows_coopregions_date_format(tmp_path: Path) -> None:
    site = bilingual_site(tmp_path, COOPREGIONS_DATE_FORMAT="long")
    published = site.html("building-here-and-now-es.html").select_one("abbr.published")
    assert published.get_text(strip=True) == "Published: 16 de febrero de 2023"
    english = site.html("building-here-and-now.html").select_one("abbr.published")
    assert english.get_text(strip=True) == "Published: February 16, 2023"


def test_custom_date_format_per_language(tmp_path: Path) -> None:
    site = bilingual_site(
        tmp_path, COOPREGIONS_DATE_FORMAT={"en": "medium", "es": "d 'de' MMMM 'de' y"}
    )
    assert entries(site.html("regions/latin-america/index.html"))[0][1] == "Feb 16, 2023"
    assert entries(site.html("es/regiones/america-latina/index.html"))[0][1] == (
        "16 de febrero de 2023"
    )


def _build_in_process(root: Path, output: Path, env: dict[str, str]) -> dict[str, bytes]:
    settings = settings_for(
        root,
        OUTPUT_PATH=str(output),
        COOPREGIONS_REGIONS_FILE=str(root / "data" / "regions.toml"),
        COOPREGIONS_ORGANIZATIONS_FILE=str(root / "data" / "organizations.toml"),
    )
    build_in_fresh_python(settings, env)
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_output_is_identical_under_any_tz_and_the_c_locale(tmp_path: Path) -> None:
    shutil.copytree(BILINGUAL, tmp_path / "site")
    builds = {
        tz: _build_in_process(tmp_path / "site", tmp_path / tz.replace("/", "-"), env)
        for tz, env in {
            "UTC": {"TZ": "UTC", "LC_ALL": "C", "LANG": "C"},
            "Pacific/Kiritimati": {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C"},
            "America/Caracas": {"TZ": "America/Caracas", "LC_ALL": "C.UTF-8"},
        }.items()
    }
    reference = builds.pop("UTC")
    assert "es/regiones/america-latina/index.html" in reference
    for tz, files in builds.items():
        assert files.keys() == reference.keys(), tz
        different = [name for name in files if files[name] != reference[name]]
        assert different == [], f"{tz}: {different}"
    page = BeautifulSoup(reference["es/regiones/america-latina/index.html"], "html.parser")
    assert entries(page)[0][1] == "16 de febrero de 2023"


@pytest.mark.parametrize("timezone", ["Pacific/Kiritimati", "America/Caracas", "Etc/GMT+12"])
def test_date_only_articles_keep_their_day_whatever_timezone(tmp_path: Path, timezone: str) -> None:
    site = bilingual_site(tmp_path, TIMEZONE=timezone)
    first = entries(site.html("regions/latin-america/index.html"))[0]
    assert first[:2] == ("2023-02-16", "February 16, 2023")


LATIN_AMERICA = {
    "en": ("regions/latin-america/", "Latin America – page 2"),
    "es": ("es/regiones/america-latina/", "América Latina – página 2"),
    "pt": ("pt/regioes/america-latina/", "América Latina – página 2"),
    "fr": ("fr/regions/amerique-latine/", "Amérique latine – page 2"),
}


@pytest.mark.parametrize(
    ("languages", "fallback"), [(["en", "es", "pt", "fr"], "original"), (["en", "es"], "skip")]
)
def test_each_page_of_a_listing_has_its_own_title_canonical_and_hreflang(
    tmp_path: Path, languages: list[str], fallback: str
) -> None:
    """Page n: "Latin America – page 2" in each page's language (the plugin's catalogs), its
    own canonical URL, and hreflang links to page n in each language whose listing has one
    (fewer Spanish pages when an English story has no translation and is left out)."""
    write_article(
        tmp_path / "content",
        "english-only.md",
        "Title: English only\nDate: 2020-01-01\nRegions: Latin America\n\nText.\n",
    )
    site = bilingual_site(
        tmp_path,
        DEFAULT_PAGINATION=1,
        COOPREGIONS_LANGUAGES=languages,
        COOPREGIONS_TRANSLATION_FALLBACK=fallback,
    )

    def file(url: str) -> str:
        return url if url.endswith(".html") else url + "index.html"

    written = {
        lang: [
            url
            for url in [base] + [f"{base}index{n}.html" for n in range(2, 20)]
            if site.exists(file(url))
        ]
        for lang, (base, _) in LATIN_AMERICA.items()
        if lang in languages
    }
    counts = {len(urls) for urls in written.values()}
    assert min(counts) >= 2
    assert (len(counts) > 1) is (fallback == "skip")
    for lang, urls in written.items():
        for number, url in enumerate(urls, start=1):
            page = site.html(file(url))
            title = page.find("title")
            assert title is not None
            shown = title.get_text()
            if number == 2:
                assert shown.startswith(LATIN_AMERICA[lang][1] + " - "), shown
            assert (" – " in shown) is (number > 1), shown
            assert [link["href"] for link in page.select("link[rel=canonical]")] == ["/" + url]
            hreflang = {link["hreflang"]: link["href"] for link in page.select("link[hreflang]")}
            assert hreflang == {
                other: "/" + pages[number - 1]
                for other, pages in written.items()
                if len(pages) >= number
            }, url
