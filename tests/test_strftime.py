"""A site's Pelican date formats, written faithfully in every language.

English must be exactly what Pelican's own strftime writes in the C locale (on a machine without
locales), checked against a real C-locale interpreter; other languages take every word and
every locale layout from CLDR.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_datetime, format_time
from hypothesis import given
from hypothesis import strategies as st
from pelican.utils import SafeDatetime
from pelican.utils import strftime as pelican_strftime

from pelican_coopregions.core.dates import StrftimeFormat

# Pelican writes the C89 directives (with "-": no leading zeros) and leaves any other as it is.
DIRECTIVES = [
    *"aAbBcdfGHIjmMpSUuVwWxXyYzZ%",
    "-d", "-m", "-H", "-I", "-j", "-B", "-x", "-c", "-Y",
    *"CDeEgGhklnOPrRsTt+", "_d", "0e", "^a", "#a", "Ec", "Od", "10A", ":z", "-e",
]  # fmt: skip
FORMATS = [
    *(f"%{directive}" for directive in DIRECTIVES),
    "%a %d %B %Y",  # Pelican's DEFAULT_DATE_FORMAT
    "%A, %-d de %B de %Y",
    "%Y-%m-%dT%H:%M:%S%z",
    "%d/%m/%Y %Hh%M (%Z)",
    "Published %x at %X",
    "%c | %r | 100%% sure",
    "%e/%D: glibc's, not Pelican's",
    "%-",
    "a %-\nline %-%",
    "",
    "no directives at all",
]
MOMENTS = [
    datetime(2023, 2, 6, 14, 5, 3, 7),  # a one-digit day, afternoon, naive
    datetime(2023, 2, 16, 0, 0, tzinfo=ZoneInfo("UTC")),  # Pelican's date-only value
    datetime(2021, 1, 3, 9, 59, 59, 123456, tzinfo=ZoneInfo("Europe/Madrid")),  # ISO year 2020
    datetime(2024, 12, 31, 23, 30, tzinfo=ZoneInfo("America/Argentina/Buenos_Aires")),
    datetime(1999, 7, 4, 12, 0, tzinfo=ZoneInfo("Asia/Kolkata")),  # noon, a half-hour offset
]


def pelican_date(moment: datetime) -> SafeDatetime:
    """The date as Pelican holds it (a ``SafeDatetime``, same time zone)."""
    return SafeDatetime.combine(moment.date(), moment.timetz())


_C_LOCALE_SCRIPT = """
import json, sys
from zoneinfo import ZoneInfo
from pelican.utils import SafeDatetime
formats, moments = json.loads(sys.argv[1])
values = [
    SafeDatetime.fromisoformat(iso).replace(tzinfo=ZoneInfo(zone) if zone else None)
    for iso, zone in moments
]
print(json.dumps([[value.strftime(fmt) for value in values] for fmt in formats]))
"""


@pytest.fixture(scope="module")
def c_locale() -> dict[str, list[str]]:
    """Format -> what Pelican writes for each of MOMENTS, in a C-locale interpreter."""
    moments = [
        (moment.replace(tzinfo=None).isoformat(), getattr(moment.tzinfo, "key", None))
        for moment in MOMENTS
    ]
    result = subprocess.run(
        [sys.executable, "-c", _C_LOCALE_SCRIPT, json.dumps([FORMATS, moments])],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    return dict(zip(FORMATS, json.loads(result.stdout), strict=True))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["en", "en-US"])
def test_english_is_what_pelican_writes_in_the_c_locale(
    c_locale: dict[str, list[str]], fmt: str, lang: str
) -> None:
    parsed = StrftimeFormat.parse(fmt)
    assert parsed is not None
    assert [parsed.format(moment, lang) for moment in MOMENTS] == c_locale[fmt]


@pytest.mark.parametrize("lang", ["es", "fr", "de", "pt-BR", "ja", "en-GB"])
@pytest.mark.parametrize("moment", MOMENTS, ids=lambda moment: moment.isoformat())
def test_other_languages_use_cldr_for_every_locale_dependent_part(
    lang: str, moment: datetime
) -> None:
    babel = lang.replace("-", "_")
    tz = moment.tzinfo

    def write(fmt: str) -> str:
        parsed = StrftimeFormat.parse(fmt)
        assert parsed is not None
        return parsed.format(moment, lang)

    assert write("%x") == format_date(moment, "short", locale=babel)
    assert write("%c") == format_datetime(moment, "medium", tzinfo=tz, locale=babel)
    assert write("%X") == format_time(moment, "medium", tzinfo=tz, locale=babel)
    assert write("%a %A") == format_datetime(moment, "EEE EEEE", tzinfo=tz, locale=babel)
    assert write("%b %B") == format_datetime(moment, "MMM MMMM", tzinfo=tz, locale=babel)
    assert write("%p") == format_datetime(moment, "a", tzinfo=tz, locale=babel)
    assert write("%-B") == format_datetime(moment, "MMMM", tzinfo=tz, locale=babel)
    # Numbers, offsets and zone abbreviations are Pelican's own in every language, and so is
    # what Pelican leaves as written.
    numeric = "%d.%m.%Y %H:%M:%S.%f %j %U %W %V %G %u %w %z %Z %-d %-j %e %^a %s"
    assert write(numeric) == pelican_strftime(pelican_date(moment), numeric)


def test_spanish_examples() -> None:
    moment = datetime(2023, 2, 16, 18, 30, tzinfo=ZoneInfo("America/Caracas"))
    formats = {
        "%a %d %B %Y": "jue 16 febrero 2023",
        "%A, %-d de %B de %Y": "jueves, 16 de febrero de 2023",
        "%x": "16/2/23",
        "%c": "16 feb 2023, 18:30:00",
        "%X": "18:30:00",
        "%p": "p.\u202fm.",
        "%Y-%m-%dT%H:%M:%S%z": "2023-02-16T18:30:00-0400",
        "%d %b %Y %Z": "16 feb 2023 -04",
    }
    for fmt, expected in formats.items():
        parsed = StrftimeFormat.parse(fmt)
        assert parsed is not None
        assert parsed.format(moment, "es") == expected


def test_dates_without_time_are_midnight() -> None:
    parsed = StrftimeFormat.parse("%x %H:%M")
    assert parsed is not None
    assert parsed.format(date(2023, 2, 16), "en") == "02/16/23 00:00"


@pytest.mark.parametrize(
    "fmt",
    ["%", "trailing %", "%\nbroken"],
)
def test_formats_pelican_cannot_use_are_refused(fmt: str) -> None:
    with pytest.raises((ValueError, TypeError)):  # Pelican's own strftime fails on a lone "%"
        pelican_strftime(SafeDatetime(2023, 2, 16), fmt)
    assert StrftimeFormat.parse(fmt) is None


_TEXT = st.text(
    st.characters(blacklist_characters="%\x00", blacklist_categories=["Cs"]), max_size=4
)
_LOCALE_FREE = [f"%{directive}" for directive in "CdDeEfFgGHIjklmMnOrRsStTuUVwWyYzZ%^_#+"]


@given(st.lists(st.one_of(st.sampled_from(_LOCALE_FREE), _TEXT), max_size=6).map("".join))
def test_numbers_and_text_are_the_same_in_every_language(fmt: str) -> None:
    parsed = StrftimeFormat.parse(fmt)
    assert parsed is not None
    for moment in MOMENTS:
        expected = pelican_strftime(pelican_date(moment), fmt)
        for lang in ("en", "es", "zh-Hant", "ar"):
            assert parsed.format(moment, lang) == expected


@given(st.lists(st.one_of(st.sampled_from([f"%{d}" for d in DIRECTIVES]), _TEXT), max_size=6))
def test_any_format_of_known_directives_is_written_in_any_language(pieces: list[str]) -> None:
    parsed = StrftimeFormat.parse("".join(pieces))
    assert parsed is not None
    for lang in ("en", "es", "zh-Hant", "ar", "yo"):
        text = parsed.format(MOMENTS[2], lang)
        # Literal text comes through as written.
        assert all(piece in text for piece in pieces if not piece.startswith("%"))
