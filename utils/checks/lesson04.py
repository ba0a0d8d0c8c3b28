"""Checkers of lesson 04 (model protection)."""

from __future__ import annotations

import io
import json
import os
import pathlib
import pickle
import tempfile
from functools import cache

import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from utils import protection as prot
from utils.checks.core import Hint, checker
from utils.protection import ModelIntegrityError, UnsafeModelError


@cache
def _victim() -> prot.VictimModel:
    return prot.train_victim_model(seed=0)


def _npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _expect_refusal(load, data: bytes, label: str) -> None:
    try:
        load(data)
    except UnsafeModelError:
        return
    except Exception as error:
        raise Hint(
            f"{label} raised {type(error).__name__}: raise UnsafeModelError for every refusal"
        ) from None
    raise Hint(f"{label} was loaded: it must be refused with UnsafeModelError")


@checker("4.1", "safe_load_weights")
def _check_safe_load(safe_load_weights):
    coef = np.arange(6, dtype=float).reshape(1, 6)
    loaded = safe_load_weights(_npz_bytes(coef=coef, intercept=np.array([0.5])))
    if not isinstance(loaded, dict):
        raise Hint(f"return a plain dict of name -> array, not {type(loaded).__name__}")
    if set(loaded) != {"coef", "intercept"} or not np.array_equal(loaded["coef"], coef):
        raise Hint("a valid .npz came back wrong: return every array under its own name")
    with tempfile.TemporaryDirectory() as folder:
        marker = pathlib.Path(folder, "marker.txt")
        payload = prot.make_malicious_pickle_for_demo(marker)
        try:
            safe_load_weights(payload)
        except Exception:
            pass
        if marker.exists():
            raise Hint(
                "loading ran the pickle's payload (the marker file appeared): never unpickle "
                "untrusted bytes; np.load does so when allow_pickle=True"
            )
    _expect_refusal(safe_load_weights, payload, "the pickle payload")
    hidden = _npz_bytes(coef=coef, config=np.array([{"lr": 0.1}], dtype=object))
    try:
        safe_load_weights(hidden)
    except UnsafeModelError:
        pass
    except Exception as error:
        raise Hint(
            f"an .npz with an object array raised {type(error).__name__}: "
            "catch numpy's ValueError and raise UnsafeModelError"
        ) from None
    else:
        raise Hint(
            "an .npz holding an object array (a pickle inside) was accepted: "
            "load with allow_pickle=False"
        )
    _expect_refusal(safe_load_weights, b"not a weight file at all", "bytes that are no .npz")
    _expect_refusal(safe_load_weights, pickle.dumps([1.0, 2.0], protocol=5), "a protocol-5 pickle")


def _model_folder(root: pathlib.Path) -> pathlib.Path:
    folder = prot.save_model_folder(root / "model", _victim().model)
    (folder / "tokenizer").mkdir()
    (folder / "tokenizer" / "vocab.txt").write_text("malignant\nbenign\n")
    return folder


@checker("4.2", "folder_digests")
def _check_folder_digests(folder_digests):
    with tempfile.TemporaryDirectory() as root:
        folder = _model_folder(pathlib.Path(root))
        prot.sign_model(folder, Ed25519PrivateKey.generate())
        (folder / prot.MODEL_SIGNING_BUNDLE_NAME).write_text("{}")
        expected = {path: entry["sha256"] for path, entry in prot.hash_model_folder(folder).items()}
        got = folder_digests(folder)
        if not isinstance(got, dict):
            raise Hint(f"return a dict of relative path -> hex digest, not {type(got).__name__}")
        signatures = sorted(set(got) & set(prot.SIGNATURE_FILES))
        if signatures:
            raise Hint(
                f"{signatures} are signature files, not part of the model: skip the names "
                "in SIGNATURE_FILES"
            )
        if "vocab.txt" in got:
            raise Hint("keys are paths relative to the folder, like 'tokenizer/vocab.txt'")
        if "tokenizer/vocab.txt" not in got:
            raise Hint(
                "'tokenizer/vocab.txt' is missing: include files in subfolders too "
                "(rglob or os.walk)"
            )
        if set(got) != set(expected):
            raise Hint(f"expected the files {sorted(expected)}, got {sorted(got)}")
        if got != expected:
            raise Hint("a digest is wrong: give the SHA-256 hexdigest() of each file's contents")
        outside = pathlib.Path(root, "outside.txt")
        outside.write_text("a file outside the model folder\n")
        os.symlink(outside, folder / "tokenizer" / "merges.txt")
        try:
            folder_digests(folder)
        except ModelIntegrityError:
            return
        raise Hint(
            "a symlink to a file outside the folder was followed: check path.is_symlink() "
            "and raise ModelIntegrityError"
        )


@checker("4.3", "compare_to_manifest")
def _check_compare(compare_to_manifest):
    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory() as root:
        folder = _model_folder(pathlib.Path(root))
        manifest_bytes = prot.sign_model(folder, key).read_bytes()
        signature = (folder / prot.SIGNATURE_NAME).read_bytes()
    signed = {path: entry["sha256"] for path, entry in json.loads(manifest_bytes)["files"].items()}
    empty = {"modified": [], "missing": [], "extra": []}
    got = compare_to_manifest(manifest_bytes, signature, key.public_key(), dict(signed))
    if not isinstance(got, dict) or set(got) != set(empty):
        raise Hint("return a dict with exactly the keys 'modified', 'missing' and 'extra'")
    if got != empty:
        raise Hint(f"an untouched folder gave {got}: every list should be empty")
    current = dict(signed)
    current["weights.npz"] = "0" * 64
    del current["config.json"]
    current["z_backdoor.py"] = "1" * 64
    current["a_notes.txt"] = "2" * 64
    want = {
        "modified": ["weights.npz"],
        "missing": ["config.json"],
        "extra": ["a_notes.txt", "z_backdoor.py"],
    }
    got = compare_to_manifest(manifest_bytes, signature, key.public_key(), current)
    for kind in ("modified", "missing", "extra"):
        if sorted(got[kind]) != want[kind]:
            raise Hint(f"expected {kind} = {want[kind]}, got {list(got[kind])}")
        if list(got[kind]) != want[kind]:
            raise Hint(f"the '{kind}' list must be sorted")
    forged = manifest_bytes.replace(signed["weights.npz"].encode(), b"0" * 64)
    _expect_integrity_error(
        lambda: compare_to_manifest(forged, signature, key.public_key(), current),
        "an edited manifest was accepted: verify the signature over the exact manifest "
        "bytes before trusting them",
    )
    _expect_integrity_error(
        lambda: compare_to_manifest(
            manifest_bytes, signature, Ed25519PrivateKey.generate().public_key(), signed
        ),
        "a manifest signed by another key was accepted: verify with the public key you are given",
    )


def _expect_integrity_error(call, hint: str) -> None:
    try:
        call()
    except ModelIntegrityError:
        return
    except Exception as error:
        raise Hint(
            f"a bad signature raised {type(error).__name__}: turn it into ModelIntegrityError"
        ) from None
    raise Hint(hint)


def _small_model(d: int, intercept: float, seed: int):
    rng = np.random.default_rng(seed)
    return prot.logistic_regression_from_arrays(
        {
            "coef": rng.normal(0, 0.7, size=(1, d)),
            "intercept": np.array([intercept]),
            "classes": np.array([0, 1]),
        }
    )


@checker("4.4", "recover_parameters")
def _check_recover(recover_parameters):
    for model in (_victim().model, _small_model(4, 2.5, seed=4)):
        d = model.n_features_in_
        api = prot.PredictionAPI(model, mode="confidence")
        result = recover_parameters(api, d)
        if api.query_count > d + 1:
            raise Hint(
                f"you used {api.query_count} queries for d = {d}: d + 1 = {d + 1} suffice, "
                "one equation per unknown"
            )
        if not isinstance(result, tuple) or len(result) != 2:
            raise Hint("return a tuple (w, b)")
        w, b = np.asarray(result[0], dtype=float).ravel(), float(result[1])
        if w.shape != (d,):
            raise Hint(f"w must hold {d} weights, got shape {np.shape(result[0])}")
        true_b = float(model.intercept_[0])
        if abs(b) < 1e-9 and abs(true_b) > 0.1:
            raise Hint(
                "b came back 0: the intercept is an unknown too; solve for (w, b) "
                "with d + 1 equations"
            )
        if prot.relative_parameter_error(w, b, model) > 1e-6:
            raise Hint(
                "the parameters are off: p is not linear in x, but the logit "
                "log(p / (1 - p)) = w·x + b is; solve for the logits"
            )


@checker("4.5", "train_label_surrogate")
def _check_surrogate(train_label_surrogate):
    victim = _victim().model
    X_eval = np.random.default_rng(99).standard_normal((2000, victim.n_features_in_))
    for seed in (1, 2):
        api = prot.PredictionAPI(victim, mode="label")
        try:
            surrogate = train_label_surrogate(api, 300, np.random.default_rng(seed))
        except ValueError as error:
            if "class" not in str(error):
                raise
            raise Hint(
                "all your queries got the same label: draw rows spread like the victim's "
                "standardized inputs (mean 0, standard deviation 1)"
            ) from None
        if api.query_count > 300:
            raise Hint(f"you used {api.query_count} queries: stay within the budget of 300")
        if not hasattr(surrogate, "predict"):
            raise Hint("return the fitted LogisticRegression")
        fidelity = prot.agreement(surrogate, victim, X_eval)
        if fidelity < 0.9:
            raise Hint(
                f"the surrogate agrees with the victim on only {fidelity:.0%} of random inputs: "
                "query rows like the victim's inputs (rng.standard_normal) and fit on the "
                "API's labels"
            )
