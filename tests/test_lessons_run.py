"""'Run All' on every untouched lesson: no exception, and every check prints one ❌ line."""

import nbformat
import pytest
from nbclient import NotebookClient

from utils import authoring


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
