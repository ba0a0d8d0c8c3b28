"""Small submissions for the grader's tests: lesson 00 cut down to its exercises."""

import nbformat

from utils.course import authoring
from utils.course.sandbox import TRUST_FLAG

# The tests grade notebooks they wrote themselves: trusted, also as root without bubblewrap.
TRUSTED = TRUST_FLAG

LESSON00 = authoring.SOLUTIONS / "00_start_here.ipynb"
LESSON01 = authoring.SOLUTIONS / "01_symmetric_encryption.ipynb"


def exercises_only(path=LESSON00) -> nbformat.NotebookNode:
    """The solution at ``path`` with only its exercise and check cells, as a student may
    hand it in after deleting the rest: graded in a few seconds, all exercises passing."""
    nb = nbformat.read(path, as_version=4)
    keep = {authoring.EXERCISE_TAG, authoring.CHECK_TAG}
    nb.cells = [c for c in nb.cells if keep & set(c.metadata.get("tags", []))]
    return nb


def with_cell(nb: nbformat.NotebookNode, source: str, after: str = "check-0-1"):
    """``nb`` with a new code cell of ``source`` right after the cell ``after``."""
    index = next(i for i, c in enumerate(nb.cells) if c.id == after)
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source))
    return nb
