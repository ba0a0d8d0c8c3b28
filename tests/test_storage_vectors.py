"""The community age test vectors (C2SP/CCTV ``age/testdata``, npm ``cctv-age``) against ours.

Every vector names its expected outcome. For each one the course's decrypter must:

- ``success``: decrypt, and the plaintext's SHA-256 must equal the vector's ``payload``;
- ``header failure`` / ``no match`` / ``HMAC failure`` / ``payload failure``: raise
  HeaderError / NoMatchError / HeaderMacError / PayloadError, and for a payload failure
  the plaintext released before the error (``decrypt_stream`` writes each chunk once it
  verifies) must hash to ``payload``.

The vectors for post-quantum hybrid identities (``AGE-SECRET-KEY-PQ-1...``, stanzas
``mlkem768x25519``) are among them. One feature is deliberately not implemented, and its
vectors must be refused clearly: the ASCII armor (``armored: yes``, whatever the vector
expects: a HeaderError saying "ASCII-armored ... not supported", or "not an age file"
where the armor itself is malformed).
``tests/interop_tools.py`` installs ``cctv-age`` with npm into ``.venv/interop/``.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.interop_tools import NPM_PACKAGES, vector_folder
from utils.storage import (
    HeaderError,
    HeaderMacError,
    HybridIdentity,
    NoMatchError,
    Passphrase,
    PayloadError,
    X25519Identity,
    decrypt_stream,
    generate_identity,
    read_header,
)

EXPECTED_ERRORS = {
    "header failure": HeaderError,
    "no match": NoMatchError,
    "HMAC failure": HeaderMacError,
    "payload failure": PayloadError,
}
# Counted in the npm package (NPM_PACKAGES pins its version): what each test goes through.
VECTOR_KINDS = {"supported": 110, "armored": 33}
HYBRID_VECTORS = 18  # supported vectors with a post-quantum identity (one more is armored)


@dataclass(frozen=True)
class Vector:
    name: str
    fields: dict[str, list[str]]
    body: bytes

    def field(self, key: str, default: str = "") -> str:
        return self.fields.get(key, [default])[0]

    @property
    def expect(self) -> str:
        return self.field("expect")

    @property
    def armored(self) -> bool:
        return self.field("armored") == "yes"

    @property
    def post_quantum(self) -> bool:
        return any(key.startswith("AGE-SECRET-KEY-PQ-") for key in self.fields.get("identity", []))

    def identities(self) -> list:
        kinds = {True: HybridIdentity, False: X25519Identity}
        keys = [
            kinds[key.startswith("AGE-SECRET-KEY-PQ-")].from_string(key)
            for key in self.fields.get("identity", [])
        ]
        keys += [Passphrase(word) for word in self.fields.get("passphrase", [])]
        return keys or [generate_identity()]  # a vector with no key still needs one to try


def parse_vector(path: Path) -> Vector:
    """A vector file: ``key: value`` lines, an empty line, then the (maybe zlib'd) age file."""
    head, _, body = path.read_bytes().partition(b"\n\n")
    fields: dict[str, list[str]] = {}
    for line in head.decode().splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    if fields.get("compressed") == ["zlib"]:
        body = zlib.decompress(body)
    return Vector(path.name, fields, body)


@pytest.fixture(scope="module")
def vectors() -> dict[str, Vector]:
    return {path.name: parse_vector(path) for path in sorted(vector_folder().iterdir())}


def outcome_of(vector: Vector) -> tuple[object, str, bytes]:
    """(``"success"`` or the error class, the error message, the plaintext released)."""
    out = io.BytesIO()
    try:
        decrypt_stream(io.BytesIO(vector.body), out, vector.identities())
    except (HeaderError, NoMatchError, HeaderMacError, PayloadError) as error:
        return type(error), str(error), out.getvalue()
    return "success", "", out.getvalue()


def unwrapped_file_key(vector: Vector) -> bytes | None:
    header = read_header(vector.body)
    keys = (
        identity.unwrap(stanza) for identity in vector.identities() for stanza in header.stanzas
    )
    return next((key for key in keys if key is not None), None)


def kind_of(vector: Vector) -> str:
    """'armored' (a feature not implemented here), else 'supported'."""
    return "armored" if vector.armored else "supported"


def select(vectors: dict[str, Vector], kind: str) -> list[Vector]:
    chosen = [vector for vector in vectors.values() if kind_of(vector) == kind]
    assert chosen, f"no {kind} vectors: did the package change?"
    return chosen


def test_every_vector_is_there(vectors: dict[str, Vector]) -> None:
    kinds = Counter(kind_of(vector) for vector in vectors.values())
    assert kinds == VECTOR_KINDS, f"{NPM_PACKAGES[1]} changed: {dict(kinds)}"
    outcomes = {vector.expect for vector in vectors.values()}
    assert outcomes == {*EXPECTED_ERRORS, "success", "armor failure"}
    hybrid = [vector for vector in select(vectors, "supported") if vector.post_quantum]
    assert len(hybrid) == HYBRID_VECTORS
    assert {vector.expect for vector in hybrid} == {"success", "header failure", "no match"}


def test_supported_vectors_give_their_expected_outcome(vectors: dict[str, Vector]) -> None:
    problems = []
    for vector in select(vectors, "supported"):
        outcome, message, released = outcome_of(vector)
        expected = EXPECTED_ERRORS.get(vector.expect, vector.expect)
        if outcome != expected:
            problems.append(f"{vector.name}: expected {vector.expect}, got {outcome}: {message}")
        elif vector.expect in ("success", "payload failure"):
            digest = hashlib.sha256(released).hexdigest()
            if digest != vector.field("payload"):
                problems.append(f"{vector.name}: {len(released)} bytes released, wrong hash")
    assert not problems, "\n".join(problems)


def test_file_keys_unwrap_to_the_vectors_file_key(vectors: dict[str, Vector]) -> None:
    opened = [
        vector
        for vector in select(vectors, "supported")
        if vector.expect in ("success", "HMAC failure", "payload failure")
    ]
    wrong = [v.name for v in opened if unwrapped_file_key(v) != bytes.fromhex(v.field("file key"))]
    assert not wrong, wrong


def test_armored_vectors_are_refused_as_unsupported(vectors: dict[str, Vector]) -> None:
    """Armor is optional in age and not implemented here: every armored vector is refused.

    Where the armor is well formed (any outcome but ``armor failure``), the error says that
    armor is not supported; a malformed armor (a lowercase or misnamed BEGIN line) may
    instead be refused as "not an age file".
    """
    for vector in select(vectors, "armored"):
        outcome, message, released = outcome_of(vector)
        assert outcome is HeaderError and released == b"", (vector.name, outcome, message)
        assert "ASCII-armored" in message or vector.expect == "armor failure", message
