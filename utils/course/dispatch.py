"""Running the grading tasks on Dask distributed, with a progress bar.

One task per submission (:func:`utils.course.task.grade_submission`): it gets the
notebook's bytes and the stripped solution of its lesson, and returns its rows. The tasks
run on an embedded ``LocalCluster`` (``workers`` processes, one thread each) or on a real
cluster at ``scheduler`` (``tcp://HOST:PORT``, workers started with ``dask worker``).
Results are taken and released as they arrive, so a worker that dies later holds none of
them; a task whose worker dies is run again elsewhere (tasks are repeatable), up to
Dask's ``distributed.scheduler.allowed-failures``, after which the submission gets a row
saying so. Per-cell and per-submission timeouts live in the task's subprocess, not here.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass

from utils.course.task import Graded, Options, Row, grade_submission


@dataclass(frozen=True)
class Task:
    """One submission to grade: its index in the class, name, bytes and lesson skeleton."""

    index: int
    name: str
    data: bytes
    solution: str | None


def run(
    tasks: list[Task], options: Options, workers: int = 1, scheduler: str | None = None
) -> Iterator[tuple[Task, Graded]]:
    """Grade ``tasks`` on Dask; yield each task with its result as soon as it is done."""
    if not tasks:
        return
    from dask.distributed import Client, LocalCluster, as_completed
    from distributed.scheduler import KilledWorker

    with ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler, timeout="30s"))
        else:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=min(workers, len(tasks)),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    # the scheduler's HTTP routes still listen: on loopback, any free port
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    memory_limit=0,  # each task's sandbox has its own limits
                    silence_logs=logging.CRITICAL,
                )
            )
            client = stack.enter_context(Client(cluster))
        futures = {
            client.submit(
                grade_submission,
                task.name,
                task.data,
                task.solution,
                options,
                key=f"grade-{task.index}-{time.time_ns()}",
                pure=False,
            ): task
            for task in tasks
        }
        for future in as_completed(futures):
            task = futures.pop(future)
            try:
                graded = future.result()
            except KilledWorker:
                graded = _lost(task, "its grading worker died each time it ran")
            except Exception as error:  # the task itself crashed: report, go on
                graded = _lost(task, f"grading failed ({type(error).__name__}: {error})")
            future.release()
            yield task, graded


def _lost(task: Task, why: str) -> Graded:
    return Graded([Row(task.name, "", "", False, 0, 0, f"{why}: nothing was graded")])


class Progress:
    """Done/total, failures so far and an ETA on stderr: a bar on a terminal (tqdm), else
    one plain line per finished submission."""

    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.done, self.failed = total, 0, 0
        self.start = time.monotonic()
        self.bar = None
        if self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="notebook", desc="grading")

    def update(self, name: str, graded: Graded) -> None:
        rows = graded.rows
        self.done += 1
        self.failed += not rows[0].exercise or bool(graded.notes) or bool(graded.flags)
        if self.bar is not None:
            self.bar.set_postfix(failures=self.failed, refresh=False)
            self.bar.update()
            return
        points = sum(r.points for r in rows)
        maximum = sum(r.max_points for r in rows)
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        print(
            f"[{self.done}/{self.total}] {_printable(name)}: {points:g}/{maximum:g}; "
            f"failures so far {self.failed}; ETA {eta:.0f} s",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _printable(name: str) -> str:
    """``name`` for a terminal: a file name may hold control characters (escape codes)."""
    return "".join(c if c.isprintable() else "?" for c in name)


def run_with_progress(
    tasks: list[Task], options: Options, workers: int, scheduler: str | None,
    progress: Callable[[int], Progress] = Progress,
) -> dict[int, Graded]:  # fmt: skip
    """:func:`run` with a progress display; the results by task index."""
    bar = progress(len(tasks))
    results = {}
    try:
        for task, graded in run(tasks, options, workers, scheduler):
            results[task.index] = graded
            bar.update(task.name, graded)
    finally:
        bar.close()
    return results
