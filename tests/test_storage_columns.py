"""Tests for encrypted SQLite columns with a blind index in utils.storage."""

from __future__ import annotations

import os
import sqlite3

import pytest

from utils.storage import (
    PAD_BLOCK,
    DecryptionError,
    EncryptedTable,
    blind_index,
    derive_column_key,
    deterministic_decrypt_for_demo,
    deterministic_encrypt_for_demo,
    normalize_value,
    pad_value,
    unpad_value,
)

MASTER_KEY = os.urandom(32)
ROWS = [
    {"name": "Ada", "diagnosis": "flu", "age": 36},
    {"name": "Bo", "diagnosis": "asthma", "age": 51},
    {"name": "Cy", "diagnosis": "flu", "age": 36},
]


@pytest.fixture
def table() -> EncryptedTable:
    conn = sqlite3.connect(":memory:")
    patients = EncryptedTable(
        conn, "patients", MASTER_KEY, ["name", "diagnosis", "age"], indexed=["diagnosis"]
    )
    for row in ROWS:
        patients.insert(row)
    return patients


def test_blind_index_finds_equal_values(table: EncryptedTable) -> None:
    found = table.find("diagnosis", "flu")
    assert [row["name"] for row in found] == ["Ada", "Cy"]
    assert found[0] == {"id": 1, **ROWS[0]}
    assert table.find("diagnosis", "measles") == []
    assert len(table) == 3 and table.get(2)["name"] == "Bo"


@pytest.mark.parametrize(
    "written",
    ["flu", "Flu", "FLU ", "  flu", "\tflu\r\n", "\u00a0flu"],  # NBSP is whitespace
)
def test_lookups_normalize_case_and_outer_whitespace(table: EncryptedTable, written: str) -> None:
    found = table.find("diagnosis", written)
    assert [row["name"] for row in found] == ["Ada", "Cy"]
    assert {row["diagnosis"] for row in found} == {"flu"}  # stored as inserted


def test_lookups_normalize_unicode_but_keep_inner_whitespace() -> None:
    table = EncryptedTable(sqlite3.connect(":memory:"), "t", MASTER_KEY, ["city"], ["city"])
    table.insert({"city": "Jose\u0301"})  # "José" typed as "e" + combining acute accent
    table.insert({"city": "San  José"})
    assert [row["id"] for row in table.find("city", "JOS\u00c9")] == [1]  # "É": one code point
    assert table.find("city", "San José") == []  # inner whitespace is part of the value
    assert table.find("city", "Jose") == []  # an accent is not dropped


def test_normalize_value_is_nfc_strip_lower() -> None:
    assert normalize_value(" Malignant\n") == "malignant"
    assert normalize_value("Stra\u00dfe") == "stra\u00dfe"  # lower(), not casefold()
    assert normalize_value("Jose\u0301") == "jos\u00e9"
    assert normalize_value(7) == 7 and normalize_value(b" A ") == b" A "
    with pytest.raises(TypeError, match="column values must be"):
        normalize_value([1])


def test_values_are_randomized_but_indexes_equal(table: EncryptedTable) -> None:
    raw = table.raw_rows()
    assert raw[0]["diagnosis"] != raw[2]["diagnosis"]
    assert raw[0]["age"] != raw[2]["age"]
    assert raw[0]["diagnosis_bidx"] == raw[2]["diagnosis_bidx"] != raw[1]["diagnosis_bidx"]
    stored = b"".join(value for row in raw for value in row.values() if isinstance(value, bytes))
    assert b"flu" not in stored and b"Ada" not in stored


def test_a_value_moved_to_another_row_is_refused(table: EncryptedTable) -> None:
    first = table.raw_rows()[0]["name"]
    table.conn.execute("UPDATE patients SET name = ? WHERE id = 2", [first])
    with pytest.raises(DecryptionError, match="patients.name of row 2"):
        table.get(2)


def test_reopening_with_the_master_key_reads_the_rows(table: EncryptedTable) -> None:
    again = EncryptedTable(
        table.conn, "patients", MASTER_KEY, ["name", "diagnosis", "age"], indexed=["diagnosis"]
    )
    assert again.rows() == table.rows()
    wrong = EncryptedTable(
        table.conn, "patients", os.urandom(32), ["name", "diagnosis", "age"], indexed=["diagnosis"]
    )
    assert wrong.find("diagnosis", "flu") == []
    with pytest.raises(DecryptionError):
        wrong.rows()


def test_column_keys_depend_on_table_column_and_purpose() -> None:
    keys = {
        derive_column_key(MASTER_KEY, table, column, purpose)
        for table in ("patients", "visits")
        for column in ("name", "diagnosis")
        for purpose in ("value", "blind-index")
    }
    assert len(keys) == 8
    assert derive_column_key(MASTER_KEY, "t", "c", "value") == derive_column_key(
        MASTER_KEY, "t", "c", "value"
    )


def test_value_types_round_trip() -> None:
    conn = sqlite3.connect(":memory:")
    table = EncryptedTable(conn, "mixed", MASTER_KEY, ["value"], indexed=["value"])
    for value in ["text", 7, 2.5, b"\x00bytes"]:
        row_id = table.insert({"value": value})
        assert table.get(row_id)["value"] == value
    assert [row["value"] for row in table.find("value", 7)] == [7]
    assert table.find("value", 7.0) == []


def test_deterministic_demo_leaks_equality() -> None:
    key = os.urandom(64)
    assert deterministic_encrypt_for_demo(key, "flu") == deterministic_encrypt_for_demo(key, "flu")
    assert deterministic_encrypt_for_demo(key, "flu") != deterministic_encrypt_for_demo(
        key, "asthma"
    )
    assert deterministic_decrypt_for_demo(key, deterministic_encrypt_for_demo(key, 42)) == 42
    index_key = os.urandom(32)
    assert blind_index(index_key, "flu") == blind_index(index_key, "flu")


def test_arguments_are_checked(table: EncryptedTable) -> None:
    with pytest.raises(ValueError, match="no blind index"):
        table.find("name", "Ada")
    with pytest.raises(ValueError, match="exactly the columns"):
        table.insert({"name": "Dee"})
    with pytest.raises(TypeError, match="str, int, float or bytes"):
        table.insert({"name": "Dee", "diagnosis": "flu", "age": True})
    with pytest.raises(ValueError, match="SQL identifier"):
        EncryptedTable(table.conn, "bad name; DROP", MASTER_KEY, ["a"])
    with pytest.raises(ValueError, match="32 bytes"):
        EncryptedTable(table.conn, "other", b"short", ["a"])
    with pytest.raises(TypeError, match=r"indexed must be a list of column names such as \['a'\]"):
        EncryptedTable(table.conn, "other", MASTER_KEY, ["a"], indexed="a")
    with pytest.raises(KeyError, match="no row with id 99"):
        table.get(99)


def test_values_in_one_padding_bucket_give_equal_ciphertext_lengths() -> None:
    conn = sqlite3.connect(":memory:")
    table = EncryptedTable(conn, "labels", MASTER_KEY, ["diagnosis"])
    values = ["benign", "malignant", "", "x" * (PAD_BLOCK - 3), b"\x00\x80\x00"]
    for value in values:
        table.insert({"diagnosis": value})
    lengths = {len(row["diagnosis"]) for row in table.raw_rows()}
    assert lengths == {12 + PAD_BLOCK + 16}
    assert [row["diagnosis"] for row in table.rows()] == values
    table.insert({"diagnosis": "x" * (PAD_BLOCK - 1)})
    assert len(table.raw_rows()[-1]["diagnosis"]) == 12 + 2 * PAD_BLOCK + 16


def test_padding_round_trips_and_rejects_bad_input() -> None:
    for encoded in [b"", b"s", b"b\x00\x00", b"b\x80", b"y" * 31, b"y" * 32]:
        padded = pad_value(encoded, 16)
        assert len(padded) % 16 == 0 and len(padded) > len(encoded)
        assert unpad_value(padded) == encoded
    with pytest.raises(ValueError, match="0x80 marker"):
        unpad_value(b"abc\x00\x00")
    with pytest.raises(ValueError, match="positive number of bytes"):
        pad_value(b"abc", 0)
    with pytest.raises(ValueError, match="positive number of bytes"):
        EncryptedTable(sqlite3.connect(":memory:"), "t", MASTER_KEY, ["a"], pad_block=-1)
