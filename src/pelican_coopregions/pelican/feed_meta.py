"""The plugin's feeds as a reader needs them: in their language, linked to their term's page,
with ids that name the site even when SITEURL is empty.

Pelican's ``Writer.write_feed`` writes every feed alike: no language, the site's root as its
link and (feedgenerator's default) as its id, the same for every feed of a site; an entry's id
is a tag URI of its link and date, ``tag:None,2023-02-16:story.html`` when SITEURL is empty.
Pelican sends ``feed_generated`` with the feed object before writing it: :func:`adjust_feed`,
a receiver of that signal, sets these on the plugin's own feeds, which carry a
:class:`FeedFacts` in their context (:data:`FEED_KEY`, put there by the renderer), and leaves
every other feed alone.

Ids follow what Pelican does with ``FEED_DOMAIN`` (where feeds live; SITEURL by default): the
site's address is SITEURL when it names a host, else FEED_DOMAIN. An entry's id is then the
tag URI Pelican writes for the article's link on that site (the very id Pelican's own feeds
give it when SITEURL is set), the feed's id its term page's address. Without either, the
site's name stands for its host (``tag:coop-news,2023-02-16:/story.html``) and the feed's id
is a name-based UUID of the site's name and the page: the same in every build.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from pelican.utils import slugify

from .jsonld import absolute

FEED_KEY = "coopregions_feed"


@dataclass(frozen=True, slots=True)
class FeedFacts:
    """What a feed of the plugin says besides its entries: its language, its term page's URL
    (``link``), its id, and the host its entries' ids name (``None``: Pelican's are right)."""

    lang: str
    link: str
    feed_id: str
    authority: str | None

    @classmethod
    def of(cls, settings: Mapping[str, Any], lang: str, url: str) -> FeedFacts:
        """The facts of the feed of the page at ``url`` (a path inside the site)."""
        site_url = str(settings.get("SITEURL") or "").rstrip("/")
        link = absolute(site_url, url)
        for base in (site_url, str(settings.get("FEED_DOMAIN") or "").rstrip("/")):
            if urlsplit(base).hostname:
                host = None if base == site_url else urlsplit(base).hostname
                return cls(lang, link, f"{base}/{url}", host)
        name = str(Markup(str(settings.get("SITENAME") or "")).striptags())
        label = slugify(name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])) or "site"
        feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"tag:{label}:/{url}").urn
        return cls(lang, link, feed_id, label)

    def entry_id(self, link: str, published: date | None) -> str:
        """A tag URI as Pelican writes one for an entry's link, naming :attr:`authority`; its
        path from the site's root (a relative link is relative to the root in a feed)."""
        path = urlsplit(link).path
        day = f",{published:%Y-%m-%d}" if published is not None else ""
        return f"tag:{self.authority}{day}:{path if path.startswith('/') else '/' + path}"


def adjust_feed(context: Any, feed: Any = None, **kwargs: Any) -> None:
    """Receiver of Pelican's ``feed_generated``: language, link and ids of the plugin's feeds
    (a feed whose context carries :class:`FeedFacts`); any other feed is left as it is."""
    facts = context.get(FEED_KEY) if isinstance(context, Mapping) else None
    if not isinstance(facts, FeedFacts) or feed is None:
        return
    feed.feed["language"] = facts.lang
    feed.feed["link"] = facts.link
    feed.feed["id"] = facts.feed_id
    if facts.authority is not None:
        for item in feed.items:
            item["unique_id"] = facts.entry_id(item["link"], item.get("pubdate"))
