"""schema.org JSON-LD for region and organization pages, safe inside ``<script>``.

``json.dumps`` alone is not enough in HTML: a name containing ``</script>`` would end the
element. Every ``<``, ``>`` and ``&`` is written as a JSON ``\\u`` escape, which JSON readers
decode back to the same text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .listed import ListedArticle


def script(data: Mapping[str, Any]) -> Markup:
    """A complete ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    # Three replacements, twenty times faster than str.translate with a table; no replacement
    # text holds a character a later one replaces.
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def absolute(site_url: str, url: str) -> str:
    """``url`` (a path inside the site) after SITEURL; from the site's root when SITEURL is
    empty. A relative URL in JSON-LD is resolved against the page, so ``regions/venezuela/``
    on ``regions/venezuela/`` would name ``regions/venezuela/regions/venezuela/``."""
    return f"{site_url.rstrip('/')}/{url}" if site_url else f"/{url}"


def item_list(entries: Iterable[ListedArticle], site_url: str, start: int = 1) -> dict[str, Any]:
    """An ``ItemList`` of the articles shown on one page, in page order: each ``ListItem``
    holds its place in the list, its ``item`` the article (schema.org gives a ``ListItem``
    no date or language of its own: those are the article's, a ``CreativeWork``'s)."""
    return {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "item": {
                    "@type": "Article",
                    "url": absolute(site_url, entry.url),
                    "name": entry.title,
                    "datePublished": entry.iso_date,
                    "inLanguage": entry.lang,
                },
            }
            for position, entry in enumerate(entries, start=start)
        ],
    }


def collection_page(
    *,
    name: str,
    url: str,
    lang: str,
    about: dict[str, Any],
    items: dict[str, Any],
    temporal_coverage: str | None = None,
) -> dict[str, Any]:
    """A listing page; ``temporal_coverage`` (ISO 8601, "2022"): the time its articles are
    from, on a year page."""
    page = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "url": url,
        "inLanguage": lang,
        "about": about,
        "mainEntity": items,
    }
    if temporal_coverage:
        page["temporalCoverage"] = temporal_coverage
    return page


def place(name: str, url: str, code: str | None, description: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Place", "name": name, "url": url}
    if code:
        data["identifier"] = code
    if description:
        data["description"] = description
    return data


def organization(
    *,
    name: str,
    url: str,
    acronym: str | None,
    country_code: str | None,
    locality: str | None,
    founded: int | None,
    website: str | None,
    description: str,
    parent: str | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": name, "url": url}
    if acronym:
        data["alternateName"] = acronym
    if country_code or locality:
        address: dict[str, Any] = {"@type": "PostalAddress"}
        if country_code:
            address["addressCountry"] = country_code
        if locality:
            address["addressLocality"] = locality
        data["address"] = address
    if founded:
        data["foundingDate"] = str(founded)
    if website:
        data["sameAs"] = website
    if description:
        data["description"] = description
    if parent:
        data["parentOrganization"] = {"@type": "Organization", "name": parent}
    return data


@dataclass(frozen=True, slots=True)
class CollectionJsonLd:
    """``page_jsonld(items, start, url)`` in the templates: a listing page's
    ``CollectionPage``, with the articles shown on that page (``start``: the position of the
    first; ``url``: that page's, page n of a listing having its own) and, on a year page, the
    year as its ``temporalCoverage``."""

    name: str
    url: str
    lang: str
    about: dict[str, Any]
    site_url: str
    listed: Callable[[Any, str], ListedArticle]
    temporal_coverage: str | None = None

    def __call__(self, items: Sequence[Any], start: int = 1, url: str | None = None) -> Markup:
        return script(
            collection_page(
                name=self.name,
                url=self.url if url is None else absolute(self.site_url, url),
                lang=self.lang,
                about=self.about,
                items=item_list(
                    (self.listed(item, self.lang) for item in items), self.site_url, start
                ),
                temporal_coverage=self.temporal_coverage,
            )
        )
