"""Full builds: article metadata in Markdown, reST and EXTRA_PATH_METADATA; strict and lenient.

What authors write (``Regions``/``Region``, ``Countries``/``Country``,
``Organizations``/``Organization``) becomes ``article.regions``, ``.countries`` and
``.organizations``: tuples of terms with a name, slug, URL and output path. Unknown values stop
a strict build with one log line per value, or are dropped with a warning in lenient mode.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pelican.generators import ArticlesGenerator
from pelican.log import LimitFilter
from pelican.plugins import signals

from conftest import Site, build, write_article
from pelican_coopregions.pelican.failure import CoopRegionsError
from pelican_coopregions.pelican.terms import Term

SITES = Path(__file__).parent / "fixtures" / "sites"
DATA = SITES / "data"
DATA_SETTINGS = {
    "COOPREGIONS_REGIONS_FILE": str(DATA / "regions.toml"),
    "COOPREGIONS_ORGANIZATIONS_FILE": str(DATA / "organizations.toml"),
}
PLUGIN_LOGGER = "pelican_coopregions"


@pytest.fixture(autouse=True)
def fresh_log_filter() -> Iterator[None]:
    """Pelican's LimitFilter keeps seen messages and group counts for the whole process.

    Start every test from a clean filter so that what one test logged does not hide what the
    next one logs.
    """
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    yield
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


@pytest.fixture
def articles() -> Iterator[dict[str, Any]]:
    """Slug -> article object (published, hidden, drafts, translations) of the next build."""
    seen: dict[str, Any] = {}

    def receiver(generators: list[Any]) -> None:
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                for article in (
                    *generator.articles,
                    *generator.translations,
                    *generator.hidden_articles,
                    *generator.drafts,
                ):
                    seen[f"{article.slug}:{article.lang}"] = article

    signals.all_generators_finalized.connect(receiver)
    yield seen
    signals.all_generators_finalized.disconnect(receiver)


def article(seen: dict[str, Any], slug: str, lang: str = "en") -> Any:
    return seen[f"{slug}:{lang}"]


def slugs(terms: tuple[Any, ...]) -> list[str]:
    return [term.record.slug for term in terms]


def listed(site: Site, page: str) -> list[str]:
    soup: BeautifulSoup = site.html(page)
    return [
        posixpath.basename(str(a["href"])).removesuffix(".html")
        for a in soup.select("section.coopregions article.coopregions-entry h3 a")
    ]


def plugin_records(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(PLUGIN_LOGGER) and record.levelno == level
    ]


# Markdown -------------------------------------------------------------------------------------


def test_markdown_fields_become_tuples_of_terms(site_dir: Path, articles: dict[str, Any]) -> None:
    write_article(
        site_dir / "content",
        "plural.md",
        """
        Title: Plural
        Date: 2024-01-01
        Regions: Latin America, Andes
        Countries: VE; Argentina
        Organizations: Cecosesola, CoopCycle Argentina

        Text.
        """,
    )
    build(site_dir, **DATA_SETTINGS)
    found = article(articles, "plural")
    assert isinstance(found.regions, tuple)
    assert isinstance(found.countries, tuple)
    assert isinstance(found.organizations, tuple)
    assert slugs(found.regions) == ["latin-america", "andes"]
    assert slugs(found.countries) == ["venezuela", "argentina"]
    assert slugs(found.organizations) == ["cecosesola", "coopcycle-argentina"]
    regions = (*found.regions, *found.countries)
    assert all(isinstance(term, Term) and term.taxonomy.name == "region" for term in regions)
    assert all(
        isinstance(term, Term) and term.taxonomy.name == "organization"
        for term in found.organizations
    )


def test_terms_have_name_slug_url_save_as_and_model_fields(
    site_dir: Path, articles: dict[str, Any]
) -> None:
    write_article(
        site_dir / "content",
        "terms.md",
        """
        Title: Terms
        Date: 2024-01-01
        Regions: Latin America
        Countries: VE
        Organizations: Cecosesola, Smart Belgium

        Text.
        """,
    )
    site = build(site_dir, **DATA_SETTINGS)
    found = article(articles, "terms")
    (venezuela,) = found.countries
    assert venezuela.name == "Venezuela"
    assert str(venezuela) == "Venezuela"
    assert venezuela.slug == "venezuela"
    assert venezuela.url == "regions/venezuela/"
    assert venezuela.save_as == "regions/venezuela/index.html"
    assert site.exists(venezuela.save_as)
    assert (venezuela.kind, venezuela.code, venezuela.alpha2, venezuela.alpha3) == (
        "country",
        "862",
        "VE",
        "VEN",
    )
    (latin,) = found.regions
    assert latin.name == "Latin America"
    assert latin.description.startswith("From Venezuela's communes")
    assert site.exists(latin.save_as)
    cecosesola, smart = found.organizations
    assert cecosesola.name == "Cecosesola"
    assert cecosesola.url == "organizations/cecosesola/"
    assert cecosesola.save_as == "organizations/cecosesola/index.html"
    assert (cecosesola.founded, cecosesola.locality, cecosesola.country) == (
        1967,
        "Barquisimeto",
        "venezuela",
    )
    assert cecosesola.sectors == ("food distribution", "health", "funeral services")
    assert smart.name == "Smart"
    # The data file's explicit slug names the page, not the name.
    assert smart.slug == "smart-belgium"
    assert smart.url == "organizations/smart-belgium/"
    assert site.exists(smart.save_as)


def test_singular_and_plural_spellings_are_joined(site_dir: Path, articles: dict[str, Any]) -> None:
    write_article(
        site_dir / "content",
        "both.md",
        """
        Title: Both Spellings
        Date: 2024-01-01
        Region: Caribbean
        Regions: Western Europe
        Country: CU
        Countries: BE
        Organization: ANAP
        Organizations: Smart

        Text.
        """,
    )
    site = build(site_dir, **DATA_SETTINGS)
    found = article(articles, "both-spellings")
    assert sorted(slugs(found.regions)) == ["caribbean", "western-europe"]
    assert sorted(slugs(found.countries)) == ["belgium", "cuba"]
    assert sorted(slugs(found.organizations)) == ["anap", "smart-belgium"]
    for page in (
        "regions/cuba/index.html",
        "regions/belgium/index.html",
        "organizations/smart-belgium/index.html",
        "organizations/anap/index.html",
    ):
        assert listed(site, page) == ["both-spellings"], page


def test_values_match_names_codes_aliases_and_acronyms_loosely(
    site_dir: Path, articles: dict[str, Any]
) -> None:
    write_article(
        site_dir / "content",
        "loose.md",
        """
        Title: Loose
        Date: 2024-01-01
        Regions: latin america, 005
        Countries: perú, ARG, venezuela
        Organizations: Central Cooperativa de Servicios Sociales del Estado Lara; anap

        Text.
        """,
    )
    build(site_dir, **DATA_SETTINGS)
    found = article(articles, "loose")
    assert slugs(found.regions) == ["latin-america", "south-america"]
    assert slugs(found.countries) == ["peru", "argentina", "venezuela"]
    assert slugs(found.organizations) == ["cecosesola", "anap"]


def test_fields_are_attributes_only_when_written_like_pelican_tags(
    site_dir: Path, articles: dict[str, Any]
) -> None:
    write_article(
        site_dir / "content",
        "plain.md",
        """
        Title: Plain
        Date: 2024-01-01

        Text.
        """,
    )
    write_article(
        site_dir / "content",
        "empty.md",
        """
        Title: Empty
        Date: 2024-01-02
        Regions: ;
        Countries: VE

        Text.
        """,
    )
    build(site_dir, **DATA_SETTINGS)
    plain = article(articles, "plain")
    assert not any(hasattr(plain, name) for name in ("regions", "countries", "organizations"))
    empty = article(articles, "empty")
    assert (empty.regions, [c.slug for c in empty.countries]) == ((), ["venezuela"])
    assert not hasattr(empty, "organizations")


# reStructuredText -----------------------------------------------------------------------------


def test_rst_fields(site_dir: Path, articles: dict[str, Any]) -> None:
    write_article(
        site_dir / "content",
        "markets.rst",
        """
        The Markets of Cecosesola
        #########################

        :date: 2019-11-05
        :slug: cecosesola-markets
        :organizations: Cecosesola
        :regions: Andes, Caribbean
        :countries: AR
        :summary: Weekly food markets.

        Every week the markets sell vegetables.
        """,
    )
    site = build(site_dir, **DATA_SETTINGS, COOPREGIONS_INFER_FROM_ORGANIZATIONS=True)
    found = article(articles, "cecosesola-markets")
    assert found.metadata["organizations"] == "Cecosesola"
    assert slugs(found.organizations) == ["cecosesola"]
    assert slugs(found.regions) == ["andes", "caribbean"]
    assert slugs(found.countries) == ["argentina"]
    for page in (
        "organizations/cecosesola/index.html",
        "regions/andes/index.html",
        "regions/caribbean/index.html",
        "regions/argentina/index.html",
        "regions/venezuela/index.html",  # inferred from Cecosesola
    ):
        assert listed(site, page) == ["cecosesola-markets"], page


# EXTRA_PATH_METADATA --------------------------------------------------------------------------


def test_extra_path_metadata_for_a_file_and_a_folder(
    site_dir: Path, articles: dict[str, Any]
) -> None:
    content = site_dir / "content"
    write_article(
        content,
        "europe/smart.md",
        """
        Title: Smart
        Date: 2024-01-01

        Text.
        """,
    )
    write_article(
        content,
        "europe/som.md",
        """
        Title: Som Energia
        Date: 2024-01-02
        Countries: ES

        Text.
        """,
    )
    write_article(
        content,
        "notes/venezuela.md",
        """
        Title: Notes From Venezuela
        Date: 2024-01-03

        Text.
        """,
    )
    site = build(
        site_dir,
        **DATA_SETTINGS,
        EXTRA_PATH_METADATA={
            "europe": {"regions": "Europe"},
            "europe/smart.md": {"organizations": ["Smart"], "countries": ["BE"]},
            "notes/venezuela.md": {"countries": "VE", "organization": "Cecosesola"},
        },
    )
    smart = article(articles, "smart")
    assert slugs(smart.regions) == ["europe"]
    assert slugs(smart.countries) == ["belgium"]
    assert slugs(smart.organizations) == ["smart-belgium"]
    som = article(articles, "som-energia")
    assert slugs(som.regions) == ["europe"]
    assert slugs(som.countries) == ["spain"]
    notes = article(articles, "notes-from-venezuela")
    assert slugs(notes.countries) == ["venezuela"]
    assert slugs(notes.organizations) == ["cecosesola"]
    assert listed(site, "regions/europe/index.html") == ["som-energia", "smart"]
    assert listed(site, "regions/belgium/index.html") == ["smart"]
    assert listed(site, "organizations/cecosesola/index.html") == ["notes-from-venezuela"]
    assert listed(site, "regions/world/index.html") == [
        "notes-from-venezuela",
        "som-energia",
        "smart",
    ]


# Strict mode ----------------------------------------------------------------------------------


def write_bad_articles(content: Path) -> tuple[Path, Path]:
    one = write_article(
        content,
        "bad-one.md",
        """
        Title: Bad One
        Date: 2024-01-01
        Regions: Latn America
        Countries: VE, Venezuala

        Text.
        """,
    )
    two = write_article(
        content,
        "reports/bad-two.md",
        """
        Title: Bad Two
        Date: 2024-01-02
        Organizations: Cecosesla, Smart
        Countries: South America

        Text.
        """,
    )
    write_article(
        content,
        "good.md",
        """
        Title: Good
        Date: 2024-01-03
        Countries: AR

        Text.
        """,
    )
    return one, two


# (file, field, value, suggestion or reason) for every bad value above.
def expected_problems(one: Path, two: Path) -> list[tuple[Path, str, str, str]]:
    return [
        (one, "Regions", "'Latn America'", "'Latin America'"),
        (one, "Countries", "'Venezuala'", "'Venezuela'"),
        (two, "Organizations", "'Cecosesla'", "'Cecosesola'"),
        (two, "Countries", "'South America'", "not a country"),
    ]


def assert_reported(messages: list[str], problems: list[tuple[Path, str, str, str]]) -> None:
    for source, field, value, hint in problems:
        matching = [
            m
            for m in messages
            if str(source) in m and f"{field}:" in m and value in m and hint in m
        ]
        assert len(matching) == 1, (source, field, value, hint, messages)


def test_strict_mode_reports_every_bad_value_and_fails(
    site_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    one, two = write_bad_articles(site_dir / "content")
    with pytest.raises(CoopRegionsError) as caught:
        build(site_dir, **DATA_SETTINGS)
    message = str(caught.value)
    assert "4 unknown" in message
    assert "2 file(s)" in message
    assert "COOPREGIONS_STRICT" in message
    errors = plugin_records(caplog, logging.ERROR)
    assert len(errors) == 4
    assert_reported(errors, expected_problems(one, two))
    # Nothing was written: the build stopped before any output.
    output = site_dir / "output"
    assert not output.exists() or not any(output.rglob("*.html"))


def test_strict_is_the_default_and_can_be_explicit(site_dir: Path) -> None:
    write_bad_articles(site_dir / "content")
    with pytest.raises(CoopRegionsError):
        build(site_dir, **DATA_SETTINGS, COOPREGIONS_STRICT=True)


def test_strict_mode_checks_drafts_and_translations_too(
    site_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = site_dir / "content"
    write_article(
        content,
        "draft.md",
        """
        Title: Draft
        Date: 2024-01-01
        Status: draft
        Countries: Narnia

        Text.
        """,
    )
    write_article(
        content,
        "original.md",
        """
        Title: Original
        Date: 2024-01-01
        Slug: original
        Countries: VE

        Text.
        """,
    )
    translation = write_article(
        content,
        "original-es.md",
        """
        Title: Original en español
        Date: 2024-01-01
        Slug: original
        Lang: es
        Countries: Venezuelaa

        Texto.
        """,
    )
    with pytest.raises(CoopRegionsError):
        build(site_dir, **DATA_SETTINGS)
    errors = plugin_records(caplog, logging.ERROR)
    assert len(errors) == 2
    assert any("draft.md" in m and "'Narnia'" in m for m in errors)
    assert any(str(translation) in m and "'Venezuelaa'" in m for m in errors)


# Lenient mode ---------------------------------------------------------------------------------


def test_lenient_mode_warns_and_publishes_without_the_bad_values(
    site_dir: Path, caplog: pytest.LogCaptureFixture, articles: dict[str, Any]
) -> None:
    one, two = write_bad_articles(site_dir / "content")
    site = build(
        site_dir,
        **DATA_SETTINGS,
        COOPREGIONS_STRICT=False,
        COOPREGIONS_INFER_FROM_ORGANIZATIONS=True,
    )
    warnings = plugin_records(caplog, logging.WARNING)
    assert_reported(warnings, expected_problems(one, two))
    assert not plugin_records(caplog, logging.ERROR)
    # Both articles are published, with only their good values.
    assert site.exists("bad-one.html")
    assert site.exists("bad-two.html")
    bad_one = article(articles, "bad-one")
    assert slugs(bad_one.regions) == []
    assert slugs(bad_one.countries) == ["venezuela"]
    bad_two = article(articles, "bad-two")
    assert slugs(bad_two.organizations) == ["smart-belgium"]
    assert slugs(bad_two.countries) == []
    assert listed(site, "regions/venezuela/index.html") == ["bad-one"]
    assert listed(site, "organizations/smart-belgium/index.html") == ["bad-two"]
    # Inferred from Smart (Belgium) even though its Countries value was dropped.
    assert listed(site, "regions/belgium/index.html") == ["bad-two"]
    assert listed(site, "regions/world/index.html") == ["good", "bad-two", "bad-one"]
    assert not site.exists("organizations/cecosesola/feed.atom.xml")


def many_bad_articles(content: Path, prefix: str, count: int) -> list[Path]:
    return [
        write_article(
            content,
            f"{prefix}-{number}.md",
            f"""
            Title: {prefix} {number}
            Date: 2024-01-0{number}
            Countries: Venezuala{number}, AR
            Organizations: Cecosesla{number}

            Text.
            """,
        )
        for number in range(1, count + 1)
    ]


def test_lenient_mode_reports_every_bad_value(
    site_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files = many_bad_articles(site_dir / "content", "bad", 3)
    build(site_dir, **DATA_SETTINGS, COOPREGIONS_STRICT=False)
    warnings = plugin_records(caplog, logging.WARNING)
    for number, path in enumerate(files, start=1):
        assert any(str(path) in m and f"'Venezuala{number}'" in m for m in warnings), warnings
        assert any(str(path) in m and f"'Cecosesla{number}'" in m for m in warnings), warnings


def test_lenient_warnings_of_a_second_build_in_one_process(
    site_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = site_dir / "content"
    many_bad_articles(content, "first", 2)
    build(site_dir, **DATA_SETTINGS, COOPREGIONS_STRICT=False)
    caplog.clear()
    second = write_article(
        content,
        "second.md",
        """
        Title: Second
        Date: 2024-02-01
        Countries: Atlantis

        Text.
        """,
    )
    build(site_dir, **DATA_SETTINGS, COOPREGIONS_STRICT=False)
    warnings = plugin_records(caplog, logging.WARNING)
    assert any(str(second) in m and "'Atlantis'" in m for m in warnings), warnings
