"""Helpers for testing checkers: run an exercise cell's code and check it."""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

import nbformat

from utils.course import authoring
from utils.course.checks import run_check
from utils.course.checks.core import Result


@cache
def solution(slug: str) -> nbformat.NotebookNode:
    """The normalized solution notebook ``slug``."""
    return nbformat.read(Path(authoring.SOLUTIONS, f"{slug}.ipynb"), as_version=4)


def all_exercises() -> list[tuple[str, str]]:
    """(lesson slug, exercise id) for every exercise of every solution."""
    return [
        (path.stem, exercise.id)
        for path in authoring.solution_paths()
        for exercise in authoring.exercises(solution(path.stem))
    ]


def exercise_source(slug: str, exercise_id: str) -> str:
    """The source of exercise ``exercise_id``'s cell in the solution."""
    cell_id = f"exercise-{exercise_id.replace('.', '-')}"
    return next(c.source for c in solution(slug).cells if c.id == cell_id)


def check_source(source: str, exercise_id: str) -> Result:
    """Run ``source`` (an exercise cell, self-contained) and check ``exercise_id`` on it."""
    namespace: dict = {}
    exec(textwrap.dedent(source), namespace)  # noqa: S102 - the test runs known cell code
    return run_check(exercise_id, namespace)
