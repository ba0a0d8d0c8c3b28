"""The STREAM construction of the age v1 payload, and the naive chunking it fixes.

STREAM splits the plaintext into 64 KiB chunks and encrypts chunk ``i`` with
ChaCha20-Poly1305 under the nonce ``i`` (11 bytes, big-endian) followed by a flag byte that
is 1 only for the final chunk. Moving, dropping or cutting off chunks changes the nonce a
chunk is opened with, so it fails to authenticate.

Decryption errors here are deliberately detailed for learners (``_diagnose_chunk`` tries the
neighbouring counters to say "reordered" or "truncated"); a production library returns one
uninformative error instead, so that why a file failed gives an attacker no oracle.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from ._common import (
    DecryptionError,
    HeaderError,
    PayloadError,
    hkdf_sha256,
    read_full,
    require_bytes,
    require_key,
)

CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE
PAYLOAD_NONCE_SIZE = 16
_COUNTER_LIMIT = 1 << 88
_DIAGNOSIS_WINDOW = 8


def payload_key(file_key: bytes, nonce: bytes) -> bytes:
    """Return the payload key HKDF-SHA256(salt=nonce, ikm=file_key, info="payload")."""
    return hkdf_sha256(file_key, salt=nonce, info=b"payload")


def chunk_nonce(counter: int, last: bool) -> bytes:
    """Return the 12-byte STREAM nonce: 11-byte big-endian counter, then 0x01 if last else 0x00."""
    if not 0 <= counter < _COUNTER_LIMIT:
        raise ValueError(f"chunk counter must be in [0, 2**88), got {counter}.")
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def encrypt_payload(reader: BinaryIO, writer: BinaryIO, file_key: bytes) -> None:
    """Write the age payload (16-byte nonce, then STREAM chunks) of everything ``reader`` holds.

    Reads one chunk ahead to know which chunk is the last; memory stays at a few chunks.
    """
    nonce = os.urandom(PAYLOAD_NONCE_SIZE)
    writer.write(nonce)
    aead = ChaCha20Poly1305(payload_key(file_key, nonce))
    current, ahead = bytearray(CHUNK_SIZE), bytearray(CHUNK_SIZE)
    output = memoryview(bytearray(ENCRYPTED_CHUNK_SIZE))
    filled = read_full(reader, current)
    counter = 0
    while True:
        filled_ahead = read_full(reader, ahead) if filled == CHUNK_SIZE else 0
        last = filled_ahead == 0
        sealed = output[: filled + TAG_SIZE]
        aead.encrypt_into(chunk_nonce(counter, last), memoryview(current)[:filled], None, sealed)
        writer.write(sealed)
        if last:
            return
        counter += 1
        current, ahead, filled = ahead, current, filled_ahead


def _opens(aead: ChaCha20Poly1305, counter: int, last: bool, sealed: memoryview, out) -> bool:
    try:
        aead.decrypt_into(chunk_nonce(counter, last), sealed, None, out)
    except InvalidTag:
        return False
    return True


def _diagnose_chunk(aead: ChaCha20Poly1305, counter: int, sealed: memoryview) -> str:
    """Say why chunk ``counter`` failed: is it another chunk of this file, or foreign/altered?"""
    scratch = memoryview(bytearray(len(sealed) - TAG_SIZE))
    for other in range(max(0, counter - _DIAGNOSIS_WINDOW), counter + _DIAGNOSIS_WINDOW + 1):
        for last in (False, True):
            if other != counter and _opens(aead, other, last, sealed, scratch):
                position = f"the final chunk ({other})" if last else f"chunk {other}"
                return (
                    f"payload chunk {counter} is {position} of this file: "
                    "chunks were reordered, dropped or duplicated"
                )
    if len(sealed) < ENCRYPTED_CHUNK_SIZE:
        return (
            f"payload chunk {counter} (the final one, {len(sealed)} bytes) failed "
            "authentication: the file was truncated inside a chunk, has trailing data, "
            "was altered, or the chunk comes from another file"
        )
    return (
        f"payload chunk {counter} failed authentication: it was altered "
        "or spliced in from another file"
    )


def decrypt_payload(reader: BinaryIO, writer: BinaryIO, file_key: bytes) -> None:
    """Verify and decrypt an age payload from ``reader``, writing each chunk once it verifies.

    Raises PayloadError naming the problem: a chunk that fails to authenticate, truncation
    at a chunk boundary, an empty final chunk, or trailing data (HeaderError for a missing
    or short nonce).
    """
    nonce = bytearray(PAYLOAD_NONCE_SIZE)
    if read_full(reader, nonce) < PAYLOAD_NONCE_SIZE:
        raise HeaderError(  # the test vectors count the nonce as part of the header
            "truncated file: the 16-byte payload nonce after the header is cut off"
        )
    aead = ChaCha20Poly1305(payload_key(file_key, bytes(nonce)))
    buffer = memoryview(bytearray(ENCRYPTED_CHUNK_SIZE))
    output = memoryview(bytearray(CHUNK_SIZE))
    counter = 0
    while True:
        filled = read_full(reader, buffer.obj)
        if filled == 0:
            where = "the nonce" if counter == 0 else f"chunk {counter - 1}"
            raise PayloadError(
                f"truncated file: the payload ends after {where} without a final chunk"
            )
        if filled < TAG_SIZE:
            raise PayloadError(
                f"truncated file: payload chunk {counter} has {filled} bytes, "
                f"less than its {TAG_SIZE}-byte tag"
            )
        sealed, plain = buffer[:filled], output[: filled - TAG_SIZE]
        last = filled < ENCRYPTED_CHUNK_SIZE
        opened = _opens(aead, counter, last, sealed, plain)
        if not opened and not last:
            last = True
            opened = _opens(aead, counter, last, sealed, plain)
        if not opened:
            raise PayloadError(_diagnose_chunk(aead, counter, sealed))
        if last and counter > 0 and not plain:
            raise PayloadError(
                "the final chunk is empty: age allows an empty final chunk only for an empty file"
            )
        writer.write(plain)
        if last:
            if reader.read(1):
                raise PayloadError(f"trailing data after the final payload chunk {counter}")
            return
        counter += 1


def naive_chunked_encrypt_for_demo(
    data: bytes, key: bytes, chunk_size: int = CHUNK_SIZE
) -> list[bytes]:
    """INSECURE demo: encrypt each chunk on its own (random nonce, no counter, no last flag).

    Every chunk authenticates alone, so dropping, reordering or cutting off chunks goes
    unnoticed. Use STREAM (:func:`utils.storage.encrypt`) instead.
    """
    data = require_bytes(data, "data")
    aead = ChaCha20Poly1305(require_key(key, "key"))
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, got {chunk_size!r}.")
    chunks = []
    for start in range(0, len(data), chunk_size):
        nonce = os.urandom(12)
        chunks.append(nonce + aead.encrypt(nonce, data[start : start + chunk_size], None))
    return chunks


def naive_chunked_decrypt_for_demo(chunks: list[bytes], key: bytes) -> bytes:
    """INSECURE demo: decrypt chunks from :func:`naive_chunked_encrypt_for_demo` one by one."""
    aead = ChaCha20Poly1305(require_key(key, "key"))
    if not isinstance(chunks, list | tuple):
        raise TypeError(f"chunks must be a list of bytes, got {type(chunks).__name__}.")
    plaintext = bytearray()
    for index, chunk in enumerate(chunks):
        chunk = require_bytes(chunk, f"chunks[{index}]")
        try:
            plaintext += aead.decrypt(chunk[:12], chunk[12:], None)
        except InvalidTag:
            raise DecryptionError(f"naive chunk {index} failed authentication") from None
    return bytes(plaintext)
