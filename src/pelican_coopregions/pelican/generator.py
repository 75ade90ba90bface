"""The plugin's generator: Pelican's two phases, for every kind of term.

Context phase (``generate_context``, after Pelican's own generators have read the content):
the build model (:func:`.model.build_model`), the plan of every page (:func:`.plan.plan`),
validation of the metadata and of the plan's files (:mod:`.validation`), then every article
gets its terms and local dates. Output phase: when Pelican begins writing
(:meth:`CoopRegionsGenerator.begin_output`), incremental output keeps the jobs whose inputs did
not change (:mod:`.incremental`) and worker processes begin rendering the rest
(:mod:`.parallel`); in ``generate_output`` the renderer writes what is left through Pelican's
``Writer`` (:mod:`.render`), and the workers' files are announced and recorded as if written
there. ``coopregions check`` runs the context phase only, with a :class:`Findings` that
collects what would stop the build (:mod:`.checking`).

All state of a run lives on this instance: several Pelican instances in one process
(pelican-i18n-subsites) never share anything. It works only for a site that uses the plugin
(:func:`.validation.in_use`): Pelican loads every installed plugin when ``PLUGINS`` is unset,
and a site that names no place must build exactly as without it.
"""

from __future__ import annotations

import logging
import math
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Protocol

from babel import Locale
from babel.support import NullTranslations
from jinja2 import FileSystemLoader
from pelican.generators import Generator
from pelican.plugins import signals  # type: ignore[attr-defined]
from pelican.writers import Writer

from ..core.dates import StrftimeFormat, format_date
from ..core.languages import babel_locale, language_name, site_default
from ..core.metadata import NO_REFS, ArticleRefs, Problem
from ..core.registry import Registry
from ..core.sorting import Collation
from ..core.worldmap import WorldMap
from . import parallel, validation
from .adapter import ADAPTER, AdapterLoader, adapter_source, head_block, missing_head
from .content_languages import ContentLanguages
from .coverage import Coverage, LanguageCoverage
from .failure import CoopRegionsError, stop_cleanly
from .i18n import install_gettext, load_catalogs, site_translations
from .incremental import Incremental, Manifest, States
from .internals import claim_written, written_before
from .listed import ListedArticles
from .menu import MENU_KEY, build_menu
from .model import BuildModel, build_model
from .moved import log_moved_pages
from .plan import PageJob, plan
from .render import Renderer, overwrite_error
from .settings import (
    PREFIX,
    PluginSettings,
    SettingsError,
    check_path_setting,
    page_languages,
)
from .taxonomies import Taxonomy, site_taxonomies
from .theme import PageTitle, Theme, read_theme

logger = logging.getLogger(__name__)

# Lenient builds log this many bad values, then one line with the total.
LENIENT_WARNINGS = 10
TEMPLATES = Path(str(files(__package__) / "templates"))
EVERY_STATUS = ("articles", "hidden_articles", "drafts")
# What the plugin gives every template Pelican renders (incremental output knows them).
OWN_JINJA = ("localdate", "localskeleton", "isodate", "coopregions_menuitems")


class Findings(Protocol):
    """What ``coopregions check`` collects from a build's context phase, instead of stopping
    it at the first problem."""

    def found(
        self,
        model: BuildModel,
        problems: Sequence[Problem],
        output: Sequence[validation.OutputProblem],
    ) -> None: ...


class PartialsEscape:
    """The environment's ``autoescape``: the plugin's partials (``coopregions/listing.html``...)
    escape by default; its page templates (``coopregions/page.html``, ``term.html``,
    ``region.html``...) say so in their blocks. A page template must not escape by default:
    the render's root template decides for the theme's ``base.html`` it extends (its own
    gettext strings with markup in their arguments, ``super()`` of its head block), and a
    theme's own ``region.html`` keeps the theme's behaviour."""

    def __init__(self, taxonomies: Sequence[Taxonomy]) -> None:
        names = ["page", "term", "year", "index"]
        for taxonomy in taxonomies:
            names += [taxonomy.name, taxonomy.plural, taxonomy.year_template()]
        self.pages = frozenset({ADAPTER, *(f"coopregions/{name}.html" for name in names)})

    def __call__(self, template_name: str | None) -> bool:
        name = template_name or ""
        return name.startswith("coopregions/") and name not in self.pages


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


def others_listen(signal: Any) -> bool:
    """Whether a receiver other than the plugin's own listens to ``signal``."""
    for reference in list(signal.receivers.values()):
        receiver = reference() if isinstance(reference, weakref.ref) else reference
        if receiver is not None and not parallel.own_receiver(receiver):
            return True
    return False


@dataclass(slots=True)
class Output:
    """One build's output, prepared when Pelican begins writing: the jobs to render (with
    their digests) in the plan's order, those kept as last written, and the workers.

    ``shared`` are the places in ``render`` of the jobs the workers may take (all but feeds
    another plugin listens to, written in Pelican's process).
    """

    renderer: Renderer
    manifest: Manifest | None
    render: list[tuple[PageJob, str | None]]
    kept: list[tuple[PageJob, str, States]]
    shared: list[int]
    workers: parallel.Workers | None = None

    def record(self, job: PageJob, digest: str | None, written: Sequence[str]) -> None:
        """Note the files ``job`` wrote in the manifest of incremental output."""
        if self.manifest is not None and digest:
            self.manifest.record(job.save_as, digest, written)


def prepare_settings(settings: dict[str, Any]) -> tuple[PluginSettings, tuple[Taxonomy, ...]]:
    """The plugin's settings (:func:`.validation.check_settings`) and the site's kinds of
    term (:func:`.taxonomies.site_taxonomies`), checked together (URL words and menu items
    name kinds); the URL settings of every kind checked and their defaults filled in, as
    Pelican's own ``CATEGORY_URL`` & co. are; the kinds' pages paginated. Called when Pelican
    starts (:func:`.plugin.initialize`), before anything is read, and by each generator."""
    options = validation.check_settings(settings)
    taxonomies = site_taxonomies(options)
    plurals = tuple(taxonomy.plural for taxonomy in taxonomies)
    named = [("MENUITEMS", name) for name in options.menuitems]
    named += [("URL_WORDS", kind) for words in options.url_words.values() for kind in words]
    for setting, name in named:
        if name not in plurals:
            raise SettingsError(
                f"{PREFIX}{setting}: {name!r} names no kind of page; the kinds are "
                f"{', '.join(map(repr, plurals))}"
            )
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    for taxonomy in taxonomies:
        for name, (default, fields) in taxonomy.path_settings().items():
            check_path_setting(
                name, settings.get(name, default), ("lang", *plurals, *fields), default
            )
            settings.setdefault(name, default)
        for template in (taxonomy.name, taxonomy.year_template()):
            paginated.setdefault(template, None)
    return options, taxonomies


class CoopRegionsGenerator(Generator):  # type: ignore[misc]
    """Pages of every kind of term (:attr:`taxonomies`), their indexes, year pages and
    feeds, in every page language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options, self.taxonomies = prepare_settings(self.settings)
        self.default_lang: str = site_default(self.settings.get("DEFAULT_LANG"))
        self.content_languages = ContentLanguages(self.settings)
        # After the theme's templates, before the plugin's: the page template made from the
        # theme each build (a site or a theme may have its own).
        self.adapter = AdapterLoader()
        self.env.loader.loaders += [self.adapter, FileSystemLoader(str(TEMPLATES))]
        self.env.autoescape = PartialsEscape(self.taxonomies)
        self.env.auto_reload = False
        self.model: BuildModel | None = None
        self.jobs: list[PageJob] = []
        self.findings: Findings | None = None  # set by coopregions check
        self.catalogs: dict[str, NullTranslations] = {}
        self.theme_description: Theme | None = None  # read in the context phase
        self.head_block: str | None = None
        self._language_names: dict[tuple[str, str], str] = {}
        self.listed = ListedArticles(
            self.options.date_format_for, self.content_languages.of, self.language_name
        )
        self._strftime_formats: dict[str, StrftimeFormat | None] = {}
        self._locales: dict[str, Locale] = {}  # Babel's, by tag: built once, not once a date
        self.collation = Collation()
        # Sort keys of names, kept in CACHE_PATH between builds like Pelican's own caches.
        self._keys = Path(str(self.settings["CACHE_PATH"])) / "coopregions-sort-keys.pickle"
        self._learnt_keys: int | None = None
        self.registry: Registry | None = None
        self.output: Output | None = None
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
        self.model = None
        self.jobs = []
        self.context.pop(MENU_KEY, None)  # nothing to link to
        if self.output is not None and self.output.workers is not None:
            self.output.workers.stop()
            self.output.workers.finish()
        self.output = None

    def language_name(self, tag: str, in_tag: str) -> str:
        """:func:`~..core.languages.language_name`, looked up once per pair in a build."""
        name = self._language_names.get((tag, in_tag))
        if name is None:
            name = self._language_names[(tag, in_tag)] = language_name(tag, in_tag)
        return name

    def locale(self, lang: str) -> Locale:
        """Babel's locale of ``lang``, built once a build: building one is slow."""
        locale = self._locales.get(lang)
        if locale is None:
            locale = self._locales[lang] = babel_locale(lang)
        return locale

    # Context -----------------------------------------------------------------------------

    def _registry_for(self, languages: Sequence[str]) -> Registry:
        """The registry for names in ``languages``: the one loaded already, if it has them."""
        registry = self.registry
        if registry is None or not set(languages) <= set(registry.languages):
            registry = self.registry = validation.load_registry(
                self.settings, self.options, languages
            )
            if self._learnt_keys is None:
                load = self.settings.get("LOAD_CONTENT_CACHE") and self._keys.is_file()
                self._learnt_keys = self.collation.load(self._keys) if load else 0
            self.collation.prepare(
                (record.name(lang), lang)
                for lang in registry.languages
                for taxonomy in self.taxonomies
                for record in taxonomy.records(registry)
            )
        return registry

    def generate_context(self) -> None:
        if self.stopped:
            return
        with stop_cleanly(self._skip_pages):
            self._read_places()

    def _read_places(self) -> None:
        """Make the model and the plan, validate both, then give every article its terms and
        local dates."""
        contents = list(_contents(self.context, EVERY_STATUS))
        if not validation.in_use(self.settings, contents):
            return
        if not validation.settings_in_use(self.settings):  # else checked at start
            validation.pelican_date_formats(self.settings)
        if (unread := validation.unread_articles(self)) is not None:
            raise unread
        self.content_languages.warn_unknown(contents)
        model = build_model(
            self.settings,
            self.options,
            self.taxonomies,
            contents,
            self.context.get("articles", ()),
            self._registry_for,
        )
        jobs = plan(model)
        output = validation.output_problems(
            jobs, self.settings, validation.pelican_outputs(self.context, self.settings)
        )
        if self.findings is not None:
            self.findings.found(model, model.problems, output)
        else:
            self._report(model.problems)
            self._report_output(output)
        self.model, self.jobs = model, jobs
        for content in contents:
            lang = self.content_languages.of(content)
            self._attach(content, model.refs.get(id(content), NO_REFS), lang)
        self.context["coopregions_languages"] = model.codes
        self.theme_description = read_theme(self.env)
        self.head_block = head_block(self.theme_description, self.options.head_block)
        if self.head_block is None and self.options.head_block is None:
            logger.warning("%s", missing_head(self.theme_description, self.theme))
        self.context[parallel.OUTPUT_KEY] = parallel.OutputStart(self.begin_output)
        self.catalogs = load_catalogs(model.codes, site_translations(self.settings, self.options))
        english = self.options.url_words_for(
            "en", [taxonomy.plural for taxonomy in self.taxonomies]
        )
        for lang in model.codes:
            if not self.options.has_url_words(lang):
                logger.info(
                    "pelican-coopregions has no URL words for %r: its pages use the English "
                    "ones (%s); set COOPREGIONS_URL_WORDS to choose them",
                    lang,
                    ", ".join(f"{{{key}}} = {word!r}" for key, word in english.items()),
                )
        log_moved_pages(
            model.registry, self.taxonomies, self.settings, model.codes, model.default_lang
        )
        self.context[MENU_KEY] = build_menu(
            self.settings,
            model.default_lang,
            {lang: language.words for lang, language in model.languages.items()},
            self.catalogs,
            [taxonomy for taxonomy in self.taxonomies if model.records(taxonomy)],
            self.options.menuitems,
            self.theme_description.menu,
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
        assert self.model is not None
        languages = self.model.languages
        terms = (languages.get(lang) or languages[self.model.default_lang]).terms
        # Like Pelican's ``article.tags``, a field is an attribute only when the article has
        # it: adding empty attributes to every article would grow each one's __dict__ (about
        # 2 KB an article at 10,000 articles). A field Pelican already set (as raw text) is
        # always replaced.
        attributes = vars(content)
        for taxonomy in self.taxonomies:
            for name, records in taxonomy.article_terms(refs).items():
                if records or name in attributes:
                    setattr(
                        content,
                        name,
                        tuple(terms[(taxonomy.name, record.slug)] for record in records),
                    )
        if self.options.localize_article_dates:
            for attribute, field in (("locale_date", "date"), ("locale_modified", "modified")):
                value = getattr(content, field, None)
                shown = self._local_date(content, value, lang) if value else None
                if shown is not None:
                    setattr(content, attribute, shown)

    # Output ------------------------------------------------------------------------------

    def begin_output(self) -> None:
        """Pelican has begun writing (:func:`.parallel.output_begins`): the site's context is
        final. Prepare the output, once a build, and start the workers where they pay
        (``COOPREGIONS_WORKERS``)."""
        if self.model is None or self.output is not None:
            return
        with stop_cleanly(self._skip_pages):
            output = self.output = self._prepare_output(self.model)
            shared = [output.render[index][0] for index in output.shared]
            count = parallel.worker_count(
                self.options.workers,
                len(shared),
                lambda: sum(len(validation.job_files(job, self.settings)) for job in shared),
            )
            if count:
                output.renderer.prepare(shared)
                output.workers = parallel.Workers(
                    shared,
                    count,
                    output.renderer.write,
                    lambda: Writer(self.output_path, settings=self.settings),
                )

    def _prepare_output(self, model: BuildModel) -> Output:
        install_gettext(self.env, self.catalogs, self.default_lang)
        theme = self.theme_description
        assert theme is not None
        title = PageTitle.for_convention(theme.title, self.options.page_title, self.settings)
        self.adapter.source = adapter_source(theme, self.head_block)
        incremental = Incremental(
            model, self.context, self.env, (MENU_KEY, parallel.OUTPUT_KEY), OWN_JINJA
        )
        watched = others_listen(signals.feed_generated) or others_listen(signals.feed_written)
        render, kept = incremental.select(self.jobs, keep_feeds=not watched)
        shared = [
            index for index, (job, _) in enumerate(render) if not (watched and job.kind == "feed")
        ]
        renderer = Renderer(self, model, title, self._coverage(model))
        return Output(renderer, incremental.manifest, render, kept, shared)

    def generate_output(self, writer: Any) -> None:
        if self.output is None:
            self.begin_output()  # nothing Pelican wrote told the plugin it began
        output = self.output
        if output is None:  # not in use, or stopped
            return
        with stop_cleanly(self._skip_pages):
            workers = output.workers
            if workers is not None and not parallel.writes_as_pelican(writer):
                logger.info(
                    "pelican-coopregions writes its pages in Pelican's process: the site's "
                    "writer (%s) writes otherwise than the workers' would",
                    type(writer).__name__,
                )
                workers.stop()
                workers.finish()  # every file they wrote is written again below
                workers = output.workers = None
            if workers is None:
                for job, digest in output.render:
                    output.record(job, digest, output.renderer.write(job, writer))
            else:
                self._write_beside(output, workers, writer)
            manifest = output.manifest
            announce = others_listen(signals.content_written)
            for job, digest, states in output.kept:
                if manifest is None:
                    continue
                if announce:  # they hear of it as in a full build
                    output.record(job, digest, output.renderer.write(job, writer, kept=True))
                else:
                    manifest.current[job.save_as] = (digest, states)
        if output.manifest is not None:
            output.manifest.save()
        if self.settings.get("CACHE_CONTENT"):
            self.collation.save(self._keys, self._learnt_keys or 0)

    def _write_beside(self, output: Output, workers: parallel.Workers, writer: Any) -> None:
        """Write the jobs left to Pelican's process, then take chunks beside the workers; then
        the workers' files as if written here: announced to other plugins (through Pelican's
        writer, with their text), refused where Pelican or another plugin wrote a file, and
        recorded. The first failure in the plan's order is raised, as a serial build would."""
        renderer, render = output.renderer, output.render
        failures: list[parallel.Failure] = []
        shared = set(output.shared)
        for index, (job, digest) in enumerate(render):
            if index in shared:
                continue
            try:
                output.record(job, digest, renderer.write(job, writer))
            except Exception as error:  # raised below, in the plan's order
                failures.append(parallel.Failure(index, error))
                workers.stop()
                break
        done, failure = workers.run(lambda job: renderer.write(job, writer))
        theirs, more = workers.finish()
        failures += [
            parallel.Failure(output.shared[found.index] if found.index >= 0 else -1, found.error)
            for found in (*(() if failure is None else (failure,)), *more)
        ]
        for index, written in done:
            job, digest = render[output.shared[index]]
            output.record(job, digest, written)
        logger.info(
            "pelican-coopregions: %d worker process(es) wrote %d of its %d pages and feeds",
            workers.count,
            len(theirs),
            len(render),
        )
        first = min((found.index for found in failures), default=math.inf)
        announce = others_listen(signals.content_written)
        for index, written in sorted(theirs):
            place = output.shared[index]
            if place > first:
                break
            job, digest = render[place]
            if announce:  # through Pelican's writer, which refuses a file written already
                written = renderer.write(job, writer, kept=True)
            elif any(written_before(writer, path) for path in written):
                raise overwrite_error(job)
            else:
                claim_written(writer, written)
            output.record(job, digest, written)
        if failures:
            raise min(failures, key=lambda found: found.index).error

    def _coverage(self, model: BuildModel) -> dict[str, LanguageCoverage]:
        """Each language's coverage map of the kind that has one (the countries)."""
        mapped = [taxonomy for taxonomy in self.taxonomies if taxonomy.coverage_map]
        if not (self.options.map and mapped):
            return {}
        coverage = Coverage(WorldMap.load(), model.registry)
        name = mapped[0].name
        maps = {}
        for lang, language in model.languages.items():
            maps[lang] = LanguageCoverage(
                coverage,
                lang,
                {slug: term for (kind, slug), term in language.terms.items() if kind == name},
                {
                    slug: listing.articles
                    for (kind, slug), listing in language.listings.items()
                    if kind == name
                },
                self.catalogs[lang],
            )
        return maps
