"""Articles as the plugin's feeds see them: with a URL that XML 1.0 can hold.

Pelican puts an article's ``Lang`` into its URL (``ARTICLE_LANG_URL = "{slug}-{lang}.html"``),
so a ``Lang`` with a control character gives a URL feedgenerator refuses to write, and one
such article would stop every feed it is listed in. Percent-encoding just those characters
names the very file Pelican wrote.
"""

from __future__ import annotations

import re
from typing import Any

# What XML 1.0 cannot hold (feedgenerator's own check), and DEL for good measure.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _WithURL:
    """The article, with another text for its URL."""

    def __init__(self, article: Any, url: str) -> None:
        self._article = article
        self.url = url

    def __getattr__(self, name: str) -> Any:
        return getattr(self._article, name)


def feed_item(article: Any, url: str | None = None) -> Any:
    """``article`` itself, or the same article with a URL a feed can hold.

    ``url``, when given, is ``article.url`` worked out beforehand (Pelican recomputes it on
    every access): the item then reads that text instead.
    """
    if url is None:
        url = str(article.url)
        if not _NOT_XML.search(url):
            return article
    return _WithURL(article, _NOT_XML.sub(lambda match: f"%{ord(match[0]):02X}", url))
