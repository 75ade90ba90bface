"""Pelican's articles as stories: an original with its translations, each listed once.

The unit a listing shows is a *story*: an article with its translations. A story's terms are
the union of what its versions name (so metadata written once, on the original, is enough),
widened by rollup to every containing term. For each page language a story shows its version
in that language, else its original (labelled) or nothing, as settings say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .content_languages import ContentLanguages
from .taxonomies import TermKey


@dataclass(frozen=True, slots=True)
class Story:
    """An original article and its translations, with where it belongs.

    ``versions`` maps a page language to the version shown there; ``members`` is every
    version, the original first. ``listed`` are the terms it is listed under; ``own`` those it
    is about as such: named, and containing nothing else it names (with rollup, a story about
    Venezuela is South America's through Venezuela, not its own).
    """

    original: Any
    versions: dict[str, Any]
    members: tuple[Any, ...]
    listed: tuple[TermKey, ...]
    own: frozenset[TermKey]

    def version(self, lang: str, fallback: Literal["original", "skip"]) -> Any | None:
        shown = self.versions.get(lang)
        if shown is None and fallback == "original":
            return self.original
        return shown


Places = tuple[tuple[TermKey, ...], frozenset[TermKey]]


def _source(content: Any) -> str:
    return str(content.source_path)


def stories(
    originals: Iterable[Any],
    languages: ContentLanguages,
    places_of: Callable[[Sequence[Any]], Places],
) -> list[Story]:
    """One story per group of translations, so each is listed (and counted) once.

    Pelican makes every version an original when none is in ``DEFAULT_LANG`` (a story in
    ``es`` and ``fr`` only): the first by source path then stands for the group.
    """
    found: list[Story] = []
    seen: set[int] = set()
    for original in sorted(originals, key=_source):
        if id(original) in seen:
            continue
        members = (original, *sorted(original.translations, key=_source))
        seen.update(id(member) for member in members)
        versions = by_language(members, languages)
        found.append(Story(original, versions, members, *places_of(members)))
    return found


def by_language(members: Sequence[Any], languages: ContentLanguages) -> dict[str, Any]:
    """Page language -> the version shown there, earlier members first.

    A version written in that very language wins over one whose ``Lang`` CLDR does not know
    and that only falls back to it.
    """
    versions: dict[str, Any] = {}
    for version in members:
        lang = languages.of(version)
        shown = versions.get(lang)
        if shown is None or (languages.own(version) and not languages.own(shown)):
            versions[lang] = version
    return versions


def newest_first(stories: Sequence[Story]) -> list[Story]:
    """Newest first; equal dates by source path, so two builds always agree."""
    by_source = sorted(stories, key=lambda story: str(story.original.source_path))
    return sorted(by_source, key=lambda story: story.original.date, reverse=True)


def by_year(articles: Iterable[Any]) -> dict[int, list[Any]]:
    """A listing split by the year of each entry's date (the version shown, as Pelican dated
    it), newest year first, each year's entries in the listing's order."""
    years: dict[int, list[Any]] = {}
    for article in articles:
        years.setdefault(article.date.year, []).append(article)
    return dict(sorted(years.items(), reverse=True))


def capped(articles: list[Any], own: list[Any], limit: int | None) -> tuple[list[Any], int | None]:
    """A container's listing that does not repeat its parts' (sub-regions', members') without
    end.

    Everything up to ``limit`` entries, newest first; after that only ``own``, the stories
    about the term as such, which no part's page lists (both lists newest first, ``own`` a
    part of ``articles``). Returns the listing and where its second part starts, ``None`` when
    nothing was left out.
    """
    if limit is None or len(articles) <= limit:
        return articles, None
    newest = articles[:limit]
    shown = {id(article) for article in newest}
    older = [article for article in own if id(article) not in shown]
    if len(newest) + len(older) == len(articles):
        return articles, None
    return newest + older, limit
