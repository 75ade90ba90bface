"""Article metadata -> records: the plugin's one contact with what authors write.

Pelican lower-cases metadata names and leaves unknown fields as text (Markdown, reST fields,
``EXTRA_PATH_METADATA``). Each field has a plural and a singular spelling; both are read and
joined, except in reST, where ``:organization:`` is one of docutils' standard bibliographic
fields (the author's affiliation, next to ``:author:`` and ``:address:``) and so never ours:
there only ``:organizations:`` is. Values are always parsed from ``content.metadata``, never
from attributes, so an article restored from Pelican's content cache is parsed afresh against
the current data files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import MetadataError
from .lookup import Record
from .models import Organization, Region
from .parsing import FieldRule
from .registry import Registry

FIELDS = {
    "regions": ("regions", "region"),
    "countries": ("countries", "country"),
    "organizations": ("organizations", "organization"),
}

# docutils' bibliographic fields (docutils.transforms.frontmatter.DocInfo.biblio_nodes), in
# the names Pelican's reST reader gives them whatever the document language. Only
# "organization" meets one of ours; "region" and "country" are not among them.
DOCUTILS_BIBLIOGRAPHIC = frozenset(
    {
        "abstract",
        "address",
        "author",
        "authors",
        "contact",
        "copyright",
        "date",
        "dedication",
        "organization",
        "revision",
        "status",
        "version",
    }
)


def spellings(field: str, metadata: Mapping[str, Any]) -> tuple[str, ...]:
    """The metadata names of ``field`` in this article: Pelican's ``reader`` says if it is reST."""
    names = FIELDS[field]
    if metadata.get("reader") == "rst":
        return tuple(name for name in names if name not in DOCUTILS_BIBLIOGRAPHIC)
    return names


def names_places(metadata: Mapping[str, Any]) -> bool:
    """Whether an article writes any of the three fields (even empty): the plugin is in use."""
    return any(name in metadata for field in FIELDS for name in spellings(field, metadata))


@dataclass(frozen=True, slots=True)
class ArticleRefs:
    """What one article names, as written (duplicates removed, unknown values dropped)."""

    regions: tuple[Region, ...] = ()
    countries: tuple[Region, ...] = ()
    organizations: tuple[Organization, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.regions or self.countries or self.organizations)


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad value in one file, for a log line or the checker's report.

    ``written_in`` names where the value was written when that is not the file itself (a
    Pelican setting that gives metadata to every file in a folder).
    """

    source: str
    field: str
    error: MetadataError
    written_in: str | None = None

    def __str__(self) -> str:
        if self.written_in:
            return f"{self.written_in}: {self.field.capitalize()}: {self.error} (for {self.source})"
        return f"{self.source}: {self.field.capitalize()}: {self.error}"


NO_REFS = ArticleRefs()


def merge_refs(refs: Iterable[ArticleRefs]) -> ArticleRefs:
    """Everything several versions of one story name, in first-seen order."""
    regions: dict[str, Region] = {}
    countries: dict[str, Region] = {}
    organizations: dict[str, Organization] = {}
    for ref in refs:
        regions.update((r.slug, r) for r in ref.regions if r.slug not in regions)
        countries.update((c.slug, c) for c in ref.countries if c.slug not in countries)
        organizations.update((o.slug, o) for o in ref.organizations if o.slug not in organizations)
    return ArticleRefs(
        tuple(regions.values()), tuple(countries.values()), tuple(organizations.values())
    )


def field_values(metadata: Mapping[str, Any], field: str) -> list[str]:
    """The raw texts of ``field`` under its spellings, whatever type a reader left."""
    texts: list[str] = []
    for name in spellings(field, metadata):
        value = metadata.get(name)
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, Iterable):
            texts.extend(str(item) for item in value)
        elif value is not None:
            texts.append(str(value))
    return texts


def _parse_field(
    rule: FieldRule[Record], texts: list[str], source: str, problems: list[Problem]
) -> tuple[Record, ...]:
    found: dict[str, Record] = {}
    for text in texts:
        parsed = rule.parse(text)
        for record in parsed.items:
            found.setdefault(record.slug, record)
        problems.extend(Problem(source, rule.field, error) for error in parsed.errors)
    return tuple(found.values())


def read_refs(
    registry: Registry, metadata: Mapping[str, Any], source: str
) -> tuple[ArticleRefs, list[Problem]]:
    """Parse the three fields of one article; return what was found and every problem."""
    if not names_places(metadata):
        return NO_REFS, []
    problems: list[Problem] = []
    refs = ArticleRefs(
        regions=_parse_field(
            registry.region_rule, field_values(metadata, "regions"), source, problems
        ),
        countries=_parse_field(
            registry.country_rule, field_values(metadata, "countries"), source, problems
        ),
        organizations=_parse_field(
            registry.organization_rule,
            field_values(metadata, "organizations"),
            source,
            problems,
        ),
    )
    return refs, problems
