"""'Run All' on every untouched lesson: no exception, and every check prints one ❌ line."""

import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from utils.course import authoring


@pytest.mark.parametrize("path", authoring.solution_paths(), ids=lambda p: p.stem)
def test_untouched_lesson_runs_and_every_check_fails(path, tmp_path):
    lesson = authoring.make_lesson(nbformat.read(path, as_version=4))
    NotebookClient(lesson, timeout=120, kernel_name="python3").execute(cwd=str(tmp_path))
    for cell in lesson.cells:
        if cell.cell_type != "code":
            continue
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
        assert not [o for o in cell.outputs if o.get("name") == "stderr"], cell.source
        if authoring.CHECK_TAG in cell.metadata.get("tags", []):
            text = "".join(o.get("text", "") for o in cell.outputs)
            exercise = cell.metadata["course"]["exercise"]
            assert text == f"❌ Exercise {exercise}: not attempted yet\n"


def test_environment_check_names_a_utils_of_your_own(tmp_path):
    """Lesson 00's environment check says which file hides the course's utils package."""
    nb = nbformat.read(authoring.SOLUTIONS / "00_start_here.ipynb", as_version=4)
    code = next(c.source for c in nb.cells if c.id == "00-c24")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    ours = subprocess.run([sys.executable, "-c", code], cwd=authoring.ROOT, env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert ours.stdout.splitlines()[-1] == "utils        the course's helper package"
    (tmp_path / "utils.py").write_text("HELPERS = 'mine'\n")
    mine = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert mine.stdout.splitlines()[-1] == (
        f"PROBLEM: {tmp_path / 'utils.py'} hides the course's utils: rename it, "
        "then restart the kernel"
    )
