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

    def region_articles(self, slug: str) -> list[Any]:
        return self.listings.by_region.get(slug, [])

    def organization_articles(self, slug: str) -> list[Any]:
        return self.listings.by_organization.get(slug, [])

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


def owner(term: Term[Any]) -> str:
    """How messages name a page: ``region 'Peru' (es)``."""
    kind = "region" if isinstance(term, RegionTerm) else "organization"
    return f"{kind} {term.record.name()!r} ({term.lang})"


def feeds(term: Term[Any], articles: list[Any]) -> Iterator[tuple[str, str, str]]:
    """The page's feeds, written only when it has articles: (type, path, setting)."""
    if not articles:
        return
    for feed_type, path in (("atom", term.feed_atom), ("rss", term.feed_rss)):
        if path:
            yield feed_type, path, term.setting_name(f"FEED_{feed_type.upper()}")


def _term_outputs(term: Term[Any], articles: list[Any]) -> Iterator[Output]:
    for _, path, setting in feeds(term, articles):
        yield Output(path, f"the feed of {owner(term)}", setting)
    if term.save_as:  # an empty *_SAVE_AS switches these pages off, as in Pelican
        yield Output(term.save_as, owner(term), term.setting_name("SAVE_AS"), paginated=True)


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
                yield from _term_outputs(term, language.region_articles(region.slug))
        indexes = ["regions"] + (["organizations"] if registry.organizations else [])
        for org in registry.organizations:
            if language.has_page("organization", org.slug, options):
                term_ = language.organizations[org.slug]
                yield from _term_outputs(term_, language.organization_articles(org.slug))
        for kind in indexes:
            setting, path = index_path(
                settings, kind, "SAVE_AS", lang, default_lang, language.words
            )
            if path:
                yield Output(path, f"the {kind} index ({lang})", setting)
