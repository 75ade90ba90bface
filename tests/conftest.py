"""Shared fixtures: write a small site into tmp_path and build it with a real Pelican run."""

from __future__ import annotations

import difflib
import doctest
import itertools
import json
import logging
import os
import posixpath
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from blinker import ANY, Signal
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.generators import ArticlesGenerator
from pelican.log import LimitFilter
from pelican.plugins import _utils as plugin_utils
from pelican.plugins import signals
from pelican.settings import read_settings

from pelican_coopregions.cli import main

FIXTURES = Path(__file__).parent / "fixtures"

# The start of a pelicanconf.py for a site built by the ``pelican`` command: no SITEURL, so
# Pelican's site-wide feeds are switched off (Pelican warns about feeds without one).
SETTINGS_FILE = """\
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def _disconnect_all() -> dict[Signal, list[Any]]:
    """Take every receiver off Pelican's signals; return them, by signal, in order."""
    saved = {
        signal: list(signal.receivers_for(ANY))
        for signal in vars(signals).values()
        if isinstance(signal, Signal)
    }
    for signal, receivers in saved.items():
        for receiver in receivers:
            signal.disconnect(receiver)
    return saved


@pytest.fixture(autouse=True, scope="module")
def only_this_plugin_connected() -> Iterator[None]:
    """Disconnect receivers other tests' plugins left on Pelican's signals (e.g. i18n_subsites).

    Blinker signals live as long as the process; a plugin registered by an earlier test would
    otherwise take part in every later build. Everything is reconnected, in order, afterwards.
    """
    saved = _disconnect_all()
    yield
    for signal, receivers in saved.items():
        added = [r for r in signal.receivers_for(ANY) if r not in receivers]
        for receiver in added:
            signal.disconnect(receiver)
        for receiver in (*receivers, *added):
            signal.connect(receiver)


@contextmanager
def no_receivers_but_its_own() -> Iterator[None]:
    """No receivers on Pelican's signals inside; afterwards exactly those connected before
    (what was registered inside is taken off): a build or command as in a new process."""
    saved = _disconnect_all()
    try:
        yield
    finally:
        _disconnect_all()
        for signal, receivers in saved.items():
            for receiver in receivers:
                signal.connect(receiver)


@contextmanager
def as_in_a_new_process() -> Iterator[None]:
    """Run a command's ``main`` here as a new interpreter would run it, then put things back.

    Pelican's signals start with no receivers, and the receivers the command connects (it
    registers the site's plugins) are taken off afterwards; Pelican's duplicate-message filter
    starts empty (it is process-wide: a warning seen in an earlier test would be dropped); the
    root logger has no handler, so ``logging.basicConfig`` in ``main`` prints to ``sys.stderr``
    as it does in a new process; ``sys.path`` is restored (Pelican adds to it).
    """
    root = logging.getLogger()
    handlers, level, path = root.handlers[:], root.level, sys.path[:]
    filtered = (set(LimitFilter._ignore), set(LimitFilter._raised_messages))
    counts = dict(LimitFilter._group_count)
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    root.handlers = []
    try:
        with no_receivers_but_its_own():
            yield
    finally:
        root.handlers = handlers
        root.setLevel(level)
        sys.path[:] = path
        LimitFilter._ignore, LimitFilter._raised_messages = filtered
        LimitFilter._group_count.clear()
        LimitFilter._group_count.update(counts)


@dataclass(frozen=True)
class Ran:
    """What a command returned and printed (the fields of ``subprocess.CompletedProcess``)."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def coopregions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Ran]:
    """``coopregions ARGS`` run in ``cwd``, in this process (:func:`as_in_a_new_process`):
    ``pelican_coopregions.cli.main``, the function the console script calls, with what it
    prints captured. Usage errors and ``--help`` end in ``SystemExit``, as in a process.

    Far faster than a new interpreter per command; tests/test_cli.py keeps a few runs of the
    real command in a separate process.
    """

    def run(*args: str, cwd: Path) -> Ran:
        capsys.readouterr()  # what the test printed before is not the command's
        with monkeypatch.context() as patch, as_in_a_new_process():
            patch.chdir(cwd)
            # argparse wraps help to the terminal: a captured process has none (80 columns).
            patch.setenv("COLUMNS", os.environ.get("COLUMNS", "80"))
            try:
                status = main(list(args))
            except SystemExit as exit:  # argparse's, with an int status
                assert isinstance(exit.code, int), exit.code
                status = exit.code
        printed = capsys.readouterr()
        return Ran(status, printed.out, printed.err)

    return run


@dataclass
class Site:
    """A built site: its folders and helpers to read what was written."""

    root: Path
    content: Path
    output: Path

    def html(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / path).read_text(encoding="utf-8"), "html.parser")

    def exists(self, path: str) -> bool:
        return (self.output / path).is_file()

    def files(self) -> set[str]:
        return {str(p.relative_to(self.output)) for p in self.output.rglob("*") if p.is_file()}


def resolve(page: str, href: str) -> str:
    """The output file a link on ``page`` (relative to the output folder) points to."""
    if href.endswith("/"):
        href += "index.html"
    if href.startswith("/"):
        return href.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def write_article(content: Path, name: str, text: str) -> Path:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def settings_for(root: Path, **overrides: Any) -> dict[str, Any]:
    """Settings for a quiet, deterministic test build of ``root/content`` into ``root/output``."""
    base: dict[str, Any] = {
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(root / "output"),
        "CACHE_PATH": str(root / "cache"),
        "PLUGINS": ["pelican_coopregions"],
        "SITEURL": "",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "LOAD_CONTENT_CACHE": False,
        "CACHE_CONTENT": False,
    }
    base.update(overrides)
    return base


def build(root: Path, **overrides: Any) -> Site:
    """Run Pelican on ``root/content`` with ``overrides``; return the built site (its
    ``output`` is the ``OUTPUT_PATH`` it was built into)."""
    settings = read_settings(override=settings_for(root, **overrides))
    Pelican(settings).run()
    return Site(root, root / "content", Path(settings["OUTPUT_PATH"]))


EXAMPLE_SETTINGS = Path(__file__).parent.parent / "example_site" / "pelicanconf.py"


@dataclass(frozen=True)
class ExampleBuild:
    """example_site/ as its own pelicanconf.py builds it, and Pelican's article generator."""

    output: Path
    articles: ArticlesGenerator


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExampleBuild]:
    """The example site built once for the whole session (once per xdist worker) with its
    settings file and the content cache off: test_example_site, test_browser and test_serve
    each built exactly this. Tests only read it; a test that changed a file of it fails here,
    at teardown."""
    output = tmp_path_factory.mktemp("example-output")
    settings = read_settings(
        str(EXAMPLE_SETTINGS),
        override={"OUTPUT_PATH": str(output), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False},
    )
    generators: list[ArticlesGenerator] = []
    with no_receivers_but_its_own():
        signals.article_generator_finalized.connect(generators.append, weak=False)
        Pelican(settings).run()
    built = snapshot(output)
    yield ExampleBuild(output, generators[0])
    assert differences(built, snapshot(output)) == "", "a test changed the shared example build"


_BUILD_SCRIPT = """
import json, sys
from pelican import Pelican
from pelican.settings import read_settings

settings, settings_file = (json.loads(arg) for arg in sys.argv[1:3])
pelican = Pelican(read_settings(settings_file, override=settings))
pelican.run()
print(json.dumps(pelican.settings["PLUGINS"]))
"""


def build_in_fresh_python(
    settings: Mapping[str, Any],
    env: Mapping[str, str] = {},
    *,
    settings_file: Path | None = None,
) -> list[str]:
    """Build in a new interpreter, for what only a new process has: other environment
    variables (TZ, LC_ALL, PYTHONPATH, PYTHONHASHSEED). Otherwise :func:`build_alone` builds
    the same way in this process, faster. ``settings`` override those of ``settings_file``
    (e.g. a site's pelicanconf.py). Returns the plugins Pelican registered."""
    arguments = (dict(settings), str(settings_file) if settings_file else None)
    result = subprocess.run(
        [sys.executable, "-c", _BUILD_SCRIPT, *(json.dumps(argument) for argument in arguments)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    plugins: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return plugins


def build_alone(
    settings: Mapping[str, Any],
    *,
    discoverable: Sequence[str] | None = None,
    settings_file: Path | None = None,
) -> list[str]:
    """Build in this process as in a new interpreter (:func:`no_receivers_but_its_own`):
    Pelican's signals carry only what this build's plugins connect, taken off afterwards. So
    a build with ``PLUGINS = []`` runs without this plugin, and plugins that stay connected for
    the rest of a process, like i18n_subsites, leave nothing behind. With ``discoverable``,
    Pelican's plugin auto-discovery (``settings`` without ``PLUGINS``) finds only those
    namespace plugins (the test dependencies include i18n_subsites, which would be found too).
    ``settings`` override those of ``settings_file``. Returns the plugins Pelican registered."""
    with pytest.MonkeyPatch.context() as patch, no_receivers_but_its_own():
        if discoverable is not None:
            found = plugin_utils.get_namespace_plugins
            patch.setattr(
                plugin_utils,
                "get_namespace_plugins",
                lambda ns_pkg=None: {
                    name: module for name, module in found(ns_pkg).items() if name in discoverable
                },
            )
        path = str(settings_file) if settings_file else None
        pelican = Pelican(read_settings(path, override=dict(settings)))
        pelican.run()
    plugins: list[str] = pelican.settings["PLUGINS"]
    return plugins


# Pelican reads content files into a set (``Generator.get_files``), so the order of an
# article's ``translations``, which themes list and link with ``hreflang``, follows the string
# hash seed when a story has three or more versions (the example site's do): two interpreters
# order Pelican's own pages differently. Builds compared to test one thing (a Babel release,
# an installed wheel) share a seed; tests/test_determinism.py builds the plugin's pages under
# two seeds.
FIXED_HASH_SEED = {"PYTHONHASHSEED": "0"}


@pytest.fixture(scope="session")
def example_with_seed_0(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The snapshot of example_site/ built in a new interpreter with FIXED_HASH_SEED, its
    settings file and the content cache off, once for the session: the reference build that
    test_newest_babel (pinned Babel), test_packaging (the checkout) and test_determinism
    (seed 0) each made."""
    output = tmp_path_factory.mktemp("example-seed-0")
    settings = {"OUTPUT_PATH": str(output), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    build_in_fresh_python(settings, FIXED_HASH_SEED, settings_file=EXAMPLE_SETTINGS)
    return snapshot(output)


def python_path_first(folder: Path) -> dict[str, str]:
    """An environment whose interpreters import from ``folder`` before anything installed."""
    return {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    }


def snapshot(output: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in ``output``: for byte-for-byte comparisons."""
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def differences(expected: Mapping[str, bytes], actual: Mapping[str, bytes], limit: int = 10) -> str:
    """What differs between two snapshots, for a failure message: files only one side has, then
    the first lines that differ in each changed file (up to ``limit`` files); "" if identical."""
    lines = [f"only in the first: {name}" for name in sorted(expected.keys() - actual.keys())]
    lines += [f"only in the second: {name}" for name in sorted(actual.keys() - expected.keys())]
    changed = sorted(
        name for name in expected.keys() & actual.keys() if expected[name] != actual[name]
    )
    for name in changed[:limit]:
        diff = difflib.unified_diff(
            expected[name].decode("utf-8", "replace").splitlines(),
            actual[name].decode("utf-8", "replace").splitlines(),
            f"first/{name}",
            f"second/{name}",
            n=0,
            lineterm="",
        )
        lines += list(itertools.islice(diff, 12))
    if len(changed) > limit:
        lines.append(f"... and {len(changed) - limit} more changed files")
    return "\n".join(lines)


def run_shell(commands: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``commands`` (a shell block of the docs) with bash in ``cwd``, the test environment's
    ``pelican`` and ``coopregions`` first on PATH, as in an activated virtual environment."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return subprocess.run(
        ["bash", "-e", "-c", commands],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PATH": path, "PYTHONUTF8": "1", "COLUMNS": "300"},
        timeout=300,
        check=False,
    )


def shows(expected: str, actual: str, *, wrapped: bool = False) -> bool:
    """Whether ``actual`` output is what a doc shows: ``...`` stands for any text (a whole
    line of ``...`` for any lines); ``wrapped`` output may break its lines elsewhere."""
    options = doctest.ELLIPSIS | (doctest.NORMALIZE_WHITESPACE if wrapped else 0)
    want, got = (text.strip("\n") + "\n" for text in (expected, actual))
    return doctest.OutputChecker().check_output(want, got, options)


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    return tmp_path


@pytest.fixture
def make_site(site_dir: Path) -> Callable[..., Site]:
    """Write ``articles`` (file name -> text) and build with ``overrides``."""

    def make(articles: Mapping[str, str], **overrides: Any) -> Site:
        for name, text in articles.items():
            write_article(site_dir / "content", name, text)
        return build(site_dir, **overrides)

    return make
