"""Every use of something Pelican does not publish as API, each with its reason.

The rest of the plugin uses Pelican's public API only: signals, settings, ``Generator``,
``Writer.write_file``/``write_feed``, ``Paginator``, ``URLWrapper``, ``read_settings`` and
``Pelican`` itself. What Pelican offers no public way to do is here, and
``tests/test_internals.py`` checks each one against the installed Pelican, so that a Pelican
release that changes one fails that test by name instead of breaking a site:

- :func:`settings_directory`: Pelican does not record which settings file it read; it loads
  the file as a module (``pelican.settings.load_source``), so the module holding this site's
  values says where the file was. Data files are relative to it.
- :func:`under_autoreload`: Pelican tells plugins nothing about ``--autoreload``, whose loop
  retries a failed build at once; the loop's frame on the stack tells.
- :func:`skipped_file`: Pelican says which content files it leaves out, and why, only in its
  log; ``coopregions check`` lists them as warnings.
- :func:`refused_overwrite`: Pelican's writer refuses to write a file twice with
  ``FileOverwriteFailedError`` since 4.12, with a plain ``RuntimeError`` before.
- :func:`written_before` and :func:`claim_written`: Pelican's writer refuses to write a file
  twice in a build from the set of files it wrote (``Writer._written_files``). Files the
  plugin's worker processes wrote (:mod:`.parallel`) are checked against it, as the writer
  would check them, and added to it, so a later write over one is refused as in a serial build.
- :func:`context_phase`: ``coopregions check`` runs Pelican's build without its output phase.
  ``Pelican.run`` has no such switch, so the check runs the steps of ``run`` before the
  writer (``_get_generator_classes`` and ``_get_writer``: the generators other plugins add,
  and the ``get_writer`` signal, where pelican-i18n-subsites builds its subsites).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import version
from pathlib import Path
from types import FrameType
from typing import Any

import pelican
from pelican.plugins import signals  # type: ignore[attr-defined]

PREFIX = "COOPREGIONS_"
# Pelican 4.10 sends all_generators_finalized before the generators refresh their links
# (4.9: after): the check follows the installed release.
PELICAN_RELEASE = tuple(int(part) for part in version("pelican").split(".")[:2])
FINALIZED_BEFORE_LINKS = PELICAN_RELEASE >= (4, 10)
_MISSING = object()
_PELICAN_PACKAGE = Path(pelican.__file__).resolve().parent


def settings_directory(settings: Mapping[str, Any]) -> Path:
    """The folder relative data-file paths (and the site's catalogs) are read from: the
    settings file's own folder.

    The module holding these very values tells where the file was. Its name may be anything,
    ``pelican.conf`` included (Pelican's own sample name, ``pelican.conf.py``), so Pelican's
    own modules are told apart by where their file is, not by name. Settings built in code
    (tests, ``read_settings(override=...)``) fall back to the current folder.
    """
    wanted = {
        name: settings[name]
        for name in (
            PREFIX + "REGIONS_FILE",
            PREFIX + "ORGANIZATIONS_FILE",
            PREFIX + "TRANSLATIONS",
        )
        if settings.get(name) is not None
    }
    if not wanted:
        return Path.cwd()
    folders = []
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or any(
            getattr(module, key, _MISSING) != value for key, value in wanted.items()
        ):
            continue
        folder = Path(file).resolve().parent
        if folder != _PELICAN_PACKAGE and _PELICAN_PACKAGE not in folder.parents:
            folders.append(folder)
    # Several sites' settings may be loaded in one process (tests, i18n_subsites): prefer the
    # one whose folder holds this site's content (Pelican made PATH absolute from it).
    content = Path(str(settings.get("PATH", ""))).resolve()
    for folder in folders:
        if folder == content or folder in content.parents:
            return folder
    return folders[0] if folders else Path.cwd()


def under_autoreload() -> bool:
    """Whether Pelican's ``--autoreload`` loop (``pelican.autoreload``) runs this build: a
    cheap walk up the stack, done only when the build is about to fail."""
    loop = getattr(getattr(pelican, "autoreload", None), "__code__", None)
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        if frame.f_code is loop:
            return True
        frame = frame.f_back
    return False


def context_phase(instance: Any, prepare: Callable[[Any], None]) -> list[Any]:
    """``Pelican.run`` up to its output phase: the generators (Pelican's, other plugins',
    ours) make their context and the signals of that phase are sent, then ``get_writer`` is
    asked for a writer (pelican-i18n-subsites runs its subsites there), and nothing is written.

    ``prepare`` sees each generator before its context is made. Returns the generators.
    """
    context = instance.settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = instance.settings["SITEURL"]
    generators = []
    for cls in instance._get_generator_classes():
        generator = cls(
            context=context,
            settings=instance.settings,
            path=instance.path,
            theme=instance.theme,
            output_path=instance.output_path,
        )
        prepare(generator)
        generators.append(generator)
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    if FINALIZED_BEFORE_LINKS:
        signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    if not FINALIZED_BEFORE_LINKS:
        signals.all_generators_finalized.send(generators)
    instance._get_writer()
    return generators


def skipped_file(record: logging.LogRecord, error: BaseException | None) -> tuple[str, str] | None:
    """The file and the reason of a log record in which Pelican leaves a content file out,
    ``None`` for any other record. ``error`` is the exception being handled when the record
    was made (Pelican logs a reader's failure without its text)."""
    message = record.msg if isinstance(record.msg, str) else ""
    args = record.args if isinstance(record.args, tuple) else ()
    if message.startswith("Could not process %s") and args:
        why = f": {error}" if error is not None else ""
        return str(args[0]), f"Pelican cannot read this file{why}"
    if message.startswith("Skipping %s: ") and args:
        text = record.getMessage()
        return str(args[0]), "Pelican skips this file: " + text.split(": ", 1)[1]
    if message.startswith("Unknown status '%s' for file %s") and len(args) > 1:
        return str(args[1]), f"Pelican skips this file: unknown status {args[0]!r}"
    return None


def refused_overwrite(error: RuntimeError) -> bool:
    """Whether Pelican's writer refused to write over a file written in this build."""
    if type(error).__name__ == "FileOverwriteFailedError":
        return True
    text = str(error)
    return text.startswith("File ") and ("overwritten" in text or "overridden" in text)


def written_before(writer: Any, path: str) -> bool:
    """Whether ``writer`` wrote ``path`` (an absolute path, as its signals announce it) in
    this build: writing it again would be refused."""
    return path in writer._written_files


def claim_written(writer: Any, paths: Iterable[str]) -> None:
    """Count ``paths``, written by another process, as written by ``writer``: it then refuses
    to write over them, as over its own."""
    writer._written_files.update(paths)
