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
from .taxonomies import Taxonomy
from .terms import Term

logger = logging.getLogger(__name__)


def log_moved_pages(
    registry: Registry,
    taxonomies: Iterable[Taxonomy],
    settings: Mapping[str, Any],
    languages: Iterable[str],
    default_lang: str,
) -> None:
    """One log line for each renamed term and page language whose slug the rename changed."""
    languages = tuple(languages)
    for taxonomy in taxonomies:
        for before, after, where in taxonomy.renamed(registry):
            _log_moved(taxonomy, before, after, where, settings, languages, default_lang)


def _log_moved(
    taxonomy: Taxonomy,
    before: Any,
    after: Any,
    where: str,
    settings: Mapping[str, Any],
    languages: tuple[str, ...],
    default_lang: str,
) -> None:
    for lang in languages:
        old = Term(taxonomy, before, settings, lang, default_lang, {}).slug
        new = Term(taxonomy, after, settings, lang, default_lang, {}).slug
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
