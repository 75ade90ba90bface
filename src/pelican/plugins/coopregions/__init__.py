"""Lets Pelican discover pelican-coopregions on its own when ``PLUGINS`` is not set.

Pelican imports every package under the ``pelican.plugins`` namespace and calls ``register``.
"""

from pelican_coopregions.pelican.plugin import register

__all__ = ["register"]
