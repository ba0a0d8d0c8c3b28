"""age recipients and identities: X25519 keys (``age1...``) and passphrases (scrypt).

A recipient wraps the file key into a stanza; an identity unwraps it. The post-quantum
hybrid type (``age1pq1...``) lives in :mod:`utils.storage.age_pq`; the functions here that
take key strings accept both. Plugins and tags are refused with an error that says so.
"""

from __future__ import annotations

import hmac
import os
import re
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ._common import HeaderError, HeaderMacError, NoMatchError, hkdf_sha256
from .age_format import FILE_KEY_SIZE, AgeHeader, Stanza, b64decode, b64encode, header_mac
from .age_pq import HYBRID_STANZA, HybridIdentity, HybridRecipient, check_not_mixed
from .bech32 import bech32_decode, bech32_encode

X25519_LABEL = b"age-encryption.org/v1/X25519"
SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
DEFAULT_WORK_FACTOR = 18
DEFAULT_MAX_WORK_FACTOR = 20
_ZERO_NONCE = bytes(12)
_WORK_FACTOR = re.compile(r"[1-9][0-9]?")


def _unsupported(kind: str, text: str, hrp: str) -> str:
    """The message for a well-formed key string that is not a classic X25519 key."""
    shown, kinds = text[: len(hrp) + 1] + "...", {"identity": "identities"}.get(kind, kind + "s")
    if hrp in ("age1pq", "age-secret-key-pq-"):
        cls = "HybridRecipient" if kind == "recipient" else "HybridIdentity"
        return f"this is a post-quantum hybrid {kind} ({shown}): use {cls}.from_string"
    return (
        f"{kinds} of type {shown} (plugins and tags) are not supported: this course's age "
        "code implements X25519, post-quantum hybrid and passphrase (scrypt) recipients only; "
        "use age 1.3 or later, or the age-encryption npm package"
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
        return Stanza("X25519", (b64encode(share).decode("ascii"),), body)

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
        share = b64decode(stanza.args[0].encode("ascii"), "an X25519 share")
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
        return Stanza("scrypt", (b64encode(salt).decode("ascii"), str(self.work_factor)), body)

    def unwrap(self, stanza: Stanza) -> bytes | None:
        """Return the file key if ``stanza`` is an scrypt stanza for this passphrase, else None."""
        if stanza.type != "scrypt":
            return None
        if len(stanza.args) != 2 or len(stanza.body) != FILE_KEY_SIZE + 16:
            raise HeaderError(
                "malformed scrypt stanza: expected salt, work factor and a 32-byte body"
            )
        salt = b64decode(stanza.args[0].encode("ascii"), "the scrypt salt")
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


Recipient = X25519Recipient | HybridRecipient | Passphrase | str
Identity = X25519Identity | HybridIdentity | Passphrase | str
_RECIPIENTS = (X25519Recipient, HybridRecipient, Passphrase)
_IDENTITIES = (X25519Identity, HybridIdentity, Passphrase)


def generate_identity() -> X25519Identity:
    """Return a fresh X25519 identity; its public side is ``identity.recipient``."""
    return X25519Identity.generate()


def _as_list(value: object, kind: str, one: str) -> list:
    if isinstance(value, (str, *_RECIPIENTS, *_IDENTITIES)):
        return [value]
    if not isinstance(value, Iterable) or isinstance(value, bytes | bytearray):
        raise TypeError(f"{kind} must be one {one} or a list of them, got {type(value).__name__}.")
    items = list(value)
    if not items:
        raise ValueError(f"{kind} must not be empty.")
    return items


def coerce_recipients(
    recipients: Recipient | Iterable[Recipient],
) -> list[X25519Recipient | HybridRecipient | Passphrase]:
    """The recipients as objects; strings are parsed, a mix that age forbids is refused."""
    result = []
    for item in _as_list(recipients, "recipients", "recipient"):
        if isinstance(item, str) and item.startswith("age1pq1"):
            item = HybridRecipient.from_string(item)
        elif isinstance(item, str) and item.startswith("age1"):
            item = X25519Recipient.from_string(item)
        if isinstance(item, X25519Identity | HybridIdentity) or (
            isinstance(item, str) and item.upper().startswith("AGE-SECRET-KEY-")
        ):
            raise TypeError(
                "an identity (secret key) was given as a recipient: pass identity.recipient."
            )
        if not isinstance(item, _RECIPIENTS):
            raise TypeError(
                "each recipient must be an 'age1...' or 'age1pq1...' string, an X25519Recipient, "
                f"a HybridRecipient or a Passphrase, got {type(item).__name__}."
            )
        result.append(item)
    if len(result) > 1 and any(isinstance(item, Passphrase) for item in result):
        raise ValueError(
            "a Passphrase must be the only recipient (age allows one scrypt stanza alone)."
        )
    check_stanzas_not_mixed((), result)
    return result


def coerce_identities(
    identities: Identity | Iterable[Identity],
) -> list[X25519Identity | HybridIdentity | Passphrase]:
    """The identities as objects; ``AGE-SECRET-KEY-...`` strings are parsed."""
    result = []
    for item in _as_list(identities, "identities", "identity"):
        if isinstance(item, str) and item.upper().startswith("AGE-SECRET-KEY-PQ-"):
            item = HybridIdentity.from_string(item)
        elif isinstance(item, str) and item.upper().startswith("AGE-"):
            item = X25519Identity.from_string(item)  # explains plugin identities too
        if not isinstance(item, _IDENTITIES):
            raise TypeError(
                "each identity must be an 'AGE-SECRET-KEY-1...' or 'AGE-SECRET-KEY-PQ-1...' "
                "string, an X25519Identity, a HybridIdentity or a Passphrase, got "
                f"{type(item).__name__}."
            )
        result.append(item)
    return result


def check_stanzas_not_mixed(stanzas: Iterable[Stanza], recipients: Iterable[object]) -> None:
    """Refuse a header of ``stanzas`` plus ``recipients`` that mixes hybrid and X25519."""
    types = {stanza.type for stanza in stanzas}
    recipients = list(recipients)
    check_not_mixed(
        HYBRID_STANZA in types or any(isinstance(item, HybridRecipient) for item in recipients),
        "X25519" in types or any(isinstance(item, X25519Recipient) for item in recipients),
    )


def unwrap_file_key(
    header: AgeHeader, identities: list[X25519Identity | HybridIdentity | Passphrase]
) -> bytes:
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
    if not hmac.compare_digest(header_mac(file_key, header.mac_input), header.mac):
        raise HeaderMacError("header MAC mismatch: the header was altered after encryption")
    return file_key
