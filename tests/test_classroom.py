"""The classroom helpers without a hub: the students' branch and the nbgitpuller links
(tests/test_classroom_hub.py follows a link on a real JupyterHub)."""

import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from utils.course import authoring, classroom


def _git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()  # fmt: skip


@pytest.fixture
def clone(tmp_path, monkeypatch):
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Instructor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "instructor@example.edu")
    subprocess.run(["git", "clone", "--quiet", str(authoring.ROOT), str(tmp_path / "course")],
                   check=True)  # fmt: skip
    return tmp_path / "course"


def test_students_branch_holds_the_lessons_and_follows_the_course(clone):
    first = classroom.students_branch(clone)
    assert _git(clone, "ls-tree", "--name-only", first).split() == sorted(classroom.STUDENT_FILES)
    assert _git(clone, "rev-parse", f"{first}:lessons") == _git(clone, "rev-parse", "HEAD:lessons")
    assert classroom.students_branch(clone) == first  # nothing new, no new commit
    lesson = clone / "lessons" / "00_start_here.ipynb"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(clone, "commit", "--quiet", "-am", "a fix in lesson 00")
    second = classroom.students_branch(clone)
    assert _git(clone, "rev-parse", f"{second}^") == first  # students' copies merge it cleanly
    assert _git(clone, "show", f"{second}:lessons/00_start_here.ipynb").endswith("}")


def test_students_branch_refuses_another_repository(clone):
    _git(clone, "rm", "--quiet", "-r", "lessons")
    _git(clone, "commit", "--quiet", "-m", "no lessons")
    with pytest.raises(ValueError, match="has no lessons: is it the course"):
        classroom.students_branch(clone)


def test_links_open_each_lesson_in_the_students_copy(capsys):
    hub, repo = "https://hub.example.edu/", "https://git.example.edu/course.git"
    assert classroom.main(["links", "--hub", hub, "--repo", repo]) == 0
    lines = capsys.readouterr().out.splitlines()
    slugs = [path.stem for path in authoring.solution_paths()]
    assert [line.split(": ", 1)[0] for line in lines] == slugs
    link = urlsplit(lines[1].split(": ", 1)[1])
    assert link.netloc == "hub.example.edu" and link.path == "/hub/user-redirect/git-pull"
    assert parse_qs(link.query) == {
        "repo": [repo], "branch": ["students"], "targetpath": [classroom.FOLDER],
        "urlpath": [f"lab/tree/{classroom.FOLDER}/lessons/{slugs[1]}.ipynb"],
    }  # fmt: skip
    with pytest.raises(SystemExit):
        classroom.main(["links", "--hub", hub, "--repo", repo, "--lesson", "99_nothing"])
