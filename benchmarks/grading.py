"""Grading at class scale: copies of lesson 01, measured side by side in one run.

- ``--workers 2`` against ``--workers 1`` on the embedded LocalCluster (target >= 1.6x on a
  2-core machine);
- the same class on a loopback ``dask scheduler`` + two ``dask worker`` processes started
  here, against the embedded cluster with two workers (target: within 15%);
- the sandbox's overhead per submission: bubblewrap and limits against ``--sandbox none``,
  one worker (target <= 0.5 s); needs bubblewrap (on PATH or ``$COURSE_BWRAP``).

Each time is the best of ``--repeat`` runs. ``--json`` prints one object with
``speedup_2_vs_1``, ``loopback_vs_embedded`` (time ratio) and ``sandbox_overhead_s``.
``--copies`` sets the class size (32 by default). The copies are the course's own solution,
so they are graded as trusted notebooks (as root without bubblewrap too).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat

from utils.course import authoring, dispatch, sandbox, task

LESSON = authoring.SOLUTIONS / "01_symmetric_encryption.ipynb"
DASK = Path(sys.executable).with_name("dask")


def _tasks(copies: int) -> list[dispatch.Task]:
    solution = nbformat.read(LESSON, as_version=4)
    data, skeleton = nbformat.writes(solution).encode(), task.task_solution(solution)
    return [dispatch.Task(n, f"student{n}/01.ipynb", data, skeleton) for n in range(copies)]


def _timed(tasks, options, repeat, **where) -> tuple[float, bool]:
    best, passed = float("inf"), True
    for _ in range(repeat):
        start = time.perf_counter()
        results = list(dispatch.run(tasks, options, **where))
        best = min(best, time.perf_counter() - start)
        passed &= all(r.passed for _, graded in results for r in graded.rows)
    return best, passed


@contextmanager
def loopback_cluster(workers: int = 2):
    """A ``dask scheduler`` and ``workers`` ``dask worker`` processes on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            start_new_session=True,
            **quiet,
        )  # fmt: skip
    ]
    try:
        for _ in range(workers):
            processes.append(
                subprocess.Popen(
                    [
                        DASK,
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                        "--memory-limit",
                        "0",
                    ],
                    start_new_session=True,
                    **quiet,
                )  # fmt: skip
            )
        from dask.distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


def measure(copies: int = 32, repeat: int = 1, sandbox_copies: int = 4) -> dict:
    """Time the class with 1 and 2 embedded workers, on loopback, and the sandbox."""
    tasks = _tasks(copies)
    auto = task.Options(timeout=60, trusted=True)
    one, ok1 = _timed(tasks, auto, repeat, workers=1)
    two, ok2 = _timed(tasks, auto, repeat, workers=2)
    with loopback_cluster() as address:
        loop, ok3 = _timed(tasks, auto, repeat, scheduler=address)
    result = {
        "submissions": copies,
        "repeats": repeat,
        "workers_1_s": round(one, 1),
        "workers_2_s": round(two, 1),
        "loopback_2_s": round(loop, 1),
        "speedup_2_vs_1": round(one / two, 2),
        "loopback_vs_embedded": round(loop / two, 2),
        "sandbox": "bwrap" if sandbox.bwrap_path() else "none (bubblewrap missing)",
        "sandbox_overhead_s": None,
        "all_passed": ok1 and ok2 and ok3,
    }
    if sandbox.bwrap_path():
        few = tasks[:sandbox_copies]
        none = task.Options(timeout=60, sandbox="none", trusted=True)
        bare, _ = _timed(few, none, repeat, workers=1)
        boxed, _ = _timed(few, task.Options(timeout=60, sandbox="bwrap"), repeat, workers=1)
        result["sandbox_overhead_s"] = round((boxed - bare) / len(few), 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--copies", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=1, help="runs per timing; the best counts")
    parser.add_argument("--sandbox-copies", type=int, default=4, help="for the sandbox's cost")
    args = parser.parse_args()
    if min(args.copies, args.repeat, args.sandbox_copies) < 1:
        parser.error("--copies, --repeat and --sandbox-copies must be at least 1")
    r = measure(args.copies, args.repeat, args.sandbox_copies)
    if args.json:
        print(json.dumps(r))
        return
    print(f"grading {r['submissions']} copies of lesson 01 (best of {r['repeats']} runs)")
    print(f"  embedded, --workers 1          {r['workers_1_s']:7.1f} s")
    print(f"  embedded, --workers 2          {r['workers_2_s']:7.1f} s")
    print(f"  speed-up                       {r['speedup_2_vs_1']:7.2f} x   (target >= 1.6)")
    print(f"  loopback scheduler + 2 workers {r['loopback_2_s']:7.1f} s")
    print(f"  loopback / embedded            {r['loopback_vs_embedded']:7.2f}     (target <= 1.15)")
    overhead = r["sandbox_overhead_s"]
    shown = "n/a" if overhead is None else f"{overhead:.2f} s"
    print(f"  sandbox overhead / submission  {shown:>9}   ({r['sandbox']}; target <= 0.5 s)")
    print(f"  every exercise passed          {r['all_passed']}")


if __name__ == "__main__":
    main()
