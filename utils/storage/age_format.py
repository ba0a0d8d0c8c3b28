"""The age v1 header format: stanzas, the header MAC, and parsing a file into its parts.

    age-encryption.org/v1
    -> X25519 <ephemeral share, base64>       one stanza per recipient, each
    <file key wrapped for that recipient>     wrapping the same 16-byte file key
    --- <HMAC-SHA256 of the header, base64>
    <16-byte nonce><STREAM chunks of 64 KiB + 16-byte tag>

Nothing here holds a key: :mod:`utils.storage.age_keys` wraps and unwraps file keys, and
:mod:`utils.storage.age` encrypts and decrypts whole files.
"""

from __future__ import annotations

import base64
import hmac
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from utils.files import PathLike

from ._common import HeaderError, hkdf_sha256, require_bytes, require_path
from .stream import ENCRYPTED_CHUNK_SIZE, PAYLOAD_NONCE_SIZE

VERSION_LINE = b"age-encryption.org/v1\n"
FILE_KEY_SIZE = 16
_BODY_COLUMNS = 64
_MAC_LINE_TAIL = 4 + 43 + 1  # "--- " + base64 of a 32-byte MAC + "\n"
_MAX_HEADER_BYTES = 1 << 20
_ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
_ARMOR_SEARCH_BYTES = 1024  # armor may follow some whitespace (or garbage) at the start
_BASE64_CHARS = re.compile(rb"[A-Za-z0-9+/]*")


def b64encode(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def b64decode(text: bytes, what: str) -> bytes:
    """Decode canonical unpadded base64 (age's rule) or raise DecryptionError."""
    if not _BASE64_CHARS.fullmatch(text) or len(text) % 4 == 1:
        raise HeaderError(f"malformed age header: {what} is not unpadded base64")
    data = base64.b64decode(text + b"=" * (-len(text) % 4))
    if b64encode(data) != text:
        raise HeaderError(f"malformed age header: {what} is not canonical base64")
    return data


def header_mac(file_key: bytes, header_up_to_dashes: bytes) -> bytes:
    mac_key = hkdf_sha256(file_key, salt=b"", info=b"header")
    return hmac.new(mac_key, header_up_to_dashes, "sha256").digest()


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: ``-> type args...`` and a body (the wrapped file key)."""

    type: str
    args: tuple[str, ...]
    body: bytes

    def encode(self) -> bytes:
        """Return the stanza as header text, its body base64-wrapped at 64 columns."""
        line = b"-> " + " ".join((self.type, *self.args)).encode("ascii") + b"\n"
        body = b64encode(self.body)
        lines = [
            body[start : start + _BODY_COLUMNS] for start in range(0, len(body), _BODY_COLUMNS)
        ]
        if len(body) % _BODY_COLUMNS == 0:
            lines.append(b"")  # the last body line must be shorter than 64 columns
        return line + b"".join(part + b"\n" for part in lines)


@dataclass(frozen=True)
class AgeHeader:
    """A parsed age header; ``str(header)`` shows it as text, ``raw`` holds its bytes."""

    stanzas: tuple[Stanza, ...]
    mac: bytes
    raw: bytes = field(repr=False)

    @property
    def size(self) -> int:
        """Length of the header in bytes; the payload nonce starts at this offset."""
        return len(self.raw)

    @property
    def mac_input(self) -> bytes:
        """The bytes the header MAC covers: everything up to and including ``---``."""
        return self.raw[: -(_MAC_LINE_TAIL - 3)]

    def __str__(self) -> str:
        return self.raw.decode("ascii")


def build_header(stanzas: Sequence[Stanza], file_key: bytes) -> bytes:
    text = VERSION_LINE + b"".join(stanza.encode() for stanza in stanzas) + b"---"
    return text + b" " + b64encode(header_mac(file_key, text)) + b"\n"


def _read_line(reader: BinaryIO, raw: bytearray) -> bytes:
    """Read one header line into ``raw``; return it without its newline."""
    line = reader.readline(_MAX_HEADER_BYTES - len(raw) + 1)
    raw += line
    if len(raw) > _MAX_HEADER_BYTES:
        raise HeaderError("malformed age header: longer than 1 MiB")
    if not line.endswith(b"\n"):
        raise HeaderError("truncated file: the header ends before its '---' line")
    return line[:-1]


def _parse_stanza(line: bytes, reader: BinaryIO, raw: bytearray) -> Stanza:
    words = line[3:].split(b" ")
    if not all(words) or not all(0x21 <= byte <= 0x7E for word in words for byte in word):
        raise HeaderError(f"malformed age header: bad stanza line {line[:40]!r}")
    body_lines = []
    while True:
        body_line = _read_line(reader, raw)
        if len(body_line) > _BODY_COLUMNS:
            raise HeaderError("malformed age header: a stanza body line is over 64 columns")
        body_lines.append(body_line)
        if len(body_line) < _BODY_COLUMNS:
            break
    body = b64decode(b"".join(body_lines), "a stanza body")
    args = tuple(word.decode("ascii") for word in words)
    return Stanza(args[0], args[1:], body)


def parse_header(reader: BinaryIO) -> AgeHeader:
    """Parse an age header from ``reader``, leaving it at the first payload byte."""
    first = reader.readline(len(VERSION_LINE))
    if not first:
        raise HeaderError("empty file: an age file starts with 'age-encryption.org/v1'")
    if first != VERSION_LINE:
        start = first + reader.read(_ARMOR_SEARCH_BYTES)
        if _ARMOR_BEGIN in start:
            raise HeaderError(
                "ASCII-armored age files ('-----BEGIN AGE ENCRYPTED FILE-----') are not "
                "supported here: decode the armor first (for example with `age -d`)"
            )
        if VERSION_LINE.startswith(start):
            raise HeaderError("truncated file: it ends inside the first header line")
        raise HeaderError("not an age file: it does not start with 'age-encryption.org/v1'")
    raw = bytearray(first)
    stanzas = []
    while True:
        line = _read_line(reader, raw)
        if line.startswith(b"-> "):
            stanzas.append(_parse_stanza(line, reader, raw))
        elif line.startswith(b"--- "):
            mac = b64decode(line[4:], "the header MAC")
            if len(mac) != 32:
                raise HeaderError("malformed age header: the MAC is not 32 bytes")
            break
        else:
            raise HeaderError(f"malformed age header: unexpected line {line[:40]!r}")
    if not stanzas:
        raise HeaderError("malformed age header: it has no recipient stanzas")
    return AgeHeader(tuple(stanzas), mac, bytes(raw))


def read_header(source: bytes | PathLike) -> AgeHeader:
    """Parse the header of an age file given as bytes or as a path (nothing is decrypted)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return parse_header(io.BytesIO(bytes(source)))
    with open(require_path(source, "source"), "rb") as reader:
        return parse_header(reader)


@dataclass
class AgeParts:
    """An age file cut into its parts, to inspect or tamper with them in a lesson."""

    header: AgeHeader
    nonce: bytes
    chunks: list[bytes]

    def to_bytes(self) -> bytes:
        """Join the parts back into an age file."""
        return self.header.raw + self.nonce + b"".join(self.chunks)


def split_age_file(data: bytes) -> AgeParts:
    """Cut the age file ``data`` into header, payload nonce and encrypted chunks."""
    data = require_bytes(data, "data")
    header = read_header(data)
    payload = data[header.size + PAYLOAD_NONCE_SIZE :]
    chunks = [
        payload[start : start + ENCRYPTED_CHUNK_SIZE]
        for start in range(0, len(payload), ENCRYPTED_CHUNK_SIZE)
    ]
    return AgeParts(header, data[header.size : header.size + PAYLOAD_NONCE_SIZE], chunks)
