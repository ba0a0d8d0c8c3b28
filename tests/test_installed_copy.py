"""A copy of utils installed outside the clone (``pip install .``, not editable): the grader
and the generator refuse to run without the solutions and say how to point them there, and
grade fully once pointed."""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.grading_tools import TRUSTED
from utils.course import authoring


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, str]:
    """The environment of a shell where ``utils`` comes from a non-editable install."""
    base = tmp_path_factory.mktemp("installed")
    source, site = base / "source", base / "site"
    source.mkdir()
    shutil.copy(authoring.ROOT / "pyproject.toml", source)
    shutil.copytree(authoring.ROOT / "utils", source / "utils")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
        + ["--target", str(site), str(source)],
        check=True,
        capture_output=True,
    )
    env = {k: v for k, v in os.environ.items() if k != authoring.SOLUTIONS_ENV}
    env["PYTHONPATH"] = str(site)
    where = _run(["-c", "import utils; print(utils.__file__)"], env, base).stdout.strip()
    assert Path(where).is_relative_to(site), where  # the installed copy, not the clone
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_grader_refuses_to_grade_blind(installed, tmp_path):
    submission = shutil.copy(authoring.SOLUTIONS / "00_start_here.ipynb", tmp_path)
    args = ["-m", "utils.grade", submission, "--out", "grades", TRUSTED]
    done = _run(args, installed, tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "cannot grade: no solution notebooks" in done.stderr
    assert "site/solutions" in done.stderr  # where it looked
    assert "--solutions DIR" in done.stderr and "COURSE_SOLUTIONS=DIR" in done.stderr
    assert not (tmp_path / "grades").exists()


def test_generator_refuses_to_run_blind(installed, tmp_path):
    done = _run(["-m", "utils.course.authoring", "--check"], installed, tmp_path)
    assert done.returncode == 2
    assert "no solution notebooks" in done.stderr and "--solutions DIR" in done.stderr
    env = installed | {authoring.SOLUTIONS_ENV: str(tmp_path / "nowhere")}
    done = _run(["-m", "utils.course.authoring", "--check"], env, tmp_path)
    assert done.returncode == 2 and "nowhere ($COURSE_SOLUTIONS" not in done.stderr
    assert f"{tmp_path / 'nowhere'} (from $COURSE_SOLUTIONS)" in done.stderr
    # pointed at the clone, it sees the committed lessons match their solutions
    done = _run(["-m", "utils.course.authoring", "--check", "--solutions", str(authoring.SOLUTIONS)],
                installed, tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("how", ["option", "environment"])
def test_installed_grader_grades_fully_when_pointed(installed, tmp_path, how):
    submission = shutil.copy(authoring.SOLUTIONS / "00_start_here.ipynb", tmp_path)
    args = ["-m", "utils.grade", submission, "--out", "grades", "--timeout", "60", TRUSTED]
    env = installed
    if how == "option":
        args += ["--solutions", str(authoring.SOLUTIONS)]
    else:
        env = installed | {authoring.SOLUTIONS_ENV: str(authoring.SOLUTIONS)}
    done = _run(args, env, tmp_path)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "grades" / "gradebook.csv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    solution = nbformat.read(authoring.SOLUTIONS / "00_start_here.ipynb", as_version=4)
    assert len(rows) == len(authoring.exercises(solution)) > 0
    assert {r["lesson"] for r in rows} == {"00_start_here"}
    assert all(r["passed"] == "true" for r in rows), rows
