"""pelican-coopregions: typed region and organization metadata for cooperative news sites.

The core (models, registry, parsing) imports nothing from Pelican and can be used on its own::

    from pelican_coopregions import Registry
    reg = Registry.load(regions="data/regions.toml", organizations="data/organizations.toml")
    reg.parse_countries("VE, Argentina, Perú")
"""

from importlib.metadata import PackageNotFoundError, version

from .core.dates import format_date, format_skeleton
from .core.errors import DataFileError, MetadataError
from .core.models import Organization, Region
from .core.parsing import Parsed, split_items
from .core.registry import Registry

__all__ = [
    "DataFileError",
    "MetadataError",
    "Organization",
    "Parsed",
    "Region",
    "Registry",
    "format_date",
    "format_skeleton",
    "register",
    "split_items",
]

try:
    # One source for the version: the installed distribution's metadata (pyproject.toml).
    __version__ = version("pelican-coopregions")
except PackageNotFoundError:  # pragma: no cover - imported from a source tree, not installed
    __version__ = "0+unknown"


def register() -> None:
    """Pelican's entry point (``PLUGINS = ["pelican_coopregions"]``); imports Pelican lazily."""
    from .pelican.plugin import register as register_plugin

    register_plugin()
