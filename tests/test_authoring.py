"""The lesson generator: stubs, normalization, and no drift from the committed lessons."""

import subprocess

import nbformat
import pytest

from utils.course import authoring


def test_strip_keeps_indentation_and_code_outside_the_region():
    source = (
        "def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n    ### END SOLUTION\n"
    )
    assert authoring.strip_solutions(source) == (
        "def f(x):\n    y = 1\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    )


@pytest.mark.parametrize(
    "source",
    [
        "### BEGIN SOLUTION\nx = 1",
        "x = 1\n### END SOLUTION",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION",
    ],
)
def test_unbalanced_markers_are_refused(source):
    with pytest.raises(authoring.AuthoringError):
        authoring.strip_solutions(source)


def _notebook(*cells):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 07 · Demo")])
    for kind, source, tags in cells:
        cell = (
            nbformat.v4.new_code_cell(source)
            if kind == "code"
            else nbformat.v4.new_markdown_cell(source)
        )
        cell.metadata["tags"] = tags
        nb.cells.append(cell)
    return nb


def test_normalize_tags_check_cells_and_numbers_cells_by_exercise():
    nb = _notebook(
        (
            "code",
            "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
            ["exercise"],
        ),
        ("code", 'check("7.1")', ["check"]),
    )
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    out = authoring.normalize_solution(nb, ["06_a", "07_demo"], ["A", "Demo"], 1)
    assert "execution" not in out.cells[2].metadata
    assert out.metadata["course"] == {"lesson": "07_demo", "title": "Demo"}
    assert out.metadata["kernelspec"] == authoring.KERNELSPEC and "kernelspec" not in nb.metadata
    assert [c.id for c in out.cells] == [
        "nav-top",
        nb.cells[0].id,
        "exercise-7-1",
        "check-7-1",
        "nav-bottom",
    ]
    assert (
        out.cells[0].source
        == "[< A](06_a.ipynb) | [Contents](../README.md#syllabus) | [Glossary](../GLOSSARY.md)"
    )
    assert out.cells[3].metadata["tags"] == ["check", "nbval-check-output"]
    assert out.cells[3].source == authoring.CHECK_SOURCE.format("7.1")
    assert out.cells[2].metadata["course"] == {"exercise": "7.1", "points": 1}
    assert authoring.exercises(out) == [authoring.Exercise("7.1", 1, "exercise-7-1", "check-7-1")]
    assert authoring.normalize_solution(out, ["06_a", "07_demo"], ["A", "Demo"], 1) == out


@pytest.mark.parametrize(
    "cells",
    [
        [("code", 'check("7.1")', ["check"])],
        [
            (
                "code",
                "def f():\n    ### BEGIN SOLUTION\n    pass\n    ### END SOLUTION",
                ["exercise"],
            ),
            ("code", 'check("3.1")', ["check"]),
        ],
        [("code", "def f():\n    ### BEGIN SOLUTION\n    pass\n    ### END SOLUTION", [])],
        [("code", "def f():\n    pass", ["exercise"]), ("code", 'check("7.1")', ["check"])],
    ],
    ids=[
        "check-without-exercise",
        "id-of-another-lesson",
        "region-without-tag",
        "exercise-without-region",
    ],
)
def test_broken_conventions_are_refused(cells):
    with pytest.raises(authoring.AuthoringError):
        authoring.normalize_solution(_notebook(*cells), ["07_demo"], ["Demo"], 0)


def test_lesson_has_no_solutions_and_no_outputs_but_keeps_ids():
    for path in authoring.solution_paths():
        solution = nbformat.read(path, as_version=4)
        lesson = authoring.make_lesson(solution)
        assert [c.id for c in lesson.cells] == [c.id for c in solution.cells]
        for cell in lesson.cells:
            assert "### BEGIN SOLUTION" not in cell.source
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None


def _committed(path):
    """The committed text of ``path`` (a student's edits to lessons/ don't count)."""
    rel = path.relative_to(authoring.ROOT).as_posix()
    shown = subprocess.run(
        ["git", "show", f"HEAD:{rel}"],
        cwd=authoring.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return shown.stdout if shown.returncode == 0 else path.read_text(encoding="utf-8")


def test_generated_lessons_and_solutions_match_the_committed_ones():
    drift = [
        p.relative_to(authoring.ROOT).as_posix()
        for p, text in authoring.generate().items()
        if _committed(p) != text
    ]
    assert not drift, f"run `make lessons` and commit: {drift} differ from the generator's output"


def test_every_notebook_names_its_kernel():
    """JupyterLab (on a laptop, a hub or Binder) opens them without asking for a kernel."""
    for folder in (authoring.SOLUTIONS, authoring.LESSONS):
        for path in sorted(folder.glob("*.ipynb")):
            kernelspec = nbformat.read(path, as_version=4).metadata.get("kernelspec")
            assert kernelspec == authoring.KERNELSPEC, path


def test_every_lesson_and_solution_is_named_alike():
    lessons = sorted(p.name for p in authoring.LESSONS.glob("*.ipynb"))
    assert lessons == [p.name for p in authoring.solution_paths()]


def test_renumber_moves_a_lesson_with_its_exercise_ids_and_outputs(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (tmp_path / "lessons").mkdir()
    nb = _notebook(
        ("markdown", "# 02 · Demo\nExercise 2.1 reads like Exercise 2.10 and 12.1", []),
        (
            "code",
            "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
            ["exercise"],
        ),
        ("code", 'check("2.1")', ["check"]),
    )
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", text="✅ Exercise 2.1 passed\n")]
    (solutions / "02_demo.ipynb").write_text(authoring.render(nb), encoding="utf-8")
    (tmp_path / "lessons" / "02_demo.ipynb").write_text("{}", encoding="utf-8")
    (solutions / "04_next.ipynb").write_text("{}", encoding="utf-8")

    moved = authoring.renumber_lesson("02_demo", 3, solutions)

    assert moved.name == "03_demo.ipynb" and not (solutions / "02_demo.ipynb").exists()
    assert not (tmp_path / "lessons" / "02_demo.ipynb").exists()
    out = nbformat.read(moved, as_version=4)
    assert out.cells[1].source == "# 03 · Demo\nExercise 3.1 reads like Exercise 3.10 and 12.1"
    assert out.cells[3].source == 'check("3.1")'
    assert out.cells[3].outputs[0].text == "✅ Exercise 3.1 passed\n"
    normal = authoring.normalize_solution(out, ["03_demo"], ["Demo"], 0)
    assert [c.id for c in normal.cells[3:5]] == ["exercise-3-1", "check-3-1"]
    with pytest.raises(authoring.AuthoringError, match="lesson 04 is 04_next.ipynb"):
        authoring.renumber_lesson("03_demo", 4, solutions)
    with pytest.raises(authoring.AuthoringError, match="no solution named 09_gone"):
        authoring.renumber_lesson("09_gone", 10, solutions)
