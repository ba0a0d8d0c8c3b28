"""Lesson 01's reference implementations, their demos and their argument checks."""

import base64
import os

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from utils import data, symmetric
from utils.course.checks import lesson01


def test_new_key_sizes_and_freshness():
    assert [len(symmetric.new_key(bits)) for bits in (128, 192, 256)] == [16, 24, 32]
    assert symmetric.new_key() != symmetric.new_key()
    with pytest.raises(ValueError, match="128, 192 or 256"):
        symmetric.new_key(64)


def test_sealed_record_round_trip_and_fresh_nonces():
    key, record = symmetric.new_key(), data.patient_records(1)[0]
    sealed = symmetric.seal_record(key, "patient-0000", record)
    assert symmetric.open_record(key, "patient-0000", sealed) == record
    assert symmetric.seal_record(key, "patient-0000", record)[:12] != sealed[:12]


@pytest.mark.parametrize("change", ["flip", "other id", "other key"])
def test_tampered_record_raises_invalid_tag(change):
    key = symmetric.new_key()
    sealed = symmetric.seal_record(key, "patient-0000", {"diagnosis": "benign"})
    record_id = "patient-0001" if change == "other id" else "patient-0000"
    if change == "flip":
        sealed = sealed[:-1] + bytes([sealed[-1] ^ 1])
    if change == "other key":
        key = symmetric.new_key()
    with pytest.raises(InvalidTag):
        symmetric.open_record(key, record_id, sealed)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: symmetric.seal_record("k" * 32, "id", {}), TypeError, "must be bytes"),
        (lambda: symmetric.seal_record(b"k" * 20, "id", {}), ValueError, "got 20"),
        (lambda: symmetric.seal_record(b"k" * 32, 5, {}), TypeError, "str record_id"),
        (lambda: symmetric.open_record(b"k" * 32, 5, b"x" * 40), TypeError, "str record_id"),
        (lambda: symmetric.open_record(b"k" * 32, "id", b"x" * 20), ValueError, "shorter"),
        (lambda: symmetric.password_key("pw", b"salt"), ValueError, "at least 16 random bytes"),
        (lambda: symmetric.password_key("pw", "s" * 16), TypeError, "bytes salt"),
        (lambda: symmetric.password_key("pw", b"s" * 16, n=2**14), ValueError, r"n >= 2\*\*17"),
        (lambda: symmetric.password_key("pw", b"s" * 16, n=2**16), ValueError, "stored data"),
        (lambda: symmetric.password_key("pw", b"s" * 16, n=2 ^ 17), ValueError, "power of two"),
        (lambda: symmetric.password_key("pw", b"s" * 16, n=17.0), TypeError, "an int"),
        (lambda: symmetric.password_key("pw", b"s" * 16, n=True), TypeError, "an int"),
        (lambda: symmetric.password_key("pw", b"s" * 16, n=3), ValueError, "power of two"),
        (lambda: symmetric.purpose_key(b"k" * 32, 5), TypeError, "str purpose"),
        (lambda: symmetric.purpose_key(b"k" * 32, ""), ValueError, "non-empty purpose"),
        (lambda: symmetric.purpose_key(b"k" * 8, "enc"), ValueError, "at least 16 bytes"),
        (lambda: symmetric.new_key("256"), TypeError, "must be an int"),
        (lambda: symmetric.xor_bytes("ab", b"ab"), TypeError, "a must be bytes"),
        (lambda: symmetric.ecb_encrypt_for_demo(b"k" * 16, "x" * 16), TypeError, "data must be"),
        (lambda: symmetric.fernet_token_fields(5), TypeError, "token must be bytes"),
        (lambda: symmetric.xor_bytes(b"ab", b"a"), ValueError, "equal lengths"),
    ],
)
def test_bad_arguments_get_a_sentence(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_fernet_token_fields():
    token = Fernet(Fernet.generate_key()).encrypt_at_time(b"x" * 20, 1_700_000_000)
    fields = symmetric.fernet_token_fields(token)
    assert fields["version"] == 0x80 and fields["timestamp"] == 1_700_000_000
    assert len(fields["iv"]) == 16 and len(fields["ciphertext"]) == 32 and len(fields["hmac"]) == 32
    with pytest.raises(ValueError, match="not a Fernet token"):
        symmetric.fernet_token_fields(base64.urlsafe_b64encode(b"\x81" + bytes(60)))


def test_ecb_demo_maps_equal_blocks_to_equal_blocks():
    ciphertext = symmetric.ecb_encrypt_for_demo(symmetric.new_key(), bytes(32) + b"x" * 16)
    assert ciphertext[:16] == ciphertext[16:32] != ciphertext[32:]


def test_fixed_nonce_demo_leaks_the_xor_of_plaintexts():
    key, nonce = symmetric.new_key(), os.urandom(12)
    first, second = b"patient-0001 benign", b"patient-0002 malign"
    a = symmetric.seal_with_fixed_nonce_for_demo(key, nonce, first)[12:-16]
    b = symmetric.seal_with_fixed_nonce_for_demo(key, nonce, second)[12:-16]
    assert symmetric.xor_bytes(a, b) == symmetric.xor_bytes(first, second)


def test_password_key_is_scrypt_at_the_floor_for_stored_data():
    salt = os.urandom(16)
    assert symmetric.SCRYPT_N == symmetric.SCRYPT_MIN_N == 2**17
    want = Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive("pässwörd".encode())
    assert symmetric.password_key("pässwörd", salt) == want


def test_checker_1_5_stores_the_reference_key_of_its_fixed_case():
    assert lesson01.PASSWORD_KEY == symmetric.password_key(lesson01.PASSWORD, lesson01.SALT)


def test_key_derivation_is_deterministic_and_separated():
    salt, master = os.urandom(16), os.urandom(32)
    assert symmetric.password_key("pw", salt) == symmetric.password_key("pw", salt)
    assert symmetric.password_key("pw", salt) != symmetric.password_key("pw", os.urandom(16))
    assert symmetric.purpose_key(master, "encryption") != symmetric.purpose_key(master, "mac")
    assert symmetric.purpose_key(master, "encryption") == symmetric.purpose_key(
        master, "encryption"
    )


def test_digit_mosaic_has_flat_blocks_of_two_levels():
    image = data.digit_mosaic()
    assert image.shape == (128, 256) and set(image.flatten().tolist()) == {0, 255}
    assert (image[:, :16] == image[:, :1]).all()  # each 16-pixel row of a square is flat
    with pytest.raises(ValueError):
        data.digit_mosaic((11,))
