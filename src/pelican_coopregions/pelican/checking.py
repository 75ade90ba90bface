"""``coopregions check``: the site read and its context made by Pelican itself, nothing written.

The settings file is read as ``pelican`` reads it (found in the given folder or its parents),
then Pelican is made with it (the site's plugins registered, the site's folder on
``sys.path``, ``initialized`` sent) and runs its context phase only
(:func:`.internals.context_phase`): Pelican's readers and generators, other plugins' readers
and signals, pelican-i18n-subsites' subsites, and the plugin's own generator, which collects
what would stop the build (:class:`Collected`) instead of stopping at the first. So the check
sees exactly what the build sees, and writes nothing.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from pelican import Pelican  # type: ignore[attr-defined]
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings

from .. import register as package_register
from ..core.errors import DataFileError
from ..core.metadata import Problem
from .failure import INPUT_ERRORS
from .generator import CoopRegionsGenerator
from .internals import context_phase, skipped_file
from .model import BuildModel
from .plugin import register
from .validation import OutputProblem

# The settings file `pelican` reads when given none (pelican.DEFAULT_CONFIG_NAME).
DEFAULT_CONFIG_NAME = "pelicanconf.py"
# Pelican's generators keep what they read under these names, by status.
ARTICLE_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
)


class SiteError(Exception):
    """The site cannot be checked as asked: a missing file, settings Pelican or the plugin
    refuse, the plugin not enabled."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A content file Pelican leaves out, and why (Pelican logs it; the build goes on)."""

    path: Path
    reason: str


@dataclass(slots=True)
class Collected:
    """What the build's context phase found, for every site it built (pelican-i18n-subsites
    builds one per language): the first site's model, and every problem once."""

    model: BuildModel | None = None
    problems: list[Problem] = field(default_factory=list)
    output: list[OutputProblem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    articles: int = 0
    read: list[Any] = field(default_factory=list)
    """The first site's articles of every status (``coopregions tag`` reads their text)."""
    data_error: DataFileError | None = None
    _seen: set[str] = field(default_factory=set)

    def found(
        self, model: BuildModel, problems: Sequence[Problem], output: Sequence[OutputProblem]
    ) -> None:
        if self.model is None:
            self.model = model
        for problem in problems:
            if self._new(f"{problem.source}|{problem.field}|{problem.error}"):
                self.problems.append(problem)
        for output_problem in output:
            if self._new(output_problem.message):
                self.output.append(output_problem)

    def skip(self, skipped: Skipped) -> None:
        if self._new(f"{skipped.path}|{skipped.reason}"):
            self.skipped.append(skipped)

    def _new(self, key: str) -> bool:
        if key in self._seen:
            return False
        self._seen.add(key)
        return True


class CheckingPelican(Pelican):  # type: ignore[misc]
    """Pelican that runs its context phase only; ``collected`` is its check's (a subclass
    made per check carries it: pelican-i18n-subsites makes its subsites with
    ``PELICAN_CLASS``, so they report there too)."""

    collected: ClassVar[Collected]

    def run(self) -> None:
        generators = context_phase(self, self._prepare)
        if not self.collected.articles:  # the first site's: subsites read the same files
            self.collected.read = [
                article
                for generator in generators
                if isinstance(generator, ArticlesGenerator)
                for name in ARTICLE_LISTS
                for article in getattr(generator, name, ())
            ]
            self.collected.articles = len(self.collected.read)

    def _prepare(self, generator: Any) -> None:
        if isinstance(generator, CoopRegionsGenerator):
            generator.findings = self.collected


@dataclass(slots=True)
class CheckedSite:
    """A site as the build's context phase saw it."""

    settings: dict[str, Any]
    settings_file: Path | None
    notes: list[str]
    collected: Collected
    in_use: bool


class _Skips(logging.Filter):
    """Turns Pelican's log records about files it leaves out into :class:`Skipped` entries
    (and keeps them off the screen: the check reports them itself)."""

    def __init__(self, collected: Collected, content: str) -> None:
        super().__init__()
        self.collected = collected
        self.content = content

    def filter(self, record: logging.LogRecord) -> bool:
        found = skipped_file(record, sys.exc_info()[1])
        if found is None:
            return True
        path, reason = found
        self.collected.skip(Skipped(Path(self.content, path), reason))
        return False


@contextmanager
def _skips_collected(collected: Collected, content: str) -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in ("pelican.generators", "pelican.contents")]
    skips = _Skips(collected, content)
    for target in loggers:
        target.addFilter(skips)
    try:
        yield
    finally:
        for target in loggers:
            target.removeFilter(skips)


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
def _quiet(name: str) -> Iterator[None]:
    """Keep what logger ``name`` says off the screen."""
    target = logging.getLogger(name)
    propagate, disabled = target.propagate, target.disabled
    target.disabled = True
    try:
        yield
    finally:
        target.propagate, target.disabled = propagate, disabled


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
        with _quiet("pelican.settings"):
            settings: dict[str, Any] = read_settings(str(path) if path else None, override=override)
    except Exception as error:  # a settings file is a Python program: anything can go wrong
        where = f"settings file {shown_path(path)!r}" if path else "the settings"
        raise SiteError(f"cannot use {where}: {type(error).__name__}: {error}") from None
    settings["PATH"] = str(Path(settings["PATH"]).resolve())
    return settings, path, notes


def never_content(settings: dict[str, Any]) -> list[str]:
    """A note for each folder inside PATH that is no content but that Pelican reads as such
    (the check too, as it reads what the build reads): OUTPUT_PATH, CACHE_PATH, virtual
    environments (a folder with ``pyvenv.cfg``)."""
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
    return [
        f"{folder.relative_to(root)}/ is inside the content folder {root}: 'pelican' reads "
        "its files as content too (set PATH to the folder of your articles)"
        for folder in found
    ]


@contextmanager
def _refused_by_pelican() -> Iterator[None]:
    """Pelican (or another plugin) failing on the site's settings: a site the check cannot
    vouch for, said in one line (the plugin's own errors pass through)."""
    try:
        yield
    except (*INPUT_ERRORS, SiteError):
        raise
    except Exception as error:  # Pelican's own code on a setting it cannot use (READERS...)
        raise SiteError(
            f"Pelican cannot use these settings: {type(error).__name__}: {error}"
        ) from None


def check_site(settings_file: str | None, content: str | None) -> CheckedSite:
    """Run the site's build up to its output phase, as ``pelican [-s settings_file] [content]``
    would, and collect what would stop it. Raises :class:`SiteError` (and the plugin's
    ``SettingsError``) when the site cannot be checked."""
    settings, path, notes = read_site_settings(settings_file, content)
    notes += never_content(settings)
    collected = Collected()
    settings["PELICAN_CLASS"] = type(
        "CheckingPelican", (CheckingPelican,), {"collected": collected}
    )
    with _skips_collected(collected, settings["PATH"]), _refused_by_pelican():
        instance = settings["PELICAN_CLASS"](settings)
        if not any(
            getattr(plugin, "register", None) in (register, package_register)
            for plugin in instance.plugins
        ):
            where = shown_path(path) if path else "the settings"
            raise SiteError(
                f"pelican-coopregions is not enabled in {where}: PLUGINS = "
                f"{settings['PLUGINS']!r} does not list it, so the build writes no region or "
                'organization pages (add "pelican_coopregions" to PLUGINS)'
            )
        try:
            instance.run()
        except DataFileError as error:
            collected.data_error = error
    in_use = collected.model is not None or collected.data_error is not None
    return CheckedSite(settings, path, notes, collected, in_use)
