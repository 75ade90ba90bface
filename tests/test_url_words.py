"""URL words follow each page's language: ``regiones/`` is Spanish whether or not Spanish is
``DEFAULT_LANG``; a site can change them per language, and its own URL settings still win."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from conftest import FIXTURES, Site, build, settings_for, write_article
from pelican_coopregions.pelican.settings import SettingsError

BILINGUAL = FIXTURES / "sites" / "bilingual"

# Translations of the bilingual fixture's CoopCycle story into languages it lacks.
TRANSLATIONS = {
    "pt": "CoopCycle na Argentina",
    "fr": "CoopCycle en Argentine",
    "de": "CoopCycle in Argentinien",
}


def multilingual_site(root: Path, **overrides: object) -> Site:
    """The bilingual fixture (en, es) plus pt, fr and de versions of one story."""
    shutil.copytree(BILINGUAL, root, dirs_exist_ok=True)
    for lang, title in TRANSLATIONS.items():
        write_article(
            root / "content",
            f"coopcycle-argentina-{lang}.md",
            f"""\
            Title: {title}
            Date: 2022-05-23
            Slug: coopcycle-argentina
            Lang: {lang}

            CoopCycle.
            """,
        )
    return build(
        root,
        COOPREGIONS_REGIONS_FILE=str(root / "data" / "regions.toml"),
        COOPREGIONS_ORGANIZATIONS_FILE=str(root / "data" / "organizations.toml"),
        **overrides,
    )


@pytest.fixture(scope="module")
def spanish_first(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return multilingual_site(tmp_path_factory.mktemp("spanish-first"), DEFAULT_LANG="es")


def alternates(site: Site, page: str) -> dict[str, str]:
    """hreflang -> href of a page's alternate-language links."""
    return {
        str(link["hreflang"]): str(link["href"])
        for link in site.html(page).select("link[rel=alternate][hreflang]")
    }


def test_a_spanish_first_site_has_spanish_words_for_spanish_pages(spanish_first: Site) -> None:
    site = spanish_first
    assert alternates(site, "regiones/america-latina/index.html") == {
        "es": "/regiones/america-latina/",
        "de": "/de/regions/lateinamerika/",
        "en": "/en/regions/latin-america/",
        "fr": "/fr/regions/amerique-latine/",
        "pt": "/pt/regioes/america-latina/",
    }
    for lang, words in {
        "": ("regiones", "organizaciones"),
        "en/": ("regions", "organizations"),
        "pt/": ("regioes", "organizacoes"),
        "fr/": ("regions", "organisations"),
        "de/": ("regions", "organizations"),
    }.items():
        regions, organizations = words
        assert site.exists(f"{lang}{regions}/index.html")
        assert site.exists(f"{lang}{organizations}/index.html")
        assert site.exists(f"{lang}{organizations}/cecosesola/index.html")
    assert site.exists("regiones/america-latina/feed.atom.xml")
    assert site.exists("en/regions/latin-america/feed.atom.xml")
    assert site.exists("pt/regioes/america-latina/feed.atom.xml")
    assert site.exists("fr/organisations/coopcycle-argentina/feed.atom.xml")
    # No page of one language under another's words.
    written = {path.split("/")[0] for path in site.files()}
    assert not {"regions", "organizations"} & written
    assert not [path for path in site.files() if path.startswith(("en/regiones", "pt/regiones"))]


def test_links_between_pages_use_the_target_pages_words(spanish_first: Site) -> None:
    page = spanish_first.html("fr/organisations/coopcycle-argentina/index.html")
    country = page.select_one("dl.coopregions-profile dd a")
    assert country is not None
    assert country["href"] == "/fr/regions/argentine/"
    switcher = {a["hreflang"]: a["href"] for a in page.select("ul.coopregions-switcher a")}
    assert switcher["es"] == "/organizaciones/coopcycle-argentina/"
    assert switcher["pt"] == "/pt/organizacoes/coopcycle-argentina/"


def test_a_language_without_words_of_its_own_says_it_uses_english_ones(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="pelican_coopregions"):
        site = multilingual_site(tmp_path)
    assert site.exists("de/regions/lateinamerika/index.html")
    said = [r.getMessage() for r in caplog.records if "no URL words for" in r.getMessage()]
    assert said == [
        "pelican-coopregions has no URL words for 'de': its pages use the English ones "
        "({regions} = 'regions', {organizations} = 'organizations'); set "
        "COOPREGIONS_URL_WORDS to choose them"
    ]
    assert all(r.levelno == logging.INFO for r in caplog.records if "URL words" in r.message)


def test_url_words_per_language_from_the_settings(tmp_path: Path) -> None:
    site = multilingual_site(
        tmp_path,
        COOPREGIONS_URL_WORDS={
            "de": {"regions": "regionen", "organizations": "organisationen"},
            "pt_BR": {"regions": "lugares"},  # read as pt-BR; serves pt-BR pages only
            "pt": {"organizations": "cooperativas"},
            "en": {"organizations": "coops"},
        },
    )
    assert site.exists("de/regionen/lateinamerika/index.html")
    assert site.exists("de/organisationen/cecosesola/index.html")
    # pt pages: the site's pt word, else the built-in pt word (pt-BR's is not pt's).
    assert site.exists("pt/regioes/america-latina/index.html")
    assert site.exists("pt/cooperativas/cecosesola/index.html")
    # en: the site's organizations word; the built-in regions word.
    assert site.exists("coops/cecosesola/index.html")
    assert site.exists("regions/latin-america/index.html")
    # Languages the setting leaves out keep their built-in words.
    assert site.exists("es/regiones/america-latina/index.html")
    assert site.exists("fr/organisations/index.html")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ({}, "pt-BR/regioes/brasil/index.html"),  # pt's built-in words serve pt-BR
        ({"pt": {"regions": "lugares"}}, "pt-BR/lugares/brasil/index.html"),
        ({"pt-BR": {"regions": "regioes-br"}}, "pt-BR/regioes-br/brasil/index.html"),
    ],
)
def test_a_regional_language_uses_its_base_languages_words(
    tmp_path: Path, words: dict[str, dict[str, str]], expected: str
) -> None:
    write_article(
        tmp_path / "content",
        "brasil.md",
        """\
        Title: Cooperativas no Brasil
        Date: 2022-05-23
        Lang: pt_BR
        Countries: Brazil

        Texto.
        """,
    )
    site = build(tmp_path, COOPREGIONS_URL_WORDS=words)
    assert site.exists(expected)
    assert site.exists("regions/brazil/index.html")  # English, the default language


def test_url_settings_written_by_the_site_keep_their_words(tmp_path: Path) -> None:
    """A site that wrote the words into its own settings (as the docs once advised) keeps
    exactly those paths: a literal word is not replaced."""
    site = multilingual_site(
        tmp_path,
        REGION_LANG_URL="{lang}/regiones/{slug}/",
        REGION_LANG_SAVE_AS="{lang}/regiones/{slug}/index.html",
        REGION_URL="places/{slug}/",
        REGION_SAVE_AS="places/{slug}/index.html",
    )
    assert site.exists("places/latin-america/index.html")
    assert site.exists("pt/regiones/america-latina/index.html")
    assert site.exists("fr/regiones/amerique-latine/index.html")
    # Settings left alone use the words of each language.
    assert site.exists("pt/regioes/index.html")
    assert site.exists("fr/organisations/cecosesola/index.html")


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ({"pt": {"regions": "a/b"}}, "'a/b' cannot be a URL word"),
        ({"pt": {"regions": "lugares de"}}, "'lugares de' cannot be a URL word"),
        ({"pt": {"regions": ".."}}, "'..' cannot be a URL word"),
        ({"pt": {"regions": ""}}, "'' cannot be a URL word"),
        ({"xx": {"regions": "regions"}}, "'xx' is not a language CLDR knows"),
        ({"pt": {"places": "lugares"}}, "COOPREGIONS_URL_WORDS"),
        ({"pt": {"regions": "x"}, "PT": {"regions": "y"}}, "names the same language"),
        ({"pt": "regioes"}, "COOPREGIONS_URL_WORDS"),
    ],
)
def test_bad_url_words_stop_the_build_at_start(site_dir: Path, words: object, message: str) -> None:
    with pytest.raises(SettingsError, match="COOPREGIONS_URL_WORDS") as error:
        Pelican(read_settings(override=settings_for(site_dir, COOPREGIONS_URL_WORDS=words)))
    assert message in str(error.value)


def test_url_settings_may_use_the_words_anywhere(tmp_path: Path) -> None:
    write_article(
        tmp_path / "content",
        "peru.md",
        """\
        Title: Cooperativas en el Perú
        Date: 2022-05-24
        Lang: es
        Countries: Peru

        Texto.
        """,
    )
    site = build(
        tmp_path,
        COOPREGIONS_LANGUAGES=["en", "es"],
        REGION_LANG_URL="{lang}/news/{regions}-{slug}.html",
        REGION_LANG_SAVE_AS="{lang}/news/{regions}-{slug}.html",
    )
    assert site.exists("es/news/regiones-peru.html")


def test_an_unknown_placeholder_in_a_url_setting_names_the_allowed_ones(site_dir: Path) -> None:
    with pytest.raises(SettingsError) as error:
        Pelican(read_settings(override=settings_for(site_dir, REGION_URL="{region}/{slug}/")))
    assert "REGION_URL" in str(error.value)
    assert "{lang} and {regions} and {organizations} and {slug}" in str(error.value)
