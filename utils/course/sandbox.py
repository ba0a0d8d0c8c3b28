"""The sandbox a submission's code runs in: resource limits always, bubblewrap where it runs.

Every sandboxed command gets, before it starts, limits on address space, CPU seconds, the
size of a file it writes and the number of processes, runs in its own process group (and
session), and is killed with that whole group when its wall-clock time is up or when it
ends. With bubblewrap (``bwrap``) it also gets new user, network, PID, IPC and UTS
namespaces: the system and the course's Python bound read-only, the package ``utils``
without the rest of the clone (no ``solutions/``), a private ``/tmp``, and one scratch
folder as the only writable place and its ``HOME``. Run as root, the sandboxed process
also drops to a user id of its own (the kernel never limits root's process count).

Without bubblewrap, as root, nothing in the kernel limits the processes a notebook starts:
that mode is refused unless the notebooks are trusted, and even then a watchdog counts the
run's processes and kills them all once they exceed the limit. A scratch folder carries
the id of the process that made it, so one left behind by a killed grading worker is
removed by the next scratch folder made on the machine.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import utils

MODES = ("auto", "bwrap", "none")
BWRAP_ENV = "COURSE_BWRAP"  # a bwrap binary to use instead of the one on PATH
_SYSTEM_DIRS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_TOKEN_ENV = "COURSE_GRADER_SANDBOX"
_SCRATCH_PREFIX = "course-submission-"
TRUST_FLAG = "--i-trust-these-notebooks"
_MAX_STDOUT = 2**20  # bytes of a command's output kept (the confirmation's verdicts)
_WATCH_EVERY = 0.05  # seconds between two counts of a run's processes (root, no bwrap)
_LIBC = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


class SandboxUnavailable(RuntimeError):
    """``--sandbox bwrap`` was asked for and bubblewrap does not run here, or no sandbox
    could limit untrusted notebooks' processes (root without bubblewrap)."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed command (``processes`` counts beyond those running)."""

    memory_mb: int = 2048
    cpu_seconds: int = 600
    file_mb: int = 256
    processes: int = 256

    def __post_init__(self):
        for name in ("memory_mb", "cpu_seconds", "file_mb", "processes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{name} must be an int, got {type(value).__name__}")
            if value < 1:
                raise ValueError(f"{name} must be at least 1, got {value}")


@dataclass(frozen=True)
class Outcome:
    """How a sandboxed command ended."""

    returncode: int
    stdout: bytes
    timed_out: bool
    too_many_processes: bool = False  # stopped by the watchdog (root without bubblewrap)


@cache
def bwrap_path() -> str | None:
    """The bubblewrap binary when it runs here (probed once), else None."""
    binary = os.environ.get(BWRAP_ENV) or shutil.which("bwrap")
    if not binary:
        return None
    probe = [binary, *_namespace_args(), "--ro-bind", "/", "/", "--dev", "/dev",
             "--proc", "/proc", "--", "/bin/true"]  # fmt: skip
    try:
        done = subprocess.run(probe, capture_output=True, timeout=30, check=False)
    except OSError:
        return None
    return binary if done.returncode == 0 else None


def _namespace_args() -> list[str]:
    # As root, bwrap keeps the real root user (no user namespace) so that the command can
    # drop to a user id of its own; otherwise a user namespace makes bwrap work unprivileged.
    user = [] if os.geteuid() == 0 else ["--unshare-user"]
    return [*user, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session"]  # fmt: skip


class Sandbox:
    """Runs commands for one submission; ``mode`` is ``auto``, ``bwrap`` or ``none``.

    ``trusted`` allows running as root without bubblewrap, where the kernel limits no
    process count: only a watchdog then stops a runaway notebook.
    """

    def __init__(self, mode: str = "auto", limits: Limits | None = None, trusted: bool = False):
        if mode not in MODES:
            raise ValueError(f"sandbox mode must be one of {', '.join(MODES)}, got {mode!r}")
        self.limits = limits or Limits()
        self.bwrap = bwrap_path() if mode != "none" else None
        if mode == "bwrap" and self.bwrap is None:
            raise SandboxUnavailable(
                "bubblewrap (bwrap) does not run here: install the package `bubblewrap`, "
                "or grade with --sandbox none (resource limits only)"
            )
        self.watched = self.bwrap is None and os.geteuid() == 0
        if self.watched and not trusted:
            raise SandboxUnavailable(
                "as root without bubblewrap nothing limits the processes a notebook starts "
                "(the kernel exempts root), so one fork bomb endangers this machine: install "
                f"the package `bubblewrap`, grade as a normal user, or pass {TRUST_FLAG} "
                "for notebooks you trust (a watchdog then stops runaway ones)"
            )

    @property
    def isolated(self) -> bool:
        return self.bwrap is not None

    def scratch(self) -> Path:
        """A new scratch folder (the caller removes it with :func:`remove`), named after
        this process; first, the folders of processes that are gone are removed."""
        _sweep_scratch()
        folder = Path(tempfile.mkdtemp(prefix=f"{_SCRATCH_PREFIX}{_owner(os.getpid())}-"))
        (folder / "home").mkdir()
        return folder

    def run(self, argv: list[str], scratch: Path, *, stdin: bytes = b"", timeout: float,
            env: dict[str, str] | None = None, cwd: Path | None = None) -> Outcome:  # fmt: skip
        """Run ``argv`` in ``cwd`` (default ``scratch``, the only writable folder) within the
        limits; kill everything it started when it ends or after ``timeout`` seconds."""
        cwd = cwd or scratch
        token = os.urandom(8).hex()
        uid = _sandbox_uid() if self.isolated and os.geteuid() == 0 else None
        environment = {
            **(env or {}),
            "HOME": str(scratch / "home"),
            "TMPDIR": str(scratch),
            "IPYTHONDIR": str(scratch / "home" / ".ipython"),
            "JUPYTER_RUNTIME_DIR": str(scratch / "home" / "runtime"),
            "JUPYTER_DATA_DIR": str(scratch / "home" / "data"),
            "MPLCONFIGDIR": str(scratch / "home" / "mpl"),
            "PYTHONPATH": str(Path(utils.__file__).parent.parent),
            "PYTHONDONTWRITEBYTECODE": "1",
            _TOKEN_ENV: token,
        }
        if self.isolated:
            if uid is not None:
                _chown_tree(scratch, uid)
                argv = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                        "--inh-caps=-all", "--bounding-set=-all", "--", *argv]  # fmt: skip
            argv = [self.bwrap, *_namespace_args(), *self._mounts(scratch, cwd), "--", *argv]
        out = tempfile.TemporaryFile()
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=self._set_limits,  # noqa: PLW1509 (no threads start in the child)
        )
        timed_out, crowded = False, []
        if self.watched:
            threading.Thread(
                target=_watch, args=(process, token, self.limits.processes, crowded), daemon=True
            ).start()
        try:
            try:
                process.communicate(stdin, timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
        finally:
            _kill_group(process.pid)
            process.wait()
            _kill_leftovers(token)
        out.seek(0)
        return Outcome(process.returncode, out.read(_MAX_STDOUT), timed_out, bool(crowded))

    def _set_limits(self) -> None:
        """In the child, before exec: the resource limits (inherited by all it starts), and
        death with the grading thread that started it (a worker killed mid-task)."""
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        limits = self.limits
        memory = limits.memory_mb * 2**20
        for kind, value in (
            (resource.RLIMIT_AS, memory),
            (resource.RLIMIT_CPU, limits.cpu_seconds),
            (resource.RLIMIT_FSIZE, limits.file_mb * 2**20),
            (resource.RLIMIT_CORE, 0),
        ):
            resource.setrlimit(kind, (value, value))
        # The process count is per user: as root the sandbox gets a user of its own (with
        # bwrap), so `processes` is its own budget; otherwise it is added to what runs now.
        own_uid = self.isolated and os.geteuid() == 0
        processes = limits.processes + (0 if own_uid else _threads_of(os.getuid()))
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))

    def _mounts(self, scratch: Path, cwd: Path) -> list[str]:
        args = []
        for folder in _SYSTEM_DIRS:
            if os.path.islink(folder):
                args += ["--symlink", os.readlink(folder), folder]
            elif os.path.isdir(folder):
                args += ["--ro-bind", folder, folder]
        args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
        folders = _read_only_folders()
        parents = {str(p) for f in [*folders, str(scratch)] for p in Path(f).parents}
        for parent in sorted(parents - {"/"}):  # bwrap would make them 0700: unreachable
            args += ["--perms", "0755", "--dir", parent]
        for folder in folders:
            args += ["--ro-bind", folder, folder]
        return [*args, "--bind", str(scratch), str(scratch), "--chdir", str(cwd)]


def _read_only_folders() -> list[str]:
    """The Python installation, the venv and the package ``utils``, outside system folders."""
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
               str(Path(utils.__file__).parent)}  # fmt: skip
    folders |= {str(Path(p).resolve()) for p in sys.path if p and "site-packages" in p}
    kept = sorted(f for f in folders if os.path.isdir(f) and not f.startswith(_SYSTEM_DIRS))
    return [f for f in kept if not any(f.startswith(other + "/") for other in kept)]


def _sandbox_uid() -> int:
    """A user id no one else uses, one per grading process (a worker runs one at a time)."""
    return 200_000 + os.getpid() % 100_000


def _chown_tree(folder: Path, uid: int) -> None:
    for root, dirs, files in os.walk(folder):
        for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
            os.chown(name, uid, uid, follow_symlinks=False)


def _threads_of(uid: int) -> int:
    count = 0
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.stat(f"/proc/{pid}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{pid}/task"))
            except OSError:
                continue
    return count


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _carrying(token: str) -> list[int]:
    """The processes that carry the run's token in their environment."""
    marker = f"{_TOKEN_ENV}={token}".encode()
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as stream:
                if marker in stream.read().split(b"\0"):
                    found.append(int(pid))
        except OSError:
            continue
    return found


def _kill_leftovers(token: str) -> None:
    """Kill processes that left the process group (``setsid``) but carry the run's token."""
    for _ in range(3):
        found = _carrying(token)
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                continue
        if not found:
            return
        time.sleep(0.05)


def _watch(process: subprocess.Popen, token: str, limit: int, crowded: list) -> None:
    """While ``process`` runs, count the run's processes; past ``limit``, kill them all.

    The kernel's process limit does not apply to root: this stops a runaway notebook of a
    trusted class within a fraction of a second, not a notebook that hides from it.
    """
    while process.poll() is None:
        if len(_carrying(token)) > limit:
            crowded.append(True)
            for _ in range(100):  # new ones may be forked while the others are killed
                _kill_group(process.pid)
                _kill_leftovers(token)
                if not _carrying(token):
                    return
            return
        time.sleep(_WATCH_EVERY)


def remove(folder: Path) -> None:
    """Remove a scratch folder, whatever its code left in it."""
    shutil.rmtree(folder, ignore_errors=True)


def _owner(pid: int) -> str:
    """``PID.START``: a process id and its start time, unique even when ids are reused
    ('' for a process that has ended, even if its parent has not collected it yet)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            fields = stream.read().rsplit(b")", 1)[1].split()
    except OSError:
        return f"{pid}.0" if not os.path.isdir("/proc/self") else ""
    return "" if fields[0] == b"Z" else f"{pid}.{int(fields[19])}"  # state; starttime


def _sweep_scratch() -> None:
    """Remove the scratch folders in the temporary folder whose process is gone (a grading
    worker killed mid-task)."""
    for path in Path(tempfile.gettempdir()).glob(f"{_SCRATCH_PREFIX}*.*-*"):
        owner = path.name.removeprefix(_SCRATCH_PREFIX).split("-", 1)[0]
        pid = owner.split(".", 1)[0]
        if pid.isdigit() and _owner(int(pid)) != owner:
            remove(path)
