"""Fingerprints of values, comparable from one build to the next (for incremental output).

A fingerprint is taken of values, never of identities: two builds in two processes give equal
fingerprints for equal inputs. Plain data (text, numbers, dates, paths, containers of them),
Pelican's articles and pages, its taxonomy terms and the plugin's records and terms are read;
anything else (a function, an object of another plugin's making) raises :class:`Unreadable`,
and what is made from it is always written again: output is never stale because of a value
this module could not see.

An article counts *whole* where a page lists it (:meth:`Fingerprints.version`: every
attribute Pelican and other plugins set, its text as pages and feeds show it, its
translations). Elsewhere in the site's context (the categories' article lists, Pelican's
``articles`` on an index page) an article counts as a link to it (:meth:`Fingerprints.link`:
its file, address, language, status and date), and a page (Pelican's ``pages``, which menus
list by title) as a menu shows it: so editing one article writes again the pages that list
it, not every page of a theme whose menu names categories. This is the contract with themes:
what the plugin's pages show of articles they do not list is links, counts and dates.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from enum import Enum
from pathlib import PurePath
from typing import Any

from pelican.contents import Article, Content
from pelican.urlwrappers import URLWrapper
from pydantic import BaseModel

from .terms import Term

_PLAIN = (str, int, float, bool, type(None), bytes, complex)
_BY_REPR = (datetime.date, datetime.time, datetime.timedelta, datetime.tzinfo, PurePath, Enum)
# What Pelican keeps on every article that is no part of it, or is read separately.
_NOT_THE_ARTICLE = frozenset({"settings", "_context", "_content", "translations"})
# What a link to an article is made of; what a menu shows of a page.
_LINK = ("source_path", "url", "lang", "status", "date")
_MENU = ("source_path", "url", "lang", "status", "title", "slug", "in_default_lang")
_MAX_DEPTH = 64


class Unreadable(Exception):
    """A value whose state a fingerprint cannot capture."""


def hashed(parts: Iterable[bytes]) -> bytes:
    return hashlib.blake2b(b"".join(parts), digest_size=16).digest()


class Fingerprints:
    """The fingerprints of one build; articles and references are read once each."""

    def __init__(self, site_url: str) -> None:
        self.site_url = site_url
        self._versions: dict[int, bytes] = {}
        self._links: dict[int, bytes] = {}

    def of(self, value: Any) -> bytes:
        """The fingerprint of ``value``, articles and pages in it as :meth:`link` reads them."""
        parts: list[bytes] = []
        self._walk(value, parts, 0)
        return hashed(parts)

    def versions(self, articles: Iterable[Any]) -> bytes:
        """Article versions, whole, in order."""
        return hashed([self.version(article) for article in articles])

    def version(self, article: Any) -> bytes:
        """One article version, whole: what any template or feed could show of it."""
        found = self._versions.get(id(article))
        if found is None:
            attributes = {
                name: value for name, value in vars(article).items() if name not in _NOT_THE_ARTICLE
            }
            parts: list[bytes] = [type(article).__qualname__.encode()]
            try:
                self._walk(sorted(attributes.items()), parts, 0)
            except Unreadable as error:
                raise Unreadable(f"{error} (in {article.source_path!r})") from None
            parts.append(_text(article.get_content(self.site_url)))
            parts.append(_text(str(getattr(article, "summary", None))))
            parts.extend(sorted(self.link(translation) for translation in article.translations))
            found = self._versions[id(article)] = hashed(parts)
        return found

    def link(self, content: Any) -> bytes:
        """An article as a link to it shows it; a page (or static file) as a menu does."""
        found = self._links.get(id(content))
        if found is None:
            names = _LINK if isinstance(content, Article) else _MENU
            fields = [type(content).__qualname__, *(str(getattr(content, n, "")) for n in names)]
            found = self._links[id(content)] = hashed([_text(repr(fields))])
        return found

    def _part(self, value: Any, depth: int) -> bytes:
        parts: list[bytes] = []
        self._walk(value, parts, depth)
        return hashed(parts)

    def _walk(self, value: Any, out: list[bytes], depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise Unreadable("values nested too deep")
        if isinstance(value, str):
            out.append(_text(value))
        elif isinstance(value, (*_PLAIN, *_BY_REPR)):
            out.append(f"{type(value).__qualname__}:{value!r}".encode())
        elif isinstance(value, re.Pattern):
            out.append(_text(f"re:{value.pattern}:{value.flags}"))
        elif isinstance(value, (list, tuple)) and not (value and _all_content(value)):
            out.append(f"[{len(value)}".encode())
            for item in value:
                self._walk(item, out, depth + 1)
        elif isinstance(value, (Mapping, set, frozenset, list, tuple)):
            # Unordered: Pelican fills its mappings (generated_content...) and orders articles
            # of the same date in an order that follows the process's hash seed, so two
            # builds of the same site would differ; what is in them counts, dates included.
            pairs = value.items() if isinstance(value, Mapping) else value
            items = [self._part(item, depth + 1) for item in pairs]
            out.append(f"<{len(items)}".encode() + b"".join(sorted(items)))
        elif isinstance(value, Content):
            out.append(self.link(value))
        elif isinstance(value, Term):
            out.append(_text(f"{value.taxonomy.name}:{value.lang}:{value.slug}:{value.name}"))
        elif isinstance(value, URLWrapper):
            out.append(_text(f"{type(value).__qualname__}:{value.name}|{value.slug}"))
        elif isinstance(value, BaseModel):
            out.append(_text(f"{type(value).__qualname__}{value.model_dump()!r}"))
        elif is_dataclass(value) and not isinstance(value, type):  # a region, an organization
            out.append(_text(f"{type(value).__qualname__}{asdict(value)!r}"))
        else:
            kind = type(value)
            raise Unreadable(f"a {kind.__module__}.{kind.__qualname__}")


def _all_content(items: Iterable[Any]) -> bool:
    return all(isinstance(item, Content) for item in items)


def _text(value: str) -> bytes:
    return f"s{len(value)}:{value}".encode("utf-8", "surrogatepass")
