"""Client/server inference: the client encrypts and decrypts, the server computes.

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

import time
from collections.abc import Sequence
from typing import Literal

import numpy as np
import tenseal as ts

from utils.he._arguments import check_matrix, check_vector
from utils.he.models import MLPModel, add_constant_feature, fold_bias
from utils.he.params import load_context

Packing = Literal["per_sample", "packed"]


class SecretKeyMissingError(ValueError):
    """Decryption attempted with a context that holds no secret key."""


# --- crossing the boundary ---


def serialize_vectors(vectors: Sequence[ts.CKKSVector]) -> list[bytes]:
    """Ciphertexts as bytes, ready to cross the client/server boundary."""
    return [check_vector(v).serialize() for v in vectors]


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
    check_vector(vector)
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


# --- client: encryption ---


def encrypt_samples(ctx: ts.Context, X: np.ndarray) -> list[ts.CKKSVector]:
    """One ciphertext per sample (row of ``X``): the per-sample packing."""
    X = check_matrix(X)
    _check_fits(ctx, X.shape[1], "features")
    return [ts.ckks_vector(ctx, row.tolist()) for row in X]


def encrypt_feature_columns(ctx: ts.Context, X: np.ndarray) -> list[ts.CKKSVector]:
    """One ciphertext per feature column, one sample per slot: the packed layout."""
    X = check_matrix(X)
    _check_fits(ctx, X.shape[0], "samples")
    return [ts.ckks_vector(ctx, column.tolist()) for column in X.T]


# --- server: encrypted models (a public context is enough) ---

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


def server_lr_per_sample(
    enc_samples: Sequence[ts.CKKSVector], weights: np.ndarray, bias: float
) -> list[ts.CKKSVector]:
    """Encrypted logit per sample: ``enc.dot(weights) + bias`` (needs Galois keys)."""
    weights = _check_vector_weights(weights)
    return [check_vector(enc).dot(weights) + float(bias) for enc in enc_samples]


def server_lr_packed(
    enc_columns: Sequence[ts.CKKSVector], weights: np.ndarray, bias: float
) -> ts.CKKSVector:
    """Encrypted logits of the whole batch: ``sum_j weights[j] * column_j + bias``."""
    weights = _check_vector_weights(weights)
    return _weighted_sum(enc_columns, weights, float(bias))


def server_sigmoid(enc: ts.CKKSVector, coefficients: Sequence[float]) -> ts.CKKSVector:
    """Polynomial sigmoid on ciphertext slots (``polyval``; degree 3 uses 2 levels)."""
    return check_vector(enc).polyval([float(c) for c in coefficients])


def server_mlp_per_sample(
    enc_samples: Sequence[ts.CKKSVector], model: MLPModel
) -> list[ts.CKKSVector]:
    """Encrypted logits per sample; each input must carry a constant 1 as its last slot.

    The first bias is folded into ``W1``: added as a plain list after ``mm``, it would
    land on the first copy of the replicated result only (lesson 04, section 8). The last
    bias can be added as a plain list because nothing mixes the slots afterwards.
    """
    W1_folded = fold_bias(model.W1, model.b1).tolist()
    W2, b2 = model.W2.tolist(), model.b2.tolist()
    return [check_vector(enc).mm(W1_folded).square().mm(W2) + b2 for enc in enc_samples]


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


# --- client: end-to-end encrypted inference ---


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
        watch.time(PLAIN_PRODUCT, check_vector(enc).mul, float(weight))
        for enc, weight in zip(enc_columns, weights, strict=True)
    )
    total = next(products)
    for product in products:
        watch.time(ADDITION, total.add_, product)  # total is our own ciphertext
    return watch.time(PLAIN_ADDITION, total.add, float(bias))


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
