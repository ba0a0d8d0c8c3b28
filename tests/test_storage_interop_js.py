"""Interoperability with the TypeScript implementation: npm ``age-encryption`` (typage).

Files go both ways for X25519 and passphrase (scrypt) recipients, across chunk boundaries.
Post-quantum hybrid files (``age1pq1...`` recipients), which this package writes and the
course's code does not implement, are refused with errors that say so.
``tests/interop_tools.py`` installs the package into ``.venv/interop/`` on first use.
"""

from __future__ import annotations

import pytest

from tests.interop_tools import PASSPHRASE, SIZES, ToolError, random_bytes, run_js
from utils.storage import (
    NoMatchError,
    Passphrase,
    X25519Identity,
    decrypt,
    encrypt,
    generate_identity,
    read_header,
)


def keygen(kind: str = "keygen") -> tuple[str, str]:
    identity, recipient = run_js(kind).decode().split()
    return identity, recipient


@pytest.mark.parametrize("size", SIZES)
def test_typage_decrypts_our_x25519_files(size: int) -> None:
    identity, recipient = keygen()
    plaintext = random_bytes(size)
    ours = encrypt(plaintext, [generate_identity().recipient, recipient])
    assert run_js("decrypt", data=ours, env={"AGE_IDENTITY": identity}) == plaintext


@pytest.mark.parametrize("size", SIZES)
def test_we_decrypt_typage_x25519_files(size: int) -> None:
    ours = generate_identity()
    plaintext = random_bytes(size)
    theirs = run_js("encrypt", str(ours.recipient), data=plaintext)
    assert decrypt(theirs, ours) == plaintext


def test_key_strings_are_read_alike() -> None:
    identity, recipient = keygen()
    assert str(X25519Identity.from_string(identity).recipient) == recipient
    assert X25519Identity.from_string(identity).to_string() == identity


def test_both_refuse_the_wrong_identity() -> None:
    identity, _ = keygen()
    with pytest.raises(ToolError, match="no identity matched"):
        run_js(
            "decrypt",
            data=encrypt(b"x", generate_identity().recipient),
            env={"AGE_IDENTITY": identity},
        )
    with pytest.raises(NoMatchError):
        decrypt(run_js("encrypt", keygen()[1], data=b"x"), generate_identity())


def test_typage_decrypts_our_passphrase_file() -> None:
    ours = encrypt(b"model card", Passphrase(PASSPHRASE, work_factor=12))
    assert run_js("decrypt-passphrase", data=ours, env={"AGE_PASSPHRASE": PASSPHRASE}) == (
        b"model card"
    )


def test_we_decrypt_typage_passphrase_file() -> None:
    theirs = run_js(
        "encrypt-passphrase", "12", data=b"model card", env={"AGE_PASSPHRASE": PASSPHRASE}
    )
    (stanza,) = read_header(theirs).stanzas
    assert (stanza.type, stanza.args[1]) == ("scrypt", "12")
    assert decrypt(theirs, Passphrase(PASSPHRASE)) == b"model card"
    with pytest.raises(NoMatchError, match="wrong passphrase"):
        decrypt(theirs, Passphrase("Tr0ub4dor&3"))


def test_post_quantum_files_are_refused_with_a_clear_error() -> None:
    pq_identity, pq_recipient = keygen("keygen-pq")
    ours = generate_identity()
    theirs = run_js("encrypt", pq_recipient, data=b"x")
    assert [stanza.type for stanza in read_header(theirs).stanzas] == ["mlkem768x25519"]
    with pytest.raises(ValueError, match="post-quantum hybrid recipients"):
        encrypt(b"x", pq_recipient)
    with pytest.raises(ValueError, match="post-quantum hybrid identities"):
        decrypt(theirs, pq_identity)
    with pytest.raises(NoMatchError, match=r"stanzas \(mlkem768x25519\)"):
        decrypt(theirs, ours)
    both = run_js("encrypt", pq_recipient, str(ours.recipient), data=b"x")
    assert decrypt(both, ours) == b"x"  # an X25519 stanza beside it still opens
