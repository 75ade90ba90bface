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

from ..core.dates import calendar_date, format_date
from ..core.languages import language_name


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
    """Listing entries, remembered while one page is written.

    A page shows each entry twice, in its JSON-LD (``<head>``) and its listing: the cache
    keeps the entries of the last few pages, so Pelican's ``article.url`` (rebuilt on every
    access) and the date are computed once per page. Localized date texts are kept per day.
    Nothing grows with the number of articles.
    """

    _RECENT = 256

    def __init__(
        self, date_format_for: Callable[[str], str], language_of: Callable[[Any], str]
    ) -> None:
        self._date_format_for = date_format_for
        self._language_of = language_of
        self._recent: dict[tuple[int, str], ListedArticle] = {}
        self._dates: dict[tuple[date, str], str] = {}

    def __call__(self, article: Any, page_lang: str) -> ListedArticle:
        key = (id(article), page_lang)
        entry = self._recent.get(key)
        if entry is None:
            if len(self._recent) >= self._RECENT:
                self._recent.clear()
            entry = self._recent[key] = self._entry(article, page_lang)
        return entry

    def _entry(self, article: Any, page_lang: str) -> ListedArticle:
        day = calendar_date(article.date)
        shown = self._dates.get((day, page_lang))
        if shown is None:
            pattern = self._date_format_for(page_lang)
            shown = self._dates[(day, page_lang)] = format_date(day, page_lang, pattern)
        lang = self._language_of(article)
        return ListedArticle(
            article=article,
            url=str(article.url),
            title=Markup(str(article.title)).striptags(),
            summary=Markup(str(getattr(article, "summary", "") or "")).striptags(),
            iso_date=day.isoformat(),
            date=shown,
            lang=lang,
            language_label="" if lang == page_lang else language_name(lang, page_lang),
        )
