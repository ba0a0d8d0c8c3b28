"""Encrypted storage (lesson 03, reused by lesson 05).

- Envelope encryption with a key-encryption key: :func:`envelope_encrypt`,
  :func:`envelope_decrypt`, :func:`rewrap_envelope`, :class:`KEK`, :class:`KeyRing`.
- The age v1 file format (X25519, post-quantum hybrid and passphrase recipients, header
  MAC, STREAM payload): :func:`encrypt`, :func:`decrypt`, :func:`encrypt_file`,
  :func:`decrypt_file`, :func:`encrypt_stream`, :func:`decrypt_stream`,
  :func:`rewrap_header`, :func:`read_header`; keys from :func:`generate_identity` (X25519)
  and :func:`generate_hybrid_identity` (ML-KEM-768 + X25519).
- Encrypted SQLite columns with a blind index: :class:`EncryptedTable`.

Every decryption failure raises :class:`DecryptionError` with a message naming the problem;
for age files, a subclass says which kind: :class:`HeaderError`, :class:`NoMatchError`,
:class:`HeaderMacError` or :class:`PayloadError`.
"""

from ._common import (
    DecryptionError,
    HeaderError,
    HeaderMacError,
    NoMatchError,
    PayloadError,
)
from .age import (
    AgeHeader,
    AgeParts,
    HybridIdentity,
    HybridRecipient,
    Passphrase,
    Stanza,
    X25519Identity,
    X25519Recipient,
    decrypt,
    decrypt_file,
    decrypt_stream,
    encrypt,
    encrypt_file,
    encrypt_stream,
    generate_hybrid_identity,
    generate_identity,
    read_header,
    rewrap_file,
    rewrap_header,
    split_age_file,
)
from .bech32 import bech32_decode, bech32_encode
from .columns import (
    PAD_BLOCK,
    EncryptedTable,
    blind_index,
    derive_column_key,
    deterministic_decrypt_for_demo,
    deterministic_encrypt_for_demo,
    normalize_value,
    pad_value,
    unpad_value,
)
from .envelope import (
    KEK,
    EnvelopeHeader,
    KeyRing,
    envelope_decrypt,
    envelope_decrypt_file,
    envelope_encrypt,
    envelope_encrypt_file,
    read_envelope_header,
    rewrap_envelope,
)
from .stream import (
    CHUNK_SIZE,
    chunk_nonce,
    naive_chunked_decrypt_for_demo,
    naive_chunked_encrypt_for_demo,
)

__all__ = [
    "CHUNK_SIZE",
    "KEK",
    "AgeHeader",
    "AgeParts",
    "DecryptionError",
    "EncryptedTable",
    "EnvelopeHeader",
    "HeaderError",
    "HeaderMacError",
    "HybridIdentity",
    "HybridRecipient",
    "KeyRing",
    "NoMatchError",
    "PAD_BLOCK",
    "Passphrase",
    "PayloadError",
    "Stanza",
    "X25519Identity",
    "X25519Recipient",
    "bech32_decode",
    "bech32_encode",
    "blind_index",
    "chunk_nonce",
    "decrypt",
    "decrypt_file",
    "decrypt_stream",
    "derive_column_key",
    "deterministic_decrypt_for_demo",
    "deterministic_encrypt_for_demo",
    "encrypt",
    "encrypt_file",
    "encrypt_stream",
    "envelope_decrypt",
    "envelope_decrypt_file",
    "envelope_encrypt",
    "envelope_encrypt_file",
    "generate_hybrid_identity",
    "generate_identity",
    "naive_chunked_decrypt_for_demo",
    "naive_chunked_encrypt_for_demo",
    "normalize_value",
    "pad_value",
    "read_envelope_header",
    "read_header",
    "rewrap_envelope",
    "rewrap_file",
    "rewrap_header",
    "split_age_file",
    "unpad_value",
]
