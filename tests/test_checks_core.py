"""The check machinery: one line, never raises, whatever the student's code does."""

import builtins
import os
import signal
import sys
import time

import pytest

from utils.course import authoring
from utils.course.checks import check, core, run_check


def test_correct_answer_passes():
    result = run_check("0.1", {"xor_bytes": _reference_xor})
    assert result.passed and result.line == "✅ Exercise 0.1 passed"


def _reference_xor(a, b):
    if len(a) != len(b):
        raise ValueError("lengths differ")
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def test_unattempted_exercise_says_so():
    def xor_bytes(a, b):
        raise NotImplementedError()

    assert run_check("0.1", {"xor_bytes": xor_bytes}).line == "❌ Exercise 0.1: not attempted yet"


def test_missing_function_is_reported_not_raised():
    result = run_check("0.1", {})
    assert not result.passed
    assert "`xor_bytes` is not defined" in result.line


def test_student_exception_is_reported_with_its_type():
    def xor_bytes(a, b):
        return {}[a]

    result = run_check("0.1", {"xor_bytes": xor_bytes})
    assert result.line.startswith("❌ Exercise 0.1: your code raised KeyError")


def test_student_output_is_swallowed_and_one_line_printed(capsys):
    def xor_bytes(a, b):
        print("debugging", a, b)
        return _reference_xor(a, b)

    check("0.1")  # looks the function up in this module's globals: not defined here
    globals()["xor_bytes"] = xor_bytes
    try:
        check("0.1")
    finally:
        del globals()["xor_bytes"]
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "❌ Exercise 0.1: `xor_bytes` is not defined: run the exercise cell above first",
        "✅ Exercise 0.1 passed",
    ]


def test_unknown_exercise_prints_instead_of_raising(capsys):
    check("9.9")
    check("one")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "❌ Exercise 9.9: there is no checker for exercise 9.9"
    assert out[1].startswith("❌ Exercise one: exercise ids look like")


def test_endless_recursion_is_reported():
    def xor_bytes(a, b):
        return xor_bytes(a, b)

    assert "recursed" in run_check("0.1", {"xor_bytes": xor_bytes}).line


def test_missing_dependency_of_a_checker_is_reported(capsys, monkeypatch):
    def import_module(name):
        raise ModuleNotFoundError("No module named 'tenseal'", name="tenseal")

    monkeypatch.setattr(core.importlib, "import_module", import_module)
    monkeypatch.setattr(core, "_REGISTRY", {})
    check("4.1")
    assert capsys.readouterr().out == (
        "❌ Exercise 4.1: the check cannot load (No module named 'tenseal'): "
        "run `make lab` to reinstall\n"
    )


class _OwnStop(BaseException):
    """A student's own BaseException subclass."""


def _raising(error):
    def xor_bytes(a, b):
        raise error

    return xor_bytes


def _calling_exit(exit_function):
    def xor_bytes(a, b):
        exit_function()

    return xor_bytes


@pytest.mark.parametrize(
    "answer",
    [
        _calling_exit(sys.exit),
        _calling_exit(lambda: sys.exit(3)),
        _calling_exit(builtins.exit),  # site's Quitter outside a notebook
        _raising(SystemExit("bye")),
    ],
)
def test_exit_in_student_code_is_one_line(answer):
    result = run_check("0.1", {"xor_bytes": answer})
    assert result.line == (
        "❌ Exercise 0.1: your code called exit()/sys.exit(): a function should return its result"
    )


def test_student_base_exceptions_are_named_not_raised():
    result = run_check("0.1", {"xor_bytes": _raising(_OwnStop("halt"))})
    assert result.line == "❌ Exercise 0.1: your code raised _OwnStop: halt"
    result = run_check("0.1", {"xor_bytes": _raising(GeneratorExit())})
    assert result.line == "❌ Exercise 0.1: your code raised GeneratorExit"
    result = run_check("0.1", {"xor_bytes": _raising(KeyboardInterrupt())})
    assert "KeyboardInterrupt" in result.line and not result.passed


def test_a_real_ctrl_c_still_interrupts_and_the_handler_is_restored():
    before = signal.getsignal(signal.SIGINT)

    def xor_bytes(a, b):
        os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C or the interrupt button sends
        time.sleep(5)
        return _reference_xor(a, b)

    with pytest.raises(KeyboardInterrupt):
        run_check("0.1", {"xor_bytes": xor_bytes})
    assert signal.getsignal(signal.SIGINT) is before


def test_in_a_kernel_exit_is_reported_and_interrupt_stops_the_cell():
    """In Jupyter, ``exit()`` ends the kernel unless the check stops it; Ctrl-C still works."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(authoring.ROOT))
    try:
        exited = _run_in_kernel(
            client,
            "from utils.course.checks import check\n"
            "def xor_bytes(a, b):\n    exit()\n"
            "check('0.1')\nprint('kernel alive')",
        )
        assert exited["stdout"].splitlines() == [
            "❌ Exercise 0.1: your code called exit()/sys.exit(): a function should return its result",
            "kernel alive",
        ]
        assert _run_in_kernel(client, "print('still alive')")["stdout"] == "still alive\n"
        message_id = client.execute(
            "import time\ndef xor_bytes(a, b):\n    time.sleep(60)\ncheck('0.1')"
        )
        time.sleep(1.5)
        manager.interrupt_kernel()
        interrupted = _collect(client, message_id)
        assert interrupted["error"] == "KeyboardInterrupt", interrupted
        assert "Exercise" not in interrupted["stdout"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _run_in_kernel(client, code: str) -> dict:
    return _collect(client, client.execute(code))


def _collect(client, message_id: str, timeout: float = 30) -> dict:
    found = {"stdout": "", "error": None}
    while True:
        message = client.get_iopub_msg(timeout=timeout)
        if message["parent_header"].get("msg_id") != message_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream" and content["name"] == "stdout":
            found["stdout"] += content["text"]
        elif kind == "error":
            found["error"] = content["ename"]
        elif kind == "status" and content["execution_state"] == "idle":
            return found
