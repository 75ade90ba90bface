"""The built-in world: UN M.49 areas and ISO 3166-1 countries, named from CLDR.

The table in ``data/m49.toml`` holds only codes and containment (facts that change rarely);
every name comes from Babel's CLDR data for the requested languages, so upgrading Babel is
what updates names and adding a language needs no table.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from importlib.resources import files
from typing import Any

from .keys import slugify
from .languages import babel_locale
from .models import DEFAULT_LANGUAGE, Region, RegionKind


def _territory_names(languages: Iterable[str]) -> dict[str, dict[str, str]]:
    """Territory code -> language -> CLDR display name."""
    names: dict[str, dict[str, str]] = {}
    for lang in dict.fromkeys((DEFAULT_LANGUAGE, *languages)):
        for code, name in babel_locale(lang).territories.items():
            # CLDR writes "world" in lowercase; every region name is shown as a title.
            names.setdefault(code, {})[lang] = name[:1].upper() + name[1:]
    return names


def _load_table() -> dict[str, Any]:
    text = (files("pelican_coopregions") / "data" / "m49.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def world_regions(languages: Iterable[str] = ("en", "es")) -> tuple[Region, ...]:
    """Every built-in region, parents before children, named in ``languages``."""
    table = _load_table()
    names = _territory_names(languages)
    slug_of_code: dict[str, str] = {}
    regions: list[Region] = []

    def add(
        code: str,
        kind: RegionKind,
        parent_code: str | None,
        aliases: tuple[str, ...] = (),
        **codes: str,
    ) -> None:
        territory = codes.get("alpha2", code)
        slug = slugify(names[territory][DEFAULT_LANGUAGE])
        slug_of_code[code] = slug
        regions.append(
            Region(
                slug=slug,
                kind=kind,
                code=code,
                parent=slug_of_code[parent_code] if parent_code else None,
                names=names[territory],
                aliases=aliases,
                **codes,
            )
        )

    for area in table["area"]:
        add(area["code"], area["kind"], area.get("parent"), tuple(area.get("aliases", ())))
    for country in table["country"]:
        add(
            country["numeric"],
            "country",
            country["parent"],
            alpha2=country["alpha2"],
            alpha3=country["alpha3"],
        )
    return tuple(regions)
