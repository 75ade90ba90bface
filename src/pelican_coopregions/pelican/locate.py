"""Where a problem is written: a line of an article or of the settings file, for reports.

Pelican's readers keep no positions, so the text is searched: the field's line in the
article's own syntax (Markdown ``Countries:``, reST ``:countries:``, HTML ``<meta
name="countries">``), or the ``EXTRA_PATH_METADATA`` entry or setting in the settings file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..core.metadata import FIELDS


def text_lines(path: Path | str) -> list[str]:
    """The lines of a text file; none when it cannot be read as UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def field_line(lines: Sequence[str], field: str, value: str | None = None) -> int:
    """The 1-based line where ``field`` is written (``Countries:``, ``:country:``, ``<meta>``).

    Both spellings of the field count. When the field is written more than once (or goes on
    over indented continuation lines), the line holding ``value`` wins. 1 when not found.
    """
    names = "|".join(re.escape(name) for name in FIELDS.get(field, (field,)))
    start = re.compile(
        rf"^\s*:?(?:{names})\s*:|<meta\b[^>]*\bname\s*=\s*[\"'](?:{names})[\"']", re.IGNORECASE
    )
    wanted = value.casefold() if value else None
    first: int | None = None
    for number, line in enumerate(lines):
        if not start.search(line):
            continue
        first = number if first is None else first
        if wanted is None:
            break
        block = number
        while block < len(lines):
            if wanted in lines[block].casefold():
                return block + 1
            block += 1
            if block >= len(lines) or not lines[block][:1].isspace() or not lines[block].strip():
                break
    return first + 1 if first is not None else 1


def setting_line(lines: Sequence[str], setting: str, key: str | None = None) -> int | None:
    """The line of ``setting = ...`` in a settings file, or of its entry ``key`` (a quoted dict
    key, as ``EXTRA_PATH_METADATA = {"venezuela": ...}`` writes it); ``None`` if not there."""
    assignment = re.compile(rf"^\s*{re.escape(setting)}\s*[:=]")
    start = next((n for n, line in enumerate(lines) if assignment.match(line)), None)
    if start is None or key is None:
        return None if start is None else start + 1
    quoted = re.compile(rf"""(["']){re.escape(key)}\1\s*:""")
    found = next((n for n in range(start, len(lines)) if quoted.search(lines[n])), start)
    return found + 1
