"""Worker processes (COOPREGIONS_WORKERS): the plugin's pages rendered beside Pelican's writing
are the serial build's, byte for byte, with the same incremental output, the same errors, the
same files announced to other plugins, under pelican-i18n-subsites too; a serial build where
workers cannot run."""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pelican.plugins import signals
from pelican.writers import Writer

from conftest import (
    FIXED_HASH_SEED,
    FIXTURES,
    build,
    build_in_fresh_python,
    differences,
    settings_for,
    snapshot,
    write_article,
)
from pelican_coopregions.pelican import parallel
from pelican_coopregions.pelican.failure import CoopRegionsError

BILINGUAL = FIXTURES / "sites" / "bilingual"
SERIAL = {"COOPREGIONS_WORKERS": 0}
WORKERS = {"COOPREGIONS_WORKERS": 2}
PLUGIN_FOLDERS = ("regions/", "organizations/", "es/regiones/", "es/organizaciones/")
# An article whose summary (none written: Pelican cuts its text) links another article: with
# RELATIVE_URLS, Pelican makes that link for the page being written.
LINKING = """
    Title: Links Between Stories
    Date: 2023-05-02
    Slug: links-between-stories
    Countries: VE
    Organizations: Cecosesola

    See [the markets]({filename}cuba-cooperative-legislation.md) and more.
    """


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(BILINGUAL, tmp_path, dirs_exist_ok=True)
    write_article(tmp_path / "content", "links.md", LINKING)
    return tmp_path


def settings(root: Path, name: str, **extra: Any) -> dict[str, Any]:
    """Every page kind: two languages, numbered pages, every year page, both feed types."""
    return {
        "OUTPUT_PATH": str(root / name),
        "CACHE_PATH": str(root / f"cache-{name}"),
        "COOPREGIONS_LANGUAGES": ["en", "es"],
        "COOPREGIONS_REGIONS_FILE": str(root / "data" / "regions.toml"),
        "COOPREGIONS_ORGANIZATIONS_FILE": str(root / "data" / "organizations.toml"),
        "COOPREGIONS_YEAR_ARCHIVES": "all",
        "DEFAULT_PAGINATION": 1,
        "REGION_FEED_RSS": "regions/{slug}/feed.rss.xml",
        **extra,
    }


def built(root: Path, name: str, **extra: Any) -> dict[str, bytes]:
    """Build into ``root/name``; every file written there."""
    build(root, **settings(root, name, **extra))
    return snapshot(root / name)


@pytest.fixture
def by_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many jobs the workers of each build wrote (Pelican's log drops a message repeated
    in one process, so it cannot tell)."""
    counts: list[int] = []
    finish = parallel.Workers.finish

    def counted(self: parallel.Workers) -> Any:
        done, failures = finish(self)
        counts.append(len(done))
        return done, failures

    monkeypatch.setattr(parallel.Workers, "finish", counted)
    return counts


@pytest.mark.parametrize(("relative", "main_takes_chunks"), [(False, True), (True, False)])
def test_workers_write_the_serial_builds_bytes(
    site: Path,
    relative: bool,
    main_takes_chunks: bool,
    by_workers: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = built(site, "serial", RELATIVE_URLS=relative, **SERIAL)
    assert by_workers == []
    if not main_takes_chunks:
        only_workers_render(monkeypatch)
    found = built(site, "workers", RELATIVE_URLS=relative, **WORKERS)
    assert len(by_workers) == 1  # they ran (and with the main process taking none, wrote all)
    assert by_workers[0] > 0 or main_takes_chunks
    assert differences(expected, found) == ""
    assert any(name.startswith("es/regiones/venezuela/2023/") for name in found)
    # The feed's summary links as Pelican's own feeds do: for SITEURL, whatever page was
    # written before the feed.
    feed = found["regions/venezuela/feed.atom.xml"].decode()
    assert "cuba-cooperative-legislation.html" in feed
    assert "../" not in feed


@pytest.mark.slow
def test_incremental_output_is_the_serial_builds(site: Path) -> None:
    """A cached rebuild after an edit writes the same pages again with workers as without,
    and records the same digests."""
    written: dict[str, set[str]] = {}
    outputs: dict[str, dict[str, bytes]] = {}
    manifests: dict[str, dict[str, str]] = {}
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    for name, mode in (("serial", SERIAL), ("workers", WORKERS)):
        root = site / f"site-{name}"
        shutil.copytree(site / "content", root / "content")
        shutil.copytree(site / "data", root / "data")
        build(root, **settings(root, "output", **cached, **mode))
        before = mtimes(root / "output")
        article = root / "content" / "coopcycle-argentina.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        build(root, **settings(root, "output", **cached, **mode))
        after = mtimes(root / "output")
        written[name] = {path for path, time in after.items() if before.get(path) != time}
        outputs[name] = snapshot(root / "output")
        (manifest,) = (root / "cache-output").glob("coopregions-output-*.json")
        data = json.loads(manifest.read_text(encoding="utf-8"))["written"]
        manifests[name] = {key: digest for key, (digest, _) in data.items()}
    assert differences(outputs["serial"], outputs["workers"]) == ""
    assert {p for p in written["workers"] if p.startswith(PLUGIN_FOLDERS)} == {
        p for p in written["serial"] if p.startswith(PLUGIN_FOLDERS)
    }
    assert "regions/argentina/index.html" in written["workers"]
    assert "organizations/smart/index.html" not in written["workers"]
    assert manifests["workers"].keys() == manifests["serial"].keys()


@pytest.mark.slow
def test_workers_or_not_no_page_is_written_again(site: Path) -> None:
    """COOPREGIONS_WORKERS changes how the build writes, not what: a cached rebuild with
    workers after a serial build keeps every page of the plugin."""
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    build(site, **settings(site, "output", **cached, **SERIAL))
    before = mtimes(site / "output")
    build(site, **settings(site, "output", **cached, **WORKERS))
    after = mtimes(site / "output")
    assert [path for path in after if path.startswith(PLUGIN_FOLDERS)]
    assert [
        path for path in after if path.startswith(PLUGIN_FOLDERS) and after[path] != before[path]
    ] == []


def mtimes(output: Path) -> dict[str, int]:
    return {
        path.relative_to(output).as_posix(): path.stat().st_mtime_ns
        for path in output.rglob("*")
        if path.is_file()
    }


# Failures ------------------------------------------------------------------------------------

# A theme's region page that fails for two of its pages, naming the page in its message.
FAILING_REGION = """\
{% extends "coopregions/region.html" %}
{% block coopregions_top %}{% if place.slug in ("venezuela", "argentina") %}
{{ place[place.slug].missing }}{% endif %}{{ super() }}{% endblock coopregions_top %}
"""


def error_of(root: Path, **overrides: Any) -> BaseException:
    with pytest.raises(Exception) as raised:  # the serial build's, whatever it is
        build(root, **overrides)
    return raised.value


def only_workers_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave every chunk to the workers: the main process takes none."""
    run, main = parallel.Workers.run, os.getpid()

    def run_in_workers(self: parallel.Workers, render: Any) -> Any:
        return ([], None) if os.getpid() == main else run(self, render)

    monkeypatch.setattr(parallel.Workers, "run", run_in_workers)


def test_a_workers_error_stops_the_build_as_a_serial_builds_does(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = site / "theme"
    theme.mkdir()
    (theme / "region.html").write_text(FAILING_REGION, encoding="utf-8")
    common = {"THEME_TEMPLATES_OVERRIDES": [str(theme)]}
    serial = error_of(site, **settings(site, "serial", **common, **SERIAL))
    only_workers_render(monkeypatch)
    workers = error_of(site, **settings(site, "workers", **common, **WORKERS))
    assert type(workers) is type(serial)
    assert str(workers) == str(serial)
    assert "has no attribute" in str(serial)
    assert any("worker process" in note for note in getattr(workers, "__notes__", ()))


def write_over_venezuela(generator: Any, writer: Any) -> None:
    """Another plugin's page at the plugin's path, written after Pelican's articles."""
    writer.write_file(
        "regions/venezuela/index.html", Text("<p>another plugin</p>"), generator.context
    )


def heard(path: str, context: Any = None, **kwargs: Any) -> None:
    """Another plugin's receiver of content_written: what it heard is in its context."""
    if isinstance(context, dict) and isinstance(context.get("HEARD"), list):
        context["HEARD"].append(path)


class Text:
    """A template that writes ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, context: Any) -> str:
        return self.text


@contextmanager
def connected(signal: Any, receiver: Any) -> Iterator[None]:
    signal.connect(receiver)
    try:
        yield
    finally:
        signal.disconnect(receiver)


@pytest.mark.slow
@pytest.mark.parametrize("listened", [False, True])
def test_a_file_another_plugin_wrote_stops_the_build_as_in_a_serial_build(
    site: Path, listened: bool
) -> None:
    """Pelican's writer refuses to write a file twice: a worker's file where another plugin
    wrote one is refused when the main process takes the workers' files, with the same
    message, announced to other plugins (through Pelican's writer) or not."""
    with connected(signals.article_writer_finalized, write_over_venezuela):
        if listened:
            signals.content_written.connect(heard)
        try:
            serial = error_of(site, **settings(site, "serial", **SERIAL))
            workers = error_of(site, **settings(site, "workers", **WORKERS))
        finally:
            signals.content_written.disconnect(heard)
    assert isinstance(serial, CoopRegionsError)
    assert type(workers) is type(serial) and str(workers) == str(serial)
    assert "region 'Venezuela' (en) would be written to 'regions/venezuela/index.html'" in str(
        serial
    )


def test_other_plugins_hear_of_every_file_the_workers_wrote(site: Path) -> None:
    heard_paths: dict[str, list[str]] = {}
    with connected(signals.content_written, heard):
        for name, mode in (("serial", SERIAL), ("workers", WORKERS)):
            paths: list[str] = []
            built(site, name, HEARD=paths, **mode)
            heard_paths[name] = sorted(
                Path(path).relative_to(site / name).as_posix() for path in paths
            )
    assert heard_paths["workers"] == heard_paths["serial"]
    pages = {name for name in snapshot(site / "workers") if name.endswith(".html")}
    assert {name for name in pages if name.startswith(PLUGIN_FOLDERS)} <= set(
        heard_paths["workers"]
    )


def crash_in_a_worker(parent: int) -> str:
    """A worker that dies without a word (killed, out of memory...)."""
    if os.getpid() != parent:
        os._exit(3)
    return ""


def test_a_worker_that_dies_stops_the_build_cleanly(site: Path) -> None:
    theme = site / "theme"
    theme.mkdir()
    (theme / "organization.html").write_text(
        '{% extends "coopregions/organization.html" %}'
        "{% block coopregions_top %}{{ crash() }}{% endblock coopregions_top %}",
        encoding="utf-8",
    )
    error = error_of(
        site,
        **settings(
            site,
            "workers",
            THEME_TEMPLATES_OVERRIDES=[str(theme)],
            JINJA_GLOBALS={"crash": functools.partial(crash_in_a_worker, os.getpid())},
            **WORKERS,
        ),
    )
    assert isinstance(error, RuntimeError)
    assert "worker process ended without its results (exit code 3)" in str(error)


# Writers of other plugins (get_writer) --------------------------------------------------------


class IndexingWriter(Writer):  # type: ignore[misc]
    """A writer that adds a method, as pelican-lunr's does: it writes as Pelican's."""

    def write_index(self) -> None:
        raise NotImplementedError


class StampingWriter(Writer):  # type: ignore[misc]
    """A writer that writes otherwise: a comment at the end of every page."""

    def write_file(self, name: str, template: Any, context: Any, *args: Any, **kw: Any) -> None:
        super().write_file(name, Stamped(template), context, *args, **kw)


class Stamped:
    def __init__(self, template: Any) -> None:
        self.template = template

    def render(self, context: Any) -> str:
        return str(self.template.render(context)) + "<!-- stamped -->"


def indexing_writer(pelican: Any) -> type[Writer]:
    return IndexingWriter


def stamping_writer(pelican: Any) -> type[Writer]:
    return StampingWriter


@pytest.mark.slow
@pytest.mark.parametrize(
    ("receiver", "workers_write"), [(indexing_writer, True), (stamping_writer, False)]
)
def test_the_sites_own_writer(
    site: Path, receiver: Any, workers_write: bool, by_workers: list[int]
) -> None:
    """The workers write with Pelican's Writer: a site's writer that writes otherwise has the
    plugin's pages written by the main process again, with it."""
    with connected(signals.get_writer, receiver):
        serial = built(site, "serial", **SERIAL)
        workers = built(site, "workers", **WORKERS)
    assert differences(serial, workers) == ""
    assert len(by_workers) == 1  # they ran, then their files were written again
    page = workers["regions/venezuela/index.html"].decode()
    assert page.endswith("<!-- stamped -->") is not workers_write


# Where workers cannot run --------------------------------------------------------------------


@pytest.mark.slow
def test_no_fork_builds_serially(
    site: Path, monkeypatch: pytest.MonkeyPatch, by_workers: list[int]
) -> None:
    serial = built(site, "serial", **SERIAL)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert parallel.can_fork() == "this platform has no fork"
    fallback = built(site, "fallback", **WORKERS)
    assert by_workers == []
    assert differences(serial, fallback) == ""


@pytest.mark.slow
def test_other_threads_build_serially(site: Path, by_workers: list[int]) -> None:
    done = threading.Event()
    thread = threading.Thread(target=done.wait)
    thread.start()
    try:
        assert parallel.can_fork() == "other threads run in this process"
        built(site, "threads", **WORKERS)
    finally:
        done.set()
        thread.join()
    assert by_workers == []


def test_how_many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parallel.worker_count(0, 10_000, lambda: 20_000) == 0
    assert parallel.worker_count(3, 2, lambda: 20_000) == 2  # never more than the jobs
    assert parallel.worker_count("auto", 10_000, lambda: parallel.MIN_FILES - 1) == 0
    for cpus, workers in ((1, 0), (2, 1), (3, 2), (16, 2)):  # at most AUTO_WORKERS
        monkeypatch.setattr(parallel, "usable_cpus", lambda cpus=cpus: cpus)
        assert parallel.worker_count("auto", 10_000, lambda: 20_000) == workers
    assert parallel.worker_count(4, 10_000, lambda: 20_000) == 4  # asked for


# Other plugins, in interpreters of their own (they stay connected to Pelican's signals) -------


def fresh_builds(root: Path, **extra: Any) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site built serially and with workers, each in a fresh Python."""
    found = []
    for name, mode in (("serial", SERIAL), ("workers", WORKERS)):
        build_in_fresh_python(
            settings_for(root, **settings(root, name, **extra, **mode)), FIXED_HASH_SEED
        )
        found.append(snapshot(root / name))
    return found[0], found[1]


@pytest.mark.slow
def test_sitemap_and_search_plugins(site: Path) -> None:
    """pelican-sitemap lists every page it hears of (content_written); pelican-sphinxsearch
    indexes the articles and pages of the site's context."""
    serial, workers = fresh_builds(
        site,
        PLUGINS=["sitemap", "sphinxsearch", "pelican_coopregions"],
        SITEMAP={"format": "txt"},
        SITEURL="https://example.org",
        AUTHOR="GEO Editors",  # pelican-sphinxsearch indexes every article's author
    )
    assert differences(serial, workers) == ""
    sitemap = workers["sitemap.txt"].decode().splitlines()
    pages = [name for name in workers if name.startswith(PLUGIN_FOLDERS) and name.endswith(".html")]
    for page in pages:
        url = "https://example.org/" + page.removesuffix("index.html")
        assert url in sitemap, url
    index = workers["sphinxsearch.xml"].decode()
    assert "<url>links-between-stories.html</url>" in index


@pytest.mark.slow
def test_i18n_subsites(site: Path) -> None:
    serial, workers = fresh_builds(
        site,
        PLUGINS=["i18n_subsites", "pelican_coopregions"],
        I18N_SUBSITES={"es": {"SITENAME": "Noticias cooperativas"}},
        JINJA_ENVIRONMENT={"extensions": ["jinja2.ext.i18n"]},
        COOPREGIONS_LANGUAGES=None,
    )
    assert differences(serial, workers) == ""
    assert "es/regiones/venezuela/index.html" in workers
    assert "regions/venezuela/index.html" in workers
