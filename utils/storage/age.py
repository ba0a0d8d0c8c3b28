"""The age v1 file format (https://age-encryption.org/v1), built from ``cryptography`` parts.

An age file is a text header, then a binary payload::

    age-encryption.org/v1
    -> X25519 <ephemeral share, base64>       one stanza per recipient, each
    <file key wrapped for that recipient>     wrapping the same 16-byte file key
    --- <HMAC-SHA256 of the header, base64>
    <16-byte nonce><STREAM chunks of 64 KiB + 16-byte tag>

Recipients are X25519 public keys (``age1...``) or a passphrase (an scrypt stanza, which
must be the only one). Post-quantum hybrid recipients (``age1pq1...``), plugins and the
ASCII armor are not implemented; they are refused with an error that says so.

What "interoperable" rests on, tested in ``tests/test_storage_interop*.py`` and
``tests/test_storage_vectors.py``: files go both ways, for X25519 and passphrase
recipients, with pyrage (the Rust ``age`` crate), the Go reference ``age`` command (1.1.1,
from Debian) and the TypeScript ``age-encryption`` package (0.3.1); and every community
test vector (C2SP/CCTV ``age/testdata``, npm ``cctv-age`` 0.2.0) gives its expected
outcome, or for armor and post-quantum vectors a clear refusal.
"""

from __future__ import annotations

import base64
import hmac
import io
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ._common import (
    HeaderError,
    HeaderMacError,
    NoMatchError,
    PathLike,
    atomic_output,
    hkdf_sha256,
    require_binary_reader,
    require_binary_writer,
    require_bytes,
    require_path,
)
from .bech32 import bech32_decode, bech32_encode
from .stream import ENCRYPTED_CHUNK_SIZE, PAYLOAD_NONCE_SIZE, decrypt_payload, encrypt_payload

VERSION_LINE = b"age-encryption.org/v1\n"
FILE_KEY_SIZE = 16
X25519_LABEL = b"age-encryption.org/v1/X25519"
SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
DEFAULT_WORK_FACTOR = 18
DEFAULT_MAX_WORK_FACTOR = 20
_ZERO_NONCE = bytes(12)
_BODY_COLUMNS = 64
_MAC_LINE_TAIL = 4 + 43 + 1  # "--- " + base64 of a 32-byte MAC + "\n"
_MAX_HEADER_BYTES = 1 << 20
_ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
_ARMOR_SEARCH_BYTES = 1024  # armor may follow some whitespace (or garbage) at the start
_BASE64_CHARS = re.compile(rb"[A-Za-z0-9+/]*")
_WORK_FACTOR = re.compile(r"[1-9][0-9]?")


# --- base64 and stanzas --------------------------------------------------------------


def _b64encode(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _b64decode(text: bytes, what: str) -> bytes:
    """Decode canonical unpadded base64 (age's rule) or raise DecryptionError."""
    if not _BASE64_CHARS.fullmatch(text) or len(text) % 4 == 1:
        raise HeaderError(f"malformed age header: {what} is not unpadded base64")
    data = base64.b64decode(text + b"=" * (-len(text) % 4))
    if _b64encode(data) != text:
        raise HeaderError(f"malformed age header: {what} is not canonical base64")
    return data


def _header_mac(file_key: bytes, header_up_to_dashes: bytes) -> bytes:
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
        body = _b64encode(self.body)
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


def _build_header(stanzas: Sequence[Stanza], file_key: bytes) -> bytes:
    text = VERSION_LINE + b"".join(stanza.encode() for stanza in stanzas) + b"---"
    return text + b" " + _b64encode(_header_mac(file_key, text)) + b"\n"


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
    body = _b64decode(b"".join(body_lines), "a stanza body")
    args = tuple(word.decode("ascii") for word in words)
    return Stanza(args[0], args[1:], body)


def _read_header(reader: BinaryIO) -> AgeHeader:
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
            mac = _b64decode(line[4:], "the header MAC")
            if len(mac) != 32:
                raise HeaderError("malformed age header: the MAC is not 32 bytes")
            break
        else:
            raise HeaderError(f"malformed age header: unexpected line {line[:40]!r}")
    if not stanzas:
        raise HeaderError("malformed age header: it has no recipient stanzas")
    return AgeHeader(tuple(stanzas), mac, bytes(raw))


# --- recipients and identities ---------------------------------------------------------


def _unsupported(kind: str, text: str, hrp: str) -> str:
    """The message for a well-formed key string of a type this code does not implement."""
    shown, kinds = text[: len(hrp) + 1] + "...", {"identity": "identities"}.get(kind, kind + "s")
    if hrp in ("age1pq", "age-secret-key-pq-"):
        what = f"post-quantum hybrid {kinds} ({shown})"
    else:
        what = f"{kinds} of type {shown} (plugins and tags)"
    return (
        f"{what} are not supported: this course's age code implements X25519 and passphrase "
        "(scrypt) recipients only; use age 1.3 or later, or the age-encryption npm package"
    )


class X25519Recipient:
    """An age X25519 recipient (a public key), written ``age1...``."""

    def __init__(self, public_key: X25519PublicKey) -> None:
        if not isinstance(public_key, X25519PublicKey):
            raise TypeError(
                f"public_key must be an X25519PublicKey, got {type(public_key).__name__}."
            )
        self.public_key = public_key
        self.public_bytes = public_key.public_bytes_raw()

    @classmethod
    def from_string(cls, text: str) -> X25519Recipient:
        """Parse an ``age1...`` recipient string."""
        try:
            hrp, key = bech32_decode(text)
        except ValueError as error:
            raise ValueError(f"not a valid age recipient string: {error}") from None
        if hrp != "age":
            raise ValueError(_unsupported("recipient", text, hrp))
        if len(key) != 32:
            raise ValueError(
                "an age X25519 recipient is 'age1' followed by a 32-byte key in bech32."
            )
        return cls(X25519PublicKey.from_public_bytes(key))

    def wrap(self, file_key: bytes) -> Stanza:
        """Return an ``X25519`` stanza wrapping ``file_key`` for this recipient."""
        ephemeral = X25519PrivateKey.generate()
        share = ephemeral.public_key().public_bytes_raw()
        shared_secret = ephemeral.exchange(self.public_key)
        wrap_key = hkdf_sha256(shared_secret, salt=share + self.public_bytes, info=X25519_LABEL)
        body = ChaCha20Poly1305(wrap_key).encrypt(_ZERO_NONCE, file_key, None)
        return Stanza("X25519", (_b64encode(share).decode("ascii"),), body)

    def __str__(self) -> str:
        return bech32_encode("age", self.public_bytes)

    def __repr__(self) -> str:
        return f"X25519Recipient('{self}')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, X25519Recipient) and other.public_bytes == self.public_bytes

    def __hash__(self) -> int:
        return hash(self.public_bytes)


class X25519Identity:
    """An age X25519 identity (a private key). ``to_string()`` gives ``AGE-SECRET-KEY-1...``.

    ``str()`` and ``repr()`` show only the public recipient, so printing never leaks the key.
    """

    def __init__(self, private_key: X25519PrivateKey) -> None:
        if not isinstance(private_key, X25519PrivateKey):
            raise TypeError(
                f"private_key must be an X25519PrivateKey, got {type(private_key).__name__}."
            )
        self.private_key = private_key
        self.recipient = X25519Recipient(private_key.public_key())

    @classmethod
    def generate(cls) -> X25519Identity:
        """Return a fresh random identity."""
        return cls(X25519PrivateKey.generate())

    @classmethod
    def from_string(cls, text: str) -> X25519Identity:
        """Parse an ``AGE-SECRET-KEY-1...`` identity string."""
        try:
            hrp, key = bech32_decode(text)
        except ValueError as error:
            raise ValueError(f"not a valid age identity string: {error}") from None
        if hrp != "age-secret-key-" and text.isupper():
            raise ValueError(_unsupported("identity", text, hrp))
        if hrp != "age-secret-key-" or len(key) != 32 or not text.isupper():
            raise ValueError(
                "an age identity is 'AGE-SECRET-KEY-1' followed by 32 bytes in bech32."
            )
        return cls(X25519PrivateKey.from_private_bytes(key))

    def to_string(self) -> str:
        """Return the secret identity string ``AGE-SECRET-KEY-1...`` (keep it secret)."""
        return bech32_encode("age-secret-key-", self.private_key.private_bytes_raw()).upper()

    def unwrap(self, stanza: Stanza) -> bytes | None:
        """Return the file key if ``stanza`` is an X25519 stanza for this identity, else None."""
        if stanza.type != "X25519":
            return None
        if len(stanza.args) != 1 or len(stanza.body) != FILE_KEY_SIZE + 16:
            raise HeaderError("malformed X25519 stanza: expected one argument and a 32-byte body")
        share = _b64decode(stanza.args[0].encode("ascii"), "an X25519 share")
        if len(share) != 32:
            raise HeaderError("malformed X25519 stanza: the ephemeral share is not 32 bytes")
        try:
            shared_secret = self.private_key.exchange(X25519PublicKey.from_public_bytes(share))
        except ValueError:
            raise HeaderError("malformed X25519 stanza: the share is a low-order point") from None
        wrap_key = hkdf_sha256(
            shared_secret, salt=share + self.recipient.public_bytes, info=X25519_LABEL
        )
        try:
            return ChaCha20Poly1305(wrap_key).decrypt(_ZERO_NONCE, stanza.body, None)
        except InvalidTag:
            return None

    def __str__(self) -> str:
        return f"X25519Identity(recipient='{self.recipient}')"

    __repr__ = __str__


def _check_work_factor(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 30:
        raise ValueError(f"{name} must be an integer log2(N) between 1 and 30, got {value!r}.")
    return value


class Passphrase:
    """A passphrase, usable both as a recipient and as an identity (age's scrypt stanza).

    ``work_factor`` is log2 of scrypt's N when encrypting (age uses 18; tests may use ~10);
    left out, it is 18, or ``max_work_factor`` if that is lower.
    ``max_work_factor`` is the largest log2(N) accepted when decrypting, so that a hostile
    file cannot make scrypt take all memory and time. A ``work_factor`` above it is
    refused: this passphrase would write files it then refuses to open.
    """

    def __init__(
        self,
        passphrase: str | bytes,
        *,
        work_factor: int | None = None,
        max_work_factor: int = DEFAULT_MAX_WORK_FACTOR,
    ) -> None:
        if isinstance(passphrase, str):
            passphrase = passphrase.encode("utf-8")
        if not isinstance(passphrase, bytes) or not passphrase:
            raise ValueError("passphrase must be a non-empty str or bytes.")
        self._passphrase = passphrase
        self.max_work_factor = _check_work_factor(max_work_factor, "max_work_factor")
        if work_factor is None:
            work_factor = min(DEFAULT_WORK_FACTOR, self.max_work_factor)
        self.work_factor = _check_work_factor(work_factor, "work_factor")
        if self.work_factor > self.max_work_factor:
            raise ValueError(
                f"work_factor ({self.work_factor}) must not exceed max_work_factor "
                f"({self.max_work_factor}): files encrypted with it would be refused on "
                "decryption."
            )

    def _wrap_key(self, salt: bytes, work_factor: int) -> bytes:
        scrypt = Scrypt(salt=SCRYPT_LABEL + salt, length=32, n=1 << work_factor, r=8, p=1)
        return scrypt.derive(self._passphrase)

    def wrap(self, file_key: bytes) -> Stanza:
        """Return an ``scrypt`` stanza wrapping ``file_key`` under this passphrase."""
        salt = os.urandom(16)
        body = ChaCha20Poly1305(self._wrap_key(salt, self.work_factor)).encrypt(
            _ZERO_NONCE, file_key, None
        )
        return Stanza("scrypt", (_b64encode(salt).decode("ascii"), str(self.work_factor)), body)

    def unwrap(self, stanza: Stanza) -> bytes | None:
        """Return the file key if ``stanza`` is an scrypt stanza for this passphrase, else None."""
        if stanza.type != "scrypt":
            return None
        if len(stanza.args) != 2 or len(stanza.body) != FILE_KEY_SIZE + 16:
            raise HeaderError(
                "malformed scrypt stanza: expected salt, work factor and a 32-byte body"
            )
        salt = _b64decode(stanza.args[0].encode("ascii"), "the scrypt salt")
        if len(salt) != 16 or not _WORK_FACTOR.fullmatch(stanza.args[1]):
            raise HeaderError("malformed scrypt stanza: bad salt or work factor")
        work_factor = int(stanza.args[1])
        if work_factor > self.max_work_factor:
            raise HeaderError(
                f"scrypt work factor 2^{work_factor} exceeds the allowed maximum "
                f"2^{self.max_work_factor}; if you trust this file, pass "
                f"Passphrase(..., max_work_factor={work_factor})"
            )
        try:
            return ChaCha20Poly1305(self._wrap_key(salt, work_factor)).decrypt(
                _ZERO_NONCE, stanza.body, None
            )
        except InvalidTag:
            return None

    def __repr__(self) -> str:
        return f"Passphrase(work_factor={self.work_factor}, max_work_factor={self.max_work_factor})"


Recipient = X25519Recipient | Passphrase | str
Identity = X25519Identity | Passphrase | str


def generate_identity() -> X25519Identity:
    """Return a fresh X25519 identity; its public side is ``identity.recipient``."""
    return X25519Identity.generate()


def _as_list(value: object, kind: str, one: str) -> list:
    if isinstance(value, str | X25519Recipient | X25519Identity | Passphrase):
        return [value]
    if not isinstance(value, Iterable) or isinstance(value, bytes | bytearray):
        raise TypeError(f"{kind} must be one {one} or a list of them, got {type(value).__name__}.")
    items = list(value)
    if not items:
        raise ValueError(f"{kind} must not be empty.")
    return items


def _coerce_recipients(
    recipients: Recipient | Iterable[Recipient],
) -> list[X25519Recipient | Passphrase]:
    result = []
    for item in _as_list(recipients, "recipients", "recipient"):
        if isinstance(item, str) and item.startswith("age1"):
            item = X25519Recipient.from_string(item)
        if isinstance(item, X25519Identity) or (
            isinstance(item, str) and item.upper().startswith("AGE-SECRET-KEY-")
        ):
            raise TypeError(
                "an identity (secret key) was given as a recipient: pass identity.recipient."
            )
        if not isinstance(item, X25519Recipient | Passphrase):
            raise TypeError(
                "each recipient must be an 'age1...' string, an X25519Recipient or a "
                f"Passphrase, got {type(item).__name__}."
            )
        result.append(item)
    if len(result) > 1 and any(isinstance(item, Passphrase) for item in result):
        raise ValueError(
            "a Passphrase must be the only recipient (age allows one scrypt stanza alone)."
        )
    return result


def _coerce_identities(
    identities: Identity | Iterable[Identity],
) -> list[X25519Identity | Passphrase]:
    result = []
    for item in _as_list(identities, "identities", "identity"):
        if isinstance(item, str) and item.upper().startswith("AGE-SECRET-KEY-"):
            item = X25519Identity.from_string(item)
        if not isinstance(item, X25519Identity | Passphrase):
            raise TypeError(
                "each identity must be an 'AGE-SECRET-KEY-1...' string, an X25519Identity or a "
                f"Passphrase, got {type(item).__name__}."
            )
        result.append(item)
    return result


def _unwrap_file_key(header: AgeHeader, identities: list[X25519Identity | Passphrase]) -> bytes:
    """Find the file key with one of ``identities`` and verify the header MAC with it."""
    types = [stanza.type for stanza in header.stanzas]
    if "scrypt" in types and len(types) > 1:
        raise HeaderError("malformed age header: an scrypt stanza must be the only stanza")
    file_key = next(
        (
            key
            for identity in identities
            for stanza in header.stanzas
            if (key := identity.unwrap(stanza)) is not None
        ),
        None,
    )
    if file_key is None:
        if "scrypt" in types and any(isinstance(item, Passphrase) for item in identities):
            raise NoMatchError("wrong passphrase: the scrypt stanza did not open (or was altered)")
        raise NoMatchError(
            f"no identity matches: none of the file's stanzas ({', '.join(types)}) opened with "
            "the identities given (wrong identity or passphrase, or an altered stanza)"
        )
    if not hmac.compare_digest(_header_mac(file_key, header.mac_input), header.mac):
        raise HeaderMacError("header MAC mismatch: the header was altered after encryption")
    return file_key


# --- streams, bytes and files ------------------------------------------------------------


def encrypt_stream(
    reader: BinaryIO, writer: BinaryIO, recipients: Recipient | Iterable[Recipient]
) -> None:
    """Encrypt everything ``reader`` holds to ``recipients``, writing an age file to ``writer``."""
    require_binary_reader(reader, "reader")
    require_binary_writer(writer, "writer")
    recipients = _coerce_recipients(recipients)
    file_key = os.urandom(FILE_KEY_SIZE)
    writer.write(_build_header([recipient.wrap(file_key) for recipient in recipients], file_key))
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
    identities = _coerce_identities(identities)
    file_key = _unwrap_file_key(_read_header(reader), identities)
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
    recipients = _coerce_recipients(recipients)
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
    identities = _coerce_identities(identities)
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
    identities, recipients = _coerce_identities(identities), _coerce_recipients(recipients)
    header = _read_header(reader)
    file_key = _unwrap_file_key(header, identities)
    kept = list(header.stanzas) if keep_existing else []
    if kept and (
        any(stanza.type == "scrypt" for stanza in kept)
        or any(isinstance(recipient, Passphrase) for recipient in recipients)
    ):
        raise ValueError("a passphrase (scrypt stanza) must be the only recipient of an age file.")
    stanzas = kept + [recipient.wrap(file_key) for recipient in recipients]
    writer.write(_build_header(stanzas, file_key))
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


def read_header(source: bytes | PathLike) -> AgeHeader:
    """Parse the header of an age file given as bytes or as a path (nothing is decrypted)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return _read_header(io.BytesIO(bytes(source)))
    with open(require_path(source, "source"), "rb") as reader:
        return _read_header(reader)


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
