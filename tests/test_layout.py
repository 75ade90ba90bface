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


# What may name a kind of term in the plugin layer: the descriptions themselves, the coverage
# map of countries (drawn for the kind whose description asks for one), and the built-in URL
# words (data).
KIND_AWARE = {"taxonomies.py", "coverage.py", "settings.py"}
KIND_WORDS = {"region", "regions", "organization", "organizations", "country", "countries"}
KIND_TYPES = {"Region", "Organization", "Regions", "Organizations"}


def test_the_plugin_layer_branches_on_the_kind_of_term_only_in_its_descriptions() -> None:
    """Regions and organizations are two instances of one description (pelican/taxonomies.py):
    no other module of the plugin layer names a kind, so a third kind touches none of them."""
    import ast
    from pathlib import Path

    import pelican_coopregions.pelican

    layer = Path(pelican_coopregions.pelican.__file__).parent
    offenders = []
    for module in sorted(layer.glob("*.py")):
        if module.name in KIND_AWARE:
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in KIND_WORDS:
                offenders.append(f"{module.name}:{node.lineno}: {node.value!r}")
            if isinstance(node, ast.Name) and node.id in KIND_TYPES:
                offenders.append(f"{module.name}:{node.lineno}: {node.id}")
    assert offenders == []
