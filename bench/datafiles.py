"""Benchmark pathological data files: the time grows linearly, the output stays bounded.

Four shapes, each at doubling sizes, written to a temporary folder and measured in this
process (CPU time, best of ``--repeat``):

* ``chain``: custom regions, each the ``parent`` of the next (10,000 deep by default);
* ``groups``: custom groups whose ``members`` are the two groups before them, so the number
  of paths through them doubles with each group (before, 32 of them made a 66 MB regions
  index and 40 did not finish);
* ``federations``: organizations, each the ``parent`` of the next (before, checking 2,000 took
  18 to 24 seconds: the chain check was cubic);
* ``big``: an organizations file of several megabytes (entries with names in two languages,
  aliases, a description, a country and a federation).

For each it reports the time to load the registry (``Registry.load``: read, validate,
resolve, check the hierarchy), the time of the build's validation of one article that names
the deepest place (``build_model``, ``plan``, ``validation.output_problems``: metadata,
rollup, grouping, every page and its path check) and of the regions index tree, the index's
number of rows, and the time per entry, which stays flat when the growth is linear.

    .venv/bin/python bench/datafiles.py                    # every shape, default sizes
    .venv/bin/python bench/datafiles.py --shape chain --sizes 1250 2500 5000 10000
    .venv/bin/python bench/datafiles.py --build            # also a whole Pelican build
    .venv/bin/python bench/datafiles.py --shape big --without-gc

``--build`` also builds a small site on each file with Pelican and reports the build's time
and the size of ``regions/index.html`` (chains are built at the two smallest sizes only: every
region of the chain gets a page).
"""

from __future__ import annotations

import argparse
import gc
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pelican.settings import DEFAULT_CONFIG

from pelican_coopregions import Registry
from pelican_coopregions.core.tree import index_tree
from pelican_coopregions.pelican import validation
from pelican_coopregions.pelican.model import build_model
from pelican_coopregions.pelican.plan import plan
from pelican_coopregions.pelican.settings import load_settings
from pelican_coopregions.pelican.taxonomies import TAXONOMIES

DEFAULT_SIZES = {
    "chain": [1250, 2500, 5000, 10000],
    "groups": [32, 64, 128, 256],
    "federations": [1000, 2000, 4000, 8000],
    "big": [4625, 9250, 18500],
}


def chain(size: int) -> tuple[str, str]:
    """regions, each the parent of the next; the first contains Argentina"""
    entries = [
        f'[[region]]\nslug = "r{n}"\nname = "Region {n}"\n'
        + (f'parent = "r{n - 1}"\n' if n else 'members = ["AR"]\n')
        for n in range(size)
    ]
    return "regions", "\n".join(entries)


def groups(size: int) -> tuple[str, str]:
    """groups whose members are the two groups before them"""
    entries = []
    for n in range(size):
        members = ['"AR"'] if n < 2 else [f'"g{n - 1}"', f'"g{n - 2}"']
        entries.append(
            f'[[region]]\nslug = "g{n}"\nname = "Group {n}"\nmembers = [{", ".join(members)}]\n'
        )
    return "regions", "\n".join(entries)


def federations(size: int) -> tuple[str, str]:
    """organizations, each the federation of the next"""
    entries = [
        f'[[organization]]\nslug = "f{n}"\nname = "Federation {n}"\ncountry = "AR"\n'
        + (f'parent = "f{n - 1}"\n' if n else "")
        for n in range(size)
    ]
    return "organizations", "\n".join(entries)


DESCRIPTION = "A cooperative of workers that shares its work, its profits and its decisions."


def big(size: int) -> tuple[str, str]:
    """organizations with names in two languages, aliases, a description, a federation"""
    entries = []
    for n in range(size):
        entries.append(
            f'[[organization]]\nslug = "coop-{n}"\nname.en = "Workers Cooperative {n}"\n'
            f'name.es = "Cooperativa de Trabajo {n}"\naliases = ["WC{n}", "CT {n}"]\n'
            f'country = "{("AR", "VE", "UY", "ES", "FR")[n % 5]}"\n'
            f'description = "{DESCRIPTION}"\n' + (f'parent = "coop-{n // 10}"\n' if n >= 10 else "")
        )
    return "organizations", "\n".join(entries)


SHAPES: dict[str, Callable[[int], tuple[str, str]]] = {
    "chain": chain,
    "groups": groups,
    "federations": federations,
    "big": big,
}


def deepest(shape: str, size: int) -> tuple[str, str]:
    """The field and value of an article about the deepest place of a shape."""
    last = size - 1
    return {
        "chain": ("regions", f"r{last}"),
        "groups": ("countries", "AR"),  # inside every group
        "federations": ("organizations", f"f{last}"),
        "big": ("organizations", f"coop-{last}"),
    }[shape]


def best(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = work()
        times.append(time.process_time() - start)
    return min(times), result


def article(field: str, value: str) -> Any:
    """The least Pelican needs from an article: metadata, a source, a language, a date."""
    return SimpleNamespace(
        metadata={field: value},
        source_path="bench.md",
        relative_source_path="bench.md",
        lang="en",
        translations=[],
        date=datetime(2024, 1, 1),
        status="published",
    )


def measure(shape: str, size: int, folder: Path, repeat: int) -> dict[str, Any]:
    kind, text = SHAPES[shape](size)
    path = folder / f"{shape}-{size}.toml"
    path.write_text(text, encoding="utf-8")
    files = {f"{kind}": path}
    load, registry = best(repeat, lambda: Registry.load(**files))
    field, value = deepest(shape, size)
    settings = {
        **DEFAULT_CONFIG,
        f"COOPREGIONS_{kind.upper()}_FILE": str(path),
        "DEFAULT_LANG": "en",
        "OUTPUT_PATH": str(folder / "output"),
        "ARTICLE_TRANSLATION_ID": "slug",
    }
    options = load_settings(settings)
    content = [article(field, value)]
    settings["PAGINATED_TEMPLATES"] = {}
    for taxonomy in TAXONOMIES:
        settings |= {name: default for name, (default, _) in taxonomy.path_settings().items()}

    def checked() -> tuple[Any, list[Any]]:
        model = build_model(
            settings, options, TAXONOMIES, content, content, lambda languages: registry
        )
        return model, validation.output_problems(plan(model), settings, {})

    check, (model, output) = best(repeat, checked)
    listings = model.languages["en"].listings
    tree, rows = best(
        repeat,
        lambda: index_tree(
            registry,
            lambda region: ("region", region.slug) in listings,
            lambda region: region.name(),
        ),
    )
    return {
        "shape": shape,
        "size": size,
        "bytes": len(text.encode()),
        "load": load,
        "check": check,
        "tree": tree,
        "rows": len(rows),
        "problems": len(model.problems) + len(output),
    }


def build(shape: str, size: int, folder: Path) -> tuple[float, int]:
    """A whole Pelican build of one article naming the deepest place; (seconds, index bytes)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    kind, text = SHAPES[shape](size)
    site = folder / f"site-{shape}-{size}"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content").mkdir(parents=True)
    (site / "data.toml").write_text(text, encoding="utf-8")
    field, value = deepest(shape, size)
    (site / "content" / "a.md").write_text(
        f"Title: A\nDate: 2023-02-16\n{field.capitalize()}: {value}\n\nText.\n", encoding="utf-8"
    )
    logging.disable(logging.WARNING)
    settings = read_settings(
        override={
            "PATH": str(site / "content"),
            "OUTPUT_PATH": str(site / "output"),
            "CACHE_PATH": str(site / "cache"),
            "PLUGINS": ["pelican_coopregions"],
            f"COOPREGIONS_{kind.upper()}_FILE": str(site / "data.toml"),
            "COOPREGIONS_MAP": False,
            "TIMEZONE": "UTC",
            "SITEURL": "https://example.org",
            "FEED_ALL_ATOM": None,
            "CATEGORY_FEED_ATOM": None,
            "LOAD_CONTENT_CACHE": False,
        }
    )
    start = time.process_time()
    Pelican(settings).run()
    elapsed = time.process_time() - start
    logging.disable(logging.NOTSET)
    return elapsed, (site / "output" / "regions" / "index.html").stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=list(SHAPES), action="append")
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also a whole Pelican build")
    parser.add_argument(
        "--without-gc",
        action="store_true",
        help="pause Python's cyclic garbage collector while measuring (it scans the whole "
        "heap now and then, a cost that grows with the heap, not with the code)",
    )
    args = parser.parse_args(argv)
    if args.without_gc:
        gc.disable()
    sys.setrecursionlimit(1000)  # Python's default: no walk may depend on a higher one
    with tempfile.TemporaryDirectory(prefix="coopregions-bench-") as temporary:
        folder = Path(temporary)
        for shape in args.shape or list(SHAPES):
            sizes = args.sizes or DEFAULT_SIZES[shape]
            print(f"{shape}: {SHAPES[shape].__doc__}")
            print(
                f"  {'entries':>8} {'file':>9} {'load':>8} {'µs/entry':>9} {'check':>8} "
                f"{'µs/entry':>9} {'tree':>7} {'rows':>6}"
            )
            for size in sizes:
                result = measure(shape, size, folder, args.repeat)
                print(
                    f"  {size:>8,} {result['bytes'] / 1e6:>7.2f}MB {result['load']:>7.3f}s "
                    f"{result['load'] / size * 1e6:>9.1f} {result['check']:>7.3f}s "
                    f"{result['check'] / size * 1e6:>9.1f} {result['tree']:>6.3f}s "
                    f"{result['rows']:>6,}"
                )
            if args.build:
                built = sizes[:2] if shape == "chain" else sizes
                for size in built:
                    seconds, index = build(shape, size, folder)
                    print(
                        f"  build {size:>8,} entries: {seconds:.2f}s CPU, "
                        f"regions/index.html {index / 1e3:,.1f} KB"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
