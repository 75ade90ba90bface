"""Articles as the plugin's feeds see them: with texts and a URL that XML 1.0 can hold.

XML 1.0 cannot hold most control characters, nor U+FFFE and U+FFFF (``core.text.NOT_XML``):
feedgenerator refuses to write a feed with a control character, so one such character in an
article would stop every feed it is listed in, on a site whose own pages Pelican writes
without complaint (with its site-wide feeds switched off), and writes U+FFFE as it is, which
makes the feed malformed.

- Pelican puts an article's ``Lang`` into its URL (``ARTICLE_LANG_URL =
  "{slug}-{lang}.html"``): percent-encoding those characters names the very file Pelican wrote.
- In the title, summary or content (a line break in a ``Lang`` value ends Markdown's
  metadata, and the rest of the line becomes text), they are left out of the feed entry, with
  one warning naming the file; the article's page keeps them.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from ..core.text import NOT_XML, XML_REFUSED

logger = logging.getLogger(__name__)

# In a URL, what XML 1.0 cannot hold (``core.text.NOT_XML``, left out of texts) and DEL,
# percent-encoded.
_NOT_IN_URL = re.compile(f"[{XML_REFUSED}\x7f]")


class _WithURL:
    """The article, with another text for its URL."""

    def __init__(self, article: Any, url: str) -> None:
        self._article = article
        self.url = url

    def __getattr__(self, name: str) -> Any:
        return getattr(self._article, name)


class _WithoutControls(_WithURL):
    """The article, its title, summary and content without what XML 1.0 cannot hold."""

    @property
    def title(self) -> Any:
        return _clean(self._article.title)

    @property
    def summary(self) -> Any:
        return _clean(self._article.summary)

    def get_content(self, siteurl: str) -> Any:
        return _clean(self._article.get_content(siteurl))


def _clean(text: Any) -> Any:
    return NOT_XML.sub("", text) if isinstance(text, str) else text


def _has_controls(article: Any) -> bool:
    """Whether a text of ``article`` that feeds show holds a character XML 1.0 cannot."""
    metadata = getattr(article, "metadata", {})
    texts = (
        getattr(article, "title", ""),
        getattr(article, "_content", ""),
        metadata.get("summary"),
    )
    return any(isinstance(text, str) and NOT_XML.search(text) for text in texts)


def _percent_encoded(match: re.Match[str]) -> str:
    """A character a URL cannot hold, as its UTF-8 bytes percent-encoded (a lone surrogate,
    which has none, as U+FFFD's)."""
    char = "\ufffd" if "\ud800" <= match[0] <= "\udfff" else match[0]
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def feed_item(article: Any, url: str | None = None) -> Any:
    """``article`` itself, or the same article with a URL and texts a feed can hold.

    ``url``, when given, is ``article.url`` worked out beforehand (Pelican recomputes it on
    every access): the item then reads that text instead.
    """
    controls = _has_controls(article)
    if url is None:
        url = str(article.url)
        if not controls and not _NOT_IN_URL.search(url):
            return article
    url = _NOT_IN_URL.sub(_percent_encoded, url)
    if not controls:
        return _WithURL(article, url)
    logger.warning(
        "%s: characters XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF) are left out "
        "of its entries "
        "in the plugin's feeds; its page keeps them",
        getattr(article, "source_path", article),
    )
    return _WithoutControls(article, url)
