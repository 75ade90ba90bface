"""The coverage map on the regions index and region pages, in each page's language.

Counts, links and names come from the same listings and terms as the rest of the page; the
geometry and the drawing are :mod:`..core.worldmap`'s. ``Coverage`` is made once per build
(the geometry, which region holds which country, each region's frame); ``LanguageCoverage``
once per language (counts, shading, tooltips); each page gets a ``CoverageMap``, the
``coverage_map`` variable of the templates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from dataclasses import dataclass

from babel.numbers import format_decimal
from babel.support import NullTranslations
from markupsafe import Markup

from ..core.languages import babel_locale
from ..core.models import Region
from ..core.registry import Registry
from ..core.worldmap import SHADE_COLOURS, Box, Drawing, Shading, Shown, WorldMap
from .terms import Term


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One shading class: its CSS class, its colour (the map's, for the legend's swatch) and
    its range of counts, written in the page's language."""

    css_class: str
    colour: str
    label: str


@dataclass(frozen=True, slots=True)
class CoverageMap:
    """What a template needs to show the map (see docs/theming.md)."""

    drawing: Drawing
    legend: tuple[LegendEntry, ...]
    countries: int
    unmapped: tuple[Term, ...]
    region: Term | None = None

    def svg(self, site_url: str) -> Markup:
        """The ``<svg>`` element, its links starting with ``site_url`` (the page's SITEURL)."""
        return Markup(self.drawing.svg(site_url))  # names and URLs escaped by the drawing


class Coverage:
    """The geometry and, for every region, the countries on the map that it contains."""

    def __init__(self, world: WorldMap, registry: Registry) -> None:
        self.world = world
        self.codes = {
            region.slug: region.alpha2
            for region in registry.regions
            if region.is_country and region.alpha2
        }
        inside: dict[str, set[str]] = {}
        for region in registry.regions:
            code = self.codes.get(region.slug)
            if code in world.shapes:
                for up in (region, *registry.ancestors(region)):
                    inside.setdefault(up.slug, set()).add(code)
        self.inside = {slug: frozenset(codes) for slug, codes in inside.items()}
        self.mapped = frozenset(code for code in self.codes.values() if code in world.shapes)
        self._frames: dict[str, Box] = {}

    def frame(self, region: Region) -> Box:
        """The region's frame, worked out once for all languages."""
        if region.slug not in self._frames:
            self._frames[region.slug] = self.world.frame(self.inside.get(region.slug, ()))
        return self._frames[region.slug]


class LanguageCoverage:
    """One language's counts, shading and tooltips; makes each page's ``CoverageMap``.

    ``terms`` and ``by_region`` (the articles listed per region slug) are the page writer's.
    """

    def __init__(
        self,
        coverage: Coverage,
        lang: str,
        terms: Mapping[str, Term],
        by_region: Mapping[str, Sized],
        catalog: NullTranslations,
    ) -> None:
        self.coverage = coverage
        counts = {slug: n for slug in coverage.codes if (n := len(by_region.get(slug, ())))}
        self.shading = Shading.of(counts.values())
        locale = babel_locale(lang)
        self.legend = tuple(
            LegendEntry(
                f"coopregions-map-shade-{level}",
                SHADE_COLOURS[level - 1],
                "–".join(
                    dict.fromkeys(format_decimal(number, locale=locale) for number in (low, high))
                ),
            )
            for low, high, level in self.shading.classes()
        )
        self.shown: dict[str, Shown] = {}
        unmapped = []
        for slug, n in counts.items():
            term = terms[slug]
            if coverage.codes[slug] not in coverage.mapped:
                unmapped.append(term)
                continue
            # TRANSLATORS: in the tooltip of a country on the coverage map, after its name
            articles = catalog.ngettext("%(num)d article", "%(num)d articles", n) % {"num": n}
            self.shown[coverage.codes[slug]] = Shown(
                shade=self.shading.shade(n),
                url=term.url if term.save_as else None,  # a country with articles has a page
                title=f"{term.name} ({articles})",
            )
        self.unmapped = tuple(unmapped)
        self._world: Drawing | None = None

    def index(self) -> CoverageMap | None:
        """The regions index's map: the world, every country with articles shaded and linked."""
        if not self.shown and not self.unmapped:
            return None
        return self._map(self._world_drawing())

    def region(self, term: Term) -> CoverageMap | None:
        """A region page's map: framed to the region, its own countries outlined.

        World (or any region holding every country on the map) is drawn like the index.
        """
        if not self.shown and not self.unmapped:
            return None
        here = self.coverage.inside.get(term.record.slug, frozenset())
        if here >= self.coverage.mapped:
            return self._map(self._world_drawing(), term)
        frame = self.coverage.frame(term.record)
        return self._map(self.coverage.world.draw(self.shown, frame, here), term)

    def _world_drawing(self) -> Drawing:
        if self._world is None:
            world = self.coverage.world
            self._world = world.draw(self.shown, world.world(self.shown))
        return self._world

    def _map(self, drawing: Drawing, region: Term | None = None) -> CoverageMap:
        return CoverageMap(drawing, self.legend, len(self.shown), self.unmapped, region)
