"""Dates through Babel and CLDR only: never the operating system's locale.

One formatting function takes a CLDR width or pattern, with thin wrappers for skeletons and
ISO dates; ``lang`` is always an explicit argument (Babel's process-wide default is never
read). A date is taken as the calendar date written in the article, so a ``Date: 2023-02-16``
stays 16 February whatever ``TIMEZONE`` or ``TZ`` say.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_skeleton as babel_format_skeleton
from babel.dates import tokenize_pattern

from .languages import babel_locale

WIDTHS = ("short", "medium", "long", "full")
_DATE_FIELDS = frozenset("GyYuUQqMLlwWdDFgEec")
_TIME_FIELDS = frozenset("aBbhHkKmsSAzZvVOxX")


def calendar_date(value: date | datetime) -> date:
    """The date as written, in its own time zone: no conversion that could shift the day."""
    return value.date() if isinstance(value, datetime) else value


def check_format(value: str) -> str:
    """Return ``value`` if it is a CLDR width or a CLDR date pattern; raise ``ValueError``."""
    if value in WIDTHS:
        return value
    if "%" in value:
        raise ValueError(
            f"{value!r} looks like a strftime format; use a CLDR width ({', '.join(WIDTHS)}) "
            "or a CLDR pattern such as \"d 'de' MMMM 'de' y\""
        )
    if value.replace("''", "").count("'") % 2:
        raise ValueError(f"{value!r} has an unclosed quote (write '' for a literal quote)")
    fields = [token[1][0] for token in tokenize_pattern(value) if token[0] == "field"]
    unknown = sorted({field for field in fields if field not in _DATE_FIELDS})
    if unknown or not fields:
        what = (
            f"{', '.join(repr(letter) for letter in unknown)}: not CLDR date fields"
            if unknown
            else "no date field"
        )
        raise ValueError(
            f"{value!r} is not a CLDR date pattern ({what}); use a width "
            f"({', '.join(WIDTHS)}) or a pattern such as 'd MMMM y'"
        )
    return value


# strftime directives and their CLDR equivalents, for reading a site's Pelican date formats.
_STRFTIME_TO_CLDR = {
    "a": "EEE",
    "A": "EEEE",
    "b": "MMM",
    "h": "MMM",
    "B": "MMMM",
    "d": "dd",
    "-d": "d",
    "e": "d",
    "m": "MM",
    "-m": "M",
    "y": "yy",
    "Y": "y",
    "j": "DDD",
    "-j": "D",
    "H": "HH",
    "-H": "H",
    "I": "hh",
    "-I": "h",
    "M": "mm",
    "-M": "m",
    "S": "ss",
    "-S": "s",
    "p": "a",
    "Z": "zzz",
}
_STRFTIME_DIRECTIVE = re.compile(r"%(-?[a-zA-Z%])")


def pattern_from_strftime(value: str) -> str | None:
    """The CLDR pattern that writes what ``strftime(value)`` writes in English, or ``None``.

    Lets a site keep its Pelican ``DEFAULT_DATE_FORMAT`` (``"%a %d %B %Y"``) while the words
    come from CLDR in each article's language instead of the process locale.
    """
    pattern: list[str] = []
    position = 0
    for match in _STRFTIME_DIRECTIVE.finditer(value):
        pattern.append(_quoted(value[position : match.start()]))
        directive = match.group(1)
        if directive == "%":
            pattern.append(_quoted("%"))
        elif directive in _STRFTIME_TO_CLDR:
            pattern.append(_STRFTIME_TO_CLDR[directive])
        else:
            return None
        position = match.end()
    pattern.append(_quoted(value[position:]))
    return "".join(pattern) or None


def _quoted(text: str) -> str:
    """Literal text in a CLDR pattern: letters inside quotes, a quote doubled."""
    if not text:
        return ""
    if not any(char.isalpha() or char == "'" for char in text):
        return text
    return "'" + text.replace("'", "''") + "'"


def format_date(value: date | datetime, lang: str = "en", format: str = "long") -> str:
    """Format ``value`` in ``lang`` with a CLDR width (``long``) or pattern (``d MMMM y``)."""
    if isinstance(value, datetime) and format not in WIDTHS and _has_time_fields(format):
        # A site's own strftime format may show the time: keep the value's own time zone.
        return babel_format_datetime(
            value, format=format, tzinfo=value.tzinfo, locale=babel_locale(lang)
        )
    return babel_format_date(calendar_date(value), format=format, locale=babel_locale(lang))


def _has_time_fields(pattern: str) -> bool:
    return any(
        kind == "field" and value[0] in _TIME_FIELDS for kind, value in tokenize_pattern(pattern)
    )


def format_skeleton(value: date | datetime, skeleton: str, lang: str = "en") -> str:
    """Format with a CLDR skeleton: ``yMMMM`` gives "February 2023" / "febrero de 2023"."""
    return babel_format_skeleton(skeleton, calendar_date(value), locale=babel_locale(lang))


def iso_date(value: date | datetime) -> str:
    """``YYYY-MM-DD``, for ``<time datetime>`` and JSON-LD."""
    return calendar_date(value).isoformat()
