"""The kinds of term the plugin writes pages for, each described once.

Like Pelican's URL wrappers (``Category``, ``Tag``, ``Author``) and Nikola's ``Taxonomy``
plugins, one description per kind says everything that differs between kinds: where its terms
come from, what an article names of it, how its terms nest (rollup), what a page shows beside
its listing, what its index shows and what its JSON-LD says. Settings, URL words, templates,
feeds and year pages follow from its two names (``region``: ``REGION_URL``, ``region.html``,
``region_year.html``; ``regions``: ``REGIONS_URL``, ``{regions}``, ``regions.html``).

Everything else (the build model, the plan, validation, incremental output, rendering) is
written once for every kind: a third kind of term is one more description, named in
``COOPREGIONS_TAXONOMIES`` (:func:`site_taxonomies`).
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from babel.support import NullTranslations

from ..core.metadata import ArticleRefs
from ..core.models import Organization, Region
from ..core.registry import Registry
from ..core.tree import index_tree
from .jsonld import organization, place
from .settings import PREFIX, PluginSettings, SettingsError

if TYPE_CHECKING:
    from .terms import Term

# A breadcrumb shows at most this many links: World and the nearest regions above the page.
BREADCRUMB_LINKS = 8

TermKey = tuple[str, str]  # (taxonomy name, record slug)


@dataclass(frozen=True, slots=True)
class Related:
    """Terms a page shows beside its own listing (a breadcrumb, its parts, a country).

    They are template variables of the page (lists of entries, or one entry or ``None`` when
    ``single``) and inputs it is made from: a page is written again when one of them changes
    (its name, its count, whether it has a page).
    """

    taxonomy: str
    records: tuple[Any, ...]
    single: bool = False
    sort: bool = False  # in the page language's order (else as given)
    with_articles: bool = False  # only those listing articles in the page's language


class IndexView(ABC):
    """What an index page's variables are made with (see :meth:`Taxonomy.index_variables`)."""

    lang: str
    registry: Registry

    @abstractmethod
    def entry(self, taxonomy: str, record: Any, depth: int = 0) -> Any:
        """The entry of ``record`` (its term, count and whether it has a page)."""

    @abstractmethod
    def has_page(self, taxonomy: str, record: Any) -> bool: ...

    @abstractmethod
    def sort_key(self, text: str) -> bytes: ...

    @abstractmethod
    def coverage_map(self) -> Any:
        """The regions index's map (``None`` when COOPREGIONS_MAP is off or nothing to show)."""


class Taxonomy(ABC):
    """One kind of term: subclass it and set the class attributes."""

    name: ClassVar[str]  # "region": setting prefix, page template, page variable
    plural: ClassVar[str]  # "regions": URL word, index template and settings
    # Article attributes that get this kind's terms, each from what the article names.
    article_fields: ClassVar[tuple[str, ...]] = ()
    # The template variable of the terms inside a term (its parts), if any.
    parts_variable: ClassVar[str] = "parts"
    # Its pages and index show the coverage map of countries.
    coverage_map: ClassVar[bool] = False

    @property
    def prefix(self) -> str:
        """``REGION``: ``REGION_URL``, ``REGION_SAVE_AS``, ``REGION_YEAR_URL``..."""
        return self.name.upper()

    @property
    def index_prefix(self) -> str:
        """``REGIONS``: ``REGIONS_URL``, ``REGIONS_SAVE_AS``..."""
        return self.plural.upper()

    def year_template(self) -> str:
        return f"{self.name}_year"

    def index_title(self, catalog: NullTranslations) -> str:
        """The index's title in a menu, in the catalog's language."""
        return catalog.gettext(self.plural.capitalize())

    def path_settings(self) -> dict[str, tuple[str | None, tuple[str, ...]]]:
        """The Pelican-style URL settings of this kind (like ``CATEGORY_URL``), each with its
        default and the placeholders it may use besides ``{lang}`` and the URL words
        (``{regions}``: the word of the page's own language)."""
        word, prefix, index = "{" + self.plural + "}", self.prefix, self.index_prefix
        page, year = f"{word}/{{slug}}/", f"{word}/{{slug}}/{{year}}/"
        found: dict[str, tuple[str | None, tuple[str, ...]]] = {}
        for lang, infix in (("", ""), ("{lang}/", "LANG_")):
            found |= {
                f"{prefix}_{infix}URL": (lang + page, ("slug",)),
                f"{prefix}_{infix}SAVE_AS": (lang + page + "index.html", ("slug",)),
                f"{index}_{infix}URL": (f"{lang}{word}/", ()),
                f"{index}_{infix}SAVE_AS": (f"{lang}{word}/index.html", ()),
                f"{prefix}_{infix}FEED_ATOM": (lang + page + "feed.atom.xml", ("slug",)),
                f"{prefix}_{infix}FEED_RSS": (None, ("slug",)),
                f"{prefix}_YEAR_{infix}URL": (lang + year, ("slug", "year")),
                f"{prefix}_YEAR_{infix}SAVE_AS": (lang + year + "index.html", ("slug", "year")),
            }
        return found

    # Terms and what articles name ------------------------------------------------------------

    @abstractmethod
    def records(self, registry: Registry) -> Sequence[Any]:
        """Every term, in the order pages are planned (records with ``slug``, ``name(lang)``,
        ``description(lang)``, ``slug_written``; frozen dataclasses or pydantic models)."""

    @abstractmethod
    def named(
        self, registry: Registry, refs: ArticleRefs, options: PluginSettings
    ) -> Iterable[Any]:
        """The terms one article version names."""

    def article_terms(self, refs: ArticleRefs) -> Mapping[str, Sequence[Any]]:
        """``article_fields`` -> the records each holds for one article."""
        return {}

    def containers(self, registry: Registry, record: Any, known: dict[str, None]) -> list[str]:
        """Slugs of the terms containing ``record`` not yet in ``known``, now added to it: with
        rollup a story is listed on them too."""
        return []

    def parts(self, registry: Registry, record: Any) -> Sequence[Any]:
        """The terms directly inside ``record``; a term with parts has a capped listing."""
        return ()

    def empty_pages(self, options: PluginSettings) -> Literal["skip", "render"]:
        """Whether a term without articles gets a page."""
        return "skip"

    def renamed(self, registry: Registry) -> Iterable[tuple[Any, Any, str]]:
        """Built-in terms a site's data file renamed: (before, after, the entry that did)."""
        return ()

    def mapped(self, registry: Registry) -> Sequence[Any]:
        """The terms the coverage map draws (with ``coverage_map``): its inputs."""
        return ()

    def fixed_slug(self, record: Any, lang: str) -> str | None:
        """The slug of ``record``'s page in ``lang`` when the kind fixes it (never its name's,
        which a new release of CLDR may change), else ``None``."""
        return None

    # What pages show ---------------------------------------------------------------------------

    def related(self, registry: Registry, record: Any) -> Mapping[str, Related]:
        """Template variable -> the terms a page of ``record`` shows beside its listing."""
        parts = tuple(self.parts(registry, record))
        return {self.parts_variable: Related(self.name, parts, sort=True)} if parts else {}

    def about(self, registry: Registry, term: Term, url: str) -> dict[str, Any]:
        """What a page of ``term`` (at ``url``) is about, for its JSON-LD (schema.org)."""
        return {"@type": "Thing", "name": str(term.name), "url": url}

    def index_variables(self, view: IndexView) -> dict[str, Any]:
        """The index page's own variables: ``entries``, every term with a page, sorted."""
        entries = [
            view.entry(self.name, record)
            for record in self.records(view.registry)
            if view.has_page(self.name, record)
        ]
        entries.sort(key=lambda entry: view.sort_key(str(entry.term.name)))
        return {"entries": entries}


class Regions(Taxonomy):
    """The world's regions and countries (UN M.49) and the site's own regions."""

    name = "region"
    plural = "regions"
    article_fields = ("regions", "countries")
    parts_variable = "subregions"
    coverage_map = True

    def records(self, registry: Registry) -> Sequence[Region]:
        return registry.regions

    def named(
        self, registry: Registry, refs: ArticleRefs, options: PluginSettings
    ) -> Iterator[Region]:
        yield from refs.regions
        yield from refs.countries
        if options.infer_from_organizations:
            for org in refs.organizations:
                if (country := registry.country_of(org)) is not None:
                    yield country

    def article_terms(self, refs: ArticleRefs) -> Mapping[str, Sequence[Region]]:
        return {"regions": refs.regions, "countries": refs.countries}

    def containers(self, registry: Registry, record: Region, known: dict[str, None]) -> list[str]:
        return registry.containing(record, known)

    def parts(self, registry: Registry, record: Region) -> Sequence[Region]:
        return registry.children(record)

    def empty_pages(self, options: PluginSettings) -> Literal["skip", "render"]:
        return options.empty_regions

    def fixed_slug(self, record: Region, lang: str) -> str | None:
        return record.fixed_slug(lang)

    def renamed(self, registry: Registry) -> Iterable[tuple[Region, Region, str]]:
        return ((before, registry.region(before.slug), where) for before, where in registry.renamed)

    def mapped(self, registry: Registry) -> Sequence[Region]:
        return [region for region in registry.regions if region.is_country]

    def index_title(self, catalog: NullTranslations) -> str:
        # TRANSLATORS: the menu entry and heading of the index of regions
        return catalog.gettext("Regions")

    def related(self, registry: Registry, record: Region) -> Mapping[str, Related]:
        # The parent chain (World › Americas › Latin America and the Caribbean › Caribbean),
        # its widest and nearest links only when a site's regions nest deeper.
        lineage = registry.lineage(record)
        if len(lineage) > BREADCRUMB_LINKS:
            lineage = (lineage[0], *lineage[len(lineage) - BREADCRUMB_LINKS + 1 :])
        return {
            "breadcrumb": Related(self.name, lineage),
            self.parts_variable: Related(
                self.name, registry.children(record), sort=True, with_articles=True
            ),
        }

    def about(self, registry: Registry, term: Term, url: str) -> dict[str, Any]:
        return place(str(term.name), url, term.record.code, term.description)

    def index_variables(self, view: IndexView) -> dict[str, Any]:
        rows = index_tree(
            view.registry,
            lambda region: view.has_page(self.name, region),
            lambda region: view.sort_key(region.name(view.lang)),
        )
        return {
            "tree": [view.entry(self.name, row.region, row.depth) for row in rows],
            "coverage_map": view.coverage_map(),
        }


class Organizations(Taxonomy):
    """The site's organizations (its organizations file), grouped in federations."""

    name = "organization"
    plural = "organizations"
    article_fields = ("organizations",)
    parts_variable = "members"

    def records(self, registry: Registry) -> Sequence[Organization]:
        return registry.organizations

    def named(
        self, registry: Registry, refs: ArticleRefs, options: PluginSettings
    ) -> Sequence[Organization]:
        return refs.organizations

    def article_terms(self, refs: ArticleRefs) -> Mapping[str, Sequence[Organization]]:
        return {"organizations": refs.organizations}

    def containers(
        self, registry: Registry, record: Organization, known: dict[str, None]
    ) -> list[str]:
        found = []
        parent = registry.federation_of(record)
        while parent is not None and parent.slug not in known:
            known[parent.slug] = None
            found.append(parent.slug)
            parent = registry.federation_of(parent)
        return found

    def parts(self, registry: Registry, record: Organization) -> Sequence[Organization]:
        return registry.members_of(record)

    def empty_pages(self, options: PluginSettings) -> Literal["skip", "render"]:
        return options.empty_organizations

    def index_title(self, catalog: NullTranslations) -> str:
        # TRANSLATORS: the menu entry and heading of the index of organizations
        return catalog.gettext("Organizations")

    def related(self, registry: Registry, record: Organization) -> Mapping[str, Related]:
        country, federation = registry.country_of(record), registry.federation_of(record)
        return {
            "country": Related(Regions.name, (country,) if country else (), single=True),
            "federation": Related(self.name, (federation,) if federation else (), single=True),
            self.parts_variable: Related(self.name, registry.members_of(record), sort=True),
        }

    def about(self, registry: Registry, term: Term, url: str) -> dict[str, Any]:
        record: Organization = term.record
        country = registry.country_of(record)
        federation = registry.federation_of(record)
        return organization(
            name=str(term.name),
            url=url,
            acronym=record.acronym,
            country_code=country.alpha2 if country else None,
            locality=record.locality,
            founded=record.founded,
            website=record.website,
            description=term.description,
            parent=federation.name(term.lang) if federation else None,
        )

    def index_variables(self, view: IndexView) -> dict[str, Any]:
        """The organizations by country, countries in the page language's order, those of no
        country ("International") last."""
        groups: dict[str | None, list[Any]] = {}
        for org in view.registry.organizations:
            groups.setdefault(org.country, []).append(view.entry(self.name, org))
        by_country = []
        for country_slug, entries in groups.items():
            entries.sort(key=lambda entry: view.sort_key(str(entry.term.name)))
            country = (
                view.entry(Regions.name, view.registry.region(country_slug))
                if country_slug
                else None
            )
            by_country.append((country, entries))
        by_country.sort(
            key=lambda group: (
                group[0] is None,
                view.sort_key(str(group[0].term.name)) if group[0] else b"",
            )
        )
        return {"organizations_by_country": by_country}


# The plugin's own kinds, in the order their pages are planned.
TAXONOMIES: tuple[Taxonomy, ...] = (Regions(), Organizations())


def site_taxonomies(options: PluginSettings) -> tuple[Taxonomy, ...]:
    """The plugin's kinds, then those ``COOPREGIONS_TAXONOMIES`` names (``module:Class``);
    raises :class:`.settings.SettingsError` for one that cannot be used."""
    found = list(TAXONOMIES)
    for path in options.taxonomies:
        module, _, name = path.partition(":")
        try:
            kind = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError, ValueError) as error:
            raise SettingsError(
                f"{PREFIX}TAXONOMIES: cannot import {path!r} ({error}); write "
                "'package.module:ClassName' of a Taxonomy subclass importable from the site"
            ) from None
        if not (isinstance(kind, type) and issubclass(kind, Taxonomy)):
            raise SettingsError(f"{PREFIX}TAXONOMIES: {path!r} is no Taxonomy subclass")
        taxonomy = kind()
        taken = {name for known in found for name in (known.name, known.plural)}
        if {taxonomy.name, taxonomy.plural} & taken:
            raise SettingsError(
                f"{PREFIX}TAXONOMIES: {path!r} is named {taxonomy.name!r}/{taxonomy.plural!r}, "
                "as a kind the site has already"
            )
        found.append(taxonomy)
    return tuple(found)
