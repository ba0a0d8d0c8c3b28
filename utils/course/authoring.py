"""The lesson generator: ``solutions/NN_*.ipynb`` is the source, ``lessons/`` is derived.

``python -m utils.course.authoring`` (``make lessons``) normalizes every solution in place (lesson
metadata and kernel, navigation lines, exercise and check cell tags and ids) and writes the student
copies: solution regions replaced by ``raise NotImplementedError()``, outputs and execution
counts cleared, cell ids and metadata kept. ``--check`` only reports drift; ``--execute``
first re-runs every solution top to bottom in a fresh kernel and stores its outputs;
``--renumber SLUG NN`` moves a lesson to number NN (file names and exercise ids, stored
outputs included), for inserting a lesson before it.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]  # the course clone, when installed editable
SOLUTIONS = ROOT / "solutions"
LESSONS = ROOT / "lessons"
SOLUTIONS_ENV = "COURSE_SOLUTIONS"  # points an installed copy at a clone's solutions/
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
NAV_TAG = "navigation"
EXERCISE_TAG, CHECK_TAG = "exercise", "check"
CHECK_TAGS = [CHECK_TAG, "nbval-check-output"]
CONTENTS_LINK = "[Contents](../README.md#syllabus) | [Glossary](../GLOSSARY.md)"
CHECK_SOURCE = (
    'from utils.course.checks import check\n\ncheck("{}")'  # self-contained: grading needs it
)
# the kernel every notebook names, so JupyterLab (and a hub or Binder) never asks for one
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
_CHECK_CALL = re.compile(r"""check\(\s*["'](\d+\.\d+)["']\s*\)""")
_NAME = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")


class AuthoringError(ValueError):
    """A solution notebook breaks the course's conventions."""


class SolutionsNotFound(FileNotFoundError):
    """The folder of solution notebooks is not where the course was told to look."""


@dataclass(frozen=True)
class Exercise:
    """One exercise of a lesson: its id, points and the ids of its two cells."""

    id: str
    points: float
    exercise_cell: str
    check_cell: str


def find_solutions(folder: str | os.PathLike | None = None) -> Path:
    """The folder of solution notebooks: ``folder`` if given, else ``$COURSE_SOLUTIONS``,
    else ``solutions/`` of the clone this package runs from. Raises
    :class:`SolutionsNotFound`, saying where it looked, when it holds no notebooks."""
    if folder is not None:
        path, source = Path(folder), "given with --solutions"
    elif os.environ.get(SOLUTIONS_ENV):
        path, source = Path(os.environ[SOLUTIONS_ENV]), f"from ${SOLUTIONS_ENV}"
    else:
        path, source = SOLUTIONS, "next to the installed utils package"
    if not path.is_dir() or not any(_NAME.match(p.name) for p in path.glob("*.ipynb")):
        raise SolutionsNotFound(
            f"no solution notebooks (NN_slug.ipynb) in {path} ({source}). Run from a clone "
            f"of the course (its requirements.txt installs utils editable), or point to the "
            f"clone's solutions folder with --solutions DIR or {SOLUTIONS_ENV}=DIR."
        )
    return path.resolve()


def solution_paths(folder: Path = SOLUTIONS) -> list[Path]:
    """The solution notebooks, in lesson order."""
    paths = sorted(folder.glob("*.ipynb"))
    for path in paths:
        if not _NAME.match(path.name):
            raise AuthoringError(f"{path.name}: notebooks are named NN_slug.ipynb")
    return paths


def strip_solutions(source: str) -> str:
    """Replace every ``### BEGIN/END SOLUTION`` region with the student stub."""
    lines, out, indent = source.splitlines(), [], None
    for line in lines:
        marker = line.strip()
        if marker == BEGIN:
            if indent is not None:
                raise AuthoringError(f"nested {BEGIN!r}")
            indent = line[: len(line) - len(line.lstrip())]
            out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError()"]
        elif marker == END:
            if indent is None:
                raise AuthoringError(f"{END!r} without {BEGIN!r}")
            indent = None
        elif indent is None:
            out.append(line)
    if indent is not None:
        raise AuthoringError(f"{BEGIN!r} without {END!r}")
    return "\n".join(out)


def lesson_title(nb: nbformat.NotebookNode) -> str:
    """The text of the first level-1 heading outside the navigation cells."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and NAV_TAG not in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AuthoringError("a lesson needs a '# Title' heading in a markdown cell")


def navigation_line(slugs: list[str], titles: list[str], index: int) -> str:
    """``< previous | contents | next >`` for lesson ``index``."""
    parts = []
    if index > 0:
        parts.append(f"[< {titles[index - 1]}]({slugs[index - 1]}.ipynb)")
    parts.append(CONTENTS_LINK)
    if index + 1 < len(slugs):
        parts.append(f"[{titles[index + 1]} >]({slugs[index + 1]}.ipynb)")
    return " | ".join(parts)


def exercises(nb: nbformat.NotebookNode) -> list[Exercise]:
    """The exercises of a normalized notebook, in order."""
    found = []
    for index, cell in enumerate(nb.cells):
        if CHECK_TAG in cell.metadata.get("tags", []):
            info = cell.metadata.get("course", {})
            exercise_cell = _exercise_cell_before(nb, index)
            points = exercise_cell.metadata.get("course", {}).get("points", 1)
            found.append(Exercise(info["exercise"], points, exercise_cell.id, cell.id))
    return found


def _exercise_cell_before(nb: nbformat.NotebookNode, index: int) -> nbformat.NotebookNode:
    for cell in reversed(nb.cells[:index]):
        if cell.cell_type == "code":
            if EXERCISE_TAG not in cell.metadata.get("tags", []):
                break
            return cell
    raise AuthoringError(f"check cell {nb.cells[index].id} must follow its exercise cell")


def normalize_solution(
    nb: nbformat.NotebookNode, slugs: list[str], titles: list[str], index: int
) -> nbformat.NotebookNode:
    """Return ``nb`` with the course's metadata, navigation and cell tags in place."""
    nb = copy.deepcopy(nb)
    lesson_number = int(slugs[index][:2])
    nav = navigation_line(slugs, titles, index)
    cells = [c for c in nb.cells if NAV_TAG not in c.metadata.get("tags", [])]
    top = nbformat.v4.new_markdown_cell(nav, id="nav-top", metadata={"tags": [NAV_TAG]})
    bottom = nbformat.v4.new_markdown_cell(nav, id="nav-bottom", metadata={"tags": [NAV_TAG]})
    nb.cells = [top, *cells, bottom]
    seen = set()
    for position, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)  # run timestamps: noise in every diff
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and BEGIN in cell.source and EXERCISE_TAG not in tags:
            raise AuthoringError(f"cell {cell.id} has a solution region but no 'exercise' tag")
        if CHECK_TAG not in tags:
            continue
        match = _CHECK_CALL.search(cell.source)
        if not match:
            raise AuthoringError(f"check cell {cell.id} must call check('N.K')")
        exercise_id = match.group(1)
        if int(exercise_id.split(".")[0]) != lesson_number or exercise_id in seen:
            raise AuthoringError(f"{slugs[index]}: bad or repeated exercise id {exercise_id}")
        seen.add(exercise_id)
        exercise_cell = _exercise_cell_before(nb, position)
        if BEGIN not in exercise_cell.source:
            raise AuthoringError(f"exercise {exercise_id} has no {BEGIN!r} region")
        slug = exercise_id.replace(".", "-")
        cell.id, exercise_cell.id = f"check-{slug}", f"exercise-{slug}"
        cell.source = CHECK_SOURCE.format(exercise_id)
        cell.metadata["tags"] = CHECK_TAGS + [t for t in tags if t not in CHECK_TAGS]
        cell.metadata["course"] = {"exercise": exercise_id}
        points = exercise_cell.metadata.get("course", {}).get("points", 1)
        exercise_cell.metadata["course"] = {"exercise": exercise_id, "points": points}
    nb.metadata["course"] = {"lesson": slugs[index], "title": titles[index]}
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    return nb


def make_lesson(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student copy of a normalized solution."""
    lesson = copy.deepcopy(solution)
    for cell in lesson.cells:
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs, cell.execution_count = [], None
    return lesson


def renumber(nb: nbformat.NotebookNode, old: int, new: int) -> nbformat.NotebookNode:
    """Return ``nb`` with its number ``old`` as ``new``: in the title heading, in exercise
    ids of check calls, "Exercise old.K" of text and stored outputs, and cell metadata. Cell ids, navigation
    and lesson metadata follow from the file name when the lesson is normalized."""
    nb = copy.deepcopy(nb)
    call = re.compile(rf"""(check\(\s*["']){old}\.(\d+["'])""")
    mention = re.compile(rf"\b(Exercises? ){old}\.(\d+)\b")
    heading = re.compile(rf"^# {old:02d} · ", re.MULTILINE)

    def move(text: str) -> str:
        text = heading.sub(f"# {new:02d} · ", text)
        return mention.sub(rf"\g<1>{new}.\2", call.sub(rf"\g<1>{new}.\2", text))

    for cell in nb.cells:
        cell.source = move(cell.source)
        course = cell.metadata.get("course", {})
        if "exercise" in course:
            course["exercise"] = f"{new}.{course['exercise'].split('.')[1]}"
        for output in cell.get("outputs", []):
            if "text" in output:
                output.text = move(output.text)
            for kind, value in output.get("data", {}).items():
                if kind.startswith("text/") and isinstance(value, str):
                    output.data[kind] = move(value)
    return nb


def renumber_lesson(slug: str, number: int, solutions: Path = SOLUTIONS) -> Path:
    """Move solution ``slug`` to lesson ``number`` (``NN_rest.ipynb``) and delete its old
    student copy; regenerating writes the new one. Returns the new solution path."""
    old_path = solutions / f"{slug}.ipynb"
    if not old_path.exists():
        raise AuthoringError(f"no solution named {slug}")
    new_path = solutions / f"{number:02d}{slug[2:]}.ipynb"
    taken = [p.name for p in solutions.glob(f"{number:02d}_*.ipynb") if p != old_path]
    if taken:
        raise AuthoringError(f"lesson {number:02d} is {taken[0]}: renumber it first")
    nb = renumber(nbformat.read(old_path, as_version=4), int(slug[:2]), number)
    new_path.write_text(render(nb), encoding="utf-8")
    old_path.unlink()
    (solutions.parent / "lessons" / old_path.name).unlink(missing_ok=True)
    return new_path


def execute(nb: nbformat.NotebookNode, folder: Path, timeout: int = 120) -> None:
    """Run ``nb`` top to bottom in a fresh kernel with ``folder`` as working directory."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False)
    client.execute(cwd=str(folder))


def render(nb: nbformat.NotebookNode) -> str:
    """The notebook as the text stored in the repository."""
    return nbformat.writes(nb) + "\n"


def generate(only: tuple[str, ...] = (), solutions: Path = SOLUTIONS) -> dict[Path, str]:
    """Map solution and lesson paths (all, or those of ``only``) to the text they should hold.

    The lessons go to ``lessons/`` beside the ``solutions`` folder."""
    paths = solution_paths(solutions)
    lessons = solutions.parent / "lessons"
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    slugs = [path.stem for path in paths]
    titles = [lesson_title(nb) for nb in notebooks]
    wanted = {}
    for index, (path, nb) in enumerate(zip(paths, notebooks, strict=True)):
        if not only or path.stem in only:
            solution = normalize_solution(nb, slugs, titles, index)
            wanted[path] = render(solution)
            wanted[lessons / path.name] = render(make_lesson(solution))
    return wanted


def main(argv: list[str] | None = None) -> int:
    """Command line: regenerate (default), ``--check`` for drift, ``--execute`` to re-run."""
    parser = argparse.ArgumentParser(prog="python -m utils.course.authoring", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="report drift, change nothing")
    mode.add_argument("--execute", action="store_true", help="re-run solutions first")
    mode.add_argument(
        "--renumber",
        nargs=2,
        metavar=("SLUG", "NN"),
        help="move lesson SLUG to number NN (exercise ids and outputs too), then regenerate",
    )
    parser.add_argument("only", nargs="*", help="with --execute: lesson slugs to re-run")
    parser.add_argument(
        "--solutions", metavar="DIR", help=f"the solutions folder (default: ${SOLUTIONS_ENV})"
    )
    args = parser.parse_args(argv)
    if args.only and not args.execute:
        parser.error("naming lessons only makes sense with --execute")
    try:
        solutions = find_solutions(args.solutions)
    except SolutionsNotFound as error:
        parser.error(str(error))
    root = solutions.parent
    if args.renumber:
        slug, number = args.renumber
        if not number.isdigit():
            parser.error(f"--renumber wants a lesson number such as 03, got {number!r}")
        try:
            moved = renumber_lesson(slug, int(number), solutions)
        except AuthoringError as error:
            parser.error(str(error))
        print(f"renumbered {slug} -> {moved.stem}")
    if args.execute:
        unknown = set(args.only) - {p.stem for p in solution_paths(solutions)}
        if unknown:
            parser.error(f"no solution named {', '.join(sorted(unknown))}")
        for slug in args.only or [p.stem for p in solution_paths(solutions)]:
            _execute_one(slug, solutions)
    wanted = generate(solutions=solutions)
    drift = [path for path, text in wanted.items() if _read(path) != text]
    for path in drift:
        rel = path.relative_to(root)
        if args.check:
            print(f"drift: {rel} differs from what the generator writes", file=sys.stderr)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(wanted[path], encoding="utf-8")
            print(f"wrote {rel}")
    return 1 if args.check and drift else 0


def _execute_one(slug: str, solutions: Path) -> None:
    """Normalize, execute and store one solution (read just before, written just after)."""
    path = solutions / f"{slug}.ipynb"
    nb = nbformat.reads(generate(only=(slug,), solutions=solutions)[path], as_version=4)
    execute(nb, solutions)
    path.write_text(render(nb), encoding="utf-8")
    print(f"executed {path.relative_to(solutions.parent)}")


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


if __name__ == "__main__":
    sys.exit(main())
