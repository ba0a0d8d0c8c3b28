"""Checkers of lesson 01 (symmetric encryption)."""

from __future__ import annotations

import base64
import binascii
import copy
import functools
import hashlib
import numbers
import os
import re
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from cryptography.exceptions import AlreadyFinalized
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from utils import symmetric
from utils.course.checks import aead
from utils.course.checks.core import Hint, call_unmutated, case_rng, checker
from utils.course.checks.randomness import (
    fixed_bits,
    fixed_positions,
    predictable_source,
    reseeded_generator,
    weak_generator,
)

RECORD = {"patient_id": "patient-0042", "diagnosis": "benign", "mean_radius": 12.5}
RECORD_ID = "patient-0042"
# A timestamp whose 8 bytes all differ, to tell which bytes of a token an answer read.
PROBE_TIMESTAMP = 0x0102030405060708


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@checker("1.1", "seal_record")
def _check_seal(seal_record):
    key = symmetric.new_key()
    sealed = _seal(seal_record, key, RECORD_ID, RECORD)
    if aead.opens(key, sealed, RECORD_ID.encode()) is None:
        raise Hint(_unopenable(key, sealed, RECORD_ID))
    try:
        opened = symmetric.open_record(key, RECORD_ID, sealed)
    except ValueError:  # a JSONDecodeError
        raise Hint(
            "your output decrypts, but not to JSON: encrypt json.dumps(record).encode()"
        ) from None
    if opened != RECORD:
        raise Hint(
            "the decrypted record differs from the input: encrypt json.dumps(record).encode()"
        )
    _check_other_record(seal_record, key)
    source = predictable_source(seal_record, key, RECORD_ID, copy.deepcopy(RECORD))
    if source:
        raise Hint(f"your nonce is made from {source}, which is predictable: use os.urandom")
    second = _seal(seal_record, key, RECORD_ID, RECORD)
    if second == sealed:
        raise Hint(
            "two encryptions of the same record are equal: is the nonce fresh for every call?"
        )
    reseeded = reseeded_generator(seal_record, key, RECORD_ID, RECORD)
    if reseeded:
        raise Hint(f"re-seeding {reseeded} repeated your nonce: take nonces from os.urandom")
    nonces = [sealed[:12], second[:12]] + [
        seal_record(key, RECORD_ID, RECORD)[:12] for _ in range(6)
    ]
    fixed = fixed_positions(nonces)
    # Four or more zero bytes in a random nonce: p ~ 1e-7; in three nonces: p ~ 1e-21.
    if fixed or all(nonce.count(0) >= 4 for nonce in nonces[:3]):
        raise Hint(
            f"{len(fixed) or 'several'} bytes of the nonce are the same in every nonce (a "
            "counter, a clock, padding?): use 12 random bytes from os.urandom"
        )
    bits = fixed_bits(nonces + [seal_record(key, RECORD_ID, RECORD)[:12] for _ in range(32)])
    if bits:
        raise Hint(
            f"{bits} bits of the nonce are the same in every nonce (a UUID's version bits?): "
            "use 12 random bytes from os.urandom"
        )
    source = weak_generator(seal_record, key, RECORD_ID, RECORD)
    if source:
        raise Hint(f"your nonce comes from {source}, which is predictable: use os.urandom")


def _seal(seal_record: Callable, key: bytes, record_id: str, record: dict) -> bytes:
    try:
        sealed = call_unmutated(seal_record, key, record_id, copy.deepcopy(record))
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
    return sealed


def _check_other_record(seal_record: Callable, key: bytes) -> None:
    """A record whose id is not one of its fields, with non-ASCII text and random values."""
    rng = case_rng()
    record_id = f"record-{rng.randrange(10**6):06d}"
    record = {
        "patient_id": f"patient-{rng.randrange(10**4):04d}",
        "note": "bénin",
        "r": rng.random(),
    }
    sealed = _seal(seal_record, key, record_id, record)
    if aead.opens(key, sealed, record_id.encode()) is None:
        if aead.opens(key, sealed, record["patient_id"].encode()) is not None:
            raise Hint(
                "the associated data must be the record_id argument, not a field of the record"
            )
        raise Hint(_unopenable(key, sealed, record_id))
    if symmetric.open_record(key, record_id, sealed) != record:
        raise Hint(
            "the decrypted record differs from the input: encrypt json.dumps(record).encode()"
        )


def _unopenable(key: bytes, sealed: bytes, record_id: str) -> str:
    """The hint for output that open_record cannot open: the likely mistake."""
    return aead.why_unopenable(key, sealed, record_id.encode(), names=("key", "record id")) or (
        "open_record cannot decrypt your output: is it the 12-byte nonce, then AES-GCM's "
        "output for the JSON bytes, under the key given, with the encoded record id as "
        "associated data?"
    )


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
    empty = os.urandom(12)
    empty += AESGCM(key).encrypt(empty, b"", b"patient-0007")
    if is_authentic(key, "patient-0007", empty) is not True:
        raise Hint(
            "a genuine record with an empty plaintext (28 bytes: nonce and tag) was rejected: "
            "a blob is authentic when it decrypts, whatever the plaintext and down to 28 bytes"
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
        if verdict is not True:
            raise Hint(f"{label} returned {verdict!r}, not the bool False: return True or False")
        raise Hint(f"{label} was accepted: return False when decryption raises InvalidTag")


@checker("1.3", "fernet_timestamp")
def _check_fernet(fernet_timestamp):
    rng = case_rng()
    # Timestamps of 8 significant bytes (one with the top bit set) tell a 7-byte or a
    # signed read from the right one; small ones alone do not.
    times = (0, 1_700_000_000, 2**63 | rng.getrandbits(63), 2**56 + rng.getrandbits(62))
    for when in times:
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
    except binascii.Error:  # base64's own error; any other ValueError is reported as it is
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
    if got == int.from_bytes(base64.urlsafe_b64decode(token)[1:9], "big", signed=True):
        return "the timestamp is an unsigned 64-bit number: read it with signed=False"
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
    for unit in (60, 1000, 3600, 86400, 10**6, 10**9):
        if when and got in (when // unit, round(when / unit), when * unit):
            return (
                f"a token made at {when} gave {got}: the stored timestamp already counts "
                "seconds since 1970; return it as read, with no change of unit"
            )
    return (
        f"a token made at {when} gave {got!r}: base64url-decode the token, then read the 8 "
        "bytes after the version byte as one big-endian number"
    )


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
    try:
        got = recover_record(known, known_sealed, target_sealed)
    except ValueError as error:
        raise Hint(_unequal_lengths(error, len(known))) from None
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
    if got == symmetric.xor_bytes(known, target_sealed[12:-16]):
        raise Hint(
            "you XORed the known plaintext with the target's ciphertext: first recover the "
            "keystream (known plaintext ⊕ known ciphertext), then XOR it with the target's"
        )
    if got[::-1] == target:
        raise Hint("the recovered record is reversed: XOR byte i with byte i, in order")
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


def _unequal_lengths(error: ValueError, plaintext: int) -> str:
    """The hint for ``xor_bytes`` refusing unequal lengths: which part was not cut off."""
    lengths = re.search(r"got (\d+) and (\d+) bytes", str(error))
    if not lengths:
        raise error
    extra = {abs(int(n) - plaintext) for n in lengths.groups()} - {0}
    parts = {12: "the 12-byte nonce at the start", 16: "the 16-byte tag at the end"}
    parts[28] = "both the nonce (12 bytes, first) and the tag (16 bytes, last)"
    if len(extra) != 1 or extra.isdisjoint(parts):
        raise error
    return (
        f"xor_bytes got {lengths.group(1)} and {lengths.group(2)} bytes: cut "
        f"{parts[extra.pop()]} off the sealed records, so that the ciphertexts are as long "
        "as the known plaintext"
    )


# Exercise 1.5 derives at scrypt's n=2**17 (128 MiB, a few hundred ms a call), so a passing
# answer costs one call on a random password and salt, checked against the reference derived at
# the same time. Only a wrong key costs more: the fixed case (its key stored here;
# tests/test_symmetric.py recomputes it) and the diagnosis run on failure only.
PASSWORD, SALT, OTHER_SALT = "correct horse battery staple", b"\x01" * 16, b"\x02" * 16
PASSWORD_KEY = bytes.fromhex("2008eb8588e8acce8287b8a912776e65063b3d99064e2f868582761e128271d7")
_UPPER, _SYMBOLS, _LATIN = "ABCDEFGHJKLMNPQRSTUVWXYZ", "&%!-_ ", "äöüßéñ"
# Latin-1 letters, so that a Latin-1 encoding gives other bytes instead of raising.
_PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789" + _UPPER + _SYMBOLS + _LATIN


@checker("1.5", "password_key")
def _check_password(password_key):
    password, salt = _random_password(), os.urandom(16)
    # The reference derives beside the answer: scrypt releases the GIL, so on two cores the
    # check takes one derivation's time, not two.
    with ThreadPoolExecutor(1) as pool:
        reference = pool.submit(symmetric.password_key, password, salt)
        got = _derive(password_key, password, salt)
        if got == reference.result():
            return
    key = _derive(password_key, PASSWORD, SALT)  # the fixed case names a wrong parameter
    if key != PASSWORD_KEY:
        raise Hint(_password_key_mistake(password_key, key))
    raise Hint(_random_password_mistake(password_key, password, salt, got))


def _derive(password_key: Callable, password: str, salt: bytes) -> bytes:
    try:
        key = password_key(password, salt)
    except ValueError as error:
        if "memory limit exceeded" in str(error):
            raise Hint(
                "hashlib.scrypt refused to use the memory n=2**17, r=8 needs (128 MiB; its "
                "default maxmem is 32 MiB): pass maxmem=2**28, or use cryptography's Scrypt"
            ) from None
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
    if _derive(password_key, PASSWORD, SALT[:8] + OTHER_SALT[8:]) == key:
        return "only part of the salt changes the key: use the whole salt given"
    return (
        "the key differs from Scrypt with n=2**17, r=8, p=1, length=32 over the password's "
        "UTF-8 bytes: check the parameters"
    )


def _random_password() -> str:
    """A random passphrase longer than any truncation (75 to 97 characters, past bcrypt's
    72 bytes), with capitals, symbols and non-ASCII letters inside and a space at each end."""
    rng = case_rng()
    letters = [rng.choice(_PASSWORD_ALPHABET) for _ in range(rng.randrange(67, 90))]
    letters += [rng.choice(_UPPER), rng.choice(_SYMBOLS), rng.choice(_LATIN)] * 2
    rng.shuffle(letters)
    return " " + "".join(letters) + " "


def _random_password_mistake(password_key: Callable, password: str, salt: bytes, got: bytes) -> str:
    """The hint for a wrong key from a random password and salt (the fixed case passed)."""
    if got == PASSWORD_KEY:
        return "another password and salt gave the same key: derive from the arguments given"
    if _derive(password_key, password, os.urandom(16)) == got:
        return "the key does not change with the salt: use the salt given, not a fixed one"
    if _derive(password_key, password, salt[:8] + os.urandom(8)) == got:
        return "only part of the salt changes the key: use the whole salt given"
    if _derive(password_key, password.strip(), salt) == got:
        return (
            f"{password!r} gave the key of the password without its spaces at the ends: "
            "derive from the password exactly as given"
        )
    if _derive(password_key, password + "x", salt) == got:
        return (
            f"a {len(password)}-character password gave the same key with one more letter: "
            "derive from the whole password, never a prefix"
        )
    if got == _scrypt(password.encode("ascii", "ignore"), salt, 2**17):
        return "the non-ASCII letters were dropped from the password: encode passwords as UTF-8"
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
    joined = keys["encryption"] + keys["authentication"]
    for label in (None, b"", b"encryption", b"authentication"):
        if joined == HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=label).derive(
            master
        ):
            raise Hint(
                "the two keys are the halves of one 64-byte derivation: derive each key on its "
                "own, with its purpose's name as info"
            )
    for purpose in ("encryption", "authentication"):
        if keys[purpose] != want[purpose]:
            raise Hint(_hkdf_mistake(master, purpose, keys[purpose]))


def _hkdf_mistake(master: bytes, purpose: str, got: bytes) -> str:
    """The hint for a wrong purpose key: which of HKDF's inputs differs from the text's."""
    info = purpose.encode()

    def hkdf(algorithm=hashes.SHA256, salt=None, label=info) -> bytes:
        return HKDF(algorithm=algorithm(), length=32, salt=salt, info=label).derive(master)

    for algorithm in (hashes.SHA512, hashes.SHA384, hashes.SHA224, hashes.SHA3_256):
        if got == hkdf(algorithm):
            return f"the {purpose} key comes from HKDF with {algorithm.name}: use SHA-256"
    if got in (hkdf(salt=info, label=None), hkdf(salt=info, label=b""), hkdf(salt=master)):
        return (
            f"the {purpose} key used a salt: the text's HKDF has no salt (salt=None); the "
            "purpose goes into info"
        )
    if got == HKDFExpand(algorithm=hashes.SHA256(), length=32, info=info).derive(master):
        return (
            "HKDFExpand skips HKDF's extract step: use HKDF (extract, then expand) as in the text"
        )
    for label in (purpose[:3], purpose[:4], purpose.upper(), purpose.title(), f"{purpose} key"):
        if got == hkdf(label=label.encode()):
            return (
                f"the {purpose} key's info label is {label!r}: use the purpose's name exactly, "
                f"{purpose!r}"
            )
    if got[:32] == hashlib.sha256(master + info).digest()[:32]:
        return "a hash of key and label is not a KDF: derive each key with HKDF as in the text"
    return (
        f"the {purpose} key is not HKDF-SHA256 with no salt and info set to the purpose's "
        "name, as in the text"
    )
