"""Plausible wrong answers to lesson 00's exercises, each with a piece of its expected hint."""

# exercise id -> list of (wrong exercise-cell source, a piece of the hint it must get)
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
}

WRONG_ANSWERS["0.1"].append(
    (
        "def xor_bytes(a, b):\n    if len(a) > len(b):\n        raise ValueError()\n"
        "    return bytes(x ^ y for x, y in zip(a, b))",
        "xor_bytes(b'ab', b'abc') must raise ValueError",
    )
)
WRONG_ANSWERS["0.3"] += [
    (
        "import secrets\ndef random_token(n):\n    return hex(secrets.randbits(8 * n))[2:]",
        "leading zeros lost",
    ),
    (
        "import uuid\ndef random_token(n):\n    return (uuid.uuid4().hex * 8)[: 2 * n]",
        "repeats itself",
    ),
]
