"""Plausible wrong answers to lesson 01's exercises, each with a piece of its expected hint."""

# exercise id -> list of (wrong exercise-cell source, a piece of the hint it must get)
WRONG_ANSWERS = {
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

WRONG_ANSWERS["1.1"] += [
    (
        "import json, random\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
        "def seal_record(key, rid, record):\n    n = random.randbytes(12)\n"
        "    return n + AESGCM(key).encrypt(n, json.dumps(record).encode(), rid.encode())",
        "re-seeding Python's `random`",
    ),
    (
        "import itertools, json\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
        "COUNTER = itertools.count()\n"
        "def seal_record(key, rid, record):\n    n = next(COUNTER).to_bytes(12, 'big')\n"
        "    return n + AESGCM(key).encrypt(n, json.dumps(record).encode(), rid.encode())",
        "counter that restarts",
    ),
]
WRONG_ANSWERS["1.2"].append(
    (
        "from cryptography.exceptions import InvalidTag\n"
        "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
        "def is_authentic(key, rid, sealed):\n    try:\n"
        "        AESGCM(key).decrypt(sealed[:12], sealed[12:], rid.encode())\n"
        "    except InvalidTag:\n        return False\n    return True",
        "an empty blob raised ValueError",
    )
)
WRONG_ANSWERS["1.3"] += [
    (
        "import base64\ndef fernet_timestamp(t):\n"
        "    return int.from_bytes(base64.b64decode(t, validate=True)[1:9], 'big')",
        "URL-safe base64",
    ),
    (
        "import base64\ndef fernet_timestamp(t):\n"
        "    return int.from_bytes(base64.urlsafe_b64decode(t)[5:9], 'big')",
        "8 bytes long, not 4",
    ),
]
WRONG_ANSWERS["1.5"].append(
    (
        "from cryptography.hazmat.primitives.kdf.scrypt import Scrypt\n"
        "def password_key(pw, salt):\n"
        "    return Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(pw.encode('latin-1'))",
        "encode passwords as UTF-8",
    )
)
WRONG_ANSWERS["1.6"].append(
    (
        "from cryptography.hazmat.primitives import hashes\n"
        "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n"
        "def derive_keys(m):\n"
        "    h = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b'encryption')\n"
        "    return {'encryption': h.derive(m), 'authentication': h.derive(m)}",
        "derives only once",
    )
)
