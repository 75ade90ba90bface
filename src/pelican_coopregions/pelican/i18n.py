"""The plugin's own UI strings, through gettext with a translation domain of its own.

Templates use ``jinja2.ext.i18n`` (``{% trans %}``, ``_()``); the callables installed here
pick the catalog for the page being rendered from its ``lang`` variable, so one environment
renders every language and never touches a theme's (or i18n_subsites') translations.

A site changes the plugin's words without touching the installed package or a template: its
own catalogs (``COOPREGIONS_TRANSLATIONS``, a folder of ``<lang>/LC_MESSAGES/
pelican_coopregions.po`` or ``.mo``) are merged over the package's, message by message, a
``.po`` compiled by Babel when the build starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ..core.errors import DataFileError
from ..core.languages import language_chain
from .internals import settings_directory
from .settings import PluginSettings, SettingsError

DOMAIN = "pelican_coopregions"
LOCALE_DIR = Path(str(files("pelican_coopregions") / "locale"))


def site_translations(settings: Mapping[str, Any], options: PluginSettings) -> Path | None:
    """The site's folder of catalogs (``COOPREGIONS_TRANSLATIONS``), relative to its settings
    file; a :class:`~.settings.SettingsError` when it is no folder."""
    if options.translations is None:
        return None
    folder = settings_directory(settings) / options.translations
    if not folder.is_dir():
        raise SettingsError(
            f"COOPREGIONS_TRANSLATIONS: {folder} is not a folder (it holds "
            f"<lang>/LC_MESSAGES/{DOMAIN}.po files; relative paths start at the settings file)"
        )
    return folder


def _compiled(path: Path, locale: str) -> Translations:
    """A ``.po`` file compiled as ``pybabel compile`` would (fuzzy messages left out)."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, domain=DOMAIN, abort_invalid=True)
    except PoFileError as error:
        # Babel counts lines from 0.
        raise DataFileError(
            path, f"is not a gettext catalog Babel can read: {error}", line=error.lineno + 1
        ) from None
    except OSError as error:
        raise DataFileError(path, f"cannot be read: {error.strerror or error}") from None
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def _site_catalog(folder: Path, locales: Iterable[str]) -> Translations | None:
    """The site's catalog for the first of ``locales`` it has (``pt_BR`` or ``pt-BR``)."""
    for locale in locales:
        for name in dict.fromkeys((locale, locale.replace("_", "-"))):
            messages = folder / name / "LC_MESSAGES"
            if (messages / f"{DOMAIN}.po").is_file():
                return _compiled(messages / f"{DOMAIN}.po", locale)
            if (messages / f"{DOMAIN}.mo").is_file():
                with (messages / f"{DOMAIN}.mo").open("rb") as handle:
                    return Translations(fp=handle, domain=DOMAIN)
    return None


def load_catalogs(languages: Iterable[str], own: Path | None = None) -> dict[str, NullTranslations]:
    """Language -> the plugin's catalog (an empty one for English or a missing language).

    ``languages`` are CLDR tags; a regional one uses its base language's catalog when it has
    none of its own (``es-AR`` reads ``es``). ``own`` is the site's folder of catalogs
    (:func:`site_translations`): its messages replace the package's, one by one.
    """
    catalogs: dict[str, NullTranslations] = {}
    for lang in languages:
        locales = [tag.replace("-", "_") for tag in language_chain(lang, last=None)]
        catalog = Translations.load(dirname=LOCALE_DIR, locales=locales, domain=DOMAIN)
        site = _site_catalog(own, locales) if own is not None else None
        if site is not None:  # the site's messages over the package's, one by one
            catalog = catalog.merge(site) if isinstance(catalog, Translations) else site
        catalogs[lang] = catalog
    return catalogs


def _has(catalog: NullTranslations, key: object) -> bool:
    return key in getattr(catalog, "_catalog", {})


def _formatted(context: Context, text: str, variables: dict[str, Any]) -> str:
    """What Jinja's new-style gettext does with a translation: always a ``%`` format, and
    markup (escaping the values) where the template autoescapes."""
    shown = Markup(text) if context.eval_ctx.autoescape else text
    return shown % variables


# Message key in a gettext catalog: pgettext's context and message joined by EOT.
_CONTEXT_KEY = "{}\x04{}"


def install_gettext(env: Environment, catalogs: dict[str, NullTranslations], default: str) -> None:
    """Add ``jinja2.ext.i18n`` to ``env`` with callables that follow the page's ``lang``.

    Messages the plugin's catalog does not hold (the theme's own, in ``base.html``) go to
    whatever gettext was installed before (a theme's or i18n_subsites' translations), so the
    two domains never clash. The callables are new-style (``_('Page %(number)s', number=2)``)
    and hand the keyword arguments on with the message: a theme's own string such as Flex's
    ``_('Built with %(pelican_url)s...', pelican_url=...)`` reaches its catalog whole.
    """
    names = ("gettext", "ngettext", "pgettext", "npgettext")
    previous = {name: cast("Callable[..., Any] | None", env.globals.get(name)) for name in names}
    # Old-style callables (I18N_GETTEXT_NEWSTYLE = False) take no keyword arguments.
    previous_newstyle = bool(getattr(env, "newstyle_gettext", False))

    # A message without variables reads the same on every page of a language: translated
    # and formatted once per build (this environment's), not once per page.
    plain: dict[tuple[str, object, bool], str] = {}

    def translate(
        context: Context, name: str, key: object, args: tuple[Any, ...], variables: dict[str, Any]
    ) -> str:
        lang = context.get("lang") or default
        own = catalogs.get(lang) or NullTranslations()
        fallback = previous[name]
        if fallback is not None and not _has(own, key):
            if previous_newstyle:  # formats, and returns Markup where it should
                return cast(str, context.call(fallback, *args, **variables))
            return _formatted(context, str(context.call(fallback, *args)), variables)
        if variables or name != "gettext":
            return _formatted(context, str(getattr(own, name)(*args)), variables)
        memo = (lang, key, context.eval_ctx.autoescape)
        shown = plain.get(memo)
        if shown is None:
            shown = plain[memo] = _formatted(context, str(own.gettext(*args)), variables)
        return shown

    @pass_context
    def gettext(context: Context, message: str, /, **variables: Any) -> str:
        return translate(context, "gettext", message, (message,), variables)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int, /, **variables: Any) -> str:
        variables.setdefault("num", n)
        return translate(context, "ngettext", (singular, 0), (singular, plural, n), variables)

    @pass_context
    def pgettext(context: Context, message_context: str, message: str, /, **variables: Any) -> str:
        variables.setdefault("context", message_context)
        key = _CONTEXT_KEY.format(message_context, message)
        return translate(context, "pgettext", key, (message_context, message), variables)

    @pass_context
    def npgettext(
        context: Context,
        message_context: str,
        singular: str,
        plural: str,
        n: int,
        /,
        **variables: Any,
    ) -> str:
        variables.setdefault("context", message_context)
        variables.setdefault("num", n)
        key = (_CONTEXT_KEY.format(message_context, singular), 0)
        args = (message_context, singular, plural, n)
        return translate(context, "npgettext", key, args, variables)

    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    # Installed as they are, not through install_gettext_callables(newstyle=True), whose
    # wrappers would format the text a second time after a previous callable formatted it.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)
