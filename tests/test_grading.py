"""The grader, end to end: one grading run over a class of good, broken and hostile notebooks."""

import base64
import copy
import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from tests.grading_tools import TRUSTED
from utils.course import authoring, dispatch, grading, task

TIMEOUT = 30  # seconds per cell: lesson 01 cells take several seconds on a loaded 2-core machine
LESSON00 = authoring.SOLUTIONS / "00_start_here.ipynb"
LESSON01 = authoring.SOLUTIONS / "01_symmetric_encryption.ipynb"


def _cell(nb, cell_id):
    return next(c for c in nb.cells if c.id == cell_id)


def _index(nb, cell_id):
    return next(i for i, c in enumerate(nb.cells) if c.id == cell_id)


def _loop(nb):
    _cell(
        nb, "exercise-0-2"
    ).source = "def brute_force_years(bits, rate):\n    while True:\n        print('still going')"


def _kill_kernel(nb):
    nb.cells.insert(
        _index(nb, "check-0-1") + 1, nbformat.v4.new_code_cell("import os\nos._exit(1)")
    )


def _raise_at_top_level(nb):
    nb.cells.insert(
        _index(nb, "check-0-1") + 1, nbformat.v4.new_code_cell("raise RuntimeError('oops')")
    )


def _extra_cells(nb):
    nb.cells[3:3] = [
        nbformat.v4.new_markdown_cell("My notes"),
        nbformat.v4.new_code_cell("open('written-by-student.txt', 'w').write('x')\nprint('hi')"),
    ]


def _syntax_error(nb):
    _cell(nb, "exercise-0-2").source = "def brute_force_years(bits, rate)\n    return 1"


def _delete_exercise(nb):
    nb.cells = [c for c in nb.cells if c.id not in ("exercise-0-2", "check-0-2")]


def _edit_and_delete_checks(nb):
    exercise = _cell(nb, "exercise-0-3")
    exercise.source = authoring.strip_solutions(exercise.source)  # 0.3 left undone...
    _cell(nb, "check-0-3").source = 'print("✅ Exercise 0.3 passed")'  # ...and its check faked
    nb.cells = [c for c in nb.cells if c.id != "check-0-4"]  # 0.4 done, its check deleted


def _renew_ids(nb):
    for number, cell in enumerate(nb.cells):  # as a tool that assigns its own ids does
        cell.id = f"{number:08x}-renewed"


def _write_without_ids(folder, name, nb):
    """Save ``nb`` as nbformat 4.4, which has no cell ids (older Jupyter, some editors)."""
    raw = json.loads(nbformat.writes(nb))
    raw["nbformat_minor"] = 4
    for cell in raw["cells"]:
        del cell["id"]
    (folder / name).write_text(json.dumps(raw), encoding="utf-8")


def _write(folder, name, nb):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


# Records for every check, a malformed one first, appended to the file the grader's pytest
# hook writes in the notebook's folder: the rows still come from the real checks.
FORGE_RECORDS = (
    "import json\n\nwith open('graded.ipynb.results.jsonl', 'a') as f:\n"
    '    f.write(\'{"kind": "check"}\\n[1]\\n\')\n    for n in range(1, 5):\n'
    "        forged = {'kind': 'check', 'exercise': f'0.{n}', 'passed': True,\n"
    "                  'output': f'✅ Exercise 0.{n} passed', 'error': ''}\n"
    "        f.write(json.dumps(forged) + '\\n')"
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade one folder holding every case; return (rows by submission, output dir, class dir)."""
    root = tmp_path_factory.mktemp("class")
    solution00 = nbformat.read(LESSON00, as_version=4)
    for name, change in {
        "loop.ipynb": _loop,
        "kill.ipynb": _kill_kernel,
        "raises.ipynb": _raise_at_top_level,
        "extra.ipynb": _extra_cells,
        "no-exercise.ipynb": _delete_exercise,
        "syntax-error.ipynb": _syntax_error,
        "checks-tampered.ipynb": _edit_and_delete_checks,
        "renewed-ids.ipynb": _renew_ids,
    }.items():
        nb = copy.deepcopy(solution00)
        change(nb)
        _write(root, name, nb)
    _write_without_ids(root, "no-ids.ipynb", solution00)
    untouched = authoring.make_lesson(solution00)
    faked = copy.deepcopy(untouched)
    for cell in faked.cells:  # stored ✅ outputs and counts, without doing the work
        if authoring.CHECK_TAG in cell.metadata.get("tags", []):
            ex = cell.metadata["course"]["exercise"]
            cell.outputs = [nbformat.v4.new_output("stream", text=f"✅ Exercise {ex} passed\n")]
            cell.execution_count = 1
    _write(root, "fake-outputs.ipynb", faked)
    forged = copy.deepcopy(untouched)  # the notebook's code writes the grader's records
    forged.cells.append(nbformat.v4.new_code_cell(FORGE_RECORDS))
    _write(root, "forged-records.ipynb", forged)
    with open(root / "huge.ipynb", "wb") as stream:  # sparse: no disk space used
        stream.truncate((grading.MAX_NOTEBOOK_MB + 1) * 2**20)
    _write(root, "Zoë Brontë/lesson 00 ñ.ipynb", solution00)
    _write(root, "a/same.ipynb", solution00)
    _write(root, "b/same.ipynb", untouched)
    _write(root, "bob/00.ipynb", solution00)
    _write(root, "bob/01.ipynb", nbformat.read(LESSON01, as_version=4))
    (root / "not-json.ipynb").write_text("{ this is not json", encoding="utf-8")
    (root / "not-a-notebook.ipynb").write_text('{"hello": "world"}', encoding="utf-8")
    _write(
        root, "other-course.ipynb", nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    )
    out = tmp_path_factory.mktemp("grades")
    args = [str(root), "--out", str(out), "--workers", "2", "--timeout", str(TIMEOUT), TRUSTED]
    assert grading.main(args) == 0  # names are paths inside the folder given
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    by_submission = {}
    for row in rows:
        by_submission.setdefault(row["submission"], []).append(row)
    return by_submission, out, root


def _messages(graded, name):
    return {r["exercise"]: (r["passed"], r["message"]) for r in graded[0][name]}


def test_gradebook_has_the_documented_columns(graded):
    header = (graded[1] / "gradebook.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "submission,lesson,exercise,passed,points,max_points,message"


def test_every_submission_gets_rows(graded):
    expected = {
        "loop.ipynb", "kill.ipynb", "raises.ipynb", "extra.ipynb", "no-exercise.ipynb",
        "checks-tampered.ipynb", "fake-outputs.ipynb", "syntax-error.ipynb", "Zoë Brontë/lesson 00 ñ.ipynb",
        "a/same.ipynb", "b/same.ipynb", "bob/00.ipynb", "bob/01.ipynb", "not-json.ipynb",
        "not-a-notebook.ipynb", "other-course.ipynb", "renewed-ids.ipynb", "no-ids.ipynb",
        "forged-records.ipynb", "huge.ipynb",
    }  # fmt: skip
    assert set(graded[0]) == expected


def test_infinite_loop_is_cut_and_later_checks_still_graded(graded):
    got = _messages(graded, "loop.ipynb")
    assert got["0.2"] == (
        "false",
        f"timed out after {TIMEOUT} s: is there an endless loop in your code?",
    )
    assert got["0.1"][0] == got["0.3"][0] == got["0.4"][0] == "true"


def test_killed_kernel_fails_the_rest_with_a_reason(graded):
    got = _messages(graded, "kill.ipynb")
    assert got["0.1"] == ("true", "✅ Exercise 0.1 passed")
    for exercise in ("0.2", "0.3", "0.4"):
        assert got[exercise][0] == "false" and "kernel died" in got[exercise][1]


@pytest.mark.parametrize(
    "name",
    [
        "raises.ipynb",
        "extra.ipynb",
        "Zoë Brontë/lesson 00 ñ.ipynb",
        "a/same.ipynb",
        "bob/00.ipynb",
        "renewed-ids.ipynb",
        "no-ids.ipynb",
    ],  # fmt: skip
)
def test_complete_submissions_get_full_marks(graded, name):
    assert [(r["passed"], r["points"]) for r in graded[0][name]] == [("true", "1")] * 4


def test_student_code_runs_in_a_scratch_folder(graded):
    _, out, root = graded
    for folder in (out, root, authoring.ROOT, Path.cwd()):
        assert not (folder / "written-by-student.txt").exists()


def test_exercise_cell_error_is_named(graded):
    passed, message = _messages(graded, "syntax-error.ipynb")["0.2"]
    assert passed == "false"
    assert message.startswith("❌ Exercise 0.2: the exercise cell raised SyntaxError")


def test_deleted_exercise_is_failed_with_a_reason(graded):
    got = _messages(graded, "no-exercise.ipynb")
    assert got["0.2"] == ("false", "the exercise cell was deleted, so its check could not run")
    assert got["0.1"][0] == got["0.3"][0] == "true"


def test_edited_check_is_restored_and_deleted_check_reinserted(graded):
    got = _messages(graded, "checks-tampered.ipynb")
    assert got["0.3"] == ("false", "❌ Exercise 0.3: not attempted yet")
    assert got["0.4"] == ("true", "✅ Exercise 0.4 passed")


@pytest.mark.parametrize("name", ["fake-outputs.ipynb", "b/same.ipynb"])
def test_untouched_or_faked_lessons_score_zero(graded, name):
    rows = graded[0][name]
    assert len(rows) == 4
    assert all(r["points"] == "0" and r["message"].endswith("not attempted yet") for r in rows)


def test_one_student_several_lessons(graded):
    assert {r["lesson"] for r in graded[0]["bob/00.ipynb"]} == {"00_start_here"}
    bob01 = graded[0]["bob/01.ipynb"]
    assert [r["exercise"] for r in bob01] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert all(r["passed"] == "true" for r in bob01), [r["message"] for r in bob01]


def test_forged_records_gain_nothing_and_break_nothing(graded):
    rows = graded[0]["forged-records.ipynb"]
    assert [r["exercise"] for r in rows] == ["0.1", "0.2", "0.3", "0.4"]
    assert all(r["passed"] == "false" for r in rows)
    assert all("passed in the notebook only" in r["message"] for r in rows)  # after the checks


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not-json.ipynb", "not a readable notebook"),
        ("not-a-notebook.ipynb", "not a readable notebook"),
        ("other-course.ipynb", "belongs to no lesson"),
        ("huge.ipynb", "larger than 32 MB: not read"),
    ],
)
def test_unreadable_or_foreign_notebooks_get_a_row_that_says_so(graded, name, message):
    (row,) = graded[0][name]
    assert row["passed"] == "false" and row["points"] == "0" and message in row["message"]


def test_summary_and_feedback_files(graded):
    _, out, _ = graded
    with open(out / "summary.csv", encoding="utf-8", newline="") as stream:
        summary = {r["submission"]: r for r in csv.DictReader(stream)}
    assert summary["bob/01.ipynb"]["total"] == "6" and summary["bob/01.ipynb"]["percent"] == "100.0"
    assert summary["loop.ipynb"]["total"] == "3" and summary["loop.ipynb"]["max"] == "4"
    feedback = sorted(p.name for p in (out / "feedback").iterdir())
    assert len(feedback) == len(graded[0]) and "a__same.md" in feedback and "b__same.md" in feedback
    text = (out / "feedback" / "Zoë Brontë__lesson 00 ñ.md").read_text(encoding="utf-8")
    assert text.startswith("# Feedback: Zoë Brontë/lesson 00 ñ.ipynb\n")
    assert "Lesson: 00 · Start here" in text
    assert "Score: 4 / 4" in text and "✅ Exercise 0.2 passed" in text


def test_rerun_on_the_same_folder_replaces_every_report(graded, tmp_path):
    _, out, root = graded
    rerun = tmp_path / "grades"
    shutil.copytree(out, rerun)
    assert grading.main([str(root / "not-json.ipynb"), "--out", str(rerun), TRUSTED]) == 0
    assert len((rerun / "gradebook.csv").read_text(encoding="utf-8").splitlines()) == 2
    assert len(list((rerun / "feedback").iterdir())) == 1
    assert not [p for p in rerun.iterdir() if p.name.startswith(".")]


def test_usage_errors_exit_nonzero(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        grading.main([str(tmp_path / "missing.ipynb")])
    assert exit_info.value.code == 2


def test_students_csv_has_one_row_per_student_and_lesson_columns(graded):
    _, out, _ = graded
    with open(out / "students.csv", encoding="utf-8", newline="") as stream:
        students = {r["student"]: r for r in csv.DictReader(stream)}
    lessons = [p.stem for p in authoring.solution_paths()]
    assert list(students["bob"]) == ["student", *lessons, "total", "flagged"]
    assert (
        students["bob"]["00_start_here"] == "4"
        and students["bob"]["01_symmetric_encryption"] == "6"
    )
    assert students["bob"]["total"] == "10" and students["bob"]["03_encrypted_storage"] == ""
    assert students["Zoë Brontë"]["total"] == "4"
    assert students["loop"]["00_start_here"] == "3"  # a notebook at the root is its own student
    assert students["a"]["total"] == "4" and students["b"]["total"] == "0"


class _Sources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.images = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "action", "data", "poster") and value:
                self.urls.append(value)
                if tag == "img":
                    self.images.append(value)


def test_report_html_is_self_contained_with_figures_and_hints(graded):
    _, out, _ = graded
    page = (out / "report.html").read_text(encoding="utf-8")
    parser = _Sources()
    parser.feed(page)
    assert len(parser.images) == 2 and parser.urls == parser.images
    for image in parser.images:
        assert image.startswith("data:image/png;base64,")
        assert base64.b64decode(image.split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")
    assert "http://" not in page and "https://" not in page and "url(" not in page
    assert "default-src 'none'" in page  # a browser would refuse any request anyway
    assert "Score distribution per lesson" in page and "Pass rate per exercise" in page
    assert "<td>0.2</td>" in page and "<td>1.6</td>" in page
    assert "not attempted yet <b>(" in page  # the most frequent hint, with its count
    assert "not-json.ipynb: not graded" in page


def test_progress_without_a_terminal_prints_one_line_per_notebook():
    stream = io.StringIO()
    bar = dispatch.Progress(2, stream=stream)
    failed = task.Graded([task.Row("x.ipynb", "", "", False, 0, 0, "not a notebook")])
    passed = task.Graded([task.Row("y.ipynb", "00", "0.1", True, 1, 1, "✅")])
    bar.update("x\x1b]0;title\x07.ipynb", failed)  # a file name with a terminal escape code
    bar.update("y.ipynb", passed)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("[1/2] x?]0;title?.ipynb: 0/0; failures so far 1; ETA ")
    assert lines[1].startswith("[2/2] y.ipynb: 1/1; failures so far 1; ETA 0 s")


def test_a_message_taken_from_a_cells_output_is_capped():
    # a thread the student started may print into the check cell's output
    record = {"output": "✅ Exercise 0.1 passed\n" + "x" * 10_000, "error": ""}
    assert task._message(record, 30) == "x" * 500
