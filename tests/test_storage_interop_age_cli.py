"""Interoperability with the Go reference implementation: the ``age`` command (Debian 1.1.1).

Files go both ways for X25519 and passphrase (scrypt) recipients, across chunk boundaries,
and key strings are read the same by both. age 1.1.1 predates post-quantum hybrid recipients
(age 1.3): it refuses them cleanly. ``tests/interop_tools.py`` installs the command into
``.venv/interop/`` on first use (``apt-get download age``, no root needed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.interop_tools import (
    PASSPHRASE,
    SIZES,
    ToolError,
    age_cli,
    random_bytes,
    run,
    run_with_terminal,
)
from utils.storage import (
    NoMatchError,
    Passphrase,
    X25519Identity,
    decrypt,
    encrypt,
    generate_hybrid_identity,
    generate_identity,
    read_header,
    rewrap_header,
)


def keygen(folder: Path) -> tuple[Path, str]:
    """A new identity file from ``age-keygen`` and its recipient string."""
    key_file = folder / "key.txt"
    run([age_cli().with_name("age-keygen"), "-o", key_file])
    return key_file, run([age_cli().with_name("age-keygen"), "-y", key_file]).decode().strip()


def their_identity(key_file: Path) -> X25519Identity:
    secret = next(line for line in key_file.read_text().splitlines() if line.startswith("AGE-"))
    return X25519Identity.from_string(secret)


def test_the_tool_is_the_go_reference_implementation() -> None:
    version = run([age_cli(), "--version"]).decode().strip()
    assert re.fullmatch(r"v?1\.\d+\.\d+.*", version), version


@pytest.mark.parametrize("size", SIZES)
def test_age_decrypts_our_x25519_files(tmp_path: Path, size: int) -> None:
    key_file, recipient = keygen(tmp_path)
    plaintext = random_bytes(size)
    ours = encrypt(plaintext, [generate_identity().recipient, recipient])  # two stanzas
    assert run([age_cli(), "-d", "-i", key_file], data=ours) == plaintext


@pytest.mark.parametrize("size", SIZES)
def test_we_decrypt_age_x25519_files(tmp_path: Path, size: int) -> None:
    ours = generate_identity()
    plaintext = random_bytes(size)
    theirs = run([age_cli(), "-r", str(ours.recipient)], data=plaintext)
    assert decrypt(theirs, ours) == plaintext


def test_files_for_two_recipients_open_for_each(tmp_path: Path) -> None:
    key_file, recipient = keygen(tmp_path)
    ours = generate_identity()
    theirs = run([age_cli(), "-r", recipient, "-r", str(ours.recipient)], data=b"weights")
    assert [stanza.type for stanza in read_header(theirs).stanzas] == ["X25519", "X25519"]
    assert decrypt(theirs, ours) == b"weights"
    assert run([age_cli(), "-d", "-i", key_file], data=theirs) == b"weights"


def test_age_decrypts_our_rewrapped_file(tmp_path: Path) -> None:
    key_file, recipient = keygen(tmp_path)
    first = generate_identity()
    moved = rewrap_header(encrypt(b"dataset", first.recipient), first, recipient)
    assert run([age_cli(), "-d", "-i", key_file], data=moved) == b"dataset"


def test_key_strings_are_read_alike(tmp_path: Path) -> None:
    key_file, recipient = keygen(tmp_path)
    assert str(their_identity(key_file).recipient) == recipient
    ours = generate_identity()
    (tmp_path / "ours.txt").write_text(ours.to_string() + "\n")
    derived = run([age_cli().with_name("age-keygen"), "-y", tmp_path / "ours.txt"])
    assert derived.decode().strip() == str(ours.recipient)


def test_both_refuse_the_wrong_identity(tmp_path: Path) -> None:
    key_file, _ = keygen(tmp_path)
    with pytest.raises(ToolError, match="no identity matched"):
        run([age_cli(), "-d", "-i", key_file], data=encrypt(b"x", generate_identity().recipient))
    theirs = run([age_cli(), "-r", str(generate_identity().recipient)], data=b"x")
    with pytest.raises(NoMatchError):
        decrypt(theirs, generate_identity())


def test_age_refuses_our_file_with_a_flipped_payload_bit(tmp_path: Path) -> None:
    key_file, recipient = keygen(tmp_path)
    damaged = bytearray(encrypt(b"training data", recipient))
    damaged[-5] ^= 1
    with pytest.raises(ToolError):
        run([age_cli(), "-d", "-i", key_file], data=bytes(damaged))


def test_age_decrypts_our_passphrase_file(tmp_path: Path) -> None:
    src, out = tmp_path / "data.age", tmp_path / "data.txt"
    src.write_bytes(encrypt(b"model card", Passphrase(PASSPHRASE, work_factor=12)))
    run_with_terminal([age_cli(), "-d", "-o", out, src], PASSPHRASE, prompts=1)
    assert out.read_bytes() == b"model card"


def test_we_decrypt_age_passphrase_file(tmp_path: Path) -> None:
    src, out = tmp_path / "data.txt", tmp_path / "data.age"
    src.write_bytes(b"model card")
    run_with_terminal([age_cli(), "-p", "-o", out, src], PASSPHRASE, prompts=2)
    (stanza,) = read_header(out).stanzas
    assert (stanza.type, stanza.args[1]) == ("scrypt", "18")  # age's default work factor
    assert decrypt(out.read_bytes(), Passphrase(PASSPHRASE)) == b"model card"


def test_age_1_1_refuses_hybrid_keys_and_files_cleanly(tmp_path: Path) -> None:
    """age 1.1.1 reads ``age1pq1...`` as a plugin ("pq") it does not have, does not know the
    identity type, and finds no X25519 stanza in a hybrid file: three errors, no crash."""
    version = run([age_cli(), "--version"]).decode().strip()
    if tuple(int(part) for part in re.findall(r"\d+", version)[:2]) >= (1, 3):
        pytest.skip(f"the age on PATH ({version}) knows hybrid recipients; this is about 1.1")
    hybrid = generate_hybrid_identity()
    with pytest.raises(ToolError, match="pq plugin"):
        run([age_cli(), "-r", str(hybrid.recipient)], data=b"x")
    (tmp_path / "pq.txt").write_text(hybrid.to_string() + "\n")
    ours = encrypt(b"x", hybrid.recipient)
    with pytest.raises(ToolError, match="unknown identity type"):
        run([age_cli(), "-d", "-i", tmp_path / "pq.txt"], data=ours)
    key_file, _ = keygen(tmp_path)
    with pytest.raises(ToolError, match="no identity matched"):
        run([age_cli(), "-d", "-i", key_file], data=ours)
