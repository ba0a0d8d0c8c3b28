"""Interoperability with the TypeScript implementation: npm ``age-encryption`` (typage).

Files go both ways for X25519, post-quantum hybrid (``age1pq1...``, ML-KEM-768 + X25519)
and passphrase (scrypt) recipients, across chunk boundaries, and key strings are read alike.
``tests/interop_tools.py`` installs the package into ``.venv/interop/`` on first use.
"""

from __future__ import annotations

import pytest

from tests.interop_tools import PASSPHRASE, SIZES, ToolError, random_bytes, run_js
from utils.storage import (
    HybridIdentity,
    NoMatchError,
    Passphrase,
    X25519Identity,
    decrypt,
    encrypt,
    generate_hybrid_identity,
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


@pytest.mark.parametrize("size", SIZES)
def test_typage_decrypts_our_hybrid_files(size: int) -> None:
    identity, recipient = keygen("keygen-pq")
    plaintext = random_bytes(size)
    ours = encrypt(plaintext, [generate_hybrid_identity().recipient, recipient])
    assert [stanza.type for stanza in read_header(ours).stanzas] == ["mlkem768x25519"] * 2
    assert run_js("decrypt", data=ours, env={"AGE_IDENTITY": identity}) == plaintext


@pytest.mark.parametrize("size", SIZES)
def test_we_decrypt_typage_hybrid_files(size: int) -> None:
    ours = generate_hybrid_identity()
    plaintext = random_bytes(size)
    theirs = run_js("encrypt", str(ours.recipient), data=plaintext)
    assert [stanza.type for stanza in read_header(theirs).stanzas] == ["mlkem768x25519"]
    assert decrypt(theirs, ours) == plaintext


def test_hybrid_key_strings_are_read_alike() -> None:
    identity, recipient = keygen("keygen-pq")
    assert str(HybridIdentity.from_string(identity).recipient) == recipient
    assert HybridIdentity.from_string(identity).to_string() == identity
    ours = generate_hybrid_identity()
    derived = run_js("recipient", env={"AGE_IDENTITY": ours.to_string()})
    assert derived.decode().strip() == str(ours.recipient)


def test_both_refuse_the_wrong_hybrid_identity() -> None:
    identity, recipient = keygen("keygen-pq")
    with pytest.raises(ToolError, match="no identity matched"):
        run_js(
            "decrypt",
            data=encrypt(b"x", generate_hybrid_identity().recipient),
            env={"AGE_IDENTITY": identity},
        )
    with pytest.raises(NoMatchError, match=r"stanzas \(mlkem768x25519\)"):
        decrypt(run_js("encrypt", recipient, data=b"x"), generate_hybrid_identity())


def test_a_mixed_typage_file_opens_with_either_identity_and_we_refuse_to_write_one() -> None:
    """typage 0.3.1 writes a file for a hybrid and an X25519 recipient; age's spec says not
    to (the X25519 stanza gives a future quantum computer the file key). We read it, as every
    implementation does, but do not write one."""
    pq_identity, pq_recipient = keygen("keygen-pq")
    classic = generate_identity()
    both = run_js("encrypt", pq_recipient, str(classic.recipient), data=b"x")
    assert decrypt(both, classic) == decrypt(both, pq_identity) == b"x"
    with pytest.raises(ValueError, match="must not be mixed"):
        encrypt(b"x", [pq_recipient, classic.recipient])
