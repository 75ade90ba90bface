"""Fixed memory: what the plugin adds to a Pelican process before it reads any article.

Each part is measured in a fresh child process, after Pelican's own modules are imported (a
build without the plugin has them too):

* **imports**: the plugin's modules with pydantic, Babel and the rest of its dependencies;
* **world**: ``Registry.load`` of the built-in world (281 places) with the regions file
  ``bench/build.py`` generates for its uniform site;
* **organizations**: the same with that site's 1,000-organization file too (the registry of
  the part before is dropped first: this part is what the organizations add);
* **CLDR**: one date formatted with Babel in each of the site's languages (``--languages``).

Every figure is a difference between two readings: the process's resident (RSS) and
proportional (PSS) set sizes from ``/proc/self/smaps_rollup``, read in a child that runs
without tracing, and the memory Python's allocators hold (``tracemalloc``), read in a second
child that traces from its start (tracing costs memory of its own, so it never shares a child
with the RSS readings). This script prints figures; it asserts nothing.

    .venv/bin/python bench/memory.py                       # this source tree
    .venv/bin/python bench/memory.py --compare OTHER/src   # side by side with another tree
    .venv/bin/python bench/memory.py --top 12              # the lines that allocate most

``--compare`` takes the ``src`` folder of another copy of the package, for instance the code
of the main branch, taken out with ``git archive main src | tar -x -C /tmp/before``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PARTS = ("imports", "world", "organizations", "CLDR")
MIB = 1024 * 1024


def _smaps() -> dict[str, int]:
    """RSS and PSS of this process, in bytes."""
    found: dict[str, int] = {}
    with Path("/proc/self/smaps_rollup").open(encoding="ascii") as rollup:
        for line in rollup:
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                found[key] = int(rest.split()[0]) * 1024
    return found


def _reading(traced: bool) -> dict[str, int]:
    gc.collect()
    if traced:
        return {"traced": tracemalloc.get_traced_memory()[0]}
    return _smaps()


def child(data: Path, languages: list[str], traced: bool, top: int) -> None:
    """Measure each part in this process and print the figures as one JSON line."""
    if traced:
        tracemalloc.start(1)
    # Pelican's own: a build without the plugin imports these too.
    import pelican
    import pelican.generators
    import pelican.settings
    import pelican.writers  # noqa: F401

    readings = [_reading(traced)]
    snapshots = [tracemalloc.take_snapshot()] if traced and top else []
    kept: list[Any] = []

    def done() -> None:
        readings.append(_reading(traced))
        if traced and top:
            snapshots.append(tracemalloc.take_snapshot())

    import pelican_coopregions
    import pelican_coopregions.pelican.plugin  # noqa: F401

    done()
    from pelican_coopregions import Registry, format_date

    world = Registry.load(data / "regions.toml", languages=tuple(languages))
    done()
    del world
    kept.append(
        Registry.load(
            data / "regions.toml", data / "organizations.toml", languages=tuple(languages)
        )
    )
    done()
    kept.extend(format_date(date(2024, 5, 17), lang) for lang in languages)
    done()
    figures = {
        part: {key: after[key] - before[key] for key in after}
        for part, before, after in zip(PARTS, readings[:-1], readings[1:], strict=True)
    }
    lines: dict[str, list[tuple[str, int]]] = {}
    for part, before, after in zip(PARTS, snapshots, snapshots[1:], strict=False):
        filtered = [tracemalloc.Filter(False, tracemalloc.__file__)]
        stats = after.filter_traces(filtered).compare_to(before.filter_traces(filtered), "lineno")
        lines[part] = [
            (str(stat.traceback[0]), stat.size_diff) for stat in stats[:top] if stat.size_diff
        ]
    print(json.dumps({"figures": figures, "lines": lines}))


def _generate(folder: Path) -> None:
    """The uniform site's data files, written by bench/build.py's own generator."""
    spec = importlib.util.spec_from_file_location("bench_build", BENCH / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules["bench_build"] = build
    spec.loader.exec_module(build)
    _, regions_toml, orgs_toml, _ = build._places(250, 1000, random.Random(1))
    (folder / "regions.toml").write_text(regions_toml, encoding="utf-8")
    (folder / "organizations.toml").write_text(orgs_toml, encoding="utf-8")


def _run(source: Path | None, data: Path, languages: list[str], traced: bool, top: int) -> Any:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    command = [sys.executable, __file__, "--child", str(data), "--languages", *languages]
    command += ["--top", str(top)] + (["--traced"] if traced else [])
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _measure(source: Path | None, data: Path, languages: list[str], top: int) -> Any:
    plain = _run(source, data, languages, False, 0)
    traced = _run(source, data, languages, True, top)
    figures = {part: plain["figures"][part] | traced["figures"][part] for part in PARTS}
    return figures, traced["lines"]


def _mib(value: int) -> str:
    return f"{value / MIB:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", type=Path, help="the src folder of another copy")
    parser.add_argument("--languages", nargs="+", default=["en", "es"])
    parser.add_argument("--top", type=int, default=0, help="lines that allocate most, per part")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.languages, args.traced, args.top)
        return
    sources: dict[str, Path | None] = {"this tree": None}
    if args.compare is not None:
        sources = {f"{args.compare}": args.compare.resolve(), **sources}
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        _generate(data)
        results = {
            name: _measure(path, data, args.languages, args.top) for name, path in sources.items()
        }
    print(f"Fixed memory of the plugin, MiB (languages: {', '.join(args.languages)})")
    header = "| part | " + " | ".join(
        f"{name}: {kind}" for name in results for kind in ("PSS", "RSS", "traced")
    )
    print(header + " |")
    print("|" + " --- |" * (1 + 3 * len(results)))
    totals = {name: {"Pss": 0, "Rss": 0, "traced": 0} for name in results}
    for part in PARTS:
        cells = []
        for name, (figures, _) in results.items():
            for key in ("Pss", "Rss", "traced"):
                totals[name][key] += figures[part][key]
                cells.append(_mib(figures[part][key]))
        print(f"| {part} | " + " | ".join(cells) + " |")
    cells = [_mib(totals[name][key]) for name in results for key in ("Pss", "Rss", "traced")]
    print("| total | " + " | ".join(cells) + " |")
    for name, (_, lines) in results.items():
        for part, found in lines.items():
            print(f"\n{name}, {part}: the lines that allocate most (KiB)")
            for where, size in found:
                print(f"  {size / 1024:9.1f}  {where}")


if __name__ == "__main__":
    main()
