"""Pages a site's regions file moves: a built-in place renamed in a language of its pages.

A built-in place's pages keep the slugs fixed in the package whatever Babel calls it, but a
site that renames it (``extends``, ``name.es = "América Latina"``) chose the new name: its pages
in that language follow it, and every link to the old address breaks. The build says so once,
naming the entry, so that the move is never a surprise.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from ..core.registry import Registry
from .taxonomy import RegionTerm

logger = logging.getLogger(__name__)


def log_moved_pages(
    registry: Registry, settings: Mapping[str, Any], languages: Iterable[str], default_lang: str
) -> None:
    """One log line for each renamed place and page language whose slug the rename changed."""
    languages = tuple(languages)
    for before, where in registry.renamed:
        after = registry.region(before.slug)
        for lang in languages:
            old = RegionTerm(before, settings, lang, default_lang, {}).slug
            new = RegionTerm(after, settings, lang, default_lang, {}).slug
            if old != new:
                logger.info(
                    "%s: its name in %s is now %r, so its %s pages move from the slug %r to %r",
                    where,
                    lang,
                    after.name(lang),
                    lang,
                    old,
                    new,
                )
