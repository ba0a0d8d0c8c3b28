"""Wrong and right answers per lesson, gathered from ``lessonNN.py`` modules in this folder."""

import importlib
from pathlib import Path


def _modules():
    for path in sorted(Path(__file__).parent.glob("lesson*.py")):
        yield importlib.import_module(f"tests.wrong_answers.{path.stem}")


def all_wrong_answers() -> dict[str, list[tuple[str, str]]]:
    """exercise id -> [(wrong source, piece of the expected hint)] for every lesson."""
    merged = {}
    for module in _modules():
        merged |= module.WRONG_ANSWERS
    return merged


def all_right_answers() -> list[tuple[str, str]]:
    """(exercise id, source) of legitimate alternative answers, which every check must pass."""
    return [
        (exercise, source)
        for module in _modules()
        for exercise, sources in getattr(module, "RIGHT_ANSWERS", {}).items()
        for source in sources
    ]
