"""Measurements for lesson 04's figures: ciphertext levels and slots, precision, timings.

Each takes a few seconds at most; the full-size timings are in benchmarks/he_inference.py.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np
import tenseal as ts
from tenseal import sealapi

from utils.he._arguments import check_matrix, check_vector
from utils.he.inference import (
    SecretKeyMissingError,
    Stopwatch,
    decrypt,
    encrypt_feature_columns,
    encrypted_lr_logits,
    server_mlp_packed,
)
from utils.he.models import MLPModel
from utils.he.params import MAX_COEFF_BITS_128, MAX_PRIME_BITS, make_context

# --- inside a ciphertext ---


def ciphertext_level(vector: ts.CKKSVector) -> dict[str, float | int]:
    """Where a ciphertext stands in its chain: ``scale_bits`` (log2 of its scale),
    ``primes_left`` (coefficient-modulus primes it still carries, special prime excluded)
    and ``modulus_bits`` (the size of their product, as SEAL reports it).

    Each rescale divides the scale by one prime and drops that prime from the chain.
    """
    ciphertext = check_vector(vector).data.ciphertext()[0]
    context_data = vector.context().seal_context().data.get_context_data(ciphertext.parms_id())
    return {
        "scale_bits": math.log2(ciphertext.scale),
        "primes_left": ciphertext.coeff_modulus_size(),
        "modulus_bits": context_data.total_coeff_modulus_bit_count(),
    }


def multiplication_trace(ctx: ts.Context, limit: int = 10) -> tuple[list[dict], str]:
    """Square an encrypted 1.0 until the chain runs out: (levels, error at the next one).

    ``levels`` holds ``ciphertext_level`` of the fresh ciphertext, then after each
    multiplication that worked; the error is TenSEAL's "scale out of bounds" ("" if
    ``limit`` multiplications all worked).
    """
    vector = ts.ckks_vector(ctx, [1.0])
    levels = [ciphertext_level(vector)]
    for _ in range(limit):
        try:
            vector = vector * vector
        except ValueError as err:
            return levels, str(err)
        levels.append(ciphertext_level(vector))
    return levels, ""


def count_multiplications_until_failure(ctx: ts.Context, limit: int = 10) -> tuple[int, str]:
    """Square an encrypted 1.0 repeatedly: (multiplications that worked, error at the next).

    Shows the coefficient-modulus chain as a depth budget: each multiplication uses one
    middle prime, and the next one fails with TenSEAL's "scale out of bounds".
    """
    levels, error = multiplication_trace(ctx, limit)
    return len(levels) - 1, error


def all_slots(vector: ts.CKKSVector, rotation: int = 0) -> np.ndarray:
    """Every one of the N/2 slots of ``vector``, decrypted: what the secret key reveals.

    TenSEAL's ``decrypt`` shows only the first ``size()`` slots; the others are there too.
    ``rotation`` first rotates the encrypted slots that many places to the left (slot
    ``i`` takes the value of slot ``i + rotation``, wrapping around), the operation behind
    ``dot``, ``sum`` and ``mm``; it needs Galois keys. Uses SEAL's own decryptor and
    encoder (``tenseal.sealapi``), so the context must hold the secret key.
    """
    ctx = check_vector(vector).context()
    if not ctx.has_secret_key():
        raise SecretKeyMissingError(
            "cannot read the slots: this ciphertext's context holds no secret key"
        )
    if not isinstance(rotation, int) or isinstance(rotation, bool):
        raise TypeError(f"rotation must be an integer number of slots (got {rotation!r})")
    ciphertext = vector.ciphertext()[0]
    if rotation:
        if not ctx.has_galois_keys():
            raise ValueError(
                "rotating slots needs Galois keys: make_context(..., galois_keys=True)"
            )
        rotated = sealapi.Ciphertext()
        evaluator = sealapi.Evaluator(ctx.seal_context().data)
        evaluator.rotate_vector(ciphertext, rotation, ctx.galois_keys().data, rotated)
        ciphertext = rotated
    plaintext = sealapi.Plaintext()
    ctx.decryptor().data.decrypt(ciphertext, plaintext)
    encoder = sealapi.CKKSEncoder(ctx.seal_context().data)
    return np.array(encoder.decode_double(plaintext))


# --- precision and cost of the parameters ---


def precision_vs_scale_bits(
    scale_bits: Sequence[int] = (20, 25, 30, 35, 40, 45, 50),
    poly_modulus_degree: int = 8192,
    n_values: int = 256,
    seed: int = 0,
) -> dict[str, np.ndarray | int]:
    """Max absolute error of encrypt/decrypt and of ``x * y`` for x, y in [-1, 1] per scale.

    Each scale uses the chain ``[scale + 20 (max 60), scale, same]``; the result also
    holds ``poly_modulus_degree``. About 0.5 s.
    """
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(-1, 1, (2, n_values))
    encrypt_errors, multiply_errors = [], []
    for bits in scale_bits:
        outer = min(MAX_PRIME_BITS, bits + 20)
        ctx = make_context(poly_modulus_degree, [outer, bits, outer], bits)
        enc_x, enc_y = ts.ckks_vector(ctx, x.tolist()), ts.ckks_vector(ctx, y.tolist())
        encrypt_errors.append(np.abs(decrypt(enc_x) - x).max())
        multiply_errors.append(np.abs(decrypt(enc_x * enc_y) - x * y).max())
    return {
        "scale_bits": np.array(scale_bits),
        "poly_modulus_degree": poly_modulus_degree,
        "encrypt_max_error": np.array(encrypt_errors),
        "multiply_max_error": np.array(multiply_errors),
    }


def cost_vs_poly_modulus_degree(
    degrees: Sequence[int] = (4096, 8192, 16384),
    coeff_mod_bit_sizes: Sequence[int] = (40, 20, 40),
    global_scale_bits: int = 20,
    repeats: int = 5,
) -> dict[str, np.ndarray]:
    """Ciphertext size and median encrypt / multiply time per poly_modulus_degree.

    The same chain at every N isolates the effect of N; ``max_coeff_bits`` and ``slots``
    show what a larger N buys. About 1 s for the defaults (32768 adds about 2 s).
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1 (got {repeats!r})")
    sizes, encrypt_ms, multiply_ms = [], [], []
    for n in degrees:
        ctx = make_context(n, coeff_mod_bit_sizes, global_scale_bits)
        values = np.linspace(-1, 1, n // 2).tolist()
        enc_times, mul_times = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            enc = ts.ckks_vector(ctx, values)
            enc_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            enc * enc
            mul_times.append(time.perf_counter() - start)
        sizes.append(len(enc.serialize()))
        encrypt_ms.append(1000 * float(np.median(enc_times)))
        multiply_ms.append(1000 * float(np.median(mul_times)))
    return {
        "poly_modulus_degree": np.array(degrees),
        "slots": np.array(degrees) // 2,
        "max_coeff_bits": np.array([MAX_COEFF_BITS_128[n] for n in degrees]),
        "ciphertext_bytes": np.array(sizes),
        "encrypt_ms": np.array(encrypt_ms),
        "multiply_ms": np.array(multiply_ms),
    }


# --- timings of the two packings ---


def lr_packing_timings(
    ctx: ts.Context,
    X: np.ndarray,
    weights: np.ndarray,
    bias: float,
    batch_sizes: Sequence[int] = (1, 4, 16, 48),
) -> dict[str, np.ndarray]:
    """Wall time (s) of encrypted LR for each batch size, per-sample against packed.

    ``ctx`` needs Galois keys (per-sample uses ``dot``). Time covers encrypt, evaluate
    and decrypt. About 1.5 s for the defaults (per-sample time grows with the batch).
    """
    X = check_matrix(X)
    if any(not 1 <= b <= len(X) for b in batch_sizes):
        raise ValueError(f"batch sizes must be between 1 and {len(X)} (got {list(batch_sizes)})")
    per_sample, packed = [], []
    for size in batch_sizes:
        for packing, times in (("per_sample", per_sample), ("packed", packed)):
            start = time.perf_counter()
            encrypted_lr_logits(ctx, X[:size], weights, bias, packing=packing)
            times.append(time.perf_counter() - start)
    return {
        "batch_sizes": np.array(batch_sizes),
        "per_sample_seconds": np.array(per_sample),
        "packed_seconds": np.array(packed),
    }


def profile_packed_mlp(ctx: ts.Context, X: np.ndarray, model: MLPModel) -> dict:
    """Run the packed MLP end to end and time the server's operations by kind.

    Returns ``logits`` (decrypted, one row per sample), ``seconds`` (encrypt, evaluate,
    decrypt), ``server_seconds`` (evaluation only) and ``operations``: for each kind of
    operation, ``(count, seconds)``, where the seconds add up all its occurrences.
    """
    start = time.perf_counter()
    enc_columns = encrypt_feature_columns(ctx, X)
    stopwatch = Stopwatch()
    server_start = time.perf_counter()
    outputs = server_mlp_packed(enc_columns, model, stopwatch)
    server_seconds = time.perf_counter() - server_start
    logits = np.column_stack([decrypt(out) for out in outputs])
    return {
        "logits": logits,
        "seconds": time.perf_counter() - start,
        "server_seconds": server_seconds,
        "operations": {
            kind: (count, stopwatch.seconds[kind]) for kind, count in stopwatch.counts.items()
        },
    }
