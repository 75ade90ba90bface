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
    return value


# strftime directives, read as Python's strftime writes them in the C locale.
# Numbers, offsets and zone abbreviations are the same in every language: strftime writes them.
_LOCALE_FREE = frozenset("CdDeFfgGHIjklmMnRsStTuUVwWyYzZ%")
# Words: the CLDR field with the same meaning (%P is glibc's lower-case %p).
_WORDS = {"a": "EEE", "A": "EEEE", "b": "MMM", "h": "MMM", "B": "MMMM", "p": "a", "P": "a"}
# The locale's own layouts: in English what the C locale writes, elsewhere CLDR's equivalent.
_C_LAYOUTS = {"c": "%a %b %e %H:%M:%S %Y", "x": "%m/%d/%y", "X": "%H:%M:%S", "r": "%I:%M:%S %p"}
_CLDR_LAYOUTS: dict[str, Callable[[datetime, Locale], str]] = {
    "c": lambda moment, locale: babel_format_datetime(
        moment, "medium", tzinfo=moment.tzinfo, locale=locale
    ),
    "x": lambda moment, locale: babel_format_date(moment, "short", locale=locale),
    "X": lambda moment, locale: babel_format_time(
        moment, "medium", tzinfo=moment.tzinfo, locale=locale
    ),
    "r": lambda moment, locale: babel_format_skeleton(
        "hms", moment, tzinfo=moment.tzinfo, locale=locale
    ),
}
# The C locale is American English: its layouts stand for these tags.
_C_LOCALE_TAGS = frozenset({"en", "en-US"})
# Flags (glibc) that make sense on words: no padding, space or zero padding, upper case.
_WORD_FLAGS = frozenset({"", "-", "_", "0", "^"})
_DIRECTIVE = re.compile(r"%([-_0^#]?)(.?)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class StrftimeFormat:
    """A site's strftime format (``"%a %d %B %Y"``), read once, written in any language.

    It writes what ``strftime`` writes in the C locale, with every word and every
    locale-dependent layout taken from CLDR in the requested language instead of the process
    locale: ``%B`` is "febrero" in Spanish, ``%x`` the locale's short date ("16/2/23"),
    ``%c`` its medium date and time, ``%X`` its time, ``%r`` its 12-hour time. In English
    (``en``, ``en-US``) the layouts are the C locale's own (``%x`` is "02/16/23"), so an
    English text is exactly what Pelican writes on a machine without locales. Numbers, ``%z``
    and ``%Z`` are the same in every language and come from ``strftime`` itself.
    """

    parts: tuple[tuple[str, str], ...]  # (flag, directive), or ("", text) for literal text

    @classmethod
    def parse(cls, value: str) -> StrftimeFormat | None:
        """The format, or ``None`` when it has a directive this cannot write faithfully
        (``%Ec``, ``%Od``, widths such as ``%10A``, ``%#a``, a lone ``%``...)."""
        parts: list[tuple[str, str]] = []
        position = 0
        for match in _DIRECTIVE.finditer(value):
            flag, directive = match.groups()
            known = directive in _LOCALE_FREE or (
                (directive in _WORDS or directive in _C_LAYOUTS) and flag in _WORD_FLAGS
            )
            if not known:
                return None
            if match.start() > position:
                parts.append(("", value[position : match.start()]))
            parts.append(("%" + flag, directive))
            position = match.end()
        if position < len(value):
            parts.append(("", value[position:]))
        return cls(tuple(parts))

    def format(self, value: date | datetime, lang: str) -> str:
        """``value`` written in ``lang`` (a tag from :func:`~.languages.cldr_tag`)."""
        moment = value if isinstance(value, datetime) else datetime.combine(value, time())
        locale = babel_locale(lang)
        return "".join(self._part(flag, text, moment, lang, locale) for flag, text in self.parts)

    @staticmethod
    def _part(flag: str, text: str, moment: datetime, lang: str, locale: Locale) -> str:
        if not flag:
            return text
        if text in _LOCALE_FREE:
            return moment.strftime(flag + text)
        if text in _WORDS:
            shown = babel_format_datetime(moment, _WORDS[text], tzinfo=moment.tzinfo, locale=locale)
            shown = shown.lower() if text == "P" else shown
        elif lang in _C_LOCALE_TAGS:
            layout = StrftimeFormat.parse(_C_LAYOUTS[text])
            assert layout is not None
            shown = layout.format(moment, lang)
        else:
            shown = _CLDR_LAYOUTS[text](moment, locale)
        return shown.upper() if flag == "%^" else shown


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
