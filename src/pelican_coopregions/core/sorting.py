"""Alphabetical order as readers expect it: the Unicode Collation Algorithm, not code points.

Python's ``sorted`` puts "Ángola" after "Zambia" and is case-sensitive. pyuca implements the
Unicode Collation Algorithm with its default table (DUCET): accented letters sort with their
base letter, case comes last. DUCET treats "ñ" as "n" with an accent; Spanish makes it a letter
of its own after "n" (CLDR's Spanish tailoring is the single rule ``&N<ñ<<<Ñ``). That rule is
applied the way UCA tailorings are built, as an expansion: "ñ" weighs as "n" followed by an
element heavier than any letter, so "Ñandú" follows "Nueva Zelanda" and precedes "Omán".
"""

from __future__ import annotations

import pickle
import struct
import unicodedata
from collections.abc import Iterable
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from pyuca import Collator

# Saved keys belong to one pyuca release (its table).
_RELEASE = f"pyuca {version('pyuca')}"

# A private-use code point standing for "the rest of ñ" in Spanish sort keys.
_AFTER_N = "\ue000"
# The characters of data/collation-latin.txt, the part of the table most names need: Basic
# Latin, Latin-1, Latin Extended-A and -B, combining accents, Latin Extended Additional,
# general punctuation (scripts/generate_collation.py writes the file from pyuca's table).
COVERED = frozenset(
    [
        *range(0x0250),
        *range(0x0300, 0x0370),
        *range(0x1E00, 0x1F00),
        *range(0x2000, 0x2070),
        ord(_AFTER_N),
    ]
)
_LATIN_TABLE = "collation-latin.txt"
_HEAVIEST = [[0xFFFE, 0x0020, 0x0002]]
_TAILORINGS = {"es": str.maketrans({"ñ": "n" + _AFTER_N, "Ñ": "N" + _AFTER_N})}


class Collation:
    """Sort keys for display names, remembered per name and language.

    The UCA table costs about 0.15 s and 11 MiB to load. A name written in Latin characters
    (:data:`COVERED`, after canonical decomposition) is sorted with the part of the table made
    of those characters, which loads in about a millisecond and gives the same key; only a
    name in another script loads the whole table. :meth:`prepare` computes the keys of
    every name known in advance and lets the table go, before Pelican reads the articles, so
    the table never adds to a build's peak memory; other names load it again on demand. Keys
    saved by an earlier build can be loaded (:meth:`load`): the table is then not loaded at
    all. A key is the UCA weights packed as big-endian 16-bit numbers (every weight
    fits), which orders like the weights and takes a fifth of a tuple's memory.
    """

    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], bytes] = {}
        self._collators: dict[bool, Collator] = {}  # True: the Latin part of the table

    def prepare(self, names: Iterable[tuple[str, str]]) -> None:
        """Compute the keys of ``(text, lang)`` pairs now, then free the table."""
        for text, lang in names:
            self.key(text, lang)
        self._collators.clear()

    def load(self, path: Path) -> int:
        """Learn the keys an earlier build saved (:meth:`save`) with the same pyuca; returns
        how many. An unreadable file is no error: the keys are computed again."""
        try:
            with path.open("rb") as handle:
                release, keys = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, ValueError, TypeError, EOFError):
            return 0
        if release != _RELEASE or not isinstance(keys, dict):
            return 0
        self._keys.update(keys)
        return len(keys)

    def save(self, path: Path, loaded: int = 0) -> None:
        """Keep the keys for the next build, when there are more than were ``loaded``."""
        if len(self._keys) == loaded:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump((_RELEASE, self._keys), handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)

    def key(self, text: str, lang: str = "en") -> bytes:
        cached = self._keys.get((text, lang))
        if cached is None:
            tailoring = _TAILORINGS.get(lang.replace("_", "-").split("-")[0])
            tailored = (
                unicodedata.normalize("NFC", text).translate(tailoring) if tailoring else text
            )
            latin = all(ord(char) in COVERED for char in unicodedata.normalize("NFD", tailored))
            weights = self._collator(latin).sort_key(tailored)
            cached = self._keys[(text, lang)] = struct.pack(f">{len(weights)}H", *weights)
        return cached

    def _collator(self, latin: bool) -> Collator:
        found = self._collators.get(latin)
        if found is None:
            table = files("pelican_coopregions") / "data" / _LATIN_TABLE
            found = self._collators[latin] = Collator(str(table)) if latin else Collator()
            found.table.add([ord(_AFTER_N)], _HEAVIEST)
        return found
