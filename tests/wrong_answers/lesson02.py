"""Plausible wrong answers to lesson 02's exercises, each with a piece of its expected hint,
and legitimate alternatives that must pass."""

_X = (
    "from cryptography.hazmat.primitives import hashes\n"
    "from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey\n"
    "from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand\n"
)
_KEY = "def session_key(sender_private, recipient_public, purpose):\n"
_PARTS = (
    "    shared = sender_private.exchange(recipient_public)\n"
    "    s = sender_private.public_key().public_bytes_raw()\n"
    "    r = recipient_public.public_bytes_raw()\n"
)


def _session(
    info: str, hkdf: str = "HKDF(algorithm=hashes.SHA256(), length=32, salt=None, "
) -> str:
    return _X + _KEY + _PARTS + f"    return {hkdf}info={info}).derive(shared)\n"


_SEAL = (
    "import os, random, time, itertools, hashlib\n"
    "import numpy as np\n"
    "from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey\n"
    "from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305\n"
    "from utils import public_key\n"
)


_AEAD = "AESGCM(key).encrypt(bytes(12), plaintext, None)"
_OUT = "ephemeral.public_key().public_bytes_raw() + ct"


def _seal_to(ephemeral: str, body: str = "", aead: str = _AEAD, out: str = _OUT) -> str:
    return (
        _SEAL + body + "def seal_to(recipient_public, plaintext, purpose):\n"
        f"    ephemeral = {ephemeral}\n"
        "    key = public_key.agreement_key(ephemeral, recipient_public, purpose, role='sender')\n"
        f"    ct = {aead}\n"
        f"    return {out}\n"
    )


_OPEN = (
    "import json\nfrom cryptography.exceptions import InvalidTag\n"
    "from cryptography.hazmat.primitives import hpke\n"
    "def open_for_purpose(private_key, sealed, purpose):\n"
)
_CLASSIC = "hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)"


def _open(decrypt: str, suite: str = _CLASSIC, after: str = "json.loads(p)") -> str:
    return (
        _OPEN + f"    suite = {suite}\n    try:\n        p = {decrypt}\n"
        f"    except InvalidTag:\n        return None\n    return {after}\n"
    )


_SIGN = "from cryptography.exceptions import InvalidSignature\n"
_HYBRID = (
    "from cryptography.hazmat.primitives import hpke\n"
    "from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PublicKey\n"
    "from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey\n"
    "def hybrid_seal(hybrid_public, plaintext, purpose):\n"
)
_JOIN = (
    "    m = MLKEM768PublicKey.from_public_bytes(hybrid_public[:1184])\n"
    "    x = X25519PublicKey.from_public_bytes(hybrid_public[1184:])\n"
    "    key = hpke.MLKEM768X25519PublicKey(m, x)\n"
)


def _hybrid(
    kem: str = "MLKEM768_X25519",
    kdf: str = "HKDF_SHA256",
    aead: str = "AES_256_GCM",
    key: str = "key",
    info: str = "purpose.encode()",
    join: str = _JOIN,
) -> str:
    return (
        _HYBRID
        + join
        + f"    suite = hpke.Suite(hpke.KEM.{kem}, hpke.KDF.{kdf}, hpke.AEAD.{aead})\n"
        f"    return suite.encrypt(plaintext, {key}, info={info})\n"
    )


_OVERHEAD = "def dataset_overhead(n_records, sizes):\n"
_SIZES = (
    "    e, t, s, p = (sizes[k] for k in ('encapsulation', 'tag', 'signature', "
    "'signing_public_key'))\n"
)


def _overhead(expression: str) -> str:
    return _OVERHEAD + _SIZES + f"    return {expression}\n"


WRONG_ANSWERS = {
    "2.1": [
        (_X + _KEY + "    return sender_private.exchange(recipient_public)\n", "raw shared secret"),
        (_session("purpose.encode()"), "info holds only the purpose"),
        (_session("purpose.encode() + r + s"), "public keys in info are swapped"),
        (_session("purpose.encode() + s"), "only the sender's public key"),
        (_session("s + r + purpose.encode()"), "purpose comes first"),
        (_session("b'training-upload' + s + r"), "notebook's purpose"),
        (
            _session("purpose.encode()", "HKDF(algorithm=hashes.SHA256(), length=32, salt=s + r, "),
            "went into the salt",
        ),
        (
            _session(
                "purpose.encode() + s + r", "HKDF(algorithm=hashes.SHA512(), length=32, salt=None, "
            ),
            "HKDF with sha512",
        ),
        (
            _session(
                "purpose.encode() + s + r", "HKDF(algorithm=hashes.SHA256(), length=16, salt=None, "
            ),
            "16 bytes long",
        ),
        (
            _session(
                "purpose.encode() + s + r", "HKDFExpand(algorithm=hashes.SHA256(), length=32, "
            ),
            "HKDFExpand",
        ),
        (_session("purpose.encode() + s.hex().encode() + r.hex().encode()"), "not as hex text"),
        (
            _X
            + _KEY
            + _PARTS.replace("exchange(recipient_public)", "exchange(sender_private.public_key())")
            + "    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, "
            "info=purpose.encode() + s + r).derive(shared)\n",
            "its own public key",
        ),
        (
            "import os\n" + _KEY + "    return os.urandom(32)\n",
            "two different keys",
        ),
    ],
    "2.2": [
        (_seal_to("EPHEMERAL", "EPHEMERAL = X25519PrivateKey.generate()\n"), "same ephemeral key"),
        (
            _seal_to("X25519PrivateKey.from_private_bytes(hashlib.sha256(plaintext).digest())"),
            "same ephemeral key",
        ),
        (
            _seal_to("X25519PrivateKey.from_private_bytes(random.randbytes(32))"),
            "Python's `random`",
        ),
        (_seal_to("X25519PrivateKey.from_private_bytes(np.random.bytes(32))"), "numpy's random"),
        (
            _seal_to(
                "X25519PrivateKey.from_private_bytes(RNG.randbytes(32))", "RNG = random.Random(7)\n"
            ),
            "a `random.Random` generator",
        ),
        (
            _seal_to("X25519PrivateKey.from_private_bytes(time.time_ns().to_bytes(32, 'big'))"),
            "the clock",
        ),
        (
            _seal_to(
                "X25519PrivateKey.from_private_bytes(next(COUNTER).to_bytes(32, 'little'))",
                "COUNTER = itertools.count(1)\n",
            ),
            "small numbers",
        ),
        (
            _seal_to(
                "X25519PrivateKey.generate()",
                aead="(lambda n: n + AESGCM(key).encrypt(n, plaintext, None))(os.urandom(12))",
            ),
            "you sent a nonce",
        ),
        (
            _seal_to(
                "X25519PrivateKey.generate()", out="ct + ephemeral.public_key().public_bytes_raw()"
            ),
            "goes first",
        ),
        (
            _seal_to(
                "X25519PrivateKey.generate()",
                aead="AESGCM(ephemeral.exchange(recipient_public)).encrypt(bytes(12), plaintext, None)",
            ),
            "raw shared secret",
        ),
        (
            _seal_to(
                "X25519PrivateKey.generate()",
                aead="AESGCM(key).encrypt(bytes(12), plaintext, purpose.encode())",
            ),
            "no associated data",
        ),
        (
            _seal_to(
                "X25519PrivateKey.generate()",
                aead="ChaCha20Poly1305(key).encrypt(bytes(12), plaintext, None)",
            ),
            "not ChaCha20-Poly1305",
        ),
        (
            _seal_to("X25519PrivateKey.generate()", out="recipient_public.public_bytes_raw() + ct"),
            "recipient's public key",
        ),
        (_seal_to("X25519PrivateKey.generate()", out="ct"), "ephemeral public key is missing"),
        (
            _seal_to("X25519PrivateKey.generate()").replace("role='sender'", "role='recipient'"),
            "role='sender'",
        ),
    ],
    "2.3": [
        (
            _OPEN + f"    return json.loads({_CLASSIC}.decrypt(sealed, private_key, "
            "info=purpose.encode()))\n",
            "raised InvalidTag",
        ),
        (_open("suite.decrypt(sealed, private_key)"), "without info"),
        (
            _open("suite.decrypt(sealed, private_key, info=purpose.encode())", after="p"),
            "JSON text",
        ),
        (
            _open(
                "suite.decrypt(sealed, private_key, info=purpose.encode())",
                suite=_CLASSIC.replace("AES_256_GCM", "CHACHA20_POLY1305"),
            ),
            "ChaCha20-Poly1305",
        ),
        (
            _open(
                "suite.decrypt(sealed, private_key, info=purpose.encode())",
                suite=_CLASSIC.replace("AES_256_GCM", "AES_128_GCM"),
            ),
            "AES-128-GCM",
        ),
        (
            _open("suite.decrypt(sealed, private_key, info=b'training-upload')"),
            "notebook's purpose",
        ),
        (
            _open("suite.decrypt(sealed, private_key, info=purpose)"),
            "a str went where bytes belong",
        ),
        (
            _open("suite.decrypt(sealed, private_key, info=purpose.encode())").replace(
                "return None", "return {}"
            ),
            "which is not None",
        ),
        (
            _open("suite.decrypt(sealed, private_key, info=purpose.encode())", after="True"),
            "gave bool",
        ),
    ],
    "2.4": [
        (
            "def signers(signed_cards, public_keys):\n    out = []\n"
            "    for card, sig in signed_cards:\n        for name, key in public_keys.items():\n"
            "            key.verify(sig, card)\n            out.append(name)\n            break\n"
            "    return out\n",
            "InvalidSignature escaped",
        ),
        (
            _SIGN + "def signers(signed_cards, public_keys):\n    out = []\n"
            "    for card, sig in signed_cards:\n        found = None\n"
            "        for name, key in public_keys.items():\n            try:\n"
            "                key.verify(card, sig)\n                found = name\n"
            "            except InvalidSignature:\n                pass\n"
            "        out.append(found)\n    return out\n",
            "no genuine card was recognised",
        ),
        (
            "def signers(signed_cards, public_keys):\n"
            "    return [next(iter(public_keys)) for _ in signed_cards]\n",
            "was attributed to",
        ),
        (
            _SIGN + "def signers(signed_cards, public_keys):\n    out = []\n"
            "    for card, sig in signed_cards:\n        for name, key in public_keys.items():\n"
            "            try:\n                key.verify(sig, card)\n                out.append(name)\n"
            "            except InvalidSignature:\n                out.append(None)\n"
            "            break\n    return out\n",
            "try every key",
        ),
        (
            _SIGN + "def signers(signed_cards, public_keys):\n    out = []\n"
            "    for card, sig in signed_cards:\n        found = None\n"
            "        for key in public_keys.values():\n            try:\n"
            "                key.verify(sig, card)\n                found = key\n"
            "            except InvalidSignature:\n                pass\n"
            "        out.append(found)\n    return out\n",
            "not the key itself",
        ),
        (
            _SIGN + "def signers(signed_cards, public_keys):\n    seen = {}\n"
            "    for card, sig in signed_cards:\n        if card in seen:\n            continue\n"
            "        seen[card] = None\n        for name, key in public_keys.items():\n"
            "            try:\n                key.verify(sig, card)\n"
            "                seen[card] = name\n            except InvalidSignature:\n"
            "                pass\n    return [seen[card] for card, _ in signed_cards]\n",
            "the same card",
        ),
        (
            _SIGN + "def signers(signed_cards, public_keys):\n    out = {}\n"
            "    for card, sig in signed_cards:\n        out[card] = None\n"
            "        for name, key in public_keys.items():\n            try:\n"
            "                key.verify(sig, card)\n                out[card] = name\n"
            "            except InvalidSignature:\n                pass\n    return out\n",
            "return a list",
        ),
        (
            _SIGN
            + "from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey\n"
            "def signers(signed_cards, public_keys):\n    out = []\n"
            "    for card, sig in signed_cards:\n        found = None\n"
            "        for name, key in public_keys.items():\n"
            "            if not isinstance(key, Ed25519PublicKey):\n                continue\n"
            "            try:\n                key.verify(sig, card)\n                found = name\n"
            "            except InvalidSignature:\n                pass\n"
            "        out.append(found)\n    return out\n",
            "got None",
        ),
        (
            _SIGN + "def signers(signed_cards, public_keys):\n    out = []\n"
            "    for card, sig in signed_cards:\n        found = None\n"
            "        for name, key in public_keys.items():\n            try:\n"
            "                key.verify(sig, card)\n                found = name\n"
            "            except InvalidSignature:\n                pass\n"
            "        out.append(found)\n    return sorted(out, key=str)\n",
            "not in the order",
        ),
    ],
    "2.5": [
        (
            _hybrid(kem="X25519", key="x"),
            "the X25519 KEM alone",
        ),
        (_hybrid(kem="MLKEM768", key="m"), "ML-KEM-768 alone"),
        (
            _hybrid(join=_JOIN.replace("[:1184]", "[32:]").replace("[1184:]", "[:32]")),
            "splitting the hybrid key went wrong",
        ),
        (_hybrid(info="b''"), "without info"),
        (_hybrid(aead="CHACHA20_POLY1305"), "not ChaCha20-Poly1305"),
        (_hybrid(kdf="HKDF_SHA512"), "HKDF-SHA256, not KDF.HKDF_SHA512"),
        (
            _hybrid(
                join=_JOIN.replace("MLKEM768X25519PublicKey(m, x)", "MLKEM768X25519PublicKey(x, m)")
            ),
            "a key and the suite do not match",
        ),
        (_hybrid(info="purpose"), "a str went where bytes belong"),
        (_hybrid(info="b'training-upload'"), "notebook's purpose"),
        (
            "import functools\n"
            + _hybrid().replace("def hybrid_seal", "@functools.cache\ndef hybrid_seal"),
            "two seals of one message are equal",
        ),
    ],
    "2.6": [
        (_overhead("n_records * (e + t + s)"), "add it once"),
        (_overhead("n_records * (e + t + s + p)"), "not with every record"),
        (_overhead("n_records * (e + s) + p"), "carries a tag too"),
        (_overhead("n_records * (e + 16 + s) + p"), "not a fixed 16"),
        (_overhead("n_records * (e + t) + p"), "add a signature per record"),
        (_overhead("n_records * (e + t) + s + p"), "not one in all"),
        (_overhead("n_records * (t + s) + p"), "its own encapsulation"),
        (_overhead("e + t + s + p"), "paid by each of"),
        (_overhead("(n_records - 1) * (e + t + s) + p"), "not one fewer"),
        (_overhead("n_records * (e + t + s) / 1 + p"), "return an int"),
        (_OVERHEAD + "    return n_records * (32 + 16 + 64) + 32\n", "not the lesson's numbers"),
    ],
}

RIGHT_ANSWERS = {
    "2.1": [
        "from utils import public_key\n" + _KEY + "    return public_key.agreement_key("
        "sender_private, recipient_public, purpose, role='sender')\n",
        _X
        + "from cryptography.hazmat.primitives import serialization as ser\n"
        + _KEY
        + "    raw = lambda k: k.public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)\n"
        "    info = b''.join([purpose.encode('utf-8'), raw(sender_private.public_key()), "
        "raw(recipient_public)])\n"
        "    return HKDF(hashes.SHA256(), 32, None, info).derive("
        "sender_private.exchange(recipient_public))\n",
    ],
    "2.2": [
        _seal_to("X25519PrivateKey.from_private_bytes(os.urandom(32))"),
        "import secrets\n"
        + _seal_to("X25519PrivateKey.from_private_bytes(secrets.token_bytes(32))"),
        _seal_to(
            "X25519PrivateKey.generate()", aead="AESGCM(key).encrypt(b'\\x00' * 12, plaintext, b'')"
        ),
    ],
    "2.3": [
        _open("suite.decrypt(sealed, private_key, info=purpose.encode('utf-8'))").replace(
            "except InvalidTag", "except Exception"
        ),
        "import json\nfrom cryptography.exceptions import InvalidTag\nfrom utils import public_key\n"
        "def open_for_purpose(private_key, sealed, purpose):\n    try:\n"
        "        return json.loads(public_key.hpke_open(private_key, sealed, purpose.encode()))\n"
        "    except (InvalidTag, ValueError):\n        return None\n",
    ],
    "2.4": [
        "from utils import public_key\ndef signers(signed_cards, public_keys):\n"
        "    return [next((n for n, k in public_keys.items() if public_key.is_signed_by(k, s, c)), None)"
        " for c, s in signed_cards]\n",
        _SIGN + "def signers(signed_cards, public_keys):\n    out = []\n"
        "    for card, sig in signed_cards:\n        found = None\n"
        "        for name, key in public_keys.items():\n            try:\n"
        "                key.verify(sig, card)\n            except InvalidSignature:\n"
        "                continue\n            found = name\n            break\n"
        "        out.append(found)\n    return out\n",
    ],
    "2.5": [
        "from utils import public_key\ndef hybrid_seal(hybrid_public, plaintext, purpose):\n"
        "    key = public_key.hybrid_public_key(hybrid_public)\n"
        "    return public_key.hpke_seal(key, plaintext, purpose.encode())\n",
        _hybrid(join=_JOIN.replace("[1184:]", "[-32:]")),
    ],
    "2.6": [
        _OVERHEAD + "    per = sum(sizes[k] for k in ('encapsulation', 'tag', 'signature'))\n"
        "    return per * n_records + sizes['signing_public_key']\n",
        "from utils import public_key\n"
        + _OVERHEAD
        + "    return public_key.dataset_overhead(n_records, sizes)\n",
    ],
}

# Answers that change their arguments or return no number: call_unmutated and finite refuse them.
WRONG_ANSWERS["2.4"].append(
    (
        _SIGN + "def signers(signed_cards, public_keys):\n    out = []\n"
        "    while signed_cards:\n        card, sig = signed_cards.pop(0)\n        found = None\n"
        "        for name, key in public_keys.items():\n            try:\n"
        "                key.verify(sig, card)\n                found = name\n"
        "            except InvalidSignature:\n                pass\n"
        "        out.append(found)\n    return out\n",
        "changed its argument `signed_cards`",
    )
)
WRONG_ANSWERS["2.6"] += [
    (
        _OVERHEAD + "    p = sizes.pop('signing_public_key')\n"
        "    return n_records * sum(sizes.values()) + p\n",
        "changed its argument `sizes`",
    ),
    (_OVERHEAD + "    return float('nan')\n", "NaN"),
]
