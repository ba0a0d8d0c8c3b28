"""The grader behind ``python -m utils.grade``: a class of notebooks, one task each.

It finds the submitted notebooks, gives each one's bytes and its lesson's stripped solution
to a task (:mod:`utils.course.task`: nbval in a sandbox, passes confirmed out of the
student's reach), runs the tasks on Dask (:mod:`utils.course.dispatch`: an embedded
LocalCluster or ``--scheduler``) with a progress bar, and writes the reports
(:mod:`utils.course.reports`: ``gradebook.csv``, ``summary.csv``, ``students.csv``,
``report.html`` and one feedback file per submission).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from utils.course import authoring, dispatch, reports
from utils.course.sandbox import (
    MODES,
    TRUST_FLAG,
    Limits,
    Sandbox,
    SandboxUnavailable,
    bwrap_path,
)
from utils.course.task import Graded, Options, Row, lesson_of, task_solution


def find_notebooks(paths: list[Path]) -> dict[Path, str]:
    """Every notebook named by ``paths`` (files, or folders searched recursively), with its
    submission name: its path inside the folder given, or the file's own name; names that
    would clash are replaced by the full path."""
    found: dict[Path, str] = {}
    for path in paths:
        if path.is_dir():
            for notebook in sorted(path.rglob("*.ipynb")):
                if ".ipynb_checkpoints" not in notebook.parts:
                    found.setdefault(notebook.resolve(), notebook.relative_to(path).as_posix())
        else:
            found.setdefault(path.resolve(), path.name)
    names = list(found.values())
    return {p: (p.as_posix() if names.count(n) > 1 else n) for p, n in found.items()}


MAX_NOTEBOOK_MB = 32  # a larger file is reported, not read (a lesson is well under 1 MB)


def load_solutions(folder: Path | None = None) -> dict[str, nbformat.NotebookNode]:
    """The solution notebooks by lesson slug, from ``folder`` or where
    :func:`utils.course.authoring.find_solutions` finds them (it raises when there are none)."""
    paths = authoring.solution_paths(authoring.find_solutions(folder))
    return {p.stem: nbformat.read(p, as_version=4) for p in paths}


def grade(
    paths: list[Path],
    out: Path,
    workers: int = 1,
    timeout: float = 30,
    solutions_folder: Path | None = None,
    *,
    options: Options | None = None,
    scheduler: str | None = None,
) -> list[Row]:
    """Grade every notebook under ``paths`` against the solutions, one Dask task each, and
    write the reports into ``out``. ``options`` overrides ``timeout``."""
    options = options or Options(timeout=timeout)
    solutions = load_solutions(solutions_folder)
    skeletons = {slug: task_solution(nb) for slug, nb in solutions.items()}
    notebooks = find_notebooks(paths)
    tasks, too_large = [], {}
    for index, (path, name) in enumerate(notebooks.items()):
        if path.stat().st_size > MAX_NOTEBOOK_MB * 2**20:
            why = f"larger than {MAX_NOTEBOOK_MB} MB: not read, nothing was graded"
            too_large[name] = Graded([Row(name, "", "", False, 0, 0, why)])
            continue
        data = path.read_bytes()
        tasks.append(dispatch.Task(index, name, data, skeletons.get(lesson_of(data))))
    results = dispatch.run_with_progress(tasks, options, workers, scheduler)
    done = too_large | {task.name: results[task.index] for task in tasks}
    graded = {name: done[name] for name in notebooks.values()}
    titles = {slug: nb.metadata["course"]["title"] for slug, nb in solutions.items()}
    reports.write_reports(graded, out, titles)
    return [row for result in graded.values() for row in result.rows]


def main(argv: list[str] | None = None) -> int:
    """Command line of ``python -m utils.grade``."""
    parser = argparse.ArgumentParser(
        prog="python -m utils.grade",
        description="Grade submitted notebooks with nbval and the course's check cells, "
        "one sandboxed Dask task per notebook.",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="notebooks or folders of them")
    parser.add_argument("--out", type=Path, default=Path("grades"), help="report folder")
    parser.add_argument("--workers", type=int, default=1, help="notebooks graded at once")
    parser.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT", help="a running Dask scheduler to use instead"
    )
    parser.add_argument("--timeout", type=float, default=30, help="seconds per cell")
    parser.add_argument(
        "--submission-timeout", type=float, default=600, help="seconds per notebook, in all"
    )
    parser.add_argument("--sandbox", choices=MODES, default="auto", help="bwrap, or limits only")
    parser.add_argument(
        TRUST_FLAG,
        dest="trusted",
        action="store_true",
        help="allow grading as root without bubblewrap (no kernel process limit: for "
        "notebooks you trust, e.g. your own)",
    )
    defaults = Limits()
    for flag, help_text in [
        ("memory-mb", "address space per notebook (MB)"),
        ("cpu-seconds", "CPU time per notebook's process (s)"),
        ("file-mb", "largest file a notebook may write (MB)"),
        ("processes", "processes and threads a notebook may add"),
    ]:
        name = flag.replace("-", "_")
        parser.add_argument(f"--{flag}", type=int, default=getattr(defaults, name), help=help_text)
    parser.add_argument(
        "--solutions",
        type=Path,
        metavar="DIR",
        help=f"the course's solutions folder (default: ${authoring.SOLUTIONS_ENV}, "
        "else the clone this package runs from)",
    )
    args = parser.parse_args(argv)
    absent = [str(p) for p in args.paths if not p.exists()]
    if absent:
        parser.error(f"no such file or folder: {', '.join(absent)}")
    if args.workers < 1 or args.timeout <= 0 or args.submission_timeout <= 0:
        parser.error("--workers must be at least 1, --timeout and --submission-timeout positive")
    try:
        limits = Limits(args.memory_mb, args.cpu_seconds, args.file_mb, args.processes)
        if not args.scheduler:
            Sandbox(args.sandbox, limits, args.trusted)  # fails now, not in every task
        authoring.find_solutions(args.solutions)
    except (ValueError, SandboxUnavailable, authoring.SolutionsNotFound) as error:
        parser.error(f"cannot grade: {error}")
    if args.sandbox == "auto" and not args.scheduler and bwrap_path() is None:
        print(
            "warning: bubblewrap (bwrap) does not run here: grading with resource limits only, "
            "student code can read and change what this user can, other submissions included "
            "(install the package `bubblewrap`)",
            file=sys.stderr,
        )
    options = Options(args.timeout, args.submission_timeout, args.sandbox, limits, args.trusted)
    rows = grade(
        args.paths, args.out, solutions_folder=args.solutions, workers=args.workers,
        options=options, scheduler=args.scheduler,
    )  # fmt: skip
    notebooks = {r.submission for r in rows}
    ungraded = {r.submission for r in rows if not r.exercise}
    print(f"graded {len(notebooks) - len(ungraded)} notebook(s); could not grade {len(ungraded)}")
    print(f"reports: {args.out}/gradebook.csv, summary.csv, students.csv, report.html, feedback/")
    return 0
