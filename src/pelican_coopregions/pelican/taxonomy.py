"""Regions and organizations as theme authors see them: like Pelican's ``Category``.

A term wraps one immutable record in one language. It is a Pelican ``URLWrapper``, so it
compares, sorts and prints like a category, and takes its URL from Pelican-style settings:
``REGION_URL``/``REGION_SAVE_AS`` for the default language, ``REGION_LANG_URL`` (with
``{lang}``) for the others. Any field of the record (``kind``, ``code``, ``founded``...) reads
through, so ``article.organizations[0].founded`` works in a template.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from pelican.urlwrappers import URLWrapper
from pelican.utils import slugify

from ..core.keys import slugify as core_slugify
from ..core.languages import language_tag
from ..core.models import DEFAULT_LANGUAGE, Organization, Region
from .settings import URL_DEFAULTS

RecordT = TypeVar("RecordT", Region, Organization)


def setting_name(prefix: str, key: str, is_default_lang: bool) -> str:
    """``REGION_URL`` for the default language, ``REGION_LANG_URL`` for the others."""
    return f"{prefix}_{key}" if is_default_lang else f"{prefix}_LANG_{key}"


def path_setting(settings: Mapping[str, Any], name: str, **fields: str) -> str | None:
    """A URL or output-path setting filled in with ``fields`` (``None`` when switched off)."""
    value = settings.get(name, URL_DEFAULTS.get(name))
    return None if value is None else str(value).format(**fields)


class Term(URLWrapper, Generic[RecordT]):  # type: ignore[misc]
    """One region or organization in one language, with its page URL and output path."""

    prefix: ClassVar[str]

    def __init__(
        self, record: RecordT, settings: Mapping[str, Any], lang: str, default_lang: str
    ) -> None:
        super().__init__(record.name(lang), settings)
        self.record: RecordT = record
        self.lang = lang
        self.is_default_lang = lang == default_lang
        self.description = record.description(lang)
        # A slug written in a data file names the default-language page, as written. A
        # built-in place's English page takes its slug from the slug fixed in the package, not
        # from its name, so that a new CLDR name never moves it. Every other page takes its
        # slug from the name in its language. Pelican's slug settings apply to both.
        if isinstance(record, Region) and record.is_builtin:
            english = (language_tag(lang) or "").split("-")[0] == DEFAULT_LANGUAGE
            slug = self._slugify(record.slug if english else self.name)
        elif self.is_default_lang and record.slug != core_slugify(record.name(DEFAULT_LANGUAGE)):
            slug = record.slug
        else:
            slug = self._slugify(self.name)
        self.slug = slug or record.slug

    def _slugify(self, text: str) -> str:
        settings = self.settings
        substitutions = settings.get(
            f"{self.prefix}_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        )
        return str(
            slugify(
                text,
                regex_subs=substitutions,
                preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
            )
        )

    def setting_name(self, key: str) -> str:
        """``REGION_URL`` for the default language, ``REGION_LANG_URL`` for the others."""
        return setting_name(self.prefix, key, self.is_default_lang)

    def _setting(self, key: str) -> str | None:
        return path_setting(self.settings, self.setting_name(key), slug=self.slug, lang=self.lang)

    @property
    def url(self) -> str:
        return self._setting("URL") or ""

    @property
    def save_as(self) -> str:
        return self._setting("SAVE_AS") or ""

    @property
    def page_name(self) -> str:
        return posixpath.splitext(self.url)[0]

    @property
    def feed_atom(self) -> str | None:
        return self._setting("FEED_ATOM")

    @property
    def feed_rss(self) -> str | None:
        return self._setting("FEED_RSS")

    def __getattr__(self, name: str) -> Any:
        # Read through to the record's fields; never during unpickling (no record yet).
        if name.startswith("_") or name == "record":
            raise AttributeError(name)
        return getattr(self.record, name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.record.slug!r} {self.lang}>"


class RegionTerm(Term[Region]):
    """A region or country page: ``region.name``, ``.url``, ``.kind``, ``.code``..."""

    prefix = "REGION"


class OrganizationTerm(Term[Organization]):
    """An organization page: ``organization.name``, ``.url``, ``.founded``, ``.website``..."""

    prefix = "ORGANIZATION"
