"""Pelican signal receivers: module-level functions (Pelican keeps weak references to them).

They hold no state: settings are validated from the Pelican settings dict, and everything a
run builds lives on its :class:`~.generator.CoopRegionsGenerator`.
"""

from __future__ import annotations

from typing import Any

from pelican.plugins import signals  # type: ignore[attr-defined]

from .failure import drop_tracebacks_of_input_errors
from .feed_meta import adjust_feed
from .filters import date_filters
from .generator import CoopRegionsGenerator, prepare_settings
from .menu import add_menu
from .parallel import output_begins
from .render import record_written
from .settings import load_settings


def initialize(pelican: Any) -> None:
    """Validate the plugin's settings before anything is read, and fill in the URL settings'
    defaults (:func:`.generator.prepare_settings`): a wrong setting, data file or value then
    ends the build with its message only, no traceback (see :mod:`.failure`)."""
    drop_tracebacks_of_input_errors()
    prepare_settings(pelican.settings)


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
    # get_generators: the pages of every kind of term come from our own generator.
    signals.get_generators.connect(add_generator)
    # generator_init: theme templates everywhere can use localdate/localskeleton and the menu.
    signals.generator_init.connect(add_filters)
    # content_written, feed_written: incremental output records the files each page wrote;
    # the first file Pelican writes starts the plugin's output (its workers).
    signals.content_written.connect(record_written)
    signals.feed_written.connect(record_written)
    signals.content_written.connect(output_begins)
    signals.feed_written.connect(output_begins)
    # feed_generated: the plugin's feeds get their language, their page's link and their ids.
    signals.feed_generated.connect(adjust_feed)
