"""How a build ends when the site's input is wrong: the problems, one summary line, no traceback.

Pelican's ``main`` logs every exception that reaches it with its traceback (``logger.critical(...,
exc_info=True)``), which makes a misspelt country look like a crash in the plugin; a filter on
Pelican's logger drops the traceback of the plugin's input errors (and only theirs: a bug
still shows where it is). Its ``--autoreload`` loop retries a failed build at once, without
waiting for a change, so an error raised there repeats several times a second for as long as
the file stays wrong; under that loop the plugin reports the error once and lets the rebuild
finish without its pages, so Pelican waits for the next change and its server keeps serving.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..core.errors import DataFileError
from .internals import under_autoreload
from .settings import SettingsError

logger = logging.getLogger(__name__)

# The logger of Pelican's own ``main`` and ``autoreload`` (``pelican/__init__.py``).
PELICAN_LOGGER = "pelican"


class CoopRegionsError(Exception):
    """A problem that stops the build: bad metadata in strict mode, or clashing output."""


INPUT_ERRORS = (CoopRegionsError, DataFileError, SettingsError)


class WithoutTraceback(logging.Filter):
    """Removes the traceback from records about the plugin's input errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, INPUT_ERRORS):
            record.exc_info = None
            record.exc_text = None
        return True


def drop_tracebacks_of_input_errors() -> None:
    """Put the filter on Pelican's logger, once per process (filters act where records start)."""
    target = logging.getLogger(PELICAN_LOGGER)
    if not any(isinstance(existing, WithoutTraceback) for existing in target.filters):
        target.addFilter(WithoutTraceback())


@contextmanager
def stop_cleanly(skip_pages: Callable[[], None]) -> Iterator[None]:
    """Let input errors end the build; under ``--autoreload``, report once and skip our pages."""
    try:
        yield
    except INPUT_ERRORS as error:
        if not under_autoreload():
            raise
        skip_pages()
        logger.critical(
            "%s: %s (pelican --autoreload: this rebuild has no region or organization pages; "
            "it waits for the next change)",
            type(error).__name__,
            error,
        )
