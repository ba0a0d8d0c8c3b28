"""The shared helpers checkers build on: NaN refusal, argument immutability, weak randomness."""

import math
import os

import numpy as np
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from utils.course.checks import aead, run_check
from utils.course.checks.core import SEED_ENV, Hint, call_unmutated, finite
from utils.course.checks.randomness import fixed_bits, fixed_positions, predictable_source


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


def _function(source: str):
    namespace: dict = {}
    exec(source, namespace)  # noqa: S102 - the test's own snippets
    return namespace["f"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import random\ndef f(): return random.Random().randbytes(4)", "random.Random()"),
        ("import random as r\ndef f(): return r.Random().randbytes(4)", "random.Random()"),
        ("from random import Random as R\ndef f(): return R().randbytes(4)", "random.Random()"),
        ("def f():\n    import random as q\n    return q.Random().randbytes(4)", "Random()"),
        ("import random\nRNG = random.Random(1)\ndef f(): return RNG.randbytes(4)", "Random` gen"),
        ("import numpy.random as npr\ndef f(): return npr.default_rng().bytes(4)", "numpy gen"),
        ("from numpy.random import default_rng as g\ndef f(): return g().bytes(4)", "numpy gen"),
        ("import numpy as np\ndef f(): return np.random.PCG64().random_raw()", "numpy gen"),
        ("import numpy as np\nG = np.random.default_rng(1)\ndef f(): return G.bytes(4)", "numpy"),
        ("from time import time_ns as t\ndef f(): return t().to_bytes(12, 'big')", "the clock"),
        ("import time\ndef f(): return getattr(time, 'time' + '_ns')()", "the clock"),
        ("import random\ndef f(): return getattr(random, 'Ran' + 'dom')().random()", "Random()"),
        ("from datetime import datetime as dt\ndef f(): return str(dt.now())", "the clock"),
        ("import uuid as u\ndef f(): return u.uuid1().hex", "uuid1"),
        ("import os as o\ndef f(): return o.getpid()", "process id"),
        ("import time\ndef helper(): return time.time()\ndef f(): return helper()", "the clock"),
        (
            "import time\nclass Maker:\n    def make(self): return time.time_ns()\n"
            "def f(): return Maker().make()",
            "the clock",
        ),
    ],
)
def test_predictable_source_resolves_what_names_stand_for(source, expected):
    assert expected in predictable_source(_function(source))


@pytest.mark.parametrize(
    "source",
    [
        "import random\ndef f(): return random.SystemRandom().randbytes(4)",
        "import secrets\ndef f(): return secrets.choice('0123456789abcdef') + secrets.token_hex(4)",
        "import os, uuid\ndef f(): return os.urandom(4) + uuid.uuid4().bytes",
        "import types\nrecord = types.SimpleNamespace(time=1, now=2)\n"
        "def f(): return bytes([record.time, record.now])",
        # the global generators: left to reseeded_generator and weak_generator
        "import random\ndef f(): return random.randbytes(4)",
        "import numpy as np\ndef f(): return np.random.bytes(4)",
    ],
)
def test_predictable_source_lets_other_sources_through(source):
    assert predictable_source(_function(source)) is None


def test_fixed_bits_finds_a_uuid4s_version_bits():
    import uuid

    assert fixed_bits([uuid.uuid4().bytes[:12] for _ in range(40)]) == 6  # version 4, variant
    assert fixed_bits([os.urandom(12) for _ in range(40)]) == 0
    with pytest.raises(ValueError, match="40 samples"):
        fixed_bits([os.urandom(12) for _ in range(39)])


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
