"""Incremental output: a page or feed whose inputs did not change is not written again.

With Pelican's content cache on (``CACHE_CONTENT``/``LOAD_CONTENT_CACHE``), a build after an
edit reads only the changed articles, but every page is rendered again. For the plugin, whose
pages repeat each article on several listings in several languages, that is most of a rebuild.
A manifest in ``CACHE_PATH`` keeps, for each page (all pages of one listing) and each feed,
digests of what it is made from and the files written (size and modification time). A page is
skipped when its digest is the recorded one and its files are as they were written; otherwise
it is rendered and written as in a full build, so the output is the full build's, byte for
byte.

What a page is made from (:mod:`.digest` says how values are read):

- the site: every setting, the Python packages installed (name and version: a Babel upgrade
  changes dates and names), the plugin's own files (code, templates, catalogs), the site's own
  catalogs (COOPREGIONS_TRANSLATIONS), the theme's
  translations;
- its template: the source of every template it extends, includes or imports, and the
  context variables those templates name (``pages`` for a menu, ``categories``...), whose
  articles count as lists show them;
- its own variables: the listing (each article version, whole), the region or organization,
  breadcrumb, sub-regions, language versions, feeds and whatever else the page is given,
  including whether the pages it links to exist.

Two digests per page keep a rebuild cheap. The *quick* digest is the page's article versions
plus what every page shares (the site, the templates and the context variables they read, the
regions and organizations, and how many articles each lists in each language): every other
variable of a page follows from these, so when it matches, the page is skipped before its
variables are even made. When something shared changed (an article added, a region renamed),
the *full* digest of the page's own variables decides, so only the pages that show the change
are written again.

A skipped page's file stays in the output folder untouched. Other plugins still see it: when
``content_written`` has receivers (a sitemap, a search index, a minifier), the page goes
through Pelican's writer with its text read back from the file, so each receiver gets the
same path and context as in a full build. Feeds are never skipped while ``feed_generated``
or ``feed_written`` has a receiver. ``--delete-output-directory`` empties the folder: every
page is then missing and written. A value the digest cannot read (an object of another
plugin's making in the context) makes its pages always written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from pelican.plugins import signals  # type: ignore[attr-defined]

from .digest import Digests, hashed
from .feeds import FeedWriter
from .settings import settings_directory

logger = logging.getLogger(__name__)

FORMAT = 2
# Variables Pelican's writer makes for each page: they follow from the page's own inputs.
WRITER_VARIABLES = frozenset(
    {
        "output_file",
        "localsiteurl",
        *(
            f"{key}_{part}"
            for key in ("articles", "dates")
            for part in ("page", "paginator", "previous_page", "next_page")
        ),
    }
)
_MISSING = "\x00missing"

States = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class Written:
    """One page or feed as last written: its digests (``""``: none) and its files' states."""

    quick: str
    full: str
    files: States  # path in OUTPUT_PATH, size, mtime in ns


def file_states(output: Path, paths: Sequence[str]) -> States | None:
    """``(path, size, mtime_ns)`` of each file; ``None`` if one is missing."""
    states = []
    folder = f"{output}{os.sep}"
    for path in paths:
        try:
            found = os.stat(folder + path)  # noqa: PTH116 (thousands of files: no Path objects)
        except OSError:
            return None
        states.append((path, found.st_size, found.st_mtime_ns))
    return tuple(states)


class Manifest:
    """What the plugin wrote in the last build and what it writes in this one."""

    def __init__(self, path: Path, output: Path, previous: Mapping[str, Written]) -> None:
        self.path = path
        self.output = output
        self.previous = previous
        self.current: dict[str, Written] = {}

    @classmethod
    def load(cls, settings: Mapping[str, Any]) -> Manifest:
        """The manifest of this site's output folder (one per OUTPUT_PATH in CACHE_PATH)."""
        output = Path(settings["OUTPUT_PATH"]).resolve()
        name = hashlib.blake2b(str(output).encode(), digest_size=8).hexdigest()
        path = Path(settings["CACHE_PATH"]) / f"coopregions-output-{name}.json"
        previous: dict[str, Written] = {}
        if settings.get("LOAD_CONTENT_CACHE") and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("format") == FORMAT:
                    previous = {
                        key: Written(quick, full, tuple(tuple(state) for state in states))
                        for key, (quick, full, states) in data["written"].items()
                    }
            except (OSError, ValueError, TypeError, KeyError):
                logger.warning("pelican-coopregions: %s is unreadable; writing every page", path)
        return cls(path, output, previous)

    def intact(self, key: str) -> Written | None:
        """What was written for ``key`` last time, if its files are still as written."""
        written = self.previous.get(key)
        if written is None:
            return None
        paths = [path for path, _, _ in written.files]
        return written if file_states(self.output, paths) == written.files else None

    def keep(self, key: str, quick: str, full: str) -> None:
        self.current[key] = Written(quick, full, self.previous[key].files)

    def record(self, key: str, quick: str, full: str, paths: Sequence[str]) -> None:
        states = file_states(self.output, paths)
        if states is not None:
            self.current[key] = Written(quick, full, states)

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "written": {
                key: [written.quick, written.full, list(written.files)]
                for key, written in self.current.items()
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


def plugin_files() -> bytes:
    """The plugin's own files: code, templates, data, catalogs (an editable install changes
    without a new version)."""
    package = Path(str(files(__package__))).parent
    return hashed(
        part
        for path in sorted(package.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
        for part in (str(path.relative_to(package)).encode(), path.read_bytes())
    )


def folder_states(folder: Path) -> bytes:
    """Paths, sizes and modification times of the files in ``folder`` (theme translations)."""
    if not folder.is_dir():
        return b""
    states = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found = path.stat()
            states.append(f"{path.relative_to(folder)}|{found.st_size}|{found.st_mtime_ns}")
    return "\n".join(states).encode()


@dataclass(frozen=True, slots=True)
class Source:
    """One template file: its text, the context variables it names, the templates it uses
    (``None`` among them: one chosen at render time), and the variables it reads only as
    ``{% for name, unused in variable %}`` (see :func:`first_items_only`)."""

    text: str
    names: frozenset[str]
    uses: tuple[str | None, ...]
    firsts: frozenset[str]


def first_items_only(tree: jinja2.nodes.Template) -> frozenset[str]:
    """Context variables a template reads only through loops over pairs whose second item it
    never uses: Pelican's ``categories``, ``tags`` and ``authors`` are (name, articles) pairs,
    and menus write ``{% for cat, null in categories %}``: such a page shows the names, not
    the articles."""
    nodes = jinja2.nodes
    loops: dict[str, bool] = {}
    iterated: set[int] = set()
    for loop in tree.find_all(nodes.For):
        if not isinstance(loop.iter, nodes.Name):
            continue
        target = loop.target
        unused = (
            isinstance(target, nodes.Tuple)
            and len(target.items) == 2
            and isinstance(target.items[1], nodes.Name)
            and not any(
                name.name == target.items[1].name and name.ctx == "load"
                for part in (*loop.body, *loop.else_)
                for name in part.find_all(nodes.Name)
            )
        )
        iterated.add(id(loop.iter))
        loops[loop.iter.name] = loops.get(loop.iter.name, True) and unused
    elsewhere = {
        name.name
        for name in tree.find_all(nodes.Name)
        if name.ctx == "load" and id(name) not in iterated
    }
    return frozenset(name for name, unused in loops.items() if unused and name not in elsewhere)


class Templates:
    """The templates of one build as incremental output reads them: each parsed once."""

    def __init__(self, env: jinja2.Environment, extensions: Sequence[str]) -> None:
        self.env = env
        self.extensions = extensions
        self._sources: dict[str, Source | None] = {}

    def source(self, name: str) -> Source | None:
        if name not in self._sources:
            assert self.env.loader is not None
            try:
                text = self.env.loader.get_source(self.env, name)[0]
            except jinja2.TemplateNotFound:
                self._sources[name] = None
            else:
                tree = self.env.parse(text)
                self._sources[name] = Source(
                    text,
                    frozenset(jinja2.meta.find_undeclared_variables(tree)),
                    tuple(jinja2.meta.find_referenced_templates(tree)),
                    first_items_only(tree),
                )
        return self._sources[name]

    def file(self, name: str) -> str:
        """The file of a page template as Pelican's ``Generator.get_template`` finds it."""
        for extension in self.extensions:
            if self.source(name + extension) is not None:
                return name + extension
        return name

    def inputs(self, name: str) -> tuple[bytes, frozenset[str], frozenset[str]]:
        """A page template and everything it extends, includes or imports: the digest of
        their sources, the names of the context variables they read, and those they read
        only as pairs whose second items they never use."""
        texts: dict[str, str] = {}
        names: set[str] = set()
        firsts: set[str] = set()
        whole: set[str] = set()
        pending = [self.file(name)]
        while pending:
            current = pending.pop()
            if current in texts:
                continue
            source = self.source(current)
            texts[current] = _MISSING if source is None else source.text
            if source is None:
                continue
            names |= source.names
            firsts |= source.firsts
            whole |= source.names - source.firsts
            for used in source.uses:
                # None: chosen at render time, so any template may be used.
                pending.extend(self.env.list_templates() if used is None else [used])
        digest = hashed(f"{key}\x00{texts[key]}\x00".encode() for key in sorted(texts))
        return digest, frozenset(names), frozenset(firsts - whole)


# Writing -----------------------------------------------------------------------------------


class _Unchanged:
    """Stands for a template: gives the text already in the page's file (a skipped page sent
    through Pelican's writer again, for ``content_written``'s receivers)."""

    def __init__(self, output: str) -> None:
        self.output = output

    def render(self, localcontext: Mapping[str, Any]) -> str:
        path = Path(self.output, localcontext["output_file"])
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()


class Incremental:
    """Digests of the pages and feeds of one build, and the manifest they are compared with.

    Off (every page written, no manifest read or saved) unless Pelican's content cache is on.
    """

    def __init__(
        self,
        settings: Mapping[str, Any],
        context: Mapping[str, Any],
        env: jinja2.Environment,
        code: tuple[type, ...],
    ) -> None:
        self.settings = settings
        self.context = context
        self.templates = Templates(env, settings.get("TEMPLATE_EXTENSIONS", [".html"]))
        self.digests = Digests(str(settings.get("SITEURL", "")), code)
        self._templates: dict[str, tuple[bytes, frozenset[str], frozenset[str]]] = {}
        self._names: dict[tuple[str, frozenset[str]], bytes | None] = {}
        self.manifest: Manifest | None = None
        self.site: bytes | None = None
        self.shared: bytes | None = None
        if settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE"):
            self.manifest = Manifest.load(settings)
            self.site = self._site()
            if self.site is None:
                logger.info(
                    "pelican-coopregions: a setting holds a value that cannot be compared "
                    "between builds; every page is written"
                )

    def _site(self) -> bytes | None:
        settings = self.digests.of_all(self.settings)
        if settings is None:
            return None
        theme = Path(str(self.settings.get("THEME", "")))
        locales = self.settings.get("I18N_GETTEXT_LOCALEDIR")
        own = self.settings.get("COOPREGIONS_TRANSLATIONS")  # the site's words (i18n)
        return hashed(
            [
                f"format {FORMAT} python {sys.version}".encode(),
                settings,
                installed_packages(),
                plugin_files(),
                folder_states(theme / "translations"),
                folder_states(Path(str(locales))) if locales else b"",
                folder_states(settings_directory(self.settings) / str(own)) if own else b"",
            ]
        )

    def share(
        self, templates: Mapping[str, Collection[str]], structure: Callable[[], bytes]
    ) -> None:
        """Digest what every page shares: the site, the ``templates`` and the context
        variables they read (but those every page of the template is given), and the
        ``structure`` (regions, organizations, how many articles each lists)."""
        if self.site is None:
            return
        parts = [self.site, structure()]
        for template, given in templates.items():
            names = self._context_names(template, frozenset(given))
            if names is None:
                return
            parts += [self._template(template)[0], names]
        self.shared = hashed(parts)

    def _template(self, name: str) -> tuple[bytes, frozenset[str], frozenset[str]]:
        if name not in self._templates:
            self._templates[name] = self.templates.inputs(name)
        return self._templates[name]

    def _context_names(self, template: str, own: frozenset[str]) -> bytes | None:
        """The context variables the template reads that the page does not set itself."""
        key = (template, own)
        if key not in self._names:
            _, names, firsts = self._template(template)
            values = {}
            for name in sorted(names - own - WRITER_VARIABLES):
                if name in self.settings:  # in the site's digest
                    continue
                value = self.context.get(name, _MISSING)
                if name in firsts and isinstance(value, list):
                    value = [
                        item[0] if isinstance(item, tuple) and item else item for item in value
                    ]
                values[name] = value
            self._names[key] = self.digests.of(values, listed=True)
        return self._names[key]

    def quick(self, key: str, articles: Sequence[Any]) -> str:
        """What every page shares and this page's article versions (``""``: unreadable)."""
        if self.shared is None:
            return ""
        versions = self.digests.versions(articles)
        return "" if versions is None else hashed([self.shared, key.encode(), versions]).hex()

    def full(self, template: str, key: str, variables: Mapping[str, Any]) -> str:
        """Every variable of one page (all pages of a listing) (``""``: unreadable)."""
        if self.site is None:
            return ""
        names = self._context_names(template, frozenset(variables))
        own = self.digests.of_all(variables)
        if names is None or own is None:
            return ""
        return hashed([self.site, self._template(template)[0], names, key.encode(), own]).hex()

    def feed(self, path: str, details: Sequence[str], items: Sequence[Any]) -> str:
        """A feed: its items' versions, its path, type and title (``""``: unreadable)."""
        if self.site is None:
            return ""
        versions = self.digests.versions(items)
        if versions is None:
            return ""
        return hashed([self.site, path.encode(), "\x00".join(details).encode(), versions]).hex()


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed to write: ``Writer.write_feed``'s arguments, and who owns its path."""

    path: str
    feed_type: str
    title: str
    articles: Sequence[Any]
    owner: str
    setting: str


class Output:
    """Writes the plugin's pages and feeds through Pelican's writer, skipping unchanged ones.

    Used as a context manager around the plugin's output: it notes the files each page and
    feed writes (through the writer's ``_open_w``) and saves the manifest at the end.
    """

    def __init__(self, incremental: Incremental, writer: Any, generator: Any) -> None:
        self.incremental = incremental
        self.manifest = incremental.manifest
        self.writer = writer
        self.generator = generator
        self.feeds = FeedWriter(writer, generator.context, generator.listed.url)
        self._opened: list[str] = []

    def __enter__(self) -> Output:
        if self.manifest is None:  # nothing records which files a page writes
            return self
        original = self.writer._open_w
        output = self.writer.output_path

        def open_w(filename: str, encoding: str, override: bool = False) -> Any:
            self._opened.append(os.path.relpath(filename, output))
            return original(filename, encoding, override)

        self.writer._open_w = open_w  # an attribute of this writer only, removed on exit
        return self

    def __exit__(self, kind: object, *error: object) -> None:
        if self.manifest is None:
            return
        del self.writer._open_w
        if kind is None and self.generator.settings["CACHE_CONTENT"]:
            self.manifest.save()

    def _write(self, key: str, quick: str, full: str, write: Callable[[], Any]) -> None:
        self._opened = []
        write()
        if self.manifest is not None and (quick or full):
            self.manifest.record(key, quick, full, self._opened)

    # Pages -------------------------------------------------------------------------------

    @property
    def skipping(self) -> bool:
        """Whether pages may be skipped before their variables are made: incremental output
        is on and no plugin wants to hear of every page written."""
        return self.incremental.shared is not None and not signals.content_written.receivers

    def unchanged(self, key: str, articles: Sequence[Any]) -> bool:
        """Whether the page ``key`` made from ``articles`` is as last written: nothing it
        shares with other pages changed, nor its articles (its variables need not be made)."""
        manifest = self.manifest
        if manifest is None or not key or not self.skipping:
            return False
        quick = self.incremental.quick(key, articles)
        written = manifest.previous.get(key)
        if not quick or written is None or written.quick != quick or not manifest.intact(key):
            return False
        manifest.keep(key, quick, written.full)
        return True

    def page(
        self,
        save_as: str,
        template_name: str,
        url: str,
        paginated: Mapping[str, Sequence[Any]],
        made_from: Sequence[Any],
        /,
        **variables: Any,
    ) -> None:
        """``Writer.write_file(save_as, template, context, ...)`` with ``variables``, unless
        the page is as last written. ``made_from``: the article versions it lists."""
        settings = self.generator.settings

        def write(template: Any) -> None:
            self.writer.write_file(
                save_as,
                template,
                self.generator.context,
                relative_urls=settings["RELATIVE_URLS"],
                paginated=paginated,
                template_name=template_name,
                url=url,
                **variables,
            )

        manifest = self.manifest
        if manifest is None:
            write(self.generator.get_template(template_name))
            return
        quick = self.incremental.quick(save_as, made_from)
        full = self.incremental.full(
            template_name, save_as, {**variables, "url": url, "paginated": paginated}
        )
        written = manifest.intact(save_as)
        if full and written is not None and written.full == full:
            if signals.content_written.receivers:  # they hear of it as in a full build
                text = _Unchanged(self.writer.output_path)
                self._write(save_as, quick, full, lambda: write(text))
            else:
                manifest.keep(save_as, quick, full)
            return
        template = self.generator.get_template(template_name)
        self._write(save_as, quick, full, lambda: write(template))

    # Feeds -------------------------------------------------------------------------------

    def plan(self, feeds: Sequence[Feed]) -> list[Feed]:
        """The feeds to write in this build; the others are kept as they are."""
        manifest = self.manifest
        watched = FeedWriter.observed()
        wanted = []
        for feed in feeds:
            if manifest is not None and not watched:
                digest = self._feed_digest(feed)
                written = manifest.previous.get(feed.path)
                if digest and written and written.full == digest and manifest.intact(feed.path):
                    manifest.keep(feed.path, "", digest)
                    continue
            wanted.append(feed)
            self.feeds.expect(feed.articles, feed.feed_type)
        return wanted

    def _feed_digest(self, feed: Feed) -> str:
        items = self.feeds.items(feed.articles)
        return self.incremental.feed(feed.path, (feed.feed_type, feed.title), items)

    def feed(self, feed: Feed) -> None:
        digest = ""
        if self.manifest is not None and not FeedWriter.observed():
            digest = self._feed_digest(feed)

        def write() -> None:
            self.feeds.write(feed.articles, feed.path, feed.path, feed.feed_type, feed.title)

        self._write(feed.path, "", digest, write)
