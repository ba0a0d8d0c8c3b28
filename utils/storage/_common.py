"""Shared pieces of :mod:`utils.storage`: decryption error, argument checks, HKDF, atomic output."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class DecryptionError(ValueError):
    """Raised when encrypted data cannot be decrypted; the message names the problem."""


# The age failures, one class per outcome of the community test vectors (C2SP/CCTV age),
# so a caller can tell a wrong key from a damaged file without reading the message.


class HeaderError(DecryptionError):
    """The age header is malformed or truncated, or uses a feature this code does not support."""


class NoMatchError(DecryptionError):
    """The header parses, but none of the identities given opens any of its stanzas."""


class HeaderMacError(DecryptionError):
    """A stanza opened, but the header MAC does not match: the header was altered."""


class PayloadError(DecryptionError):
    """The payload fails to authenticate: altered, truncated, reordered or with trailing data."""


def require_bytes(value: object, name: str) -> bytes:
    """Return ``value`` as bytes, or raise TypeError if it is not bytes-like."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    raise TypeError(f"{name} must be bytes, got {type(value).__name__}.")


def require_key(value: object, name: str, size: int = 32) -> bytes:
    """Return ``value`` as bytes if it is a key of ``size`` bytes, else raise."""
    key = require_bytes(value, name)
    if len(key) != size:
        raise ValueError(f"{name} must be {size} bytes long, got {len(key)} bytes.")
    return key


def require_path(value: object, name: str) -> Path:
    """Return ``value`` as a Path, or raise TypeError if it is not a path."""
    if isinstance(value, str | os.PathLike):
        return Path(value)
    raise TypeError(f"{name} must be a path (str or os.PathLike), got {type(value).__name__}.")


def require_binary_reader(value: object, name: str) -> None:
    """Raise TypeError unless ``value`` is a binary file object open for reading."""
    if not (hasattr(value, "readinto") and hasattr(value, "readline")):
        raise TypeError(
            f"{name} must be a binary file object open for reading "
            f"(open(path, 'rb') or io.BytesIO), got {type(value).__name__}."
        )


def require_binary_writer(value: object, name: str) -> None:
    """Raise TypeError unless ``value`` has a ``write`` method."""
    if not hasattr(value, "write"):
        raise TypeError(
            f"{name} must be a binary file object open for writing "
            f"(open(path, 'wb') or io.BytesIO), got {type(value).__name__}."
        )


def hkdf_sha256(ikm: bytes, *, salt: bytes | None, info: bytes, length: int = 32) -> bytes:
    """Return ``length`` bytes of HKDF-SHA256 (RFC 5869) of ``ikm`` under ``salt`` and ``info``."""
    return HKDF(hashes.SHA256(), length, salt=salt, info=info).derive(ikm)


def read_full(reader: BinaryIO, buffer: bytearray) -> int:
    """Fill ``buffer`` from ``reader`` until it is full or the input ends; return bytes read."""
    view = memoryview(buffer)
    filled = 0
    while filled < len(view):
        count = reader.readinto(view[filled:])
        if not count:
            break
        filled += count
    return filled
