"""The build model: what a site's articles and data files make, before any page is planned.

Made once per build (:func:`build_model`) from Pelican's articles: the page languages, the
registry, every article's references and the bad values among them, the stories, and per
language the terms of every kind and their listings, keyed by (taxonomy, slug). The plan
(:mod:`.plan`), the validation of its output (:mod:`.validation`), incremental output and the
renderer all read this one model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pelican.paginator import Paginator

from ..core.metadata import NO_REFS, ArticleRefs, Problem, merge_refs
from ..core.registry import Registry
from .content_languages import ContentLanguages
from .metadata import read_metadata
from .settings import PluginSettings, page_languages
from .stories import Places, Story, by_year, capped, newest_first, stories
from .taxonomies import Taxonomy, TermKey
from .terms import Term


@dataclass(slots=True)
class Listing:
    """One term's listing in one language: the versions shown, newest first, and among them
    the stories about the term as such (``own``); both by year on demand."""

    articles: list[Any] = field(default_factory=list)
    own: list[Any] = field(default_factory=list)
    _years: dict[int, list[Any]] | None = None
    _own_years: dict[int, list[Any]] | None = None

    def years(self) -> dict[int, list[Any]]:
        """The listing by year, newest first."""
        if self._years is None:
            self._years = by_year(self.articles)
        return self._years

    def own_years(self) -> dict[int, list[Any]]:
        if self._own_years is None:
            self._own_years = by_year(self.own)
        return self._own_years


@dataclass(slots=True)
class LanguagePages:
    """One page language: its URL words, every term and the listings of those with articles."""

    lang: str
    words: dict[str, str]
    terms: dict[TermKey, Term]
    listings: dict[TermKey, Listing]

    def listing(self, key: TermKey) -> Listing:
        found = self.listings.get(key)
        return found if found is not None else Listing()


Shown = tuple[tuple[Any, ...], int | None]  # a page's entries, where its rollup stops


def per_page(settings: Mapping[str, Any], template: str) -> int | None:
    """How many entries a page of ``template`` lists (``None``: all on one page), as Pelican's
    writer paginates it."""
    found = settings["PAGINATED_TEMPLATES"].get(template) or settings.get("DEFAULT_PAGINATION")
    return int(found) if found else None


def rollup_limit(settings: Mapping[str, Any], options: PluginSettings, template: str) -> int | None:
    """How many entries of a container's listing list everything (``None``: all of them)."""
    size = per_page(settings, template)
    if not (options.rollup and options.rollup_pages and size):
        return None
    return int(options.rollup_pages * size)


def shown(articles: list[Any], own: list[Any], has_parts: bool, limit: int | None) -> Shown:
    """What a listing page shows: everything, or for a term with parts the capped listing
    (:func:`.stories.capped`)."""
    if not has_parts:
        return tuple(articles), None
    listing, end = capped(articles, own, limit)
    return tuple(listing), end


@dataclass(slots=True)
class BuildModel:
    """Everything a build's pages are made of (see the module's docstring)."""

    settings: Mapping[str, Any]
    options: PluginSettings
    default_lang: str
    registry: Registry
    taxonomies: dict[str, Taxonomy]
    languages: dict[str, LanguagePages]
    refs: dict[int, ArticleRefs]
    problems: list[Problem]
    stories: list[Story]
    _shown: dict[tuple[str, TermKey], Shown] = field(default_factory=dict)
    _year_pages: dict[tuple[str, TermKey], bool] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        """The page languages, ``DEFAULT_LANG`` first."""
        return tuple(self.languages)

    def records(self, taxonomy: Taxonomy) -> Sequence[Any]:
        return taxonomy.records(self.registry)

    def has_page(self, lang: str, key: TermKey) -> bool:
        """Terms with articles get a page; those without, as the kind's empty-page policy says
        (COOPREGIONS_EMPTY_REGIONS, COOPREGIONS_EMPTY_ORGANIZATIONS)."""
        taxonomy = self.taxonomies[key[0]]
        return (
            taxonomy.empty_pages(self.options) == "render" or key in self.languages[lang].listings
        )

    def page_listing(self, lang: str, key: TermKey) -> Shown:
        """The entries of the term's page in ``lang`` (:func:`shown`), worked out once."""
        found = self._shown.get((lang, key))
        if found is None:
            taxonomy = self.taxonomies[key[0]]
            record = self.languages[lang].terms[key].record
            listing = self.languages[lang].listing(key)
            found = self._shown[(lang, key)] = shown(
                listing.articles,
                listing.own,
                bool(taxonomy.parts(self.registry, record)),
                rollup_limit(self.settings, self.options, taxonomy.name),
            )
        return found

    def year_pages(self, lang: str, key: TermKey) -> bool:
        """Whether the term's years get pages of their own in ``lang``.

        ``COOPREGIONS_YEAR_ARCHIVES = "paginated"``: only where they help a reader, when the
        term's listing runs past one page (or it has no page of its own); a listing on one
        page has its years as headings instead (:meth:`year_url`). ``"all"``: every term.
        """
        mode = self.options.year_archives
        if mode != "paginated":
            return mode == "all"
        found = self._year_pages.get((lang, key))
        if found is None:
            term = self.languages[lang].terms[key]
            articles = self.page_listing(lang, key)[0]
            size = per_page(self.settings, key[0])
            found = self._year_pages[(lang, key)] = not term.save_as or (
                Paginator(term.save_as, term.url, articles, self.settings, size).num_pages > 1
            )
        return found

    def has_year_page(self, lang: str, key: TermKey, year: int) -> bool:
        """Whether the term has a page for ``year`` in ``lang``: year pages for it
        (:meth:`year_pages`), articles that year, and a year path (an empty
        ``*_YEAR_SAVE_AS`` switches them off)."""
        if not self.year_pages(lang, key):
            return False
        language = self.languages[lang]
        return year in language.listing(key).years() and bool(
            language.terms[key].year_path("SAVE_AS", year)
        )

    def year_url(self, lang: str, key: TermKey, year: int) -> str | None:
        """Where a link to the term's articles of ``year`` goes: its year page, else the year's
        heading in the term's own listing (``regions/peru/#2022``) when that lists them on one
        page; ``None`` when neither exists (an empty ``*_YEAR_SAVE_AS`` switches both off)."""
        language = self.languages[lang]
        term = language.terms[key]
        if self.has_year_page(lang, key, year):
            return term.year_path("URL", year)
        if (
            self.options.year_archives == "paginated"
            and not self.year_pages(lang, key)
            and year in language.listing(key).years()
            and term.year_path("SAVE_AS", year)
        ):
            return f"{term.url}#{year}"
        return None


def places(
    registry: Registry,
    taxonomies: Sequence[Taxonomy],
    options: PluginSettings,
    refs: Iterable[ArticleRefs],
) -> Places:
    """The terms a story is listed under, in a stable order, and those it is about as such
    (named, and containing nothing else it names)."""
    listed: dict[TermKey, None] = {}
    named: set[TermKey] = set()
    containing: dict[str, dict[str, None]] = {taxonomy.name: {} for taxonomy in taxonomies}
    for ref in refs:
        for taxonomy in taxonomies:
            known = containing[taxonomy.name]
            for record in taxonomy.named(registry, ref, options):
                key = (taxonomy.name, record.slug)
                listed[key] = None
                named.add(key)
                up = taxonomy.containers(registry, record, known)
                if options.rollup:
                    listed.update(dict.fromkeys((taxonomy.name, slug) for slug in up))
    containers = {(name, slug) for name, slugs in containing.items() for slug in slugs}
    return tuple(listed), frozenset(named - containers)


def group(
    found: Sequence[Story], languages: Sequence[str], fallback: Literal["original", "skip"]
) -> dict[str, dict[TermKey, Listing]]:
    """Distribute every story to its terms, once per language."""
    ordered = newest_first(found)
    grouped: dict[str, dict[TermKey, Listing]] = {}
    for lang in languages:
        listings = grouped[lang] = {}
        for story in ordered:
            shown = story.version(lang, fallback)
            if shown is None:
                continue
            for key in story.listed:
                listing = listings.get(key)
                if listing is None:
                    listing = listings[key] = Listing()
                listing.articles.append(shown)
            for key in story.own:
                listings[key].own.append(shown)
    return grouped


def build_model(
    settings: Mapping[str, Any],
    options: PluginSettings,
    taxonomies: Sequence[Taxonomy],
    contents: Sequence[Any],
    originals: Iterable[Any],
    registry_for: Callable[[Sequence[str]], Registry],
) -> BuildModel:
    """The model of a site: ``contents`` is every article (all statuses, translations
    included), ``originals`` the published originals as Pelican linked them, ``registry_for``
    gives the registry for the languages names may be written in."""
    languages = ContentLanguages(settings)
    default_lang = languages.fallback
    originals = list(originals)
    # Drafts and hidden articles are checked, but never make a language of their own.
    published = {
        languages.of(version) for story in originals for version in (story, *story.translations)
    }
    codes = page_languages(options, settings, published)
    registry = registry_for(languages.lookup_languages(codes, contents))
    refs, problems = read_metadata(registry, contents, settings)
    found = stories(
        originals,
        languages,
        lambda members: places(
            registry, taxonomies, options, (refs.get(id(member), NO_REFS) for member in members)
        ),
    )
    for story in found:
        # A translation that names nothing shows what its story names (written once).
        bare = [member for member in story.members if not refs.get(id(member))]
        if bare:
            merged = merge_refs(refs.get(id(member), NO_REFS) for member in story.members)
            refs.update((id(member), merged) for member in bare)
    grouped = group(found, codes, options.translation_fallback)
    plurals = tuple(taxonomy.plural for taxonomy in taxonomies)
    pages = {}
    for lang in codes:
        words = options.url_words_for(lang, plurals)
        terms = {
            (taxonomy.name, record.slug): Term(
                taxonomy, record, settings, lang, default_lang, words
            )
            for taxonomy in taxonomies
            for record in taxonomy.records(registry)
        }
        pages[lang] = LanguagePages(lang, words, terms, grouped[lang])
    return BuildModel(
        settings,
        options,
        default_lang,
        registry,
        {taxonomy.name: taxonomy for taxonomy in taxonomies},
        pages,
        refs,
        problems,
        found,
    )
