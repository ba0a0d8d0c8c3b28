"""Plausible wrong answers to lesson 04's exercises, each with a piece of its expected hint."""

# exercise id -> list of (wrong exercise-cell source, a piece of the hint it must get)
WRONG_ANSWERS = {
    "4.1": [
        ("def encrypted_logit(enc, w, b):\n    return enc.dot(w)", "bias is missing"),
        ("def encrypted_logit(enc, w, b):\n    return enc * w + b", "only the first product"),
        ("def encrypted_logit(enc, w, b):\n    return (enc + b).dot(w)", "added to every feature"),
        (
            "def encrypted_logit(enc, w, b):\n    enc.dot_(w)\n    enc.add_(b)\n    return enc",
            "changed enc_sample",
        ),
        (
            "import tenseal as ts\n"
            "def encrypted_logit(enc, w, b):\n"
            "    x = enc.decrypt()\n"
            "    return sum(xi * wi for xi, wi in zip(x, w)) + b",
            "tried to decrypt",
        ),
        (
            "def encrypted_logit(enc, w, b):\n    return enc.dot(w) + [b] * len(w)",
            "`dot` leaves one slot",
        ),
        ("def encrypted_logit(enc, w, b):\n    return enc.dot(w) * 2 * b", "scale out of bounds"),
        ("def encrypted_logit(enc, w, b):\n    return (enc * w + b).sum()", "once per feature"),
        ("def encrypted_logit(enc, w, b):\n    return enc.dot(w + [b])", "no constant 1"),
    ],
    "4.2": [
        (
            "def choose_parameters(depth, scale_bits):\n"
            "    outer = min(60, scale_bits + 20)\n"
            "    return 8192, [outer] + [scale_bits] * depth + [outer]",
            "more than the 218 bits",
        ),
        (
            "def choose_parameters(depth, scale_bits):\n"
            "    outer = min(60, scale_bits + 20)\n"
            "    return 32768, [outer] + [scale_bits] * depth + [outer]",
            "larger than needed",
        ),
        (
            "from utils.he import MAX_COEFF_BITS_128\n"
            "def choose_parameters(depth, scale_bits):\n"
            "    outer = min(60, scale_bits + 20)\n"
            "    chain = [outer] + [scale_bits] * (depth + 1) + [outer]\n"
            "    for n, limit in MAX_COEFF_BITS_128.items():\n"
            "        if sum(chain) <= limit:\n"
            "            return n, chain\n"
            "    raise ValueError('too deep')",
            "one middle prime per multiplication",
        ),
        (
            "from utils.he import MAX_COEFF_BITS_128\n"
            "def choose_parameters(depth, scale_bits):\n"
            "    chain = [scale_bits + 20] + [scale_bits] * depth + [scale_bits + 20]\n"
            "    for n, limit in MAX_COEFF_BITS_128.items():\n"
            "        if sum(chain) <= limit:\n"
            "            return n, chain\n"
            "    raise ValueError('too deep')",
            "prime above 60 bits",
        ),
        (
            "from utils.he import MAX_COEFF_BITS_128\n"
            "def choose_parameters(depth, scale_bits):\n"
            "    outer = min(60, scale_bits + 20)\n"
            "    chain = [outer] + [scale_bits] * depth + [outer]\n"
            "    for n, limit in MAX_COEFF_BITS_128.items():\n"
            "        if sum(chain) <= limit:\n"
            "            break\n"
            "    return n, chain",
            "raise ValueError",
        ),
        (
            "from utils.he import MAX_COEFF_BITS_128\n"
            "def choose_parameters(depth, scale_bits):\n"
            "    outer = min(60, scale_bits + 20)\n"
            "    chain = [outer] + [scale_bits] * depth + [outer]\n"
            "    for n, limit in MAX_COEFF_BITS_128.items():\n"
            "        if sum(chain) < limit:\n"
            "            return n, chain\n"
            "    raise ValueError('too deep')",
            "exactly 109 bits",
        ),
        (
            "from utils.he import MAX_COEFF_BITS_128\n"
            "def choose_parameters(depth, scale_bits):\n"
            "    outer = min(60, scale_bits + 20)\n"
            "    chain = [outer] + [scale_bits] * depth + [outer]\n"
            "    for n, limit in MAX_COEFF_BITS_128.items():\n"
            "        if sum(chain) <= limit:\n"
            "            return n, chain\n"
            "    raise RuntimeError('too deep')",
            "raised RuntimeError",
        ),
        (
            "from utils.he import MAX_COEFF_BITS_128\n"
            "def choose_parameters(depth, scale_bits):\n"
            "    outer = min(60, scale_bits + 20)\n"
            "    chain = [outer] + [scale_bits] * depth + [outer]\n"
            "    for n, limit in MAX_COEFF_BITS_128.items():\n"
            "        if sum(chain) <= limit:\n"
            "            return chain, n\n"
            "    raise ValueError('too deep')",
            "put poly_modulus_degree first",
        ),
        (
            "from utils.he import MAX_COEFF_BITS_128\n"
            "def choose_parameters(depth, scale_bits):\n"
            "    outer = min(60, scale_bits + 20)\n"
            "    chain = [outer] + [scale_bits] * depth + [outer]\n"
            "    for n, limit in MAX_COEFF_BITS_128.items():\n"
            "        if sum(chain) <= limit:\n"
            "            return n, str(chain)\n"
            "    raise ValueError('too deep')",
            "must be a list of prime sizes",
        ),
        (
            "from utils.he import MAX_COEFF_BITS_128\n"
            "def choose_parameters(depth, scale_bits):\n"
            "    outer = min(60.0, scale_bits + 20.0)\n"
            "    chain = [outer] + [scale_bits] * depth + [outer]\n"
            "    for n, limit in MAX_COEFF_BITS_128.items():\n"
            "        if sum(chain) <= limit:\n"
            "            return n, chain\n"
            "    raise ValueError('too deep')",
            "must hold integers",
        ),
    ],
    "4.3": [
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[0] for v in enc_logits])\n"
            "    return float(np.mean((logits > 0.5) == labels))",
            "logits, not probabilities",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[0] for v in enc_logits])\n"
            "    return int(np.sum((logits > 0) == labels))",
            "number of correct predictions",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt() for v in enc_logits])\n"
            "    return float(np.mean((logits > 0) == labels))",
            "first slot of each ciphertext",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[0] for v in enc_logits])\n"
            "    return float(np.mean((logits < 0) == labels))",
            "share of wrong predictions",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([sum(v.decrypt()) for v in enc_logits])\n"
            "    return float(np.mean((logits > 0) == labels))",
            "added up all the slots",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[-1] for v in enc_logits])\n"
            "    return float(np.mean((logits > 0) == labels))",
            "last slot",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[0] for v in enc_logits])\n"
            "    return 100 * float(np.mean((logits > 0) == labels))",
            "percentage",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[0] for v in enc_logits])\n"
            "    return float(np.mean(logits > 0))",
            "share of patients predicted 1",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[0] for v in enc_logits])\n"
            "    probabilities = 1 / (1 + np.exp(-logits))\n"
            "    return float(np.mean((probabilities > 0) == labels))",
            "same label for every patient",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[0] for v in enc_logits])\n"
            "    return int(np.sum((logits > 0) == labels)) // len(labels)",
            "truncated by //",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[:1] for v in enc_logits])\n"
            "    return float(np.mean((logits > 0) == labels))",
            "one-element list",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[0] for v in enc_logits])\n"
            "    return f'{np.mean((logits > 0) == labels):.2f}'",
            "not a string",
        ),
        (
            "import numpy as np\n"
            "def decrypt_and_score(enc_logits, labels):\n"
            "    logits = np.array([v.decrypt()[0] for v in enc_logits])\n"
            "    return round(float(np.mean((logits > 0) == labels)), 2)",
            "unrounded",
        ),
    ],
    "4.4": [
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0] * w[0]\n"
            "    for col, wj in zip(cols[1:], w[1:]):\n"
            "        total += col * wj\n"
            "    return total",
            "bias is missing",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    for col, wj in zip(cols, w):\n"
            "        col *= wj\n"
            "    total = cols[0]\n"
            "    for col in cols[1:]:\n"
            "        total += col\n"
            "    return total + b",
            "changed the columns",
        ),
        (
            "def packed_logits(cols, w, b):\n    return [c * wj + b for c, wj in zip(cols, w)]",
            "returned a list",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0] + cols[1]\n"
            "    for col in cols[2:]:\n"
            "        total = total + col\n"
            "    return total + b",
            "without their weights",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0] * w[0]\n"
            "    for col, wj in zip(cols[1:], w[1:]):\n"
            "        total += col * wj\n"
            "    return total.sum() + b",
            "Galois keys",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0] * w[0] + b\n"
            "    for col, wj in zip(cols[1:], w[1:]):\n"
            "        total = total + col * wj + b\n"
            "    return total",
            "once per column",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0]\n"
            "    for col, wj in zip(cols[1:], w[1:]):\n"
            "        total = total + col * wj\n"
            "    return total + b",
            "column 0 was added without its weight",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0] * w[0]\n"
            "    for j in range(1, len(cols) - 1):\n"
            "        total = total + cols[j] * w[j]\n"
            "    return total + b",
            "last column is missing",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0] * w[0]\n"
            "    for col, wj in zip(cols[1:], w[1:]):\n"
            "        total = total + col * wj\n"
            "    return total + [b]",
            "plain list of another size",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0] * w[0]\n"
            "    for col, wj in zip(cols, w):\n"
            "        total = total + col * wj\n"
            "    return total + b",
            "column 0 was counted twice",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0] * w[0]\n"
            "    for col, wj in zip(cols[1:], w):\n"
            "        total = total + col * wj\n"
            "    return total + b",
            "shifted by one",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = (cols[0] + b) * w[0]\n"
            "    for col, wj in zip(cols[1:], w[1:]):\n"
            "        total = total + (col + b) * wj\n"
            "    return total",
            "each weight multiplies it",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols.pop(0) * w[0]\n"
            "    for col, wj in zip(cols, w[1:]):\n"
            "        total = total + col * wj\n"
            "    return total + b",
            "changed the list enc_columns",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0].mul_(w[0])\n"
            "    for col, wj in zip(cols[1:], w[1:]):\n"
            "        total = total + col * wj\n"
            "    return total + b",
            "methods ending in `_`",
        ),
        (
            "def packed_logits(cols, w, b):\n"
            "    total = cols[0] * (w[0] - 1) + cols[0]  # x0 * w0, as x0 * (w0 - 1) + x0\n"
            "    for col, wj in zip(cols[1:], w[1:]):\n"
            "        total = total + col * wj\n"
            "    return total + b",
            "switched a column it received down a level",
        ),
    ],
    "4.5": [
        (
            "import numpy as np\n"
            "def sigmoid_coefficients(degree, r):\n"
            "    x = np.linspace(-r, r, 501)\n"
            "    return np.polyfit(x, 1 / (1 + np.exp(-x)), degree)",
            "wrong order",
        ),
        (
            "import numpy as np\n"
            "def sigmoid_coefficients(degree, r):\n"
            "    x = np.linspace(0, r, 501)\n"
            "    return np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(-x)), degree)",
            "negative half",
        ),
        (
            "def sigmoid_coefficients(degree, r):\n"
            "    taylor = [0.5, 1 / 4, 0.0, -1 / 48, 0.0, 1 / 480]\n"
            "    return taylor[: degree + 1]",
            "Taylor series",
        ),
        (
            "import numpy as np\n"
            "def sigmoid_coefficients(degree, r):\n"
            "    x = np.linspace(-r, r, 501)\n"
            "    return np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(-x)), degree + 1)",
            "coefficients (the constant term",
        ),
        (
            "import numpy as np\n"
            "def sigmoid_coefficients(degree, r):\n"
            "    x = np.linspace(-r, r, 501)\n"
            "    return np.polynomial.Polynomial.fit(x, 1 / (1 + np.exp(-x)), degree).coef",
            "scaled to [-1, 1]",
        ),
        (
            "import numpy as np\n"
            "def sigmoid_coefficients(degree, r):\n"
            "    x = np.linspace(-r, r, 501)\n"
            "    return np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(x)), degree)",
            "sigmoid mirrored",
        ),
        (
            "import numpy as np\n"
            "def sigmoid_coefficients(degree, r):\n"
            "    x = np.linspace(-8, 8, 501)\n"
            "    return np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(-x)), degree)",
            "same for every input_range",
        ),
        (
            "import numpy as np\n"
            "def sigmoid_coefficients(degree, r):\n"
            "    x = np.linspace(-r, r, degree + 1)\n"
            "    return np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(-x)), degree)",
            "a few hundred points",
        ),
        (
            "import numpy as np\n"
            "def sigmoid_coefficients(degree, r):\n"
            "    x = np.linspace(-r, r, 501)\n"
            "    y = (1 / (1 + np.exp(-x))).reshape(-1, 1)\n"
            "    return np.polynomial.polynomial.polyfit(x, y, degree)",
            "flat array",
        ),
    ],
}


# Tried as students would (issue 11), before reading the checker; those it accepted, or
# answered with a hint that blamed something else, made it stronger. Each with its hint.
_G_ = "import tenseal as ts\ndef encrypted_logit(enc_sample, weights, bias):\n"
_P_ = "from utils.he import MAX_COEFF_BITS_128\ndef choose_parameters(depth, scale_bits):\n"
_S_ = "import numpy as np\ndef decrypt_and_score(enc_logits, labels):\n"
_K_ = "def packed_logits(enc_columns, weights, bias):\n"
_F_ = "import numpy as np\ndef sigmoid_coefficients(degree, input_range):\n"
_CHAIN_ = (
    "    outer = min(60, scale_bits + 20)\n    chain = [outer] + [scale_bits] * depth + [outer]\n"
)
_STUDENTS = {
    "4.1": [
        (_G_ + "    return enc_sample.dot(weights[::-1]) + bias", "reversed"),
        (_G_ + "    return enc_sample.dot(weights) - bias", "subtracted"),
        (
            _G_ + "    return (enc_sample.dot(weights) + bias).polyval([0.5, 0.197, 0, -0.004])",
            "multiplies twice",
        ),
        (_G_ + "    return enc_sample.dot(weights) + 0.75", "does not change with the bias"),
        (
            _G_ + "    weights.append(bias)\n    return enc_sample.dot(weights[:-1]) + bias",
            "changed its argument `weights`",
        ),
        (_G_ + "    return enc_sample.dot([w * 2 for w in weights]) + bias", "expected"),
    ],
    "4.2": [
        (
            _P_
            + _CHAIN_
            + "    if depth > 45:\n        raise ValueError('too deep')\n    for degree, limit in sorted(MAX_COEFF_BITS_128.items()):\n        if sum(chain) <= limit:\n            return degree, chain\n    return max(MAX_COEFF_BITS_128), chain",
            "more than any N allows",
        ),
        (
            _P_
            + _CHAIN_
            + "    for degree, limit in sorted(MAX_COEFF_BITS_128.items()):\n        if sum(chain) <= limit:\n            return degree, chain",
            "returned None",
        ),
        (
            _P_
            + _CHAIN_
            + "    for degree, limit in sorted(MAX_COEFF_BITS_128.items()):\n        if sum(chain) <= limit:\n            return degree, chain\n    raise RuntimeError('too deep')",
            "raise ValueError",
        ),
        (
            _P_
            + "    chain = [60] + [scale_bits] * depth + [60]\n    for degree, limit in sorted(MAX_COEFF_BITS_128.items()):\n        if sum(chain) <= limit:\n            return degree, chain\n    raise ValueError('too deep')",
            "outer ones scale_bits + 20",
        ),
        (
            _P_
            + "    outer = scale_bits + 20\n    chain = [outer] + [scale_bits] * depth + [outer]\n    for degree, limit in sorted(MAX_COEFF_BITS_128.items()):\n        if sum(chain) <= limit:\n            return degree, chain\n    raise ValueError('too deep')",
            "above 60 bits",
        ),
        (
            _P_
            + _CHAIN_
            + "    for degree, limit in sorted(MAX_COEFF_BITS_128.items()):\n        if sum(chain) < limit:\n            return degree, chain\n    raise ValueError('too deep')",
            "reached included",
        ),
        (
            _P_
            + _CHAIN_
            + "    for degree, limit in sorted(MAX_COEFF_BITS_128.items()):\n        if sum(chain) <= limit - 20:\n            return degree, chain\n    raise ValueError('too deep')",
            "larger than needed",
        ),
    ],
    "4.3": [
        (
            _S_
            + "    logits = np.array([enc.decrypt()[0] for enc in enc_logits])\n    return 0.8125",
            "expected",
        ),
        (
            _S_
            + "    logits = np.array([enc.decrypt()[0] for enc in enc_logits])\n    labels[:] = (logits > 0)\n    return float(np.mean((logits > 0) == labels))",
            "changed its argument `labels`",
        ),
        (_S_ + "    return float('nan')", "NaN"),
        (
            _S_
            + "    logits = np.array([enc.decrypt()[0] for enc in enc_logits])\n    return float(np.mean((logits > 0) == np.asarray(labels)[::-1]))",
            "reverse order",
        ),
        (
            _S_
            + "    logits = np.array([enc.decrypt()[0] for enc in enc_logits])\n    return float(np.mean((logits[:-1] > 0) == np.asarray(labels)[:-1]))",
            "expected",
        ),
        (
            _S_
            + "    logits = np.array([enc.decrypt()[0] for enc in enc_logits])\n    return round(float(np.mean((logits > 0) == np.asarray(labels))), 2)",
            "rounded",
        ),
    ],
    "4.4": [
        (
            _K_
            + "    total = enc_columns[0] * weights[-1]\n    for c, w in zip(enc_columns[1:], weights[::-1][1:]):\n        total += c * w\n    return total + bias",
            "reversed",
        ),
        (
            _K_
            + "    total = enc_columns[0] * weights[0]\n    for c, w in zip(enc_columns[1:], weights[1:]):\n        total += c * w\n    return total - bias",
            "subtracted",
        ),
        (
            _K_
            + "    first = weights.pop(0)\n    total = enc_columns[0] * first\n    for c, w in zip(enc_columns[1:], weights):\n        total += c * w\n    return total + bias",
            "changed its argument `weights`",
        ),
        (
            _K_
            + "    total = enc_columns[0] * weights[0]\n    for c, w in zip(enc_columns[1:], weights[1:]):\n        total += c * w\n    return total + (-0.3)",
            "does not change with the bias",
        ),
        (
            _K_
            + "    total = enc_columns[0] * weights[0]\n    for c, w in zip(enc_columns[1:3], weights[1:3]):\n        total += c * w\n    return total + bias",
            "first three columns",
        ),
    ],
    "4.5": [
        (
            _F_
            + "    x = np.linspace(-input_range, input_range, 1001)\n    return np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(-x)), degree - 1)",
            "coefficients",
        ),
        (
            _F_
            + "    x = np.linspace(-input_range, input_range, 1001)\n    c = np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(-x)), degree)\n    c[0] = np.nan\n    return c",
            "NaN",
        ),
        (
            _F_
            + "    x = np.linspace(-5, 5, 1001)\n    return np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(-x)), degree)",
            "same for every input_range",
        ),
        (
            _F_
            + "    x = np.linspace(0, input_range, 1001)\n    return np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(-x)), degree)",
            "positive half",
        ),
        (
            _F_
            + "    x = np.linspace(-input_range, input_range, 1001)\n    return np.polynomial.polynomial.polyfit(x, np.tanh(x), degree)",
            "fit the sigmoid's values",
        ),
    ],
}
RIGHT_ANSWERS = {
    "4.1": [_G_ + "    return (enc_sample * weights).sum() + [bias]"],
    "4.3": [
        _S_
        + "    probs = [1 / (1 + np.exp(-v.decrypt()[0])) for v in enc_logits]\n    return sum((p >= 0.5) == y for p, y in zip(probs, labels)) / len(probs)"
    ],
    "4.4": [_K_ + "    return sum(c * w for c, w in zip(enc_columns, weights)) + bias"],
    "4.5": [
        _F_
        + "    x = np.cos(np.pi * (np.arange(400) + 0.5) / 400) * input_range\n    return np.polynomial.polynomial.polyfit(x, 1 / (1 + np.exp(-x)), degree)"
    ],
}

for _exercise, _cases in _STUDENTS.items():
    WRONG_ANSWERS[_exercise] += _cases

# A second round as students (issue 11), again before reading the checkers: aliases of
# weak generators and clocks, unit slips, swapped arguments. Those that passed, or got a
# hint blaming something else, made the checks stronger.
_SECOND_ROUND = {
    "4.1": [
        (
            "import numpy as np\nimport tenseal as ts\n\ndef encrypted_logit(enc_sample, weights, bias):\n    enc_sample.mul_(weights)\n    return enc_sample.sum() + bias",
            "changed enc_sample",
        ),
    ],
    "4.2": [
        (
            'from utils.he import MAX_COEFF_BITS_128\ndef choose_parameters(depth, scale_bits):\n    outer = min(scale_bits + 20, 60)\n    chain = [outer] + [scale_bits] * depth + [outer]\n    for n, limit in MAX_COEFF_BITS_128.items():\n        if limit >= sum(chain) - outer:\n            return n, chain\n    raise ValueError("too deep")',
            "more than the 109 bits that N=4096 allows",
        ),
    ],
    "4.3": [
        (
            "import numpy as np\nimport tenseal as ts\n\ndef decrypt_and_score(enc_logits, labels):\n    p = 1 / (1 + np.exp(-np.array([v.decrypt()[0] for v in enc_logits])))\n    return float(np.mean(p == labels))",
            "comparing probabilities",
        ),
        (
            "import numpy as np\nimport tenseal as ts\n\ndef decrypt_and_score(enc_logits, labels):\n    logits = np.array([v.decrypt()[0] for v in enc_logits])\n    p = 1 / (1 + np.exp(-logits))\n    return float(np.mean(np.round(p, 1) == labels))",
            "your accuracy is",
        ),
    ],
    "4.4": [
        (
            "import numpy as np\nimport tenseal as ts\n\ndef packed_logits(enc_columns, weights, bias):\n    result = None\n    for c, w in zip(enc_columns, weights):\n        term = c * w\n        result = term if result is None else result + term\n    return result * 1.0 + bias",
            "multiplies twice in a row",
        ),
    ],
    "4.5": [
        (
            "import numpy as np\ndef sigmoid_coefficients(degree, input_range):\n    x = np.linspace(-input_range, input_range, 400)\n    return np.polynomial.Chebyshev.fit(x, 1 / (1 + np.exp(-x)), degree).coef",
            "where a least-squares fit is off by",
        ),
        (
            "import numpy as np\ndef sigmoid_coefficients(degree, input_range):\n    x = np.linspace(-input_range, input_range, 400)\n    return np.polynomial.polynomial.polyfit(x, np.tanh(x), degree)",
            "where a least-squares fit is off by",
        ),
    ],
}
for _exercise, _cases in _SECOND_ROUND.items():
    WRONG_ANSWERS[_exercise] += _cases
RIGHT_ANSWERS.setdefault("4.1", []).append(
    "import numpy as np\nimport tenseal as ts\n\ndef encrypted_logit(enc_sample, weights, bias):\n    return enc_sample.dot(weights) + [bias]"
)
RIGHT_ANSWERS.setdefault("4.4", []).append(
    "import numpy as np\nimport tenseal as ts\n\ndef packed_logits(enc_columns, weights, bias):\n    return sum((c * w for c, w in zip(enc_columns, weights)), start=enc_columns[0] * 0.0) + bias"
)
RIGHT_ANSWERS.setdefault("4.4", []).append(
    "import numpy as np\nimport tenseal as ts\n\ndef packed_logits(enc_columns, weights, bias):\n    result = enc_columns[0] * weights[0]\n    for c, w in zip(enc_columns[1:], weights[1:]):\n        result += c * w\n    result += bias\n    return result"
)
RIGHT_ANSWERS.setdefault("4.5", []).append(
    "import numpy as np\ndef sigmoid_coefficients(degree, input_range):\n    x = np.linspace(-input_range, input_range, 400)\n    return np.polynomial.Polynomial.fit(x, 1 / (1 + np.exp(-x)), degree).convert().coef"
)
RIGHT_ANSWERS.setdefault("4.5", []).append(
    "import numpy as np\ndef sigmoid_coefficients(degree, input_range):\n    x = np.linspace(-input_range, input_range, 400)\n    return np.polyfit(x, 1 / (1 + np.exp(-x)), degree)[::-1]"
)
RIGHT_ANSWERS.setdefault("4.3", []).append(
    "import numpy as np\nimport tenseal as ts\n\ndef decrypt_and_score(enc_logits, labels):\n    logits = np.array([v.decrypt()[0] for v in enc_logits])\n    return float(np.mean((logits > 0).astype(int) == labels))"
)
