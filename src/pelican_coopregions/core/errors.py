"""The two ways input can be wrong: a metadata value, or a data file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

_SHOWN_VALUE_LENGTH = 80

_NOUNS = {"regions": "region", "countries": "country", "organizations": "organization"}


def shown(value: str) -> str:
    """Quote a value for a message, cut short so a 10,000-character value stays readable."""
    if len(value) > _SHOWN_VALUE_LENGTH:
        value = value[:_SHOWN_VALUE_LENGTH] + "…"
    return repr(value)


def noun(field: str) -> str:
    """What one item of a field is: ``"countries"`` -> ``"country"``."""
    return _NOUNS.get(field, field)


def _alternatives(suggestions: Sequence[str]) -> str:
    quoted = [repr(s) for s in suggestions]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


class MetadataError(ValueError):
    """A value in an article's metadata that names no known region, country or organization.

    ``field`` is the metadata field (``"regions"``, ``"countries"`` or ``"organizations"``),
    ``value`` the offending item as written, ``suggestions`` up to three close matches, or
    every place a shared name ("Congo") belongs to.
    """

    def __init__(
        self,
        field: str,
        value: str,
        suggestions: Sequence[str] = (),
        problem: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.suggestions = tuple(suggestions)
        self.problem = problem or f"unknown {noun(field)} {shown(value)}"
        message = self.problem
        if self.suggestions:
            message += f" (did you mean {_alternatives(self.suggestions)}?)"
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.field, self.value, self.suggestions, self.problem))


class DataFileError(ValueError):
    """A site data file that cannot be used: unreadable, malformed, or inconsistent.

    The message names the file, the entry and the field; ``path``, ``entry`` and ``field`` carry
    the same facts for programs (``entry`` and ``field`` are ``None`` when they do not apply).
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        entry: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.entry = entry
        self.field = field
        where = str(path)
        if entry is not None:
            where += f": {entry}"
        if field is not None:
            where += f": field {field!r}"
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_data_file_error, (str(self.path), self.problem, self.entry, self.field))


def _rebuild_data_file_error(
    path: str, problem: str, entry: str | None, field: str | None
) -> DataFileError:
    return DataFileError(path, problem, entry=entry, field=field)
