"""The grader: nbval over submitted notebooks, with the course's own check cells.

For each submission the graded notebook keeps the student's cells as they are and restores
every check cell (source and expected output) from the solution, re-inserting a deleted
check after its exercise. ``pytest --nbval-lax`` then runs all graded notebooks, in
parallel with pytest-xdist, each in its own scratch folder. The pytest hook at the end of
this module records every check cell's outcome and output next to its notebook; the
grader turns those records into ``gradebook.csv``, ``summary.csv`` and one feedback file
per submission. Run it as ``python -m utils.grade``.
"""

# ruff: noqa: E402 (the import guard below must run before nbformat is imported)
from __future__ import annotations

import sys

# jsonschema imports rfc3987_syntax when it is installed, which builds a parser at import
# time (1-2 s in every grading process). nbformat's schema checks no IRI formats, so the
# grader, its pytest run and its workers skip it. This must run before nbformat is imported.
sys.modules.setdefault("rfc3987_syntax", None)

import argparse
import copy
import csv
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from utils.course import authoring
from utils.files import atomic_write_text

RESULTS_SUFFIX = ".results.jsonl"
COLUMNS = ["submission", "lesson", "exercise", "passed", "points", "max_points", "message"]
_GRADER_TAGS = {*authoring.CHECK_TAGS, "nbval-skip", "nbval-ignore-output"}
_OUTPUT_LIMIT_SOURCE = (
    "from utils.course.output_limit import limit_cell_output\n\nlimit_cell_output()"
)
_DEFINES = re.compile(r"^(?:async\s+)?(?:def|class)\s+(\w+)", re.MULTILINE)
_CHECKS = re.compile(r"""\bcheck\(\s*["'](\d+\.\d+)["']\s*\)""")


@dataclass
class Row:
    """One line of the gradebook."""

    submission: str
    lesson: str
    exercise: str
    passed: bool
    points: float
    max_points: float
    message: str


@dataclass
class Submission:
    """A notebook handed in, and what the grader made of it."""

    path: Path
    name: str
    lesson: str = ""
    exercises: list[authoring.Exercise] = field(default_factory=list)
    problem: str = ""  # why it cannot be graded at all
    missing: dict[str, str] = field(default_factory=dict)  # exercise id -> why not run
    graded_path: Path | None = None


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


def load_solutions(folder: Path | None = None) -> dict[str, nbformat.NotebookNode]:
    """The solution notebooks by lesson slug, from ``folder`` or where
    :func:`utils.course.authoring.find_solutions` finds them (it raises when there are none)."""
    paths = authoring.solution_paths(authoring.find_solutions(folder))
    return {p.stem: nbformat.read(p, as_version=4) for p in paths}


def assemble(student: nbformat.NotebookNode, solution: nbformat.NotebookNode):
    """The notebook to grade, and ``{exercise id: reason}`` for checks that cannot run.

    Student cells are kept (outputs cleared: only fresh outputs count); check cells come
    from the solution; a deleted check goes back after its exercise cell, and a check
    whose exercise cell is gone too is left out. A first cell caps what each cell may
    print, so an endless print loop cannot flood the grader.
    """
    checks = {c.id: c for c in solution.cells if authoring.CHECK_TAG in c.metadata.get("tags", [])}
    exercises = authoring.exercises(solution)
    student_ids = _recover_ids(student.cells, solution)
    reinsert_after = {
        e.exercise_cell: e.check_cell for e in exercises if e.check_cell not in student_ids
    }
    limit = nbformat.v4.new_code_cell(_OUTPUT_LIMIT_SOURCE)
    limit.id = "grader-output-limit"
    cells, placed, seen_ids = [limit], set(), {limit.id}
    for cell, original_id in zip(student.cells, student_ids, strict=True):
        if original_id in checks and original_id not in placed:
            cells.append(copy.deepcopy(checks[original_id]))
            placed.add(original_id)
            continue
        cells.append(_student_cell(cell, original_id, seen_ids | set(checks)))
        seen_ids.add(cells[-1]["id"])
        if original_id in reinsert_after:
            cells.append(copy.deepcopy(checks[reinsert_after[original_id]]))
            placed.add(reinsert_after[original_id])
    missing = {
        e.id: "the exercise cell was deleted, so its check could not run"
        for e in exercises
        if e.check_cell not in placed
    }
    graded = copy.deepcopy(solution)
    graded.cells = cells
    return graded, missing


def _recover_ids(cells: list, solution: nbformat.NotebookNode) -> list[str]:
    """Each student cell's id, linking exercise and check cells back to the solution.

    Tools that drop or renew cell ids (older Jupyter versions, some editors) break the
    link; a cell with an id the solution does not know then takes the id of the exercise
    cell whose function it defines, or of the check cell whose ``check("N.K")`` it calls.
    """
    ids = [cell.get("id") or "" for cell in cells]
    known = {c.id for c in solution.cells}
    by_id = {c.id: c for c in solution.cells}
    for exercise in authoring.exercises(solution):
        names = set(_DEFINES.findall(by_id[exercise.exercise_cell].source))
        targets = [
            (exercise.exercise_cell, _DEFINES, names),
            (exercise.check_cell, _CHECKS, {exercise.id}),
        ]
        for target, pattern, wanted in targets:
            candidates = [
                i
                for i, cell in enumerate(cells)
                if ids[i] not in known
                and cell.get("cell_type") == "code"
                and wanted & set(pattern.findall(cell.get("source", "")))
            ]
            if target not in ids and candidates:
                ids[candidates[0]] = target
    return ids


def _student_cell(cell: dict, cell_id: str, taken_ids: set[str]) -> dict:
    """A student's cell as graded: no grader tags or metadata, no stored outputs."""
    cell = copy.deepcopy(cell)
    unique, copies = cell_id or "cell", 0
    while unique in taken_ids:  # no id, copies of a check cell, or repeated ids
        copies += 1
        unique = f"{(cell_id or 'cell')[:50]}-copy{copies}"
    cell["id"] = unique
    metadata = cell.setdefault("metadata", {})
    metadata["tags"] = [t for t in metadata.get("tags", []) if t not in _GRADER_TAGS]
    metadata.pop("course", None)
    if cell.get("cell_type") == "code":
        cell["outputs"], cell["execution_count"] = [], None
    return cell


def prepare(path: Path, name: str, solutions: dict, scratch: Path, index: int) -> Submission:
    """Read one submission and write its graded notebook into its own scratch folder."""
    submission = Submission(path=path, name=name)
    try:
        student = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        lesson = student.metadata.get("course", {}).get("lesson", "")
    except Exception as error:  # any unreadable file is reported, never fatal
        submission.problem = f"not a readable notebook ({type(error).__name__}): nothing was graded"
        return submission
    if lesson not in solutions:
        submission.problem = (
            "belongs to no lesson of this course (its metadata names none): hand in a copy "
            "of a notebook from lessons/"
        )
        return submission
    submission.lesson = lesson
    submission.exercises = authoring.exercises(solutions[lesson])
    try:
        graded, submission.missing = assemble(student, solutions[lesson])
    except Exception as error:  # a malformed cell list is reported, never fatal
        submission.problem = f"its cells could not be read ({type(error).__name__}: {error})"
        return submission
    folder = scratch / f"{index:04d}"
    folder.mkdir()
    submission.graded_path = folder / "graded.ipynb"
    nbformat.write(graded, submission.graded_path)
    return submission


def run_nbval(paths: list[Path], scratch: Path, workers: int, timeout: float) -> None:
    """Run nbval (lax) over the graded notebooks; results land beside each notebook."""
    if not paths:
        return
    ini = scratch / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    command = [
        sys.executable, "-m", "pytest", "-q", "-c", str(ini), "--rootdir", str(scratch),
        # utils.course.grading first: its import guard must run before nbval imports nbformat
        "-p", "no:cacheprovider", "--assert=plain", "-p", "utils.course.grading", "-p", "nbval.plugin",
        "--nbval-lax", "--nbval-current-env", f"--nbval-cell-timeout={timeout:g}",
    ]  # fmt: skip
    if workers > 1:
        command += [
            "-p",
            "xdist.plugin",
            "-n",
            str(min(workers, len(paths))),
            "--dist",
            "loadscope",
        ]
    cells = sum(len(nbformat.read(p, as_version=4).cells) for p in paths)
    budget = 120 + cells * (timeout + 10) / max(1, min(workers, len(paths)))
    try:
        subprocess.run(
            command + [str(p) for p in paths],
            cwd=scratch,
            env=os.environ | {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},  # only the plugins named
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=budget,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pass  # every check without a record is reported as not run


def rows_for(submission: Submission, timeout: float) -> list[Row]:
    """The gradebook rows of one submission."""
    if submission.problem:
        return [Row(submission.name, submission.lesson, "", False, 0, 0, submission.problem)]
    records, cell_errors = _read_records(submission.graded_path)
    rows = []
    for exercise in submission.exercises:
        record = records.get(exercise.id)
        if exercise.id in submission.missing:
            passed, message = False, submission.missing[exercise.id]
        elif record is None:
            passed, message = False, "grading stopped before this check ran"
        elif not record["passed"] and exercise.exercise_cell in cell_errors:
            error = cell_errors[exercise.exercise_cell]
            passed, message = False, f"❌ Exercise {exercise.id}: the exercise cell raised {error}"
        else:
            passed, message = record["passed"], _message(record, timeout)
        points = exercise.points if passed else 0
        rows.append(
            Row(
                submission.name,
                submission.lesson,
                exercise.id,
                passed,
                points,
                exercise.points,
                message,
            )
        )
    return rows


def _read_records(graded_path: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """Check records by exercise id, and exercise-cell errors by cell id."""
    results = graded_path.with_name(graded_path.name + RESULTS_SUFFIX)
    lines = results.read_text(encoding="utf-8").splitlines() if results.exists() else []
    records = [json.loads(line) for line in lines]
    checks = {r["exercise"]: r for r in records if r["kind"] == "check"}
    return checks, {r["cell"]: r["error"] for r in records if r["kind"] == "exercise"}


def _message(record: dict, timeout: float) -> str:
    output = record["output"].strip()
    error = record["error"]
    if "Timeout" in error:
        return f"timed out after {timeout:g} s: is there an endless loop in your code?"
    if "Kernel dead" in error or "Failed to interrupt" in error:
        return "the notebook's kernel died before this check (os._exit, a crash, or a hung cell)"
    if output:
        return output.splitlines()[-1]
    if error:
        return f"the check could not run: {error.splitlines()[0]}"
    return "the check printed nothing"


def write_reports(rows: list[Row], out: Path, titles: dict[str, str]) -> None:
    """Write gradebook.csv, summary.csv and feedback/*.md, each replaced atomically.

    ``titles`` maps lesson slugs to the titles shown in the feedback files.
    """
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "gradebook.csv", _csv(COLUMNS, [_row_values(r) for r in rows]))
    by_submission: dict[str, list[Row]] = {}
    for row in rows:
        by_submission.setdefault(row.submission, []).append(row)
    summary = []
    for name, own in by_submission.items():
        total, maximum = sum(r.points for r in own), sum(r.max_points for r in own)
        percent = f"{100 * total / maximum:.1f}" if maximum else "0.0"
        summary.append([name, own[0].lesson, f"{total:g}", f"{maximum:g}", percent])
    atomic_write_text(
        out / "summary.csv", _csv(["submission", "lesson", "total", "max", "percent"], summary)
    )
    fresh = Path(tempfile.mkdtemp(prefix=".feedback-", dir=out))
    used: set[str] = set()
    for name, own in by_submission.items():
        text = _feedback(name, own, titles.get(own[0].lesson, ""))
        (fresh / _feedback_name(name, used)).write_text(text, encoding="utf-8")
    old = out / "feedback"
    if old.exists():
        stale = old.rename(out / f".stale-{fresh.name}")
        shutil.rmtree(stale)
    fresh.rename(old)


def _row_values(row: Row) -> list[str]:
    return [row.submission, row.lesson, row.exercise, "true" if row.passed else "false",
            f"{row.points:g}", f"{row.max_points:g}", row.message]  # fmt: skip


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _feedback_name(submission: str, used: set[str]) -> str:
    stem = re.sub(r"[\\/:]+", "__", submission.removesuffix(".ipynb")).strip("._") or "submission"
    name, n = f"{stem}.md", 2
    while name in used:
        name, n = f"{stem}-{n}.md", n + 1
    used.add(name)
    return name


def _feedback(submission: str, rows: list[Row], title: str) -> str:
    total, maximum = sum(r.points for r in rows), sum(r.max_points for r in rows)
    lines = [f"# Feedback: {submission}", ""]
    if rows[0].lesson:
        lines += [f"Lesson: {title or rows[0].lesson}", "", f"Score: {total:g} / {maximum:g}", ""]
    for row in rows:
        if not row.exercise:
            lines.append(f"- ❌ {row.message}")
        elif row.message.startswith(("✅", "❌")):
            lines.append(f"- {row.message}")
        else:
            mark = "✅" if row.passed else "❌"
            lines.append(f"- {mark} Exercise {row.exercise}: {row.message}")
    return "\n".join(lines) + "\n"


def grade(
    paths: list[Path],
    out: Path,
    workers: int = 1,
    timeout: float = 30,
    solutions_folder: Path | None = None,
) -> list[Row]:
    """Grade every notebook under ``paths`` against the solutions and write the reports
    into ``out``."""
    solutions = load_solutions(solutions_folder)
    notebooks = find_notebooks(paths)
    with tempfile.TemporaryDirectory(prefix="course-grading-") as scratch_dir:
        scratch = Path(scratch_dir)
        submissions = [
            prepare(path, name, solutions, scratch, index)
            for index, (path, name) in enumerate(notebooks.items())
        ]
        graded = [s.graded_path for s in submissions if s.graded_path]
        run_nbval(graded, scratch, workers, timeout)
        rows = [row for s in submissions for row in rows_for(s, timeout)]
    titles = {slug: nb.metadata["course"]["title"] for slug, nb in solutions.items()}
    write_reports(rows, out, titles)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Command line of ``python -m utils.grade``."""
    parser = argparse.ArgumentParser(
        prog="python -m utils.grade",
        description="Grade submitted notebooks with nbval and the course's check cells.",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="notebooks or folders of them")
    parser.add_argument("--out", type=Path, default=Path("grades"), help="report folder")
    parser.add_argument("--workers", type=int, default=1, help="notebooks graded at once")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per cell")
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
    if args.workers < 1 or args.timeout <= 0:
        parser.error("--workers must be at least 1 and --timeout positive")
    try:
        authoring.find_solutions(args.solutions)
    except authoring.SolutionsNotFound as error:
        parser.error(f"cannot grade: {error}")
    rows = grade(args.paths, args.out, args.workers, args.timeout, args.solutions)
    notebooks = {r.submission for r in rows}
    ungraded = {r.submission for r in rows if not r.exercise}
    print(f"graded {len(notebooks) - len(ungraded)} notebook(s); could not grade {len(ungraded)}")
    print(f"reports: {args.out}/gradebook.csv, {args.out}/summary.csv, {args.out}/feedback/")
    return 0


# The pytest hook below is loaded by the grader's nbval run (``-p utils.course.grading``).


def pytest_runtest_makereport(item, call):
    """Record each check cell's outcome and output, and each exercise cell's error."""
    cell = getattr(item, "cell", None)
    if call.when != "call" or cell is None:
        return
    outputs = getattr(item, "test_outputs", None) or []
    errors = [f"{o['ename']}: {o['evalue']}" for o in outputs if o.get("output_type") == "error"]
    exercise = cell.get("metadata", {}).get("course", {}).get("exercise")
    if exercise and authoring.CHECK_TAG in cell.metadata.get("tags", []):
        text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
        error = "" if call.excinfo is None else str(call.excinfo.value)
        record = {
            "kind": "check",
            "exercise": exercise,
            "passed": call.excinfo is None and text.strip() == _expected(cell),
            "output": text,
            "error": error if "Timeout" in error or "Kernel" in error or not errors else errors[0],
        }
    elif errors and str(cell.get("id", "")).startswith("exercise-"):
        record = {"kind": "exercise", "cell": cell["id"], "error": errors[0]}
    else:
        return
    results = Path(str(item.fspath) + RESULTS_SUFFIX)
    with results.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(record) + "\n")


def _expected(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])).strip()
