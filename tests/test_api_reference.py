"""The API reference: generated from the docstrings with pdoc, as ``make api`` does.

Every class, function and method a user imports (``pelican_coopregions``'s ``__all__`` and
``pelican_coopregions.testing``) must say what it is for: the reference is built here, and a
public callable without a docstring fails the test before it reaches a reader.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pdoc
import pdoc.doc

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ("pelican_coopregions", "pelican_coopregions.testing")


def undocumented(namespace: pdoc.doc.Namespace[object]) -> list[str]:
    """Public classes, functions and methods of ``namespace`` without a docstring."""
    found = []
    for member in namespace.members.values():
        if member.name.startswith("_") or isinstance(member, pdoc.doc.Module | pdoc.doc.Variable):
            continue
        if not member.docstring.strip():
            found.append(member.qualname)
        if isinstance(member, pdoc.doc.Class):
            found += [f"{member.qualname}.{name}" for name in undocumented(member)]
    return found


def test_every_public_callable_says_what_it_is_for() -> None:
    missing = [
        f"{name}: {qualname}"
        for name in PUBLIC
        for qualname in undocumented(pdoc.doc.Module.from_name(name))
    ]
    assert missing == []


def test_the_reference_builds(tmp_path: Path) -> None:
    """The HTML pdoc writes for the package and its kit, as ``make api`` runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "pdoc", "-o", str(tmp_path), *PUBLIC],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    package = (tmp_path / "pelican_coopregions.html").read_text(encoding="utf-8")
    for name in ("Registry", "parse_countries", "MetadataError", "Region", "split_items"):
        assert f'id="{name}' in package or f'id="Registry.{name}' in package, name
    assert "The countries a <code>Countries</code> value names" in package
    testing = (tmp_path / "pelican_coopregions" / "testing.html").read_text(encoding="utf-8")
    for name in ("written", "place_names", "metadata_values", "organizations_files"):
        assert re.search(rf'id="{name}"', testing), name
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pdoc -o" in makefile and " ".join(PUBLIC) in makefile
