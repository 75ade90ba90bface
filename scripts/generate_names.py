"""Write ``src/pelican_coopregions/data/names.json``: every name the built-in places answer to.

Names come from the libraries that have them, at generation time only (neither is read when
a site is built):

* CLDR through Babel: the English and Spanish display names, and the names of the regional
  variants Babel ships (``en_CA`` "Saint Lucia", ``es_419`` "Costa de Marfil");
* ISO 3166-1 through pycountry: the short, official and common names, in English and, from
  pycountry's ``iso3166-1`` gettext catalog, in Spanish;

and from ``scripts/vocabulary.toml`` for what no library has (CLDR's alternate names,
everyday names, abbreviations, former names, display names, ambiguous names and hints).
Every name keeps the source it came from. Names in other languages are not written here:
they come from CLDR through Babel when a site has content in that language.

The generator refuses a name that would name two places unless ``vocabulary.toml`` lists it
as ambiguous, and a display name that would not find its own place.
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
from babel.core import get_cldr_version

from pelican_coopregions.core.keys import lookup_key

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src/pelican_coopregions/data/names.json"
TABLE = ROOT / "src/pelican_coopregions/data/m49.json"
CURATED = Path(__file__).resolve().parent / "vocabulary.toml"
LANGUAGES = ("en", "es")
# Tables of vocabulary.toml that are not lists of accepted names.
SPECIAL = {"display", "ambiguous", "hints"}
# Inverted ISO names ("Korea, Republic of") are also written in reading order: the part after
# the comma goes first when it ends with one of these words ("Republic of Korea"), after the
# head when it starts with "de" ("Islas Vírgenes de EEUU."); a single word goes where the
# language puts adjectives ("British Virgin Islands", "Islas Vírgenes Británicas").
_LEADING_TAIL_ENDS = ("of", "of the", "de", "del", "de la", "de los")
_TRAILING_TAIL_STARTS = ("de", "del")


def display_case(name: str) -> str:
    """CLDR writes some names in lower case ("world"): headings start with a capital."""
    return name[:1].upper() + name[1:]


def place_codes() -> dict[str, dict[str, Any]]:
    """Place code (M.49 for areas, alpha-2 for countries) -> its entry in m49.json."""
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    places = {area["code"]: area for area in table["areas"]}
    places.update({country["alpha2"]: country for country in table["countries"]})
    return places


def reading_order(name: str, lang: str) -> str | None:
    """``"Korea, Republic of"`` -> ``"Republic of Korea"``; ``None`` when not inverted."""
    head, comma, tail = name.partition(", ")
    if not comma or ", " in tail:
        return None
    words = tail.casefold().split()
    if tail.casefold().endswith(_LEADING_TAIL_ENDS) or (len(words) == 1 and lang == "en"):
        return f"{tail} {head}"
    if words[0] in _TRAILING_TAIL_STARTS or len(words) == 1:
        return f"{head} {tail}"
    return None


def regional_locales(language: str) -> list[str]:
    """Babel's regional variants of ``language`` in Latin script (not en_Dsrt, en_Shaw)."""
    return sorted(
        identifier
        for identifier in localedata.locale_identifiers()
        if identifier.startswith(f"{language}_")
        and Locale.parse(identifier).script in (None, "Latn")
    )


def cldr_names(places: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    """(code, language, name, source) from CLDR: display names, then regional variants."""
    for lang in LANGUAGES:
        base = Locale(lang).territories
        for code in places:
            yield code, lang, display_case(base[code]), "cldr"
        for identifier in regional_locales(lang):
            for code, name in Locale.parse(identifier).territories.items():
                if code in places:
                    yield code, lang, display_case(name), "cldr-regional"


def iso_names(places: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    """(code, language, name, source) from ISO 3166-1, in English and Spanish."""
    spanish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    for country in pycountry.countries:
        if country.alpha_2 not in places:
            continue
        for field in ("name", "official_name", "common_name"):
            english = getattr(country, field, None)
            if english is None:
                continue
            for lang, name, source in (
                ("en", english, "iso"),
                ("es", spanish.gettext(english), "iso-es"),
            ):
                yield country.alpha_2, lang, name, source
                if (ordered := reading_order(name, lang)) is not None:
                    yield country.alpha_2, lang, ordered, source


def curated_names(curated: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    for source, table in curated.items():
        if source in SPECIAL:
            continue
        for lang in LANGUAGES:
            for code, names in table.get(lang, {}).items():
                for name in [names] if isinstance(names, str) else names:
                    yield code, lang, name, source


def sources(curated: dict[str, Any]) -> dict[str, str]:
    babel = f"Babel {version('babel')} (CLDR {get_cldr_version()})"
    found = {
        "cldr": f"CLDR territory display names in English and Spanish, through {babel}",
        "cldr-regional": (
            "CLDR names in the regional variants Babel ships (en_AU, en_CA, en_GB, en_IN...; "
            f"es_419, es_AR, es_MX, es_US...), through {babel}"
        ),
        "iso": (
            "ISO 3166-1 short, official and common names, through pycountry "
            f"{version('pycountry')}; inverted names ('Korea, Republic of') also in reading order"
        ),
        "iso-es": (
            "Spanish ISO 3166-1 names from pycountry's iso3166-1 gettext catalog, through "
            f"pycountry {version('pycountry')}; inverted names also in reading order"
        ),
    }
    return found | {source: table["about"] for source, table in curated.items()}


def build() -> dict[str, Any]:
    places = place_codes()
    curated = tomllib.loads(CURATED.read_text(encoding="utf-8"))
    problems: list[str] = []

    display: dict[str, dict[str, str]] = {code: {} for code in places}
    for lang in LANGUAGES:
        cldr = Locale(lang).territories
        overrides = curated["display"][lang]
        for code in places:
            display[code][lang] = overrides.get(code) or display_case(cldr[code])

    names: dict[str, dict[str, list[list[str]]]] = {code: {} for code in places}
    seen: dict[tuple[str, str], set[str]] = {}
    for code, lang, name, source in (
        *cldr_names(places),
        *iso_names(places),
        *curated_names(curated),
    ):
        if code not in places:
            problems.append(f"{source}.{lang}: {code!r} is no built-in place")
            continue
        keys = seen.setdefault((code, lang), {lookup_key(display[code][lang])})
        if (key := lookup_key(name)) not in keys:
            keys.add(key)
            names[code].setdefault(lang, []).append([name, source])

    # Which places every key names: codes and slugs, display names, accepted names.
    owners: dict[str, set[str]] = {}
    for code, place in places.items():
        identifiers = [place["slug"], code, place.get("alpha3"), place.get("numeric")]
        for text in filter(None, identifiers):
            owners.setdefault(lookup_key(text), set()).add(code)
    for (code, _lang), keys in seen.items():
        for key in keys:
            owners.setdefault(key, set()).add(code)
    ambiguous = {lang: curated["ambiguous"].get(lang, {}) for lang in LANGUAGES}
    declared = {lookup_key(name) for table in ambiguous.values() for name in table}
    for key, codes in sorted(owners.items()):
        if len(codes) > 1 and key not in declared:
            problems.append(f"{key!r} names {sorted(codes)}: list it under [ambiguous]")
    for code, by_lang in display.items():
        for lang, name in by_lang.items():
            if owners[lookup_key(name)] != {code} or lookup_key(name) in declared:
                problems.append(f"display name {name!r} ({lang}) does not find only {code}")
    for lang in LANGUAGES:
        for name, codes in {**ambiguous[lang], **curated["hints"][lang]}.items():
            if unknown := [code for code in codes if code not in places]:
                problems.append(f"{name!r}: {unknown} are no built-in places")
        for name in curated["hints"][lang]:
            if lookup_key(name) in owners:
                problems.append(f"hint {name!r} is an accepted name: it would never be hinted")
    if problems:
        sys.exit("\n".join(problems))

    return {
        "about": (
            "Names of the built-in places, per language, each with its source. Generated by "
            "scripts/generate_names.py from Babel, pycountry and scripts/vocabulary.toml: "
            "edit those, not this file."
        ),
        "sources": sources(curated),
        "display": display,
        "names": {code: langs for code, langs in names.items() if langs},
        "ambiguous": ambiguous,
        "hints": {lang: curated["hints"].get(lang, {}) for lang in LANGUAGES},
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
