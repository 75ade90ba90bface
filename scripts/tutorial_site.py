"""The site docs/tutorial.md builds, written out from the tutorial's own code blocks.

A file is a fenced block right after a line that names it: "Create `pelicanconf.py`:" or a
line that is only "`content/food-markets.md`:". Other blocks (commands, output, the misspelt
field of step 9) are not files. Used by scripts/screenshots.py and tests/test_tutorial.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from docblocks import Block, document_blocks

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"
_NAMES_A_FILE = re.compile(r"(?:^|Create )`(?P<path>[\w./-]+\.\w+)`:$")


def tutorial_blocks() -> list[Block]:
    """Every code block of docs/tutorial.md, in order."""
    return document_blocks(TUTORIAL, ROOT)


def file_named_by(block: Block) -> str | None:
    """The relative path of the file ``block`` is the content of, if the line before names one."""
    named = _NAMES_A_FILE.search(block.before)
    return named["path"] if named else None


def tutorial_files(blocks: list[Block]) -> dict[str, str]:
    """Relative path -> content of every file the tutorial asks the reader to create."""
    return {path: block.text for block in blocks if (path := file_named_by(block))}


def write_tutorial_site(folder: Path) -> list[str]:
    """Write the tutorial's files into ``folder``; return their relative paths."""
    files = tutorial_files(tutorial_blocks())
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return sorted(files)
