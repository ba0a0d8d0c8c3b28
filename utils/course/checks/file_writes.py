"""Which files a student's function writes: a check uses it to catch plaintext on disk.

Python's audit hooks see every ``open`` and file rename, including those made from C code
(numpy, pandas), which patching ``open`` would miss. An audit hook cannot be removed, so
this one is added only when a check first watches (never on import) and does nothing
outside a :func:`files_written` block: in a learner's kernel it costs one comparison per
audited event.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_watched: dict = {"thread": None, "written": [], "hooked": False}


def _record_writes(event: str, args: tuple) -> None:
    """Audit hook: while a block watches this thread, record files opened for writing."""
    if _watched["thread"] != threading.get_ident():
        return
    if event == "open":
        path, mode, flags = args
        writes = any(c in mode for c in "wxa+") if mode else bool(flags & _WRITE_FLAGS)
    elif event in ("os.mkdir", "os.rename", "os.replace"):
        path, writes = args[0], True
    else:
        return
    if writes and "__pycache__" not in str(path):  # imports may cache bytecode
        _watched["written"].append(str(path))


def add_written(paths: list[str]) -> None:
    """Count ``paths`` as written in this thread's :func:`files_written` block, if any: the
    files a student's function wrote in a process of its own (utils.course.checks.boundary)."""
    if _watched["thread"] == threading.get_ident():
        _watched["written"].extend(paths)


@contextmanager
def files_written() -> Iterator[list[str]]:
    """Yield the list of paths this thread creates or opens for writing inside the block."""
    if not _watched["hooked"]:
        sys.addaudithook(_record_writes)
        _watched["hooked"] = True
    _watched["thread"], _watched["written"] = threading.get_ident(), []
    try:
        yield _watched["written"]
    finally:
        _watched["thread"] = None
