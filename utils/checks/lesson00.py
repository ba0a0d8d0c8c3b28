"""Checkers of lesson 00 (start here)."""

from __future__ import annotations

import math
import random
import string

from utils.checks.core import Hint, checker

SECONDS_PER_YEAR = 365.25 * 24 * 3600

DATA_STATES = {
    "training CSV in a cloud bucket": "at rest",
    "features sent from the app to the inference API": "in transit",
    "weights loaded in GPU memory while serving": "in use",
    "nightly database backup on tape": "at rest",
    "gradients exchanged between training workers": "in transit",
    "patient record being scored by the model": "in use",
}


@checker("0.1", "xor_bytes")
def _check_xor(xor_bytes):
    cases = [(b"\x00\xff\x0f", b"\xff\xff\xf0", b"\xff\x00\xff"), (b"key", b"key", b"\0\0\0")]
    for a, b, want in cases:
        got = xor_bytes(a, b)
        if not isinstance(got, bytes):
            raise Hint(
                f"return bytes, not {type(got).__name__}: bytes(...) turns a list of ints into bytes"
            )
        if got != want:
            raise Hint("wrong result for a simple case: XOR each pair of bytes with ^")
    if xor_bytes(b"", b"") != b"":
        raise Hint("two empty inputs should give b''")
    for a, b in [(b"abc", b"ab"), (b"ab", b"abc"), (b"", b"a")]:
        try:
            xor_bytes(a, b)
        except ValueError:
            continue
        raise Hint(
            f"xor_bytes({a!r}, {b!r}) must raise ValueError: the lengths differ, and zip() "
            "silently stops at the shorter input"
        )


@checker("0.2", "brute_force_years")
def _check_years(brute_force_years):
    for bits, rate in [(40, 1e9), (56, 1e12), (128, 1e18)]:
        want = 2**bits / rate / SECONDS_PER_YEAR
        got = brute_force_years(bits, rate)
        if not isinstance(got, (int, float)) or not math.isfinite(got):
            raise Hint(f"return a finite number of years, got {got!r}")
        if math.isclose(got, want * SECONDS_PER_YEAR, rel_tol=1e-3):
            raise Hint("your answer is in seconds: divide by the seconds in a year (365.25 days)")
        if math.isclose(got, bits / rate / SECONDS_PER_YEAR, rel_tol=1e-3):
            raise Hint("a key of n bits has 2**n possible values, not n")
        if not math.isclose(got, want, rel_tol=1e-3):
            raise Hint(
                f"for {bits}-bit keys at {rate:.0e} guesses/s the result is off: try every one of the 2**bits keys"
            )


@checker("0.3", "random_token")
def _check_token(random_token):
    token = random_token(16)
    if not isinstance(token, str):
        raise Hint(f"return a str of hex digits, not {type(token).__name__}: see bytes.hex()")
    if set(token) - set(string.hexdigits):
        raise Hint("the token holds characters that are not hex digits (0-9, a-f)")
    if len(token) == 16:
        raise Hint("16 random bytes are 32 hex digits: is the length counted in bytes?")
    lengths = {len(random_token(n)) for n in (1, 2, 3) for _ in range(100)} | {len(token)}
    if lengths != {2, 4, 6, 32}:
        raise Hint(
            "some tokens had the wrong number of digits: were leading zeros lost by "
            "converting through an int? Each byte is exactly two hex digits"
        )
    if random_token(16) == token:
        raise Hint("two tokens were equal: each call needs fresh random bytes")
    long_token = random_token(64)
    if long_token[:64] == long_token[64:]:
        raise Hint("the token repeats itself: all of its bytes must be fresh random bytes")
    random.seed(2024)
    first = random_token(16)
    random.seed(2024)
    if random_token(16) == first:
        raise Hint("re-seeding Python's `random` reproduced your token: use the `secrets` module")


@checker("0.4", "data_states")
def _check_states(data_states):
    answers = data_states()
    if not isinstance(answers, dict) or set(answers) != set(DATA_STATES):
        raise Hint("return a dict with exactly the six scenarios of the table as keys")
    allowed = {"at rest", "in transit", "in use"}
    if set(answers.values()) - allowed:
        raise Hint(f"each value must be one of {sorted(allowed)}")
    wrong = [s for s, state in DATA_STATES.items() if answers[s] != state]
    if wrong:
        raise Hint(
            f"misclassified: {len(wrong)} of 6, e.g. '{wrong[0]}': ask where the bytes are "
            "at that moment: stored, moving between machines, or being computed on"
        )
