"""The age v1 file format (https://age-encryption.org/v1), built from ``cryptography`` parts:
encrypt and decrypt bytes, streams and files; re-wrap headers. The header format lives in
:mod:`utils.storage.age_format`, recipients and identities in :mod:`utils.storage.age_keys`.

An age file is a text header, then a binary payload::

    age-encryption.org/v1
    -> X25519 <ephemeral share, base64>       one stanza per recipient, each
    <file key wrapped for that recipient>     wrapping the same 16-byte file key
    --- <HMAC-SHA256 of the header, base64>
    <16-byte nonce><STREAM chunks of 64 KiB + 16-byte tag>

Recipients are X25519 public keys (``age1...``), post-quantum hybrid ML-KEM-768 + X25519
keys (``age1pq1...``, an ``mlkem768x25519`` stanza; never mixed with X25519 ones), or a
passphrase (an scrypt stanza, which must be the only one). Plugins and the ASCII armor are
not implemented; they are refused with an error that says so.

What "interoperable" rests on, tested in ``tests/test_storage_interop*.py`` and
``tests/test_storage_vectors.py``: files go both ways, for X25519 and passphrase
recipients, with pyrage (the Rust ``age`` crate), the Go reference ``age`` command (1.1.1,
from Debian) and the TypeScript ``age-encryption`` package (0.3.1), and for hybrid
recipients with the TypeScript package; every community test vector (C2SP/CCTV
``age/testdata``, npm ``cctv-age`` 0.2.0) gives its expected outcome, or for armor a
clear refusal.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from utils.files import PathLike, atomic_output

from ._common import (
    require_binary_reader,
    require_binary_writer,
    require_bytes,
    require_path,
)
from .age_format import (
    FILE_KEY_SIZE,
    AgeHeader,
    AgeParts,
    Stanza,
    build_header,
    parse_header,
    read_header,
    split_age_file,
)
from .age_keys import (
    DEFAULT_MAX_WORK_FACTOR,
    DEFAULT_WORK_FACTOR,
    Identity,
    Passphrase,
    Recipient,
    X25519Identity,
    X25519Recipient,
    check_stanzas_not_mixed,
    coerce_identities,
    coerce_recipients,
    generate_identity,
    unwrap_file_key,
)
from .age_pq import HybridIdentity, HybridRecipient, generate_hybrid_identity
from .stream import ENCRYPTED_CHUNK_SIZE, decrypt_payload, encrypt_payload

__all__ = [
    "DEFAULT_MAX_WORK_FACTOR",
    "DEFAULT_WORK_FACTOR",
    "AgeHeader",
    "AgeParts",
    "HybridIdentity",
    "HybridRecipient",
    "Identity",
    "Passphrase",
    "Recipient",
    "Stanza",
    "X25519Identity",
    "X25519Recipient",
    "decrypt",
    "decrypt_file",
    "decrypt_stream",
    "encrypt",
    "encrypt_file",
    "encrypt_stream",
    "generate_hybrid_identity",
    "generate_identity",
    "read_header",
    "rewrap_file",
    "rewrap_header",
    "split_age_file",
]


def encrypt_stream(
    reader: BinaryIO, writer: BinaryIO, recipients: Recipient | Iterable[Recipient]
) -> None:
    """Encrypt everything ``reader`` holds to ``recipients``, writing an age file to ``writer``."""
    require_binary_reader(reader, "reader")
    require_binary_writer(writer, "writer")
    recipients = coerce_recipients(recipients)
    file_key = os.urandom(FILE_KEY_SIZE)
    writer.write(build_header([recipient.wrap(file_key) for recipient in recipients], file_key))
    encrypt_payload(reader, writer, file_key)


def decrypt_stream(
    reader: BinaryIO, writer: BinaryIO, identities: Identity | Iterable[Identity]
) -> None:
    """Decrypt an age file from ``reader`` to ``writer``, chunk by chunk as each verifies.

    On DecryptionError, chunks before the bad one may already be written: use
    :func:`decrypt_file` or :func:`decrypt` when nothing unverified may be kept.
    """
    require_binary_reader(reader, "reader")
    require_binary_writer(writer, "writer")
    identities = coerce_identities(identities)
    file_key = unwrap_file_key(parse_header(reader), identities)
    decrypt_payload(reader, writer, file_key)


def encrypt(data: bytes, recipients: Recipient | Iterable[Recipient]) -> bytes:
    """Return ``data`` encrypted to ``recipients`` as an age file."""
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(require_bytes(data, "data")), out, recipients)
    return out.getvalue()


def decrypt(data: bytes, identities: Identity | Iterable[Identity]) -> bytes:
    """Return the plaintext of the age file ``data``; raise DecryptionError if it fails."""
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(require_bytes(data, "data")), out, identities)
    return out.getvalue()


def encrypt_file(src: PathLike, dst: PathLike, recipients: Recipient | Iterable[Recipient]) -> Path:
    """Encrypt the file ``src`` to ``recipients`` into the age file ``dst``; return ``dst``."""
    src, dst = require_path(src, "src"), require_path(dst, "dst")
    recipients = coerce_recipients(recipients)
    with open(src, "rb") as reader, atomic_output(dst) as writer:
        encrypt_stream(reader, writer, recipients)
    return dst


def decrypt_file(src: PathLike, dst: PathLike, identities: Identity | Iterable[Identity]) -> Path:
    """Decrypt the age file ``src`` into ``dst``; return ``dst``.

    The plaintext goes to a temporary file in ``dst``'s folder that replaces ``dst`` only
    after the final chunk verifies. On a decryption error it is deleted and ``dst`` is left
    as it was; a process killed mid-way can leave the hidden ``.<name>.*.part`` file behind.
    """
    src, dst = require_path(src, "src"), require_path(dst, "dst")
    identities = coerce_identities(identities)
    with open(src, "rb") as reader, atomic_output(dst) as writer:
        decrypt_stream(reader, writer, identities)
    return dst


def _rewrap_stream(
    reader: BinaryIO,
    writer: BinaryIO,
    identities: Identity | Iterable[Identity],
    recipients: Recipient | Iterable[Recipient],
    keep_existing: bool,
) -> None:
    identities, recipients = coerce_identities(identities), coerce_recipients(recipients)
    header = parse_header(reader)
    file_key = unwrap_file_key(header, identities)
    kept = list(header.stanzas) if keep_existing else []
    if kept and (
        any(stanza.type == "scrypt" for stanza in kept)
        or any(isinstance(recipient, Passphrase) for recipient in recipients)
    ):
        raise ValueError("a passphrase (scrypt stanza) must be the only recipient of an age file.")
    check_stanzas_not_mixed(kept, recipients)
    stanzas = kept + [recipient.wrap(file_key) for recipient in recipients]
    writer.write(build_header(stanzas, file_key))
    shutil.copyfileobj(reader, writer, ENCRYPTED_CHUNK_SIZE)


def rewrap_header(
    data: bytes,
    identities: Identity | Iterable[Identity],
    recipients: Recipient | Iterable[Recipient],
    *,
    keep_existing: bool = False,
) -> bytes:
    """Return the age file ``data`` with a new header for ``recipients``; payload bytes unchanged.

    ``identities`` must open the current header. With ``keep_existing=True`` the old
    stanzas stay (this adds recipients). The file key and payload do not change, so anyone
    who kept the file key, or can open an old header, can still read this file too:
    re-wrapping is not revocation.
    """
    out = io.BytesIO()
    _rewrap_stream(
        io.BytesIO(require_bytes(data, "data")), out, identities, recipients, keep_existing
    )
    return out.getvalue()


def rewrap_file(
    src: PathLike,
    dst: PathLike,
    identities: Identity | Iterable[Identity],
    recipients: Recipient | Iterable[Recipient],
    *,
    keep_existing: bool = False,
) -> Path:
    """Write ``src`` to ``dst`` with a new header for ``recipients``; see :func:`rewrap_header`."""
    src, dst = require_path(src, "src"), require_path(dst, "dst")
    with open(src, "rb") as reader, atomic_output(dst) as writer:
        _rewrap_stream(reader, writer, identities, recipients, keep_existing)
    return dst
