"""Seed sweep of the checks: every known answer under many ``COURSE_CHECK_SEED`` values.

Checkers draw part of their cases at random on each run; the test suite fixes one seed
(``tests/conftest.py``). An unlucky draw can let a wrong answer pass, give it another
mistake's hint, or refuse a right answer. This sweep runs every wrong answer of
``tests/wrong_answers/`` (which must fail with its hint), every right answer and every
solution (which must pass) through its check under each seed, in two processes, and prints
each failure with the seed that replays it. A run that draws no random case is not seed
dependent and runs once; an answer whose runs use up a CPU budget (``--budget``: the
scrypt of exercise 1.5 is slow by design) stops at fewer seeds, counted as "cut".

    make stress                                        # seeds 1-20, every exercise
    .venv/bin/python -m tests.stress --seeds 100 --exercise 4.3
    .venv/bin/python -m tests.stress --start 1234 --seeds 1 --exercise 4.3   # one seed
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from tests.mutants import Timeout, deadline
from utils.course.checks.core import SEED_ENV

TIME_LIMIT = 60.0  # CPU seconds per check run (a busy machine is no failure), and ten
# times as long of the clock (a check that waits forever is)


@dataclass(frozen=True)
class Case:
    """One known answer to an exercise: what it is (``name``), its code and its verdict."""

    exercise: str
    name: str  # "solution", "right answer 2", "wrong answer 5"
    source: str
    hint: str | None  # a piece of the hint a wrong answer must get; None: it must pass


@dataclass(frozen=True)
class Failure:
    """A seed under which a case's check gave the wrong verdict."""

    case: Case
    seed: int
    line: str

    def __str__(self) -> str:
        expected = "to pass" if self.case.hint is None else f"a hint with {self.case.hint!r}"
        return (
            f"{self.case.exercise} {self.case.name} (expected {expected}), seed {self.seed}: "
            f"{self.line}\n    replay: .venv/bin/python -m tests.stress --exercise "
            f"{self.case.exercise} --start {self.seed} --seeds 1"
        )


def all_cases(exercises: list[str] | None = None) -> list[Case]:
    """The solution, right answers and wrong answers of every exercise (or of ``exercises``)."""
    from tests.exercises import all_exercises, exercise_source
    from tests.wrong_answers import all_right_answers, all_wrong_answers

    chosen = [(s, e) for s, e in all_exercises() if not exercises or e in exercises]
    wrong, right = all_wrong_answers(), all_right_answers()
    cases = []
    for slug, exercise in chosen:
        cases.append(Case(exercise, "solution", exercise_source(slug, exercise), None))
        sources = [source for ex, source in right if ex == exercise]
        cases += [Case(exercise, f"right answer {k + 1}", s, None) for k, s in enumerate(sources)]
        cases += [
            Case(exercise, f"wrong answer {k + 1}", source, hint)
            for k, (source, hint) in enumerate(wrong.get(exercise, []))
        ]
    return cases


def verdict(case: Case, seed: int) -> tuple[str | None, bool]:
    """(the failure's line or None, whether the run drew random cases) for one seed."""
    from tests.exercises import check_source

    given = os.environ.get(SEED_ENV)
    os.environ[SEED_ENV] = str(seed)
    try:
        with deadline(10 * TIME_LIMIT), deadline(TIME_LIMIT, cpu=True):
            result = check_source(case.source, case.exercise)
    except Timeout as timeout:
        return f"the check {timeout}", True
    except Exception as error:  # the answer's cell itself failed to run
        return f"the answer's cell raised {type(error).__name__}: {error}", False
    finally:
        if given is None:
            del os.environ[SEED_ENV]
        else:
            os.environ[SEED_ENV] = given
    drew = result.seed is not None
    if case.hint is None:
        return (None if result.passed else result.line), drew
    if result.passed:
        return "the wrong answer passed", drew
    return (None if case.hint in result.line else result.line), drew


def sweep_case(case: Case, seeds: list[int], budget: float) -> tuple[list[Failure], int]:
    """The failures of ``case`` over ``seeds`` and the number of check runs made: fewer than
    the seeds if the runs drew nothing random, or used ``budget`` seconds of CPU."""
    failures, runs, start = [], 0, _cpu_seconds()
    for seed in seeds:
        line, drew = verdict(case, seed)
        runs += 1
        if line is not None:
            failures.append(Failure(case, seed, line))
        if not drew or _cpu_seconds() - start > budget:
            break
    return failures, runs


def _cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _start_worker() -> None:
    """Load every checker now, so that a sweep runs one version of them even if they are
    edited meanwhile, and run the checks in a directory of the worker's own."""
    from tests.exercises import all_exercises
    from utils.course.checks.core import find_checker

    for _, exercise in all_exercises():
        find_checker(exercise)
    os.chdir(tempfile.mkdtemp(prefix="course-stress-"))


def sweep(
    cases: list[Case], seeds: list[int], jobs: int = 2, budget: float = 10.0, report=print
) -> Counter:
    """Run every case under every seed and ``report`` each failure as it comes.

    Returns counts keyed ``(exercise, "runs")``, ``(exercise, "failures")`` and
    ``(exercise, "cut")`` (answers stopped by the CPU ``budget`` before the last seed).
    """
    counts: Counter = Counter()
    start = time.perf_counter()

    def note(case, failures, runs):
        counts[case.exercise, "runs"] += runs
        counts[case.exercise, "failures"] += len(failures)
        counts[case.exercise, "cut"] += 1 < runs < len(seeds)
        counts["answers"] += 1
        for failure in failures:
            report(str(failure))
        if counts["answers"] % 50 == 0:
            report(
                f"... {counts['answers']} of {len(cases)} answers swept in "
                f"{time.perf_counter() - start:.0f} s"
            )

    if jobs <= 1:
        with tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch):
            for case in cases:
                note(case, *sweep_case(case, seeds, budget))
        return counts
    context = multiprocessing.get_context("spawn")  # TenSEAL and BLAS threads do not fork well
    with ProcessPoolExecutor(jobs, context, _start_worker) as pool:
        futures = {pool.submit(sweep_case, case, seeds, budget): case for case in cases}
        for future in as_completed(futures):
            note(futures[future], *future.result())
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20, help="how many seeds (default 20)")
    parser.add_argument("--start", type=int, default=1, help="the first seed (default 1)")
    parser.add_argument("--exercise", nargs="*", default=[], help="exercise ids (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    parser.add_argument(
        "--budget",
        type=float,
        default=10.0,
        help="CPU seconds per answer, after which it stops at fewer seeds (default 10)",
    )
    args = parser.parse_args(argv)
    cases = all_cases(args.exercise)
    seeds = list(range(args.start, args.start + args.seeds))
    print(f"{len(cases)} answers x seeds {seeds[0]}-{seeds[-1]} in {args.jobs} processes")
    start, cpu = time.perf_counter(), _cpu_seconds() + _cpu_seconds(resource.RUSAGE_CHILDREN)
    counts = sweep(cases, seeds, args.jobs, args.budget, lambda line: print(line, flush=True))
    cpu = _cpu_seconds() + _cpu_seconds(resource.RUSAGE_CHILDREN) - cpu
    exercises = dict.fromkeys(case.exercise for case in cases)
    print(f"{'exercise':<9}{'answers':>8}{'runs':>7}{'cut':>5}{'failures':>9}")
    for exercise in exercises:
        answers = sum(case.exercise == exercise for case in cases)
        print(
            f"{exercise:<9}{answers:>8}{counts[exercise, 'runs']:>7}{counts[exercise, 'cut']:>5}"
            f"{counts[exercise, 'failures']:>9}"
        )
    failures = sum(counts[e, "failures"] for e in exercises)
    print(
        f"{failures} failures in {time.perf_counter() - start:.0f} s ({cpu:.0f} s of CPU); "
        "cut: answers stopped by the CPU budget before the last seed"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
