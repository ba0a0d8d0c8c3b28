"""Fixed-point encoding of float updates as integers modulo 2**32 (lesson 06).

Masks are uniform numbers modulo 2**32, and only integers wrap around exactly, so every
update is first scaled, rounded and stored as uint32: ``encode(x) = rint(x * scale) mod
2**32``. A sum of encoded updates is taken modulo 2**32 and read back as a signed 32-bit
integer (two's complement). That is exact as long as the true integer sum stays in
(-2**31, 2**31): with ``n`` clients and every value in [-bound, bound], each encoded
integer has magnitude at most ``ceil(bound * scale)``, so ``n * ceil(bound * scale) <
2**31`` is the overflow bound, and :func:`overflow_safe_scale` picks the largest
power-of-two scale that meets it.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

MODULUS_BITS = 32
MODULUS = 2**MODULUS_BITS
HALF = 2 ** (MODULUS_BITS - 1)  # integers at or above this read back as negative


def _positive_number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, not {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def _clients(n_clients: object) -> int:
    if isinstance(n_clients, bool) or not isinstance(n_clients, numbers.Integral):
        raise TypeError(f"n_clients must be an int, not {type(n_clients).__name__}")
    if n_clients < 1:
        raise ValueError(f"n_clients must be at least 1, got {n_clients}")
    return int(n_clients)


def fits(n_clients: int, bound: float, scale: float) -> bool:
    """Whether ``n_clients`` encoded values in [-bound, bound] always sum without overflow."""
    n, bound, scale = (
        _clients(n_clients),
        _positive_number(bound, "bound"),
        _positive_number(scale, "scale"),
    )
    return n * math.ceil(bound * scale) < HALF


def overflow_safe_scale(n_clients: int, bound: float) -> float:
    """The largest power-of-two scale at which ``n_clients`` values in [-bound, bound] sum
    without overflow: ``n_clients * ceil(bound * scale) < 2**31``.

    A power of two keeps decoding exact: an integer divided by it is a float64 without
    rounding. Raises ValueError when not even a scale of 2**-60 fits.
    """
    n, bound = _clients(n_clients), _positive_number(bound, "bound")
    exponent = math.floor(math.log2(HALF / (n * bound)))  # n * bound * 2**e <= 2**31
    for e in range(exponent + 1, exponent - 3, -1):  # ceil() and log2's rounding: look near
        if e >= -60 and fits(n, bound, 2.0**e):
            return 2.0**e
    raise ValueError(f"{n} clients with values up to {bound} cannot be summed in 32 bits")


def _values(values: object) -> np.ndarray:
    if not isinstance(values, np.ndarray | list | tuple):
        raise TypeError(
            f"values must be a numpy array or a list of numbers, not {type(values).__name__}"
        )
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError("values must hold only numbers") from None
    if not np.isfinite(array).all():
        raise ValueError("values hold NaN or infinity: only finite numbers can be encoded")
    return array


def encode(values: np.ndarray, scale: float, bound: float | None = None) -> np.ndarray:
    """``rint(values * scale) mod 2**32`` as uint32; negatives wrap to the top half.

    With ``bound``, a value outside [-bound, bound] raises ValueError (clip updates first).
    """
    array, scale = _values(values), _positive_number(scale, "scale")
    if bound is not None:
        bound = _positive_number(bound, "bound")
        if array.size and np.abs(array).max() > bound:
            raise ValueError(
                f"a value of magnitude {np.abs(array).max():.3g} exceeds the bound {bound}: "
                "clip updates to [-bound, bound] before encoding"
            )
    integers = np.rint(array * scale)
    if integers.size and np.abs(integers).max() >= HALF:
        raise ValueError("values * scale must stay below 2**31 in magnitude; lower the scale")
    return np.mod(integers.astype(np.int64), MODULUS).astype(np.uint32)


def add(encoded: list[np.ndarray]) -> np.ndarray:
    """The sum modulo 2**32 of equally long uint32 vectors (numpy's uint32 wraps)."""
    if not isinstance(encoded, list | tuple) or not encoded:
        raise TypeError("add expects a non-empty list of uint32 vectors")
    total = np.zeros_like(uint32_vector(encoded[0]))
    for vector in encoded:
        vector = uint32_vector(vector)
        if vector.shape != total.shape:
            raise ValueError(f"vectors of shapes {total.shape} and {vector.shape} cannot be added")
        total += vector
    return total


def uint32_vector(vector: object) -> np.ndarray:
    if not isinstance(vector, np.ndarray) or vector.dtype != np.uint32:
        kind = vector.dtype if isinstance(vector, np.ndarray) else type(vector).__name__
        raise TypeError(f"expected a numpy uint32 vector (numbers modulo 2**32), got {kind}")
    return vector


def to_signed(encoded: np.ndarray) -> np.ndarray:
    """Read uint32 numbers as two's-complement int32 values, as int64: 2**31.. are negative."""
    signed = uint32_vector(encoded).astype(np.int64)
    signed[signed >= HALF] -= MODULUS
    return signed


def decode(encoded: np.ndarray, scale: float) -> np.ndarray:
    """The float64 values of uint32 numbers (an encoded vector or a sum of them)."""
    return to_signed(encoded) / _positive_number(scale, "scale")
