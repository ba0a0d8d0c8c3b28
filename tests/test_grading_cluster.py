"""Grading on a real Dask cluster on loopback, one worker killed with SIGKILL mid-run.

The test starts ``dask scheduler`` and two ``dask worker`` processes (no nanny, so a killed
worker stays dead) on 127.0.0.1, grades a small class there, kills the worker that is
running a task (once the first result is in and the task's scratch folder exists), and
compares every submission's rows with a run of the same class on the embedded
LocalCluster. The killed worker's scratch folder is gone by the end of the run: the next
scratch folder made on the machine sweeps it.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from tests.grading_tools import LESSON00, exercises_only, with_cell
from utils.course import authoring, dispatch, task

DASK = Path(sys.executable).with_name("dask")
OPTIONS = task.Options(timeout=10, submission_timeout=120, sandbox="none", trusted=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _class() -> list[dispatch.Task]:
    solution = exercises_only()
    notebooks = {f"s{n}/00.ipynb": solution for n in range(3)} | {
        "untouched/00.ipynb": authoring.make_lesson(solution),
        "kill/00.ipynb": with_cell(exercises_only(), "import os\nos._exit(1)"),
        "hog/00.ipynb": with_cell(exercises_only(), "block = bytearray(8 * 2**30)"),
    }
    skeleton = task.task_solution(nbformat.read(LESSON00, as_version=4))
    return [
        dispatch.Task(index, name, nbformat.writes(nb).encode(), skeleton)
        for index, (name, nb) in enumerate(notebooks.items())
    ]


def _start(argv: list[str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as stream:
        return subprocess.Popen(
            [str(part) for part in argv],
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@pytest.fixture
def loopback_cluster(tmp_path):
    """A scheduler and two named workers on 127.0.0.1; yields (address, worker processes)."""
    if not DASK.exists():
        pytest.skip(f"the dask command is missing from {DASK.parent}: run `make test` to install")
    address = f"tcp://127.0.0.1:{_free_port()}"
    host, port = address.removeprefix("tcp://").split(":")
    processes = {}
    try:
        processes["scheduler"] = _start(
            [DASK, "scheduler", "--host", host, "--port", port, "--no-dashboard"],
            tmp_path / "scheduler.log",
        )
        for name in ("a", "b"):
            processes[name] = _start(
                [
                    DASK,
                    "worker",
                    address,
                    "--name",
                    name,
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--memory-limit",
                    "0",
                ],  # fmt: skip
                tmp_path / f"worker-{name}.log",
            )
        from dask.distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, processes
    finally:
        for process in processes.values():
            _stop(process)


def _scratch_of(process: subprocess.Popen) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"course-submission-{process.pid}.*"))


def _kill_a_busy_worker(address: str, processes: dict) -> str:
    """SIGKILL a worker in the middle of a task, once that task's scratch folder exists."""
    from dask.distributed import Client

    with Client(address, timeout="30s") as client:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            names = {a: w["name"] for a, w in client.scheduler_info()["workers"].items()}
            busy = [names[a] for a, keys in client.processing().items() if keys and a in names]
            if busy and _scratch_of(processes[busy[0]]):
                os.killpg(processes[busy[0]].pid, signal.SIGKILL)
                return busy[0]
            time.sleep(0.05)
    raise AssertionError("no worker was running a task")


def test_a_killed_worker_loses_no_submission(loopback_cluster):
    address, processes = loopback_cluster
    tasks = _class()
    loopback, killed = {}, None
    for done, graded in dispatch.run(tasks, OPTIONS, scheduler=address):
        loopback[done.name] = graded.rows
        if killed is None:
            killed = _kill_a_busy_worker(address, processes)
    assert processes[killed].poll() is not None  # it really died mid-run
    assert _scratch_of(processes[killed]) == []  # its scratch folder was swept
    embedded = {done.name: graded.rows for done, graded in dispatch.run(tasks, OPTIONS, 2)}
    assert loopback == embedded
    assert [r.passed for r in loopback["s2/00.ipynb"]] == [True] * 4
    assert "kernel died" in loopback["kill/00.ipynb"][-1].message
    assert [r.passed for r in loopback["hog/00.ipynb"]] == [True] * 4
