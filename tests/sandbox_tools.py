"""Bubblewrap for the grader's sandbox tests, installed on first use without root.

``bwrap`` on PATH is used when it runs; otherwise ``apt-get download bubblewrap`` and
``dpkg-deb -x`` unpack Debian's package into the cache of tests/interop_tools.py
(``.venv/interop/``). The unpacked binary needs no setuid bit: it runs as root and, where
the kernel allows unprivileged user namespaces, as any user. A machine with neither apt nor
a working bwrap skips the sandbox tests with one line saying how to get it.
"""

from __future__ import annotations

import shutil
from functools import cache

import pytest

from tests.interop_tools import CACHE, _install, debian_package
from utils.course import sandbox


@cache
def bwrap() -> str:
    """A bubblewrap binary that runs here, for ``$COURSE_BWRAP``; skips the test if none."""
    on_path = shutil.which("bwrap")
    if on_path and _runs(on_path):
        return on_path
    if (CACHE / "bubblewrap-deb").exists() or (
        shutil.which("apt-get") and shutil.which("dpkg-deb")
    ):
        binary = str(
            _install("bubblewrap-deb", debian_package("bubblewrap"))
            / "root"
            / "usr"
            / "bin"
            / "bwrap"
        )
        if _runs(binary):
            return binary
        pytest.skip(f"bubblewrap unpacked at {binary} does not run here (no user namespaces?)")
    pytest.skip("the sandbox tests need bubblewrap: install the package `bubblewrap` (or apt-get)")


def _runs(binary: str) -> bool:
    sandbox.bwrap_path.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(sandbox.BWRAP_ENV, binary)
        works = sandbox.bwrap_path() is not None
    sandbox.bwrap_path.cache_clear()
    return works
