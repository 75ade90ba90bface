"""docs/settings.md documents every setting the plugin reads, with its default."""

from __future__ import annotations

import re
from pathlib import Path

from pelican_coopregions.pelican.settings import PREFIX, PluginSettings
from pelican_coopregions.pelican.taxonomies import TAXONOMIES

URL_DEFAULTS = {
    name: default
    for taxonomy in TAXONOMIES
    for name, (default, _) in taxonomy.path_settings().items()
}

DOC = Path(__file__).parent.parent / "docs" / "settings.md"


def documented_rows() -> dict[str, str]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `([A-Z_]+)` \|(.*)", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def test_every_plugin_setting_is_documented_with_its_default() -> None:
    rows = documented_rows()
    for field, info in PluginSettings.model_fields.items():
        name = PREFIX + field.upper()
        assert name in rows, f"{name} is missing from docs/settings.md"
        assert f"`{info.default!r}`".replace("'", '"') in rows[name], name


def test_every_url_setting_is_documented_with_its_default() -> None:
    rows = documented_rows()
    for name, default in URL_DEFAULTS.items():
        assert name in rows, f"{name} is missing from docs/settings.md"
        shown = "`None`" if default is None else f'`"{default}"`'
        assert shown in rows[name], name


def test_no_documented_setting_is_unknown() -> None:
    known = {PREFIX + field.upper() for field in PluginSettings.model_fields} | set(URL_DEFAULTS)
    assert set(documented_rows()) <= known
