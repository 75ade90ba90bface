"""Alphabetical order as readers expect it: the Unicode Collation Algorithm, not code points.

Python's ``sorted`` puts "Ángola" after "Zambia" and is case-sensitive. pyuca implements the
Unicode Collation Algorithm with its default table (DUCET): accented letters sort with their
base letter, case comes last. DUCET treats "ñ" as "n" with an accent; Spanish makes it a letter
of its own after "n" (CLDR's Spanish tailoring is the single rule ``&N<ñ<<<Ñ``). That rule is
applied the way UCA tailorings are built, as an expansion: "ñ" weighs as "n" followed by an
element heavier than any letter, so "Ñandú" follows "Nueva Zelanda" and precedes "Omán".
"""

from __future__ import annotations

import unicodedata
from functools import cached_property

from pyuca import Collator

# A private-use code point standing for "the rest of ñ" in Spanish sort keys.
_AFTER_N = "\ue000"
_HEAVIEST = [[0xFFFE, 0x0020, 0x0002]]
_TAILORINGS = {"es": str.maketrans({"ñ": "n" + _AFTER_N, "Ñ": "N" + _AFTER_N})}


class Collation:
    """Sort keys for display names; the table (about 0.15 s to load) is read on first use."""

    @cached_property
    def _collator(self) -> Collator:
        collator = Collator()
        collator.table.add([ord(_AFTER_N)], _HEAVIEST)
        return collator

    def key(self, text: str, lang: str = "en") -> tuple[int, ...]:
        tailoring = _TAILORINGS.get(lang.replace("_", "-").split("-")[0])
        if tailoring is not None:
            text = unicodedata.normalize("NFC", text).translate(tailoring)
        return tuple(self._collator.sort_key(text))
