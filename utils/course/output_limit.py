"""A cap on how much text one notebook cell may print, used by the grader.

A student's ``while True: print(...)`` produces hundreds of megabytes before the per-cell
timeout stops it, and every byte travels to the grading process. The grader runs
:func:`limit_cell_output` first in each graded notebook: each cell's stdout and stderr
then keep their first ``max_chars`` characters, followed by one line that says the rest
was cut. The count starts again with every cell, so a check cell's line always shows.
"""

from __future__ import annotations

import sys

NOTICE = "\n[grader: output cut after {limit:,} characters]\n"


class _CappedStream:
    """A text stream that forwards at most ``limit`` characters until :meth:`reset`."""

    def __init__(self, stream, limit: int):
        self._stream, self._limit, self._written = stream, limit, 0

    def reset(self) -> None:
        self._written = 0

    def write(self, text: str) -> int:
        room = self._limit - self._written
        if room > 0:
            self._stream.write(text[:room])
            if len(text) >= room:
                self._stream.write(NOTICE.format(limit=self._limit))
        self._written += len(text)
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def limit_cell_output(max_chars: int = 100_000) -> None:
    """Cap each following cell's stdout and stderr at ``max_chars`` characters (in IPython)."""
    from IPython import get_ipython

    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars!r}")
    shell = get_ipython()
    if shell is None:
        raise RuntimeError("limit_cell_output works inside an IPython kernel only")
    streams = [_CappedStream(sys.stdout, max_chars), _CappedStream(sys.stderr, max_chars)]
    sys.stdout, sys.stderr = streams

    def reset(*_) -> None:
        for stream in streams:
            stream.reset()

    shell.events.register("pre_run_cell", reset)
