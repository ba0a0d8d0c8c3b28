"""Checkers of lesson 01 (symmetric encryption)."""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import numbers
import os
import re
import secrets
import time
from collections.abc import Callable

from cryptography.exceptions import AlreadyFinalized, InvalidTag
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from utils import symmetric
from utils.course.checks.core import Hint, checker
from utils.course.checks.randomness import reseeded_generator, weak_generator

RECORD = {"patient_id": "patient-0042", "diagnosis": "benign", "mean_radius": 12.5}
RECORD_ID = "patient-0042"
# A timestamp whose 8 bytes all differ, to tell which bytes of a token an answer read.
PROBE_TIMESTAMP = 0x0102030405060708


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@checker("1.1", "seal_record")
def _check_seal(seal_record):
    key = symmetric.new_key()
    try:
        sealed = seal_record(key, RECORD_ID, RECORD)
    except TypeError as error:
        passed = re.search(r"<class '(\w+)'>\W* instance to a buffer", str(error))
        if not passed:
            raise
        raise Hint(
            f"a {passed.group(1)} went where AES-GCM takes bytes: encode the JSON text and the "
            "record id to bytes"
        ) from None
    if not isinstance(sealed, bytes):
        raise Hint(f"return bytes (nonce followed by ciphertext), not {type(sealed).__name__}")
    try:
        opened = symmetric.open_record(key, RECORD_ID, sealed)
    except (InvalidTag, ValueError):  # a JSONDecodeError is a ValueError too
        raise Hint(_unopenable(key, sealed)) from None
    if opened != RECORD:
        raise Hint(
            "the decrypted record differs from the input: encrypt json.dumps(record).encode()"
        )
    second = seal_record(key, RECORD_ID, RECORD)
    if second == sealed:
        raise Hint(
            "two encryptions of the same record are equal: is the nonce fresh for every call?"
        )
    reseeded = reseeded_generator(seal_record, key, RECORD_ID, RECORD)
    if reseeded:
        raise Hint(f"re-seeding {reseeded} repeated your nonce: take nonces from os.urandom")
    third = seal_record(key, RECORD_ID, RECORD)
    # Four or more zero bytes in a random nonce: p ~ 1e-7; in three nonces: p ~ 1e-21.
    if all(output[:12].count(0) >= 4 for output in (sealed, second, third)):
        raise Hint(
            "each nonce holds several zero bytes, like a clock reading or a counter that "
            "restarts with the kernel: use 12 random bytes from os.urandom"
        )
    source = weak_generator(seal_record, key, RECORD_ID, RECORD)
    if source:
        raise Hint(f"your nonce comes from {source}, which is predictable: use os.urandom")


def _unopenable(key: bytes, sealed: bytes) -> str:
    """The hint for output that open_record cannot open: the likely mistake."""
    aad = RECORD_ID.encode()
    nonce, body = sealed[:12], sealed[12:]
    if _decrypts(AESGCM(key), nonce, body, aad):
        return "your output decrypts, but not to JSON: encrypt json.dumps(record).encode()"
    if _decrypts(AESGCM(key), nonce, body, None):
        return "the record id is not bound: pass it, encoded, as associated data"
    if _decrypts(AESGCM(key), sealed[-12:], sealed[:-12], aad):
        return "the nonce must come first, before the ciphertext"
    if _decrypts(ChaCha20Poly1305(key), nonce, body, aad):
        return "you used ChaCha20-Poly1305: this exercise asks for AES-GCM"
    if _decrypts(AESGCM(key[:16]), nonce, body, aad):
        return "you encrypted with part of the key: use the whole 32-byte key you are given"
    for size in range(8, 33):
        if size != 12 and _decrypts(AESGCM(key), sealed[:size], sealed[size:], aad):
            return f"your nonce is {size} bytes long: AES-GCM's standard nonce is 12 bytes"
    for decode in (base64.b64decode, base64.urlsafe_b64decode, bytes.fromhex):
        try:
            decoded = decode(sealed.decode("ascii"))
        except (binascii.Error, ValueError):
            continue
        if _decrypts(AESGCM(key), decoded[:12], decoded[12:], aad):
            return "return the raw bytes nonce + ciphertext, not a text encoding of them"
    return (
        "open_record cannot decrypt your output: is it the 12-byte nonce, then AES-GCM's "
        "output for the JSON bytes, under the key given, with the encoded record id as "
        "associated data?"
    )


def _decrypts(
    cipher: AESGCM | ChaCha20Poly1305, nonce: bytes, body: bytes, aad: bytes | None
) -> bool:
    try:
        cipher.decrypt(nonce, body, aad)
    except (InvalidTag, ValueError):
        return False
    return True


@checker("1.2", "is_authentic")
def _check_authentic(is_authentic):
    key = symmetric.new_key()
    sealed = symmetric.seal_record(key, "patient-0007", RECORD)
    verdict = is_authentic(key, "patient-0007", sealed)
    if verdict is not True:
        if verdict not in (False, None):
            raise Hint(
                f"a genuine record returned {type(verdict).__name__}, not the bool True: "
                "return True or False"
            )
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
        if verdict is False:
            continue
        if not verdict:
            raise Hint(f"{label} returned {verdict!r}, not the bool False: return True or False")
        raise Hint(f"{label} was accepted: return False when decryption raises InvalidTag")


@checker("1.3", "fernet_timestamp")
def _check_fernet(fernet_timestamp):
    for when in (0, 1_700_000_000, 2**33 + 5):
        token = Fernet(Fernet.generate_key()).encrypt_at_time(b"model v1", when)
        got = _read_timestamp(fernet_timestamp, token)
        if got != when:
            raise Hint(_timestamp_mistake(fernet_timestamp, token, when, got))
    if fernet_timestamp(Fernet(Fernet.generate_key()).encrypt(b"x")) > time.time() + 60:
        raise Hint(
            "a fresh token's timestamp lies in the future: read the 8 bytes after the version"
        )


def _read_timestamp(fernet_timestamp: Callable, token: bytes) -> int:
    try:
        got = fernet_timestamp(token)
    except (binascii.Error, ValueError):
        raise Hint(
            "decoding the token failed: Fernet uses the URL-safe base64 alphabet (- and _)"
        ) from None
    if isinstance(got, bool) or not isinstance(got, numbers.Integral):
        raise Hint(f"return the timestamp as an int, not {type(got).__name__}")
    return int(got)


def _timestamp_mistake(fernet_timestamp: Callable, token: bytes, when: int, got: int) -> str:
    """The hint for a token whose timestamp was misread: which bytes the answer read."""
    try:
        standard = base64.b64decode(token)  # drops - and _, the URL-safe digits
    except binascii.Error:
        standard = b""
    if standard and got == int.from_bytes(standard[1:9], "big"):
        return "decoding the token went wrong: Fernet uses the URL-safe base64 alphabet (- and _)"
    if abs(got - time.time()) < 24 * 3600 and abs(when - time.time()) > 24 * 3600:
        return "you returned the current time: read the timestamp stored in the token"
    probe = Fernet(Fernet.generate_key()).encrypt_at_time(b"model v1", PROBE_TIMESTAMP)
    raw, read = base64.urlsafe_b64decode(probe), _read_timestamp(fernet_timestamp, probe)
    if read == int.from_bytes(raw[1:9], "little"):
        return "the timestamp is stored big-endian (network byte order)"
    for start in range(13):
        for size in range(1, 13):
            if read not in {
                int.from_bytes(raw[start : start + size], o) for o in ("big", "little")
            }:
                continue
            if start == 0:
                return "byte 0 is the version (0x80); the timestamp is the 8 bytes after it"
            if size != 8:
                return f"the timestamp field is 8 bytes long, not {size}"
            return "you read the wrong bytes: the timestamp is the 8 bytes right after the version byte"
    return f"a token made at {when} gave {got!r}: base64url-decode the token first"


@checker("1.4", "recover_record")
def _check_recover(recover_record):
    demo_known = b'{"patient_id": "patient-0001", "diagnosis": "benign"   }'
    demo_target = b'{"patient_id": "patient-0002", "diagnosis": "malignant"}'
    _check_recovery(recover_record, demo_known, demo_target)
    record = '{{"patient_id": "patient-{:04d}", "risk": 0.{:06d}}}'
    known, target = (
        record.format(secrets.randbelow(10**4), secrets.randbelow(10**6)).encode() for _ in range(2)
    )
    _check_recovery(recover_record, known, target, notebook_target=demo_target)


def _check_recovery(
    recover_record: Callable, known: bytes, target: bytes, notebook_target: bytes = b""
) -> None:
    """Seal ``known`` and ``target`` under one nonce and check the answer recovers ``target``."""
    key, nonce = symmetric.new_key(), os.urandom(12)
    known_sealed = symmetric.seal_with_fixed_nonce_for_demo(key, nonce, known)
    target_sealed = symmetric.seal_with_fixed_nonce_for_demo(key, nonce, target)
    got = recover_record(known, known_sealed, target_sealed)
    if not isinstance(got, bytes):
        raise Hint(f"return the recovered plaintext as bytes, not {type(got).__name__}")
    if got == target:
        return
    if got == notebook_target:
        raise Hint(
            "you returned the notebook's record, not the one passed in: use the function's "
            "arguments, not the notebook's variables"
        )
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
    if got == known:
        raise Hint("you returned the known plaintext: the other record is the one to recover")
    for start in range(29):
        for end in (None, -16):
            pieces = zip(known, known_sealed[start:end], target_sealed[start:end], strict=False)
            if start != 12 and got == bytes(p ^ a ^ b for p, a, b in pieces):
                raise Hint(
                    f"your XOR starts at byte {start} of the sealed records: the ciphertext "
                    "starts right after the 12-byte nonce"
                )
    raise Hint(
        "the record was not recovered: ciphertext ⊕ ciphertext = plaintext ⊕ plaintext under one nonce"
    )


# Exercise 1.5 derives at scrypt's n=2**17 (128 MiB, a few hundred ms a call), so the check
# spends its calls on the student's function: the reference key of the fixed case is stored
# (tests/test_symmetric.py recomputes it), and the diagnosis of a wrong key runs only on failure.
PASSWORD, SALT, OTHER_SALT = "correct horse battery staple", b"\x01" * 16, b"\x02" * 16
PASSWORD_KEY = bytes.fromhex("2008eb8588e8acce8287b8a912776e65063b3d99064e2f868582761e128271d7")
_UPPER, _SYMBOLS, _LATIN = "ABCDEFGHJKLMNPQRSTUVWXYZ", "&%!-_ ", "äöüßéñ"
# Latin-1 letters, so that a Latin-1 encoding gives other bytes instead of raising.
_PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789" + _UPPER + _SYMBOLS + _LATIN


@checker("1.5", "password_key")
def _check_password(password_key):
    key = _derive(password_key, PASSWORD, SALT)
    if key != PASSWORD_KEY:
        raise Hint(_password_key_mistake(password_key, key))
    password, salt = _random_password(), os.urandom(16)
    got = _derive(password_key, password, salt)
    if got != symmetric.password_key(password, salt):
        raise Hint(_random_password_mistake(password, salt, got))


def _derive(password_key: Callable, password: str, salt: bytes) -> bytes:
    try:
        key = password_key(password, salt)
    except ValueError as error:
        if "power of 2" not in str(error):
            raise
        raise Hint(
            "Scrypt refused n: it is the cost itself, a power of two written 2**17, not the "
            "exponent 17 (and in Python ^ is XOR, not a power)"
        ) from None
    except MemoryError as error:  # OpenSSL's limits: r=1 allows n < 2**16 only, for instance
        raise Hint(
            f"Scrypt could not derive with your parameters ({error}): use n=2**17, r=8, p=1"
        ) from None
    if not isinstance(key, bytes) or len(key) != 32:
        raise Hint("return a 32-byte (256-bit) key as bytes")
    return key


def _password_key_mistake(password_key: Callable, key: bytes) -> str:
    """The hint for a wrong key from the fixed password and salt: which parameter differs."""
    if key == hashlib.sha256(PASSWORD.encode()).digest():
        return "a bare SHA-256 is fast to guess and ignores the salt: use a password KDF (Scrypt)"
    password = PASSWORD.encode()
    if key == _scrypt(password, SALT, 2**14):
        return (
            "you used n=2**14, scrypt's 2009 cost for interactive logins: a key for stored data "
            "faces offline guessing, so the course's floor is n=2**17"
        )
    for log_n in range(10, 17):
        if key == _scrypt(password, SALT, 2**log_n):
            return f"n=2**{log_n} is below the course's floor for stored data: use n=2**17"
    if key == _scrypt(password, SALT, 2**18):
        return "n=2**18 is age's cost, more than asked: use n=2**17 so keys match the course's"
    if key in (_scrypt(SALT, password, 2**17), _scrypt(SALT, password, 2**14)):
        return "password and salt are swapped: Scrypt takes the salt, derive() the password"
    if _derive(password_key, PASSWORD, OTHER_SALT) == key:
        return "two different salts gave the same key: pass the salt to the KDF"
    if _derive(password_key, PASSWORD, SALT) != key:
        return (
            "the same password and salt gave two different keys: use the salt you are given, "
            "and derive the key rather than generating a random one"
        )
    for r, p in ((16, 1), (8, 2), (4, 1)):  # r=1 allows only n < 2**16: not worth a guess
        if key == _scrypt(password, SALT, 2**17, r, p):
            return f"you used r={r}, p={p}: the block size r is 8 and the parallelism p is 1"
    return (
        "the key differs from Scrypt with n=2**17, r=8, p=1, length=32 over the password's "
        "UTF-8 bytes: check the parameters"
    )


def _random_password() -> str:
    """A random password with at least one capital, one symbol and one non-ASCII letter."""
    letters = [secrets.choice(_PASSWORD_ALPHABET) for _ in range(9)]
    letters += [secrets.choice(_UPPER), secrets.choice(_SYMBOLS), secrets.choice(_LATIN)]
    secrets.SystemRandom().shuffle(letters)
    return "".join(letters)


def _random_password_mistake(password: str, salt: bytes, got: bytes) -> str:
    """The hint for a wrong key from a random password and salt (the fixed case passed)."""
    if got == PASSWORD_KEY:
        return "another password and salt gave the same key: derive from the arguments given"
    if got == symmetric.password_key(password.lower(), salt):
        return (
            "a password with capitals and symbols gave the wrong key: derive from the password "
            "exactly as given"
        )
    if got == _scrypt(password.encode("latin-1"), salt, 2**17):
        return "a non-ASCII password gave the wrong key: encode passwords as UTF-8"
    return (
        f"the password {password!r} with a random salt gave the wrong key: derive from the "
        "password exactly as given (its UTF-8 bytes) and the salt given"
    )


@functools.cache
def _scrypt(password: bytes, salt: bytes, n: int, r: int = 8, p: int = 1) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password)


@checker("1.6", "derive_keys")
def _check_derive(derive_keys):
    master = os.urandom(32)
    try:
        keys = derive_keys(master)
    except AlreadyFinalized:
        raise Hint("an HKDF object derives only once: make a new HKDF for each key") from None
    if not isinstance(keys, dict) or set(keys) != {"encryption", "authentication"}:
        raise Hint("return a dict with the keys 'encryption' and 'authentication'")
    for purpose, key in keys.items():
        if not isinstance(key, bytes):
            raise Hint(f"the {purpose} key must be bytes, not {type(key).__name__}")
    if any(len(k) != 32 for k in keys.values()):
        raise Hint("each derived key must be 32 bytes")
    if master in keys.values():
        raise Hint("a derived key equals the master key: derive it with HKDF instead")
    if keys["encryption"] == keys["authentication"]:
        raise Hint("both keys are equal: give each purpose its own info label")
    if derive_keys(master) != keys:
        raise Hint("the keys changed between two calls: derive them, don't generate random ones")
    want = {purpose: symmetric.purpose_key(master, purpose) for purpose in keys}
    if keys == {"encryption": want["authentication"], "authentication": want["encryption"]}:
        raise Hint("the two keys are swapped: each key's info label is its own purpose's name")
    for purpose in ("encryption", "authentication"):
        if keys[purpose] != want[purpose]:
            raise Hint(
                f"the {purpose} key is not HKDF-SHA256 with no salt and info set to the "
                "purpose's name, as in the text"
            )
