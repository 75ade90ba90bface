"""The plugin's settings: one typed model, validated once when Pelican starts.

Pelican settings are a loose dict; reading it in one place, with one model, means a typo or a
wrong type stops the build at once with the setting's name instead of surfacing as a
``KeyError`` deep inside page writing.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..core.dates import check_format
from ..core.languages import cldr_tag, language_chain, resolve, site_default
from .url_words import builtin_url_words

PREFIX = "COOPREGIONS_"

# A URL word is one path segment, inserted as written: none of these, and no spaces.
_NOT_IN_A_WORD = "/\\?#%"


class SettingsError(ValueError):
    """A ``COOPREGIONS_*`` or URL setting that the plugin cannot use."""


class PluginSettings(BaseModel):
    """Every ``COOPREGIONS_*`` setting; the field name is the setting without its prefix."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    regions_file: Path | None = Field(
        default=None, description="TOML file adding, renaming or describing regions."
    )
    organizations_file: Path | None = Field(
        default=None, description="TOML file defining organizations."
    )
    translations: Path | None = Field(
        default=None,
        description="Folder of the site's own catalogs of the plugin's words "
        "(<lang>/LC_MESSAGES/pelican_coopregions.po or .mo), searched before the plugin's.",
    )
    strict: bool = Field(
        default=True,
        description="Unknown values stop the build (True) or are dropped with a warning.",
    )
    rollup: bool = Field(
        default=True, description="A region page lists its sub-regions' articles too."
    )
    rollup_pages: int | None = Field(
        default=5,
        ge=1,
        description="With rollup, how many pages of a region containing others (or of a "
        "federation) list every article; later pages list only its own articles. "
        "None: no limit.",
    )
    empty_regions: Literal["skip", "render"] = Field(
        default="skip", description="Write pages for regions without articles, or not."
    )
    empty_organizations: Literal["skip", "render"] = Field(
        default="render",
        description="Write profile pages for organizations without articles, or not.",
    )
    infer_from_organizations: bool = Field(
        default=False,
        description="Place an article in the country of each organization it names.",
    )
    languages: tuple[str, ...] | None = Field(
        default=None,
        description="Languages to write pages for; default DEFAULT_LANG plus content languages.",
    )
    date_format: str | dict[str, str] = Field(
        default="long",
        description="CLDR width or pattern, or a dict of them per language.",
    )
    localize_article_dates: bool = Field(
        default=True, description="Set article.locale_date and locale_modified with Babel."
    )
    translation_fallback: Literal["original", "skip"] = Field(
        default="original",
        description="Untranslated articles on other-language pages: shown labelled, or left out.",
    )
    page_title: str | None = Field(
        default=None,
        description="Text of the title block of the plugin's pages, with {name} and {sitename}; "
        "default: the convention of the theme's own title.",
    )
    head_block: str | Literal[False] | None = Field(
        default=None,
        description="The block of the theme's <head> that gets the plugin's hreflang, "
        "canonical and feed links and its JSON-LD; None: the one read from the theme; False: "
        "none (the JSON-LD in the page's content, and no warning about it).",
    )
    map: bool = Field(
        default=True,
        description="Show the coverage map of countries on the regions index and region pages.",
    )
    year_archives: Literal["paginated", "all", False] = Field(
        default="paginated",
        description="Year pages of a region's or organization's articles: \"paginated\" (only "
        "for a place whose listing runs past one page; the others link their years to "
        'headings in their listing), "all" (every year of every place; True means "all"), '
        "or False (none).",
    )
    workers: Annotated[int, Field(ge=0)] | Literal["auto"] = Field(
        default=0,
        description="Worker processes rendering the plugin's pages while Pelican writes its "
        'own; 0 (the default): none, every page in Pelican\'s process; "auto": one less than '
        "the CPUs, at most 2, when there are enough pages to pay for them. Each worker costs "
        "memory (the pages of the build it touches become its own).",
    )

    url_words: dict[str, dict[str, str]] = Field(
        default={},
        description="The words of {regions} and {organizations} in URLs, per language "
        '(e.g. {"pt": {"regions": "regioes"}}); the built-in words otherwise.',
    )
    menuitems: tuple[str, ...] = Field(
        default=(),
        description='Index pages added to MENUITEMS in each page\'s language: "regions", '
        '"organizations".',
    )
    taxonomies: tuple[str, ...] = Field(
        default=(),
        description="More kinds of term with pages of their own, as import paths of "
        "Taxonomy subclasses ('package.module:ClassName'); see docs/architecture.md.",
    )

    @field_validator("menuitems")
    @classmethod
    def _menuitems(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))

    @field_validator("url_words")
    @classmethod
    def _url_words(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        words: dict[str, dict[str, str]] = {}
        for key, given in value.items():
            lang = _cldr_language(key)
            if lang in words:
                raise ValueError(f"{key!r} names the same language as another key ({lang!r})")
            for word in given.values():
                if word in ("", ".", "..") or any(
                    char in _NOT_IN_A_WORD or char.isspace() for char in word
                ):
                    raise ValueError(
                        f"{word!r} cannot be a URL word: it is one part of a path, without "
                        f"spaces or any of {' '.join(_NOT_IN_A_WORD)} (e.g. 'regioes')"
                    )
            words[lang] = given
        return words

    @field_validator("year_archives", mode="before")
    @classmethod
    def _year_archives(cls, value: Any) -> Any:
        # True was the switch's "on" before "paginated" existed: a site that wrote it keeps
        # every year page it had.
        return "all" if value is True else value

    @field_validator("languages", "menuitems", "taxonomies", mode="before")
    @classmethod
    def _list_as_tuple(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if value is None else tuple(dict.fromkeys(map(_cldr_language, value)))

    @field_validator("regions_file", "organizations_file", "translations", mode="before")
    @classmethod
    def _path(cls, value: Any) -> Any:
        return Path(value) if isinstance(value, str) else value

    @field_validator("page_title")
    @classmethod
    def _page_title(cls, value: str | None) -> str | None:
        if value is not None:
            check_placeholders(value, {"name": "", "sitename": ""})
        return value

    @field_validator("date_format")
    @classmethod
    def _date_format(cls, value: str | dict[str, str]) -> str | dict[str, str]:
        if isinstance(value, str):
            return check_format(value)
        formats: dict[str, str] = {}
        for key, pattern in value.items():
            lang = key if key == "default" else _cldr_language(key)
            if lang in formats:
                raise ValueError(f"{key!r} names the same language as another key ({lang!r})")
            formats[lang] = check_format(pattern)
        return formats

    def date_format_for(self, lang: str) -> str:
        """The format for a page language: its own key, its base language's, then "default"."""
        if isinstance(self.date_format, str):
            return self.date_format
        for key in language_chain(lang, last=None):
            if key in self.date_format:
                return self.date_format[key]
        return self.date_format.get("default", "long")

    def url_words_for(self, lang: str, kinds: Iterable[str]) -> dict[str, str]:
        """The URL words of ``kinds`` (``regions``, ``organizations``...) in a page language.

        Each word comes from the first language of its chain (``pt-BR``, ``pt``, then English)
        that has one, the site's ``COOPREGIONS_URL_WORDS`` before the built-in words; a kind
        no language names is its own word.
        """
        builtin = builtin_url_words()
        words: dict[str, str] = {}
        for key in kinds:
            for tag in language_chain(lang):
                word = self.url_words.get(tag, {}).get(key) or builtin.get(tag, {}).get(key)
                if word:
                    words[key] = word
                    break
            else:
                words[key] = key
        return words

    def has_url_words(self, lang: str) -> bool:
        """Whether ``lang`` (or its base language) has words of its own, not English ones."""
        builtin = builtin_url_words()
        return any(
            tag in self.url_words or tag in builtin for tag in language_chain(lang, last=None)
        )


def _cldr_language(value: str) -> str:
    """A language written in a setting, as its CLDR tag; a ``ValueError`` if CLDR has none."""
    tag = cldr_tag(value)
    if tag is None:
        raise ValueError(
            f"{value!r} is not a language CLDR knows; write a BCP 47 or POSIX code such as "
            "'es', 'pt-BR' or 'es_AR'"
        )
    return tag


def page_languages(
    options: PluginSettings, settings: Mapping[str, Any], content_languages: Iterable[str]
) -> tuple[str, ...]:
    """The languages pages are written in: the setting, else DEFAULT_LANG plus the content's.

    Every language is the tag of its nearest CLDR locale (``pt_BR`` → ``pt-BR``); a language
    CLDR does not know (``yua``, ``Spanish``) counts as the site's fallback language, so it
    never gets pages of its own. Under pelican-i18n-subsites (with ``I18N_SUBSITES`` set: an
    auto-discovered, unconfigured i18n_subsites does nothing) each subsite is a Pelican run of
    its own, in one language.
    """
    default = site_default(settings.get("DEFAULT_LANG"))
    plugins = settings.get("PLUGINS") or ()
    if settings.get("I18N_SUBSITES") and any("i18n_subsites" in str(p) for p in plugins):
        return (default,)
    if options.languages is not None:
        return tuple(dict.fromkeys((default, *options.languages)))
    found = {resolve(lang, default) for lang in content_languages}
    return (default, *sorted(found - {default}))


def check_path_setting(name: str, value: Any, fields: Iterable[str], default: str | None) -> None:
    """A URL or output-path setting is a string (or None) using only the placeholders its
    pages provide (``fields``); an output path stays inside OUTPUT_PATH, a URL is relative to
    SITEURL (``default``: the setting's own, for the message)."""
    if value is None:
        return
    if not isinstance(value, str):
        raise SettingsError(f"{name} must be a string (or None), got {value!r}")
    examples = {"lang": "xx", "slug": "slug", "year": "2022"}
    filled = {field: examples.get(field, field) for field in fields}
    try:
        check_placeholders(value, filled)
    except ValueError as error:
        raise SettingsError(f"{name} = {error}") from None
    if value and not name.endswith("_URL") and not inside_output(value.format(**filled)):
        raise SettingsError(
            f"{name} = {value!r} would write outside OUTPUT_PATH: output paths are relative "
            "to it, with no leading '/' and no '..'"
        )
    if name.endswith("_URL") and not relative_url(value):
        example = value.format(**filled)
        raise SettingsError(
            f"{name} = {value!r}: a page's URL is relative to SITEURL, which every link puts "
            f"before it ('{{SITEURL}}/' + URL); {example!r} would give "
            f"{'/' + example!r} when SITEURL is empty (a host named by its first folder) or a "
            f"doubled host. Write a path inside the site with no leading '/', like "
            f"{default!r}"
        )


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def relative_url(url: str) -> bool:
    """Whether a URL setting is relative to SITEURL, as Pelican's own are: no leading '/',
    no scheme or host (``{regions}/{slug}/``, not ``/regions/`` or ``https://...``)."""
    return not url.startswith("/") and _SCHEME.match(url) is None


def inside_output(path: str) -> bool:
    """Whether an output path (relative to OUTPUT_PATH) stays inside it."""
    normal = posixpath.normpath(path)
    escapes = normal == ".." or normal.startswith("../") or posixpath.isabs(normal)
    return bool(path) and not escapes and "\x00" not in path


def check_placeholders(value: str, fields: Mapping[str, str]) -> None:
    """Raise ``ValueError`` unless ``value`` can be filled in with ``fields`` alone."""
    try:
        value.format(**fields)
    except (KeyError, IndexError, ValueError) as error:
        allowed = " and ".join("{" + field + "}" for field in fields)
        raise ValueError(
            f"{value!r} cannot be filled in ({error!r}): it may use only {allowed}"
        ) from None


def _setting_name(field: str) -> str:
    return PREFIX + field.upper()


def load_settings(settings: Mapping[str, Any]) -> PluginSettings:
    """Validate the ``COOPREGIONS_*`` settings; raise :class:`SettingsError` if wrong."""
    known = {_setting_name(field) for field in PluginSettings.model_fields}
    values: dict[str, Any] = {}
    for name, value in settings.items():
        if not name.startswith(PREFIX):
            continue
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise SettingsError(
                f"{name} is not a pelican-coopregions setting{hint}; "
                f"known settings: {', '.join(sorted(known))}"
            )
        values[name[len(PREFIX) :].lower()] = value
    try:
        return PluginSettings.model_validate(values)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        described = PluginSettings.model_fields[field].description if field in values else ""
        raise SettingsError(
            f"{_setting_name(field)}: {first['msg']} (got {values.get(field)!r}). {described}"
        ) from None
