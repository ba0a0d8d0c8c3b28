"""Confirming a ✅ where the student's code cannot reach the checker.

nbval runs the notebook as the student wrote it, so code in any cell can replace the checker
(``utils.course.checks.check``, ``sys.stdout``, ``builtins``...) and print a ✅ of its own.
A pass therefore counts only once this harness agrees. It runs in a fresh sandboxed process
(``python -m utils.course.confirm``, the job as JSON on stdin, the verdicts as JSON on
stdout) that imports the check machinery and never runs student code: for each exercise it
forks a child that runs only that exercise's cell (exercise cells import what they use),
and checks it from here, calling the child's functions across the process boundary
(:mod:`utils.course.checks.boundary`), so no patch of the child's reaches the check and
only plain values come back. The harness makes itself undumpable, so a child of the same
user cannot trace it or read its memory, and the children never hold its output.

The child also compares everything the check machinery depends on with a snapshot taken
before the student's code ran; a change is reported as tampering (flagged, no points).
:func:`suspicious` reads the student's cells without running them and names the lines that
reach for the checker or for the harness's channels; the grader flags those for review.
"""

from __future__ import annotations

import ast
import builtins
import ctypes
import json
import os
import signal
import socket
import sys
import time
import types

from utils.course.checks import boundary

_LIBC = ctypes.CDLL(None, use_errno=True)
_PR_SET_DUMPABLE = 4

# what student code has no business doing to the process it runs in
_MODULES = {"gc", "ctypes", "builtins", "importlib", "inspect", "mmap", "_thread"}
_CALLS = {
    "setattr", "delattr", "__import__", "exec", "eval", "compile", "globals", "breakpoint",
    "os.write", "os.writev", "os.pwrite", "os.fdopen", "os.dup", "os.dup2", "os.open",
    "os.kill", "os.killpg", "os.fork", "os.forkpty", "sys._getframe", "socket.fromfd",
    "io.FileIO", "os.execv", "os.execve", "os.system", "os.popen", "type.__setattr__",
    "object.__setattr__",
}  # fmt: skip
_ATTRIBUTES = {
    "__code__", "__globals__", "__builtins__", "__subclasses__", "f_globals", "f_locals",
    "f_back", "gi_frame", "tb_frame", "modules", "__dict__",
}  # fmt: skip
_ROOTS = {"utils", "sys", "builtins", "__builtins__", "check", "run_check", "os", "io"}
# libraries the checks rely on: assigning into what they export patches the check's view
_LIBRARIES = {"random", "secrets", "numpy", "cryptography", "hashlib", "hmac", "base64",
              "json", "time", "warnings", "pickle", "tenseal", "sklearn"}  # fmt: skip
_STRINGS = ("/proc/", "/dev/fd", "utils.course")
_MAX_SCANNED = 2**20  # characters of a cell parsed (a parse takes ~20x its size in memory)


def suspicious(source: str) -> list[str]:
    """What in ``source`` reaches for the checker or the process's internals, one line each
    (``line N: ...``); empty for code that does not parse or does nothing of the kind."""
    if len(source) > _MAX_SCANNED:
        return [f"line 1: {len(source):,} characters, too many to read"]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    roots = _ROOTS | {
        alias.asname or alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if (getattr(node, "module", None) or alias.name).split(".")[0]
        in _ROOTS | _MODULES | _LIBRARIES
    }
    found = []
    for node in ast.walk(tree):
        what = _suspicious_node(node, roots)
        if what:
            found.append(f"line {getattr(node, 'lineno', '?')}: {what}")
    return sorted(set(found), key=lambda s: (int(s.split()[1].rstrip(":")), s))


def _suspicious_node(node: ast.AST, roots: set[str]) -> str:
    if isinstance(node, ast.Import | ast.ImportFrom):
        names = [a.name for a in node.names]
        modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else names
        if isinstance(node, ast.ImportFrom) and node.module == "utils.course.checks":
            return "" if names == ["check"] else f"imports {', '.join(names)} from the checker"
        for module in modules:
            if module.split(".")[0] in _MODULES or module.startswith("utils.course"):
                return f"imports {module}"
    elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        for target in targets:
            name = _dotted(target)
            if name and name.split(".")[0] in roots and "." in name:
                return f"assigns to {name}"
    elif isinstance(node, ast.Call):
        name = _dotted(node.func)
        if name in _CALLS:
            return f"calls {name}()"
        reached = _dotted(node.args[0]) if name == "vars" and node.args else ""
        if reached.split(".")[0] in roots:
            return f"calls vars({reached})"
    elif isinstance(node, ast.Attribute) and node.attr in _ATTRIBUTES:
        return f"uses .{node.attr}"
    elif isinstance(node, ast.Name) and node.id in {"__builtins__", "__import__"}:
        return f"uses {node.id}"
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        if any(s in node.value for s in _STRINGS):
            return f"names {node.value[:40]!r}"
    return ""


def _dotted(node: ast.AST) -> str:
    """``a.b.c`` for a chain of names and attributes (subscripts read as ``[]``), else ''."""
    parts = []
    while isinstance(node, ast.Attribute | ast.Subscript):
        parts.append(node.attr if isinstance(node, ast.Attribute) else "[]")
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    return ".".join([node.id, *reversed(parts)]).replace(".[]", "[]")


# --- the harness -------------------------------------------------------------------------


def main() -> None:
    """Read ``{"exercises": {id: source}, "timeout": s}``; print ``{id: verdict}``."""
    _LIBC.prctl(_PR_SET_DUMPABLE, 0)  # no process of the same user may trace or read this one
    job = json.loads(sys.stdin.buffer.read())
    output = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # the children inherit these, never the harness's output
        os.dup2(null, fd)
    import numpy.random  # noqa: F401 (its global generator is watched in each child)

    from utils.course.checks import core  # imported before any student code exists

    for exercise in job["exercises"]:
        core.find_checker(exercise)
    verdicts = {
        exercise: _confirm(core, exercise, source, job["timeout"], output.fileno())
        for exercise, source in job["exercises"].items()
    }
    output.write(json.dumps(verdicts))
    output.close()


def _confirm(core, exercise: str, source: str, timeout: float, keep_from_child: int) -> dict:
    """Check ``exercise`` here against its cell ``source`` run alone in a child process."""
    names = core.find_checker(exercise).names
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # the child: the student's cell alone, then its functions on call
        ours.close()
        os.close(keep_from_child)
        os.setpgid(0, 0)
        try:
            _child(theirs, exercise, source, names)
        finally:
            os._exit(0)
    theirs.close()
    answer = boundary.Answer(ours, deadline=time.monotonic() + timeout)
    previous = signal.signal(signal.SIGALRM, _out_of_time(answer))
    signal.setitimer(signal.ITIMER_REAL, timeout + 1)  # the check's own work counts too
    try:
        passed, line = _verdict(core, answer, exercise)
        tampered = answer.finish()
    except boundary.AnswerStopped:
        passed, line, tampered = False, f"❌ Exercise {exercise}: {answer.failure}", ""
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        ours.close()
        for target in (-pid, pid):  # the child and whatever it started
            try:
                os.kill(target, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        os.waitpid(pid, 0)
    return {"passed": passed and not tampered, "line": line[:500], "tampered": tampered}


def _out_of_time(answer: boundary.Answer):
    def stop(signum, frame):
        answer.failure = answer.failure or "timed out: is there an endless loop in your code?"
        raise boundary.AnswerStopped(answer.failure)

    return stop


def _verdict(core, answer: boundary.Answer, exercise: str) -> tuple[bool, str]:
    error, defined = answer.ready()
    if error:
        return False, f"the exercise cell raised {error}"
    result = core.run_check(exercise, answer.namespace(defined))
    if answer.failure:  # stopped, whatever the check made of it
        return False, f"❌ Exercise {exercise}: {answer.failure}"
    return result.passed, result.line


def _child(sock: socket.socket, exercise: str, source: str, names: tuple[str, ...]) -> None:
    before = _snapshot()
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    error = ""
    try:
        exec(compile(source, f"<exercise {exercise}>", "exec"), namespace)  # noqa: S102
    except BaseException as raised:  # the cell itself fails: report it like the notebook
        error = f"{type(raised).__name__}: {raised}".rstrip(": ")
    boundary.serve(sock, namespace, names, error, farewell=lambda: _changes(before))


_WATCHED = ("utils", "builtins", "sys", "os", "io", "contextlib", "warnings", "signal",
            "threading", "inspect", "importlib", "json", "types", "random")  # fmt: skip
_GENERATORS = ("numpy.random",)  # whose seeding and state the randomness checks read


def _watched_modules() -> dict[str, types.ModuleType]:
    return {
        name: module
        for name, module in list(sys.modules.items())
        if isinstance(module, types.ModuleType)
        and (name.split(".")[0] in _WATCHED or name in _GENERATORS)
    }


def _snapshot() -> dict:
    """Identities of everything the check machinery depends on, before the student's code."""
    state: dict = {"sys.modules": {name: id(m) for name, m in _watched_modules().items()}}
    for attribute in ("stdout", "stderr", "displayhook", "excepthook", "meta_path", "path_hooks"):
        state[f"sys.{attribute}"] = id(getattr(sys, attribute))
    state["sys.trace"] = (id(sys.gettrace()), id(sys.getprofile()))
    for name, module in _watched_modules().items():
        if name == "sys" or not (name.startswith("utils") or name in _WATCHED + _GENERATORS):
            continue
        for key, value in list(vars(module).items()):
            state[f"{name}.{key}"] = id(value)
            if not str(getattr(value, "__module__", "")).startswith("utils"):
                continue  # a library's own state may change as it runs
            if isinstance(value, types.FunctionType):
                state[f"{name}.{key}()"] = (id(value.__code__), id(value.__defaults__),
                                            id(value.__kwdefaults__))  # fmt: skip
            elif isinstance(value, type):  # pickling a class's object may add __slotnames__
                state[f"{name}.{key}.*"] = tuple(
                    (k, id(v)) for k, v in vars(value).items() if k != "__slotnames__"
                )
    registry = vars(sys.modules["utils.course.checks.core"])["_REGISTRY"]
    state["the checkers"] = tuple(
        (id(c), id(c.test), id(c.test.__code__)) for c in registry.values()
    )
    return state


def _changes(before: dict) -> str:
    """What of :func:`_snapshot`'s state student code changed ('' when nothing)."""
    after = _snapshot()
    after["sys.modules"] = {n: after["sys.modules"].get(n) for n in before["sys.modules"]}
    changed = [key for key, value in before.items() if after.get(key) != value]
    if changed:
        return "changed " + ", ".join(sorted(changed)[:5])
    return ""


if __name__ == "__main__":
    main()
