"""Menu entries for the regions and organizations indexes, in the language of each page.

Pelican's themes draw their menu from ``MENUITEMS``: one list of ``(title, link)`` pairs for
every page, whatever its language, so a multilingual site's menu cannot say "Regiones" on
Spanish pages and "Regions" on English ones. The plugin knows each index's URL and title in
every page language; it publishes them once per build in the shared context (a :class:`Menu`
under :data:`MENU_KEY`), and two readers serve them in the language of the page being
rendered (``lang``, else the article's or page's ``lang``, else ``DEFAULT_LANG``: as the date
filters read it):

- ``coopregions_menuitems()``, a template function for themes;
- ``MENUITEMS`` itself, when ``COOPREGIONS_MENUITEMS`` names indexes to add: a Jinja context
  that appends them to the site's own entries, so notmyidea, simple, Flex and any theme that
  draws ``MENUITEMS`` show them with no template change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.support import NullTranslations
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from jinja2.utils import missing

from ..core.languages import language_chain, resolve
from .filters import written_lang
from .taxonomies import Taxonomy
from .terms import index_path
from .theme import MenuLinks

MENU_KEY = "coopregions_menu"

MenuItems = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """One index page in one language: ``regions`` or ``organizations``, its title and URL."""

    kind: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Menu:
    """The index pages written in each page language, which of them join ``MENUITEMS``, and
    how the theme writes a ``MENUITEMS`` link (:class:`.theme.MenuLinks`: an entry is
    written so that the theme's ``href`` is the page's SITEURL, ``/`` and the index's URL)."""

    default_lang: str
    entries: Mapping[str, tuple[MenuEntry, ...]]
    menuitems: tuple[str, ...] = ()
    links: MenuLinks = field(default_factory=lambda: MenuLinks(""))
    # Items by (language as the page writes it, SITEURL, kinds): every page asks, and reading
    # a language code takes far longer than looking it up (few keys: SITEURL varies only with
    # a page's depth under RELATIVE_URLS).
    _items: dict[tuple[str | None, str, tuple[str, ...] | None], MenuItems] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def items(
        self, written: object, site_url: str, kinds: tuple[str, ...] | None = None
    ) -> MenuItems:
        """``(title, link)`` pairs of the indexes of ``kinds`` (all: ``None``) for a page in
        language ``written`` (any spelling), each link what the theme needs to write the
        page's ``SITEURL`` (``site_url``, relative with ``RELATIVE_URLS``), ``/`` and the URL:
        the whole of that, or the part after what the theme writes before it.

        A language without plugin pages (an article in a language the site writes no region
        pages for) gets its base language's entries, else the default language's.
        """
        key = (written if isinstance(written, str) else None, site_url, kinds)
        found = self._items.get(key)
        if found is None:
            tag = resolve(key[0], self.default_lang)
            lang = next(
                (lang for lang in language_chain(tag, last=None) if lang in self.entries),
                self.default_lang,
            )
            found = self._items[key] = tuple(
                (entry.title, self.links.entry(entry.url, site_url))
                for entry in self.entries.get(lang, ())
                if kinds is None or entry.kind in kinds
            )
        return found


def build_menu(
    settings: Mapping[str, Any],
    default_lang: str,
    words: Mapping[str, Mapping[str, str]],
    catalogs: Mapping[str, NullTranslations],
    kinds: Iterable[Taxonomy],
    menuitems: tuple[str, ...],
    links: MenuLinks | None = None,
) -> Menu:
    """The menu of the indexes of ``kinds`` that are written (an empty ``*_SAVE_AS`` writes
    none), in every language of ``words`` (language -> its URL words); ``links``: how the
    theme writes a ``MENUITEMS`` link (``None``: the theme draws none, and entries are whole
    links, as a theme's own ``href="{{ link }}"`` needs)."""
    entries = {}
    for lang, lang_words in words.items():
        shown = []
        for kind in kinds:
            if index_path(settings, kind, "SAVE_AS", lang, default_lang, lang_words)[1]:
                _, url = index_path(settings, kind, "URL", lang, default_lang, lang_words)
                shown.append(MenuEntry(kind.plural, kind.index_title(catalogs[lang]), url))
        entries[lang] = tuple(shown)
    return Menu(default_lang, entries, menuitems, links or MenuLinks(""))


def _menu_items(context: Context, kinds: tuple[str, ...] | None) -> MenuItems:
    menu = context.get(MENU_KEY)
    if not isinstance(menu, Menu):
        return ()
    return menu.items(written_lang(context), str(context.get("SITEURL") or ""), kinds)


@pass_context
def coopregions_menuitems(context: Context) -> MenuItems:
    """Template function: the plugin's indexes as ``(title, link)`` pairs, in the page's
    language; ``()`` on a site that does not use the plugin."""
    return _menu_items(context, None)


class MenuItemsContext(Context):
    """A Jinja context whose ``MENUITEMS`` ends with the indexes ``COOPREGIONS_MENUITEMS``
    names, in the page's language. Everything else resolves as in the context it extends."""

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        if key != "MENUITEMS":
            return value
        menu = super().resolve_or_missing(MENU_KEY)
        if not isinstance(menu, Menu) or not menu.menuitems:
            return value
        own = () if value is missing or not value else tuple(value)
        return (*own, *_menu_items(self, menu.menuitems))


def add_menu(env: Environment, localize_menuitems: bool) -> None:
    """Give ``env``'s templates ``coopregions_menuitems()`` and, when asked, the localized
    ``MENUITEMS`` (on top of any context class another plugin set)."""
    env.globals["coopregions_menuitems"] = coopregions_menuitems
    if localize_menuitems and not issubclass(env.context_class, MenuItemsContext):
        env.context_class = type("CoopRegionsContext", (MenuItemsContext, env.context_class), {})
