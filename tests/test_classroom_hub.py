"""The classroom recipe, for real: a JupyterHub on loopback with ``classroom/jupyterhub_config.py``
(only the login and the spawner swapped for test ones), configurable-http-proxy from npm, and a
student in headless Chromium who follows an nbgitpuller link to the ``students`` branch of a
bare clone of the course, gets their own copy (without the solutions), opens lesson 00
without being asked for a kernel, runs its first exercise and check, and reads the check's ❌
line. ``pytest -k hub`` runs it alone."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser_tools import browser
from tests.interop_tools import npm_packages
from utils.course import authoring, classroom

CONFIG = authoring.ROOT / "classroom" / "jupyterhub_config.py"
PROXY = "configurable-http-proxy@5.3.0"
STUDENT, PASSWORD = "student", "a-test-password"
LESSON = "00_start_here"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (servers and kernels a hub started)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _stop(process: subprocess.Popen) -> None:
    """Stop the hub (which stops its proxy and servers), then anything it left running."""
    started = _descendants(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in started):
        time.sleep(0.2)
    for pid in started:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture
def hub(tmp_path, monkeypatch):
    """A running hub on 127.0.0.1; yields (public URL, bare clone's URL, home root)."""
    proxy = npm_packages((PROXY,), "the JupyterHub tests") / "node_modules" / ".bin"
    bare = tmp_path / "course.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(authoring.ROOT), str(bare)],
                   check=True, capture_output=True)  # fmt: skip
    for role in ("AUTHOR", "COMMITTER"):  # the students' branch's commit, without git config
        monkeypatch.setenv(f"GIT_{role}_NAME", "Instructor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "instructor@example.edu")
    classroom.students_branch(bare)
    port, homes = _free_port(), tmp_path / "home"
    test_config = tmp_path / "jupyterhub_config.py"
    test_config.write_text(
        f"load_subconfig({str(CONFIG)!r})\n"
        f"c.JupyterHub.bind_url = 'http://127.0.0.1:{port}'\n"
        f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{_free_port()}'\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{_free_port()}'\n"
        f"c.ConfigurableHTTPProxy.command = [{str(proxy / 'configurable-http-proxy')!r}]\n"
        "c.JupyterHub.authenticator_class = 'dummy'\n"
        f"c.DummyAuthenticator.password = {PASSWORD!r}\n"
        f"c.Authenticator.allowed_users = {{{STUDENT!r}}}\n"
        "c.JupyterHub.spawner_class = 'simple'\n"
        f"c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / '{username}')!r}\n"
        f"c.Spawner.args = {['--allow-root'] if os.geteuid() == 0 else []!r}\n",
        encoding="utf-8",
    )
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "hub.log", "wb") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(test_config)],
            cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            _wait_until_up(f"{url}/hub/health", process, tmp_path / "hub.log")
            yield url, bare.as_uri(), homes
        finally:
            _stop(process)


def _wait_until_up(health: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterHub exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterHub did not answer in 90 s: {log.read_text(errors='replace')[-3000:]}")


def _run_cell(page, source: str, attempts: int = 4) -> None:
    """Run the code cell holding ``source`` as a student does (select it, click Run), and
    again if the click came while JupyterLab was still connecting the notebook's kernel."""
    from playwright.sync_api import TimeoutError as Timeout

    cell = page.locator(".jp-CodeCell", has_text=source)
    ran = cell.locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]"))  # "[1]:"
    for _ in range(attempts):
        cell.locator(".jp-InputPrompt").click()
        page.locator(".jp-CodeCell.jp-mod-active", has_text=source).wait_for()
        page.locator(".jp-NotebookPanel-toolbar [data-jp-item-name='run']").click()
        try:
            ran.wait_for(timeout=15_000)
            return
        except Timeout:
            continue
    raise AssertionError(f"the cell {source!r} did not run in {attempts} attempts")


def test_hub_student_pulls_the_course_and_runs_a_check(hub):
    url, repo, homes = hub
    link = classroom.pull_link(url, repo, LESSON)
    with browser() as (context, watch):
        page = context.new_page()
        page.goto(link)
        page.locator("#username_input").fill(STUDENT)
        page.locator("#password_input").fill(PASSWORD)
        page.locator("#login_submit").click()
        notebook = f"/user/{STUDENT}/lab/tree/{classroom.FOLDER}/lessons/{LESSON}.ipynb"
        page.wait_for_url(f"{url}{notebook}", timeout=120_000)
        for source in ("def xor_bytes", 'check("0.1")'):  # the exercise, then its check
            _run_cell(page, source)
        check = page.locator(".jp-CodeCell", has_text='check("0.1")').locator(".jp-OutputArea")
        line = check.inner_text().strip()
        asked_for_kernel = page.locator(".jp-Dialog").count()
    assert line == "❌ Exercise 0.1: not attempted yet", line
    assert asked_for_kernel == 0  # the notebook's kernelspec named the kernel
    copy = homes / STUDENT / classroom.FOLDER
    committed = subprocess.run(["git", "-C", repo.removeprefix("file://"), "show",
                                f"HEAD:lessons/{LESSON}.ipynb"], capture_output=True)  # fmt: skip
    assert (copy / "lessons" / f"{LESSON}.ipynb").read_bytes() == committed.stdout != b""
    assert sorted(p.name for p in copy.iterdir() if p.name != ".git") == sorted(
        classroom.STUDENT_FILES
    )  # no solutions/ to peek at
    assert watch.foreign == []  # the class needs nothing from outside the server
