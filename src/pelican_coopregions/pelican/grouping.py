"""Articles -> per-language listings: one pass over the articles, no scans per region.

The unit listed is a *story*: an article with its translations. A story's places are the union
of what its versions name (so metadata written once, on the original, is enough), widened by
rollup to every containing region and federation. For each page language a story shows its
version in that language, else its original (labelled) or nothing, as settings say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..core.metadata import ArticleRefs
from ..core.registry import Registry
from .content_languages import ContentLanguages

Places = tuple[tuple[str, ...], tuple[str, ...], frozenset[str], frozenset[str]]


@dataclass(frozen=True, slots=True)
class Story:
    """An original article and its translations, with where it belongs.

    ``versions`` maps a page language to the version shown there; ``members`` is every
    version, the original first. ``own_regions`` and ``own_organizations`` are the places
    the story is about as such: named, and containing nothing else it names (with rollup, a
    story about Venezuela is South America's through Venezuela, not its own).
    """

    original: Any
    versions: dict[str, Any]
    members: tuple[Any, ...]
    regions: tuple[str, ...]
    organizations: tuple[str, ...]
    own_regions: frozenset[str] = frozenset()
    own_organizations: frozenset[str] = frozenset()

    def version(self, lang: str, fallback: Literal["original", "skip"]) -> Any | None:
        shown = self.versions.get(lang)
        if shown is None and fallback == "original":
            return self.original
        return shown


@dataclass(slots=True)
class Listings:
    """One language's article lists, newest first, keyed by region or organization slug."""

    lang: str
    by_region: dict[str, list[Any]] = field(default_factory=dict)
    by_organization: dict[str, list[Any]] = field(default_factory=dict)
    # The stories about the place as such (see Story.own_regions), for capped listings.
    own_by_region: dict[str, list[Any]] = field(default_factory=dict)
    own_by_organization: dict[str, list[Any]] = field(default_factory=dict)
    # With COOPREGIONS_YEAR_ARCHIVES: each listing split by year (see by_year).
    years_by_region: dict[str, dict[int, list[Any]]] = field(default_factory=dict)
    years_by_organization: dict[str, dict[int, list[Any]]] = field(default_factory=dict)


def places(
    registry: Registry,
    refs: Iterable[ArticleRefs],
    *,
    rollup: bool,
    infer_from_organizations: bool,
) -> Places:
    """Region and organization slugs a story is listed under, in a stable order, and those
    it is about as such (named and containing nothing else it names)."""
    regions: dict[str, None] = {}
    organizations: dict[str, None] = {}
    named_regions: set[str] = set()
    named_organizations: set[str] = set()
    containers: dict[str, None] = {}
    federations: set[str] = set()
    for ref in refs:
        named = [*ref.regions, *ref.countries]
        for organization in ref.organizations:
            organizations[organization.slug] = None
            named_organizations.add(organization.slug)
            parent = registry.federation_of(organization)
            while parent is not None and parent.slug not in federations:
                federations.add(parent.slug)
                if rollup:
                    organizations[parent.slug] = None
                parent = registry.federation_of(parent)
            country = registry.country_of(organization)
            if infer_from_organizations and country is not None:
                named.append(country)
        for region in named:
            regions[region.slug] = None
            named_regions.add(region.slug)
            ancestors = registry.containing(region, containers)
            if rollup:
                regions.update(dict.fromkeys(ancestors))
    return (
        tuple(regions),
        tuple(organizations),
        frozenset(named_regions - containers.keys()),
        frozenset(named_organizations - federations),
    )


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


def group(
    stories: Sequence[Story],
    languages: Sequence[str],
    fallback: Literal["original", "skip"],
    *,
    years: bool = False,
) -> dict[str, Listings]:
    """Distribute every story to its regions and organizations, once per language; with
    ``years``, split each listing by year too (once here, not once per page)."""
    ordered = newest_first(stories)
    listings = {lang: Listings(lang) for lang in languages}
    for lang, listing in listings.items():
        for story in ordered:
            shown = story.version(lang, fallback)
            if shown is None:
                continue
            for slug in story.regions:
                listing.by_region.setdefault(slug, []).append(shown)
            for slug in story.organizations:
                listing.by_organization.setdefault(slug, []).append(shown)
            for slug in story.own_regions:
                listing.own_by_region.setdefault(slug, []).append(shown)
            for slug in story.own_organizations:
                listing.own_by_organization.setdefault(slug, []).append(shown)
        if years:
            listing.years_by_region = {
                slug: by_year(items) for slug, items in listing.by_region.items()
            }
            listing.years_by_organization = {
                slug: by_year(items) for slug, items in listing.by_organization.items()
            }
    return listings


def capped(articles: list[Any], own: list[Any], limit: int | None) -> tuple[list[Any], int | None]:
    """A container's listing that does not repeat its sub-regions' (or members') without end.

    Everything up to ``limit`` entries, newest first; after that only ``own``, the stories
    about the place as such, which no sub-region's page lists (both lists newest first, ``own``
    a part of ``articles``). Returns the listing and where its second part starts, ``None``
    when nothing was left out.
    """
    if limit is None or len(articles) <= limit:
        return articles, None
    newest = articles[:limit]
    shown = {id(article) for article in newest}
    older = [article for article in own if id(article) not in shown]
    if len(newest) + len(older) == len(articles):
        return articles, None
    return newest + older, limit
