"""The plugin's own UI strings, through gettext with a translation domain of its own.

Templates use ``jinja2.ext.i18n`` (``{% trans %}``, ``_()``); the callables installed here
pick the catalog for the page being rendered from its ``lang`` variable, so one environment
renders every language and never touches a theme's (or i18n_subsites') translations.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

DOMAIN = "pelican_coopregions"
LOCALE_DIR = Path(str(files(__package__) / "locale"))


def load_catalogs(languages: Iterable[str]) -> dict[str, NullTranslations]:
    """Language -> the plugin's catalog (an empty one for English or a missing language)."""
    return {
        lang: Translations.load(dirname=LOCALE_DIR, locales=[lang.replace("-", "_")], domain=DOMAIN)
        for lang in languages
    }


def install_gettext(env: Environment, catalogs: dict[str, NullTranslations], default: str) -> None:
    """Add ``jinja2.ext.i18n`` to ``env`` with callables that follow the page's ``lang``."""

    def catalog(context: Context) -> NullTranslations:
        return catalogs.get(context.get("lang") or default) or NullTranslations()

    @pass_context
    def gettext(context: Context, message: str) -> str:
        return catalog(context).gettext(message)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int) -> str:
        return catalog(context).ngettext(singular, plural, n)

    @pass_context
    def pgettext(context: Context, message_context: str, message: str) -> str:
        return str(catalog(context).pgettext(message_context, message))

    @pass_context
    def npgettext(
        context: Context, message_context: str, singular: str, plural: str, n: int
    ) -> str:
        return str(catalog(context).npgettext(message_context, singular, plural, n))

    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )


def language_name(code: str, in_lang: str) -> str:
    """``"en"`` in Spanish is "inglés": CLDR's name for a language, in another language."""
    try:
        locale = Locale.parse(in_lang.replace("-", "_"))
        name: Any = locale.languages.get(code.replace("-", "_").split("_")[0])
    except (ValueError, UnknownLocaleError):
        name = None
    return str(name) if name else code
