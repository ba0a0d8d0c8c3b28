"""The seed sweep (``make stress`` runs it over every known answer)."""

import os
import random

import pytest

from tests.mutants import Timeout, deadline
from tests.stress import Case, sweep, sweep_case
from utils.course.checks.core import SEED_ENV, Hint, case_rng, checker


@checker("98.1", "pick")
def _check_pick(pick):
    """A deliberately weak check: its one random case lets `return 0` pass on some seeds."""
    value = case_rng().randrange(2)
    if pick(value) != value:
        raise Hint("pick gave another value")


@checker("98.2", "pick")
def _check_pick_fixed(pick):
    """A check without random cases."""
    if pick(1) != 1:
        raise Hint("pick gave another value")


def test_a_seed_that_lets_a_wrong_answer_pass_is_reported_for_replay():
    wrong = Case("98.1", "wrong answer 1", "def pick(value):\n    return 0", "another value")
    reported = []
    counts = sweep([wrong], list(range(1, 9)), jobs=1, report=reported.append)
    lucky = [seed for seed in range(1, 9) if random.Random(seed).randrange(2) == 0]
    assert lucky and counts["98.1", "failures"] == len(lucky) and counts["98.1", "runs"] == 8
    for seed, line in zip(lucky, reported, strict=True):
        assert f"seed {seed}: the wrong answer passed" in line
        assert f"--exercise 98.1 --start {seed} --seeds 1" in line


def test_the_sweep_leaves_the_suites_seed_as_it_was():
    before = os.environ.get(SEED_ENV)
    sweep_case(Case("98.1", "solution", "def pick(value):\n    return value", None), [5], 60)
    assert os.environ.get(SEED_ENV) == before


def test_an_answer_whose_check_draws_nothing_runs_once():
    right = Case("98.2", "solution", "def pick(value):\n    return value", None)
    assert sweep_case(right, list(range(1, 9)), budget=60) == ([], 1)


def test_the_cpu_budget_stops_an_answer_early():
    right = Case("98.1", "solution", "def pick(value):\n    return value", None)
    assert sweep_case(right, list(range(1, 9)), budget=-1) == ([], 1)


def test_a_cpu_deadline_stops_a_busy_loop():
    with pytest.raises(Timeout, match="of CPU"), deadline(0.2, cpu=True):
        while True:
            pass
