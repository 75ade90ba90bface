"""Benchmark metadata parsing and registry loading (``make bench``; not a test).

Builds a registry with the whole built-in world and 300 synthetic organizations, generates
synthetic article metadata (regions, countries and organizations fields written the way people
write them: names in English or Spanish, ISO and M.49 codes, with or without accents, in any
case, either separator, stray spaces and repeats) and reports:

* how many records per second ``parse_regions``, ``parse_countries`` and ``parse_organizations``
  handle together (best of 5 runs); places are written by any name of the built-in vocabulary
  ("Burma", "EE. UU.", "Latin America and the Caribbean") as well as by display name and code;
* how long ``Registry.default()`` takes: in a fresh process (Babel's CLDR files not yet loaded,
  as in a ``pelican`` run) and again in a warm one (median of several runs each).

Run with ``.venv/bin/python bench/parse.py [--records N] [--seed S]``; it takes a few seconds.
Times are CPU time (``time.process_time``): on a shared machine, wall-clock time also counts
the other processes' turns, and moved by a factor of two between runs.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from pelican_coopregions import MetadataError, Organization, Region, Registry

PARSE_TARGET = 50_000  # records per second
LOAD_TARGET_MS = 50.0
ORGANIZATIONS = 300
RUNS = 5
FRESH_PROCESSES = 5
WARM_RUNS = 9

FIRST_WORDS = [
    "Unión", "Red", "Central", "Cooperativa", "Federación", "Alianza", "Colectivo", "Asociación",
    "Mutual", "Consorcio", "Workers", "Solidarity", "Commons", "Taller", "Cosecha", "Tejido",
]  # fmt: skip
SECOND_WORDS = [
    "Andina", "del Sur", "Caribeña", "Obrera", "Agraria", "Textil", "Pesquera", "Cafetalera",
    "Panadera", "Digital", "Gráfica", "de Salud", "de Vivienda", "Popular", "Campesina",
    "Comunitaria", "Energética", "Metalúrgica", "Educativa", "Cultural",
]  # fmt: skip
SECTORS = ["food", "housing", "energy", "health", "textiles", "software", "farming", "transport"]
SPACES = ["", "", "", " ", "  ", "\t"]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def messy(text: str, rng: random.Random) -> str:
    """``text`` as an author might type it: case, accents and spaces vary."""
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.20:
        text = text.upper()
    if rng.random() < 0.3:
        text = strip_accents(text)
    if rng.random() < 0.05:
        text = text.replace(" ", "  ")
    return rng.choice(SPACES) + text + rng.choice(SPACES)


def region_spellings(region: Region, vocabulary: dict[str, list[str]]) -> list[str]:
    """Ways to write a region, weighted towards names (codes are mostly used for countries)."""
    texts = [region.name("en"), region.name("en"), region.name("es"), region.slug]
    texts += [code for code in (region.alpha2, region.alpha3, region.code) if code]
    if names := vocabulary.get(region.slug):
        texts += [names[0], names[-1]]
    return texts


def vocabulary_names(registry: Registry) -> dict[str, list[str]]:
    """Slug -> the names of the built-in vocabulary that find the place alone (no commas)."""
    return {
        region.slug: [
            name.text
            for name, others in registry.names_of(region)
            if name.lang is not None and not others and "," not in name.text
        ]
        for region in registry.regions
    }


def organization_spellings(organization: Organization) -> list[str]:
    texts = [organization.name("en"), organization.name("en"), organization.name("es")]
    return texts + [text for text in (organization.acronym, organization.slug) if text]


def field(spellings: list[list[str]], rng: random.Random) -> str:
    """A metadata value naming each record once or twice, joined like Pelican tags."""
    items = [messy(rng.choice(options), rng) for options in spellings]
    if items and rng.random() < 0.1:
        items.append(rng.choice(items))  # the same place written twice
    if rng.random() < 0.05:
        items.append("")  # a trailing separator
    separator = rng.choice(["; ", ", ", ";", ","])
    return separator.join(items)


def write_organizations(
    path: Path, countries: list[Region], vocabulary: dict[str, list[str]], rng: random.Random
) -> None:
    """Write ``ORGANIZATIONS`` synthetic organizations; the first 20 are federations."""
    acronyms: list[str] = []
    lines: list[str] = []
    for number in range(ORGANIZATIONS):
        first, second = rng.choice(FIRST_WORDS), rng.choice(SECOND_WORDS)
        acronyms.append(f"{first[0]}{strip_accents(second)[0]}{number}")
        sectors = ", ".join(f'"{sector}"' for sector in rng.sample(SECTORS, 2))
        lines += [
            "[[organization]]",
            f'name = {{ en = "{first} {strip_accents(second)} Cooperative {number}", '
            f'es = "{first} {second} {number}" }}',
            f'acronym = "{acronyms[-1]}"',
            f'country = "{rng.choice(region_spellings(rng.choice(countries), vocabulary))}"',
            f'locality = "Town {number}"',
            f"founded = {rng.randint(1900, 2024)}",
            f'website = "https://coop{number}.example.org/"',
            f"sectors = [{sectors}]",
        ]
        if number >= 20 and rng.random() < 0.5:
            lines.append(f'parent = "{acronyms[rng.randrange(20)]}"')
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def make_records(registry: Registry, count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    areas = [region for region in registry.regions if not region.is_country]
    countries = [region for region in registry.regions if region.is_country]
    # Articles of a cooperative news site: mostly about a few places, sometimes anywhere.
    popular = [registry.region(code) for code in ("VE", "AR", "HT", "GD", "CU", "PE", "BO", "MX")]
    vocabulary = vocabulary_names(registry)

    def spellings(region: Region) -> list[str]:
        return region_spellings(region, vocabulary)

    records = []
    for _ in range(count):
        chosen_countries = [
            rng.choice(popular) if rng.random() < 0.6 else rng.choice(countries)
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4]))
        ]
        chosen_areas = [rng.choice(areas) for _ in range(rng.choice([0, 1, 1, 2, 3]))]
        chosen_organizations = rng.sample(registry.organizations, rng.choice([0, 1, 1, 1, 2, 3]))
        records.append(
            (
                field([spellings(r) for r in chosen_areas + chosen_countries], rng),
                field([spellings(r) for r in chosen_countries], rng),
                field([organization_spellings(o) for o in chosen_organizations], rng),
            )
        )
    return records


def parse_all(registry: Registry, records: list[tuple[str, str, str]]) -> int:
    found = 0
    for regions, countries, organizations in records:
        found += len(registry.parse_regions(regions))
        found += len(registry.parse_countries(countries))
        found += len(registry.parse_organizations(organizations))
    return found


def best_time(function: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


FRESH_LOAD = """
import time
start = time.process_time()
from pelican_coopregions import Registry
imported = time.process_time()
Registry.default()
done = time.process_time()
print(imported - start, done - imported)
"""


def fresh_load_times() -> tuple[list[float], list[float]]:
    """(import seconds, ``Registry.default()`` seconds) in new interpreters."""
    imports, loads = [], []
    for _ in range(FRESH_PROCESSES):
        output = subprocess.run(
            [sys.executable, "-c", FRESH_LOAD], capture_output=True, text=True, check=True
        ).stdout
        imported, loaded = (float(value) for value in output.split())
        imports.append(imported)
        loads.append(loaded)
    return imports, loads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=49)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    imports, fresh = fresh_load_times()
    warm = []
    for _ in range(WARM_RUNS):
        start = time.process_time()
        world = Registry.default()
        warm.append(time.process_time() - start)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "organizations.toml"
        countries = [r for r in world.regions if r.is_country]
        write_organizations(path, countries, vocabulary_names(world), rng)
        start = time.process_time()
        registry = Registry.load(organizations=path)
        site_load = time.process_time() - start
    assert len(registry.organizations) == ORGANIZATIONS

    records = make_records(registry, args.records, rng)
    found = parse_all(registry, records)  # also checks that every value is known
    best = best_time(lambda: parse_all(registry, records))
    rate = len(records) / best

    typos = [messy(region.name(), rng)[:-1] + "q" for region in rng.sample(world.regions, 50)]

    def parse_typos() -> None:
        # Each distinct unknown value is searched once per registry: forget the searches, to
        # time the first one.
        registry.region_rule.suggested.clear()
        for typo in typos:
            with contextlib.suppress(MetadataError):
                registry.parse_regions(typo)

    typo_ms = best_time(parse_typos, runs=3) / len(typos) * 1000

    def verdict(ok: bool) -> str:
        return "ok" if ok else "SLOWER THAN TARGET"

    load_ms = statistics.median(fresh) * 1000
    print(f"python {sys.version.split()[0]}, {len(registry.regions)} regions, ", end="")
    print(f"{len(registry.organizations)} organizations, {len(records):,} records, ", end="")
    print(f"{found:,} values found per run")
    print(
        f"parse: {rate:,.0f} records/s (target >= {PARSE_TARGET:,}) "
        f"[{verdict(rate >= PARSE_TARGET)}; best of {RUNS}: {best * 1000:.1f} ms, "
        f"{best / len(records) * 1e6:.1f} µs per record, 3 fields]"
    )
    print(
        f"Registry.default(): {load_ms:.1f} ms (target < {LOAD_TARGET_MS:.0f} ms) "
        f"[{verdict(load_ms < LOAD_TARGET_MS)}; fresh process, median of {FRESH_PROCESSES}]"
    )
    print(
        f"Registry.default() again in the same process: {statistics.median(warm) * 1000:.1f} ms "
        f"(median of {WARM_RUNS})"
    )
    print(f"import pelican_coopregions: {statistics.median(imports) * 1000:.1f} ms (fresh process)")
    print(f"Registry.load() with {ORGANIZATIONS} organizations: {site_load * 1000:.1f} ms")
    print(f"unknown value with suggestions: {typo_ms:.2f} ms per item")


if __name__ == "__main__":
    main()
