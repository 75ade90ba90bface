"""Normalised look-up keys and slugs, shared by every look-up so that they all agree.

A key ignores what people type inconsistently: case, accents, curly apostrophes, hyphens and
full stops used as word breaks, and runs of white space. "Perú", " peru " and "PERU" share one
key; "Côte d’Ivoire" and "cote d'ivoire" too, and so do "Guinea-Bissau" and "Guinea Bissau",
"St. Lucia" and "St Lucia", "EE.UU." and "EE. UU.".
"""

from __future__ import annotations

import re
import unicodedata

# Hyphens, dashes and full stops separate words the way a space does: "Timor-Leste" is
# written "Timor Leste" too, and a slug ("latin-america") is a name with hyphens for spaces.
_UNICODE = str.maketrans({"’": "'", "‘": "'", "‐": " ", "‑": " ", "–": " ", "—": " "})
_LATIN_ACCENTS = re.compile("[\u0300-\u036f]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def lookup_key(text: str) -> str:
    """Return the key under which ``text`` is found: casefolded, unaccented, spaces folded."""
    if not text.isascii():
        # Accents of Latin letters are all in one block: a regex drops them at once, and only
        # text in other scripts is checked character by character for combining marks.
        text = _LATIN_ACCENTS.sub("", unicodedata.normalize("NFKD", text.translate(_UNICODE)))
        if not text.isascii():
            text = "".join(char for char in text if not unicodedata.combining(char))
    # str.replace is many times faster than str.translate on ASCII text.
    return " ".join(text.casefold().replace("-", " ").replace(".", " ").split())


def slugify(text: str) -> str:
    """Return an ASCII slug (``[a-z0-9]+(-[a-z0-9]+)*``), or ``""`` if nothing is left."""
    return _NOT_SLUG.sub("-", lookup_key(text)).strip("-")
