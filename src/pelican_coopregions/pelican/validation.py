"""The one validation of a site: what the build checks, and ``coopregions check`` reports.

The build runs these checks where Pelican hands it the input (:mod:`.plugin` at start,
:mod:`.generator` when its context is made), and ``coopregions check`` runs the very same
build without its output phase (:mod:`.checking`), so the two cannot disagree:

- settings: the ``COOPREGIONS_*`` and URL settings (:func:`.settings.load_settings`, date
  patterns written once at start), and Pelican's own date formats
  (:func:`pelican_date_formats`), once the site uses the plugin;
- content Pelican cannot read: article files whose reader is not installed
  (:func:`unread_articles`);
- data files (:func:`load_registry`: read, checked and resolved by the core);
- article metadata (:func:`.metadata.read_metadata`), each bad value located;
- output paths (:func:`output_problems`): every file of the plan (:mod:`.plan`) as one tree,
  inside OUTPUT_PATH, no two the same, none that Pelican writes, no file where a folder must
  be, each name within the file system's limits.
"""

from __future__ import annotations

import ctypes
import locale
import os
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.paginator import Paginator

from ..core.dates import StrftimeFormat
from ..core.metadata import names_places
from ..core.registry import Registry
from .internals import settings_directory
from .plan import PageJob
from .settings import PREFIX, PluginSettings, SettingsError, inside_output, load_settings

# Settings ------------------------------------------------------------------------------------


def settings_in_use(settings: Mapping[str, Any]) -> bool:
    """Whether the settings alone say the site uses the plugin (a ``COOPREGIONS_*`` setting)."""
    return any(name.startswith(PREFIX) for name in settings)


def in_use(settings: Mapping[str, Any], contents: Iterable[Any]) -> bool:
    """Whether this site uses the plugin: a ``COOPREGIONS_*`` setting is set, or an article
    (draft, hidden or translation included) writes one of the fields. A site that does not
    builds exactly as without the plugin, so nothing below applies to it."""
    return settings_in_use(settings) or any(names_places(content.metadata) for content in contents)


def check_settings(settings: Mapping[str, Any]) -> PluginSettings:
    """The plugin's settings, and Pelican's date formats when the settings use the plugin."""
    options = load_settings(settings)
    if settings_in_use(settings):
        pelican_date_formats(settings)
    return options


def pelican_date_formats(settings: Mapping[str, Any]) -> None:
    """Refuse a ``DATE_FORMATS`` or ``DEFAULT_DATE_FORMAT`` value Pelican cannot use.

    Pelican does not stop for one: it logs "Could not process" and leaves out every article
    whose language uses it, and the build succeeds. That is a wrong format, a
    ``(locale, format)`` pair that is no pair of strings, or a locale this machine does not
    have. A ``DATE_FORMATS`` that is no dict, Pelican never reads by language: ignored too.
    """
    formats = settings.get("DATE_FORMATS")
    named = [(f"DATE_FORMATS[{key!r}]", value) for key, value in dict_items(formats)]
    named.append(("DEFAULT_DATE_FORMAT", settings.get("DEFAULT_DATE_FORMAT", "%a %d %B %Y")))
    for name, value in named:
        if (problem := _date_format_problem(value)) is not None:
            raise SettingsError(
                f"{name} = {value!r}: {problem}; Pelican would leave out every article that "
                'uses it ("Could not process"). pelican-coopregions writes dates in each '
                "article's language without locales: a plain format such as '%d %B %Y' is "
                "enough"
            )


def dict_items(value: Any) -> list[tuple[Any, Any]]:
    return list(value.items()) if isinstance(value, Mapping) else []


def _date_format_problem(value: Any) -> str | None:
    if isinstance(value, tuple):
        if len(value) != 2 or not all(isinstance(part, str) for part in value):
            return "a locale pair must be two strings, (locale, format)"
        if locale_available(value[0]) is False:
            return f"this machine has no locale {value[0]!r}"
        value = value[1]
    if not isinstance(value, str):
        return "a date format is a string, or a (locale, format) tuple"
    if StrftimeFormat.parse(value) is None:
        return "a lone '%' at the end of the format, or before a line break"
    return None


def locale_available(name: str) -> bool | None:
    """Whether the C library has locale ``name`` (``None``: cannot tell on this platform).

    Asked with POSIX ``newlocale``, which makes a locale object without touching the
    process's locale (the plugin never changes it).
    """
    try:
        libc = ctypes.CDLL(None)
        new, free = libc.newlocale, libc.freelocale
    except (OSError, AttributeError, TypeError):
        return None
    new.restype, new.argtypes = ctypes.c_void_p, [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p]
    free.argtypes = [ctypes.c_void_p]
    handle = new(1 << locale.LC_TIME, name.encode(), None)
    if handle:
        free(handle)
    return bool(handle)


# Content Pelican cannot read -------------------------------------------------------------------


def unread_articles(generator: Any) -> SettingsError | None:
    """Article files whose reader's package is not installed (Markdown without ``markdown``).

    Pelican skips them without a word: a site with a place in every article would build with
    none. ``generator`` is anything with Pelican's ``get_files``, ``settings`` and ``readers``.
    """
    settings = generator.settings
    chosen = settings.get("READERS") or {}
    missing = {
        extension: type(reader).__name__
        for extension, reader in getattr(generator.readers, "disabled_readers", {}).items()
        if extension not in chosen and extension not in generator.readers.readers
    }
    if not missing:
        return None
    files = sorted(
        os.path.normpath(path)
        for path in generator.get_files(
            settings["ARTICLE_PATHS"],
            exclude=settings["ARTICLE_EXCLUDES"],
            extensions=tuple(missing),
        )
    )
    if not files:
        return None
    readers = sorted({missing[posixpath.splitext(path)[1][1:]] for path in files})
    return SettingsError(
        f"{len(files)} article file(s) ({files[0]}{', ...' if len(files) > 1 else ''}) need "
        f"{' and '.join(readers)}, whose package is not installed, so Pelican leaves them out "
        "(for Markdown: pip install markdown)"
    )


# Data files ------------------------------------------------------------------------------------


def load_registry(
    settings: Mapping[str, Any], options: PluginSettings, languages: Sequence[str]
) -> Registry:
    """The built-in world plus the site's data files (relative paths from the settings file's
    folder); raises :class:`DataFileError`."""
    base = settings_directory(settings)
    return Registry.load(
        regions=base / options.regions_file if options.regions_file else None,
        organizations=base / options.organizations_file if options.organizations_file else None,
        languages=tuple(languages),
    )


# Output paths ------------------------------------------------------------------------------------

CONTENT_KEYS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")
TAXONOMY_KEYS = ("categories", "tags", "authors")


def pelican_outputs(context: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, str]:
    """The paths Pelican writes for the site's own content, each with what it writes there.

    Articles and pages of every status and their translations, category, tag and author
    pages, and the direct templates (``index.html``, ``archives.html``...). ``context`` has
    Pelican's keys (``articles``, ``pages``, ``categories``...).
    """
    found: dict[str, str] = {}

    def add(path: Any, what: str) -> None:
        if path:
            found.setdefault(posixpath.normpath(str(path)), what)

    for key in CONTENT_KEYS:
        for original in context.get(key, ()):
            for content in (original, *getattr(original, "translations", ())):
                add(
                    getattr(content, "save_as", ""),
                    f"{content.source_path} (or change its save_as)",
                )
    for key in TAXONOMY_KEYS:
        terms = context.get(key) or ()  # Pelican's tags stay a dict, the others become pairs
        for term in terms if isinstance(terms, Mapping) else (pair[0] for pair in terms):
            add(term.save_as, f"the {key[:-1]} page of {str(term)!r}")
    for template in settings.get("DIRECT_TEMPLATES", ()):
        add(settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html"), f"{template}.html")
    return found


@dataclass(frozen=True, slots=True)
class FileNameLimits:
    """How long a file name and a whole path may be on the file system of OUTPUT_PATH."""

    name: int = 255
    path: int = 4096

    @classmethod
    def of(cls, folder: Path) -> FileNameLimits:
        existing = folder.resolve()
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        try:
            return cls(os.pathconf(existing, "PC_NAME_MAX"), os.pathconf(existing, "PC_PATH_MAX"))
        except (AttributeError, OSError, ValueError):  # no pathconf (Windows), or no answer
            return cls()


@dataclass(frozen=True, slots=True)
class OutputProblem:
    """A page that cannot be written where ``setting`` puts it."""

    message: str
    setting: str

    def __str__(self) -> str:
        return self.message


def job_files(job: PageJob, settings: Mapping[str, Any]) -> list[str]:
    """The files a job writes: its path, and the numbered pages Pelican's paginator writes
    beside it (``PAGINATION_PATTERNS``), as the writer would name them."""
    files = [job.save_as]
    per_page = settings["PAGINATED_TEMPLATES"].get(job.template) or settings.get(
        "DEFAULT_PAGINATION"
    )
    if job.paginated and per_page and len(job.inputs.articles) > per_page:
        paginator = Paginator(job.save_as, job.url, job.inputs.articles, settings, per_page)
        files += [paginator.page(n).save_as for n in range(2, paginator.num_pages + 1)]
    return files


class OutputTree:
    """The files of one build as a tree: each path claimed once, none where a folder must be.

    Refuses a path outside OUTPUT_PATH, one another page or Pelican takes, a file where
    another file needs a folder (``REGION_SAVE_AS = "{regions}/{slug}"`` beside year pages
    under ``{regions}/{slug}/``), a folder in OUTPUT_PATH where a file goes, and a file or
    folder name longer than the file system allows.
    """

    def __init__(
        self,
        output_path: str,
        pelican_writes: Mapping[str, str],
        limits: FileNameLimits | None = None,
    ) -> None:
        self.output = Path(output_path)
        self.limits = limits or FileNameLimits.of(self.output)
        self._base = len(str(self.output.absolute()).encode()) + 1  # and a separator
        self.files: dict[str, tuple[str, str | None]] = {
            path: (f"Pelican writes {what}", None) for path, what in pelican_writes.items()
        }
        self.problems: list[OutputProblem] = []

    def claim(self, path: str, owner: str, setting: str) -> None:
        """Add ``owner``'s file at ``path``, or the reason it cannot be written there."""
        if not inside_output(path):
            self._refuse(
                f"{setting} gives {path!r} for {owner}: output paths must stay inside "
                "OUTPUT_PATH (no leading '/', no '..')",
                setting,
            )
            return
        normal = posixpath.normpath(path)
        found = self.files.get(normal)
        if found is not None:
            other, other_setting = found
            if other_setting is None:
                message = f"{owner} would be written to {normal!r}, where {other}; change {setting}"
            else:
                message = (
                    f"{owner} and {other} would both be written to {normal!r}; give one of "
                    f"them another name or slug, or change {setting}"
                )
            self._refuse(message, setting)
            return
        if (too_long := self._too_long(normal)) is not None:
            self._refuse(
                f"{owner} would be written to {_cut(normal)!r}: {too_long}; give it a shorter "
                f"name or slug, or change {setting}",
                setting,
            )
            return
        self.files[normal] = (owner, setting)

    def check_folders(self) -> list[OutputProblem]:
        """Every problem: those found when claiming, then files where folders must be."""
        folders: dict[str, str] = {}
        for path in self.files:
            folder = posixpath.dirname(path)
            while folder and folder not in folders:
                folders[folder] = path
                folder = posixpath.dirname(folder)
        output = f"{self.output}{os.sep}"
        for folder, inside in folders.items():
            owner, setting = self.files[inside]
            found = self.files.get(folder)
            if found is not None and found[1] is not None:
                self._refuse(
                    f"{found[0]} would be written to {folder!r}, a file where {owner} needs a "
                    f"folder ({inside!r}); change {found[1]}",
                    found[1],
                )
            elif found is not None and setting is not None:
                self._refuse(
                    f"{owner} would be written to {inside!r}, inside {folder!r}, where "
                    f"{found[0]}; change {setting}",
                    setting,
                )
            elif setting is not None and os.path.isfile(output + folder):  # noqa: PTH113
                self._refuse(
                    f"{owner} would be written inside {folder!r}, a file in OUTPUT_PATH (left "
                    f"by an earlier build?): delete it, or change {setting}",
                    setting,
                )
        for path, (owner, setting) in self.files.items():
            if setting is not None and os.path.isdir(output + path):  # noqa: PTH112
                self._refuse(
                    f"{owner} would be written to {path!r}, a folder in OUTPUT_PATH (left by "
                    f"an earlier build?): delete it, or change {setting}",
                    setting,
                )
        return self.problems

    def _refuse(self, message: str, setting: str) -> None:
        self.problems.append(OutputProblem(message, setting))

    def _too_long(self, path: str) -> str | None:
        for part in path.split("/"):
            size = len(part.encode("utf-8", "surrogateescape"))
            if size > self.limits.name:
                return (
                    f"the name {_cut(part)!r} is {size} bytes long, and this file system "
                    f"takes at most {self.limits.name}"
                )
        whole = self._base + len(path.encode("utf-8", "surrogateescape"))
        if whole > self.limits.path:
            return f"the whole path is {whole} bytes long, more than the {self.limits.path} allowed"
        return None


def output_problems(
    jobs: Iterable[PageJob], settings: Mapping[str, Any], pelican_writes: Mapping[str, str]
) -> list[OutputProblem]:
    """Every job's files checked as one tree (:class:`OutputTree`), in the plan's order."""
    tree = OutputTree(str(settings.get("OUTPUT_PATH", "output")), pelican_writes)
    for job in jobs:
        for path in job_files(job, settings):
            tree.claim(path, job.owner, job.setting)
    return tree.check_folders()


def _cut(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length] + "…"
