"""Normalised look-up keys and slugs, shared by every look-up so that they all agree.

A key ignores what people type inconsistently: case, accents, curly apostrophes, hyphens and
full stops used as word breaks, and runs of white space. "Perú", " peru " and "PERU" share one
key; "Côte d’Ivoire" and "cote d'ivoire" too, and so do "Guinea-Bissau" and "Guinea Bissau",
"St. Lucia" and "St Lucia", "EE.UU." and "EE. UU."; "Vene\u00adzuela", with a soft hyphen
pasted from a web page, and "Venezuela" (see ``text``).
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
    """Return the key under which ``text`` is found: casefolded, unaccented, spaces folded,
    without format characters (a soft hyphen or zero-width space pasted from a web page)."""
    if not text.isascii():
        # Accents of Latin letters are all in one block: a regex drops them at once, and only
        # text in other scripts (or with a format character) is checked character by
        # character for combining marks and format characters.
        text = _LATIN_ACCENTS.sub("", unicodedata.normalize("NFKD", text.translate(_UNICODE)))
        if not text.isascii():
            text = "".join(
                char
                for char in text
                if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
            )
    # str.replace is many times faster than str.translate on ASCII text.
    return " ".join(text.casefold().replace("-", " ").replace(".", " ").split())


def slugify(text: str) -> str:
    """Return an ASCII slug (``[a-z0-9]+(-[a-z0-9]+)*``), or ``""`` if nothing is left."""
    return _NOT_SLUG.sub("-", lookup_key(text)).strip("-")
