"""The glossary: every link into it names a term it defines, and its terms stay sorted."""

import re

import nbformat

from utils.course import authoring

GLOSSARY = authoring.ROOT / "GLOSSARY.md"
_LINK = re.compile(r"\(((?:\.\./)?GLOSSARY\.md)?#([^)\s]+)\)")


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _terms() -> list[str]:
    return [line[3:] for line in GLOSSARY.read_text(encoding="utf-8").splitlines()
            if line.startswith("## ")]  # fmt: skip


def _texts():
    yield "README.md", (authoring.ROOT / "README.md").read_text(encoding="utf-8"), True
    yield "GLOSSARY.md", GLOSSARY.read_text(encoding="utf-8"), False
    for path in authoring.solution_paths():
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        yield path.name, text, True


def test_anchor_rule_matches_githubs():
    assert _anchor("GHASH key H") == "ghash-key-h"
    assert _anchor("Context (TenSEAL)") == "context-tenseal"
    assert _anchor("poly_modulus_degree") == "poly_modulus_degree"


def test_every_glossary_link_names_a_defined_term():
    anchors = {_anchor(term) for term in _terms()}
    broken = []
    for name, text, external in _texts():
        for match in _LINK.finditer(text):
            if (match.group(1) is not None) == external and match.group(2) not in anchors:
                broken.append(f"{name}: #{match.group(2)}")
    assert not broken, broken


def test_terms_are_sorted_and_unique():
    keys = [term.casefold() for term in _terms()]
    assert keys == sorted(set(keys))
    assert len(keys) >= 30
