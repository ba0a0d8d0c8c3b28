"""Lesson 06's library: fixed point, masks, Shamir sharing, a secure-aggregation round, FedAvg."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import federated
from utils.federated import shamir
from utils.federated.client import Client
from utils.federated.fixed_point import HALF

FAST = settings(max_examples=30, deadline=None)


# --- fixed point


@FAST
@given(
    n=st.integers(1, 60),
    bound=st.floats(1e-3, 1e4),
    data=st.data(),
)
def test_the_sum_of_encoded_updates_is_exact_within_the_bound(n, bound, data):
    scale = federated.overflow_safe_scale(n, bound)
    element = st.floats(-bound, bound, allow_nan=False)
    updates = [np.array(data.draw(st.lists(element, min_size=3, max_size=3))) for _ in range(n)]
    encoded = [federated.encode(u, scale, bound) for u in updates]
    integers = sum(np.rint(u * scale).astype(np.int64) for u in updates)
    assert np.abs(integers).max() < HALF  # the derived bound holds
    assert np.array_equal(federated.decode(federated.add(encoded), scale), integers / scale)
    assert np.abs(federated.decode(federated.add(encoded), scale) - sum(updates)).max() <= (
        n * 0.5 / scale * (1 + 1e-9)
    )


@FAST
@given(n=st.integers(1, 10**4), bound=st.floats(1e-6, 1e6))
def test_the_overflow_safe_scale_is_the_largest_power_of_two_that_fits(n, bound):
    scale = federated.overflow_safe_scale(n, bound)
    assert math.log2(scale).is_integer()
    assert federated.fits(n, bound, scale)
    assert n * math.ceil(bound * scale) < 2**31
    assert not federated.fits(n, bound, 2 * scale)


def test_the_worst_case_sum_sits_just_inside_the_signed_range():
    scale = federated.overflow_safe_scale(5, 1.0)
    assert scale == 2**28  # 5 * 2**28 < 2**31 <= 5 * 2**29
    top = [federated.encode(np.array([1.0, -1.0]), scale)] * 5
    assert federated.decode(federated.add(top), scale).tolist() == [5.0, -5.0]


def test_negatives_wrap_to_the_top_half_and_decode_back():
    encoded = federated.encode(np.array([-1.0, 0.0, 1.0, -0.25]), 4.0)
    assert encoded.dtype == np.uint32
    assert encoded.tolist() == [2**32 - 4, 0, 4, 2**32 - 1]
    assert federated.decode(encoded, 4.0).tolist() == [-1.0, 0.0, 1.0, -0.25]
    assert federated.to_signed(np.array([2**31 - 1, 2**31], dtype=np.uint32)).tolist() == [
        2**31 - 1,
        -(2**31),
    ]


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: federated.encode("1.0", 2.0), TypeError, "numpy array"),
        (lambda: federated.encode([1.0, float("nan")], 2.0), ValueError, "NaN"),
        (lambda: federated.encode([3.0], 2.0, bound=2.0), ValueError, "clip"),
        (lambda: federated.encode([1.0], 2**31), ValueError, "lower the scale"),
        (lambda: federated.encode([1.0], 0), ValueError, "positive"),
        (lambda: federated.decode(np.array([1], dtype=np.int64), 2.0), TypeError, "uint32"),
        (lambda: federated.overflow_safe_scale(0, 1.0), ValueError, "at least 1"),
        (lambda: federated.overflow_safe_scale(2.5, 1.0), TypeError, "int"),
        (lambda: federated.overflow_safe_scale(5, float("inf")), ValueError, "finite"),
        (lambda: federated.overflow_safe_scale(2**31, 1.0), ValueError, "cannot be summed"),
        (lambda: federated.add([]), TypeError, "non-empty"),
        (
            lambda: federated.add([np.zeros(2, np.uint32), np.zeros(3, np.uint32)]),
            ValueError,
            "shapes",
        ),
    ],
)
def test_fixed_point_refuses_bad_input_with_a_sentence(call, error, words):
    with pytest.raises(error, match=words):
        call()


# --- pairwise seeds and masks


def _keys(n):
    return [X25519PrivateKey.generate() for _ in range(n)]


def test_both_ends_of_a_pair_derive_one_seed_bound_to_round_and_pair():
    a, b, c = _keys(3)
    seed = federated.pair_seed(a, b.public_key(), 7, 3, 300)
    assert seed == federated.pair_seed(b, a.public_key(), 7, 300, 3)
    assert len(seed) == 32
    assert seed != federated.pair_seed(a, b.public_key(), 8, 3, 300)  # another round
    assert seed != federated.pair_seed(a, b.public_key(), 7, 3, 301)  # another pair
    assert seed != federated.pair_seed(a, c.public_key(), 7, 3, 300)  # another peer key
    assert federated.pair_info(7, 300, 3) == (
        federated.PAIR_LABEL
        + (7).to_bytes(8, "big")
        + (3).to_bytes(4, "big")
        + (300).to_bytes(4, "big")
    )


@FAST
@given(n=st.integers(2, 6), d=st.integers(0, 40), round_id=st.integers(0, 2**64 - 1))
def test_pairwise_masks_cancel_in_the_sum(n, d, round_id):
    keys = _keys(n)
    rng = np.random.default_rng(round_id % 2**32)
    updates = [rng.integers(0, 2**32, d, dtype=np.uint32) for _ in range(n)]
    masked = []
    for me in range(n):
        seeds = {
            peer: federated.pair_seed(keys[me], keys[peer].public_key(), round_id, me, peer)
            for peer in range(n)
            if peer != me
        }
        masked.append(federated.mask_update(updates[me], me, seeds))
    assert np.array_equal(federated.add(masked), federated.add(updates))
    if d >= 8:  # each masked update differs from the update (probability 2**-256 otherwise)
        assert all(not np.array_equal(m, u) for m, u in zip(masked, updates, strict=True))


def test_a_mask_is_chacha20s_keystream_and_depends_on_the_seed_only():
    seed = bytes(range(32))
    mask = federated.expand_mask(seed, 1000)
    assert mask.dtype == np.uint32 and mask.shape == (1000,)
    assert np.array_equal(mask[:10], federated.expand_mask(seed, 10))
    # RFC 8439's ChaCha20 block function test vector starts 0x10, 0xf1, 0xe7, 0xe4 for another
    # key and nonce; here we check against cryptography's keystream itself:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

    stream = Cipher(algorithms.ChaCha20(seed, bytes(16)), None).encryptor().update(bytes(40))
    assert mask[:10].tobytes() == stream


def test_masked_bytes_pass_a_uniformity_test_and_plain_ones_fail():
    scale = federated.overflow_safe_scale(5, 1.0)
    update = federated.encode(np.random.default_rng(0).uniform(-0.3, 0.3, 5000), scale)
    masked = federated.add_self_mask(update, federated.new_self_seed())
    assert federated.byte_uniformity([masked])[1] > 1e-6
    assert federated.byte_uniformity([update])[1] < 1e-100


def test_masks_refuse_bad_input():
    a, b = _keys(2)
    with pytest.raises(ValueError, match="itself"):
        federated.pair_seed(a, b.public_key(), 0, 4, 4)
    with pytest.raises(TypeError, match="X25519PrivateKey"):
        federated.pair_seed(b"key", b.public_key(), 0, 1, 2)
    with pytest.raises(TypeError, match="X25519PublicKey"):
        federated.pair_seed(a, b, 0, 1, 2)
    with pytest.raises(ValueError, match="round_id"):
        federated.pair_seed(a, b.public_key(), -1, 1, 2)
    with pytest.raises(ValueError, match="32 bytes"):
        federated.expand_mask(b"short", 4)
    with pytest.raises(TypeError, match="uint32"):
        federated.mask_update(np.zeros(3), 0, {})
    with pytest.raises(ValueError, match="itself"):
        federated.mask_update(np.zeros(3, np.uint32), 1, {1: bytes(32)})


# --- Shamir


@FAST
@given(
    secret=st.integers(0, shamir.PRIME - 1),
    n=st.integers(1, 12),
    data=st.data(),
)
def test_any_t_shares_reconstruct_and_more_do_too(secret, n, data):
    t = data.draw(st.integers(1, n))
    shares = shamir.split(secret, n, t)
    chosen = data.draw(st.lists(st.sampled_from(shares), min_size=t, max_size=n, unique=True))
    assert shamir.reconstruct(chosen) == secret


@pytest.mark.parametrize(("prime", "t", "xs"), [(11, 2, (3,)), (7, 3, (1, 5)), (5, 3, (2, 4))])
def test_t_minus_1_shares_are_uniform_whatever_the_secret(prime, t, xs):
    """Every secret gives every tuple of t-1 share values equally often, over all the
    random coefficients: the shares carry no information about the secret."""
    for secret in range(prime):
        seen = {}
        for coefficients in itertools.product(range(prime), repeat=t - 1):
            values = tuple(shamir.evaluate([secret, *coefficients], x, prime) for x in xs)
            seen[values] = seen.get(values, 0) + 1
        assert len(seen) == prime ** (t - 1) and set(seen.values()) == {1}


@FAST
@given(secret=st.integers(0, 2**256 - 1), candidate=st.integers(0, 2**256 - 1))
def test_every_secret_is_consistent_with_t_minus_1_shares(secret, candidate):
    shares = shamir.split(secret, 5, 3)
    # the polynomial of degree 2 through two shares and (0, candidate) exists; a third share
    # taken from it completes a valid 3-of-5 sharing of the candidate
    through = [*shares[:2], (0, candidate)]
    forged = [*shares[:2], (3, shamir.interpolate(through, 3))]
    assert shamir.reconstruct(forged) == candidate


def test_fewer_than_t_shares_or_a_wrong_share_give_a_wrong_secret():
    secret = shamir.secret_to_int(bytes(range(32)))
    shares = shamir.split(secret, 5, 3)
    assert shamir.reconstruct(shares[:2]) != secret
    wrong = [(shares[0][0], shares[0][1] + 1), *shares[1:3]]
    assert shamir.reconstruct(wrong) != secret


def test_shares_are_fresh_each_time_and_the_field_is_prime():
    assert shamir.split(42, 3, 2) != shamir.split(42, 3, 2)
    s = 4  # Lucas-Lehmer: 2**521 - 1 is prime
    for _ in range(521 - 2):
        s = (s * s - 2) % shamir.PRIME
    assert s == 0


def test_shamir_refuses_bad_input():
    with pytest.raises(ValueError, match="t <= n"):
        shamir.split(1, 3, 4)
    with pytest.raises(ValueError, match=r"\[0, prime\)"):
        shamir.split(shamir.PRIME, 3, 2)
    with pytest.raises(TypeError, match="int"):
        shamir.split("1", 3, 2)
    with pytest.raises(ValueError, match="distinct"):
        shamir.reconstruct([(1, 2), (1, 3)])
    with pytest.raises(TypeError, match="non-empty"):
        shamir.reconstruct([])
    with pytest.raises(ValueError, match="32 bytes"):
        shamir.secret_to_int(b"short")
    with pytest.raises(ValueError, match="share is wrong"):
        shamir.int_to_secret(2**256)


# --- one round of secure aggregation


def _encoded(n, d, seed=0, bound=1.0):
    rng = np.random.default_rng(seed)
    scale = federated.overflow_safe_scale(n, bound)
    return [federated.encode(rng.uniform(-bound, bound, d), scale) for _ in range(n)]


@settings(max_examples=15, deadline=None)
@given(n=st.integers(3, 8), d=st.integers(1, 20), data=st.data())
def test_the_server_gets_the_survivors_exact_sum_whoever_drops(n, d, data):
    t = federated.default_threshold(n)
    drop = data.draw(st.sets(st.integers(0, n - 1), max_size=n - t))
    encoded = _encoded(n, d, seed=d)
    result = federated.secure_sum(encoded, t, drop=drop, round_id=data.draw(st.integers(0, 99)))
    assert result.survivors == tuple(sorted(set(range(n)) - drop))
    assert np.array_equal(result.total, federated.add([encoded[i] for i in result.survivors]))
    assert set(result.received) == set(result.survivors)


def test_what_the_server_receives_looks_uniform():
    encoded = _encoded(5, 4000)
    result = federated.secure_sum(encoded, 3)
    for client, masked in result.received.items():
        assert not np.array_equal(masked, encoded[client])
        assert federated.byte_uniformity([masked])[1] > 1e-6
    assert federated.byte_uniformity([encoded[0]])[1] < 1e-100


def test_a_wrong_share_is_detected_named_and_worked_around():
    encoded = _encoded(7, 10)
    # holder 0's share is in the first group the server tries, for a survivor's self-mask
    # seed (client 3) and for a dropped client's mask key (client 2)
    result = federated.secure_sum(encoded, 4, drop=[2], wrong_shares=[(0, 3), (0, 2)])
    assert result.bad_shares == ((0, 2), (0, 3))
    assert np.array_equal(result.total, federated.add([encoded[i] for i in result.survivors]))


def test_a_wrong_share_among_exactly_t_is_refused():
    encoded = _encoded(5, 10)
    with pytest.raises(federated.ShareVerificationError, match="client 1"):
        federated.secure_sum(encoded, 3, drop=[3, 4], wrong_shares=[(0, 1)])
    with pytest.raises(federated.ShareVerificationError, match="client 4"):
        federated.secure_sum(encoded, 3, drop=[3, 4], wrong_shares=[(2, 4)])


def test_a_late_client_stays_masked_only_with_the_self_mask():
    encoded = _encoded(5, 3000)
    exposed = federated.secure_sum_without_self_mask_for_demo(encoded, 3, late=[2])
    assert np.array_equal(exposed.late_views[2], encoded[2])
    protected = federated.secure_sum(encoded, 3, late=[2])
    assert protected.dropped == (2,)
    assert np.array_equal(protected.total, federated.add([encoded[i] for i in (0, 1, 3, 4)]))
    assert not np.array_equal(protected.late_views[2], encoded[2])
    assert federated.byte_uniformity([protected.late_views[2]])[1] > 1e-6


def test_a_share_altered_in_transit_fails_authentication():
    clients = [Client(i, 5) for i in range(3)]
    roster = {c.id: c.advertise() for c in clients}
    sent = clients[0].share_keys(roster, 2)
    message = bytearray(sent[1])
    message[-1] ^= 1
    clients[1].share_keys(roster, 2)
    with pytest.raises(InvalidTag):
        clients[1].receive_shares({0: bytes(message)})
    clients[2].share_keys(roster, 2)
    with pytest.raises(InvalidTag):  # a message for client 1 cannot be opened by client 2
        clients[2].receive_shares({0: sent[1]})


def test_a_holder_never_reveals_both_shares_of_one_client():
    clients = [Client(i, 0) for i in range(3)]
    with pytest.raises(ValueError, match="both survivors and dropped"):
        clients[0].unmasking_shares({0, 1}, {1})


def test_bytes_sent_and_times_are_counted():
    n, d = 6, 1000
    result = federated.secure_sum(_encoded(n, d), 4, drop=[5])
    assert result.client_seconds > 0 and result.server_seconds > 0
    assert result.bytes_sent[5] < 4 * d < result.bytes_sent[0] < 2 * 4 * d


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"encoded": [np.zeros(3, np.uint32)]}, TypeError, "at least two"),
        ({"encoded": [np.zeros(3), np.zeros(3)]}, TypeError, "uint32"),
        ({"encoded": [np.zeros(3, np.uint32), np.zeros(4, np.uint32)]}, ValueError, "same length"),
        ({"threshold": 6}, ValueError, "between 2"),
        ({"threshold": 3.0}, TypeError, "int"),
        ({"drop": [0, 1, 2]}, ValueError, "survivors"),
        ({"drop": [9]}, ValueError, "0..4"),
        ({"late": ["a"]}, TypeError, "client ids"),
    ],
)
def test_secure_sum_refuses_bad_input(kwargs, error, words):
    arguments = {"encoded": _encoded(5, 3), "threshold": 3} | kwargs
    encoded, threshold = arguments.pop("encoded"), arguments.pop("threshold")
    with pytest.raises(error, match=words):
        federated.secure_sum(encoded, threshold, **arguments)


# --- FedAvg and what it leaks


@pytest.fixture(scope="module")
def hospitals():
    return federated.hospital_shards()


def test_five_equal_shards_and_the_agreed_scaling(hospitals):
    assert [len(y) for _, y in hospitals.shards] == [91] * 5
    assert hospitals.X_train.shape == (455, 30) and hospitals.X_test.shape == (114, 30)
    assert np.allclose(hospitals.raw(hospitals.X_train).mean(axis=0), hospitals.mean)


def test_a_one_patient_update_gives_back_the_record(hospitals):
    X, y = hospitals.shards[0]
    model = federated.fedavg(hospitals, rounds=2)[-1]
    for i in range(5):
        update = federated.local_update(model[:-1], model[-1], X[i : i + 1], y[i : i + 1], steps=1)
        record = federated.recover_record(update[:-1], update[-1])
        assert np.allclose(record, X[i], rtol=1e-10, atol=1e-12)


def test_batching_blurs_the_leak_but_beats_chance(hospitals):
    model = federated.fedavg(hospitals, rounds=2)[-1]
    leak = federated.batch_leak(model, *hospitals.shards[0], [1, 4, 16], trials=20)
    assert leak["distance"][0] < 1e-9 < leak["distance"][1] < leak["distance"][2]
    assert leak["hit_rate"][0] == 1.0
    assert (leak["hit_rate"] > 1.5 * leak["chance"]).all()


def test_secure_fedavg_matches_plain_fedavg(hospitals):
    plain = federated.fedavg(hospitals, rounds=5)
    aggregate = federated.SecureMean(bound=1.0)
    secure = federated.fedavg(hospitals, rounds=5, aggregate=aggregate)
    assert len(aggregate.rounds) == 5
    assert np.abs(plain[-1] - secure[-1]).max() < 1e-7
    assert federated.accuracy(plain[-1], hospitals.X_test, hospitals.y_test) == (
        federated.accuracy(secure[-1], hospitals.X_test, hospitals.y_test)
    )


def test_fedavg_learns_like_centralized_training(hospitals):
    fed, central = federated.fedavg(hospitals), federated.centralized(hospitals)
    assert len(fed) == len(central) == 21
    for model in (fed[-1], central[-1]):
        assert federated.accuracy(model, hospitals.X_test, hospitals.y_test) > 0.95


def test_removing_a_patient_shrinks_its_shard(hospitals):
    smaller = federated.without_patient(hospitals, 100)
    assert [len(y) for _, y in smaller.shards] == [91, 90, 91, 91, 91]
    assert not (smaller.shards[1][0] == hospitals.X_train[100]).all(axis=1).any()
    with pytest.raises(ValueError, match="training patient"):
        federated.without_patient(hospitals, 455)


def test_membership_auc_is_a_probability(hospitals):
    model = federated.fedavg(hospitals)[-1]
    members = (hospitals.X_train, hospitals.y_train)
    auc = federated.membership_auc(model, members, (hospitals.X_test, hospitals.y_test))
    assert 0.0 <= auc <= 1.0
    assert federated.membership_auc(model, members, members) == 0.5


def test_a_client_refuses_a_roster_with_gaps_in_its_ids():
    clients = [Client(i, 0) for i in (0, 2)]
    roster = {c.id: c.advertise() for c in clients}
    with pytest.raises(ValueError, match=r"0\.\.n-1"):
        clients[0].share_keys(roster, 2)
