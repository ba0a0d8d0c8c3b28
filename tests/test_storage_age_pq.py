"""Tests for age's post-quantum hybrid recipients (``age1pq1...``, ``mlkem768x25519`` stanzas).

Interoperability (npm ``age-encryption``) is in test_storage_interop_js.py, the community
vectors in test_storage_vectors.py; here: round trips, the stanza's shape, every malformed
stanza, the rule against mixing with X25519 recipients, and argument errors.
"""

from __future__ import annotations

import base64
import io
import os
import random
from pathlib import Path

import pytest

from utils.storage import (
    CHUNK_SIZE,
    DecryptionError,
    HeaderError,
    HeaderMacError,
    HybridIdentity,
    HybridRecipient,
    NoMatchError,
    Passphrase,
    Stanza,
    X25519Identity,
    X25519Recipient,
    bech32_encode,
    decrypt,
    decrypt_file,
    encrypt,
    encrypt_file,
    generate_hybrid_identity,
    generate_identity,
    read_header,
    rewrap_header,
)
from utils.storage.age_format import VERSION_LINE, build_header
from utils.storage.stream import encrypt_payload

IDENTITY = generate_hybrid_identity()
OTHER = generate_hybrid_identity()
CLASSIC = generate_identity()
SIZES = [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 1000]
LOW_ORDER_POINT = bytes.fromhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")


def random_bytes(size: int) -> bytes:
    return random.Random(size).randbytes(size)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def file_with(stanzas: list[Stanza], file_key: bytes, plaintext: bytes = b"record") -> bytes:
    """An age file with these stanzas, a valid header MAC and a payload under ``file_key``."""
    out = io.BytesIO(build_header(stanzas, file_key))
    out.seek(0, 2)
    encrypt_payload(io.BytesIO(plaintext), out, file_key)
    return out.getvalue()


def other_last_char(text: str, choices: str) -> str:
    """``text`` with its last character replaced by another one from ``choices``."""
    return text[:-1] + next(char for char in choices if char != text[-1])


def hybrid_stanza(file_key: bytes, recipient: HybridRecipient = IDENTITY.recipient) -> Stanza:
    return recipient.wrap(file_key)


# --- round trips and shape --------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_round_trip_in_memory(size: int) -> None:
    plaintext = random_bytes(size)
    assert decrypt(encrypt(plaintext, IDENTITY.recipient), IDENTITY) == plaintext


def test_round_trip_through_files_and_key_strings(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_bytes(random_bytes(CHUNK_SIZE + 7))
    encrypt_file(tmp_path / "data.csv", tmp_path / "data.age", str(IDENTITY.recipient))
    decrypt_file(tmp_path / "data.age", tmp_path / "back.csv", IDENTITY.to_string())
    assert (tmp_path / "back.csv").read_bytes() == random_bytes(CHUNK_SIZE + 7)


def test_each_of_several_hybrid_recipients_can_decrypt() -> None:
    blob = encrypt(b"weights", [IDENTITY.recipient, OTHER.recipient])
    assert [stanza.type for stanza in read_header(blob).stanzas] == ["mlkem768x25519"] * 2
    assert decrypt(blob, IDENTITY) == decrypt(blob, OTHER) == b"weights"


def test_stanza_has_the_specified_shape_and_sizes() -> None:
    (stanza,) = read_header(encrypt(b"x", IDENTITY.recipient)).stanzas
    (enc,) = stanza.args
    assert stanza.type == "mlkem768x25519"
    assert len(unb64(enc)) == 1088 + 32  # ML-KEM ct + share
    assert len(stanza.body) == 16 + 16  # the file key and its Poly1305 tag
    assert len(stanza.encode()) == 1557
    (classic,) = read_header(encrypt(b"x", CLASSIC.recipient)).stanzas
    assert len(classic.encode()) == 98


def test_two_encryptions_differ() -> None:
    first, second = (read_header(encrypt(b"x", IDENTITY.recipient)).stanzas[0] for _ in "ab")
    assert first.args != second.args and first.body != second.body


def test_key_strings_round_trip() -> None:
    text = IDENTITY.to_string()
    assert text.startswith("AGE-SECRET-KEY-PQ-1") and text.isupper() and len(text) == 77
    assert HybridIdentity.from_string(text).recipient == IDENTITY.recipient
    recipient = str(IDENTITY.recipient)
    assert recipient.startswith("age1pq1") and len(recipient) == 1959
    assert HybridRecipient.from_string(recipient) == IDENTITY.recipient
    assert hash(HybridRecipient.from_string(recipient)) == hash(IDENTITY.recipient)
    assert IDENTITY.recipient != OTHER.recipient
    assert len(IDENTITY.recipient.public_bytes) == 1184 + 32


def test_the_identity_is_a_seed_that_fixes_the_recipient() -> None:
    seed = os.urandom(32)
    assert HybridIdentity(seed).recipient == HybridIdentity(seed).recipient
    assert HybridIdentity(seed).recipient != HybridIdentity(os.urandom(32)).recipient
    assert HybridIdentity(seed).to_string() == bech32_encode("age-secret-key-pq-", seed).upper()


def test_printing_an_identity_does_not_show_the_secret() -> None:
    secret = IDENTITY.to_string()
    for shown in (str(IDENTITY), repr(IDENTITY), repr(IDENTITY.recipient)):
        assert secret[19:40] not in shown and "age1pq1" in shown


# --- refusals -------------------------------------------------------------------------------


def test_wrong_identity_is_refused() -> None:
    blob = encrypt(b"x", IDENTITY.recipient)
    for wrong in (OTHER, CLASSIC, [OTHER, CLASSIC]):
        with pytest.raises(NoMatchError, match=r"stanzas \(mlkem768x25519\)"):
            decrypt(blob, wrong)
    with pytest.raises(NoMatchError, match=r"stanzas \(X25519\)"):
        decrypt(encrypt(b"x", CLASSIC.recipient), IDENTITY)


def flip(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 1
    return bytes(changed)


def test_tampered_stanzas_do_not_open() -> None:
    """ML-KEM rejects implicitly: a changed enc gives another key, so the tag fails."""
    file_key = os.urandom(16)
    stanza = hybrid_stanza(file_key)
    enc = unb64(stanza.args[0])
    for changed in (
        Stanza(stanza.type, (b64(flip(enc, 5)),), stanza.body),  # ML-KEM ciphertext
        Stanza(stanza.type, (b64(flip(enc, 1100)),), stanza.body),  # X25519 share
        Stanza(stanza.type, stanza.args, flip(stanza.body, 3)),  # wrapped file key
        Stanza(stanza.type, stanza.args, flip(stanza.body, 31)),  # its tag
    ):
        with pytest.raises(NoMatchError):
            decrypt(file_with([changed], file_key), IDENTITY)
    assert decrypt(file_with([stanza], file_key), IDENTITY) == b"record"


def test_a_stanza_swapped_for_another_valid_one_fails_the_header_mac() -> None:
    blob = encrypt(b"x", IDENTITY.recipient)
    header = read_header(blob)
    swapped = hybrid_stanza(os.urandom(16)).encode()  # opens, but to another file key
    forged = VERSION_LINE + swapped + b"--- " + b64(header.mac).encode() + b"\n"
    with pytest.raises(HeaderMacError):
        decrypt(forged + blob[header.size :], IDENTITY)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda s, enc: Stanza(s.type, (*s.args, "extra"), s.body), "expected one argument"),
        (lambda s, enc: Stanza(s.type, (), s.body), "expected one argument"),
        (lambda s, enc: Stanza(s.type, (b64(enc[:-1]),), s.body), "enc is 1119 bytes"),
        (lambda s, enc: Stanza(s.type, (b64(enc + b"\0"),), s.body), "enc is 1121 bytes"),
        (lambda s, enc: Stanza(s.type, s.args, s.body + b"\0"), "body is 33 bytes"),
        (lambda s, enc: Stanza(s.type, s.args, s.body[:16]), "body is 16 bytes"),
        (lambda s, enc: Stanza(s.type, (s.args[0][:-1] + "z",), s.body), "not canonical"),
        (lambda s, enc: Stanza(s.type, (s.args[0] + "=",), s.body), "unpadded base64"),
        (
            lambda s, enc: Stanza(s.type, (b64(enc[:-32] + LOW_ORDER_POINT),), s.body),
            "low-order point",
        ),
        (lambda s, enc: Stanza(s.type, (b64(enc[:-32] + bytes(32)),), s.body), "low-order point"),
    ],
)
def test_malformed_stanzas_raise_header_errors_with_their_reason(make, reason: str) -> None:
    file_key = os.urandom(16)
    stanza = hybrid_stanza(file_key)
    enc = unb64(stanza.args[0])
    with pytest.raises(HeaderError, match=reason) as raised:
        decrypt(file_with([make(stanza, enc)], file_key), IDENTITY)
    assert isinstance(raised.value, DecryptionError)
    assert "mlkem768x25519" in str(raised.value) or "base64" in str(raised.value)


def test_other_stanza_types_are_ignored_including_an_uppercase_name() -> None:
    file_key = os.urandom(16)
    stanza = hybrid_stanza(file_key)
    grease = Stanza("grease", ("x",), b"\x01\x02")
    upper = Stanza("MLKEM768X25519", stanza.args, stanza.body)
    assert decrypt(file_with([grease, stanza, grease], file_key), IDENTITY) == b"record"
    with pytest.raises(NoMatchError):
        decrypt(file_with([upper], file_key), IDENTITY)


# --- never mixed with classic recipients ---------------------------------------------------


def test_hybrid_and_x25519_recipients_are_not_mixed_when_encrypting() -> None:
    for mix in (
        [IDENTITY.recipient, CLASSIC.recipient],
        [str(CLASSIC.recipient), str(IDENTITY.recipient)],
    ):
        with pytest.raises(ValueError, match="must not be mixed"):
            encrypt(b"x", mix)
    with pytest.raises(ValueError, match="Passphrase must be the only recipient"):
        encrypt(b"x", [IDENTITY.recipient, Passphrase("pw", work_factor=2)])


def test_rewrapping_does_not_mix_either() -> None:
    hybrid = encrypt(b"x", IDENTITY.recipient)
    classic = encrypt(b"x", CLASSIC.recipient)
    with pytest.raises(ValueError, match="must not be mixed"):
        rewrap_header(hybrid, IDENTITY, CLASSIC.recipient, keep_existing=True)
    with pytest.raises(ValueError, match="must not be mixed"):
        rewrap_header(classic, CLASSIC, IDENTITY.recipient, keep_existing=True)
    moved = rewrap_header(classic, CLASSIC, IDENTITY.recipient)  # replace: allowed
    assert decrypt(moved, IDENTITY) == b"x"
    added = rewrap_header(hybrid, IDENTITY, OTHER.recipient, keep_existing=True)
    assert decrypt(added, OTHER) == decrypt(added, IDENTITY) == b"x"


def test_a_mixed_file_from_another_tool_still_opens_with_either_identity() -> None:
    file_key = os.urandom(16)
    mixed = file_with([CLASSIC.recipient.wrap(file_key), hybrid_stanza(file_key)], file_key)
    assert decrypt(mixed, IDENTITY) == decrypt(mixed, CLASSIC) == b"record"


# --- arguments ------------------------------------------------------------------------------


def test_arguments_are_checked_with_a_sentence() -> None:
    with pytest.raises(ValueError, match="seed must be 32 bytes"):
        HybridIdentity(b"short")
    with pytest.raises(TypeError, match="seed must be bytes"):
        HybridIdentity("A" * 32)
    with pytest.raises(ValueError, match="public_bytes must be 1216 bytes"):
        HybridRecipient(bytes(32))
    with pytest.raises(ValueError, match="not a valid ML-KEM-768 encapsulation key"):
        HybridRecipient(b"\xff" * 1216)
    with pytest.raises(ValueError, match="low-order point"):
        encrypt(b"x", HybridRecipient(bytes(1216)))
    with pytest.raises(TypeError, match="identity .* was given as a recipient"):
        encrypt(b"x", IDENTITY)
    with pytest.raises(TypeError, match="identity .* was given as a recipient"):
        encrypt(b"x", IDENTITY.to_string())


def test_key_strings_of_the_other_type_name_the_right_class() -> None:
    with pytest.raises(ValueError, match="use X25519Recipient.from_string"):
        HybridRecipient.from_string(str(CLASSIC.recipient))
    with pytest.raises(ValueError, match="use HybridRecipient.from_string"):
        X25519Recipient.from_string(str(IDENTITY.recipient))
    with pytest.raises(ValueError, match="use X25519Identity.from_string"):
        HybridIdentity.from_string(CLASSIC.to_string())
    with pytest.raises(ValueError, match="use HybridIdentity.from_string"):
        X25519Identity.from_string(IDENTITY.to_string())


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (IDENTITY.to_string().lower(), "upper-case bech32"),
        (bech32_encode("age-secret-key-pq-", bytes(31)).upper(), "32-byte seed"),
        (other_last_char(IDENTITY.to_string(), "QP"), "checksum"),
    ],
    ids=["lower case", "short seed", "checksum"],  # fixed ids: pytest-xdist compares them
)
def test_malformed_identity_strings_are_refused(text: str, reason: str) -> None:
    assert text != IDENTITY.to_string()
    with pytest.raises(ValueError, match=reason):
        HybridIdentity.from_string(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (bech32_encode("age1pq", bytes(1215)), "1216-byte key"),
        (bech32_encode("age1pqx", bytes(1216)), "prefix 'age1pqx'"),
        (other_last_char(str(IDENTITY.recipient), "qp"), "checksum"),
        (bech32_encode("age1pq", b"\xff" * 1216), "ML-KEM-768"),
    ],
    ids=["short key", "other prefix", "checksum", "not ML-KEM"],
)
def test_malformed_recipient_strings_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        HybridRecipient.from_string(text)
    if text.startswith("age1pq1"):  # encrypt reads such a string as a hybrid recipient
        with pytest.raises(ValueError, match=reason):
            encrypt(b"x", text)
