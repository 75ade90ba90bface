"""The registry: the built-in world plus a site's data files, with look-ups and the hierarchy.

A registry is built once per Pelican run and never changes afterwards; everything derived
(look-up indexes, ancestors, children) is computed here, so per-article work is dictionary
look-ups only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .datafiles import OrganizationEntry, RegionEntry, read_organizations, read_regions
from .errors import DataFileError, MetadataError, shown
from .keys import lookup_key, slugify
from .lookup import KeyCollision, LookupIndex, Record, claims, index_of
from .models import DEFAULT_LANGUAGE, Organization, Region
from .parsing import FieldRule
from .vocabulary import ALIAS, DISPLAY, Name, Vocabulary
from .world import load_world

DEFAULT_LANGUAGES = ("en", "es")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was defined, for messages that must name both sides of a conflict."""

    path: Path | None
    entry: str

    def __str__(self) -> str:
        return f"{self.path}: {self.entry}" if self.path else self.entry


def _builtin(region: Region) -> Origin:
    return Origin(None, f"built-in region {region.name()!r}")


def _organization_key(slug: str) -> str:
    """The key of an organization's origin: regions and organizations may share a slug."""
    return f"organization:{slug}"


def _not_a_country(region: Region) -> str | None:
    if region.is_country:
        return None
    return f"{region.name()!r} is a region, not a country (put it under Regions)"


class Registry:
    """Every known region and organization, and the questions a site asks about them."""

    def __init__(
        self,
        regions: Iterable[Region],
        organizations: Iterable[Organization] = (),
        *,
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        origins: dict[str, Origin] | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.languages = tuple(dict.fromkeys((DEFAULT_LANGUAGE, *languages)))
        self.regions = tuple(regions)
        self.organizations = tuple(organizations)
        self.vocabulary = vocabulary or Vocabulary()
        origins = origins or {}
        self._regions = _unique(self.regions, origins)
        self._organizations = _unique(self.organizations, origins)
        self._edited = _edited(origins)
        self._region_index = _index(self.regions, origins, self.vocabulary)
        self._organization_index = _index(self.organizations, origins)
        containers = self._containers(origins)
        self._ancestors = _ancestors(containers, self._regions, origins)
        self._children = _children_of(containers, self.regions)
        members: dict[str, list[Organization]] = {}
        for organization in self.organizations:
            if organization.parent is not None:
                members.setdefault(organization.parent, []).append(organization)
        self._members = {slug: tuple(group) for slug, group in members.items()}
        self._check_organizations(origins)
        self.region_rule = FieldRule("regions", self._region_index)
        self.country_rule = FieldRule("countries", self._region_index, _not_a_country)
        self.organization_rule = FieldRule("organizations", self._organization_index)

    # Construction -------------------------------------------------------------------------

    @classmethod
    def default(cls, languages: Sequence[str] = DEFAULT_LANGUAGES) -> Registry:
        """The built-in UN M.49 world, named in English, Spanish and ``languages``."""
        world = load_world(languages)
        return cls(world.regions, languages=languages, vocabulary=world.vocabulary)

    @classmethod
    def load(
        cls,
        regions: Path | str | None = None,
        organizations: Path | str | None = None,
        *,
        languages: Sequence[str] = DEFAULT_LANGUAGES,
    ) -> Registry:
        """The built-in world plus a site's regions and organizations files (either optional)."""
        world = load_world(languages)
        origins = {region.slug: _builtin(region) for region in world.regions}
        all_regions = list(world.regions)
        if regions is not None:
            all_regions = _apply_region_entries(
                all_regions, Path(regions), origins, world.vocabulary
            )
        orgs: list[Organization] = []
        if organizations is not None:
            index = _index(all_regions, origins, world.vocabulary)
            orgs = _organizations_from(Path(organizations), index, origins)
        return cls(
            all_regions, orgs, languages=languages, origins=origins, vocabulary=world.vocabulary
        )

    # Look-ups -----------------------------------------------------------------------------

    def region(self, key: str) -> Region:
        """The region (or country) known by ``key``: slug, code, name in any language, alias."""
        return self.region_rule.look_up(key)

    def organization(self, key: str) -> Organization:
        """The organization known by ``key``: slug, name, acronym or alias."""
        return self.organization_rule.look_up(key)

    def parse_regions(self, text: str) -> tuple[Region, ...]:
        return self.region_rule.parse(text).or_raise()

    def parse_countries(self, text: str) -> tuple[Region, ...]:
        return self.country_rule.parse(text).or_raise()

    def parse_organizations(self, text: str) -> tuple[Organization, ...]:
        return self.organization_rule.parse(text).or_raise()

    def names_of(self, region: Region) -> tuple[tuple[Name, tuple[Region, ...]], ...]:
        """Every name ``region`` answers to, each with the other places that share it.

        A shared name ("Congo") finds none of them: an author who writes it is asked which.
        A built-in name that a site's own region took is that region's, not listed here.
        """
        found: list[tuple[Name, tuple[Region, ...]]] = []
        # The names pages show now come first: a regions file may have replaced the built-in
        # ones, which then answer as aliases.
        shown = [Name(text, lang, DISPLAY) for lang, text in region.names.items()]
        seen: set[tuple[str, str | None]] = set()
        claimed = (
            claim.name for claim in claims([region], self.vocabulary, self._edited.__contains__)
        )
        for name in (*shown, *claimed):
            key = (lookup_key(name.text), name.lang)
            owner = self._region_index.get(name.text)
            if key in seen or owner not in (region, None):
                continue
            seen.add(key)
            if name.source == DISPLAY and name not in shown:
                name = name._replace(source=ALIAS)
            shared = () if owner else self._region_index.candidates(name.text)
            found.append((name, tuple(other for other in shared if other is not region)))
        return tuple(found)

    # Hierarchy ----------------------------------------------------------------------------

    def parent(self, region: Region) -> Region | None:
        return self._regions[region.parent] if region.parent else None

    def ancestors(self, region: Region) -> tuple[Region, ...]:
        """Every region containing ``region``, nearest first, ending at World."""
        return self._ancestors[region.slug]

    def children(self, region: Region) -> tuple[Region, ...]:
        """Regions directly inside ``region``: its M.49 children and, for a group, its members."""
        return self._children.get(region.slug, ())

    def country_of(self, organization: Organization) -> Region | None:
        return self._regions[organization.country] if organization.country else None

    def federation_of(self, organization: Organization) -> Organization | None:
        return self._organizations[organization.parent] if organization.parent else None

    def members_of(self, organization: Organization) -> tuple[Organization, ...]:
        """Organizations whose federation is ``organization``, in data-file order."""
        return self._members.get(organization.slug, ())

    # Checks -------------------------------------------------------------------------------

    def _containers(self, origins: dict[str, Origin]) -> dict[str, list[str]]:
        """Slug -> slugs of the regions directly containing it (parent, then groups)."""
        containers: dict[str, list[str]] = {slug: [] for slug in self._regions}
        for region in self.regions:
            if region.parent is not None:
                if region.parent not in self._regions:
                    raise _problem(origins, region, f"parent {region.parent!r} does not exist")
                containers[region.slug].append(region.parent)
            for member in region.members:
                if member not in self._regions:
                    raise _problem(origins, region, f"member {member!r} does not exist")
                containers[member].append(region.slug)
        return containers

    def _check_organizations(self, origins: dict[str, Origin]) -> None:
        for organization in self.organizations:
            country = organization.country
            if country is not None and (
                country not in self._regions or not self._regions[country].is_country
            ):
                raise _problem(origins, organization, f"country {country!r} is not a country")
            seen = [organization.slug]
            parent = organization.parent
            while parent is not None:
                if parent not in self._organizations:
                    raise _problem(origins, organization, f"parent {parent!r} does not exist")
                if parent in seen:
                    other = self._organizations[seen[-1]]
                    raise _problem(
                        origins,
                        organization,
                        f"federation cycle: {' -> '.join([*seen, parent])} "
                        f"(see also {_origin(origins, other)})",
                    )
                seen.append(parent)
                parent = self._organizations[parent].parent


def _origin(origins: dict[str, Origin], record: Region | Organization) -> Origin:
    is_region = isinstance(record, Region)
    key = record.slug if is_region else _organization_key(record.slug)
    if key in origins:
        return origins[key]
    kind = "region" if is_region else "organization"
    return Origin(None, f"{kind} {record.name()!r}")


def _problem(origins: dict[str, Origin], record: Region | Organization, text: str) -> DataFileError:
    origin = _origin(origins, record)
    return DataFileError(origin.path or "<registry>", text, entry=origin.entry)


def _edited(origins: dict[str, Origin]) -> frozenset[str]:
    """Slugs of the regions a site's data file defined or changed."""
    return frozenset(slug for slug, origin in origins.items() if origin.path is not None)


def _unique(records: Sequence[Record], origins: dict[str, Origin]) -> dict[str, Record]:
    by_slug: dict[str, Record] = {}
    for record in records:
        if (known := by_slug.setdefault(record.slug, record)) is not record:
            raise _problem(
                origins,
                record,
                f"slug {record.slug!r} is already used by {_origin(origins, known)}",
            )
    return by_slug


def _index(
    records: Sequence[Record], origins: dict[str, Origin], vocabulary: Vocabulary | None = None
) -> LookupIndex[Record]:
    """The look-up index of ``records`` (with the built-in vocabulary for regions)."""
    try:
        return index_of(records, vocabulary or Vocabulary(), _edited(origins).__contains__)
    except KeyCollision as collision:
        raise _problem(
            origins,
            collision.second,
            f"{collision.key!r} already names {_origin(origins, collision.first)}; "
            "give one of them another name, alias or slug",
        ) from None


def _ancestors(
    containers: dict[str, list[str]], regions: dict[str, Region], origins: dict[str, Origin]
) -> dict[str, tuple[Region, ...]]:
    """Slug -> ancestors ordered by depth below World (deepest, hence nearest, first)."""
    depth: dict[str, int] = {}
    visiting: list[str] = []

    def depth_of(slug: str) -> int:
        if slug in depth:
            return depth[slug]
        if slug in visiting:
            loop = visiting[visiting.index(slug) :]
            # Built-in regions cannot form a cycle alone: report it on an entry of a data file.
            start = next((s for s in loop if _origin(origins, regions[s]).path), slug)
            loop = loop[loop.index(start) :] + loop[: loop.index(start)]
            raise _problem(
                origins,
                regions[start],
                f"parent cycle: {' -> '.join([*loop, start])} "
                f"(see also {_origin(origins, regions[loop[-1]])})",
            )
        visiting.append(slug)
        depth[slug] = 1 + max((depth_of(up) for up in containers[slug]), default=-1)
        visiting.pop()
        return depth[slug]

    ancestors: dict[str, tuple[Region, ...]] = {}
    for slug in regions:
        depth_of(slug)
    for slug in regions:
        found: dict[str, None] = {}
        frontier = list(containers[slug])
        while frontier:
            up = frontier.pop(0)
            if up not in found:
                found[up] = None
                frontier.extend(containers[up])
        order = sorted(found, key=lambda s: -depth[s])
        ancestors[slug] = tuple(regions[s] for s in order)
    return ancestors


def _children_of(
    containers: dict[str, list[str]], regions: Sequence[Region]
) -> dict[str, tuple[Region, ...]]:
    children: dict[str, list[Region]] = {}
    for region in regions:
        for up in containers[region.slug]:
            children.setdefault(up, []).append(region)
    return {slug: tuple(kids) for slug, kids in children.items()}


# Building from data files -------------------------------------------------------------------


def _entry_slug(entry: RegionEntry | OrganizationEntry, path: Path, label: str) -> str:
    if entry.slug is not None:
        return entry.slug
    english = entry.name.get(DEFAULT_LANGUAGE)
    if english is None:
        raise DataFileError(
            path,
            'an English name is required (name = "..." or name.en)',
            entry=label,
            field="name",
        )
    slug = slugify(english)
    if not slug:
        raise DataFileError(
            path,
            f'name {english!r} gives an empty slug: add slug = "..." in ASCII',
            entry=label,
            field="slug",
        )
    return slug


def _resolve(
    index: LookupIndex[Record], text: str, path: Path, label: str, field: str, kind: str
) -> str:
    try:
        return FieldRule(kind, index).look_up(text).slug
    except MetadataError as error:
        raise DataFileError(path, str(error), entry=label, field=field) from None


# Record fields that a data file spells differently.
_FILE_FIELDS = {"names": "name", "descriptions": "description"}


def _record(model: type[Record], path: Path, label: str, **fields: Any) -> Record:
    """Build a record from a data-file entry, reporting a bad value in the entry's words."""
    try:
        return model(**fields)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        location = [_FILE_FIELDS.get(str(part), str(part)) for part in first["loc"]]
        problem = first["msg"].removeprefix("Value error, ")
        if str(first["input"]) not in problem:
            problem += f" (got {shown(str(first['input']))})"
        raise DataFileError(path, problem, entry=label, field=".".join(location) or None) from None


def _apply_region_entries(
    regions: list[Region], path: Path, origins: dict[str, Origin], vocabulary: Vocabulary
) -> list[Region]:
    entries = read_regions(path)
    by_slug = {region.slug: region for region in regions}
    index = _index(regions, origins, vocabulary)
    pending: list[tuple[RegionEntry, str, str]] = []
    for number, entry in enumerate(entries, start=1):
        label = entry.label("region", number)
        if entry.extends is not None:
            slug = _resolve(index, entry.extends, path, label, "extends", "regions")
            if entry.parent or entry.members or entry.slug:
                raise DataFileError(
                    path,
                    "a built-in region keeps its slug, parent and members: "
                    "only name, description and aliases can be changed",
                    entry=label,
                    field="extends",
                )
            base = by_slug[slug]
            origins[slug] = Origin(path, f"{label}, which extends built-in region {base.name()!r}")
            replaced = [old for lang, old in base.names.items() if entry.name.get(lang, old) != old]
            by_slug[slug] = base.model_copy(
                update={
                    "names": {**base.names, **entry.name},
                    "descriptions": {**base.descriptions, **entry.description},
                    "aliases": tuple(dict.fromkeys((*base.aliases, *replaced, *entry.aliases))),
                }
            )
            continue
        slug = _entry_slug(entry, path, label)
        if slug in by_slug:
            raise DataFileError(
                path,
                f"slug {slug!r} is already used by {origins[slug]}"
                + (
                    f" (to rename or describe it, write extends = {slug!r})"
                    if by_slug[slug].kind != "custom"
                    else ""
                ),
                entry=label,
            )
        origins[slug] = Origin(path, label)
        by_slug[slug] = _record(
            Region,
            path,
            label,
            slug=slug,
            kind="custom",
            names=entry.name,
            descriptions=entry.description,
            aliases=entry.aliases,
        )
        pending.append((entry, slug, label))
    index = _index(list(by_slug.values()), origins, vocabulary)
    for entry, slug, label in pending:
        parent = _resolve(index, entry.parent or "001", path, label, "parent", "regions")
        members = tuple(
            _resolve(index, member, path, label, "members", "regions") for member in entry.members
        )
        by_slug[slug] = by_slug[slug].model_copy(update={"parent": parent, "members": members})
    return list(by_slug.values())


def _organizations_from(
    path: Path, regions: LookupIndex[Region], origins: dict[str, Origin]
) -> list[Organization]:
    entries = read_organizations(path)
    organizations: dict[str, Organization] = {}
    parents: list[tuple[str, str, str]] = []
    for number, entry in enumerate(entries, start=1):
        label = entry.label("organization", number)
        slug = _entry_slug(entry, path, label)
        if slug in organizations:
            raise DataFileError(
                path,
                f"slug {slug!r} is already used by {origins[_organization_key(slug)]}",
                entry=label,
            )
        country = None
        if entry.country is not None:
            country = _resolve(regions, entry.country, path, label, "country", "countries")
        origins[_organization_key(slug)] = Origin(path, label)
        organizations[slug] = _record(
            Organization,
            path,
            label,
            slug=slug,
            names=entry.name,
            descriptions=entry.description,
            aliases=entry.aliases,
            acronym=entry.acronym,
            country=country,
            locality=entry.locality,
            founded=entry.founded,
            website=entry.website,
            sectors=entry.sectors,
        )
        if entry.parent is not None:
            parents.append((slug, entry.parent, label))
    index = _index(list(organizations.values()), origins)
    for slug, parent, label in parents:
        parent_slug = _resolve(index, parent, path, label, "parent", "organizations")
        organizations[slug] = organizations[slug].model_copy(update={"parent": parent_slug})
    return list(organizations.values())
