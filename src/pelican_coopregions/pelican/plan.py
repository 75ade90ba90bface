"""The list of what a build writes: every page, year page, index and feed of every language.

``plan(model)`` is the one list of the plugin's output. Validation checks it as a tree of
files (:func:`.validation.output_problems`), incremental output keeps the jobs whose inputs
did not change (:mod:`.incremental`), and the renderer writes the rest (:mod:`.render`). Each
job says where it goes (path, URL, the setting that owns the path), what it is (kind,
template, language, term, year) and what it is made from (:class:`Inputs`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .model import BuildModel, LanguagePages, Listing, rollup_limit, shown
from .taxonomies import Related, Taxonomy, TermKey
from .terms import Term, index_path

JobKind = Literal["term", "year", "index", "feed"]
FEED_TYPES = ("atom", "rss")


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a job is made from besides the site (settings, packages, templates, context).

    ``articles``: the article versions it shows, in order (a feed: its items); ``rollup_end``:
    where a capped listing stops repeating its parts' articles; ``related``: the other terms
    it shows by template variable (:meth:`.taxonomies.Taxonomy.related`); ``coverage``: the
    coverage map of its language; ``every_term``: every term of its language (an index).
    """

    articles: tuple[Any, ...] = ()
    rollup_end: int | None = None
    related: Mapping[str, Related] = field(default_factory=dict)
    coverage: bool = False
    every_term: bool = False

    def terms(self, own: TermKey | None) -> tuple[TermKey, ...]:
        """The terms whose names, counts or pages the job shows: its own and the related."""
        keys = [] if own is None else [own]
        for related in self.related.values():
            keys += [(related.taxonomy, record.slug) for record in related.records]
        return tuple(keys)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One file (with its numbered pages) a build writes."""

    kind: JobKind
    lang: str
    taxonomy: Taxonomy
    save_as: str
    url: str
    setting: str  # the setting that gives ``save_as``: what to change when it cannot be
    owner: str  # how messages name it: "region 'Peru', 2022 (es)"
    template: str = ""  # the template's name without extension ("" for a feed)
    slug: str = ""
    year: int | None = None
    feed_type: str = ""
    inputs: Inputs = field(default_factory=Inputs)

    @property
    def term_key(self) -> TermKey | None:
        return (self.taxonomy.name, self.slug) if self.slug else None

    @property
    def templates(self) -> tuple[str, ...]:
        """The templates that may write it, the first found winning: the theme's of its kind
        (``region.html``), the plugin's of its kind (``coopregions/region.html``), the
        plugin's for every kind (``coopregions/term.html``)."""
        return (self.template, f"coopregions/{self.template}", f"coopregions/{self.kind}")

    @property
    def paginated(self) -> bool:
        """Whether Pelican's paginator may write numbered pages beside it."""
        return self.kind in ("term", "year") and bool(self.inputs.articles)


def owner(term: Term, year: int | None = None) -> str:
    """How messages name a page: ``region 'Peru' (es)``, ``region 'Peru', 2022 (es)``."""
    of_year = "" if year is None else f", {year}"
    return f"{term.taxonomy.name} {term.record.name()!r}{of_year} ({term.lang})"


def feeds_of(term: Term, articles: Sequence[Any]) -> list[tuple[str, str]]:
    """The term's feeds, (type, path): only when it has articles and the type is on."""
    if not articles:
        return []
    return [(kind, path) for kind in FEED_TYPES if (path := term.feed_path(kind))]


def _term_jobs(model: BuildModel, language: LanguagePages, term: Term) -> Iterator[PageJob]:
    taxonomy, record = term.taxonomy, term.record
    key = (taxonomy.name, record.slug)
    listing: Listing = language.listing(key)
    related = taxonomy.related(model.registry, record)
    common = {"lang": language.lang, "taxonomy": taxonomy, "slug": record.slug}
    items = tuple(listing.articles[: model.settings["FEED_MAX_ITEMS"]])
    for feed_type, path in feeds_of(term, listing.articles):
        yield PageJob(
            "feed",
            save_as=path,
            url=path,
            setting=term.setting_name(f"FEED_{feed_type.upper()}"),
            owner=f"the feed of {owner(term)}",
            feed_type=feed_type,
            inputs=Inputs(items),
            **common,
        )
    if term.save_as:  # an empty *_SAVE_AS switches these pages off, as in Pelican
        articles, end = model.page_listing(language.lang, key)
        yield PageJob(
            "term",
            save_as=term.save_as,
            url=term.url,
            setting=term.setting_name("SAVE_AS"),
            owner=owner(term),
            template=taxonomy.name,
            inputs=Inputs(articles, end, related, coverage=taxonomy.coverage_map),
            **common,
        )
    if not model.year_pages(language.lang, key):
        return
    template = taxonomy.year_template()
    limit = rollup_limit(model.settings, model.options, template)
    has_parts = bool(taxonomy.parts(model.registry, record))
    own_years = listing.own_years() if has_parts else {}
    for year, year_articles in listing.years().items():
        path = term.year_path("SAVE_AS", year)
        if not path:
            continue
        articles, end = shown(year_articles, own_years.get(year, []), has_parts, limit)
        yield PageJob(
            "year",
            save_as=path,
            url=term.year_path("URL", year),
            setting=term.year_setting_name("SAVE_AS"),
            owner=owner(term, year),
            template=template,
            year=year,
            inputs=Inputs(articles, end, related),
            **common,
        )


def plan(model: BuildModel) -> list[PageJob]:
    """Every job of the build, language by language, kind by kind: each term's feeds, page
    and year pages, then the kind's index."""
    jobs: list[PageJob] = []
    for lang, language in model.languages.items():
        for taxonomy in model.taxonomies.values():
            records = model.records(taxonomy)
            for record in records:
                key = (taxonomy.name, record.slug)
                if model.has_page(lang, key):
                    jobs.extend(_term_jobs(model, language, language.terms[key]))
            setting, path = index_path(
                model.settings, taxonomy, "SAVE_AS", lang, model.default_lang, language.words
            )
            if records and path:
                jobs.append(
                    PageJob(
                        "index",
                        lang,
                        taxonomy,
                        save_as=path,
                        url=index_path(
                            model.settings,
                            taxonomy,
                            "URL",
                            lang,
                            model.default_lang,
                            language.words,
                        )[1],
                        setting=setting,
                        owner=f"the {taxonomy.plural} index ({lang})",
                        template=taxonomy.plural,
                        inputs=Inputs(coverage=taxonomy.coverage_map, every_term=True),
                    )
                )
    return jobs
