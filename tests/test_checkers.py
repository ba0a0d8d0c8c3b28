"""Every checker: the solution passes, the untouched stub is 'not attempted', wrong answers fail.

Wrong answers for later lessons go in ``WRONG_ANSWERS`` too (or in a lesson's own test file
using ``tests.exercises.check_source``): at least two per exercise, each with its own hint.
"""

import pytest

from tests.exercises import all_exercises, check_source, exercise_source
from utils.authoring import strip_solutions

EXERCISES = all_exercises()

# exercise id -> list of (wrong cell source, a piece of the hint it must get)
WRONG_ANSWERS = {
    "0.1": [
        ("def xor_bytes(a, b):\n    return bytes(x ^ y for x, y in zip(a, b))", "raise ValueError"),
        ("def xor_bytes(a, b):\n    return [x ^ y for x, y in zip(a, b)]", "return bytes"),
        ("def xor_bytes(a, b):\n    return bytes(x | y for x, y in zip(a, b))", "XOR each pair"),
    ],
    "0.2": [
        ("def brute_force_years(bits, rate):\n    return 2**bits / rate", "in seconds"),
        ("def brute_force_years(bits, rate):\n    return bits / rate / (365.25 * 86400)", "2**n"),
        ("def brute_force_years(bits, rate):\n    return 2**bits / rate / (365 * 3600)", "off"),
    ],
    "0.3": [
        ("import random\ndef random_token(n):\n    return random.randbytes(n).hex()", "secrets"),
        ("import secrets\ndef random_token(n):\n    return secrets.token_bytes(n)", "hex digits"),
        (
            "import secrets\ndef random_token(n):\n    return secrets.token_hex(n // 2)",
            "counted in bytes",
        ),
    ],
    "0.4": [
        ("def data_states():\n    return {}", "six scenarios"),
        (
            "from utils.checks.lesson00 import DATA_STATES\n"
            "def data_states():\n    return {k: 'at rest' for k in DATA_STATES}",
            "misclassified",
        ),
    ],
    "1.1": [
        (
            "import os, json\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
            "NONCE = os.urandom(12)\n"
            "def seal_record(key, rid, record):\n"
            "    return NONCE + AESGCM(key).encrypt(NONCE, json.dumps(record).encode(), rid.encode())",
            "nonce fresh",
        ),
        (
            "import os, json\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
            "def seal_record(key, rid, record):\n    n = os.urandom(12)\n"
            "    return n + AESGCM(key).encrypt(n, json.dumps(record).encode(), None)",
            "associated data",
        ),
        (
            "import os, json\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
            "def seal_record(key, rid, record):\n    n = os.urandom(12)\n"
            "    return AESGCM(key).encrypt(n, json.dumps(record).encode(), rid.encode()) + n",
            "nonce must come first",
        ),
    ],
    "1.2": [
        ("def is_authentic(key, rid, sealed):\n    return True", "was accepted"),
        (
            "from cryptography.exceptions import InvalidTag\n"
            "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
            "def is_authentic(key, rid, sealed):\n    try:\n"
            "        AESGCM(key).decrypt(sealed[:12], sealed[12:], None)\n"
            "    except InvalidTag:\n        return False\n    return True",
            "genuine record was rejected",
        ),
        (
            "from cryptography.exceptions import InvalidTag\n"
            "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
            "def is_authentic(key, rid, sealed):\n    try:\n"
            "        AESGCM(key).decrypt(sealed[:12], sealed[12:], rid.encode())\n"
            "    except ValueError:\n        return False\n    return True",
            "flipped ciphertext bit raised InvalidTag",
        ),
    ],
    "1.3": [
        (
            "import base64\ndef fernet_timestamp(t):\n"
            "    return int.from_bytes(base64.urlsafe_b64decode(t)[1:9], 'little')",
            "big-endian",
        ),
        (
            "import base64\ndef fernet_timestamp(t):\n"
            "    return int.from_bytes(base64.urlsafe_b64decode(t)[0:8], 'big')",
            "byte 0 is the version",
        ),
        ("def fernet_timestamp(t):\n    return int.from_bytes(t[1:9], 'big')", "base64url-decode"),
    ],
    "1.4": [
        (
            "def recover_record(p, a, b):\n"
            "    x = int.from_bytes(a[12:], 'big') ^ int.from_bytes(b[12:], 'big')\n"
            "    return (x ^ int.from_bytes(p, 'big')).to_bytes(len(b) - 12, 'big')",
            "16 bytes too long",
        ),
        (
            "def recover_record(p, a, b):\n"
            "    return bytes(x ^ y for x, y in zip(a[12:-16], b[12:-16]))",
            "XOR the two ciphertexts, then XOR with the known",
        ),
        (
            "def recover_record(p, a, b):\n"
            "    k = bytes(x ^ y for x, y in zip(p, a[:-16]))\n"
            "    return bytes(x ^ y for x, y in zip(k, b[:-16]))",
            "not recovered",
        ),
    ],
    "1.5": [
        (
            "import hashlib\ndef password_key(pw, salt):\n    return hashlib.sha256(pw.encode()).digest()",
            "bare SHA-256",
        ),
        (
            "import hashlib\ndef password_key(pw, salt):\n"
            "    return hashlib.sha256(pw.encode() + b'x').digest()",
            "different salts",
        ),
        (
            "from cryptography.hazmat.primitives.kdf.scrypt import Scrypt\n"
            "def password_key(pw, salt):\n"
            "    return Scrypt(salt=salt, length=32, n=2**10, r=8, p=1).derive(pw.encode())",
            "check the parameters",
        ),
        ("import os\ndef password_key(pw, salt):\n    return os.urandom(32)", "derive the key"),
    ],
    "1.6": [
        (
            "def derive_keys(m):\n    return {'encryption': m, 'authentication': m}",
            "equals the master key",
        ),
        (
            "from cryptography.hazmat.primitives import hashes\n"
            "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n"
            "def derive_keys(m):\n"
            "    k = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b'key').derive(m)\n"
            "    return {'encryption': k, 'authentication': k}",
            "own info label",
        ),
        (
            "import os\ndef derive_keys(m):\n    return {'encryption': os.urandom(32), 'authentication': os.urandom(32)}",
            "changed between two calls",
        ),
    ],
}


@pytest.mark.parametrize(("slug", "exercise_id"), EXERCISES)
def test_solution_passes(slug, exercise_id):
    result = check_source(exercise_source(slug, exercise_id), exercise_id)
    assert result.passed, result.line


@pytest.mark.parametrize(("slug", "exercise_id"), EXERCISES)
def test_untouched_stub_is_not_attempted(slug, exercise_id):
    stub = strip_solutions(exercise_source(slug, exercise_id))
    assert check_source(stub, exercise_id).line == f"❌ Exercise {exercise_id}: not attempted yet"


@pytest.mark.parametrize(("slug", "exercise_id"), EXERCISES)
def test_every_exercise_has_two_wrong_answers_with_distinct_hints(slug, exercise_id):
    wrong = WRONG_ANSWERS.get(exercise_id, [])
    assert len(wrong) >= 2, (
        f"exercise {exercise_id} needs at least two wrong answers in WRONG_ANSWERS"
    )
    lines = {check_source(source, exercise_id).line for source, _ in wrong}
    assert len(lines) >= 2, f"exercise {exercise_id}: wrong answers all got the same hint"


@pytest.mark.parametrize(
    ("exercise_id", "source", "hint"),
    [(ex, source, hint) for ex, cases in WRONG_ANSWERS.items() for source, hint in cases],
)
def test_wrong_answer_fails_with_its_hint(exercise_id, source, hint):
    result = check_source(source, exercise_id)
    assert not result.passed
    assert hint in result.line, result.line
