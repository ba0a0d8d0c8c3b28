"""One submission's grading task: assemble, run nbval on it in a sandbox, confirm passes.

The graded notebook keeps the student's cells as they are and restores every check cell
(source and expected output) from the solution, re-inserting a deleted check after its
exercise. :func:`grade_submission` runs ``pytest --nbval-lax`` on it in a sandbox
(:mod:`utils.course.sandbox`); the pytest hook at the end of this module records every
check cell's outcome and output next to the notebook. A ✅ then counts only once
:mod:`utils.course.confirm` gets it again from the exercise cell alone with a checker the
student's code never touched. The task gets bytes and returns rows: it runs anywhere Dask
sends it (:mod:`utils.course.dispatch`) and is safe to run twice.
"""

# ruff: noqa: E402 (the import guard below must run before nbformat is imported)
from __future__ import annotations

import sys

# jsonschema imports rfc3987_syntax when it is installed, which builds a parser at import
# time (1-2 s in every grading process). nbformat's schema checks no IRI formats, so the
# grader, its pytest run and its workers skip it. This must run before nbformat is imported.
sys.modules.setdefault("rfc3987_syntax", None)

import copy
import json
import os
import re
import signal
from dataclasses import dataclass, field, replace
from pathlib import Path

import nbformat

from utils.course import authoring, confirm
from utils.course.sandbox import Limits, Sandbox, remove

RESULTS_SUFFIX = ".results.jsonl"
_MAX_MESSAGE = 500  # characters of a gradebook message taken from a cell's output
_MAX_RESULTS = 2**22  # bytes of check records read back (one short line per cell)
_RECORD_FIELDS = {  # what each kind of record holds; anything else is not the hook's
    "check": {"exercise": str, "passed": bool, "output": str, "error": str},
    "exercise": {"cell": str, "error": str},
    "cell": {"error": str},
}
COLUMNS = ["submission", "lesson", "exercise", "passed", "points", "max_points", "message"]
_GRADER_TAGS = {*authoring.CHECK_TAGS, "nbval-skip", "nbval-ignore-output"}
_OUTPUT_LIMIT_SOURCE = (
    "from utils.course.output_limit import limit_cell_output\n\nlimit_cell_output()"
)
_OUTPUT_LIMIT_ID = "grader-output-limit"
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
    limit.id = _OUTPUT_LIMIT_ID
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


@dataclass(frozen=True)
class Options:
    """How each submission is run: seconds per cell and per submission, the sandbox
    (``trusted``: the notebooks may run as root without bubblewrap, see Sandbox)."""

    timeout: float = 30
    submission_timeout: float = 600
    sandbox: str = "auto"
    limits: Limits = field(default_factory=Limits)
    trusted: bool = False


@dataclass
class Graded:
    """What grading one submission gave: its rows, notes for the instructor, review flags."""

    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    isolated: bool = False  # ran under bubblewrap


def task_solution(solution: nbformat.NotebookNode) -> str:
    """What a grading task needs of a solution, as notebook JSON: its metadata and cells
    with every solution region stripped (so no task ever holds an answer), check cells
    whole with their expected output."""
    skeleton = copy.deepcopy(solution)
    for cell in skeleton.cells:
        if cell.cell_type != "code" or authoring.CHECK_TAG in cell.metadata.get("tags", []):
            continue
        cell.source = authoring.strip_solutions(cell.source)
        cell.outputs, cell.execution_count = [], None
    return nbformat.writes(skeleton)


def lesson_of(data: bytes) -> str:
    """The lesson slug a notebook's metadata names ('' when it names none or is no JSON)."""
    try:
        lesson = json.loads(data).get("metadata", {}).get("course", {}).get("lesson", "")
    except (ValueError, AttributeError):
        return ""
    return lesson if isinstance(lesson, str) else ""


def grade_submission(name: str, data: bytes, solution: str | None, options: Options) -> Graded:
    """Grade one submission: assemble, run nbval on it in a sandbox, confirm its passes.

    ``data`` is the notebook's bytes, ``solution`` the :func:`task_solution` of its lesson
    (None when its metadata names no lesson of the course). Safe to run twice: all it
    writes is a scratch folder of its own, removed at the end.
    """
    solution_nb = nbformat.reads(solution, as_version=4) if solution else None
    try:
        student = nbformat.reads(data.decode("utf-8"), as_version=4)
        lesson = student.metadata.get("course", {}).get("lesson", "")
    except Exception as error:  # any unreadable file is reported, never fatal
        why = f"not a readable notebook ({type(error).__name__}): nothing was graded"
        return Graded([Row(name, "", "", False, 0, 0, why)])
    if solution_nb is None or lesson != solution_nb.metadata["course"]["lesson"]:
        why = (
            "belongs to no lesson of this course (its metadata names none): hand in a copy "
            "of a notebook from lessons/"
        )
        return Graded([Row(name, "", "", False, 0, 0, why)])
    try:
        graded_nb, missing = assemble(student, solution_nb)
    except Exception as error:  # a malformed cell list is reported, never fatal
        why = f"its cells could not be read ({type(error).__name__}: {error})"
        return Graded([Row(name, lesson, "", False, 0, 0, why)])
    box = Sandbox(options.sandbox, options.limits, options.trusted)
    exercises = authoring.exercises(solution_nb)
    scratch = box.scratch()
    try:
        records, cell_errors, notes = _run_nbval(box, scratch, graded_nb, options)
    finally:
        remove(scratch)
    rows = _rows(name, lesson, exercises, missing, records, cell_errors, options)
    flags, own_flags = _flags(graded_nb, solution_nb, exercises)
    sources = {c.id: c.source for c in graded_nb.cells}
    to_confirm = {
        e.id: sources[e.exercise_cell] for e, r in zip(exercises, rows, strict=True) if r.passed
    }
    verdicts = _confirm(box, to_confirm, options) if to_confirm else {}
    for index, (exercise, row) in enumerate(zip(exercises, rows, strict=True)):
        rows[index] = _confirmed(row, verdicts.get(exercise.id), own_flags.get(exercise.id))
    if flags:
        note = "flagged for review: " + "; ".join(flags)
        rows = [replace(r, message=f"{r.message} [{note}]") for r in rows]
    return Graded(rows, notes, flags, box.isolated)


def _run_nbval(box: Sandbox, scratch: Path, graded_nb, options: Options):
    """Run nbval (lax) on the graded notebook in the sandbox; its records, and notes."""
    work = scratch / "work"
    work.mkdir()
    notebook = work / "graded.ipynb"
    nbformat.write(graded_nb, notebook)
    (work / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    command = [
        sys.executable, "-P", "-m", "pytest", "-q", "-c", "pytest.ini", "--rootdir", ".",
        # utils.course.task first: its import guard must run before nbval imports nbformat
        "-p", "no:cacheprovider", "--assert=plain", "-p", "utils.course.task", "-p", "nbval.plugin",
        "--nbval-lax", "--nbval-current-env", f"--nbval-cell-timeout={options.timeout:g}",
        notebook.name,
    ]  # fmt: skip
    outcome = box.run(
        command,
        scratch,
        cwd=work,
        timeout=options.submission_timeout,
        env={"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PATH": os.environ.get("PATH", "")},
    )
    records, cell_errors, errors = _read_records(notebook)
    notes = [f"a cell raised {error}" for error in errors]
    if outcome.timed_out:
        notes.append(
            f"stopped: the notebook ran longer than the {options.submission_timeout:g} s "
            "allowed for one submission"
        )
    elif outcome.too_many_processes:
        notes.append(
            f"stopped: the notebook started more than the {options.limits.processes} "
            "processes allowed for one submission"
        )
    elif outcome.returncode not in (0, 1):  # pytest itself was killed or crashed
        notes.append(f"the notebook's grading process was stopped ({_how(outcome.returncode)})")
    return records, cell_errors, notes


def _how(returncode: int) -> str:
    """A process's end in words (bwrap reports a signal as 128 + its number)."""
    number = -returncode if returncode < 0 else returncode - 128
    if number in {s.value for s in signal.Signals}:
        return f"killed by signal {signal.Signals(number).name}"
    return f"exit status {returncode}"


def _rows(name, lesson, exercises, missing, records, cell_errors, options) -> list[Row]:
    """The gradebook rows of one submission from its check records."""
    rows = []
    for exercise in exercises:
        record = records.get(exercise.id)
        if exercise.id in missing:
            passed, message = False, missing[exercise.id]
        elif record is None:
            passed, message = False, "grading stopped before this check ran"
        elif not record["passed"] and exercise.exercise_cell in cell_errors:
            error = cell_errors[exercise.exercise_cell]
            passed, message = False, f"❌ Exercise {exercise.id}: the exercise cell raised {error}"
        else:
            passed, message = record["passed"], _message(record, options.timeout)
        points = exercise.points if passed else 0
        rows.append(Row(name, lesson, exercise.id, passed, points, exercise.points, message))
    return rows


def _flags(graded_nb, solution_nb, exercises) -> tuple[list[str], dict[str, list[str]]]:
    """Review flags for the cells the student wrote or changed, and for each exercise's
    own cell; the course's cells, unchanged, are not the student's doing."""
    course = {c.id: c.source for c in solution_nb.cells}
    checks = {e.check_cell for e in exercises}
    by_cell = {e.exercise_cell: e.id for e in exercises}
    flags, own = [], {}
    for number, cell in enumerate(graded_nb.cells):
        if cell.cell_type != "code" or cell.id in checks or cell.id == _OUTPUT_LIMIT_ID:
            continue
        if course.get(cell.id) == cell.source:
            continue
        found = confirm.suspicious(cell.source)
        if found:
            flags.append(f"cell {number}: {', '.join(found[:3])}")
            if cell.id in by_cell:
                own[by_cell[cell.id]] = found
    return flags, own


def _confirm(box: Sandbox, exercises: dict[str, str], options: Options) -> dict[str, dict]:
    """Run each exercise's cell alone with a fresh checker (utils.course.confirm)."""
    scratch = box.scratch()  # fresh: nothing the notebook left behind is importable here
    job = json.dumps({"exercises": exercises, "timeout": options.timeout}).encode()
    budget = 30 + len(exercises) * (options.timeout + 5)
    try:
        outcome = box.run(
            [sys.executable, "-P", "-m", "utils.course.confirm"],
            scratch,
            stdin=job,
            timeout=min(budget, options.submission_timeout),
            env={"PATH": os.environ.get("PATH", "")},
        )
    finally:
        remove(scratch)
    try:
        verdicts = json.loads(outcome.stdout)
        return verdicts if isinstance(verdicts, dict) else {}
    except ValueError:
        return {}


def _confirmed(row: Row, verdict: dict | None, own_flags: list[str] | None) -> Row:
    """``row`` once confirmed: a notebook pass counts only if the lone cell passes too."""
    if not row.passed:
        return row
    if own_flags:
        why = f"flagged for review, no points until an instructor looks ({own_flags[0]})"
    elif verdict is None:
        why = "passed in the notebook, but the check of the exercise cell alone did not finish"
    elif verdict.get("tampered"):
        why = f"flagged for review: the code changed the checker ({verdict['tampered']})"
    elif not verdict.get("passed"):
        detail = verdict.get("line", "").removeprefix(f"❌ Exercise {row.exercise}: ")
        why = f"passed in the notebook only, not when its cell ran alone: {detail}"
    else:
        return row
    return replace(row, passed=False, points=0, message=f"❌ Exercise {row.exercise}: {why}")


def _read_records(notebook: Path):
    """Check records by exercise id, exercise-cell errors by cell id, other cells' errors.

    The file sits where the notebook's code can write: only well-formed records are read
    (a forged ✅ still needs the confirmation), and only its first few megabytes.
    """
    results = notebook.with_name(notebook.name + RESULTS_SUFFIX)
    try:
        with open(results, "rb") as stream:
            lines = stream.read(_MAX_RESULTS).decode("utf-8", "replace").splitlines()
    except OSError:
        lines = []
    records = [r for r in map(_record, lines) if r is not None]
    checks = {r["exercise"]: r for r in records if r.get("kind") == "check"}
    exercise_errors = {r["cell"]: r["error"] for r in records if r.get("kind") == "exercise"}
    others = [r["error"] for r in records if r.get("kind") == "cell"]
    return checks, exercise_errors, others


def _record(line: str) -> dict | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    fields = _RECORD_FIELDS.get(record.get("kind")) if isinstance(record, dict) else None
    if fields is None or any(not isinstance(record.get(k), t) for k, t in fields.items()):
        return None
    return record


def _message(record: dict, timeout: float) -> str:
    output = record["output"].strip()
    error = record["error"]
    if "Timeout" in error:
        return f"timed out after {timeout:g} s: is there an endless loop in your code?"
    if "Kernel dead" in error or "Failed to interrupt" in error:
        return "the notebook's kernel died before this check (os._exit, a crash, or a hung cell)"
    if output:
        return output.splitlines()[-1][:_MAX_MESSAGE]  # a thread may print into the check
    if error:
        return f"the check could not run: {error.splitlines()[0]}"
    return "the check printed nothing"


# The pytest hook below is loaded by the grader's nbval run (``-p utils.course.task``).


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
    elif errors:  # another cell failed: the instructor's notes say why (memory, files...)
        where = item.name.rsplit("::", 1)[-1].lower()
        record = {"kind": "cell", "error": f"{errors[0][:300]} ({where})"}
    else:
        return
    results = Path(str(item.fspath) + RESULTS_SUFFIX)
    with results.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(record) + "\n")


def _expected(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])).strip()
