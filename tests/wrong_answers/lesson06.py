"""Plausible wrong answers to lesson 06's exercises, each with a piece of its expected hint."""

_SPLIT_HEAD = "import secrets\ndef shamir_split(secret, n, t, prime):\n"
_HORNER = (
    "    shares = []\n"
    "    for x in range(1, n + 1):\n"
    "        y = 0\n"
    "        for c in reversed(coefficients):\n"
    "            y = (y * x + c) % prime\n"
    "        shares.append((x, y))\n"
    "    return shares\n"
)
_SEED_HEAD = (
    "from cryptography.hazmat.primitives import hashes\n"
    "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n"
    "from utils.federated import PAIR_LABEL\n"
    "def pair_seed(private_key, peer_public_key, round_id, me, peer):\n"
    "    shared = private_key.exchange(peer_public_key)\n"
    "    low, high = sorted((me, peer))\n"
)
_MASK_HEAD = (
    "import numpy as np\n"
    "from utils.federated import expand_mask\n"
    "def mask_update(encoded, me, seeds):\n"
)
_LAGRANGE = (
    "def reconstruct(shares, prime):\n"
    "    secret = 0\n"
    "    for j, (xj, yj) in enumerate(shares):\n"
    "        num, den = 1, 1\n"
    "        for m, (xm, _) in enumerate(shares):\n"
    "            if m != j:\n"
    "                num = num * ({at} - xm) % prime\n"
    "                den = den * (xj - xm) % prime\n"
    "        secret = {combine}\n"
    "    return secret{tail}\n"
)


_PLAIN_LAGRANGE = (  # numerator and denominator as plain integers, not reduced
    "def reconstruct(shares, prime):\n"
    "    total = 0\n"
    "    for j, (xj, yj) in enumerate(shares):\n"
    "        num, den = 1, 1\n"
    "        for m, (xm, _) in enumerate(shares):\n"
    "            if m != j:\n"
    "                num *= -xm\n"
    "                den *= xj - xm\n"
    "        total += {combine}\n"
    "    return total % prime\n"
)


def _lagrange(at="0", combine="(secret + yj * num * pow(den, -1, prime)) % prime", tail=""):
    return _LAGRANGE.format(at=at, combine=combine, tail=tail)


def _seed(info: str, salt: str = "None", algorithm: str = "SHA256", length: int = 32) -> str:
    return _SEED_HEAD + (
        f"    info = {info}\n"
        f"    return HKDF(hashes.{algorithm}(), {length}, {salt}, info).derive(shared)\n"
    )


_INFO = (
    "PAIR_LABEL + round_id.to_bytes(8, 'big') + low.to_bytes(4, 'big') + high.to_bytes(4, 'big')"
)

# exercise id -> list of (wrong exercise-cell source, a piece of the hint it must get)
WRONG_ANSWERS = {
    "6.1": [
        ("def recover_record(update_w, update_b):\n    return update_w", "update_w as it is"),
        ("def recover_record(update_w, update_b):\n    return update_b / update_w", "upside down"),
        ("def recover_record(update_w, update_b):\n    return update_w * update_b", "multiplied"),
        ("def recover_record(update_w, update_b):\n    return -update_w / update_b", "sign"),
        (
            "def recover_record(update_w, update_b):\n    return update_w / abs(update_b)",
            "one label",
        ),
        (
            "def recover_record(update_w, update_b):\n    update_w /= update_b\n    return update_w",
            "changed its argument `update_w`",
        ),
        (
            "def recover_record(update_w, update_b):\n    return (update_w / update_b)[:-1]",
            "shape",
        ),
        (
            "def recover_record(update_w, update_b):\n    return list(update_w / update_b)",
            "not list",
        ),
        (
            "import numpy as np\ndef recover_record(update_w, update_b):\n"
            "    return (update_w / update_b).astype(np.float32)",
            "significant digits",
        ),
        (
            "import numpy as np\ndef recover_record(update_w, update_b):\n"
            "    return np.round(update_w / update_b, 7)",
            "don't round",
        ),
        ("def recover_record(update_w, update_b):\n    return update_w / -0.5", "cancels"),
    ],
    "6.2": [
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return np.mod(np.trunc(values * scale), 2**32).astype(np.uint32)",
            "toward zero",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return np.mod(np.floor(values * scale), 2**32).astype(np.uint32)",
            "np.floor rounds down",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return np.rint(values * scale).astype(np.int64)",
            "kept their minus sign",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return np.mod(np.rint(values * scale), 2**32)",
            "dtype is float64",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return np.mod(np.rint(values / scale), 2**32).astype(np.uint32)",
            "divided by the scale",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return np.mod(np.rint(values * scale).astype(np.int64), 2**31).astype(np.uint32)",
            "modulo 2**32",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return np.abs(np.rint(values * scale)).astype(np.uint32)",
            "lost their sign",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    single = np.rint(values.astype(np.float32) * np.float32(scale))\n"
            "    return (single.astype(np.int64) % 2**32).astype(np.uint32)",
            "float32",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return np.maximum(np.rint(values * scale), 0).astype(np.uint32)",
            "became 0",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    values *= scale\n"
            "    return np.mod(np.rint(values), 2**32).astype(np.uint32)",
            "changed its argument `values`",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return np.round(values * scale).astype(np.uint32)",
            "straight to uint32",
        ),
        (
            "import numpy as np\ndef to_uint32(values, scale):\n"
            "    return (np.round(values).astype(np.int64) * int(scale)).astype(np.uint32)",
            "rounded before scaling",
        ),
    ],
    "6.3": [
        (
            "def pair_seed(private_key, peer_public_key, round_id, me, peer):\n"
            "    return private_key.exchange(peer_public_key)",
            "raw X25519 shared secret",
        ),
        (
            _SEED_HEAD.replace("sorted((me, peer))", "me, peer") + f"    info = {_INFO}\n"
            "    return HKDF(hashes.SHA256(), 32, None, info).derive(shared)\n",
            "lower id first",
        ),
        (
            _seed("PAIR_LABEL + low.to_bytes(4, 'big') + high.to_bytes(4, 'big')"),
            "change with the round",
        ),
        (
            _seed(
                "PAIR_LABEL + round_id.to_bytes(8, 'big') + high.to_bytes(4, 'big')"
                " + low.to_bytes(4, 'big')"
            ),
            "higher id first",
        ),
        (_seed(_INFO.replace("'big'", "'little'")), "little-endian"),
        (_seed(_INFO.replace("PAIR_LABEL + ", "")), "start with PAIR_LABEL"),
        (_seed("None", salt=_INFO), "salt"),
        (_seed(_INFO, algorithm="SHA512"), "SHA-256"),
        (_seed(_INFO, length=16), "32 bytes"),
        (_seed(_INFO.replace("to_bytes(8", "to_bytes(4")), "field widths"),
        (_seed("PAIR_LABEL + round_id.to_bytes(8, 'big') + low.to_bytes(4, 'big')"), "both ids"),
        (
            _SEED_HEAD + f"    info = {_INFO}\n"
            "    return HKDF(hashes.SHA256(), 32, None, info).derive(shared).hex()\n",
            "not a (hex) string",
        ),
    ],
    "6.4": [
        (
            _MASK_HEAD + "    masked = encoded.copy()\n"
            "    for peer, seed in seeds.items():\n"
            "        masked += expand_mask(seed, len(encoded))\n"
            "    return masked",
            "every mask was added",
        ),
        (
            _MASK_HEAD + "    masked = encoded.copy()\n"
            "    for peer, seed in seeds.items():\n"
            "        mask = expand_mask(seed, len(encoded))\n"
            "        if me > peer:\n"
            "            masked += mask\n"
            "        else:\n"
            "            masked -= mask\n"
            "    return masked",
            "other way round",
        ),
        (
            _MASK_HEAD + "    masked = encoded.astype(np.int64)\n"
            "    for peer, seed in seeds.items():\n"
            "        mask = expand_mask(seed, len(encoded)).astype(np.int64)\n"
            "        masked = masked + mask if me < peer else masked - mask\n"
            "    return masked",
            "not reduced",
        ),
        (
            _MASK_HEAD + "    masked = encoded.astype(float)\n"
            "    for peer, seed in seeds.items():\n"
            "        mask = expand_mask(seed, len(encoded))\n"
            "        masked = masked + mask if me < peer else masked - mask\n"
            "    return masked",
            "float64",
        ),
        (
            _MASK_HEAD + "    for peer, seed in seeds.items():\n"
            "        mask = expand_mask(seed, len(encoded))\n"
            "        if me < peer:\n"
            "            encoded += mask\n"
            "        else:\n"
            "            encoded -= mask\n"
            "    return encoded",
            "changed its argument `encoded`",
        ),
        (
            _MASK_HEAD + "    masked = encoded.copy()\n"
            "    for index, seed in enumerate(seeds.values()):\n"
            "        mask = expand_mask(seed, len(encoded))\n"
            "        if me < index:\n"
            "            masked += mask\n"
            "        else:\n"
            "            masked -= mask\n"
            "    return masked",
            "every mask was subtracted",
        ),
        (
            _MASK_HEAD + "    peer, seed = next(iter(seeds.items()))\n"
            "    mask = expand_mask(seed, len(encoded))\n"
            "    return encoded + mask if me < peer else encoded - mask",
            "only one peer's mask",
        ),
        (_MASK_HEAD + "    return encoded.copy()", "no mask was added"),
        (
            _MASK_HEAD + "    masked = encoded.copy()\n"
            "    for peer, seed in seeds.items():\n"
            "        mask = expand_mask(seed, len(encoded))\n"
            "        masked = masked + mask if str(peer) > str(me) else masked - mask\n"
            "    return masked",
            "compare the ids as numbers",
        ),
    ],
    "6.5": [
        (
            _SPLIT_HEAD
            + "    coefficients = [secret] + [secrets.randbelow(prime) for _ in range(t)]\n"
            + _HORNER,
            "degree t - 1",
        ),
        (
            _SPLIT_HEAD
            + "    coefficients = [secret] + [secrets.randbelow(prime) for _ in range(t - 2)]\n"
            + _HORNER,
            "already give the secret",
        ),
        (
            _SPLIT_HEAD
            + "    coefficients = [secret] + [secrets.randbelow(prime) for _ in range(t - 1)]\n"
            + _HORNER.replace("range(1, n + 1)", "range(n)"),
            "x = 0",
        ),
        (
            _SPLIT_HEAD
            + "    coefficients = [secret] + [secrets.randbelow(prime) for _ in range(t - 1)]\n"
            + _HORNER.replace("% prime", ""),
            "not reduced modulo the prime",
        ),
        (
            "import random\ndef shamir_split(secret, n, t, prime):\n"
            "    coefficients = [secret] + [random.randrange(prime) for _ in range(t - 1)]\n"
            + _HORNER,
            "re-seeding",
        ),
        (
            "import random\ndef shamir_split(secret, n, t, prime):\n"
            "    rng = random.Random(secret)\n"
            "    coefficients = [secret] + [rng.randrange(prime) for _ in range(t - 1)]\n"
            + _HORNER,
            "same shares",
        ),
        (
            _SPLIT_HEAD
            + "    coefficients = [secret] + [secrets.randbits(64) for _ in range(t - 1)]\n"
            + _HORNER,
            "small range",
        ),
        (
            _SPLIT_HEAD
            + "    coefficients = [secret] + [secrets.randbelow(prime) for _ in range(t - 1)]\n"
            + _HORNER.replace("range(1, n + 1)", "range(1, n)"),
            "one share for each",
        ),
        (
            _SPLIT_HEAD
            + "    coefficients = [secret] + [secrets.randbelow(prime) for _ in range(t - 1)]\n"
            + _HORNER.replace("y * x + c", "y * x - c"),
            "minus the secret",
        ),
        (
            _SPLIT_HEAD + "    c = secrets.randbelow(prime)\n"
            "    coefficients = [secret] + [c] * (t - 1)\n" + _HORNER,
            "coefficients are equal",
        ),
    ],
    "6.6": [
        ("def reconstruct(shares, prime):\n    return shares[0][1]", "one share's y"),
        (
            "def reconstruct(shares, prime):\n    return sum(y for _, y in shares) % prime",
            "plain sum",
        ),
        (_lagrange(at="1"), "x = 1"),
        (_lagrange(combine="secret + yj * num * pow(den, -1, prime)"), "reduce it"),
        (
            _lagrange(combine="(secret + yj * num / den) % prime"),
            "pow(d, -1, prime)",
        ),
        (
            "def reconstruct(shares, prime):\n"
            "    secret = 0\n"
            "    for j, (_, yj) in enumerate(shares):\n"
            "        num, den = 1, 1\n"
            "        for m in range(len(shares)):\n"
            "            if m != j:\n"
            "                num = num * (0 - (m + 1)) % prime\n"
            "                den = den * ((j + 1) - (m + 1)) % prime\n"
            "        secret = (secret + yj * num * pow(den, -1, prime)) % prime\n"
            "    return secret",
            "position as its x",
        ),
        (_lagrange().replace("(0 - xm)", "(0 + xm)"), "minus the secret"),
        (_PLAIN_LAGRANGE.format(combine="yj * num // den"), "`//`"),
        (
            _lagrange(combine="(secret + yj * den * pow(num, -1, prime)) % prime"),
            "upside down",
        ),
        (_PLAIN_LAGRANGE.format(combine="yj * num * pow(abs(den), -1, prime)"), "abs()"),
        (
            "def reconstruct(shares, prime):\n    shares = shares[:3]\n"
            + _lagrange().split("\n", 1)[1],
            "only the first 3",
        ),
        (
            "def reconstruct(shares, prime):\n"
            "    total = 0.0\n"
            "    for j, (xj, yj) in enumerate(shares):\n"
            "        term = yj\n"
            "        for m, (xm, _) in enumerate(shares):\n"
            "            if m != j:\n"
            "                term *= (0 - xm) / (xj - xm)\n"
            "        total += term\n"
            "    return int(round(total)) % prime",
            "float arithmetic",
        ),
        (
            "def reconstruct(shares, prime):\n    shares.sort()\n" + _lagrange().split("\n", 1)[1],
            "changed its argument `shares`",
        ),
    ],
}

# Legitimate alternatives (other APIs, other valid approaches) that must pass.
RIGHT_ANSWERS = {
    "6.1": [
        "import numpy as np\ndef recover_record(update_w, update_b):\n    return np.divide(update_w, update_b)"
    ],
    "6.2": [
        "import numpy as np\ndef to_uint32(values, scale):\n"
        "    return np.round(values * scale).astype(np.int64).astype(np.uint32)",
        "import numpy as np\ndef to_uint32(values, scale):\n"
        "    return np.array([int(round(v * scale)) % 2**32 for v in values], dtype=np.uint32)",
        "import numpy as np\ndef to_uint32(values, scale):\n"
        "    return (np.round(values * scale) % 2**32).astype(np.uint32)",
        "import numpy as np\ndef to_uint32(values, scale):\n"
        "    return np.rint(values * scale).astype(np.int32).view(np.uint32)",
    ],
    "6.3": [
        "from cryptography.hazmat.primitives import hashes\n"
        "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n"
        "from utils.federated import PAIR_LABEL\n"
        "import struct\n"
        "def pair_seed(private_key, peer_public_key, round_id, me, peer):\n"
        "    info = PAIR_LABEL + struct.pack('>QII', round_id, *sorted((me, peer)))\n"
        "    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b'', info=info)\n"
        "    return hkdf.derive(private_key.exchange(peer_public_key))",
    ],
    "6.4": [
        "import numpy as np\nfrom utils.federated import expand_mask\n"
        "def mask_update(encoded, me, seeds):\n"
        "    total = encoded.astype(np.int64)\n"
        "    for peer, seed in seeds.items():\n"
        "        sign = 1 if me < peer else -1\n"
        "        total += sign * expand_mask(seed, encoded.size).astype(np.int64)\n"
        "    return (total % 2**32).astype(np.uint32)",
    ],
    "6.5": [
        "import secrets\ndef shamir_split(secret, n, t, prime):\n"
        "    coefficients = [secret] + [secrets.randbelow(prime) for _ in range(t - 1)]\n"
        "    return [(x, sum(c * pow(x, k, prime) for k, c in enumerate(coefficients)) % prime)\n"
        "            for x in range(1, n + 1)]",
        "import secrets\ndef shamir_split(secret, n, t, prime):\n"
        "    rng = secrets.SystemRandom()\n"
        "    coefficients = [secret] + [rng.randrange(prime) for _ in range(t - 1)]\n"
        "    return [(x, sum(c * x**k for k, c in enumerate(coefficients)) % prime)\n"
        "            for x in range(1, n + 1)]",
    ],
    "6.6": [
        "from utils.federated import shamir\n"
        "def reconstruct(shares, prime):\n    return shamir.reconstruct(shares, prime)",
        "import math\n"
        "def reconstruct(shares, prime):\n"
        "    xs = [x for x, _ in shares]\n"
        "    total = 0\n"
        "    for x_j, y_j in shares:\n"
        "        others = [x for x in xs if x != x_j]\n"
        "        num = math.prod(-x for x in others) % prime\n"
        "        den = math.prod(x_j - x for x in others) % prime\n"
        "        total += y_j * num * pow(den, prime - 2, prime)\n"
        "    return total % prime",
    ],
}
