"""Real sites' Pelican date formats: written faithfully in each article's language, or left as
Pelican wrote them; never silently replaced by another format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from realworld.language_sites import (
    Builds,
    article,
    article_file,
    assert_publishes_what_pelican_publishes,
    build_both,
    published_text,
    write,
)

BILINGUAL = [
    article("english.md", "English", Slug="story", Countries="VE"),
    article("spanish.md", "Español", Lang="es", Slug="story", Countries="VE"),
]


def dates(tmp_path: Path, **settings: Any) -> tuple[Builds, dict[str, str], dict[str, str]]:
    """Both builds, and each article's ``locale_date`` with and without the plugin."""
    write(tmp_path, BILINGUAL)
    builds = build_both(tmp_path, **settings)
    assert_publishes_what_pelican_publishes(builds)
    titles = ("English", "Español")
    files = {title: article_file(builds, title) for title in titles}
    plugin = {title: published_text(builds.site.html(path)) for title, path in files.items()}
    plain = {title: published_text(builds.plain.html(path)) for title, path in files.items()}
    return builds, plugin, plain


@pytest.mark.parametrize(
    ("setting", "english", "spanish"),
    [
        # The locale's short date: the C locale's in English, CLDR's in Spanish.
        ({"DEFAULT_DATE_FORMAT": "%x"}, "02/16/23", "16/2/23"),
        ({"DEFAULT_DATE_FORMAT": "%c"}, "Thu Feb 16 00:00:00 2023", "16 feb 2023, 0:00:00"),
        ({"DEFAULT_DATE_FORMAT": "%Y-%m-%dT%H:%M:%S%z"}, *["2023-02-16T00:00:00+0000"] * 2),
        ({"DEFAULT_DATE_FORMAT": "%d %b %Y %Z"}, "16 Feb 2023 UTC", "16 feb 2023 UTC"),
        # DATE_FORMATS per language, Pelican's way (a plain format, or a locale tuple whose
        # locale Pelican itself applies: "C" exists on every machine).
        ({"DATE_FORMATS": {"es": "%A %-d de %B"}}, "Thu 16 February 2023", "jueves 16 de febrero"),
        ({"DATE_FORMATS": {"es": ("C", "%x")}}, "Thu 16 February 2023", "16/2/23"),
        # A DATE_FORMATS Pelican ignores (pairs in a list, not a dict), the plugin ignores too.
        ({"DATE_FORMATS": [("es", "%d/%m")]}, "Thu 16 February 2023", "jue 16 febrero 2023"),
    ],
)
def test_strftime_formats_are_written_in_each_language(
    tmp_path: Path, setting: dict[str, Any], english: str, spanish: str
) -> None:
    _, plugin, plain = dates(tmp_path, **setting)
    assert plugin == {"English": english, "Español": spanish}
    assert plugin["English"] == plain["English"]  # English is exactly Pelican's text


@pytest.mark.parametrize("fmt", ["%Ec", "%d %10B %Y", "%Od/%m", "%#a %d"])
def test_formats_that_cannot_be_translated_keep_pelicans_text(tmp_path: Path, fmt: str) -> None:
    _, plugin, plain = dates(tmp_path, DEFAULT_DATE_FORMAT=fmt)
    assert plugin == plain


def test_an_articles_own_date_format_field_is_honoured(tmp_path: Path) -> None:
    write(
        tmp_path,
        [article("mes.md", "Mes", Lang="es", Date_Format="%B de %Y", Countries="VE")],
    )
    builds = build_both(tmp_path)
    assert published_text(builds.site.html(article_file(builds, "Mes"))) == "febrero de 2023"


def test_coopregions_date_format_wins_when_set(tmp_path: Path) -> None:
    _, plugin, _ = dates(tmp_path, DEFAULT_DATE_FORMAT="%x", COOPREGIONS_DATE_FORMAT="long")
    assert plugin == {"English": "February 16, 2023", "Español": "16 de febrero de 2023"}
