"""The ``coopregions`` command: check a site's metadata, or show its regions, without a build.

Argument parsing and output only. The site is read and its context made by Pelican itself,
with the plugin's own generator, as in a build without its output phase
(:mod:`.pelican.checking`), so ``check`` passes exactly when the build's validation would.
"""

from __future__ import annotations

import argparse
import ast
import json
import logging
import re
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from . import __version__
from .core.errors import DataFileError, MetadataError
from .core.languages import cldr_tag
from .core.metadata import Problem
from .core.models import Region
from .core.registry import Registry
from .core.sorting import Collation
from .core.tagging import DEFAULT_MIN_SCORE, FIELDS, Proposal
from .core.tree import index_tree
from .pelican import validation
from .pelican.checking import (
    DEFAULT_CONFIG_NAME,
    CheckedSite,
    SiteError,
    Skipped,
    check_site,
    shown_path,
)
from .pelican.locate import field_line, setting_line, text_lines
from .pelican.settings import SettingsError, load_settings, page_languages
from .pelican.taxonomies import Regions
from .tagsite import MissingExtra

PROG = "coopregions"

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """The command cannot run as asked (an unknown ``--lang``)."""


# Reports ---------------------------------------------------------------------------------------

Kind = Literal["metadata", "data-file", "article", "output"]


@dataclass(frozen=True, slots=True)
class Report:
    """One problem, located: ``path:line: [warning: ][setting: ][Field: ]message``.

    ``kind`` is ``"metadata"`` (an article's value), ``"data-file"`` (a regions or
    organizations file; ``field`` is then the TOML key), ``"article"`` (a file Pelican leaves
    out) or ``"output"`` (a page that cannot be written where its settings put it). A
    ``"warning"`` does not fail the build: a file Pelican skips, a value a lenient build drops.
    """

    path: str
    line: int | None
    message: str
    kind: Kind
    severity: Literal["error", "warning"] = "error"
    field: str | None = None
    value: str | None = None
    suggestions: tuple[str, ...] = ()
    setting: str | None = None

    def text(self) -> str:
        parts = [f"{self.path}:{self.line}" if self.line else self.path]
        if self.severity == "warning":
            parts.append("warning")
        if self.setting:
            parts.append(self.setting)
        if self.kind == "metadata" and self.field:
            parts.append(self.field.capitalize())
        return ": ".join([*parts, self.message])

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "value": self.value,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "kind": self.kind,
            "severity": self.severity,
            "setting": self.setting,
        }


def data_file_report(error: DataFileError) -> Report:
    parts = [error.entry, f"field {error.field!r}" if error.field else None, error.problem]
    return Report(
        shown_path(error.path),
        error.line or 1,
        ": ".join(part for part in parts if part),
        "data-file",
        field=error.field,
    )


_SETTING_KEY = re.compile(r"^(\w+)\[(.+?)\](?:\[|$)")


def metadata_reports(problems: Sequence[Problem], site: CheckedSite, strict: bool) -> list[Report]:
    """The bad values, file by file, each at its line; a value that a setting gave
    (``EXTRA_PATH_METADATA``) at that setting in the settings file."""
    severity: Literal["error", "warning"] = "error" if strict else "warning"
    settings_lines = text_lines(site.settings_file) if site.settings_file else []
    settings_path = shown_path(site.settings_file) if site.settings_file else "settings"
    reports: list[Report] = []
    lines: dict[str, list[str]] = {}
    for problem in problems:
        error = problem.error
        if problem.written_in:
            setting, key = problem.written_in, None
            if match := _SETTING_KEY.match(setting):
                setting, key = match.group(1), ast.literal_eval(match.group(2))
            line = setting_line(settings_lines, setting, key)
            where, message = settings_path, f"{error} (for {shown_path(problem.source)})"
        else:
            if problem.source not in lines:
                lines[problem.source] = text_lines(problem.source)
            line = field_line(lines[problem.source], problem.field, error.value)
            where, message = shown_path(problem.source), str(error)
        reports.append(
            Report(
                where,
                line or 1,
                message,
                "metadata",
                severity,
                problem.field,
                error.value,
                error.suggestions,
                problem.written_in,
            )
        )
    return sorted(reports, key=lambda report: (report.path, report.line or 0))


def skipped_report(skipped: Skipped) -> Report:
    return Report(shown_path(skipped.path), 1, skipped.reason, "article", "warning")


def output_report(problem: validation.OutputProblem, site: CheckedSite) -> Report:
    lines = text_lines(site.settings_file) if site.settings_file else []
    path = shown_path(site.settings_file) if site.settings_file else "settings"
    return Report(path, setting_line(lines, problem.setting), problem.message, "output")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary(reports: Sequence[Report], articles: int, *, registry_loaded: bool) -> str:
    checked = (
        f"{_plural(articles, 'article')} checked"
        if registry_loaded
        else "articles not checked: fix the data files first"
    )
    errors = [report for report in reports if report.severity == "error"]
    if warnings := len(reports) - len(errors):
        checked += f"; {_plural(warnings, 'warning')}"
    if not errors:
        return f"no problems ({checked})"
    files = len({report.path for report in errors})
    return f"{_plural(len(errors), 'problem')} in {_plural(files, 'file')} ({checked})"


def warn(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


# Checking --------------------------------------------------------------------------------------


def checked(args: argparse.Namespace) -> CheckedSite:
    """The site as the build's context phase sees it, with notes on how it was found."""
    site = check_site(args.settings, args.path)
    for note in site.notes:
        warn(note)
    return site


def run_check(args: argparse.Namespace) -> int:
    site = checked(args)
    collected = site.collected
    reports = sorted(
        (skipped_report(skipped) for skipped in collected.skipped), key=lambda report: report.path
    )
    registry_loaded = collected.data_error is None
    if collected.data_error is not None:
        reports.insert(0, data_file_report(collected.data_error))
    elif collected.model is None:
        warn(
            "no article names a region, country or organization and no COOPREGIONS_* setting "
            "is set: the plugin writes no pages for this site"
        )
    else:
        reports += metadata_reports(collected.problems, site, collected.model.options.strict)
        reports += [output_report(problem, site) for problem in collected.output]
    checked_count = collected.articles if registry_loaded else 0
    if args.format == "json":
        document = {"problems": [report.as_json() for report in reports], "articles": checked_count}
        print_json(document)
    else:
        for report in reports:
            print(report.text())
        print(summary(reports, collected.articles, registry_loaded=registry_loaded))
    failed = any(report.severity == "error" for report in reports)
    return EXIT_PROBLEMS if failed else EXIT_OK


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
    """Every name ``place`` (a region or an organization) answers to, per language, with
    where each comes from."""
    from .core.models import Organization

    region: Region | Organization
    try:
        region = registry.region(place)
    except MetadataError as error:
        try:
            # Not a place: one of the site's organizations, or the place's error stands.
            if not error.problem.startswith("unknown"):
                raise
            region = registry.organization(place)
        except MetadataError as organization_error:
            # The place's suggestions first; an organization's when no place comes close.
            said = error if error.suggestions or not organization_error.suggestions else None
            print(f"{PROG}: {said or organization_error}", file=sys.stderr)
            return EXIT_PROBLEMS
    kind = region.kind if isinstance(region, Region) else "organization"
    names = registry.names_of(region)
    if output == "json":
        sources = registry.vocabulary.sources
        print_json(
            {
                "slug": region.slug,
                "kind": kind,
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
    print(f"{region.name()} ({kind}, slug {region.slug})")
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
    site = checked(args)
    collected = site.collected
    if collected.data_error is not None:
        print(data_file_report(collected.data_error).text(), file=sys.stderr)
        return EXIT_PROBLEMS
    model = collected.model
    options = load_settings(site.settings)
    codes = model.codes if model else (page_languages(options, site.settings, ())[0],)
    lang = shown_language(args.lang, codes)
    registry = model.registry if model else None
    if registry is None or lang not in registry.languages:
        # Names in --lang even when the site writes no pages in it (every CLDR language).
        known = registry.languages if registry else codes
        registry = validation.load_registry(
            site.settings, options, tuple(dict.fromkeys((*known, lang)))
        )
    if args.names is not None:
        return run_names(registry, args.names, args.format)
    if count := len(collected.problems) + len(collected.skipped):
        warn(
            f"{_plural(count, 'problem')} left out of the counts (run '{PROG} check' to list them)"
        )
    counts: dict[str, dict[str, int]] = {}
    for code, language in model.languages.items() if model else ():
        for (kind, slug), listing in language.listings.items():
            if kind == Regions.name:
                counts.setdefault(slug, {})[code] = len(listing.articles)
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
    sort_key = Collation().key
    rows = index_tree(
        registry,
        lambda region: any(counts.get(region.slug, {}).values()),
        lambda region: sort_key(region.name(lang)),
    )
    if not rows:
        stories = len(model.stories) if model else 0
        print(
            f"no published article names a region, country or organization ({stories} "
            f"{'story' if stories == 1 else 'stories'})"
        )
        return EXIT_OK
    names = ["  " * row.depth + row.region.name(lang) for row in rows]
    width = max(len(name) for name in names)
    digits = {
        code: max(len(str(counts.get(row.region.slug, {}).get(code, 0))) for row in rows)
        for code in codes
    }
    for name, row in zip(names, rows, strict=True):
        shown = counts.get(row.region.slug, {})
        columns = "  ".join(f"{code}: {shown.get(code, 0):>{digits[code]}}" for code in codes)
        print(f"{name.ljust(width)}  {columns}".rstrip())
    return EXIT_OK


# Tagging ---------------------------------------------------------------------------------------


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on the terminal while Pelican reads the site (none when piped), gone
    before the proposals are printed."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda: None
        return
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("reading the site", total=total or None)
        yield lambda: bar.advance(task)


def _proposal_json(proposal: Proposal, value: str) -> dict[str, Any]:
    record = proposal.record
    code = (record.alpha2 or record.code) if isinstance(record, Region) else None
    return {
        "name": record.name(),
        "slug": record.slug,
        "code": code,
        "value": value,
        "score": proposal.score,
        "evidence": [
            {"words": seen.words, "where": seen.where, "via": seen.via}
            for seen in proposal.evidence
        ],
    }


def _evidence_text(proposal: Proposal) -> str:
    return "; ".join(
        f"{seen.words!r} in {seen.where}" + ("" if seen.via == "name" else f" ({seen.via})")
        for seen in proposal.evidence
    )


def run_tag(args: argparse.Namespace) -> int:
    from . import tagsite

    if not 0 <= args.min_score <= 1:
        raise UsageError(f"--min-score {args.min_score} is not between 0 and 1")
    tagsite.require_extra()
    try:
        run = tagsite.tag_site(
            args.settings,
            args.paths,
            min_score=args.min_score,
            every=args.all,
            progress=_progress,
        )
    except DataFileError as error:
        print(data_file_report(error).text(), file=sys.stderr)
        return EXIT_PROBLEMS
    for note in run.site.notes:
        warn(note)
    if args.apply:
        tagsite.apply_all(run)
    values = {
        (id(article), proposal.record.slug): tagsite.written_value(
            run.registry, proposal.record, article.lang
        )
        for article in run.articles
        for name in FIELDS
        for proposal in article.proposals.field(name)
    }
    summary = run.summary()
    if args.format == "json":
        print_json(
            {
                "min_score": args.min_score,
                "applied": args.apply,
                "articles": [
                    {
                        "path": shown_path(article.path),
                        "lang": article.lang,
                        "title": article.title,
                        **{
                            name: [
                                _proposal_json(
                                    proposal, values[(id(article), proposal.record.slug)]
                                )
                                for proposal in article.proposals.field(name)
                            ]
                            for name in FIELDS
                        },
                        "written": article.written or None,
                        "error": article.error,
                    }
                    for article in run.articles
                ],
                "summary": summary,
            }
        )
    else:
        for article in run.articles:
            where = f"{shown_path(article.path)} ({article.lang})"
            if not article.proposals:
                print(f"{where}: no proposal")
                continue
            print(f"{where}: {article.title}")
            for name in FIELDS:
                for proposal in article.proposals.field(name):
                    value = values[(id(article), proposal.record.slug)]
                    print(
                        f"  {name.capitalize():<14}{value:<28}{proposal.score:5.2f}  "
                        f"{_evidence_text(proposal)}"
                    )
            if article.written:
                written = "; ".join(
                    f"{name.capitalize()}: {', '.join(found)}"
                    for name, found in article.written.items()
                )
                print(f"  wrote {written}")
        print(_tag_summary(summary, applied=args.apply, run=run))
    errors = [article.error for article in run.articles if article.error]
    for refused in errors:
        warn(f"error: {refused}")
    return EXIT_PROBLEMS if errors else EXIT_OK


def _tag_summary(summary: dict[str, Any], *, applied: bool, run: Any) -> str:
    fields = ", ".join(f"{name} for {count}" for name, count in summary["with_proposals"].items())
    lines = [
        f"{_plural(summary['articles'], 'article')} read for tagging, "
        f"{summary['left_alone']} left alone (naming places already, or outside PATHS): "
        f"proposals of {fields}; none for {summary['without_proposals']}"
    ]
    if summary["most_proposed"]:
        lines.append(
            "most proposed: "
            + ", ".join(
                f"{place['name']} ({place['articles']})" for place in summary["most_proposed"]
            )
        )
    if applied:
        written = sum(1 for article in run.articles if article.written)
        lines.append(f"wrote the proposals into {_plural(written, 'file')}")
    elif any(article.proposals for article in run.articles):
        lines.append("nothing written: review the proposals, then run again with --apply")
    return "\n".join(lines)


# Command line --------------------------------------------------------------------------------

_EPILOG = """\
examples:
  coopregions check                      check the site of ./pelicanconf.py
  coopregions check -s site/pelicanconf.py site/content
  coopregions check --format json        problems as JSON, for editors and CI
  coopregions regions                    the region tree with article counts per language
  coopregions regions --names Burma      every name a place answers to, per language

Without -s, pelicanconf.py is looked for in PATH (or this folder) and the folders above.
Exit status: 0 when the build would pass the plugin's validation, 1 when content or data
files have problems, 2 for a usage or settings error (an unknown option, no settings file,
settings Pelican or the plugin refuse, the plugin not enabled, a reader not installed).
"""


def _wrap(text: str) -> str:
    """A paragraph for help text (raw formatting keeps the examples' layout, not wrapping)."""
    return textwrap.fill(text, width=79)


def _settings_argument(parser: argparse.ArgumentParser, where: str) -> None:
    parser.add_argument(
        "-s",
        "--settings",
        metavar="FILE",
        help=f"the Pelican settings file (default: {DEFAULT_CONFIG_NAME} in {where}, or the "
        "nearest folder above)",
    )


def _format_argument(parser: argparse.ArgumentParser, text: str, json_: str) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=f"text (default): {text}; json: {json_}",
    )


def _site_arguments(parser: argparse.ArgumentParser) -> None:
    _settings_argument(parser, "PATH or this folder")
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
            "Run the plugin's validation as the build does: settings, data files, the "
            "Regions, Countries and Organizations metadata of every article (drafts and "
            "translations included) and the output path of every page. Prints one line per "
            "problem, 'path:line: Field: message', then a summary."
        ),
        epilog=(
            "examples:\n"
            "  coopregions check\n"
            "  coopregions check -s publishconf.py\n"
            "  coopregions check --format json > problems.json\n\n"
            "Exit status: 0 the build would pass, 1 content or data-file problems, 2 usage "
            "or settings error."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _site_arguments(check)
    _format_argument(check, "one line per problem", "an object for programs")
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

    tag = commands.add_parser(
        "tag",
        help="propose Regions, Countries and Organizations for untagged articles",
        description=_wrap(
            "Read the site as the build does and propose Regions, Countries and "
            "Organizations for each article that names none, from the places and "
            "organizations its title, summary and text name in its language, with the "
            "evidence. Nothing is written without --apply. Needs the 'tag' extra: "
            "pip install 'pelican-coopregions[tag]'."
        ),
        epilog=(
            "examples:\n"
            "  coopregions tag                       proposals for every untagged article\n"
            "  coopregions tag content/2019          only the articles in content/2019\n"
            "  coopregions tag --format json > proposals.json\n"
            "  coopregions tag --min-score 0.8 --apply\n\n"
            "Exit status: 0 done, 1 a file could not be written, 2 usage or settings error."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _settings_argument(tag, "the first PATH's folder or this one")
    tag.add_argument(
        "paths",
        metavar="PATHS",
        nargs="*",
        help="article files or folders to tag (default: every article of the site)",
    )
    tag.add_argument(
        "--all",
        action="store_true",
        help="also propose additions for articles that name some places already",
    )
    tag.add_argument(
        "--min-score",
        type=float,
        default=DEFAULT_MIN_SCORE,
        metavar="SCORE",
        help=f"propose values scoring at least SCORE, 0 to 1 (default: {DEFAULT_MIN_SCORE})",
    )
    tag.add_argument(
        "--apply",
        action="store_true",
        help="write the proposals into the articles' metadata (nothing else in them changes)",
    )
    _format_argument(tag, "proposals with their evidence", "one object per article")
    tag.set_defaults(run=run_tag)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``coopregions``; return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format=f"{PROG}: %(levelname)s: %(message)s")
    try:
        status: int = args.run(args)
    except (UsageError, SiteError, SettingsError, MissingExtra) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.flush()
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
