"""The mutation tool itself (``make mutants`` runs it over every exercise)."""

from tests.exercises import all_exercises, exercise_source
from tests.mutants import Mutant, mutants, mutate_exercise, read_allow_list, survives

CELL = """import os


def pick(a, b):
    prefix = os.sep
    ### BEGIN SOLUTION
    if a[1:3] != b and not a:
        return max(a, b)
    if not b:
        raise ValueError(a.lower())
    return a ^ 2
    ### END SOLUTION
"""


def test_mutants_change_only_the_solution_region():
    descriptions = [m.description for m in mutants(CELL)]
    assert all("prefix" not in d and "import" not in d for d in descriptions)
    for expected in [
        "NotEq -> Eq",
        "And -> Or",
        "operator dropped",
        "lower bound dropped",
        "`3` -> 4",
        "arguments 1 and 2 swapped",
        "max -> min",
        "ValueError -> TypeError",
        ".lower -> .casefold",
        "BitXor -> BitOr",
        "returns None",
        "statement dropped",
    ]:
        assert any(expected in d for d in descriptions), expected


def test_a_wrong_mutant_is_killed_and_the_solution_survives():
    source = exercise_source("00_start_here", "0.1")
    assert survives(Mutant("the solution", source), "0.1")
    xor_as_or = next(m for m in mutants(source) if "BitXor -> BitOr" in m.description)
    assert not survives(xor_as_or, "0.1")


def test_a_looping_mutant_is_stopped_by_the_time_limit():
    looping = Mutant("loops", "def xor_bytes(a, b):\n    while True:\n        pass\n")
    assert not survives(looping, "0.1", time_limit=0.2)


def test_every_mutant_of_exercise_0_1_is_killed():
    report = mutate_exercise("00_start_here", "0.1", read_allow_list())
    assert report.total >= 5 and not report.survivors, report.survivors


def test_allow_list_names_existing_mutants_with_reasons():
    current = {
        (exercise_id, mutant.description)
        for slug, exercise_id in all_exercises()
        for mutant in mutants(exercise_source(slug, exercise_id))
    }
    stale = set(read_allow_list()) - current
    assert not stale, f"equivalent_mutants.txt lists mutants that no longer exist: {stale}"
