"""The output does not depend on which Babel a site has, from the pinned one to the newest.

pyproject.toml asks for ``babel>=2.18`` so that the plugin installs beside a site's newer Babel;
constraints.txt pins the Babel the rest of the suite runs on. CLDR's names and date patterns
change between Babel releases, so this test builds the example site twice in fresh interpreters,
under the pinned Babel and under the newest release on the registry (``make newest-babel``, run
by ``make test``, puts it alone in .venv/newest-babel, first on PYTHONPATH here), and compares
every output file byte for byte. A failure lists what the newer CLDR changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from conftest import (
    FIXED_HASH_SEED,
    build_in_fresh_python,
    differences,
    python_path_first,
    snapshot,
)

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "example_site" / "pelicanconf.py"
NEWEST_BABEL = ROOT / ".venv" / "newest-babel"

# The example site as it is, and in seven languages with CLDR's "full" dates: region names,
# language names and date patterns from many locales and scripts (Latin, Japanese, Arabic).
VARIANTS: dict[str, dict[str, Any]] = {
    "example": {},
    "seven-languages": {
        "COOPREGIONS_LANGUAGES": ["en", "es", "fr", "pt-BR", "de", "ja", "ar"],
        "COOPREGIONS_DATE_FORMAT": "full",
    },
}


def babel_seen(env: Mapping[str, str]) -> tuple[Version, Path]:
    """The version and location of the Babel a fresh interpreter with ``env`` imports."""
    result = subprocess.run(
        [sys.executable, "-c", "import babel; print(babel.__version__); print(babel.__file__)"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    version, location = result.stdout.split()
    return Version(version), Path(location)


@pytest.fixture(scope="module")
def babels() -> tuple[Version, Version]:
    assert (NEWEST_BABEL / "babel").is_dir(), (
        f"{NEWEST_BABEL} has no Babel: run `make newest-babel` (`make test` runs it)"
    )
    pinned, _ = babel_seen({})
    newest, location = babel_seen(python_path_first(NEWEST_BABEL))
    assert location.is_relative_to(NEWEST_BABEL), location
    assert newest >= pinned
    return pinned, newest


def build(variant: str, output: Path, env: Mapping[str, str]) -> dict[str, bytes]:
    settings = {
        **VARIANTS[variant],
        "OUTPUT_PATH": str(output),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    build_in_fresh_python(settings, env, settings_file=EXAMPLE)
    return snapshot(output)


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS)
def test_output_is_byte_identical_under_the_newest_babel(
    tmp_path: Path,
    babels: tuple[Version, Version],
    variant: str,
    example_with_seed_0: dict[str, bytes],
) -> None:
    pinned_babel, newest_babel = babels
    # The example site with the pinned Babel is built once for the session (conftest).
    pinned = (
        example_with_seed_0
        if variant == "example"
        else build(variant, tmp_path / "pinned", FIXED_HASH_SEED)
    )
    newest = build(
        variant, tmp_path / "newest", {**FIXED_HASH_SEED, **python_path_first(NEWEST_BABEL)}
    )
    assert "es/regiones/america-latina/index.html" in pinned
    report = differences(pinned, newest)
    assert not report, (
        f"Babel {pinned_babel} (first) and Babel {newest_babel} (second) give different "
        f"output:\n{report}"
    )
