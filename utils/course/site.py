"""The course website: ``python -m utils.course.site`` (``make site``) builds ``_site/``.

A static site made with Jupyter Book 1 from the committed files, nothing executed: the
README as the home page (its syllabus links every lesson), one page per solution notebook
with its stored outputs and figures (``lessons/NN_slug.html``, in lesson order, with the
notebooks' own navigation lines and the theme's previous/next links), the glossary, and
search. Lessons are whatever ``solutions/NN_*.ipynb`` exist. Viewing the site makes no
request to another host: MathJax is bundled (``sphinx-mathjax-offline``) and the theme
ships its fonts and icons. Its tools are pinned in ``requirements-tools.txt``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from utils.course import authoring

HOME, GLOSSARY = "index", "GLOSSARY"


class SiteError(RuntimeError):
    """Jupyter Book refused the course (a warning is an error: a broken link, say)."""


# "](README.md#x" and "](../README.md#x": the README is the site's home page
_README_LINK = re.compile(r"\]\(((?:\.\./)?)README\.md")


def config(title: str) -> dict:
    """Jupyter Book's ``_config.yml`` (JSON is YAML): stored outputs, no network."""
    return {
        "title": title,
        "author": "the course's authors",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "parse": {"myst_enable_extensions": ["dollarmath"]},
        "sphinx": {
            "config": {
                "extensions": _extensions(),
                "myst_heading_anchors": 3,  # the glossary's links to its terms
                "html_context": {"default_mode": "auto"},  # else the theme logs an error
                "html_show_copyright": False,  # Jupyter Book's default year is not ours
            }
        },
    }


def _extensions() -> list[str]:
    """Jupyter Book's Sphinx extensions without live code (thebe, which would load its
    library from a CDN, and declares its settings twice), plus MathJax from the site itself."""
    from jupyter_book.config import get_default_sphinx_config

    default = get_default_sphinx_config()["extensions"]
    return [name for name in default if name != "sphinx_thebe"] + ["sphinx-mathjax-offline"]


def toc(lessons: list[str]) -> dict:
    """Jupyter Book's ``_toc.yml``: the home page, the lessons in order, the glossary."""
    return {
        "format": "jb-book",
        "root": HOME,
        "chapters": [{"file": f"lessons/{slug}"} for slug in lessons] + [{"file": GLOSSARY}],
    }


def _home_links(text: str) -> str:
    return _README_LINK.sub(lambda m: f"]({m.group(1)}{HOME}.md", text)


def stage(root: Path, folder: Path) -> list[str]:
    """Write the book's sources for the clone at ``root`` into ``folder``; return the lessons."""
    paths = authoring.solution_paths(root / "solutions")
    (folder / "lessons").mkdir(parents=True)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = _home_links(cell.source)
        nbformat.write(nb, folder / "lessons" / path.name)
    readme = (root / "README.md").read_text(encoding="utf-8")
    (folder / f"{HOME}.md").write_text(readme, encoding="utf-8")
    glossary = (root / f"{GLOSSARY}.md").read_text(encoding="utf-8")
    (folder / f"{GLOSSARY}.md").write_text(_home_links(glossary), encoding="utf-8")
    title = next(line[2:] for line in readme.splitlines() if line.startswith("# "))
    lessons = [path.stem for path in paths]
    for name, content in (("_config.yml", config(title)), ("_toc.yml", toc(lessons))):
        (folder / name).write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    return lessons


def build(out: Path, root: Path = authoring.ROOT) -> Path:
    """Build the site of the clone at ``root`` into ``out`` (replaced whole); return it."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".site-", dir=out.parent) as scratch:
        source = Path(scratch) / "source"
        stage(root, source)
        command = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]
        command += ["build", str(source)]
        command += ["--builder", "html", "--warningiserror", "--keep-going", "--quiet"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SiteError(f"Jupyter Book failed:\n{done.stdout}{done.stderr}")
        html = source / "_build" / "html"
        if out.exists():
            shutil.rmtree(out)
        html.rename(out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--out DIR`` (default ``_site`` in the clone)."""
    parser = argparse.ArgumentParser(prog="python -m utils.course.site", description=__doc__)
    parser.add_argument("--out", type=Path, default=authoring.ROOT / "_site")
    args = parser.parse_args(argv)
    try:
        out = build(args.out)
    except SiteError as error:
        print(f"the site did not build. {error}", file=sys.stderr)
        return 1
    print(f"built {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
