"""Pelican signal receivers: module-level functions (Pelican keeps weak references to them).

They hold no state: settings are validated from the Pelican settings dict, and everything a
run builds lives on its :class:`~.pages.CoopRegionsGenerator`.
"""

from __future__ import annotations

from typing import Any

from pelican.plugins import signals  # type: ignore[attr-defined]

from .failure import drop_tracebacks_of_input_errors
from .filters import date_filters
from .menu import add_menu
from .pages import CoopRegionsGenerator
from .settings import PAGINATED, URL_DEFAULTS, load_settings
from .validation import check_settings


def initialize(pelican: Any) -> None:
    """Validate settings before anything is read (:func:`.validation.check_settings`, as
    ``coopregions check`` does), then fill in Pelican-style URL defaults.

    A wrong setting, data file or value then ends the build with its message only: no
    traceback (see :mod:`.failure`).
    """
    drop_tracebacks_of_input_errors()
    settings = pelican.settings
    check_settings(settings)
    for name, value in URL_DEFAULTS.items():
        settings.setdefault(name, value)
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    for template in PAGINATED:
        paginated.setdefault(template, None)


def add_generator(pelican: Any) -> type[CoopRegionsGenerator]:
    """Our pages are written by a generator of our own, after Pelican's."""
    return CoopRegionsGenerator


def add_filters(generator: Any) -> None:
    """Every generator's templates (articles, pages, ours) get the date filters and the menu
    entries in the page's language (in ``MENUITEMS`` too when COOPREGIONS_MENUITEMS says so)."""
    options = load_settings(generator.settings)
    generator.env.filters.update(date_filters(options, generator.settings))
    add_menu(generator.env, localize_menuitems=bool(options.menuitems))


def register() -> None:
    # initialized: bad settings stop the build before any content is read.
    signals.initialized.connect(initialize)
    # get_generators: region and organization pages come from our own generator.
    signals.get_generators.connect(add_generator)
    # generator_init: theme templates everywhere can use localdate/localskeleton and the menu.
    signals.generator_init.connect(add_filters)
