"""Metadata text -> typed records: splitting lists the way Pelican splits tags, then look-ups.

Parsing never raises anything but :class:`~.errors.MetadataError`: whatever the text holds
(control characters, NUL, 10,000 characters, any script), each item is either found or reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic

from .errors import MetadataError, noun, shown
from .keys import lookup_key
from .lookup import LookupIndex, Record
from .text import mixed_script, nfc

_SUGGESTED_ITEMS = 10


def split_items(text: str) -> list[str]:
    """Split like Pelican's ``Tags``: on ``;`` when present, else on ``,``; drop empty items.

    Stray commas around ``;``-separated items (``"VE, ; PE"``) are separators too, not values.
    """
    separator = ";" if ";" in text else ","
    return [item for part in text.split(separator) if (item := part.strip().strip(",").strip())]


@dataclass(frozen=True, slots=True)
class Parsed(Generic[Record]):
    """The records a field names, in first-seen order without duplicates, and what was wrong."""

    items: tuple[Record, ...]
    errors: tuple[MetadataError, ...]

    def or_raise(self) -> tuple[Record, ...]:
        """The records, or the first error when any item was not found."""
        if self.errors:
            raise self.errors[0]
        return self.items


@dataclass(frozen=True, slots=True)
class FieldRule(Generic[Record]):
    """What one metadata field accepts: which index, and which records in it.

    ``refuse`` returns a sentence saying why a found record does not belong in this field
    (a region in ``Countries``), or ``None`` when it does. ``suggested`` keeps the
    suggestions made for each unknown value: a fuzzy search over thousands of names costs
    a tenth of a second, and a value renamed away is written in every article that named it,
    so each distinct value is searched once per registry (one build, one check).
    """

    field: str
    index: LookupIndex[Record]
    refuse: Callable[[Record], str | None] = lambda record: None
    suggested: dict[str, tuple[str, ...]] = dataclasses.field(
        default_factory=dict, compare=False, repr=False
    )

    def suggestions(self, item: str) -> tuple[str, ...]:
        """The names ``item`` may have meant, searched once per distinct value."""
        found = self.suggested.get(item)
        if found is None:
            found = self.suggested[item] = self.index.suggest(item, self._accepts)
        return found

    def _accepts(self, record: Record) -> bool:
        return self.refuse(record) is None

    def look_up(self, item: str, *, suggest: bool = True) -> Record:
        """The record ``item`` names in this field; raises :class:`MetadataError` when none,
        with the value in NFC (:func:`~.text.nfc`), as names are (a key ignores the form).

        A name several places share is refused with all of them named, unless only one of
        them belongs in this field ("Countries" takes no region).
        """
        item = nfc(item)
        record = self.index.get(item)
        if record is None:
            record = self._one_of(item, self.index.candidates(item))
        if record is None:
            suggestions = self.suggestions(item) if suggest or item in self.suggested else ()
            unknown = f"unknown {noun(self.field)} {shown(item)}"
            if odd := mixed_script(item):
                unknown += f", which mixes scripts: {odd}"
            raise MetadataError(self.field, item, suggestions, problem=unknown)
        if (problem := self.refuse(record)) is not None:
            raise MetadataError(self.field, item, problem=problem)
        return record

    def _one_of(self, item: str, candidates: tuple[Record, ...]) -> Record | None:
        fitting = [record for record in candidates if self._accepts(record)]
        if len(fitting) == 1 or len(candidates) == 1:
            return fitting[0] if fitting else candidates[0]
        if not candidates:
            return None
        names = [record.name() for record in fitting or candidates]
        problem = f"ambiguous {noun(self.field)} {shown(item)}: {len(names)} places have that name"
        raise MetadataError(self.field, item, names, problem=problem)

    def _whole_name(self, items: list[str], position: int, key: str) -> tuple[str, str, int]:
        """The known name that holds a comma and begins at ``items[position]`` (whose key is
        ``key``), its key, and how many more items it took: in "Fagor Electrodomésticos, S.
        Coop., Eroski" the first two items are one organization. The longest known name wins
        ("Hong Kong, RAE da China" before "Hong Kong"); none found, the item alone."""
        index = self.index
        ahead: list[str] = [
            lookup_key(item) for item in items[position + 1 : position + index.comma_parts]
        ]
        if index.comma_tails.isdisjoint(ahead):
            return items[position], key, 0
        for count in range(len(ahead), 0, -1):
            joined = key + ", " + ", ".join(ahead[:count])
            if index.is_comma_name(joined):
                return ", ".join(items[position : position + count + 1]), joined, count
        return items[position], key, 0

    def _split_at_commas(self, error: MetadataError) -> MetadataError:
        """An unknown item that a comma cut out of a name it suggests says so."""
        if not error.problem.startswith("unknown") or not any(
            "," in name for name in error.suggestions
        ):
            return error
        return MetadataError(
            error.field,
            error.value,
            error.suggestions,
            problem=f"{error.problem}, split from the value at a comma: a name that holds a "
            "comma is written whole, with ';' between the names",
        )

    def parse(self, text: str) -> Parsed[Record]:
        """Every record ``text`` names, and every problem, item by item."""
        found: dict[str, Record] = {}
        errors: list[MetadataError] = []
        seen: set[str] = set()
        items = split_items(text)
        # Split at commas, a list may hold a name that holds one.
        by_commas = len(items) > 1 and ";" not in text
        heads = self.index.comma_heads if by_commas else frozenset()
        # The common case, a name found as written, costs one key and one dictionary probe.
        exact, refuse = self.index.exact, self.refuse
        taken = 0
        for position, item in enumerate(items):
            if taken:  # part of the name before, which held a comma
                taken -= 1
                continue
            key = lookup_key(item)
            if key in heads:
                item, key, taken = self._whole_name(items, position, key)
            if key in seen:
                continue
            seen.add(key)
            record = exact(key)
            if record is None or refuse(record) is not None:
                # Suggestions cost a fuzzy search each: a value of thousands of unknown items
                # is still reported item by item, but only the first few get suggestions.
                try:
                    record = self.look_up(item, suggest=len(errors) < _SUGGESTED_ITEMS)
                except MetadataError as error:
                    errors.append(self._split_at_commas(error) if by_commas else error)
                    continue
            found.setdefault(record.slug, record)
        return Parsed(tuple(found.values()), tuple(errors))
