"""Envelope encryption with a symmetric key-encryption key (KEK), as cloud KMSs do it.

Every object gets a fresh 256-bit data key (DEK). The payload is AES-256-GCM under the
DEK; the DEK is wrapped (AES-256-GCM) under a KEK that never leaves the key ring. The
object starts with a self-describing header::

    magic "ENVL" | version 1 | algorithm 1 | payload nonce (12) |
    KEK id length (1) | KEK id | wrapped DEK (12-byte nonce + 32 + 16-byte tag)

Every header field is authenticated: magic, version, algorithm and payload nonce are the
payload's associated data; the KEK id is the wrapped DEK's associated data (together with
the same fields, which binds the wrapped DEK to this object). The object's ``name`` (its
path, bucket key or record id) is required: it is authenticated as the payload's associated
data too, but not stored, so a blob copied over another object's name fails to decrypt.
Rotating the KEK re-wraps the DEK and rewrites only the KEK id and wrapped DEK: the payload
bytes stay the same.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from utils.files import PathLike, atomic_output

from ._common import (
    DecryptionError,
    require_bytes,
    require_key,
    require_path,
)

MAGIC = b"ENVL"
VERSION = 1
ALGORITHMS = {1: "AES-256-GCM payload, data key wrapped with AES-256-GCM under the KEK"}
_ALGORITHM = 1
_NONCE_SIZE = 12
_WRAPPED_DEK_SIZE = _NONCE_SIZE + 32 + 16
_FIXED_PREFIX_SIZE = len(MAGIC) + 2 + _NONCE_SIZE


@dataclass(frozen=True)
class KEK:
    """A key-encryption key: 32 secret bytes and a public id (never printed with the key)."""

    kek_id: str
    key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.kek_id, str) or not self.kek_id.isprintable():
            raise ValueError("kek_id must be a printable string.")
        if not 1 <= len(self.kek_id.encode("utf-8")) <= 255:
            raise ValueError("kek_id must be 1 to 255 bytes long in UTF-8.")
        # Stored as bytes: a bytearray would stay mutable and make the KEK unhashable.
        object.__setattr__(self, "key", bytes(require_key(self.key, "key")))

    @classmethod
    def generate(cls, kek_id: str | None = None) -> KEK:
        """Return a KEK with a random key; the id defaults to ``kek-<8 hex digits>``."""
        return cls(kek_id or f"kek-{secrets.token_hex(4)}", os.urandom(32))


class KeyRing:
    """KEKs by id. New objects are wrapped by the primary KEK; any KEK in the ring can unwrap."""

    def __init__(self, *keks: KEK) -> None:
        self._keks: dict[str, KEK] = {}
        self._primary_id: str | None = None
        for kek in keks:
            self.add(kek)

    def add(self, kek: KEK, *, make_primary: bool = True) -> None:
        """Add ``kek`` (the last one added is the primary unless ``make_primary=False``)."""
        if not isinstance(kek, KEK):
            raise TypeError(f"kek must be a KEK, got {type(kek).__name__}.")
        if kek.kek_id in self._keks and self._keks[kek.kek_id] != kek:
            raise ValueError(f"the key ring already holds a different KEK with id {kek.kek_id!r}.")
        self._keks[kek.kek_id] = kek
        if make_primary or self._primary_id is None:
            self._primary_id = kek.kek_id

    def rotate(self, kek_id: str | None = None) -> KEK:
        """Generate a new KEK, make it the primary and return it; old KEKs stay for unwrapping."""
        kek = KEK.generate(kek_id)
        self.add(kek)
        return kek

    @property
    def primary(self) -> KEK:
        """The KEK that wraps new objects."""
        if self._primary_id is None:
            raise ValueError("the key ring is empty: add a KEK or call rotate().")
        return self._keks[self._primary_id]

    @property
    def ids(self) -> list[str]:
        """The ids of all KEKs in the ring."""
        return list(self._keks)

    def __getitem__(self, kek_id: str) -> KEK:
        if kek_id not in self._keks:
            raise KeyError(f"no KEK with id {kek_id!r} in the key ring (ids: {self.ids}).")
        return self._keks[kek_id]

    def __contains__(self, kek_id: object) -> bool:
        return kek_id in self._keks

    def __len__(self) -> int:
        return len(self._keks)

    def __repr__(self) -> str:
        return f"KeyRing(primary={self._primary_id!r}, ids={self.ids})"


@dataclass(frozen=True)
class EnvelopeHeader:
    """The parsed header of an envelope-encrypted object (what anyone can read)."""

    version: int
    algorithm: str
    nonce: bytes
    kek_id: str
    wrapped_dek: bytes
    size: int

    @property
    def fixed_prefix_size(self) -> int:
        """Bytes of magic, version, algorithm and nonce: the part that rotation never changes."""
        return _FIXED_PREFIX_SIZE


def read_envelope_header(blob: bytes) -> EnvelopeHeader:
    """Parse the header of an envelope-encrypted object; raise DecryptionError if malformed."""
    blob = require_bytes(blob, "blob")
    if not blob:
        raise DecryptionError("empty object: an envelope object starts with the magic b'ENVL'")
    if blob[:4] != MAGIC:
        raise DecryptionError("not an envelope object: it does not start with the magic b'ENVL'")
    if len(blob) < _FIXED_PREFIX_SIZE + 1:
        raise DecryptionError("truncated envelope object: the header is cut off")
    if blob[4] != VERSION:
        raise DecryptionError(f"unsupported envelope version {blob[4]} (this code reads {VERSION})")
    if blob[5] not in ALGORITHMS:
        raise DecryptionError(f"unknown envelope algorithm id {blob[5]}")
    id_end = _FIXED_PREFIX_SIZE + 1 + blob[_FIXED_PREFIX_SIZE]
    size = id_end + _WRAPPED_DEK_SIZE
    if len(blob) < size + 16:
        raise DecryptionError("truncated envelope object: shorter than its header and tag")
    try:
        kek_id = blob[_FIXED_PREFIX_SIZE + 1 : id_end].decode("utf-8")
    except UnicodeDecodeError:
        raise DecryptionError("malformed envelope header: the KEK id is not UTF-8") from None
    return EnvelopeHeader(
        version=blob[4],
        algorithm=ALGORITHMS[blob[5]],
        nonce=blob[6:_FIXED_PREFIX_SIZE],
        kek_id=kek_id,
        wrapped_dek=blob[id_end:size],
        size=size,
    )


def _select_kek(keys: KEK | KeyRing, kek_id: str) -> KEK:
    if isinstance(keys, KeyRing):
        if kek_id not in keys:
            raise DecryptionError(f"KEK {kek_id!r} is not in the key ring (ids: {keys.ids})")
        return keys[kek_id]
    if not isinstance(keys, KEK):
        raise TypeError(f"keys must be a KEK or a KeyRing, got {type(keys).__name__}.")
    if keys.kek_id != kek_id:
        raise DecryptionError(f"the object was wrapped by KEK {kek_id!r}, not by {keys.kek_id!r}")
    return keys


def _primary(kek: KEK | KeyRing) -> KEK:
    if isinstance(kek, KeyRing):
        return kek.primary
    if not isinstance(kek, KEK):
        raise TypeError(f"kek must be a KEK or a KeyRing, got {type(kek).__name__}.")
    return kek


def _wrap_section(fixed_prefix: bytes, kek: KEK, dek: bytes) -> bytes:
    """Return KEK id length, KEK id and the DEK wrapped under ``kek``."""
    kek_id = kek.kek_id.encode("utf-8")
    id_field = bytes([len(kek_id)]) + kek_id
    wrap_nonce = os.urandom(_NONCE_SIZE)
    wrapped = AESGCM(kek.key).encrypt(wrap_nonce, dek, fixed_prefix + id_field)
    return id_field + wrap_nonce + wrapped


def _unwrap_dek(blob: bytes, header: EnvelopeHeader, keys: KEK | KeyRing) -> bytes:
    kek = _select_kek(keys, header.kek_id)
    wrap_aad = blob[: header.size - _WRAPPED_DEK_SIZE]
    wrap_nonce, wrapped = header.wrapped_dek[:_NONCE_SIZE], header.wrapped_dek[_NONCE_SIZE:]
    try:
        return AESGCM(kek.key).decrypt(wrap_nonce, wrapped, wrap_aad)
    except InvalidTag:
        raise DecryptionError(
            f"the wrapped data key did not open under KEK {kek.kek_id!r}: "
            "wrong key material, or the header was altered"
        ) from None


def _require_name(name: object) -> bytes:
    """The object's name as bytes (str is UTF-8 encoded); it must not be empty."""
    if isinstance(name, str):
        name = name.encode("utf-8")
    elif isinstance(name, bytes | bytearray | memoryview):
        name = bytes(name)
    else:
        raise TypeError(
            "name must be the object's name (its path, bucket key or record id) as str or "
            f"bytes, got {type(name).__name__}."
        )
    if not name:
        raise ValueError(
            "name must not be empty: it binds the object to where it is stored, so that a "
            "blob moved to another object's name fails to decrypt."
        )
    return name


def envelope_encrypt(data: bytes, kek: KEK | KeyRing, *, name: str | bytes) -> bytes:
    """Encrypt ``data`` under a fresh DEK wrapped by ``kek`` (a KeyRing uses its primary).

    ``name`` is where the object lives (a path, bucket key or record id). It is
    authenticated, not stored: decrypt with the same name. A blob moved to another name,
    for instance swapped with another object's, fails to decrypt.
    """
    data, name = require_bytes(data, "data"), _require_name(name)
    kek = _primary(kek)
    dek, nonce = AESGCM.generate_key(256), os.urandom(_NONCE_SIZE)
    fixed_prefix = MAGIC + bytes([VERSION, _ALGORITHM]) + nonce
    payload = AESGCM(dek).encrypt(nonce, data, fixed_prefix + name)
    return fixed_prefix + _wrap_section(fixed_prefix, kek, dek) + payload


def envelope_decrypt(blob: bytes, keys: KEK | KeyRing, *, name: str | bytes) -> bytes:
    """Return the plaintext of the envelope object stored as ``name``.

    Raises DecryptionError naming the problem: a malformed header, a KEK that is missing
    or wrong, or a payload that was altered, truncated or stored under another name.
    """
    blob, name = require_bytes(blob, "blob"), _require_name(name)
    header = read_envelope_header(blob)
    dek = _unwrap_dek(blob, header, keys)
    try:
        return AESGCM(dek).decrypt(
            header.nonce, blob[header.size :], blob[:_FIXED_PREFIX_SIZE] + name
        )
    except InvalidTag:
        raise DecryptionError(
            f"the payload failed authentication under the name "
            f"{name.decode('utf-8', 'backslashreplace')!r}: it was altered or "
            "truncated, or it was encrypted for another name (moved or swapped)"
        ) from None


def rewrap_envelope(blob: bytes, old_keys: KEK | KeyRing, new_kek: KEK | KeyRing) -> bytes:
    """Re-wrap the object's DEK from ``old_keys`` to ``new_kek``; the payload is not touched.

    Only the KEK id and wrapped DEK change; the encrypted payload bytes are copied as they
    are, so the object keeps its name binding (no name is needed here).
    """
    blob = require_bytes(blob, "blob")
    header = read_envelope_header(blob)
    dek = _unwrap_dek(blob, header, old_keys)
    fixed_prefix = blob[:_FIXED_PREFIX_SIZE]
    return fixed_prefix + _wrap_section(fixed_prefix, _primary(new_kek), dek) + blob[header.size :]


def envelope_encrypt_file(
    src: PathLike, dst: PathLike, kek: KEK | KeyRing, *, name: str | bytes
) -> Path:
    """Encrypt the file ``src`` into ``dst`` (written atomically) bound to ``name``; return ``dst``."""
    src, dst = require_path(src, "src"), require_path(dst, "dst")
    blob = envelope_encrypt(src.read_bytes(), kek, name=name)
    with atomic_output(dst) as out:
        out.write(blob)
    return dst


def envelope_decrypt_file(src: PathLike, keys: KEK | KeyRing, *, name: str | bytes) -> bytes:
    """Return the plaintext of the envelope file ``src`` stored as ``name``, in memory only."""
    src = require_path(src, "src")
    return envelope_decrypt(src.read_bytes(), keys, name=name)
