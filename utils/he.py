"""Homomorphic inference with CKKS (TenSEAL): lesson 03's reference implementation.

The client owns the secret key, encrypts, decrypts and applies anything it likes to the
results. The server only ever sees a public context (no secret key) and ciphertexts, and
runs the model on them. Functions named ``server_*`` are what the server runs.

Two packings of a batch of samples:

* per sample: one ciphertext holds one sample's features (``encrypt_samples``); the server
  uses ``dot``/``mm``, which need Galois (rotation) keys;
* packed: one ciphertext per feature column holds that feature of many samples, one
  sample per slot (``encrypt_feature_columns``); the server only multiplies by plain
  scalars and adds, so no rotations and one result ciphertext covers the whole batch.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import tenseal as ts
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tenseal import sealapi
from threadpoolctl import threadpool_limits

from utils.data import breast_cancer_classifier

# Largest total coefficient-modulus size (bits) that keeps 128-bit security
# (HomomorphicEncryption.org standard, the table SEAL enforces).
MAX_COEFF_BITS_128: dict[int, int] = {4096: 109, 8192: 218, 16384: 438, 32768: 881}
MAX_PRIME_BITS = 60
MIN_PRIME_BITS = 20

# Parameter sets used by the lesson and the benchmark (all 128-bit secure).
LR_PARAMS: dict = {
    "poly_modulus_degree": 8192,
    "coeff_mod_bit_sizes": (60, 40, 60),
    "global_scale_bits": 40,
}
"""Depth 1: an encrypted weighted sum (logistic-regression logits)."""
DEPTH3_PARAMS: dict = {
    "poly_modulus_degree": 8192,
    "coeff_mod_bit_sizes": (50, 35, 35, 35, 50),
    "global_scale_bits": 35,
}
"""Depth 3: the digits MLP (linear, square, linear) or logits plus a degree-3 sigmoid."""

Packing = Literal["per_sample", "packed"]


class HEParameterError(ValueError):
    """CKKS parameters that are insecure or cannot work."""


class SecretKeyMissingError(ValueError):
    """Decryption attempted with a context that holds no secret key."""


# ---------------------------------------------------------------------------------------
# Parameters and contexts
# ---------------------------------------------------------------------------------------


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


def make_context(
    poly_modulus_degree: int,
    coeff_mod_bit_sizes: Sequence[int],
    global_scale_bits: int,
    *,
    galois_keys: bool = False,
) -> ts.Context:
    """A private CKKS context (with secret key) after checking 128-bit security.

    Set ``galois_keys=True`` for rotations (``dot``, ``sum``, ``mm``: per-sample packing);
    packed inference only needs scalar products and additions and runs without them.
    """
    check_parameters(poly_modulus_degree, coeff_mod_bit_sizes, global_scale_bits)
    ctx = ts.context(
        ts.SCHEME_TYPE.CKKS,
        poly_modulus_degree=poly_modulus_degree,
        coeff_mod_bit_sizes=list(coeff_mod_bit_sizes),
    )
    ctx.global_scale = 2**global_scale_bits
    if galois_keys:
        ctx.generate_galois_keys()
    return ctx


def multiplicative_depth(coeff_mod_bit_sizes: Sequence[int]) -> int:
    """Number of rescaled multiplications a chain allows: its middle primes."""
    if len(coeff_mod_bit_sizes) < 2:
        raise HEParameterError(
            f"a coefficient-modulus chain has at least two primes (got {coeff_mod_bit_sizes!r})"
        )
    return len(coeff_mod_bit_sizes) - 2


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


def serialize_vectors(vectors: Sequence[ts.CKKSVector]) -> list[bytes]:
    """Ciphertexts as bytes, ready to cross the client/server boundary."""
    return [_check_vector(v).serialize() for v in vectors]


def load_vectors(ctx: ts.Context, blobs: Sequence[bytes]) -> list[ts.CKKSVector]:
    """Ciphertexts from bytes, attached to ``ctx`` (the receiver's context)."""
    if not isinstance(ctx, ts.Context):
        raise TypeError(f"ctx must be a tenseal Context, got {type(ctx).__name__}")
    if not isinstance(blobs, list | tuple):
        raise TypeError(
            "blobs must be a list of serialized ciphertexts (bytes), as serialize_vectors "
            f"returns, got {type(blobs).__name__}"
        )
    for blob in blobs:
        if not isinstance(blob, bytes | bytearray):
            raise TypeError(
                "blobs must hold serialized ciphertexts (bytes), as serialize_vectors "
                f"returns, got a {type(blob).__name__}"
            )
    return [ts.ckks_vector_from(ctx, bytes(blob)) for blob in blobs]


def decrypt(vector: ts.CKKSVector) -> np.ndarray:
    """Decrypt a CKKS vector; SecretKeyMissingError if its context is public."""
    _check_vector(vector)
    try:
        return np.asarray(vector.decrypt(), dtype=float)
    except ValueError as err:
        if "secret_key" not in str(err):
            raise
        raise SecretKeyMissingError(
            "cannot decrypt: this ciphertext's context holds no secret key (it is a public, "
            "server-side context), so it can compute on ciphertexts but not read them"
        ) from err


def server_decrypt_attempt(public_context: bytes, ciphertext: bytes) -> str:
    """Play the server: load the public context and a ciphertext, try to decrypt.

    Returns the SecretKeyMissingError message; raises ValueError if the context was not
    public and the decryption succeeded.
    """
    ctx = load_context(public_context)
    (vector,) = load_vectors(ctx, [ciphertext])
    try:
        decrypt(vector)
    except SecretKeyMissingError as err:
        return str(err)
    raise ValueError(
        "the server decrypted: the context it received holds the secret key; "
        "send public_context_bytes(ctx) instead"
    )


def ciphertext_level(vector: ts.CKKSVector) -> dict[str, float | int]:
    """Where a ciphertext stands in its chain: ``scale_bits`` (log2 of its scale),
    ``primes_left`` (coefficient-modulus primes it still carries, special prime excluded)
    and ``modulus_bits`` (the size of their product, as SEAL reports it).

    Each rescale divides the scale by one prime and drops that prime from the chain.
    """
    ciphertext = _check_vector(vector).data.ciphertext()[0]
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
    ctx = _check_vector(vector).context()
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


# ---------------------------------------------------------------------------------------
# Data and models
# ---------------------------------------------------------------------------------------


@dataclass
class LogisticModel:
    """Standardized breast-cancer split and a fitted logistic regression (label 1: benign)."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    weights: np.ndarray
    bias: float

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Plaintext logits ``X @ weights + bias``."""
        return np.asarray(X) @ self.weights + self.bias

    @property
    def logit_range(self) -> float:
        """Largest absolute training logit, rounded up: the range a server-side sigmoid needs."""
        return float(math.ceil(np.abs(self.logits(self.X_train)).max()))


@dataclass
class MLPModel:
    """Digits (pixels / 16) split and a 64 -> hidden -> 10 network with square activation."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Plaintext logits ``(X @ W1 + b1)**2 @ W2 + b2``."""
        return ((np.asarray(X) @ self.W1 + self.b1) ** 2) @ self.W2 + self.b2


def load_breast_cancer_model(random_state: int = 0) -> LogisticModel:
    """Breast-cancer data, stratified 80/20 split (114 test samples), standardized, fitted LR."""
    model, (X_train, X_test, y_train, y_test) = breast_cancer_classifier(random_state)
    return LogisticModel(
        X_train, X_test, y_train, y_test, model.coef_[0].copy(), float(model.intercept_[0])
    )


def train_digits_mlp(
    hidden_units: int = 32, steps: int = 500, learning_rate: float = 0.01, seed: int = 0
) -> MLPModel:
    """Train the digits MLP with square activation: full-batch Adam on softmax cross-entropy.

    Deterministic for a given seed; about 0.6 s and 97% test accuracy with the defaults.
    BLAS runs on one thread: on matrices this small, more threads only add overhead, and
    on a busy machine their spin-waiting made training ten times slower.
    """
    if hidden_units < 1 or steps < 1 or learning_rate <= 0:
        raise ValueError(
            "hidden_units and steps must be positive integers and learning_rate positive "
            f"(got {hidden_units!r}, {steps!r}, {learning_rate!r})"
        )
    with threadpool_limits(limits=1, user_api="blas"):
        return _train_digits_mlp(hidden_units, steps, learning_rate, seed)


def _train_digits_mlp(hidden_units: int, steps: int, learning_rate: float, seed: int) -> MLPModel:
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16.0, y, test_size=0.2, random_state=seed, stratify=y
    )
    rng = np.random.default_rng(seed)
    params = [
        rng.normal(0.0, 1 / np.sqrt(X.shape[1]), (X.shape[1], hidden_units)),
        np.zeros(hidden_units),
        rng.normal(0.0, 1 / np.sqrt(hidden_units), (hidden_units, 10)),
        np.zeros(10),
    ]
    first_moments = [np.zeros_like(p) for p in params]
    second_moments = [np.zeros_like(p) for p in params]
    targets = np.eye(10)[y_train]
    beta1, beta2 = 0.9, 0.999
    for step in range(1, steps + 1):
        W1, b1, W2, b2 = params
        pre = X_train @ W1 + b1
        hidden = pre**2
        logits = hidden @ W2 + b2
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        d_logits = (probs - targets) / len(X_train)
        d_pre = (d_logits @ W2.T) * 2 * pre
        grads = [X_train.T @ d_pre, d_pre.sum(0), hidden.T @ d_logits, d_logits.sum(0)]
        for i, grad in enumerate(grads):
            first_moments[i] = beta1 * first_moments[i] + (1 - beta1) * grad
            second_moments[i] = beta2 * second_moments[i] + (1 - beta2) * grad**2
            m_hat = first_moments[i] / (1 - beta1**step)
            v_hat = second_moments[i] / (1 - beta2**step)
            params[i] = params[i] - learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8)
    return MLPModel(X_train, X_test, y_train, y_test, *params)


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    """The logistic function, applied by the client after decryption."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def fold_bias(weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Weights with the bias as an extra last row: ``[x, 1] @ fold_bias(W, b) == x @ W + b``."""
    weights, bias = np.asarray(weights, dtype=float), np.asarray(bias, dtype=float)
    if weights.ndim != 2 or bias.shape != (weights.shape[1],):
        raise ValueError(
            f"expected a (n_in, n_out) matrix and an (n_out,) bias, got {weights.shape} "
            f"and {bias.shape}"
        )
    return np.vstack([weights, bias])


def add_constant_feature(X: np.ndarray) -> np.ndarray:
    """``X`` with a column of ones appended, the input that ``fold_bias`` weights expect."""
    X = _check_matrix(X)
    return np.hstack([X, np.ones((X.shape[0], 1))])


# ---------------------------------------------------------------------------------------
# Client: encryption
# ---------------------------------------------------------------------------------------


def encrypt_samples(ctx: ts.Context, X: np.ndarray) -> list[ts.CKKSVector]:
    """One ciphertext per sample (row of ``X``): the per-sample packing."""
    X = _check_matrix(X)
    _check_fits(ctx, X.shape[1], "features")
    return [ts.ckks_vector(ctx, row.tolist()) for row in X]


def encrypt_feature_columns(ctx: ts.Context, X: np.ndarray) -> list[ts.CKKSVector]:
    """One ciphertext per feature column, one sample per slot: the packed layout."""
    X = _check_matrix(X)
    _check_fits(ctx, X.shape[0], "samples")
    return [ts.ckks_vector(ctx, column.tolist()) for column in X.T]


# ---------------------------------------------------------------------------------------
# Server: encrypted models (public context is enough)
# ---------------------------------------------------------------------------------------


def server_lr_per_sample(
    enc_samples: Sequence[ts.CKKSVector], weights: np.ndarray, bias: float
) -> list[ts.CKKSVector]:
    """Encrypted logit per sample: ``enc.dot(weights) + bias`` (needs Galois keys)."""
    weights = _check_vector_weights(weights)
    return [_check_vector(enc).dot(weights) + float(bias) for enc in enc_samples]


def server_lr_packed(
    enc_columns: Sequence[ts.CKKSVector], weights: np.ndarray, bias: float
) -> ts.CKKSVector:
    """Encrypted logits of the whole batch: ``sum_j weights[j] * column_j + bias``."""
    weights = _check_vector_weights(weights)
    return _weighted_sum(enc_columns, weights, float(bias))


def server_sigmoid(enc: ts.CKKSVector, coefficients: Sequence[float]) -> ts.CKKSVector:
    """Polynomial sigmoid on ciphertext slots (``polyval``; degree 3 uses 2 levels)."""
    return _check_vector(enc).polyval([float(c) for c in coefficients])


def server_mlp_per_sample(
    enc_samples: Sequence[ts.CKKSVector], model: MLPModel
) -> list[ts.CKKSVector]:
    """Encrypted logits per sample; each input must carry a constant 1 as its last slot.

    The first bias is folded into ``W1`` (see ``mlp_bias_pitfall_demo`` for why); the
    last bias can be added as a plain list because nothing mixes the slots afterwards.
    """
    W1_folded = fold_bias(model.W1, model.b1).tolist()
    W2, b2 = model.W2.tolist(), model.b2.tolist()
    return [_check_vector(enc).mm(W1_folded).square().mm(W2) + b2 for enc in enc_samples]


def server_mlp_packed(
    enc_columns: Sequence[ts.CKKSVector], model: MLPModel, stopwatch: Stopwatch | None = None
) -> list[ts.CKKSVector]:
    """Encrypted logits of the batch, one ciphertext per class (samples in slots).

    Pass a ``Stopwatch`` to time every operation by kind (see ``profile_packed_mlp``).
    """
    if len(enc_columns) != model.W1.shape[0]:
        raise ValueError(
            f"expected {model.W1.shape[0]} encrypted feature columns, got {len(enc_columns)}"
        )
    watch = stopwatch or Stopwatch(enabled=False)
    hidden = [
        watch.time(SQUARE, _weighted_sum(enc_columns, model.W1[:, k], model.b1[k], watch).square)
        for k in range(model.W1.shape[1])
    ]
    return [
        _weighted_sum(hidden, model.W2[:, c], model.b2[c], watch) for c in range(model.W2.shape[1])
    ]


# Kinds of operation in the packed MLP, as ``profile_packed_mlp`` reports them.
PLAIN_PRODUCT = "ciphertext x plain number"
ADDITION = "ciphertext + ciphertext"
PLAIN_ADDITION = "ciphertext + plain number"
SQUARE = "ciphertext squared"


class Stopwatch:
    """Adds up the count and the wall time of operations, by kind."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def time(self, kind: str, operation, *args):
        """Run ``operation(*args)``; when enabled, add its time to ``kind``."""
        if not self.enabled:
            return operation(*args)
        start = time.perf_counter()
        result = operation(*args)
        self.seconds[kind] = self.seconds.get(kind, 0.0) + time.perf_counter() - start
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return result


# ---------------------------------------------------------------------------------------
# Client: end-to-end encrypted inference
# ---------------------------------------------------------------------------------------


def encrypted_lr_logits(
    ctx: ts.Context, X: np.ndarray, weights: np.ndarray, bias: float, packing: Packing = "packed"
) -> np.ndarray:
    """Encrypt ``X``, evaluate the logistic regression encrypted, decrypt the logits."""
    if packing == "per_sample":
        outputs = server_lr_per_sample(encrypt_samples(ctx, X), weights, bias)
        return np.array([decrypt(out)[0] for out in outputs])
    if packing == "packed":
        return decrypt(server_lr_packed(encrypt_feature_columns(ctx, X), weights, bias))
    raise ValueError(f"packing must be 'per_sample' or 'packed' (got {packing!r})")


def encrypted_mlp_logits(
    ctx: ts.Context, X: np.ndarray, model: MLPModel, packing: Packing = "packed"
) -> np.ndarray:
    """Encrypt ``X``, evaluate the MLP encrypted, decrypt the (n_samples, 10) logits."""
    if packing == "per_sample":
        outputs = server_mlp_per_sample(encrypt_samples(ctx, add_constant_feature(X)), model)
        return np.array([decrypt(out) for out in outputs])
    if packing == "packed":
        outputs = server_mlp_packed(encrypt_feature_columns(ctx, X), model)
        return np.column_stack([decrypt(out) for out in outputs])
    raise ValueError(f"packing must be 'per_sample' or 'packed' (got {packing!r})")


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


def mlp_bias_pitfall_demo(ctx: ts.Context, model: MLPModel, X: np.ndarray) -> dict[str, float]:
    """Max logit error of ``mm(W1) + b1`` (wrong) against the bias folded into W1 (right).

    ``mm`` works on a vector replicated across the slots; adding ``b1`` as a plain list
    changes only the first copy, and the next ``mm`` mixes biased and unbiased copies.
    Also returns ``good_seconds_per_sample``, the wall time per sample of the right,
    per-sample evaluation (encrypt, evaluate, decrypt).
    """
    X = _check_matrix(X)
    expected = model.logits(X)
    W1, b1, W2, b2 = (model.W1.tolist(), model.b1.tolist(), model.W2.tolist(), model.b2.tolist())
    wrong = np.array(
        [decrypt(((enc.mm(W1) + b1).square()).mm(W2) + b2) for enc in encrypt_samples(ctx, X)]
    )
    start = time.perf_counter()
    right = encrypted_mlp_logits(ctx, X, model, packing="per_sample")
    seconds = time.perf_counter() - start
    return {
        "bad_max_logit_error": float(np.abs(wrong - expected).max()),
        "good_max_logit_error": float(np.abs(right - expected).max()),
        "good_seconds_per_sample": seconds / len(X),
    }


# ---------------------------------------------------------------------------------------
# Polynomial sigmoid
# ---------------------------------------------------------------------------------------


def fit_sigmoid_polynomial(
    degree: int = 3, input_range: float = 8.0, n_points: int = 1001
) -> np.ndarray:
    """Least-squares polynomial fit of the sigmoid on [-input_range, input_range].

    Coefficients lowest degree first, the order ``polyval`` and ``server_sigmoid`` use.
    """
    if not isinstance(degree, int) or degree < 1:
        raise ValueError(f"degree must be a positive integer (got {degree!r})")
    if input_range <= 0:
        raise ValueError(f"input_range must be positive (got {input_range!r})")
    x = np.linspace(-input_range, input_range, n_points)
    return np.polynomial.polynomial.polyfit(x, sigmoid(x), degree)


def sigmoid_polynomial(x: np.ndarray | float, coefficients: Sequence[float]) -> np.ndarray:
    """Evaluate the polynomial sigmoid in plain numpy (lowest degree first)."""
    return np.polynomial.polynomial.polyval(np.asarray(x, dtype=float), np.asarray(coefficients))


# ---------------------------------------------------------------------------------------
# Measurements for the lesson's figures (each a few seconds at most)
# ---------------------------------------------------------------------------------------


def precision_vs_scale_bits(
    scale_bits: Sequence[int] = (20, 25, 30, 35, 40, 45, 50),
    poly_modulus_degree: int = 8192,
    n_values: int = 256,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Max absolute error of encrypt/decrypt and of ``x * y`` for x, y in [-1, 1] per scale.

    Each scale uses the chain ``[scale + 20 (max 60), scale, same]``. About 0.5 s.
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
    X = _check_matrix(X)
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


# ---------------------------------------------------------------------------------------
# Argument checks and shared pieces
# ---------------------------------------------------------------------------------------


def _weighted_sum(
    enc_columns: Sequence[ts.CKKSVector],
    weights: np.ndarray,
    bias: float,
    stopwatch: Stopwatch | None = None,
) -> ts.CKKSVector:
    """``sum_j weights[j] * enc_columns[j] + bias`` with plain scalars."""
    if len(enc_columns) != len(weights) or not enc_columns:
        raise ValueError(
            f"expected one encrypted column per weight ({len(weights)}), got {len(enc_columns)}"
        )
    watch = stopwatch or Stopwatch(enabled=False)
    products = (
        watch.time(PLAIN_PRODUCT, _check_vector(enc).mul, float(weight))
        for enc, weight in zip(enc_columns, weights, strict=True)
    )
    total = next(products)
    for product in products:
        watch.time(ADDITION, total.add_, product)  # total is our own ciphertext
    return watch.time(PLAIN_ADDITION, total.add, float(bias))


def _check_vector(vector: ts.CKKSVector) -> ts.CKKSVector:
    if not isinstance(vector, ts.CKKSVector):
        raise TypeError(f"expected a tenseal CKKSVector, got {type(vector).__name__}")
    return vector


def _check_matrix(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"expected a non-empty 2-D array (samples, features), got shape {X.shape}")
    return X


def _check_vector_weights(weights: np.ndarray) -> list[float]:
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 1:
        raise ValueError(f"expected a 1-D weight vector, got shape {weights.shape}")
    return weights.tolist()


def _check_fits(ctx: ts.Context, count: int, what: str) -> None:
    if not isinstance(ctx, ts.Context):
        raise TypeError(f"expected a tenseal Context, got {type(ctx).__name__}")
    slots = ctx.seal_context().data.first_context_data().parms().poly_modulus_degree() // 2
    if count > slots:
        raise ValueError(
            f"{count} {what} do not fit in one ciphertext of {slots} slots; "
            "split the batch or use a larger poly_modulus_degree"
        )
