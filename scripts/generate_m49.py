"""Write ``src/pelican_coopregions/data/m49.json`` from the UN M.49 table and pycountry.

The containment below is transcribed from the UN Statistics Division's "Standard country or
area codes for statistical use (M49)" overview; the ISO 3166-1 codes come from pycountry, so a
new ISO release is picked up by re-running ``make data``. Taiwan, absent from the UN table, sits
in Eastern Asia as in CLDR's own containment; Kosovo (CLDR's XK, not in ISO 3166-1) in Southern
Europe, also as in CLDR. North America (003) is CLDR's grouping of Northern America, Central
America and the Caribbean: a region with members, beside M.49's own tree.

Slugs name published pages, so they never change once written: every slug already in the
output file is kept as it is, and only a place that has none yet gets one, made from its
English CLDR name. Names are not written here: they are in ``data/names.json``
(``scripts/generate_names.py``).

The output is JSON, not TOML: ``Registry.default()`` reads it on every Pelican run, and the
standard library's JSON reader is several times faster than its TOML reader.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale

from pelican_coopregions.core.keys import slugify

OUTPUT = Path(__file__).resolve().parent.parent / "src/pelican_coopregions/data/m49.json"

# (code, parent code, kind) for every area above the country level, parents first.
AREAS: list[tuple[str, str | None, str]] = [
    ("001", None, "world"),
    ("002", "001", "continent"),
    ("019", "001", "continent"),
    ("142", "001", "continent"),
    ("150", "001", "continent"),
    ("009", "001", "continent"),
    ("015", "002", "subregion"),
    ("202", "002", "subregion"),
    ("014", "202", "intermediate"),
    ("017", "202", "intermediate"),
    ("018", "202", "intermediate"),
    ("011", "202", "intermediate"),
    ("419", "019", "subregion"),
    ("029", "419", "intermediate"),
    ("013", "419", "intermediate"),
    ("005", "419", "intermediate"),
    ("021", "019", "subregion"),
    ("003", "019", "subregion"),
    ("143", "142", "subregion"),
    ("030", "142", "subregion"),
    ("035", "142", "subregion"),
    ("034", "142", "subregion"),
    ("145", "142", "subregion"),
    ("151", "150", "subregion"),
    ("154", "150", "subregion"),
    ("039", "150", "subregion"),
    ("155", "150", "subregion"),
    ("053", "009", "subregion"),
    ("054", "009", "subregion"),
    ("057", "009", "subregion"),
    ("061", "009", "subregion"),
]

# Areas that also contain other areas, beside the M.49 tree (CLDR's territory containment).
GROUPS: dict[str, list[str]] = {"003": ["021", "013", "029"]}

# Area code -> ISO 3166-1 alpha-2 codes of the countries and territories it directly contains.
MEMBERS: dict[str, str] = {
    "001": "AQ",
    "015": "DZ EG LY MA SD TN EH",
    "014": "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
    "017": "AO CM CF TD CG CD GQ GA ST",
    "018": "BW SZ LS NA ZA",
    "011": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "029": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    "013": "BZ CR SV GT HN MX NI PA",
    "005": "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    "021": "BM CA GL PM US",
    "143": "KZ KG TJ TM UZ",
    "030": "CN HK MO KP JP MN KR TW",
    "035": "BN KH ID LA MY MM PH SG TH TL VN",
    "034": "AF BD BT IN IR MV NP PK LK",
    "145": "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    "151": "BY BG CZ HU PL MD RO RU SK UA",
    "154": "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    "039": "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK",
    "155": "AT BE FR DE LI LU MC NL CH",
    "053": "AU CX CC HM NZ NF",
    "054": "FJ NC PG SB VU",
    "057": "GU KI MH FM NR MP PW UM",
    "061": "AS CK PF NU PN WS TK TO TV WF",
}

# Places CLDR names that ISO 3166-1 does not list: alpha-2 -> (alpha-3, M.49 numeric).
# Kosovo: XK and XKX are the codes the EU and the IMF use; M.49 has no code for it.
NOT_IN_ISO: dict[str, tuple[str, str | None]] = {"XK": ("XKX", None)}


def known_slugs() -> dict[str, str]:
    """Place code (M.49 for areas, alpha-2 for countries) -> slug, from the current file."""
    if not OUTPUT.exists():
        return {}
    table = json.loads(OUTPUT.read_text(encoding="utf-8"))
    slugs = {area["code"]: area["slug"] for area in table["areas"]}
    slugs.update({country["alpha2"]: country["slug"] for country in table["countries"]})
    return slugs


def slug_for(code: str, slugs: dict[str, str]) -> str:
    if code not in slugs:
        name = Locale("en").territories[code]
        slugs[code] = slugify(name)
        print(f"new place {code}: slug {slugs[code]!r} from {name!r}", file=sys.stderr)
    return slugs[code]


def line(entry: dict[str, Any]) -> str:
    return "    " + json.dumps(entry, ensure_ascii=False)


def render() -> str:
    parent_of: dict[str, str] = {}
    for area, codes in MEMBERS.items():
        for alpha2 in codes.split():
            if alpha2 in parent_of:
                sys.exit(f"{alpha2} is listed under both {parent_of[alpha2]} and {area}")
            parent_of[alpha2] = area
    iso = {c.alpha_2: (c.alpha_3, c.numeric) for c in pycountry.countries}
    iso.update(NOT_IN_ISO)
    if missing := sorted(set(iso) - set(parent_of)):
        sys.exit(f"countries without an M.49 area: {missing}")
    if unknown := sorted(set(parent_of) - set(iso)):
        sys.exit(f"codes that are neither ISO 3166-1 alpha-2 nor listed in NOT_IN_ISO: {unknown}")

    slugs = known_slugs()
    areas = []
    for code, parent, kind in AREAS:
        entry: dict[str, Any] = {"code": code, "kind": kind, "slug": slug_for(code, slugs)}
        if parent:
            entry["parent"] = parent
        if code in GROUPS:
            entry["members"] = GROUPS[code]
        areas.append(line(entry))
    countries = []
    for alpha2 in sorted(iso):
        alpha3, numeric = iso[alpha2]
        entry = {"alpha2": alpha2, "alpha3": alpha3, "numeric": numeric}
        entry |= {"parent": parent_of[alpha2], "slug": slug_for(alpha2, slugs)}
        countries.append(line(entry))
    if len(set(slugs.values())) != len(slugs):
        sys.exit("two places share a slug")
    about = (
        "UN M.49 areas and ISO 3166-1 countries: codes, containment and fixed slugs. "
        "Generated by scripts/generate_m49.py: edit that script, not this file."
    )
    return (
        "{\n"
        f'  "about": {json.dumps(about)},\n'
        '  "areas": [\n' + ",\n".join(areas) + "\n  ],\n"
        '  "countries": [\n' + ",\n".join(countries) + "\n  ]\n}\n"
    )


if __name__ == "__main__":
    text = render()
    json.loads(text)  # the output must be valid JSON
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
