"""The generator: parse every article, group once, write every page through Pelican's Writer.

It runs after Pelican's own generators have read the content (``generate_context``) and
writes after them (``generate_output``). All state of a run lives on this instance: several
Pelican instances in one process (pelican-i18n-subsites) never share anything.

It works only for a site that uses the plugin (:func:`.validation.in_use`): Pelican
loads every installed plugin when ``PLUGINS`` is unset, and a site that names no place must
build exactly as without it.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from babel.support import NullTranslations
from jinja2 import FileSystemLoader
from markupsafe import escape
from pelican.generators import Generator
from pelican.writers import FileOverwriteFailedError

from ..core.dates import StrftimeFormat, format_date, format_year, name_and_year
from ..core.languages import babel_locale, language_name, site_default
from ..core.metadata import NO_REFS, ArticleRefs, Problem
from ..core.models import Organization, Region
from ..core.registry import Registry
from ..core.sorting import Collation
from ..core.tree import index_tree
from ..core.worldmap import WorldMap
from . import plan, validation
from .cached_keys import load_keys, save_keys
from .content_languages import ContentLanguages
from .coverage import Coverage, LanguageCoverage
from .failure import CoopRegionsError, stop_cleanly
from .grouping import by_year, capped
from .i18n import install_gettext, load_catalogs, site_translations
from .incremental import Feed, Incremental, Output
from .jsonld import CollectionJsonLd, absolute, organization, place
from .listed import ListedArticles
from .menu import MENU_KEY, build_menu
from .moved import log_moved_pages
from .plan import Language
from .settings import INDEX_KINDS, PREFIX, URL_WORDS, PluginSettings, load_settings, page_languages
from .taxonomy import OrganizationTerm, RegionTerm, Term, index_path
from .titles import PageTitle, head_block, theme_sources

logger = logging.getLogger(__name__)

FEED_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
# Lenient builds log this many bad values, then one line with the total.
LENIENT_WARNINGS = 10
# A breadcrumb shows at most this many links: World and the nearest regions above the page.
BREADCRUMB_LINKS = 8
# The plugin's page templates, and the variables of the site's context that every page of
# the template is given a value of its own for (incremental output need not read the site's).
PAGE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "region": ("articles", "dates"),
    "organization": ("articles", "dates"),
    "region_year": ("articles", "dates"),
    "organization_year": ("articles", "dates"),
    "regions": (),
    "organizations": (),
}

TEMPLATES = Path(str(files(__package__) / "templates"))


def _autoescape(template_name: str | None) -> bool:
    """The plugin's partials escape by default; region.html & co. say so in their blocks.

    Deciding by name alone would also switch escaping on for a theme's own region.html.
    """
    return bool(template_name and template_name.startswith("coopregions/"))


@dataclass(frozen=True, slots=True)
class Entry:
    """A region or organization shown in a list: its term, article count, depth, page or not."""

    term: Term[Any]
    count: int
    depth: int = 0
    has_page: bool = True
    year_url: str = ""  # in a year page's rollup note: the same year's page of this part

    @property
    def url(self) -> str:
        """Where a link to it goes: its page, or in a year page the same year's page."""
        return self.year_url or self.term.url


@dataclass(frozen=True, slots=True)
class YearLink:
    """One year of a region's or organization's articles as its pages link it: "2022 (9)",
    the year as CLDR writes years and the count as Babel writes numbers, in the page's
    language."""

    year: int
    label: str
    count: int
    count_label: str
    url: str


@dataclass(frozen=True, slots=True)
class Parts:
    """What a place contains, for its page and its year pages: the sub-regions (or member
    organizations) with articles, in the page language's order, and the stories about the
    place as such (``None`` for a place that contains nothing: its listing is never capped),
    also by year."""

    entries: list[Entry]
    own: list[Any] | None
    own_by_year: dict[int, list[Any]]


@dataclass(frozen=True, slots=True)
class _TermPages:
    """What a term's page and its year pages share: its year links and its parts."""

    term: Term[Any]
    links: list[YearLink]
    parts: Parts


EVERY_STATUS = ("articles", "hidden_articles", "drafts")


def _contents(context: dict[str, Any], keys: Iterable[str]) -> Iterator[Any]:
    """Every article Pelican read under ``keys``, originals and translations, each once.

    Once: in a story without a version in ``DEFAULT_LANG``, Pelican makes every version an
    original, each with the others as translations.
    """
    seen: set[int] = set()
    for key in keys:
        for original in context.get(key, ()):
            for content in (original, *original.translations):
                if id(content) not in seen:
                    seen.add(id(content))
                    yield content


class CoopRegionsGenerator(Generator):  # type: ignore[misc]
    """Region and organization pages, their indexes and feeds, in every configured language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options: PluginSettings = load_settings(self.settings)
        self.default_lang: str = site_default(self.settings.get("DEFAULT_LANG"))
        self.content_languages = ContentLanguages(self.settings)
        self.env.loader.loaders.append(FileSystemLoader(str(TEMPLATES)))
        self.env.autoescape = _autoescape
        self.env.auto_reload = False
        self.languages: dict[str, Language] = {}
        self.catalogs: dict[str, NullTranslations] = {}
        self._language_names: dict[tuple[str, str], str] = {}
        self.listed = ListedArticles(
            self.options.date_format_for, self.content_languages.of, self.language_name
        )
        self._strftime_formats: dict[str, StrftimeFormat | None] = {}
        self._locales: dict[str, Locale] = {}  # Babel's, by tag: built once, not once a date
        self.collation = Collation()
        self._learnt_keys: int | None = None  # sort keys from the last build (cached_keys)
        self.registry: Registry | None = None
        self.stopped = False
        # Generators are made before any content is read: a site with data files has them
        # read and its names sorted now, so bad data stops the build early and the collation
        # table is gone before articles fill memory. Without data files the built-in world
        # is loaded only when an article names a place.
        if self.options.regions_file or self.options.organizations_file:
            with stop_cleanly(self._skip_pages):
                self.registry = self._registry_for(page_languages(self.options, self.settings, ()))

    def _skip_pages(self) -> None:
        """This run writes none of the plugin's pages (a reported error under autoreload)."""
        self.stopped = True
        self.languages = {}
        self.context.pop(MENU_KEY, None)  # nothing to link to

    def language_name(self, tag: str, in_tag: str) -> str:
        """:func:`~..core.languages.language_name`, looked up once per pair in a build."""
        name = self._language_names.get((tag, in_tag))
        if name is None:
            name = self._language_names[(tag, in_tag)] = language_name(tag, in_tag)
        return name

    def _names(self, registry: Registry) -> Iterator[tuple[str, str]]:
        for lang in registry.languages:
            for record in (*registry.regions, *registry.organizations):
                yield record.name(lang), lang

    # Context -----------------------------------------------------------------------------

    def _registry_for(self, languages: Sequence[str]) -> Registry:
        """The registry for names in ``languages``: the one loaded already, if it has them."""
        registry = self.registry
        if registry is None or not set(languages) <= set(registry.languages):
            registry = self.registry = validation.load_registry(
                self.settings, self.options, languages
            )
            if self._learnt_keys is None:
                self._learnt_keys = load_keys(self.collation, self.settings)
            self.collation.prepare(self._names(registry))
        return registry

    def generate_context(self) -> None:
        if self.stopped:
            return
        with stop_cleanly(self._skip_pages):
            self._read_places()

    def _read_places(self) -> None:
        """Validate the content (:mod:`.validation`, as ``coopregions check`` does), then
        give every article its places and local dates."""
        contents = list(_contents(self.context, EVERY_STATUS))
        if not validation.in_use(self.settings, contents):
            return
        if not validation.settings_in_use(self.settings):  # else checked at start
            validation.pelican_date_formats(self.settings)
        if (unread := validation.unread_articles(self)) is not None:
            raise unread
        languages = self.content_languages
        languages.warn_unknown(contents)
        checked = validation.check_content(
            self.settings,
            self.options,
            contents,
            self.context.get("articles", ()),
            self._registry_for,
            validation.pelican_outputs(self.context, self.settings),
        )
        self._report(checked.problems)
        self._report_output(checked.output)
        self.languages = checked.languages
        for content in contents:
            self._attach(content, checked.refs.get(id(content), NO_REFS), languages.of(content))
        self.context["coopregions_languages"] = checked.codes
        self.catalogs = load_catalogs(checked.codes, site_translations(self.settings, self.options))
        for lang in checked.codes:
            if not self.options.has_url_words(lang):
                logger.info(
                    "pelican-coopregions has no URL words for %r: its pages use the English "
                    "ones (%s); set COOPREGIONS_URL_WORDS to choose them",
                    lang,
                    ", ".join(f"{{{key}}} = {word!r}" for key, word in URL_WORDS["en"].items()),
                )
        log_moved_pages(checked.registry, self.settings, checked.codes, self.default_lang)
        self.context[MENU_KEY] = build_menu(
            self.settings,
            self.default_lang,
            {lang: language.words for lang, language in self.languages.items()},
            self.catalogs,
            INDEX_KINDS if checked.registry.organizations else ("regions",),
            self.options.menuitems,
        )

    def _report(self, problems: list[Problem]) -> None:
        """Strict: every bad value as an error, then stop. Lenient: the first few as warnings
        and one line with the total (``coopregions check`` lists them all)."""
        if not self.options.strict:
            for problem in problems[:LENIENT_WARNINGS]:
                logger.warning("%s", problem)
            if len(problems) > LENIENT_WARNINGS:
                logger.warning(
                    "More metadata problems: %d more value(s) dropped, %d in all in %d file(s); "
                    "'coopregions check' lists every one",
                    len(problems) - LENIENT_WARNINGS,
                    len(problems),
                    len({problem.source for problem in problems}),
                )
            return
        for problem in problems:
            logger.error("%s", problem)
        if problems:
            files_count = len({problem.source for problem in problems})
            raise CoopRegionsError(
                f"{len(problems)} unknown region, country or organization value(s) in "
                f"{files_count} file(s), listed above. Fix them, or set "
                "COOPREGIONS_STRICT = False to publish the articles without those values."
            )

    def _report_output(self, problems: Sequence[validation.OutputProblem]) -> None:
        """Pages that cannot be written where their settings put them: always an error."""
        if len(problems) > 1:
            for problem in problems[1:]:
                logger.error("%s", problem)
            raise CoopRegionsError(
                f"{problems[0]} (and {len(problems) - 1} more output path problem(s), listed above)"
            )
        if problems:
            raise CoopRegionsError(str(problems[0]))

    def locale(self, lang: str) -> Locale:
        """Babel's locale of ``lang``, built once a build: building one is slow."""
        locale = self._locales.get(lang)
        if locale is None:
            locale = self._locales[lang] = babel_locale(lang)
        return locale

    def _local_date(self, content: Any, value: Any, lang: str) -> str | None:
        """``value`` as ``article.locale_date`` shows it in ``lang``; ``None``: keep Pelican's.

        With ``COOPREGIONS_DATE_FORMAT`` set, that format. Otherwise the article's own Pelican
        format (``content.date_format``: Pelican's pick from ``DATE_FORMATS``, a ``date_format``
        field or ``DEFAULT_DATE_FORMAT``, its locale already dropped) read as Pelican reads
        it, with words from CLDR; a format Pelican itself cannot use leaves its text alone.
        """
        locale = self.locale(lang)
        if f"{PREFIX}DATE_FORMAT" in self.settings:
            return format_date(value, lang, self.options.date_format_for(lang), locale)
        own = getattr(content, "date_format", None)
        if not isinstance(own, str):
            return None
        if own not in self._strftime_formats:
            self._strftime_formats[own] = StrftimeFormat.parse(own)
        parsed = self._strftime_formats[own]
        return parsed.format(value, lang, locale) if parsed else None

    def _attach(self, content: Any, refs: ArticleRefs, lang: str) -> None:
        """Give templates ``article.regions``/``countries``/``organizations`` and local dates.

        ``lang`` is the language the article counts as; its terms are those of the default
        language when ``lang`` has no pages (a draft's language, or one the setting leaves out).
        """
        language = self.languages.get(lang) or self.languages[self.default_lang]
        # Like Pelican's ``article.tags``, a field is an attribute only when the article has
        # it: adding empty attributes to every article would grow each one's __dict__ (about
        # 2 KB an article at 10,000 articles). A field Pelican already set (as raw text) is
        # always replaced.
        attributes = vars(content)
        for name, terms in (
            ("regions", [language.regions[r.slug] for r in refs.regions]),
            ("countries", [language.regions[r.slug] for r in refs.countries]),
            ("organizations", [language.organizations[o.slug] for o in refs.organizations]),
        ):
            if terms or name in attributes:
                setattr(content, name, tuple(terms))
        if self.options.localize_article_dates:
            for attribute, field in (("locale_date", "date"), ("locale_modified", "modified")):
                value = getattr(content, field, None)
                shown = self._local_date(content, value, lang) if value else None
                if shown is not None:
                    setattr(content, attribute, shown)

    # Output ------------------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        if self.registry is None or not self.languages:  # not in use, or stopped
            return
        catalogs = self.catalogs
        install_gettext(self.env, catalogs, self.default_lang)
        theme = tuple(theme_sources(self.env))  # read once: the title and the head block
        title = PageTitle.for_theme(theme, self.options.page_title, self.settings)
        self.env.globals["coopregions_head"] = head_block(theme)
        written = validation.OutputPaths(self.output_path)
        incremental = Incremental(
            self.settings,
            self.context,
            self.env,
            (ListedArticles, type(self)),
        )
        incremental.share(PAGE_TEMPLATES, self._structure)
        coverage = Coverage(WorldMap.load(), self.registry) if self.options.map else None
        with stop_cleanly(self._skip_pages), Output(incremental, writer, self) as output:
            writers = [
                PageWriter(
                    self,
                    output,
                    self.registry,
                    language,
                    title,
                    written,
                    LanguageCoverage(
                        coverage,
                        language.lang,
                        language.regions,
                        language.listings.by_region,
                        catalogs[language.lang],
                    )
                    if coverage is not None
                    else None,
                )
                for language in self.languages.values()
            ]
            # Feeds first, all languages: an article's entry is built once for all its feeds.
            feeds = [(page_writer, feed) for page_writer in writers for feed in page_writer.feeds()]
            wanted = {id(feed) for feed in output.plan([feed for _, feed in feeds])}
            for page_writer, feed in feeds:
                if id(feed) in wanted:
                    with page_writer.into(feed.path, feed.owner, feed.setting):
                        output.feed(feed)
            for page_writer in writers:
                page_writer.write_all()
        save_keys(self.collation, self.settings, self._learnt_keys or 0)

    def _structure(self) -> bytes:
        """What every page's variables are made of besides its own articles: the regions and
        organizations, the languages, and how many articles each place lists in each (for
        :class:`~.incremental.Incremental`'s quick digest)."""
        assert self.registry is not None
        # Every field (a record's own repr names the place only): a description read by the
        # year pages of a region no article names is part of what they are made from.
        places = [
            repr(record.model_dump())
            for record in (*self.registry.regions, *self.registry.organizations)
        ]
        counts = [
            (lang, sorted((slug, len(items)) for slug, items in lists.items()))
            for lang, language in self.languages.items()
            for lists in (
                language.listings.by_region,
                language.listings.by_organization,
                language.listings.own_by_region,
                language.listings.own_by_organization,
            )
        ]
        # A year page links its neighbours: how many articles each place has in each year.
        years = [
            (
                lang,
                sorted(
                    (slug, [(year, len(items)) for year, items in by_year.items()])
                    for slug, by_year in lists.items()
                ),
            )
            for lang, language in self.languages.items()
            for lists in (
                language.listings.years_by_region,
                language.listings.years_by_organization,
            )
        ]
        return repr((self.default_lang, places, counts, years)).encode()


class PageWriter:
    """Writes one language's pages; ``written`` spans languages to catch clashing paths."""

    def __init__(
        self,
        generator: CoopRegionsGenerator,
        output: Output,
        registry: Registry,
        language: Language,
        title: PageTitle,
        written: validation.OutputPaths,
        maps: LanguageCoverage | None = None,
    ) -> None:
        self.generator = generator
        self.output = output
        self.maps = maps
        self.language = language
        self.lang = language.lang
        self.title = title
        self.written = written
        self.registry = registry
        self.options = generator.options
        self.settings = generator.settings
        self.site_url: str = self.settings.get("SITEURL", "")
        self.sort_key = generator.collation.key
        self.locale = generator.locale(self.lang)
        # Article counts as this language writes numbers, years as it writes years.
        self._numbers: dict[int, str] = {}
        self._year_labels: dict[int, str] = {}
        self._last: _TermPages | None = None

    # What gets a page --------------------------------------------------------------------

    def has_page(self, kind: str, slug: str, language: Language | None = None) -> bool:
        return (language or self.language).has_page(kind, slug, self.options)

    # Writing -----------------------------------------------------------------------------

    def write_all(self) -> None:
        """Every page of this language; those as last written are skipped before their
        variables are made (incremental output)."""
        for region in self.registry.regions:
            if not self.has_page("region", region.slug):
                continue
            term = self.language.regions[region.slug]
            if not self._unchanged(term.save_as, self.language.region_articles(region.slug)):
                self.write_region(term)
            self.write_years(term)
        if not self._unchanged_index("regions"):
            self.write_regions_index()
        for org in self.registry.organizations:
            if not self.has_page("organization", org.slug):
                continue
            term_ = self.language.organizations[org.slug]
            if not self._unchanged(term_.save_as, self.language.organization_articles(org.slug)):
                self.write_organization(term_)
            self.write_years(term_)
        if self.registry.organizations and not self._unchanged_index("organizations"):
            self.write_organizations_index()

    # A page skipped this way claims no path: it is skipped only when no region, organization
    # or setting changed, so every path is the one it had in the last build, without clashes.

    def _unchanged(self, path: str, articles: list[Any]) -> bool:
        return self.output.skipping and self.output.unchanged(path, articles)

    def _unchanged_index(self, kind: str) -> bool:
        path = self._index_path(kind, "SAVE_AS", self.lang)[1]
        return self.output.skipping and self.output.unchanged(path, ())

    @contextmanager
    def into(
        self, path: str, owner: str, setting: str, *, paginated: bool = False
    ) -> Iterator[str]:
        """Claim ``path`` (checked before anything was written: this is the last line) and
        write there; a file the site already wrote is our error, which names the setting to
        change (Pelican's writes before ours, and refuses to overwrite)."""
        normal = self.written.claim(path, owner, setting, paginated=paginated)
        try:
            yield normal
        except FileOverwriteFailedError:
            # Pelican's own pages were refused before anything was written: this is a
            # static file, a page of another plugin or of an incomplete set-up.
            raise CoopRegionsError(
                f"{owner} would be written to {normal!r}, where Pelican or another plugin "
                f"already wrote a file; change {setting}"
            ) from None

    def _alternates(self, kind: str, slug: str, year: int | None = None) -> list[dict[str, str]]:
        """The page in every language that has it; a year page, the same year's."""
        alternates = []
        for language in self.generator.languages.values():
            term: Term[Any] = (
                language.regions[slug] if kind == "region" else language.organizations[slug]
            )
            if language.lang != self.lang and not (
                self.has_page(kind, slug, language)
                if year is None
                else plan.has_year_page(term, language, year)
            ):
                continue
            alternates.append(
                {
                    "lang": language.lang,
                    "url": term.url if year is None else term.year_path("URL", year),
                    "name": str(term.name),
                    "language_name": self.generator.language_name(language.lang, language.lang),
                }
            )
        return alternates

    def _write_listing(
        self,
        term: Term[Any],
        template_name: str,
        articles: list[Any],
        about: dict[str, Any],
        own: list[Any] | None = None,
        **extra: Any,
    ) -> None:
        """A region's or organization's page. ``own``: for one that contains others, the
        stories about it as such; its listing stops repeating the others' after
        COOPREGIONS_ROLLUP_PAGES pages (the feeds still list every article)."""
        if not term.save_as:  # an empty *_SAVE_AS switches these pages off, as in Pelican
            return
        listing, rollup_end = articles, None
        if own is not None:
            listing, rollup_end = capped(articles, own, self._rollup_limit(template_name))
        page_jsonld = CollectionJsonLd(
            name=str(term.name),
            url=absolute(self.site_url, term.url),
            lang=self.lang,
            about=about,
            site_url=self.site_url,
            listed=self.generator.listed,
        )
        owner, setting = plan.owner(term), term.setting_name("SAVE_AS")
        with self.into(term.save_as, owner, setting, paginated=True) as save_as:
            self.output.page(
                save_as,
                template_name,
                term.url,
                # A page without articles (an organization's profile) is a single page.
                {"articles": listing, "dates": listing} if listing else {},
                articles,
                page_name=term.page_name,
                articles=listing,
                dates=listing,
                rollup_end=rollup_end,
                lang=self.lang,
                alternates=self._alternates(template_name, term.record.slug),
                page_jsonld=page_jsonld,
                page_title=self.title,
                listed=self.generator.listed,
                language_name=self.generator.language_name,
                feeds=[
                    {"url": feed.path, "type": FEED_TYPES[feed.feed_type], "kind": feed.feed_type}
                    for feed in self._feeds_of(term, articles)
                ],
                years=self._shared(term).links,
                **{template_name: term},
                **extra,
            )

    # Year pages ----------------------------------------------------------------------------

    def _number(self, number: int, cache: dict[int, str], write: Callable[[int], str]) -> str:
        shown = cache.get(number)
        if shown is None:
            shown = cache[number] = write(number)
        return shown

    def _shared(self, term: Term[Any]) -> _TermPages:
        """Worked out once for the term's page and its year pages (pages are written term by
        term, so only the last term's is kept)."""
        if self._last is None or self._last.term is not term:
            self._last = _TermPages(term, self._year_links(term), self._parts(term))
        return self._last

    def _year_links(self, term: Term[Any]) -> list[YearLink]:
        """The term's years with articles, newest first (none with COOPREGIONS_YEAR_ARCHIVES
        off or an empty *_YEAR_SAVE_AS)."""
        locale = self.locale
        return [
            YearLink(
                year=year,
                label=self._number(year, self._year_labels, lambda n: format_year(n, self.lang)),
                count=len(articles),
                count_label=self._number(
                    len(articles), self._numbers, lambda n: format_decimal(n, locale=locale)
                ),
                url=term.year_path("URL", year),
            )
            for year, _, articles in plan.year_pages(term, self.language)
        ]

    def write_years(self, term: Term[Any]) -> None:
        """Every year page of ``term``; those as last written are skipped (incremental)."""
        for year, save_as, articles in plan.year_pages(term, self.language):
            if self._unchanged(save_as, articles):
                continue
            shared = self._shared(term)
            self.write_year(term, year, save_as, articles, shared.links, shared.parts)

    def write_year(
        self,
        term: Term[Any],
        year: int,
        save_as: str,
        articles: list[Any],
        links: list[YearLink],
        parts: Parts,
    ) -> None:
        """One year of a region's or organization's articles. A year of a place containing
        others is capped as its page is (COOPREGIONS_ROLLUP_PAGES): a year of the World
        holds a year of every country."""
        kind = plan.kind_of(term)
        listing, rollup_end, entries = articles, None, []
        if parts.own is not None:
            own = parts.own_by_year.get(year, [])
            listing, rollup_end = capped(articles, own, self._rollup_limit(f"{kind}_year"))
        if rollup_end is not None:  # the note links the parts' pages of the same year
            entries = [
                replace(entry, year_url=entry.term.year_path("URL", year))
                for entry in parts.entries
                if plan.has_year_page(entry.term, self.language, year)
            ]
        slug = term.record.slug
        index = next(i for i, link in enumerate(links) if link.year == year)
        heading = name_and_year(
            str(term.name), year, self.lang, label=links[index].label, locale=self.locale
        )
        url = term.year_path("URL", year)
        page_jsonld = CollectionJsonLd(
            name=heading,
            url=absolute(self.site_url, url),
            lang=self.lang,
            about=self._about(term),
            site_url=self.site_url,
            listed=self.generator.listed,
            temporal_coverage=str(year),
        )
        setting = term.year_setting_name("SAVE_AS")
        with self.into(save_as, plan.owner(term, year), setting, paginated=True) as normal:
            self.output.page(
                normal,
                f"{kind}_year",
                url,
                {"articles": listing, "dates": listing},
                articles,
                page_name=posixpath.splitext(url)[0],
                articles=listing,
                dates=listing,
                rollup_end=rollup_end,
                **{"subregions" if kind == "region" else "members": entries},
                lang=self.lang,
                alternates=self._alternates(kind, slug, year),
                page_jsonld=page_jsonld,
                page_title=self.title,
                listed=self.generator.listed,
                language_name=self.generator.language_name,
                year_heading=heading,
                year=links[index],
                years=links,
                newer_year=links[index - 1] if index > 0 else None,
                older_year=links[index + 1] if index + 1 < len(links) else None,
                place_has_page=bool(term.save_as),
                **{kind: term},
            )

    def _rollup_limit(self, template_name: str) -> int | None:
        """How many entries of a container's listing list everything (None: all of them)."""
        pages = self.options.rollup_pages
        per_page = self.settings["PAGINATED_TEMPLATES"].get(template_name) or self.settings.get(
            "DEFAULT_PAGINATION"
        )
        if not (self.options.rollup and pages and per_page):
            return None
        return int(pages * per_page)

    def feeds(self) -> Iterator[Feed]:
        """Every feed of this language: one per page with articles and feed type switched on."""
        for region in self.registry.regions:
            if self.has_page("region", region.slug):
                yield from self._feeds_of(
                    self.language.regions[region.slug], self.language.region_articles(region.slug)
                )
        for org in self.registry.organizations:
            if self.has_page("organization", org.slug):
                yield from self._feeds_of(
                    self.language.organizations[org.slug],
                    self.language.organization_articles(org.slug),
                )

    def _feeds_of(self, term: Term[Any], articles: list[Any]) -> list[Feed]:
        """The page's feeds: only when it has articles."""
        return [
            Feed(
                path=path,
                feed_type=feed_type,
                # Pelican strips tags from feed titles: escape so the name survives.
                title=str(escape(str(term.name))),
                articles=articles,
                owner=f"the feed of {plan.owner(term)}",
                setting=setting,
            )
            for feed_type, path, setting in plan.feeds(term, articles)
        ]

    def _entry(self, region: Region, depth: int = 0) -> Entry:
        count = len(self.language.region_articles(region.slug))
        return Entry(
            self.language.regions[region.slug], count, depth, self.has_page("region", region.slug)
        )

    def write_region(self, term: RegionTerm) -> None:
        region = term.record
        # The parent chain (World › Americas › Latin America and the Caribbean › Caribbean),
        # its widest and nearest links only when a site's regions nest deeper.
        lineage = self.registry.lineage(region)
        if len(lineage) > BREADCRUMB_LINKS:
            lineage = (lineage[0], *lineage[len(lineage) - BREADCRUMB_LINKS + 1 :])
        breadcrumb = [self._entry(up) for up in lineage]
        parts = self._shared(term).parts
        self._write_listing(
            term,
            "region",
            self.language.region_articles(region.slug),
            self._about(term),
            parts.own,
            breadcrumb=breadcrumb,
            subregions=parts.entries,
            coverage_map=self.maps.region(term) if self.maps else None,
        )

    def _parts(self, term: Term[Any]) -> Parts:
        if isinstance(term, RegionTerm):
            children = self.registry.children(term.record)
            entries = [
                self._entry(child)
                for child in children
                if self.language.region_articles(child.slug)
            ]
            own = self.language.listings.own_by_region if children else None
        else:
            members = self.registry.members_of(term.record)
            entries = [self._organization_entry(member) for member in members]
            own = self.language.listings.own_by_organization if members else None
        entries.sort(key=lambda entry: self.sort_key(entry.term.name, self.lang))
        if own is None:
            return Parts(entries, None, {})
        own_articles = own.get(term.record.slug, [])
        return Parts(entries, own_articles, by_year(own_articles))

    def _about(self, term: Term[Any]) -> dict[str, Any]:
        """What the page is about, for its JSON-LD: a ``Place`` or an ``Organization``."""
        url = absolute(self.site_url, term.url)
        if isinstance(term, RegionTerm):
            return place(str(term.name), url, term.record.code, term.description)
        org: Organization = term.record
        country = self.registry.country_of(org)
        federation = self.registry.federation_of(org)
        return organization(
            name=str(term.name),
            url=url,
            acronym=org.acronym,
            country_code=country.alpha2 if country else None,
            locality=org.locality,
            founded=org.founded,
            website=org.website,
            description=term.description,
            parent=federation.name(self.lang) if federation else None,
        )

    def write_organization(self, term: OrganizationTerm) -> None:
        org: Organization = term.record
        country_region = self.registry.country_of(org)
        country = self._entry(country_region) if country_region else None
        federation = self.registry.federation_of(org)
        parts = self._shared(term).parts
        self._write_listing(
            term,
            "organization",
            self.language.organization_articles(org.slug),
            self._about(term),
            parts.own,
            country=country,
            federation=self._organization_entry(federation) if federation else None,
            members=parts.entries,
        )

    def _organization_entry(self, org: Organization) -> Entry:
        count = len(self.language.organization_articles(org.slug))
        return Entry(
            self.language.organizations[org.slug], count, 0, self.has_page("organization", org.slug)
        )

    def write_regions_index(self) -> None:
        rows = index_tree(
            self.registry,
            lambda region: self.has_page("region", region.slug),
            lambda region: self.sort_key(region.name(self.lang), self.lang),
        )
        tree = [self._entry(row.region, row.depth) for row in rows]
        self._write_index(
            "regions", tree=tree, coverage_map=self.maps.index() if self.maps else None
        )

    def write_organizations_index(self) -> None:
        groups: dict[str | None, list[Entry]] = {}
        for org in self.registry.organizations:
            groups.setdefault(org.country, []).append(self._organization_entry(org))
        by_country = []
        for country_slug, entries in groups.items():
            entries.sort(key=lambda entry: self.sort_key(entry.term.name, self.lang))
            country = self._entry(self.registry.region(country_slug)) if country_slug else None
            by_country.append((country, entries))
        by_country.sort(
            key=lambda group_: (
                group_[0] is None,
                self.sort_key(group_[0].term.name, self.lang) if group_[0] else b"",
            )
        )
        self._write_index("organizations", organizations_by_country=by_country)

    def _index_path(self, kind: str, key: str, lang: str) -> tuple[str, str]:
        """The setting name and value of an index page path: ``REGIONS_URL`` and the like."""
        generator = self.generator
        words = generator.languages[lang].words
        return index_path(self.settings, kind, key, lang, generator.default_lang, words)

    def _write_index(self, kind: str, **extra: Any) -> None:
        setting, path = self._index_path(kind, "SAVE_AS", self.lang)
        if not path:  # switched off, as with Pelican's own *_SAVE_AS = ""
            return
        alternates = [
            {
                "lang": lang,
                "url": self._index_path(kind, "URL", lang)[1],
                "language_name": self.generator.language_name(lang, lang),
            }
            for lang in self.generator.languages
        ]
        with self.into(path, f"the {kind} index ({self.lang})", setting) as save_as:
            self.output.page(
                save_as,
                kind,
                self._index_path(kind, "URL", self.lang)[1],
                {},
                (),
                lang=self.lang,
                alternates=alternates,
                page_title=self.title,
                language_name=self.generator.language_name,
                **extra,
            )
