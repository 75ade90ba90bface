"""Every article's references, and every bad value located where it was written.

The core parses what an article's fields say (:func:`..core.metadata.read_refs`); here each
bad value is also said of the ``EXTRA_PATH_METADATA`` entry that gave it, when one did, so
``coopregions check`` can point at the line of the settings file to change.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..core.metadata import ArticleRefs, Problem, read_refs
from ..core.registry import Registry


def read_metadata(
    registry: Registry, contents: Iterable[Any], settings: Mapping[str, Any]
) -> tuple[dict[int, ArticleRefs], list[Problem]]:
    """Every article's references (by ``id``), and every bad value, located."""
    refs: dict[int, ArticleRefs] = {}
    problems: list[Problem] = []
    path_metadata = settings.get("EXTRA_PATH_METADATA") or {}
    for content in contents:
        found, bad = read_refs(registry, content.metadata, str(content.source_path))
        refs[id(content)] = found
        if bad and path_metadata:
            bad = [_from_path_metadata(problem, content, path_metadata) for problem in bad]
        problems.extend(bad)
    return refs, problems


def _from_path_metadata(
    problem: Problem, content: Any, path_metadata: Mapping[str, Any]
) -> Problem:
    """The problem, said of the ``EXTRA_PATH_METADATA`` entry that gave the value, if one did.

    Pelican applies the entries in sorted order (the most specific path wins) and the file's
    own fields over them; a value is the entry's when the article still holds it as given.
    """
    source = posixpath.normpath(str(content.relative_source_path).replace(os.sep, "/"))
    metadata = content.metadata
    for (key, name), value in reversed(list(_path_fields(path_metadata, source))):
        if name in metadata and metadata[name] == value and problem.error.value in str(value):
            return Problem(
                problem.source,
                problem.field,
                problem.error,
                written_in=f"EXTRA_PATH_METADATA[{key!r}][{name!r}]",
            )
    return problem


def _path_fields(
    path_metadata: Mapping[str, Any], source: str
) -> Iterator[tuple[tuple[str, str], Any]]:
    for path, fields in sorted(path_metadata.items()):
        folder = posixpath.join(str(path), "")
        if (source == path or source.startswith(folder)) and isinstance(fields, Mapping):
            for name, value in fields.items():
                yield (str(path), str(name)), value
