"""Jinja filters for theme authors: Babel dates in any template Pelican renders.

``{{ article.date|localdate }}`` uses the page's language (``lang``, else the article's or
page's ``lang``, else ``DEFAULT_LANG``), as its nearest CLDR locale (a language CLDR does not
know means the site's fallback: ``DEFAULT_LANG``, else English), and
``COOPREGIONS_DATE_FORMAT``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from ..core.dates import format_date, format_skeleton, iso_date
from ..core.languages import resolve, site_default
from .settings import PluginSettings


def written_lang(context: Context) -> object:
    """The language the page being rendered is in, as written: the template's ``lang``, else
    the ``lang`` of the article or page being rendered (``None`` if none says)."""
    written = context.get("lang")
    for name in ("article", "page"):
        if written:
            break
        written = getattr(context.get(name), "lang", None)
    return written


def context_lang(context: Context, default: str) -> str:
    """The language of the page being rendered, as a CLDR tag (``default`` if CLDR has none)."""
    return resolve(written_lang(context), default)


def date_filters(
    options: PluginSettings, settings: Mapping[str, Any]
) -> dict[str, Callable[..., str]]:
    """``localdate``, ``localskeleton`` and ``isodate``, bound to one site's settings."""
    default_lang = site_default(settings.get("DEFAULT_LANG"))

    @pass_context
    def localdate(
        context: Context,
        value: date | datetime,
        lang: str | None = None,
        format: str | None = None,
    ) -> str:
        lang = resolve(lang, default_lang) if lang else context_lang(context, default_lang)
        return format_date(value, lang, format or options.date_format_for(lang))

    @pass_context
    def localskeleton(
        context: Context, value: date | datetime, skeleton: str, lang: str | None = None
    ) -> str:
        lang = resolve(lang, default_lang) if lang else context_lang(context, default_lang)
        return format_skeleton(value, skeleton, lang)

    return {"localdate": localdate, "localskeleton": localskeleton, "isodate": iso_date}
