"""The core (models, registry, parsing, dates) works without importing Pelican."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from pelican_coopregions import Registry, format_date
Registry.default().parse_countries("VE, Perú")
loaded = sorted(m for m in sys.modules if m == "pelican" or m.startswith("pelican."))
print(",".join(loaded))
"""


def test_core_imports_nothing_from_pelican() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_core_modules_never_import_the_pelican_layer() -> None:
    """Data flows one way: the plugin layer uses the core, never the other way round."""
    import ast
    from pathlib import Path

    import pelican_coopregions.core

    core = Path(pelican_coopregions.core.__file__).parent
    offenders = []
    for module in sorted(core.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith(("..", "pelican")) and not name.startswith("..core"):
                    offenders.append(f"{module.name}: {name}")
    assert offenders == []
