"""Does this AEAD blob open, and if not, what did the answer most likely do instead?"""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

NONCE_SIZE = 12


def opened(
    key: bytes, nonce: bytes, body: bytes, aad: bytes | None, cipher: type = AESGCM
) -> bytes | None:
    """The plaintext of ``body`` under ``key``, ``nonce`` and ``aad``, or None if it does not open."""
    try:
        return cipher(key).decrypt(nonce, body, aad)
    except (InvalidTag, ValueError, TypeError, OverflowError):
        return None


def opens(key: bytes, blob: bytes, aad: bytes | None, cipher: type = AESGCM) -> bytes | None:
    """The plaintext of ``blob`` = 12-byte nonce + ciphertext, or None if it does not open."""
    return opened(key, blob[:NONCE_SIZE], blob[NONCE_SIZE:], aad, cipher)


def why_unopenable(
    key: bytes, blob: bytes, aad: bytes, payload: bytes | None = None, names: tuple = ("key", "id")
) -> str | None:
    """Name the mistake that made ``blob`` (nonce + AES-GCM output) not open, if it is a known one.

    ``payload`` is the secret the answer was asked to encrypt, when it is itself a key (a
    wrapped data key): encrypting under it instead of ``key`` is then a role swap. ``names``
    are what the lesson calls the key and the id (``("KEK", "KEK id")``).
    """
    key_name, id_name = names
    nonce, body = blob[:NONCE_SIZE], blob[NONCE_SIZE:]
    if opened(key, nonce, body, None) is not None or opened(key, nonce, body, b"") is not None:
        return f"the {id_name} is not bound: pass it, encoded, as associated data"
    if opened(key, nonce, body, aad.decode("utf-8").encode("utf-16")) is not None:
        return f"encode the {id_name} as UTF-8 (str.encode()), the same bytes every time"
    if opened(key, nonce, body, key) is not None:
        return (
            f"the associated data is the {key_name} itself: pass the {id_name}, never a key, "
            "as associated data"
        )
    if payload is not None and opened(payload, nonce, body, aad) is not None:
        return f"the roles are swapped: the {key_name} is the AES-GCM key, the secret the plaintext"
    if opened(key, blob[-NONCE_SIZE:], blob[:-NONCE_SIZE], aad) is not None:
        return "the nonce must come first, before the ciphertext"
    if opened(key, nonce, body, aad, ChaCha20Poly1305) is not None:
        return "you used ChaCha20-Poly1305: this exercise asks for AES-GCM"
    if opened(key[:16], nonce, body, aad) is not None:
        return f"you encrypted with part of the {key_name}: use the whole 32-byte {key_name}"
    for size in range(8, 33):
        if size != NONCE_SIZE and opened(key, blob[:size], blob[size:], aad) is not None:
            return f"your nonce is {size} bytes long: AES-GCM's standard nonce is 12 bytes"
    for decode in (base64.b64decode, base64.urlsafe_b64decode, bytes.fromhex):
        try:
            decoded = decode(blob.decode("ascii"))
        except (binascii.Error, ValueError):
            continue
        if opens(key, decoded, aad) is not None:
            return "return the raw bytes nonce + ciphertext, not a text encoding of them"
    return None
