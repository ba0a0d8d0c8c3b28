"""The grader's sandbox against hostile notebooks: one grading run, each attack stopped.

Each hostile submission is lesson 00's exercises with one cell of attack after its first
check; two honest copies are graded in the same run. Limits are small (1 GB of address
space, 64 MB files, 64 processes) so each attack ends in seconds. The run's temporary
folder is its own, so processes of other grading runs on the machine are told apart.
Without bubblewrap, as root: untrusted notebooks are refused, and a bounded fork bomb in a
trusted class is stopped by the watchdog. An exercise cell checked alone cannot read the
checker's process it runs beside.
"""

import csv
import json
import os
import socket
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from tests.grading_tools import LESSON00, TRUSTED, exercises_only, with_cell
from tests.sandbox_tools import bwrap
from utils.course import grading, sandbox

TIMEOUT = 10


class _Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.accepted += 1
            connection.close()

    def close(self):
        self.server.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Grade the hostile class under bubblewrap; return (rows by name, notes, out, paths)."""
    binary = bwrap()
    root = tmp_path_factory.mktemp("hostile-class")
    outside = tmp_path_factory.mktemp("outside") / "written-by-student.txt"
    secret_text = "course-secret-" + os.urandom(8).hex()
    secret = Path.home() / f".course-grader-test-{os.getpid()}"
    listener = _Listener()
    attacks = {
        "secret.ipynb": f"print(open({str(secret)!r}).read())",
        "other-submission.ipynb": f"print(open({str(root / 'honest-1.ipynb')!r}).read()[:500])",
        "solution.ipynb": f"print(open({str(LESSON00)!r}).read()[:500])",
        "write-outside.ipynb": f"open({str(outside)!r}, 'w').write('pwned')",
        "network.ipynb": f"import socket\nsocket.create_connection(('127.0.0.1', {listener.port}), timeout=3)",
        "memory.ipynb": "block = bytearray(8 * 2**30)",
        "fork-bomb.ipynb": (
            "import os, time\nchildren = 0\nwhile True:\n    if os.fork() == 0:\n"
            "        time.sleep(600)\n        os._exit(0)\n    children += 1"
        ),
        "big-file.ipynb": (
            "with open('big.bin', 'wb') as f:\n    for _ in range(5 * 1024):\n"
            "        f.write(bytes(2**20))"
        ),
        "signal-parent.ipynb": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
    }  # fmt: skip
    for name, source in attacks.items():
        nbformat.write(with_cell(exercises_only(), source), root / name)
    for n in (1, 2):
        nbformat.write(exercises_only(), root / f"honest-{n}.ipynb")
    out = tmp_path_factory.mktemp("grades")
    temporary = tmp_path_factory.mktemp("tmp")
    secret.write_text(secret_text, encoding="utf-8")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(sandbox.BWRAP_ENV, binary)
            patch.setenv("TMPDIR", str(temporary))  # the workers' scratch folders go there
            sandbox.bwrap_path.cache_clear()
            args = [str(root), "--out", str(out), "--workers", "2", "--timeout", str(TIMEOUT),
                    "--sandbox", "bwrap", "--memory-mb", "1024", "--file-mb", "64",
                    "--processes", "64", "--submission-timeout", "120"]  # fmt: skip
            assert grading.main(args) == 0
    finally:
        secret.unlink()
        listener.close()
        sandbox.bwrap_path.cache_clear()
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    with open(out / "summary.csv", encoding="utf-8", newline="") as stream:
        notes = {r["submission"]: r["notes"] for r in csv.DictReader(stream)}
    by_name = {}
    for row in rows:
        by_name.setdefault(row["submission"], []).append(row)
    paths = {"secret": secret_text, "outside": outside, "listener": listener, "tmp": temporary}
    return by_name, notes, out, paths


def _passed(rows):
    return [r["exercise"] for r in rows if r["passed"] == "true"]


@pytest.mark.parametrize("name", ["honest-1.ipynb", "honest-2.ipynb"])
def test_honest_submissions_keep_full_marks(hostile, name):
    assert _passed(hostile[0][name]) == ["0.1", "0.2", "0.3", "0.4"]
    assert hostile[1][name] == ""


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("secret.ipynb", "FileNotFoundError"),
        ("other-submission.ipynb", "FileNotFoundError"),
        ("solution.ipynb", "FileNotFoundError"),
        ("write-outside.ipynb", "FileNotFoundError"),
        ("network.ipynb", "ConnectionRefusedError"),
        ("memory.ipynb", "MemoryError"),
        ("fork-bomb.ipynb", "BlockingIOError"),
        ("big-file.ipynb", "File too large"),
    ],
)
def test_each_attack_is_stopped_and_the_rest_graded(hostile, name, note):
    by_name, notes, _, _ = hostile
    assert note in notes[name]
    assert _passed(by_name[name]) == ["0.1", "0.2", "0.3", "0.4"]


def test_a_signal_to_the_parent_fails_only_that_submission(hostile):
    by_name, notes, _, _ = hostile
    rows = by_name["signal-parent.ipynb"]
    assert _passed(rows) == ["0.1"]
    assert all("grading stopped before this check ran" in r["message"] for r in rows[1:])
    assert "killed by signal SIGKILL" in notes["signal-parent.ipynb"]


def test_nothing_leaks_out_of_the_sandbox(hostile):
    _, _, out, paths = hostile
    reports = [p for p in out.rglob("*") if p.is_file()]
    assert reports and not any(paths["secret"] in p.read_text(encoding="utf-8") for p in reports)
    assert not paths["outside"].exists()
    assert paths["listener"].accepted == 0


def test_no_process_is_left_behind(hostile):
    _, _, _, paths = hostile
    ours = f"TMPDIR={paths['tmp']}/".encode()  # this run's sandboxed processes
    left = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(v.startswith(ours) for v in environment):
            left.append(pid)
    assert not left
    assert not list(paths["tmp"].glob("course-submission-*"))  # nor a scratch folder


def test_without_bubblewrap_auto_warns_once_and_bwrap_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(sandbox.BWRAP_ENV, str(tmp_path / "no-bwrap"))
    monkeypatch.setenv("PATH", "/nonexistent")
    sandbox.bwrap_path.cache_clear()
    try:
        (tmp_path / "broken.ipynb").write_text("{", encoding="utf-8")
        args = [str(tmp_path / "broken.ipynb"), "--out", str(tmp_path / "o"), TRUSTED]
        assert grading.main(args) == 0
        warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
        assert warnings == [
            "warning: bubblewrap (bwrap) does not run here: grading with resource limits only, "
            "student code can read and change what this user can, other submissions included "
            "(install the package `bubblewrap`)"
        ]
        with pytest.raises(SystemExit) as exit_info:
            grading.main([str(tmp_path / "broken.ipynb"), "--sandbox", "bwrap"])
        assert exit_info.value.code == 2
        assert "bubblewrap (bwrap) does not run here" in capsys.readouterr().err
    finally:
        sandbox.bwrap_path.cache_clear()


def _as_root_without_bubblewrap(tmp_path, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("as root only: a normal user's process limit is the kernel's")
    monkeypatch.setenv(sandbox.BWRAP_ENV, str(tmp_path / "no-bwrap"))
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable))  # no bwrap on it
    sandbox.bwrap_path.cache_clear()


def test_as_root_without_bubblewrap_untrusted_notebooks_are_refused(tmp_path, monkeypatch, capsys):
    _as_root_without_bubblewrap(tmp_path, monkeypatch)
    nbformat.write(exercises_only(), tmp_path / "any.ipynb")
    try:
        for mode in ("auto", "none"):
            with pytest.raises(SystemExit) as exit_info:
                grading.main([str(tmp_path / "any.ipynb"), "--sandbox", mode])
            assert exit_info.value.code == 2
            assert f"pass {TRUSTED}" in capsys.readouterr().err
        assert not (tmp_path / "grades").exists()
    finally:
        sandbox.bwrap_path.cache_clear()


def test_as_root_a_fork_bomb_in_a_trusted_class_is_stopped_by_the_watchdog(tmp_path, monkeypatch):
    _as_root_without_bubblewrap(tmp_path, monkeypatch)
    bomb = (
        "import os, time\nfor _ in range(300):\n    if os.fork() == 0:\n"
        "        time.sleep(120)\n        os._exit(0)"
    )  # bounded: 300 sleeping children, should the watchdog miss them
    nbformat.write(with_cell(exercises_only(), bomb), tmp_path / "fork-bomb.ipynb")
    nbformat.write(exercises_only(), tmp_path / "honest.ipynb")
    out = tmp_path / "grades"
    args = [str(tmp_path), "--out", str(out), "--sandbox", "none", "--processes", "32",
            "--timeout", str(TIMEOUT), "--workers", "2", TRUSTED]  # fmt: skip
    try:
        assert grading.main(args) == 0
    finally:
        sandbox.bwrap_path.cache_clear()
    with open(out / "summary.csv", encoding="utf-8", newline="") as stream:
        summary = {r["submission"]: r for r in csv.DictReader(stream)}
    assert "started more than the 32 processes" in summary["fork-bomb.ipynb"]["notes"]
    assert summary["fork-bomb.ipynb"]["total"] == "1"  # the check before the bomb
    assert summary["honest.ipynb"]["total"] == "4" and summary["honest.ipynb"]["notes"] == ""


# An exercise cell that tries to read the checker's process (its parent), and says how far
# it got in the error its function raises, which the verdict line carries out.
PEEK = (
    "import os\n\n\ndef brute_force_years(key_bits, guesses_per_second):\n    seen = []\n"
    "    for what in ('mem', 'environ', 'maps'):\n        try:\n"
    "            with open(f'/proc/{os.getppid()}/{what}', 'rb') as stream:\n"
    "                stream.read(16)\n            seen.append(f'{what}: read')\n"
    "        except OSError as error:\n            seen.append(f'{what}: {type(error).__name__}')\n"
    "    raise RuntimeError('; '.join(seen))"
)  # fmt: skip


def test_an_answer_cannot_read_the_checkers_process(monkeypatch):
    monkeypatch.setenv(sandbox.BWRAP_ENV, bwrap())
    sandbox.bwrap_path.cache_clear()
    try:
        box = sandbox.Sandbox("bwrap")
        scratch = box.scratch()
        job = json.dumps({"exercises": {"0.2": PEEK}, "timeout": 30}).encode()
        command = [sys.executable, "-P", "-m", "utils.course.confirm"]
        env = {"PATH": os.environ.get("PATH", "")}
        outcome = box.run(command, scratch, stdin=job, timeout=120, env=env)
        sandbox.remove(scratch)
    finally:
        sandbox.bwrap_path.cache_clear()
    line = json.loads(outcome.stdout)["0.2"]["line"]
    assert line.endswith("mem: PermissionError; environ: PermissionError; maps: PermissionError")
