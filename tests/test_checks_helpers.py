"""The shared helpers checkers build on: NaN refusal, argument immutability, weak randomness."""

import math
import os
import random

import numpy as np
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from utils.course.checks import aead, run_check
from utils.course.checks.core import SEED_ENV, Hint, call_unmutated, finite
from utils.course.checks.randomness import fixed_positions, predictable_source


@pytest.mark.parametrize("value", [math.nan, math.inf, np.array([1.0, np.nan]), [0.5, -math.inf]])
def test_finite_refuses_nan_and_infinity(value):
    with pytest.raises(Hint, match="NaN or infinity"):
        finite(value, "the result")


@pytest.mark.parametrize("value", [0.5, 3, np.array([[1.0, 2.0]]), [1, 2], "text", None])
def test_finite_lets_finite_numbers_and_non_numbers_through(value):
    finite(value, "the result")


def test_call_unmutated_names_the_argument_that_changed():
    def pops(record, items):
        record.pop("id")
        return len(items)

    with pytest.raises(Hint, match="changed its argument `record`"):
        call_unmutated(pops, {"id": 1}, [1, 2])


def test_call_unmutated_sees_an_array_written_in_place_and_returns_the_result():
    def scales(values):
        values *= 2
        return values

    with pytest.raises(Hint, match="`values`"):
        call_unmutated(scales, np.arange(3.0))
    assert call_unmutated(lambda values: values * 2, np.arange(3.0)).tolist() == [0, 2, 4]


def test_call_unmutated_ignores_objects_it_cannot_compare():
    class Key:  # no __eq__: a deep copy would never equal it
        pass

    assert call_unmutated(lambda key, nan: 1, Key(), math.nan) == 1


def test_randomized_cases_vary_between_runs_and_replay_with_the_reported_seed(monkeypatch):
    drawn = []

    def xor_bytes(a, b):
        drawn.append((a, b))
        if len(a) != len(b):
            raise ValueError("lengths differ")
        return bytes(x ^ y for x, y in zip(a, b, strict=True))

    monkeypatch.delenv(SEED_ENV, raising=False)
    seeds = {run_check("0.1", {"xor_bytes": xor_bytes}).seed for _ in range(3)}
    assert len(seeds) == 3 and None not in seeds
    drawn.clear()
    first = run_check("0.1", {"xor_bytes": xor_bytes})
    first_cases, drawn[:] = list(drawn), []
    monkeypatch.setenv(SEED_ENV, str(first.seed))
    replay = run_check("0.1", {"xor_bytes": xor_bytes})
    assert replay.passed and replay.seed == first.seed and drawn == first_cases


def test_predictable_source_names_per_call_generators_and_clocks():
    import time
    import uuid

    def per_call():
        return random.Random().randbytes(4)

    def clock():
        return time.time_ns().to_bytes(8, "big")

    def helper_uuid1():
        return _uuid1_hex()

    def _uuid1_hex():
        return uuid.uuid1().hex

    assert "random.Random()" in predictable_source(per_call)
    assert predictable_source(clock) == "the clock"
    assert "uuid1" in predictable_source(helper_uuid1)
    assert predictable_source(lambda: os.urandom(4)) is None


def test_fixed_positions_finds_the_bytes_that_never_change():
    samples = [os.urandom(4) + b"fix" + os.urandom(5) for _ in range(20)]
    assert fixed_positions(samples) == [4, 5, 6]
    assert fixed_positions([os.urandom(12) for _ in range(20)]) == []


def test_aead_helper_opens_and_names_the_mistake():
    key, nonce = AESGCM.generate_key(bit_length=256), os.urandom(12)
    blob = nonce + AESGCM(key).encrypt(nonce, b"secret", b"id-1")
    assert aead.opens(key, blob, b"id-1") == b"secret"
    assert aead.opens(key, blob, b"id-2") is None
    unbound = nonce + AESGCM(key).encrypt(nonce, b"secret", None)
    assert "not bound" in aead.why_unopenable(key, unbound, b"id-1")
    late = AESGCM(key).encrypt(nonce, b"secret", b"id-1") + nonce
    assert "nonce must come first" in aead.why_unopenable(key, late, b"id-1")
    assert aead.why_unopenable(key, os.urandom(40), b"id-1") is None
