"""A built site in headless Chromium: served on loopback, measured from the live DOM.

The driver is Chromium's own DevTools protocol over a pair of pipes (``--remote-debugging-pipe``
: commands in on file descriptor 3, answers out on 4, each a JSON message ended by a NUL byte).
The standard library is the whole client, so the browser tests need nothing beyond the
Chromium that .ci/run installs: Playwright would add a Node driver of some 40 MB to install
for the same five calls (open a tab at a width, load a page, run a script, take a screenshot,
close), Selenium a chromedriver whose version must match the browser's. The pipe also needs
no port and no waiting for one.

The site is served over HTTP (a directory URL such as ``regions/latin-america/`` finds its
index.html, as on a real server); pages are measured at a given window width with the
browser's device emulation (``mobile`` below 600 px, so a theme's viewport meta tag counts as
on a phone).
"""

from __future__ import annotations

import base64
import fcntl
import functools
import http.server
import json
import os
import select
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from screenshots import CHROMIUM_FLAGS, chromium

TIMEOUT = 60.0  # seconds for any one answer of the browser
PHONE = 600  # narrower windows are emulated as a phone's


class BrowserError(RuntimeError):
    """The browser answered a command with an error, or not in time."""


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port for the duration; yields its base URL
    (ending with a slash)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass(frozen=True)
class Box:
    """An element's border box in CSS pixels, from the left of the page."""

    left: float
    width: float
    top: float
    height: float


def _above(fd: int, lowest: int) -> int:
    """``fd`` moved to a number of at least ``lowest``."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, lowest)
    os.close(fd)
    return moved


class Browser:
    """One headless Chromium for a test module: ``with Browser() as browser: ...``."""

    def __init__(self) -> None:
        binary = chromium()
        if binary is None:
            raise RuntimeError("Chromium is not installed (apt-get install -y chromium)")
        self._profile = tempfile.TemporaryDirectory()
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()
        # Chromium reads commands on fd 3 and writes answers on fd 4: bash moves ours there,
        # from numbers above both so that neither move overwrites the other.
        commands_read, answers_write = (_above(fd, 10) for fd in (commands_read, answers_write))
        self._process = subprocess.Popen(
            [
                "bash",  # not dash: its redirections take one-digit descriptors only
                "-c",
                f'exec "$0" "$@" 3<&{commands_read} 4>&{answers_write}',
                binary,
                *CHROMIUM_FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile.name}",
                "about:blank",
            ],
            pass_fds=(commands_read, answers_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(answers_write)
        self._buffer = b""
        self._last_id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self.call("Browser.close")
            except (BrowserError, OSError):
                self._process.kill()
            try:
                self._process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for fd in (self._commands, self._answers):
            with suppress(OSError):
                os.close(fd)
        self._profile.cleanup()

    # The protocol.

    def call(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        """Send a command and return its result."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == message["id"]:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._events.append(answer)

    def wait_for(self, event: str, session: str) -> dict[str, Any]:
        """The next ``event`` of ``session`` (those that came earlier are kept in order)."""
        while True:
            for index, message in enumerate(self._events):
                if message.get("method") == event and message.get("sessionId") == session:
                    return self._events.pop(index)
            self._events.append(self._receive())

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self._answers], [], [], max(remaining, 0))
            if not ready:
                raise BrowserError(f"no answer from Chromium in {TIMEOUT:.0f} s")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium closed its pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        answer: dict[str, Any] = json.loads(message)
        return answer

    # Pages.

    @contextmanager
    def page(self, url: str, width: int, height: int = 900) -> Iterator[Page]:
        """``url`` loaded in a new tab of ``width`` × ``height`` CSS pixels."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        try:
            metrics = {
                "width": width,
                "height": height,
                "deviceScaleFactor": 1,
                "mobile": width < PHONE,
            }
            self.call("Emulation.setDeviceMetricsOverride", metrics, session)
            self.call("Page.enable", {}, session)
            self.call("Page.navigate", {"url": url}, session)
            self.wait_for("Page.loadEventFired", session)
            yield Page(self, session, url, width)
        finally:
            self.call("Target.closeTarget", {"targetId": target})


# What a test reads from a page: plain data, computed in the page.
_BOX = """(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  return {left: box.left + scrollX, width: box.width, top: box.top + scrollY,
          height: box.height};
}"""
_STYLES = """(selector, property) => Array.from(document.querySelectorAll(selector),
  (element) => getComputedStyle(element).getPropertyValue(property))"""


@dataclass(frozen=True)
class Page:
    """A loaded page: read its DOM and computed styles."""

    browser: Browser
    session: str
    url: str
    width: int

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-like data)."""
        result = self.browser.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            self.session,
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def call(self, function: str, *arguments: Any) -> Any:
        """``function`` (JavaScript source of a function) applied to JSON ``arguments``."""
        return self.evaluate(f"({function})(...{json.dumps(list(arguments))})")

    def title(self) -> str:
        return str(self.evaluate("document.title"))

    def canonical(self) -> str | None:
        """The URL of the canonical link in ``<head>`` (the only place it counts) as the
        browser resolves it, or None."""
        found = self.evaluate(
            "(document.head.querySelector('link[rel=canonical]') || {href: null}).href"
        )
        return None if found is None else str(found)

    def box(self, selector: str) -> Box | None:
        """The border box of the first element ``selector`` matches, or None."""
        found = self.call(_BOX, selector)
        return None if found is None else Box(**found)

    def styles(self, selector: str, property: str) -> list[str]:
        """The computed value of a CSS ``property`` of every element ``selector`` matches."""
        return [str(value) for value in self.call(_STYLES, selector, property)]

    def scroll_width(self) -> int:
        """How wide the document is: more than :meth:`client_width` scrolls sideways."""
        return int(self.evaluate("document.documentElement.scrollWidth"))

    def client_width(self) -> int:
        return int(self.evaluate("document.documentElement.clientWidth"))

    def screenshot(self, png: Path, *, full_page: bool = False) -> None:
        """Save what the window shows (``full_page``: the whole page) as a PNG."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            params.update(
                captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1},
            )
        data = self.browser.call("Page.captureScreenshot", params, self.session)["data"]
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(base64.b64decode(data))
