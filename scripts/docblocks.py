"""The fenced code blocks of a Markdown document, as a CommonMark renderer sees them.

One reader for every tool that takes code out of the docs: scripts/tutorial_site.py (the
tutorial's files) and tests/test_docs_examples.py (every example runs or says it is
illustrative). markdown-it-py parses the fences (CommonMark, like GitHub and PyPI), so blocks
inside list items, longer fences and ``~~~`` fences are found with their indentation removed.

A block's info string is its language, then optional words: ```` ```sh illustrative ```` marks
an example the tests do not run. GitHub and PyPI highlight by the first word only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

ILLUSTRATIVE = "illustrative"


@dataclass(frozen=True)
class Block:
    """One fenced code block of a document."""

    doc: str  # the document's name, for messages: "docs/usage.md"
    line: int  # 1-based line of the opening fence
    language: str  # the info string's first word, lowercase: "python", "" when none
    words: tuple[str, ...]  # the info string's other words: ("illustrative",)
    text: str  # the block's content, indentation of an enclosing list item removed
    before: str  # the last non-blank line before the fence: "Create `pelicanconf.py`:"

    @property
    def illustrative(self) -> bool:
        return ILLUSTRATIVE in self.words

    def __str__(self) -> str:
        return f"{self.doc}:{self.line} ({self.language or 'no language'})"


def code_blocks(text: str, doc: str = "") -> list[Block]:
    """Every fenced code block of the Markdown ``text``, in document order."""
    lines = text.splitlines()
    blocks = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "fence" or token.map is None:
            continue
        start = token.map[0]
        info = token.info.split()
        before = next((line.strip() for line in reversed(lines[:start]) if line.strip()), "")
        blocks.append(
            Block(
                doc=doc,
                line=start + 1,
                language=info[0].lower() if info else "",
                words=tuple(info[1:]),
                text=token.content,
                before=before,
            )
        )
    return blocks


def document_blocks(path: Path, root: Path) -> list[Block]:
    """The code blocks of the document at ``path``, named relative to ``root``."""
    return code_blocks(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
