"""Real-world language codes, built as real sites with and without the plugin.

What sites write in ``Lang`` and ``DEFAULT_LANG``, seen on published Pelican blogs: a typo that
swallowed the next line (``es  ernet de las cosas``), POSIX names (``pt_BR``,
``es_ES.UTF-8``), languages CLDR has no data for (Yucatec Maya, ``yua``), words, lists,
numbers and nothing at all. Pelican publishes every one of these; so must the plugin, listing
and dating the ones CLDR does not know in the site's fallback language.
"""

from __future__ import annotations

import json
import logging
import sys
import textwrap
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from conftest import FIXTURES, Site, build
from pelican_coopregions.cli import main
from pelican_coopregions.core.errors import DataFileError
from pelican_coopregions.pelican.failure import CoopRegionsError
from pelican_coopregions.pelican.settings import SettingsError, load_settings, page_languages
from realworld.language_sites import (
    Builds,
    article,
    article_file,
    assert_publishes_what_pelican_publishes,
    build_both,
    hreflangs,
    listed_dates,
    listed_titles,
    published_text,
    write,
)

UNKNOWN = "is not a language CLDR knows"


def language_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING and UNKNOWN in record.getMessage()
    ]


# A Spanish blog with every kind of Lang ------------------------------------------------------

SPANISH_BLOG = [
    # The real post: the title's second line ended up in the Lang field.
    article("internet.md", "Internet de las cosas", "2021-03-04",
            Lang="es  ernet de las cosas", Countries="AR"),
    article("hola.md", "Hola", Lang="es", Countries="AR"),
    article("brasil.md", "Cooperativas no Brasil", "2022-05-01", Lang="pt_BR", Countries="AR"),
    article("espana.md", "Cooperativas en España", "2022-06-01",
            Lang="es_ES.UTF-8", Countries="AR"),
    article("maya.md", "U miatsil kool", "2020-01-10", Lang="yua", Countries="AR"),
    article("words.md", "Words", "2020-02-01", Lang="Spanish", Countries="AR"),
    article("lista.md", "Lista", "2020-03-01", Lang="es,en", Countries="AR"),
    article("vacio.md", "Vacío", "2020-04-01", Lang="", Countries="AR"),
    article("numero.md", "Número", "2020-05-01", Lang="42", Countries="AR"),
    article("posix.md", "Posix", "2020-06-01", Lang="C", Countries="AR"),
]  # fmt: skip
UNKNOWN_FILES = {
    "internet.md": "es  ernet de las cosas",
    "maya.md": "yua",
    "words.md": "Spanish",
    "lista.md": "es,en",
    "vacio.md": "",
    "numero.md": "42",
    "posix.md": "C",
}


@pytest.fixture(scope="module")
def spanish_blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Builds, list[str]]:
    root = tmp_path_factory.mktemp("spanish-blog")
    write(root, SPANISH_BLOG)
    handler = _Collect()
    logging.getLogger("pelican_coopregions").addHandler(handler)
    try:
        builds = build_both(root, DEFAULT_LANG="es")
    finally:
        logging.getLogger("pelican_coopregions").removeHandler(handler)
    return builds, handler.messages


class _Collect(logging.Handler):
    """Module-scoped fixtures cannot use caplog: collect the plugin's messages by hand."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_every_article_of_the_spanish_blog_is_published(
    spanish_blog: tuple[Builds, list[str]],
) -> None:
    builds, _ = spanish_blog
    assert_publishes_what_pelican_publishes(builds)
    for title in _titles(SPANISH_BLOG):
        assert builds.site.exists(article_file(builds, title)), title


def test_only_languages_cldr_knows_get_pages(spanish_blog: tuple[Builds, list[str]]) -> None:
    builds, _ = spanish_blog
    assert builds.language_folders() == {"pt-BR", "es-ES"}
    page = builds.site.html("regiones/argentina/index.html")
    assert page.html["lang"] == "es"
    assert hreflangs(page) == {"es", "pt-BR", "es-ES"}
    brazil = builds.site.html("pt-BR/regioes/argentina/index.html")
    assert brazil.html["lang"] == "pt-BR"
    assert hreflangs(brazil) == {"es", "pt-BR", "es-ES"}


def test_unknown_languages_are_listed_and_dated_in_the_fallback(
    spanish_blog: tuple[Builds, list[str]],
) -> None:
    builds, _ = spanish_blog
    page = builds.site.html("regiones/argentina/index.html")
    titles = listed_titles(page)
    assert sorted(titles) == sorted(title for title in _titles(SPANISH_BLOG))
    assert len(titles) == len(set(titles))
    dates = listed_dates(page)
    assert dates["Internet de las cosas"] == "4 de marzo de 2021"
    assert dates["U miatsil kool"] == "10 de enero de 2020"
    # Counted as Spanish: no language label on the Spanish page.
    labelled = {
        entry.h3.a.get_text(strip=True): entry.select_one(".coopregions-lang").get_text()
        for entry in page.select("article.coopregions-entry")
        if entry.select_one(".coopregions-lang")
    }
    assert labelled == {
        "Cooperativas no Brasil": "portugués (Brasil)",
        "Cooperativas en España": "español (España)",
    }
    jsonld = json.loads(page.select_one('script[type="application/ld+json"]').string)
    in_language = {
        item["item"]["name"]: item["item"]["inLanguage"]
        for item in jsonld["mainEntity"]["itemListElement"]
    }
    assert in_language["Internet de las cosas"] == "es"
    assert in_language["Cooperativas no Brasil"] == "pt-BR"


def test_unknown_languages_keep_their_pelican_page_with_fallback_dates(
    spanish_blog: tuple[Builds, list[str]],
) -> None:
    builds, _ = spanish_blog
    path = article_file(builds, "Internet de las cosas")
    assert "es  ernet de las cosas" in path  # Pelican's ARTICLE_LANG_SAVE_AS, untouched
    # Pelican's DEFAULT_DATE_FORMAT "%a %d %B %Y" with Spanish words from CLDR.
    assert published_text(builds.site.html(path)) == "jue 04 marzo 2021"
    maya = article_file(builds, "U miatsil kool")
    assert published_text(builds.site.html(maya)) == "vie 10 enero 2020"
    brazil = article_file(builds, "Cooperativas no Brasil")
    assert published_text(builds.site.html(brazil)) == "dom. 01 maio 2022"


def test_one_warning_per_article_names_file_and_value(
    spanish_blog: tuple[Builds, list[str]],
) -> None:
    _, messages = spanish_blog
    warnings = [message for message in messages if UNKNOWN in message]
    assert len(warnings) == len(UNKNOWN_FILES)
    for name, value in UNKNOWN_FILES.items():
        (warning,) = [w for w in warnings if f"/{name}:" in w]
        assert f"Lang {value!r}" in warning
        assert "'es'" in warning  # the fallback it counts as


def _titles(articles: list[tuple[str, str]]) -> list[str]:
    return [text.split("\n", 1)[0].removeprefix("Title: ") for _, text in articles]


# DEFAULT_LANG as POSIX and BCP 47 ---------------------------------------------------------


def test_a_brazilian_site_publishes_its_articles_and_region_pages(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(
        tmp_path,
        [
            article("um.md", "Cooperativas de catadores", Countries="BR"),
            article("dois.md", "Economia solidária", "2022-11-03", Countries="BR"),
            article("tres.md", "Solidarity economy", "2022-11-04", Lang="en", Countries="BR"),
        ],
    )
    builds = build_both(tmp_path, DEFAULT_LANG="pt_BR")
    assert_publishes_what_pelican_publishes(builds)
    page = builds.site.html("regioes/brasil/index.html")
    assert page.html["lang"] == "pt-BR"
    assert listed_titles(page) == [
        "Cooperativas de catadores",
        "Solidarity economy",
        "Economia solidária",
    ]
    assert listed_dates(page)["Cooperativas de catadores"] == "16 de fevereiro de 2023"
    assert hreflangs(page) == {"pt-BR", "en"}
    english = builds.site.html("en/regions/brazil/index.html")
    assert english.html["lang"] == "en"
    assert listed_dates(english)["Solidarity economy"] == "November 4, 2022"
    assert builds.language_folders() == {"en"}
    assert language_warnings(caplog) == []


@pytest.mark.parametrize(
    ("default_lang", "written", "page_lang", "world"),
    [
        ("es_ES.UTF-8", "es-es", "es-ES", "regiones/mundo"),
        ("pt-br", "pt_BR", "pt-BR", "regioes/mundo"),
        ("EN", "en_US.utf8", "en", "regions/world"),
    ],
)
def test_default_lang_spellings_name_one_language(
    tmp_path: Path, default_lang: str, written: str, page_lang: str, world: str
) -> None:
    write(
        tmp_path,
        [
            article("a.md", "Inherits DEFAULT_LANG", Countries="VE"),
            article("b.md", "Written another way", Lang=written, Countries="VE"),
        ],
    )
    builds = build_both(tmp_path, DEFAULT_LANG=default_lang)
    assert_publishes_what_pelican_publishes(builds)
    page = builds.site.html(f"{world}/index.html")
    assert page.html["lang"] == page_lang
    titles = listed_titles(page)
    assert sorted(titles) == ["Inherits DEFAULT_LANG", "Written another way"]
    # en_US is a language of its own (en-US), listed on English pages by fallback.
    assert builds.language_folders() == ({"en-US"} if written == "en_US.utf8" else set())


def test_unknown_default_lang_falls_back_to_english_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(
        tmp_path,
        [
            article("a.md", "Inherits", Countries="VE"),
            article("b.md", "Written", Lang="Klingon", Countries="VE"),
            article("c.md", "Spanish", Lang="es", Countries="VE"),
        ],
    )
    builds = build_both(tmp_path, DEFAULT_LANG="tlh")
    assert_publishes_what_pelican_publishes(builds)
    page = builds.site.html("regions/venezuela/index.html")
    assert page.html["lang"] == "en"
    assert listed_dates(page)["Inherits"] == "February 16, 2023"
    assert builds.language_folders() == {"es"}
    warnings = language_warnings(caplog)
    assert len(warnings) == 2  # DEFAULT_LANG once, b.md once; a.md inherits DEFAULT_LANG
    assert any(w.startswith("DEFAULT_LANG = 'tlh'") for w in warnings)
    assert any("b.md" in w and "'Klingon'" in w for w in warnings)


# Stories whose versions fall back --------------------------------------------------------------


def test_a_version_in_its_own_language_wins_over_one_that_falls_back(tmp_path: Path) -> None:
    # In a Spanish site, "ES" is not DEFAULT_LANG for Pelican (it compares as written), so
    # with a Yucatec Maya version both are originals; "yua" counts as Spanish by fallback.
    write(
        tmp_path,
        [
            article("a-maya.md", "Milpa (maaya t'aan)", Lang="yua", Slug="milpa", Countries="MX"),
            article("b-es.md", "La milpa", Lang="ES", Slug="milpa", Countries="MX"),
            article("c-en.md", "The milpa", Lang="en", Slug="milpa", Countries="MX"),
        ],
    )
    builds = build_both(tmp_path, DEFAULT_LANG="es")
    assert_publishes_what_pelican_publishes(builds)
    assert listed_titles(builds.site.html("regiones/mexico/index.html")) == ["La milpa"]
    assert listed_titles(builds.site.html("en/regions/mexico/index.html")) == ["The milpa"]
    assert builds.language_folders() == {"en"}


def test_a_story_in_es_and_fr_only_is_listed_once_per_language(tmp_path: Path) -> None:
    write(
        tmp_path,
        [
            article("historia.md", "Historia", Lang="es", Slug="cuento", Countries="VE"),
            article("histoire.md", "Histoire", Lang="fr", Slug="cuento", Countries="VE"),
        ],
    )
    builds = build_both(tmp_path)
    assert_publishes_what_pelican_publishes(builds)
    site = builds.site
    # English: the original (first by source path) stands for the story, labelled.
    english = site.html("regions/venezuela/index.html")
    assert listed_titles(english) == ["Histoire"]
    assert english.select_one(".coopregions-lang").get_text() == "French"
    assert listed_titles(site.html("es/regiones/venezuela/index.html")) == ["Historia"]
    assert listed_titles(site.html("fr/regions/venezuela/index.html")) == ["Histoire"]
    for page in ("regions/venezuela/index.html", "es/regiones/venezuela/index.html"):
        data = json.loads(site.html(page).select_one('script[type="application/ld+json"]').string)
        assert len(data["mainEntity"]["itemListElement"]) == 1
    counts = [span.get_text() for span in site.html("regions/index.html").select(
        ".coopregions-count")]  # fmt: skip
    assert counts and all(count == "(1 article)" for count in counts)


def test_problems_of_a_story_without_a_default_version_are_reported_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(
        tmp_path,
        [
            article("historia.md", "Historia", Lang="es", Slug="cuento", Countries="VE; Atlantis"),
            article("histoire.md", "Histoire", Lang="fr", Slug="cuento", Countries="VE"),
        ],
    )
    build(tmp_path, COOPREGIONS_STRICT=False)
    reported = [r.getMessage() for r in caplog.records if "Atlantis" in r.getMessage()]
    assert len(reported) == 1 and "historia.md" in reported[0]
    caplog.clear()
    with pytest.raises(CoopRegionsError, match=r"^1 unknown .* in 1 file"):
        build(tmp_path)
    assert len([r for r in caplog.records if "Atlantis" in r.getMessage()]) == 1


# Drafts and hidden articles --------------------------------------------------------------------


def test_drafts_and_hidden_articles_make_no_language_section(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(
        tmp_path,
        [
            article("hello.md", "Hello", Countries="VE"),
            article("rascunho.md", "Rascunho", Lang="pt", Status="draft", Countries="VE"),
            # A French name of a region is accepted in a hidden French article.
            article("cache.md", "Caché", Lang="fr", Status="hidden", Regions="Amérique latine"),
        ],
    )
    builds = build_both(tmp_path)
    assert_publishes_what_pelican_publishes(builds)
    assert builds.language_folders() == set()
    page = builds.site.html("regions/venezuela/index.html")
    assert listed_titles(page) == ["Hello"]
    assert hreflangs(page) == {"en"}
    assert page.select(".coopregions-switcher") == []
    assert hreflangs(builds.site.html("regions/index.html")) == {"en"}
    assert not any(path.startswith(("pt/", "fr/")) for path in builds.site.files())
    # Still given local dates, in their own language.
    draft = builds.site.html("drafts/rascunho-pt.html")
    assert published_text(draft) == "qui. 16 fevereiro 2023"
    assert language_warnings(caplog) == []


def test_drafts_are_still_checked(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write(
        tmp_path,
        [
            article("hello.md", "Hello", Countries="VE"),
            article("rascunho.md", "Rascunho", Lang="pt", Status="draft", Countries="Atlantis"),
        ],
    )
    build(tmp_path, COOPREGIONS_STRICT=False)
    reported = [r.getMessage() for r in caplog.records if "Atlantis" in r.getMessage()]
    assert len(reported) == 1 and "rascunho.md" in reported[0]


# Settings ---------------------------------------------------------------------------------------


def test_coopregions_languages_refuses_a_language_cldr_does_not_know(tmp_path: Path) -> None:
    write(tmp_path, [article("a.md", "A", Countries="VE")])
    with pytest.raises(SettingsError, match=r"COOPREGIONS_LANGUAGES.*'xx' is not a language"):
        build(tmp_path, COOPREGIONS_LANGUAGES=["en", "es_AR", "xx"])
    assert not (tmp_path / "output").exists()


def test_coopregions_languages_accepts_posix_spellings(tmp_path: Path) -> None:
    write(tmp_path, [article("a.md", "A", Countries="VE")])
    site = build(
        tmp_path,
        COOPREGIONS_LANGUAGES=["en", "es_AR"],
        COOPREGIONS_DATE_FORMAT={"es": "d 'de' MMMM", "default": "long"},
    )
    page = site.html("es-AR/regiones/venezuela/index.html")
    assert page.html["lang"] == "es-AR"
    # The Spanish catalog serves es-AR; the "es" date format too.
    assert page.select_one("h2.coopregions-articles-heading").get_text() == "Artículos"
    assert listed_dates(page) == {"A": "16 de febrero"}
    assert hreflangs(page) == {"en", "es-AR"}


def test_date_format_keys_are_languages_cldr_knows(tmp_path: Path) -> None:
    write(tmp_path, [article("a.md", "A", Countries="VE")])
    with pytest.raises(SettingsError, match=r"COOPREGIONS_DATE_FORMAT.*'Spanish'"):
        build(tmp_path, COOPREGIONS_DATE_FORMAT={"Spanish": "long"})


def test_data_file_language_keys_are_normalised(tmp_path: Path) -> None:
    (tmp_path / "regions.toml").write_text(
        textwrap.dedent(
            """
            [[region]]
            extends = "Venezuela"
            name.pt_BR = "Venezuela (Brasil)"
            description.EN = "Described."
            """
        ),
        encoding="utf-8",
    )
    write(tmp_path, [article("a.md", "A", Lang="pt-br", Countries="Venezuela (Brasil)")])
    site = build(tmp_path, COOPREGIONS_REGIONS_FILE=str(tmp_path / "regions.toml"))
    page = site.html("pt-BR/regioes/venezuela-brasil/index.html")
    assert page.select_one("section.coopregions h1").get_text() == "Venezuela (Brasil)"
    english = site.html("regions/venezuela/index.html")
    assert english.select_one(".coopregions-description").get_text() == "Described."


def test_data_file_keys_that_are_no_language_name_file_entry_and_field(tmp_path: Path) -> None:
    (tmp_path / "regions.toml").write_text(
        '[[region]]\nname.en = "Andes"\nname.Spanish = "Andes"\n', encoding="utf-8"
    )
    write(tmp_path, [article("a.md", "A", Countries="VE")])
    with pytest.raises(DataFileError) as raised:
        build(tmp_path, COOPREGIONS_REGIONS_FILE=str(tmp_path / "regions.toml"))
    message = str(raised.value)
    assert "regions.toml" in message
    assert "region entry 1 ('Andes')" in message
    assert "field 'name'" in message
    assert "'Spanish' is not a language tag" in message


# Pelican's own sample settings name -------------------------------------------------------------


def test_pelican_conf_py_reads_data_files_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    for name in ("regions.toml", "organizations.toml"):
        (site / "data" / name).write_bytes((FIXTURES / "sites" / "data" / name).read_bytes())
    write(site, [article("a.md", "Andean", Regions="Andes", Organizations="Cecosesola")])
    (site / "pelican.conf.py").write_text(
        textwrap.dedent(
            """
            PATH = "content"
            OUTPUT_PATH = "output"
            TIMEZONE = "UTC"
            DEFAULT_LANG = "en"
            PLUGINS = ["pelican_coopregions"]
            COOPREGIONS_REGIONS_FILE = "data/regions.toml"
            COOPREGIONS_ORGANIZATIONS_FILE = "data/organizations.toml"
            FEED_ALL_ATOM = None
            CATEGORY_FEED_ATOM = None
            LOAD_CONTENT_CACHE = False
            """
        ),
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # `pelican -s ../site/pelican.conf.py` from another folder
    try:
        settings = read_settings(str(site / "pelican.conf.py"))
        assert "pelican.conf" in sys.modules  # Pelican names the module after the file
        Pelican(settings).run()
    finally:
        sys.modules.pop("pelican.conf", None)
    built = Site(site, site / "content", site / "output")
    assert listed_titles(built.html("regions/andes/index.html")) == ["Andean"]
    assert listed_titles(built.html("organizations/cecosesola/index.html")) == ["Andean"]


# The command line ------------------------------------------------------------------------------


def test_cli_reads_any_language_without_a_traceback(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A folder of its own: Pelican's log filter drops a message it has already shown in this
    # process, and the build of the same files warned with the same words.
    write(tmp_path, SPANISH_BLOG)
    (tmp_path / "pelicanconf.py").write_text(
        'PATH = "content"\nDEFAULT_LANG = "es"\nPLUGINS = ["pelican_coopregions"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    with caplog.at_level(logging.WARNING):
        assert main(["check"]) == 0
    assert "no problems (10 articles checked)" in capsys.readouterr().out
    assert len(language_warnings(caplog)) == len(UNKNOWN_FILES)  # as the build warns
    assert main(["regions", "--lang", "en_US.UTF-8"]) == 0
    (world,) = [line for line in capsys.readouterr().out.splitlines() if "World" in line]
    assert world.split() == ["World", "es:", "10", "es-ES:", "10", "pt-BR:", "10"]
    assert main(["regions", "--lang", "xx"]) == 2
    assert "--lang 'xx' is not a language CLDR knows" in capsys.readouterr().err


def test_an_unconfigured_i18n_subsites_limits_no_page_language() -> None:
    # Pelican loads every installed plugin when PLUGINS is unset; i18n_subsites without
    # I18N_SUBSITES writes no subsite, so every language keeps its pages.
    options = load_settings({})
    settings = {"DEFAULT_LANG": "en_US.UTF-8", "PLUGINS": ["pelican.plugins.i18n_subsites"]}
    assert page_languages(options, settings, ["es", "pt_BR", "yua"]) == ("en-US", "es", "pt-BR")
    subsites = {**settings, "I18N_SUBSITES": {"es": {}}}
    assert page_languages(options, subsites, ["es", "pt_BR"]) == ("en-US",)
