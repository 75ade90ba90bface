"""The ``<title>`` of the plugin's pages, in the theme's own convention.

Themes disagree on what ``{% block title %}`` holds. In Pelican's ``simple`` and ``notmyidea``
it is the whole title (the default is ``SITENAME``, a category page gives "Site - Category").
Other themes write the site's name themselves, outside the block: Flex writes
``{{ SITENAME }}{% block title %}{% endblock %}`` and its pages start the block with a dash,
bootlex and new-bootstrap2 write ``{% block title %}{% endblock %} - {{ SITENAME }}``.
Filling the block the first way in such a theme names the site twice. The theme's
``base.html`` says which convention it follows: its source is read once per build through
the Jinja loader (a theme's ``base.html`` may extend another template: that one is read too).
``COOPREGIONS_PAGE_TITLE`` overrides the guess. The same source says which block of the
``<head>`` the plugin's additions go in (:func:`head_block`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, TemplateNotFound
from markupsafe import Markup

# The block is the whole title (Pelican's own themes).
WHOLE = "{name} - {sitename}"
# The theme writes the site's name and the separator (bootlex, new-bootstrap2).
NAME = "{name}"
# The theme writes the site's name right before the block (Flex): the page adds the dash.
AFTER_SITENAME = " &ndash; {name}"

_TITLE_ELEMENT = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.DOTALL | re.IGNORECASE)
_TITLE_BLOCK = re.compile(
    r"\{%-?\s*block\s+title\s*-?%\}.*?\{%-?\s*endblock(?:\s+title)?\s*-?%\}", re.DOTALL
)
_SITENAME = re.compile(r"\bSITENAME\b")
_SITENAME_THEN_BLOCK = re.compile(r"\bSITENAME\b[^{}]*\}\}\s*$")
_EXTENDS = re.compile(r"\{%-?\s*extends\s+[\"']([^\"']+)[\"']\s*-?%\}")
_MAX_PARENTS = 8
_HEAD_BLOCKS = tuple(
    (name, re.compile(r"\{%-?\s*block\s+" + name + r"\s*-?%\}")) for name in ("head", "meta")
)


def convention(source: str) -> str | None:
    """The title pattern a template's ``<title>`` element calls for; ``None`` when it has none."""
    element = _TITLE_ELEMENT.search(source)
    if element is None:
        return None
    title = element.group(1)
    block = _TITLE_BLOCK.search(title)
    if block is None:
        return WHOLE
    before, after = title[: block.start()], title[block.end() :]
    if _SITENAME_THEN_BLOCK.search(before):
        return AFTER_SITENAME
    if _SITENAME.search(before) or _SITENAME.search(after):
        return NAME
    return WHOLE


def theme_sources(env: Environment, template: str = "base.html") -> Iterator[str]:
    """The source of the ``base.html`` the plugin's templates extend, then of its parents."""
    for _ in range(_MAX_PARENTS):
        if env.loader is None:
            return
        try:
            source = env.loader.get_source(env, template)[0]
        except TemplateNotFound:
            return
        yield source
        parent = _EXTENDS.search(source)
        if parent is None:
            return
        template = parent.group(1)


def theme_convention(sources: Iterable[str]) -> str:
    """The title convention of the theme's ``base.html`` (:func:`theme_sources`)."""
    for source in sources:
        found = convention(source)
        if found is not None:
            return found
    return WHOLE


def head_block(sources: Iterable[str]) -> str:
    """The block of the theme's ``<head>`` the plugin adds its links, JSON-LD and styles to:
    ``head`` (Pelican's themes and most others), else ``meta`` (Flex has no ``head`` block)."""
    sources = tuple(sources)
    for name, block in _HEAD_BLOCKS:
        if any(block.search(source) for source in sources):
            return name
    return "head"


@dataclass(frozen=True, slots=True)
class PageTitle:
    """``page_title(name)`` in the plugin's templates: the text of their ``title`` block."""

    pattern: str
    sitename: str

    @classmethod
    def for_theme(
        cls, sources: Iterable[str], pattern: str | None, settings: Mapping[str, Any]
    ) -> PageTitle:
        """``sources``: the theme's ``base.html`` and its parents (:func:`theme_sources`)."""
        sitename = Markup(str(settings.get("SITENAME", ""))).striptags()
        return cls(pattern if pattern is not None else theme_convention(sources), sitename)

    def __call__(self, name: str) -> Markup:
        """The pattern's text is markup (``&ndash;``); the names are escaped."""
        return Markup(self.pattern).format(name=name, sitename=self.sitename)
