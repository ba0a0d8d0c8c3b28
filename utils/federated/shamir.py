"""Shamir's t-of-n secret sharing over a prime field, written with ``secrets`` (lesson 06).

A secret s becomes the constant term of a random polynomial f of degree t - 1 modulo the
prime p; share i is (i, f(i)) for i = 1..n. Any t shares determine f, so Lagrange
interpolation at 0 gives back s. Any t - 1 shares are consistent with every secret (for
each candidate s there is exactly one polynomial through them and (0, s)), so they
reveal nothing. Shares carry no authentication: a wrong share yields a wrong secret,
which the caller detects against a commitment (see ``secagg``).
"""

from __future__ import annotations

import functools
import numbers
import secrets

PRIME = 2**521 - 1  # a Mersenne prime (the field of NIST P-521): holds any 32-byte secret

Share = tuple[int, int]  # (x, f(x)), x in 1..p-1


def _int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return int(value)


def split(secret: int, n: int, t: int, prime: int = PRIME) -> list[Share]:
    """``n`` shares of ``secret`` (an int in [0, prime)), any ``t`` of which recover it."""
    secret, n, t, prime = (
        _int(v, k) for v, k in ((secret, "secret"), (n, "n"), (t, "t"), (prime, "prime"))
    )
    if not 0 <= secret < prime:
        raise ValueError(f"the secret must lie in [0, prime), got {secret}")
    if not 1 <= t <= n < prime:
        raise ValueError(f"need 1 <= t <= n < prime, got t={t}, n={n}")
    coefficients = [secret] + [secrets.randbelow(prime) for _ in range(t - 1)]
    return [(x, evaluate(coefficients, x, prime)) for x in range(1, n + 1)]


def evaluate(coefficients: list[int], x: int, prime: int = PRIME) -> int:
    """The polynomial with ``coefficients`` (lowest degree first) at ``x``, modulo ``prime``."""
    result = 0
    for coefficient in reversed(coefficients):  # Horner's rule
        result = (result * x + coefficient) % prime
    return result


def interpolate(shares: list[Share], x: int = 0, prime: int = PRIME) -> int:
    """The value at ``x`` of the polynomial through ``shares`` (Lagrange, modulo ``prime``).

    At ``x = 0`` that is the secret, if the shares are genuine and at least t of them.
    """
    if not isinstance(shares, list | tuple) or not shares:
        raise TypeError("shares must be a non-empty list of (x, y) pairs")
    points = [(_int(a, "a share's x") % prime, _int(b, "a share's y") % prime) for a, b in shares]
    xs = tuple(a for a, _ in points)
    if len(set(xs)) != len(xs):
        raise ValueError("shares need distinct x coordinates (modulo the prime)")
    weights = lagrange_weights(xs, _int(x, "x") % prime, _int(prime, "prime"))
    return sum(y * w for (_, y), w in zip(points, weights, strict=True)) % prime


@functools.lru_cache(maxsize=256)
def lagrange_weights(xs: tuple[int, ...], x: int, prime: int) -> tuple[int, ...]:
    """The numbers w_j with f(x) = sum of w_j * f(x_j) for every polynomial f of degree below
    len(xs) (modulo ``prime``). They depend on the x coordinates only, so one set serves
    every secret shared among the same holders."""
    weights = []
    for j, x_j in enumerate(xs):
        numerator, denominator = 1, 1
        for m, x_m in enumerate(xs):
            if m != j:
                numerator = numerator * (x - x_m) % prime
                denominator = denominator * (x_j - x_m) % prime
        weights.append(numerator * pow(denominator, -1, prime) % prime)
    return tuple(weights)


def reconstruct(shares: list[Share], prime: int = PRIME) -> int:
    """The secret behind ``shares``: the interpolating polynomial at 0."""
    return interpolate(shares, 0, prime)


def secret_to_int(secret: bytes) -> int:
    """A 32-byte secret as an int (big-endian), ready for :func:`split`."""
    if not isinstance(secret, bytes):
        raise TypeError(f"the secret must be bytes, not {type(secret).__name__}")
    if len(secret) != 32:
        raise ValueError(f"the secret must be 32 bytes long, got {len(secret)}")
    return int.from_bytes(secret, "big")


def int_to_secret(value: int) -> bytes:
    """The 32 bytes of a reconstructed secret; ValueError if it does not fit (a wrong share)."""
    value = _int(value, "value")
    if not 0 <= value < 2**256:
        raise ValueError("the reconstructed value is not a 32-byte secret: a share is wrong")
    return value.to_bytes(32, "big")
