"""The grader's report.html as an instructor sees it: a small class graded for real, the
report opened from disk in headless Chromium. It renders with no console error (its Content
Security Policy would log any blocked load), both figures decode and show, nothing is
requested from anywhere, and the numbers an instructor looks for are on the screen."""

from __future__ import annotations

import nbformat
import pytest

from tests.browser_tools import browser
from tests.grading_tools import TRUSTED, exercises_only
from utils.course import authoring, grading

_FIGURES = """() => Array.from(document.images, (i) => ({
  loaded: i.complete && i.naturalWidth > 0, shown: i.getBoundingClientRect().width > 100,
  alt: i.alt }))"""


# the hints table as shown: exercise -> [pass rate, hints]
_TABLE = """() => Object.fromEntries(Array.from(document.querySelectorAll('tr'),
  (row) => Array.from(row.cells, (cell) => cell.innerText.trim())).map((c) => [c[0], c.slice(1)]))"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """alice hands in lesson 00 complete, bob without exercise 0.2; their report.html."""
    root = tmp_path_factory.mktemp("class")
    complete = exercises_only()
    undone = exercises_only()
    for cell in undone.cells:
        if cell.id == "exercise-0-2":
            cell.source = authoring.strip_solutions(cell.source)
    for student, nb in (("alice", complete), ("bob", undone)):
        (root / student).mkdir()
        nbformat.write(nb, root / student / "00_start_here.ipynb")
    out = tmp_path_factory.mktemp("grades")
    assert (
        grading.main([str(root), "--out", str(out), "--workers", "2", "--timeout", "60", TRUSTED])
        == 0
    )
    return out / "report.html"


def test_report_renders_its_figures_without_errors_or_requests(report):
    with browser() as (context, watch):
        page = context.new_page()
        page.goto(report.as_uri(), wait_until="load")
        figures = page.evaluate(_FIGURES)
        text = page.inner_text("body")
        table = page.evaluate(_TABLE)
    assert watch.errors == [] and watch.foreign == []
    assert watch.requests == [report.as_uri()]  # the page itself, nothing else
    assert len(figures) == 2 and all(f["loaded"] and f["shown"] for f in figures), figures
    assert "2 submission(s) from 2 student(s); 0 could not be graded" in text
    assert table["0.1"] == ["100%", ""] and table["0.3"] == table["0.4"] == ["100%", ""]
    assert table["0.2"] == ["50%", "not attempted yet (1)"]  # the hint to re-teach, counted
