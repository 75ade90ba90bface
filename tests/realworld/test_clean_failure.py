"""Errors in a site's input end cleanly (issue 9, bullet 8): the real ``pelican`` command.

A content, settings or data-file error ends the build with the problems, one summary line
and a non-zero exit status, never a Python traceback. Under ``pelican --autoreload --listen``
a typo is reported once per change (Pelican retries a failed build at once, so an error
raised there repeats several times a second) and the server keeps serving. ``coopregions``
(its ``main``, run in this process: conftest's ``coopregions`` fixture) exits 2 for settings
it refuses, 1 for content problems, and never shows a traceback for user input.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SETTINGS_FILE, Ran, write_article

PELICAN = Path(sys.executable).parent / "pelican"
SETTINGS = f'SITENAME = "Typo"\n{SETTINGS_FILE}PLUGINS = ["pelican_coopregions"]\n'
SUMMARY = "CoopRegionsError: 1 unknown region, country or organization value(s) in 1 file(s)"
# Wide enough that Pelican's console does not wrap a message over several lines.
ENV = {"COLUMNS": "400", "PYTHONUNBUFFERED": "1"}


def story(country: str) -> str:
    return f"Title: Typo\nDate: 2023-01-01\nSlug: typo\nCountries: {country}\n\nText.\n"


def site(root: Path, country: str = "Venezuala", settings: str = "") -> Path:
    (root / "pelicanconf.py").write_text(SETTINGS + settings, encoding="utf-8")
    write_article(root / "content", "typo.md", story(country))
    return root


def run(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **ENV},
        check=False,
    )


def pelican(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(root, str(PELICAN), "content", "-s", "pelicanconf.py", "-o", "output", *args)


Coopregions = Callable[..., Ran]


def lines_with(text: str, part: str) -> list[str]:
    return [line for line in text.splitlines() if part in line]


def test_strict_content_error_lists_problems_and_one_summary_line(tmp_path: Path) -> None:
    result = pelican(site(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    [problem] = lines_with(output, "Venezuala")
    assert "typo.md: Countries: unknown country 'Venezuala' (did you mean 'Venezuela'?)" in problem
    [summary] = lines_with(output, "CoopRegionsError")
    assert SUMMARY in summary and "COOPREGIONS_STRICT = False" in summary
    assert not (tmp_path / "output").exists()  # stopped before anything was written


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("COOPREGIONS_STRIKT = True\n", "did you mean COOPREGIONS_STRICT?"),
        ('COOPREGIONS_REGIONS_FILE = "missing.toml"\n', "missing.toml: file not found"),
        ('COOPREGIONS_REGIONS_FILE = "bad.toml"\n', "bad.toml:1: is not valid TOML"),
        ('REGION_URL = "{country}/"\n', "REGION_URL = '{country}/' cannot be filled in"),
    ],
)
def test_settings_and_data_file_errors_are_one_line(
    tmp_path: Path, settings: str, message: str
) -> None:
    (tmp_path / "bad.toml").write_text("[[region]\n", encoding="utf-8")
    result = pelican(site(tmp_path, country="VE", settings=settings))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    [line] = lines_with(output, "CRITICAL")
    assert message in line


def test_page_at_the_regions_index_path_is_the_plugins_one_line_error(tmp_path: Path) -> None:
    settings = 'PAGE_URL = "{slug}/"\nPAGE_SAVE_AS = "{slug}/index.html"\n'
    site(tmp_path, country="VE", settings=settings)
    write_article(tmp_path / "content", "pages/regions.md", "Title: Regions\nSlug: regions\n")
    result = pelican(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "FileOverwriteFailedError" not in output
    [line] = lines_with(output, "CRITICAL")
    assert "'regions/index.html'" in line and "change REGIONS_SAVE_AS" in line


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def running(command: list[str], cwd: Path, log: Path) -> Iterator[Callable[[], str]]:
    """Run ``command`` in a process group of its own; yield a reader of what it printed."""
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, **ENV},
            start_new_session=True,
        )
        try:
            yield lambda: log.read_text(encoding="utf-8")
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 180) -> None:
    """Poll for something the process under test prints (a deadline, not a speed check)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


@pytest.mark.slow
def test_autoreload_reports_a_typo_once_per_change_and_keeps_serving(tmp_path: Path) -> None:
    site(tmp_path)
    port = free_port()
    command = [str(PELICAN), "content", "-s", "pelicanconf.py", "-o", "output"]
    command += ["--autoreload", "--listen", "--bind", "127.0.0.1", "--port", str(port)]
    article = tmp_path / "content" / "typo.md"
    with running(command, tmp_path, tmp_path / "pelican.log") as printed:

        def count(part: str) -> int:
            return len(lines_with(printed(), part))

        wait_until(lambda: count("Done: Processed") == 1, "the first build")
        # One more change with the typo still there: watch until Pelican sees it (its watcher
        # starts only after a build), then until that rebuild is done.
        while count("-> Modified") == 0:
            article.write_text(story("Venezuelaa"), encoding="utf-8")
            time.sleep(1)
        wait_until(lambda: count("Done: Processed") == 1 + count("-> Modified"), "the rebuild")
        rebuilds = count("Done: Processed")
        assert count("unknown country") == rebuilds, printed()
        assert count(SUMMARY) == rebuilds, printed()
        assert "Traceback" not in printed()

        article.write_text(story("Venezuela"), encoding="utf-8")
        wait_until(lambda: (tmp_path / "output/regions/venezuela/index.html").is_file(), "fix")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/regions/venezuela/") as answer:
            assert answer.status == 200
            assert b"Venezuela" in answer.read()
        assert count("unknown country") == rebuilds, printed()


def test_cli_exit_status_for_content_problems_and_refused_settings(
    tmp_path: Path, coopregions: Coopregions
) -> None:
    site(tmp_path)
    result = coopregions("check", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/typo.md:4: Countries: unknown country 'Venezuala'" in result.stdout

    for settings, message in (
        ("raise ValueError('boom')\n", "ValueError: boom"),
        ("COOPREGIONS_STRIKT = True\n", "did you mean COOPREGIONS_STRICT?"),
        ("READERS = {'md': 5}\n", "Pelican cannot use these settings"),
        ("ARTICLE_PATHS = 5\n", "cannot use settings file"),
    ):
        site(tmp_path, country="VE", settings=settings)
        for command in ("check", "regions"):
            result = coopregions(command, cwd=tmp_path)
            assert result.returncode == 2, (settings, result.stderr)
            assert "Traceback" not in result.stderr
            [line] = result.stderr.strip().splitlines()
            assert line.startswith("coopregions: error: ") and message in line


@pytest.mark.parametrize(
    "settings",
    [
        'DEFAULT_LANG = "es  ernet"\n',
        'COOPREGIONS_LANGUAGES = ["en", "es_AR", "xx"]\n',
        'DEFAULT_LANG = "pt_BR"\n',
    ],
)
def test_cli_never_shows_a_traceback_for_language_codes(
    tmp_path: Path, settings: str, coopregions: Coopregions
) -> None:
    """Accepted (0) or refused as a setting (2); never a crash (which would also exit 1, or
    here raise)."""
    site(tmp_path, country="VE", settings=settings)
    for command in ("check", "regions"):
        result = coopregions(command, cwd=tmp_path)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode in (0, 2), result.stderr


def test_cli_reports_unreadable_files(tmp_path: Path, coopregions: Coopregions) -> None:
    site(tmp_path, country="VE", settings='COOPREGIONS_REGIONS_FILE = "data"\n')
    (tmp_path / "data").mkdir()
    result = coopregions("check", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data:1: cannot be read" in result.stdout

    # An article Pelican cannot read: it logs "Could not process" and the build passes.
    site(tmp_path, country="VE")
    (tmp_path / "content" / "latin1.md").write_bytes(b"Title: Caf\xe9\nCountries: VE\n")
    result = coopregions("check", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "content/latin1.md:1: warning: Pelican cannot read this file" in result.stdout
    assert pelican(tmp_path).returncode == 0
