"""age's post-quantum hybrid recipients (``age1pq1...``) and identities (``AGE-SECRET-KEY-PQ-1...``).

The C2SP age specification's MLKEM768-X25519 recipient type: the file key is sealed with
HPKE (RFC 9180, base mode) under the hybrid KEM MLKEM768-X25519 (X-Wing, HPKE KEM id
0x647A), HKDF-SHA256 and ChaCha20-Poly1305, with ``info = "age-encryption.org/mlkem768x25519"``
and an empty ``aad``. The stanza is ``-> mlkem768x25519 <enc, 1120 bytes, base64>`` with
the 32-byte HPKE ciphertext as its body.

An identity is a 32-byte seed. SHAKE256 stretches it to 96 bytes: the first 64 are the
ML-KEM-768 seed (d || z), the last 32 the X25519 private key. The recipient is the
ML-KEM-768 encapsulation key (1184 bytes) followed by the X25519 public key (32 bytes),
the layout of lesson 02's hybrid keys (``utils.public_key.hybrid_public_key``, whose
parsing is reused here). HPKE, ML-KEM, X25519 and SHAKE256 all come from ``cryptography``.

A file encrypted to a hybrid recipient and to a classic X25519 recipient is no safer than
the classic one, so the specification says not to mix them; :func:`check_not_mixed` refuses
it on encryption (decryption accepts such files, as every age implementation does).
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from utils.public_key import HYBRID_PUBLIC_BYTES, hybrid_key_pair, hybrid_public_key

from ._common import HeaderError, require_key
from .age_format import FILE_KEY_SIZE, Stanza, b64decode, b64encode
from .bech32 import bech32_decode, bech32_encode

HYBRID_STANZA = "mlkem768x25519"
HYBRID_LABEL = b"age-encryption.org/mlkem768x25519"
RECIPIENT_HRP = "age1pq"
IDENTITY_HRP = "age-secret-key-pq-"
SEED_SIZE = 32
PUBLIC_KEY_SIZE = HYBRID_PUBLIC_BYTES  # ML-KEM-768's 1184 bytes, then X25519's 32
ENC_SIZE = hpke.KEM.MLKEM768_X25519.enc_length()  # ML-KEM ciphertext 1088 + X25519 share 32
_SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


class HybridRecipient:
    """An age post-quantum hybrid recipient (ML-KEM-768 + X25519 public keys), ``age1pq1...``."""

    def __init__(self, public_bytes: bytes) -> None:
        public_bytes = require_key(public_bytes, "public_bytes", PUBLIC_KEY_SIZE)
        self.public_key = hybrid_public_key(public_bytes)
        self.public_bytes = public_bytes

    @classmethod
    def from_string(cls, text: str) -> HybridRecipient:
        """Parse an ``age1pq1...`` recipient string."""
        try:
            hrp, key = bech32_decode(text)
        except ValueError as error:
            raise ValueError(f"not a valid age recipient string: {error}") from None
        if hrp == "age":
            raise ValueError(
                "this is a classic X25519 recipient ('age1...'): use X25519Recipient.from_string."
            )
        if hrp != RECIPIENT_HRP or len(key) != PUBLIC_KEY_SIZE:
            raise ValueError(
                "an age post-quantum recipient is 'age1pq1' followed by a 1216-byte key "
                f"(ML-KEM-768 + X25519) in bech32; got prefix {hrp!r} and {len(key)} bytes."
            )
        try:
            return cls(key)
        except ValueError as error:
            raise ValueError(f"not a valid age post-quantum recipient: {error}") from None

    def wrap(self, file_key: bytes) -> Stanza:
        """Return an ``mlkem768x25519`` stanza sealing ``file_key`` to this recipient."""
        try:
            sealed = _SUITE.encrypt(file_key, self.public_key, info=HYBRID_LABEL)
        except ValueError:
            raise ValueError(
                "cannot encrypt to this recipient: its X25519 part is a low-order point"
            ) from None
        enc, body = sealed[:ENC_SIZE], sealed[ENC_SIZE:]
        return Stanza(HYBRID_STANZA, (b64encode(enc).decode("ascii"),), body)

    def __str__(self) -> str:
        return bech32_encode(RECIPIENT_HRP, self.public_bytes)

    def __repr__(self) -> str:
        text = str(self)
        return f"HybridRecipient('{text[:16]}...{text[-8:]}', {len(text)} characters)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HybridRecipient) and other.public_bytes == self.public_bytes

    def __hash__(self) -> int:
        return hash(self.public_bytes)


class HybridIdentity:
    """An age post-quantum hybrid identity: a 32-byte seed, ``AGE-SECRET-KEY-PQ-1...``.

    ``str()`` and ``repr()`` show only the start of the public recipient, never the seed.
    """

    def __init__(self, seed: bytes) -> None:
        self._seed = require_key(seed, "seed", SEED_SIZE)
        digest = hashes.Hash(hashes.SHAKE256(96))
        digest.update(self._seed)
        expanded = digest.finalize()
        mlkem = MLKEM768PrivateKey.from_seed_bytes(expanded[:64])
        self._x25519 = X25519PrivateKey.from_private_bytes(expanded[64:])
        self._private_key, public_bytes = hybrid_key_pair(mlkem, self._x25519)
        self.recipient = HybridRecipient(public_bytes)

    @classmethod
    def generate(cls) -> HybridIdentity:
        """Return a fresh random identity (32 bytes from the operating system)."""
        return cls(os.urandom(SEED_SIZE))

    @classmethod
    def from_string(cls, text: str) -> HybridIdentity:
        """Parse an ``AGE-SECRET-KEY-PQ-1...`` identity string."""
        try:
            hrp, seed = bech32_decode(text)
        except ValueError as error:
            raise ValueError(f"not a valid age identity string: {error}") from None
        if hrp == "age-secret-key-":
            raise ValueError(
                "this is a classic X25519 identity ('AGE-SECRET-KEY-1...'): use "
                "X25519Identity.from_string."
            )
        if hrp != IDENTITY_HRP or len(seed) != SEED_SIZE or not text.isupper():
            raise ValueError(
                "an age post-quantum identity is 'AGE-SECRET-KEY-PQ-1' followed by a 32-byte "
                "seed in upper-case bech32."
            )
        return cls(seed)

    def to_string(self) -> str:
        """Return the secret identity string ``AGE-SECRET-KEY-PQ-1...`` (keep it secret)."""
        return bech32_encode(IDENTITY_HRP, self._seed).upper()

    def unwrap(self, stanza: Stanza) -> bytes | None:
        """Return the file key if ``stanza`` is an mlkem768x25519 stanza for this identity.

        Returns None for another type of stanza or one sealed to another recipient; raises
        HeaderError for a malformed one.
        """
        if stanza.type != HYBRID_STANZA:
            return None
        if len(stanza.args) != 1:
            raise HeaderError(
                f"malformed mlkem768x25519 stanza: expected one argument (enc), got "
                f"{len(stanza.args)}"
            )
        enc = b64decode(stanza.args[0].encode("ascii"), "an mlkem768x25519 enc")
        if len(enc) != ENC_SIZE:
            raise HeaderError(
                f"malformed mlkem768x25519 stanza: enc is {len(enc)} bytes, not {ENC_SIZE}"
            )
        if len(stanza.body) != FILE_KEY_SIZE + 16:
            raise HeaderError(
                f"malformed mlkem768x25519 stanza: the body is {len(stanza.body)} bytes, not 32"
            )
        try:  # HPKE reports every failure as InvalidTag: find the malformed share first
            self._x25519.exchange(X25519PublicKey.from_public_bytes(enc[-32:]))
        except ValueError:
            raise HeaderError(
                "malformed mlkem768x25519 stanza: the X25519 part of enc is a low-order point"
            ) from None
        try:
            return _SUITE.decrypt(enc + stanza.body, self._private_key, info=HYBRID_LABEL)
        except InvalidTag:
            return None

    def __str__(self) -> str:
        return f"HybridIdentity(recipient='{str(self.recipient)[:16]}...')"

    __repr__ = __str__


def generate_hybrid_identity() -> HybridIdentity:
    """Return a fresh post-quantum hybrid identity; its public side is ``identity.recipient``."""
    return HybridIdentity.generate()


def check_not_mixed(hybrid: bool, classic: bool) -> None:
    """Refuse a file that would go to post-quantum and classic X25519 recipients at once."""
    if hybrid and classic:
        raise ValueError(
            "post-quantum (age1pq1...) and classic X25519 (age1...) recipients must not be "
            "mixed: the classic stanza would open the file for a future quantum computer. "
            "Give every reader a post-quantum identity, or encrypt two files."
        )
