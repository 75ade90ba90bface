"""Write ``src/pelican_coopregions/data/names.json``: every name the built-in places answer to.

One vocabulary file per language, ``scripts/vocabulary/<tag>.toml`` (English, Spanish,
Portuguese of Brazil and of Portugal, French), holds what no library has: CLDR's alternate
names, everyday names, abbreviations, former names, display names, shared names, hints, and
the language's articles, joining words and generic words. A new language is a new file.
Names also come from the libraries that have them, at generation time only (neither is read
when a site is built):

* CLDR through Babel: each language's display names, and the names of the regional variants
  Babel ships (``en_CA`` "Saint Lucia", ``es_419`` "Costa de Marfil", ``pt_AO`` for pt-PT);
* ISO 3166-1 through pycountry: the short, official and common names, in English and, from
  pycountry's ``iso3166-1`` gettext catalogs, in the other languages; an inverted name
  ("Korea, Republic of") is also written in reading order and as the UN writes it
  ("Bolivia (Plurinational State of)").

Every name keeps the source it came from. A language whose tag has a region (``pt-PT``) is a
variant of its base language's file (``pt``): only what differs is written, and its pages
fall back to the base language's names. Names in languages without a file are not written
here: they come from CLDR through Babel when a site has content in that language.

Each page's slug in every language with a file is fixed here as the English ones are in
``m49.json``: a slug already in the output file is kept as it is, so a Babel release never
moves a page; only a new place or language gets one, made from its display name with
Pelican's default slug settings. A slug is moved on purpose only by deleting it from the
output before running this.

The generator refuses a name that would name two places unless a vocabulary lists it as
ambiguous, a display name that would not find its own place in its language, two languages'
display names of different places that look alike, and two display names of one language
that are anagrams of each other ("América del Norte" and "Norteamérica").
"""

from __future__ import annotations

import gettext
import json
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale, localedata
from babel.core import get_cldr_version, get_global
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from pelican_coopregions.core.keys import lookup_key

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src/pelican_coopregions/data/names.json"
TABLE = ROOT / "src/pelican_coopregions/data/m49.json"
VOCABULARY = Path(__file__).resolve().parent / "vocabulary"
# The language every place has a fixed slug in already (m49.json) and that comes first.
ENGLISH = "en"
# Tables of a vocabulary file that are not lists of accepted names.
# [demonyms] holds the words of a place's people and adjectives ("venezolanas"), which
# `coopregions tag` reads in running text: no name a value may hold.
SPECIAL = {"language", "words", "iso", "display", "ambiguous", "hints", "errata", "demonyms"}
WORD_LISTS = ("articles", "stop", "generic")


class Language:
    """One vocabulary file: a language tag, its data, and the base language it varies."""

    def __init__(self, tag: str, data: dict[str, Any], base: Language | None) -> None:
        self.tag = tag
        self.data = data
        self.base = base

    @property
    def cldr(self) -> str:
        return str(self.data["language"]["cldr"])

    def table(self, name: str) -> dict[str, Any]:
        """A table of this file, or of its base language's when this one has none."""
        if name in self.data or self.base is None:
            return dict(self.data.get(name, {}))
        return self.base.table(name)


def read_languages() -> list[Language]:
    """Every vocabulary file, English first, base languages before their variants."""
    files = {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in VOCABULARY.glob("*.toml")
    }
    order = sorted(files, key=lambda tag: (tag != ENGLISH, "-" in tag, tag))
    languages: dict[str, Language] = {}
    for tag in order:
        if files[tag]["language"]["tag"] != tag:
            sys.exit(f"vocabulary/{tag}.toml: [language] tag must be {tag!r}")
        languages[tag] = Language(tag, files[tag], languages.get(tag.split("-")[0]))
    return list(languages.values())


def display_case(name: str) -> str:
    """CLDR writes some names in lower case ("world"): headings start with a capital."""
    return name[:1].upper() + name[1:]


def place_codes() -> dict[str, dict[str, Any]]:
    """Place code (M.49 for areas, alpha-2 for countries) -> its entry in m49.json."""
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    places = {area["code"]: area for area in table["areas"]}
    places.update({country["alpha2"]: country for country in table["countries"]})
    return places


def reading_orders(name: str, rules: dict[str, Any]) -> Iterator[str]:
    """``"Korea, Republic of"`` -> ``"Republic of Korea"``, ``"Korea (Republic of)"``.

    ``rules`` is the language's ``[iso]`` table: which endings of the part after the comma put
    it first, where a single word goes, and which words go first anyway ("Îles").
    """
    head, comma, tail = name.partition(", ")
    if not comma or ", " in tail:
        return
    folded = tail.casefold()
    words = folded.split()
    ends = [end.casefold() for end in rules.get("tail_first_after", ())]
    if any(
        folded.endswith(end) and (end.endswith("'") or folded.endswith(f" {end}")) for end in ends
    ):
        yield f"{tail}{head}" if tail.endswith("'") else f"{tail} {head}"
        yield f"{head} ({tail})"
    elif len(words) == 1:
        first = rules.get("single_word_tail") == "first" or folded in {
            word.casefold() for word in rules.get("tail_first_words", ())
        }
        yield f"{tail} {head}" if first else f"{head} {tail}"


def regional_locales(language: Language, shipped: dict[str, str]) -> list[str]:
    """Babel's regional variants (Latin script) whose nearest shipped language is this one.

    ``shipped`` maps each shipped language's Babel locale to its tag; a variant's CLDR parent
    (``pt_AO`` -> ``pt_PT``) decides which one it falls under.
    """
    parents = get_global("parent_exceptions")
    base = language.tag.split("-")[0]
    found = []
    for identifier in localedata.locale_identifiers():
        if not identifier.startswith(f"{base}_") or identifier in shipped:
            continue
        if Locale.parse(identifier).script not in (None, "Latn"):
            continue
        parent = parents.get(identifier, base)
        while parent not in shipped and parent in parents:
            parent = parents[parent]
        if shipped.get(parent, shipped.get(base)) == language.tag:
            found.append(identifier)
    return sorted(found)


def cldr_names(
    places: dict[str, Any], language: Language, shipped: dict[str, str]
) -> Iterator[tuple[str, str, str]]:
    """(code, name, source) from CLDR: display names, then regional variants."""
    base = Locale.parse(language.cldr).territories
    for code in places:
        yield code, display_case(base[code]), "cldr"
    for identifier in regional_locales(language, shipped):
        for code, name in Locale.parse(identifier).territories.items():
            if code in places:
                yield code, display_case(name), "cldr-regional"


def iso_names(places: dict[str, Any], language: Language) -> Iterator[tuple[str, str, str]]:
    """(code, name, source) from ISO 3166-1 in ``language``, in reading order too."""
    catalog = language.data["language"]["iso"]
    translation = (
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[catalog])
        if catalog
        else gettext.NullTranslations()
    )
    source = "iso" if language.tag == ENGLISH else "iso-translated"
    rules = language.table("iso")
    for country in pycountry.countries:
        if country.alpha_2 not in places:
            continue
        for field in ("name", "official_name", "common_name"):
            english = getattr(country, field, None)
            if english is None:
                continue
            name = translation.gettext(english)
            if name == english and catalog:
                continue  # not translated: the English name, already English's
            yield country.alpha_2, name, source
            for ordered in reading_orders(name, rules):
                yield country.alpha_2, ordered, source


def curated_names(language: Language, only: str | None = None) -> Iterator[tuple[str, str, str]]:
    """(code, name, source) of the vocabulary's tables of names (or of the table ``only``)."""
    for source, table in language.data.items():
        if (source in SPECIAL) if only is None else (source != only):
            continue
        for code, names in table.items():
            if code == "about":
                continue
            for name in [names] if isinstance(names, str) else names:
                yield code, name, source


def sources(languages: list[Language]) -> dict[str, str]:
    """Source -> where its names come from, per language for the curated ones."""
    babel = f"Babel {version('babel')} (CLDR {get_cldr_version()})"
    tags = ", ".join(language.tag for language in languages)
    found = {
        "cldr": f"CLDR territory display names in {tags}, through {babel}",
        "cldr-regional": (
            "CLDR names in the regional variants Babel ships, each under its nearest shipped "
            f"language (en_AU, en_GB...; es_419, es_MX...; pt_AO, pt_MZ...; fr_CA, fr_BE...), "
            f"through {babel}"
        ),
        "iso": (
            "ISO 3166-1 short, official and common names, through pycountry "
            f"{version('pycountry')}; inverted names ('Korea, Republic of') also in reading "
            "order and as the UN writes them ('Bolivia (Plurinational State of)')"
        ),
        "iso-translated": (
            "ISO 3166-1 names from pycountry's iso3166-1 gettext catalogs (es, pt_BR, pt, fr), "
            f"through pycountry {version('pycountry')}; inverted names also in reading order"
        ),
    }
    abouts: dict[str, list[str]] = {}
    for language in languages:
        for source, table in language.data.items():
            if source not in ("language", "iso", "words", "errata") and "about" in table:
                abouts.setdefault(source, []).append(f"{language.tag}: {table['about']}")
    return found | {source: "; ".join(texts) for source, texts in abouts.items()}


def entries(language: Language, table: str) -> dict[str, list[str]]:
    """A table of names -> place codes, without its ``about``."""
    return {name: codes for name, codes in language.data.get(table, {}).items() if name != "about"}


def page_slug(name: str) -> str:
    """The slug Pelican's default settings make of a name (pages before this file had it)."""
    return str(slugify(name, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]))


def anagram(name: str, stop: set[str]) -> str:
    """The letters of a name's words, sorted, without joining words: a test of confusion."""
    return "".join(sorted("".join(word for word in lookup_key(name).split() if word not in stop)))


def build() -> dict[str, Any]:
    places = place_codes()
    languages = read_languages()
    tags = [language.tag for language in languages]
    shipped = {language.cldr: language.tag for language in languages}
    problems: list[str] = []

    def known(code: str, where: str) -> bool:
        if code not in places:
            problems.append(f"{where}: {code!r} is no built-in place")
        return code in places

    words: dict[str, dict[str, list[str]]] = {}
    for language in languages:
        table = language.data.get("words", {})
        words[language.tag] = {
            key: sorted({lookup_key(word) for word in table.get(key, ())}) for key in WORD_LISTS
        }
    stop_words = {word for table in words.values() for word in table["stop"]}

    # Display names: CLDR's, or the vocabulary's; a variant's only where it differs.
    display: dict[str, dict[str, str]] = {code: {} for code in places}
    for language in languages:
        cldr = Locale.parse(language.cldr).territories
        overrides = language.data.get("display", {})
        for code in places:
            name = overrides.get(code) or display_case(cldr[code])
            base = language.base.tag if language.base else None
            if base is None or display[code][base] != name:
                display[code][language.tag] = name
        for code in overrides:
            if code != "about":
                known(code, f"{language.tag}.display")

    # Every key a language's pages show or accept, and the places it names.
    names: dict[str, dict[str, list[list[str]]]] = {code: {} for code in places}
    seen: dict[tuple[str, str], set[str]] = {}
    for language in languages:
        family = [language.tag] + ([language.base.tag] if language.base else [])
        for code in places:
            shown = {lookup_key(display[code][tag]) for tag in family if tag in display[code]}
            seen[(code, language.tag)] = shown
        wrong = {
            (code, lookup_key(name)) for code, name, _ in curated_names(language, only="errata")
        }
        inherited = {
            code: seen.get((code, language.base.tag), set()) if language.base else set()
            for code in places
        }
        for code, name, source in (
            *cldr_names(places, language, shipped),
            *iso_names(places, language),
            *curated_names(language),
        ):
            if not known(code, f"{language.tag}.{source}") or (code, lookup_key(name)) in wrong:
                continue
            keys = seen[(code, language.tag)]
            key = lookup_key(name)
            if key not in keys and key not in inherited[code]:
                keys.add(key)
                names[code].setdefault(language.tag, []).append([name, source])

    ambiguous = {language.tag: entries(language, "ambiguous") for language in languages}
    hints = {language.tag: entries(language, "hints") for language in languages}
    declared = {tag: {lookup_key(name) for name in table} for tag, table in ambiguous.items()}
    every_declared = set().union(*declared.values())

    # Which places every key names: codes and slugs, then each language's names.
    identifiers: dict[str, set[str]] = {}
    for code, place in places.items():
        for text in filter(None, [place["slug"], code, place.get("alpha3"), place.get("numeric")]):
            identifiers.setdefault(lookup_key(text), set()).add(code)
    by_language: dict[str, dict[str, set[str]]] = {tag: {} for tag in tags}
    for (code, tag), keys in seen.items():
        for key in keys:
            by_language[tag].setdefault(key, set()).add(code)
    owners: dict[str, set[str]] = {key: set(codes) for key, codes in identifiers.items()}
    for table in by_language.values():
        for key, codes in table.items():
            owners.setdefault(key, set()).update(codes)
    for key, codes in sorted(owners.items()):
        if len(codes) > 1 and key not in every_declared:
            problems.append(f"{key!r} names {sorted(codes)}: list it under [ambiguous]")

    # A display name finds its place on its language's pages: within the language (and the
    # language it varies), among codes and slugs, and against every other display name.
    shown_by: dict[str, set[str]] = {}
    for code, by_lang in display.items():
        for name in by_lang.values():
            shown_by.setdefault(lookup_key(name), set()).add(code)
    for language in languages:
        family = [language.tag] + ([language.base.tag] if language.base else [])
        for code in places:
            tag = next(tag for tag in family if tag in display[code])
            name = display[code][tag]
            key = lookup_key(name)
            rivals = set(identifiers.get(key, ()))
            for member in family:
                rivals |= by_language[member].get(key, set())
            if rivals | shown_by[key] != {code} or any(key in declared[m] for m in family):
                problems.append(f"display name {name!r} ({language.tag}) does not find only {code}")
        # Two places whose names hold the same letters are too easily taken for each other.
        letters: dict[str, str] = {}
        for code in places:
            tag = next(tag for tag in family if tag in display[code])
            mixed = anagram(display[code][tag], stop_words)
            if (other := letters.setdefault(mixed, code)) != code:
                problems.append(
                    f"display names {display[other].get(tag)!r} and {display[code][tag]!r} "
                    f"({language.tag}) are anagrams: readers take one for the other"
                )
    for tag in tags:
        for name, codes in {**ambiguous[tag], **hints[tag]}.items():
            for code in codes:
                known(code, f"{tag}: {name!r}")
        for name in hints[tag]:
            if lookup_key(name) in owners:
                problems.append(f"hint {name!r} is an accepted name: it would never be hinted")

    # Demonyms: place code -> the words written for its people and things ("venezolanas").
    # One may be a name of its own place ("argentine", French for Argentina), never another's.
    demonyms: dict[str, dict[str, list[str]]] = {}
    for language in languages:
        table = {
            code: forms
            for code, forms in language.data.get("demonyms", {}).items()
            if code != "about"
        }
        for code, forms in table.items():
            known(code, f"{language.tag}.demonyms")
            for form in forms:
                if owners.get(lookup_key(form), {code}) != {code}:
                    problems.append(
                        f"demonym {form!r} ({language.tag}) is a name of "
                        f"{sorted(owners[lookup_key(form)])}, not only of {code}"
                    )
        if table:
            demonyms[language.tag] = table

    # Fixed slugs: kept once written; a new place or language gets one from its display name.
    written = (
        json.loads(OUTPUT.read_text(encoding="utf-8")).get("slugs", {}) if OUTPUT.exists() else {}
    )
    slugs: dict[str, dict[str, str]] = {}
    for code, by_lang in display.items():
        for language in languages:
            if language.tag != ENGLISH:
                family = [language.tag] + ([language.base.tag] if language.base else [])
                shown = next(by_lang[tag] for tag in family if tag in by_lang)
                slug = written.get(code, {}).get(language.tag) or page_slug(shown)
                slugs.setdefault(code, {})[language.tag] = slug
    if problems:
        sys.exit("\n".join(problems))

    return {
        "about": (
            "Names of the built-in places, per language, each with its source, and the fixed "
            "slugs of their pages. Generated by scripts/generate_names.py from Babel, pycountry "
            "and scripts/vocabulary/*.toml: edit those, not this file (see the script for "
            "moving a slug)."
        ),
        "sources": sources(languages),
        "languages": words,
        "display": display,
        "slugs": slugs,
        "names": {code: langs for code, langs in names.items() if langs},
        "ambiguous": ambiguous,
        "hints": hints,
        "demonyms": demonyms,
    }


def render(data: dict[str, Any]) -> str:
    """JSON with one place per line, so that a change shows as a one-line diff."""
    parts = []
    for key, value in data.items():
        if isinstance(value, dict):
            rows = [
                f"    {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                for k, v in value.items()
            ]
            parts.append(f"  {json.dumps(key)}: {{\n" + ",\n".join(rows) + "\n  }")
        else:
            parts.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


if __name__ == "__main__":
    text = render(build())
    json.loads(text)  # the output must be valid JSON
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
