"""A site's TOML data files: what users write, validated before anything is built from it.

Entries here are the raw, user-facing shape (``parent = "South America"``: any look-up key);
``registry`` resolves them into :class:`~.models.Region` and :class:`~.models.Organization`.
Every problem is raised as a :class:`~.errors.DataFileError` in plain words: file, entry, field.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .errors import DataFileError, shown
from .languages import language_tag
from .models import DEFAULT_LANGUAGE


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


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str | None = None
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
    founded: int | None = None
    website: str | None = None
    sectors: tuple[str, ...] = ()
    parent: str | None = None


class RegionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    region: tuple[RegionEntry, ...] = ()


class OrganizationsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organization: tuple[OrganizationEntry, ...] = ()


FileModel = TypeVar("FileModel", RegionsFile, OrganizationsFile)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DataFileError(path, "file not found (check the path in your settings)") from None
    except OSError as error:
        raise DataFileError(path, f"cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise DataFileError(path, f"is not UTF-8 text: {error.reason}") from None
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(path, f"is not valid TOML: {error}") from None


def _describe(error: ValidationError, path: Path, kind: str, raw: dict[str, Any]) -> DataFileError:
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
    entry = _entry_label(kind, number + 1, entry_data if isinstance(entry_data, dict) else {})
    field = ".".join(str(part) for part in location[2:]) or None
    if first["type"] == "extra_forbidden":
        allowed = ", ".join(_field_names(kind))
        problem = f"unknown field (allowed: {allowed})"
        field = str(location[-1])
    else:
        message = first["msg"].removeprefix("Value error, ")
        problem = f"{message} (got {shown(str(first['input']))})"
    return DataFileError(path, problem, entry=entry, field=field)


def _field_names(kind: str) -> list[str]:
    model = RegionEntry if kind == "region" else OrganizationEntry
    return list(model.model_fields)


def _read(path: Path | str, model: type[FileModel], kind: str) -> FileModel:
    path = Path(path)
    raw = _read_toml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise _describe(error, path, kind, raw) from None


def read_regions(path: Path | str) -> tuple[RegionEntry, ...]:
    """Read and validate a regions file."""
    return _read(path, RegionsFile, "region").region


def read_organizations(path: Path | str) -> tuple[OrganizationEntry, ...]:
    """Read and validate an organizations file."""
    return _read(path, OrganizationsFile, "organization").organization
