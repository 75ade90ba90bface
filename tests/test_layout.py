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
