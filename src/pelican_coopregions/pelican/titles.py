"""The names pages.py imports for the ``<title>`` and the ``<head>`` block, until it reads the
theme through :mod:`.theme` itself (:func:`.theme.read_theme`); then this module goes.

The title convention and :class:`.theme.PageTitle` live in :mod:`.theme`. The plugin's
templates override only ``head`` and ``meta`` for now, so :func:`head_block` answers with one
of those two, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from jinja2 import Environment

from . import theme
from .theme import AFTER_SITENAME, NAME, WHOLE, Theme, convention

__all__ = [
    "AFTER_SITENAME",
    "NAME",
    "WHOLE",
    "PageTitle",
    "convention",
    "head_block",
    "theme_sources",
]


def theme_sources(env: Environment) -> Iterator[Theme]:
    """The theme, read once (pages.py keeps what this yields in a tuple)."""
    yield theme.read_theme(env)


def head_block(themes: Iterable[Theme]) -> str:
    """``head`` when the theme renders one in ``<head>``, else ``meta`` (Flex), else ``head``."""
    offered = next(iter(themes)).head.offered
    return "meta" if "head" not in offered and "meta" in offered else "head"


class PageTitle(theme.PageTitle):
    """:class:`.theme.PageTitle`, made the way pages.py makes it."""

    __slots__ = ()

    @classmethod
    def for_theme(
        cls, themes: Iterable[Theme], pattern: str | None, settings: Mapping[str, Any]
    ) -> PageTitle:
        return cls.for_convention(next(iter(themes)).title, pattern, settings)
