"""Screenshots of the example site in headless Chromium: docs/img/*.png and the browser test.

Usage: ``.venv/bin/python scripts/screenshots.py`` after ``make example``.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "latin-america.png": "regions/latin-america/index.html",
    "america-latina.png": "es/regiones/america-latina/index.html",
    "regions-map.png": "regions/index.html",
}
# Window sizes other than the default: the map and the top of the list, for the README.
SIZES = {"regions-map.png": (1100, 820)}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium() -> str | None:
    """The Chromium binary (Debian's package ``chromium``), or None when not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def screenshot(page: Path, png: Path, width: int = 1100, height: int = 1500) -> None:
    """Render ``page`` (a local HTML file) to ``png`` as a person's browser would."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("Chromium is not installed (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                binary,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


@dataclass(frozen=True)
class PngStats:
    width: int
    height: int
    distinct_colours: int
    non_background_share: float
    # Share of the sampled pixels per colour ("#d6d6d6"), to find what a page draws.
    colours: dict[str, float] = field(default_factory=dict, repr=False)


def png_stats(png: Path) -> PngStats:
    """Decode an 8-bit RGB(A) PNG with the standard library and measure how much is drawn."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour_type in (2, 6), "expects 8-bit RGB or RGBA"
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    pixels: dict[bytes, int] = {}
    offset = 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - up_left
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
                nearest = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + nearest) & 0xFF
        for i in range(0, stride, channels * 4):  # every fourth pixel is plenty
            colour = bytes(line[i : i + 3])
            pixels[colour] = pixels.get(colour, 0) + 1
        previous = line
    most = max(pixels.values())
    total = sum(pixels.values())
    shares = {"#" + colour.hex(): count / total for colour, count in pixels.items()}
    return PngStats(width, height, len(pixels), 1 - most / total, shares)


def main() -> int:
    output = ROOT / "example_site" / "output"
    if not (output / PAGES["latin-america.png"]).is_file():
        print("build the example site first: make example", file=sys.stderr)
        return 1
    images = ROOT / "docs" / "img"
    images.mkdir(parents=True, exist_ok=True)
    for name, page in PAGES.items():
        screenshot(output / page, images / name, *SIZES.get(name, (1100, 1500)))
        stats = png_stats(images / name)
        print(f"wrote docs/img/{name}: {stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
