"""Reference implementations of lesson 02: key agreement, HPKE, signatures, fingerprints.

The course's choices: X25519 key agreement, keys derived with HKDF-SHA256 whose ``info``
holds the purpose and both public keys, AES-256-GCM; HPKE (RFC 9180) with the X25519 KEM or
the hybrid MLKEM768-X25519 KEM, HKDF-SHA256 and AES-256-GCM; Ed25519 and ML-DSA-65
signatures. ``measure_sizes`` and ``measure_speeds`` feed lesson 02's figure.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey, MLDSA65PublicKey
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

X25519_BYTES = 32  # an X25519 public key, private key and shared secret
MLKEM768_PUBLIC_BYTES = 1184
HYBRID_PUBLIC_BYTES = MLKEM768_PUBLIC_BYTES + X25519_BYTES  # ML-KEM-768's key, then X25519's
TAG_BYTES = 16
# A key from agreement_key is used for one message only, so one fixed nonce is safe (HPKE
# likewise derives its nonce instead of drawing it).
ZERO_NONCE = bytes(12)
ROLES = ("sender", "recipient")

CLASSIC, HYBRID = "X25519", "MLKEM768-X25519"
SUITES = {
    CLASSIC: hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM),
    HYBRID: hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM),
}
_PUBLIC_KEYS = {  # the public key types lesson 02 names, and what a fingerprint calls them
    X25519PublicKey: "X25519",
    Ed25519PublicKey: "Ed25519",
    MLKEM768PublicKey: "ML-KEM-768",
    MLDSA65PublicKey: "ML-DSA-65",
}


def _require(value: object, kinds: type | tuple[type, ...], what: str) -> None:
    if not isinstance(value, kinds):
        raise TypeError(f"{what}, not {type(value).__name__}")


def _require_text(purpose: object, name: str = "purpose") -> None:
    _require(purpose, str, f"{name} must be a str such as 'training-upload'")
    if not purpose:
        raise ValueError(f"{name} must not be empty: it names what the key or message is for")


def agreement_key(
    private_key: X25519PrivateKey, peer_public_key: X25519PublicKey, purpose: str, *, role: str
) -> bytes:
    """The 32-byte key both sides of an X25519 exchange derive for ``purpose``.

    HKDF-SHA256 (no salt) over the shared secret, with ``info`` = the purpose's UTF-8 bytes,
    the sender's public key, the recipient's public key. ``role`` says which of the two the
    caller is (``"sender"`` or ``"recipient"``), so both put the keys in the same order.
    """
    _require(private_key, X25519PrivateKey, "private_key must be an X25519PrivateKey")
    _require(peer_public_key, X25519PublicKey, "peer_public_key must be an X25519PublicKey")
    _require_text(purpose)
    if role not in ROLES:
        raise ValueError(f"role must be 'sender' or 'recipient', got {role!r}")
    own, peer = private_key.public_key().public_bytes_raw(), peer_public_key.public_bytes_raw()
    sender, recipient = (own, peer) if role == "sender" else (peer, own)
    shared = private_key.exchange(peer_public_key)  # ValueError for a low-order peer key
    info = purpose.encode() + sender + recipient
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal_with_agreement(recipient: X25519PublicKey, plaintext: bytes, purpose: str) -> bytes:
    """Encrypt ``plaintext`` to ``recipient`` by hand: a fresh ephemeral X25519 key, the
    :func:`agreement_key` for ``purpose``, AES-256-GCM. Returns ephemeral public key (32
    bytes) || ciphertext || tag. HPKE (:func:`hpke_seal`) is the standard form of the idea."""
    _require(recipient, X25519PublicKey, "recipient must be an X25519PublicKey")
    _require(plaintext, bytes, "plaintext must be bytes")
    ephemeral = X25519PrivateKey.generate()
    key = agreement_key(ephemeral, recipient, purpose, role="sender")
    ciphertext = AESGCM(key).encrypt(ZERO_NONCE, plaintext, None)
    return ephemeral.public_key().public_bytes_raw() + ciphertext


def open_with_agreement(private_key: X25519PrivateKey, sealed: bytes, purpose: str) -> bytes:
    """Decrypt what :func:`seal_with_agreement` made; ``InvalidTag`` if anything differs."""
    _require(private_key, X25519PrivateKey, "private_key must be an X25519PrivateKey")
    _require(sealed, bytes, "sealed must be bytes")
    if len(sealed) < X25519_BYTES + TAG_BYTES:
        raise ValueError(
            f"sealed is {len(sealed)} bytes, shorter than an ephemeral key and a tag (48)"
        )
    ephemeral = X25519PublicKey.from_public_bytes(sealed[:X25519_BYTES])
    key = agreement_key(private_key, ephemeral, purpose, role="recipient")
    return AESGCM(key).decrypt(ZERO_NONCE, sealed[X25519_BYTES:], None)


def hybrid_key_pair(
    mlkem: MLKEM768PrivateKey, x25519: X25519PrivateKey
) -> tuple[hpke.MLKEM768X25519PrivateKey, bytes]:
    """The hybrid private key of two parts and its 1216-byte public key: ML-KEM-768's, then
    X25519's (the order age's ``age1pq1`` recipients use too)."""
    public = mlkem.public_key().public_bytes_raw() + x25519.public_key().public_bytes_raw()
    return hpke.MLKEM768X25519PrivateKey(mlkem, x25519), public


def generate_hybrid_key() -> tuple[hpke.MLKEM768X25519PrivateKey, bytes]:
    """A hybrid MLKEM768-X25519 private key and its public key as 1216 bytes to publish."""
    return hybrid_key_pair(MLKEM768PrivateKey.generate(), X25519PrivateKey.generate())


def hybrid_public_key(data: bytes) -> hpke.MLKEM768X25519PublicKey:
    """Parse a published hybrid public key: ML-KEM-768's 1184 bytes, then X25519's 32."""
    _require(data, bytes, "a hybrid public key must be bytes")
    if len(data) != HYBRID_PUBLIC_BYTES:
        raise ValueError(
            f"a hybrid public key is {HYBRID_PUBLIC_BYTES} bytes (ML-KEM-768's "
            f"{MLKEM768_PUBLIC_BYTES}, then X25519's {X25519_BYTES}), got {len(data)}"
        )
    try:
        mlkem = MLKEM768PublicKey.from_public_bytes(data[:MLKEM768_PUBLIC_BYTES])
    except ValueError:
        raise ValueError(
            f"not a valid ML-KEM-768 encapsulation key in the first {MLKEM768_PUBLIC_BYTES} bytes"
        ) from None
    return hpke.MLKEM768X25519PublicKey(mlkem, X25519PublicKey.from_public_bytes(data[-32:]))


def _suite_for(key: object, public: bool) -> hpke.Suite:
    kinds = {
        CLASSIC: X25519PublicKey if public else X25519PrivateKey,
        HYBRID: hpke.MLKEM768X25519PublicKey if public else hpke.MLKEM768X25519PrivateKey,
    }
    for name, kind in kinds.items():
        if isinstance(key, kind):
            return SUITES[name]
    side = "public" if public else "private"
    raise TypeError(f"expected an X25519 or MLKEM768-X25519 {side} key, not {type(key).__name__}")


def hpke_seal(public_key: object, plaintext: bytes, info: bytes) -> bytes:
    """HPKE-encrypt ``plaintext`` to ``public_key`` (X25519 or hybrid), bound to ``info``.

    Returns the KEM's encapsulation (32 or 1120 bytes) || ciphertext || 16-byte tag."""
    suite = _suite_for(public_key, public=True)
    _require(plaintext, bytes, "plaintext must be bytes")
    _require(info, bytes, "info must be bytes, e.g. purpose.encode()")
    return suite.encrypt(plaintext, public_key, info=info)


def hpke_open(private_key: object, sealed: bytes, info: bytes) -> bytes:
    """Decrypt what :func:`hpke_seal` made; ``InvalidTag`` for another key, info or any change."""
    suite = _suite_for(private_key, public=False)
    _require(sealed, bytes, "sealed must be bytes")
    _require(info, bytes, "info must be bytes, e.g. purpose.encode()")
    return suite.decrypt(sealed, private_key, info=info)


def public_bytes(public_key: object) -> bytes:
    """The raw bytes of an X25519, Ed25519, ML-KEM-768 or ML-DSA-65 public key."""
    what = "expected an X25519, Ed25519, ML-KEM-768 or ML-DSA-65 public key (.public_key())"
    _require(public_key, tuple(_PUBLIC_KEYS), what)
    return public_key.public_bytes_raw()


def fingerprint(public_key: object) -> str:
    """A short name for a public key, to compare over a second channel (a phone call).

    SHA-256 over the key's algorithm name and raw bytes; its first 16 bytes in hex, in
    groups of four characters. Equal keys give equal fingerprints, on any machine."""
    raw = public_bytes(public_key)
    name = next(label for kind, label in _PUBLIC_KEYS.items() if isinstance(public_key, kind))
    digest = hashlib.sha256(name.encode() + b"\x00" + raw).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def is_signed_by(public_key: object, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` over ``data`` verifies under an Ed25519 or ML-DSA-65 public key."""
    what = "public_key must be an Ed25519 or ML-DSA-65 public key"
    _require(public_key, (Ed25519PublicKey, MLDSA65PublicKey), what)
    _require(signature, bytes, "signature must be bytes")
    _require(data, bytes, "data must be bytes")
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


OVERHEAD_FIELDS = ("encapsulation", "tag", "signature", "signing_public_key")


def dataset_overhead(n_records: int, sizes: dict[str, int]) -> int:
    """Bytes added to ``n_records`` records each sealed with HPKE (its ``encapsulation`` and
    ``tag``) and signed (its ``signature``), with the ``signing_public_key`` sent once."""
    if isinstance(n_records, bool) or not isinstance(n_records, int):
        raise TypeError(f"n_records must be an int, not {type(n_records).__name__}")
    if n_records < 1:
        raise ValueError(f"n_records must be at least 1, got {n_records}")
    _require(sizes, dict, f"sizes must be a dict with the keys {', '.join(OVERHEAD_FIELDS)}")
    if sorted(sizes) != sorted(OVERHEAD_FIELDS):
        raise ValueError(f"sizes must have exactly the keys {OVERHEAD_FIELDS}, got {tuple(sizes)}")
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in sizes.values()):
        raise ValueError(f"sizes must be whole numbers of bytes (int >= 0), got {sizes}")
    per_record = sizes["encapsulation"] + sizes["tag"] + sizes["signature"]
    return n_records * per_record + sizes["signing_public_key"]


# --- sizes and speeds, for the lesson's figure


@dataclass(frozen=True)
class Scheme:
    """A scheme as the figure measures it: make a key pair, add bytes to a message (seal or
    sign), check them (open or verify)."""

    generate: Callable[[], tuple[object, object, int]]  # private, public, public key's bytes
    add: Callable[[object, object, bytes], bytes]
    check: Callable[[object, object, bytes, bytes], object]
    signs: bool


def _pair(private_key: object) -> tuple[object, object, int]:
    public_key = private_key.public_key()
    return private_key, public_key, len(public_key.public_bytes_raw())


def _hybrid_pair() -> tuple[object, object, int]:
    private_key, raw = generate_hybrid_key()
    return private_key, hybrid_public_key(raw), len(raw)


def _kem(suite: hpke.Suite, generate: Callable) -> Scheme:
    return Scheme(
        generate,
        add=lambda private, public, message: suite.encrypt(message, public),
        check=lambda private, public, message, sealed: suite.decrypt(sealed, private),
        signs=False,
    )


def _signer(generate: Callable) -> Scheme:
    return Scheme(
        generate,
        add=lambda private, public, message: private.sign(message),
        check=lambda private, public, message, signature: public.verify(signature, message),
        signs=True,
    )


MLKEM768_SUITE = hpke.Suite(hpke.KEM.MLKEM768, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
SCHEMES = {
    "X25519 (HPKE)": _kem(SUITES[CLASSIC], lambda: _pair(X25519PrivateKey.generate())),
    "ML-KEM-768 (HPKE)": _kem(MLKEM768_SUITE, lambda: _pair(MLKEM768PrivateKey.generate())),
    "MLKEM768-X25519 (HPKE)": _kem(SUITES[HYBRID], _hybrid_pair),
    "Ed25519": _signer(lambda: _pair(Ed25519PrivateKey.generate())),
    "ML-DSA-65": _signer(lambda: _pair(MLDSA65PrivateKey.generate())),
}
OPERATIONS = ("key generation", "encrypt / sign", "decrypt / verify")
_MESSAGE = b"a 100-byte record " * 5 + b"0123456789"


def measure_sizes() -> dict[str, dict[str, int]]:
    """Per scheme: its public key and the bytes it adds to one message (an HPKE
    encapsulation and tag, or a signature), measured by running it: the same everywhere."""
    sizes = {}
    for name, scheme in SCHEMES.items():
        private_key, public_key, public_size = scheme.generate()
        added = len(scheme.add(private_key, public_key, _MESSAGE))
        if not scheme.signs:
            added -= len(_MESSAGE)
        sizes[name] = {"public key": public_size, "added per message": added}
    return sizes


def operations_per_second(operation: Callable[[], object], seconds: float = 0.05) -> float:
    """Calls of ``operation`` per second: the best of three runs of about ``seconds`` each."""
    if not callable(operation):
        raise TypeError(
            f"operation must be a function of no arguments, not {type(operation).__name__}"
        )
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
    if not 0 < seconds <= 10:
        raise ValueError(f"seconds must be in (0, 10], got {seconds!r}")
    best = 0.0
    for _ in range(3):
        calls, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            operation()
            calls += 1
        best = max(best, calls / elapsed)
    return best


def measure_speeds(seconds: float = 0.05) -> dict[str, dict[str, float]]:
    """Per scheme, operations per second of :data:`OPERATIONS` (about 9 x ``seconds`` each)."""
    speeds = {}
    for name, scheme in SCHEMES.items():
        private_key, public_key, _ = scheme.generate()
        added = scheme.add(private_key, public_key, _MESSAGE)
        steps = (
            scheme.generate,
            lambda s=scheme, k=private_key, p=public_key: s.add(k, p, _MESSAGE),
            lambda s=scheme, k=private_key, p=public_key, a=added: s.check(k, p, _MESSAGE, a),
        )
        speeds[name] = {
            label: operations_per_second(step, seconds)
            for label, step in zip(OPERATIONS, steps, strict=True)
        }
    return speeds
