"""A class on JupyterHub (``classroom/jupyterhub_config.py``): what students pull, and links.

- ``python -m utils.course.classroom branch`` (``make classroom-branch``) commits what a
  student needs, ``lessons/``, ``README.md`` and ``GLOSSARY.md`` (no ``solutions/``), as
  the next commit of the branch ``students``, made from ``HEAD`` with git's plumbing; push
  it where the hub can pull from.
- ``python -m utils.course.classroom links --hub URL --repo URL`` (``make classroom-links``)
  prints one nbgitpuller link per lesson. A student who follows one logs in, and nbgitpuller
  clones the branch into their home folder (``<folder>/``, the first time) or merges its new
  commits into it (later, keeping the student's own changes), then opens the lesson there.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

from utils.course import authoring

FOLDER = "encryption-course"
BRANCH = "students"
STUDENT_FILES = ("lessons", "README.md", "GLOSSARY.md")


def pull_link(hub: str, repo: str, lesson: str, branch: str = BRANCH, folder: str = FOLDER) -> str:
    """The link that gives a student their own copy of ``repo`` and opens ``lesson`` in it."""
    query = urlencode({
        "repo": repo,
        "branch": branch,
        "targetpath": folder,
        "urlpath": f"lab/tree/{folder}/lessons/{lesson}.ipynb",
    })  # fmt: skip
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def students_branch(repo: Path, branch: str = BRANCH) -> str:
    """Commit ``STUDENT_FILES`` of ``HEAD`` in the git repository ``repo`` (bare or not) as
    the next commit of ``branch``, unless it holds them already; return the branch's tip."""

    def git(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, text=True,
                              capture_output=True, check=True)  # fmt: skip
        return done.stdout.strip()

    entries = [git("ls-tree", "HEAD", "--", name) for name in STUDENT_FILES]
    missing = [name for name, entry in zip(STUDENT_FILES, entries, strict=True) if not entry]
    if missing:
        raise ValueError(f"HEAD of {repo} has no {', '.join(missing)}: is it the course?")
    tree = git("mktree", stdin="\n".join(entries) + "\n")
    previous = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet",
                               f"refs/heads/{branch}"], capture_output=True, text=True)  # fmt: skip
    parent = previous.stdout.strip()
    if parent and git("rev-parse", f"{parent}^{{tree}}") == tree:
        return parent
    message = f"The students' copy of the course at {git('rev-parse', '--short', 'HEAD')}"
    commit = git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
    git("update-ref", f"refs/heads/{branch}", commit)
    return commit


def main(argv: list[str] | None = None) -> int:
    """Command line: ``branch`` or ``links``."""
    parser = argparse.ArgumentParser(prog="python -m utils.course.classroom", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("branch", help="commit the students' copy as a branch")
    make.add_argument("--branch", default=BRANCH)
    links = commands.add_parser("links", help="print one nbgitpuller link per lesson")
    links.add_argument("--hub", required=True, help="the hub's public URL, https://...")
    links.add_argument("--repo", required=True, help="the git URL the students pull from")
    links.add_argument("--branch", default=BRANCH)
    links.add_argument("--folder", default=FOLDER, help="the copy's folder in a student's home")
    links.add_argument("--lesson", help="one lesson's slug (default: every lesson)")
    args = parser.parse_args(argv)
    if args.command == "branch":
        commit = students_branch(authoring.ROOT, args.branch)
        print(f"{args.branch} is at {commit}: push it, e.g. `git push origin {args.branch}`")
        return 0
    slugs = [path.stem for path in authoring.solution_paths(authoring.find_solutions())]
    if args.lesson and args.lesson not in slugs:
        parser.error(f"no lesson {args.lesson!r}; the lessons are {', '.join(slugs)}")
    for slug in [args.lesson] if args.lesson else slugs:
        print(f"{slug}: {pull_link(args.hub, args.repo, slug, args.branch, args.folder)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
