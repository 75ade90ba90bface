"""The built-in words of ``{regions}`` and ``{organizations}`` in URLs: data, not code.

``data/url-words.json`` holds them per language, as a person of that language types them in
an address (no accents, as Pelican's slugify drops them): a translator adds a language there,
beside its catalog, and a site sets its own with ``COOPREGIONS_URL_WORDS``.
"""

from __future__ import annotations

import json
from importlib.resources import files


def builtin_url_words() -> dict[str, dict[str, str]]:
    """Language tag -> ``{"regions": ..., "organizations": ...}`` as the package ships them."""
    text = (files("pelican_coopregions") / "data" / "url-words.json").read_text(encoding="utf-8")
    words: dict[str, dict[str, str]] = json.loads(text)["words"]
    return words
