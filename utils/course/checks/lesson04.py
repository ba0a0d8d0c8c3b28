"""Checkers of lesson 04 (homomorphic inference with CKKS).

Server-side answers run as the server would: on ciphertexts attached to a public context
(no secret key). The checks use N=4096 contexts, which are fast to make.
"""

from __future__ import annotations

import copy
import numbers
from functools import cache

import numpy as np
import tenseal as ts

from utils import he
from utils.course.checks.core import Hint, call_unmutated, case_rng, checker, finite

CHECK_PARAMS = he.CKKSParameters(4096, (40, 29, 40), 29)  # depth 1, precision about 1e-3
TOLERANCE = 0.02


@cache
def _contexts(galois_keys: bool) -> tuple[ts.Context, ts.Context]:
    """(client context with the secret key, server context without it).

    The server's is a copy made public, which has the keys a serialized public context
    carries, without serializing megabytes of Galois keys (a third of the first check's time).
    """
    client = CHECK_PARAMS.context(galois_keys=galois_keys)
    server = client.copy()
    server.make_context_public()
    return client, server


def _send(ctx: ts.Context, vectors: list[ts.CKKSVector]) -> list[ts.CKKSVector]:
    """Serialize ``vectors`` and load them into ``ctx``: one crossing of the boundary."""
    return he.load_vectors(ctx, he.serialize_vectors(vectors))


def _run_on_server(function, *args, sizes_hint: str):
    """Call the student's server-side function; turn the usual boundary errors into hints.

    ``sizes_hint`` is the hint for a plain list whose size differs from the ciphertext's.
    """
    try:
        return function(*args)
    except ValueError as error:
        message = str(error).lower()
        if "secret" in message:
            raise Hint(
                "your function tried to decrypt, but the server holds no secret key: "
                "compute on the ciphertext and return it"
            ) from None
        if "galois" in message:
            raise Hint(
                "your function rotates slots (dot, sum or mm), which needs Galois keys this "
                "server does not have: multiply each column by its plain weight and add"
            ) from None
        if "scale out of bounds" in message:
            raise Hint(
                "scale out of bounds: your function multiplies twice in a row (a product "
                f"multiplied again), but the check's chain, {list(CHECK_PARAMS.coeff_mod_bit_sizes)}, "
                f"allows depth {CHECK_PARAMS.depth}: "
                "one multiplication by the plain weights, then only additions"
            ) from None
        if "different sizes" in message:
            raise Hint(sizes_hint) from None
        raise


def _returns_ciphertext(result) -> None:
    if not isinstance(result, ts.CKKSVector):
        raise Hint(
            f"return the encrypted result (a CKKSVector), not {type(result).__name__}: "
            "only the client can decrypt it"
        )


def _close(a, b) -> bool:
    return bool(np.allclose(a, b, atol=TOLERANCE, rtol=0))


def _numpy_rng() -> np.random.Generator:
    """A numpy generator for this run's randomized cases (see core.case_rng)."""
    return np.random.default_rng(case_rng().getrandbits(64))


def _apart(expected: np.ndarray, mistakes: list[np.ndarray], gap: float = 0.1) -> bool:
    """Whether every mistake's values differ from the expected ones and from each other."""
    values = [expected, *mistakes]
    return all(np.abs(a - b).max() > gap for i, a in enumerate(values) for b in values[i + 1 :])


@checker("4.1", "encrypted_logit")
def _check_logit(encrypted_logit):
    client, server = _contexts(galois_keys=True)
    cases = []
    random = _numpy_rng()
    while len(cases) < 3:  # random sizes, a large bias, every mistake below distinguishable
        n = int(random.integers(3, 10))
        x, weights = random.uniform(-2, 2, n), random.uniform(-1, 1, n)
        bias = float(random.choice([-1, 1]) * random.uniform(1, 3))
        if _apart(np.array([x @ weights + bias]), list(_logit_mistakes(x, weights, bias).values())):
            cases.append((x, weights, bias))
    results = [_encrypted_logit(encrypted_logit, client, server, *case) for case in cases]
    wrong = [not _close(got, x @ w + b) for got, (x, w, b) in zip(results, cases, strict=True)]
    if any(wrong):  # a mistake is named only if it explains every case, not one by chance
        mistakes = [_logit_mistakes(*case) for case in cases]
        for hint in mistakes[0]:
            if all(_close(got, m[hint]) for got, m in zip(results, mistakes, strict=True)):
                raise Hint(hint)
    for got, (x, weights, bias), is_wrong in zip(results, cases, wrong, strict=True):
        expected = x @ weights + bias
        if is_wrong:
            other = _encrypted_logit(encrypted_logit, client, server, x, weights, bias + 1.5)
            if _close(other, got):
                raise Hint("the result does not change with the bias: add the bias argument")
            raise Hint(
                f"the first slot holds {got:.3f}, expected x · weights + bias = {expected:.3f}"
            )


def _encrypted_logit(encrypted_logit, client, server, x, weights, bias) -> float:
    """The first slot of the student's encrypted logit, run on the server and decrypted."""
    (enc_sample,) = _send(server, [ts.ckks_vector(client, x.tolist())])
    result = _run_on_server(
        call_unmutated,
        encrypted_logit,
        enc_sample,
        weights.tolist(),
        bias,
        sizes_hint="you combined the ciphertext with a plain list of another size: "
        "enc_sample has one slot per weight (no constant 1 to carry a folded bias) and "
        "`dot` leaves one slot, so add the bias as a plain number",
    )
    _returns_ciphertext(result)
    (got,) = _send(client, [result])
    (sample_back,) = _send(client, [enc_sample])
    if sample_back.size() != len(x) or not _close(he.decrypt(sample_back), x):
        raise Hint(
            "your function changed enc_sample: methods ending in `_` (dot_, add_) "
            "overwrite the client's ciphertext; use the versions that return a new one"
        )
    value = he.decrypt(got)[0]
    finite(value, "the decrypted logit")
    return float(value)


def _logit_mistakes(x: np.ndarray, weights: np.ndarray, bias: float) -> dict[str, float]:
    """Hint -> the logit an answer making that mistake computes."""
    n = len(x)
    return {
        "the bias is missing: add it to the weighted sum": x @ weights,
        "the first slot holds only the first product x[0]·w[0]: `*` multiplies slot by slot, "
        "and the products still have to be added up": x[0] * weights[0] + bias,
        "the first slot holds only the first product x[0]·w[0], without the bias: `*` "
        "multiplies slot by slot, and the products still have to be added up": x[0] * weights[0],
        "the bias was added to every feature before the weighting: add it after the weighted sum": x
        @ weights
        + bias * weights.sum(),
        "the bias was added to every slot before the slots were summed, so it counts once per "
        "feature: add it once, after the sum": x @ weights + n * bias,
        "the weights are reversed: slot j of the sample goes with weights[j]": x @ weights[::-1]
        + bias,
        "the bias was subtracted: the logit is x · weights + bias": x @ weights - bias,
    }


@checker("4.2", "choose_parameters")
def _check_parameters(choose_parameters):
    # (1, 23) and (2, 49) need exactly 109 and 218 bits, the limits of N=4096 and N=8192
    cases = [(1, 40), (4, 40), (1, 20), (0, 30), (3, 35), (3, 50), (10, 40), (14, 25)]
    cases += [(1, 23), (2, 49)]
    for depth, scale_bits in cases:
        expected_degree, expected_chain = he.chain_for_depth(depth, scale_bits)
        try:
            result = choose_parameters(depth, scale_bits)
        except ValueError:
            raise Hint(
                f"depth {depth} at scale 2^{scale_bits} raised ValueError, but a secure N "
                "exists for it: compare the chain's total with each limit of the table"
            ) from None
        degree, chain = _parameters_result(result)
        label = f"depth {depth} at scale 2^{scale_bits}"
        if len(chain) - 2 != depth:
            raise Hint(
                f"{label}: your chain {chain} has {len(chain) - 2} middle primes; "
                "one middle prime per multiplication, plus the two outer primes"
            )
        if max(chain) > 60:
            raise Hint(
                f"{label}: your chain {chain} has a prime above 60 bits: cap the outer primes"
            )
        if chain != expected_chain:
            raise Hint(
                f"{label}: your chain is {chain}; the middle primes have scale_bits bits and "
                "the outer ones scale_bits + 20 (at most 60)"
            )
        if degree not in he.MAX_COEFF_BITS_128:
            raise Hint(f"poly_modulus_degree must be one of {list(he.MAX_COEFF_BITS_128)}")
        limit = he.MAX_COEFF_BITS_128[degree]
        if sum(chain) > limit:
            raise Hint(
                f"{label}: the chain has {sum(chain)} bits, more than the {limit} bits that "
                f"N={degree} allows for 128-bit security: take a larger N"
            )
        if degree != expected_degree and sum(chain) == he.MAX_COEFF_BITS_128[expected_degree]:
            raise Hint(
                f"{label}: the chain has exactly {sum(chain)} bits, which N={expected_degree} "
                "allows (its limit is a maximum, reached included), but you returned "
                f"N={degree}: accept a limit equal to the chain's total"
            )
        if degree != expected_degree:
            raise Hint(
                f"{label}: N={degree} is secure but larger than needed, and larger N means "
                "bigger, slower ciphertexts: take the smallest N whose limit fits the chain"
            )
    scale_bits = case_rng().randrange(20, 50)
    too_deep = _first_too_deep(scale_bits)  # just past the largest N: a fixed threshold fails
    _check_fits(choose_parameters, too_deep - 1, scale_bits)
    for depth in (too_deep, 25):
        _check_too_deep(choose_parameters, depth, 40 if depth == 25 else scale_bits)


def _first_too_deep(scale_bits: int) -> int:
    depth = 0
    while True:
        try:
            he.chain_for_depth(depth, scale_bits)
        except ValueError:
            return depth
        depth += 1


def _check_fits(choose_parameters, depth: int, scale_bits: int) -> None:
    expected = he.chain_for_depth(depth, scale_bits)
    try:
        result = choose_parameters(depth, scale_bits)
    except ValueError:
        raise Hint(
            f"depth {depth} at scale 2^{scale_bits} raised ValueError, but N=32768 holds its "
            f"{sum(expected[1])} bits: compare the chain's total with each limit of the table"
        ) from None
    if _parameters_result(result) != (expected[0], expected[1]):
        raise Hint(
            f"depth {depth} at scale 2^{scale_bits} gave {result!r}, expected the smallest "
            "secure N and the chain [outer] + [scale_bits] * depth + [outer]"
        )


def _check_too_deep(choose_parameters, depth: int, scale_bits: int) -> None:
    bits = 2 * min(60, scale_bits + 20) + depth * scale_bits
    label = f"depth {depth} at scale 2^{scale_bits}"
    try:
        result = choose_parameters(depth, scale_bits)
    except ValueError:
        return
    except Exception as error:  # any other exception is the mistake to report
        raise Hint(
            f"{label} is too deep for any N and your function raised "
            f"{type(error).__name__}: raise ValueError, as the exercise asks"
        ) from None
    most = max(he.MAX_COEFF_BITS_128.values())
    raise Hint(
        f"{label} needs {bits} bits, more than any N allows ({most} at most), "
        f"but your function returned {result!r}: raise ValueError"
    )


def _is_integer(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _parameters_result(result) -> tuple[int, list[int]]:
    """choose_parameters' result as (degree, chain of ints), or a Hint about its form."""
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Hint("return a tuple (poly_modulus_degree, coeff_mod_bit_sizes)")
    degree, chain = result
    if isinstance(degree, list | tuple) and _is_integer(chain):
        raise Hint(
            "your tuple is (coeff_mod_bit_sizes, poly_modulus_degree): "
            "put poly_modulus_degree first"
        )
    if not _is_integer(degree):
        raise Hint(
            f"poly_modulus_degree must be an integer, one of {list(he.MAX_COEFF_BITS_128)}, "
            f"not {type(degree).__name__}"
        )
    if not isinstance(chain, list | tuple):
        raise Hint(
            "coeff_mod_bit_sizes must be a list of prime sizes in bits, like [60, 40, 60], "
            f"not {type(chain).__name__}"
        )
    not_integers = [bits for bits in chain if not _is_integer(bits)]
    if not_integers:
        raise Hint(
            f"coeff_mod_bit_sizes must hold integers (bits), but holds {not_integers[0]!r} "
            f"({type(not_integers[0]).__name__}): TenSEAL accepts only integer bit sizes"
        )
    return degree, [int(bits) for bits in chain]


# 16 patients, logits away from 0 (CKKS noise cannot flip them), two in (0, 0.5) to tell
# logits from probabilities; three mistakes, so the accuracy is 13/16. Each mistake the
# checker names gives its own accuracy: thresholding at 0.5 11/16, the error rate 3/16,
# predicting 1 for everyone 9/16 and 0 for everyone 7/16, the share of positive
# predictions 10/16, predictions of shape (n, 1) broadcast against the labels 0.516.
SCORE_LOGITS = np.array(
    [3.9, 4.8, -1.3, 1.3, 4.8, 1.1, -4.8, -0.3, 3.7, 0.3, -4.2, 0.2, -4.7, 1.4, 3.1, -4.3]
)
SCORE_LABELS = np.array([1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0])
# two more slots per reply, which are not the logit: reading the last slot gives
# accuracy 6/16, adding up all the slots 12/16
SCORE_OTHER_SLOTS = np.array(
    [[-2.4, -0.5], [-0.5, 5.8], [2.1, -2.0], [4.7, 0.4], [0.3, -2.1], [5.3, 2.7]]
    + [[-5.5, -2.3], [3.4, 2.7], [0.1, -2.4], [5.3, -4.1], [0.3, 0.7], [5.8, 4.7]]
    + [[-5.7, -1.8], [-5.0, -4.2], [-5.2, 1.6], [3.1, -2.2]]
)


def _accuracy(values: np.ndarray, labels: np.ndarray = SCORE_LABELS) -> float:
    return float(np.mean((values > 0) == labels))


@checker("4.3", "decrypt_and_score")
def _check_score(decrypt_and_score):
    client, _ = _contexts(galois_keys=False)
    # two sets of random patients (their number too), the labels as a list; then the fixed
    # ones. A mistake is named only if it explains all three: one set alone can make a
    # wrong answer's score coincide with a mistake's by chance.
    rng = _numpy_rng()
    cases = [_random_patients(rng) for _ in range(2)]
    cases.append((np.column_stack([SCORE_LOGITS, SCORE_OTHER_SLOTS]), SCORE_LABELS))
    results = [
        _score(decrypt_and_score, client, replies, labels.tolist() if k < 2 else labels)
        for k, (replies, labels) in enumerate(cases)
    ]
    expected = [_accuracy(replies[:, 0], labels) for replies, labels in cases]
    wrong = [k for k in range(3) if not np.isclose(results[k], expected[k])]
    if not wrong:
        return
    mistakes = [_score_mistakes(replies, labels) for replies, labels in cases]
    first = wrong[0]
    for mistake, hint in _SCORE_HINTS.items():
        if all(
            any(np.isclose(got, value) for value in case_mistakes[mistake])
            for got, case_mistakes in zip(results, mistakes, strict=True)
        ):
            raise Hint(hint.format(got=results[first], expected=expected[first]))
    raise Hint(
        f"your accuracy is {results[first]:.3f}, expected {expected[first]:.3f} on "
        f"{len(cases[first][1])} patients"
    )


def _random_patients(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Replies (logit first, two other slots) and labels on which every mistake that
    _score_mistakes names scores differently, and differently from any rounding."""
    while True:
        n = int(rng.integers(20, 40))
        logits = rng.choice([-1, 1], n) * rng.uniform(0.6, 5, n)
        labels = rng.integers(0, 2, n)
        replies = np.column_stack([logits, rng.uniform(-5, 5, (n, 2))])
        expected = _accuracy(logits, labels)
        mistakes = _score_mistakes(replies, labels)
        # the threshold at 0.5 aside: these logits are at least 0.6 away from 0
        scores = [expected] + [
            value
            for mistake, values in mistakes.items()
            if mistake not in ("rounded", "threshold")
            for value in values
        ]
        rounded = [round(expected, digits) for digits in range(1, 5)]
        gaps = np.abs(np.subtract.outer(scores, scores))[np.triu_indices(len(scores), 1)]
        if gaps.min() > 1e-3 and not np.isclose(np.array(scores[1:])[:, None], rounded).any():
            return replies, labels


def _score(decrypt_and_score, client, replies: np.ndarray, labels) -> float:
    enc_logits = [ts.ckks_vector(client, reply.tolist()) for reply in replies]
    try:
        got = call_unmutated(decrypt_and_score, enc_logits, copy.deepcopy(labels))
    except ValueError as error:
        if "broadcast" not in str(error):
            raise
        raise Hint(
            "decrypt() returns a list of slots, so your predictions have one row per patient "
            "and one column per slot: take the first slot of each ciphertext"
        ) from None
    if isinstance(got, str | bytes):
        raise Hint("return the accuracy as a float, not a string: format it only to print it")
    try:
        got = float(got)
    except (TypeError, ValueError):
        raise Hint(f"return the accuracy as a float, not {type(got).__name__}") from None
    finite(got, "your accuracy")
    return got


# The mistakes 4.3 names, in the order tried; a hint may name {got} and {expected}, the
# answer's and the right accuracy.
_SCORE_HINTS = {
    "rounded": "your accuracy {got:g} is the exact fraction ({expected:g}) rounded: return it "
    "unrounded and round only when you print it",
    "count": "you returned the number of correct predictions: return the fraction (0 to 1)",
    "threshold": "the decrypted values are logits, not probabilities: probability 0.5 is logit "
    "0, so threshold the logits at 0 (or apply the sigmoid first)",
    "percent": "you returned a percentage: return the accuracy as a fraction (0 to 1)",
    "inverted": "you returned the share of wrong predictions: either your predictions are "
    "inverted (a positive logit means label 1) or you computed the error rate",
    "reversed": "the labels were paired in reverse order: patient i goes with labels[i]",
    "all slots": "you added up all the slots of each reply: only the first slot holds the logit",
    "last slot": "you read the last slot of each reply: the logit is in the first slot",
    "share predicted 1": "you returned the share of patients predicted 1: compare each "
    "prediction with its label and return the share that match",
    "one label": "your accuracy is what predicting the same label for every patient scores: a "
    "probability is always above 0 and below 1, so compare it with 0.5 (or the logit with 0)",
    "broadcast": "your predictions have one column, shape (patients, 1), so comparing them "
    "with the labels, shape (patients,), compares every patient with every label: take the "
    "first slot as a number, not as a one-element list",
    "zero": "your accuracy is 0: either nothing matched (are you comparing probabilities, or a "
    "Python list, with the labels?) or the fraction was truncated by // or int()",
}


def _score_mistakes(replies: np.ndarray, labels: np.ndarray) -> dict[str, tuple]:
    """What an answer returns under each mistake of _SCORE_HINTS."""
    logits, n = replies[:, 0], len(labels)
    expected = _accuracy(logits, labels)
    positive, ones = np.mean(logits > 0), np.mean(labels)
    return {
        "rounded": tuple(r for r in (round(expected, d) for d in range(1, 5)) if r != 0),
        "count": (expected * n,),
        "threshold": (_accuracy(logits - 0.5, labels),),
        "percent": (100 * expected,),
        "inverted": (_accuracy(-logits, labels),),
        "reversed": (_accuracy(logits, labels[::-1]),),
        "all slots": (_accuracy(replies.sum(axis=1), labels),),
        "last slot": (_accuracy(replies[:, -1], labels),),
        "share predicted 1": (positive,),
        "one label": (ones, 1 - ones),
        "broadcast": (positive * ones + (1 - positive) * (1 - ones),),
        "zero": (0.0,),
    }


@checker("4.4", "packed_logits")
def _check_packed(packed_logits):
    client, server = _contexts(galois_keys=False)
    rng = np.random.default_rng(34)
    # every mistake below gives logits at least 0.2 away from the others' (weights[0] = 0.5
    # would make "column 0 unweighted" and "column 0 counted twice" the same)
    cases = [(rng.uniform(-2, 2, (6, 3)), np.array([1.5, -1.25, 2.0]), -0.3)]
    random = _numpy_rng()
    while len(cases) < 2:  # more columns, a large bias, every mistake distinguishable
        n = int(random.integers(4, 7))
        X = random.uniform(-2, 2, (8, n))
        weights = random.choice([-1, 1], n) * random.uniform(0.6, 2, n)
        bias = float(random.choice([-1, 1]) * random.uniform(1, 3))
        if _apart(X @ weights + bias, list(_packed_mistakes(X, weights, bias).values())):
            cases.append((X, weights, bias))
    for X, weights, bias in cases:
        _check_packed_case(packed_logits, client, server, X, weights, bias)


def _check_packed_case(packed_logits, client, server, X, weights, bias) -> None:
    sent = _send(server, [ts.ckks_vector(client, column.tolist()) for column in X.T])
    sent_levels = [he.ciphertext_level(column)["primes_left"] for column in sent]
    enc_columns = list(sent)
    result = _run_on_server(
        call_unmutated,
        packed_logits,
        enc_columns,
        weights.tolist(),
        bias,
        sizes_hint="you combined a column with a plain list of another size: a column holds "
        "one value per sample, so multiply it by its weight and add the bias as plain numbers",
    )
    if isinstance(result, list | tuple):
        raise Hint(
            "you returned a list: add the weighted columns into one ciphertext, whose slot i "
            "holds sample i's logit"
        )
    _returns_ciphertext(result)
    (got,) = _send(client, [result])
    got = he.decrypt(got)
    if got.shape != (len(X),):
        raise Hint(f"the result should hold {len(X)} logits, one per sample, not {got.shape}")
    finite(got, "the decrypted logits")
    expected = X @ weights + bias
    for hint, value in _packed_mistakes(X, weights, bias).items():
        if _close(got, value) and not _close(value, expected):
            raise Hint(hint)
    if not _close(got, expected):
        if bias != 0 and _close(got, _packed(packed_logits, client, server, X, weights, 0.0)):
            raise Hint("the result does not change with the bias: add the bias argument")
        raise Hint("the logits are wrong: slot i must hold Σ_j weights[j] · x_ij + bias")
    if len(enc_columns) != len(sent) or any(
        a is not b for a, b in zip(enc_columns, sent, strict=True)
    ):
        raise Hint(
            "your function changed the list enc_columns (pop, del, append or assigning an "
            "item): the caller's list must stay as it was; build the sum in a new variable"
        )
    columns_back = [he.decrypt(v) for v in _send(client, sent)]
    if not all(_close(back, column) for back, column in zip(columns_back, X.T, strict=True)):
        raise Hint(
            "your function changed the columns it received: `+=`, `*=` and the methods "
            "ending in `_` (mul_, add_) modify a CKKSVector in place; start the sum from a "
            "new ciphertext"
        )
    if [he.ciphertext_level(column)["primes_left"] for column in sent] != sent_levels:
        raise Hint(
            "your function switched a column it received down a level: its values are "
            "unchanged, but it has fewer primes left for the caller's own multiplications. "
            "`a + b`, `a - b` and `a * b` do that to `b`, in place, when `a` has fewer primes "
            "left: keep a received column on the left, or combine a `.copy()` of it"
        )


def _packed(packed_logits, client, server, X, weights, bias) -> np.ndarray:
    """The decrypted logits of the student's answer for these columns, weights and bias."""
    sent = _send(server, [ts.ckks_vector(client, column.tolist()) for column in X.T])
    result = _run_on_server(packed_logits, sent, weights.tolist(), bias, sizes_hint="")
    _returns_ciphertext(result)
    return he.decrypt(_send(client, [result])[0])


def _packed_mistakes(X: np.ndarray, weights: np.ndarray, bias: float) -> dict[str, np.ndarray]:
    """Hint -> the logits an answer making that mistake computes."""
    return {
        "the bias is missing: add it once to the weighted sum": X @ weights,
        "the columns were added without their weights: column j gets weights[j]": X.sum(axis=1)
        + bias,
        "the bias was added once per column: add it once, to the finished sum": X @ weights
        + len(weights) * bias,
        "column 0 was added without its weight: multiply it by weights[0] too": X[:, 0]
        + X[:, 1:] @ weights[1:]
        + bias,
        "the last column is missing: your loop stops one column early": X[:, :-1] @ weights[:-1]
        + bias,
        "column 0 was counted twice: your sum starts from it and your loop adds it again": X
        @ weights
        + X[:, 0] * weights[0]
        + bias,
        "the columns are paired with the wrong weights, shifted by one: column j gets "
        "weights[j]": X[:, 0] * weights[0] + X[:, 1:] @ weights[:-1] + bias,
        "the bias was added to every column before the weighting, so each weight multiplies "
        "it: add it once, to the finished sum": X @ weights + bias * weights.sum(),
        "the weights are reversed: column j goes with weights[j]": X @ weights[::-1] + bias,
        "the bias was subtracted: slot i holds Σ_j weights[j] · x_ij + bias": X @ weights - bias,
        "only the first three columns were used: add every column": X[:, :3] @ weights[:3] + bias,
    }


@checker("4.5", "sigmoid_coefficients")
def _check_sigmoid(sigmoid_coefficients):
    rng = case_rng()
    random_case = (rng.randrange(1, 8), round(rng.uniform(2, 60), 1))
    for degree, input_range in ((3, 8.0), (3, 53.0), (5, 6.0), (1, 4.0), random_case):
        coefficients = _coefficients(sigmoid_coefficients, degree, input_range)
        finite(coefficients, f"degree {degree} on [-{input_range:g}, {input_range:g}]: the result")
        grid = np.linspace(-input_range, input_range, 2001)
        sigmoid = he.sigmoid(grid)
        reference = _max_error(he.fit_sigmoid_polynomial(degree, input_range), grid, sigmoid)
        allowed = 1.25 * reference + 5e-3  # other sound fits (other points, weights) pass
        worst = _max_error(coefficients, grid, sigmoid)
        if worst <= allowed:
            continue
        label = f"degree {degree} on [-{input_range:g}, {input_range:g}]"
        if _max_error(coefficients[::-1], grid, sigmoid) <= allowed:
            raise Hint(
                f"{label}: your coefficients are in the wrong order: polyval wants the "
                "constant term first (np.polyfit returns the highest degree first)"
            )
        positive = grid >= 0
        if _max_error(coefficients, grid[positive], sigmoid[positive]) <= allowed:
            raise Hint(
                f"{label}: close on the positive half, off by {worst:.2f} on the negative "
                "half: fit on the whole interval, both signs"
            )
        if _max_error(coefficients, grid / input_range, sigmoid) <= allowed:
            raise Hint(
                f"{label}: your coefficients are for x scaled to [-1, 1]: "
                "np.polynomial.Polynomial.fit works in that window; call .convert() on its "
                "result, or use np.polynomial.polynomial.polyfit"
            )
        if _max_error(coefficients, grid, he.sigmoid(-grid)) <= allowed:
            raise Hint(
                f"{label}: you fitted 1 / (1 + e^x), the sigmoid mirrored: the sigmoid is "
                "1 / (1 + e^-x)"
            )
        near_zero = np.abs(grid) <= 1
        if _max_error(coefficients, grid[near_zero], sigmoid[near_zero]) < 0.01:
            raise Hint(
                f"{label}: close near 0 but off by up to {worst:.2f} towards the ends (a "
                f"least-squares fit: {reference:.2f}); a Taylor series is only good near 0: "
                "fit the sigmoid's values across the whole interval"
            )
        if np.allclose(_coefficients(sigmoid_coefficients, degree, input_range / 2), coefficients):
            raise Hint(
                f"{label}: off by up to {worst:.2f}, and your coefficients are the same for "
                "every input_range: fit on [-input_range, input_range]"
            )
        raise Hint(
            f"{label}: off by up to {worst:.2f}, where a least-squares fit is off by "
            f"{reference:.2f}: fit the sigmoid's values at a few hundred points spread "
            "evenly over the whole interval"
        )


def _coefficients(sigmoid_coefficients, degree: int, input_range: float) -> np.ndarray:
    """The student's coefficients as a float array of the right length, or a Hint."""
    coefficients = np.asarray(sigmoid_coefficients(degree, input_range), dtype=float)
    if coefficients.size == degree + 1 and coefficients.shape != (degree + 1,):
        raise Hint(
            f"return a flat array of {degree + 1} numbers, not an array of shape "
            f"{coefficients.shape}: were the sigmoid's values a column (2-D) when you fitted?"
        )
    if coefficients.shape != (degree + 1,):
        raise Hint(
            f"degree {degree} needs {degree + 1} coefficients (the constant term "
            f"included); you returned {coefficients.size}"
        )
    return coefficients


def _max_error(coefficients: np.ndarray, points: np.ndarray, targets: np.ndarray) -> float:
    """Largest |polynomial(points) - targets|."""
    return float(np.abs(he.sigmoid_polynomial(points, coefficients) - targets).max())
