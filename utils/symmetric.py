"""Reference implementations of lesson 01: keys, AEAD records, Fernet anatomy, KDFs.

The safe calls have short names. Broken constructions kept for attack demos end in
``_for_demo`` and must never protect real data.
"""

from __future__ import annotations

import base64
import json
import os
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

NONCE_BYTES = 12
TAG_BYTES = 16
# Scrypt for keys that protect stored data: n=2**17, r=8, p=1 (128 MiB per derivation) is
# OWASP's minimum for scrypt. n=2**14 is the 2009 figure for interactive logins, where a server
# also limits the guessing; a stolen file faces offline guessing with no such limit.
SCRYPT_MIN_N = 2**17
SCRYPT_N, SCRYPT_R, SCRYPT_P = SCRYPT_MIN_N, 8, 1


def new_key(bits: int = 256) -> bytes:
    """A fresh random AES key from the operating system's CSPRNG (``secrets``)."""
    if bits not in (128, 192, 256):
        raise ValueError(f"AES keys are 128, 192 or 256 bits long, got {bits}")
    return secrets.token_bytes(bits // 8)


def xor_bytes(a: bytes, b: bytes) -> bytes:
    """XOR two byte strings of equal length."""
    if len(a) != len(b):
        raise ValueError(f"xor_bytes needs equal lengths, got {len(a)} and {len(b)} bytes")
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes):
        raise TypeError(f"key must be bytes (an AES key from new_key()), not {type(key).__name__}")
    if len(key) not in (16, 24, 32):
        raise ValueError(f"AES keys are 16, 24 or 32 bytes long, got {len(key)}")


def seal_record(key: bytes, record_id: str, record: dict) -> bytes:
    """Encrypt ``record`` as JSON with AES-GCM, bound to ``record_id``: nonce || ciphertext."""
    _check_key(key)
    if not isinstance(record_id, str) or not isinstance(record, dict):
        raise TypeError("seal_record expects a str record_id and a dict record")
    nonce = os.urandom(NONCE_BYTES)
    plaintext = json.dumps(record, sort_keys=True).encode()
    return nonce + AESGCM(key).encrypt(nonce, plaintext, record_id.encode())


def open_record(key: bytes, record_id: str, sealed: bytes) -> dict:
    """Decrypt a record sealed by :func:`seal_record`; raises ``InvalidTag`` if tampered."""
    _check_key(key)
    if not isinstance(record_id, str) or not isinstance(sealed, bytes):
        raise TypeError("open_record expects a str record_id and the sealed record as bytes")
    if len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise ValueError("sealed record is shorter than a nonce and a tag: not a sealed record")
    nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    return json.loads(AESGCM(key).decrypt(nonce, ciphertext, record_id.encode()))


def ecb_encrypt_for_demo(key: bytes, data: bytes) -> bytes:
    """INSECURE: AES in ECB mode, for the picture that shows why it leaks patterns."""
    _check_key(key)
    if len(data) % 16:
        raise ValueError("the ECB demo needs data whose length is a multiple of 16 bytes")
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305
    return encryptor.update(data) + encryptor.finalize()


def fernet_token_fields(token: bytes) -> dict:
    """Split a Fernet token into version, timestamp, IV, ciphertext and HMAC."""
    raw = base64.urlsafe_b64decode(token)
    if len(raw) < 1 + 8 + 16 + 32 or raw[0] != 0x80:
        raise ValueError("not a Fernet token: expected version byte 0x80 and at least 57 bytes")
    return {
        "version": raw[0],
        "timestamp": int.from_bytes(raw[1:9], "big"),
        "iv": raw[9:25],
        "ciphertext": raw[25:-32],
        "hmac": raw[-32:],
    }


def password_key(password: str, salt: bytes, n: int = SCRYPT_N) -> bytes:
    """A 256-bit key from a password with Scrypt (cost ``n``, r=8, p=1) and a random salt.

    ``n`` is at least :data:`SCRYPT_MIN_N` (2**17, 128 MiB): the key protects data that an
    attacker can copy and attack offline. age's passphrase files use n=2**18.
    """
    if not isinstance(password, str) or not isinstance(salt, bytes) or len(salt) < 16:
        raise ValueError("password_key expects a str password and a salt of at least 16 bytes")
    if isinstance(n, bool) or not isinstance(n, int) or n < 2 or n & (n - 1):
        raise ValueError(
            f"n must be a power of two such as 2**17, got {n!r} (in Python ^ is XOR: write 2**17)"
        )
    if n < SCRYPT_MIN_N:
        raise ValueError(
            f"n=2**{n.bit_length() - 1} is too fast for a key that protects stored data, which "
            f"an attacker can guess offline: use n >= 2**{SCRYPT_MIN_N.bit_length() - 1}"
        )
    return Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(password.encode())


def purpose_key(master_key: bytes, purpose: str, length: int = 32) -> bytes:
    """A key for one purpose (e.g. ``"encryption"``), derived from a master key with HKDF.

    HKDF-SHA256 with the purpose as ``info`` and no salt (HKDF then uses zeros), which suits
    a master key that is already uniformly random. For a key-agreement secret, a salt such
    as the two public keys (as age uses) is the better choice.
    """
    if not isinstance(master_key, bytes) or len(master_key) < 16:
        raise ValueError("purpose_key expects a master key of at least 16 bytes")
    if not isinstance(purpose, str) or not purpose:
        raise ValueError("purpose_key expects the purpose as a non-empty str, e.g. 'encryption'")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose.encode())
    return hkdf.derive(master_key)


def seal_with_fixed_nonce_for_demo(key: bytes, nonce: bytes, plaintext: bytes) -> bytes:
    """INSECURE: AES-GCM under a caller-chosen nonce, to show what reusing one reveals."""
    _check_key(key)
    if len(nonce) != NONCE_BYTES:
        raise ValueError(f"AES-GCM nonces are {NONCE_BYTES} bytes, got {len(nonce)}")
    return nonce + AESGCM(key).encrypt(nonce, plaintext, None)
