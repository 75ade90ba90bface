"""Digests of what a page is made from, comparable from one build to the next.

Incremental output (:mod:`.incremental`) skips a page whose digest is the one recorded when it
was last written. A digest is taken of values, never of object identities or addresses: two
builds in two processes give equal digests for equal inputs. A value this module cannot read
(an object of a type it does not know, whose ``repr`` may hide state) has no digest
(:class:`Unreadable`), and a page made from it is always written.

Articles are read whole once per build (:meth:`Digests.version`: every attribute Pelican and
other plugins set, its URL, its content as feeds and themes see it, its summary, its
translations); inside other values (a category's article list, an article's translations) an
article counts by what lists, menus and links show of it (:meth:`Digests.reference`), so
editing one article's text changes the pages that show that text, not every page whose menu
lists the article.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import logging
import marshal
import re
import types
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime
from pydantic import BaseModel

from .taxonomy import Term

logger = logging.getLogger(__name__)

Out = Callable[[bytes], Any]
Handler = Callable[[Any, Out, int, bool], None]

# Values whose repr is their whole state, the same in every process.
_REPR = (int, float, bool, complex, type(None), bytes)
_PLAIN_REPR = (
    datetime.date,
    datetime.time,
    datetime.timedelta,
    datetime.tzinfo,
    PurePath,
    re.Pattern,
    Enum,
    range,
    slice,
)
# Attribute values an article's digest takes by one ``repr`` of them all.
_SIMPLE = frozenset(
    {str, int, float, bool, type(None), datetime.datetime, SafeDatetime, datetime.date, ZoneInfo}
)
# An address in a repr: the object's state is not in it.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# What Pelican keeps on every article that is no part of it (the site's settings and
# context), or is read separately (content, translations). Its URL is not read: Pelican makes
# it from the metadata and the settings, both read.
_NOT_THE_ARTICLE = frozenset({"settings", "_context", "_content", "translations"})
# What lists, menus and links show of an article or page (with its URL, made from these).
_LISTED = (
    "source_path",
    "title",
    "slug",
    "lang",
    "status",
    "date",
    "category",
    "author",
    "override_url",
    "in_default_lang",
    "summary",
)
_MAX_DEPTH = 64
# Functions by their code, classes by their names.
_CALLABLES = (
    types.FunctionType,
    types.MethodType,
    types.BuiltinFunctionType,
    functools.partial,
    type,
)


class Unreadable(Exception):
    """A value of a kind whose state a digest cannot capture."""


def hashed(parts: Iterable[bytes]) -> bytes:
    return hashlib.blake2b(b"".join(parts), digest_size=16).digest()


def _text(value: str) -> bytes:
    return f"s{len(value)}:{value}".encode("utf-8", "surrogatepass")


class Digests:
    """Digests of one build's values; articles, references and records are read once.

    ``code`` lists the types of the plugin's own helpers handed to templates (their output
    follows from the inputs and the plugin's code, which the site's digest covers): they count
    by type.
    """

    def __init__(self, site_url: str, code: tuple[type, ...] = ()) -> None:
        self.site_url = site_url
        self.code = code
        self._versions: dict[int, bytes | None] = {}
        self._references: dict[int, bytes] = {}
        self._terms: dict[int, bytes] = {}
        self._records: dict[int, bytes] = {}
        self._handlers: dict[type, Handler] = {}
        self._functions: dict[tuple[int, int], bytes] = {}
        self._seen: dict[tuple[int, bool], bytes] = {}
        self._unreadable: set[str] = set()

    def of(self, value: Any, *, listed: bool = False) -> bytes | None:
        """The digest of ``value``; ``None`` when some part of it cannot be read. Articles in
        it count whole, or as lists show them with ``listed`` (the site's context)."""
        parts: list[bytes] = []
        self._seen = {}  # lists met twice in one value (a page's articles and dates)
        try:
            self._walk(value, parts.append, 0, listed)
        except Unreadable as error:
            self._tell(str(error))
            return None
        finally:
            self._seen = {}
        return hashed(parts)

    def of_all(self, values: Mapping[str, Any]) -> bytes | None:
        """The digest of named values (template variables), in name order."""
        return self.of(sorted(values.items(), key=lambda item: item[0]))

    def versions(self, articles: Iterable[Any]) -> bytes | None:
        """The digest of a list of article versions, in order."""
        parts = []
        for article in articles:
            version = self.version(article)
            if version is None:
                return None
            parts.append(version)
        return hashed(parts)

    def _tell(self, what: str) -> None:
        if what not in self._unreadable:
            self._unreadable.add(what)
            logger.debug("pelican-coopregions: pages showing %s are always written", what)

    # Articles ----------------------------------------------------------------------------

    def version(self, article: Any) -> bytes | None:
        """One article version, whole: what any template or feed could show of it."""
        key = id(article)
        if key not in self._versions:
            self._versions[key] = self._version(article)
        return self._versions[key]

    def _version(self, article: Any) -> bytes | None:
        attributes = vars(article)
        simple: list[Any] = []
        parts: list[bytes] = [type(article).__qualname__.encode()]
        outer, self._seen = self._seen, {}
        try:
            for name, value in attributes.items():
                if name in _NOT_THE_ARTICLE:
                    continue
                if name == "metadata":  # what Pelican did not set as the same attribute
                    value = {
                        key: item for key, item in value.items() if attributes.get(key) is not item
                    }
                    if all(type(item) in _SIMPLE for item in value.values()):
                        simple += (name, sorted(value.items()))
                        continue
                if type(value) in _SIMPLE:
                    simple += (name, value)
                else:
                    parts.append(_text(name))
                    self._walk(value, parts.append, 1, True)
            parts.append(repr(simple).encode("utf-8", "surrogatepass"))
            parts.append(_text(article.get_content(self.site_url)))
            parts.append(_text(str(getattr(article, "summary", None))))
            parts.extend(self.reference(translation) for translation in article.translations)
        except Unreadable as error:
            self._tell(f"{error} (in {getattr(article, 'source_path', article)!r})")
            return None
        finally:
            self._seen = outer
        return hashed(parts)

    def reference(self, content: Any) -> bytes:
        """An article or page as a list, a menu or a link shows it: no text, no body."""
        key = id(content)
        found = self._references.get(key)
        if found is None:
            fields = [type(content).__qualname__]
            fields += [str(getattr(content, name, "")) for name in _LISTED]
            found = self._references[key] = hashed([repr(fields).encode("utf-8", "surrogatepass")])
        return found

    # Values ------------------------------------------------------------------------------

    def _walk(self, value: Any, out: Out, depth: int, nested: bool) -> None:
        if depth > _MAX_DEPTH:
            raise Unreadable("values nested too deep")
        kind = type(value)
        handler = self._handlers.get(kind)
        if handler is None:
            handler = self._handlers[kind] = self._handler(kind)
        handler(value, out, depth, nested)

    def _handler(self, kind: type) -> Handler:
        """How values of ``kind`` are read (chosen once per type)."""
        if issubclass(kind, str):
            tag = kind.__qualname__.encode()
            return lambda value, out, depth, nested: out(tag + _text(value))
        if issubclass(kind, _REPR) or issubclass(kind, _PLAIN_REPR):
            return lambda value, out, depth, nested: out(repr(value).encode())
        if issubclass(kind, (list, tuple)):
            return self._sequence
        if issubclass(kind, Mapping):
            return self._mapping
        if issubclass(kind, (set, frozenset)):
            return self._set
        if issubclass(kind, Content):
            return self._content
        if issubclass(kind, Term):
            return lambda value, out, depth, nested: out(self._term(value))
        if issubclass(kind, URLWrapper):
            wrapper = kind.__qualname__
            return lambda value, out, depth, nested: out(
                _text(f"{wrapper}:{value.name}|{value.slug}")
            )
        if issubclass(kind, BaseModel):
            return lambda value, out, depth, nested: out(self._record(value))
        if issubclass(kind, self.code):
            helper = f"code:{kind.__qualname__}".encode()
            return lambda value, out, depth, nested: out(helper)
        if dataclasses.is_dataclass(kind):
            return self._dataclass
        if issubclass(kind, _CALLABLES):
            return lambda value, out, depth, nested: out(self._callable(value))
        return self._other

    def _sequence(self, value: Any, out: Out, depth: int, nested: bool) -> None:
        key = (id(value), nested)
        seen = self._seen.get(key)
        if seen is None:
            parts: list[bytes] = [f"[{len(value)}".encode()]
            for item in value:
                self._walk(item, parts.append, depth + 1, nested)
            parts.append(b"]")
            seen = self._seen[key] = b"".join(parts)
        out(seen)

    def _mapping(self, value: Any, out: Out, depth: int, nested: bool) -> None:
        out(f"{{{len(value)}".encode())
        for key, item in value.items():
            self._walk(key, out, depth + 1, nested)
            self._walk(item, out, depth + 1, nested)
        out(b"}")

    def _set(self, value: Any, out: Out, depth: int, nested: bool) -> None:
        out(f"<{len(value)}".encode())
        for item in sorted(self._sub(item, depth + 1, nested) for item in value):
            out(item)
        out(b">")

    def _content(self, value: Any, out: Out, depth: int, nested: bool) -> None:
        found = self.reference(value) if nested else self.version(value)
        if found is None:
            raise Unreadable(f"an article ({value.source_path!r})")
        out(found)

    def _dataclass(self, value: Any, out: Out, depth: int, nested: bool) -> None:
        kind = type(value)
        out(f"{kind.__module__}.{kind.__qualname__}(".encode())
        for field in dataclasses.fields(value):
            self._walk(getattr(value, field.name), out, depth + 1, nested)
        out(b")")

    def _other(self, value: Any, out: Out, depth: int, nested: bool) -> None:
        """Anything else, by a ``repr`` that shows its state (not ``<... at 0x...>``)."""
        kind = type(value)
        text = repr(value)
        if _ADDRESS.search(text) or text.startswith("<"):
            raise Unreadable(f"a {kind.__module__}.{kind.__qualname__}")
        out(_text(f"{kind.__qualname__}:{text}"))

    def _sub(self, value: Any, depth: int, nested: bool) -> bytes:
        """The digest of a part of a value (raises :class:`Unreadable` as ``_walk`` does)."""
        parts: list[bytes] = []
        self._walk(value, parts.append, depth, nested)
        return hashed(parts)

    def _term(self, term: Term[Any]) -> bytes:
        """A region or organization in one language: its record and its name, slug, text."""
        key = id(term)
        found = self._terms.get(key)
        if found is None:
            fields = (term.lang, term.slug, str(term.name), term.description)
            found = self._terms[key] = self._record(term.record) + repr(fields).encode()
        return found

    def _code(self, function: Any) -> bytes:
        """A Python function: its name, code, defaults and the values it closes over."""
        parts = [
            f"{function.__module__}.{function.__qualname__}".encode(),
            marshal.dumps(function.__code__),
        ]
        for cell in function.__closure__ or ():
            parts.append(self._sub(cell.cell_contents, 1, True))
        parts.append(self._sub(function.__defaults__, 1, True))
        return hashed(parts)

    def _record(self, record: BaseModel) -> bytes:
        """A region or organization (frozen pydantic models) by every field: their own repr
        names the place only."""
        key = id(record)
        found = self._records.get(key)
        if found is None:
            fields = f"{type(record).__qualname__}{record.model_dump()!r}"
            found = self._records[key] = hashed([fields.encode("utf-8", "surrogatepass")])
        return found

    def _callable(self, value: Any) -> bytes:
        """A function by its code, a class by its name; a method of the plugin's helpers too
        (read once: functions without closures and such methods live as long as the build)."""
        if isinstance(value, types.MethodType):
            owner = value.__self__
            if not isinstance(owner, (type, *self.code)):
                raise Unreadable(f"a method of {type(owner).__qualname__}")
            key = (id(owner), id(value.__func__))
            found = self._functions.get(key)
            if found is None:
                parts = [type(owner).__qualname__.encode(), self._callable(value.__func__)]
                found = self._functions[key] = hashed(parts)
            return found
        if isinstance(value, types.FunctionType) and not value.__closure__:
            key = (id(value), 0)
            found = self._functions.get(key)
            if found is None:
                found = self._functions[key] = self._code(value)
            return found
        if isinstance(value, type):
            return f"class:{value.__module__}.{value.__qualname__}".encode()
        if isinstance(value, functools.partial):
            return hashed(
                [self._callable(value.func), self._sub((value.args, value.keywords), 1, True)]
            )
        if isinstance(getattr(value, "__code__", None), types.CodeType):
            return self._code(value)
        name = getattr(value, "__qualname__", None)
        if isinstance(value, types.BuiltinFunctionType) and name:
            return f"builtin:{getattr(value, '__module__', '')}.{name}".encode()
        raise Unreadable(f"a callable {type(value).__qualname__}")
