"""The one language-code function: whatever a site writes, the nearest locale CLDR has.

Sites write languages every way there is: ``es``, ``ES``, ``pt_BR``, ``pt-br``,
``es_ES.UTF-8``, ``sr@latin``, ``zh_Hant``, and sometimes garbage (``es  ernet``, ``Spanish``,
``es,en``, ``C``). Pelican takes any string; so must we. Everything that needs a language
(page languages, Babel dates, CLDR names, catalogs, data-file keys) goes through
:func:`cldr_tag`, so two spellings of one language always agree, and a code CLDR does not know
falls back instead of raising deep inside Babel.

Tags are canonical BCP 47: ``es``, ``pt-BR``, ``zh-Hant``, ``es-419`` (language lower case,
script title case, region upper case), used as keys, in ``hreflang`` and in URLs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping

from babel import Locale, localedata
from babel.core import get_global

ENGLISH = "en"

# language[-script][-region][-variant...], with "-" or "_" between subtags. Extensions and
# variants are accepted and dropped: CLDR data is per language, script and region. BCP 47's
# 5-8 letter language subtags are left out: none is registered, and "Spanish" is a word.
_TAG = re.compile(
    r"(?P<language>[a-z]{2,3})"
    r"(?:[-_](?P<script>[a-z]{4}))?"
    r"(?:[-_](?P<region>[a-z]{2}|[0-9]{3}))?"
    r"(?:[-_][a-z0-9]{1,8})*",
    re.IGNORECASE,
)
# The POSIX modifiers that name a script (sr_RS@latin, uz_UZ@cyrillic).
_SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "devanagari": "Deva"}


def language_tag(text: object) -> str | None:
    """The canonical BCP 47 spelling of ``text``, or ``None`` when it is no language tag.

    POSIX locale names lose their encoding and modifier (``es_ES.UTF-8`` → ``es-ES``,
    ``sr_RS@latin`` → ``sr-Latn-RS``). Nothing is checked against CLDR here.
    """
    if not isinstance(text, str):
        return None
    value, _, modifier = text.strip().partition("@")
    value = value.split(".", 1)[0]
    match = _TAG.fullmatch(value)
    if match is None or not value.isascii():
        return None
    parts = [match["language"].lower()]
    script = match["script"] or _SCRIPT_MODIFIERS.get(modifier.split(".", 1)[0].lower())
    if script:
        parts.append(script.title())
    if match["region"]:
        parts.append(match["region"].upper())
    # Interned: every name and description of every record is keyed by its tag.
    return sys.intern("-".join(parts))


def _narrower_first(tag: str) -> Iterator[str]:
    """``zh-Hant-TW``, ``zh-TW``, ``zh-Hant``, ``zh``: the tag, then without region/script."""
    language, *rest = tag.split("-")
    script = next((part for part in rest if len(part) == 4), None)
    region = next((part for part in rest if len(part) != 4), None)
    candidates = [
        (language, script, region),
        (language, None, region),
        (language, script, None),
        (language, None, None),
    ]
    for parts in dict.fromkeys(candidates):
        yield "-".join(part for part in parts if part)


def cldr_tag(text: object) -> str | None:
    """The nearest locale CLDR has for ``text``, as a tag; ``None`` when CLDR has none.

    ``pt_BR`` → ``pt-BR``; ``de-CH-1996`` → ``de-CH``; ``es-XX`` → ``es``; ``yua``, ``tlh``,
    ``C``, ``Spanish`` → ``None``.
    """
    tag = language_tag(text)
    if tag is None:
        return None
    for candidate in _narrower_first(tag):
        identifier = candidate.replace("-", "_")
        if identifier != "root" and localedata.exists(identifier):
            return candidate
    return None


def resolve(text: object, fallback: str) -> str:
    """``text``'s nearest CLDR tag, else ``fallback`` (itself a tag from :func:`cldr_tag`)."""
    return cldr_tag(text) or fallback


def site_default(default_lang: object) -> str:
    """The language a site falls back to: its ``DEFAULT_LANG`` if CLDR knows it, else English."""
    return resolve(default_lang, ENGLISH)


def babel_locale(tag: str) -> Locale:
    """The Babel locale of a tag; ``tag`` should come from :func:`cldr_tag`, else English."""
    return Locale.parse((cldr_tag(tag) or ENGLISH).replace("-", "_"))


def language_chain(tag: str, *, last: str | None = ENGLISH) -> tuple[str, ...]:
    """Tags to try for a text in ``tag``, most specific first, ending in ``last`` (English).

    ``pt-BR`` → ``pt-BR``, ``pt``, ``en``: a translation into Portuguese serves Brazil too.
    A region whose CLDR parent is another region of its language comes before the language:
    ``pt-MZ`` → ``pt-MZ``, ``pt-PT``, ``pt``, ``en`` (Mozambique writes European Portuguese),
    ``es-AR`` → ``es-AR``, ``es-419``, ``es``, ``en``. With ``last=None`` the chain stops at the
    language itself (``pt-BR``, ``pt``), for settings whose own ``"default"`` key, not English,
    comes next.
    """
    canonical = language_tag(tag)
    chain = list(_narrower_first(canonical)) if canonical else []
    parents: Mapping[str, str] = get_global("parent_exceptions")
    if chain and (parent := parents.get(chain[0].replace("-", "_"))) is not None:
        chain.insert(1, parent.replace("_", "-"))
    ending = [last] if last else []
    return tuple(dict.fromkeys(chain + ending))


def language_name(tag: str, in_tag: str) -> str:
    """The name of language ``tag`` in language ``in_tag``: ``es`` in Spanish is "español"."""
    name = babel_locale(tag).get_display_name(babel_locale(in_tag)) if cldr_tag(tag) else None
    return name or tag
