"""The plugin's own UI strings, through gettext with a translation domain of its own.

Templates use ``jinja2.ext.i18n`` (``{% trans %}``, ``_()``); the callables installed here
pick the catalog for the page being rendered from its ``lang`` variable, so one environment
renders every language and never touches a theme's (or i18n_subsites') translations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any, cast

from babel.support import NullTranslations, Translations
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from ..core.languages import language_chain

DOMAIN = "pelican_coopregions"
LOCALE_DIR = Path(str(files("pelican_coopregions") / "locale"))


def load_catalogs(languages: Iterable[str]) -> dict[str, NullTranslations]:
    """Language -> the plugin's catalog (an empty one for English or a missing language).

    ``languages`` are CLDR tags; a regional one uses its base language's catalog when it has
    none of its own (``es-AR`` reads ``es``).
    """
    return {
        lang: Translations.load(
            dirname=LOCALE_DIR,
            locales=[tag.replace("-", "_") for tag in language_chain(lang, last=None)],
            domain=DOMAIN,
        )
        for lang in languages
    }


def _has(catalog: NullTranslations, key: object) -> bool:
    return key in getattr(catalog, "_catalog", {})


def install_gettext(env: Environment, catalogs: dict[str, NullTranslations], default: str) -> None:
    """Add ``jinja2.ext.i18n`` to ``env`` with callables that follow the page's ``lang``.

    Messages the plugin's catalog does not hold (the theme's own, in ``base.html``) go to
    whatever gettext was installed before (a theme's or i18n_subsites' translations), so the
    two domains never clash.
    """
    previous: dict[str, Callable[..., Any] | None] = {
        name: cast("Callable[..., Any] | None", env.globals.get(name))
        for name in ("gettext", "ngettext")
    }

    def catalog(context: Context) -> NullTranslations:
        return catalogs.get(context.get("lang") or default) or NullTranslations()

    @pass_context
    def gettext(context: Context, message: str) -> str:
        own = catalog(context)
        if previous["gettext"] is not None and not _has(own, message):
            return str(context.call(previous["gettext"], message))
        return own.gettext(message)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int) -> str:
        own = catalog(context)
        if previous["ngettext"] is not None and not _has(own, (singular, 0)):
            return str(context.call(previous["ngettext"], singular, plural, n))
        return own.ngettext(singular, plural, n)

    @pass_context
    def pgettext(context: Context, message_context: str, message: str) -> str:
        return str(catalog(context).pgettext(message_context, message))

    @pass_context
    def npgettext(
        context: Context, message_context: str, singular: str, plural: str, n: int
    ) -> str:
        return str(catalog(context).npgettext(message_context, singular, plural, n))

    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
