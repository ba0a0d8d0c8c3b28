"""Wrong answers per lesson, gathered from ``lessonNN.py`` modules in this folder."""

import importlib
from pathlib import Path


def all_wrong_answers() -> dict[str, list[tuple[str, str]]]:
    """exercise id -> [(wrong source, piece of the expected hint)] for every lesson."""
    merged = {}
    for path in sorted(Path(__file__).parent.glob("lesson*.py")):
        merged |= importlib.import_module(f"tests.wrong_answers.{path.stem}").WRONG_ANSWERS
    return merged
