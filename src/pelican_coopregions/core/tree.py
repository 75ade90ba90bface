"""The regions index as a tree whose size is bounded by the data, however regions nest.

A region can be inside several others: its M.49 ``parent`` and any group (``members``) that
lists it, and groups can list groups. Drawing every path through such nesting repeats a
region once per path, which grows exponentially (32 nested groups gave a 66 MB index). Here
every region is drawn once, with everything inside it, under its ``parent``; a group also lists
its members under it, once each, as links without their own contents (those are drawn under
their parents). The tree has one row per region and one per group membership.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Region
from .registry import Registry


@dataclass(frozen=True, slots=True)
class Row:
    """A region in the index, at ``depth``; ``member`` when listed as a member of a group."""

    region: Region
    depth: int
    member: bool = False


def index_tree(
    registry: Registry, shows: Callable[[Region], bool], key: Callable[[Region], Any]
) -> list[Row]:
    """The rows of the index, from World down, children sorted by ``key``.

    A region is in the tree when ``shows`` it (it has a page, say), or anything inside it is.
    Iterative, each region and each membership visited once: a chain 10,000 deep draws 10,000
    rows without recursion.
    """
    inside: dict[str, bool] = {}
    for region in registry.bottom_up():
        inside[region.slug] = shows(region) or any(
            inside[child.slug] for child in registry.children(region)
        )
    rows: list[Row] = []
    stack = [Row(registry.regions[0], 0)]
    while stack:
        row = stack.pop()
        if not inside[row.region.slug]:
            continue
        rows.append(row)
        if row.member:
            continue
        region, depth = row.region, row.depth + 1
        below = [Row(child, depth) for child in registry.subregions(region)]
        below += [
            Row(member, depth, member=True)
            for member in registry.children(region)
            if member.parent != region.slug
        ]
        below.sort(key=lambda child: key(child.region))
        stack.extend(reversed(below))
    return rows
