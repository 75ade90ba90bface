"""The one validation of a site, called by the build and by ``coopregions check`` alike.

Each check is a function here; the build (:mod:`.plugin`, :mod:`.pages`) calls them where
Pelican gives it the input, and stops at the first that fails, and the checker calls the same
functions on the site it read as Pelican reads it, listing everything. So ``coopregions check``
passes exactly when the build's validation would:

- settings: the ``COOPREGIONS_*`` and URL settings (:func:`.settings.load_settings`, date
  patterns written once at start), and Pelican's own date formats
  (:func:`pelican_date_formats`), once the site uses the plugin;
- content Pelican cannot read: article files whose reader is not installed
  (:func:`unread_articles`);
- data files (:func:`load_registry`: read, checked and resolved by the core);
- article metadata (:func:`check_content`), each bad value located, a value that comes from
  ``EXTRA_PATH_METADATA`` at that setting;
- output paths (:class:`OutputPaths`): every page, feed and index of every language
  (:mod:`.plan`), inside OUTPUT_PATH, no two the same, none a page Pelican writes, each file
  name within the file system's limits. The page writer claims each path again as it
  writes: the last line, should anything have escaped this one.
"""

from __future__ import annotations

import ctypes
import locale
import os
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.dates import StrftimeFormat
from ..core.metadata import NO_REFS, ArticleRefs, Problem, merge_refs, names_places, read_refs
from ..core.registry import Registry
from .content_languages import ContentLanguages
from .failure import CoopRegionsError
from .grouping import Story, group, places, stories
from .plan import Language, Output, outputs
from .settings import (
    PREFIX,
    PluginSettings,
    SettingsError,
    inside_output,
    load_settings,
    page_languages,
    settings_directory,
)
from .taxonomy import OrganizationTerm, RegionTerm

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


def data_directory(settings: Mapping[str, Any], settings_file: Path | None = None) -> Path:
    """Where relative data-file paths start: the settings file's folder."""
    if settings_file is not None:
        return settings_file.resolve().parent
    return settings_directory(settings)


def load_registry(
    settings: Mapping[str, Any],
    options: PluginSettings,
    languages: Sequence[str],
    settings_file: Path | None = None,
) -> Registry:
    """The built-in world plus the site's data files; raises :class:`DataFileError`."""
    base = data_directory(settings, settings_file)
    return Registry.load(
        regions=base / options.regions_file if options.regions_file else None,
        organizations=base / options.organizations_file if options.organizations_file else None,
        languages=tuple(languages),
    )


# Article metadata ------------------------------------------------------------------------------


def check_metadata(
    registry: Registry, contents: Iterable[Any], settings: Mapping[str, Any]
) -> tuple[dict[int, ArticleRefs], list[Problem]]:
    """Every article's references (by ``id``), and every bad value, located."""
    refs: dict[int, ArticleRefs] = {}
    problems: list[Problem] = []
    path_metadata = settings.get("EXTRA_PATH_METADATA") or {}
    for content in contents:
        found, bad = read_refs(registry, content.metadata, str(content.source_path))
        refs[id(content)] = found
        if bad and path_metadata:
            bad = [_from_path_metadata(problem, content, path_metadata) for problem in bad]
        problems.extend(bad)
    return refs, problems


def _from_path_metadata(
    problem: Problem, content: Any, path_metadata: Mapping[str, Any]
) -> Problem:
    """The problem, said of the ``EXTRA_PATH_METADATA`` entry that gave the value, if one did.

    Pelican applies the entries in sorted order (the most specific path wins) and the file's
    own fields over them; a value is the entry's when the article still holds it as given.
    """
    source = posixpath.normpath(str(content.relative_source_path).replace(os.sep, "/"))
    metadata = content.metadata
    for (key, name), value in reversed(list(_path_fields(path_metadata, source))):
        if name in metadata and metadata[name] == value and problem.error.value in str(value):
            return Problem(
                problem.source,
                problem.field,
                problem.error,
                written_in=f"EXTRA_PATH_METADATA[{key!r}][{name!r}]",
            )
    return problem


def _path_fields(
    path_metadata: Mapping[str, Any], source: str
) -> Iterator[tuple[tuple[str, str], Any]]:
    for path, fields in sorted(path_metadata.items()):
        folder = posixpath.join(str(path), "")
        if (source == path or source.startswith(folder)) and isinstance(fields, Mapping):
            for name, value in fields.items():
                yield (str(path), str(name)), value


# Content: from articles to pages ---------------------------------------------------------------


@dataclass(slots=True)
class Checked:
    """What the build makes of a site's content, and what is wrong with it.

    ``problems`` are the bad metadata values (errors in strict mode, warnings otherwise);
    ``output`` the problems with the output paths, which always stop the build.
    """

    codes: tuple[str, ...]
    registry: Registry
    refs: dict[int, ArticleRefs]
    problems: list[Problem]
    stories: list[Story]
    languages: dict[str, Language]
    output: list[OutputProblem] = field(default_factory=list)


def check_content(
    settings: Mapping[str, Any],
    options: PluginSettings,
    contents: Sequence[Any],
    originals: Iterable[Any],
    registry_for: Callable[[Sequence[str]], Registry],
    pelican_writes: Mapping[str, str],
) -> Checked:
    """Check every article, group the published ones into pages, and check those pages' paths.

    ``contents`` is every article (all statuses, translations included), ``originals`` the
    published originals as Pelican linked them, ``registry_for`` gives the registry for the
    languages names may be written in, ``pelican_writes`` maps the paths Pelican writes to
    what it writes there (:func:`pelican_outputs`).
    """
    languages = ContentLanguages(settings)
    default_lang = languages.fallback
    originals = list(originals)
    # Drafts and hidden articles are checked, but never make a language of their own.
    published = {languages.of(version) for story in originals for version in _versions(story)}
    codes = page_languages(options, settings, published)
    registry = registry_for(languages.lookup_languages(codes, contents))
    refs, problems = check_metadata(registry, contents, settings)
    listed = stories(
        originals,
        languages,
        lambda members: places(
            registry,
            (refs.get(id(member), NO_REFS) for member in members),
            rollup=options.rollup,
            infer_from_organizations=options.infer_from_organizations,
        ),
    )
    for story in listed:
        # A translation that names nothing shows what its story names (written once).
        bare = [member for member in story.members if not refs.get(id(member))]
        if bare:
            merged = merge_refs(refs.get(id(member), NO_REFS) for member in story.members)
            refs.update((id(member), merged) for member in bare)
    listings = group(listed, codes, options.translation_fallback, years=options.year_archives)
    pages = {}
    for lang in codes:
        words = options.url_words_for(lang)
        pages[lang] = Language(
            lang,
            {r.slug: RegionTerm(r, settings, lang, default_lang, words) for r in registry.regions},
            {
                o.slug: OrganizationTerm(o, settings, lang, default_lang, words)
                for o in registry.organizations
            },
            listings[lang],
            words,
        )
    planned = outputs(pages, registry, settings, options, default_lang)
    paths = OutputPaths(str(settings.get("OUTPUT_PATH", "output")), pelican_writes)
    return Checked(codes, registry, refs, problems, listed, pages, paths.check(planned))


def _versions(original: Any) -> Iterator[Any]:
    yield original
    yield from original.translations


# Output paths ------------------------------------------------------------------------------------

# Pelican's pagination writes page 2 and on beside page 1 with a number in the file name
# (``index2.html``): room kept in a paginated page's file name.
PAGE_NUMBER_ROOM = 6
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


class OutputPaths:
    """The output paths claimed so far in one build; refuses a path that cannot be written.

    Outside OUTPUT_PATH, already claimed by another page, one that Pelican writes for the
    site's own content, or a file or folder name longer than the file system allows: each a
    :class:`~.failure.CoopRegionsError` that names the pages and the setting to change.
    """

    def __init__(
        self,
        output_path: str,
        pelican_writes: Mapping[str, str] | None = None,
        limits: FileNameLimits | None = None,
    ) -> None:
        self.output_path = output_path
        self.pelican_writes = pelican_writes or {}
        self.limits = limits or FileNameLimits.of(Path(output_path))
        self._base = len(str(Path(output_path).absolute()).encode()) + 1  # and a separator
        self._owners: dict[str, str] = {}

    def claim(self, path: str, owner: str, setting: str, *, paginated: bool = False) -> str:
        """``path`` normalised, now ``owner``'s; a :class:`CoopRegionsError` if it cannot be."""
        if not inside_output(path):
            raise CoopRegionsError(
                f"{setting} gives {path!r} for {owner}: output paths must stay inside "
                "OUTPUT_PATH (no leading '/', no '..')"
            )
        normal = posixpath.normpath(path)
        other = self._owners.setdefault(normal, owner)
        if other != owner:
            raise CoopRegionsError(
                f"{owner} and {other} would both be written to {normal!r}; give one of them "
                f"another name or slug, or change {setting}"
            )
        if normal in self.pelican_writes:
            raise CoopRegionsError(
                f"{owner} would be written to {normal!r}, where Pelican writes "
                f"{self.pelican_writes[normal]}; change {setting}"
            )
        if (too_long := self._too_long(normal, paginated)) is not None:
            raise CoopRegionsError(
                f"{owner} would be written to {_cut(normal)!r}: {too_long}; give it a shorter "
                f"name or slug, or change {setting}"
            )
        return normal

    def _too_long(self, path: str, paginated: bool) -> str | None:
        parts = path.split("/")
        for number, part in enumerate(parts, start=1):
            room = PAGE_NUMBER_ROOM if paginated and number == len(parts) else 0
            size = len(part.encode("utf-8", "surrogateescape")) + room
            if size > self.limits.name:
                return (
                    f"the name {_cut(part)!r} is {size - room} bytes long, and this file system "
                    f"takes at most {self.limits.name}"
                    + (f" (less {room} for page numbers)" if room else "")
                )
        whole = self._base + len(path.encode("utf-8", "surrogateescape"))
        whole += PAGE_NUMBER_ROOM if paginated else 0
        if whole > self.limits.path:
            return f"the whole path is {whole} bytes long, more than the {self.limits.path} allowed"
        return None

    def check(self, planned: Iterable[Output]) -> list[OutputProblem]:
        """Claim every planned output; what could not be claimed, one sentence each."""
        problems: list[OutputProblem] = []
        for output in planned:
            try:
                self.claim(output.path, output.owner, output.setting, paginated=output.paginated)
            except CoopRegionsError as error:
                problems.append(OutputProblem(str(error), output.setting))
        return problems


@dataclass(frozen=True, slots=True)
class OutputProblem:
    """A page that cannot be written where ``setting`` puts it."""

    message: str
    setting: str

    def __str__(self) -> str:
        return self.message


def _cut(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length] + "…"
