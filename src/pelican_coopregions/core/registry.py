"""The registry: the built-in world plus a site's data files, with look-ups and the hierarchy.

A registry is built once per Pelican run and never changes afterwards; everything derived
(look-up indexes, children, the order of the hierarchy) is computed here, so per-article work
is dictionary look-ups only. Every walk over regions and federations is iterative and visits
each one once: a data file may hold chains thousands deep and groups of groups, and neither
may make a build slower than linear in the file, nor exhaust Python's recursion limit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .datafiles import (
    MAX_SLUG_LENGTH,
    OrganizationEntry,
    RegionEntry,
    entry_line,
    read_organizations,
    read_regions,
)
from .errors import DataFileError, MetadataError, shown
from .keys import lookup_key, slugify
from .languages import language_chain
from .lookup import KeyCollision, LookupIndex, Record, claims, index_of, site_claims
from .models import DEFAULT_LANGUAGE, Organization, Region
from .parsing import FieldRule
from .vocabulary import ALIAS, DISPLAY, NAME, Name, Vocabulary
from .world import load_world

DEFAULT_LANGUAGES = ("en", "es")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was defined, for messages that must name both sides of a conflict.

    ``kind`` and ``number`` (``"region"``, 3) find the entry's line in its file, read again
    only when an error is raised.
    """

    path: Path | None
    entry: str
    kind: str = ""
    number: int = 0

    def __str__(self) -> str:
        return f"{self.path}: {self.entry}" if self.path else self.entry

    def error(self, problem: str, field: str | None = None) -> DataFileError:
        """A data-file error about this entry, at the line of ``field`` when found."""
        if self.path is None:
            return DataFileError("<registry>", problem, entry=self.entry, field=field)
        line = entry_line(self.path, self.kind, self.number, field) if self.number else None
        return DataFileError(self.path, problem, entry=self.entry, field=field, line=line)


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
        renamed: Sequence[tuple[Region, str]] = (),
    ) -> None:
        self.languages = tuple(dict.fromkeys((DEFAULT_LANGUAGE, *languages)))
        """The languages names are looked up in (English first), as tags."""
        self.renamed = tuple(renamed)
        """Built-in places as they were before a site's regions file renamed them, each with
        the entry that did: their pages in the renamed languages move."""
        self.regions = tuple(regions)
        """Every region, built-in and the site's, parents before children."""
        self.organizations = tuple(organizations)
        """Every organization of the site's file, in its order."""
        self.vocabulary = vocabulary or Vocabulary()
        """The names of the built-in places, shared names, hints and words (``vocabulary``)."""
        origins = origins or {}
        self._regions = _unique(self.regions, origins)
        self._organizations = _unique(self.organizations, origins)
        self._edited = _edited(origins)
        shown = shown_languages(self.languages)
        self._region_index = _index(self.regions, origins, self.vocabulary, shown)
        self._organization_index = _index(self.organizations, origins, self.vocabulary.words_only())
        self._containers = self._containing(origins)
        self._depth = _depths(self._containers, self._regions, origins)
        self._children = _children_of(self._containers, self.regions)
        self._subregions = _children_of(
            {region.slug: [region.parent] if region.parent else [] for region in self.regions},
            self.regions,
        )
        members: dict[str, list[Organization]] = {}
        for organization in self.organizations:
            if organization.parent is not None:
                members.setdefault(organization.parent, []).append(organization)
        self._members = {slug: tuple(group) for slug, group in members.items()}
        self._check_organizations(origins)
        self.region_rule = FieldRule("regions", self._region_index)
        """What ``Regions`` accepts: ``region_rule.parse(text)`` gives every problem."""
        self.country_rule = FieldRule("countries", self._region_index, _not_a_country)
        """What ``Countries`` accepts: countries only."""
        self.organization_rule = FieldRule("organizations", self._organization_index)
        """What ``Organizations`` accepts."""

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
        shown = shown_languages((DEFAULT_LANGUAGE, *languages))
        renamed: list[tuple[Region, str]] = []
        if regions is not None:
            all_regions = _apply_region_entries(
                all_regions, Path(regions), origins, world.vocabulary, shown, renamed
            )
        orgs: list[Organization] = []
        if organizations is not None:
            index = _index(all_regions, origins, world.vocabulary, shown)
            orgs = _organizations_from(
                Path(organizations), index, origins, world.vocabulary.words_only()
            )
        return cls(
            all_regions,
            orgs,
            languages=languages,
            origins=origins,
            vocabulary=world.vocabulary,
            renamed=renamed,
        )

    # Look-ups -----------------------------------------------------------------------------

    def region(self, key: str) -> Region:
        """The region (or country) known by ``key``: slug, code, name in any language, alias."""
        return self.region_rule.look_up(key)

    def organization(self, key: str) -> Organization:
        """The organization known by ``key``: slug, name, acronym or alias."""
        return self.organization_rule.look_up(key)

    def parse_regions(self, text: str) -> tuple[Region, ...]:
        """The regions (countries included) a ``Regions`` value names, in first-seen order
        without duplicates; raises :class:`~.errors.MetadataError` for the first item that
        names none (``region_rule.parse`` gives every item's problem instead)."""
        return self.region_rule.parse(text).or_raise()

    def parse_countries(self, text: str) -> tuple[Region, ...]:
        """The countries a ``Countries`` value names, like :meth:`parse_regions`; a region
        that is no country is refused, saying so."""
        return self.country_rule.parse(text).or_raise()

    def parse_organizations(self, text: str) -> tuple[Organization, ...]:
        """The organizations an ``Organizations`` value names, like :meth:`parse_regions`."""
        return self.organization_rule.parse(text).or_raise()

    def names_of(
        self, region: Region | Organization
    ) -> tuple[tuple[Name, tuple[Region, ...]], ...]:
        """Every name ``region`` answers to, each with the other places that share it.

        A shared name ("Congo") finds none of them: an author who writes it is asked which.
        A built-in name that a site's own region took is that region's, not listed here. An
        organization's names (slug, acronym, name in each language, aliases) are its own.
        """
        if isinstance(region, Organization):
            keys: dict[tuple[str, str | None], Name] = {}
            for claim in site_claims(region):
                name = claim.name
                if name.source == DISPLAY:
                    name = name._replace(source=NAME)
                keys.setdefault((lookup_key(name.text), name.lang), name)
            return tuple((name, ()) for name in keys.values())
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
        """The region ``region`` is in, in the M.49 tree (a group it belongs to is none)."""
        return self._regions[region.parent] if region.parent else None

    def ancestors(self, region: Region) -> tuple[Region, ...]:
        """Every region containing ``region`` (parents and groups), deepest first, ending at
        World. Walked on demand: a chain thousands deep is never stored for every region."""
        found = list(self._up(region.slug))
        found.sort(key=lambda slug: -self._depth[slug])
        return tuple(self._regions[slug] for slug in found)

    def containing(self, region: Region, known: dict[str, None]) -> list[str]:
        """The slugs of the regions containing ``region`` that ``known`` lacks, now added to it.

        A walk stops at a region already in ``known``: over one story's places each container
        is walked once, however deep the hierarchy.
        """
        found = list(self._up(region.slug, known))
        known.update(dict.fromkeys(found))
        return found

    def _up(self, slug: str, known: Iterable[str] = ()) -> Iterator[str]:
        """The slugs containing ``slug``, breadth first, each once, stopping at ``known``."""
        seen = set(known)
        seen.add(slug)
        queue = deque(self._containers[slug])
        while queue:
            up = queue.popleft()
            if up not in seen:
                seen.add(up)
                yield up
                queue.extend(self._containers[up])

    def lineage(self, region: Region) -> tuple[Region, ...]:
        """The ``parent`` chain above ``region``, widest first: World › Americas › Latin
        America and the Caribbean › Caribbean for Cuba. Groups that contain the place (North
        America) are no link of it."""
        chain: list[Region] = []
        parent = region.parent
        while parent is not None:
            up = self._regions[parent]
            chain.append(up)
            parent = up.parent
        chain.reverse()
        return tuple(chain)

    def children(self, region: Region) -> tuple[Region, ...]:
        """Regions directly inside ``region``: its M.49 children and, for a group, its members."""
        return self._children.get(region.slug, ())

    def subregions(self, region: Region) -> tuple[Region, ...]:
        """Regions whose ``parent`` is ``region`` (not a group's members)."""
        return self._subregions.get(region.slug, ())

    def bottom_up(self) -> Iterator[Region]:
        """Every region, each after every region inside it (deepest chains first)."""
        return (self._regions[slug] for slug in reversed(self._depth))

    def depth(self, region: Region) -> int:
        """The length of the longest chain of containers above ``region`` (World: 0)."""
        return self._depth[region.slug]

    def country_of(self, organization: Organization) -> Region | None:
        """The country an organization is in, when its file says."""
        return self._regions[organization.country] if organization.country else None

    def federation_of(self, organization: Organization) -> Organization | None:
        """The federation or network an organization belongs to, when its file says."""
        return self._organizations[organization.parent] if organization.parent else None

    def members_of(self, organization: Organization) -> tuple[Organization, ...]:
        """Organizations whose federation is ``organization``, in data-file order."""
        return self._members.get(organization.slug, ())

    # Checks -------------------------------------------------------------------------------

    def _containing(self, origins: dict[str, Origin]) -> dict[str, list[str]]:
        """Slug -> slugs of the regions directly containing it (parent, then groups)."""
        containers: dict[str, list[str]] = {slug: [] for slug in self._regions}
        for region in self.regions:
            if region.parent is not None:
                if region.parent not in self._regions:
                    raise _problem(
                        origins, region, f"parent {region.parent!r} does not exist", "parent"
                    )
                containers[region.slug].append(region.parent)
            for member in region.members:
                if member not in self._regions:
                    raise _problem(origins, region, f"member {member!r} does not exist", "members")
                containers[member].append(region.slug)
        return containers

    def _check_organizations(self, origins: dict[str, Origin]) -> None:
        """Countries are countries, parents exist, federations form no cycle.

        Each organization is walked up only until an organization already checked: the whole
        check visits each one once, however long the federation chains.
        """
        checked: set[str] = set()
        for organization in self.organizations:
            country = organization.country
            if country is not None and (
                country not in self._regions or not self._regions[country].is_country
            ):
                raise _problem(
                    origins, organization, f"country {country!r} is not a country", "country"
                )
            chain = [organization.slug]
            on_chain = {organization.slug}
            parent = organization.parent
            while parent is not None and parent not in checked:
                if parent not in self._organizations:
                    raise _problem(
                        origins, organization, f"parent {parent!r} does not exist", "parent"
                    )
                if parent in on_chain:
                    loop = chain[chain.index(parent) :]
                    first = self._organizations[loop[0]]
                    other = self._organizations[loop[-1]]
                    raise _problem(
                        origins,
                        first,
                        f"federation cycle: {' -> '.join([*loop, parent])} "
                        f"(see also {_origin(origins, other)})",
                        "parent",
                    )
                chain.append(parent)
                on_chain.add(parent)
                parent = self._organizations[parent].parent
            checked.update(chain)


def _origin(origins: dict[str, Origin], record: Region | Organization) -> Origin:
    is_region = isinstance(record, Region)
    key = record.slug if is_region else _organization_key(record.slug)
    if key in origins:
        return origins[key]
    kind = "region" if is_region else "organization"
    return Origin(None, f"{kind} {record.name()!r}")


def _problem(
    origins: dict[str, Origin],
    record: Region | Organization,
    text: str,
    field: str | None = None,
) -> DataFileError:
    return _origin(origins, record).error(text, field)


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
                "slug",
            )
    return by_slug


def shown_languages(languages: Iterable[str]) -> Callable[[str | None], bool]:
    """Whether the pages of a site in ``languages`` show a language's names: each language and
    those it falls back to (``pt-BR`` pages show ``pt`` names)."""
    return frozenset(
        tag for lang in languages for tag in language_chain(lang, last=None)
    ).__contains__


def _index(
    records: Sequence[Record],
    origins: dict[str, Origin],
    vocabulary: Vocabulary,
    shown: Callable[[str | None], bool] = lambda lang: False,
) -> LookupIndex[Record]:
    """The look-up index of ``records`` (the built-in vocabulary's names for regions)."""
    try:
        return index_of(records, vocabulary, _edited(origins).__contains__, shown)
    except KeyCollision as collision:
        raise _problem(
            origins,
            collision.second,
            f"{collision.key!r} already names {_origin(origins, collision.first)}; "
            "give one of them another name, alias or slug",
        ) from None


def _depths(
    containers: dict[str, list[str]], regions: dict[str, Region], origins: dict[str, Origin]
) -> dict[str, int]:
    """Slug -> the longest chain of containers above it; refuses a containment cycle.

    Kahn's algorithm: a region is placed once all its containers are, so each region and each
    containment is visited once, without recursion. What is left unplaced lies on a cycle or
    inside one.
    """
    waiting = {slug: len(ups) for slug, ups in containers.items()}
    inside: dict[str, list[str]] = {}
    for slug, ups in containers.items():
        for up in ups:
            inside.setdefault(up, []).append(slug)
    depth: dict[str, int] = {}
    ready = deque(slug for slug, count in waiting.items() if count == 0)
    while ready:
        slug = ready.popleft()
        depth[slug] = 1 + max((depth[up] for up in containers[slug]), default=-1)
        for below in inside.get(slug, ()):
            waiting[below] -= 1
            if waiting[below] == 0:
                ready.append(below)
    if len(depth) < len(regions):
        raise _cycle_error(containers, regions, origins, depth)
    return depth


def _cycle_error(
    containers: dict[str, list[str]],
    regions: dict[str, Region],
    origins: dict[str, Origin],
    placed: dict[str, int],
) -> DataFileError:
    """The error for one containment cycle among the regions Kahn's algorithm left unplaced.

    An unplaced region has an unplaced container, so walking up through unplaced containers
    must come back to a region already passed: that loop is a cycle.
    """
    slug = next(slug for slug in regions if slug not in placed)
    path: list[str] = []
    position: dict[str, int] = {}
    while slug not in position:
        position[slug] = len(path)
        path.append(slug)
        slug = next(up for up in containers[slug] if up not in placed)
    loop = path[position[slug] :]
    # Built-in regions cannot form a cycle alone: report it on an entry of a data file.
    start = next((s for s in loop if _origin(origins, regions[s]).path), loop[0])
    loop = loop[loop.index(start) :] + loop[: loop.index(start)]
    return _problem(
        origins,
        regions[start],
        f"parent cycle: {' -> '.join([*loop, start])} "
        f"(see also {_origin(origins, regions[loop[-1]])})",
        "parent",
    )


def _children_of(
    containers: dict[str, list[str]], regions: Sequence[Region]
) -> dict[str, tuple[Region, ...]]:
    children: dict[str, list[Region]] = {}
    for region in regions:
        for up in containers[region.slug]:
            children.setdefault(up, []).append(region)
    return {slug: tuple(kids) for slug, kids in children.items()}


# Building from data files -------------------------------------------------------------------


def _entry_slug(entry: RegionEntry | OrganizationEntry, origin: Origin) -> str:
    """The slug of a new record: as written, else made from its English name (required)."""
    english = entry.name.get(DEFAULT_LANGUAGE)
    if english is None:
        raise origin.error('an English name is required (name = "..." or name.en)', "name")
    if entry.slug is not None:
        return entry.slug
    slug = slugify(english)
    if not slug:
        raise origin.error(
            f'name {english!r} gives an empty slug: add slug = "..." in ASCII', "slug"
        )
    if len(slug) > MAX_SLUG_LENGTH:
        raise origin.error(
            f"name {shown(english)} gives a slug of {len(slug)} characters, too long for a "
            f'folder name (at most {MAX_SLUG_LENGTH}): add a shorter slug = "..."',
            "name",
        )
    return slug


def _resolve(index: LookupIndex[Record], text: str, origin: Origin, field: str, kind: str) -> str:
    try:
        return FieldRule(kind, index).look_up(text).slug
    except MetadataError as error:
        raise origin.error(str(error), field) from None


def _apply_region_entries(
    regions: list[Region],
    path: Path,
    origins: dict[str, Origin],
    vocabulary: Vocabulary,
    shown: Callable[[str | None], bool],
    renamed: list[tuple[Region, str]],
) -> list[Region]:
    """The regions with a regions file's entries applied; the built-in places it renamed are
    added to ``renamed``, as they were, with the entry."""
    entries = read_regions(path)
    by_slug = {region.slug: region for region in regions}
    index = _index(regions, origins, vocabulary, shown)
    pending: list[tuple[RegionEntry, str, Origin]] = []
    for number, entry in enumerate(entries, start=1):
        origin = Origin(path, entry.label("region", number), "region", number)
        if entry.extends is not None:
            slug = _resolve(index, entry.extends, origin, "extends", "regions")
            if entry.parent or entry.members or entry.slug:
                raise origin.error(
                    "a built-in region keeps its slug, parent and members: "
                    "only name, description and aliases can be changed",
                    "extends",
                )
            base = by_slug[slug]
            if (first := origins[slug]).path is not None:
                raise origin.error(
                    f"extends built-in region {base.name()!r} again: {first} already "
                    "does; write all its changes in one entry",
                    "extends",
                )
            origins[slug] = Origin(
                path,
                f"{origin.entry}, which extends built-in region {base.name()!r}",
                "region",
                number,
            )
            replaced = [old for lang, old in base.names.items() if entry.name.get(lang, old) != old]
            if any(base.names.get(lang) != name for lang, name in entry.name.items()):
                renamed.append((base, str(origins[slug])))
            changed = replace(
                base,
                names={**base.names, **entry.name},
                descriptions={**base.descriptions, **entry.description},
                aliases=tuple(dict.fromkeys((*base.aliases, *replaced, *entry.aliases))),
            )
            # A page whose name the site changed follows the new name.
            by_slug[slug] = replace(
                changed,
                page_slugs={
                    lang: fixed
                    for lang, fixed in base.page_slugs.items()
                    if base.name(lang) == changed.name(lang)
                },
            )
            continue
        slug = _entry_slug(entry, origin)
        if slug in by_slug:
            raise origin.error(
                f"slug {slug!r} is already used by {origins[slug]}"
                + (
                    f" (to rename or describe it, write extends = {slug!r})"
                    if by_slug[slug].kind != "custom"
                    else ""
                ),
                "slug" if entry.slug is not None else "name",
            )
        origins[slug] = origin
        by_slug[slug] = Region(
            slug=slug,
            kind="custom",
            names=entry.name,
            descriptions=entry.description,
            aliases=entry.aliases,
            slug_written=entry.slug is not None,
        )
        pending.append((entry, slug, origin))
    index = _index(list(by_slug.values()), origins, vocabulary, shown)
    for entry, slug, origin in pending:
        parent = _resolve(index, entry.parent or "001", origin, "parent", "regions")
        written: dict[str, str] = {}  # member slug -> how the entry wrote it
        for member in entry.members:
            member_slug = _resolve(index, member, origin, "members", "regions")
            if member_slug in written:
                raise origin.error(
                    f"{written[member_slug]!r} and {member!r} both name "
                    f"{by_slug[member_slug].name()!r}: list each member once",
                    "members",
                )
            written[member_slug] = member
        members = tuple(written)
        by_slug[slug] = replace(by_slug[slug], parent=parent, members=members)
    return list(by_slug.values())


def _organizations_from(
    path: Path, regions: LookupIndex[Region], origins: dict[str, Origin], words: Vocabulary
) -> list[Organization]:
    entries = read_organizations(path)
    organizations: dict[str, Organization] = {}
    parents: list[tuple[str, str, Origin]] = []
    for number, entry in enumerate(entries, start=1):
        origin = Origin(path, entry.label("organization", number), "organization", number)
        slug = _entry_slug(entry, origin)
        if slug in organizations:
            raise origin.error(
                f"slug {slug!r} is already used by {origins[_organization_key(slug)]}",
                "slug" if entry.slug is not None else "name",
            )
        country = None
        if entry.country is not None:
            country = _resolve(regions, entry.country, origin, "country", "countries")
        origins[_organization_key(slug)] = origin
        organizations[slug] = Organization(
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
            slug_written=entry.slug is not None,
        )
        if entry.parent is not None:
            parents.append((slug, entry.parent, origin))
    index = _index(list(organizations.values()), origins, words)
    for slug, parent, origin in parents:
        parent_slug = _resolve(index, parent, origin, "parent", "organizations")
        organizations[slug] = replace(organizations[slug], parent=parent_slug)
    return list(organizations.values())
