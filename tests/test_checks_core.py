"""The check machinery: one line, never raises, whatever the student's code does."""

from utils.checks import check, core, run_check


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
    check("3.1")
    assert capsys.readouterr().out == (
        "❌ Exercise 3.1: the check cannot load (No module named 'tenseal'): "
        "run `make lab` to reinstall\n"
    )
