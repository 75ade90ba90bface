"""Writes the jobs of the plan through Pelican's ``Writer``: one writer per kind of job.

A term's page, a year page, an index and a feed each get their variables here and go through
``Writer.write_file`` (pagination from ``PAGINATED_TEMPLATES``) or ``Writer.write_feed``, as
Pelican's own pages do; what differs between kinds of term comes from their description
(:mod:`.taxonomies`). The files each job writes are recorded from Pelican's
``content_written`` and ``feed_written`` signals (:func:`record_written`), which carry the
job's list of files in their context.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from markupsafe import escape
from pelican.generators import PelicanTemplateNotFound
from pelican.paginator import Paginator

from ..core.dates import format_year, name_and_year
from .coverage import LanguageCoverage
from .failure import CoopRegionsError
from .feed_items import feed_item
from .feed_meta import FEED_KEY, FeedFacts
from .internals import refused_overwrite
from .jsonld import CollectionJsonLd, absolute
from .listed import ListedArticles
from .model import BuildModel
from .plan import PageJob, feeds_of
from .taxonomies import IndexView, Related, TermKey
from .terms import Term, index_path
from .theme import PageTitle

# The variable of a page's (and a feed's) context that collects the files Pelican writes.
FILES_KEY = "coopregions_files"
FEED_MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


def record_written(path: str, context: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
    """Receiver of ``content_written`` and ``feed_written``: note a file the plugin's job
    wrote (the job's list is in the context it gave the writer)."""
    files = (context or {}).get(FILES_KEY)
    if isinstance(files, list):
        files.append(path)


@dataclass(frozen=True, slots=True)
class Entry:
    """A term shown in a list: its term, article count, depth, page or not."""

    term: Term
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
    """One year of a term's articles as its pages link it: "2022 (9)", the year as CLDR writes
    years and the count as Babel writes numbers, in the page's language. ``url`` is the year's
    page, or with ``anchor`` the year's heading in the term's own listing
    (``regions/peru/#2022``: a listing on one page has no year pages)."""

    year: int
    label: str
    count: int
    count_label: str
    url: str
    anchor: bool = False


def overwrite_error(job: PageJob) -> CoopRegionsError:
    """A file of ``job`` where Pelican or another plugin wrote one in this build: the site's
    error, which names the setting to change."""
    return CoopRegionsError(
        f"{job.owner} would be written to {job.save_as!r}, where Pelican or another plugin "
        f"already wrote a file; change {job.setting}"
    )


@dataclass(frozen=True, slots=True)
class Alternate:
    """The page in one language (``alternates``): its language, URL, the term's name there
    and the language's own name; :meth:`page` gives page n of its listing."""

    lang: str
    url: str
    language_name: str
    name: str = ""
    paginator: Paginator | None = None  # its listing's, when it has numbered pages

    def page(self, number: int) -> str:
        """The URL of page ``number`` of this page's listing; ``""`` when it has none."""
        if number == 1:
            return self.url
        found = self.paginator
        return str(found.page(number).url) if found and number <= found.num_pages else ""


class KeptText:
    """Stands for a template: gives the text already in the page's file. A job kept as last
    written goes through Pelican's writer with it when other plugins listen to
    ``content_written``, so they hear of every page, with the context of a full build."""

    def __init__(self, output: str) -> None:
        self.output = output

    def render(self, localcontext: Mapping[str, Any]) -> str:
        path = Path(self.output, localcontext["output_file"])
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()


class Renderer(IndexView):
    """Writes one build's jobs; ``generator`` gives the context, templates and helpers. Made
    before Pelican writes anything, it writes through whichever writer it is given: Pelican's,
    or a worker process's own (:mod:`.parallel`)."""

    def __init__(
        self,
        generator: Any,
        model: BuildModel,
        title: PageTitle,
        maps: Mapping[str, LanguageCoverage],
    ) -> None:
        self.generator = generator
        self.model = model
        self.title = title
        self.maps = maps
        self.registry = model.registry
        self.settings = model.settings
        self.site_url: str = self.settings.get("SITEURL", "")
        self.listed: ListedArticles = generator.listed
        self.lang = model.default_lang
        self._numbers: dict[tuple[str, int], str] = {}
        self._years: tuple[str, TermKey, list[YearLink]] | None = None
        self._templates: dict[str, Any] = {}
        self._jobs: dict[tuple[str, str, TermKey | None, int | None], PageJob] | None = None

    # IndexView (and helpers of every page) ---------------------------------------------------

    def entry(self, taxonomy: str, record: Any, depth: int = 0) -> Entry:
        key = (taxonomy, record.slug)
        language = self.model.languages[self.lang]
        count = len(language.listing(key).articles)
        return Entry(language.terms[key], count, depth, self.model.has_page(self.lang, key))

    def has_page(self, taxonomy: str, record: Any) -> bool:
        return self.model.has_page(self.lang, (taxonomy, record.slug))

    def sort_key(self, text: str) -> bytes:
        return bytes(self.generator.collation.key(text, self.lang))

    def coverage_map(self) -> Any:
        maps = self.maps.get(self.lang)
        return maps.index() if maps else None

    def locale(self) -> Locale:
        locale: Locale = self.generator.locale(self.lang)
        return locale

    # Writing ---------------------------------------------------------------------------------

    def prepare(self, jobs: Iterable[PageJob]) -> None:
        """Work out now what every process would work out again for ``jobs``: before worker
        processes fork (:mod:`.parallel`), each entry computed once is shared by all of them.
        The templates, Babel's locales, every listing entry, every feed item's texts (Pelican
        keeps them per article once made)."""
        context = self.generator.context
        site_url, before = self.settings["SITEURL"], context["localsiteurl"]
        for lang in self.model.codes:
            self.generator.locale(lang)
        context["localsiteurl"] = site_url  # as a feed is written (:meth:`feed`)
        for job in jobs:
            if job.kind == "feed":
                for article in job.inputs.articles:
                    article.get_content(site_url)
                    article.get_summary(site_url)
                    self.listed.url(article)
                continue
            self._template(job)
        context["localsiteurl"] = before
        for job in jobs:
            for article in () if job.kind == "feed" else job.inputs.articles:
                self.listed(article, job.lang)

    def write(self, job: PageJob, writer: Any, kept: bool = False) -> list[str]:
        """Write ``job`` through ``writer`` (``kept``: from the text of its files as last
        written); returns the files written, from Pelican's signals."""
        self.lang = job.lang
        files: list[str] = []
        with self._into(job):
            if job.kind == "feed":
                self.feed(job, writer, files)
            else:
                page = {"term": self.term_page, "year": self.year_page, "index": self.index_page}
                variables = page[job.kind](job)
                template = KeptText(writer.output_path) if kept else self._template(job)
                listing = variables.get("articles")
                writer.write_file(
                    job.save_as,
                    template,
                    self.generator.context,
                    relative_urls=self.settings["RELATIVE_URLS"],
                    # A page without articles (an organization's profile) is a single page.
                    paginated={"articles": listing, "dates": listing} if listing else {},
                    template_name=job.template,
                    url=job.url,
                    lang=job.lang,
                    alternates=self._alternates(job),
                    page_title=self.title,
                    language_name=self.generator.language_name,
                    **{FILES_KEY: files},
                    **variables,
                )
        return files

    @contextmanager
    def _into(self, job: PageJob) -> Iterator[None]:
        """A file the site already wrote is our error, which names the setting to change
        (Pelican's pages are written before ours, and its writer refuses to overwrite)."""
        try:
            yield
        except RuntimeError as error:
            if not refused_overwrite(error):
                raise
            raise overwrite_error(job) from None

    def _template(self, job: PageJob) -> Any:
        """The theme's template of the kind (``region.html``), else the plugin's
        (``coopregions/region.html``), else the plugin's for every kind
        (``coopregions/term.html``, ``coopregions/year.html``, ``coopregions/index.html``)."""
        name = job.template
        if name not in self._templates:
            for candidate in job.templates:
                try:
                    self._templates[name] = self.generator.get_template(candidate)
                    break
                except PelicanTemplateNotFound:
                    continue
        return self._templates[name]

    # A term's page, a year page, an index ----------------------------------------------------

    def _term(self, job: PageJob) -> Term:
        assert job.term_key is not None
        return self.model.languages[job.lang].terms[job.term_key]

    def term_page(self, job: PageJob) -> dict[str, Any]:
        term, taxonomy = self._term(job), job.taxonomy
        listing = list(job.inputs.articles)
        articles = self.model.languages[job.lang].listing(term.term_key).articles
        years = self._year_links(term)
        variables: dict[str, Any] = {
            "page_name": term.page_name,
            "articles": listing,
            "dates": listing,
            "rollup_end": job.inputs.rollup_end,
            "page_jsonld": self._jsonld(job, str(term.name), term.url),
            "listed": self.listed,
            "feeds": [
                {"url": path, "type": FEED_MEDIA_TYPES[kind], "kind": kind}
                for kind, path in feeds_of(term, articles)
            ],
            "years": years,
            # A listing on one page: its years are headings in it, which its year links reach.
            "year_headings": {link.year: link for link in years if link.anchor},
            "place": term,
            "kind": taxonomy.name,
            taxonomy.name: term,
            **self._related(job.inputs.related),
        }
        variables["parts"] = variables.get(taxonomy.parts_variable, [])
        if taxonomy.coverage_map:
            maps = self.maps.get(job.lang)
            variables["coverage_map"] = maps.region(term) if maps else None
        return variables

    def year_page(self, job: PageJob) -> dict[str, Any]:
        """One year of a term's articles. A year of a term containing others is capped as its
        page is (COOPREGIONS_ROLLUP_PAGES); its note links the parts' pages of that year."""
        term, taxonomy, year = self._term(job), job.taxonomy, job.year
        assert year is not None
        links = self._year_links(term)
        index = next(i for i, link in enumerate(links) if link.year == year)
        heading = name_and_year(
            str(term.name), year, job.lang, label=links[index].label, locale=self.locale()
        )
        parts: list[Entry] = []
        related = job.inputs.related.get(taxonomy.parts_variable)
        if job.inputs.rollup_end is not None and related is not None:
            parts = [
                replace(entry, year_url=url)
                for entry in self._entries(related)
                if (url := self.model.year_url(job.lang, entry.term.term_key, year))
            ]
        listing = list(job.inputs.articles)
        return {
            "page_name": posixpath.splitext(job.url)[0],
            "articles": listing,
            "dates": listing,
            "rollup_end": job.inputs.rollup_end,
            taxonomy.parts_variable: parts,
            "parts": parts,
            "page_jsonld": self._jsonld(job, heading, job.url, temporal_coverage=str(year)),
            "listed": self.listed,
            "year_heading": heading,
            "year": links[index],
            "years": links,
            "newer_year": links[index - 1] if index > 0 else None,
            "older_year": links[index + 1] if index + 1 < len(links) else None,
            "place_has_page": bool(term.save_as),
            "place": term,
            "kind": taxonomy.name,
            taxonomy.name: term,
        }

    def index_page(self, job: PageJob) -> dict[str, Any]:
        catalog = self.generator.catalogs[job.lang]
        return {
            "kind": job.taxonomy.name,
            "index_title": job.taxonomy.index_title(catalog),
            **job.taxonomy.index_variables(self),
        }

    def feed(self, job: PageJob, writer: Any, files: list[str]) -> None:
        term = self._term(job)
        # An article's summary is made for the page being written (Pelican reads the site's
        # ``localsiteurl``, which each page written with RELATIVE_URLS moves to its own place):
        # a feed's are made for SITEURL, as in Pelican's own feeds, written before any page, and
        # never for whichever page happened to be written before it.
        self.generator.context["localsiteurl"] = self.settings["SITEURL"]
        # Pelican strips tags from feed titles: escape so the name survives.
        writer.write_feed(
            [feed_item(article, self.listed.url(article)) for article in job.inputs.articles],
            {
                **self.generator.context,
                FILES_KEY: files,
                FEED_KEY: FeedFacts.of(self.settings, job.lang, term.url),
            },
            job.save_as,
            job.save_as,
            feed_type=job.feed_type,
            feed_title=str(escape(str(term.name))),
        )

    # Parts of pages --------------------------------------------------------------------------

    def _entries(self, related: Related) -> list[Entry]:
        entries = [self.entry(related.taxonomy, record) for record in related.records]
        if related.with_articles:
            entries = [entry for entry in entries if entry.count]
        if related.sort:
            entries.sort(key=lambda entry: self.sort_key(str(entry.term.name)))
        return entries

    def _related(self, related: Mapping[str, Related]) -> dict[str, Any]:
        shown: dict[str, Any] = {}
        for name, terms in related.items():
            entries = self._entries(terms)
            shown[name] = (entries[0] if entries else None) if terms.single else entries
        return shown

    def _jsonld(
        self, job: PageJob, name: str, url: str, temporal_coverage: str | None = None
    ) -> CollectionJsonLd:
        term = self._term(job)
        about = job.taxonomy.about(self.registry, term, absolute(self.site_url, term.url))
        return CollectionJsonLd(
            name=name,
            url=absolute(self.site_url, url),
            lang=job.lang,
            about=about,
            site_url=self.site_url,
            listed=self.listed,
            temporal_coverage=temporal_coverage,
        )

    def _number(self, number: int, write: Callable[[int], str], kind: str) -> str:
        key = (f"{kind}:{self.lang}", number)
        shown = self._numbers.get(key)
        if shown is None:
            shown = self._numbers[key] = write(number)
        return shown

    def _year_links(self, term: Term) -> list[YearLink]:
        """The term's years with a page or a heading in its listing (:meth:`.model.BuildModel.
        year_url`), newest first, worked out once for its page and its year pages (written
        one after the other)."""
        key, model = term.term_key, self.model
        if self._years is not None and self._years[:2] == (self.lang, key):
            return self._years[2]
        locale = self.locale()
        anchors = not model.year_pages(self.lang, key)
        links = [
            YearLink(
                year=year,
                label=self._number(year, lambda n: format_year(n, self.lang), "year"),
                count=len(articles),
                count_label=self._number(
                    len(articles), lambda n: format_decimal(n, locale=locale), "count"
                ),
                url=url,
                anchor=anchors,
            )
            for year, articles in model.languages[self.lang].listing(key).years().items()
            if (url := model.year_url(self.lang, key, year))
        ]
        self._years = (self.lang, key, links)
        return links

    def _alternates(self, job: PageJob) -> list[Alternate]:
        """The page in every language that has it; a year page, the same year's; an index,
        every language's."""
        alternates = []
        model, key = self.model, job.term_key
        for lang, language in model.languages.items():
            name = self.generator.language_name(lang, lang)
            if key is None:
                url = index_path(
                    self.settings, job.taxonomy, "URL", lang, model.default_lang, language.words
                )[1]
                alternates.append(Alternate(lang, url, name))
                continue
            term = language.terms[key]
            if lang != job.lang and not (
                model.has_page(lang, key)
                if job.year is None
                else model.has_year_page(lang, key, job.year)
            ):
                continue
            url = term.url if job.year is None else term.year_path("URL", job.year)
            paginator = self._paginator(job, lang)
            alternates.append(Alternate(lang, url, name, str(term.name), paginator))
        return alternates

    def _paginator(self, job: PageJob, lang: str) -> Paginator | None:
        """Pelican's paginator of the same page's listing in ``lang``, as the writer makes it
        (``PAGINATED_TEMPLATES``), for the URLs of its numbered pages."""
        if self._jobs is None:
            jobs = self.generator.jobs
            self._jobs = {(j.kind, j.lang, j.term_key, j.year): j for j in jobs if j.paginated}
        found = self._jobs.get((job.kind, lang, job.term_key, job.year))
        per_page = self.settings["PAGINATED_TEMPLATES"].get(job.template)
        per_page = per_page or self.settings.get("DEFAULT_PAGINATION")
        if found is None or not per_page:
            return None
        return Paginator(found.save_as, found.url, found.inputs.articles, self.settings, per_page)
