"""Files, for the lessons' libraries and the course machinery alike: one path type, and one
way to write a file so that a failure never leaves it half written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

PathLike = str | os.PathLike[str]


@contextmanager
def atomic_output(dst: PathLike) -> Iterator[BinaryIO]:
    """Yield a temporary file beside ``dst``; move it to ``dst`` only if the block succeeds.

    On any exception the temporary file is deleted and ``dst`` is left as it was.
    """
    dst = Path(dst)
    fd, temp_name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".part", dir=dst.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(temp_name, dst)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def atomic_write_text(dst: PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``dst`` atomically: readers see the old file or the new one."""
    with atomic_output(dst) as out:
        out.write(text.encode("utf-8"))
