"""A real headless browser for the tests: Debian's Chromium, driven by Playwright.

- :func:`chromium`: ``/usr/bin/chromium``, installed with ``apt-get install chromium`` when
  the tests run as root and it is missing; otherwise the test is skipped with one line
  saying how to get it. Playwright (PyPI, ``requirements-tools.txt``) drives it through
  ``executable_path``: its own browser download (``playwright install``) is never used.
- :func:`browser`: a browser context with a fresh profile and the flags that keep
  Chromium from calling home, and a :class:`Watch` over it;
- :func:`serve`: a folder served over HTTP on 127.0.0.1 for as long as a test needs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.interop_tools import _locked

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
LOCAL = "127.0.0.1"
INSTALL_TIMEOUT = 900


@functools.cache
def chromium() -> Path:
    """Debian's Chromium, installed with apt-get first when the tests run as root."""
    if not CHROMIUM.exists() and os.geteuid() == 0 and shutil.which("apt-get"):
        with _locked("chromium-apt"):
            if not CHROMIUM.exists():
                _apt_install("chromium")
    if not CHROMIUM.exists():
        pytest.skip(
            f"the browser tests need Debian's Chromium at {CHROMIUM}: run "
            "`sudo apt-get install chromium` (as root, the tests install it themselves)"
        )
    return CHROMIUM


def _apt_install(package: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", package]
    for attempt in ("as is", "after apt-get update"):
        if attempt != "as is":
            subprocess.run(["apt-get", "update"], env=env, capture_output=True,
                           timeout=INSTALL_TIMEOUT, check=False)  # fmt: skip
        done = subprocess.run(
            install, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
        )
        if done.returncode == 0:
            return
    raise RuntimeError(f"`{' '.join(install)}` failed: {done.stderr.strip()}")


class Watch:
    """Everything a browser context does: each request (one to any host but 127.0.0.1, and
    not a local file, is recorded in :attr:`foreign` and refused), console errors and
    uncaught page errors."""

    def __init__(self, context) -> None:
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._console)
        context.on("weberror", lambda error: self.errors.append(f"page error: {error.error}"))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)

    def _route(self, route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob", "file") or url.hostname == LOCAL:
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console error on {message.page.url if message.page else '?'}: "
                               f"{message.text}")  # fmt: skip

    def _failed(self, request) -> None:
        # ERR_ABORTED: a load cut short by the next navigation (or a refused foreign host)
        if urlsplit(request.url).hostname == LOCAL and "ERR_ABORTED" not in request.failure:
            self.errors.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")


@contextmanager
def browser() -> Iterator[tuple[object, Watch]]:
    """A headless Chromium context with a fresh profile, and the :class:`Watch` over it."""
    executable = chromium()
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="the browser tests need Playwright: pip install -r requirements-tools.txt",
    )
    with sync_api.sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(executable), headless=True, args=FLAGS
        )
        context.set_default_timeout(30_000)
        try:
            yield context, Watch(context)
        finally:
            context.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1; yield its base URL (ending in ``/``)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer((LOCAL, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
