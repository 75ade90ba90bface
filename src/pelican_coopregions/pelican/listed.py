"""What a listing shows of one article: URL, plain-text title and teaser, localized date.

With rollup an article is listed on its country, sub-region, continent and World pages and
its organizations' pages, in every page language, and again in each page's JSON-LD.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from ..core.dates import calendar_date, format_date


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


def plain(text: str) -> str:
    """``text`` without markup; the very same string when it had none (most titles), so a
    cached entry costs no second copy of it."""
    stripped = Markup(text).striptags()
    return text if stripped == text else stripped


@dataclass(frozen=True, slots=True)
class _Version:
    """What every page language's entry of one article version shares."""

    url: str
    title: str
    summary: str
    day: date
    iso_date: str
    lang: str


class ListedArticles:
    """Every listing entry of a build, each computed once per article version and page language.

    Pelican recomputes ``article.url`` on every access (about 20 µs); the title and teaser
    need their markup stripped, the date a CLDR pattern. A version listed on ten pages in two
    languages, and in each page's JSON-LD, is worked out once. Date texts are kept per day and
    language, language labels per pair of languages.
    """

    def __init__(
        self,
        date_format_for: Callable[[str], str],
        language_of: Callable[[Any], str],
        language_name: Callable[[str, str], str],
    ) -> None:
        self._date_format_for = date_format_for
        self._language_of = language_of
        self._language_name = language_name
        self._entries: dict[tuple[int, str], ListedArticle] = {}
        self._versions: dict[int, _Version] = {}
        self._dates: dict[tuple[date, str], str] = {}

    def __call__(self, article: Any, page_lang: str) -> ListedArticle:
        key = (id(article), page_lang)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = self._entry(article, page_lang)
        return entry

    def url(self, article: Any) -> str:
        """``article.url``, computed once."""
        return self._version(article).url

    def _version(self, article: Any) -> _Version:
        version = self._versions.get(id(article))
        if version is None:
            day = calendar_date(article.date)
            version = self._versions[id(article)] = _Version(
                url=str(article.url),
                title=plain(str(article.title)),
                summary=plain(str(getattr(article, "summary", "") or "")),
                day=day,
                iso_date=day.isoformat(),
                lang=self._language_of(article),
            )
        return version

    def _entry(self, article: Any, page_lang: str) -> ListedArticle:
        version = self._version(article)
        shown = self._dates.get((version.day, page_lang))
        if shown is None:
            pattern = self._date_format_for(page_lang)
            shown = format_date(version.day, page_lang, pattern)
            self._dates[(version.day, page_lang)] = shown
        lang = version.lang
        return ListedArticle(
            article=article,
            url=version.url,
            title=version.title,
            summary=version.summary,
            iso_date=version.iso_date,
            date=shown,
            lang=lang,
            language_label="" if lang == page_lang else self._language_name(lang, page_lang),
        )
