"""The plugin's settings: one typed model, validated once when Pelican starts.

Pelican settings are a loose dict; reading it in one place, with one model, means a typo or a
wrong type stops the build at once with the setting's name instead of surfacing as a
``KeyError`` deep inside page writing.
"""

from __future__ import annotations

import difflib
import posixpath
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import pelican
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..core.dates import check_format
from ..core.languages import cldr_tag, language_chain, resolve, site_default
from .url_words import builtin_url_words

PREFIX = "COOPREGIONS_"

# Pelican-style URL settings (like CATEGORY_URL): the names themes and users already know.
# ``{regions}`` and ``{organizations}`` are the words of the page's own language (URL_WORDS),
# so a Spanish page is under ``regiones/`` whether or not Spanish is DEFAULT_LANG.
URL_DEFAULTS: dict[str, str | None] = {
    "REGION_URL": "{regions}/{slug}/",
    "REGION_SAVE_AS": "{regions}/{slug}/index.html",
    "REGIONS_URL": "{regions}/",
    "REGIONS_SAVE_AS": "{regions}/index.html",
    "REGION_LANG_URL": "{lang}/{regions}/{slug}/",
    "REGION_LANG_SAVE_AS": "{lang}/{regions}/{slug}/index.html",
    "REGIONS_LANG_URL": "{lang}/{regions}/",
    "REGIONS_LANG_SAVE_AS": "{lang}/{regions}/index.html",
    "ORGANIZATION_URL": "{organizations}/{slug}/",
    "ORGANIZATION_SAVE_AS": "{organizations}/{slug}/index.html",
    "ORGANIZATIONS_URL": "{organizations}/",
    "ORGANIZATIONS_SAVE_AS": "{organizations}/index.html",
    "ORGANIZATION_LANG_URL": "{lang}/{organizations}/{slug}/",
    "ORGANIZATION_LANG_SAVE_AS": "{lang}/{organizations}/{slug}/index.html",
    "ORGANIZATIONS_LANG_URL": "{lang}/{organizations}/",
    "ORGANIZATIONS_LANG_SAVE_AS": "{lang}/{organizations}/index.html",
    "REGION_FEED_ATOM": "{regions}/{slug}/feed.atom.xml",
    "REGION_FEED_RSS": None,
    "REGION_LANG_FEED_ATOM": "{lang}/{regions}/{slug}/feed.atom.xml",
    "REGION_LANG_FEED_RSS": None,
    "ORGANIZATION_FEED_ATOM": "{organizations}/{slug}/feed.atom.xml",
    "ORGANIZATION_FEED_RSS": None,
    "ORGANIZATION_LANG_FEED_ATOM": "{lang}/{organizations}/{slug}/feed.atom.xml",
    "ORGANIZATION_LANG_FEED_RSS": None,
    # One page per year of a region's or organization's articles (COOPREGIONS_YEAR_ARCHIVES).
    "REGION_YEAR_URL": "{regions}/{slug}/{year}/",
    "REGION_YEAR_SAVE_AS": "{regions}/{slug}/{year}/index.html",
    "REGION_YEAR_LANG_URL": "{lang}/{regions}/{slug}/{year}/",
    "REGION_YEAR_LANG_SAVE_AS": "{lang}/{regions}/{slug}/{year}/index.html",
    "ORGANIZATION_YEAR_URL": "{organizations}/{slug}/{year}/",
    "ORGANIZATION_YEAR_SAVE_AS": "{organizations}/{slug}/{year}/index.html",
    "ORGANIZATION_YEAR_LANG_URL": "{lang}/{organizations}/{slug}/{year}/",
    "ORGANIZATION_YEAR_LANG_SAVE_AS": "{lang}/{organizations}/{slug}/{year}/index.html",
}

# The two kinds of index page; each also names its URL word (``{regions}``).
IndexKind = Literal["regions", "organizations"]
INDEX_KINDS: tuple[IndexKind, ...] = ("regions", "organizations")

# The words of ``{regions}`` and ``{organizations}`` per language, as a person of that
# language would type them in an address (accents dropped, as Pelican's slugify drops them).
# A language without its own words takes the next in its chain (pt-BR -> pt), then English.
URL_WORDS: dict[str, dict[str, str]] = {
    "en": {"regions": "regions", "organizations": "organizations"},
    "es": {"regions": "regiones", "organizations": "organizaciones"},
    "pt": {"regions": "regioes", "organizations": "organizacoes"},
    "fr": {"regions": "regions", "organizations": "organisations"},
}

# A URL word is one path segment, inserted as written: none of these, and no spaces.
_NOT_IN_A_WORD = "/\\?#%"

PAGINATED = ("region", "organization", "region_year", "organization_year")


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
        default=True,
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
        "default: the convention of the theme's base.html.",
    )
    map: bool = Field(
        default=True,
        description="Show the coverage map of countries on the regions index and region pages.",
    )
    year_archives: bool = Field(
        default=True,
        description="Write a page for each year of a region's or organization's articles, "
        "linked from its page with counts.",
    )
    url_words: dict[str, dict[IndexKind, str]] = Field(
        default={},
        description="The words of {regions} and {organizations} in URLs, per language "
        '(e.g. {"pt": {"regions": "regioes"}}); the built-in words otherwise.',
    )
    menuitems: tuple[IndexKind, ...] = Field(
        default=(),
        description='Index pages added to MENUITEMS in each page\'s language: "regions", '
        '"organizations".',
    )

    @field_validator("menuitems")
    @classmethod
    def _menuitems(cls, value: tuple[IndexKind, ...]) -> tuple[IndexKind, ...]:
        return tuple(dict.fromkeys(value))

    @field_validator("url_words")
    @classmethod
    def _url_words(cls, value: dict[str, dict[IndexKind, str]]) -> dict[str, dict[IndexKind, str]]:
        words: dict[str, dict[IndexKind, str]] = {}
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

    @field_validator("languages", "menuitems", mode="before")
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

    def url_words_for(self, lang: str) -> dict[str, str]:
        """``{regions}`` and ``{organizations}`` of a page language's URLs.

        Each word comes from the first language of its chain (``pt-BR``, ``pt``, then English)
        that has one, the site's ``COOPREGIONS_URL_WORDS`` before the built-in words.
        """
        builtin = builtin_url_words()
        words: dict[str, str] = {}
        for key in INDEX_KINDS:
            for tag in language_chain(lang):
                word = self.url_words.get(tag, {}).get(key) or builtin.get(tag, {}).get(key)
                if word:
                    words[key] = word
                    break
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


def _check_path_setting(name: str, value: Any) -> None:
    """A URL setting is a string (or None) using only the placeholders its pages provide."""
    if value is None:
        return
    if not isinstance(value, str):
        raise SettingsError(f"{name} must be a string (or None), got {value!r}")
    fields = {"lang": "xx", **URL_WORDS["en"]}
    if not name.startswith(("REGIONS_", "ORGANIZATIONS_")):
        fields["slug"] = "slug"
    if "_YEAR_" in name:
        fields["year"] = "2022"
    try:
        check_placeholders(value, fields)
    except ValueError as error:
        raise SettingsError(f"{name} = {error}") from None
    if value and not name.endswith("_URL") and not inside_output(value.format(**fields)):
        raise SettingsError(
            f"{name} = {value!r} would write outside OUTPUT_PATH: output paths are relative "
            "to it, with no leading '/' and no '..'"
        )


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
    """Validate the ``COOPREGIONS_*`` and URL settings; raise :class:`SettingsError` if wrong."""
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
    for name in URL_DEFAULTS:
        _check_path_setting(name, settings.get(name, URL_DEFAULTS[name]))
    try:
        return PluginSettings.model_validate(values)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        described = PluginSettings.model_fields[field].description if field in values else ""
        raise SettingsError(
            f"{_setting_name(field)}: {first['msg']} (got {values.get(field)!r}). {described}"
        ) from None


def settings_directory(settings: Mapping[str, Any]) -> Path:
    """The folder relative data-file paths are read from: the settings file's own folder.

    Pelican records no settings-file path, but it loads the file as a module named after it;
    the module holding these very values tells where the file was. That name may be anything,
    ``pelican.conf`` included (Pelican's own sample name, ``pelican.conf.py``), so Pelican's
    own modules are told apart by where their file is, not by name. Settings built in code
    (tests, ``read_settings(override=...)``) fall back to the current folder.
    """
    wanted = {
        name: settings[name]
        for name in (
            PREFIX + "REGIONS_FILE",
            PREFIX + "ORGANIZATIONS_FILE",
            PREFIX + "TRANSLATIONS",
        )
        if settings.get(name) is not None
    }
    if not wanted:
        return Path.cwd()
    folders = []
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or any(
            getattr(module, key, _MISSING) != value for key, value in wanted.items()
        ):
            continue
        folder = Path(file).resolve().parent
        if folder != _PELICAN_PACKAGE and _PELICAN_PACKAGE not in folder.parents:
            folders.append(folder)
    # Several sites' settings may be loaded in one process (tests, i18n_subsites): prefer the
    # one whose folder holds this site's content (Pelican made PATH absolute from it).
    content = Path(str(settings.get("PATH", ""))).resolve()
    for folder in folders:
        if folder == content or folder in content.parents:
            return folder
    return folders[0] if folders else Path.cwd()


_MISSING = object()
_PELICAN_PACKAGE = Path(pelican.__file__).resolve().parent
