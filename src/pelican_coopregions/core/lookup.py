"""Finding a record by anything people call it, refusing names that belong to several.

Every text a record answers to is a *claim* on a key (``lookup_key``). A key claimed by one
record finds it. A key claimed by several built-in places ("Congo"; or "Áo", Austria in
Vietnamese, which folds onto Angola's code "AO") is *shared*: it finds nothing, and the author
is asked which place was meant; a code written as a code ("AO") still finds its place. One
exception keeps every heading writable back as metadata: a name that pages in one of the
site's languages show (Portuguese "Guiana", Guyana) finds its place even when another
language shares it among several ("Guiana" in English: Guyana, Suriname or French Guiana);
on a site without that language it stays shared. A name a site's own data file gives takes
precedence over the built-in vocabulary (its "Holland" is the site's, not the Netherlands'),
but may not take a built-in code, slug or a display name its pages show, nor another site
record's name: that is an error in the data file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Generic, TypeVar

from .keys import lookup_key
from .models import Organization, Region
from .vocabulary import ACRONYM, ALIAS, CODE, DISPLAY, SLUG, Name, Vocabulary, Words

if TYPE_CHECKING:
    from .suggestions import Suggester

Record = TypeVar("Record", Region, Organization)

# Built-in names that hold their key against any other: codes and slugs (and display names in
# the site's languages: see ``_firm``).
_FIRM_SOURCES = frozenset({CODE, SLUG})
# Found, never suggested: a suggestion is a name, and "PE" is no near miss of "PER".
_NEVER_SUGGESTED = frozenset({CODE, SLUG, ACRONYM})


class KeyCollision(Exception):
    """Two different records answer to one key; carries both so callers can name them."""

    def __init__(self, key: str, first: Region | Organization, second: Region | Organization):
        super().__init__(key)
        self.key = key
        self.first = first
        self.second = second


@dataclass(slots=True)
class Claim(Generic[Record]):
    """One name that finds ``record``; ``builtin`` when it comes with the package.

    Not frozen: a registry makes thousands of claims, and frozen dataclasses are slow to make.
    """

    name: Name
    record: Record
    builtin: bool = False


def _shown(claim: Claim[Record], shown: Callable[[str | None], bool]) -> bool:
    """Is a claim a name the site's pages show (a display name in one of its languages)?"""
    return claim.name.source == DISPLAY and shown(claim.name.lang)


def _firm(claim: Claim[Record], shown: Callable[[str | None], bool]) -> bool:
    """Does a claim hold its key against a site's name? Built-in vocabulary does not."""
    return not claim.builtin or claim.name.source in _FIRM_SOURCES or _shown(claim, shown)


def site_claims(record: Record) -> Iterator[Claim[Record]]:
    """Everything a record answers to: slug, codes, names in every language, aliases, acronym."""
    yield Claim(Name(record.slug, None, SLUG), record)
    if isinstance(record, Region):
        for code in (record.code, record.alpha2, record.alpha3):
            if code:
                yield Claim(Name(code, None, CODE), record)
    elif record.acronym:
        yield Claim(Name(record.acronym, None, ACRONYM), record)
    for lang, text in record.names.items():
        yield Claim(Name(text, lang, DISPLAY), record)
    for text in record.aliases:
        yield Claim(Name(text, None, ALIAS), record)


def claims(
    records: Iterable[Record], vocabulary: Vocabulary, edited: Callable[[str], bool]
) -> Iterator[Claim[Record]]:
    """The claims of ``records``: a built-in place's come from the vocabulary (with the names
    it shares with other places), plus the names a site's data file gave it if the file
    ``edited`` it (by slug); any other record's are its own."""
    shared: dict[str, list[Name]] = {}
    for shared_name, slugs in vocabulary.shared:
        for slug in slugs:
            shared.setdefault(slug, []).append(shared_name)
    for record in records:
        given = vocabulary.names.get(record.slug)
        if given is None:
            yield from site_claims(record)
            continue
        for names in (given, shared.get(record.slug, ())):
            for name in names:
                yield Claim(name, record, True)
        if edited(record.slug):
            known = {lookup_key(name.text) for name in given}
            for claim in site_claims(record):
                if lookup_key(claim.name.text) not in known:
                    yield claim


def _suggestible(text: str) -> bool:
    return not (text.isdigit() or (text.isupper() and len(text) <= 3))


class LookupIndex(Generic[Record]):
    """Normalised key -> record; shared keys with their records; suggestions for the rest.

    ``hints`` are names of no record that should still suggest some ("England"); ``words``
    the shipped languages' articles, stop and generic words; ``shown`` says whether a
    language's display names are shown by the site's pages (they hold their keys).
    """

    def __init__(
        self,
        claims: Callable[[], Iterable[Claim[Record]]],
        hints: Iterable[tuple[str, Sequence[Record]]] = (),
        words: Words | None = None,
        shown: Callable[[str | None], bool] = lambda lang: False,
    ) -> None:
        words = words or Words()
        self._words = words
        self._articles = words.article_prefixes
        # Made again for suggestions, not kept: a registry makes thousands of claims, and most
        # builds never need a suggestion.
        self._every_claim: Callable[[], Iterable[Claim[Record]]] = claims
        self._codes: dict[str, Record] = {}
        first: dict[str, Claim[Record]] = {}
        contested: dict[str, list[Claim[Record]]] = {}  # key -> first claim of each record
        made: dict[str, str] = {}  # text -> key: a place's name is often the same in many languages
        for claim in claims():
            text = claim.name.text
            key = made.get(text)
            if key is None:
                key = made[text] = lookup_key(text)
            if not key:
                continue
            if claim.name.source == CODE:
                self._codes.setdefault(text, claim.record)
            known = first.setdefault(key, claim)
            if known.record is not claim.record:
                rivals = contested.setdefault(key, [known])
                if all(rival.record is not claim.record for rival in rivals):
                    rivals.append(claim)
        # A record's first claim on a key is its firmest: a built-in place's slug, codes and
        # display names come before its vocabulary, and a site's names never repeat its
        # built-in ones (see ``claims``).
        self._by_key: dict[str, Record] = {key: claim.record for key, claim in first.items()}
        # The record of a key, as written (no article dropped): the hot path of parsing.
        self.exact: Callable[[str], Record | None] = self._by_key.get
        self._shared: dict[str, tuple[Record, ...]] = {}
        for key, rivals in contested.items():
            found = _settle(rivals, shown)
            if isinstance(found, tuple):
                del self._by_key[key]
                self._shared[key] = found
            else:
                self._by_key[key] = found
        self._hints: dict[str, tuple[Record, ...]] = {
            lookup_key(text): tuple(group) for text, group in hints
        }
        # Names holding a comma ("Korea, Republic of", "Fagor Electrodomésticos, S. Coop."):
        # the key of their part before the first comma, and the most parts one has. A list
        # split at commas is joined again where such a name begins (``FieldRule.parse``).
        self.comma_keys = frozenset(key for key in (*self._by_key, *self._shared) if "," in key)
        parts = [[part.strip() for part in key.split(",")] for key in self.comma_keys]
        heads = {split[0] for split in parts}
        # With an article too: "the Taiwan, Province of China".
        articled = {article + head for article in self._articles for head in heads}
        self.comma_heads = frozenset(heads | articled)
        # What follows a comma in such a name: a list holds one only if it holds one of these.
        self.comma_tails = frozenset(part for split in parts for part in split[1:])
        self.comma_parts = max(map(len, parts), default=1)

    def get(self, text: str) -> Record | None:
        return self.find(lookup_key(text))

    def find(self, key: str) -> Record | None:
        """Like :meth:`get` for a key already made with :func:`~.keys.lookup_key`.

        A name unknown as written is tried once more without a leading article.
        """
        record = self._by_key.get(key)
        if record is None and (bare := self._without_article(key)) is not None:
            record = self._by_key.get(bare)
        return record

    def is_comma_name(self, key: str) -> bool:
        """Whether ``key`` is a name that holds a comma, with or without its article."""
        if key in self.comma_keys:
            return True
        bare = self._without_article(key)
        return bare is not None and bare in self.comma_keys

    def _without_article(self, key: str) -> str | None:
        """``key`` without its leading article ("the ", "l'"), or ``None`` when it has none."""
        if key.startswith(self._articles):
            for article in self._articles:
                if key.startswith(article):
                    return key[len(article) :]
        return None

    def candidates(self, text: str) -> tuple[Record, ...]:
        """The records a shared name belongs to (``()`` when it is not shared).

        A code written as a code ("AO") is its place's alone, even when some language's name
        of another place folds onto it.
        """
        if (record := self._codes.get(text.strip())) is not None:
            return (record,)
        key = lookup_key(text)
        shared = self._shared.get(key)
        if shared is None and (bare := self._without_article(key)) is not None:
            shared = self._shared.get(bare)
        return shared or ()

    def shared_with(self, text: str) -> tuple[Record, ...]:
        """Every record that shares ``text`` (``()`` when one record or none answers to it)."""
        return self._shared.get(lookup_key(text), ())

    @cached_property
    def _suggester(self) -> Suggester[Record]:
        # Built, and rapidfuzz imported (about 20 ms), on the first unknown value only: most
        # builds never need it. Codes and acronyms are found, never suggested ("PE" is no
        # near miss of "PER"), and neither is a name that finds another record or none.
        from .suggestions import Suggester

        return Suggester(self._suggestible_claims(), self._words)

    def _suggestible_claims(self) -> Iterator[tuple[str, str, Record]]:
        """Key, name and record of each name that finds its record and may be suggested."""
        for claim in self._every_claim():
            text = claim.name.text
            if claim.name.source in _NEVER_SUGGESTED or not _suggestible(text):
                continue
            key = lookup_key(text)
            found = self._by_key.get(key)
            if found is not None and found is claim.record:
                yield key, text, found

    def suggest(
        self, text: str, wanted: Callable[[Record], bool] = lambda record: True
    ) -> tuple[str, ...]:
        """Up to three names of ``wanted`` records the author may have meant by ``text``."""
        key = lookup_key(text)
        hinted = self._hints.get(key)
        if hinted is None and (bare := self._without_article(key)) is not None:
            hinted = self._hints.get(bare)
        if hinted is not None:
            return tuple(dict.fromkeys(record.name() for record in hinted if wanted(record)))
        return self._suggester.suggest(text, wanted)


def _settle(
    claims: list[Claim[Record]], shown: Callable[[str | None], bool]
) -> Record | tuple[Record, ...]:
    """The record a key finds, or the records that share it; raises on a site's collision.

    Among built-in places, one whose name the site's pages show wins over names that other
    languages give several places, but not over a code or slug, nor over another shown name.
    """
    if len(claims) == 1:
        return claims[0].record
    site = [claim for claim in claims if not claim.builtin]
    if not site:
        firm = [claim for claim in claims if _firm(claim, shown)]
        if len(firm) == 1 and _shown(firm[0], shown):
            return firm[0].record
        return tuple(claim.record for claim in claims)
    blocking = [claim for claim in claims if claim is not site[0] and _firm(claim, shown)]
    if blocking:
        first, second = sorted((site[0], blocking[0]), key=claims.index)
        raise KeyCollision(second.name.text, first.record, second.record)
    return site[0].record


def index_of(
    records: Sequence[Record],
    vocabulary: Vocabulary,
    edited: Callable[[str], bool],
    shown: Callable[[str | None], bool] = lambda lang: False,
) -> LookupIndex[Record]:
    """The index of ``records``, with the vocabulary's names, hints and words; ``shown`` says
    which languages' display names the site's pages show."""
    by_slug = {record.slug: record for record in records}
    hints = [
        (name.text, [by_slug[slug] for slug in slugs if slug in by_slug])
        for name, slugs in vocabulary.hints
    ]
    return LookupIndex(lambda: claims(records, vocabulary, edited), hints, vocabulary.words, shown)
