"""The template that draws the plugin's pages through the site's theme, written for each build.

Themes name their blocks differently (the title block is ``title`` in most, ``titlename`` in
uikit; the block inside ``<head>`` is ``head``, Flex's ``meta``, hyde's ``metadata``, or there
is none) and their archive pages extend different templates (``index.html``, uikit's layout
behind it, pelican-bootstrap3's ``article_list.html``). Jinja names a block when it compiles a
template, never while it renders one, so the plugin's pages extend a template written for each
build from what :func:`.theme.read_theme` read (:func:`adapter_source`), ``ADAPTER``: it
extends the template the theme's archive pages extend and puts each of the plugin's fixed
blocks where the theme draws that part of a page:

- ``coopregions_lang`` in ``html_lang`` (Pelican's themes set ``<html lang>`` there);
- ``coopregions_page_title`` in the theme's title block;
- ``coopregions_head`` (hreflang, canonical, feed links) and ``coopregions_jsonld`` in the
  chosen head-like block; without one, the JSON-LD opens the content instead;
- ``coopregions_body`` in the block the theme's lists are in, inside the element the theme
  wraps its lists in (notmyidea's ``<section id="content" class="body">``).

:class:`AdapterLoader` serves it from the generator's Jinja loader, after the theme's
(THEME_TEMPLATES_OVERRIDES, the theme, Pelican's simple theme) and before the plugin's folder:
a site or a theme can still ship a ``coopregions/theme-adapter.html`` of its own. Incremental
output reads template sources through the same loader, so the adapter's text, and the theme's
templates it extends, are inputs of every page (:meth:`.incremental.Incremental.template`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from jinja2 import BaseLoader, Environment, TemplateNotFound

from .settings import PREFIX, SettingsError
from .theme import Theme

# A name no kind of term can take (their names are setting prefixes: no hyphen).
ADAPTER = "coopregions/theme-adapter.html"
# Where a theme whose list the reading found in no block keeps its page's content.
CONTENT = "content"


class AdapterLoader(BaseLoader):
    """Serves :data:`ADAPTER` once a build has written it (``source``); nothing before."""

    def __init__(self) -> None:
        self.source: str | None = None

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        source = self.source
        if template != ADAPTER or source is None:
            raise TemplateNotFound(template)
        return source, None, lambda: self.source == source

    def list_templates(self) -> list[str]:
        return [ADAPTER] if self.source is not None else []


def head_block(theme: Theme, setting: str | Literal[False] | None) -> str | None:
    """The block the head additions go in: COOPREGIONS_HEAD_BLOCK when set (``False``: none),
    else the one the theme offers; a named block the theme renders nowhere in ``<head>`` is a
    :class:`.settings.SettingsError`."""
    if setting is None:
        return theme.head.chosen
    if setting is False:
        return None
    if setting not in theme.head.offered:
        offered = ", ".join(map(repr, theme.head.offered)) or "none"
        raise SettingsError(
            f"{PREFIX}HEAD_BLOCK = {setting!r}: {theme.extends} and the templates it extends "
            f"render no block of that name inside <head> (the blocks there: {offered}); name "
            "one of them, or set it to None to use the one the plugin reads from the theme"
        )
    return setting


def missing_head(theme: Theme, folder: str) -> str:
    """The warning for a theme (in ``folder``) without a block inside ``<head>``: what its
    pages lose, and how to add the block or say that none is wanted."""
    return (
        f"pelican-coopregions: the theme {folder} renders no block inside <head> (neither its "
        f"{theme.extends} nor a template it extends has one), so the plugin's pages go without "
        "their canonical, hreflang and feed links, and their JSON-LD is in the page's content. "
        "Add a block inside <head> to the theme's base.html (such as {% block head %}"
        f"{{% endblock %}}), or set {PREFIX}HEAD_BLOCK = False to keep it so without this warning"
    )


def _block(name: str, body: str) -> str:
    return f"{{% block {name} %}}{body}{{% endblock {name} %}}"


def adapter_source(theme: Theme, head: str | None) -> str:
    """The adapter for ``theme``, its head additions in the block ``head`` (``None``: the
    theme has none, and the JSON-LD goes in the content)."""
    blocks: dict[str, str] = {"html_lang": _block("coopregions_lang", "")}
    if theme.title.block is not None:
        blocks.setdefault(theme.title.block, _block("coopregions_page_title", ""))
    jsonld = _block("coopregions_jsonld", "")
    if head is not None:
        blocks.setdefault(head, "{{ super() }}" + _block("coopregions_head", "") + jsonld)
    body = (jsonld if head is None else "") + _block("coopregions_body", "")
    wrapper = theme.listing.wrapper
    if wrapper is not None:  # its markup as the theme writes it, never read as Jinja
        tags = (wrapper.open(), wrapper.close())
        opened, closed = (f"{{% raw %}}{tag}{{% endraw %}}" for tag in tags)
        body = opened + body + closed
    blocks.setdefault(theme.listing.block or CONTENT, body)
    lines = [
        "{# Written by pelican-coopregions for this build from the theme's templates. #}",
        f"{{% extends {theme.extends!r} %}}",
        *(_block(name, body) for name, body in blocks.items()),
    ]
    return "\n".join(lines) + "\n"
