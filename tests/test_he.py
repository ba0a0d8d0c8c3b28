"""Tests for utils.he: parameter checks, client/server boundary, encrypted models."""

import dataclasses

import numpy as np
import pytest
import tenseal as ts

from utils import he


@pytest.fixture(scope="module")
def lr_model() -> he.LogisticModel:
    return he.load_breast_cancer_model()


@pytest.fixture(scope="module")
def lr_ctx() -> ts.Context:
    return he.LR_PARAMS.context(galois_keys=True)


@pytest.fixture(scope="module")
def depth3_ctx() -> ts.Context:
    return he.DEPTH3_PARAMS.context(galois_keys=True)


@pytest.fixture(scope="module")
def small_mlp() -> he.MLPModel:
    """A narrow MLP: the encrypted code paths are the same, at a quarter of the cost."""
    return he.train_digits_mlp(hidden_units=8, steps=150)


# --- parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("degree", "bits", "scale", "message"),
    [
        (
            8192,
            [60, 40, 40, 50, 60],
            40,
            "coefficient modulus of 250 bits exceeds the 218-bit maximum for 128-bit "
            "security at poly_modulus_degree 8192; use a larger N or fewer/smaller primes",
        ),
        (4096, [60, 40, 60], 40, "exceeds the 109-bit maximum"),
        (2048, [30, 20, 30], 20, "poly_modulus_degree must be one of 4096, 8192, 16384, 32768"),
        (16384, [70, 40, 70], 40, "every prime must have 20 to 60 bits"),
        (8192, [60], 40, "at least two integer prime sizes"),
        (8192, [40, 40, 60], 40, "must be smaller than the first prime"),
        (8192, [60, 30, 60], 40, "middle primes [30] must all have 40 bits"),
        (8192, [60, 40, 50], 40, "last (special) prime has 50 bits"),
        (8192, [60, 40, 60], 40.0, "global_scale_bits must be an integer"),
    ],
)
def test_make_context_refuses_invalid_parameters(degree, bits, scale, message):
    with pytest.raises(he.HEParameterError) as excinfo:
        he.make_context(degree, bits, scale)
    assert message in str(excinfo.value)


@pytest.mark.parametrize(
    "parameters",
    [he.CKKSParameters(4096, (40, 29, 40), 29), he.LR_PARAMS, he.DEPTH3_PARAMS],
    ids=str,
)
def test_secure_parameters_are_accepted_and_work(parameters):
    ctx = parameters.context()
    enc = ts.ckks_vector(ctx, [0.5, -1.5])
    np.testing.assert_allclose(he.decrypt(enc * enc), [0.25, 2.25], atol=1e-3)
    assert ctx.global_scale == 2**parameters.global_scale_bits
    assert he.ciphertext_level(enc)["primes_left"] == len(parameters.coeff_mod_bit_sizes) - 1


def test_ckks_parameters_are_a_checked_frozen_record():
    parameters = he.CKKSParameters(8192, [60, 40, 40, 60], 40)
    assert parameters.coeff_mod_bit_sizes == (60, 40, 40, 60)  # a list becomes a tuple
    assert (parameters.slots, parameters.depth) == (4096, 2)
    assert str(parameters) == "N=8192 [60, 40, 40, 60] scale 2^40"
    assert parameters == he.CKKSParameters(8192, (60, 40, 40, 60), 40)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parameters.global_scale_bits = 30
    with pytest.raises(he.HEParameterError, match="exceeds the 109-bit maximum"):
        he.CKKSParameters(4096, (60, 40, 60), 40)
    with pytest.raises(TypeError, match="must be a list or tuple of prime sizes"):
        he.CKKSParameters(8192, 60, 40)
    assert not he.LR_PARAMS.context().has_galois_keys()
    assert he.LR_PARAMS.context(galois_keys=True).has_galois_keys()


def test_multiplicative_depth_counts_middle_primes():
    assert he.multiplicative_depth([60, 40, 60]) == 1
    assert he.multiplicative_depth(he.DEPTH3_PARAMS.coeff_mod_bit_sizes) == 3
    with pytest.raises(he.HEParameterError):
        he.multiplicative_depth([60])


def test_chain_for_depth_picks_the_smallest_secure_degree():
    assert he.chain_for_depth(1) == (8192, [60, 40, 60])
    assert he.chain_for_depth(1, scale_bits=20) == (4096, [40, 20, 40])
    assert he.chain_for_depth(4) == (16384, [60, 40, 40, 40, 40, 60])
    assert he.chain_for_depth(1, scale_bits=20, min_slots=3000)[0] == 8192
    for depth in range(12):
        degree, chain = he.chain_for_depth(depth, scale_bits=30)
        he.check_parameters(degree, chain, 30)
        assert he.multiplicative_depth(chain) == depth
    with pytest.raises(he.HEParameterError, match="depth 30 at scale 2\\^40 needs"):
        he.chain_for_depth(30)
    with pytest.raises(ValueError, match="depth must be a non-negative integer"):
        he.chain_for_depth(-1)


def test_depth_budget_runs_out_with_scale_out_of_bounds():
    ctx = he.make_context(8192, [60, 40, 40, 60], 40)
    assert he.count_multiplications_until_failure(ctx) == (2, "scale out of bounds")


def test_ciphertext_level_shows_rescaling():
    ctx = he.make_context(8192, [60, 40, 40, 60], 40)
    fresh = ts.ckks_vector(ctx, [0.5, 2.0])
    assert he.ciphertext_level(fresh) == {"scale_bits": 40.0, "primes_left": 3, "modulus_bits": 140}
    after_one = he.ciphertext_level(fresh * fresh)
    assert after_one == {"scale_bits": 40.0, "primes_left": 2, "modulus_bits": 100}
    ctx.auto_rescale = False
    unrescaled = ts.ckks_vector(ctx, [0.5]) * ts.ckks_vector(ctx, [0.5])
    level = he.ciphertext_level(unrescaled)
    assert (level["scale_bits"], level["primes_left"]) == (80.0, 3)
    with pytest.raises(TypeError, match="expected a tenseal CKKSVector"):
        he.ciphertext_level([0.5])


def test_multiplication_trace_walks_down_the_chain():
    levels, error = he.multiplication_trace(he.DEPTH3_PARAMS.context())
    assert [level["primes_left"] for level in levels] == [4, 3, 2, 1]
    assert [level["modulus_bits"] for level in levels] == [155, 120, 85, 50]
    assert {level["scale_bits"] for level in levels} == {35.0}
    assert error == "scale out of bounds"
    assert he.multiplication_trace(he.DEPTH3_PARAMS.context(), limit=2)[1] == ""


def test_serialized_size_follows_the_primes_left(lr_ctx):
    fresh = ts.ckks_vector(lr_ctx, [1.5, -2.0, 3.25])
    rescaled = fresh * 2.0
    # 2 polynomials x 8192 remainders x primes x 8 bytes, compressed a little when fresh
    assert 225_000 < len(fresh.serialize()) < 2 * 8192 * 2 * 8
    assert 2 * 8192 * 1 * 8 <= len(rescaled.serialize()) < 2 * 8192 * 1 * 8 + 1_000


def test_all_slots_shows_replication_rotation_and_the_bias_pitfall(lr_ctx):
    enc = ts.ckks_vector(lr_ctx, [1.0, 2.0, 3.0, 4.0])
    slots = he.all_slots(enc)
    assert slots.shape == (4096,)
    np.testing.assert_allclose(slots, np.tile([1, 2, 3, 4], 1024), atol=1e-3)  # replicated
    products = enc * [1.0, 10.0, 100.0, 1000.0]  # a plain list is encoded once
    np.testing.assert_allclose(he.all_slots(products)[:6], [1, 20, 300, 4000, 0, 0], atol=1e-2)
    rotated = he.all_slots(products, rotation=1)
    np.testing.assert_allclose(rotated[[0, 1, 2, 3, -1]], [20, 300, 4000, 0, 1], atol=1e-2)
    np.testing.assert_allclose(he.all_slots(products.sum())[0], 4321, atol=1e-2)
    mixed = he.all_slots(enc.mm([[1.0, 0.0], [0.0, 1.0]] * 2) + [10.0, 20.0])
    np.testing.assert_allclose(mixed[:6], [14, 26, 4, 6, 4, 6], atol=1e-2)
    np.testing.assert_allclose(enc.decrypt(), [1, 2, 3, 4], atol=1e-3)  # enc is unchanged


def test_all_slots_needs_the_secret_key_and_galois_keys(lr_ctx):
    no_galois = he.LR_PARAMS.context()
    with pytest.raises(ValueError, match="needs Galois keys"):
        he.all_slots(ts.ckks_vector(no_galois, [1.0]), rotation=1)
    with pytest.raises(TypeError, match="rotation must be an integer"):
        he.all_slots(ts.ckks_vector(lr_ctx, [1.0]), rotation=1.5)
    server_ctx = he.load_context(he.public_context_bytes(lr_ctx))
    (on_server,) = he.load_vectors(
        server_ctx, he.serialize_vectors([ts.ckks_vector(lr_ctx, [1.0])])
    )
    with pytest.raises(he.SecretKeyMissingError, match="no secret key"):
        he.all_slots(on_server)


@pytest.mark.parametrize("operation", ["add", "sub", "mul"])
def test_tenseal_switches_the_right_operand_down_in_place(operation):
    """TenSEAL 0.3.18 behaviour that lesson 04 (section 6) teaches: ``a op b`` copies ``a``
    but brings ``b`` down to ``a``'s level in place, when ``b`` has more primes left.
    If a TenSEAL upgrade changes this, the lesson's text has to change too."""
    ctx = he.DEPTH3_PARAMS.context()
    left_fresh, right_fresh = ts.ckks_vector(ctx, [1.0, 2.0]), ts.ckks_vector(ctx, [1.0, 2.0])
    lower = ts.ckks_vector(ctx, [0.5, 0.5]) * 2.0  # 3 primes left, fresh ones have 4
    getattr(left_fresh, operation)(lower)
    getattr(lower, operation)(right_fresh)
    assert he.ciphertext_level(left_fresh)["primes_left"] == 4  # left operand: copied
    assert he.ciphertext_level(right_fresh)["primes_left"] == 3  # right operand: switched
    np.testing.assert_allclose(he.decrypt(right_fresh), [1.0, 2.0], atol=1e-3)
    copied = ts.ckks_vector(ctx, [1.0, 2.0])
    getattr(lower, operation)(copied.copy())
    assert he.ciphertext_level(copied)["primes_left"] == 4


# --- client / server ---------------------------------------------------------------------


def test_server_with_public_context_cannot_decrypt(lr_ctx):
    public = he.public_context_bytes(lr_ctx)
    server_ctx = he.load_context(public)
    assert not server_ctx.has_secret_key() and server_ctx.has_galois_keys()
    (blob,) = he.serialize_vectors([ts.ckks_vector(lr_ctx, [1.0, 2.0])])
    message = he.server_decrypt_attempt(public, blob)
    assert "no secret key" in message
    (on_server,) = he.load_vectors(server_ctx, [blob])
    with pytest.raises(he.SecretKeyMissingError, match="public, server-side context"):
        he.decrypt(on_server)


def test_server_decrypt_attempt_flags_a_leaked_secret_key(lr_ctx):
    private = lr_ctx.serialize(save_secret_key=True)
    (blob,) = he.serialize_vectors([ts.ckks_vector(lr_ctx, [1.0])])
    with pytest.raises(ValueError, match="holds the secret key"):
        he.server_decrypt_attempt(private, blob)


def test_serialized_round_trip_through_the_server(lr_model, lr_ctx):
    X = lr_model.X_test[:4]
    blobs = he.serialize_vectors(he.encrypt_feature_columns(lr_ctx, X))
    server_ctx = he.load_context(he.public_context_bytes(lr_ctx))
    result = he.server_lr_packed(
        he.load_vectors(server_ctx, blobs), lr_model.weights, lr_model.bias
    )
    (back,) = he.load_vectors(lr_ctx, he.serialize_vectors([result]))
    np.testing.assert_allclose(he.decrypt(back), lr_model.logits(X), atol=1e-3)


def test_argument_errors_are_sentences(lr_ctx):
    with pytest.raises(ValueError, match="do not fit in one ciphertext of 4096 slots"):
        he.encrypt_feature_columns(lr_ctx, np.zeros((5000, 2)))
    with pytest.raises(ValueError, match="packing must be 'per_sample' or 'packed'"):
        he.encrypted_lr_logits(lr_ctx, np.zeros((2, 30)), np.zeros(30), 0.0, packing="rows")
    with pytest.raises(TypeError, match="expected a tenseal CKKSVector"):
        he.decrypt([1.0])
    with pytest.raises(ValueError, match="one encrypted column per weight"):
        he.server_lr_packed(he.encrypt_feature_columns(lr_ctx, np.zeros((3, 2))), [1.0], 0.0)


def test_load_vectors_refuses_wrong_argument_types(lr_ctx):
    blobs = he.serialize_vectors([ts.ckks_vector(lr_ctx, [1.0])])
    with pytest.raises(TypeError, match="ctx must be a tenseal Context, got bytes"):
        he.load_vectors(he.public_context_bytes(lr_ctx), blobs)
    with pytest.raises(TypeError, match="blobs must be a list .* got bytes"):
        he.load_vectors(lr_ctx, blobs[0])  # one blob, not a list of them
    with pytest.raises(TypeError, match="got a CKKSVector"):
        he.load_vectors(lr_ctx, he.load_vectors(lr_ctx, blobs))


# --- logistic regression -------------------------------------------------------------------


def test_breast_cancer_split_is_fixed(lr_model):
    assert lr_model.X_test.shape == (114, 30)
    again = he.load_breast_cancer_model()
    np.testing.assert_array_equal(lr_model.weights, again.weights)
    assert np.mean((lr_model.logits(lr_model.X_test) > 0) == lr_model.y_test) > 0.95


@pytest.mark.parametrize(("packing", "n_samples"), [("per_sample", 6), ("packed", 114)])
def test_encrypted_lr_matches_plaintext(lr_model, lr_ctx, packing, n_samples):
    X = lr_model.X_test[:n_samples]
    logits = he.encrypted_lr_logits(lr_ctx, X, lr_model.weights, lr_model.bias, packing=packing)
    plain = lr_model.logits(X)
    assert logits.shape == plain.shape
    assert np.abs(logits - plain).max() < 1e-3
    np.testing.assert_array_equal(logits > 0, plain > 0)


# --- polynomial sigmoid ------------------------------------------------------------------


def test_sigmoid_polynomials_are_close_on_their_range():
    coefficients = he.fit_sigmoid_polynomial(degree=3, input_range=8.0)
    assert coefficients.shape == (4,)
    x = np.linspace(-8, 8, 801)
    assert np.abs(he.sigmoid_polynomial(x, coefficients) - he.sigmoid(x)).max() < 0.12
    assert (
        np.abs(he.sigmoid_polynomial(x, he.fit_sigmoid_polynomial(5, 8.0)) - he.sigmoid(x)).max()
        < 0.07
    )
    # Outside its range a low-degree polynomial is useless: it turns back.
    assert he.sigmoid_polynomial(20.0, coefficients) < 0.5
    with pytest.raises(ValueError, match="degree must be a positive integer"):
        he.fit_sigmoid_polynomial(degree=0)


def test_server_sigmoid_keeps_plaintext_decisions(lr_model, depth3_ctx):
    coefficients = he.fit_sigmoid_polynomial(3, lr_model.logit_range)
    columns = he.encrypt_feature_columns(depth3_ctx, lr_model.X_test)
    logits = he.server_lr_packed(columns, lr_model.weights, lr_model.bias)
    probabilities = he.decrypt(he.server_sigmoid(logits, coefficients))
    plain_logits = lr_model.logits(lr_model.X_test)
    np.testing.assert_allclose(
        probabilities, he.sigmoid_polynomial(plain_logits, coefficients), atol=1e-3
    )
    np.testing.assert_array_equal(probabilities > 0.5, plain_logits > 0)


# --- MLP ------------------------------------------------------------------------------------


def test_digits_mlp_is_accurate_and_deterministic():
    model = he.train_digits_mlp()
    assert model.X_test.shape == (360, 64) and model.W1.shape == (64, 32)
    assert np.mean(model.logits(model.X_test).argmax(1) == model.y_test) > 0.9
    short_a, short_b = he.train_digits_mlp(steps=5), he.train_digits_mlp(steps=5)
    np.testing.assert_array_equal(short_a.W2, short_b.W2)


def test_fold_bias_equals_adding_the_bias():
    rng = np.random.default_rng(1)
    X, W, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=2)
    np.testing.assert_allclose(he.add_constant_feature(X) @ he.fold_bias(W, b), X @ W + b)
    with pytest.raises(ValueError, match="expected a \\(n_in, n_out\\) matrix"):
        he.fold_bias(W, np.zeros(3))


def test_a_plain_bias_before_mm_is_wrong_and_folding_it_is_right(small_mlp, depth3_ctx):
    """The replicated-slot pitfall lesson 04 (section 8) shows: ``mm(W1) + b1`` adds ``b1``
    to the first copy only; ``server_mlp_per_sample`` folds it into ``W1`` instead."""
    X = small_mlp.X_test[:1]
    W1, b1, W2, b2 = (p.tolist() for p in (small_mlp.W1, small_mlp.b1, small_mlp.W2, small_mlp.b2))
    (enc,) = he.encrypt_samples(depth3_ctx, X)
    wrong = he.decrypt((enc.mm(W1) + b1).square().mm(W2) + b2)
    right = he.encrypted_mlp_logits(depth3_ctx, X, small_mlp, packing="per_sample")
    assert np.abs(wrong - small_mlp.logits(X)).max() > 0.1
    assert np.abs(right - small_mlp.logits(X)).max() < 0.01


def test_packed_mlp_matches_plaintext(small_mlp, depth3_ctx):
    X = small_mlp.X_test[:50]
    logits = he.encrypted_mlp_logits(depth3_ctx, X, small_mlp, packing="packed")
    plain = small_mlp.logits(X)
    assert logits.shape == (50, 10)
    assert np.abs(logits - plain).max() < 0.01
    np.testing.assert_array_equal(logits.argmax(1), plain.argmax(1))


def test_profile_packed_mlp_counts_every_operation(small_mlp, depth3_ctx):
    X = small_mlp.X_test[:20]
    profile = he.profile_packed_mlp(depth3_ctx, X, small_mlp)
    n_in, n_hidden = small_mlp.W1.shape
    n_out = small_mlp.W2.shape[1]
    counts = {kind: count for kind, (count, _) in profile["operations"].items()}
    assert counts == {
        he.PLAIN_PRODUCT: n_in * n_hidden + n_hidden * n_out,
        he.ADDITION: (n_in - 1) * n_hidden + (n_hidden - 1) * n_out,
        he.PLAIN_ADDITION: n_hidden + n_out,
        he.SQUARE: n_hidden,
    }
    timed = sum(seconds for _, seconds in profile["operations"].values())
    assert 0 < timed <= profile["server_seconds"] <= profile["seconds"]
    assert np.abs(profile["logits"] - small_mlp.logits(X)).max() < 0.01


# --- figure data ----------------------------------------------------------------------------


def test_precision_improves_with_scale_bits():
    data = he.precision_vs_scale_bits(scale_bits=(20, 30, 40), n_values=32)
    assert list(data["scale_bits"]) == [20, 30, 40]
    assert np.all(np.diff(data["multiply_max_error"]) < 0)
    assert data["multiply_max_error"][0] > 1e-4 > data["multiply_max_error"][-1]


def test_cost_grows_with_poly_modulus_degree():
    data = he.cost_vs_poly_modulus_degree(degrees=(4096, 8192), repeats=1)
    assert list(data["slots"]) == [2048, 4096]
    assert data["ciphertext_bytes"][1] > 1.5 * data["ciphertext_bytes"][0]
    assert list(data["max_coeff_bits"]) == [109, 218]


def test_lr_packing_timings_shape(lr_model, lr_ctx):
    data = he.lr_packing_timings(
        lr_ctx, lr_model.X_test, lr_model.weights, lr_model.bias, batch_sizes=(1, 2)
    )
    assert list(data["batch_sizes"]) == [1, 2]
    assert data["per_sample_seconds"].shape == data["packed_seconds"].shape == (2,)
    with pytest.raises(ValueError, match="batch sizes must be between 1 and 114"):
        he.lr_packing_timings(lr_ctx, lr_model.X_test, lr_model.weights, lr_model.bias, (200,))
