"""Lesson text a learner can read: no prose paragraph, list item or caption over ~150 words."""

import re

import nbformat
import pytest

from utils.course import authoring

MAX_WORDS = 160  # "about 150": a paragraph longer than this splits


def _blocks(markdown: str):
    """Paragraphs, list items and table rows: the pieces a reader takes in one go."""
    for block in re.split(r"\n\s*\n", markdown):
        lines = block.splitlines()
        if lines and lines[0].lstrip().startswith("|"):
            yield from lines  # a table: each row on its own
            continue
        item: list[str] = []
        for line in lines:
            if re.match(r"\s*([*+-]|\d+\.)\s", line) and item:
                yield " ".join(item)
                item = []
            item.append(line)
        yield " ".join(item)


@pytest.mark.parametrize("path", authoring.solution_paths(), ids=lambda p: p.stem)
def test_no_paragraph_is_a_wall_of_text(path):
    nb = nbformat.read(path, as_version=4)
    long = [
        f"{cell.id}: {len(block.split())} words: {block[:60]}..."
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for block in _blocks(cell.source)
        if len(re.sub(r"\]\([^)]*\)", "]", block).split()) > MAX_WORDS
    ]
    assert not long, long


def test_blocks_split_lists_and_tables():
    text = "para one\nstill one\n\n* a\n* b\n  more b\n\n| x |\n| y |"
    assert list(_blocks(text)) == ["para one still one", "* a", "* b   more b", "| x |", "| y |"]
