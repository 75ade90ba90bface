"""Sort keys of region and organization names, kept in ``CACHE_PATH`` between builds.

Sorting names the way readers expect (:class:`~..core.sorting.Collation`) needs the Unicode
Collation Algorithm's table: about 0.15 s to load, and keys for every name of the data files,
before any article is read. With Pelican's content cache on, the keys of one build serve the
next; only names not seen before need the table. The file is read with
``LOAD_CONTENT_CACHE`` and written with ``CACHE_CONTENT``, like Pelican's own caches, and
belongs to one pyuca release.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..core.sorting import Collation

logger = logging.getLogger(__name__)

NAME = "coopregions-sort-keys.pickle"


def _file(settings: Mapping[str, Any]) -> Path:
    return Path(str(settings["CACHE_PATH"])) / NAME


def _release() -> str:
    return f"pyuca {version('pyuca')}"


def load_keys(collation: Collation, settings: Mapping[str, Any]) -> int:
    """Hand the keys of an earlier build to ``collation``; return how many there were."""
    path = _file(settings)
    if not settings.get("LOAD_CONTENT_CACHE") or not path.is_file():
        return 0
    try:
        with path.open("rb") as handle:
            release, keys = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, ValueError, TypeError, EOFError):
        logger.warning("pelican-coopregions: %s is unreadable; sort keys are computed again", path)
        return 0
    if release != _release() or not isinstance(keys, dict):
        return 0
    collation.learn(keys)
    return len(keys)


def save_keys(collation: Collation, settings: Mapping[str, Any], loaded: int) -> None:
    """Keep ``collation``'s keys for the next build, when there are new ones."""
    keys = collation.known()
    if not settings.get("CACHE_CONTENT") or len(keys) == loaded:
        return
    path = _file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump((_release(), keys), handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)
