"""What a build writes, and where: every page, feed and index of every language.

The page writer writes these pages; :mod:`.validation` checks their paths first, before
anything is written (inside OUTPUT_PATH, no two the same, none that Pelican writes, names the
file system accepts). One description of the output, so the build and ``coopregions check``
cannot disagree about it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..core.registry import Registry
from .grouping import Listings
from .settings import PluginSettings
from .taxonomy import OrganizationTerm, RegionTerm, Term, index_path


@dataclass(slots=True)
class Language:
    """Everything one language's pages need: terms and listings."""

    lang: str
    regions: dict[str, RegionTerm]
    organizations: dict[str, OrganizationTerm]
    listings: Listings
    words: dict[str, str]  # {regions} and {organizations} in this language's URLs

    def articles(self, kind: str, slug: str) -> list[Any]:
        return self.region_articles(slug) if kind == "region" else self.organization_articles(slug)

    def region_articles(self, slug: str) -> list[Any]:
        return self.listings.by_region.get(slug, [])

    def organization_articles(self, slug: str) -> list[Any]:
        return self.listings.by_organization.get(slug, [])

    def years(self, kind: str, slug: str) -> dict[int, list[Any]]:
        """A page's listing by year, newest first (empty unless COOPREGIONS_YEAR_ARCHIVES)."""
        listings = self.listings
        found = listings.years_by_region if kind == "region" else listings.years_by_organization
        return found.get(slug, {})

    def has_page(self, kind: str, slug: str, options: PluginSettings) -> bool:
        """Pages with articles are written; empty ones as COOPREGIONS_EMPTY_* say."""
        if kind == "region":
            articles, empty = self.region_articles(slug), options.empty_regions
        else:
            articles, empty = self.organization_articles(slug), options.empty_organizations
        return empty == "render" or bool(articles)


@dataclass(frozen=True, slots=True)
class Output:
    """One file a build writes: its path as the setting gives it, who writes it and why."""

    path: str
    owner: str
    setting: str
    paginated: bool = False


def kind_of(term: Term[Any]) -> str:
    return "region" if isinstance(term, RegionTerm) else "organization"


def owner(term: Term[Any], year: int | None = None) -> str:
    """How messages name a page: ``region 'Peru' (es)``, ``region 'Peru', 2022 (es)``."""
    of_year = "" if year is None else f", {year}"
    return f"{kind_of(term)} {term.record.name()!r}{of_year} ({term.lang})"


def year_pages(term: Term[Any], language: Language) -> Iterator[tuple[int, str, list[Any]]]:
    """The term's year pages: (year, output path, articles), newest year first; none when
    COOPREGIONS_YEAR_ARCHIVES is off (no years grouped) or its *_YEAR_SAVE_AS is empty."""
    for year, articles in language.years(kind_of(term), term.record.slug).items():
        path = term.year_path("SAVE_AS", year)
        if path:
            yield year, path, articles


def has_year_page(term: Term[Any], language: Language, year: int) -> bool:
    """Whether :func:`year_pages` writes the term's page of ``year``."""
    return year in language.years(kind_of(term), term.record.slug) and bool(
        term.year_path("SAVE_AS", year)
    )


def feeds(term: Term[Any], articles: list[Any]) -> Iterator[tuple[str, str, str]]:
    """The page's feeds, written only when it has articles: (type, path, setting)."""
    if not articles:
        return
    for feed_type, path in (("atom", term.feed_atom), ("rss", term.feed_rss)):
        if path:
            yield feed_type, path, term.setting_name(f"FEED_{feed_type.upper()}")


def _term_outputs(term: Term[Any], language: Language) -> Iterator[Output]:
    articles = language.articles(kind_of(term), term.record.slug)
    for _, path, setting in feeds(term, articles):
        yield Output(path, f"the feed of {owner(term)}", setting)
    if term.save_as:  # an empty *_SAVE_AS switches these pages off, as in Pelican
        yield Output(term.save_as, owner(term), term.setting_name("SAVE_AS"), paginated=True)
    setting = term.year_setting_name("SAVE_AS")
    for year, path, _ in year_pages(term, language):
        yield Output(path, owner(term, year), setting, paginated=True)


def outputs(
    languages: Mapping[str, Language],
    registry: Registry,
    settings: Mapping[str, Any],
    options: PluginSettings,
    default_lang: str,
) -> Iterator[Output]:
    """Every file the plugin's pages take, in the order the page writer writes them."""
    for language in languages.values():
        lang = language.lang
        for region in registry.regions:
            if language.has_page("region", region.slug, options):
                term = language.regions[region.slug]
                yield from _term_outputs(term, language)
        indexes = ["regions"] + (["organizations"] if registry.organizations else [])
        for org in registry.organizations:
            if language.has_page("organization", org.slug, options):
                term_ = language.organizations[org.slug]
                yield from _term_outputs(term_, language)
        for kind in indexes:
            setting, path = index_path(
                settings, kind, "SAVE_AS", lang, default_lang, language.words
            )
            if path:
                yield Output(path, f"the {kind} index ({lang})", setting)
