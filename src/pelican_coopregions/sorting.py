"""Alphabetical order as readers expect it: the Unicode Collation Algorithm, not code points.

Python's ``sorted`` puts "Ángola" after "Zambia" and is case-sensitive. pyuca implements the
Unicode Collation Algorithm with the default table (DUCET): accented letters sort with their
base letter ("Ángola" beside "Angola", "Ñandú" among the N), case comes last.
"""

from __future__ import annotations

from functools import cached_property

from pyuca import Collator


class Collation:
    """Sort keys for display names; the table (about 0.15 s to load) is read on first use."""

    @cached_property
    def _collator(self) -> Collator:
        return Collator()

    def key(self, text: str) -> tuple[int, ...]:
        return tuple(self._collator.sort_key(text))
