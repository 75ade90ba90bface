"""Normalised look-up keys and slugs, shared by every look-up so that they all agree.

A key ignores what people type inconsistently: case, accents, curly apostrophes and runs of
white space. "Perú", " peru " and "PERU" share one key; "Côte d’Ivoire" and "cote d'ivoire" too.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def lookup_key(text: str) -> str:
    """Return the key under which ``text`` is found: casefolded, unaccented, spaces folded."""
    if text.isascii():
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def slugify(text: str) -> str:
    """Return an ASCII slug (``[a-z0-9]+(-[a-z0-9]+)*``), or ``""`` if nothing is left."""
    return _NOT_SLUG.sub("-", lookup_key(text)).strip("-")
