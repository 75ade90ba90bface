"""What a listing shows of one article: URL, plain-text title and teaser, localized date.

With rollup an article is listed on its country, sub-region, continent and World pages and
its organizations' pages, and again in each page's JSON-LD.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from .dates import calendar_date, format_date
from .i18n import language_name


@dataclass(frozen=True, slots=True)
class ListedArticle:
    """One listing entry. ``title`` and ``summary`` are plain text (markup removed)."""

    article: Any
    url: str
    title: str
    summary: str
    iso_date: str
    date: str
    lang: str
    language_label: str  # the article's language named in the page's, "" when they match


class ListedArticles:
    """Listing entries, with the costly parts remembered for the whole build.

    An article's URL (Pelican rebuilds it on every access) and the text of each date in each
    language are kept; titles and teasers are stripped of markup on the fly, so the cache
    stays a small fraction of the articles' own memory.
    """

    def __init__(self, date_format_for: Callable[[str], str]) -> None:
        self._date_format_for = date_format_for
        self._urls: dict[int, str] = {}
        self._dates: dict[tuple[date, str], str] = {}

    def __call__(self, article: Any, page_lang: str) -> ListedArticle:
        url = self._urls.get(id(article))
        if url is None:
            url = self._urls[id(article)] = str(article.url)
        day = calendar_date(article.date)
        shown = self._dates.get((day, page_lang))
        if shown is None:
            pattern = self._date_format_for(page_lang)
            shown = self._dates[(day, page_lang)] = format_date(day, page_lang, pattern)
        lang = str(article.lang)
        return ListedArticle(
            article=article,
            url=url,
            title=Markup(str(article.title)).striptags(),
            summary=Markup(str(getattr(article, "summary", "") or "")).striptags(),
            iso_date=day.isoformat(),
            date=shown,
            lang=lang,
            language_label="" if lang == page_lang else language_name(lang, page_lang),
        )
