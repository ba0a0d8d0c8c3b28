"""Lesson 02's library: known-answer tests from the RFCs, round trips, refusals, sizes."""

import re

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from utils import public_key

# RFC 7748 section 6.1: Alice's and Bob's X25519 key pairs and their shared secret.
ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
BOB_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
# RFC 8032 section 7.1, test 1: an Ed25519 key pair and its signature of the empty message.
ED_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
ED_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
ED_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"


def _x25519(hex_key: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(bytes.fromhex(hex_key))


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 1]) + data[index + 1 :]


def test_rfc7748_scalar_multiplication_vector():
    # Section 5.2, first vector: the scalar (clamped by X25519) times the u-coordinate.
    scalar = _x25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")
    u = X25519PublicKey.from_public_bytes(
        bytes.fromhex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")
    )
    want = "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"
    assert scalar.exchange(u).hex() == want


def test_rfc7748_diffie_hellman_vector():
    alice, bob = _x25519(ALICE_PRIVATE), _x25519(BOB_PRIVATE)
    assert public_key.public_bytes(alice.public_key()).hex() == ALICE_PUBLIC
    assert public_key.public_bytes(bob.public_key()).hex() == BOB_PUBLIC
    assert (
        alice.exchange(bob.public_key()).hex() == bob.exchange(alice.public_key()).hex() == SHARED
    )


def test_rfc8032_ed25519_test_1():
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(ED_SECRET))
    assert public_key.public_bytes(key.public_key()).hex() == ED_PUBLIC
    assert key.sign(b"").hex() == ED_SIGNATURE
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(ED_PUBLIC))
    assert public_key.is_signed_by(public, bytes.fromhex(ED_SIGNATURE), b"")
    assert not public_key.is_signed_by(public, bytes.fromhex(ED_SIGNATURE), b"\x00")


def test_agreement_key_is_hkdf_over_the_secret_with_purpose_and_both_public_keys():
    alice, bob = _x25519(ALICE_PRIVATE), _x25519(BOB_PRIVATE)
    info = b"training-upload" + bytes.fromhex(ALICE_PUBLIC) + bytes.fromhex(BOB_PUBLIC)
    want = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        bytes.fromhex(SHARED)
    )
    sender = public_key.agreement_key(alice, bob.public_key(), "training-upload", role="sender")
    recipient = public_key.agreement_key(
        bob, alice.public_key(), "training-upload", role="recipient"
    )
    assert sender == recipient == want


def test_agreement_key_changes_with_purpose_and_roles():
    alice, bob = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    keys = {
        public_key.agreement_key(alice, bob.public_key(), purpose, role=role)
        for purpose in ("training-upload", "audit")
        for role in public_key.ROLES
    }
    assert len(keys) == 4


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (("key", "peer", "p", "sender"), TypeError, "X25519PrivateKey"),
        ((None, "peer", "p", "sender"), TypeError, "not NoneType"),
        (("private", "not a key", "p", "sender"), TypeError, "X25519PublicKey"),
        (("private", "peer", b"p", "sender"), TypeError, "must be a str"),
        (("private", "peer", "", "sender"), ValueError, "must not be empty"),
        (("private", "peer", "p", "alice"), ValueError, "'sender' or 'recipient'"),
    ],
)
def test_agreement_key_refuses_bad_arguments(arguments, error, message):
    real = {"private": X25519PrivateKey.generate(), "peer": X25519PrivateKey.generate()}
    private, peer, purpose, role = arguments
    private = real.get(private, private) if isinstance(private, str) else private
    peer = real["peer"].public_key() if peer == "peer" else peer
    with pytest.raises(error, match=message):
        public_key.agreement_key(private, peer, purpose, role=role)


def test_sealing_by_hand_round_trip_and_fresh_ephemeral_keys():
    trainer = X25519PrivateKey.generate()
    sealed = public_key.seal_with_agreement(trainer.public_key(), b"record", "training-upload")
    assert len(sealed) == 32 + len(b"record") + 16
    assert public_key.open_with_agreement(trainer, sealed, "training-upload") == b"record"
    again = public_key.seal_with_agreement(trainer.public_key(), b"record", "training-upload")
    assert again[:32] != sealed[:32]


@pytest.mark.parametrize("change", ["purpose", "key", "ephemeral bit", "ciphertext bit"])
def test_sealing_by_hand_refuses_any_change(change):
    trainer = X25519PrivateKey.generate()
    sealed = public_key.seal_with_agreement(trainer.public_key(), b"record", "training-upload")
    purpose, key = "training-upload", trainer
    if change == "purpose":
        purpose = "audit"
    elif change == "key":
        key = X25519PrivateKey.generate()
    else:
        sealed = _flip(sealed, 3 if change == "ephemeral bit" else 40)
    with pytest.raises(InvalidTag):
        public_key.open_with_agreement(key, sealed, purpose)


def test_opening_by_hand_refuses_short_input():
    with pytest.raises(ValueError, match="shorter than an ephemeral key and a tag"):
        public_key.open_with_agreement(X25519PrivateKey.generate(), b"x" * 47, "p")


@pytest.mark.parametrize("scheme", [public_key.CLASSIC, public_key.HYBRID])
def test_hpke_round_trip_sizes_and_wrong_info(scheme):
    if scheme == public_key.CLASSIC:
        private = X25519PrivateKey.generate()
        public, encapsulation = private.public_key(), 32
    else:
        private, raw = public_key.generate_hybrid_key()
        public, encapsulation = public_key.hybrid_public_key(raw), 1088 + 32
    sealed = public_key.hpke_seal(public, b"record", b"training-upload")
    assert len(sealed) == encapsulation + len(b"record") + 16
    assert public_key.hpke_open(private, sealed, b"training-upload") == b"record"
    for info in (b"audit", b""):
        with pytest.raises(InvalidTag):
            public_key.hpke_open(private, sealed, info)
    with pytest.raises(InvalidTag):
        public_key.hpke_open(private, _flip(sealed, 5), b"training-upload")


def test_hpke_refuses_another_private_key():
    sealed = public_key.hpke_seal(X25519PrivateKey.generate().public_key(), b"r", b"i")
    with pytest.raises(InvalidTag):
        public_key.hpke_open(X25519PrivateKey.generate(), sealed, b"i")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda k: public_key.hpke_seal(k, b"r", b"i"), TypeError, "public key, not X25519Priv"),
        (lambda k: public_key.hpke_seal(k.public_key(), "r", b"i"), TypeError, "plaintext"),
        (lambda k: public_key.hpke_seal(k.public_key(), b"r", "i"), TypeError, "purpose.encode"),
        (lambda k: public_key.hpke_open(k.public_key(), b"r", b"i"), TypeError, "private key"),
        (lambda k: public_key.hpke_open(k, "sealed", b"i"), TypeError, "sealed must be bytes"),
        (lambda k: public_key.hybrid_public_key(b"x" * 1184), ValueError, "1216 bytes"),
        (lambda k: public_key.hybrid_public_key("x"), TypeError, "must be bytes"),
        (lambda k: public_key.public_bytes(k), TypeError, r"\.public_key\(\)"),
        (lambda k: public_key.is_signed_by(k.public_key(), b"s", b"d"), TypeError, "Ed25519"),
        (lambda k: public_key.operations_per_second(1), TypeError, "function"),
        (lambda k: public_key.operations_per_second(print, 0), ValueError, r"\(0, 10\]"),
        (lambda k: public_key.operations_per_second(print, "1"), TypeError, "a number"),
    ],
)
def test_bad_arguments_get_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call(X25519PrivateKey.generate())


def test_hybrid_public_key_is_mlkem_then_x25519():
    mlkem, x25519 = MLKEM768PrivateKey.generate(), X25519PrivateKey.generate()
    raw = mlkem.public_key().public_bytes_raw() + x25519.public_key().public_bytes_raw()
    sealed = public_key.hpke_seal(public_key.hybrid_public_key(raw), b"r", b"i")
    private = hpke.MLKEM768X25519PrivateKey(mlkem, x25519)
    assert public_key.hpke_open(private, sealed, b"i") == b"r"
    swapped = x25519.public_key().public_bytes_raw() + mlkem.public_key().public_bytes_raw()
    with pytest.raises(ValueError):
        public_key.hybrid_public_key(swapped)


def test_fingerprints_are_stable_short_and_name_the_algorithm():
    ed = Ed25519PublicKey.from_public_bytes(bytes.fromhex(ED_PUBLIC))
    print_ = public_key.fingerprint(ed)
    assert re.fullmatch(r"([0-9a-f]{4} ){7}[0-9a-f]{4}", print_)
    assert print_ == "c383 cd8b 3e52 622d c889 85d8 f15b 5992"  # SHA-256("Ed25519\0" + key)
    assert public_key.fingerprint(Ed25519PublicKey.from_public_bytes(bytes.fromhex(ED_PUBLIC))) == (
        print_
    )
    same_bytes = X25519PublicKey.from_public_bytes(bytes.fromhex(ED_PUBLIC))
    assert public_key.fingerprint(same_bytes) != print_
    other = Ed25519PrivateKey.generate().public_key()
    assert public_key.fingerprint(other) != print_


def test_signatures_by_either_scheme_verify_only_for_their_key_and_bytes():
    for make in (Ed25519PrivateKey.generate, MLDSA65PrivateKey.generate):
        key, other = make(), make()
        signature = key.sign(b"model card")
        assert public_key.is_signed_by(key.public_key(), signature, b"model card")
        assert not public_key.is_signed_by(key.public_key(), signature, b"model card!")
        assert not public_key.is_signed_by(other.public_key(), signature, b"model card")


def test_measured_sizes_are_the_standards():
    assert public_key.measure_sizes() == {
        "X25519 (HPKE)": {"public key": 32, "added per message": 32 + 16},
        "ML-KEM-768 (HPKE)": {"public key": 1184, "added per message": 1088 + 16},
        "MLKEM768-X25519 (HPKE)": {"public key": 1216, "added per message": 1120 + 16},
        "Ed25519": {"public key": 32, "added per message": 64},
        "ML-DSA-65": {"public key": 1952, "added per message": 3309},
    }


def test_speeds_cover_every_scheme_and_operation():
    speeds = public_key.measure_speeds(seconds=0.002)
    assert list(speeds) == list(public_key.SCHEMES)
    for per_operation in speeds.values():
        assert list(per_operation) == list(public_key.OPERATIONS)
        assert all(rate > 0 for rate in per_operation.values())


def test_operations_per_second_counts_calls():
    calls = []
    rate = public_key.operations_per_second(lambda: calls.append(1), seconds=0.01)
    assert rate > 0 and len(calls) >= 3


def test_dataset_overhead_counts_per_record_bytes_and_one_public_key():
    sizes = {"encapsulation": 32, "tag": 16, "signature": 64, "signing_public_key": 32}
    assert public_key.dataset_overhead(569, sizes) == 569 * (32 + 16 + 64) + 32
    assert public_key.dataset_overhead(1, sizes | {"signature": 3309}) == 32 + 16 + 3309 + 32


@pytest.mark.parametrize(
    ("n_records", "sizes", "error", "message"),
    [
        (1.0, {}, TypeError, "must be an int"),
        (True, {}, TypeError, "must be an int"),
        (0, {}, ValueError, "at least 1"),
        (3, [("tag", 16)], TypeError, "must be a dict"),
        (3, {"tag": 16}, ValueError, "exactly the keys"),
        (3, dict.fromkeys(public_key.OVERHEAD_FIELDS, 1.5), ValueError, "whole numbers"),
        (3, dict.fromkeys(public_key.OVERHEAD_FIELDS, -1), ValueError, "whole numbers"),
    ],
)
def test_dataset_overhead_refuses_bad_arguments(n_records, sizes, error, message):
    with pytest.raises(error, match=message):
        public_key.dataset_overhead(n_records, sizes)
