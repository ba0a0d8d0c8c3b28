"""Checkers of lesson 03 (encrypted storage)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import io
import os
import string
import struct
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from utils import storage
from utils.course.checks import aead
from utils.course.checks.core import Hint, call_unmutated, checker, finite
from utils.course.checks.file_writes import files_written
from utils.course.checks.randomness import (
    fixed_bits,
    fixed_positions,
    predictable_source,
    reseeded_generator,
)
from utils.storage import age_format
from utils.storage import stream as storage_stream

_CSV_HEADER = b"radius,texture,area,label"


def _listing(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def _holds_plaintext(path: Path) -> bool:
    """Whether ``path`` is a file holding the checker's CSV header (other files may appear)."""
    try:
        return path.is_file() and _CSV_HEADER in path.read_bytes()
    except OSError:
        return False


@checker("3.1", "load_encrypted_csv")
def _check_load(load_encrypted_csv):
    rng = np.random.default_rng(2)
    features = np.round(rng.normal(10, 3, size=(7, 3)), 4)
    labels = np.array([0, 1, 2, 1, 0, 2, 1])
    text = io.StringIO()
    table = np.column_stack([features, labels])
    np.savetxt(text, table, delimiter=",", fmt="%.10g", header=_CSV_HEADER.decode(), comments="")
    identity = storage.generate_identity()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "data.csv.age"
        path.write_bytes(storage.encrypt(text.getvalue().encode(), identity.recipient))
        cwd_before = _listing(Path.cwd())
        with files_written() as written:
            try:
                result = load_encrypted_csv(path, identity)
            except ValueError as error:
                if not any(f"'{name}'" in str(error) for name in _CSV_HEADER.decode().split(",")):
                    raise
                raise Hint(
                    f"the header line was parsed as numbers ({error}): skip the CSV's first line"
                ) from None
        new_in_cwd = [Path.cwd() / name for name in _listing(Path.cwd()) - cwd_before]
        if _listing(folder) != {"data.csv.age"} or any(map(_holds_plaintext, new_in_cwd)):
            raise Hint(
                "a plaintext file appeared on disk: decrypt with storage.decrypt into bytes "
                "and parse from io.BytesIO, never via a file"
            )
        if written:
            raise Hint(
                "your function created or wrote a file on disk (a temporary file?), even if "
                "it deleted it afterwards: a temporary file can survive a crash or be read by "
                "another process. Keep the plaintext in memory: parse the bytes from io.BytesIO"
            )
    if not isinstance(result, tuple) or len(result) != 2:
        raise Hint("return a tuple (X, y) of two numpy arrays")
    x, y = (np.asarray(part) for part in result)
    if x.shape == (7,) and y.shape == (7, 3):
        raise Hint("X and y are swapped: return the features first, then the labels")
    not_arrays = [type(part).__name__ for part in result if not isinstance(part, np.ndarray)]
    if not_arrays:
        raise Hint(f"return numpy arrays, got {' and '.join(not_arrays)}")
    if x.shape == (7, 4):
        raise Hint("X has one column too many: the last column is the label and belongs in y")
    if x.shape == (8, 3) and np.issubdtype(x.dtype, np.floating) and np.isnan(x[0]).all():
        raise Hint("the header line was read as a row of NaN: skip the CSV's first line")
    if x.shape == (6, 3) and np.allclose(x, features[1:]):
        raise Hint("the first data row is missing: skip only the header line, one line")
    if x.shape == (6, 3) and np.allclose(x, features[:-1]):
        raise Hint("the last data row is missing: keep every row after the header")
    if x.shape != (7, 3):
        raise Hint(
            f"X has shape {x.shape}, expected (7, 3) for 7 rows and 3 features: "
            "skip the header line and split off the last column"
        )
    if np.issubdtype(x.dtype, np.integer):
        raise Hint(
            f"X has dtype {x.dtype}: the features were cut to integers; only y is converted "
            "to int, X keeps the float values"
        )
    if not np.issubdtype(x.dtype, np.floating):
        raise Hint(f"X has dtype {x.dtype}: parse the features as numbers (floats), not text")
    if np.allclose(x[:, -1], labels):
        raise Hint(
            "X ends with the label column: the label is the CSV's last column, not its first"
        )
    finite(x, "X")
    if not np.allclose(x, features):
        raise Hint("X's values differ from the CSV's: parse the decrypted rows as numbers")
    if y.ndim != 1:
        raise Hint(
            f"y has shape {y.shape}, expected (7,): y is a 1-D array of labels, so pick the "
            "last column with a single index, not a slice"
        )
    if y.dtype == bool:
        raise Hint(
            "y has dtype bool, which keeps only 0 and 1: the labels are classes 0, 1, 2, ...; "
            "convert them with .astype(int)"
        )
    if y.shape != (7,) or not np.array_equal(y, labels):
        raise Hint("y differs from the last column of the CSV")
    if not np.issubdtype(y.dtype, np.integer):
        raise Hint(f"y has dtype {y.dtype}: class labels must be integers (use .astype(int))")
    _check_one_row(load_encrypted_csv, identity)


def _check_one_row(load_encrypted_csv, identity) -> None:
    one_row = _CSV_HEADER + b"\n1.5,2.5,3.5,1\n"
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "one_row.csv.age"
        path.write_bytes(storage.encrypt(one_row, identity.recipient))
        try:
            x, y = (np.asarray(part) for part in load_encrypted_csv(path, identity))
        except IndexError as error:
            raise Hint(
                f"a CSV with a single row made your code raise IndexError ({error}): "
                "np.loadtxt returns a 1-D array for one row unless you pass ndmin=2"
            ) from None
    if x.shape != (1, 3) or y.shape != (1,):
        raise Hint(
            f"a CSV with a single row gave X of shape {x.shape} and y of shape {y.shape}, "
            "expected (1, 3) and (1,): np.loadtxt returns a 1-D array for one row unless "
            "you pass ndmin=2"
        )
    if not np.allclose(x, [[1.5, 2.5, 3.5]]) or y.tolist() != [1]:
        raise Hint("a CSV with a single row was not parsed correctly")


@checker("3.2", "wrap_data_key")
def _check_wrap(wrap_data_key):
    kek, dek = os.urandom(32), os.urandom(32)
    wrapped = wrap_data_key(kek, dek, "kek-2025")
    if not isinstance(wrapped, bytes) or len(wrapped) != 60:
        size = len(wrapped) if isinstance(wrapped, bytes) else type(wrapped).__name__
        raise Hint(f"return 60 bytes (12-byte nonce + 32-byte key + 16-byte tag), got {size}")
    if dek in wrapped:
        raise Hint("the data key appears in clear in the output: encrypt it under the KEK")
    nonce = wrapped[:12]
    if aead.opens(kek, wrapped, b"kek-2025") is None:
        raise Hint(
            aead.why_unopenable(kek, wrapped, b"kek-2025", dek, ("KEK", "KEK id"))
            or "the output does not unwrap: is it the 12-byte nonce, then AES-GCM's output "
            "for the DEK under the KEK, with the KEK id's UTF-8 bytes as associated data?"
        )
    if aead.opens(kek, wrapped, b"kek-2025") != dek:
        raise Hint("the unwrapped key differs from the DEK you were given")
    source = predictable_source(wrap_data_key, kek, dek, "kek-2025")
    if source:
        raise Hint(f"your nonce is made from {source}, which is predictable: use os.urandom")
    second_nonce = wrap_data_key(kek, dek, "kek-2025")[:12]
    if second_nonce == nonce:
        raise Hint("two wraps used the same nonce: is the nonce fresh for every call?")
    if second_nonce[:6] == nonce[:6] or second_nonce[-6:] == nonce[-6:]:
        raise Hint(
            "two wraps' nonces differ only in a few bytes (a counter or a clock?): a counter "
            "restarts with the program and a clock can repeat, and either then reuses a nonce "
            "under the same KEK; take a fresh random nonce from os.urandom"
        )
    nonces = [nonce, second_nonce] + [wrap_data_key(kek, dek, "kek-2025")[:12] for _ in range(6)]
    fixed = fixed_positions(nonces)
    if fixed:
        raise Hint(
            f"{len(fixed)} bytes of the nonce are the same in every nonce (a counter, a clock, "
            "padding?): take all 12 bytes fresh from os.urandom"
        )
    bits = fixed_bits(nonces + [wrap_data_key(kek, dek, "kek-2025")[:12] for _ in range(32)])
    if bits:
        raise Hint(
            f"{bits} bits of the nonce are the same in every nonce (a UUID's version bits?): "
            "take all 12 bytes fresh from os.urandom"
        )
    if reseeded_generator(wrap_data_key, kek, dek, "kek-2025"):
        raise Hint(
            "the nonce comes from a seeded, predictable generator (the random module or "
            "numpy.random): take nonces from os.urandom or secrets, never from random"
        )
    _check_utf8_kek_id(wrap_data_key, kek, dek)


def _check_utf8_kek_id(wrap_data_key, kek: bytes, dek: bytes) -> None:
    kek_id = "clé-2025"  # KEK ids may be any printable text
    try:
        wrapped = wrap_data_key(kek, dek, kek_id)
    except UnicodeEncodeError:
        raise Hint(
            f"the KEK id {kek_id!r} could not be encoded: encode KEK ids as UTF-8, not ASCII"
        ) from None
    if aead.opens(kek, wrapped, kek_id.encode("utf-8")) is None:
        raise Hint(
            f"a key wrapped under KEK id {kek_id!r} does not unwrap with the id's UTF-8 bytes "
            "as associated data: encode the id as UTF-8"
        )


@checker("3.3", "rotate_objects")
def _check_rotate(rotate_objects):
    old_kek = storage.KEK.generate("kek-old")
    ring = storage.KeyRing(old_kek)
    plaintexts = {"weights.bin": os.urandom(300), "train.csv": b"a,b\n1,2\n", "empty": b""}
    objects = {
        name: storage.envelope_encrypt(data, ring, name=name) for name, data in plaintexts.items()
    }
    given = dict(objects)
    try:
        rotated = rotate_objects(given, ring)
    except storage.DecryptionError as error:
        if f"not by {ring.primary.kek_id!r}" not in str(error) or len(ring) == 1:
            raise
        raise Hint(
            "your code opened the old objects with the new KEK alone, which did not wrap them: "
            "storage.rewrap_envelope(blob, old_keys, new_kek) takes the keys that can open the "
            "object (the ring, which keeps the old KEK after rotate()) second and the new KEK "
            "third"
        ) from None
    if not isinstance(rotated, dict) or set(rotated) != set(objects):
        raise Hint("return a dict with the same names as the input")
    if rotated is given or given != objects:
        raise Hint(
            "the input dict was changed: leave `objects` as it was and return a new dict "
            "(the caller may still need the old objects)"
        )
    if len(ring) == 1:
        raise Hint("the key ring has no new KEK: call ring.rotate() once before re-wrapping")
    if len(ring) > 2:
        raise Hint(
            f"the ring now holds {len(ring)} KEKs: rotate once, then re-wrap every object "
            "under that one new KEK"
        )
    new_kek = ring.primary
    for name, blob in rotated.items():
        header = storage.read_envelope_header(blob)
        if header.kek_id != new_kek.kek_id:
            raise Hint(
                f"{name!r} is still wrapped by KEK {header.kek_id!r}: re-wrap it under the new "
                "primary KEK"
            )
        old_header = storage.read_envelope_header(objects[name])
        if blob[header.size :] != objects[name][old_header.size :] or header.nonce != (
            old_header.nonce
        ):
            raise Hint(
                "the payload bytes changed: re-wrap the data key with storage.rewrap_envelope "
                "instead of decrypting and re-encrypting the data"
            )
        if storage.envelope_decrypt(blob, storage.KeyRing(new_kek), name=name) != plaintexts[name]:
            raise Hint(f"{name!r} no longer decrypts to its original bytes")
    try:
        again = rotate_objects(dict(rotated), ring)
    except ValueError as error:
        raise Hint(
            f"a second rotation (next year's) failed ({error}): let ring.rotate() pick a "
            "fresh KEK id instead of a fixed one"
        ) from None
    if any(storage.read_envelope_header(b).kek_id != ring.primary.kek_id for b in again.values()):
        raise Hint("after a second rotation the objects are not under the newest KEK")


def _type_name(value: object) -> str:
    """The name of ``value``'s type, with its package unless it is a builtin (numpy.bool)."""
    kind = type(value)
    package = kind.__module__.split(".")[0]
    return kind.__name__ if package == "builtins" else f"{package}.{kind.__name__}"


def _stream_chunks(key: bytes, pieces: list[bytes]) -> list[bytes]:
    cipher = ChaCha20Poly1305(key)
    return [
        cipher.encrypt(storage.chunk_nonce(i, i == len(pieces) - 1), piece, None)
        for i, piece in enumerate(pieces)
    ]


@checker("3.4", "stream_nonce")
def _check_nonce(stream_nonce):
    cases = [(0, False), (1, False), (2, True), (0, True), (256, False), (2**40 + 3, True)]
    cases.append((2**88 - 1, False))
    for counter, last in cases:
        try:
            got = stream_nonce(counter, last)
        except (OverflowError, struct.error) as error:
            shown = "2**88 - 1" if counter == 2**88 - 1 else str(counter)
            raise Hint(
                f"counter {shown} made your code fail ({error}): counters go up to "
                "2**88 - 1, so the counter needs all 11 bytes, unsigned"
            ) from None
        expected = storage.chunk_nonce(counter, last)
        if not isinstance(got, bytes):
            if isinstance(got, bytearray | memoryview) and got == expected:
                raise Hint(f"the nonce is a {_type_name(got)}: return bytes (immutable)")
            raise Hint(f"return the nonce as bytes, got {_type_name(got)} for counter {counter}")
        if got == expected:
            continue
        if got == expected[11:] + expected[:11]:
            raise Hint(
                "the flag byte comes first: it belongs at the end, after the 11-byte "
                "big-endian counter"
            )
        if len(got) != 12:
            raise Hint(
                f"the nonce must be 12 bytes (11-byte counter + 1 flag byte), got {len(got)} "
                f"for counter {counter}"
            )
        if got[:11] == expected[:11]:
            raise Hint(
                f"the flag byte is wrong for last={last}: it is 0x01 only for the final chunk"
            )
        if got[:11] == counter.to_bytes(11, "little"):
            raise Hint("the counter is stored big-endian (most significant byte first)")
        if counter < 2**88 - 1 and got[:11] == (counter + 1).to_bytes(11, "big"):
            raise Hint(
                f"counter {counter} was written as {counter + 1}: write the counter as given"
            )
        raise Hint(f"counter {counter} gave the wrong first 11 bytes: write it as 11 bytes")


@checker("3.5", "stream_is_intact")
def _check_intact(stream_is_intact):
    key = ChaCha20Poly1305.generate_key()
    pieces = [bytes([n]) * 40 for n in range(4)]
    chunks = _stream_chunks(key, pieces)
    verdict = call_unmutated(stream_is_intact, list(chunks), key)
    if verdict is not None and not isinstance(verdict, bool):
        raise Hint(
            f"an intact sequence returned a {_type_name(verdict)}: return True (a Python "
            "bool), not the decrypted data or another value"
        )
    if verdict is not True:
        raise Hint(
            "an intact sequence was rejected: chunk i opens with nonce (i, last), and only "
            "the final chunk has last=True"
        )
    if stream_is_intact(_stream_chunks(key, pieces[:1]), key) is not True:
        raise Hint("an intact one-chunk sequence was rejected: its only chunk is the final one")
    flipped = bytearray(chunks[1])
    flipped[3] ^= 1
    three, two = _stream_chunks(key, pieces[:3]), _stream_chunks(key, pieces[:2])
    position = "open chunk i with the counter i of its position and return False if it fails"
    trailing = (
        "trailing data after the final chunk must fail: a chunk that opens with last=True "
        "must be the last of the list, so don't return True before checking every chunk"
    )
    cases = [  # (label, sequence, advice when it is accepted)
        ("a reordered sequence", [chunks[0], chunks[2], chunks[1], chunks[3]], position),
        ("a sequence with a chunk dropped from the middle", [*chunks[:1], *chunks[2:]], position),
        ("a sequence with a duplicated chunk", [*chunks[:2], chunks[1], chunks[3]], position),
        (
            "a truncated sequence (final chunk dropped)",
            chunks[:3],
            "only the final chunk may open with last=True, so check the flag against the "
            "chunk's position",
        ),
        ("a sequence with one flipped bit", [chunks[0], bytes(flipped), *chunks[2:]], position),
        (
            "a sequence from another key",
            _stream_chunks(ChaCha20Poly1305.generate_key(), pieces),
            position,
        ),
        ("an empty sequence", [], "a STREAM always ends with a final chunk"),
        ("a sequence with a chunk after the final one", [*three, three[0]], trailing),
        ("a sequence with its final chunk repeated", [*two, two[1]], trailing),
        (
            "a sequence with a final chunk in the middle",
            [chunks[0], two[1], *chunks[2:]],
            "every chunk but the last must open with last=False; a chunk sealed as final "
            "anywhere else means the stream was spliced",
        ),
    ]
    for label, sequence, advice in cases:
        try:
            verdict = call_unmutated(stream_is_intact, sequence, key)
        except Hint:
            raise
        except Exception as error:
            raise Hint(
                f"{label} raised {type(error).__name__}: return False when a chunk does not open"
            ) from None
        if verdict is None:
            raise Hint(f"{label} returned None: return False (a bool), not None")
        if not isinstance(verdict, bool):
            raise Hint(f"{label} returned a {_type_name(verdict)}: return False (a Python bool)")
        if verdict is not False:
            raise Hint(f"{label} was accepted: {advice}")


_PRINTABLE = string.ascii_letters + string.digits + string.punctuation


def _grease_stanza(rng: np.random.Generator) -> storage.Stanza:
    """A stanza like the ones rage adds: a random type ending in '-grease', random args."""

    def word() -> str:
        return "".join(rng.choice(list(_PRINTABLE), size=int(rng.integers(1, 9))))

    args = tuple(word() for _ in range(int(rng.integers(0, 3))))
    return storage.Stanza(word() + "-grease", args, os.urandom(int(rng.integers(0, 61))))


def _age_file(stanzas: list[storage.Stanza], file_key: bytes) -> bytes:
    """A complete age file (valid header MAC and payload) with exactly these stanzas."""
    out = io.BytesIO()
    out.write(age_format.build_header(stanzas, file_key))
    storage_stream.encrypt_payload(io.BytesIO(b"training data"), out, file_key)
    return out.getvalue()


def _shares(age_file: bytes) -> list[bytes]:
    """The reference answer: the X25519 stanzas' ephemeral shares, decoded."""
    return [
        base64.b64decode(stanza.args[0] + "=")
        for stanza in storage.read_header(age_file).stanzas
        if stanza.type == "X25519"
    ]


def _x25519_file(rng: np.random.Generator, recipients: int, grease: int = 0) -> bytes:
    """A file for ``recipients`` X25519 recipients whose keys' base64 holds '+' and '/'."""
    file_key = os.urandom(16)
    stanzas = [storage.generate_identity().recipient.wrap(file_key) for _ in range(recipients)]
    while not all(c in "".join(s.args[0] for s in stanzas) for c in "+/"):
        stanzas = [storage.generate_identity().recipient.wrap(file_key) for _ in range(recipients)]
    for _ in range(grease):
        stanzas.insert(int(rng.integers(0, len(stanzas) + 1)), _grease_stanza(rng))
    return _age_file(stanzas, file_key)


def _ephemeral_answer(ephemeral_keys, age_file: bytes, what: str) -> object:
    try:
        return ephemeral_keys(age_file)
    except (binascii.Error, ValueError) as error:
        if "padding" in str(error):
            raise Hint(
                f"{what} made your code fail ({error}): age writes base64 without the '=' "
                "padding that base64.b64decode needs; add it back before decoding"
            ) from None
        raise


@checker("3.6", "ephemeral_keys")
def _check_ephemeral_keys(ephemeral_keys):
    rng = np.random.default_rng(26)
    two = _x25519_file(rng, 2)
    expected = _shares(two)
    got = _ephemeral_answer(ephemeral_keys, two, "a file for two recipients")
    stanzas = storage.read_header(two).stanzas
    if not isinstance(got, list):
        raise Hint(f"return a list (one item per X25519 stanza), got {_type_name(got)}")
    if got == expected:
        pass
    elif got == [stanza.args[0] for stanza in stanzas] or got == [
        stanza.args[0].encode() for stanza in stanzas
    ]:
        raise Hint(
            "these are the keys as base64 text: decode each with base64.b64decode into 32 raw bytes"
        )
    elif got == [stanza.body for stanza in stanzas]:
        raise Hint(
            "these are the stanza bodies, the wrapped file keys (32 bytes too): the "
            "ephemeral key is the stanza's argument, stanza.args[0]"
        )
    elif got == [base64.urlsafe_b64decode(s.args[0] + "=") for s in stanzas]:
        raise Hint(
            "age writes keys in standard base64 (+ and /): decode with base64.b64decode, "
            "not the URL-safe alphabet (- and _)"
        )
    elif got == expected[::-1]:
        raise Hint(_order_mistake(ephemeral_keys, rng))
    elif got == expected[:1]:
        raise Hint(
            "only the first stanza's key came back: return one key per X25519 stanza "
            "(this file has two)"
        )
    elif any(not isinstance(item, bytes) for item in got):
        kinds = sorted({_type_name(item) for item in got})
        raise Hint(f"each key must be bytes, got {', '.join(kinds)}")
    else:
        raise Hint(
            "the keys differ from the X25519 stanzas' arguments decoded from base64 "
            f"(expected {len(expected)} keys of 32 bytes)"
        )
    _check_skipped_stanzas(ephemeral_keys, rng)
    for recipients in (1, 3, 4):
        age_file = _x25519_file(rng, recipients, grease=int(rng.integers(1, 3)))
        got, expected = ephemeral_keys(age_file), _shares(age_file)
        if got == sorted(expected) != expected:
            raise Hint("the keys came back sorted: keep the order of the header's stanzas")
        if got != expected:
            raise Hint(
                f"a file for {recipients} recipients with grease stanzas among them gave the "
                "wrong keys: return every X25519 stanza's key, in header order, and only those"
            )


def _order_mistake(ephemeral_keys, rng: np.random.Generator) -> str:
    """The hint for two keys in reverse order: reversed or sorted? A file of four tells."""
    expected = []
    while sorted(expected) in (expected, expected[::-1]):
        four = _x25519_file(rng, 4)
        expected = _shares(four)
    if ephemeral_keys(four) == sorted(expected):
        return "the keys came back sorted: keep the order of the header's stanzas"
    return "the keys are in reverse order: keep the order of the header's stanzas"


def _check_skipped_stanzas(ephemeral_keys, rng: np.random.Generator) -> None:
    file_key = os.urandom(16)
    stanzas = [storage.generate_identity().recipient.wrap(file_key), _grease_stanza(rng)]
    stanzas.insert(0, _grease_stanza(rng))
    greased = _age_file(stanzas, file_key)
    grease_type = stanzas[0].type
    skip = "skip every stanza whose type is not exactly 'X25519'"
    try:
        got = ephemeral_keys(greased)
    except Exception as error:
        raise Hint(
            f"a file with grease stanzas (types such as {grease_type!r}, as rage writes) made "
            f"your code raise {type(error).__name__}: {skip}"
        ) from None
    if got != _shares(greased):
        count = len(got) if isinstance(got, list) else 0
        summary = f"{count} keys instead of 1" if count != 1 else "a wrong key"
        raise Hint(
            f"a file with grease stanzas (types such as {grease_type!r}, as rage writes) gave "
            f"{summary}: {skip}"
        )
    passphrase_file = storage.encrypt(b"x", storage.Passphrase("pw", work_factor=2))
    try:
        got = ephemeral_keys(passphrase_file)
    except Exception as error:
        raise Hint(
            f"a passphrase file (one scrypt stanza) made your code raise "
            f"{type(error).__name__}: {skip}, and return [] when there is none"
        ) from None
    if got != []:
        raise Hint(
            "a passphrase file (one scrypt stanza, whose arguments are a salt and a work "
            f"factor) must give [] since it has no X25519 stanza: {skip}"
        )
    file_key = os.urandom(16)
    real = storage.generate_identity().recipient.wrap(file_key)
    share = (base64.b64encode(os.urandom(32)).decode()[:43],)
    for kem in ("future-kem", "X25519-pq"):
        look_alike = storage.Stanza(kem, share, real.body)
        try:
            got = ephemeral_keys(_age_file([real, look_alike], file_key))
        except Exception as error:
            raise Hint(
                f"a file with a {kem!r} stanza made your code raise {type(error).__name__}: {skip}"
            ) from None
        if got != _shares(_age_file([real], file_key)):
            raise Hint(
                f"a stanza of an unknown type ({kem!r}) whose one argument looks like a key "
                f"was taken for an X25519 stanza: decide by the stanza's type; {skip}"
            )
    lowercase = storage.Stanza("x25519", real.args, real.body)
    try:
        got = ephemeral_keys(_age_file([lowercase, real], file_key))
    except Exception as error:
        raise Hint(
            f"a file with an 'x25519' stanza made your code raise {type(error).__name__}: {skip}"
        ) from None
    if got != [base64.b64decode(real.args[0] + "=")]:
        raise Hint(
            "a stanza of type 'x25519' (lower case) was taken for an X25519 stanza: stanza "
            "types are case-sensitive, and a reader must skip a type it does not know"
        )


def _hmac_sha256(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


@checker("3.7", "blind_index_of")
def _check_blind_index(blind_index_of):
    key = bytes(range(32))
    got = blind_index_of(key, "malignant")
    expected = _hmac_sha256(key, b"malignant")
    if isinstance(got, str):
        raise Hint("the index is a str: return bytes, the 32-byte digest (.digest(), not hex)")
    if not isinstance(got, bytes):
        raise Hint(f"return the digest as bytes, got {type(got).__name__}")
    if got.lower() == expected.hex().encode() or got == base64.b64encode(expected):
        raise Hint(
            "the index is the digest written as text (hex or base64): return the raw "
            "32 bytes of .digest()"
        )
    if 0 < len(got) < 32 and got == expected[: len(got)]:
        raise Hint(
            f"the index is the digest cut to {len(got)} bytes: return the whole 32-byte digest"
        )
    if len(got) != 32:
        raise Hint(
            f"the index is {len(got)} bytes long: an HMAC-SHA256 digest is 32 bytes, so "
            "use hashlib.sha256 as the HMAC's hash"
        )
    if got == hashlib.sha256(b"malignant").digest():
        raise Hint(
            "an unkeyed hash: anyone can hash 'malignant' and find its rows; use HMAC with "
            "the index key"
        )
    if got in (
        hashlib.sha256(key + b"malignant").digest(),
        hashlib.sha256(b"malignant" + key).digest(),
    ):
        raise Hint(
            "SHA-256 of the key and the value joined together is not HMAC (it is open to "
            "length-extension forgeries): compute HMAC with the hmac module"
        )
    if got == hmac.new(b"malignant", key, hashlib.sha256).digest():
        raise Hint("the key and the message are swapped: HMAC is keyed with index_key")
    if got != expected:
        raise Hint(_index_mistake(key, got))
    if blind_index_of(os.urandom(32), "malignant") == got:
        raise Hint("two different keys gave the same index: key the HMAC with index_key")
    if blind_index_of(key, "  Malignant ") != got:
        raise Hint(
            "'  Malignant ' and 'malignant' got different indexes: normalize with "
            ".strip().lower() before hashing"
        )
    if blind_index_of(key, "\tMalignant\r\n") != got:
        raise Hint(
            "'\\tMalignant\\r\\n' and 'malignant' got different indexes: call .strip() with no "
            "argument, so tabs and newlines (\\r too) are removed as well as spaces"
        )
    _check_inner_whitespace(blind_index_of, key)
    if blind_index_of(key, "benign") == got:
        raise Hint("two different values gave the same index: hash the value itself")
    _check_non_ascii(blind_index_of, key)


def _index_mistake(key: bytes, got: bytes) -> str:
    """The hint for a wrong index of 'malignant': which input of the HMAC differs."""
    for name in ("sha512", "sha384", "sha3_256", "blake2b", "sha1", "md5"):
        if got == hmac.new(key, b"malignant", name).digest()[:32]:
            return f"the HMAC uses {name}: use hashlib.sha256 as the HMAC's hash"
    for size in (8, 16, 24):
        if got == _hmac_sha256(key[:size], b"malignant"):
            return f"the HMAC is keyed with the first {size} bytes: use the whole index_key"
    if got in (_hmac_sha256(key, b"MALIGNANT"), _hmac_sha256(key, b"Malignant")):
        return "the value was not lower-cased: normalize with .strip().lower()"
    return "the index differs from HMAC-SHA256(index_key, value's UTF-8 bytes)"


def _check_inner_whitespace(blind_index_of, key: bytes) -> None:
    value = "Invasive Ductal\tCarcinoma "  # as pasted from a spreadsheet
    got = blind_index_of(key, value)
    if got == _hmac_sha256(key, _normalized(value).encode("utf-8")):
        return
    words = value.lower().split()
    if got in (
        _hmac_sha256(key, "".join(words).encode()),
        _hmac_sha256(key, " ".join(words).encode()),
    ):
        raise Hint(
            f"{value!r} had the whitespace between its words changed: .strip() removes "
            "whitespace only at both ends, and the inner whitespace is part of the value"
        )
    raise Hint(f"{value!r} got a wrong index: normalize with .strip().lower(), then UTF-8")


def _normalized(value: str) -> str:
    """The exercise's normalization (and utils.storage.normalize_value's)."""
    return unicodedata.normalize("NFC", value).strip().lower()


def _check_non_ascii(blind_index_of, key: bytes) -> None:
    for value in ["José", " Straße ", "ÅSA"]:
        normalized = value.strip().lower()
        got = blind_index_of(key, value)
        if got == _hmac_sha256(key, normalized.encode("utf-8")):
            continue
        if got == _hmac_sha256(key, normalized.encode("latin-1")):
            raise Hint(f"{value!r} was encoded as Latin-1: encode the value as UTF-8")
        for form in ("NFD", "NFKD"):
            if got == _hmac_sha256(key, unicodedata.normalize(form, normalized).encode("utf-8")):
                raise Hint(
                    f"{value!r} was normalized to {form}, which splits 'é' into 'e' plus an "
                    "accent: normalize to NFC (not NFD, NFKC or NFKD)"
                )
        if got == _hmac_sha256(key, value.strip().casefold().encode("utf-8")):
            raise Hint(
                f"{value!r} was normalized with .casefold() (it turns 'ß' into 'ss'): the "
                "exercise asks for .lower(), so every writer of the index computes the same bytes"
            )
        raise Hint(f"{value!r} got a wrong index: normalize with .strip().lower(), then UTF-8")
    _check_unicode_forms(blind_index_of, key)


def _check_unicode_forms(blind_index_of, key: bytes) -> None:
    composed, decomposed = "Jos\u00e9", "Jose\u0301"  # é as one code point, or e + accent
    if blind_index_of(key, decomposed) == blind_index_of(key, composed):
        if blind_index_of(key, composed) != _hmac_sha256(key, "josé".encode()):
            raise Hint(
                f"{composed!r} got a wrong index: normalize to NFC (not NFD, NFKC or NFKD), "
                "then .strip().lower(), then UTF-8"
            )
        ligature = "\ufb01brosis"  # 'ﬁ' is one character, a typographic ligature
        got = blind_index_of(key, ligature)
        if got == _hmac_sha256(key, b"fibrosis"):
            raise Hint(
                f"{ligature!r} became 'fibrosis': NFKC (or NFKD) also folds compatibility "
                "characters such as the 'ﬁ' ligature; the exercise asks for NFC"
            )
        if got != _hmac_sha256(key, _normalized(ligature).encode("utf-8")):
            raise Hint(f"{ligature!r} got a wrong index: normalize with NFC, then .strip().lower()")
        return
    raise Hint(
        f"'José' typed as 'e' plus a combining accent ({decomposed!r}, as macOS file names "
        f"store it) got another index than 'José' with 'é' as one code point ({composed!r}): "
        "bring both to one form with unicodedata.normalize('NFC', value) before "
        ".strip().lower()"
    )
