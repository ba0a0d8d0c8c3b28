"""Grading throughput: 8 copies of lesson 01 with --workers 2 against --workers 1.

Also measures the grader's overhead per submission: its wall time with one worker, minus
the time to execute the same notebooks directly with nbclient, divided by their number.
Targets (2-core machine): speed-up >= 1.6x, overhead < 3 s per submission. Each time is
the best of ``--repeat`` runs, so a burst of load from elsewhere does not decide the ratio.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from utils.course import authoring, grading

LESSON = authoring.SOLUTIONS / "01_symmetric_encryption.ipynb"


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(copies: int = 8, repeat: int = 2) -> dict:
    """Time grading ``copies`` submissions with 1 and 2 workers, and plain execution."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for n in range(copies):
            shutil.copy(LESSON, work / f"student{n}.ipynb")
        plain = one = two = float("inf")
        for _ in range(repeat):
            plain = min(plain, _timed(lambda: [_execute(work) for _ in range(copies)]))
            one = min(one, _timed(lambda: rows.extend(grading.grade([work], work / "o1", 1))))
            two = min(two, _timed(lambda: rows.extend(grading.grade([work], work / "o2", 2))))
    return {
        "submissions": copies,
        "repeats": repeat,
        "workers_1_s": round(one, 2),
        "workers_2_s": round(two, 2),
        "speedup": round(one / two, 2),
        "plain_execution_s": round(plain, 2),
        "overhead_per_submission_s": round((one - plain) / copies, 2),
        "all_passed": all(r.passed for r in rows),
    }


def _execute(folder: Path) -> None:
    nb = nbformat.read(LESSON, as_version=4)
    authoring.execute(nb, folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2, help="runs per timing; the best counts")
    args = parser.parse_args()
    if args.copies < 1 or args.repeat < 1:
        parser.error("--copies and --repeat must be at least 1")
    result = measure(args.copies, args.repeat)
    if args.json:
        print(json.dumps(result))
        return
    print(f"grading {result['submissions']} copies of lesson 01 (best of {result['repeats']} runs)")
    print(f"  --workers 1                  {result['workers_1_s']:7.1f} s")
    print(f"  --workers 2                  {result['workers_2_s']:7.1f} s")
    print(f"  speed-up                     {result['speedup']:7.2f} x   (target >= 1.6)")
    print(f"  plain execution, no grader   {result['plain_execution_s']:7.1f} s")
    print(
        f"  grader overhead / submission {result['overhead_per_submission_s']:7.2f} s   (target < 3)"
    )
    print("    (wall time beyond nbclient executing the same notebooks; below 0 means none)")
    print(f"  every exercise passed        {result['all_passed']}")


if __name__ == "__main__":
    main()
