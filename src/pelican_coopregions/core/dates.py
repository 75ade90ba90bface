"""Dates through Babel and CLDR only: never the operating system's locale.

One formatting function takes a CLDR width or pattern, with thin wrappers for skeletons and
ISO dates; ``lang`` is always an explicit argument (Babel's process-wide default is never
read). A date is taken as the calendar date written in the article, so a ``Date: 2023-02-16``
stays 16 February whatever ``TIMEZONE`` or ``TZ`` say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_skeleton as babel_format_skeleton
from babel.dates import format_time as babel_format_time
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
    try:
        # Babel checks each field's width only when it writes it ("MMMMMMMMMM" has one
        # letter too many): write a date once now, not when the first page is written.
        babel_format_date(_SAMPLE, value, locale="en")
    except (ValueError, KeyError) as error:
        raise ValueError(
            f"{value!r} is not a CLDR date pattern Babel can write ({error}); use a width "
            f"({', '.join(WIDTHS)}) or a pattern such as 'd MMMM y'"
        ) from None
    return value


_SAMPLE = date(2023, 2, 16)


# A site's Pelican date formats, as Pelican's own strftime (pelican.utils.strftime) reads them:
# it writes the C89 directives, "-" before one strips leading zeros, and it leaves any other
# "%" and the character after it as written ("%e" stays "%e").
_C89_DIRECTIVES = frozenset("aAbBcdfGHIjmMpSUuVwWxXyYzZ%")
_CANDIDATE = re.compile(r"%-?.")
Layout = Callable[[datetime, Locale], str]
# Words: CLDR's names, as Babel's "EEE", "EEEE", "MMM", "MMMM" and "a" fields write them.
_WORDS: dict[str, Layout] = {
    "a": lambda moment, locale: locale.days["format"]["abbreviated"][moment.weekday()],
    "A": lambda moment, locale: locale.days["format"]["wide"][moment.weekday()],
    "b": lambda moment, locale: locale.months["format"]["abbreviated"][moment.month],
    "B": lambda moment, locale: locale.months["format"]["wide"][moment.month],
    "p": lambda moment, locale: babel_format_datetime(
        moment, "a", tzinfo=moment.tzinfo, locale=locale
    ),
}
# The locale's own layouts. In English, what the C locale writes (an American English locale):
_C_LAYOUTS: dict[str, Layout] = {
    "c": lambda moment, locale: (
        f"{_WORDS['a'](moment, locale)} {_WORDS['b'](moment, locale)} "
        f"{moment.day:2d} {datetime.strftime(moment, '%H:%M:%S')} {moment.year}"
    ),
    "x": lambda moment, locale: datetime.strftime(moment, "%m/%d/%y"),
    "X": lambda moment, locale: datetime.strftime(moment, "%H:%M:%S"),
}
_C_LOCALE_TAGS = frozenset({"en", "en-US"})
# ...and in every other language CLDR's: short date, medium date and time, medium time.
_CLDR_LAYOUTS: dict[str, Layout] = {
    "c": lambda moment, locale: babel_format_datetime(
        moment, "medium", tzinfo=moment.tzinfo, locale=locale
    ),
    "x": lambda moment, locale: babel_format_date(moment, "short", locale=locale),
    "X": lambda moment, locale: babel_format_time(
        moment, "medium", tzinfo=moment.tzinfo, locale=locale
    ),
}


@dataclass(frozen=True, slots=True)
class StrftimeFormat:
    """A site's Pelican date format (``"%a %d %B %Y"``), read once, written in any language.

    It writes what Pelican's own ``strftime`` writes on a machine without locales (the C
    locale), with every word and every locale layout taken from CLDR in the requested language
    instead of the process locale: ``%B`` is "febrero" in Spanish, ``%x`` the locale's short
    date ("16/2/23"), ``%c`` its medium date and time, ``%X`` its time. In English (``en``,
    ``en-US``) the layouts are the C locale's own (``%x`` is "02/16/23"), so an English text is
    exactly Pelican's. Numbers, ``%z`` and ``%Z`` are the same in every language.
    """

    parts: tuple[tuple[str, str], ...]  # (a directive such as "%-d", "") or ("", text)

    @classmethod
    def parse(cls, value: str) -> StrftimeFormat | None:
        """The format, or ``None`` when Pelican itself cannot use it (a lone ``%``)."""
        parts: list[tuple[str, str]] = []
        position = 0
        for match in (*_CANDIDATE.finditer(value), None):
            between = value[position : match.start() if match else len(value)]
            if "%" in between:  # at the end, or before a line break: Pelican fails on it
                return None
            parts.append(("", between))
            if match is None:
                break
            token = match.group()
            parts.append((token, "") if token[-1] in _C89_DIRECTIVES else ("", token))
            position = match.end()
        return cls(tuple((token, text) for token, text in parts if token or text))

    def format(self, value: date | datetime, lang: str, locale: Locale | None = None) -> str:
        """``value`` written in ``lang`` (a tag from :func:`~.languages.cldr_tag`); ``locale``:
        its Babel locale, when the caller keeps one for many dates."""
        moment = value if isinstance(value, datetime) else datetime.combine(value, time())
        locale = locale or babel_locale(lang)
        return "".join(
            _directive(token, moment, lang, locale) if token else text for token, text in self.parts
        )


def _directive(token: str, moment: datetime, lang: str, locale: Locale) -> str:
    """One directive (``%B``, or ``%-d`` without leading zeros) in ``lang``."""
    letter = token[-1]
    if letter in _WORDS:
        shown = _WORDS[letter](moment, locale)
    elif letter in _CLDR_LAYOUTS:
        layouts = _C_LAYOUTS if lang in _C_LOCALE_TAGS else _CLDR_LAYOUTS
        shown = layouts[letter](moment, locale)
    else:
        shown = datetime.strftime(moment, "%" + letter)
    return (shown.lstrip("0") or "0") if token[1] == "-" else shown


def format_date(
    value: date | datetime, lang: str = "en", format: str = "long", locale: Locale | None = None
) -> str:
    """Format ``value`` in ``lang`` with a CLDR width (``long``) or pattern (``d MMMM y``);
    ``locale``: ``lang``'s Babel locale, when the caller keeps one for many dates."""
    locale = locale or babel_locale(lang)
    if isinstance(value, datetime) and format not in WIDTHS and _has_time_fields(format):
        # A site's own strftime format may show the time: keep the value's own time zone.
        return babel_format_datetime(value, format=format, tzinfo=value.tzinfo, locale=locale)
    return babel_format_date(calendar_date(value), format=format, locale=locale)


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


def format_year(year: int, lang: str = "en") -> str:
    """A year as CLDR's year skeleton ``y`` writes it: "2022", "2022年" in Japanese."""
    return format_skeleton(date(year, 1, 1), "y", lang)


def name_and_year(
    name: str,
    year: int,
    lang: str = "en",
    *,
    label: str | None = None,
    locale: Locale | None = None,
) -> str:
    """A heading for one year of a place: "Latin America, 2022" / "América Latina, 2022".

    CLDR has no pattern for "a name qualified by a year"; the nearest is the separator a
    language writes between the items of a list that are not joined by a conjunction: the
    ``middle`` part of its standard list pattern (", " in English, Spanish, Portuguese and
    French, "、" in Japanese and Chinese; every CLDR locale has one, from root if not its
    own). The year is :func:`format_year`'s, or ``label`` when the caller has it already
    (a page writer formats each year once, not once per page), ``locale`` ``lang``'s Babel
    locale when the caller keeps one.
    """
    pattern = (locale or babel_locale(lang)).list_patterns["standard"]["middle"]
    return str(pattern).format(name, format_year(year, lang) if label is None else label)
