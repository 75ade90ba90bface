"""Dates through Babel and CLDR only: never the operating system's locale.

One formatting function takes a CLDR width or pattern, with thin wrappers for skeletons and
ISO dates; ``lang`` is always an explicit argument (Babel's process-wide default is never
read). A date is taken as the calendar date written in the article, so a ``Date: 2023-02-16``
stays 16 February whatever ``TIMEZONE`` or ``TZ`` say.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton as babel_format_skeleton
from babel.dates import tokenize_pattern

WIDTHS = ("short", "medium", "long", "full")
_DATE_FIELDS = frozenset("GyYuUQqMLlwWdDFgEec")


def _locale(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


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


def format_date(value: date | datetime, lang: str = "en", format: str = "long") -> str:
    """Format ``value`` in ``lang`` with a CLDR width (``long``) or pattern (``d MMMM y``)."""
    return babel_format_date(calendar_date(value), format=format, locale=_locale(lang))


def format_skeleton(value: date | datetime, skeleton: str, lang: str = "en") -> str:
    """Format with a CLDR skeleton: ``yMMMM`` gives "February 2023" / "febrero de 2023"."""
    return babel_format_skeleton(skeleton, calendar_date(value), locale=_locale(lang))


def iso_date(value: date | datetime) -> str:
    """``YYYY-MM-DD``, for ``<time datetime>`` and JSON-LD."""
    return calendar_date(value).isoformat()
