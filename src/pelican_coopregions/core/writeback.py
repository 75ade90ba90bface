"""Writing accepted values into an article's own metadata, and nothing else.

``coopregions tag --apply`` edits files people wrote by hand and keep in version control, so
the edit is the smallest one that says it: lines added at the end of the metadata block (a
Markdown header, a reST field list, an HTML ``<head>``), or values added at the end of a field
the article already has. Every other byte stays as it was: line endings, a byte-order mark,
text in any encoding (bytes that are no UTF-8 pass through unchanged). A file that changed
since it was read is refused, never merged.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .metadata import FIELDS, spellings

Format = Literal["markdown", "rst", "html"]
# Pelican's readers by file extension (MarkdownReader, RstReader, HTMLReader defaults).
FORMATS: Mapping[str, Format] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mkd": "markdown",
    ".mdown": "markdown",
    ".rst": "rst",
    ".html": "html",
    ".htm": "html",
}
# The field names written: the plural spelling, as the docs write them.
WRITTEN = {field: field.capitalize() for field in FIELDS}

# Python-Markdown's meta extension (what Pelican's Markdown reader uses): a key line, and a
# continuation line indented four spaces or more.
_MD_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MD_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_MD_FENCE = re.compile(r"^-{3}\s*$")
# A reST field ("  :date: 2023-02-16") and a section adornment line ("#####").
_RST_FIELD = re.compile(r"^:(?P<key>[^:`]+):(?:\s|$)")
_RST_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1+\s*$")
_HTML_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_HTML_NAME = re.compile(r"""\bname\s*=\s*(["']?)(?P<name>[^"'\s>]+)\1""", re.IGNORECASE)
_HTML_CONTENT = re.compile(r"""\bcontent\s*=\s*(?P<quote>["'])(?P<value>.*?)(?P=quote)""", re.I)
_HTML_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_HTML_TITLE_END = re.compile(r"</title\s*>", re.IGNORECASE)
_HTML_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


class WriteError(Exception):
    """An article that cannot be edited safely; says which file and why."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class ReadFile:
    """A file's bytes as they were when its proposals were made."""

    path: Path
    data: bytes

    @classmethod
    def read(cls, path: Path) -> ReadFile:
        return cls(path, path.read_bytes())

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def file_format(path: Path | str) -> Format | None:
    """The metadata format of an article file, by its extension as Pelican's readers go."""
    return FORMATS.get(Path(path).suffix.lower())


def apply(read: ReadFile, additions: Mapping[str, Sequence[str]]) -> bytes:
    """Write ``additions`` (field -> values) into the file ``read`` was read from; return the
    bytes written. Refuses a file whose bytes are no longer those read."""
    if read.path.read_bytes() != read.data:
        raise WriteError(
            read.path,
            "changed since it was read: nothing written (run 'coopregions tag' again)",
        )
    data = rewritten(read.path, read.data, additions)
    if data != read.data:
        read.path.write_bytes(data)
    return data


def rewritten(path: Path, data: bytes, additions: Mapping[str, Sequence[str]]) -> bytes:
    """``data`` with ``additions`` written into its metadata (see the module's docstring)."""
    kind = file_format(path)
    if kind is None:
        raise WriteError(
            path,
            f"no reader of Pelican's writes metadata in '{path.suffix}' files that this "
            "command can edit (Markdown, reST and HTML): add the values by hand",
        )
    text = data.decode("utf-8", "surrogateescape")
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1 or len(text)] else "\n"
    wanted = {field: list(values) for field, values in additions.items() if values}
    if not wanted:
        return data
    if kind == "markdown":
        text = _markdown(text, wanted, newline)
    elif kind == "rst":
        text = _rst(path, text, wanted, newline)
    else:
        text = _html(path, text, wanted, newline)
    return text.encode("utf-8", "surrogateescape")


def _joined(existing: str, values: Sequence[str]) -> str:
    """Values added to a list as Pelican splits it: at semicolons when it has one."""
    separator = "; " if ";" in existing else ", "
    return existing.rstrip() + (separator if existing.strip() else "") + separator.join(values)


def _field_of(key: str, reader: str) -> str | None:
    """The field a metadata name spells (``country`` is ``countries``), for ``reader``."""
    name = key.strip().lower()
    for field in FIELDS:
        if name in spellings(field, {"reader": reader}):
            return field
    return None


def _split_line(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body) :]


def _markdown(text: str, wanted: dict[str, list[str]], newline: str) -> str:
    lines = text.splitlines(keepends=True)
    start = 1 if lines and _MD_FENCE.match(lines[0].lstrip("\ufeff")) else 0
    end = start
    last_of: dict[str, int] = {}  # field -> its last line (continuations included)
    field: str | None = None
    while end < len(lines):
        line = lines[end].rstrip("\r\n")
        if end == 0:
            line = line.lstrip("\ufeff")
        if (key := _MD_KEY.match(line)) is not None:
            field = _field_of(key.group("key"), "markdown")
        elif not (_MD_MORE.match(line) and end > start):
            break
        if field is not None:
            last_of[field] = end
        end += 1
    uppercase = not (end > start and lines[start].lstrip("\ufeff")[:1].islower())
    for field, at in last_of.items():
        if field in wanted:
            body, ending = _split_line(lines[at])
            lines[at] = _joined(body, wanted.pop(field)) + ending
    if wanted:
        added = [
            f"{WRITTEN[field] if uppercase else field}: {', '.join(values)}{newline}"
            for field, values in wanted.items()
        ]
        if end == start:  # no metadata yet: a block of its own, then a blank line
            bom = "\ufeff" if lines and lines[0].startswith("\ufeff") else ""
            if bom:
                lines[0] = lines[0][1:]
            added = [bom + added[0], *added[1:], newline]
        elif not lines[end - 1].endswith(("\n", "\r")):
            lines[end - 1] += newline
        lines[end:end] = added
    return "".join(lines)


def _rst(path: Path, text: str, wanted: dict[str, list[str]], newline: str) -> str:
    lines = text.splitlines(keepends=True)
    first = next(
        (index for index, line in enumerate(lines) if _RST_FIELD.match(line.rstrip("\r\n"))),
        None,
    )
    if first is None:
        title_end = _rst_title_end(lines)
        if title_end is None:
            raise WriteError(path, "no title and no field list: add the fields by hand")
        added = [newline] + [
            f":{field}: {', '.join(values)}{newline}" for field, values in wanted.items()
        ]
        if not lines[title_end].endswith(("\n", "\r")):
            lines[title_end] += newline
        lines[title_end + 1 : title_end + 1] = added
        return "".join(lines)
    end = first
    last_of: dict[str, int] = {}
    field: str | None = None
    while end < len(lines):
        line = lines[end].rstrip("\r\n")
        if (key := _RST_FIELD.match(line)) is not None:
            field = _field_of(key.group("key"), "rst")
        elif not (line[:1].isspace() and line.strip()):
            break
        if field is not None:
            last_of[field] = end
        end += 1
    for field, at in last_of.items():
        if field in wanted:
            body, ending = _split_line(lines[at])
            lines[at] = _joined(body, wanted.pop(field)) + ending
    if wanted:
        if not lines[end - 1].endswith(("\n", "\r")):
            lines[end - 1] += newline
        lines[end:end] = [
            f":{field}: {', '.join(values)}{newline}" for field, values in wanted.items()
        ]
    return "".join(lines)


def _rst_title_end(lines: list[str]) -> int | None:
    """The index of the title's underline (the document's first section adornment)."""
    for index in range(1, len(lines)):
        above = lines[index - 1].strip()
        if (
            above
            and not _RST_ADORNMENT.match(above)
            and _RST_ADORNMENT.match(lines[index].rstrip("\r\n"))
        ):
            return index
    return None


def _html(path: Path, text: str, wanted: dict[str, list[str]], newline: str) -> str:
    head = _HTML_HEAD.search(text)
    head_end = _HTML_HEAD_END.search(text)
    if head is None or head_end is None:
        raise WriteError(path, "no <head> to hold <meta> tags: add the fields by hand")
    anchor = head.end()
    edits: list[tuple[int, int, str]] = []
    for meta in _HTML_META.finditer(text, head.end(), head_end.start()):
        anchor = meta.end()
        name = _HTML_NAME.search(meta.group())
        field = _field_of(name.group("name"), "html") if name else None
        if field in wanted and field is not None:
            content = _HTML_CONTENT.search(meta.group())
            if content is None:
                continue
            values = [html.escape(value, quote=True) for value in wanted.pop(field)]
            start = meta.start() + content.start("value")
            edits.append(
                (start, start + len(content.group("value")), _joined(content["value"], values))
            )
    if (title := _HTML_TITLE_END.search(text, head.end(), head_end.start())) is not None:
        anchor = max(anchor, title.end())
    if wanted:
        line_start = text.rfind("\n", 0, anchor) + 1
        indent = re.match(r"[ \t]*", text[line_start:anchor])
        spaces = indent.group() if indent else ""
        tags = "".join(
            f'{newline}{spaces}<meta name="{field}" '
            f'content="{html.escape(", ".join(values), quote=True)}" />'
            for field, values in wanted.items()
        )
        edits.append((anchor, anchor, tags))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text
