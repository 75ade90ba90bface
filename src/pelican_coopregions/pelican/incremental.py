"""Incremental output: a job whose declared inputs did not change is not written again.

With Pelican's content cache on (``CACHE_CONTENT``/``LOAD_CONTENT_CACHE``), a rebuild reads
only the changed articles but renders every page again. A job's digest is made of what it
declares (:class:`.plan.Inputs`: its article versions, whole; the terms it shows, in every
language; the coverage map; every term for an index), its template chain's sources, and what
every page shares: the settings (but ``COOPREGIONS_WORKERS``, which changes how
the pages are written, never what), the installed packages, the plugin's own files, the theme's
and the site's own translations (``COOPREGIONS_TRANSLATIONS``) and, for pages, the site's
context (:mod:`.fingerprint`) but the variables a page sets itself. A manifest in
``CACHE_PATH`` keeps each job's digest and the files it wrote (recorded from Pelican's
``content_written``/``feed_written``, with size and modification time): a job is kept when
both are as recorded. What the plugin cannot see (the site's own Jinja filters, globals or
tests, a value it cannot fingerprint) makes every page written again rather than guessed
unchanged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from .fingerprint import Fingerprints, Unreadable, hashed
from .internals import settings_directory
from .model import BuildModel
from .plan import PageJob
from .taxonomies import TermKey

logger = logging.getLogger(__name__)

FORMAT = 3
# The site's variables a listing page (a term's page, a year page) sets itself.
LISTING_VARIABLES = ("articles", "dates")
INFO = (".dist-info", ".egg-info")
States = tuple[tuple[str, int, int], ...]  # path in OUTPUT_PATH, size, mtime in ns
# Settings that change how the build writes, never what: no page is written again for them.
HOW_NOT_WHAT = frozenset({"COOPREGIONS_WORKERS"})


def file_states(output: str, paths: Sequence[str]) -> States | None:
    """``(path, size, mtime_ns)`` of each file (``output`` ends with a separator); ``None``
    if one is missing."""
    states = []
    for path in paths:
        try:
            found = os.stat(output + path)  # noqa: PTH116 (thousands of files: no Path objects)
        except OSError:
            return None
        states.append((path, found.st_size, found.st_mtime_ns))
    return tuple(states)


class Manifest:
    """What the plugin wrote in the last build (digest and files per job), and in this one."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        # As Pelican's writer makes the paths it announces (sanitised_join: abspath).
        self.output = os.path.abspath(settings["OUTPUT_PATH"]) + os.sep  # noqa: PTH100
        name = hashlib.blake2b(self.output.encode(), digest_size=8).hexdigest()
        self.path = Path(settings["CACHE_PATH"]) / f"coopregions-output-{name}.json"
        self.save_at_end = bool(settings.get("CACHE_CONTENT"))
        self.previous: dict[str, tuple[str, States]] = {}
        self.current: dict[str, tuple[str, States]] = {}
        if settings.get("LOAD_CONTENT_CACHE") and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("format") == FORMAT:
                    self.previous = {
                        key: (digest, tuple(tuple(state) for state in states))
                        for key, (digest, states) in data["written"].items()
                    }
            except (OSError, ValueError, TypeError, KeyError):
                logger.warning(
                    "pelican-coopregions: %s is unreadable; writing every page", self.path
                )

    def unchanged(self, key: str, digest: str) -> States | None:
        """The files of ``key`` if it was written from ``digest`` and they are as written."""
        found = self.previous.get(key)
        if found is None or found[0] != digest:
            return None
        return (
            found[1] if file_states(self.output, [p for p, _, _ in found[1]]) == found[1] else None
        )

    def record(self, key: str, digest: str, paths: Sequence[str]) -> None:
        """``key`` was written from ``digest`` into ``paths`` (as Pelican announced them)."""
        states = file_states(self.output, [path.removeprefix(self.output) for path in paths])
        if states is not None:
            self.current[key] = (digest, states)

    def save(self) -> None:
        if not self.save_at_end:
            return
        written = {key: [digest, list(states)] for key, (digest, states) in self.current.items()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"format": FORMAT, "written": written}), encoding="utf-8")
        temporary.replace(self.path)


def folder_files(folder: Path, *, read: bool) -> bytes:
    """The files of ``folder``: their paths and bytes (``read``) or sizes and times."""
    parts = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file() and "__pycache__" not in path.parts:
            found = path.stat()
            state = path.read_bytes() if read else f"{found.st_size}|{found.st_mtime_ns}".encode()
            parts += [str(path.relative_to(folder)).encode(), state]
    return hashed(parts)


def installed_packages() -> bytes:
    """Every distribution on ``sys.path`` by its metadata folder's name (name and version)."""
    names: list[str] = []
    for entry in sys.path:
        try:
            names += [path.name for path in Path(entry or ".").iterdir() if path.suffix in INFO]
        except OSError:
            continue
    return "\n".join(sorted(names)).encode()


def foreign_jinja(env: jinja2.Environment, own: Iterable[str]) -> list[str]:
    """Filters, tests and globals of ``env`` that are code of the site or another plugin:
    neither Jinja's, nor gettext's, nor Pelican's (``strftime``, ``plugin_enabled``: the
    ``PLUGINS`` setting), nor the plugin's (``own``)."""
    base = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    known = {
        "filters": {*base.filters, "strftime", *own},
        "tests": {*base.tests, "plugin_enabled"},
        "globals": {*base.globals, "_", "gettext", "ngettext", "pgettext", "npgettext", *own},
    }
    return [
        f"{kind}: {name}"
        for kind, names in known.items()
        for name, value in getattr(env, kind).items()
        if name not in names and callable(value)
    ]


class Incremental:
    """The digests of one build's jobs, and which to write; ``manifest`` is ``None`` without
    the content cache (every job written, nothing recorded)."""

    def __init__(
        self,
        model: BuildModel,
        context: Mapping[str, Any],
        env: jinja2.Environment,
        derived: Iterable[str],
        own_jinja: Iterable[str],
    ) -> None:
        settings = model.settings
        self.model, self.env = model, env
        self.prints = Fingerprints(str(settings.get("SITEURL", "")))
        self.manifest = (
            Manifest(settings)
            if settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")
            else None
        )
        self._templates: dict[str, bytes] = {}
        self._terms: dict[TermKey, bytes] = {}
        self._coverage: bytes | None = None
        # What every job shares (``None``: every job is written), and the site's context for an
        # index and for a listing page (which sets LISTING_VARIABLES itself).
        self.site: bytes | None = None
        self.context: dict[bool, bytes] = {}
        if self.manifest is None:
            return
        if foreign := foreign_jinja(env, own_jinja):
            logger.info(
                "pelican-coopregions: every page is written: the site's templates use code it "
                "cannot see into (%s)",
                ", ".join(foreign),
            )
            return
        try:
            skip = {*derived, *HOW_NOT_WHAT, "output_file", "localsiteurl"}
            values = {
                key: self.prints.of((key, value))
                for key, value in sorted(context.items())
                if key not in skip
            }
            self.context = {
                listing: hashed(
                    digest
                    for key, digest in values.items()
                    if not (listing and key in LISTING_VARIABLES)
                )
                for listing in (False, True)
            }
            self.site = self._site(settings, env)
        except Unreadable as error:
            logger.info("pelican-coopregions: every page is written: the site holds %s", error)

    def _site(self, settings: Mapping[str, Any], env: jinja2.Environment) -> bytes:
        locales = settings.get("I18N_GETTEXT_LOCALEDIR")
        own = settings.get("COOPREGIONS_TRANSLATIONS")  # the site's own words (i18n)
        values = sorted((key, value) for key, value in env.globals.items() if not callable(value))
        return hashed(
            [
                f"format {FORMAT} python {sys.version}".encode(),
                self.prints.of(sorted(i for i in settings.items() if i[0] not in HOW_NOT_WHAT)),
                self.prints.of(values),
                installed_packages(),
                folder_files(Path(str(files("pelican_coopregions"))), read=True),
                folder_files(Path(str(settings.get("THEME", ""))) / "translations", read=False),
                folder_files(Path(str(locales)), read=False) if locales else b"",
                folder_files(settings_directory(settings) / str(own), read=False) if own else b"",
            ]
        )

    def template(self, job: PageJob) -> bytes:
        """The sources of the templates that may write ``job`` (``job.templates``, with each
        of Pelican's template extensions; those missing as missing) and of every template they
        extend, include or import; one chosen at render time: all."""
        if job.template not in self._templates:
            loader = self.env.loader
            assert loader is not None
            extensions = self.model.settings.get("TEMPLATE_EXTENSIONS", [".html"])
            texts: dict[str, str] = {}
            pending = [name + extension for name in job.templates for extension in extensions]
            while pending:
                current = pending.pop()
                if current in texts:
                    continue
                try:
                    texts[current] = loader.get_source(self.env, current)[0]
                except jinja2.TemplateNotFound:
                    texts[current] = "\x00missing"
                    continue
                for used in jinja2.meta.find_referenced_templates(self.env.parse(texts[current])):
                    pending.extend(self.env.list_templates() if used is None else [used])
            self._templates[job.template] = hashed(
                f"{key}\x00{texts[key]}\x00".encode() for key in sorted(texts)
            )
        return self._templates[job.template]

    def term(self, key: TermKey) -> bytes:
        """A term as other pages show it, in every language: name, slug, URL, description,
        whether it has a page, how many articles it lists (own too) and how many each year."""
        found = self._terms.get(key)
        if found is None:
            model, shown = self.model, []
            for lang, language in model.languages.items():
                term, listing = language.terms[key], language.listing(key)
                years = [
                    (year, len(items), model.has_year_page(lang, key, year))
                    for year, items in listing.years().items()
                ]
                names = (lang, str(term.name), term.slug, term.url, term.description)
                counts = (len(listing.articles), len(listing.own), tuple(years))
                shown.append((*names, model.has_page(lang, key), *counts))
            found = self._terms[key] = hashed(
                [self.prints.of(term.record), repr(shown).encode("utf-8", "surrogatepass")]
            )
        return found

    def coverage(self) -> bytes:
        """The coverage map: every term it draws."""
        if self._coverage is None:
            model = self.model
            self._coverage = hashed(
                self.term((taxonomy.name, record.slug))
                for taxonomy in model.taxonomies.values()
                for record in taxonomy.mapped(model.registry)
            )
        return self._coverage

    def digest(self, job: PageJob) -> str | None:
        """Everything ``job`` is made from; ``None`` when it must be written anyway."""
        if self.site is None:
            return None
        inputs = job.inputs
        identity = (job.kind, job.save_as, job.url, job.lang, job.template, job.slug, job.year)
        details = (*identity, job.feed_type, inputs.rollup_end, sorted(inputs.related))
        parts = [self.site, repr(details).encode("utf-8", "surrogatepass")]
        try:
            parts.append(self.prints.versions(inputs.articles))
            if job.kind != "feed":  # a feed is made of its articles and the settings only
                parts += [self.context[job.kind != "index"], self.template(job)]
                parts += [self.term(key) for key in inputs.terms(job.term_key)]
            if inputs.coverage:
                parts.append(self.coverage())
            if inputs.every_term:
                parts += [self.term(key) for key in self.model.languages[job.lang].terms]
        except Unreadable as error:
            logger.debug("pelican-coopregions: %s is written: it shows %s", job.save_as, error)
            return None
        return hashed(parts).hex()

    def select(
        self, jobs: Sequence[PageJob], *, keep_feeds: bool
    ) -> tuple[list[tuple[PageJob, str | None]], list[tuple[PageJob, str, States]]]:
        """The jobs to write (with their digests), and those kept as last written (with their
        digests and files). Feeds are written when not ``keep_feeds`` (another plugin listens
        to them, and may change their items)."""
        write: list[tuple[PageJob, str | None]] = []
        kept: list[tuple[PageJob, str, States]] = []
        for job in jobs:
            digest = self.digest(job)
            files = None
            if digest and self.manifest and (keep_feeds or job.kind != "feed"):
                files = self.manifest.unchanged(job.save_as, digest)
            if files is None or digest is None:
                write.append((job, digest))
            else:
                kept.append((job, digest, files))
        return write, kept
