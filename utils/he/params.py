"""CKKS parameters and contexts: 128-bit security checks, parameter sets, public contexts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import tenseal as ts

# Largest total coefficient-modulus size (bits) that keeps 128-bit security
# (HomomorphicEncryption.org standard, the table SEAL enforces).
MAX_COEFF_BITS_128: dict[int, int] = {4096: 109, 8192: 218, 16384: 438, 32768: 881}
MAX_PRIME_BITS = 60
MIN_PRIME_BITS = 20


class HEParameterError(ValueError):
    """CKKS parameters that are insecure or cannot work."""


def check_parameters(
    poly_modulus_degree: int, coeff_mod_bit_sizes: Sequence[int], global_scale_bits: int
) -> None:
    """Raise HEParameterError with a sentence if the CKKS parameters are insecure or invalid."""
    allowed = ", ".join(str(n) for n in MAX_COEFF_BITS_128)
    if poly_modulus_degree not in MAX_COEFF_BITS_128:
        raise HEParameterError(
            f"poly_modulus_degree must be one of {allowed} (got {poly_modulus_degree!r})"
        )
    bits = list(coeff_mod_bit_sizes)
    if len(bits) < 2 or not all(isinstance(b, int) and not isinstance(b, bool) for b in bits):
        raise HEParameterError(
            "coeff_mod_bit_sizes must be a list of at least two integer prime sizes "
            f"(first, middle..., special last), got {coeff_mod_bit_sizes!r}"
        )
    out_of_range = [b for b in bits if not MIN_PRIME_BITS <= b <= MAX_PRIME_BITS]
    if out_of_range:
        raise HEParameterError(
            f"every prime must have {MIN_PRIME_BITS} to {MAX_PRIME_BITS} bits "
            f"(got {out_of_range} in {bits})"
        )
    total, limit = sum(bits), MAX_COEFF_BITS_128[poly_modulus_degree]
    if total > limit:
        raise HEParameterError(
            f"coefficient modulus of {total} bits exceeds the {limit}-bit maximum for "
            f"128-bit security at poly_modulus_degree {poly_modulus_degree}; "
            "use a larger N or fewer/smaller primes"
        )
    if not isinstance(global_scale_bits, int) or isinstance(global_scale_bits, bool):
        raise HEParameterError(f"global_scale_bits must be an integer (got {global_scale_bits!r})")
    if global_scale_bits >= bits[0]:
        raise HEParameterError(
            f"the scale (2^{global_scale_bits}) must be smaller than the first prime "
            f"({bits[0]} bits), which holds the decrypted result and its integer part; "
            f"use a first prime of about {global_scale_bits + 20} bits"
        )
    middle = bits[1:-1]
    if any(b != global_scale_bits for b in middle):
        raise HEParameterError(
            f"the middle primes {middle} must all have {global_scale_bits} bits, the size of "
            "the scale: each rescale divides by one middle prime, so a mismatch makes the "
            "scale drift after every multiplication until it is out of bounds"
        )
    if bits[-1] < max(bits[:-1]):
        raise HEParameterError(
            f"the last (special) prime has {bits[-1]} bits but must be at least as large as "
            f"the largest other prime ({max(bits[:-1])} bits) so that relinearization and "
            "rotations stay precise"
        )


def multiplicative_depth(coeff_mod_bit_sizes: Sequence[int]) -> int:
    """Number of rescaled multiplications a chain allows: its middle primes."""
    if len(coeff_mod_bit_sizes) < 2:
        raise HEParameterError(
            f"a coefficient-modulus chain has at least two primes (got {coeff_mod_bit_sizes!r})"
        )
    return len(coeff_mod_bit_sizes) - 2


@dataclass(frozen=True)
class CKKSParameters:
    """A 128-bit secure CKKS parameter set, checked when it is made (HEParameterError if not).

    ``coeff_mod_bit_sizes`` is the chain of prime sizes in bits (first, middle..., special
    last), stored as a tuple; the scale is ``2**global_scale_bits``.
    """

    poly_modulus_degree: int
    coeff_mod_bit_sizes: tuple[int, ...]
    global_scale_bits: int

    def __post_init__(self) -> None:
        if not isinstance(self.coeff_mod_bit_sizes, list | tuple):
            raise TypeError(
                "coeff_mod_bit_sizes must be a list or tuple of prime sizes in bits, like "
                f"(60, 40, 60), got {type(self.coeff_mod_bit_sizes).__name__}"
            )
        object.__setattr__(self, "coeff_mod_bit_sizes", tuple(self.coeff_mod_bit_sizes))
        check_parameters(self.poly_modulus_degree, self.coeff_mod_bit_sizes, self.global_scale_bits)

    @property
    def slots(self) -> int:
        """Numbers one ciphertext holds: N / 2."""
        return self.poly_modulus_degree // 2

    @property
    def depth(self) -> int:
        """Multiplications in a row the chain allows: its middle primes."""
        return multiplicative_depth(self.coeff_mod_bit_sizes)

    def context(self, *, galois_keys: bool = False) -> ts.Context:
        """A private TenSEAL context (with the secret key) for these parameters.

        Set ``galois_keys=True`` for rotations (``dot``, ``sum``, ``mm``: per-sample
        packing); packed inference only needs scalar products and additions.
        """
        ctx = ts.context(
            ts.SCHEME_TYPE.CKKS,
            poly_modulus_degree=self.poly_modulus_degree,
            coeff_mod_bit_sizes=list(self.coeff_mod_bit_sizes),
        )
        ctx.global_scale = 2**self.global_scale_bits
        if galois_keys:
            ctx.generate_galois_keys()
        return ctx

    def __str__(self) -> str:
        return (
            f"N={self.poly_modulus_degree} {list(self.coeff_mod_bit_sizes)} "
            f"scale 2^{self.global_scale_bits}"
        )


# Parameter sets used by the lesson and the benchmark (all 128-bit secure).
LR_PARAMS = CKKSParameters(8192, (60, 40, 60), 40)
"""Depth 1: an encrypted weighted sum (logistic-regression logits)."""
DEPTH3_PARAMS = CKKSParameters(8192, (50, 35, 35, 35, 50), 35)
"""Depth 3: the digits MLP (linear, square, linear) or logits plus a degree-3 sigmoid."""


def make_context(
    poly_modulus_degree: int,
    coeff_mod_bit_sizes: Sequence[int],
    global_scale_bits: int,
    *,
    galois_keys: bool = False,
) -> ts.Context:
    """A private CKKS context after checking 128-bit security: ``CKKSParameters(...).context``."""
    parameters = CKKSParameters(poly_modulus_degree, coeff_mod_bit_sizes, global_scale_bits)
    return parameters.context(galois_keys=galois_keys)


def chain_for_depth(
    depth: int, scale_bits: int = 40, integer_bits: int = 20, min_slots: int = 1
) -> tuple[int, list[int]]:
    """Smallest 128-bit secure (poly_modulus_degree, coeff_mod_bit_sizes) for ``depth``.

    The chain is ``[outer] + [scale_bits] * depth + [outer]`` with
    ``outer = min(60, scale_bits + integer_bits)``; ``min_slots`` asks for at least that
    many slots (N / 2).
    """
    if not isinstance(depth, int) or depth < 0:
        raise ValueError(f"depth must be a non-negative integer (got {depth!r})")
    if not MIN_PRIME_BITS <= scale_bits < MAX_PRIME_BITS:
        raise ValueError(
            f"scale_bits must be between {MIN_PRIME_BITS} and {MAX_PRIME_BITS - 1} "
            f"(got {scale_bits!r})"
        )
    if integer_bits < 1:
        raise ValueError(f"integer_bits must be at least 1 (got {integer_bits!r})")
    outer = min(MAX_PRIME_BITS, scale_bits + integer_bits)
    chain = [outer] + [scale_bits] * depth + [outer]
    for n, limit in MAX_COEFF_BITS_128.items():
        if sum(chain) <= limit and n // 2 >= min_slots:
            return n, chain
    raise HEParameterError(
        f"depth {depth} at scale 2^{scale_bits} needs {sum(chain)} bits of coefficient modulus "
        f"(and {min_slots} slots), more than the {max(MAX_COEFF_BITS_128.values())} bits "
        "allowed at the largest poly_modulus_degree; use a smaller scale or less depth"
    )


def public_context_bytes(ctx: ts.Context) -> bytes:
    """Serialize ``ctx`` for the server: public, relinearization and Galois keys, no secret key."""
    if not isinstance(ctx, ts.Context):
        raise TypeError(f"expected a tenseal Context, got {type(ctx).__name__}")
    return ctx.serialize(save_secret_key=False)


def load_context(data: bytes) -> ts.Context:
    """Deserialize a context (public or private) sent as bytes."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"expected serialized context bytes, got {type(data).__name__}")
    return ts.context_from(bytes(data))
