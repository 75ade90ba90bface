"""The ``coopregions`` command: check a site's metadata, or show its regions, without a build.

Both commands see the site as ``pelican`` would: the same settings file (``read_settings``),
the same plugins and readers, the same article files (``ARTICLE_PATHS``, ``ARTICLE_EXCLUDES``,
``IGNORE_FILES``, the extensions of enabled readers), the same data files and the same
languages as the plugin. Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pelican.contents import Article, SkipStub
from pelican.generators import Generator
from pelican.plugins._utils import get_plugin_name, load_plugins
from pelican.readers import Readers
from pelican.settings import read_settings
from pelican.utils import process_translations

from . import __version__
from .core.errors import DataFileError, MetadataError
from .core.languages import cldr_tag
from .core.metadata import FIELDS, NO_REFS, ArticleRefs, Problem, read_refs
from .core.models import Region
from .core.registry import Registry
from .core.sorting import Collation
from .pelican.content_languages import ContentLanguages
from .pelican.grouping import group, places, stories
from .pelican.settings import (
    PluginSettings,
    SettingsError,
    load_settings,
    page_languages,
    settings_directory,
)

PROG = "coopregions"
# The settings file `pelican` reads when given none (pelican.DEFAULT_CONFIG_NAME).
DEFAULT_CONFIG_NAME = "pelicanconf.py"

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

logger = logging.getLogger(__name__)


class UsageError(Exception):
    """The command cannot run as asked: a missing file, settings Pelican or the plugin refuse."""


# Reports ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Report:
    """One problem, located: ``path:line: Field: message`` (no field for data files).

    ``kind`` is ``"metadata"`` (an article's value), ``"data-file"`` (a regions or
    organizations file; ``field`` is then the TOML key) or ``"article"`` (Pelican cannot use
    the file at all).
    """

    path: str
    line: int
    message: str
    kind: Literal["metadata", "data-file", "article"]
    field: str | None = None
    value: str | None = None
    suggestions: tuple[str, ...] = ()

    def text(self) -> str:
        field = f"{self.field.capitalize()}: " if self.kind == "metadata" and self.field else ""
        return f"{self.path}:{self.line}: {field}{self.message}"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "value": self.value,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "kind": self.kind,
        }


def shown_path(path: Path | str) -> str:
    """``path`` relative to the current folder when it is inside it, else as given."""
    given = Path(path)
    try:
        return str(given.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(given)


def _lines(path: Path | str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def field_line(lines: Sequence[str], field: str, value: str | None = None) -> int:
    """The 1-based line where ``field`` is written (``Countries:``, ``:country:``, ``<meta>``).

    Both spellings of the field count. When the field is written more than once (or goes on
    over indented continuation lines), the line holding ``value`` wins. 1 when not found.
    """
    names = "|".join(re.escape(name) for name in FIELDS.get(field, (field,)))
    start = re.compile(
        rf"^\s*:?(?:{names})\s*:|<meta\b[^>]*\bname\s*=\s*[\"'](?:{names})[\"']", re.IGNORECASE
    )
    wanted = value.casefold() if value else None
    first: int | None = None
    for number, line in enumerate(lines):
        if not start.search(line):
            continue
        first = number if first is None else first
        if wanted is None:
            break
        block = number
        while block < len(lines):
            if wanted in lines[block].casefold():
                return block + 1
            block += 1
            if block >= len(lines) or not lines[block][:1].isspace() or not lines[block].strip():
                break
    return first + 1 if first is not None else 1


_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_ENTRY_LABEL = re.compile(r"(region|organization) entry (\d+)")


def data_file_line(error: DataFileError) -> int:
    """The line of a data-file problem: from the TOML parser, else the entry and its field."""
    if match := _TOML_POSITION.search(error.problem):
        return int(match.group(1))
    label = _ENTRY_LABEL.match(error.entry or "")
    lines = _lines(error.path) if label else []
    if not label or not lines:
        return 1
    kind, number = label.group(1), int(label.group(2))
    header = re.compile(rf"^\s*\[\[\s*{kind}\s*\]\]")
    starts = [index for index, line in enumerate(lines) if header.match(line)]
    if number > len(starts):
        return 1
    begin = starts[number - 1]
    end = starts[number] if number < len(starts) else len(lines)
    if error.field:
        key = re.escape(error.field.split(".")[0])
        assignment = re.compile(rf"^\s*{key}\s*[=.]")
        for index in range(begin + 1, end):
            if assignment.match(lines[index]):
                return index + 1
    return begin + 1


def data_file_report(error: DataFileError) -> Report:
    parts = [error.entry, f"field {error.field!r}" if error.field else None, error.problem]
    return Report(
        shown_path(error.path),
        data_file_line(error),
        ": ".join(part for part in parts if part),
        "data-file",
        field=error.field,
    )


def metadata_report(problem: Problem, lines: Sequence[str]) -> Report:
    error = problem.error
    return Report(
        shown_path(problem.source),
        field_line(lines, problem.field, error.value),
        str(error),
        "metadata",
        field=problem.field,
        value=error.value,
        suggestions=error.suggestions,
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary(reports: Sequence[Report], articles: int, *, registry_loaded: bool) -> str:
    checked = (
        f"{_plural(articles, 'article')} checked"
        if registry_loaded
        else "articles not checked: fix the data files first"
    )
    if not reports:
        return f"no problems ({checked})"
    files = len({report.path for report in reports})
    return f"{_plural(len(reports), 'problem')} in {_plural(files, 'file')} ({checked})"


# The site, read as Pelican reads it --------------------------------------------------------------


class _ArticleFiles(Generator):  # type: ignore[misc]
    """Pelican's own choice of article files (``get_files``), without a whole generator.

    ``Generator.__init__`` loads the theme and sends signals; file selection needs only
    ``path``, ``settings`` and ``readers``.
    """

    def __init__(self, settings: dict[str, Any], readers: Any) -> None:
        self.settings = settings
        self.path = settings["PATH"]
        self.readers = readers

    def article_files(self) -> list[str]:
        files = self.get_files(
            self.settings["ARTICLE_PATHS"], exclude=self.settings["ARTICLE_EXCLUDES"]
        )
        return sorted(files)


@contextmanager
def _captured(name: str) -> Iterator[list[str]]:
    """Collect what logger ``name`` says instead of printing it."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    target = logging.getLogger(name)
    handler = Collect()
    propagate = target.propagate
    target.addHandler(handler)
    target.propagate = False
    try:
        yield messages
    finally:
        target.removeHandler(handler)
        target.propagate = propagate


@dataclass(slots=True)
class Site:
    """A site's settings and every article Pelican would read (all statuses, all languages)."""

    settings: dict[str, Any]
    options: PluginSettings
    settings_file: Path | None
    articles: list[Any]
    unreadable: list[Report]

    @property
    def data_directory(self) -> Path:
        """Where relative data-file paths start: the settings file's folder."""
        if self.settings_file is not None:
            return self.settings_file.resolve().parent
        return settings_directory(self.settings)

    def published(self) -> list[Any]:
        return [article for article in self.articles if article.status == "published"]


def read_site_settings(
    settings_file: str | None, content: str | None
) -> tuple[dict[str, Any], Path | None]:
    """Pelican's settings as ``pelican [-s settings_file] [content]`` would read them."""
    path: Path | None
    if settings_file is not None:
        path = Path(settings_file)
        if not path.is_file():
            raise UsageError(f"settings file {settings_file!r} not found")
    elif Path(DEFAULT_CONFIG_NAME).is_file():
        path = Path(DEFAULT_CONFIG_NAME)
    elif content is None:
        raise UsageError(
            f"no {DEFAULT_CONFIG_NAME} in this folder: give the settings file with -s, "
            "or the content folder as PATH"
        )
    else:
        path = None
        print(
            f"{PROG}: no {DEFAULT_CONFIG_NAME} in this folder: reading {content} with "
            "Pelican's default settings (give a settings file with -s)",
            file=sys.stderr,
        )
    override: dict[str, Any] = {}
    if content is not None:
        folder = Path(content).expanduser()
        if not folder.is_dir():
            raise UsageError(f"content folder {content!r} not found")
        override["PATH"] = str(folder.resolve())
    try:
        # Pelican's warnings here are about building (feeds, time zone): not ours to repeat.
        with _captured("pelican.settings"):
            settings: dict[str, Any] = read_settings(str(path) if path else None, override=override)
    except Exception as error:  # a settings file is a Python program: anything can go wrong
        where = f"settings file {str(path)!r}" if path else "the settings"
        raise UsageError(f"cannot use {where}: {type(error).__name__}: {error}") from None
    settings["PATH"] = str(Path(settings["PATH"]).resolve())
    return settings, path


def register_plugins(settings: dict[str, Any]) -> None:
    """Register the site's plugins as Pelican does: some add readers or change metadata."""
    registered = []
    for plugin in load_plugins(settings):
        name = get_plugin_name(plugin)
        try:
            plugin.register()
        except Exception as error:  # Pelican, too, goes on without a plugin that fails
            logger.warning("cannot register plugin %r: %s", name, error)
            continue
        registered.append(name)
    settings["PLUGINS"] = registered


def read_site(settings_file: str | None, content: str | None) -> Site:
    settings, path = read_site_settings(settings_file, content)
    try:
        options = load_settings(settings)
    except SettingsError as error:
        raise UsageError(str(error)) from None
    register_plugins(settings)
    try:
        readers = Readers(settings)
        files = _ArticleFiles(settings, readers).article_files()
    except Exception as error:  # Pelican's own code on a setting it cannot use (READERS...)
        raise UsageError(
            f"Pelican cannot use these settings: {type(error).__name__}: {error}"
        ) from None
    articles: list[Any] = []
    unreadable: list[Report] = []
    for relative in files:
        source = shown_path(Path(settings["PATH"]) / relative)
        try:
            article = readers.read_file(
                base_path=settings["PATH"], path=relative, content_class=Article, context={}
            )
        except Exception as error:  # a reader's failure: Pelican logs it and skips the file
            unreadable.append(
                Report(source, 1, f"Pelican cannot read this file: {error}", "article")
            )
            continue
        if isinstance(article, SkipStub):
            continue
        with _captured("pelican.contents") as reasons:
            valid = article.is_valid()
        if not valid:
            prefix = f"Skipping {article}: "
            why = "; ".join(r.removeprefix(prefix) for r in reasons) or "not a valid article"
            unreadable.append(Report(source, 1, f"Pelican would skip this file: {why}", "article"))
            continue
        articles.append(article)
    return Site(settings, options, path, articles, unreadable)


def language_codes(site: Site) -> tuple[str, ...]:
    """The languages the plugin writes pages for: those of published articles, as CLDR tags."""
    languages = ContentLanguages(site.settings)
    published = {languages.of(article) for article in site.published()}
    return page_languages(site.options, site.settings, published)


def shown_language(written: str | None, codes: Sequence[str]) -> str:
    """The language ``--lang`` asks for, as a CLDR tag; the site's first language if none."""
    if written is None:
        return codes[0]
    tag = cldr_tag(written)
    if tag is None:
        raise UsageError(
            f"--lang {written!r} is not a language CLDR knows; write a BCP 47 or POSIX code "
            "such as 'es' or 'pt-BR'"
        )
    return tag


def load_registry(site: Site, codes: Sequence[str]) -> Registry:
    """The registry as the plugin loads it for pages in ``codes``; raises :class:`DataFileError`."""
    base = site.data_directory
    options = site.options
    languages = ContentLanguages(site.settings).lookup_languages(codes, site.articles)
    return Registry.load(
        regions=base / options.regions_file if options.regions_file else None,
        organizations=base / options.organizations_file if options.organizations_file else None,
        languages=languages,
    )


def check_articles(
    registry: Registry, articles: Sequence[Any]
) -> tuple[dict[int, ArticleRefs], list[Report]]:
    """Every article's references, and a located report for each bad value."""
    refs: dict[int, ArticleRefs] = {}
    reports: list[Report] = []
    for article in articles:
        source = str(article.source_path)
        found, problems = read_refs(registry, article.metadata, source)
        refs[id(article)] = found
        if problems:
            lines = _lines(source)
            located = [metadata_report(problem, lines) for problem in problems]
            reports.extend(sorted(located, key=lambda report: report.line))
    return refs, reports


# Commands ------------------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    site = read_site(args.settings, args.path)
    ContentLanguages(site.settings).warn_unknown(site.articles)  # warnings, as in a build
    reports = list(site.unreadable)
    registry_loaded = True
    try:
        registry = load_registry(site, language_codes(site))
    except DataFileError as error:
        reports.insert(0, data_file_report(error))
        registry_loaded = False
    else:
        reports.extend(check_articles(registry, site.articles)[1])
    checked = len(site.articles) if registry_loaded else 0
    if args.format == "json":
        document = {"problems": [report.as_json() for report in reports], "articles": checked}
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print(report.text())
        print(summary(reports, len(site.articles), registry_loaded=registry_loaded))
    return EXIT_PROBLEMS if reports else EXIT_OK


@dataclass(frozen=True, slots=True)
class Row:
    region: Region
    depth: int
    counts: dict[str, int]


def region_rows(
    registry: Registry, counts: dict[str, dict[str, int]], sort_key: Any, lang: str
) -> list[Row]:
    """The regions index as the plugin draws it: regions with articles and their ancestors."""

    def has_articles(slug: str) -> bool:
        return any(counts.get(slug, {}).values())

    def shows(region: Region, path: set[str]) -> bool:
        return has_articles(region.slug) or any(
            shows(child, path | {child.slug})
            for child in registry.children(region)
            if child.slug not in path
        )

    def tree(region: Region, depth: int, path: set[str]) -> Iterator[Row]:
        if not shows(region, path | {region.slug}):
            return
        yield Row(region, depth, counts.get(region.slug, {}))
        children = sorted(registry.children(region), key=lambda child: sort_key(child.name(lang)))
        for child in children:
            if child.slug not in path:
                yield from tree(child, depth + 1, path | {region.slug})

    return list(tree(registry.regions[0], 0, set()))


def format_rows(rows: Sequence[Row], languages: Sequence[str], lang: str) -> list[str]:
    names = ["  " * row.depth + row.region.name(lang) for row in rows]
    width = max(len(name) for name in names)
    digits = {code: max(len(str(row.counts.get(code, 0))) for row in rows) for code in languages}
    return [
        (
            name.ljust(width)
            + "  "
            + "  ".join(f"{code}: {row.counts.get(code, 0):>{digits[code]}}" for code in languages)
        ).rstrip()
        for name, row in zip(names, rows, strict=True)
    ]


def region_json(region: Region, languages: Sequence[str], counts: dict[str, int]) -> Any:
    return {
        "slug": region.slug,
        "kind": region.kind,
        "code": region.code,
        "alpha2": region.alpha2,
        "alpha3": region.alpha3,
        "parent": region.parent,
        "members": list(region.members),
        "names": {code: region.name(code) for code in languages},
        "counts": {code: counts.get(code, 0) for code in languages},
    }


def print_json(document: Any) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


def run_names(registry: Registry, place: str, output: str) -> int:
    """Every name ``place`` answers to, per language, with where each comes from."""
    try:
        region = registry.region(place)
    except MetadataError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    names = registry.names_of(region)
    if output == "json":
        sources = registry.vocabulary.sources
        print_json(
            {
                "slug": region.slug,
                "kind": region.kind,
                "names": [
                    {
                        "name": name.text,
                        "language": name.lang,
                        "source": name.source,
                        "shared_with": [other.slug for other in others],
                    }
                    for name, others in names
                ],
                "sources": {
                    source: sources[source]
                    for source in dict.fromkeys(name.source for name, _ in names)
                    if source in sources
                },
            }
        )
        return EXIT_OK
    print(f"{region.name()} ({region.kind}, slug {region.slug})")
    groups: dict[str | None, list[str]] = {}
    width = max(len(name.text) for name, _ in names)
    for name, others in names:
        line = f"  {name.text.ljust(width)}  {name.source}"
        if others:
            line += f" (shared with {', '.join(repr(other.name()) for other in others)}: refused)"
        groups.setdefault(name.lang, []).append(line)
    for lang in sorted(groups, key=lambda lang: lang is None):
        print(f"{lang or 'any language'}:")
        print("\n".join(groups[lang]))
    sources = registry.vocabulary.sources
    used = [
        source for source in dict.fromkeys(name.source for name, _ in names) if source in sources
    ]
    if used:
        print("sources:")
        print("\n".join(f"  {source}: {sources[source]}" for source in used))
    return EXIT_OK


def run_regions(args: argparse.Namespace) -> int:
    site = read_site(args.settings, args.path)
    codes = language_codes(site)
    lang = shown_language(args.lang, codes)
    try:
        registry = load_registry(site, codes)
    except DataFileError as error:
        print(data_file_report(error).text(), file=sys.stderr)
        return EXIT_PROBLEMS
    if args.names is not None:
        return run_names(registry, args.names, args.format)
    refs, reports = check_articles(registry, site.articles)
    if reports or site.unreadable:
        count = len(reports) + len(site.unreadable)
        print(
            f"{PROG}: {_plural(count, 'problem')} left out of the counts "
            f"(run '{PROG} check' to list them)",
            file=sys.stderr,
        )
    options = site.options
    originals, _ = process_translations(
        site.published(), translation_id=site.settings["ARTICLE_TRANSLATION_ID"]
    )
    listed = stories(
        originals,
        ContentLanguages(site.settings),
        lambda members: places(
            registry,
            (refs.get(id(member), NO_REFS) for member in members),
            rollup=options.rollup,
            infer_from_organizations=options.infer_from_organizations,
        ),
    )
    listings = group(listed, codes, options.translation_fallback)
    counts: dict[str, dict[str, int]] = {}
    for code, listing in listings.items():
        for slug, articles in listing.by_region.items():
            counts.setdefault(slug, {})[code] = len(articles)
    if args.format == "json":
        print_json(
            {
                "languages": list(codes),
                "regions": [
                    region_json(region, codes, counts.get(region.slug, {}))
                    for region in registry.regions
                ],
            }
        )
        return EXIT_OK
    rows = region_rows(registry, counts, Collation().key, lang)
    if not rows:
        print(
            f"no published article names a region, country or organization ({len(listed)} "
            f"{'story' if len(listed) == 1 else 'stories'})"
        )
        return EXIT_OK
    for line in format_rows(rows, codes, lang):
        print(line)
    return EXIT_OK


# Command line --------------------------------------------------------------------------------

_EPILOG = """\
examples:
  coopregions check                      check the site of ./pelicanconf.py
  coopregions check -s site/pelicanconf.py site/content
  coopregions check --format json        problems as JSON, for editors and CI
  coopregions regions                    the region tree with article counts per language
  coopregions regions --names Burma      every name a place answers to, per language

Exit status: 0 when the site is clean, 1 when problems were found, 2 when the command
itself is wrong (an unknown option, a missing settings file, settings Pelican refuses).
"""


def _wrap(text: str) -> str:
    """A paragraph for help text (raw formatting keeps the examples' layout, not wrapping)."""
    return textwrap.fill(text, width=79)


def _site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-s",
        "--settings",
        metavar="FILE",
        help=f"the Pelican settings file (default: {DEFAULT_CONFIG_NAME} in this folder)",
    )
    parser.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="the content folder, instead of the settings' PATH (as with 'pelican PATH')",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_wrap(
            "Check a Pelican site's region, country and organization metadata, or list its "
            "regions, without building it. Settings, plugins, readers and data files are "
            "read as 'pelican' reads them."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate the data files and every article's metadata",
        description=_wrap(
            "Validate the regions and organizations files and the Regions, Countries and "
            "Organizations metadata of every article (drafts and translations included). "
            "Prints one line per problem, 'path:line: Field: message', then a summary."
        ),
        epilog=(
            "examples:\n"
            "  coopregions check\n"
            "  coopregions check -s publishconf.py\n"
            "  coopregions check --format json > problems.json\n\n"
            "Exit status: 0 clean, 1 problems found, 2 usage or settings error."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _site_arguments(check)
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): one line per problem; json: an object for programs",
    )
    check.set_defaults(run=run_check)

    regions = commands.add_parser(
        "regions",
        help="show the region tree with article counts per language",
        description=_wrap(
            "Show the regions that have articles, as the plugin's regions index does "
            "(with COOPREGIONS_ROLLUP and COOPREGIONS_INFER_FROM_ORGANIZATIONS), indented by "
            "depth, with the number of stories listed in each language."
        ),
        epilog=(
            "examples:\n"
            "  coopregions regions\n"
            "  coopregions regions --lang es\n"
            "  coopregions regions --format json     every region: slug, codes, names, counts\n"
            "  coopregions regions --names Congo     the names a place answers to"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _site_arguments(regions)
    regions.add_argument(
        "--lang", metavar="LANG", help="language of region names (default: DEFAULT_LANG)"
    )
    regions.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): the tree; json: every region with its slug, codes, names, counts",
    )
    regions.add_argument(
        "--names",
        metavar="PLACE",
        help="show every name PLACE (any name or code of it) answers to, per language",
    )
    regions.set_defaults(run=run_regions)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``coopregions``; return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format=f"{PROG}: %(levelname)s: %(message)s")
    try:
        status: int = args.run(args)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.flush()
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
