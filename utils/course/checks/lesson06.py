"""Checkers of lesson 06 (federated learning with secure aggregation)."""

from __future__ import annotations

import itertools
import math
import numbers
import os
from collections.abc import Callable, Iterator

import numpy as np
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from utils import federated
from utils.course.checks.core import Hint, call_unmutated, case_rng, checker, finite
from utils.course.checks.randomness import predictable_source, reseeded_generator, weak_generator
from utils.federated import shamir

MODULUS = 2**32
# Primes of the randomized Shamir cases: the course's field, two Mersenne primes and a
# small one (a coefficient drawn from a smaller range shows only in the large ones).
PRIMES = (shamir.PRIME, 2**127 - 1, 2**61 - 1, 7919)


def _numpy_rng() -> np.random.Generator:
    """A numpy generator for this run's randomized cases (see core.case_rng)."""
    return np.random.default_rng(case_rng().getrandbits(64))


def _explained(results: list, mistakes: list[dict], same: Callable) -> str | None:
    """The first mistake (a hint) whose outputs match every case's result, if any."""
    for hint in mistakes[0]:
        if all(same(got, m[hint]) for got, m in zip(results, mistakes, strict=True)):
            return hint
    return None


# --- 6.1: the gradient-inversion attack


@checker("6.1", "recover_record")
def _check_recover(recover_record):
    rng = _numpy_rng()
    cases = []
    while len(cases) < 3:  # both labels: p - y changes sign
        label, d = len(cases) % 2, int(rng.integers(3, 40))
        x, w = rng.normal(0, 1.5, d), rng.normal(0, 0.5, d)
        bias, rate = float(rng.normal(0, 2)), float(rng.uniform(0.01, 3))
        grad_w, grad_b = federated.gradients(w, bias, x[None], np.array([label]))
        if abs(grad_b) > 0.05:  # a patient the model does not already fit perfectly
            cases.append((x, -rate * grad_w, -rate * grad_b))
    results = [_recovered(recover_record, w, b, len(x)) for x, w, b in cases]
    wrong = [
        not np.allclose(got, x, rtol=1e-9, atol=1e-12)
        for got, (x, _, _) in zip(results, cases, strict=True)
    ]
    if not any(wrong):
        return
    mistakes = [_record_mistakes(update_w, update_b) for _, update_w, update_b in cases]
    hint = _explained(results, mistakes, lambda a, b: np.allclose(a, b, rtol=1e-9, atol=1e-12))
    if hint:
        raise Hint(hint)
    digits = _digits(results, [x for x, _, _ in cases])
    if digits is not None:
        raise Hint(
            f"the record comes back, but only to about {digits} significant digits: keep "
            "float64 and don't round (the division itself is exact to about 15)"
        )
    if wrong.count(True) < len(wrong):
        raise Hint(
            "the record came back for some patients and not for others: the ratio must hold "
            "whatever the label, the model and the learning rate"
        )
    raise Hint(
        "the recovered features differ from the patient's: both parts of the update are the "
        "same number times (x, 1); which operation cancels that number?"
    )


def _digits(results: list[np.ndarray], records: list[np.ndarray]) -> int | None:
    """The significant digits the answers share with the records, if precision is all that
    was lost (float32 keeps about 7, np.round(..., 7) as many decimals)."""
    errors = [
        np.max(np.abs(got - x) / np.maximum(np.abs(x), 1e-3))
        for got, x in zip(results, records, strict=True)
    ]
    worst = max(errors)
    if not 1e-9 < worst < 1e-3:
        return None
    return int(np.floor(-np.log10(worst)))


def _recovered(
    recover_record: Callable, update_w: np.ndarray, update_b: float, d: int
) -> np.ndarray:
    got = call_unmutated(recover_record, update_w, update_b)
    if not isinstance(got, np.ndarray):
        raise Hint(f"return the record as a numpy array of {d} features, not {type(got).__name__}")
    if got.shape != (d,):
        raise Hint(
            f"an update of {d} weights gave a record of shape {got.shape}: return one value "
            "per weight (the bias update is not a feature)"
        )
    finite(got, "your record")
    return got


def _record_mistakes(update_w: np.ndarray, update_b: float) -> dict[str, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return {
            "you returned update_w as it is: it is the record times -learning_rate * (p - y), "
            "and update_b is that factor alone": update_w,
            "the ratio is upside down: update_b / update_w": update_b / update_w,
            "you multiplied the two parts: the factor they share cancels in a ratio, not a "
            "product": update_w * update_b,
            "the sign is flipped: both parts carry the same factor, so their ratio needs no "
            "minus sign": -update_w / update_b,
            "correct for one label only: abs() drops the sign of p - y, which differs between "
            "benign and malignant patients": update_w / abs(update_b),
        }


# --- 6.2: fixed point modulo 2**32


@checker("6.2", "to_uint32")
def _check_to_uint32(to_uint32):
    rng = _numpy_rng()
    cases = [(np.array([0.0, 1.0, -1.0, 0.4, -0.4, -2.7]), 4.0)]
    for _ in range(3):
        scale = 2.0 ** int(rng.integers(4, 21))
        largest = 2**30 / scale
        values = rng.uniform(-largest, largest, int(rng.integers(8, 40)))
        values[:4] = [-0.7 / scale, 0.7 / scale, -(2.6 / scale), 3.6 / scale]  # above .5
        rng.shuffle(values)
        cases.append((values, scale))
    cases.append((rng.uniform(-5, 5, 20), 1000.0))  # not a power of two
    for values, scale in cases:
        try:
            got = call_unmutated(to_uint32, values.view(_CastWatch), scale)
        except _NegativeToUnsigned:
            raise Hint(
                "you cast negative floats straight to uint32: C leaves that undefined, so it "
                "wraps on x86 and gives 0 on ARM; convert to a signed integer first "
                "(astype(np.int64)), then reduce modulo 2**32"
            ) from None
        if isinstance(got, np.ndarray):
            got = got.view(np.ndarray)
        want = federated.encode(values, scale)
        if isinstance(got, np.ndarray) and got.dtype == np.uint32 and np.array_equal(got, want):
            continue
        raise Hint(_uint32_mistake(got, values, scale, want))


class _NegativeToUnsigned(Exception):
    """Raised by _CastWatch.astype: a negative float was about to become an unsigned int."""


class _CastWatch(np.ndarray):
    """The values handed to the answer: refuses astype() from negative floats to unsigned.

    Casting a negative float to uint32 is undefined behaviour in C, and numpy inherits it: on
    x86 the cast goes through a 64-bit signed conversion and wraps (-1.0 gives 2**32 - 1, the
    right answer), on ARM it saturates to 0. No input tells the two apart on x86, so outputs
    cannot: the check watches the cast itself. Arithmetic, np.round and np.rint keep this
    subclass, so the cast in ``np.round(values * scale).astype(np.uint32)`` is seen on every
    CPU; casts from integers, or from floats already reduced modulo 2**32, pass.
    """

    def astype(self, dtype, *args, **kwargs):
        plain = self.view(np.ndarray)
        if plain.dtype.kind == "f" and np.dtype(dtype).kind == "u" and (plain < 0).any():
            raise _NegativeToUnsigned
        return super().astype(dtype, *args, **kwargs)


def _uint32_mistake(got: object, values: np.ndarray, scale: float, want: np.ndarray) -> str:
    if not isinstance(got, np.ndarray):
        return f"return a numpy array of uint32, not {type(got).__name__}"
    if got.shape != values.shape:
        return f"{values.size} values gave an array of shape {got.shape}: encode each value"
    rounded = np.rint(values * scale)
    if got.dtype != np.uint32:
        if np.array_equal(np.asarray(got, dtype=float), rounded):
            return (
                "negative values kept their minus sign: reduce every integer modulo 2**32, so "
                "that -1 becomes 2**32 - 1"
            )
        if got.dtype.kind in "iuf" and np.array_equal(np.mod(got.astype(float), MODULUS), want):
            return f"the values are right but the dtype is {got.dtype}: return uint32"
        return f"return uint32 numbers (dtype uint32), not {got.dtype}"
    with np.errstate(invalid="ignore", over="ignore"):
        single = np.rint(values.astype(np.float32) * np.float32(scale)).astype(np.float64)
        candidates = {
            "np.trunc or astype() drop the fraction, rounding toward zero: round to the "
            "nearest integer first (np.rint)": np.trunc(values * scale),
            "np.floor rounds down: round to the nearest integer (np.rint)": np.floor(
                values * scale
            ),
            "np.ceil rounds up: round to the nearest integer (np.rint)": np.ceil(values * scale),
            "you divided by the scale: encoding multiplies by it": np.rint(values / scale),
            "you rounded before scaling, which drops the fraction: multiply by the scale "
            "first, then round": np.rint(values) * scale,
            "float32 keeps only 24 bits of each value: compute in float64": single,
            "negative values lost their sign: reduce the signed integer modulo 2**32 instead "
            "of taking its absolute value": np.abs(rounded),
        }
        for hint, integers in candidates.items():
            if np.array_equal(got, np.mod(integers, MODULUS).astype(np.uint32)):
                return hint
        if np.array_equal(got, np.mod(rounded, 2**31).astype(np.uint32)) or np.array_equal(
            got, np.mod(rounded, MODULUS - 1).astype(np.uint32)
        ):
            return "reduce modulo 2**32, the number of uint32 values"
    negative = values * scale < -0.5
    if np.array_equal(got[~negative], want[~negative]):
        if not got[negative].any():
            return (
                "negative values became 0: casting a negative float straight to uint32 is "
                "undefined (it gives 0 on some CPUs); reduce a signed integer modulo 2**32 first"
            )
        return "the negative values are wrong: -k must become 2**32 - k"
    first = int(np.flatnonzero(got != want)[0])
    return f"the value {values[first]!r} at scale {scale} gave {got[first]}, expected {want[first]}"


# --- 6.3: a pairwise seed bound to the round and the pair


@checker("6.3", "pair_seed")
def _check_pair_seed(pair_seed):
    rng = case_rng()
    for round_id, low, high in (
        (rng.randrange(1, 100), rng.randrange(0, 50), rng.randrange(256, 2**16)),
        (rng.getrandbits(63), rng.randrange(256, 2**16), rng.randrange(2**16, 2**31)),
        (0, 0, 1),
    ):
        a, b = X25519PrivateKey.generate(), X25519PrivateKey.generate()
        for me, peer, mine, theirs in ((low, high, a, b), (high, low, b, a)):
            got = _seed(pair_seed, mine, theirs, round_id, me, peer)
            want = federated.pair_seed(mine, theirs.public_key(), round_id, me, peer)
            if got != want:
                raise Hint(_seed_mistake(pair_seed, got, mine, theirs, round_id, me, peer))


def _seed(pair_seed, mine, theirs, round_id, me, peer) -> bytes:
    got = call_unmutated(pair_seed, mine, theirs.public_key(), round_id, me, peer)
    if isinstance(got, str):
        raise Hint("return the seed as bytes, not a (hex) string")
    if not isinstance(got, bytes):
        raise Hint(f"return the seed as bytes, not {type(got).__name__}")
    return got


def _seed_mistake(pair_seed, got, mine, theirs, round_id, me, peer) -> str:
    shared = mine.exchange(theirs.public_key())
    if got == shared:
        return (
            "you returned the raw X25519 shared secret: derive the seed from it with HKDF, "
            "whose info binds it to the round and the pair"
        )
    if len(got) != 32:
        return f"a seed is 32 bytes (HKDF's length), not {len(got)}"
    if got != _seed(pair_seed, mine, theirs, round_id, me, peer):
        return (
            "the seed changed between two calls with the same arguments: derive it, don't draw it"
        )
    if got != _seed(pair_seed, theirs, mine, round_id, peer, me):
        return (
            f"client {me} and client {peer} derived different seeds: the info must be the same "
            "at both ends, so put the lower id first whichever end computes it"
        )
    if got == _seed(pair_seed, mine, theirs, round_id + 1, me, peer):
        return (
            "the seed does not change with the round: put round_id into the info, or every "
            "round reuses the same masks"
        )
    if got == _seed(pair_seed, mine, theirs, round_id, me, max(me, peer) + 7):
        return "another pair with the same keys got the same seed: put both ids into the info"
    info = federated.pair_info(round_id, me, peer)
    for salt, label in ((info, None), (info, b"")):
        if got == HKDF(hashes.SHA256(), 32, salt, label).derive(shared):
            return "the round and the pair went into HKDF's salt: they belong in its info"
    for algorithm in (hashes.SHA512, hashes.SHA384, hashes.SHA3_256, hashes.SHA224):
        if got == HKDF(algorithm(), 32, None, info).derive(shared):
            return f"the seed comes from HKDF with {algorithm.name}: use SHA-256"
    low, high = sorted((me, peer))
    for hint, variant in _info_variants(round_id, low, high).items():
        if got == HKDF(hashes.SHA256(), 32, None, variant).derive(shared):
            return hint
    return (
        "the seed differs from HKDF-SHA256 (no salt, length 32) over the X25519 shared secret, "
        "with info = PAIR_LABEL + round (8 bytes) + lower id + higher id (4 bytes each), "
        "big-endian"
    )


def _info_variants(round_id: int, low: int, high: int) -> dict[str, bytes]:
    label = federated.PAIR_LABEL

    def pack(r, a, b, order="big", rw=8, iw=4, start=label):
        return start + r.to_bytes(rw, order) + a.to_bytes(iw, order) + b.to_bytes(iw, order)

    variants = {
        "the info holds the higher id first: the lower one comes first": pack(round_id, high, low),
        "the info's numbers are little-endian: write them big-endian": pack(
            round_id, low, high, "little"
        ),
        "the info must start with PAIR_LABEL": pack(round_id, low, high, start=b""),
    }
    for rw, iw in itertools.product((4, 8, 16), (2, 4, 8)):
        if (rw, iw) != (8, 4) and round_id < 2 ** (8 * rw) and high < 2 ** (8 * iw):
            variants[
                f"the info's field widths are off ({rw}-byte round, {iw}-byte ids): the round "
                "takes 8 bytes and each id 4"
            ] = pack(round_id, low, high, rw=rw, iw=iw)
    return variants


# --- 6.4: masking an update so that the masks cancel


@checker("6.4", "mask_update")
def _check_mask_update(mask_update):
    rng = _numpy_rng()
    for ids, d in (
        ([int(i) + 7 for i in rng.choice(1000, 3, replace=False)], 5),  # not positions
        # one- and two-digit ids: as text "9" > "10", so client 10 (checked first, as the
        # middle ids go in descending order) would add 9's mask, subtract 1's, add the last's
        ([1, 9, 10, 11 + int(rng.integers(0, 89))], int(rng.integers(5, 20))),
        ([int(i) + 7 for i in rng.choice(1000, int(rng.integers(4, 7)), replace=False)], 100),
    ):
        ids = sorted(ids)
        seeds = {frozenset(p): os.urandom(32) for p in itertools.combinations(ids, 2)}
        encoded = {i: rng.integers(0, MODULUS, d, dtype=np.uint32) for i in ids}
        # clients with peers on both sides first, the higher ones first
        for me in sorted(ids, key=lambda i: (i in (ids[0], ids[-1]), -i)):
            mine = {peer: seeds[frozenset((me, peer))] for peer in ids if peer != me}
            got = call_unmutated(mask_update, encoded[me], me, mine)
            want = federated.mask_update(encoded[me], me, mine)
            if not (
                isinstance(got, np.ndarray) and got.dtype == np.uint32 and np.array_equal(got, want)
            ):
                raise Hint(_mask_mistake(got, encoded[me], me, mine, want))


def _mask_mistake(got, encoded, me, seeds, want) -> str:
    if not isinstance(got, np.ndarray):
        return f"return a numpy array of uint32, not {type(got).__name__}"
    if got.shape != encoded.shape:
        return (
            f"an update of {encoded.size} numbers gave shape {got.shape}: one mask value per number"
        )
    masks = {
        peer: federated.expand_mask(seed, encoded.size).astype(np.int64)
        for peer, seed in seeds.items()
    }
    value = encoded.astype(np.int64)
    signs = {
        "every mask was added: they cancel only if the lower id adds and the higher id "
        "subtracts": lambda peer: 1,
        "every mask was subtracted: the lower id adds, the higher id subtracts": lambda peer: -1,
        "the signs are the other way round: add the mask when your id is the lower one, "
        "subtract it when it is the higher": lambda peer: 1 if peer < me else -1,
        "no mask was added: expand each seed with expand_mask and add or subtract it": lambda peer: (
            0
        ),
    }
    exact = value + sum(np.int64(1 if me < p else -1) * m for p, m in masks.items())
    if got.dtype != np.uint32:
        if got.dtype.kind in "iu" and np.array_equal(
            np.mod(got.astype(np.int64), MODULUS), np.mod(exact, MODULUS)
        ):
            return "the numbers are right modulo 2**32 but not reduced: return uint32 (it wraps by itself)"
        if got.dtype.kind == "f":
            return "float64 holds 53 bits, and uint32 sums need exact integers: work in uint32"
        return f"return uint32 numbers (dtype uint32), not {got.dtype}"
    for hint, sign in signs.items():
        total = value + sum(np.int64(sign(p)) * m for p, m in masks.items())
        if np.array_equal(got, np.mod(total, MODULUS).astype(np.uint32)):
            return hint
    for peer in seeds:
        single = value + np.int64(1 if me < peer else -1) * masks[peer]
        if np.array_equal(got, np.mod(single, MODULUS).astype(np.uint32)):
            return "only one peer's mask is in your result: add or subtract the mask of every peer in seeds"
    flipped = _flipped_peers(got, value, me, masks)
    if flipped:
        return (
            f"client {me} gave the wrong sign to the mask of peer(s) {flipped}, and the right "
            "one to the others: compare the ids as numbers (as text, '10' < '9'); " + _MASK_RULE
        )
    return f"the masked update differs: for each peer, expand its seed; {_MASK_RULE}"


_MASK_RULE = (
    "add the mask of each peer with a higher id than yours, subtract the mask of each peer "
    "with a lower id"
)


def _flipped_peers(got, value, me, masks) -> list[int] | None:
    """The peers whose mask has the wrong sign in ``got``, if a choice of signs explains it."""
    peers = sorted(masks)
    for signs in itertools.product((1, -1), repeat=len(peers)):
        total = value + sum(np.int64(s) * masks[p] for s, p in zip(signs, peers, strict=True))
        if np.array_equal(got, np.mod(total, MODULUS).astype(np.uint32)):
            return [p for s, p in zip(signs, peers, strict=True) if s != (1 if me < p else -1)]
    return None


# --- 6.5: Shamir's split, with fresh unpredictable coefficients


@checker("6.5", "shamir_split")
def _check_split(shamir_split):
    rng = case_rng()
    cases = [(rng.getrandbits(256), 5, 3, shamir.PRIME), (rng.getrandbits(100), 4, 1, PRIMES[1])]
    for prime in PRIMES:
        n = rng.randrange(2, 9)
        cases.append((rng.randrange(prime), n, rng.randrange(2, n + 1), prime))
    cases.append((rng.randrange(PRIMES[2]), 6, 6, PRIMES[2]))
    for secret, n, t, prime in cases:
        shares = _shares(shamir_split, secret, n, t, prime)
        _reconstructs(shares, secret, n, t, prime)
        if t > 1 and prime > 2**64:
            _fresh_and_uniform(shamir_split, shares, secret, n, t, prime)
    _randomness(shamir_split, rng.getrandbits(128), 5, 3, PRIMES[1])


def _shares(shamir_split, secret, n, t, prime) -> list[tuple[int, int]]:
    got = call_unmutated(shamir_split, secret, n, t, prime)
    if not isinstance(got, list | tuple) or not all(
        isinstance(s, tuple | list) and len(s) == 2 for s in got
    ):
        raise Hint("return a list of (x, y) pairs, one per share")
    if len(got) != n:
        raise Hint(f"n={n} gave {len(got)} shares: make one share for each of the n holders")
    if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for s in got for v in s):
        raise Hint("every share is a pair of ints (x, f(x) mod prime): no floats")
    shares = [(int(x), int(y)) for x, y in got]
    xs = [x for x, _ in shares]
    if 0 in xs:
        raise Hint(
            "a share sits at x = 0, where f(0) is the secret itself: give the holders x = 1..n"
        )
    if len(set(xs)) != n or not all(0 < x < prime for x in xs):
        raise Hint("the shares need n distinct x coordinates between 1 and prime - 1 (use 1..n)")
    if not all(0 <= y < prime for _, y in shares):
        raise Hint("a share's y is not reduced modulo the prime given: take f(x) % prime")
    return shares


def _reconstructs(shares, secret, n, t, prime) -> None:
    rng = case_rng()
    groups = [shares[:t], shares[-t:], rng.sample(shares, t)]
    if any(shamir.reconstruct(list(g), prime) != secret for g in groups):
        if t < n and shamir.reconstruct(shares[: t + 1], prime) == secret:
            raise Hint(
                f"{t} shares do not rebuild the secret, {t + 1} do: the polynomial has degree "
                "t - 1, so t coefficients (the secret and t - 1 random ones)"
            )
        if shamir.reconstruct(shares, prime) == (-secret) % prime:
            raise Hint("the shares rebuild minus the secret: f(x) = secret + a1·x + ..., all added")
        raise Hint(
            f"{t} of your {n} shares do not rebuild the secret: share i is (x_i, f(x_i) mod "
            "prime) for one polynomial f with f(0) = secret"
        )
    if t > 1 and shamir.reconstruct(shares[: t - 1], prime) == secret:
        raise Hint(
            f"{t - 1} shares already give the secret, one fewer than t: the polynomial needs "
            "degree t - 1, with t - 1 random coefficients after the secret"
        )


def _fresh_and_uniform(shamir_split, shares, secret, n, t, prime) -> None:
    again = _shares(shamir_split, secret, n, t, prime)
    if again == shares:
        raise Hint(
            "two splits of the same secret gave the same shares: the coefficients after the "
            "secret must be fresh random numbers (secrets.randbelow(prime)) on every call"
        )
    for candidate in (shares, again):
        coefficients = _coefficients(candidate[:t], prime)
        if coefficients[-1] < prime >> 64:
            raise Hint(
                "the random coefficients come from a small range: draw each from the whole "
                "field, secrets.randbelow(prime), or the shares leak about the secret"
            )
        # Independent coefficients from a field above 2**64 coincide with probability below
        # 2**-60; equal ones leave one unknown, so t - 1 shares give the secret.
        if len(set(coefficients[1:])) < t - 1:
            raise Hint(
                "some of your random coefficients are equal: draw each of the t - 1 separately, "
                "one secrets.randbelow(prime) per power of x, or fewer than t shares give the "
                "secret"
            )


def _coefficients(points: list[tuple[int, int]], prime: int) -> list[int]:
    """The coefficients (constant first) of the polynomial of degree len(points) - 1 through
    ``points``: the sum of y_j times its Lagrange basis polynomial, expanded."""
    total = [0] * len(points)
    for j, (x_j, y_j) in enumerate(points):
        basis, denominator = [1], 1
        for m, (x_m, _) in enumerate(points):
            if m != j:  # basis *= (x - x_m)
                basis = [
                    (shifted - x_m * same) % prime
                    for shifted, same in zip([0, *basis], [*basis, 0], strict=True)
                ]
                denominator = denominator * (x_j - x_m) % prime
        weight = y_j * pow(denominator, -1, prime) % prime
        total = [(c + weight * b) % prime for c, b in zip(total, basis, strict=True)]
    return total


def _randomness(shamir_split, secret, n, t, prime) -> None:
    source = predictable_source(shamir_split, secret, n, t, prime)
    if source:
        raise Hint(
            f"your coefficients come from {source}, which is predictable: use secrets.randbelow"
        )
    reseeded = reseeded_generator(shamir_split, secret, n, t, prime)
    if reseeded:
        raise Hint(f"re-seeding {reseeded} repeated your shares: use secrets.randbelow")
    source = weak_generator(shamir_split, secret, n, t, prime)
    if source:
        raise Hint(
            f"your coefficients come from {source}, which is predictable: whoever guesses them "
            "rebuilds the secret from fewer than t shares; use secrets.randbelow"
        )


# --- 6.6: Lagrange interpolation at 0


@checker("6.6", "reconstruct")
def _check_reconstruct(reconstruct):
    rng = case_rng()
    cases = [(shamir.PRIME, 7, 3, rng.getrandbits(256), "first")]
    for prime in PRIMES:
        n = rng.randrange(3, 9)
        cases.append((prime, n, rng.randrange(2, n + 1), rng.randrange(prime), "random"))
    cases.append((PRIMES[1], 7, 4, rng.randrange(PRIMES[1]), "more"))
    cases.append((PRIMES[3], 6, 5, rng.randrange(PRIMES[3]), "random"))
    for prime, n, t, secret, pick in cases:
        shares = shamir.split(secret, n, t, prime)
        if pick == "first":
            chosen = [shares[1], shares[2], shares[4]]  # x = 2, 3, 5: not 1, not evenly spaced
        elif pick == "more":
            chosen = rng.sample(shares, t + 2)
        else:
            chosen = rng.sample(shares, t)  # shuffled, x not 1..t
        got = _reconstructed(reconstruct, chosen, prime)
        if got != secret:
            raise Hint(_reconstruct_mistake(got, chosen, prime, secret))


def _reconstructed(reconstruct, shares, prime) -> int:
    try:
        got = call_unmutated(reconstruct, [tuple(s) for s in shares], prime)
    except OverflowError:
        raise Hint(
            "`/` turned a big integer into a float, which cannot hold it: in a prime field "
            "you divide by multiplying with the inverse, pow(d, -1, prime)"
        ) from None
    if isinstance(got, float):
        raise Hint(
            "the secret came back as a float: there is no `/` in a prime field; multiply by "
            "the inverse, pow(d, -1, prime)"
        )
    if not isinstance(got, numbers.Integral) or isinstance(got, bool):
        raise Hint(f"return the secret as an int, not {type(got).__name__}")
    return int(got)


def _reconstruct_mistake(got: int, shares, prime: int, secret: int) -> str:
    if got % prime == secret:
        return "the result is right only modulo the prime: reduce it, `% prime`, before returning"
    ys = [y for _, y in shares]
    if got in ys:
        return "you returned one share's y: the secret is f(0), which no share holds"
    if got == sum(ys) % prime:
        return "the plain sum of the y values is not f(0): weight each y by its Lagrange basis at 0"
    if got == shamir.interpolate(shares, 1, prime):
        return "you evaluated the polynomial at x = 1: the secret is its value at x = 0"
    if got == (-secret) % prime:
        return "you got minus the secret: the basis at 0 multiplies (0 - x_m) / (x_j - x_m)"
    indexed = [(i + 1, y) for i, (_, y) in enumerate(shares)]
    if got == shamir.reconstruct(indexed, prime):
        return "you used each share's position as its x: use the x stored in the share"
    for first in range(1, len(shares)):
        if got == shamir.reconstruct(shares[:first], prime):
            return (
                f"you used only the first {first} of the {len(shares)} shares given: every "
                "share counts, and each basis runs over all the other shares' x"
            )
    for hint, variant in _LAGRANGE_MISTAKES.items():
        try:
            if got == variant(shares, prime):
                return hint
        except (ArithmeticError, ValueError):  # a variant may divide by zero or overflow
            continue
    # the numbers themselves (up to 157 digits) would bury the hint: name the x's only
    return (
        f"the shares at x = {[x for x, _ in shares]} gave a wrong secret: f(0) = sum of y_j "
        "times the product of (0 - x_m) / (x_j - x_m) over the other shares, where dividing "
        "by d means multiplying by pow(d, -1, prime), all modulo the prime"
    )


def _bases(shares) -> Iterator[tuple[int, int, int]]:
    """(y_j, numerator, denominator) of each share's Lagrange basis at 0, not reduced."""
    for j, (x_j, y_j) in enumerate(shares):
        others = [x_m for m, (x_m, _) in enumerate(shares) if m != j]
        yield y_j, math.prod(-x_m for x_m in others), math.prod(x_j - x_m for x_m in others)


def _float_lagrange(shares, prime) -> int:
    total = 0.0
    for j, (x_j, y_j) in enumerate(shares):
        term = y_j
        for m, (x_m, _) in enumerate(shares):
            if m != j:
                term *= (0 - x_m) / (x_j - x_m)
        total += term
    return int(round(total)) % prime


_LAGRANGE_MISTAKES: dict[str, Callable] = {
    "`//` rounds each division down, and a prime field has no rounding: divide by "
    "multiplying with the modular inverse, pow(d, -1, prime)": lambda shares, prime: (
        sum(y * num // den for y, num, den in _bases(shares)) % prime
    ),
    "float arithmetic keeps 53 bits and these numbers have hundreds: stay with integers and "
    "divide by multiplying with the modular inverse, pow(d, -1, prime)": _float_lagrange,
    "each basis is upside down: multiply by the product of (0 - x_m) and by the inverse of "
    "the product of (x_j - x_m), not the other way round": lambda shares, prime: (
        sum(y * den * pow(num, -1, prime) for y, num, den in _bases(shares)) % prime
    ),
    "abs() dropped the sign of a denominator: x_j - x_m is negative when x_m > x_j, and "
    "pow(d, -1, prime) takes negative d as it is": lambda shares, prime: (
        sum(y * num * pow(abs(den), -1, prime) for y, num, den in _bases(shares)) % prime
    ),
}
