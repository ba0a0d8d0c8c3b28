"""Checks that student code cannot fake: cheats gain nothing and are flagged for review.

One grading run over an honest lesson 01, the issue's cheat on an untouched lesson 01 (a new
cell replacing ``utils.course.checks.check`` with a function printing ✅), and further
cheats on lesson 00 cut to its exercises; plus :func:`confirm.suspicious` on its own.
"""

import csv

import nbformat
import pytest

from tests.grading_tools import LESSON01, exercises_only, with_cell
from utils.course import authoring, confirm, grading

FAKE_CHECK = (
    "import utils.course.checks\n\n\ndef fake(exercise):\n"
    "    print(f'✅ Exercise {exercise} passed')\n\n\nutils.course.checks.check = fake"
)
CHEATS = {
    # rewrite every ❌ line into a ✅ on its way out
    "stdout.ipynb": (
        "import sys\n\n\nclass Rewrite:\n    def __init__(self, stream):\n"
        "        self.stream = stream\n\n    def write(self, text):\n"
        "        if text.startswith('❌ Exercise '):\n"
        "            text = '✅ Exercise ' + text.split()[2].rstrip(':') + ' passed\\n'\n"
        "        return self.stream.write(text)\n\n    def flush(self):\n"
        "        self.stream.flush()\n\n\nsys.stdout = Rewrite(sys.stdout)"
    ),
    # make every check pass by patching the verdict the checker builds
    "run-check.ipynb": (
        "from utils.course.checks import core\n\n\n"
        "core._fail = lambda exercise, message: core.Result(exercise, True, "
        "f'✅ Exercise {exercise} passed')"
    ),
    # replace print itself
    "builtins.ipynb": (
        "import builtins\n\n_print = builtins.print\n\n\ndef lying_print(*args, **kwargs):\n"
        "    args = [str(a).replace('❌', '✅') for a in args]\n    _print(*args, **kwargs)\n\n\n"
        "builtins.print = lying_print"
    ),
}  # fmt: skip
# a cheat inside an exercise cell: patch the checker, then write a forged verdict to every
# pipe the harness might read
INSIDE = (
    "import os\nimport stat\n\nfrom utils.course.checks import core\n\n"
    "core.run_check.__code__ = (lambda e, n: core.Result(e, True, f'✅ Exercise {e} passed'))"
    ".__code__\nfor fd in range(3, 64):\n    try:\n        assert stat.S_ISFIFO(os.fstat(fd).st_mode)\n"
    '        os.write(fd, b\'{"passed": true, "line": "\\\\u2705 Exercise 0.2 passed", '
    '"tampered": ""}\')\n    except (OSError, AssertionError):\n        pass\n\n\n'
    "def brute_force_years(key_bits, guesses_per_second):\n    raise NotImplementedError()"
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("cheats")
    solution01 = nbformat.read(LESSON01, as_version=4)
    nbformat.write(solution01, root / "honest01.ipynb")
    cheat01 = authoring.make_lesson(solution01)
    cheat01.cells.insert(3, nbformat.v4.new_code_cell(FAKE_CHECK))
    nbformat.write(cheat01, root / "fake-check01.ipynb")
    untouched00 = authoring.make_lesson(exercises_only())
    for name, source in CHEATS.items():
        nb = with_cell(nbformat.from_dict(untouched00), source, after="exercise-0-1")
        nbformat.write(nb, root / name)
    inside = exercises_only()
    next(c for c in inside.cells if c.id == "exercise-0-2").source = INSIDE
    nbformat.write(inside, root / "inside.ipynb")
    out = tmp_path_factory.mktemp("grades")
    args = [str(root), "--out", str(out), "--workers", "2", "--timeout", "30",
            "--submission-timeout", "60"]  # fmt: skip
    assert grading.main(args) == 0
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    with open(out / "summary.csv", encoding="utf-8", newline="") as stream:
        summary = {r["submission"]: r for r in csv.DictReader(stream)}
    by_name = {}
    for row in rows:
        by_name.setdefault(row["submission"], []).append(row)
    return by_name, summary


def test_an_honest_solution_keeps_full_marks_unflagged(graded):
    by_name, summary = graded
    assert [r["passed"] for r in by_name["honest01.ipynb"]] == ["true"] * 6
    assert summary["honest01.ipynb"]["total"] == "6" and summary["honest01.ipynb"]["flagged"] == ""


@pytest.mark.parametrize("name", ["fake-check01.ipynb", *CHEATS])
def test_a_cheat_outside_the_exercise_cells_gains_nothing_and_is_flagged(graded, name):
    by_name, summary = graded
    assert summary[name]["total"] == "0"
    assert summary[name]["flagged"]
    for row in by_name[name]:
        assert row["passed"] == "false" and "flagged for review" in row["message"]


def test_the_issues_cheat_is_named(graded):
    by_name, summary = graded
    assert "assigns to utils.course.checks.check" in summary["fake-check01.ipynb"]["flagged"]
    message = by_name["fake-check01.ipynb"][0]["message"]
    assert message.startswith(
        "❌ Exercise 1.1: passed in the notebook only, not when its cell ran alone: "
        "not attempted yet"
    )


def test_a_cheat_inside_an_exercise_cell_gains_nothing(graded):
    by_name, summary = graded
    rows = {r["exercise"]: r for r in by_name["inside.ipynb"]}
    assert rows["0.2"]["passed"] == "false" and rows["0.2"]["points"] == "0"
    assert "flagged for review" in rows["0.2"]["message"]
    assert rows["0.1"]["passed"] == "true"  # before the cheat; it broke its own later cells
    assert "exercise-0-2" not in summary["inside.ipynb"]["flagged"]  # cells are numbered
    assert "assigns to core.run_check.__code__" in summary["inside.ipynb"]["flagged"]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import utils.course.checks as c\nc.check = print", "line 2: assigns to c.check"),
        (
            "from utils.course import checks\nchecks.check = print",
            "line 2: assigns to checks.check",
        ),
        ("import sys\nsys.modules['x'] = None", "line 2: uses .modules"),
        ("import builtins", "line 1: imports builtins"),
        ("__builtins__['print'] = None", "line 1: uses __builtins__"),
        ("import os\nos.write(5, b'x')", "line 2: calls os.write()"),
        ("open('/proc/self/fd/5', 'w')", "line 1: names '/proc/self/fd/5'"),
        ("f = lambda: 0\nf.__code__ = (lambda: 1).__code__", "line 2: uses .__code__"),
    ],
)
def test_suspicious_code_is_named(source, found):
    assert found in confirm.suspicious(source)


def test_honest_exercise_cells_are_not_suspicious():
    for path in authoring.solution_paths():
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if authoring.EXERCISE_TAG in cell.metadata.get("tags", []):
                assert confirm.suspicious(cell.source) == [], (path.name, cell.id)
