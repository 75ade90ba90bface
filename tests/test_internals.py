"""Each use of something Pelican does not publish as API (pelican/internals.py), checked against
the installed Pelican: a Pelican release that changes one fails here, by name."""

from __future__ import annotations

import inspect
import logging
import sys
import textwrap
from pathlib import Path
from typing import Any

import pelican
import pytest
from blinker import ANY, Signal
from pelican import Pelican
from pelican.plugins import signals
from pelican.settings import read_settings
from pelican.writers import Writer

from conftest import settings_for, write_article
from pelican_coopregions.pelican.checking import check_site
from pelican_coopregions.pelican.internals import (
    FINALIZED_BEFORE_LINKS,
    claim_written,
    refused_overwrite,
    settings_directory,
    skipped_file,
    written_before,
)

pytestmark = pytest.mark.builds


def test_pelican_loads_the_settings_file_as_a_module_holding_its_values(tmp_path: Path) -> None:
    """settings_directory: the data files of a site are found next to its settings file."""
    site = tmp_path / "site"
    site.mkdir()
    conf = site / "pelicanconf.py"
    conf.write_text('COOPREGIONS_ORGANIZATIONS_FILE = "data/orgs.toml"\n', encoding="utf-8")
    settings = read_settings(str(conf))
    assert settings_directory(settings) == site.resolve()


def test_pelicans_autoreload_loop_retries_a_failed_build_at_once() -> None:
    """under_autoreload: why the plugin must know (a loop that catches every exception and runs
    again without waiting), and how (the loop is the function ``pelican.autoreload``)."""
    source = inspect.getsource(pelican.autoreload)
    assert "while True:" in source
    assert "pelican.run()" in source
    assert "except Exception" in source


def test_pelicans_run_is_a_context_phase_then_a_writer_then_an_output_phase() -> None:
    """context_phase: the steps of ``Pelican.run`` it repeats, in this order, and the private
    methods it calls."""
    source = inspect.getsource(Pelican.run)
    finalized, links = (
        "all_generators_finalized.send(generators)",
        "refresh_metadata_intersite_links()",
    )
    steps = [
        "self._get_generator_classes()",
        "generate_context()",
        *((finalized, links) if FINALIZED_BEFORE_LINKS else (links, finalized)),
        "self._get_writer()",
        "generate_output(writer)",
    ]
    positions = [source.find(step) for step in steps]
    assert -1 not in positions, dict(zip(steps, positions, strict=True))
    assert positions == sorted(positions)
    assert callable(Pelican._get_generator_classes)
    assert callable(Pelican._get_writer)


def sent_signals() -> tuple[list[str], list[tuple[Signal, Any]]]:
    """Connect a recorder to every Pelican signal; return the record and the connections."""
    heard: list[str] = []
    connected = []
    for name, signal in vars(signals).items():
        if isinstance(signal, Signal):

            def receiver(*args: Any, _name: str = name, **kwargs: Any) -> None:
                heard.append(_name)

            signal.connect(receiver, sender=ANY, weak=False)
            connected.append((signal, receiver))
    return heard, connected


def test_check_sends_the_signals_of_the_build_up_to_the_writer(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check is the build's context phase: the same signals, in the same order, up to
    ``get_writer``; none of the output phase."""
    write_article(site_dir / "content", "a.md", "Title: A\nDate: 2023-01-01\nCountries: VE\n\nA.\n")
    conf = site_dir / "pelicanconf.py"
    conf.write_text(
        textwrap.dedent(
            """
            PATH = "content"
            TIMEZONE = "UTC"
            PLUGINS = ["pelican_coopregions"]
            FEED_ALL_ATOM = None
            CATEGORY_FEED_ATOM = None
            """
        ),
        encoding="utf-8",
    )
    heard, connected = sent_signals()
    try:
        Pelican(read_settings(override=settings_for(site_dir))).run()
        built = list(heard)
        heard.clear()
        monkeypatch.chdir(site_dir)
        checked = check_site(None, None)
    finally:
        for signal, receiver in connected:
            signal.disconnect(receiver)
    assert checked.collected.model is not None
    writer = built.index("get_writer")
    assert heard == built[: writer + 1]
    assert "content_written" in built[writer:] and "content_written" not in heard


def test_pelican_logs_the_files_it_leaves_out(
    site_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """skipped_file: Pelican says which files it leaves out, and why, only in its log."""
    content = site_dir / "content"
    write_article(content, "undated.md", "Title: No date\n\nText.\n")
    write_article(content, "status.md", "Title: Odd\nDate: 2023-01-01\nStatus: odd\n\nText.\n")
    (content / "broken.rst").write_text("Title\n=====\n\n:date: 2023-99-99\n\nText.\n")
    found = []

    class Read(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if (skipped := skipped_file(record, sys.exc_info()[1])) is not None:
                found.append(skipped)

    handler = Read()
    logging.getLogger("pelican").addHandler(handler)
    try:
        Pelican(read_settings(override=settings_for(site_dir, PLUGINS=[]))).run()
    finally:
        logging.getLogger("pelican").removeHandler(handler)
    by_file = {Path(path).name: reason for path, reason in found}
    assert by_file["undated.md"] == (
        "Pelican skips this file: could not find information about 'date'"
    )
    assert by_file["status.md"] == "Pelican skips this file: unknown status 'odd'"
    assert by_file["broken.rst"].startswith("Pelican cannot read this file: ")


class Text:
    def render(self, context: Any) -> str:
        return "text"


def test_pelicans_writer_refuses_files_it_wrote_and_files_it_is_told_of(tmp_path: Path) -> None:
    """written_before and claim_written: the set of files from which Pelican's writer refuses a
    second write in one build (a worker process's files join it)."""
    writer = Writer(str(tmp_path), settings=read_settings())
    context = {"localsiteurl": ""}
    paths: list[str] = []

    def note(path: str, **kwargs: Any) -> None:
        paths.append(path)

    signals.content_written.connect(note)
    try:
        writer.write_file("first.html", Text(), context)
    finally:
        signals.content_written.disconnect(note)
    (written,) = paths  # as Pelican's signal names it
    assert written_before(writer, written)
    other = str(tmp_path / "second.html")
    assert not written_before(writer, other)
    claim_written(writer, [other])
    assert written_before(writer, other)
    for name in ("first.html", "second.html"):
        with pytest.raises(RuntimeError) as refused:
            writer.write_file(name, Text(), context)
        assert refused_overwrite(refused.value)
