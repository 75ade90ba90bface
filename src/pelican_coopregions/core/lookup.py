"""Finding a record by anything people call it, and suggesting what they may have meant."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from .keys import lookup_key
from .models import Organization, Region

Record = TypeVar("Record", Region, Organization)

_MAX_SUGGESTIONS = 3
_SUGGESTION_CUTOFF = 0.75
_RUNNER_UP_MARGIN = 0.12


class KeyCollision(Exception):
    """Two different records answer to one key; carries both so callers can name them."""

    def __init__(self, key: str, first: Region | Organization, second: Region | Organization):
        super().__init__(key)
        self.key = key
        self.first = first
        self.second = second


def record_keys(record: Region | Organization) -> Iterable[str]:
    """Everything a record answers to: slug, codes, names in every language, aliases, acronym."""
    yield record.slug
    if isinstance(record, Region):
        yield from (code for code in (record.code, record.alpha2, record.alpha3) if code)
    elif record.acronym:
        yield record.acronym
    yield from record.names.values()
    yield from record.aliases


def _is_code(text: str) -> bool:
    return text.isdigit() or (text.isupper() and len(text) <= 3)


class LookupIndex(Generic[Record]):
    """Normalised key -> record, with close-match suggestions from names and aliases."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._by_key: dict[str, Record] = {}
        self._codes: set[str] = set()  # codes are found, never suggested
        for record in records:
            for text in record_keys(record):
                key = lookup_key(text)
                known = self._by_key.setdefault(key, record)
                if known.slug != record.slug:
                    raise KeyCollision(text, known, record)
                if _is_code(text):
                    self._codes.add(key)

    def get(self, text: str) -> Record | None:
        return self._by_key.get(lookup_key(text))

    def find(self, key: str) -> Record | None:
        """Like :meth:`get` for a key already made with :func:`~.keys.lookup_key`."""
        return self._by_key.get(key)

    def suggest(
        self, text: str, wanted: Callable[[Record], bool] = lambda record: True
    ) -> tuple[str, ...]:
        """Up to three distinct English names of ``wanted`` records whose keys are close."""
        target = lookup_key(text)
        matcher = difflib.SequenceMatcher(b=target, autojunk=False)
        scored: list[tuple[float, str]] = []
        for key, record in self._by_key.items():
            if key in self._codes:
                continue
            matcher.set_seq1(key)
            if (
                matcher.real_quick_ratio() >= _SUGGESTION_CUTOFF
                and matcher.quick_ratio() >= _SUGGESTION_CUTOFF
                and (score := matcher.ratio()) >= _SUGGESTION_CUTOFF
                and wanted(record)
            ):
                scored.append((score, record.name()))
        if not scored:
            return ()
        # Keep only the close runners-up: "Venezuala" suggests Venezuela, not also Senegal.
        best = max(score for score, _ in scored)
        ranked = sorted(
            (item for item in scored if item[0] >= best - _RUNNER_UP_MARGIN),
            key=lambda item: (-item[0], item[1]),
        )
        names = dict.fromkeys(name for _, name in ranked)
        return tuple(names)[:_MAX_SUGGESTIONS]
