"""Incremental output: a job whose declared inputs did not change is not written again.

With Pelican's content cache on (``CACHE_CONTENT``/``LOAD_CONTENT_CACHE``), a rebuild after
an edit reads only the changed articles, but renders every page again. For the plugin, whose
pages repeat each article on several listings in several languages, that is most of a
rebuild. Each job of the plan declares what it is made from (:class:`.plan.Inputs`); its
digest is made of exactly that:

- the site: every setting (but ``COOPREGIONS_WORKERS``), the Python packages installed
  (name and version), the plugin's own files, the translations of the theme and of
  pelican-i18n-subsites;
- for pages, the site's context (every value Pelican and other plugins put there, articles
  as links and pages as menus show them: :mod:`.fingerprint`) but the variables the page
  sets itself (a listing page's ``articles`` and ``dates`` are its own);
- its template: the source of every template it extends, includes or imports;
- its own inputs: the article versions it shows (whole), the terms it shows (name, slug,
  URL, counts and year counts in every language, whether each has a page), the coverage map
  of its language, every term for an index.

A manifest in ``CACHE_PATH`` keeps each job's digest and the files it wrote (size and
modification time, recorded from Pelican's public ``content_written`` and ``feed_written``
signals). A job is kept when its digest is the recorded one and its files are as written;
otherwise it is rendered as in a full build, so the output is the full build's, byte for byte.

What the plugin cannot see makes it render everything again rather than guess: the site's
own Jinja filters, globals and tests (``JINJA_FILTERS``..., or any another plugin added),
which may read anything, and any value the fingerprints cannot read.
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
from .model import BuildModel
from .plan import PageJob
from .taxonomies import TermKey

logger = logging.getLogger(__name__)

FORMAT = 3
# The site's variables a listing page (a term's page, a year page) sets itself.
LISTING_VARIABLES = frozenset({"articles", "dates"})
States = tuple[tuple[str, int, int], ...]  # path in OUTPUT_PATH, size, mtime in ns
# Settings that change how the build writes, never what: no page is written again for them.
HOW_NOT_WHAT = frozenset({"COOPREGIONS_WORKERS"})
# Pelican's registries of the files it read, by source path, filled in the order of a set of
# paths (``Generator.get_files``), which follows the process's string hash seed: the same
# site gives them another order in every ``pelican`` run.
BY_SOURCE_PATH = frozenset({"generated_content", "static_content"})


def by_path(value: Any) -> Any:
    """A registry of Pelican's in the order of its paths (:data:`BY_SOURCE_PATH`)."""
    if not isinstance(value, dict):
        return value
    return sorted(value.items(), key=lambda item: str(item[0]))


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
    """What the plugin wrote in the last build (digest and files per job key), and in this."""

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
        files = found[1]
        if file_states(self.output, [path for path, _, _ in files]) != files:
            return None
        return files

    def record(self, key: str, digest: str, paths: Sequence[str]) -> None:
        states = file_states(self.output, paths)
        if states is not None and digest:
            self.current[key] = (digest, states)

    def save(self) -> None:
        if not self.save_at_end:
            return
        data = {
            "format": FORMAT,
            "written": {
                key: [digest, list(states)] for key, (digest, states) in self.current.items()
            },
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        temporary.replace(self.path)


# The site ----------------------------------------------------------------------------------


def installed_packages() -> bytes:
    """Every distribution on ``sys.path`` by its metadata folder's name (name and version)."""
    names: list[str] = []
    for entry in sys.path:
        try:
            names.extend(
                path.name
                for path in Path(entry or ".").iterdir()
                if path.name.endswith((".dist-info", ".egg-info"))
            )
        except OSError:
            continue
    return "\n".join(sorted(names)).encode()


def folder_files(folder: Path, *, read: bool) -> bytes:
    """The files of ``folder``: their paths and bytes (``read``) or sizes and times."""
    if not folder.is_dir():
        return b""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts.append(str(path.relative_to(folder)).encode())
            if read:
                parts.append(path.read_bytes())
            else:
                found = path.stat()
                parts.append(f"|{found.st_size}|{found.st_mtime_ns}".encode())
    return hashed(parts)


def foreign_jinja(env: jinja2.Environment, own: Iterable[str]) -> list[str]:
    """Filters, tests and globals of ``env`` that are code of the site or another plugin:
    neither Jinja's, nor gettext's, nor Pelican's (``strftime``, ``plugin_enabled``), nor the
    plugin's (``own``)."""
    base = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    gettext = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
    known = {
        "filters": {*base.filters, "strftime", *own},
        "tests": {*base.tests, "plugin_enabled"},  # Pelican's: PLUGINS, a setting
        "globals": {*base.globals, *gettext, *own},
    }
    found = []
    for kind, names in known.items():
        for name, value in getattr(env, kind).items():
            if name not in names and callable(value):
                found.append(f"{kind}: {name}")
    return found


class Incremental:
    """The digests of one build's jobs, compared with the manifest of the last build.

    ``None`` digests mean "always render": incremental output is off (no content cache), or
    the site holds something its digests cannot see.
    """

    def __init__(
        self,
        model: BuildModel,
        context: Mapping[str, Any],
        env: jinja2.Environment,
        own_variables: Iterable[str],
        own_jinja: Iterable[str],
    ) -> None:
        settings = model.settings
        self.model = model
        self.env = env
        self.manifest: Manifest | None = None
        self.prints = Fingerprints(str(settings.get("SITEURL", "")))
        self._templates: dict[str, bytes] = {}
        self._terms: dict[TermKey, bytes] = {}
        self._coverage: bytes | None = None
        self.site: bytes | None = None
        self.context: dict[str, bytes] = {}
        if not (settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
            return
        self.manifest = Manifest(settings)
        if foreign := foreign_jinja(env, own_jinja):
            logger.info(
                "pelican-coopregions: every page is written: the site's templates use code it "
                "cannot see into (%s)",
                ", ".join(foreign),
            )
            return
        try:
            self.site = self._site(settings, env)
            skip = {*own_variables, *HOW_NOT_WHAT, "output_file", "localsiteurl"}
            self.context = {
                key: self.prints.of((key, by_path(value) if key in BY_SOURCE_PATH else value))
                for key, value in sorted(context.items())
                if key not in skip
            }
        except Unreadable as error:
            self.site = None
            logger.info("pelican-coopregions: every page is written: the site holds %s", error)

    def _site(self, settings: Mapping[str, Any], env: jinja2.Environment) -> bytes:
        theme = Path(str(settings.get("THEME", "")))
        locales = settings.get("I18N_GETTEXT_LOCALEDIR")
        values = sorted((key, value) for key, value in env.globals.items() if not callable(value))
        return hashed(
            [
                f"format {FORMAT} python {sys.version}".encode(),
                self.prints.of(sorted(i for i in settings.items() if i[0] not in HOW_NOT_WHAT)),
                self.prints.of(values),
                installed_packages(),
                folder_files(Path(str(files("pelican_coopregions"))), read=True),
                folder_files(theme / "translations", read=False),
                folder_files(Path(str(locales)), read=False) if locales else b"",
            ]
        )

    # Declared inputs ---------------------------------------------------------------------

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
        """A term as other pages show it, in every language: name, slug, URL, whether it has a
        page, how many articles it lists (own too) and how many each year."""
        found = self._terms.get(key)
        if found is None:
            model = self.model
            shown = []
            for lang, language in model.languages.items():
                term, listing = language.terms[key], language.listing(key)
                years = [
                    (year, len(items), model.has_year_page(lang, key, year))
                    for year, items in listing.years().items()
                ]
                counts = (len(listing.articles), len(listing.own), tuple(years))
                names = (lang, str(term.name), term.slug, term.url, term.description)
                shown.append((*names, model.has_page(lang, key), *counts))
            record = term.record
            found = self._terms[key] = hashed(
                [self.prints.of(record), repr(shown).encode("utf-8", "surrogatepass")]
            )
        return found

    def coverage(self) -> bytes:
        """The coverage map: every term it draws (their names, counts and pages in every
        language)."""
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
        parts = [
            self.site,
            repr(
                (job.kind, job.save_as, job.url, job.lang, job.template, job.slug, job.year)
            ).encode("utf-8", "surrogatepass"),
            repr((job.feed_type, inputs.rollup_end, sorted(inputs.related))).encode(),
        ]
        try:
            if job.kind == "feed":
                parts.append(self.prints.versions(inputs.articles))
            else:
                own = LISTING_VARIABLES if job.inputs.articles or job.kind != "index" else ()
                parts += [digest for key, digest in self.context.items() if key not in own]
                parts.append(self.template(job))
                parts.append(self.prints.versions(inputs.articles))
                parts += [self.term(key) for key in inputs.terms(job.term_key)]
                if inputs.coverage:
                    parts.append(self.coverage())
                if inputs.every_term:
                    parts += [self.term(key) for key in self.model.languages[job.lang].terms]
        except Unreadable as error:
            logger.debug("pelican-coopregions: %s is written: it shows %s", job.save_as, error)
            return None
        return hashed(parts).hex()

    # Filtering ---------------------------------------------------------------------------

    def select(
        self, jobs: Sequence[PageJob], *, keep_feeds: bool
    ) -> tuple[list[tuple[PageJob, str | None]], list[tuple[PageJob, str, States]]]:
        """The jobs to render (with their digests), and those kept as last written (with their
        digests and files). Feeds are always rendered when not ``keep_feeds`` (another plugin
        listens to them, and may change their items)."""
        render: list[tuple[PageJob, str | None]] = []
        kept: list[tuple[PageJob, str, States]] = []
        manifest = self.manifest
        for job in jobs:
            digest = self.digest(job) if manifest is not None else None
            keep = digest is not None and (keep_feeds or job.kind != "feed")
            files = (
                manifest.unchanged(job.save_as, digest) if keep and manifest and digest else None
            )
            if files is None or digest is None:
                render.append((job, digest))
            else:
                kept.append((job, digest, files))
        return render, kept
