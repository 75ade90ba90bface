"""``coopregions check`` gives the build's verdict: it passes exactly when the build passes.

Every site in tests/fixtures/bad-sites/ (its pelicanconf.py says what it holds) is checked
with ``coopregions check`` and built with Pelican, and the two must agree: the check exits 0
exactly when the build succeeds, 1 for content and data-file problems, 2 for settings, and
both name the same problem. Then the same for generated data files (Hypothesis) and for
pathological ones: deep chains of regions, groups of groups, long federation chains.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pelican import Pelican
from pelican.settings import read_settings

from conftest import Site, python_path_first
from pelican_coopregions.cli import main

SITES = Path(__file__).parent / "fixtures" / "bad-sites"
PELICAN = Path(sys.executable).parent / "pelican"


@dataclass(frozen=True)
class Verdict:
    """What one tool said: the check's exit status, or whether the build succeeded."""

    status: int
    text: str


@dataclass(frozen=True)
class Expected:
    check: Literal[0, 1, 2]
    says: str  # in the check's output, and in the build's error when it fails


CASES: dict[str, Expected] = {
    "clean": Expected(0, "no problems (2 articles checked)"),
    "unknown-country": Expected(1, "unknown country 'Venezuala'"),
    "spanish-slug-clash": Expected(
        1, "would both be written to 'es/organizaciones/panaderia-obrera/index.html'"
    ),
    "long-name": Expected(1, "too long to name a page"),
    "long-slug": Expected(1, "a slug of 300 characters is too long"),
    "long-spanish-slug": Expected(1, "bytes long, and this file system takes at most"),
    "bad-date-pattern": Expected(2, "Invalid length for field: 'MMMMMMMMMM'"),
    "save-as-escape": Expected(2, "REGION_SAVE_AS = '../escape/{slug}.html' would write outside"),
    "control-character": Expected(1, "U+0007, which is no printable text"),
    "non-character": Expected(1, "U+FFFE, which is no printable text"),
    "empty-name": Expected(1, "a name cannot be empty"),
    "byte-order-mark": Expected(0, "no problems (1 article checked)"),
    "plugin-not-enabled": Expected(2, "pelican-coopregions is not enabled"),
    "page-at-regions-index": Expected(1, "'regions/index.html', where Pelican writes"),
    "year-page-clash": Expected(
        1, "region 'Venezuela', 2023 (en) would be written to 'regions/venezuela/2023/index.html'"
    ),
    "extra-path-metadata": Expected(1, "EXTRA_PATH_METADATA['venezuela']['countries']"),
    "date-formats-locale": Expected(2, "this machine has no locale 'xx_XX.UTF-8'"),
    "default-date-format": Expected(2, "DEFAULT_DATE_FORMAT = '%d %B %Y %'"),
    "lenient-many": Expected(0, "unknown country 'Nowhere 299'"),
    "skipped-article": Expected(0, "Pelican skips this file"),
    # The check used to read sites beside Pelican and disagree with the build on these:
    "markdown-extension": Expected(1, "unknown country 'Venezuala'"),
    "region-file-not-folder": Expected(
        1,
        "region 'Venezuela' (en) would be written to 'regions/venezuela', a file where the "
        "feed of region 'Venezuela' (en) needs a folder",
    ),
    "index-file-not-folder": Expected(
        1, "the regions index (en) would be written to 'regions', a file where"
    ),
}
# Built in their own interpreters: the plugins of these sites (pelican-i18n-subsites, a site's
# own) stay connected to Pelican's signals, and keep state of their own, for the rest of a
# process.
IN_FRESH_PYTHON: dict[str, Expected] = {
    # The Spanish subsite used to refuse the French 'Pérou' its main site took: names are now
    # looked up in every language of the site's articles, in the subsite as in the main site.
    "subsite-data-file": Expected(0, "no problems (1 article checked)"),
    "plugin-sets-countries": Expected(1, "unknown country 'Narnia'"),
}


def check_in_process(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Verdict:
    monkeypatch.chdir(root)
    capsys.readouterr()
    status = main(["check"])
    out, err = capsys.readouterr()
    return Verdict(status, out + err)


def build_in_process(root: Path, caplog: pytest.LogCaptureFixture) -> Verdict:
    """Pelican's run with the site's own pelicanconf.py; a raised error is a failed build."""
    caplog.clear()
    overrides = {"OUTPUT_PATH": str(root / "output"), "CACHE_PATH": str(root / "cache")}
    try:
        with caplog.at_level(logging.WARNING):
            Pelican(read_settings(str(root / "pelicanconf.py"), override=overrides)).run()
    except Exception as error:  # the verdict: what stopped the build, as Pelican would log it
        return Verdict(1, f"{type(error).__name__}: {error}\n{caplog.text}")
    return Verdict(0, caplog.text)


def copy_site(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(SITES / name, tmp_path / name))


def assert_agree(check: Verdict, build: Verdict) -> None:
    """The check passes exactly when the build does (2: the check cannot vouch for the site)."""
    if check.status == 2:
        return
    assert (check.status == 0) == (build.status == 0), f"check:\n{check.text}\nbuild:\n{build.text}"


def test_every_bad_site_has_an_expectation() -> None:
    assert {path.name for path in SITES.iterdir()} == {*CASES, *IN_FRESH_PYTHON, "no-markdown"}


def run_in_site(root: Path, *command: str) -> Verdict:
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, timeout=300, check=False
    )
    return Verdict(result.returncode, result.stdout + result.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("name", IN_FRESH_PYTHON)
def test_check_agrees_with_build_in_fresh_pythons(name: str, tmp_path: Path) -> None:
    expected = IN_FRESH_PYTHON[name]
    root = copy_site(name, tmp_path)
    check = run_in_site(root, str(PELICAN.parent / "coopregions"), "check")
    assert check.status == expected.check, check.text
    assert expected.says in check.text
    build = run_in_site(root, str(PELICAN), "content", "-s", "pelicanconf.py", "-o", "output")
    assert (build.status == 0) == (expected.check == 0), build.text
    if expected.check:
        assert " ".join(expected.says.split()) in " ".join(build.text.split())
    assert "Traceback" not in check.text + build.text


def test_the_console_script_finds_the_sites_own_markdown_extension(tmp_path: Path) -> None:
    """Run from the site's folder as a site builder would: ``coopregions`` has the folder on
    ``sys.path`` as ``pelican`` does, so it reads the article with the site's extension and
    finds the misspelt country, instead of reading no article and saying "no problems"."""
    root = copy_site("markdown-extension", tmp_path)
    check = run_in_site(root, str(PELICAN.parent / "coopregions"), "check")
    assert check.status == 1, check.text
    assert "content/lara.md:3: Countries: unknown country 'Venezuala'" in check.text
    assert "(1 article checked)" in check.text


@pytest.mark.parametrize("name", CASES)
def test_check_agrees_with_build(
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    expected = CASES[name]
    root = copy_site(name, tmp_path)
    check = check_in_process(root, capsys, monkeypatch)
    assert check.status == expected.check, check.text
    assert expected.says in check.text
    if name == "plugin-not-enabled":
        built = pelican(root)  # Pelican alone: no region pages, nothing to refuse
        assert built.returncode == 0, built.stdout + built.stderr
        assert not (root / "output" / "organizations").exists()
        return
    build = build_in_process(root, caplog)
    assert build.status == (0 if expected.check == 0 else 1), build.text
    if build.status:
        assert expected.says in build.text  # the build stops for the problem the check names
    assert_agree(check, build)
    assert "Traceback" not in check.text


def test_a_failed_build_writes_nothing_outside_output_and_no_half_written_feed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("save-as-escape", "control-character", "non-character"):
        root = copy_site(name, tmp_path)
        assert build_in_process(root, caplog).status == 1
        assert not (tmp_path / "escape").exists()
        assert not list((root / "output").rglob("feed.atom.xml"))


def test_explicit_slugs_are_used_as_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``slug = "l-olivera"`` for "L'Olivera": the page is at organizations/l-olivera/."""
    root = copy_site("byte-order-mark", tmp_path)
    assert build_in_process(root, caplog).status == 0
    site = Site(root, root / "content", root / "output")
    assert site.exists("organizations/l-olivera/index.html")
    assert not site.exists("organizations/lolivera/index.html")
    conf = root / "pelicanconf.py"
    conf.write_text(conf.read_text("utf-8") + "SLUGIFY_PRESERVE_CASE = True\n", "utf-8")
    shutil.rmtree(root / "output")
    assert build_in_process(root, caplog).status == 0
    assert site.exists("organizations/l-olivera/index.html")
    # An organization without a written slug still follows the slug settings.
    assert site.exists("regions/spain/index.html")


def pelican(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The ``pelican`` command on a site, in a fresh process (Pelican's log filter drops a
    message already logged in the process, and the plugin stays connected once loaded)."""
    return subprocess.run(
        [str(PELICAN), "content", "-s", "pelicanconf.py", "-o", "output"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "400", **(env or {})},
        check=False,
    )


def test_lenient_warnings_are_bounded_and_check_lists_every_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_site("lenient-many", tmp_path)
    check = check_in_process(root, capsys, monkeypatch)
    listed = [line for line in check.text.splitlines() if "unknown country 'Nowhere" in line]
    assert len(listed) == 300
    assert all(": warning: Countries: " in line for line in listed)
    assert "no problems (1 article checked; 300 warnings)" in check.text
    build = pelican(root)
    log = build.stdout + build.stderr
    assert build.returncode == 0, log
    assert sum("unknown country 'Nowhere" in line for line in log.splitlines()) == 10
    [summary] = [line for line in log.splitlines() if "More metadata problems" in line]
    assert "290 more value(s) dropped, 300 in all in 1 file(s)" in summary
    assert "'coopregions check' lists every one" in summary
    site = Site(root, root / "content", root / "output")
    assert site.exists("regions/venezuela/index.html")  # the good value is kept


def test_a_value_from_extra_path_metadata_is_reported_at_the_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_site("extra-path-metadata", tmp_path)
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["check", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {(p["path"], p["line"], p["setting"]) for p in problems} == {
        ("pelicanconf.py", 13, "EXTRA_PATH_METADATA['venezuela']['countries']")
    }
    assert sorted(p["message"].rsplit("(for ", 1)[1] for p in problems) == [
        "content/venezuela/one.md)",
        "content/venezuela/two.md)",
    ]


@pytest.mark.slow
def test_without_the_markdown_package_both_refuse_the_site(tmp_path: Path) -> None:
    """Pelican leaves Markdown files out when ``markdown`` is not installed; before, the check
    said "no problems (0 articles checked)" and the build wrote a site without them."""
    root = copy_site("no-markdown", tmp_path)
    shim = tmp_path / "no-markdown-package"
    (shim / "markdown").mkdir(parents=True)
    (shim / "markdown" / "__init__.py").write_text(
        'raise ImportError("markdown is not installed (test shim)")\n', "utf-8"
    )
    env = python_path_first(shim)
    check = subprocess.run(
        [sys.executable, "-m", "pelican_coopregions", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
        check=False,
    )
    assert check.returncode == 2, check.stdout + check.stderr
    assert "1 article file(s) (venezuela.md) need MarkdownReader" in check.stderr
    assert "pip install markdown" in check.stderr
    build = pelican(root, env)
    assert build.returncode == 1
    assert "need MarkdownReader" in build.stdout + build.stderr
    assert "Traceback" not in build.stdout + build.stderr + check.stderr


# Generated data files -------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")),
        st.sampled_from(
            ["\x00", "\x07", "\x1b", "\t", "\n", "\x7f", "\x85", "\ufffe", "\U0001ffff"]
        ),
    ),
    max_size=12,
)
# Mostly names a site could have (so that many examples build), and now and then odd ones.
PLAIN_NAME = st.builds(
    "{} {}".format,
    st.sampled_from(["Cooperativa Sur", "L'Olivera", "Ñandú", "Red Obrera", "合作社", "Coop-X"]),
    st.integers(min_value=1, max_value=30),
)
ODD_NAME = st.one_of(TEXT, st.sampled_from(["", "   ", "x" * 220, "★★★", "Cooperativa Sur 1"]))
NAME = st.one_of(PLAIN_NAME, PLAIN_NAME, PLAIN_NAME, ODD_NAME)
SLUG = st.one_of(
    st.none(),
    st.none(),
    st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
    TEXT,
)
COUNTRY = st.sampled_from([None, "AR", "VE", "ES", "Perú", "Atlantis", "South America"])


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL must be escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007F")


@st.composite
def organizations_file(draw: st.DrawFn) -> str:
    entries = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        lines = ["[[organization]]"]
        if (slug := draw(SLUG)) is not None:
            lines.append(f"slug = {toml_string(slug)}")
        lines.append(f"name.en = {toml_string(draw(NAME))}")
        if draw(st.booleans()):
            lines.append(f"name.es = {toml_string(draw(NAME))}")
        if (country := draw(COUNTRY)) is not None:
            lines.append(f"country = {toml_string(country)}")
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + "\n"


@pytest.mark.slow
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=organizations_file(), bom=st.booleans())
def test_check_agrees_with_build_on_generated_data_files(
    data: str,
    bom: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    root = tmp_path / "fuzz"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(SITES / "clean", root)
    (root / "data" / "organizations.toml").write_bytes(
        ("\ufeff" if bom else "").encode() + data.encode("utf-8")
    )
    (root / "content" / "sur.md").unlink()
    check = check_in_process(root, capsys, monkeypatch)
    build = build_in_process(root, caplog)
    assert check.status in (0, 1), check.text
    event(f"check exits {check.status}")
    assert_agree(check, build)
    assert "Traceback" not in check.text
    if build.status:
        assert build.text.startswith(("DataFileError", "CoopRegionsError")), build.text
        return
    for feed in (root / "output").rglob("*.xml"):
        ET.parse(feed)  # well-formed whatever the names
    for page in (root / "output" / "organizations").rglob("index.html"):
        assert page.read_text("utf-8").count("<h1") >= 1
