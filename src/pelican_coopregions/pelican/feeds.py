"""Feeds written as Pelican's ``Writer.write_feed`` writes them, each entry built once.

With rollup a story is an entry of its country's feed, its organizations' and federations'
feeds and (while it is among the newest ``FEED_MAX_ITEMS``) its sub-region's, continent's and
World's, in every page language that shows it: about four times per article version. Pelican's
writer builds and serialises an entry anew for every feed (its URL, tag URI, time zones,
escaped content). Here each version's entry is built once per feed type, by Pelican's own
``Writer._add_item_to_the_feed``, and serialised once with placeholders for its long texts
(content, summary), which are escaped again when written: a cached entry keeps a few hundred
bytes whatever the length of the article, and the texts themselves are the strings Pelican
already keeps (``Content.get_content`` is memoised). An entry is dropped after its last feed,
so the cache holds only entries still to be written.

Other plugins still see every feed: ``feed_generated`` and ``feed_written`` are sent as
Pelican sends them. When either signal has a receiver, that receiver may read or change the
feed's items, so feeds are then written exactly as Pelican writes them (no cached entries).
"""

from __future__ import annotations

import io
import logging
import re
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from feedgenerator import Atom1Feed, Rss201rev2Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from pelican.plugins import signals  # type: ignore[attr-defined]
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from .feed_items import feed_item

logger = logging.getLogger(__name__)

# Item fields long enough to be left out of a cached entry and escaped when written.
_LONG_FIELDS = ("content", "description")
_LONG = 200


@dataclass(frozen=True, slots=True)
class _Entry:
    """One serialised entry: ``pieces`` around the escaped ``texts``; its dates for the feed's
    ``updated``/``lastBuildDate`` (``latest_post_date``)."""

    pieces: tuple[str, ...]
    texts: tuple[str, ...]
    pubdate: Any
    updateddate: Any

    def dates(self) -> dict[str, Any]:
        return {"pubdate": self.pubdate, "updateddate": self.updateddate}

    def write(self, out: Callable[[str], Any]) -> None:
        out(self.pieces[0])
        for text, piece in zip(self.texts, self.pieces[1:], strict=True):
            out(escape(text))
            out(piece)


class _CachedItemsMixin:
    """A feedgenerator feed whose entries were serialised beforehand."""

    entries: list[_Entry]

    def write_items(self, handler: Any) -> None:
        for entry in self.entries:
            entry.write(handler.ignorableWhitespace)  # written as is, no escaping


class _CachedAtom(_CachedItemsMixin, Atom1Feed):  # type: ignore[misc]
    pass


class _CachedRss(_CachedItemsMixin, Rss201rev2Feed):  # type: ignore[misc]
    pass


_CACHED = {Atom1Feed: _CachedAtom, Rss201rev2Feed: _CachedRss}


class FeedWriter:
    """The plugin's feeds of one build, through one Pelican ``Writer``.

    :meth:`expect` announces each use of an article in a feed to come, so an entry is kept
    exactly until its last feed is written.
    """

    def __init__(self, writer: Any, context: dict[str, Any], url_of: Callable[[Any], str]) -> None:
        self.writer = writer
        self.context = context
        self.settings = writer.settings
        self._url_of = url_of
        self._uses: Counter[tuple[int, str]] = Counter()
        self._entries: dict[tuple[int, str, str], _Entry] = {}
        self._placeholder = f"\ue000{uuid.uuid4().hex}\ue000"

    def items(self, articles: Sequence[Any]) -> Sequence[Any]:
        """What a feed of ``articles`` lists: Pelican's first ``FEED_MAX_ITEMS``."""
        return articles[: self.settings["FEED_MAX_ITEMS"]]

    def expect(self, articles: Sequence[Any], feed_type: str) -> None:
        """A feed of ``articles`` will be written."""
        self._uses.update((id(article), feed_type) for article in self.items(articles))

    @staticmethod
    def observed() -> bool:
        """Whether another plugin listens to the feeds (and may change their items)."""
        return bool(signals.feed_generated.receivers or signals.feed_written.receivers)

    def write(
        self, articles: Sequence[Any], path: str, url: str, feed_type: str, feed_title: str
    ) -> None:
        """``Writer.write_feed(articles, context, path, url, feed_type, feed_title=...)``."""
        if self.observed():
            self.writer.write_feed(
                [feed_item(article) for article in self.items(articles)],
                self.context,
                path,
                url,
                feed_type=feed_type,
                feed_title=feed_title,
            )
            return
        writer, context = self.writer, self.context
        # The writer's own attributes, set as write_feed sets them, for its helpers.
        writer.site_url = context.get("SITEURL", path_to_url(get_relative_path(path)))
        writer.feed_domain = context.get("FEED_DOMAIN")
        writer.feed_url = writer.urljoiner(writer.feed_domain, url or path)
        feed = writer._create_new_feed(feed_type, feed_title, context)
        kind = type(feed)
        feed.__class__ = _CACHED[kind]  # the same feed, its entries written from the cache
        feed.entries = [self._entry(kind, article, feed_type) for article in self.items(articles)]
        feed.items = [entry.dates() for entry in feed.entries]
        signals.feed_generated.send(context, feed=feed)
        complete_path = sanitised_join(writer.output_path, path)
        folder = Path(complete_path).parent
        if not folder.is_dir():  # mostly the folder of the page the feed belongs to
            folder.mkdir(parents=True, exist_ok=True)
        with writer._open_w(complete_path, "utf-8", False) as handle:
            feed.write(handle, "utf-8")
            logger.info('Writing "%s"', complete_path)
        signals.feed_written.send(complete_path, context=context, feed=feed)

    def _entry(self, kind: type, article: Any, feed_type: str) -> _Entry:
        key = (id(article), feed_type, self.writer.site_url)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._serialise(kind, article)
        uses = self._uses[key[:2]] - 1
        if uses > 0:
            self._uses[key[:2]] = uses
            self._entries[key] = entry
        else:
            self._uses.pop(key[:2], None)
            self._entries.pop(key, None)
        return entry

    def _serialise(self, kind: type, article: Any) -> _Entry:
        """The entry Pelican writes for ``article`` in a feed of class ``kind``, with its long
        texts left out (numbered placeholders stand for them)."""
        scratch = kind(title="", link="", description="")
        self.writer._add_item_to_the_feed(scratch, feed_item(article, self._url_of(article)))
        item = scratch.items[0]
        texts = {}
        for number, name in enumerate(_LONG_FIELDS):
            text = item.get(name)
            # (feed_item left out what XML 1.0 cannot hold)
            if isinstance(text, str) and len(text) > _LONG:
                texts[str(number)] = text
                item[name] = f"{self._placeholder}{number}"
        out = io.StringIO()
        scratch.write_items(SimplerXMLGenerator(out, "utf-8", short_empty_elements=True))
        # [text, number, text, number, text...]: the texts in the order they are written.
        split = re.split(f"{re.escape(self._placeholder)}([0-9])", out.getvalue())
        return _Entry(
            tuple(split[0::2]),
            tuple(texts[number] for number in split[1::2]),
            item["pubdate"],
            item["updateddate"],
        )
