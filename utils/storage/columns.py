"""Encrypted columns in SQLite: randomized encryption, an HMAC blind index, per-column keys.

Each column gets its own keys, derived from one master key with HKDF (the info string
names table, column and purpose). Values are encrypted with AES-256-GCM under a random
nonce, with associated data binding them to table, column and row id, so equal values give
different ciphertexts and a value cannot be moved to another row. A ciphertext is as long
as its plaintext plus a constant, so values are padded (one 0x80 byte, then zeros) to a
multiple of ``pad_block`` bytes before encryption: values in the same bucket give
ciphertexts of equal length. An indexed column also
stores HMAC-SHA256 of the value's normalized form (:func:`normalize_value`: for strings,
Unicode NFC, then ``strip()``, then ``lower()``), so ``"Malignant "`` finds ``"malignant"``.
Equal values give equal indexes, which allows equality lookups and leaks which rows are
equal (as deterministic encryption does). Stored values keep their original form.
"""

from __future__ import annotations

import os
import re
import sqlite3
import struct
import unicodedata
from collections.abc import Mapping, Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV

from ._common import DecryptionError, hkdf_sha256, require_bytes, require_key

Value = str | int | float | bytes
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDEX_SUFFIX = "_bidx"
_NONCE_SIZE = 12
PAD_BLOCK = 32
_PAD_MARKER = b"\x80"


def _require_name(name: object, what: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"{what} must be a SQL identifier (letters, digits, _), got {name!r}.")
    return name


def encode_value(value: Value) -> bytes:
    """Encode a str, int, float or bytes value with a one-byte type tag (b"s", b"i", b"f", b"b")."""
    if isinstance(value, str):
        return b"s" + value.encode("utf-8")
    if isinstance(value, bool) or not isinstance(value, int | float | bytes):
        raise TypeError(
            f"column values must be str, int, float or bytes, got {type(value).__name__}."
        )
    if isinstance(value, int):
        return b"i" + str(value).encode("ascii")
    if isinstance(value, float):
        return b"f" + struct.pack(">d", value)
    return b"b" + value


def decode_value(encoded: bytes) -> Value:
    """Invert :func:`encode_value`."""
    tag, body = encoded[:1], encoded[1:]
    if tag == b"s":
        return body.decode("utf-8")
    if tag == b"i":
        return int(body)
    if tag == b"f":
        return struct.unpack(">d", body)[0]
    if tag == b"b":
        return body
    raise ValueError(f"unknown value type tag {tag!r}.")


def _require_block(block: object) -> int:
    if isinstance(block, bool) or not isinstance(block, int) or block < 1:
        raise ValueError(f"pad_block must be a positive number of bytes, got {block!r}.")
    return block


def pad_value(encoded: bytes, block: int = PAD_BLOCK) -> bytes:
    """Append 0x80 and zeros so the length is a multiple of ``block`` (ISO/IEC 7816-4 padding)."""
    encoded, block = require_bytes(encoded, "encoded"), _require_block(block)
    padded = encoded + _PAD_MARKER
    return padded + bytes(-len(padded) % block)


def unpad_value(padded: bytes) -> bytes:
    """Invert :func:`pad_value`: drop the trailing zeros and the 0x80 marker before them."""
    body = require_bytes(padded, "padded").rstrip(b"\x00")
    if not body.endswith(_PAD_MARKER):
        raise ValueError("the padded value does not end with a 0x80 marker and zeros.")
    return body[:-1]


def derive_column_key(master_key: bytes, table: str, column: str, purpose: str) -> bytes:
    """Return a 32-byte key for ``purpose`` ("value", "blind-index", ...) of ``table.column``."""
    master_key = require_key(master_key, "master_key")
    table, column = _require_name(table, "table"), _require_name(column, "column")
    if not isinstance(purpose, str) or not purpose:
        raise ValueError("purpose must be a non-empty string such as 'value' or 'blind-index'.")
    info = f"utils.storage.columns/v1|{table}|{column}|{purpose}".encode()
    return hkdf_sha256(master_key, salt=None, info=info)


def normalize_value(value: Value) -> Value:
    """Return the form of ``value`` that its blind index is computed from.

    A str becomes ``unicodedata.normalize("NFC", value).strip().lower()``: one Unicode
    form for letters that can be typed two ways ("é" as one code point or as "e" plus an
    accent), no whitespace at either end (spaces, tabs, newlines), lower case. Inner
    whitespace is kept. ``lower()``, not ``casefold()``, so "Straße" stays "straße".
    Numbers and bytes are returned unchanged.
    """
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip().lower()
    encode_value(value)  # raises TypeError for an unsupported type
    return value


def blind_index(index_key: bytes, value: Value) -> bytes:
    """Return HMAC-SHA256(index_key, normalized value): values equal after
    :func:`normalize_value` give equal indexes."""
    mac = hmac.HMAC(require_key(index_key, "index_key"), hashes.SHA256())
    mac.update(encode_value(normalize_value(value)))
    return mac.finalize()


def deterministic_encrypt_for_demo(key: bytes, value: Value) -> bytes:
    """LEAKY demo: AES-SIV without a nonce, so equal values give equal ciphertexts.

    It shows what an attacker learns from a low-cardinality column (value frequencies).
    Use :class:`EncryptedTable` (randomized values plus a keyed blind index) instead.
    """
    return AESSIV(require_key(key, "key", 64)).encrypt(encode_value(value), None)


def deterministic_decrypt_for_demo(key: bytes, ciphertext: bytes) -> Value:
    """Decrypt a value from :func:`deterministic_encrypt_for_demo`."""
    try:
        plain = AESSIV(require_key(key, "key", 64)).decrypt(
            require_bytes(ciphertext, "ciphertext"), None
        )
    except InvalidTag:
        raise DecryptionError("the deterministic ciphertext failed authentication") from None
    return decode_value(plain)


class EncryptedTable:
    """A SQLite table whose columns are encrypted; ``indexed`` columns get a blind index.

    The table has an ``id INTEGER PRIMARY KEY``, one BLOB column per encrypted column
    (nonce + AES-GCM ciphertext of the value padded to a multiple of ``pad_block`` bytes)
    and a ``<column>_bidx`` BLOB column per indexed column.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        name: str,
        master_key: bytes,
        columns: Sequence[str],
        indexed: Sequence[str] = (),
        pad_block: int = PAD_BLOCK,
    ) -> None:
        if not isinstance(conn, sqlite3.Connection):
            raise TypeError(f"conn must be a sqlite3.Connection, got {type(conn).__name__}.")
        self.conn, self.name = conn, _require_name(name, "name")
        if isinstance(columns, str) or not columns:
            raise ValueError("columns must be a non-empty list of column names.")
        self.columns = [_require_name(column, "column") for column in columns]
        if isinstance(indexed, str):
            raise TypeError(
                f"indexed must be a list of column names such as [{indexed!r}], got a str."
            )
        self.indexed = [_require_name(column, "indexed column") for column in indexed]
        if len(set(self.columns)) != len(self.columns) or "id" in self.columns:
            raise ValueError("column names must be unique and must not be 'id'.")
        if not set(self.indexed) <= set(self.columns):
            raise ValueError(f"indexed columns must be among columns {self.columns}.")
        if any(column + _INDEX_SUFFIX in self.columns for column in self.indexed):
            raise ValueError(f"a column name clashes with a blind index column (*{_INDEX_SUFFIX}).")
        self.pad_block = _require_block(pad_block)
        self._value_aeads = {
            column: AESGCM(derive_column_key(master_key, name, column, "value"))
            for column in self.columns
        }
        self._index_keys = {
            column: derive_column_key(master_key, name, column, "blind-index")
            for column in self.indexed
        }
        stored = self.columns + [column + _INDEX_SUFFIX for column in self.indexed]
        with conn:
            conn.execute(
                f'CREATE TABLE IF NOT EXISTS "{name}" '
                f"(id INTEGER PRIMARY KEY, {', '.join(f'{column} BLOB' for column in stored)})"
            )
            for column in self.indexed:
                conn.execute(
                    f'CREATE INDEX IF NOT EXISTS "{name}_{column}{_INDEX_SUFFIX}" '
                    f'ON "{name}" ({column}{_INDEX_SUFFIX})'
                )

    def _aad(self, column: str, row_id: int) -> bytes:
        return f"{self.name}|{column}|{row_id}".encode()

    def index_of(self, column: str, value: Value) -> bytes:
        """Return the blind index stored for ``value`` (normalized) in the indexed ``column``."""
        if column not in self._index_keys:
            raise ValueError(
                f"column {column!r} has no blind index; indexed columns: {self.indexed}."
            )
        return blind_index(self._index_keys[column], value)

    def insert(self, row: Mapping[str, Value]) -> int:
        """Encrypt and insert ``row`` (a dict with every column); return its row id."""
        if not isinstance(row, Mapping) or set(row) != set(self.columns):
            raise ValueError(f"row must be a dict with exactly the columns {self.columns}.")
        with self.conn:
            (row_id,) = self.conn.execute(
                f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{self.name}"'
            ).fetchone()
            values = {}
            for column in self.columns:
                nonce = os.urandom(_NONCE_SIZE)
                sealed = self._value_aeads[column].encrypt(
                    nonce,
                    pad_value(encode_value(row[column]), self.pad_block),
                    self._aad(column, row_id),
                )
                values[column] = nonce + sealed
            for column in self.indexed:
                values[column + _INDEX_SUFFIX] = self.index_of(column, row[column])
            names = ", ".join(["id", *values])
            marks = ", ".join("?" * (len(values) + 1))
            self.conn.execute(
                f'INSERT INTO "{self.name}" ({names}) VALUES ({marks})', [row_id, *values.values()]
            )
        return row_id

    def _decrypt_row(self, stored: sqlite3.Row | tuple) -> dict[str, Value]:
        row_id, *sealed_values = stored
        row: dict[str, Value] = {"id": row_id}
        for column, sealed in zip(self.columns, sealed_values, strict=True):
            try:
                plain = self._value_aeads[column].decrypt(
                    sealed[:_NONCE_SIZE], sealed[_NONCE_SIZE:], self._aad(column, row_id)
                )
            except InvalidTag:
                raise DecryptionError(
                    f"{self.name}.{column} of row {row_id} failed authentication: it was "
                    "altered or moved from another row or column"
                ) from None
            row[column] = decode_value(unpad_value(plain))
        return row

    def _select(self, where: str = "", parameters: Sequence[object] = ()) -> list[dict[str, Value]]:
        query = f'SELECT id, {", ".join(self.columns)} FROM "{self.name}" {where} ORDER BY id'
        return [self._decrypt_row(stored) for stored in self.conn.execute(query, parameters)]

    def find(self, column: str, value: Value) -> list[dict[str, Value]]:
        """Return the decrypted rows whose ``column`` equals ``value`` once both are normalized
        (:func:`normalize_value`), found by blind index; rows hold their values as inserted."""
        index = self.index_of(column, value)
        return self._select(f"WHERE {column}{_INDEX_SUFFIX} = ?", [index])

    def get(self, row_id: int) -> dict[str, Value]:
        """Return the decrypted row with id ``row_id``; raise KeyError if there is none."""
        rows = self._select("WHERE id = ?", [row_id])
        if not rows:
            raise KeyError(f"no row with id {row_id} in table {self.name!r}.")
        return rows[0]

    def rows(self) -> list[dict[str, Value]]:
        """Return every row, decrypted."""
        return self._select()

    def raw_rows(self) -> list[dict[str, object]]:
        """Return every row as stored: what someone who copies the database file sees."""
        cursor = self.conn.execute(f'SELECT * FROM "{self.name}" ORDER BY id')
        names = [description[0] for description in cursor.description]
        return [dict(zip(names, stored, strict=True)) for stored in cursor]

    def __len__(self) -> int:
        return self.conn.execute(f'SELECT COUNT(*) FROM "{self.name}"').fetchone()[0]

    def __repr__(self) -> str:
        return f"EncryptedTable({self.name!r}, columns={self.columns}, indexed={self.indexed}, rows={len(self)})"
