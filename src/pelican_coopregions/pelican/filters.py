"""Jinja filters for theme authors: Babel dates in any template Pelican renders.

``{{ article.date|localdate }}`` uses the page's language (``lang``, else the article's or
page's ``lang``, else ``DEFAULT_LANG``) and ``COOPREGIONS_DATE_FORMAT``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from ..core.dates import format_date, format_skeleton, iso_date
from .settings import PluginSettings


def context_lang(context: Context, default: str) -> str:
    """The language of the page being rendered."""
    if lang := context.get("lang"):
        return str(lang)
    for name in ("article", "page"):
        content = context.get(name)
        if content is not None and getattr(content, "lang", None):
            return str(content.lang)
    return default


def date_filters(
    options: PluginSettings, settings: Mapping[str, Any]
) -> dict[str, Callable[..., str]]:
    """``localdate``, ``localskeleton`` and ``isodate``, bound to one site's settings."""
    default_lang = str(settings.get("DEFAULT_LANG", "en"))

    @pass_context
    def localdate(
        context: Context,
        value: date | datetime,
        lang: str | None = None,
        format: str | None = None,
    ) -> str:
        lang = lang or context_lang(context, default_lang)
        return format_date(value, lang, format or options.date_format_for(lang))

    @pass_context
    def localskeleton(
        context: Context, value: date | datetime, skeleton: str, lang: str | None = None
    ) -> str:
        return format_skeleton(value, skeleton, lang or context_lang(context, default_lang))

    return {"localdate": localdate, "localskeleton": localskeleton, "isodate": iso_date}
