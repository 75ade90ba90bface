"""A site's TOML data files: what users write, validated before anything is built from it.

Entries here are the raw, user-facing shape (``parent = "South America"``: any look-up key);
``registry`` resolves them into :class:`~.models.Region` and :class:`~.models.Organization`,
which are not validated again: every check of a value a file gives is made here.
Every problem is raised as a :class:`~.errors.DataFileError` in plain words: file, line, entry,
field.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)

from .errors import DataFileError, shown
from .keys import SLUG_PATTERN
from .languages import language_tag
from .models import DEFAULT_LANGUAGE
from .text import mixed_script, nfc, refused_character


def _as_localized(value: Any) -> Any:
    """Let ``name = "Andes"`` stand for ``name = { en = "Andes" }``; keys as canonical tags.

    ``name.pt_BR`` and ``name.pt-br`` both become ``pt-BR``, the spelling page languages use.
    A tag CLDR does not know (``yua``) is kept: its names are still look-up keys.
    """
    if isinstance(value, str):
        return {DEFAULT_LANGUAGE: value}
    if not isinstance(value, dict):
        return value  # the type error is pydantic's to report
    texts: dict[str, Any] = {}
    for key, text in value.items():
        tag = language_tag(key)
        if tag is None:
            raise ValueError(
                f"{shown(str(key))} is not a language tag; write a BCP 47 or POSIX code such "
                "as 'es' or 'pt-BR'"
            )
        if tag in texts:
            raise ValueError(f"{shown(str(key))} names language {tag!r} again")
        texts[tag] = text
    return texts


Localized = Annotated[dict[str, str], BeforeValidator(_as_localized)]


def _check_slug(value: str) -> str:
    if not SLUG_PATTERN.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a slug: use lowercase ASCII letters and digits joined by single "
            "hyphens, such as 'latin-america'"
        )
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]

_WEB_ADDRESS: TypeAdapter[AnyHttpUrl] = TypeAdapter(AnyHttpUrl)


def _check_web_address(value: str) -> str:
    """An ``http(s)`` address, kept as written (pydantic would add a trailing slash)."""
    _WEB_ADDRESS.validate_python(value)
    return value


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Slug | None = None
    name: Localized = Field(default_factory=dict)
    description: Localized = Field(default_factory=dict)
    aliases: tuple[str, ...] = ()

    def label(self, kind: str, number: int) -> str:
        """How messages name this entry: ``region entry 3 ('Andes')``."""
        return _entry_label(kind, number, {"slug": self.slug, "name": self.name})


def _entry_label(kind: str, number: int, data: dict[str, Any]) -> str:
    title = data.get("slug") or data.get("name")
    if isinstance(title, dict):
        title = title.get(DEFAULT_LANGUAGE) or next(iter(title.values()), None)
    return f"{kind} entry {number}" + (f" ({title!r})" if isinstance(title, str) else "")


class RegionEntry(_Entry):
    """One ``[[region]]``: a new region, or with ``extends`` a change to a built-in one."""

    extends: str | None = None
    parent: str | None = None
    members: tuple[str, ...] = ()


class OrganizationEntry(_Entry):
    """One ``[[organization]]``."""

    acronym: str | None = None
    country: str | None = None
    locality: str | None = None
    founded: int | None = Field(default=None, ge=1000, le=9999)
    website: Annotated[str, AfterValidator(_check_web_address)] | None = None
    sectors: tuple[str, ...] = ()
    parent: str | None = None


class RegionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    region: tuple[RegionEntry, ...] = ()


class OrganizationsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organization: tuple[OrganizationEntry, ...] = ()


FileModel = TypeVar("FileModel", RegionsFile, OrganizationsFile)


# Fields whose text is a name people read and write back: one script per word.
_NAME_FIELDS = frozenset({"name", "aliases", "acronym"})
_MULTILINE_FIELDS = frozenset({"description"})

# A name is the text of a page's heading and, in languages without a slug of their own, of its
# slug: a folder or file name, which most file systems limit to 255 bytes. A name or slug
# longer than this is refused when the file is read; the output paths themselves are checked
# against the platform's limits before a build writes anything.
MAX_NAME_LENGTH = 200
MAX_SLUG_LENGTH = 200


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed file and its text (a UTF-8 byte order mark, as some editors write, is fine)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataFileError(path, "file not found (check the path in your settings)") from None
    except OSError as error:
        raise DataFileError(path, f"cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        where = error.object.count(b"\n", 0, error.start) + 1
        raise DataFileError(path, f"is not UTF-8 text: {error.reason}", line=where) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        line = int(position.group(1)) if position else None
        raise DataFileError(path, f"is not valid TOML: {error}", line=line) from None


_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


class EntryLines:
    """Where each ``[[kind]]`` entry, and each field in it, is written: lines for messages.

    TOML parsers keep no positions, so the text is searched; an entry written as an inline
    table (``region = [{...}]``) is found at line 1.
    """

    def __init__(self, text: str, kind: str) -> None:
        self.lines = text.splitlines()
        header = re.compile(rf"^\s*\[\[\s*[\"']?{re.escape(kind)}[\"']?\s*\]\]")
        self.starts = [number for number, line in enumerate(self.lines) if header.match(line)]

    def line(self, number: int, field: str | None = None) -> int | None:
        """The line of entry ``number`` (1-based), at ``field`` (``name.es``) when found."""
        if not 0 < number <= len(self.starts):
            return None
        begin = self.starts[number - 1]
        end = self.starts[number] if number < len(self.starts) else len(self.lines)
        if field:
            key, _, sub = field.partition(".")
            keys = [rf"[\"']?{re.escape(key)}[\"']?"]
            patterns = [rf"^\s*{keys[0]}\s*\.\s*[\"']?{re.escape(sub)}[\"']?\s*="] if sub else []
            patterns.append(rf"^\s*{keys[0]}\s*[=.]")
            for pattern in map(re.compile, patterns):
                for index in range(begin + 1, end):
                    if pattern.match(self.lines[index]):
                        return index + 1
        return begin + 1


def entry_line(path: Path, kind: str, number: int, field: str | None = None) -> int | None:
    """The line of entry ``number`` of a data file, read again (for an error message only)."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    return EntryLines(text, kind).line(number, field)


def _problem(
    path: Path,
    lines: EntryLines,
    kind: str,
    number: int,
    data: Any,
    field: str | None,
    problem: str,
) -> DataFileError:
    entry = _entry_label(kind, number, data if isinstance(data, dict) else {})
    return DataFileError(path, problem, entry=entry, field=field, line=lines.line(number, field))


def _texts(value: Any, field: str) -> Iterator[tuple[str, str]]:
    """Every string in a field's value, with the field's dotted name (``name.es``)."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{field}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, field)


def _check_text(field: str, text: str) -> str | None:
    """Why ``text`` cannot be used in ``field``, or ``None``."""
    top = field.partition(".")[0]
    if refused := refused_character(text, multiline=top in _MULTILINE_FIELDS):
        return f"{shown(text)} {refused}: remove it"
    if top in _NAME_FIELDS and (odd := mixed_script(text)):
        return f"{shown(text)} mixes scripts: {odd}; write the word in one script"
    if top == "name" and not text.strip():
        return "a name cannot be empty: write the name, or leave this language out"
    if top == "name" and len(text) > MAX_NAME_LENGTH:
        return (
            f"a name of {len(text)} characters is too long to name a page and its folder "
            f"(at most {MAX_NAME_LENGTH}): put the long text in description"
        )
    if top == "slug" and len(text) > MAX_SLUG_LENGTH:
        return f"a slug of {len(text)} characters is too long (at most {MAX_SLUG_LENGTH})"
    if top == "aliases" and not text.strip():
        return "an alias cannot be empty"
    return None


def _check_entries(raw: dict[str, Any], path: Path, text: str, kind: str) -> None:
    """Refuse text no page, feed or folder name can hold, naming the entry, field and line."""
    entries = raw.get(kind)
    if not isinstance(entries, list):
        return  # the shape is pydantic's to report
    lines: EntryLines | None = None
    for number, data in enumerate(entries, start=1):
        if not isinstance(data, dict):
            continue
        for key, value in data.items():
            for field, item in _texts(value, str(key)):
                if (problem := _check_text(field, item)) is not None:
                    lines = lines or EntryLines(text, kind)
                    raise _problem(path, lines, kind, number, data, field, problem)


def _describe(
    error: ValidationError, path: Path, kind: str, raw: dict[str, Any], text: str
) -> DataFileError:
    """Turn pydantic's first complaint into a sentence about one entry and one field."""
    first = error.errors(include_url=False)[0]
    location = list(first["loc"])
    if location == [kind]:
        return DataFileError(
            path,
            f"{kind!r} must be an array of tables: start each entry with [[{kind}]] "
            f"(got {shown(str(first['input']))})",
        )
    if location[:1] != [kind] or len(location) < 2 or not isinstance(location[1], int):
        unknown = location[0] if location else "?"
        return DataFileError(
            path,
            f"unknown table {unknown!r}: a {kind}s file holds only [[{kind}]] entries",
        )
    number = location[1]
    entries = raw.get(kind) or []
    entry_data = entries[number] if isinstance(entries, list) and number < len(entries) else {}
    field = ".".join(str(part) for part in location[2:]) or None
    if first["type"] == "extra_forbidden":
        allowed = ", ".join(_field_names(kind))
        problem = f"unknown field (allowed: {allowed})"
        field = str(location[-1])
    else:
        problem = first["msg"].removeprefix("Value error, ")
        if (given := shown(str(first["input"]))) not in problem:
            problem += f" (got {given})"
    return _problem(path, EntryLines(text, kind), kind, number + 1, entry_data, field, problem)


def _field_names(kind: str) -> list[str]:
    model = RegionEntry if kind == "region" else OrganizationEntry
    return list(model.model_fields)


def _composed(value: Any) -> Any:
    """``value`` with every string in NFC: one spelling of each letter, in pages and keys."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {key: _composed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_composed(item) for item in value]
    return value


def _read(path: Path | str, model: type[FileModel], kind: str) -> FileModel:
    path = Path(path)
    raw, text = _read_toml(path)
    _check_entries(raw, path, text, kind)
    raw = _composed(raw)
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise _describe(error, path, kind, raw, text) from None


def read_regions(path: Path | str) -> tuple[RegionEntry, ...]:
    """Read and validate a regions file."""
    return _read(path, RegionsFile, "region").region


def read_organizations(path: Path | str) -> tuple[OrganizationEntry, ...]:
    """Read and validate an organizations file."""
    return _read(path, OrganizationsFile, "organization").organization
