"""Checkers of lesson 00 (start here)."""

from __future__ import annotations

import math
import numbers
import string
from collections.abc import Callable

from utils.course.checks.core import Hint, case_rng, checker, finite, warnings_during
from utils.course.checks.randomness import (
    fixed_positions,
    predictable_source,
    reseeded_generator,
    weak_generator,
)

SECONDS_PER_YEAR = 365.25 * 24 * 3600
SECONDS_PER_UNIT = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 24 * 3600}

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
    rng = case_rng()
    for size in (1, 2, rng.randrange(3, 64)):  # random bytes: overlapping bits, no palindromes
        a, b = rng.randbytes(size), rng.randbytes(size)
        cases.append((a, b, bytes(x ^ y for x, y in zip(a, b, strict=True))))
    for a, b, want in cases:
        got = xor_bytes(a, b)
        if not isinstance(got, bytes):
            raise Hint(
                f"return bytes, not {type(got).__name__}: bytes(...) turns a list of ints into bytes"
            )
        if len(got) != len(want):
            raise Hint(
                f"two {len(a)}-byte inputs gave {len(got)} bytes: the result is as long as the "
                "inputs (were zero bytes lost by converting through an int?)"
            )
        if got != want:
            if got == bytes(x ^ y for x, y in zip(a, reversed(b), strict=True)):
                raise Hint("one input was reversed: XOR byte i of a with byte i of b")
            raise Hint(f"xor_bytes({a!r}, {b!r}) gave {got!r}: XOR each pair of bytes with ^")
    try:
        empty = xor_bytes(b"", b"")
    except ValueError:
        raise Hint(
            "two empty inputs have equal lengths: they should give b'', not an error"
        ) from None
    if empty != b"":
        raise Hint("two empty inputs should give b''")
    for a, b in [(b"abc", b"ab"), (b"ab", b"abc"), (b"", b"a")]:
        try:
            returned, warned = warnings_during(xor_bytes, a, b)
        except ValueError:
            continue
        except Exception as error:
            raise Hint(
                f"xor_bytes({a!r}, {b!r}) raised {type(error).__name__}: the exercise asks for ValueError"
            ) from None
        if warned:
            raise Hint(
                f"xor_bytes({a!r}, {b!r}) only warned: raise ValueError, since a warning lets "
                "the call go on with a wrong result"
            )
        if isinstance(returned, BaseException):
            raise Hint(
                f"xor_bytes({a!r}, {b!r}) returned a {type(returned).__name__} instead of raising it"
            )
        raise Hint(
            f"xor_bytes({a!r}, {b!r}) must raise ValueError: the lengths differ, and zip() "
            "silently stops at the shorter input"
        )


@checker("0.2", "brute_force_years")
def _check_years(brute_force_years):
    rng = case_rng()
    cases = [(40, 1e9), (56, 1e12), (128, 1e18)]
    cases += [(rng.randrange(20, 300), 10 ** rng.uniform(3, 18)) for _ in range(3)]
    for bits, rate in cases:
        got = _years(brute_force_years, bits, rate)
        want = 2**bits / rate / SECONDS_PER_YEAR
        if not _close(got, want):
            raise Hint(_years_mistake(brute_force_years, got, want, bits, rate))


def _years(brute_force_years: Callable, bits: int, rate: float) -> float:
    try:
        got = brute_force_years(bits, rate)
    except TypeError as error:
        if "for ^" in str(error):
            raise Hint("^ is XOR in Python: a power is written **") from None
        raise
    if isinstance(got, bool) or not isinstance(got, numbers.Real):
        raise Hint(f"return a number of years, got {got!r}")
    finite(got, "your number of years")
    return float(got)


def _close(got: float, want: float, tolerance: float = 1e-9) -> bool:
    return math.isclose(got, want, rel_tol=tolerance)


def _years_mistake(
    brute_force_years: Callable, got: float, want: float, bits: int, rate: float
) -> str:
    """The hint for a wrong number of years: the likely mistake, or how far off it is."""
    if got == 0 < want or any(got == round(want, digits) for digits in range(-2, 9)):
        return "your answer was rounded: return the number of years unrounded"
    if _close(_years(brute_force_years, bits, 2 * rate), got):
        return "the result does not change with guesses_per_second: divide by the argument"
    if _close(_years(brute_force_years, bits + 1, rate), got):
        return "the result does not change with key_bits: use the argument, 2**key_bits keys"
    if _close(got, 2**bits * rate / SECONDS_PER_YEAR):
        return "you multiplied by the guesses per second: the time is keys / (keys per second)"
    for unit, seconds in SECONDS_PER_UNIT.items():
        if _close(got, want * SECONDS_PER_YEAR / seconds):
            return f"your answer is in {unit}: divide by the seconds in a year (365.25 days)"
    for days in (365, 366, 360):
        if _close(got, want * 365.25 / days):
            return f"your year has {days} days: the exercise counts 365.25 days"
    if _close(got, want / 2):
        return "that is the time to try half the keys (the average): the exercise asks for all 2**n"
    if _close(got, bits / rate / SECONDS_PER_YEAR):
        return "a key of n bits has 2**n possible values, not n"
    if _close(got, (2 ^ bits) / rate / SECONDS_PER_YEAR):
        return "^ is XOR in Python: a power is written **"
    if _close(got, 2**bits // rate / SECONDS_PER_YEAR):
        return "// drops the fraction of a second: divide with /"
    if _close(got, want, 1e-3):
        return (
            "close, but not exact: count 2**key_bits keys exactly (not through a logarithm) "
            "and 365.25 * 24 * 3600 seconds a year"
        )
    year = 2**bits / rate / got
    if got > 0 and _close(year, 2**bits / rate / _years(brute_force_years, bits + 3, rate) * 8):
        return f"your year lasts {year:.6g} seconds: a year is 365.25 * 24 * 3600 seconds"
    return (
        f"for {bits}-bit keys at {rate:.0e} guesses/s the result is off: try every one of the "
        "2**bits keys"
    )


@checker("0.3", "random_token")
def _check_token(random_token):
    token = random_token(16)
    if not isinstance(token, str):
        raise Hint(f"return a str of hex digits, not {type(token).__name__}: see bytes.hex()")
    if token.startswith("0x"):
        raise Hint("the token starts with the '0x' that hex() adds: return the hex digits only")
    if token.startswith(("b'", 'b"')):
        raise Hint(
            "the token is str() of a bytes object (b'...'): turn the bytes into hex digits with "
            ".hex()"
        )
    if set(token) - set(string.hexdigits):
        raise Hint("the token holds characters that are not hex digits (0-9, a-f)")
    source = predictable_source(random_token, 16)
    if source:
        raise Hint(f"your token is made from {source}, which is predictable: use `secrets`")
    tokens = [token] + [random_token(16) for _ in range(19)]
    _check_token_lengths(random_token, tokens)
    if len(set(tokens)) < len(tokens):
        raise Hint("two tokens were equal: each call needs fresh random bytes")
    long_token = random_token(64)
    if long_token[:64] == long_token[64:]:
        raise Hint("the token repeats itself: all of its bytes must be fresh random bytes")
    fixed = fixed_positions(tokens)
    if fixed:
        raise Hint(
            f"{len(fixed)} of the 32 hex digits are the same in every token (too little "
            "randomness, or a clock): all 16 bytes must be fresh random bytes"
        )
    if any(set(t) & set("abcdef") and set(t) & set("ABCDEF") for t in tokens):
        raise Hint(
            "tokens mix lower- and upper-case digits: picking from string.hexdigits makes a-f "
            "twice as likely as 0-9; turn random bytes into hex instead"
        )
    reseeded = reseeded_generator(random_token, 16)
    if reseeded:
        raise Hint(f"re-seeding {reseeded} reproduced your token: use the `secrets` module")
    source = weak_generator(random_token, 16)
    if source:
        raise Hint(
            f"your token comes from {source}, which is predictable: use the `secrets` module"
        )


def _check_token_lengths(random_token: Callable, tokens16: list[str]) -> None:
    lengths = {n: {len(random_token(n)) for _ in range(100)} for n in (1, 2, 3)}
    lengths[16] = {len(t) for t in tokens16}
    if lengths[16] == {16}:
        raise Hint("16 random bytes are 32 hex digits: is the length counted in bytes?")
    for n, seen in lengths.items():
        if len(seen) == 1 and seen != {2 * n}:
            raise Hint(
                f"random_token({n}) gave {seen.pop()} hex digits, not {2 * n}: does the token's "
                "length follow nbytes, two digits per byte?"
            )
    if any(seen != {2 * n} for n, seen in lengths.items()):
        raise Hint(
            "some tokens had the wrong number of digits: were leading zeros lost by "
            "converting through an int? Each byte is exactly two hex digits"
        )


@checker("0.4", "data_states")
def _check_states(data_states):
    answers = data_states()
    if not isinstance(answers, dict):
        raise Hint(f"return a dict with the six scenarios as keys, not {type(answers).__name__}")
    unknown = [key for key in answers if key not in DATA_STATES]
    if unknown:
        raise Hint(
            f"{unknown[0]!r} is not one of the six scenarios: map each scenario, spelled as "
            "in SCENARIOS, to its state"
        )
    missing = [scenario for scenario in DATA_STATES if scenario not in answers]
    if missing:
        raise Hint(f"'{missing[0]}' is missing: return a dict with all six scenarios as keys")
    allowed = {"at rest", "in transit", "in use"}
    if all(isinstance(state, str) and state.lower() in allowed for state in answers.values()):
        if any(state not in allowed for state in answers.values()):
            raise Hint("write each state in lower case, exactly 'at rest', 'in transit', 'in use'")
    if any(not isinstance(state, str) or state not in allowed for state in answers.values()):
        raise Hint(f"each value must be one of {sorted(allowed)}")
    wrong = [s for s, state in DATA_STATES.items() if answers[s] != state]
    if wrong:
        raise Hint(
            f"misclassified: {len(wrong)} of 6, e.g. '{wrong[0]}': ask where the bytes are "
            "at that moment: stored, moving between machines, or being computed on"
        )
