"""Interoperability of utils.storage's age files with pyrage (the Rust age implementation)."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest
from pyrage import passphrase as pyrage_passphrase
from pyrage import x25519

from tests.interop_tools import SIZES, random_bytes
from utils.storage import (
    CHUNK_SIZE,
    DecryptionError,
    Passphrase,
    X25519Identity,
    decrypt,
    decrypt_file,
    encrypt,
    encrypt_file,
    generate_hybrid_identity,
    generate_identity,
    rewrap_header,
)


@pytest.mark.parametrize("size", SIZES)
def test_pyrage_decrypts_our_x25519_files(size: int) -> None:
    ours = generate_identity()
    plaintext = random_bytes(size)
    blob = encrypt(plaintext, [generate_identity().recipient, ours.recipient])
    assert pyrage.decrypt(blob, [x25519.Identity.from_str(ours.to_string())]) == plaintext


@pytest.mark.parametrize("size", SIZES)
def test_we_decrypt_pyrage_x25519_files(size: int) -> None:
    theirs = x25519.Identity.generate()
    plaintext = random_bytes(size)
    blob = pyrage.encrypt(plaintext, [theirs.to_public()])
    assert decrypt(blob, X25519Identity.from_string(str(theirs))) == plaintext


def test_key_strings_match_pyrage() -> None:
    theirs = x25519.Identity.generate()
    ours = X25519Identity.from_string(str(theirs))
    assert ours.to_string() == str(theirs)
    assert str(ours.recipient) == str(theirs.to_public())


def test_pyrage_refuses_our_file_for_another_identity() -> None:
    blob = encrypt(b"secret", generate_identity().recipient)
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(blob, [x25519.Identity.generate()])


def test_pyrage_decrypts_our_passphrase_file() -> None:
    blob = encrypt(b"dataset bytes", Passphrase("open sesame", work_factor=10))
    assert pyrage_passphrase.decrypt(blob, "open sesame") == b"dataset bytes"


def test_we_decrypt_pyrage_passphrase_file() -> None:
    blob = pyrage_passphrase.encrypt(b"dataset bytes", "open sesame")
    assert decrypt(blob, Passphrase("open sesame", max_work_factor=22)) == b"dataset bytes"
    with pytest.raises(DecryptionError):
        decrypt(blob, Passphrase("open sesame", max_work_factor=10))


def test_pyrage_decrypts_our_rewrapped_file() -> None:
    first, second = generate_identity(), x25519.Identity.generate()
    blob = rewrap_header(encrypt(b"weights", first.recipient), first, str(second.to_public()))
    assert pyrage.decrypt(blob, [second]) == b"weights"


def test_files_cross_both_ways(tmp_path: Path) -> None:
    theirs = x25519.Identity.generate()
    ours = X25519Identity.from_string(str(theirs))
    src = tmp_path / "plain.bin"
    src.write_bytes(random_bytes(2 * CHUNK_SIZE))
    encrypt_file(src, tmp_path / "ours.age", ours.recipient)
    pyrage.decrypt_file(str(tmp_path / "ours.age"), str(tmp_path / "by_pyrage.bin"), [theirs])
    pyrage.encrypt_file(str(src), str(tmp_path / "theirs.age"), [theirs.to_public()])
    decrypt_file(tmp_path / "theirs.age", tmp_path / "by_us.bin", ours)
    assert (tmp_path / "by_pyrage.bin").read_bytes() == src.read_bytes()
    assert (tmp_path / "by_us.bin").read_bytes() == src.read_bytes()


def test_pyrage_1_4_has_no_hybrid_recipients() -> None:
    """What lesson 03 says: pyrage cannot encrypt to ``age1pq1...`` nor open such a file."""
    hybrid = generate_hybrid_identity()
    with pytest.raises(pyrage.RecipientError):
        x25519.Recipient.from_str(str(hybrid.recipient))
    with pytest.raises(pyrage.DecryptError, match="No matching keys"):
        pyrage.decrypt(encrypt(b"x", hybrid.recipient), [x25519.Identity.generate()])
