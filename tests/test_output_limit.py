"""The grader's cap on what one cell may print (utils.course.output_limit), run in a real kernel."""

import nbformat
import pytest

from utils.course import authoring
from utils.course.output_limit import NOTICE, limit_cell_output


def _streams(cell) -> dict[str, str]:
    return {o["name"]: o["text"] for o in cell.outputs if o["output_type"] == "stream"}


def test_each_cell_keeps_its_first_characters_then_a_notice(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("from utils.course.output_limit import limit_cell_output\n"
                                      "limit_cell_output(50)"),
            nbformat.v4.new_code_cell("for _ in range(100):\n    print('x' * 7)"),
            nbformat.v4.new_code_cell("import sys\nprint('e' * 80, file=sys.stderr)"),
            nbformat.v4.new_code_cell("print('a short line')"),
        ]
    )  # fmt: skip
    authoring.execute(nb, tmp_path)
    notice = NOTICE.format(limit=50)
    assert _streams(nb.cells[1]) == {"stdout": ("x" * 7 + "\n") * 6 + "xx" + notice}
    assert _streams(nb.cells[2]) == {"stderr": "e" * 50 + notice}
    assert _streams(nb.cells[3]) == {"stdout": "a short line\n"}  # the count starts again


def test_outside_a_kernel_or_with_no_room_it_refuses():
    with pytest.raises(RuntimeError, match="IPython kernel"):
        limit_cell_output()
    with pytest.raises(ValueError, match="at least 1"):
        limit_cell_output(0)
