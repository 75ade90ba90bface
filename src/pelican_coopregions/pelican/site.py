"""A site read as ``pelican`` reads it, without building it: what ``coopregions`` checks.

The settings file (found in the given folder or its parents), the site's plugins registered
as Pelican registers them (some add readers or change metadata), Pelican's readers, and the
article and page files Pelican's own rules select (``ARTICLE_PATHS``, ``ARTICLE_EXCLUDES``,
``IGNORE_FILES``, the extensions of enabled readers), read with Pelican's readers. Nothing is
written. Folders that are never content are left out: OUTPUT_PATH, CACHE_PATH and virtual
environments inside PATH (``pelican ..`` would read their HTML files as articles).
"""

from __future__ import annotations

import fnmatch
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.contents import Article, Page, SkipStub
from pelican.generators import Generator
from pelican.plugins._utils import get_plugin_name, load_plugins
from pelican.readers import Readers
from pelican.settings import read_settings
from pelican.utils import process_translations

from .. import register as package_register
from .plugin import register
from .settings import PluginSettings, SettingsError, load_settings

# The settings file `pelican` reads when given none (pelican.DEFAULT_CONFIG_NAME).
DEFAULT_CONFIG_NAME = "pelicanconf.py"

logger = logging.getLogger(__name__)


class SiteError(Exception):
    """The site cannot be checked as asked: a missing file, settings Pelican or the plugin
    refuse, the plugin not enabled."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A content file Pelican would leave out, and why (Pelican logs it; the build goes on)."""

    path: Path
    reason: str


@dataclass(slots=True)
class Site:
    """A site's settings and every article Pelican would read (all statuses, all languages)."""

    settings: dict[str, Any]
    options: PluginSettings
    settings_file: Path | None
    files: ContentFiles
    articles: list[Any]
    pages: list[Any]
    skipped: list[Skipped]
    notes: list[str] = field(default_factory=list)

    def originals(self) -> list[Any]:
        """Published originals, their translations attached, as Pelican links them."""
        published = [article for article in self.articles if article.status == "published"]
        originals, _ = process_translations(
            published, translation_id=self.settings["ARTICLE_TRANSLATION_ID"]
        )
        return list(originals)

    def context(self) -> dict[str, Any]:
        """What Pelican's generators put in the context, for :func:`.validation.pelican_outputs`."""
        published = [article for article in self.articles if article.status == "published"]
        context: dict[str, Any] = {"articles": self.articles, "pages": self.pages}
        for key, terms in (
            ("categories", [article.category for article in published]),
            ("tags", [tag for article in published for tag in getattr(article, "tags", ())]),
            ("authors", [a for article in published for a in getattr(article, "authors", ())]),
        ):
            context[key] = [(term, []) for term in dict.fromkeys(terms) if term]
        return context


class ContentFiles(Generator):  # type: ignore[misc]
    """Pelican's own choice of content files (``get_files``), without a whole generator.

    ``Generator.__init__`` loads the theme and sends signals; file selection needs only
    ``path``, ``settings`` and ``readers``.
    """

    def __init__(self, settings: dict[str, Any], readers: Any, never: list[str]) -> None:
        self.settings = settings
        self.path = settings["PATH"]
        self.readers = readers
        self.never = never

    def select(self, paths: str, excludes: str) -> list[str]:
        """The files of ``paths`` (``ARTICLE_PATHS``) less ``excludes``, relative to PATH."""
        exclude = [*self.settings[excludes], *self.never]
        return sorted(self.get_files(self.settings[paths], exclude=exclude))


def shown_path(path: Path | str) -> str:
    """``path`` relative to the current folder when it is inside it, else as given."""
    given = Path(path)
    try:
        return str(given.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(given)


def find_settings_file(start: Path) -> Path | None:
    """``pelicanconf.py`` in ``start`` or the nearest folder above it."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / DEFAULT_CONFIG_NAME).is_file():
            return candidate / DEFAULT_CONFIG_NAME
    return None


@contextmanager
def captured(name: str) -> Iterator[list[str]]:
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


def read_site_settings(
    settings_file: str | None, content: str | None
) -> tuple[dict[str, Any], Path | None, list[str]]:
    """Pelican's settings as ``pelican [-s settings_file] [content]`` would read them.

    Without ``settings_file``, ``pelicanconf.py`` is looked for in the content folder (or
    the current one) and the folders above it, so ``coopregions check content/`` and a check
    run inside ``content/`` read the site's settings. Returns notes for the user too.
    """
    notes: list[str] = []
    folder: Path | None = None
    if content is not None:
        folder = Path(content).expanduser()
        if not folder.is_dir():
            raise SiteError(f"content folder {content!r} not found")
    path: Path | None
    if settings_file is not None:
        path = Path(settings_file)
        if not path.is_file():
            raise SiteError(f"settings file {settings_file!r} not found")
    else:
        path = find_settings_file(folder or Path.cwd())
        if path is None and folder is None:
            raise SiteError(
                f"no {DEFAULT_CONFIG_NAME} in this folder or above it: give the settings file "
                "with -s, or the content folder as PATH"
            )
        if path is None:
            notes.append(
                f"no {DEFAULT_CONFIG_NAME} in {content} or above it: reading it with Pelican's "
                "default settings (give a settings file with -s)"
            )
        elif path.parent.resolve() != Path.cwd().resolve():
            notes.append(f"using the settings file {shown_path(path)}")
    override: dict[str, Any] = {}
    if folder is not None:
        override["PATH"] = str(folder.resolve())
    try:
        # Pelican's warnings here are about building (feeds, time zone): not ours to repeat.
        with captured("pelican.settings"):
            settings: dict[str, Any] = read_settings(str(path) if path else None, override=override)
    except Exception as error:  # a settings file is a Python program: anything can go wrong
        where = f"settings file {shown_path(path)!r}" if path else "the settings"
        raise SiteError(f"cannot use {where}: {type(error).__name__}: {error}") from None
    settings["PATH"] = str(Path(settings["PATH"]).resolve())
    return settings, path, notes


def register_plugins(settings: dict[str, Any]) -> bool:
    """Register the site's plugins as Pelican does; whether pelican-coopregions is one."""
    registered = []
    enabled = False
    for plugin in load_plugins(settings):
        name = get_plugin_name(plugin)
        # Listed by package (pelican_coopregions) or found as pelican.plugins.coopregions.
        enabled = enabled or getattr(plugin, "register", None) in (register, package_register)
        try:
            plugin.register()
        except Exception as error:  # Pelican, too, goes on without a plugin that fails
            logger.warning("cannot register plugin %r: %s", name, error)
            continue
        registered.append(name)
    settings["PLUGINS"] = registered
    return enabled


def never_content(settings: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Folders inside PATH that are no content: OUTPUT_PATH, CACHE_PATH, virtual environments
    (a folder with ``pyvenv.cfg``). Relative to PATH, with a note for each one found."""
    root = Path(settings["PATH"])
    found: list[Path] = []
    for name in ("OUTPUT_PATH", "CACHE_PATH"):
        setting = Path(str(settings.get(name) or "")).resolve()
        if settings.get(name) and root in setting.parents and setting.is_dir():
            found.append(setting)
    ignores = settings.get("IGNORE_FILES") or ()
    for walked, dirs, files in os.walk(root):
        folder = Path(walked)
        if "pyvenv.cfg" in files and folder != root:
            found.append(folder)
            dirs.clear()
            continue
        dirs[:] = [
            name
            for name in dirs
            if not any(fnmatch.fnmatch(name, ignore) for ignore in ignores)
            and (folder / name).resolve() not in found
        ]
    relative = [str(folder.relative_to(root)) for folder in found]
    notes = [
        f"{folder}/ is inside the content folder {root}: 'pelican' reads its files as content "
        "too, the check leaves them out (set PATH to the folder of your articles)"
        for folder in relative
    ]
    return relative, notes


def read_site(settings_file: str | None, content: str | None) -> Site:
    """The site: settings, plugins, readers and every article and page Pelican would read."""
    settings, path, notes = read_site_settings(settings_file, content)
    try:
        options = load_settings(settings)
    except SettingsError as error:
        raise SiteError(str(error)) from None
    if not register_plugins(settings):
        where = shown_path(path) if path else "the settings"
        raise SiteError(
            f"pelican-coopregions is not enabled in {where}: PLUGINS = {settings['PLUGINS']!r} "
            "does not list it, so the build writes no region or organization pages (add "
            '"pelican_coopregions" to PLUGINS)'
        )
    never, found = never_content(settings)
    notes += found
    try:
        files = ContentFiles(settings, Readers(settings), never)
        article_files = files.select("ARTICLE_PATHS", "ARTICLE_EXCLUDES")
        page_files = files.select("PAGE_PATHS", "PAGE_EXCLUDES")
    except Exception as error:  # Pelican's own code on a setting it cannot use (READERS...)
        raise SiteError(
            f"Pelican cannot use these settings: {type(error).__name__}: {error}"
        ) from None
    skipped: list[Skipped] = []
    articles = list(_read(files, article_files, Article, skipped))
    pages = list(_read(files, page_files, Page, []))
    return Site(settings, options, path, files, articles, pages, skipped, notes)


def _read(
    files: ContentFiles, paths: list[str], content_class: type, skipped: list[Skipped]
) -> Iterator[Any]:
    base = files.settings["PATH"]
    for relative in paths:
        source = Path(base) / relative
        try:
            content = files.readers.read_file(
                base_path=base, path=relative, content_class=content_class, context={}
            )
        except Exception as error:  # a reader's failure: Pelican logs it and skips the file
            skipped.append(Skipped(source, f"Pelican cannot read this file: {error}"))
            continue
        if isinstance(content, SkipStub):
            continue
        with captured("pelican.contents") as reasons:
            valid = content.is_valid()
        if not valid:
            prefix = f"Skipping {content}: "
            why = "; ".join(r.removeprefix(prefix) for r in reasons) or "not a valid article"
            skipped.append(Skipped(source, f"Pelican skips this file: {why}"))
            continue
        yield content
