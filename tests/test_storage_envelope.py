"""Tests for envelope encryption with a KEK in utils.storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from utils.storage import (
    KEK,
    DecryptionError,
    KeyRing,
    envelope_decrypt,
    envelope_decrypt_file,
    envelope_encrypt,
    envelope_encrypt_file,
    read_envelope_header,
    rewrap_envelope,
)

KEY_A = KEK.generate("kek-a")
KEY_B = KEK.generate("kek-b")


def flip_bit(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 1
    return bytes(changed)


@pytest.mark.parametrize("plaintext", [b"", b"x", b"model weights " * 1000])
def test_round_trip(plaintext: bytes) -> None:
    assert (
        envelope_decrypt(envelope_encrypt(plaintext, KEY_A, name="x"), KEY_A, name="x") == plaintext
    )


def test_header_describes_the_object() -> None:
    blob = envelope_encrypt(b"data", KEY_A, name="data.csv")
    header = read_envelope_header(blob)
    assert blob.startswith(b"ENVL")
    assert (header.version, header.kek_id) == (1, "kek-a")
    assert "AES-256-GCM" in header.algorithm
    assert len(header.nonce) == 12 and len(header.wrapped_dek) == 60
    assert len(blob) == header.size + len(b"data") + 16


def test_every_object_gets_a_fresh_data_key() -> None:
    first, second = (envelope_encrypt(b"same", KEY_A, name="same.bin") for _ in range(2))
    assert read_envelope_header(first).wrapped_dek != read_envelope_header(second).wrapped_dek
    assert first != second


def test_rotation_rewraps_the_key_and_keeps_the_payload_bytes() -> None:
    blob = envelope_encrypt(b"payload " * 100, KEY_A, name="p.bin")
    rotated = rewrap_envelope(blob, KEY_A, KEY_B)
    old, new = read_envelope_header(blob), read_envelope_header(rotated)
    assert rotated[new.size :] == blob[old.size :]
    assert rotated[: old.fixed_prefix_size] == blob[: old.fixed_prefix_size]
    assert new.kek_id == "kek-b" and new.wrapped_dek != old.wrapped_dek
    assert envelope_decrypt(rotated, KEY_B, name="p.bin") == b"payload " * 100
    with pytest.raises(DecryptionError, match="wrapped by KEK 'kek-b', not by 'kek-a'"):
        envelope_decrypt(rotated, KEY_A, name="p.bin")


def test_key_ring_rotation() -> None:
    ring = KeyRing(KEK.generate("kek-2024"))
    old_blob = envelope_encrypt(b"old", ring, name="old.bin")
    new_kek = ring.rotate("kek-2025")
    assert ring.primary is new_kek and ring.ids == ["kek-2024", "kek-2025"]
    assert read_envelope_header(envelope_encrypt(b"new", ring, name="new.bin")).kek_id == "kek-2025"
    assert envelope_decrypt(old_blob, ring, name="old.bin") == b"old"
    rotated = rewrap_envelope(old_blob, ring, ring)
    assert read_envelope_header(rotated).kek_id == "kek-2025"
    with pytest.raises(DecryptionError, match="not in the key ring"):
        envelope_decrypt(old_blob, KeyRing(KEY_B), name="old.bin")


def test_wrong_key_material_with_the_right_id_is_refused() -> None:
    blob = envelope_encrypt(b"data", KEY_A, name="data.csv")
    with pytest.raises(DecryptionError, match="did not open under KEK 'kek-a'"):
        envelope_decrypt(blob, KEK.generate("kek-a"), name="data.csv")


def test_every_flipped_byte_is_refused() -> None:
    blob = envelope_encrypt(b"twelve bytes", KEY_A, name="weights.bin")
    for position in range(len(blob)):
        with pytest.raises(DecryptionError):
            envelope_decrypt(flip_bit(blob, position), KEY_A, name="weights.bin")


def test_the_name_must_match() -> None:
    blob = envelope_encrypt(b"data", KEY_A, name="model-a.bin")
    assert envelope_decrypt(blob, KEY_A, name=b"model-a.bin") == b"data"  # str is UTF-8
    with pytest.raises(DecryptionError, match="'model-b.bin'.*encrypted for another name"):
        envelope_decrypt(blob, KEY_A, name="model-b.bin")


def test_swapped_objects_are_refused_even_after_rotation() -> None:
    store = {name: envelope_encrypt(name.encode(), KEY_A, name=name) for name in ("a", "b")}
    store["a"], store["b"] = store["b"], store["a"]  # someone with write access swaps them
    for name, blob in store.items():
        with pytest.raises(DecryptionError, match="another name"):
            envelope_decrypt(blob, KEY_A, name=name)
        with pytest.raises(DecryptionError, match="another name"):
            envelope_decrypt(rewrap_envelope(blob, KEY_A, KEY_B), KEY_B, name=name)


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        (None, TypeError, "name must be the object's name"),
        (42, TypeError, "as str or bytes, got int"),
        ("", ValueError, "must not be empty"),
        (b"", ValueError, "must not be empty"),
    ],
)
def test_a_name_is_required(name: object, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        envelope_encrypt(b"x", KEY_A, name=name)
    with pytest.raises(TypeError, match="name"):
        envelope_encrypt(b"x", KEY_A)  # no default: forgetting it is an error


@pytest.mark.parametrize(
    ("blob", "words"),
    [(b"", "empty"), (b"PK\x03\x04 zip file", "not an envelope"), (b"ENVL\x01", "truncated")],
)
def test_empty_foreign_and_truncated_objects_are_refused(blob: bytes, words: str) -> None:
    with pytest.raises(DecryptionError, match=words):
        envelope_decrypt(blob, KEY_A, name="x")


def test_truncated_payload_is_refused() -> None:
    blob = envelope_encrypt(b"some weights", KEY_A, name="w.bin")
    with pytest.raises(DecryptionError, match="payload failed authentication"):
        envelope_decrypt(blob[:-1], KEY_A, name="w.bin")


def test_file_helpers(tmp_path: Path) -> None:
    src, dst = tmp_path / "weights.bin", tmp_path / "weights.bin.env"
    src.write_bytes(b"\x00\x01" * 5000)
    envelope_encrypt_file(src, dst, KEY_A, name="weights.bin")
    assert b"\x00\x01" * 8 not in dst.read_bytes()
    assert envelope_decrypt_file(dst, KEY_A, name="weights.bin") == src.read_bytes()


def test_keys_are_not_printed_and_arguments_are_checked() -> None:
    assert KEY_A.key.hex() not in repr(KEY_A) and "kek-a" in repr(KEY_A)
    with pytest.raises(ValueError, match="32 bytes"):
        KEK("short", b"k" * 16)
    from_bytearray = KEK("a", bytearray(32))
    assert type(from_bytearray.key) is bytes
    assert hash(from_bytearray) == hash(KEK("a", bytes(32)))
    with pytest.raises(TypeError, match="data must be bytes"):
        envelope_encrypt("text", KEY_A, name="t")
    with pytest.raises(TypeError, match="KEK or a KeyRing"):
        envelope_encrypt(b"x", b"k" * 32, name="t")
    with pytest.raises(ValueError, match="empty"):
        envelope_encrypt(b"x", KeyRing(), name="t")
