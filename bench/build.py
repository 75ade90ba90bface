"""Build benchmark: a Pelican site with pelican-coopregions against the same site without it.

For each size the benchmark generates one synthetic bilingual site in two variants:

* **baseline**: ``PLUGINS = []``; each article's region is its Pelican ``Category``, so Pelican
  writes one (paginated) category page per region.
* **plugin**: ``PLUGINS = ["pelican_coopregions"]``, Pelican's category pages switched off
  (``CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""``: the plugin's pages replace them). What the
  articles name depends on ``--features``:

  - ``like-for-like`` (the default, the comparison the targets are for): each article names
    the baseline's category as ``Regions:``; rollup off, pages in the default language only,
    no map, no year pages, no pages for organizations without articles. The plugin writes
    what the baseline writes, one paginated page per region, and still loads the whole M.49
    world and the organizations' data file.
  - ``full``: ``Regions:``, ``Countries:`` and ``Organizations:`` with rollup, English and
    Spanish pages, feeds, year pages, the map and every organization's profile, against
    Pelican's own taxonomy doing that job: the baseline's category is the article's country
    and it writes a feed per category (issue 22's goals: wall time <= 1.10x at 2,000 articles
    and <= 1.05x at 10,000, CPU time <= 1.35x and <= 1.20x, peak memory <= 1.20x and <= 1.10x,
    cached rebuild after a one-article edit <= 1.15x).

``--shape`` chooses the site: ``uniform`` (every place as busy) or ``realistic`` (a long
tail: a few countries with hundreds of stories, most with one to five). ``--extra`` builds the
plugin again with one setting changed, side by side, for what that setting costs.

Both variants write Pelican's normal output (articles, translations, index, categories,
authors, archives) with Pelican's site-wide feeds switched off. Every build runs in a fresh
child process, which reports its wall and CPU time (its worker processes' too) and its own
peak RSS; the benchmark reads the proportional set size of the child and its workers while
it runs (peak memory). Builds alternate their order between repetitions; ratios are medians
of the ratios of builds made side by side (the machine's drift moves both builds alike).

    .venv/bin/python bench/build.py --quick          # smoke run: 500 articles, once
    .venv/bin/python bench/build.py                  # 2,000 and 10,000 articles, 3 times
    .venv/bin/python bench/build.py --profile 10000  # cProfile of the plugin's own work

Generated sites go to a temporary folder (removed unless ``--keep``) or ``--workdir``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import hashlib
import importlib.util
import io
import json
import logging
import os
import platform
import pstats
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

RESULT_MARK = "BENCH_RESULT "
PACKAGE = "pelican_coopregions"
VARIANTS = ("baseline", "plugin")
# The plugin variant built again with settings of its own (--extra), side by side with the
# others, so what a setting costs is the ratio of two otherwise identical builds.
MAP_OFF = "plugin-no-map"  # the coverage map's cost
YEARS_OFF = "plugin-no-years"  # the year pages' cost
YEARS_ALL = "plugin-all-years"  # a year page for every place (before issue 22's default)
WORKERS = "plugin-workers"  # worker processes ("auto"): what they save, what they cost
ONE_WORKER = "plugin-one-worker"  # one worker, however busy the machine
EXTRA_VARIANTS: dict[str, dict[str, Any]] = {
    WORKERS: {"COOPREGIONS_WORKERS": "auto"},
    ONE_WORKER: {"COOPREGIONS_WORKERS": 1},
    MAP_OFF: {"COOPREGIONS_MAP": False},
    YEARS_OFF: {"COOPREGIONS_YEAR_ARCHIVES": False},
    YEARS_ALL: {"COOPREGIONS_YEAR_ARCHIVES": "all"},
}
FEATURES = "like-for-like"  # set from --features in main()
SHAPE = "uniform"  # set from --shape in main()
EXTRA: tuple[str, ...] = ()  # set from --extra in main()
# The realistic shape: stories per place follow Zipf's law with this exponent (on top of one
# story each): at 2,000 stories over 150 countries, three with hundreds, 120 with one to five.
LONG_TAIL = 1.5
REALISTIC_YEARS = 8  # its stories are spread over this many years, whatever their number


@dataclass(frozen=True)
class Targets:
    """Upper bounds for the medians of paired plugin/baseline ratios: CPU time (the build
    process's and its workers'), wall time, peak memory (of the process and its workers), and
    the cached rebuild's CPU time."""

    time: float
    memory: float
    rebuild: float
    wall: float | None = None


def targets(size: int) -> Targets:
    """like-for-like: within noise of Pelican. full (every feature on, against Pelican's own
    category per country with category feeds): issue 22's goals, tighter for larger sites (its
    CPU goal is for the realistic shape; the uniform one has the same for comparison)."""
    if FEATURES == "like-for-like":
        return Targets(time=1.05, memory=1.10, rebuild=1.05)
    small = size < 10_000
    return Targets(
        time=1.35 if small else 1.20,
        memory=1.20 if small else 1.10,
        rebuild=1.15,
        wall=1.10 if small else 1.05,
    )


WARMUP_SIZE = 50
FEEDS_NOTE = (
    "Pelican's site-wide feeds are off in both variants (FEED_ALL_*, TAG_FEED_*, AUTHOR_FEED_*, "
    "TRANSLATION_FEED_* = None). like-for-like: category feeds and the plugin's feeds are off. "
    "full: the baseline writes a feed per category (CATEGORY_FEED_ATOM, Pelican's default), "
    "the plugin a feed per region and organization page and language (REGION_FEED_ATOM and "
    "friends, its defaults)."
)

# Settings shared by both variants; PLUGINS and the plugin's settings are added per variant.
COMMON_SETTINGS: dict[str, Any] = {
    "AUTHOR": "Bench Editors",
    "SITENAME": "Cooperative Economy Bench",
    "SITEURL": "https://bench.example.org",
    "FEED_DOMAIN": "https://bench.example.org",
    "PATH": "content",
    "TIMEZONE": "UTC",
    "DEFAULT_LANG": "en",
    "DEFAULT_DATE_FORMAT": "%Y-%m-%d",
    "DEFAULT_PAGINATION": 10,
    "RELATIVE_URLS": False,
    "FEED_ALL_ATOM": None,
    "FEED_ALL_RSS": None,
    "CATEGORY_FEED_ATOM": None,
    "CATEGORY_FEED_RSS": None,
    "TAG_FEED_ATOM": None,
    "TAG_FEED_RSS": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "TRANSLATION_FEED_ATOM": None,
    "TRANSLATION_FEED_RSS": None,
    "DELETE_OUTPUT_DIRECTORY": False,
    # The same page chrome in both variants: the baseline's 250 categories would otherwise be
    # listed in the menu of every page it writes (the plugin variant has only "News").
    "DISPLAY_CATEGORIES_ON_MENU": False,
}

_WORDS = (
    "cooperative members assembly workers federation credit union savings market producers "
    "harvest community network solidarity economy housing energy platform delivery bakery "
    "textile school health clinic fund loan training democracy ownership share capital "
    "surplus dividend region village city workshop factory recovered enterprise bank "
    "insurance mutual farmers fishers artisans care childcare water electricity solar wind "
    "transport taxi drivers couriers software designers musicians theatre books press radio"
)

_PALABRAS = (
    "cooperativa socios asamblea trabajadores federación ahorro crédito mercado productores "
    "cosecha comunidad red solidaridad economía vivienda energía plataforma reparto panadería "
    "textil escuela salud fondo préstamo formación democracia propiedad capital excedente "
    "región pueblo ciudad taller fábrica empresa recuperada banco seguro mutual campesinos "
    "pescadores artesanos cuidados agua electricidad transporte mensajería programas prensa"
)
WORDS = tuple(_WORDS.split())
PALABRAS = tuple(_PALABRAS.split())


# The plugin's source -------------------------------------------------------------------------


def fingerprint(package: Path) -> str:
    """A hash of every file of the package (code, templates, data, catalogs)."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class Source:
    """Which copy of the plugin the builds import.

    Other people edit ``src/`` while a long run goes on; by default the package is copied once
    into the work folder and every child imports that copy (``PYTHONPATH`` comes before the
    editable install's ``.pth`` entry), so all builds of a run measure the same code.
    """

    live: Path
    used: Path
    fingerprint: str
    env: dict[str, str]
    changed: bool = False

    @classmethod
    def prepare(cls, workdir: Path, snapshot: bool) -> Source:
        spec = importlib.util.find_spec(PACKAGE)
        if spec is None or spec.origin is None:
            raise SystemExit(f"{PACKAGE} is not importable by {sys.executable}")
        live = Path(spec.origin).parent
        env = dict(os.environ)
        used = live
        if snapshot:
            used = workdir / "snapshot" / PACKAGE
            shutil.copytree(live, used, ignore=shutil.ignore_patterns("__pycache__"))
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(used.parent), env.get("PYTHONPATH")])
            )
            sys.path.insert(0, str(used.parent))  # this process generates sites with it too
        return cls(live, used, fingerprint(used), env)

    def describe(self) -> str:
        where = f"snapshot of {self.live} in {self.used}" if self.used != self.live else self.live
        return f"plugin source: {where}, fingerprint {self.fingerprint}"

    def check(self) -> None:
        """Warn once if the code being measured changed (only possible without a snapshot)."""
        if (
            self.used == self.live
            and not self.changed
            and fingerprint(self.live) != self.fingerprint
        ):
            self.changed = True
            print(
                f"    WARNING: {self.live} changed during the run (fingerprint was "
                f"{self.fingerprint}): the following builds measure different code",
                flush=True,
            )


SOURCE: Source | None = None


# Synthetic site ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where an article is: the baseline's category, the plugin's three metadata fields."""

    category: str
    regions: dict[str, str]  # lang -> text of Regions:
    country: str  # alpha-2 code for Countries:
    orgs: tuple[int, ...] = ()


@dataclass
class Site:
    root: Path
    articles: int
    translated: int
    regions: int
    custom_regions: int
    organizations: int
    sources: list[Path] = field(default_factory=list)  # English originals, per variant dir
    generation_seconds: float = 0.0
    per_place: list[int] = field(default_factory=list)  # stories of each place, most first

    def variant_dir(self, variant: str) -> Path:
        return self.root / ("plugin" if variant in EXTRA_VARIANTS else variant)


def variants() -> tuple[str, ...]:
    """The variants built for each size: baseline, plugin, and the plugin with the settings
    of each of --extra."""
    return (*VARIANTS, *EXTRA)


def _toml(value: Any) -> str:
    """A TOML value: JSON strings, arrays and integers are valid TOML too."""
    return json.dumps(value, ensure_ascii=False)


def _sentence(rng: random.Random, words: tuple[str, ...], size: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(size))
    return text[:1].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: tuple[str, ...]) -> str:
    return " ".join(_sentence(rng, words, rng.randint(8, 16)) for _ in range(rng.randint(3, 6)))


def long_tail(places: int, stories: int) -> list[int]:
    """How many of ``stories`` each of ``places`` gets on a news site (the realistic shape):
    one each, the rest by Zipf's law (``LONG_TAIL``), so a few places have hundreds and most
    one to five. Rounded so the counts add up to ``stories``."""
    if stories <= places:
        return [1] * stories + [0] * (places - stories)
    weights = [1 / rank**LONG_TAIL for rank in range(1, places + 1)]
    shares = [(stories - places) * weight / sum(weights) for weight in weights]
    counts = [1 + int(share) for share in shares]
    by_remainder = sorted(range(places), key=lambda i: int(shares[i]) - shares[i])
    for index in by_remainder[: stories - sum(counts)]:
        counts[index] += 1
    return counts


def _places(
    count: int, organizations: int, rng: random.Random, weights: list[float] | None = None
) -> tuple[list[Place], str, str, int]:
    """R places (built-in countries first, then custom regions), regions TOML, orgs TOML.
    Organizations are spread evenly over the places, or by ``weights`` (one per place)."""
    from pelican_coopregions import Registry

    registry = Registry.default()
    countries = [r for r in registry.regions if r.kind == "country"]
    rng.shuffle(countries)
    by_slug = {r.slug: r for r in registry.regions}
    groups = [r for r in registry.regions if r.kind in ("subregion", "intermediate")]
    members_of: dict[str, list[Any]] = {}
    for country in countries:
        members_of.setdefault(str(country.parent), []).append(country)

    regions_toml = [
        "# Generated by bench/build.py: built-in regions described, and custom groups.",
        "",
        "[[region]]",
        'extends = "Latin America"',
        'name.es = "América Latina"',
        'description.en = "Cooperatives from Mexico to Patagonia and the Caribbean."',
        'description.es = "Cooperativas desde México hasta la Patagonia y el Caribe."',
        "",
    ]
    places: list[Place] = []
    for country in countries[:count]:
        parent = by_slug[str(country.parent)]
        places.append(
            Place(
                category=country.name("en"),
                regions={"en": parent.name("en"), "es": parent.name("es")},
                country=str(country.alpha2),
            )
        )
    custom = max(0, count - len(countries))
    for number in range(1, custom + 1):
        group = groups[number % len(groups)]
        members = [c for c in countries if c.parent == group.slug][:3] or countries[:3]
        name = f"Bench Region {number:03d}"
        regions_toml += [
            "[[region]]",
            f'slug = "bench-region-{number:03d}"',
            f"name.en = {_toml(name)}",
            f"name.es = {_toml(f'Región de prueba {number:03d}')}",
            f"parent = {_toml(group.slug)}",
            f"members = {_toml([str(m.alpha2) for m in members])}",
            f"description.en = {_toml(f'A site-defined group of {len(members)} countries.')}",
            f"description.es = {_toml(f'Un grupo de {len(members)} países del sitio.')}",
            "",
        ]
        places.append(
            Place(
                category=name,
                regions={"en": name, "es": f"Región de prueba {number:03d}"},
                country=str(members[0].alpha2),
            )
        )

    # Organizations: spread over the places' countries; every tenth one is a federation that
    # some of the next nine belong to.
    orgs_toml = ["# Generated by bench/build.py.", ""]
    org_country: list[str] = []
    homes = (
        rng.choices(range(len(places)), weights=weights, k=organizations)
        if weights
        else [number % len(places) for number in range(organizations)]
    )
    for number in range(organizations):
        place = places[homes[number]]
        word = WORDS[number % len(WORDS)]
        palabra = PALABRAS[number % len(PALABRAS)]
        lines = [
            "[[organization]]",
            f'slug = "bench-org-{number:05d}"',
            f"name.en = {_toml(f'{word.title()} Cooperative {number:05d}')}",
            f"name.es = {_toml(f'Cooperativa {palabra} {number:05d}')}",
            f"country = {_toml(place.country)}",
            f"locality = {_toml(f'Town {number % 97}')}",
            f"founded = {1900 + number % 120}",
            f'website = "https://org{number:05d}.example.org"',
            f"sectors = {_toml([word, WORDS[(number * 7) % len(WORDS)]])}",
            f"description.en = {_toml(f'A {word} cooperative with {10 + number % 90} members.')}",
            f"description.es = {_toml(f'Una cooperativa de {palabra}.')}",
        ]
        if number % 2:
            lines.append(f'acronym = "BC{number:05d}"')
        if number % 10 and number % 3 == 0:
            lines.append(f'parent = "bench-org-{number - number % 10:05d}"')
        orgs_toml += [*lines, ""]
        org_country.append(place.country)

    # Each place gets the organizations of its country (the article names one or two of them).
    by_country: dict[str, list[int]] = {}
    for number, code in enumerate(org_country):
        by_country.setdefault(code, []).append(number)
    places = [
        Place(p.category, p.regions, p.country, tuple(by_country.get(p.country, ())))
        for p in places
    ]
    return places, "\n".join(regions_toml), "\n".join(orgs_toml), custom


def _org_names(organizations: int) -> dict[str, list[str]]:
    return {
        "en": [
            f"{WORDS[n % len(WORDS)].title()} Cooperative {n:05d}" for n in range(organizations)
        ],
        "es": [f"Cooperativa {PALABRAS[n % len(PALABRAS)]} {n:05d}" for n in range(organizations)],
    }


def _settings_file(variant: str) -> str:
    settings = dict(COMMON_SETTINGS)
    if variant == "plugin":
        settings |= {
            "PLUGINS": ["pelican_coopregions"],
            "COOPREGIONS_REGIONS_FILE": "data/regions.toml",
            "COOPREGIONS_ORGANIZATIONS_FILE": "data/organizations.toml",
            "COOPREGIONS_LANGUAGES": ["en", "es"],
            "CATEGORY_SAVE_AS": "",
            "CATEGORIES_SAVE_AS": "",
        }
        if FEATURES == "like-for-like":
            settings |= {
                "COOPREGIONS_LANGUAGES": ["en"],
                "COOPREGIONS_ROLLUP": False,
                "COOPREGIONS_EMPTY_ORGANIZATIONS": "skip",
                # Pelican's category pages have neither.
                "COOPREGIONS_MAP": False,
                "COOPREGIONS_YEAR_ARCHIVES": False,
                # The baseline's category feeds are off (CATEGORY_FEED_ATOM = None).
                "REGION_FEED_ATOM": None,
                "ORGANIZATION_FEED_ATOM": None,
            }
    else:
        settings["PLUGINS"] = []
        if FEATURES == "full":
            # Pelican's own taxonomy doing the plugin's job: a category per country, with a
            # feed per category (Pelican's default CATEGORY_FEED_ATOM).
            settings["CATEGORY_FEED_ATOM"] = "feeds/{slug}.atom.xml"
    lines = [f'"""Generated by bench/build.py: the {variant} variant."""', ""]
    lines += [f"{name} = {value!r}" for name, value in settings.items()]
    return "\n".join(lines) + "\n"


def _stories(
    articles: int, places: list[Place], organizations: int, rng: random.Random
) -> list[tuple[Place, list[int], datetime]]:
    """Each story's place, organizations and date.

    uniform: the places in turn, each story naming its place's first organization (every
    third one a random one too), seven hours apart. realistic: places by :func:`long_tail`
    (the first places the busiest), organizations by Zipf's law within the place's (most
    stories name one, some a second from anywhere), dates spread over ``REALISTIC_YEARS``.
    """
    first = datetime(2015, 1, 1, 8, 0)
    if SHAPE == "uniform":
        found = []
        for number in range(articles):
            place = places[number % len(places)]
            orgs = list(place.orgs[:1])
            if number % 3 == 0 and organizations:
                orgs.append(rng.randrange(organizations))
            when = first + timedelta(hours=7 * number + rng.randint(0, 6))
            found.append((place, orgs, when))
        return found
    assigned = [
        place
        for place, count in zip(places, long_tail(len(places), articles), strict=True)
        for _ in range(count)
    ]
    rng.shuffle(assigned)
    span = timedelta(days=365 * REALISTIC_YEARS) / max(1, articles)
    everyone = [1 / rank**LONG_TAIL for rank in range(1, organizations + 1)]
    found = []
    for number, place in enumerate(assigned):
        orgs = []
        roll = rng.random()
        if place.orgs and roll < 0.7:
            ranks = [1 / rank**LONG_TAIL for rank in range(1, len(place.orgs) + 1)]
            orgs.append(rng.choices(place.orgs, weights=ranks)[0])
        if organizations and roll < 0.15:
            orgs.append(rng.choices(range(organizations), weights=everyone)[0])
        when = datetime(2017, 1, 1, 8, 0) + span * number + timedelta(minutes=rng.randint(0, 59))
        found.append((place, list(dict.fromkeys(orgs)), when))
    return found


def generate_site(
    root: Path,
    articles: int,
    regions: int,
    organizations: int,
    translated_fraction: float,
    seed: int,
) -> Site:
    """Write ``root/baseline`` and ``root/plugin``: same articles, different metadata."""
    start = time.perf_counter()
    rng = random.Random(seed)
    weights = (
        None if SHAPE == "uniform" else [float(n) for n in long_tail(regions, max(articles, 1))]
    )
    places, regions_toml, orgs_toml, custom = _places(regions, organizations, rng, weights)
    org_names = _org_names(organizations)
    shutil.rmtree(root, ignore_errors=True)
    for variant in VARIANTS:
        (root / variant / "content").mkdir(parents=True)
        (root / variant / "pelicanconf.py").write_text(_settings_file(variant), encoding="utf-8")
    (root / "plugin" / "data").mkdir()
    (root / "plugin" / "data" / "regions.toml").write_text(regions_toml, encoding="utf-8")
    (root / "plugin" / "data" / "organizations.toml").write_text(orgs_toml, encoding="utf-8")

    translated = set(rng.sample(range(articles), round(articles * translated_fraction)))
    site = Site(root, articles, len(translated), regions, custom, organizations)
    stories = _stories(articles, places, organizations, rng)
    counts: dict[str, int] = {}
    for place, _, _ in stories:
        counts[place.category] = counts.get(place.category, 0) + 1
    site.per_place = sorted(counts.values(), reverse=True)
    for number, (place, orgs, date) in enumerate(stories):
        when = date.strftime("%Y-%m-%d %H:%M")
        slug = f"article-{number:05d}"
        for lang in ("en", "es") if number in translated else ("en",):
            words = WORDS if lang == "en" else PALABRAS
            title = _sentence(rng, words, rng.randint(4, 8)).rstrip(".")
            summary = _sentence(rng, words, rng.randint(15, 30))
            body = "\n\n".join(
                [
                    _paragraph(rng, words),
                    f"**{_sentence(rng, words, 5)}** {_paragraph(rng, words)}",
                    f"- {_sentence(rng, words, 6)}\n- {_sentence(rng, words, 7)}",
                    f"{_paragraph(rng, words)} [{rng.choice(words)}](https://example.org/{number})",
                ]
            )
            common = [f"Title: {title}", f"Date: {when}", f"Slug: {slug}", f"Lang: {lang}"]
            headers = {
                "baseline": [*common, f"Category: {place.category}"],
                "plugin": [
                    *common,
                    "Category: News",
                    f"Regions: {place.category}",
                ]
                if FEATURES == "like-for-like"
                else [
                    *common,
                    "Category: News",
                    f"Regions: {place.regions[lang]}",
                    f"Countries: {place.country}",
                    *(
                        [f"Organizations: {'; '.join(org_names[lang][o] for o in orgs)}"]
                        if orgs
                        else []
                    ),
                ],
            }
            name = f"{slug}.md" if lang == "en" else f"{slug}-es.md"
            for variant, header in headers.items():
                text = "\n".join([*header, f"Summary: {summary}", "", body, ""])
                (root / variant / "content" / name).write_text(text, encoding="utf-8")
        site.sources.append(Path("content") / f"{slug}.md")
    site.generation_seconds = time.perf_counter() - start
    return site


# One build, in a child process ---------------------------------------------------------------


def _instrument(totals: dict[str, float], profiler: cProfile.Profile | None) -> None:
    """Time the plugin's generator and signal handlers (outermost calls only in ``plugin``)."""
    from pelican_coopregions.pelican import generator as generators
    from pelican_coopregions.pelican import plugin, render

    depth = [0]

    def timed(name: str, func: Any) -> Any:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            outermost = depth[0] == 0
            depth[0] += 1
            if outermost and profiler is not None:
                profiler.enable()
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                depth[0] -= 1
                if outermost and profiler is not None:
                    profiler.disable()
                totals[name] = totals.get(name, 0.0) + elapsed
                if outermost:
                    totals["plugin"] = totals.get("plugin", 0.0) + elapsed

        return wrapper

    generator = generators.CoopRegionsGenerator
    for name in ("__init__", "generate_context", "generate_output"):
        setattr(generator, name, timed(name, getattr(generator, name)))
    # The coverage map's own code (inside generate_output), summed as "map" in the report.
    from pelican_coopregions.core.worldmap import WorldMap
    from pelican_coopregions.pelican.coverage import Coverage, CoverageMap, LanguageCoverage

    for owner, name in (
        (WorldMap, "load"),
        (Coverage, "__init__"),
        (LanguageCoverage, "__init__"),
        (LanguageCoverage, "index"),
        (LanguageCoverage, "region"),
        (CoverageMap, "svg"),  # called by the templates, once per page with a map
    ):
        setattr(owner, name, timed(f"map {owner.__name__}.{name}", getattr(owner, name)))
    # The year pages' own work: their variables (inside generate_output), summed as "years"
    # in the report; the writing itself is Pelican's.
    render.Renderer.year_page = timed("years Renderer.year_page", render.Renderer.year_page)
    # Module attributes keep the wrappers alive (blinker holds weak references to receivers).
    for name in ("initialize", "add_filters"):
        setattr(plugin, name, timed(name, getattr(plugin, name)))
    # CPU time of the jobs the build's own process writes, by kind ("again": the text of a
    # file written before, through Pelican's writer, for other plugins to hear of it).
    write = render.Renderer.write

    @functools.wraps(write)
    def cpu_by_kind(self: Any, job: Any, writer: Any, kept: bool = False) -> Any:
        start = time.process_time()
        try:
            return write(self, job, writer, kept)
        finally:
            key = f"cpu write {'again' if kept else job.kind}"
            totals[key] = totals.get(key, 0.0) + time.process_time() - start

    render.Renderer.write = cpu_by_kind


PHASES: dict[str, float] = {}  # the child's CPU time when each phase ended


def contexts_made(sender: Any) -> None:
    """Receiver of all_generators_finalized: every generator's context is made."""
    PHASES.setdefault("context", time.process_time())


def child_main(spec: dict[str, Any]) -> None:
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s"
    )
    from pelican import Pelican
    from pelican.settings import read_settings

    totals: dict[str, float] = {}
    profiler = cProfile.Profile() if spec.get("profile") else None
    if spec["variant"] != "baseline":
        _instrument(totals, profiler)
    from pelican.plugins import signals

    signals.all_generators_finalized.connect(contexts_made)
    settings = read_settings(spec["conf"], override=spec["override"])
    with contextlib.redirect_stdout(sys.stderr):  # Pelican prints "Done: ..." on stdout
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_start = time.process_time()
        start = time.perf_counter()
        Pelican(settings).run()
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        # The plugin's worker processes, ended and waited for: their CPU time counts.
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    if profiler is not None:
        profiler.dump_stats(spec["profile"])
    result = {
        "wall": wall,
        "cpu": cpu + workers_cpu,
        "context_cpu": PHASES.get("context", cpu_start) - cpu_start,
        "workers_cpu": workers_cpu,
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "workers_maxrss_kib": after.ru_maxrss,
        "package": getattr(sys.modules.get(PACKAGE), "__file__", None),
        "plugin": totals,
    }
    print(RESULT_MARK + json.dumps(result), flush=True)


@dataclass
class Build:
    """One build's measurements. ``cpu`` counts the worker processes' CPU time too; ``pss_mib``
    is the peak, over the build, of the proportional set size of the build process and its
    workers summed (each page they share counted once), ``maxrss_mib`` the build process's own
    peak resident size and ``workers_mib`` the largest worker's."""

    variant: str
    wall: float
    cpu: float
    context_cpu: float  # the build process's CPU time until every generator's context is made
    maxrss_mib: float
    pss_mib: float
    workers_cpu: float
    workers_mib: float
    plugin: dict[str, float]
    files: int
    megabytes: float
    warnings: list[str]
    pages: dict[str, float] = field(default_factory=dict)


def _region_pages(output: Path) -> dict[str, float]:
    """Sizes in KB of the pages the coverage map is on (the plugin's default URLs)."""
    first_pages = [path.stat().st_size for path in output.glob("regions/*/index.html")]
    if not first_pages:
        return {}
    sizes = {
        "median": statistics.median(first_pages) / 1e3,
        "max": max(first_pages) / 1e3,
        "all": sum(path.stat().st_size for path in output.glob("regions/**/*.html")) / 1e6,
    }
    for key, page in (("index", "regions/index.html"), ("world", "regions/world/index.html")):
        if (output / page).exists():
            sizes[key] = (output / page).stat().st_size / 1e3
    return sizes


def _tree_size(path: Path) -> tuple[int, float]:
    files, size = 0, 0
    for folder, _dirs, names in os.walk(path):
        for name in names:
            files += 1
            size += (Path(folder) / name).stat().st_size
    return files, size / 1e6


SAMPLE_SECONDS = 0.05  # how often the memory of a build's processes is read
RESCAN_SAMPLES = 10  # every this many samples, look for new worker processes


def _descendants(root: int) -> list[int]:
    """``root`` and every process under it (from /proc: each process's parent)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with Path(f"/proc/{entry.name}/stat").open(encoding="ascii", errors="replace") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending += children.get(pid, [])
    return found


def _pss_kib(pid: int) -> int:
    """A process's proportional set size: its private pages, and its share of the pages it
    shares (a forked worker's pages not yet written, counted once over the processes)."""
    try:
        with Path(f"/proc/{pid}/smaps_rollup").open(encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_sampled(command: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``command``, reading the summed PSS of its processes every ``SAMPLE_SECONDS``;
    returns its result and the peak of that sum (KiB). Where /proc has no smaps_rollup, 0."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            command, cwd=cwd, env=SOURCE.env if SOURCE else None, stdout=out, stderr=err, text=True
        )
        peak, samples, pids = 0, 0, [process.pid]
        sampling = Path("/proc/self/smaps_rollup").exists()
        while process.poll() is None:
            if sampling:
                if samples % RESCAN_SAMPLES == 0:
                    pids = _descendants(process.pid)
                peak = max(peak, sum(_pss_kib(pid) for pid in pids))
                samples += 1
            time.sleep(SAMPLE_SECONDS)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())
    return done, peak


def run_build(
    site: Site,
    variant: str,
    output: Path,
    *,
    cache: Path | None = None,
    fresh_output: bool = True,
    profile: Path | None = None,
) -> Build:
    """Build one variant of ``site`` in a child process; return its own measurements."""
    base = site.variant_dir(variant)
    if fresh_output:
        shutil.rmtree(output, ignore_errors=True)
    override: dict[str, Any] = {
        "PATH": str(base / "content"),
        "OUTPUT_PATH": str(output),
        "CACHE_CONTENT": cache is not None,
        "LOAD_CONTENT_CACHE": cache is not None,
    }
    if cache is not None:
        override["CACHE_PATH"] = str(cache)
    override |= EXTRA_VARIANTS.get(variant, {})
    spec = {
        "variant": variant,
        "conf": str(base / "pelicanconf.py"),
        "override": override,
        "profile": str(profile) if profile else None,
    }
    if SOURCE is None:
        raise RuntimeError("Source.prepare() first")
    SOURCE.check()
    done, pss_kib = run_sampled(
        [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)], base
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if done.returncode or not lines:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-8000:])
        raise SystemExit(f"{variant} build of {site.root} failed (exit {done.returncode})")
    result = json.loads(lines[-1][len(RESULT_MARK) :])
    if variant != "baseline" and not str(result["package"]).startswith(str(SOURCE.used)):
        raise SystemExit(f"the build imported {result['package']}, not {SOURCE.used}")
    warnings = [
        line
        for line in done.stderr.splitlines()
        if line.startswith(("WARNING", "ERROR", "CRITICAL"))
    ]
    files, megabytes = _tree_size(output)
    return Build(
        variant,
        result["wall"],
        result["cpu"],
        result["context_cpu"],
        result["maxrss_kib"] / 1024,
        pss_kib / 1024,
        result["workers_cpu"],
        result["workers_maxrss_kib"] / 1024,
        result["plugin"],
        files,
        megabytes,
        warnings,
        _region_pages(output) if variant != "baseline" else {},
    )


# Reporting -----------------------------------------------------------------------------------


def _ratio_line(label: str, ratio: float, target: float) -> str:
    verdict = "ok" if ratio <= target else "ABOVE TARGET"
    return f"{label}: {ratio:.2f} (target <= {target:.2f}) {verdict}"


def _versions() -> str:
    def version(name: str) -> str:
        try:
            return importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            return "?"

    return (
        f"Python {platform.python_version()} ({sys.executable}), "
        f"Pelican {version('pelican')}, pelican-coopregions {version('pelican-coopregions')}, "
        f"Markdown {version('markdown')}, Jinja2 {version('jinja2')}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )


def _show_warnings(build: Build, shown: set[str]) -> None:
    for line in build.warnings[:5]:
        if line not in shown:
            shown.add(line)
            print(f"    child said: {line}")


def _order(repetition: int) -> tuple[str, ...]:
    """baseline, plugin | plugin, baseline | baseline, plugin ... (rotated for three)"""
    order = variants()
    turn = repetition % len(order)
    return order[turn:] + order[:turn]


@dataclass
class SizeResult:
    size: int
    full: dict[str, list[Build]] = field(default_factory=lambda: {v: [] for v in variants()})
    rebuild: dict[str, list[Build]] = field(default_factory=lambda: {v: [] for v in variants()})

    def median(self, kind: str, variant: str, attribute: str) -> float:
        builds = getattr(self, kind)[variant]
        return statistics.median(getattr(build, attribute) for build in builds)

    def paired(self, kind: str, attribute: str, variant: str = "plugin") -> float:
        """The median of plugin/baseline ratios of builds made side by side (same repetition):
        the machine's drift over a run moves both builds of a pair alike."""
        builds = getattr(self, kind)
        return statistics.median(
            getattr(plugin, attribute) / getattr(baseline, attribute)
            for plugin, baseline in zip(builds[variant], builds["baseline"], strict=True)
        )

    def best(self, kind: str, attribute: str, variant: str = "plugin") -> float:
        """The ratio of the fastest builds: noise on a shared machine only ever adds time, so
        the minimum is the steadiest estimate when the paired ratios scatter."""
        builds = getattr(self, kind)
        return min(getattr(build, attribute) for build in builds[variant]) / min(
            getattr(build, attribute) for build in builds["baseline"]
        )

    def plugin_median(self, key: str, variant: str = "plugin") -> float:
        return statistics.median(build.plugin.get(key, 0.0) for build in self.full[variant])


def _describe(site: Site) -> str:
    return (
        f"{site.articles:,} articles ({site.translated:,} with a Spanish translation, "
        f"{site.articles + site.translated:,} files), {site.regions} regions "
        f"({site.regions - site.custom_regions} built-in countries + {site.custom_regions} "
        f"custom), {site.organizations:,} organizations; stories per place: busiest "
        f"{', '.join(map(str, site.per_place[:3]))}, "
        f"{sum(1 <= count <= 5 for count in site.per_place)} with one to five"
    )


def _make_site(args: argparse.Namespace, workdir: Path, size: int) -> Site:
    site = generate_site(
        workdir / f"site-{size}",
        size,
        args.regions,
        args.organizations,
        args.translated,
        args.seed,
    )
    print(f"  site generated in {site.generation_seconds:.1f} s: {_describe(site)}")
    return site


def _print_build(label: str, repetition: int, build: Build) -> None:
    plugin = build.plugin.get("plugin")
    own = f", plugin's own {plugin:.2f} s" if plugin is not None else ""
    workers = (
        f" incl. workers {build.workers_cpu:.2f} s, largest {build.workers_mib:.0f} MiB RSS"
        if build.workers_cpu
        else ""
    )
    print(
        f"    {label:<14} {build.variant:<16} run {repetition + 1}: {build.wall:7.2f} s "
        f"(CPU {build.cpu:6.2f} s{workers}), peak PSS {build.pss_mib:6.1f} MiB (RSS "
        f"{build.maxrss_mib:6.1f}), {build.files:,} files ({build.megabytes:,.0f} MB){own}, "
        f"load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def bench_size(
    args: argparse.Namespace, workdir: Path, size: int, shown: set[str], keep: bool
) -> SizeResult:
    print(f"\n== {size:,} articles ==", flush=True)
    site = _make_site(args, workdir, size)
    result = SizeResult(size)
    outputs = {v: site.root / f"output-{v}" for v in variants()}

    print("  full builds (no content cache, empty output folder):")
    for repetition in range(args.repeat):
        for variant in _order(repetition):
            build = run_build(site, variant, outputs[variant])
            result.full[variant].append(build)
            _print_build("full build", repetition, build)
            _show_warnings(build, shown)
    goals = targets(size)
    print("  " + _ratio_line("build CPU time ratio", result.paired("full", "cpu"), goals.time))
    wall = result.paired("full", "wall")
    print(
        "  "
        + (
            _ratio_line("build wall time ratio", wall, goals.wall)
            if goals.wall
            else f"build wall time ratio: {wall:.2f}"
        )
        + " (wall time moves with the load)"
    )
    print("  " + _ratio_line("peak memory ratio", result.paired("full", "pss_mib"), goals.memory))
    print(f"  (peak RSS of the build process alone: {result.paired('full', 'maxrss_mib'):.2f})")
    for variant in EXTRA:
        print("  " + _extra_line(result, variant))

    if not args.no_rebuild:
        print(
            "  cached rebuilds (CACHE_CONTENT and LOAD_CONTENT_CACHE on; one article changed "
            "before each rebuild; output folder kept):"
        )
        caches = {v: site.root / f"cache-{v}" for v in variants()}
        cached_outputs = {v: site.root / f"output-cached-{v}" for v in variants()}
        for variant in variants():
            shutil.rmtree(caches[variant], ignore_errors=True)
            build = run_build(site, variant, cached_outputs[variant], cache=caches[variant])
            _print_build("cache fill", 0, build)
        for repetition in range(args.repeat):
            source = site.sources[(repetition * 37) % len(site.sources)]
            for variant in VARIANTS:  # the map-less variant shares the plugin's folder
                path = site.variant_dir(variant) / source
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(f"\nEdited for rebuild {repetition + 1}.\n")
                stamp = path.stat().st_mtime + 2 + repetition
                os.utime(path, (stamp, stamp))
            for variant in _order(repetition):
                build = run_build(
                    site,
                    variant,
                    cached_outputs[variant],
                    cache=caches[variant],
                    fresh_output=False,
                )
                result.rebuild[variant].append(build)
                _print_build("cached rebuild", repetition, build)
                _show_warnings(build, shown)
        print(
            "  "
            + _ratio_line(
                "cached rebuild CPU time ratio", result.paired("rebuild", "cpu"), goals.rebuild
            )
        )
        print(f"  (cached rebuild wall time ratio: {result.paired('rebuild', 'wall'):.2f})")
    _cleanup(site, keep)
    return result


def _cleanup(site: Site, keep: bool) -> None:
    """Outputs and caches are large: keep them only with --keep."""
    if keep:
        return
    for path in site.root.iterdir():
        if path.name.startswith(("output", "cache")):
            shutil.rmtree(path, ignore_errors=True)


def scaling_only(
    args: argparse.Namespace, workdir: Path, size: int, shown: set[str], keep: bool
) -> list[Build]:
    print(f"\n== {size:,} articles (plugin variant only, for the plugin's own time) ==")
    site = _make_site(args, workdir, size)
    builds = []
    for repetition in range(args.repeat):
        build = run_build(site, "plugin", site.root / "output-plugin")
        builds.append(build)
        _print_build("full build", repetition, build)
        _show_warnings(build, shown)
    _cleanup(site, keep)
    return builds


def report_scaling(per_size: dict[int, list[Build]]) -> None:
    print(
        "\nPlugin's own time (CoopRegionsGenerator.__init__ + generate_context + "
        "generate_output + its signal handlers, measured inside the plugin builds; medians):"
    )
    print(
        f"  {'articles':>9} {'__init__':>9} {'context':>9} {'output':>9} {'total':>9} "
        f"{'ms/art':>8} {'marginal':>10}"
    )
    rows = []
    for size in sorted(per_size):
        builds = per_size[size]

        def med(key: str, builds: list[Build] = builds) -> float:
            return statistics.median(b.plugin.get(key, 0.0) for b in builds)

        total = med("plugin")
        marginal = ""
        if rows:
            previous, previous_total = rows[-1]
            marginal = f"{1000 * (total - previous_total) / (size - previous):>10.3f}"
        rows.append((size, total))
        print(
            f"  {size:>9,} {med('__init__'):>9.2f} {med('generate_context'):>9.2f} "
            f"{med('generate_output'):>9.2f} {total:>9.2f} {1000 * total / size:>8.3f} {marginal}"
        )
    if len(rows) >= 2:
        (small, t_small), (large, t_large) = rows[0], rows[-1]
        per_article = (t_large / large) / (t_small / small)
        marginal = (t_large - t_small) / (large - small)
        fixed = t_small - marginal * small
        print(
            f"  per-article time ratio {large:,} vs {small:,}: {per_article:.2f} "
            "(linear: close to 1; below 1 means fixed costs are being amortised, "
            "above 1 means growth faster than linear)"
        )
        print(
            f"  two-point fit: total ~ {fixed:.2f} s + {1000 * marginal:.3f} ms x articles "
            f"(time grows {t_large / t_small:.1f}x for {large / small:.0f}x the articles)"
        )
        print(
            "  'marginal': ms per article added since the previous size (constant if linear; "
            "the fixed part is the same pages whatever the article count, e.g. one page per "
            "organization and language)"
        )


def report_summary(results: list[SizeResult], no_rebuild: bool) -> None:
    print(
        "\nSummary (medians; ratios are medians of paired plugin/baseline ratios; CPU counts the "
        "workers' too; peak memory is the peak of the summed PSS of the build's processes):"
    )
    header = (
        f"  {'articles':>9} {'variant':<16} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9} "
        f"{'RSS MiB':>8} {'files':>8} {'MB out':>7} {'rebuild CPU s':>13} {'plugin s':>9}"
    )
    print(header)
    for result in results:
        for variant in variants():
            rebuild = "-" if no_rebuild else f"{result.median('rebuild', variant, 'cpu'):.2f}"
            own = f"{result.plugin_median('plugin', variant):.2f}" if variant != "baseline" else "-"
            print(
                f"  {result.size:>9,} {variant:<16} {result.median('full', variant, 'wall'):>7.2f} "
                f"{result.median('full', variant, 'cpu'):>7.2f} "
                f"{result.median('full', variant, 'pss_mib'):>9.1f} "
                f"{result.median('full', variant, 'maxrss_mib'):>8.1f} "
                f"{result.full[variant][-1].files:>8,} "
                f"{result.full[variant][-1].megabytes:>7,.0f} {rebuild:>13} {own:>9}"
            )
        print(
            f"  {result.size:>9,} ratio     "
            f"{_against_baseline(result, no_rebuild, 'plugin', targets(result.size))}"
        )
        for variant in EXTRA:
            print(
                f"  {result.size:>9,} {variant}: {_against_baseline(result, no_rebuild, variant)}"
            )
            print(f"  {result.size:>9,} {_extra_line(result, variant)}")
        for variant in variants():
            print(f"  {result.size:>9,} {variant} phases: {_phases(result, variant)}")


def _phases(result: SizeResult, variant: str) -> str:
    """CPU time phase by phase (full builds, medians): the context phase (reading the
    articles; the plugin's model, plan and checks), the output phase of the build's own
    process, and in it the plugin's jobs it wrote, by kind (all of them without workers)."""
    builds = result.full[variant]

    def median(value: Any) -> float:
        return statistics.median(value(build) for build in builds)

    kinds = sorted({key for build in builds for key in build.plugin if key.startswith("cpu ")})
    own = ", ".join(
        f"{key.removeprefix('cpu write ')} {median(lambda b, key=key: b.plugin.get(key, 0.0)):.2f}"
        for key in kinds
    )
    workers = median(lambda b: b.workers_cpu)
    return (
        f"context {median(lambda b: b.context_cpu):.2f} s, output "
        f"{median(lambda b: b.cpu - b.workers_cpu - b.context_cpu):.2f} s"
        + (f" (the plugin's jobs: {own})" if own else "")
        + (f", workers {workers:.2f} s" if workers else "")
    )


def _against_baseline(
    result: SizeResult, no_rebuild: bool, variant: str, goals: Targets | None = None
) -> str:
    """``variant``'s paired ratios to the baseline and its fastest builds', with the goals."""

    def ratios(kind: str, attribute: str, goal: float | None, fastest: str) -> str:
        limit = f"<= {goal:.2f}; " if goal is not None else ""
        return (
            f"{result.paired(kind, attribute, variant):.2f} "
            f"({limit}{fastest} {result.best(kind, attribute, variant):.2f})"
        )

    text = (
        f"CPU time {ratios('full', 'cpu', goals.time if goals else None, 'fastest builds')}, "
        f"wall time {ratios('full', 'wall', goals.wall if goals else None, 'fastest')}, "
        f"memory {result.paired('full', 'pss_mib', variant):.2f}"
    )
    if goals is not None:
        text += f" (<= {goals.memory:.2f})"
    if not no_rebuild:
        rebuild = ratios("rebuild", "cpu", goals.rebuild if goals else None, "fastest")
        text += f", cached rebuild CPU time {rebuild}"
    return text


def _extra_line(result: SizeResult, variant: str) -> str:
    """What ``variant``'s setting costs: the plugin's defaults against the plugin with it."""
    if variant == MAP_OFF:
        return _map_line(result)

    def ratio(attribute: str) -> float:
        return result.median("full", "plugin", attribute) / result.median(
            "full", variant, attribute
        )

    default, other = result.full["plugin"][-1], result.full[variant][-1]
    setting = ", ".join(f"{name} = {value!r}" for name, value in EXTRA_VARIANTS[variant].items())
    text = (
        f"defaults against {setting}: wall time {ratio('wall'):.3f}, CPU {ratio('cpu'):.3f}, "
        f"memory {ratio('pss_mib'):.3f}; {default.files - other.files:+,} files, "
        f"{default.megabytes - other.megabytes:+.1f} MB"
    )
    if variant == YEARS_OFF:
        own = statistics.median(
            sum(seconds for key, seconds in build.plugin.items() if key.startswith("years "))
            for build in result.full["plugin"]
        )
        text += f"; the year pages' variables {own:.2f} s of the plugin's own time"
    return text


def _map_line(result: SizeResult) -> str:
    """The coverage map's cost: the plugin with it against the plugin without it."""

    def ratio(attribute: str) -> float:
        return result.median("full", "plugin", attribute) / result.median(
            "full", MAP_OFF, attribute
        )

    def best(attribute: str) -> float:
        return min(getattr(b, attribute) for b in result.full["plugin"]) / min(
            getattr(b, attribute) for b in result.full[MAP_OFF]
        )

    own = statistics.median(
        sum(seconds for key, seconds in build.plugin.items() if key.startswith("map "))
        for build in result.full["plugin"]
    )
    with_map, without = result.full["plugin"][-1].pages, result.full[MAP_OFF][-1].pages
    sizes = ", ".join(
        f"{label} {with_map[key]:.0f} KB (without {without[key]:.0f} KB)"
        for key, label in (
            ("index", "regions index"),
            ("world", "World page"),
            ("median", "median region page"),
            ("max", "largest region page"),
        )
        if key in with_map and key in without
    )
    all_pages = (
        f"; all region pages {with_map['all']:.1f} MB (without {without['all']:.1f} MB)"
        if "all" in with_map and "all" in without
        else ""
    )
    return (
        f"map: time ratio with/without COOPREGIONS_MAP {ratio('wall'):.3f} "
        f"(best of each {best('wall'):.3f}; CPU {ratio('cpu'):.3f}, best {best('cpu'):.3f}; "
        f"memory {ratio('pss_mib'):.3f}; target time <= 1.05); the map's own code "
        f"{own:.2f} s of the plugin's {result.plugin_median('plugin'):.2f} s; {sizes}{all_pages}"
    )


def profile(args: argparse.Namespace, workdir: Path, size: int) -> None:
    """cProfile of the plugin's own calls only (the profiler runs inside the timed wrappers)."""
    print(f"\n== cProfile of the plugin's own work, {size:,} articles ==")
    site = _make_site(args, workdir, size)
    stats_path = site.root / "plugin.pstats"
    build = run_build(site, "plugin", site.root / "output-plugin", profile=stats_path)
    _print_build("profiled build", 0, build)
    print(
        "  (times under cProfile are inflated; shares matter, not seconds)\n"
        f"  plugin's own time: {build.plugin.get('plugin', 0.0):.2f} s of {build.wall:.2f} s "
        f"(generate_context {build.plugin.get('generate_context', 0.0):.2f} s, "
        f"generate_output {build.plugin.get('generate_output', 0.0):.2f} s)"
    )
    for title, sort, restriction in (
        ("pelican_coopregions functions by cumulative time", "cumulative", "pelican_coopregions"),
        ("all functions called by the plugin, by own (total) time", "tottime", ""),
    ):
        out = io.StringIO()
        stats = pstats.Stats(str(stats_path), stream=out)
        stats.sort_stats(sort)
        if restriction:
            stats.print_stats(restriction, args.profile_top)
        else:
            stats.print_stats(args.profile_top)
        text = out.getvalue()
        table = text[text.find("   ncalls") :] if "   ncalls" in text else text
        print(f"\n  -- {title} --")
        print(table.rstrip())
    _cleanup(site, args.keep)


# Command line --------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--shape",
        choices=("uniform", "realistic"),
        default="uniform",
        help="uniform: every place as busy as the others; realistic: a long tail (a few places "
        "with hundreds of stories, most with one to five), 150 countries, 300 organizations, "
        f"stories over {REALISTIC_YEARS} years",
    )
    parser.add_argument(
        "--regions", type=int, help="regions articles are about (uniform 250, realistic 150)"
    )
    parser.add_argument(
        "--organizations", type=int, help="organizations (uniform 1,000, realistic 300)"
    )
    parser.add_argument(
        "--translated", type=float, default=0.5, help="fraction of articles with a Spanish version"
    )
    parser.add_argument(
        "--scaling-sizes",
        type=int,
        nargs="+",
        default=[1000, 10000],
        help="sizes for the plugin's own time; sizes not in --sizes get plugin-only builds",
    )
    parser.add_argument("--no-rebuild", action="store_true", help="skip the cached rebuilds")
    parser.add_argument("--quick", action="store_true", help="smoke run: 500 articles, once")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--workdir", type=Path, help="where sites go (default: a temp folder)")
    parser.add_argument("--seed", type=int, default=49)
    parser.add_argument(
        "--no-snapshot",
        action="store_true",
        help="build with the live src/ instead of a copy taken at the start",
    )
    parser.add_argument(
        "--profile", type=int, metavar="ARTICLES", help="only profile one plugin build"
    )
    parser.add_argument("--profile-top", type=int, default=25)
    parser.add_argument(
        "--features",
        choices=("like-for-like", "full"),
        default="like-for-like",
        help="like-for-like: one region per article, as the baseline's category (the targets "
        "apply); full: rollup, two languages, countries and organizations",
    )
    parser.add_argument(
        "--extra",
        nargs="*",
        choices=tuple(EXTRA_VARIANTS),
        default=None,
        help="the plugin built again with one setting changed, side by side, for what it "
        f"costs: {', '.join(f'{name} ({values})' for name, values in EXTRA_VARIANTS.items())} "
        f"(default: {WORKERS} with --features full, none otherwise)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat, args.scaling_sizes = [500], 1, [100, 500]
    realistic = args.shape == "realistic"
    if args.regions is None:
        args.regions = 150 if realistic else 250
    if args.organizations is None:
        args.organizations = 300 if realistic else 1000
    if args.extra is None:
        args.extra = [WORKERS] if args.features == "full" else []
    if args.repeat < 1 or min(args.sizes) < 1 or args.regions < 1:
        parser.error("--repeat, --sizes and --regions must be positive")
    return args


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    global FEATURES, SHAPE, EXTRA
    FEATURES, SHAPE, EXTRA = args.features, args.shape, tuple(args.extra)
    if args.child:
        child_main(json.loads(args.child))
        return
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    print(_versions())
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix="build-", dir=args.workdir)).resolve()
    else:
        workdir = Path(tempfile.mkdtemp(prefix="coopregions-bench-"))
    print(f"work folder: {workdir}{' (kept)' if args.keep else ' (removed at the end)'}")
    global SOURCE
    try:
        SOURCE = Source.prepare(workdir, snapshot=not args.no_snapshot)
        print(SOURCE.describe())
        if args.profile:
            profile(args, workdir, args.profile)
            return
        print(
            f"sizes {args.sizes}, repeat {args.repeat} (alternating order), shape {SHAPE}, "
            f"regions {args.regions}, organizations {args.organizations}, translated "
            f"{args.translated:.0%}; DEFAULT_PAGINATION = 10, RELATIVE_URLS = False, "
            "theme: Pelican's default; each build in a fresh child process; build time = "
            "Pelican(settings) + run(); CPU time = the child's and its worker processes' "
            "(RUSAGE_CHILDREN); peak memory = the peak of the summed PSS (/proc/PID/"
            f"smaps_rollup) of the child and its workers, read every {SAMPLE_SECONDS} s; "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start; "
            f"extra variants: {', '.join(EXTRA) or 'none'}."
        )
        print(
            "baseline: PLUGINS = [], Category = region (one category page per region"
            + ("; category feeds on); " if FEATURES == "full" else "); ")
            + "plugin: PLUGINS = ['pelican_coopregions'], Pelican's category pages off, "
            + (
                "Regions: <the baseline's category>, rollup off, English pages only, no feeds."
                if FEATURES == "like-for-like"
                else "Regions/Countries/Organizations, rollup, English and Spanish pages."
            )
        )
        print(FEEDS_NOTE)
        shown: set[str] = set()
        print("\nwarm-up (not counted):", flush=True)
        warm = generate_site(
            workdir / "warmup",
            WARMUP_SIZE,
            args.regions,
            args.organizations,
            args.translated,
            args.seed,
        )
        for variant in variants():
            build = run_build(warm, variant, warm.root / f"output-{variant}")
            _print_build("warm-up", 0, build)
            _show_warnings(build, shown)
        _cleanup(warm, args.keep)

        results = [bench_size(args, workdir, size, shown, args.keep) for size in args.sizes]
        per_size = {r.size: r.full["plugin"] for r in results}
        for size in sorted(set(args.scaling_sizes) - set(per_size)):
            per_size[size] = scaling_only(args, workdir, size, shown, args.keep)
        scaling = {size: per_size[size] for size in sorted(per_size)}
        report_scaling(scaling)
        report_summary(results, args.no_rebuild)
        print("\n" + FEEDS_NOTE)
        if SOURCE.used != SOURCE.live and fingerprint(SOURCE.live) != SOURCE.fingerprint:
            print(
                f"note: {SOURCE.live} changed during the run; every build used the snapshot "
                f"taken at the start (fingerprint {SOURCE.fingerprint})"
            )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
