"""Which language each article counts as: ``core/languages.py`` applied to Pelican's content.

Pelican takes any ``Lang`` and any ``DEFAULT_LANG`` and publishes the article whatever they
say. The plugin needs a language CLDR knows for dates, names and pages, so an article counts as
the nearest CLDR locale of its ``Lang`` (``pt_BR`` → ``pt-BR``), and one whose ``Lang`` CLDR
does not know (``yua``, ``Spanish``, ``es,en``, empty) counts as the site's fallback language:
``DEFAULT_LANG`` when CLDR knows it, else English. Such an article is still published exactly as
Pelican publishes it; it only never makes a language of its own for the plugin's pages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..core.languages import cldr_tag, site_default

logger = logging.getLogger(__name__)


class ContentLanguages:
    """The language of each article, for one site; remembers each distinct ``Lang`` it saw."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.default_lang: object = settings.get("DEFAULT_LANG")
        self.fallback = site_default(self.default_lang)
        self._tags: dict[str, str | None] = {}

    def own(self, content: Any) -> str | None:
        """The CLDR tag of the article's own ``Lang``; ``None`` when CLDR does not know it."""
        lang = str(getattr(content, "lang", ""))
        if lang not in self._tags:
            self._tags[lang] = cldr_tag(lang)
        return self._tags[lang]

    def of(self, content: Any) -> str:
        """The language the article counts as: its own, else the site's fallback."""
        return self.own(content) or self.fallback

    def lookup_languages(
        self, page_languages: Sequence[str], contents: Iterable[Any]
    ) -> tuple[str, ...]:
        """The languages whose names authors may write: the pages' and every article's.

        A draft in a language without pages may still name ``Amérique latine``.
        """
        found = {self.of(content) for content in contents} - set(page_languages)
        return (*page_languages, *sorted(found))

    def warn_unknown(self, contents: Iterable[Any]) -> None:
        """One warning per article whose ``Lang`` CLDR does not know (one for DEFAULT_LANG).

        Articles that simply inherit an unknown ``DEFAULT_LANG`` are told about once, by the
        warning on the setting (Pelican gives them ``DEFAULT_LANG`` in lower case).
        """
        inherited = str(self.default_lang).lower()
        if cldr_tag(self.default_lang) is None:
            logger.warning(
                "DEFAULT_LANG = %r is not a language CLDR knows: pelican-coopregions writes "
                "its pages and dates in %r (articles are published as Pelican publishes them)",
                self.default_lang,
                self.fallback,
            )
        for content in contents:
            if self.own(content) is None and str(getattr(content, "lang", "")) != inherited:
                logger.warning(
                    "%s: Lang %r is not a language CLDR knows; the article is published as "
                    "Pelican publishes it, and pelican-coopregions lists and dates it as %r "
                    "(write a BCP 47 or POSIX code such as 'es' or 'pt_BR' to change that)",
                    getattr(content, "source_path", "?"),
                    getattr(content, "lang", None),
                    self.fallback,
                )
