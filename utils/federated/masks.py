"""Pairwise and self masks of secure aggregation (Bonawitz et al., CCS 2017) (lesson 06).

Every pair of clients agrees on a seed: X25519 between one's private key and the other's
public key, then HKDF-SHA256 bound to the round and to the ordered pair (lower id first),
so both ends derive the same 32 bytes and no seed is ever used twice. ChaCha20 expands a
seed into a keystream read as uint32 numbers: the mask. The lower id adds the mask, the
higher id subtracts it, so the pair's masks cancel in the sum modulo 2**32. A self mask,
from a seed of the client's own, is added on top (double masking).
"""

from __future__ import annotations

import numbers
import secrets

import numpy as np
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from scipy import stats

from utils.federated.fixed_point import uint32_vector

SEED_BYTES = 32
PAIR_LABEL = b"course secagg pairwise mask v1"
# A seed expands one mask only (it is bound to one round and one pair), so ChaCha20 can
# start at block 0 with an all-zero nonce: key and nonce never repeat together.
_ZERO_NONCE = bytes(16)


def _client_id(value: object, name: str) -> int:
    if type(value) is int and 0 <= value < 2**32:  # the common case, checked fast
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int (a client id), not {type(value).__name__}")
    if not 0 <= value < 2**32:
        raise ValueError(f"{name} must be between 0 and 2**32 - 1, got {value}")
    return int(value)


def pair_info(round_id: int, me: int, peer: int) -> bytes:
    """HKDF's info for a pair's seed: the label, the round (8 bytes), then the lower and the
    higher client id (4 bytes each, big-endian). The same for both ends of the pair."""
    me, peer = _client_id(me, "me"), _client_id(peer, "peer")
    if me == peer:
        raise ValueError(f"a client has no pairwise mask with itself (both ids are {me})")
    if isinstance(round_id, bool) or not isinstance(round_id, numbers.Integral):
        raise TypeError(f"round_id must be an int, not {type(round_id).__name__}")
    if not 0 <= round_id < 2**64:
        raise ValueError(f"round_id must be between 0 and 2**64 - 1, got {round_id}")
    low, high = sorted((me, peer))
    return (
        PAIR_LABEL + round_id.to_bytes(8, "big") + low.to_bytes(4, "big") + high.to_bytes(4, "big")
    )


def pair_seed(
    private_key: X25519PrivateKey,
    peer_public_key: X25519PublicKey,
    round_id: int,
    me: int,
    peer: int,
) -> bytes:
    """The 32-byte seed that clients ``me`` and ``peer`` share in round ``round_id``."""
    if not isinstance(private_key, X25519PrivateKey):
        raise TypeError(
            f"private_key must be an X25519PrivateKey, not {type(private_key).__name__}"
        )
    if not isinstance(peer_public_key, X25519PublicKey):
        raise TypeError(
            f"peer_public_key must be an X25519PublicKey, not {type(peer_public_key).__name__}"
        )
    info = pair_info(round_id, me, peer)
    shared = private_key.exchange(peer_public_key)
    return HKDF(algorithm=hashes.SHA256(), length=SEED_BYTES, salt=None, info=info).derive(shared)


def expand_mask(seed: bytes, length: int) -> np.ndarray:
    """``length`` uniform uint32 numbers from ChaCha20's keystream under ``seed``."""
    if not isinstance(seed, bytes):
        raise TypeError(f"seed must be bytes, not {type(seed).__name__}")
    if len(seed) != SEED_BYTES:
        raise ValueError(f"a seed is {SEED_BYTES} bytes long, got {len(seed)}")
    if isinstance(length, bool) or not isinstance(length, numbers.Integral) or length < 0:
        raise ValueError(f"length must be a non-negative int, got {length!r}")
    encryptor = Cipher(algorithms.ChaCha20(seed, _ZERO_NONCE), mode=None).encryptor()
    keystream = encryptor.update(bytes(4 * int(length)))
    return np.frombuffer(keystream, dtype="<u4").astype(np.uint32)


def new_self_seed() -> bytes:
    """A fresh self-mask seed from the operating system's CSPRNG."""
    return secrets.token_bytes(SEED_BYTES)


def mask_update(encoded: np.ndarray, me: int, seeds: dict[int, bytes]) -> np.ndarray:
    """``encoded`` plus the pairwise masks of client ``me``: + for a peer with a higher id,
    - for a lower one (mod 2**32). ``seeds`` maps each peer's id to the pair's seed."""
    me = _client_id(me, "me")
    masked = uint32_vector(encoded).copy()
    if not isinstance(seeds, dict):
        raise TypeError(f"seeds must be a dict of peer id -> seed, not {type(seeds).__name__}")
    for peer, seed in seeds.items():
        if _client_id(peer, "a peer id") == me:
            raise ValueError(f"seeds holds a seed for client {me} itself")
        mask = expand_mask(seed, masked.size)
        if me < peer:
            masked += mask
        else:
            masked -= mask
    return masked


def add_self_mask(masked: np.ndarray, self_seed: bytes) -> np.ndarray:
    """``masked`` plus the mask expanded from the client's own seed (mod 2**32)."""
    return uint32_vector(masked) + expand_mask(self_seed, masked.size)


def byte_uniformity(vectors: list[np.ndarray]) -> tuple[float, float]:
    """Pearson's chi-square test that the bytes of ``vectors`` are uniform over 0..255:
    (statistic, p-value). A tiny p-value means the bytes are not uniform."""
    data = np.concatenate([uint32_vector(v).astype("<u4").view(np.uint8) for v in vectors])
    counts = np.bincount(data, minlength=256)
    result = stats.chisquare(counts)
    return float(result.statistic), float(result.pvalue)
