"""Unit tests for utils.protection (lesson 05): every refusal, and the extraction attack."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import pickle
import platform
import subprocess
import sys
import tarfile
import zipfile

import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey

from utils import protection as prot
from utils.data import breast_cancer_classifier
from utils.protection import ModelIntegrityError, UnsafeModelError
from utils.protection.openssf import _model_signing_problems
from utils.storage import age


@pytest.fixture(scope="module")
def victim():
    return prot.train_victim_model(seed=0)


KEY_TYPES = {"ed25519": Ed25519PrivateKey, "ml-dsa-65": MLDSA65PrivateKey}


@pytest.fixture(scope="module", params=sorted(KEY_TYPES))
def signing_key(request):
    """Every test of the signed manifest runs with an Ed25519 and with an ML-DSA-65 key."""
    return KEY_TYPES[request.param].generate()


@pytest.fixture
def model_folder(tmp_path, victim):
    folder = prot.save_model_folder(tmp_path / "model", victim.model)
    (folder / "tokenizer").mkdir()
    (folder / "tokenizer" / "vocab.txt").write_text("benign\nmalignant\n")
    return folder


@pytest.fixture
def signed_folder(model_folder, signing_key):
    prot.sign_model(model_folder, signing_key, model_name="breast-cancer-lr")
    return model_folder


def flip_byte(path, offset=-20):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


# ------------------------------------------------------------------------ unsafe loading


def test_malicious_pickle_writes_marker_only_when_loaded(tmp_path):
    marker = tmp_path / "marker.txt"
    payload = prot.make_malicious_pickle_for_demo(marker)
    assert not marker.exists()
    prot.unsafe_pickle_load_for_demo(payload)
    assert "pickle" in marker.read_text()


def test_load_weights_refuses_pickle_without_running_it(tmp_path):
    marker = tmp_path / "marker.txt"
    model_file = tmp_path / "model.npz"
    model_file.write_bytes(prot.make_malicious_pickle_for_demo(marker))
    with pytest.raises(UnsafeModelError, match="pickle"):
        prot.load_weights(model_file)
    assert not marker.exists()


def test_load_weights_refuses_object_arrays(tmp_path):
    path = tmp_path / "objects.npz"
    np.savez(path, coef=np.array([1.0, 2.0]), config=np.array([{"a": 1}], dtype=object))
    with pytest.raises(UnsafeModelError, match="'config'.*pickled"):
        prot.load_weights(path)


def test_load_weights_refuses_zip_with_pickle_inside(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps({"w": [1.0]}))
    with pytest.raises(UnsafeModelError, match="data.pkl"):
        prot.weights_from_bytes(buffer.getvalue())


def test_load_weights_refuses_a_pickle_named_like_an_array():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("intercept.npy", pickle.dumps([1.0]))
    with pytest.raises(UnsafeModelError, match="'intercept'.*holds a pickle"):
        prot.weights_from_bytes(buffer.getvalue())


def test_load_weights_refuses_unknown_format():
    with pytest.raises(UnsafeModelError, match="not an .npz"):
        prot.weights_from_bytes(b"GGUF\x03\x00\x00\x00")


def test_load_weights_refuses_empty_and_damaged_zip():
    with pytest.raises(UnsafeModelError, match="not an .npz"):
        prot.weights_from_bytes(b"")
    with pytest.raises(UnsafeModelError, match="damaged zip"):
        prot.weights_from_bytes(b"PK\x03\x04 cut short")


def test_weights_round_trip(tmp_path):
    arrays = {"coef": np.arange(6, dtype=np.float32).reshape(2, 3), "steps": np.array([7])}
    loaded = prot.load_weights(prot.save_weights(tmp_path / "w.npz", arrays))
    assert loaded.keys() == arrays.keys()
    for name, array in arrays.items():
        assert loaded[name].dtype == array.dtype
        np.testing.assert_array_equal(loaded[name], array)


def test_save_weights_rejects_objects_and_wrong_suffix(tmp_path):
    with pytest.raises(ValueError, match="Python objects"):
        prot.save_weights(tmp_path / "w.npz", {"x": np.array([None])})
    with pytest.raises(ValueError, match=".npz"):
        prot.save_weights(tmp_path / "w.pkl", {"x": np.zeros(2)})


def test_logistic_regression_survives_the_weight_file(victim, tmp_path):
    path = prot.save_weights(tmp_path / "w.npz", prot.logistic_regression_to_arrays(victim.model))
    rebuilt = prot.logistic_regression_from_arrays(prot.load_weights(path))
    np.testing.assert_array_equal(
        rebuilt.predict(victim.X_test), victim.model.predict(victim.X_test)
    )


def test_round_weights_returns_a_rounded_copy(victim):
    raw, _ = breast_cancer_classifier(0)
    rounded = prot.round_weights(raw, decimals=3)
    np.testing.assert_array_equal(rounded.coef_, np.round(raw.coef_, 3))
    np.testing.assert_array_equal(rounded.intercept_, np.round(raw.intercept_, 3))
    assert not np.array_equal(raw.coef_, rounded.coef_)  # the original is left alone
    np.testing.assert_array_equal(victim.model.coef_, np.round(raw.coef_, prot.WEIGHT_DECIMALS))
    with pytest.raises(ValueError, match="decimals"):
        prot.round_weights(raw, decimals=-1)
    with pytest.raises(TypeError, match="fitted"):
        prot.round_weights(object())


def test_trained_weights_lie_far_from_a_rounding_tie():
    # CPUs' BLAS kernels change the trained weights by about 1e-15; rounding gives the same
    # value on every CPU as long as no weight lies that close to a tie (x.xxxxxx5).
    raw, _ = breast_cancer_classifier(0)
    scaled = np.append(raw.coef_, raw.intercept_) * 10.0**prot.WEIGHT_DECIMALS
    distance_to_tie = np.abs(scaled - np.floor(scaled) - 0.5) / 10.0**prot.WEIGHT_DECIMALS
    assert distance_to_tie.min() > 1e-10


def _victim_weights_digest() -> str:
    code = (
        "import hashlib; from utils import protection as p; "
        "m = p.train_victim_model(0).model; "
        "print(hashlib.sha256(p.weights_to_bytes(p.logistic_regression_to_arrays(m))).hexdigest())"
    )
    env = {**os.environ, "OPENBLAS_CORETYPE": "Prescott"}  # SSE3: runs on every x86-64 CPU
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.mark.skipif(
    platform.machine().lower() not in ("x86_64", "amd64"),
    reason="OPENBLAS_CORETYPE=Prescott names an x86-64 kernel",
)
def test_weight_file_is_the_same_bytes_under_another_blas_kernel(victim):
    here = hashlib.sha256(
        prot.weights_to_bytes(prot.logistic_regression_to_arrays(victim.model))
    ).hexdigest()
    assert _victim_weights_digest() == here


# ------------------------------------------------------------ the course's signed manifest


def test_verify_accepts_untouched_model(signed_folder, signing_key):
    manifest = prot.verify_model(signed_folder, signing_key.public_key())
    assert sorted(manifest["files"]) == ["config.json", "tokenizer/vocab.txt", "weights.npz"]
    assert manifest["model_name"] == "breast-cancer-lr"
    weights = (signed_folder / "weights.npz").read_bytes()
    assert manifest["files"]["weights.npz"] == {
        "sha256": hashlib.sha256(weights).hexdigest(),
        "size": len(weights),
    }


def test_verify_refuses_flipped_byte_naming_the_file(signed_folder, signing_key):
    flip_byte(signed_folder / "weights.npz")
    with pytest.raises(ModelIntegrityError, match="'weights.npz' was modified") as caught:
        prot.verify_model(signed_folder, signing_key.public_key())
    assert caught.value.problems == [p for p in caught.value.problems if "weights.npz" in p]


def test_verify_refuses_missing_file(signed_folder, signing_key):
    (signed_folder / "config.json").unlink()
    with pytest.raises(ModelIntegrityError, match="'config.json' is missing"):
        prot.verify_model(signed_folder, signing_key.public_key())


def test_verify_refuses_extra_file(signed_folder, signing_key):
    (signed_folder / "tokenizer" / "backdoor.py").write_text("print('hi')\n")
    with pytest.raises(ModelIntegrityError, match="'tokenizer/backdoor.py' is an extra file"):
        prot.verify_model(signed_folder, signing_key.public_key())


def test_verify_refuses_renamed_file(signed_folder, signing_key):
    (signed_folder / "config.json").rename(signed_folder / "config.old.json")
    with pytest.raises(ModelIntegrityError, match="'config.json' was renamed to 'config.old.json'"):
        prot.verify_model(signed_folder, signing_key.public_key())


def test_verify_refuses_edited_manifest(signed_folder, signing_key):
    manifest_path = signed_folder / prot.MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text())
    flip_byte(signed_folder / "weights.npz")
    weights = (signed_folder / "weights.npz").read_bytes()
    manifest["files"]["weights.npz"]["sha256"] = hashlib.sha256(weights).hexdigest()
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    with pytest.raises(ModelIntegrityError, match="edited after signing"):
        prot.verify_model(signed_folder, signing_key.public_key())


def test_verify_refuses_signature_by_another_key(model_folder, signing_key):
    prot.sign_model(model_folder, KEY_TYPES[prot.signature_algorithm(signing_key)].generate())
    with pytest.raises(ModelIntegrityError, match="signed by another key"):
        prot.verify_model(model_folder, signing_key.public_key())


def test_manifest_names_the_algorithm_and_signature_sizes_differ(signed_folder, signing_key):
    manifest = prot.verify_model(signed_folder, signing_key.public_key())
    algorithm = prot.signature_algorithm(signing_key)
    assert manifest["signature_algorithm"] == algorithm
    signature = (signed_folder / prot.SIGNATURE_NAME).read_bytes()
    assert len(signature) == {"ed25519": 64, "ml-dsa-65": 3309}[algorithm]


def _other_algorithm(signing_key):
    return next(kind for kind in KEY_TYPES.values() if not isinstance(signing_key, kind))


def test_verify_refuses_a_key_of_the_other_algorithm(signed_folder, signing_key):
    other = _other_algorithm(signing_key).generate()
    with pytest.raises(ModelIntegrityError, match="algorithm mismatch is refused"):
        prot.verify_model(signed_folder, other.public_key())


def _resign(folder, private_key, **changes):
    """Rewrite the manifest with ``changes`` and sign its new bytes with ``private_key``."""
    manifest = json.loads((folder / prot.MANIFEST_NAME).read_text())
    manifest.update(changes)
    data = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    (folder / prot.MANIFEST_NAME).write_bytes(data)
    (folder / prot.SIGNATURE_NAME).write_bytes(private_key.sign(data))


def test_verify_refuses_a_manifest_claiming_another_algorithm(signed_folder, signing_key):
    claimed = next(n for n in KEY_TYPES if n != prot.signature_algorithm(signing_key))
    _resign(signed_folder, signing_key, signature_algorithm=claimed)  # a valid signature
    with pytest.raises(ModelIntegrityError, match=f"signed with '{claimed}'.*no downgrade"):
        prot.verify_model(signed_folder, signing_key.public_key())
    _resign(signed_folder, signing_key, signature_algorithm=None)
    with pytest.raises(ModelIntegrityError, match="signed with None.*no downgrade"):
        prot.verify_model(signed_folder, signing_key.public_key())


def test_verify_refuses_a_manifest_re_signed_with_the_other_algorithm(signed_folder, signing_key):
    """An attacker's key of the other algorithm, the manifest claiming it: still refused."""
    attacker = _other_algorithm(signing_key).generate()
    algorithm = prot.signature_algorithm(attacker)
    _resign(signed_folder, attacker, signature_algorithm=algorithm)
    with pytest.raises(ModelIntegrityError, match=f"signed with '{algorithm}'.*no downgrade"):
        prot.verify_model(signed_folder, signing_key.public_key())


def test_verify_refuses_symlink_outside_folder(signed_folder, signing_key, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not part of the model\n")
    os.symlink(outside, signed_folder / "extra_weights.npz")
    with pytest.raises(ModelIntegrityError, match="points outside the model folder"):
        prot.verify_model(signed_folder, signing_key.public_key())


def test_symlinks_inside_folder_are_refused_too(model_folder, signing_key):
    os.symlink(model_folder / "weights.npz", model_folder / "alias.npz")
    with pytest.raises(ModelIntegrityError, match="symlink 'alias.npz'.*regular files only"):
        prot.sign_model(model_folder, signing_key)


def test_verify_refuses_unsigned_folder(model_folder, signing_key):
    with pytest.raises(ModelIntegrityError, match="missing.*unsigned"):
        prot.verify_model(model_folder, signing_key.public_key())


def test_load_verified_model_returns_weights_or_refuses(signed_folder, signing_key, victim):
    arrays = prot.load_verified_model(signed_folder, signing_key.public_key())
    np.testing.assert_array_equal(arrays["coef"], victim.model.coef_)
    flip_byte(signed_folder / "weights.npz")
    with pytest.raises(ModelIntegrityError, match="weights.npz"):
        prot.load_verified_model(signed_folder, signing_key.public_key())


def test_verify_refuses_another_release_signed_by_the_same_key(model_folder, signing_key):
    prot.sign_model(model_folder, signing_key, model_name="lr", metadata={"release": "1.0"})
    public_key = signing_key.public_key()
    assert prot.verify_model(
        model_folder, public_key, expect={"model_name": "lr", "release": "1.0"}
    )
    with pytest.raises(ModelIntegrityError, match="release '1.0', expected '2.0'"):
        prot.verify_model(model_folder, public_key, expect={"release": "2.0"})
    with pytest.raises(ModelIntegrityError, match="model_name 'lr', expected 'other'"):
        prot.load_verified_model(model_folder, public_key, expect={"model_name": "other"})


def test_sign_and_verify_check_their_arguments(model_folder, signing_key):
    with pytest.raises(TypeError, match="Ed25519PrivateKey or MLDSA65PrivateKey"):
        prot.sign_model(model_folder, b"not a key")
    with pytest.raises(TypeError, match="Ed25519PublicKey or MLDSA65PublicKey"):
        prot.verify_model(model_folder, signing_key)
    with pytest.raises(TypeError, match="expected an Ed25519 or ML-DSA-65 key"):
        prot.signature_algorithm(b"not a key")
    with pytest.raises(ValueError, match="not a directory"):
        prot.sign_model(model_folder / "weights.npz", signing_key)


# ------------------------------------------------------------ encrypted weights at rest


@pytest.fixture
def encrypted_folder(signed_folder, tmp_path):
    identity = age.generate_identity()
    prot.encrypt_model_folder(signed_folder, tmp_path / "encrypted", identity.recipient)
    return tmp_path / "encrypted", identity


def test_encrypted_model_refuses_an_unexpected_release(encrypted_folder, signing_key):
    folder, identity = encrypted_folder
    with pytest.raises(ModelIntegrityError, match="release None, expected '2.0'"):
        prot.load_encrypted_verified_model(
            folder, identity, signing_key.public_key(), expect={"release": "2.0"}
        )


def test_encrypted_model_loads_in_memory_only(encrypted_folder, signing_key, victim):
    folder, identity = encrypted_folder
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == [
        "config.json.age",
        "model.manifest.json.age",
        "model.manifest.sig.age",
        "tokenizer/vocab.txt.age",
        "weights.npz.age",
    ]
    arrays = prot.load_encrypted_verified_model(folder, identity, signing_key.public_key())
    np.testing.assert_array_equal(arrays["coef"], victim.model.coef_)


def test_encrypted_model_refuses_tampered_ciphertext(encrypted_folder, signing_key):
    folder, identity = encrypted_folder
    flip_byte(folder / "weights.npz.age")
    with pytest.raises(ModelIntegrityError, match="'weights.npz.age' does not decrypt"):
        prot.load_encrypted_verified_model(folder, identity, signing_key.public_key())


def test_encrypted_model_refuses_wrong_identity(encrypted_folder, signing_key):
    folder, _ = encrypted_folder
    with pytest.raises(ModelIntegrityError, match="does not decrypt"):
        prot.load_encrypted_verified_model(
            folder, age.generate_identity(), signing_key.public_key()
        )


def test_signature_catches_weights_reencrypted_by_anyone(encrypted_folder, signing_key):
    # Anyone holding the public recipient can encrypt: the AEAD alone proves nothing about
    # who wrote the weights, the signature over the plaintext does.
    folder, identity = encrypted_folder
    forged = prot.weights_to_bytes({"coef": np.zeros((1, 30)), "intercept": np.zeros(1)})
    (folder / "weights.npz.age").write_bytes(age.encrypt(forged, identity.recipient))
    with pytest.raises(ModelIntegrityError, match="'weights.npz' was modified"):
        prot.load_encrypted_verified_model(folder, identity, signing_key.public_key())


def test_encrypted_model_refuses_a_missing_signature(encrypted_folder, signing_key):
    folder, identity = encrypted_folder
    (folder / "model.manifest.sig.age").unlink()
    with pytest.raises(ModelIntegrityError, match="'model.manifest.sig' is missing.*unsigned"):
        prot.load_encrypted_verified_model(folder, identity, signing_key.public_key())


@pytest.mark.parametrize(
    ("size", "power_of_two", "padme"),
    [
        (0, 0, 0),
        (1, 1, 1),
        (5, 8, 5),
        (1000, 1024, 1024),
        (10240, 16384, 10240),
        (10241, 16384, 10752),
        (1_000_000, 1 << 20, 1_015_808),
    ],
)
def test_padded_length(size, power_of_two, padme):
    assert prot.padded_length(size) == power_of_two
    assert prot.padded_length(size, "padme") == padme
    assert prot.padded_length(size, "none") == size


def test_padme_costs_at_most_12_percent_and_hides_small_differences():
    sizes = range(1000, 200_000, 997)
    assert max(prot.padded_length(n, "padme") / n for n in sizes) <= 1.12
    assert prot.padded_length(100_000, "padme") == prot.padded_length(100_008, "padme")
    with pytest.raises(ValueError, match="padding must be one of"):
        prot.padded_length(10, "zeros")
    with pytest.raises(ValueError, match="size"):
        prot.padded_length(-1)


def test_packed_archive_hides_names_and_sizes_and_verifies(signed_folder, signing_key):
    data = prot.pack_model_folder(signed_folder)
    assert len(data) == prot.padded_length(len(data)) and len(data) & (len(data) - 1) == 0
    assert data == prot.pack_model_folder(signed_folder)  # the same folder, the same bytes
    contents = prot.unpack_model_archive(data)
    on_disk = {
        p.relative_to(signed_folder).as_posix(): p.read_bytes()
        for p in signed_folder.rglob("*")
        if p.is_file()
    }
    assert contents == on_disk
    manifest = prot.verify_model_contents(contents, signing_key.public_key())
    assert manifest["model_name"] == "breast-cancer-lr"
    identity = age.generate_identity()
    ciphertext = age.encrypt(data, identity.recipient)
    assert b"weights.npz" not in ciphertext
    assert prot.unpack_model_archive(age.decrypt(ciphertext, identity)) == contents
    assert len(prot.pack_model_folder(signed_folder, padding="none")) < len(data)


def test_verify_model_contents_refuses_changes(signed_folder, signing_key):
    contents = prot.unpack_model_archive(prot.pack_model_folder(signed_folder))
    changed = {**contents, "config.json": b"{}"}
    with pytest.raises(ModelIntegrityError, match="'config.json' was modified"):
        prot.verify_model_contents(changed, signing_key.public_key())
    unsigned = {k: v for k, v in contents.items() if k != "model.manifest.json"}
    with pytest.raises(ModelIntegrityError, match="unsigned"):
        prot.verify_model_contents(unsigned, signing_key.public_key())
    with pytest.raises(ModelIntegrityError, match="release"):
        prot.verify_model_contents(contents, signing_key.public_key(), expect={"release": "9"})


def _tar(*members: tuple[tarfile.TarInfo, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for info, data in members:
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _link(name: str, target: str) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info, b""


@pytest.mark.parametrize(
    "archive",
    [
        _tar(_link("weights.npz", "/etc/passwd")),
        _tar((tarfile.TarInfo("../outside.txt"), b"x")),
        _tar((tarfile.TarInfo("/abs.txt"), b"x")),
        _tar((tarfile.TarInfo("a.txt"), b"x"), (tarfile.TarInfo("a.txt"), b"y")),
        b"not a tar archive at all" * 40,
    ],
    ids=["symlink", "dot-dot", "absolute", "twice", "damaged"],
)
def test_unpack_refuses_what_pack_never_writes(archive):
    with pytest.raises(ModelIntegrityError):
        prot.unpack_model_archive(archive)


# ----------------------------------------------------------------- OpenSSF model-signing


@pytest.fixture(scope="module")
def p256_keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    return prot.generate_p256_key_pair_pem(folder / "signer.pem", folder / "signer.pub")


@pytest.fixture
def ms_signed_folder(signed_folder, p256_keys):
    prot.sign_with_model_signing(signed_folder, p256_keys[0], signed_folder / "model.sig")
    return signed_folder


def ms_verify(folder, public_pem):
    prot.verify_with_model_signing(folder, public_pem, folder / "model.sig")


def test_model_signing_accepts_untouched_model_beside_course_manifest(
    ms_signed_folder, p256_keys, signing_key
):
    ms_verify(ms_signed_folder, p256_keys[1])
    prot.verify_model(ms_signed_folder, signing_key.public_key())  # model.sig is not in ours
    assert oct(p256_keys[0].stat().st_mode & 0o777) == "0o600"


def test_private_key_file_overwritten_becomes_owner_only(tmp_path):
    private_path = tmp_path / "signer.pem"
    private_path.write_text("an older, world-readable file\n")
    private_path.chmod(0o644)
    prot.generate_p256_key_pair_pem(private_path, tmp_path / "signer.pub")
    assert private_path.stat().st_mode & 0o777 == 0o600
    assert private_path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")


def test_encrypted_private_key_needs_its_passphrase(signed_folder, tmp_path):
    private_pem, public_pem = prot.generate_p256_key_pair_pem(
        tmp_path / "signer.pem", tmp_path / "signer.pub", passphrase="long random passphrase"
    )
    assert private_pem.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    bundle = tmp_path / "model.sig"
    with pytest.raises(ValueError, match="is encrypted: pass its passphrase"):
        prot.sign_with_model_signing(signed_folder, private_pem, bundle)
    with pytest.raises(ValueError, match="wrong passphrase"):
        prot.sign_with_model_signing(signed_folder, private_pem, bundle, passphrase=b"guess")
    prot.sign_with_model_signing(
        signed_folder, private_pem, bundle, passphrase=b"long random passphrase"
    )
    prot.verify_with_model_signing(signed_folder, public_pem, bundle)
    plain_pem, _ = prot.generate_p256_key_pair_pem(tmp_path / "p.pem", tmp_path / "p.pub")
    with pytest.raises(ValueError, match="not encrypted"):
        prot.sign_with_model_signing(signed_folder, plain_pem, bundle, passphrase="x")
    with pytest.raises(ValueError, match="non-empty"):
        prot.generate_p256_key_pair_pem(tmp_path / "e.pem", tmp_path / "e.pub", passphrase="")


def test_private_key_is_not_written_through_a_symlink(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("not a key\n")
    (tmp_path / "signer.pem").symlink_to(target)
    with pytest.raises(ValueError, match="through the symlink"):
        prot.generate_p256_key_pair_pem(tmp_path / "signer.pem", tmp_path / "signer.pub")
    assert target.read_text() == "not a key\n"


def test_model_signing_bundle_lists_the_same_digests(ms_signed_folder, signing_key):
    summary = prot.summarize_model_signing_bundle(ms_signed_folder / "model.sig")
    manifest = prot.verify_model(ms_signed_folder, signing_key.public_key())
    ours = sorted((name, f"sha256:{e['sha256']}") for name, e in manifest["files"].items())
    assert summary.files == ours
    assert summary.payload_type == "application/vnd.in-toto+json"
    assert summary.signature_algorithm.startswith("ECDSA")
    assert summary.transparency_log_entries == 0


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (lambda folder: flip_byte(folder / "weights.npz"), "Hash mismatch for 'weights.npz'"),
        (lambda folder: (folder / "config.json").unlink(), "Missing files.*config.json"),
        (lambda folder: (folder / "extra.bin").write_bytes(b"\0"), "Extra files.*extra.bin"),
    ],
    ids=["flipped-byte", "missing-file", "extra-file"],
)
def test_model_signing_refuses_tampering(ms_signed_folder, p256_keys, tamper, expected):
    tamper(ms_signed_folder)
    with pytest.raises(ModelIntegrityError, match=expected) as caught:
        ms_verify(ms_signed_folder, p256_keys[1])
    assert "Digest(" not in str(caught.value)  # raw digest bytes stay in the chained error
    if expected.startswith("Hash mismatch"):
        assert "Digest(" in str(caught.value.__cause__)


@pytest.mark.parametrize("raw", [b"\x00'quote", b"\x00'both\"", b'\x00"dq', b"plain"])
def test_model_signing_findings_ignore_the_quoting_of_digest_bytes(raw):
    # model-signing prints a list's repr; a quote among the digest bytes changes its quoting.
    digest = f"Digest(algorithm='sha256', digest_value={raw!r})"
    findings = [
        f"Hash mismatch for 'weights.npz': Expected '{digest}', Actual '{digest}'",
        "Extra files found in model 'm': extra.bin",
    ]
    assert _model_signing_problems(f"Signature mismatch: {findings}") == [
        "Hash mismatch for 'weights.npz'",
        "Extra files found in model 'm': extra.bin",
    ]
    assert _model_signing_problems("Key mismatch: x") == ["Key mismatch: x"]


def test_model_signing_refuses_another_key(ms_signed_folder, tmp_path):
    _, other_public = prot.generate_p256_key_pair_pem(tmp_path / "o.pem", tmp_path / "o.pub")
    with pytest.raises(ModelIntegrityError, match="Key mismatch"):
        ms_verify(ms_signed_folder, other_public)


def test_model_signing_refuses_forged_signature(ms_signed_folder, p256_keys):
    bundle_path = ms_signed_folder / "model.sig"
    bundle = json.loads(bundle_path.read_text())
    signature = bytearray(base64.b64decode(bundle["dsseEnvelope"]["signatures"][0]["sig"]))
    signature[-1] ^= 0x01
    bundle["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(signature).decode()
    bundle_path.write_text(json.dumps(bundle))
    with pytest.raises(ModelIntegrityError, match="signature is invalid"):
        ms_verify(ms_signed_folder, p256_keys[1])


def test_model_signing_refuses_symlink(ms_signed_folder, p256_keys, tmp_path):
    os.symlink(tmp_path, ms_signed_folder / "escape")
    with pytest.raises(ModelIntegrityError, match="symlink"):
        ms_verify(ms_signed_folder, p256_keys[1])


# ------------------------------------------------------------------------ model extraction


def test_equation_solving_recovers_parameters_from_d_plus_1_queries(victim):
    api = prot.PredictionAPI(victim.model, mode="confidence")
    w, b = prot.extract_by_equation_solving(api, victim.n_features, np.random.default_rng(0))
    assert api.query_count == victim.n_features + 1
    np.testing.assert_allclose(w, victim.model.coef_.ravel(), atol=1e-6)
    assert abs(b - victim.model.intercept_[0]) < 1e-6


@pytest.mark.parametrize("mode", ["rounded", "label"])
def test_equation_solving_fails_without_exact_confidences(victim, mode):
    api = prot.PredictionAPI(victim.model, mode=mode, decimals=2)
    w, b = prot.extract_by_equation_solving(api, victim.n_features, np.random.default_rng(0))
    assert prot.relative_parameter_error(w, b, victim.model) > 1e-2


def test_prediction_api_reveals_only_its_mode(victim):
    row = victim.X_test[0]
    confidence = prot.PredictionAPI(victim.model, "confidence").query(row)
    rounded = prot.PredictionAPI(victim.model, "rounded", decimals=1).query(row)
    label = prot.PredictionAPI(victim.model, "label").query(row)
    assert 0 < confidence < 1
    assert rounded == round(confidence, 1)
    assert label == int(confidence > 0.5)
    with pytest.raises(ValueError, match="mode must be one of"):
        prot.PredictionAPI(victim.model, "logits")
    with pytest.raises(ValueError, match="30 features"):
        prot.PredictionAPI(victim.model).query(np.zeros(3))


def test_surrogates_from_every_api_kind_approach_the_victim(victim):
    X_eval = np.random.default_rng(1).standard_normal((2000, victim.n_features))
    curve = prot.agreement_curve(victim.model, X_eval, budgets=(20, 1000))
    np.testing.assert_array_equal(curve["budgets"], [20, 1000])
    for mode in prot.API_MODES:
        assert curve[mode][1] > 0.97
        assert curve[mode][0] < curve[mode][1]
    assert curve["label"][0] < curve["confidence"][0]


def test_train_surrogate_counts_queries_and_returns_a_classifier(victim):
    api = prot.PredictionAPI(victim.model, "label")
    surrogate = prot.train_surrogate(api, 300, np.random.default_rng(0))
    assert api.query_count == 300
    assert prot.agreement(surrogate, victim.model, victim.X_test) > 0.9


# -------------------------------------------------------------------- why integrity matters


def test_one_flipped_bit_changes_predictions_by_bit_position(victim):
    X = np.vstack([victim.X_train, victim.X_test])
    index = int(np.argmax(np.abs(victim.model.coef_)))
    flips = prot.count_flipped_predictions_per_bit(victim.model, X, index)
    assert flips.shape == (64,)
    assert flips[:32].sum() == 0  # low mantissa bits: a silent change
    assert flips[63] > 0  # the sign bit
    assert flips[62] > len(X) // 4  # the top exponent bit breaks the model
    with pytest.raises(ValueError, match="weight_index"):
        prot.count_flipped_predictions_per_bit(victim.model, X, 30)


@pytest.mark.parametrize(
    ("identity", "error", "message"),
    [
        ("AGE-SECRET-KEY-1NOTAKEY", ValueError, "not a valid age identity string"),
        (b"AGE-SECRET-KEY-1", TypeError, "must be one identity or a list"),
        (42, TypeError, "must be one identity or a list"),
    ],
)
def test_a_mistyped_identity_is_reported_as_such_not_as_a_bad_file(
    encrypted_folder, signing_key, identity, error, message
):
    folder, _ = encrypted_folder
    with pytest.raises(error, match=message):
        prot.load_encrypted_verified_model(folder, identity, signing_key.public_key())


def test_a_bad_recipient_fails_before_any_file_is_written(signed_folder, tmp_path):
    target = tmp_path / "encrypted"
    with pytest.raises(ValueError, match="not a valid age recipient"):
        prot.encrypt_model_folder(signed_folder, target, ["age1nope"])
    assert not target.exists()
