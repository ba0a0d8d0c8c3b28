"""Tests for the age v1 implementation in utils.storage: round trips, format, every failure."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.storage import (
    CHUNK_SIZE,
    DecryptionError,
    HeaderError,
    HeaderMacError,
    NoMatchError,
    Passphrase,
    PayloadError,
    Stanza,
    X25519Identity,
    bech32_decode,
    bech32_encode,
    chunk_nonce,
    decrypt,
    decrypt_file,
    decrypt_stream,
    encrypt,
    encrypt_file,
    encrypt_stream,
    generate_identity,
    naive_chunked_decrypt_for_demo,
    naive_chunked_encrypt_for_demo,
    read_header,
    rewrap_file,
    rewrap_header,
    split_age_file,
)
from utils.storage.age_format import build_header
from utils.storage.stream import TAG_SIZE, payload_key

SIZES = [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 1000]
IDENTITY = generate_identity()
OTHER = generate_identity()
SMALL_FILE = (b"x" * (CHUNK_SIZE + 10), encrypt(b"x" * (CHUNK_SIZE + 10), IDENTITY.recipient))


def random_bytes(size: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(size)


def three_chunk_file(seed: int = 0) -> tuple[bytes, bytes]:
    plaintext = random_bytes(2 * CHUNK_SIZE + 500, seed)
    return plaintext, encrypt(plaintext, IDENTITY.recipient)


def flip_bit(data: bytes, position: int, bit: int = 0) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 1 << bit
    return bytes(changed)


def replace_base64_char(data: bytes, position: int) -> bytes:
    """Swap one base64 character for another valid one, so the text still decodes."""
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    changed = bytearray(data)
    changed[position] = alphabet[(alphabet.index(changed[position]) + 1) % len(alphabet)]
    return bytes(changed)


def assert_refused(blob: bytes, *words: str) -> None:
    with pytest.raises(DecryptionError) as raised:
        decrypt(blob, IDENTITY)
    message = str(raised.value)
    assert all(word in message for word in words), message


# --- round trips and format ------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_round_trip_in_memory(size: int) -> None:
    plaintext = random_bytes(size)
    assert decrypt(encrypt(plaintext, IDENTITY.recipient), IDENTITY) == plaintext


@pytest.mark.parametrize("size", SIZES)
def test_round_trip_through_files(tmp_path: Path, size: int) -> None:
    src, enc, dst = tmp_path / "plain", tmp_path / "plain.age", tmp_path / "back"
    src.write_bytes(random_bytes(size))
    assert encrypt_file(src, enc, [IDENTITY.recipient]) == enc
    assert decrypt_file(enc, dst, [IDENTITY]) == dst
    assert dst.read_bytes() == src.read_bytes()


def test_round_trip_through_file_objects() -> None:
    plaintext, encrypted, decrypted = io.BytesIO(random_bytes(70_000)), io.BytesIO(), io.BytesIO()
    encrypt_stream(plaintext, encrypted, [str(IDENTITY.recipient)])
    encrypted.seek(0)
    decrypt_stream(encrypted, decrypted, [IDENTITY.to_string()])
    assert decrypted.getvalue() == plaintext.getvalue()


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=3000))
def test_round_trip_property(plaintext: bytes) -> None:
    assert decrypt(encrypt(plaintext, IDENTITY.recipient), IDENTITY) == plaintext


def test_passphrase_round_trip() -> None:
    blob = encrypt(b"patient records", Passphrase("correct horse", work_factor=10))
    assert decrypt(blob, Passphrase("correct horse")) == b"patient records"
    assert read_header(blob).stanzas[0].args[1] == "10"


def test_any_of_several_recipients_can_decrypt() -> None:
    blob = encrypt(b"shared", [IDENTITY.recipient, OTHER.recipient])
    assert decrypt(blob, OTHER) == b"shared"
    assert decrypt(blob, [OTHER, IDENTITY]) == b"shared"


@pytest.mark.parametrize(
    ("size", "chunk_lengths"),
    [
        (0, [TAG_SIZE]),
        (1, [1 + TAG_SIZE]),
        (CHUNK_SIZE, [CHUNK_SIZE + TAG_SIZE]),
        (CHUNK_SIZE + 1, [CHUNK_SIZE + TAG_SIZE, 1 + TAG_SIZE]),
    ],
)
def test_chunk_layout_follows_the_spec(size: int, chunk_lengths: list[int]) -> None:
    parts = split_age_file(encrypt(bytes(size), IDENTITY.recipient))
    assert [len(chunk) for chunk in parts.chunks] == chunk_lengths
    assert len(parts.nonce) == 16


def test_header_text_has_the_spec_lines() -> None:
    header = read_header(encrypt(b"x", IDENTITY.recipient))
    lines = str(header).splitlines()
    assert lines[0] == "age-encryption.org/v1"
    assert lines[1].startswith("-> X25519 ") and len(lines[1].split()[2]) == 43
    assert len(lines[2]) == 43 and lines[3].startswith("--- ")
    assert header.stanzas[0].type == "X25519" and len(header.stanzas[0].body) == 32
    assert header.mac_input.endswith(b"\n---")


@pytest.mark.parametrize(
    ("body_size", "body_lines"), [(0, [""]), (48, ["A" * 64, ""]), (50, ["A" * 64, "AAA"])]
)
def test_stanza_body_wraps_at_64_columns(body_size: int, body_lines: list[str]) -> None:
    text = Stanza("test", ("a",), bytes(body_size)).encode().decode()
    assert text.splitlines() == ["-> test a", *body_lines]


def test_chunk_nonce_is_counter_then_last_flag() -> None:
    assert chunk_nonce(0, False) == bytes(12)
    assert chunk_nonce(1, True) == bytes(10) + b"\x01\x01"
    with pytest.raises(ValueError, match="counter"):
        chunk_nonce(-1, False)


def test_bech32_keys_round_trip_and_checksums() -> None:
    assert bech32_decode("A12UEL5L") == ("a", b"")  # BIP 173 test vector
    assert bech32_decode(bech32_encode("age", b"\x00\xff" * 16)) == ("age", b"\x00\xff" * 16)
    text = IDENTITY.to_string()
    assert text.startswith("AGE-SECRET-KEY-1") and text.isupper()
    assert X25519Identity.from_string(text).recipient == IDENTITY.recipient
    recipient = str(IDENTITY.recipient)
    with pytest.raises(ValueError, match="checksum"):
        bech32_decode(recipient[:-1] + ("q" if recipient[-1] != "q" else "p"))
    with pytest.raises(ValueError, match="mixes"):
        bech32_decode(recipient[:10] + recipient[10:].upper())


def test_printing_an_identity_does_not_show_the_secret() -> None:
    secret_part = IDENTITY.to_string()[16:]
    assert secret_part not in str(IDENTITY) and secret_part not in repr(IDENTITY)
    assert "correct" not in repr(Passphrase("correct horse"))


# --- refusals: keys and header -----------------------------------------------------------


def test_wrong_identity_is_refused() -> None:
    with pytest.raises(DecryptionError, match="no identity matches"):
        decrypt(encrypt(b"secret", OTHER.recipient), IDENTITY)


def test_wrong_passphrase_is_refused() -> None:
    blob = encrypt(b"secret", Passphrase("right", work_factor=10))
    with pytest.raises(DecryptionError, match="wrong passphrase"):
        decrypt(blob, Passphrase("wrong"))


def test_passphrase_for_x25519_file_is_refused() -> None:
    with pytest.raises(DecryptionError, match="no identity matches"):
        decrypt(encrypt(b"secret", IDENTITY.recipient), Passphrase("guess"))


def test_scrypt_work_factor_above_the_maximum_is_refused() -> None:
    blob = encrypt(b"secret", Passphrase("pw", work_factor=12))
    with pytest.raises(DecryptionError, match="exceeds the allowed maximum"):
        decrypt(blob, Passphrase("pw", max_work_factor=11))


def test_passphrase_work_factor_defaults_within_the_maximum() -> None:
    assert Passphrase("pw").work_factor == 18
    assert Passphrase("pw", max_work_factor=11).work_factor == 11
    assert Passphrase("pw", work_factor=10, max_work_factor=10).work_factor == 10


def test_scrypt_stanza_must_be_alone() -> None:
    file_key = os.urandom(16)
    stanzas = [IDENTITY.recipient.wrap(file_key), Passphrase("pw", work_factor=10).wrap(file_key)]
    blob = build_header(stanzas, file_key) + bytes(32)
    with pytest.raises(DecryptionError, match="scrypt stanza must be the only"):
        decrypt(blob, IDENTITY)
    with pytest.raises(ValueError, match="only recipient"):
        encrypt(b"x", [IDENTITY.recipient, Passphrase("pw")])


def test_altered_header_mac_is_refused() -> None:
    _, blob = three_chunk_file()
    header = read_header(blob)
    assert_refused(replace_base64_char(blob, header.size - 5), "header MAC mismatch")


def test_altered_stanza_body_is_refused() -> None:
    blob = encrypt(b"secret", IDENTITY.recipient)
    header = read_header(blob)
    stanza = header.stanzas[0]
    altered = Stanza(stanza.type, stanza.args, flip_bit(stanza.body, 0))
    mac_line = header.raw[len(header.mac_input) - 3 :]
    altered_header = b"age-encryption.org/v1\n" + altered.encode() + mac_line
    assert_refused(altered_header + blob[header.size :], "no identity matches")


def test_header_bound_by_mac_when_another_stanza_changes() -> None:
    blob = encrypt(b"secret", [OTHER.recipient, IDENTITY.recipient])
    first_share = len("age-encryption.org/v1\n-> X25519 ")
    assert_refused(replace_base64_char(blob, first_share + 3), "header MAC mismatch")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_flipped_bit_is_refused(data: st.DataObject) -> None:
    _, blob = SMALL_FILE
    position = data.draw(st.integers(0, len(blob) - 1))
    bit = data.draw(st.integers(0, 7))
    with pytest.raises(DecryptionError):
        decrypt(flip_bit(blob, position, bit), IDENTITY)


def test_every_header_byte_is_protected() -> None:
    _, blob = SMALL_FILE
    for position in range(read_header(blob).size + 16):
        with pytest.raises(DecryptionError):
            decrypt(flip_bit(blob, position), IDENTITY)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty file"),
        (b"PK\x03\x04 not an age file at all", "not an age file"),
        (b"age-encryption.org/v2\n", "not an age file"),
        (b"-----BEGIN AGE ENCRYPTED FILE-----\n", "armored"),
        (b"age-encryption.org/v1\n--- AAAA\n", "malformed"),
        (b"age-encryption.org/v1\n-> X25519", "truncated"),
    ],
)
def test_empty_foreign_and_malformed_files_are_refused(content: bytes, words: str) -> None:
    assert_refused(content, words)


# --- refusals: payload ---------------------------------------------------------------------


def test_altered_payload_chunk_is_refused() -> None:
    _, blob = three_chunk_file()
    parts = split_age_file(blob)
    position = parts.header.size + 16 + 100
    assert_refused(flip_bit(blob, position), "chunk 0 failed authentication")


def test_truncation_at_a_chunk_boundary_is_refused() -> None:
    _, blob = three_chunk_file()
    parts = split_age_file(blob)
    parts.chunks = parts.chunks[:2]
    assert_refused(parts.to_bytes(), "truncated", "after chunk 1")


def test_truncation_of_a_file_of_full_chunks_is_refused() -> None:
    parts = split_age_file(encrypt(bytes(2 * CHUNK_SIZE), IDENTITY.recipient))
    parts.chunks = parts.chunks[:1]
    assert_refused(parts.to_bytes(), "truncated", "without a final chunk")


def test_truncation_inside_a_chunk_is_refused() -> None:
    _, blob = three_chunk_file()
    assert_refused(blob[:-100], "truncated inside a chunk")
    assert_refused(blob[: -(500 + TAG_SIZE) - 1000], "chunk 1 (the final one", "truncated inside")


def test_truncation_in_header_nonce_and_tag_is_refused() -> None:
    _, blob = three_chunk_file()
    header_size = read_header(blob).size
    assert_refused(blob[: header_size - 10], "truncated", "header")
    assert_refused(blob[: header_size + 8], "truncated", "nonce")
    assert_refused(blob[: header_size + 16], "truncated", "without a final chunk")
    assert_refused(blob[: header_size + 16 + 5], "truncated", "less than")


def test_reordered_chunks_are_refused() -> None:
    _, blob = three_chunk_file()
    parts = split_age_file(blob)
    parts.chunks[0], parts.chunks[1] = parts.chunks[1], parts.chunks[0]
    assert_refused(parts.to_bytes(), "chunk 0 is chunk 1", "reordered")


def test_dropped_middle_chunk_is_refused() -> None:
    _, blob = three_chunk_file()
    parts = split_age_file(blob)
    del parts.chunks[1]
    assert_refused(parts.to_bytes(), "is the final chunk", "dropped")


def test_chunk_spliced_from_another_file_is_refused() -> None:
    _, blob = three_chunk_file(seed=1)
    _, other_blob = three_chunk_file(seed=1)
    parts = split_age_file(blob)
    parts.chunks[1] = split_age_file(other_blob).chunks[1]
    assert_refused(parts.to_bytes(), "chunk 1 failed authentication", "another file")


def test_trailing_data_after_a_full_final_chunk_is_refused() -> None:
    blob = encrypt(bytes(CHUNK_SIZE), IDENTITY.recipient)
    assert_refused(blob + b"\x00", "trailing data")


def test_trailing_data_after_a_short_final_chunk_is_refused() -> None:
    _, blob = three_chunk_file()
    assert_refused(blob + b"extra", "trailing data")


def test_empty_final_chunk_after_full_chunk_is_refused() -> None:
    file_key, nonce = os.urandom(16), os.urandom(16)
    aead_key = payload_key(file_key, nonce)
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    aead = ChaCha20Poly1305(aead_key)
    payload = aead.encrypt(chunk_nonce(0, False), bytes(CHUNK_SIZE), None)
    payload += aead.encrypt(chunk_nonce(1, True), b"", None)
    blob = build_header([IDENTITY.recipient.wrap(file_key)], file_key) + nonce + payload
    assert_refused(blob, "final chunk is empty")


# --- no plaintext left behind ----------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".part"))


def test_failed_decrypt_file_leaves_no_plaintext(tmp_path: Path) -> None:
    _, blob = three_chunk_file()
    damaged = tmp_path / "damaged.age"
    damaged.write_bytes(blob[:-100])
    dst = tmp_path / "plain.bin"
    with pytest.raises(DecryptionError):
        decrypt_file(damaged, dst, IDENTITY)
    assert not dst.exists()
    assert _leftovers(tmp_path) == []


def test_failed_decrypt_file_keeps_existing_destination(tmp_path: Path) -> None:
    _, blob = three_chunk_file()
    parts = split_age_file(blob)
    parts.chunks[0], parts.chunks[1] = parts.chunks[1], parts.chunks[0]
    damaged = tmp_path / "damaged.age"
    damaged.write_bytes(parts.to_bytes())
    dst = tmp_path / "plain.bin"
    dst.write_bytes(b"previous content")
    with pytest.raises(DecryptionError, match="reordered"):
        decrypt_file(damaged, dst, IDENTITY)
    assert dst.read_bytes() == b"previous content"
    assert _leftovers(tmp_path) == []


def test_successful_decrypt_file_replaces_destination(tmp_path: Path) -> None:
    enc, dst = tmp_path / "a.age", tmp_path / "a.bin"
    enc.write_bytes(encrypt(b"new", IDENTITY.recipient))
    dst.write_bytes(b"old")
    decrypt_file(enc, dst, IDENTITY)
    assert dst.read_bytes() == b"new"


# --- re-wrapping the header --------------------------------------------------------------------


def test_rewrap_header_changes_recipients_and_keeps_payload() -> None:
    plaintext, blob = three_chunk_file()
    rewrapped = rewrap_header(blob, IDENTITY, OTHER.recipient)
    old_header, new_header = read_header(blob), read_header(rewrapped)
    assert rewrapped[new_header.size :] == blob[old_header.size :]
    assert decrypt(rewrapped, OTHER) == plaintext
    with pytest.raises(DecryptionError, match="no identity matches"):
        decrypt(rewrapped, IDENTITY)


def test_rewrap_header_can_keep_existing_recipients() -> None:
    blob = encrypt(b"dataset", IDENTITY.recipient)
    both = rewrap_header(blob, IDENTITY, OTHER.recipient, keep_existing=True)
    assert len(read_header(both).stanzas) == 2
    assert decrypt(both, IDENTITY) == decrypt(both, OTHER) == b"dataset"


def test_rewrap_file_to_a_passphrase(tmp_path: Path) -> None:
    src, dst = tmp_path / "a.age", tmp_path / "b.age"
    src.write_bytes(encrypt(b"weights", IDENTITY.recipient))
    rewrap_file(src, dst, IDENTITY, Passphrase("pw", work_factor=10))
    assert decrypt(dst.read_bytes(), Passphrase("pw")) == b"weights"
    with pytest.raises(ValueError, match="only recipient"):
        rewrap_header(src.read_bytes(), IDENTITY, Passphrase("pw"), keep_existing=True)


# --- argument checks ----------------------------------------------------------------------------


def test_arguments_are_checked_with_a_sentence() -> None:
    with pytest.raises(TypeError, match="data must be bytes"):
        encrypt("text", IDENTITY.recipient)
    with pytest.raises(ValueError, match="must not be empty"):
        encrypt(b"x", [])
    with pytest.raises(TypeError, match="identity.recipient"):
        encrypt(b"x", IDENTITY)
    with pytest.raises(TypeError, match="identity must be"):
        decrypt(b"x", [IDENTITY.recipient])
    with pytest.raises(ValueError, match="recipient string"):
        encrypt(b"x", "age1notakey")
    with pytest.raises(ValueError, match="work_factor"):
        Passphrase("pw", work_factor=0)
    with pytest.raises(
        ValueError, match=r"work_factor \(5\) must not exceed max_work_factor \(4\)"
    ):
        Passphrase("pw", work_factor=5, max_work_factor=4)
    with pytest.raises(TypeError, match="binary file object"):
        encrypt_stream("not a file", io.BytesIO(), IDENTITY.recipient)


# --- the naive chunking demo ------------------------------------------------------------------------


def test_naive_chunking_misses_truncation_and_reordering_stream_does_not() -> None:
    key = os.urandom(32)
    chunks = naive_chunked_encrypt_for_demo(b"AAAABBBBCCCC", key, chunk_size=4)
    assert naive_chunked_decrypt_for_demo(chunks, key) == b"AAAABBBBCCCC"
    assert naive_chunked_decrypt_for_demo(chunks[:2], key) == b"AAAABBBB"
    assert naive_chunked_decrypt_for_demo(chunks[::-1], key) == b"CCCCBBBBAAAA"
    with pytest.raises(DecryptionError, match="naive chunk 1"):
        naive_chunked_decrypt_for_demo([chunks[0], flip_bit(chunks[1], 20)], key)


def test_file_cut_inside_the_first_line_is_refused() -> None:
    assert_refused(b"age-encryption", "truncated", "first header line")


# --- failure classes and unsupported features ---------------------------------------------------


def test_each_kind_of_failure_has_its_own_class() -> None:
    _, blob = three_chunk_file()
    header_size = read_header(blob).size
    cases = [
        (blob[:10], HeaderError),
        (blob[: header_size + 8], HeaderError),  # the payload nonce is cut off
        (encrypt(b"secret", OTHER.recipient), NoMatchError),
        (replace_base64_char(blob, header_size - 5), HeaderMacError),
        (flip_bit(blob, header_size + 16 + 100), PayloadError),
        (blob[:-100], PayloadError),
    ]
    for damaged, kind in cases:
        with pytest.raises(kind) as raised:
            decrypt(damaged, IDENTITY)
        assert isinstance(raised.value, DecryptionError)
    assert issubclass(DecryptionError, ValueError)


@pytest.mark.parametrize("lead", [b"", b"\n  \n", b"garbage\n"])
def test_armored_files_are_refused_with_a_clear_error(lead: bytes) -> None:
    armored = lead + b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24\n"
    with pytest.raises(HeaderError, match="ASCII-armored age files .* are not supported"):
        decrypt(armored, IDENTITY)


def test_plugin_keys_are_refused_with_a_clear_error() -> None:
    plugin_identity = bech32_encode("age-plugin-yubikey-", bytes(range(32))).upper()
    plugin_recipient = bech32_encode("age1yubikey", bytes(range(33)))
    with pytest.raises(ValueError, match="plugins and tags"):
        X25519Identity.from_string(plugin_identity)
    with pytest.raises(ValueError, match="plugins and tags"):
        decrypt(encrypt(b"x", IDENTITY.recipient), plugin_identity)
    with pytest.raises(ValueError, match="plugins and tags"):
        encrypt(b"x", plugin_recipient)
