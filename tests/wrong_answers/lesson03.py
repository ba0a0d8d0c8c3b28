"""Plausible wrong answers to lesson 03's exercises, each with a piece of its expected hint."""

_LOAD = "import io\nfrom pathlib import Path\nimport numpy as np\nfrom utils import storage\n"
_AESGCM = "import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
_HEADER = "import base64\nfrom utils import storage\n"
_STREAM = (
    "from cryptography.exceptions import InvalidTag\n"
    "from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305\n"
    "from utils.storage import chunk_nonce\n"
)

# exercise id -> list of (wrong exercise-cell source, a piece of the hint it must get)
WRONG_ANSWERS = {
    "3.1": [
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
            "the first data row is missing",
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
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    text = storage.decrypt(Path(path).read_bytes(), identity).decode()\n"
            "    table = np.array([line.split(',') for line in text.strip().splitlines()[1:]])\n"
            "    return table[:, :-1], table[:, -1].astype(int)",
            "parse the features as numbers",
        ),
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1, ndmin=2)\n"
            "    table = table.astype(int)\n"
            "    return table[:, :-1], table[:, -1]",
            "features were cut to integers",
        ),
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1, ndmin=2)\n"
            "    return table[:, :-1].tolist(), table[:, -1].astype(int).tolist()",
            "return numpy arrays, got list",
        ),
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1, ndmin=2)\n"
            "    return table[:, -1].astype(int), table[:, :-1]",
            "X and y are swapped",
        ),
        (
            _LOAD + "def load_encrypted_csv(path, identity):\n"
            "    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
            "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1, ndmin=2)\n"
            "    return table[:, 1:], table[:, 0].astype(int)",
            "the label is the CSV's last column",
        ),
    ],
    "3.2": [
        (
            _AESGCM + "NONCE = os.urandom(12)\n"
            "def wrap_data_key(kek, dek, kek_id):\n"
            "    return NONCE + AESGCM(kek).encrypt(NONCE, dek, kek_id.encode())",
            "nonce fresh",
        ),
        (
            _AESGCM + "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return n + AESGCM(kek).encrypt(n, dek, None)",
            "the KEK id is not bound",
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
        (
            _AESGCM + "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return AESGCM(kek).encrypt(n, dek, kek_id.encode()) + n",
            "the nonce must come first",
        ),
        (
            _AESGCM + "from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305\n"
            "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return n + ChaCha20Poly1305(kek).encrypt(n, dek, kek_id.encode())",
            "this exercise asks for AES-GCM",
        ),
        (
            _AESGCM + "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return n + AESGCM(kek).encrypt(n, dek, kek)",
            "the associated data is the KEK itself",
        ),
        (
            _AESGCM + "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return n + AESGCM(kek[:16]).encrypt(n, dek, kek_id.encode())",
            "part of the KEK",
        ),
        (
            _AESGCM + "import itertools\n_wraps = itertools.count()\n"
            "def wrap_data_key(kek, dek, kek_id):\n    n = next(_wraps).to_bytes(12, 'big')\n"
            "    return n + AESGCM(kek).encrypt(n, dek, kek_id.encode())",
            "a counter or a clock",
        ),
        (
            _AESGCM + "import time\n"
            "def wrap_data_key(kek, dek, kek_id):\n    n = time.time_ns().to_bytes(12, 'big')\n"
            "    return n + AESGCM(kek).encrypt(n, dek, kek_id.encode())",
            "made from the clock",
        ),
        (
            _AESGCM + "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return n + AESGCM(kek).encrypt(n, dek, kek_id.encode('ascii'))",
            "not ASCII",
        ),
        (
            _AESGCM + "def wrap_data_key(kek, dek, kek_id):\n    n = os.urandom(12)\n"
            "    return n + AESGCM(kek).encrypt(n, dek, kek_id.encode('latin-1'))",
            "encode the id as UTF-8",
        ),
    ],
    "3.3": [
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
            "    return {n: storage.envelope_encrypt(storage.envelope_decrypt(b, ring, name=n), ring,\n"
            "                                        name=n)\n"
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
    "3.4": [
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
        (
            "import struct\ndef stream_nonce(counter, last):\n"
            "    flag = b'\\x01' if last else b'\\x00'\n"
            "    return bytes(3) + struct.pack('>Q', counter) + flag",
            "needs all 11 bytes",
        ),
        (
            "def stream_nonce(counter, last):\n    nonce = bytearray(12)\n"
            "    nonce[:11] = counter.to_bytes(11, 'big')\n    nonce[11] = 1 if last else 0\n"
            "    return nonce",
            "return bytes",
        ),
        (
            "def stream_nonce(counter, last):\n"
            "    return (counter + 1).to_bytes(11, 'big') + (b'\\x01' if last else b'\\x00')",
            "counter 0 was written as 1",
        ),
        (
            "def stream_nonce(counter, last):\n"
            "    return (counter.to_bytes(11, 'big') + (b'\\x01' if last else b'\\x00')).hex()",
            "return the nonce as bytes, got str",
        ),
    ],
    "3.5": [
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
        (
            _STREAM + "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    ended = False\n"
            "    for i, c in enumerate(chunks):\n        try:\n"
            "            aead.decrypt(chunk_nonce(i, False), c, None)\n            ended = False\n"
            "        except InvalidTag:\n            try:\n"
            "                aead.decrypt(chunk_nonce(i, True), c, None)\n"
            "                ended = True\n"
            "            except InvalidTag:\n                return False\n    return ended",
            "a final chunk in the middle was accepted",
        ),
        (
            _STREAM + "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    if not chunks:\n        return False\n    plain = b''\n"
            "    for i, c in enumerate(chunks):\n        try:\n"
            "            plain += aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), c, None)\n"
            "        except InvalidTag:\n            return False\n    return plain",
            "not the decrypted data",
        ),
        (
            _STREAM + "import numpy as np\n"
            "def stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
            "    opened = []\n    for i, c in enumerate(chunks):\n        try:\n"
            "            aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), c, None)\n"
            "            opened.append(True)\n        except InvalidTag:\n"
            "            opened.append(False)\n    return len(chunks) > 0 and np.all(opened)",
            "returned a numpy.bool",
        ),
    ],
    "3.6": [
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    return [base64.b64decode(s.args[0]) for s in stanzas if s.type == 'X25519']",
            "without the '=' padding",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    return [base64.b64decode(s.args[0] + '=') for s in stanzas]",
            "a file with grease stanzas",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    return [base64.b64decode(s.args[0] + '=') for s in stanzas if len(s.args) == 1]",
            "skip every stanza whose type is not exactly 'X25519'",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    return [base64.b64decode(s.args[0] + '=') for s in stanzas if s.type != 'scrypt']",
            "as rage writes",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    return [s.body for s in stanzas if s.type == 'X25519']",
            "the wrapped file keys",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    return [s.args[0] for s in stanzas if s.type == 'X25519']",
            "as base64 text",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    return [base64.b64decode(s.args[0] + '=') for s in stanzas\n"
            "            if s.type.lower() == 'x25519']",
            "case-sensitive",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanza = storage.read_header(age_file).stanzas[0]\n"
            "    return [base64.b64decode(stanza.args[0] + '=')]",
            "one key per X25519 stanza",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    keys = [base64.b64decode(s.args[0] + '=') for s in stanzas if s.type == 'X25519']\n"
            "    return keys[::-1]",
            "reverse order",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    return tuple(base64.b64decode(s.args[0] + '=') for s in stanzas\n"
            "                 if s.type == 'X25519')",
            "return a list",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    return [base64.b64decode(s.args[0] + '=').hex() for s in stanzas\n"
            "            if s.type == 'X25519']",
            "each key must be bytes, got str",
        ),
        (
            _HEADER + "def ephemeral_keys(age_file):\n"
            "    stanzas = storage.read_header(age_file).stanzas\n"
            "    if any(s.type == 'scrypt' for s in stanzas):\n"
            "        return None\n"
            "    return [base64.b64decode(s.args[0] + '=') for s in stanzas if s.type == 'X25519']",
            "must give []",
        ),
    ],
    "3.7": [
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
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    normalized = ''.join(value.split()).lower().encode()\n"
            "    return hmac.new(index_key, normalized, hashlib.sha256).digest()",
            "whitespace between its words changed",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    normalized = ' '.join(value.split()).lower().encode()\n"
            "    return hmac.new(index_key, normalized, hashlib.sha256).digest()",
            "whitespace between its words changed",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    normalized = value.strip(' \\t\\n').lower().encode()\n"
            "    return hmac.new(index_key, normalized, hashlib.sha256).digest()",
            "(\\r too)",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    normalized = value.strip().lower().encode()\n"
            "    return hmac.new(index_key, normalized, hashlib.sha256).digest()[:16]",
            "cut to 16 bytes",
        ),
        (
            "import hashlib\ndef blind_index_of(index_key, value):\n"
            "    return hashlib.sha256(index_key + value.strip().lower().encode()).digest()",
            "is not HMAC",
        ),
        (
            "import base64, hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    normalized = value.strip().lower().encode()\n"
            "    digest = hmac.new(index_key, normalized, hashlib.sha256).digest()\n"
            "    return base64.b64encode(digest)",
            "written as text",
        ),
        (
            "import hashlib, hmac\ndef blind_index_of(index_key, value):\n"
            "    normalized = value.strip().lower().encode('utf-8')\n"
            "    return hmac.new(index_key, normalized, hashlib.sha256).digest()",
            "unicodedata.normalize('NFC', value)",
        ),
        (
            "import hashlib, hmac, unicodedata\ndef blind_index_of(index_key, value):\n"
            "    normalized = unicodedata.normalize('NFD', value).strip().lower().encode('utf-8')\n"
            "    return hmac.new(index_key, normalized, hashlib.sha256).digest()",
            "normalize to NFC (not NFD",
        ),
        (
            "import hashlib, hmac, unicodedata\ndef blind_index_of(index_key, value):\n"
            "    normalized = unicodedata.normalize('NFKC', value).strip().lower().encode('utf-8')\n"
            "    return hmac.new(index_key, normalized, hashlib.sha256).digest()",
            "the exercise asks for NFC",
        ),
    ],
}


# Tried as students would (issue 11), before reading the checker; those it accepted, or
# answered with a hint that blamed something else, made it stronger. Each with its hint.
_L_ = "import io\nfrom pathlib import Path\nimport numpy as np\nfrom utils import storage\ndef load_encrypted_csv(path, identity):\n    plain = storage.decrypt(Path(path).read_bytes(), identity)\n"
_W_ = "import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"


def _wrap(nonce, aad="kek_id.encode()", pre=""):
    return (
        _W_
        + f"def wrap_data_key(kek, dek, kek_id):\n{pre}    nonce = {nonce}\n    return nonce + AESGCM(kek).encrypt(nonce, dek, {aad})\n"
    )


_RO_ = "from utils import storage\ndef rotate_objects(objects, ring):\n"
_C_ = "from cryptography.exceptions import InvalidTag\nfrom cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305\nfrom utils.storage import chunk_nonce\ndef stream_is_intact(chunks, key):\n    aead = ChaCha20Poly1305(key)\n"
_E_ = "import base64\nfrom utils import storage\ndef ephemeral_keys(age_file):\n"
_B_ = "import hashlib, hmac, unicodedata\ndef blind_index_of(index_key, value):\n"
_STUDENTS = {
    "3.1": [
        (
            _L_
            + "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1, ndmin=2)\n    return table[:, 1:-1], table[:, -1].astype(int)",
            "X has shape",
        ),
        (
            _L_
            + "    table = np.genfromtxt(io.BytesIO(plain), delimiter=',')\n    return table[:, :-1], table[:, -1].astype(int)",
            "header",
        ),
        (
            _L_
            + "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1, ndmin=2)\n    return table[:, :-1], table[:, -1]",
            "dtype",
        ),
        (
            _L_
            + "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1, ndmin=2)\n    return table[:, :-1].astype(np.float16), table[:, -1].astype(int)",
            "values differ",
        ),
        (
            _L_
            + "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=2, ndmin=2)\n    return table[:, :-1], table[:, -1].astype(int)",
            "first data row is missing",
        ),
        (
            _L_
            + "    table = np.loadtxt(io.BytesIO(plain), delimiter=',', skiprows=1, ndmin=2)[:-1]\n    return table[:, :-1], table[:, -1].astype(int)",
            "last data row is missing",
        ),
    ],
    "3.2": [
        (
            _W_ + "import random\n" + _wrap("random.Random().randbytes(12)").split(_W_)[1],
            "`random.Random()`",
        ),
        (
            _W_ + "import numpy as np\n" + _wrap("np.random.default_rng().bytes(12)").split(_W_)[1],
            "numpy generator",
        ),
        (_W_ + "import uuid\n" + _wrap("uuid.uuid1().bytes[:12]").split(_W_)[1], "uuid1"),
        (_wrap("os.urandom(12)", aad="kek_id.encode('utf-16')"), "UTF-8"),
        (_wrap("os.urandom(4) + b'\\x01' * 4 + os.urandom(4)"), "same in every nonce"),
        (_wrap("os.urandom(12)", aad="dek[:8]"), "KEK id's UTF-8 bytes"),
    ],
    "3.3": [
        (
            _RO_
            + "    for name, blob in objects.items():\n        objects[name] = storage.rewrap_envelope(blob, ring, ring.rotate())\n    return objects",
            "changed",
        ),
        (
            _RO_
            + "    new = ring.rotate()\n    for name in list(objects):\n        objects[name] = storage.rewrap_envelope(objects[name], ring, new)\n    return dict(objects)",
            "input dict was changed",
        ),
        (
            _RO_
            + "    return {n: storage.rewrap_envelope(b, ring, ring.rotate()) for n, b in objects.items()}",
            "holds",
        ),
        (
            _RO_
            + "    new = ring.rotate()\n    return {n: storage.rewrap_envelope(b, ring, new) for n, b in objects.items()}".replace(
                "ring.rotate()", "ring.rotate('kek-2026')"
            ),
            "second rotation",
        ),
        (
            _RO_
            + "    new = ring.rotate()\n    out = {n: storage.rewrap_envelope(b, ring, new) for n, b in objects.items()}\n    objects.clear()\n    return out",
            "changed",
        ),
        (
            _RO_
            + "    new = ring.rotate()\n    return {n: storage.envelope_encrypt(storage.envelope_decrypt(b, ring, name=n), new, name=n) for n, b in objects.items()}",
            "payload bytes changed",
        ),
    ],
    "3.4": [
        (
            "import struct\ndef stream_nonce(counter, last):\n    return b'\\x00\\x00\\x00' + struct.pack('>Q', counter) + bytes([last])",
            "2**88 - 1",
        ),
        (
            "def stream_nonce(counter, last):\n    return counter.to_bytes(11, 'little') + (b'\\x01' if last else b'\\x00')",
            "big-endian",
        ),
        (
            "def stream_nonce(counter, last):\n    return counter.to_bytes(11, 'big') + (b'\\x00' if last else b'\\x01')",
            "flag byte is wrong",
        ),
        (
            "def stream_nonce(counter, last):\n    return counter.to_bytes(12, 'big')[:11] + (b'\\x01' if last else b'\\x00')",
            "wrong first 11 bytes",
        ),
        (
            "def stream_nonce(counter, last):\n    return (counter % 2**64).to_bytes(11, 'big') + (b'\\x01' if last else b'\\x00')",
            "11 bytes",
        ),
        (
            "def stream_nonce(counter, last):\n    return counter.to_bytes(11, 'big') + (b'\\xff' if last else b'\\x00')",
            "flag byte is wrong",
        ),
    ],
    "3.5": [
        (
            _C_
            + "    for i, chunk in enumerate(chunks):\n        try:\n            aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), chunk, None)\n        except InvalidTag:\n            return False\n    return True",
            "empty sequence",
        ),
        (
            _C_
            + "    if not chunks:\n        return False\n    for i, chunk in enumerate(chunks):\n        try:\n            aead.decrypt(chunk_nonce(i, False), chunk, None)\n        except InvalidTag:\n            try:\n                aead.decrypt(chunk_nonce(i, True), chunk, None)\n            except InvalidTag:\n                return False\n    return True",
            "accepted",
        ),
        (
            _C_
            + "    if not chunks:\n        return False\n    try:\n        aead.decrypt(chunk_nonce(0, len(chunks) == 1), chunks[0], None)\n    except InvalidTag:\n        return False\n    return True",
            "accepted",
        ),
        (
            _C_
            + "    if not chunks:\n        return False\n    for i, chunk in enumerate(chunks, start=1):\n        try:\n            aead.decrypt(chunk_nonce(i, i == len(chunks)), chunk, None)\n        except InvalidTag:\n            return False\n    return True",
            "rejected",
        ),
        (
            _C_
            + "    if not chunks:\n        return False\n    for i, chunk in enumerate(chunks):\n        try:\n            aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), chunk, None)\n        except InvalidTag:\n            return False\n    chunks.clear()\n    return True",
            "changed its argument `chunks`",
        ),
        (
            _C_
            + "    if not chunks:\n        return False\n    for i, chunk in enumerate(chunks):\n        try:\n            aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), chunk, None)\n        except InvalidTag:\n            return None\n    return True",
            "not None",
        ),
    ],
    "3.6": [
        (
            _E_
            + "    return [base64.b64decode(s.args[0] + '=') for s in storage.read_header(age_file).stanzas if 'X25519' in s.type]",
            "unknown type",
        ),
        (
            _E_
            + "    return [base64.b64decode(s.args[0] + '=') for s in storage.read_header(age_file).stanzas if s.type.upper() == 'X25519']",
            "case-sensitive",
        ),
        (
            _E_
            + "    return [base64.b64decode(s.args[0] + '=') for s in storage.read_header(age_file).stanzas if len(s.args) == 1]",
            "type",
        ),
        (
            _E_
            + "    return [base64.b64decode(s.args[0] + '=') for s in storage.read_header(age_file).stanzas[:2] if s.type == 'X25519']",
            "recipients",
        ),
        (
            _E_
            + "    return [base64.b64decode(s.args[0] + '=')[:32] for s in storage.read_header(age_file).stanzas if s.type == 'X25519'][::-1]",
            "reverse order",
        ),
    ],
    "3.7": [
        (
            _B_
            + "    v = unicodedata.normalize('NFC', value).strip(' ').lower()\n    return hmac.new(index_key, v.encode(), hashlib.sha256).digest()",
            "tabs and newlines",
        ),
        (
            _B_
            + "    v = unicodedata.normalize('NFKC', value).strip().lower()\n    return hmac.new(index_key, v.encode(), hashlib.sha256).digest()",
            "NFKC",
        ),
        (
            _B_
            + "    v = unicodedata.normalize('NFC', value).strip().casefold()\n    return hmac.new(index_key, v.encode(), hashlib.sha256).digest()",
            "casefold",
        ),
        (
            _B_
            + "    v = unicodedata.normalize('NFC', value).strip().lower()\n    return hmac.new(index_key[:16], v.encode(), hashlib.sha256).digest()",
            "the whole index_key",
        ),
        (
            _B_
            + "    v = unicodedata.normalize('NFC', value).strip().lower()\n    return hmac.new(index_key, v.encode(), hashlib.sha512).digest()[:32]",
            "use hashlib.sha256",
        ),
        (
            _B_
            + "    v = unicodedata.normalize('NFC', value).strip().upper()\n    return hmac.new(index_key, v.encode(), hashlib.sha256).digest()",
            "not lower-cased",
        ),
    ],
}
RIGHT_ANSWERS = {
    "3.1": [
        "import csv, io\nimport numpy as np\nfrom utils import storage\ndef load_encrypted_csv(path, identity):\n    with open(path, 'rb') as f:\n        rows = list(csv.reader(io.StringIO(storage.decrypt(f.read(), identity).decode())))[1:]\n    table = np.array(rows, dtype=float).reshape(len(rows), -1)\n    return table[:, :-1], table[:, -1].astype(np.int64)",
    ],
    "3.4": [
        "def stream_nonce(counter, last):\n    return counter.to_bytes(11, 'big') + bytes([last])",
        "import struct\ndef stream_nonce(counter, last):\n    return struct.pack('>IQ?', counter >> 64, counter & (2**64 - 1), last)[1:]",
    ],
    "3.6": [
        _E_
        + "    return [base64.urlsafe_b64decode(s.args[0] + '=') for s in storage.read_header(age_file).stanzas if s.type == 'X25519']",
        _E_
        + "    out = []\n    for s in storage.read_header(age_file).stanzas:\n        if s.type == 'X25519':\n            out.append(base64.b64decode(s.args[0] + '=' * (-len(s.args[0]) % 4), validate=True))\n    return out",
    ],
}

for _exercise, _cases in _STUDENTS.items():
    WRONG_ANSWERS[_exercise] += _cases

# A second round as students (issue 11), again before reading the checkers: aliases of
# weak generators and clocks, unit slips, swapped arguments. Those that passed, or got a
# hint blaming something else, made the checks stronger.
_SECOND_ROUND = {
    "3.1": [
        (
            'import io\nfrom pathlib import Path\nimport numpy as np\nfrom utils import storage\n\ndef load_encrypted_csv(path, identity):\n    text = storage.decrypt(Path(path).read_bytes(), identity).decode()\n    data = np.genfromtxt(io.StringIO(text), delimiter=",", skip_header=1)\n    return data[..., :-1], data[..., -1].astype(int)',
            "pass ndmin=2",
        ),
        (
            'import io\nfrom pathlib import Path\nimport numpy as np\nfrom utils import storage\n\ndef load_encrypted_csv(path, identity):\n    text = storage.decrypt(Path(path).read_bytes(), identity).decode()\n    data = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1, ndmin=2)\n    return data[:, :-1], data[:, -1].astype(bool)',
            "dtype bool",
        ),
        (
            "import io\nfrom pathlib import Path\nimport numpy as np\nfrom utils import storage\n\nimport csv\ndef load_encrypted_csv(path, identity):\n    text = storage.decrypt(Path(path).read_bytes(), identity).decode()\n    rows = [[float(v) for v in row] for row in csv.reader(io.StringIO(text))]\n    data = np.array(rows, ndmin=2)\n    return data[:, :-1], data[:, -1].astype(int)",
            "header line was parsed as numbers",
        ),
    ],
    "3.2": [
        (
            "import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nfrom numpy.random import default_rng as g\ndef wrap_data_key(kek, dek, kek_id):\n    nonce = g().bytes(12)\n    return nonce + AESGCM(kek).encrypt(nonce, dek, kek_id.encode())",
            "numpy generator made inside the function",
        ),
        (
            "import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nimport numpy.random as npr\ndef wrap_data_key(kek, dek, kek_id):\n    nonce = npr.bytes(12)\n    return nonce + AESGCM(kek).encrypt(nonce, dek, kek_id.encode())",
            "never from random",
        ),
        (
            "import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nfrom random import randbytes\ndef wrap_data_key(kek, dek, kek_id):\n    nonce = randbytes(12)\n    return nonce + AESGCM(kek).encrypt(nonce, dek, kek_id.encode())",
            "never from random",
        ),
        (
            "import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nimport uuid\ndef wrap_data_key(kek, dek, kek_id):\n    nonce = uuid.uuid4().bytes[:12]\n    return nonce + AESGCM(kek).encrypt(nonce, dek, kek_id.encode())",
            "6 bits of the nonce are the same",
        ),
        (
            'import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nimport random\ndef wrap_data_key(kek, dek, kek_id):\n    nonce = getattr(random, "rand" + "bytes")(12)\n    return nonce + AESGCM(kek).encrypt(nonce, dek, kek_id.encode())',
            "never from random",
        ),
        (
            'import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\ndef wrap_data_key(kek, dek, kek_id):\n    nonce = os.urandom(12)\n    return nonce + AESGCM(kek).encrypt(nonce, dek, kek_id.encode() + dek[:0] + b"v1")',
            "the output does not unwrap",
        ),
    ],
    "3.3": [
        (
            "from utils import storage\ndef rotate_objects(objects, ring):\n    new = ring.rotate()\n    return {n: storage.rewrap_envelope(b, new, ring) for n, b in objects.items()}",
            "opened the old objects with the new KEK alone",
        ),
        (
            "from utils import storage\ndef rotate_objects(objects, ring):\n    out = {n: storage.rewrap_envelope(b, ring, ring) for n, b in objects.items()}\n    ring.rotate()\n    return out",
            "still wrapped by KEK 'kek-old'",
        ),
    ],
    "3.4": [
        (
            'def stream_nonce(counter, last):\n    return b"\\x00" * 3 + counter.to_bytes(8, "big") + (b"\\x01" if last else b"\\x00")',
            "needs all 11 bytes",
        ),
        (
            'import struct\ndef stream_nonce(counter, last):\n    return struct.pack(">3xQ?", counter, last)',
            "needs all 11 bytes",
        ),
        (
            'def stream_nonce(counter, last):\n    return counter.to_bytes(11, "big") + (b"\\x01" if last else b"")',
            "must be 12 bytes",
        ),
    ],
    "3.5": [
        (
            "from cryptography.exceptions import InvalidTag\nfrom cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305\nfrom utils.storage import chunk_nonce\n\ndef stream_is_intact(chunks, key):\n    if not chunks:\n        return False\n    aead = ChaCha20Poly1305(key)\n    ok = []\n    for i, c in enumerate(chunks):\n        try:\n            aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), c, None)\n            ok.append(True)\n        except Exception:\n            ok.append(False)\n    return any(ok)",
            "reordered sequence was accepted",
        ),
        (
            "from cryptography.exceptions import InvalidTag\nfrom cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305\nfrom utils.storage import chunk_nonce\n\ndef stream_is_intact(chunks, key):\n    if not chunks:\n        return False\n    aead = ChaCha20Poly1305(key)\n    for i, c in enumerate(chunks):\n        try:\n            aead.decrypt(chunk_nonce(i, False), c, None)\n        except Exception:\n            try:\n                aead.decrypt(chunk_nonce(i, True), c, None)\n            except Exception:\n                return False\n    return True",
            "truncated sequence (final chunk dropped) was accepted",
        ),
    ],
    "3.6": [
        (
            'import base64\nfrom utils import storage\n\ndef ephemeral_keys(age_file):\n    out = []\n    for s in storage.read_header(age_file).stanzas:\n        if s.type == "X25519":\n            t = s.args[-1]\n            out.append(base64.b64decode(t + "=" * (-len(t) % 4)))\n    return sorted(out)',
            "came back sorted",
        ),
        (
            'import base64\nfrom utils import storage\n\ndef ephemeral_keys(age_file):\n    out = []\n    for s in storage.read_header(age_file).stanzas:\n        if s.type == "X25519":\n            t = s.args[0]\n            out.append(base64.b64decode(t + "=" * (-len(t) % 4)))\n        else:\n            break\n    return out',
            "skip every stanza whose type is not exactly 'X25519'",
        ),
        (
            'import base64\nfrom utils import storage\n\ndef ephemeral_keys(age_file):\n    out = []\n    for s in storage.read_header(age_file).stanzas:\n        if "X25519" in s.type:\n            t = s.args[0]\n            out.append(base64.b64decode(t + "=" * (-len(t) % 4)))\n    return out',
            "'X25519-pq'",
        ),
    ],
    "3.7": [
        (
            'import hashlib\nimport hmac\nimport unicodedata\n\ndef blind_index_of(index_key, value):\n    v = unicodedata.normalize("NFC", value).strip().lower()\n    return hmac.new(v.encode(), index_key, hashlib.sha256).digest()',
            "swapped",
        ),
        (
            'import hashlib\nimport hmac\nimport unicodedata\n\ndef blind_index_of(index_key, value):\n    v = unicodedata.normalize("NFC", value).strip().lower()\n    return hashlib.sha256(index_key + v.encode()).digest()',
            "is not HMAC",
        ),
    ],
}
for _exercise, _cases in _SECOND_ROUND.items():
    WRONG_ANSWERS[_exercise] += _cases
RIGHT_ANSWERS.setdefault("3.4", []).append(
    'def stream_nonce(counter, last):\n    return ((counter << 8) | bool(last)).to_bytes(12, "big")'
)
RIGHT_ANSWERS.setdefault("3.7", []).append(
    'import hashlib, hmac, unicodedata\ndef blind_index_of(index_key, value):\n    v = unicodedata.normalize("NFC", value).strip().lower()\n    h = hmac.HMAC(index_key, digestmod="sha256"); h.update(v.encode("utf-8")); return h.digest()'
)
RIGHT_ANSWERS.setdefault("3.1", []).append(
    'import io\nfrom pathlib import Path\nimport numpy as np\nfrom utils import storage\n\ndef load_encrypted_csv(path, identity):\n    text = storage.decrypt(Path(path).read_bytes(), identity).decode()\n    lines = text.strip().splitlines()[1:]\n    rows = np.array([[float(v) for v in line.split(",")] for line in lines], ndmin=2)\n    return rows[:, :-1], rows[:, -1].astype(np.int64)'
)
RIGHT_ANSWERS.setdefault("3.5", []).append(
    'from cryptography.exceptions import InvalidTag\nfrom cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305\nfrom utils.storage import chunk_nonce\n\ndef stream_is_intact(chunks, key):\n    if not chunks:\n        return False\n    aead = ChaCha20Poly1305(key)\n    try:\n        for i, c in enumerate(chunks):\n            aead.decrypt(chunk_nonce(i, i == len(chunks) - 1), c, b"")\n        return True\n    except Exception:\n        return False'
)
