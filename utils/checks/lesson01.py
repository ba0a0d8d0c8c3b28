"""Checkers of lesson 01 (symmetric encryption)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import random
import time

from cryptography.exceptions import AlreadyFinalized, InvalidTag
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from utils import symmetric
from utils.checks.core import Hint, checker

RECORD = {"patient_id": "patient-0042", "diagnosis": "benign", "mean_radius_mm": 12.5}


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@checker("1.1", "seal_record")
def _check_seal(seal_record):
    key = symmetric.new_key()
    sealed = seal_record(key, "patient-0042", RECORD)
    if not isinstance(sealed, bytes):
        raise Hint(f"return bytes (nonce followed by ciphertext), not {type(sealed).__name__}")
    nonce, body = sealed[:12], sealed[12:]
    try:
        opened = symmetric.open_record(key, "patient-0042", sealed)
    except (InvalidTag, ValueError):
        if _decrypts(key, nonce, body, None):
            raise Hint("the record id is not bound: pass it, encoded, as associated data") from None
        if _decrypts(key, sealed[-12:], sealed[:-12], b"patient-0042"):
            raise Hint("the nonce must come first, before the ciphertext") from None
        raise Hint(
            "open_record cannot decrypt your output: is it the 12-byte nonce, then AES-GCM's output for the JSON bytes?"
        ) from None
    if opened != RECORD:
        raise Hint(
            "the decrypted record differs from the input: encrypt json.dumps(record).encode()"
        )
    if seal_record(key, "patient-0042", RECORD) == sealed:
        raise Hint(
            "two encryptions of the same record are equal: is the nonce fresh for every call?"
        )
    random.seed(7)
    first = seal_record(key, "patient-0042", RECORD)[:12]
    random.seed(7)
    if seal_record(key, "patient-0042", RECORD)[:12] == first:
        raise Hint("re-seeding Python's `random` repeated your nonce: take nonces from os.urandom")
    if nonce.count(0) >= 6:
        raise Hint(
            "the nonce is mostly zero bytes, like a counter that restarts with the kernel: "
            "use 12 random bytes from os.urandom"
        )
    if seal_record(symmetric.new_key(), "patient-0042", RECORD)[12:] == body:
        raise Hint("the output does not depend on the key: encrypt with the key you are given")


def _decrypts(key: bytes, nonce: bytes, body: bytes, aad: bytes | None) -> bool:
    try:
        AESGCM(key).decrypt(nonce, body, aad)
    except (InvalidTag, ValueError):
        return False
    return True


@checker("1.2", "is_authentic")
def _check_authentic(is_authentic):
    key = symmetric.new_key()
    sealed = symmetric.seal_record(key, "patient-0007", RECORD)
    if is_authentic(key, "patient-0007", sealed) is not True:
        raise Hint(
            "a genuine record was rejected: decrypt with the same key, nonce and associated data, and return True"
        )
    forged = {
        "a flipped ciphertext bit": (key, "patient-0007", _flip(sealed, 20)),
        "a flipped tag bit": (key, "patient-0007", _flip(sealed, len(sealed) - 1)),
        "a flipped nonce bit": (key, "patient-0007", _flip(sealed, 0)),
        "a record moved to another id": (key, "patient-0008", sealed),
        "the wrong key": (symmetric.new_key(), "patient-0007", sealed),
    }
    forged["a 10-byte blob"] = (key, "patient-0007", sealed[:10])
    forged["an empty blob"] = (key, "patient-0007", b"")
    for label, args in forged.items():
        try:
            verdict = is_authentic(*args)
        except Exception as error:
            raise Hint(
                f"{label} raised {type(error).__name__}: return False for anything that does not verify"
            ) from None
        if verdict is not False:
            raise Hint(f"{label} was accepted: return False when decryption raises InvalidTag")


@checker("1.3", "fernet_timestamp")
def _check_fernet(fernet_timestamp):
    for when in (0, 1_700_000_000, 2**33 + 5):
        token = Fernet(Fernet.generate_key()).encrypt_at_time(b"model v1", when)
        try:
            got = fernet_timestamp(token)
        except (binascii.Error, ValueError):
            raise Hint(
                "decoding the token failed: Fernet uses the URL-safe base64 alphabet (- and _)"
            ) from None
        if got == when:
            continue
        raw = base64.urlsafe_b64decode(token)
        if not isinstance(got, int):
            raise Hint(f"return the timestamp as an int, not {type(got).__name__}")
        if got == int.from_bytes(raw[1:9], "little"):
            raise Hint("the timestamp is stored big-endian (network byte order)")
        if got == int.from_bytes(raw[0:8], "big"):
            raise Hint("byte 0 is the version (0x80); the timestamp is the 8 bytes after it")
        if got in {int.from_bytes(raw[i : i + 4], "big") for i in range(1, 6)}:
            raise Hint("the timestamp field is 8 bytes long, not 4")
        raise Hint(f"a token made at {when} gave {got!r}: base64url-decode the token first")
    if fernet_timestamp(Fernet(Fernet.generate_key()).encrypt(b"x")) > time.time() + 60:
        raise Hint(
            "a fresh token's timestamp lies in the future: read the 8 bytes after the version"
        )


@checker("1.4", "recover_record")
def _check_recover(recover_record):
    key, nonce = symmetric.new_key(), os.urandom(12)
    known = b'{"patient_id": "patient-0001", "diagnosis": "benign"   }'
    target = b'{"patient_id": "patient-0002", "diagnosis": "malignant"}'
    known_sealed = symmetric.seal_with_fixed_nonce_for_demo(key, nonce, known)
    target_sealed = symmetric.seal_with_fixed_nonce_for_demo(key, nonce, target)
    got = recover_record(known, known_sealed, target_sealed)
    if not isinstance(got, bytes):
        raise Hint(f"return the recovered plaintext as bytes, not {type(got).__name__}")
    if got == target:
        return
    if len(got) == len(target) + 16:
        raise Hint(
            "your result is 16 bytes too long: the last 16 bytes of a GCM ciphertext are the tag"
        )
    if len(got) == len(target) + 12 or len(got) == len(target) + 28:
        raise Hint("your result is too long: the first 12 bytes of a sealed record are the nonce")
    if got == symmetric.xor_bytes(known, target):
        raise Hint(
            "you returned known ⊕ target: XOR the two ciphertexts, then XOR with the known plaintext"
        )
    raise Hint(
        "the record was not recovered: ciphertext ⊕ ciphertext = plaintext ⊕ plaintext under one nonce"
    )


@checker("1.5", "password_key")
def _check_password(password_key):
    salt_a, salt_b = b"\x01" * 16, b"\x02" * 16
    key = password_key("correct horse battery staple", salt_a)
    if not isinstance(key, bytes) or len(key) != 32:
        raise Hint("return a 32-byte (256-bit) key as bytes")
    if key == hashlib.sha256(b"correct horse battery staple").digest():
        raise Hint(
            "a bare SHA-256 is fast to guess and ignores the salt: use a password KDF (Scrypt)"
        )
    if password_key("correct horse battery staple", salt_b) == key:
        raise Hint("two different salts gave the same key: pass the salt to the KDF")
    if password_key("correct horse battery staple", salt_a) != key:
        raise Hint(
            "the same password and salt gave two keys: derive the key, don't generate a random one"
        )
    if password_key("Tr0ub4dor&3", salt_a) == key:
        raise Hint("two different passwords gave the same key: derive from the password's bytes")
    if key != symmetric.password_key("correct horse battery staple", salt_a):
        raise Hint(
            "the key differs from Scrypt with n=2**14, r=8, p=1, length=32: check the parameters"
        )
    if password_key("pässwörd", salt_a) != symmetric.password_key("pässwörd", salt_a):
        raise Hint("a non-ASCII password gave the wrong key: encode passwords as UTF-8")


@checker("1.6", "derive_keys")
def _check_derive(derive_keys):
    master = os.urandom(32)
    try:
        keys = derive_keys(master)
    except AlreadyFinalized:
        raise Hint("an HKDF object derives only once: make a new HKDF for each key") from None
    if not isinstance(keys, dict) or set(keys) != {"encryption", "authentication"}:
        raise Hint("return a dict with the keys 'encryption' and 'authentication'")
    if any(not isinstance(k, bytes) or len(k) != 32 for k in keys.values()):
        raise Hint("each derived key must be 32 bytes")
    if master in keys.values():
        raise Hint("a derived key equals the master key: derive it with HKDF instead")
    if keys["encryption"] == keys["authentication"]:
        raise Hint("both keys are equal: give each purpose its own info label")
    if derive_keys(master) != keys:
        raise Hint("the keys changed between two calls: derive them, don't generate random ones")
    if keys["encryption"] != symmetric.purpose_key(master, "encryption"):
        raise Hint(
            "use HKDF-SHA256 with no salt and info set to the purpose's name, as in the text"
        )
