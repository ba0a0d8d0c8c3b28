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
        "a counter",
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
        "the clock",
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
        "keystream",
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
        "info label is 'auth'",
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


# Tried as students would (issue 11), before reading the checker; those it accepted, or
# answered with a hint that blamed something else, made it stronger. Each with its hint.
_H_ = "import json, os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"


def _seal(nonce, aad="record_id.encode()", pt="json.dumps(record).encode()", pre=""):
    return (
        _H_
        + f"def seal_record(key, record_id, record):\n{pre}    nonce = {nonce}\n    return nonce + AESGCM(key).encrypt(nonce, {pt}, {aad})\n"
    )


_A_ = "from cryptography.exceptions import InvalidTag\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
_T_ = "import base64\ndef fernet_timestamp(token):\n    raw = base64.urlsafe_b64decode(token)\n"
_P_ = "from cryptography.hazmat.primitives.kdf.scrypt import Scrypt\ndef password_key(password, salt):\n"
_D_ = "from cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand\ndef derive_keys(master_key):\n"
_R_ = "from utils import symmetric\ndef recover_record(known_plaintext, known_sealed, target_sealed):\n"
_STUDENTS = {
    "1.1": [
        (
            _H_ + "import random\n" + _seal("random.Random().randbytes(12)").split(_H_)[1],
            "`random.Random()`",
        ),
        (
            _H_ + "import time\n" + _seal("time.time_ns().to_bytes(12, 'big')").split(_H_)[1],
            "clock",
        ),
        (_H_ + "import uuid\n" + _seal("uuid.uuid1().bytes[:12]").split(_H_)[1], "uuid1"),
        (_seal("os.urandom(6) + b'course'"), "the same in every nonce"),
        (_seal("os.urandom(12)", aad="record['patient_id'].encode()"), "record_id argument"),
        (
            _seal("os.urandom(12)", pre="    record_id = record.pop('patient_id')\n"),
            "changed its argument `record`",
        ),
        (
            _H_
            + "import hashlib\n"
            + _seal("hashlib.sha256(record_id.encode()).digest()[:12]").split(_H_)[1],
            "fresh for every call",
        ),
    ],
    "1.2": [
        (
            _A_
            + "def is_authentic(key, record_id, sealed):\n    if len(sealed) <= 28:\n        return False\n    try:\n        AESGCM(key).decrypt(sealed[:12], sealed[12:], record_id.encode())\n    except InvalidTag:\n        return False\n    return True",
            "empty plaintext",
        ),
        (
            _A_
            + "def is_authentic(key, record_id, sealed):\n    try:\n        return bool(AESGCM(key).decrypt(sealed[:12], sealed[12:], record_id.encode()))\n    except (InvalidTag, ValueError):\n        return False",
            "empty plaintext",
        ),
        (
            _A_
            + "def is_authentic(key, record_id, sealed):\n    try:\n        AESGCM(key).decrypt(sealed[:12], sealed[12:], None)\n    except (InvalidTag, ValueError):\n        return False\n    return True",
            "rejected",
        ),
        (
            _A_
            + "def is_authentic(key, record_id, sealed):\n    try:\n        AESGCM(key).decrypt(sealed[:12], sealed[12:], record_id.encode())\n    except InvalidTag:\n        return False\n    return True",
            "raised ValueError",
        ),
        (
            _A_
            + "def is_authentic(key, record_id, sealed):\n    try:\n        AESGCM(key).decrypt(sealed[:12], sealed[12:], record_id.encode())\n        return True\n    except Exception as e:\n        return 'invalid'",
            "not the bool False",
        ),
        (
            _A_
            + "import warnings\ndef is_authentic(key, record_id, sealed):\n    try:\n        AESGCM(key).decrypt(sealed[:12], sealed[12:], record_id.encode())\n    except Exception:\n        warnings.warn('forged')\n    return True",
            "was accepted",
        ),
    ],
    "1.3": [
        (_T_ + "    return int.from_bytes(raw[2:9], 'big')", "8 bytes long"),
        (_T_ + "    return int.from_bytes(raw[1:9], 'big', signed=True)", "signed"),
        (_T_ + "    return int.from_bytes(raw[1:9], 'little')", "big-endian"),
        (
            "import base64\ndef fernet_timestamp(token):\n    raw = base64.b64decode(token)\n    return int.from_bytes(raw[1:9], 'big')",
            "URL-safe",
        ),
        (
            "def fernet_timestamp(token):\n    return int.from_bytes(token[1:9], 'big')",
            "base64url-decode",
        ),
        (_T_ + "    return int.from_bytes(raw[1:5], 'big')", "8 bytes long"),
        (_T_ + "    return int(raw[1:9].hex())", "raised ValueError: invalid literal"),
        (
            "import base64, struct\ndef fernet_timestamp(token):\n    raw = base64.urlsafe_b64decode(token)\n    return float(struct.unpack('>Q', raw[1:9])[0])",
            "as an int",
        ),
    ],
    "1.4": [
        (
            _R_ + "    return symmetric.xor_bytes(known_plaintext, target_sealed[12:-16])",
            "keystream",
        ),
        (
            _R_
            + "    ks = symmetric.xor_bytes(known_plaintext, known_sealed[12:-16])\n    return symmetric.xor_bytes(ks, known_sealed[12:-16])",
            "known plaintext",
        ),
        (
            _R_
            + "    a, b = known_sealed[:-16], target_sealed[:-16]\n    return bytes(x ^ y ^ z for x, y, z in zip(known_plaintext, a, b))",
            "starts at byte 0",
        ),
        (
            _R_
            + "    a, b = known_sealed[12:], target_sealed[12:]\n    return bytes(x ^ y ^ z for x, y, z in zip(known_plaintext, a, b)) + target_sealed[-16:]",
            "16 bytes too long",
        ),
        (
            _R_
            + "    ks = symmetric.xor_bytes(known_plaintext, known_sealed[12:-16])\n    return symmetric.xor_bytes(ks, target_sealed[12:-16])[::-1]",
            "reversed",
        ),
    ],
    "1.5": [
        (
            _P_
            + "    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(password[:32].encode())",
            "whole password",
        ),
        (
            _P_
            + "    return Scrypt(salt=b'\\x01' * 16, length=32, n=2**17, r=8, p=1).derive(password.encode())",
            "salt given",
        ),
        (
            _P_
            + "    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(password.strip().encode())",
            "without its spaces",
        ),
        (
            _P_
            + "    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(password.encode('ascii', 'ignore'))",
            "non-ASCII letters were dropped",
        ),
        (
            _P_
            + "    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(password.lower().encode())",
            "capitals",
        ),
        (
            _P_
            + "    return Scrypt(salt=salt[:8], length=32, n=2**17, r=8, p=1).derive(password.encode())",
            "part of the salt",
        ),
    ],
    "1.6": [
        (
            _D_
            + "    return {p: HKDF(algorithm=hashes.SHA512(), length=32, salt=None, info=p.encode()).derive(master_key) for p in ('encryption', 'authentication')}",
            "SHA-256",
        ),
        (
            _D_
            + "    return {p: HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=p[:4].encode()).derive(master_key) for p in ('encryption', 'authentication')}",
            "info label",
        ),
        (
            _D_
            + "    return {p: HKDF(algorithm=hashes.SHA256(), length=32, salt=p.encode(), info=None).derive(master_key) for p in ('encryption', 'authentication')}",
            "salt",
        ),
        (
            _D_
            + "    return {p: HKDFExpand(algorithm=hashes.SHA256(), length=32, info=p.encode()).derive(master_key) for p in ('encryption', 'authentication')}",
            "extract step",
        ),
        (
            _D_
            + "    return {p: HKDF(algorithm=hashes.SHA256(), length=32, salt=master_key, info=p.encode()).derive(master_key) for p in ('encryption', 'authentication')}",
            "salt",
        ),
        (
            "import hashlib\ndef derive_keys(master_key):\n    return {p: hashlib.sha256(master_key + p.encode()).digest() for p in ('encryption', 'authentication')}",
            "HKDF",
        ),
        (
            _D_
            + "    return {p: HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=p.upper().encode()).derive(master_key) for p in ('encryption', 'authentication')}",
            "info label",
        ),
    ],
}
RIGHT_ANSWERS = {
    "1.1": [
        _seal("os.urandom(12)", pt="json.dumps(record, sort_keys=True).encode('utf-8')"),
        _seal("secrets.token_bytes(12)").replace("import json, os", "import json, os, secrets"),
    ],
    "1.2": [
        _A_
        + "def is_authentic(key, record_id, sealed):\n    try:\n        AESGCM(key).decrypt(sealed[:12], sealed[12:], record_id.encode())\n    except Exception:\n        return False\n    return True"
    ],
    "1.3": [
        "import base64, struct\ndef fernet_timestamp(token):\n    return struct.unpack('>Q', base64.urlsafe_b64decode(token)[1:9])[0]"
    ],
    "1.4": [
        _R_
        + "    a, b = known_sealed[12:], target_sealed[12:]\n    return bytes(x ^ y ^ z for x, y, z in zip(known_plaintext, a, b))"
    ],
    "1.6": [
        _D_
        + "    return {p: HKDF(algorithm=hashes.SHA256(), length=32, salt=b'', info=p.encode()).derive(master_key) for p in ('encryption', 'authentication')}"
    ],
}

for _exercise, _cases in _STUDENTS.items():
    WRONG_ANSWERS[_exercise] += _cases

# A second round as students (issue 11), again before reading the checkers: aliases of
# weak generators and clocks, unit slips, swapped arguments. Those that passed, or got a
# hint blaming something else, made the checks stronger.
_SECOND_ROUND = {
    "1.1": [
        (
            'import json, os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nfrom time import time_ns as stamp\ndef seal_record(key, record_id, record):\n    nonce = stamp().to_bytes(12, "big")\n    return nonce + AESGCM(key).encrypt(nonce, json.dumps(record).encode(), record_id.encode())',
            "made from the clock",
        ),
        (
            "import json, os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nimport random as r\ndef seal_record(key, record_id, record):\n    nonce = r.Random().randbytes(12)\n    return nonce + AESGCM(key).encrypt(nonce, json.dumps(record).encode(), record_id.encode())",
            "`random.Random()` made inside the function",
        ),
        (
            "import json, os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nimport uuid\ndef seal_record(key, record_id, record):\n    nonce = uuid.uuid4().bytes[:12]\n    return nonce + AESGCM(key).encrypt(nonce, json.dumps(record).encode(), record_id.encode())",
            "6 bits of the nonce are the same",
        ),
        (
            'import json, os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nimport time\ndef seal_record(key, record_id, record):\n    clock = getattr(time, "perf_counter" + "_ns")\n    nonce = clock().to_bytes(12, "big")\n    return nonce + AESGCM(key).encrypt(nonce, json.dumps(record).encode(), record_id.encode())',
            "made from the clock",
        ),
    ],
    "1.2": [
        (
            "from cryptography.exceptions import InvalidTag\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\ndef is_authentic(key, record_id, sealed):\n    try:\n        AESGCM(key).decrypt(sealed[-12:], sealed[:-12], record_id.encode())\n        return True\n    except Exception:\n        return False",
            "genuine record was rejected",
        ),
    ],
    "1.3": [
        (
            'import base64\ndef fernet_timestamp(token):\n    raw = base64.urlsafe_b64decode(token)\n    return int.from_bytes(raw[1:9], "big") // 1000',
            "no change of unit",
        ),
    ],
    "1.4": [
        (
            "from utils import symmetric\ndef recover_record(known_plaintext, known_sealed, target_sealed):\n    return symmetric.xor_bytes(known_plaintext, symmetric.xor_bytes(known_sealed[12:], target_sealed[12:]))",
            "the 16-byte tag at the end",
        ),
        (
            "from utils import symmetric\ndef recover_record(known_plaintext, known_sealed, target_sealed):\n    return symmetric.xor_bytes(known_plaintext, symmetric.xor_bytes(known_sealed[16:-12], target_sealed[16:-12]))",
            "starts at byte 16",
        ),
        (
            "from utils import symmetric\ndef recover_record(known_plaintext, known_sealed, target_sealed):\n    n = len(known_plaintext)\n    return symmetric.xor_bytes(known_plaintext, symmetric.xor_bytes(known_sealed[-n:], target_sealed[-n:]))",
            "starts at byte 28",
        ),
    ],
    "1.5": [
        (
            "from cryptography.hazmat.primitives.kdf.scrypt import Scrypt\n\nimport hashlib\ndef password_key(password, salt):\n    return hashlib.scrypt(password.encode(), salt=salt, n=2**17, r=8, p=1, dklen=32)",
            "maxmem",
        ),
        (
            'from cryptography.hazmat.primitives.kdf.scrypt import Scrypt\n\ndef password_key(password, salt):\n    return Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(password.encode("utf-16"))',
            "UTF-8 bytes",
        ),
        (
            "from cryptography.hazmat.primitives.kdf.scrypt import Scrypt\n\ndef password_key(password, salt):\n    return Scrypt(salt=salt, length=32, n=17, r=8, p=1).derive(password.encode()) if False else Scrypt(salt=salt, length=32, n=2**16, r=8, p=2).derive(password.encode())",
            "n=2**17, r=8, p=1",
        ),
    ],
    "1.6": [
        (
            'from cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.kdf.hkdf import HKDF\n\ndef derive_keys(master_key):\n    okm = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=b"").derive(master_key)\n    return {"encryption": okm[:32], "authentication": okm[32:]}',
            "halves of one 64-byte derivation",
        ),
        (
            'from cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.kdf.hkdf import HKDF\n\nimport hmac, hashlib\ndef derive_keys(master_key):\n    return {n: hmac.new(master_key, n.encode(), hashlib.sha256).digest() for n in ("encryption", "authentication")}',
            "not HKDF-SHA256",
        ),
        (
            'from cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.kdf.hkdf import HKDF\n\ndef derive_keys(master_key):\n    return {n: HKDF(algorithm=hashes.SHA256(), length=32, salt=master_key, info=n.encode()).derive(master_key) for n in ("encryption", "authentication")}',
            "used a salt",
        ),
    ],
}
for _exercise, _cases in _SECOND_ROUND.items():
    WRONG_ANSWERS[_exercise] += _cases
RIGHT_ANSWERS.setdefault("1.6", []).append(
    'from cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.kdf.hkdf import HKDF\n\ndef derive_keys(master_key):\n    return {n: HKDF(algorithm=hashes.SHA256(), length=32, salt=bytes(32), info=n.encode()).derive(master_key) for n in ("encryption", "authentication")}'
)
RIGHT_ANSWERS.setdefault("1.5", []).append(
    "from cryptography.hazmat.primitives.kdf.scrypt import Scrypt\n\nimport hashlib\ndef password_key(password, salt):\n    return hashlib.scrypt(password.encode(), salt=salt, n=2**17, r=8, p=1, dklen=32, maxmem=2**28)"
)
RIGHT_ANSWERS.setdefault("1.3", []).append(
    "import base64\ndef fernet_timestamp(token):\n    if isinstance(token, str): token = token.encode()\n    return int(base64.urlsafe_b64decode(token)[1:9].hex(), 16)"
)
RIGHT_ANSWERS.setdefault("1.2", []).append(
    "from cryptography.exceptions import InvalidTag\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\ndef is_authentic(key, record_id, sealed):\n    if len(sealed) < 12:\n        return False\n    try:\n        AESGCM(key).decrypt(sealed[:12], sealed[12:], record_id.encode())\n        return True\n    except InvalidTag:\n        return False"
)
