"""Terms as theme authors see them: like Pelican's ``Category``.

A term wraps one immutable record (a region, an organization) in one language. It is a
Pelican ``URLWrapper``, so it compares, sorts and prints like a category, and takes its URL
from Pelican-style settings named after its kind (:mod:`.taxonomies`):
``REGION_URL``/``REGION_SAVE_AS`` for the default language, ``REGION_LANG_URL`` (with
``{lang}``) for the others, each with the URL words of the term's own language
(``{regions}``: ``regiones`` in Spanish). Any field of the record (``kind``, ``code``,
``founded``...) reads through, so ``article.organizations[0].founded`` works in a template.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pelican.urlwrappers import URLWrapper
from pelican.utils import slugify

if TYPE_CHECKING:
    from .taxonomies import Taxonomy


def setting_name(prefix: str, key: str, is_default_lang: bool) -> str:
    """``REGION_URL`` for the default language, ``REGION_LANG_URL`` for the others."""
    return f"{prefix}_{key}" if is_default_lang else f"{prefix}_LANG_{key}"


def path_setting(settings: Mapping[str, Any], name: str, **fields: str) -> str:
    """A URL or output-path setting filled in with ``fields`` (``""`` when switched off).

    ``fields`` are ``lang``, the URL words of that language (``regions``, ``organizations``:
    :meth:`~.settings.PluginSettings.url_words_for`) and, for one term's pages, ``slug``
    (and ``year`` for its year pages). The defaults are in the settings from the start
    (:meth:`.generator.CoopRegionsGenerator.__init__`).
    """
    value = settings.get(name)
    return "" if value is None else str(value).format(**fields)


def index_path(
    settings: Mapping[str, Any],
    taxonomy: Taxonomy,
    key: str,
    lang: str,
    default_lang: str,
    words: Mapping[str, str],
) -> tuple[str, str]:
    """The setting name and value of an index page's path (``REGIONS_URL`` & co.) in ``lang``;
    an empty value means switched off."""
    name = setting_name(taxonomy.index_prefix, key, lang == default_lang)
    return name, path_setting(settings, name, lang=lang, **words)


def page_slug(
    record: Any,
    lang: str,
    is_default_lang: bool,
    fixed: str | None,
    slugify: Any,
) -> str:
    """The slug of ``record``'s page in ``lang``: the one slug rule, for every record.

    - A slug written in the site's data file (``slug = "l-olivera"``) is the slug of the
      default-language page, exactly as written: the author chose it (``SLUGIFY_PRESERVE_CASE``
      and the substitutions do not touch it).
    - Any other page's slug is ``slugify`` (Pelican's, with the site's slug settings) of the
      page's text: the record's name in ``lang``, except where the kind fixes the page's slug
      (``fixed``: a built-in place's page in a shipped language, English, Spanish, Portuguese
      or French, has the slug fixed in the package), so that a new CLDR name never moves it.
    - When that leaves nothing (a name of symbols only), the record's own slug.
    """
    if record.slug_written and is_default_lang:
        return str(record.slug)
    return str(slugify(fixed or record.name(lang)) or record.slug)


class Term(URLWrapper):  # type: ignore[misc]
    """One term (a region, an organization...) in one language, with its page URL and output
    path. ``taxonomy`` is its kind."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        record: Any,
        settings: Mapping[str, Any],
        lang: str,
        default_lang: str,
        words: Mapping[str, str],
    ) -> None:
        super().__init__(record.name(lang), settings)
        self.taxonomy = taxonomy
        self.record = record
        self.lang = lang
        self.words = words  # the URL words of lang, shared by its terms
        self.is_default_lang = lang == default_lang
        self.description = record.description(lang, default_lang)
        fixed = taxonomy.fixed_slug(record, lang)
        self.slug = page_slug(record, lang, self.is_default_lang, fixed, self._slugify)
        self._paths: dict[str, str] = {}

    def _slugify(self, text: str) -> str:
        settings = self.settings
        substitutions = settings.get(
            f"{self.taxonomy.prefix}_REGEX_SUBSTITUTIONS",
            settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        )
        return str(
            slugify(
                text,
                regex_subs=substitutions,
                preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
            )
        )

    @property
    def term_key(self) -> tuple[str, str]:
        """(kind, slug of the record): the same in every language."""
        return (self.taxonomy.name, self.record.slug)

    def setting_name(self, key: str) -> str:
        """``REGION_URL`` for the default language, ``REGION_LANG_URL`` for the others."""
        return setting_name(self.taxonomy.prefix, key, self.is_default_lang)

    def _setting(self, key: str) -> str:
        # Worked out once per term: a page reads its terms' URLs many times (lists, links,
        # alternates), and neither the settings nor the slug change during a build.
        found = self._paths.get(key)
        if found is None:
            found = self._paths[key] = path_setting(
                self.settings, self.setting_name(key), slug=self.slug, lang=self.lang, **self.words
            )
        return found

    @property
    def url(self) -> str:
        return self._setting("URL")

    @property
    def save_as(self) -> str:
        return self._setting("SAVE_AS")

    @property
    def page_name(self) -> str:
        return posixpath.splitext(self.url)[0]

    def year_setting_name(self, key: str) -> str:
        """``REGION_YEAR_URL`` for the default language, ``REGION_YEAR_LANG_URL`` otherwise."""
        return setting_name(f"{self.taxonomy.prefix}_YEAR", key, self.is_default_lang)

    def year_path(self, key: str, year: int) -> str:
        """The URL (``key="URL"``) or output path (``"SAVE_AS"``) of one year's page; ``""``
        when switched off."""
        return path_setting(
            self.settings,
            self.year_setting_name(key),
            slug=self.slug,
            lang=self.lang,
            year=str(year),
            **self.words,
        )

    def feed_path(self, feed_type: str) -> str:
        """The output path of the term's feed of ``feed_type`` (``atom``, ``rss``); ``""``
        when switched off."""
        return self._setting(f"FEED_{feed_type.upper()}")

    @property
    def feed_atom(self) -> str:
        return self.feed_path("atom")

    @property
    def feed_rss(self) -> str:
        return self.feed_path("rss")

    def __getattr__(self, name: str) -> Any:
        # Read through to the record's fields; never during unpickling (no record yet).
        if name.startswith("_") or name == "record":
            raise AttributeError(name)
        return getattr(self.record, name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.taxonomy.name} {self.record.slug!r} {self.lang}>"
