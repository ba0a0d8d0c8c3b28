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
            "starts at byte 0",
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
            "n=2**10 is below the course's floor",
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
        "    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(pw.encode('latin-1'))",
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

# Found by the wrong-answer hunt: each passed, or failed with a misleading hint, before its fix.
_AESGCM = "import json, os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
_SEAL = "def seal_record(key, rid, record):\n"
_NOTEBOOK_DEMO = (
    "import os\nfrom utils import symmetric\nkey, reused_nonce = symmetric.new_key(), os.urandom(12)\n"
    'alice = b\'{"patient_id": "patient-0001", "diagnosis": "benign"   }\'\n'
    'bob = b\'{"patient_id": "patient-0002", "diagnosis": "malignant"}\'\n'
    "sealed_alice = symmetric.seal_with_fixed_nonce_for_demo(key, reused_nonce, alice)\n"
    "sealed_bob = symmetric.seal_with_fixed_nonce_for_demo(key, reused_nonce, bob)\n"
)
_SCRYPT = (
    "from cryptography.hazmat.primitives.kdf.scrypt import Scrypt\ndef password_key(pw, salt):\n"
)
_HKDF = (
    "from cryptography.hazmat.primitives import hashes\n"
    "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n"
    "def hkdf(m, info):\n"
    "    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(m)\n"
)
WRONG_ANSWERS["1.1"] += [
    (
        _AESGCM + "import time\n" + _SEAL + "    n = time.time_ns().to_bytes(12, 'big')\n"
        "    return n + AESGCM(key).encrypt(n, json.dumps(record).encode(), rid.encode())",
        "several zero bytes",
    ),
    (
        _AESGCM + "import numpy as np\n" + _SEAL + "    n = np.random.bytes(12)\n"
        "    return n + AESGCM(key).encrypt(n, json.dumps(record).encode(), rid.encode())",
        "numpy's random generator",
    ),
    (
        _AESGCM + "import random\nRNG = random.Random(1)\n" + _SEAL + "    n = RNG.randbytes(12)\n"
        "    return n + AESGCM(key).encrypt(n, json.dumps(record).encode(), rid.encode())",
        "`random.Random` generator",
    ),
    (
        _AESGCM + _SEAL + "    n = os.urandom(12)\n"
        "    return n + AESGCM(key).encrypt(n, str(record).encode(), rid.encode())",
        "not to JSON",
    ),
    (
        _AESGCM + _SEAL + "    n = os.urandom(16)\n"
        "    return n + AESGCM(key).encrypt(n, json.dumps(record).encode(), rid.encode())",
        "nonce is 16 bytes long",
    ),
    (
        _AESGCM
        + "from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305\n"
        + _SEAL
        + "    n = os.urandom(12)\n"
        "    return n + ChaCha20Poly1305(key).encrypt(n, json.dumps(record).encode(), rid.encode())",
        "ChaCha20-Poly1305",
    ),
    (
        _AESGCM + _SEAL + "    n = os.urandom(12)\n"
        "    return n + AESGCM(key[:16]).encrypt(n, json.dumps(record).encode(), rid.encode())",
        "part of the key",
    ),
    (
        _AESGCM + "import base64\n" + _SEAL + "    n = os.urandom(12)\n"
        "    return base64.b64encode(n + AESGCM(key).encrypt(n, json.dumps(record).encode(), rid.encode()))",
        "not a text encoding",
    ),
    (
        _AESGCM + _SEAL + "    n = os.urandom(12)\n"
        "    return n + AESGCM(key).encrypt(n, json.dumps(record).encode(), rid)",
        "a str went where AES-GCM takes bytes",
    ),
]
WRONG_ANSWERS["1.2"] += [
    (
        "from cryptography.exceptions import InvalidTag\n"
        "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
        "def is_authentic(key, rid, sealed):\n    try:\n"
        "        return AESGCM(key).decrypt(sealed[:12], sealed[12:], rid.encode())\n"
        "    except (InvalidTag, ValueError):\n        return False",
        "returned bytes, not the bool True",
    ),
    (
        "from cryptography.exceptions import InvalidTag\n"
        "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
        "def is_authentic(key, rid, sealed):\n    try:\n"
        "        AESGCM(key).decrypt(sealed[:12], sealed[12:], rid.encode())\n        return True\n"
        "    except (InvalidTag, ValueError):\n        pass",
        "returned None, not the bool False",
    ),
]
WRONG_ANSWERS["1.3"] += [
    (
        "import base64\ndef fernet_timestamp(t):\n"
        "    return float(int.from_bytes(base64.urlsafe_b64decode(t)[1:9], 'big'))",
        "as an int, not float",
    ),
    (
        "import base64\ndef fernet_timestamp(t):\n"
        "    return int.from_bytes(base64.urlsafe_b64decode(t)[1:10], 'big')",
        "8 bytes long, not 9",
    ),
    (
        "import base64\ndef fernet_timestamp(t):\n"
        "    return int.from_bytes(base64.urlsafe_b64decode(t)[2:10], 'big')",
        "the 8 bytes right after the version byte",
    ),
    (
        "import base64\ndef fernet_timestamp(t):\n"
        "    return int.from_bytes(base64.urlsafe_b64decode(t)[0:9], 'big')",
        "byte 0 is the version",
    ),
    (
        "import base64\ndef fernet_timestamp(t):\n"
        "    return int.from_bytes(base64.b64decode(t)[1:9], 'big')",
        "URL-safe base64 alphabet",
    ),
    ("import time\ndef fernet_timestamp(t):\n    return int(time.time())", "current time"),
]
WRONG_ANSWERS["1.4"] += [
    (
        _NOTEBOOK_DEMO + "def recover_record(p, a, b):\n"
        "    return bytes(x ^ y ^ z for x, y, z in zip(alice, sealed_alice[12:-16], sealed_bob[12:-16]))",
        "the notebook's record",
    ),
    (
        "def recover_record(p, a, b):\n    return bytes(x ^ y for x, y in zip(p, b[12:-16]))",
        "not recovered",
    ),
    (
        "def recover_record(p, a, b):\n    return bytes(x ^ y ^ z for x, y, z in zip(p, a[11:-16], b[11:-16]))",
        "starts at byte 11",
    ),
]
WRONG_ANSWERS["1.5"] += [
    (
        _SCRYPT
        + "    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(pw.lower().encode())",
        "capitals and symbols",
    ),
    (
        _SCRYPT + "    return Scrypt(salt=pw.encode(), length=32, n=2**17, r=8, p=1).derive(salt)",
        "swapped",
    ),
    (
        "import os\n"
        + _SCRYPT
        + "    return Scrypt(salt=os.urandom(16), length=32, n=2**17, r=8, p=1).derive(pw.encode())",
        "use the salt you are given",
    ),
]
# Exercise 1.5 at the cost for stored data (issue 9): the old interactive-login cost, costs
# below and above the floor, a cost that is not a power of two, r and p swapped or changed, a
# password the function ignores, a key returned as text.
WRONG_ANSWERS["1.5"] += [
    (
        _SCRYPT + "    return Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(pw.encode())",
        "scrypt's 2009 cost for interactive logins",
    ),
    (
        _SCRYPT + "    return Scrypt(salt=salt, length=32, n=2**16, r=8, p=1).derive(pw.encode())",
        "n=2**16 is below the course's floor for stored data",
    ),
    (
        _SCRYPT + "    return Scrypt(salt=salt, length=32, n=2**18, r=8, p=1).derive(pw.encode())",
        "more than asked",
    ),
    (
        _SCRYPT + "    return Scrypt(salt=salt, length=32, n=2^17, r=8, p=1).derive(pw.encode())",
        "^ is XOR",
    ),
    (
        _SCRYPT + "    return Scrypt(salt=salt, length=32, n=17, r=8, p=1).derive(pw.encode())",
        "not the exponent 17",
    ),
    (
        _SCRYPT + "    return Scrypt(salt=salt, length=32, n=2**17, r=1, p=8).derive(pw.encode())",
        "could not derive with your parameters",
    ),
    (
        _SCRYPT + "    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=2).derive(pw.encode())",
        "you used r=8, p=2",
    ),
    (
        _SCRYPT
        + "    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(b'correct horse battery staple')",
        "derive from the password exactly as given",
    ),
    (
        _SCRYPT
        + "    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(pw.encode()).hex()",
        "as bytes",
    ),
]
WRONG_ANSWERS["1.6"] += [
    (
        _HKDF + "def derive_keys(m):\n"
        "    return {'encryption': hkdf(m, b'encryption'), 'authentication': hkdf(m, b'auth')}",
        "the authentication key is not HKDF",
    ),
    (
        _HKDF + "def derive_keys(m):\n"
        "    return {'encryption': hkdf(m, b'authentication'), 'authentication': hkdf(m, b'encryption')}",
        "swapped",
    ),
    (
        _HKDF + "def derive_keys(m):\n"
        "    return {p: hkdf(m, p.encode()).hex() for p in ('encryption', 'authentication')}",
        "must be bytes, not str",
    ),
]
