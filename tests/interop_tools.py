"""Other age implementations for the interoperability tests, installed on first use.

- the Go reference ``age`` command: ``apt-get download age`` and ``dpkg-deb -x`` into the
  cache (no root needed); an ``age`` already on PATH is used where apt is missing;
- the TypeScript ``age-encryption`` package and the community test vectors ``cctv-age``:
  ``npm install --prefix`` into the cache (:func:`npm_packages`, which other tests use for
  their npm tools too), run with the machine's Node (20 or newer).

The cache is ``.venv/interop/`` (``make clean`` removes it, git ignores it), or the folder
in ``$COURSE_INTEROP_CACHE``. A test is skipped only when the machine lacks the tool that
installs or runs the implementation (apt, npm, node), with one line saying how to get it;
a download that fails on a machine that has the tool fails the test.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

from utils.storage import CHUNK_SIZE

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("COURSE_INTEROP_CACHE", ROOT / ".venv" / "interop"))
NPM_PACKAGES = ("age-encryption@0.3.1", "cctv-age@0.2.0")
JS_SCRIPT = Path(__file__).with_name("interop") / "age_js.mjs"
MIN_NODE = 20
INSTALL_TIMEOUT = 600


# What every interoperability test sends both ways: sizes around the 64 KiB chunk boundary.
SIZES = [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 1000]
PASSPHRASE = "correct horse battery staple"


def random_bytes(size: int) -> bytes:
    """Reproducible test data of ``size`` bytes."""
    return random.Random(size).randbytes(size)


class ToolError(RuntimeError):
    """An external tool ran and failed; the message holds its output."""


def run(argv: list[str | Path], *, data: bytes = b"", env: dict | None = None, timeout=120):
    """Run ``argv`` with ``data`` on stdin; return stdout, or raise ToolError with stderr."""
    done = subprocess.run(
        [str(part) for part in argv],
        input=data,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if done.returncode != 0:
        raise ToolError(
            f"{Path(str(argv[0])).name} exited with {done.returncode}: "
            f"{done.stderr.decode(errors='replace').strip()}"
        )
    return done.stdout


@contextmanager
def _locked(name: str) -> Iterator[None]:
    """Hold an exclusive lock on the cache entry ``name`` (pytest-xdist runs two workers)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _install(name: str, build) -> Path:
    """Return ``CACHE/name``, building it first in a temporary folder if it is missing."""
    target = CACHE / name
    with _locked(name):
        if not target.exists():
            scratch = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=CACHE))
            try:
                build(scratch)
                scratch.rename(target)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    return target


# --- the Go reference implementation ---------------------------------------------------------


def debian_package(package: str):
    """An installer for :func:`_install`: ``apt-get download`` the package (no root needed)
    and unpack it with ``dpkg-deb -x`` into the cache folder's ``root/``."""

    def download(folder: Path) -> None:
        done = subprocess.run(
            ["apt-get", "download", package],
            cwd=folder,
            capture_output=True,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
        debs = list(folder.glob(f"{package}_*.deb"))
        if done.returncode != 0 or len(debs) != 1:
            raise ToolError(
                f"`apt-get download {package}` failed (is the package index current? try "
                f"`apt-get update`): {done.stderr.decode(errors='replace').strip()}"
            )
        run(["dpkg-deb", "-x", debs[0], folder / "root"], timeout=INSTALL_TIMEOUT)
        debs[0].unlink()

    return download


@cache
def age_cli() -> Path:
    """The path of the Go ``age`` command (installed into the cache on first use)."""
    cached = CACHE / "age-deb"
    if cached.exists() or (shutil.which("apt-get") and shutil.which("dpkg-deb")):
        binary = _install(cached.name, debian_package("age")) / "root" / "usr" / "bin" / "age"
        if not binary.exists():
            raise ToolError(f"the Debian package 'age' has no {binary}")
        return binary
    on_path = shutil.which("age")
    if on_path:
        return Path(on_path)
    pytest.skip(
        "the Go age CLI tests need apt-get and dpkg-deb (Debian/Ubuntu) or an `age` command on "
        "PATH: install age from https://age-encryption.org or your package manager"
    )


def run_with_terminal(argv: list[str | Path], answer: str, prompts: int, timeout: float = 60):
    """Run ``argv`` on a pseudo-terminal, typing ``answer`` at each of ``prompts`` prompts.

    ``age -p`` and ``age -d`` of a passphrase file read the passphrase from the terminal
    only (age 1.1 has no other way), so the test plays the user.
    """
    pid, terminal = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pseudo-terminal
        try:
            os.execv(str(argv[0]), [str(part) for part in argv])
        finally:
            os._exit(127)
    shown, answered, deadline = b"", 0, time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(terminal, 1024)
        except OSError:  # the child closed the terminal: it has exited
            break
        if not chunk:
            break
        shown += chunk
        if answered < prompts and shown.count(b"passphrase") > answered:
            os.write(terminal, answer.encode() + b"\n")
            answered += 1
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    if os.waitstatus_to_exitcode(status) != 0:
        raise ToolError(f"{Path(str(argv[0])).name} failed: {shown.decode(errors='replace')}")


# --- the TypeScript implementation and the test vectors ----------------------------------------


def _node_major() -> int | None:
    node = shutil.which("node")
    if not node:
        return None
    match = re.match(r"v(\d+)\.", run([node, "--version"]).decode())
    return int(match.group(1)) if match else None


def npm_packages(packages: tuple[str, ...], purpose: str) -> Path:
    """The cache folder whose ``node_modules`` holds ``packages`` (``npm install`` on first
    use); skips the test, saying how to get Node.js, where node or npm is missing."""
    major = _node_major()
    name = "npm-" + "-".join(package.replace("@", "-") for package in packages)
    if major is None or not ((CACHE / name).exists() or shutil.which("npm")):
        missing = "node" if major is None else "npm"
        pytest.skip(
            f"{purpose} need Node.js {MIN_NODE}+ with npm, and `{missing}` is "
            "missing: install Node.js from https://nodejs.org or your package manager"
        )
    if major < MIN_NODE:
        pytest.skip(
            f"{purpose} need Node.js {MIN_NODE} or newer, found {major}: "
            "install a current Node.js from https://nodejs.org"
        )

    def install(folder: Path) -> None:
        run(
            ["npm", "install", "--prefix", folder, "--cache", CACHE / "npm-cache", "--no-audit",
             "--no-fund", "--loglevel=error", *packages],
            timeout=INSTALL_TIMEOUT,
        )  # fmt: skip

    return _install(name, install)


@cache
def js_modules(purpose: str = "the TypeScript age tests") -> Path:
    """The folder holding ``node_modules`` with age-encryption and cctv-age, and the script."""
    folder = npm_packages(NPM_PACKAGES, purpose)
    script = folder / JS_SCRIPT.name
    if not script.exists() or script.read_bytes() != JS_SCRIPT.read_bytes():
        with _locked("script"):
            shutil.copyfile(JS_SCRIPT, script)
    return folder


def run_js(*args: str, data: bytes = b"", env: dict | None = None) -> bytes:
    """Run the course's small command line over the age-encryption package."""
    folder = js_modules()
    return run(["node", folder / JS_SCRIPT.name, *args], data=data, env=env)


def vector_folder() -> Path:
    """The folder of the community age test vectors (C2SP/CCTV), one file per vector."""
    js_modules("the age test-vector tests (npm cctv-age)")
    name = "vectors-" + NPM_PACKAGES[1].replace("@", "-")
    return _install(name, lambda out: run_js("vectors", str(out)))
