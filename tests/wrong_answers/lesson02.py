"""Plausible wrong answers to lesson 02's exercises, each with a piece of its expected hint."""

_LOAD = "import io\nfrom pathlib import Path\nimport numpy as np\nfrom utils import storage\n"
_AESGCM = "import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
_STREAM = (
    "from cryptography.exceptions import InvalidTag\n"
    "from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305\n"
    "from utils.storage import chunk_nonce\n"
)

# exercise id -> list of (wrong exercise-cell source, a piece of the hint it must get)
WRONG_ANSWERS = {
    "2.1": [
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain_path = Path(path).with_suffix('.csv')\n"
            "    storage.decrypt_file(path, plain_path, identity)\n"
            "    table = np.loadtxt(plain_path, delimiter=',', skiprows=1)\n"
            "    return table[:, :-1], table[:, -1].astype(int)",
            "plaintext file appeared on disk",
        ),
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1)\n"
            "    return table, table[:, -1].astype(int)",
            "one column too many",
        ),
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1)\n"
            "    return table[:, :-1], table[:, -1]",
            "must be integers",
        ),
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=2)\n"
            "    return table[:, :-1], table[:, -1].astype(int)",
            "expected (7, 3)",
        ),
        (
            _LOAD + "import tempfile\n"
            "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    with tempfile.NamedTemporaryFile(suffix='.csv') as scratch:\n"
            "        scratch.write(plain)\n        scratch.flush()\n"
            "        table = np.loadtxt(scratch.name, delimiter=',', skiprows=1, ndmin=2)\n"
            "    return table[:, :-1], table[:, -1].astype(int)",
            "even if it deleted it afterwards",
        ),
        (
            _LOAD + "import os, shutil, tempfile\n"
            "def load_encrypted_csv(path, identity):\n"
            "    scratch = tempfile.mkdtemp()\n"
            "    plain_path = os.path.join(scratch, 'data.csv')\n"
            "    Path(plain_path).write_bytes(storage.decrypt(Path(path).read_bytes(), identity))\n"
            "    table = np.loadtxt(plain_path, delimiter=',', skiprows=1, ndmin=2)\n"
            "    shutil.rmtree(scratch)\n"
            "    return table[:, :-1], table[:, -1].astype(int)",
            "created or wrote a file on disk",
        ),
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1)\n"
            "    return table[:, :-1], table[:, -1].astype(int)",
            "pass ndmin=2",
        ),
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1, ndmin=2)\n"
            "    return table[:, :-1], table[:, -1:].astype(int)",
            "y has shape (7, 1)",
        ),
    ],
    "2.2": [
        (
            _AESGCM + "NONCE = os.urandom(12)\n"
            "def wrap_data_key(kek, dek, kek_id):\n"
            "    return NONCE + AESGCM(kek).encrypt(NONCE, dek, kek_id.encode())",
            "nonce fresh",
        ),
        (
            _AESGCM + "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return n + AESGCM(kek).encrypt(n, dek, None)",
            "not bound to its KEK",
        ),
        (
            _AESGCM + "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return n + AESGCM(dek).encrypt(n, kek, kek_id.encode())",
            "roles are swapped",
        ),
        (
            _AESGCM + "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return n + dek + os.urandom(16)",
            "appears in clear",
        ),
        (
            _AESGCM + "import random\n"
            "def wrap_data_key(kek, dek, kek_id):\n    n = random.randbytes(12)\n"
            "    return n + AESGCM(kek).encrypt(n, dek, kek_id.encode())",
            "never from random",
        ),
    ],
    "2.3": [
        (
            "from utils import storage\n"
            "def rotate_objects(objects, ring):\n"
            "    return {n: storage.rewrap_envelope(b, ring, ring) for n, b in objects.items()}",
            "has no new KEK",
        ),
        (
            "from utils import storage\n"
            "def rotate_objects(objects, ring):\n"
            "    return {n: storage.rewrap_envelope(b, ring, ring.rotate()) for n, b in objects.items()}",
            "rotate once",
        ),
        (
            "from utils import storage\n"
            "def rotate_objects(objects, ring):\n"
            "    ring.rotate()\n"
            "    return {n: storage.envelope_encrypt(storage.envelope_decrypt(b, ring), ring)\n"
            "            for n, b in objects.items()}",
            "payload bytes changed",
        ),
        (
            "from utils import storage\n"
            "def rotate_objects(objects, ring):\n    ring.rotate()\n    return dict(objects)",
            "still wrapped by KEK 'kek-old'",
        ),
        (
            "from utils import storage\n"
            "def rotate_objects(objects, ring):\n    new_kek = ring.rotate()\n"
            "    for n, b in objects.items():\n"
            "        objects[n] = storage.rewrap_envelope(b, ring, new_kek)\n"
            "    return objects",
            "input dict was changed",
        ),
    ],
    "2.4": [
        (
            "def stream_nonce(counter, last):\n"
            "    return counter.to_bytes(11, 'little') + (b'\\x01' if last else b'\\x00')",
            "big-endian",
        ),
        (
            "def stream_nonce(counter, last):\n    return counter.to_bytes(11, 'big') + b'\\x00'",
            "flag byte is wrong",
        ),
        (
            "def stream_nonce(counter, last):\n"
            "    return counter.to_bytes(12, 'big') + (b'\\x01' if last else b'\\x00')",
            "must be 12 bytes",
        ),
        (
            "def stream_nonce(counter, last):\n"
            "    return (b'\\x01' if last else b'\\x00') + counter.to_bytes(11, 'big')",
            "belongs at the end",
        ),
    ],
    "2.5": [
        (
            _STREAM + "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    for i, c in enumerate(chunks):\n        try:\n"
            "            aead.decrypt(chunk_nonce(i, False), c, None)\n"
            "        except InvalidTag:\n            return False\n    return True",
            "intact sequence was rejected",
        ),
        (
            _STREAM + "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    if not chunks:\n        return False\n"
            "    for i, c in enumerate(chunks):\n"
            "        for last in (False, True):\n            try:\n"
            "                aead.decrypt(chunk_nonce(i, last), c, None)\n                break\n"
            "            except InvalidTag:\n                pass\n"
            "        else:\n            return False\n    return True",
            "truncated sequence (final chunk dropped) was accepted",
        ),
        (
            _STREAM + "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    if not chunks:\n        return False\n"
            "    for c in chunks:\n"
            "        if not any(_opens(aead, j, c) for j in range(len(chunks))):\n"
            "            return False\n    return True\n"
            "def _opens(aead, j, c):\n    try:\n"
            "        aead.decrypt(chunk_nonce(j, False), c, None)\n        return True\n"
            "    except InvalidTag:\n"
            "        try:\n            aead.decrypt(chunk_nonce(j, True), c, None)\n"
            "            return True\n        except InvalidTag:\n            return False",
            "reordered sequence was accepted",
        ),
        (
            _STREAM + "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    for i, c in enumerate(chunks):\n        try:\n"
            "            aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), c, None)\n"
            "        except InvalidTag:\n            return False\n    return True",
            "always ends with a final chunk",
        ),
        (
            _STREAM + "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    if not chunks:\n        return False\n"
            "    for i, c in enumerate(chunks):\n"
            "        aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), c, None)\n"
            "    return True",
            "raised InvalidTag",
        ),
        (
            _STREAM + "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    for i, c in enumerate(chunks):\n        try:\n"
            "            aead.decrypt(chunk_nonce(i, True), c, None)\n            return True\n"
            "        except InvalidTag:\n            pass\n        try:\n"
            "            aead.decrypt(chunk_nonce(i, False), c, None)\n"
            "        except InvalidTag:\n            return False\n    return False",
            "trailing data after the final chunk must fail",
        ),
        (
            _STREAM + "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    if not chunks:\n        return None\n"
            "    for i, c in enumerate(chunks):\n        try:\n"
            "            aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), c, None)\n"
            "        except InvalidTag:\n            return None\n    return True",
            "return False (a bool), not None",
        ),
    ],
    "2.6": [
        (
            "import hashlib\ndef blind_index_of(index_key, value):\n"
            "    return hashlib.sha256(value.strip().lower().encode()).digest()",
            "unkeyed hash",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    return hmac.new(index_key, value.encode(), hashlib.sha256).digest()",
            "normalize",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    return hmac.new(value.strip().lower().encode(), index_key, hashlib.sha256).digest()",
            "swapped",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    return hmac.new(index_key, value.strip().lower().encode(), hashlib.sha256).hexdigest()",
            "not hex",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    return hmac.new(index_key, value.strip().lower().encode(), hashlib.md5).digest()",
            "HMAC-SHA256 digest is 32 bytes",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    return hmac.new(index_key, value.strip().casefold().encode(), hashlib.sha256).digest()",
            "casefold",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    normalized = value.strip().lower().encode('latin-1')\n"
            "    return hmac.new(index_key, normalized, hashlib.sha256).digest()",
            "encode the value as UTF-8",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    return hmac.new(index_key, value.strip(' ').lower().encode(), hashlib.sha256).digest()",
            "tabs and newlines",
        ),
    ],
}
