"""The site docs/tutorial.md builds, written out from the tutorial's own code blocks.

A file is a fenced block right after a line that names it: "Create `pelicanconf.py`:" or a
line that is only "`content/food-markets.md`:". Other blocks (commands, output, the misspelt
field of step 9) are not files. Used by scripts/screenshots.py; tests can use it too.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"
_NAMES_A_FILE = re.compile(r"(?:^|Create )`(?P<path>[\w./-]+\.\w+)`:$")


def tutorial_files(text: str) -> dict[str, str]:
    """Relative path -> content of every file the tutorial asks the reader to create."""
    files: dict[str, str] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("```"):
            index += 1
            continue
        end = lines.index("```", index + 1)
        before = [earlier for earlier in lines[:index] if earlier.strip()]
        named = _NAMES_A_FILE.search(before[-1]) if before else None
        if named:
            files[named["path"]] = "\n".join(lines[index + 1 : end]) + "\n"
        index = end + 1
    return files


def write_tutorial_site(folder: Path) -> list[str]:
    """Write the tutorial's files into ``folder``; return their relative paths."""
    files = tutorial_files(TUTORIAL.read_text(encoding="utf-8"))
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return sorted(files)
