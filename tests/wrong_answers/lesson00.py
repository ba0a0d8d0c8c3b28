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
        (
            "def brute_force_years(bits, rate):\n    return 2**bits / rate / (365 * 3600)",
            "your year lasts",
        ),
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
            "from utils.course.checks.lesson00 import DATA_STATES\n"
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

# Found by the wrong-answer hunt: each passed, or failed with a misleading hint, before its fix.
WRONG_ANSWERS["0.1"] += [
    (
        "def xor_bytes(a, b):\n    assert len(a) == len(b)\n"
        "    return bytes(x ^ y for x, y in zip(a, b))",
        "raised AssertionError: the exercise asks for ValueError",
    ),
    (
        "def xor_bytes(a, b):\n    if len(a) != len(b):\n        return ValueError('lengths differ')\n"
        "    return bytes(x ^ y for x, y in zip(a, b))",
        "instead of raising it",
    ),
    (
        "def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('lengths differ')\n"
        "    x = int.from_bytes(a, 'big') ^ int.from_bytes(b, 'big')\n"
        "    return x.to_bytes((x.bit_length() + 7) // 8, 'big')",
        "as long as the inputs",
    ),
    (
        "def xor_bytes(a, b):\n    if not a or len(a) != len(b):\n        raise ValueError('bad input')\n"
        "    return bytes(x ^ y for x, y in zip(a, b))",
        "not an error",
    ),
]
WRONG_ANSWERS["0.2"] += [
    (
        "def brute_force_years(bits, rate):\n    return 2**bits / rate / (365 * 24 * 3600)",
        "365 days",
    ),
    (
        "def brute_force_years(bits, rate):\n    return 2**bits // rate / (365.25 * 24 * 3600)",
        "// drops",
    ),
    ("def brute_force_years(bits, rate):\n    return 2**bits / rate / 86400", "in days"),
    (
        "def brute_force_years(bits, rate):\n    return 2**(bits - 1) / rate / (365.25 * 24 * 3600)",
        "half the keys",
    ),
    (
        "def brute_force_years(bits, rate):\n    return int(2**bits / rate / (365.25 * 24 * 3600))",
        "rounded",
    ),
    ("def brute_force_years(bits, rate):\n    return 2^bits / rate / 31557600", "^ is XOR"),
]
WRONG_ANSWERS["0.3"] += [
    (
        "import numpy as np\ndef random_token(n):\n    return np.random.bytes(n).hex()",
        "numpy's random generator",
    ),
    (
        "import random\nrng = random.Random(42)\ndef random_token(n):\n    return rng.randbytes(n).hex()",
        "`random.Random` generator",
    ),
    (
        "import random, time\ndef random_token(n):\n    random.seed(time.time_ns())\n"
        "    return random.randbytes(n).hex()",
        "made from the clock",
    ),
    (
        "import uuid\ndef random_token(n):\n"
        "    return ''.join(uuid.uuid4().hex for _ in range(n))[: 2 * n]",
        "same in every token",
    ),
    (
        "import secrets\ndef random_token(n):\n    return f'{secrets.randbits(4 * n):0{2 * n}x}'",
        "same in every token",
    ),
    (
        "import secrets, string\ndef random_token(n):\n"
        "    return ''.join(secrets.choice(string.hexdigits) for _ in range(2 * n))",
        "lower- and upper-case",
    ),
    (
        "import secrets\ndef random_token(n):\n    return secrets.token_hex(16)",
        "random_token(1) gave 32 hex digits",
    ),
    (
        "import secrets\ndef random_token(n):\n    return secrets.token_hex(2 * n)",
        "gave 4 hex digits",
    ),
    (
        "import secrets\ndef random_token(n):\n    return hex(int.from_bytes(secrets.token_bytes(n), 'big'))",
        "'0x'",
    ),
]
WRONG_ANSWERS["0.4"] += [
    (
        "from utils.course.checks.lesson00 import DATA_STATES\ndef data_states():\n"
        "    states = dict(DATA_STATES)\n"
        "    states['patient record scored by the model'] = states.pop("
        "'patient record being scored by the model')\n    return states",
        "is not one of the six scenarios",
    ),
    (
        "from utils.course.checks.lesson00 import DATA_STATES\ndef data_states():\n"
        "    return dict(list(DATA_STATES.items())[:5])",
        "is missing",
    ),
    (
        "from utils.course.checks.lesson00 import DATA_STATES\ndef data_states():\n"
        "    return {scenario: [state] for scenario, state in DATA_STATES.items()}",
        "each value must be one of",
    ),
]


# Tried as students would (issue 11), before reading the checker; those it accepted, or
# answered with a hint that blamed something else, made it stronger. Each with its hint.
_STUDENTS = {
    "0.1": [
        (
            "import warnings\ndef xor_bytes(a, b):\n    if len(a) != len(b):\n        warnings.warn('lengths differ')\n"
            "    return bytes(x ^ y for x, y in zip(a, b))",
            "only warned",
        ),
        (
            "def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('len')\n    return bytes(x ^ y for x, y in zip(a, b[::-1]))",
            "reversed",
        ),
        (
            "def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('len')\n    return bytes(x | y for x, y in zip(a, b)) if a != b else bytes(len(a))",
            "XOR",
        ),
        (
            "def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('len')\n    return bytes((x + y) % 256 for x, y in zip(a, b))",
            "XOR",
        ),
        (
            "def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('len')\n    return bytes(x ^ y for x, y in zip(a, b[:1] * len(b)))",
            "XOR",
        ),
        (
            "def xor_bytes(a, b):\n    if len(a) < len(b):\n        raise ValueError('len')\n    return bytes(x ^ y for x, y in zip(a, b))",
            "must raise ValueError",
        ),
        (
            "def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('len')\n    n = len(a)\n    return (int.from_bytes(a, 'big') ^ int.from_bytes(b, 'little')).to_bytes(n, 'big')",
            "XOR",
        ),
        (
            "def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('len')\n    return bytes(x ^ y for x, y in zip(a, b) if x != y)",
            "as long as",
        ),
        (
            "def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('len')\n    return bytes(abs(x - y) for x, y in zip(a, b))",
            "XOR",
        ),
    ],
    "0.2": [
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return 2**key_bits / guesses_per_second / (365.25 * 24 * 60)",
            "your year lasts 525960 seconds",
        ),
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return 2**(key_bits - 1) / guesses_per_second / (365.25 * 24 * 3600)",
            "half",
        ),
        ("def brute_force_years(key_bits, guesses_per_second):\n    return float('nan')", "finite"),
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return 2**key_bits * guesses_per_second / (365.25 * 24 * 3600)",
            "multiplied",
        ),
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return round(2**key_bits / guesses_per_second / (365.25 * 24 * 3600), 2)",
            "rounded",
        ),
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return 2**key_bits / guesses_per_second / (365.25 * 24 * 3600) if key_bits < 100 else float('inf')",
            "finite",
        ),
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return 2**key_bits / 1e9 / (365.25 * 24 * 3600)",
            "does not change with guesses_per_second",
        ),
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return 2**128 / guesses_per_second / (365.25 * 24 * 3600)",
            "does not change with key_bits",
        ),
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return 10**(key_bits * 0.30103) / guesses_per_second / (365.25 * 24 * 3600)",
            "not exact",
        ),
    ],
    "0.3": [
        (
            "import random\ndef random_token(nbytes):\n    rng = random.Random()\n    return rng.randbytes(nbytes).hex()",
            "`random.Random()`",
        ),
        (
            "import numpy as np\ndef random_token(nbytes):\n    return np.random.default_rng().bytes(nbytes).hex()",
            "numpy generator",
        ),
        (
            "import time, hashlib\ndef random_token(nbytes):\n    return hashlib.sha256(str(time.time_ns()).encode()).hexdigest()[:2 * nbytes]",
            "clock",
        ),
        (
            "import uuid\ndef random_token(nbytes):\n    return ''.join(uuid.uuid1().hex for _ in range(4))[:2 * nbytes]",
            "uuid1",
        ),
        (
            "import secrets\ndef random_token(nbytes):\n    return secrets.token_hex(6).ljust(2 * nbytes, '0')",
            "random_token(1) gave 12",
        ),
        (
            "import secrets\ndef random_token(nbytes):\n    return secrets.token_urlsafe(nbytes)[:2 * nbytes]",
            "hex",
        ),
    ],
    "0.4": [
        (
            "from utils.course.checks.lesson00 import DATA_STATES\ndef data_states():\n    d = dict(DATA_STATES)\n    d['weights loaded in GPU memory while serving'] = 'at rest'\n    return d",
            "misclassified",
        ),
        (
            "def data_states():\n    return {'training CSV in a cloud bucket': 'rest', 'features sent from the app to the inference API': 'transit', 'weights loaded in GPU memory while serving': 'use', 'nightly database backup on tape': 'rest', 'gradients exchanged between training workers': 'transit', 'patient record being scored by the model': 'use'}",
            "must be one of",
        ),
        (
            "def data_states():\n    return {'training CSV in a cloud bucket': 'At Rest', 'features sent from the app to the inference API': 'In Transit', 'weights loaded in GPU memory while serving': 'In Use', 'nightly database backup on tape': 'At Rest', 'gradients exchanged between training workers': 'In Transit', 'patient record being scored by the model': 'In Use'}",
            "lower case",
        ),
        ("def data_states():\n    return [('training CSV in a cloud bucket', 'at rest')]", "dict"),
        (
            "SCENARIOS=['a']\ndef data_states():\n    return {s.upper(): 'at rest' for s in ['training CSV in a cloud bucket']}",
            "scenarios",
        ),
        (
            "def data_states():\n    return {'training CSV in a cloud bucket': 'at rest', 'features sent from the app to the inference API': 'in transit', 'weights loaded in GPU memory while serving': 'in use', 'nightly database backup on tape': 'at rest', 'gradients exchanged between training workers': 'in use', 'patient record being scored by the model': 'in transit'}",
            "misclassified",
        ),
    ],
}
RIGHT_ANSWERS = {
    "0.1": [
        "def xor_bytes(a, b):\n    return bytes(x ^ y for x, y in zip(a, b, strict=True))",
        "def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('x')\n    return (int.from_bytes(a, 'big') ^ int.from_bytes(b, 'big')).to_bytes(len(a), 'big')",
        "import numpy as np\ndef xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError('x')\n    return np.bitwise_xor(np.frombuffer(a, np.uint8), np.frombuffer(b, np.uint8)).tobytes()",
    ],
    "0.2": [
        "import math\ndef brute_force_years(key_bits, guesses_per_second):\n    return math.ldexp(1, key_bits) / guesses_per_second / 31557600"
    ],
    "0.3": [
        "import os\ndef random_token(nbytes):\n    return os.urandom(nbytes).hex()",
        "import secrets\ndef random_token(nbytes):\n    return ''.join(f'{secrets.randbits(8):02x}' for _ in range(nbytes))",
    ],
}

for _exercise, _cases in _STUDENTS.items():
    WRONG_ANSWERS[_exercise] += _cases

# A second round as students (issue 11), again before reading the checkers: aliases of
# weak generators and clocks, unit slips, swapped arguments. Those that passed, or got a
# hint blaming something else, made the checks stronger.
_SECOND_ROUND = {
    "0.1": [
        (
            'def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError("lengths differ")\n    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).to_bytes(len(a), "little")',
            "XOR each pair",
        ),
        (
            'def xor_bytes(a, b):\n    if len(a) != len(b):\n        return b""\n    return bytes(x ^ y for x, y in zip(a, b))',
            "must raise ValueError",
        ),
        (
            'def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise TypeError("lengths differ")\n    return bytes(x ^ y for x, y in zip(a, b))',
            "raised TypeError: the exercise asks for ValueError",
        ),
        (
            'def xor_bytes(a, b):\n    if len(a) != len(b):\n        raise ValueError("lengths differ")\n    return bytes((x + y) % 256 for x, y in zip(a, b))',
            "XOR each pair",
        ),
    ],
    "0.2": [
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return key_bits**2 / guesses_per_second / (365.25 * 24 * 3600)",
            "2**bits keys",
        ),
        (
            "def brute_force_years(key_bits, guesses_per_second):\n    return 2**key_bits / guesses_per_second / 365.25 / 24",
            "your year lasts 8766 seconds",
        ),
        (
            'def brute_force_years(key_bits, guesses_per_second):\n    return 2**key_bits / guesses_per_second / (365.25 * 86400) * 1.0 if key_bits < 128 else float("inf")',
            "NaN or infinity",
        ),
    ],
    "0.3": [
        (
            'import random as rnd\ndef random_token(nbytes):\n    return "".join(rnd.choice("0123456789abcdef") for _ in range(2 * nbytes))',
            "re-seeding Python's `random` module",
        ),
        (
            "from random import randbytes as rb\ndef random_token(nbytes):\n    return rb(nbytes).hex()",
            "re-seeding Python's `random` module",
        ),
        (
            "import numpy.random as npr\ndef random_token(nbytes):\n    return npr.bytes(nbytes).hex()",
            "re-seeding numpy's random generator",
        ),
        (
            "from numpy.random import default_rng as make\ndef random_token(nbytes):\n    return make().bytes(nbytes).hex()",
            "numpy generator made inside the function",
        ),
        (
            "import hashlib\nfrom time import time_ns as stamp\ndef random_token(nbytes):\n    return hashlib.shake_256(str(stamp()).encode()).hexdigest(nbytes)",
            "made from the clock",
        ),
        (
            "import secrets\n_POOL = secrets.token_hex(64)\ndef random_token(nbytes):\n    return _POOL[: 2 * nbytes]",
            "two tokens were equal",
        ),
        (
            "import secrets\ndef random_token(nbytes):\n    return str(secrets.token_bytes(nbytes))",
            "str() of a bytes object",
        ),
    ],
    "0.4": [
        (
            'SCENARIOS = [\n    "training CSV in a cloud bucket",\n    "features sent from the app to the inference API",\n    "weights loaded in GPU memory while serving",\n    "nightly database backup on tape",\n    "gradients exchanged between training workers",\n    "patient record being scored by the model",\n]\ndef data_states():\n    states = ["at rest", "in transit", "in use", "at rest", "in use", "in use"]\n    return dict(zip(SCENARIOS, states))',
            "misclassified: 1 of 6, e.g. 'gradients exchanged",
        ),
        (
            'SCENARIOS = [\n    "training CSV in a cloud bucket",\n    "features sent from the app to the inference API",\n    "weights loaded in GPU memory while serving",\n    "nightly database backup on tape",\n    "gradients exchanged between training workers",\n    "patient record being scored by the model",\n]\ndef data_states():\n    states = ["at-rest", "in-transit", "in-use", "at-rest", "in-transit", "in-use"]\n    return dict(zip(SCENARIOS, states))',
            "must be one of",
        ),
        (
            'SCENARIOS = [\n    "training CSV in a cloud bucket",\n    "features sent from the app to the inference API",\n    "weights loaded in GPU memory while serving",\n    "nightly database backup on tape",\n    "gradients exchanged between training workers",\n    "patient record being scored by the model",\n]\ndef data_states():\n    states = ["at rest", "in transit", "at rest", "at rest", "in transit", "in use"]\n    return dict(zip(SCENARIOS, states))',
            "misclassified: 1 of 6, e.g. 'weights loaded",
        ),
        (
            'SCENARIOS = [\n    "training CSV in a cloud bucket",\n    "features sent from the app to the inference API",\n    "weights loaded in GPU memory while serving",\n    "nightly database backup on tape",\n    "gradients exchanged between training workers",\n    "patient record being scored by the model",\n]\ndef data_states():\n    return {i: s for i, s in enumerate(["at rest", "in transit", "in use", "at rest", "in transit", "in use"])}',
            "is not one of the six scenarios",
        ),
    ],
}
for _exercise, _cases in _SECOND_ROUND.items():
    WRONG_ANSWERS[_exercise] += _cases
