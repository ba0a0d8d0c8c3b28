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
# OWASP's minimum for scrypt today. n=2**14 was the 2009 paper's choice for logins (~100 ms
# on a CPU of that time); stored data, like a stolen password database, is guessed offline.
SCRYPT_MIN_N = 2**17
SCRYPT_N, SCRYPT_R, SCRYPT_P = SCRYPT_MIN_N, 8, 1


def new_key(bits: int = 256) -> bytes:
    """A fresh random AES key from the operating system's CSPRNG (``secrets``)."""
    if isinstance(bits, bool) or not isinstance(bits, int):
        raise TypeError(f"bits must be an int (128, 192 or 256), not {type(bits).__name__}")
    if bits not in (128, 192, 256):
        raise ValueError(f"AES keys are 128, 192 or 256 bits long, got {bits}")
    return secrets.token_bytes(bits // 8)


def xor_bytes(a: bytes, b: bytes) -> bytes:
    """XOR two byte strings of equal length."""
    _require_bytes(a, "a")
    _require_bytes(b, "b")
    if len(a) != len(b):
        raise ValueError(f"xor_bytes needs equal lengths, got {len(a)} and {len(b)} bytes")
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _require_bytes(value: object, name: str) -> None:
    if not isinstance(value, bytes):
        raise TypeError(f"{name} must be bytes, not {type(value).__name__}")


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
    _require_bytes(data, "data")
    if len(data) % 16:
        raise ValueError("the ECB demo needs data whose length is a multiple of 16 bytes")
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305
    return encryptor.update(data) + encryptor.finalize()


def fernet_token_fields(token: bytes) -> dict:
    """Split a Fernet token into version, timestamp, IV, ciphertext and HMAC."""
    if not isinstance(token, bytes | str):
        raise TypeError(f"token must be bytes (or str), not {type(token).__name__}")
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
    if not isinstance(password, str) or not isinstance(salt, bytes):
        raise TypeError("password_key expects a str password and a bytes salt")
    if len(salt) < 16:
        raise ValueError(f"the salt must be at least 16 random bytes, got {len(salt)}")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int such as 2**17, not {type(n).__name__}")
    if n < 2 or n & (n - 1):
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
    if not isinstance(master_key, bytes) or not isinstance(purpose, str):
        raise TypeError("purpose_key expects a bytes master key and a str purpose")
    if len(master_key) < 16:
        raise ValueError(f"the master key must be at least 16 bytes, got {len(master_key)}")
    if not purpose:
        raise ValueError("purpose_key expects a non-empty purpose, e.g. 'encryption'")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose.encode())
    return hkdf.derive(master_key)


def seal_with_fixed_nonce_for_demo(key: bytes, nonce: bytes, plaintext: bytes) -> bytes:
    """INSECURE: AES-GCM under a caller-chosen nonce, to show what reusing one reveals."""
    _check_key(key)
    _require_bytes(nonce, "nonce")
    _require_bytes(plaintext, "plaintext")
    if len(nonce) != NONCE_BYTES:
        raise ValueError(f"AES-GCM nonces are {NONCE_BYTES} bytes, got {len(nonce)}")
    return nonce + AESGCM(key).encrypt(nonce, plaintext, None)
