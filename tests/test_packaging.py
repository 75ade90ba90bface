"""The package a user installs: the wheel and the sdist built from this checkout, offline.

Built with hatchling from the test environment (``--no-build-isolation``), as pip would build
them, then read: the metadata, the licence, every file the plugin needs at run time, the console
script. The wheel is then installed on its own (``pip install --target``) and builds the example
site, loaded by its namespace name ``coopregions``, byte for byte as the checkout does.
"""

from __future__ import annotations

import email.message
import email.parser
import os
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import pelican_coopregions
from conftest import (
    FIXED_HASH_SEED,
    build_in_fresh_python,
    differences,
    python_path_first,
    snapshot,
)
from docblocks import document_blocks

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME = PROJECT["name"]
VERSION = PROJECT["version"]
DIST_INFO = f"pelican_coopregions-{VERSION}.dist-info"
HOME = "https://github.com/pelican-coopregions/pelican-coopregions"


def run(*command: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def pip_wheel(source: Path, into: Path) -> Path:
    """The wheel pip builds from ``source``: offline, with the hatchling installed here."""
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    run(*pip, "--quiet", "-w", into, source)
    (wheel,) = into.glob("*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pip_wheel(ROOT, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sdist")
    # pip builds no sdists: call the PEP 517 hook, as `python -m build --sdist` does.
    script = "import sys, hatchling.build as b; print(b.build_sdist(sys.argv[1]))"
    return folder / run(sys.executable, "-c", script, folder).strip()


def metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(f"{DIST_INFO}/METADATA").decode("utf-8")
    return email.parser.Parser().parsestr(text)


def package_files() -> set[str]:
    """Every file under src/ (modules, templates, data, catalogs, the namespace shim)."""
    return {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_wheel_metadata_declares_licence_bounds_urls_and_classifiers(wheel: Path) -> None:
    meta = metadata(wheel)
    assert (meta["Name"], meta["Version"]) == (NAME, VERSION)
    # PEP 639: the SPDX expression and the file; licence classifiers are deprecated by it.
    assert meta["License-Expression"] == "AGPL-3.0-or-later"
    assert meta.get_all("License-File") == ["LICENSE"]
    classifiers = meta.get_all("Classifier") or []
    assert not [c for c in classifiers if c.startswith("License ::")]

    runtime = [Requirement(r) for r in meta.get_all("Requires-Dist") or [] if "extra ==" not in r]
    assert {r.name for r in runtime} == {"pelican", "pydantic", "babel", "pyuca", "rapidfuzz"}
    # A lower bound on each, and nothing else: a site keeps its newer releases.
    assert all([s.operator for s in r.specifier] == [">="] for r in runtime), runtime
    assert next(r for r in runtime if r.name == "babel").specifier == SpecifierSet(">=2.18")

    urls = dict(url.split(", ", 1) for url in meta.get_all("Project-URL") or [])
    assert urls["Homepage"] == urls["Source"] == HOME
    assert urls["Issues"] == f"{HOME}/issues"
    assert urls["Changelog"] == f"{HOME}/blob/main/CHANGELOG.md"

    assert "Framework :: Pelican :: Plugins" in classifiers
    assert [c for c in classifiers if c.startswith("Development Status ::")]
    python = "Programming Language :: Python :: "
    pythons = [c.removeprefix(python) for c in classifiers if c.startswith(f"{python}3.")]
    requires_python = SpecifierSet(meta["Requires-Python"])
    assert "3.11" in pythons
    assert all(requires_python.contains(f"{minor}.0") for minor in pythons), pythons
    assert f"{sys.version_info.major}.{sys.version_info.minor}" in pythons


def test_wheel_carries_the_licence_package_data_shim_and_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        licence = archive.read(f"{DIST_INFO}/licenses/LICENSE")
        entry_points = archive.read(f"{DIST_INFO}/entry_points.txt").decode("utf-8")
    assert licence == (ROOT / "LICENSE").read_bytes()
    assert licence.lstrip().startswith(b"GNU AFFERO GENERAL PUBLIC LICENSE\n")
    assert b"Version 3, 19 November 2007" in licence

    shipped = {name for name in names if not name.startswith(DIST_INFO)}
    assert shipped == package_files()
    for needed in (
        "pelican/plugins/coopregions/__init__.py",
        "pelican_coopregions/py.typed",
        "pelican_coopregions/data/m49.json",
        "pelican_coopregions/data/names.json",
        "pelican_coopregions/locale/es/LC_MESSAGES/pelican_coopregions.mo",
        "pelican_coopregions/pelican/templates/coopregions/region.html",
        "pelican_coopregions/pelican/templates/coopregions/listing.html",
    ):
        assert needed in shipped
    assert "[console_scripts]\ncoopregions = pelican_coopregions.cli:main" in entry_points


def test_sdist_has_the_licence_and_builds_the_same_wheel(
    sdist: Path, wheel: Path, tmp_path: Path
) -> None:
    top = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
        archive.extractall(tmp_path, filter="data")
    for needed in ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "PKG-INFO"):
        assert f"{top}/{needed}" in names
    assert not [name for name in names if "/.venv/" in name or "/output/" in name]

    rebuilt = pip_wheel(tmp_path / top, tmp_path / "wheel")
    with zipfile.ZipFile(rebuilt) as again, zipfile.ZipFile(wheel) as first:
        assert sorted(again.namelist()) == sorted(first.namelist())


@pytest.mark.slow
def test_installed_wheel_builds_the_example_site_as_plugin_coopregions(
    wheel: Path, tmp_path: Path, example_with_seed_0: dict[str, bytes]
) -> None:
    """Only the wheel's files: templates, data and catalogs; ``PLUGINS = ["coopregions"]``
    (Pelican's namespace-plugin name) is the same plugin as ``["pelican_coopregions"]``."""
    target = tmp_path / "site-packages"
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet"]
    run(*pip, "--target", target, wheel)
    # Pelican extends pelican.__path__ over sys.path, so the wheel's shim is found there too.
    env = python_path_first(target)
    script = (
        "import pelican.plugins.coopregions as shim, pelican_coopregions as package; "
        "print(shim.__file__); print(package.__file__)"
    )
    where = run(sys.executable, "-c", script, env=env)
    assert all(Path(line).is_relative_to(target) for line in where.split()), where

    settings = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    example = ROOT / "example_site" / "pelicanconf.py"
    installed = tmp_path / "installed"
    build_in_fresh_python(
        {**settings, "OUTPUT_PATH": str(installed), "PLUGINS": ["coopregions"]},
        {**FIXED_HASH_SEED, **env},
        settings_file=example,
    )
    built = snapshot(installed)
    assert "es/regiones/america-latina/index.html" in built
    report = differences(example_with_seed_0, built)  # the checkout's build (conftest)
    assert not report, report

    assert run(target / "bin" / "coopregions", "--version", env=env) == f"coopregions {VERSION}\n"


README_DOCTEST = """
import doctest, sys
import pelican_coopregions
assert pelican_coopregions.__file__.startswith(sys.argv[2]), pelican_coopregions.__file__
text = open(sys.argv[1], encoding="utf-8").read()
test = doctest.DocTestParser().get_doctest(text, {}, "README", "README.md", 0)
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
runner.run(test)
print(runner.tries, runner.failures)
sys.exit(1 if runner.failures or not runner.tries else 0)
"""


def test_the_readmes_python_example_runs_against_the_installed_wheel_alone(
    wheel: Path, tmp_path: Path
) -> None:
    """No checkout, no example site: the wheel's own data answers every line."""
    target = tmp_path / "site-packages"
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet"]
    run(*pip, "--target", target, wheel)
    (block,) = [
        block for block in document_blocks(ROOT / "README.md", ROOT) if block.language == "pycon"
    ]
    example = tmp_path / "example.txt"
    example.write_text(block.text, encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    env = python_path_first(target)
    script = [sys.executable, "-c", README_DOCTEST, example, target]
    tries, failures = run(*script, cwd=empty, env=env).split()
    assert int(failures) == 0
    assert int(tries) >= 5


def test_version_comes_from_the_package_metadata() -> None:
    assert pelican_coopregions.__version__ == version(NAME) == VERSION
    Version(VERSION)  # a valid PEP 440 version
    command = Path(sys.executable).parent / "coopregions"
    assert run(command, "--version") == f"coopregions {VERSION}\n"
    assert run(sys.executable, "-m", "pelican_coopregions", "--version") == (
        f"coopregions {VERSION}\n"
    )
