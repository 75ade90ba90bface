"""Suggestions that respect words: which known names an unknown one may have meant.

Names are compared word by word before letter by letter. Comparing whole strings letter by
letter is what made "América del Norte" look like "Corea del Norte" (North Korea): most of
their letters agree, but the one word that matters does not. So a suggestion for a name of
several words must share one of its words exactly, and not just a word that only says where
("Norte", "Southern", "Central"), unless every word of the name finds its match ("United
Stats" is "United States"). Words are matched with rapidfuzz's Damerau-Levenshtein similarity,
which forgives a typo or two ("Venezuala", "Chlie") but not a different country ("Poland" is
no "Holland"); candidates are ranked by how much of the name they match, then by rapidfuzz's
token-set and plain ratios. Which words join a name's words ("of", "del", "da", "du") and which
only say where ("north", "leste", "septentrionale") is data, per shipped language
(:class:`~.vocabulary.Words`, from ``scripts/vocabulary/<tag>.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Generic

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from .keys import lookup_key
from .lookup import Record
from .vocabulary import Words

MAX_SUGGESTIONS = 3
# How alike two words must be (0 to 1) to be the same word mistyped: one letter in four may
# be wrong, one in three in a word of three letters ("Sud" for "Sur"); a word of two letters
# must be written exactly ("UK" is no typo of "US").
_WORD_CUTOFF = 0.75
_THREE_LETTER_CUTOFF = 0.66
# How alike a one-word name must be to a whole known name (0 to 100): "Southamerica".
_WHOLE_NAME_CUTOFF = 85.0
# Runners-up must match nearly as well as the best match.
_RUNNER_UP_MARGIN = 0.1

_WORD = re.compile(r"[^\W_]+")
_INITIALS = re.compile(r"\b(\w)\.(?=\w\b)")


def words(text: str, stop: frozenset[str]) -> list[str]:
    """The words of a name that can tell names apart (not "the", "of", "del", "d'").

    Initials written with full stops are one word: "U.A.E." is "uae", "D.R. Congo" "dr congo".
    """
    key = lookup_key(_INITIALS.sub(r"\1", text))
    return [word for word in _WORD.findall(key) if len(word) > 1 and word not in stop]


class Suggester(Generic[Record]):
    """Known names by word, to find the ones an unknown name may have meant.

    ``vocabulary`` gives the shipped languages' stop words and generic words (:class:`Words`).
    """

    def __init__(self, names: Iterable[tuple[str, str, Record]], vocabulary: Words) -> None:
        self._stop = vocabulary.stop
        self._generic = vocabulary.generic
        # (key, text as written, record)
        self._names: list[tuple[str, str, Record]] = list(names)
        self._keys: list[str] = [key for key, _, _ in self._names]
        self._name_words = [" ".join(words(text, self._stop)) for _, text, _ in self._names]
        self._by_word: dict[str, list[int]] = {}
        for number, known in enumerate(self._name_words):
            for word in dict.fromkeys(known.split()):
                self._by_word.setdefault(word, []).append(number)
        self._words = list(self._by_word)

    def _word_matches(self, word: str) -> list[tuple[str, float]]:
        if len(word) < 3:
            return [(word, 1.0)] if word in self._by_word else []
        found = process.extract(
            word,
            self._words,
            scorer=DamerauLevenshtein.normalized_similarity,
            score_cutoff=_THREE_LETTER_CUTOFF if len(word) == 3 else _WORD_CUTOFF,
            limit=None,
        )
        return [(match, score) for match, score, _ in found]

    def _accepts(self, query: list[str], scores: dict[int, float]) -> bool:
        """Does a known name share enough words with the query to be suggested?"""
        exact = [query[position] for position, score in scores.items() if score == 1.0]
        if len(query) == 1:
            return bool(scores)
        if any(word not in self._generic for word in exact):
            return True
        return bool(exact) and len(scores) == len(query)

    def suggest(self, text: str, wanted: Callable[[Record], bool]) -> tuple[str, ...]:
        """Up to three names of ``wanted`` records, best first, each of a different record.

        Candidates are ranked among all records before ``wanted`` ones are picked: a region
        mistyped in ``Countries`` suggests no country that merely shares a word with it.
        """
        key = lookup_key(text)
        query = words(text, self._stop)
        if not query:
            return ()
        # Known name -> query word position -> how alike its best word is.
        matched: dict[int, dict[int, float]] = {}
        for position, word in enumerate(query):
            for known_word, score in self._word_matches(word):
                for number in self._by_word[known_word]:
                    scores = matched.setdefault(number, {})
                    scores[position] = max(score, scores.get(position, 0.0))
        ranked: list[tuple[tuple[float, float, float], int]] = []
        for number, scores in matched.items():
            if self._accepts(query, scores):
                found = sum(scores.values())
                # As much of what was written as of the known name: "United Stats" is
                # "United States" more than it is "United Mexican States".
                known_words = len(self._name_words[number].split()) or 1
                score = (found / len(query) + min(found / known_words, 1.0)) / 2
                ranked.append((self._rank(key, query, number, score), number))
        if len(query) == 1:
            for _, ratio, number in process.extract(
                key, self._keys, scorer=fuzz.ratio, score_cutoff=_WHOLE_NAME_CUTOFF, limit=None
            ):
                if number not in matched:
                    ranked.append((self._rank(key, query, number, ratio / 100), number))
        return self._best(ranked, wanted)

    def _rank(
        self, key: str, query: list[str], number: int, score: float
    ) -> tuple[float, float, float]:
        shared = fuzz.token_set_ratio(" ".join(query), self._name_words[number])
        return (score, shared, fuzz.ratio(key, self._keys[number]))

    def _best(
        self,
        ranked: list[tuple[tuple[float, float, float], int]],
        wanted: Callable[[Record], bool],
    ) -> tuple[str, ...]:
        """The best records' names: the English one if it matched too, else the best match.

        "Sud America" suggests "South America" (it shares "America"), "Paises Bajoss"
        suggests "Países Bajos" ("Netherlands" shares nothing with what the author wrote).
        """
        if not ranked:
            return ()
        ranked.sort(key=lambda item: (-item[0][0], -item[0][1], -item[0][2], item[1]))
        best = ranked[0][0][0]
        matched: dict[str, set[str]] = {}  # record slug -> keys of its names that matched
        for _, number in ranked:
            key, _, record = self._names[number]
            matched.setdefault(record.slug, set()).add(key)
        chosen: dict[str, str] = {}  # record slug -> the name to show
        for (score, _, _), number in ranked:
            if score < best - _RUNNER_UP_MARGIN or len(chosen) == MAX_SUGGESTIONS:
                break
            _, text, record = self._names[number]
            if record.slug not in chosen and wanted(record):
                english = record.name()
                chosen[record.slug] = (
                    english if lookup_key(english) in matched[record.slug] else text
                )
        return tuple(chosen.values())
