"""Checkers of lesson 05 (model protection)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pathlib
import pickle
import tempfile
import zipfile
from functools import cache

import numpy as np
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sklearn.exceptions import NotFittedError

from utils import protection as prot
from utils.course.checks.boundary import by_reference
from utils.course.checks.core import (
    Hint,
    call_unmutated,
    case_rng,
    checker,
    finite,
    warnings_during,
)
from utils.protection import ModelIntegrityError, UnsafeModelError

# A prediction API hides its model: a student's function gets it by reference when checked
# across a process boundary (utils.course.checks.boundary), so only its public side shows.
by_reference(prot.PredictionAPI)


@cache
def _victim() -> prot.VictimModel:
    return prot.train_victim_model(seed=0)


def _npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _zip_with_pickle_member(name: str) -> bytes:
    """A zip like a PyTorch checkpoint: one .npy array beside a pickle stored as ``name``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("coef.npy", _npy_bytes(np.arange(3, dtype=float)))
        archive.writestr(name, pickle.dumps({"coef": [1.0, 2.0]}))
    return buffer.getvalue()


def _npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def _expect_refusal(load, data: bytes, label: str) -> None:
    try:
        _, warned = warnings_during(load, data)
    except UnsafeModelError:
        return
    except Exception as error:
        raise Hint(
            f"{label} raised {type(error).__name__}: raise UnsafeModelError for every refusal"
        ) from None
    if warned:
        raise Hint(f"{label} was loaded with only a warning: raise UnsafeModelError to refuse it")
    raise Hint(f"{label} was loaded: it must be refused with UnsafeModelError")


@checker("5.1", "safe_load_weights")
def _check_safe_load(safe_load_weights):
    coef = np.arange(6, dtype=float).reshape(1, 6)
    try:
        loaded = safe_load_weights(_npz_bytes(coef=coef, intercept=np.array([0.5])))
    except UnsafeModelError as error:
        raise Hint(
            f"a valid .npz of numbers was refused ({error}): refuse only what the list above names"
        ) from None
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
    _check_object_array_refused(safe_load_weights, coef)
    _expect_refusal(safe_load_weights, b"not a weight file at all", "bytes that are no .npz")
    _expect_refusal(safe_load_weights, b"", "an empty file (b'')")
    _expect_refusal(safe_load_weights, pickle.dumps([1.0, 2.0], protocol=5), "a protocol-5 pickle")
    _expect_refusal(
        safe_load_weights,
        pickle.dumps([1.0, 2.0], protocol=0),
        "a protocol-0 pickle (it starts with b'(', not 0x80)",
    )
    _expect_zip_refused(
        safe_load_weights,
        "archive/data.pkl",
        "a zip holding 'archive/data.pkl' beside an array (how a PyTorch checkpoint looks) was "
        "loaded: the zip signature alone proves nothing; refuse any value that is not a numpy "
        "array",
    )
    _expect_zip_refused(
        safe_load_weights,
        "intercept.npy",
        "a zip member named 'intercept.npy' that holds a pickle, not an array, was loaded: a "
        "member's name proves nothing; refuse any value numpy gives back that is not a numpy "
        "array",
    )


class _LeavesAFolder:
    """An object whose unpickling makes a folder at ``path``: proof that a loader unpickled."""

    def __init__(self, path: pathlib.Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return os.mkdir, (self.path,)


def _check_object_array_refused(safe_load_weights, coef: np.ndarray) -> None:
    with tempfile.TemporaryDirectory() as folder:
        marker = pathlib.Path(folder, "unpickled")
        hidden = _npz_bytes(coef=coef, config=np.array([_LeavesAFolder(marker)], dtype=object))
        try:
            safe_load_weights(hidden)
        except UnsafeModelError:
            refused = True
        except Exception as error:
            raise Hint(
                f"an .npz with an object array raised {type(error).__name__}: "
                "catch numpy's ValueError and raise UnsafeModelError"
            ) from None
        else:
            refused = False
        if marker.exists():
            raise Hint(
                "reading an .npz's object array unpickled it (checking its dtype afterwards is "
                "too late: the pickle inside has run): load with allow_pickle=False, which "
                "refuses object arrays unread"
            )
    if not refused:
        raise Hint(
            "an .npz holding an object array (a pickle inside) was accepted: "
            "load with allow_pickle=False"
        )


def _expect_zip_refused(load, member: str, hint: str) -> None:
    try:
        load(_zip_with_pickle_member(member))
    except UnsafeModelError:
        return
    except Exception as error:
        raise Hint(
            f"a zip holding {member!r} raised {type(error).__name__}: raise UnsafeModelError "
            "for every refusal"
        ) from None
    raise Hint(hint)


def _model_folder(root: pathlib.Path) -> pathlib.Path:
    folder = prot.save_model_folder(root / "model", _victim().model)
    (folder / "tokenizer").mkdir()
    (folder / "tokenizer" / "vocab.txt").write_text("malignant\nbenign\n")
    return folder


def _expect_symlink_refused(folder_digests, folder: pathlib.Path, hint: str) -> None:
    try:
        folder_digests(folder)
    except ModelIntegrityError:
        return
    except Exception as error:
        raise Hint(
            f"a symlink in the folder made your code raise {type(error).__name__}: refuse "
            "symlinks with ModelIntegrityError"
        ) from None
    raise Hint(hint)


@checker("5.2", "folder_digests")
def _check_folder_digests(folder_digests):
    with tempfile.TemporaryDirectory() as root:
        folder = _model_folder(pathlib.Path(root))
        prot.sign_model(folder, Ed25519PrivateKey.generate())
        (folder / prot.MODEL_SIGNING_BUNDLE_NAME).write_text("{}")
        nested_signature = f"adapter/{prot.MODEL_SIGNING_BUNDLE_NAME}"  # part of the model
        (folder / "adapter").mkdir()
        (folder / nested_signature).write_text('{"an adapter signed by its own author": 1}')
        (folder / ".gitattributes").write_text("*.npz filter=lfs\n")  # hidden, still the model
        # larger than every usual read buffer (up to 1 MiB), in a folder two levels deep
        shards = folder / "shards" / "layer0"
        shards.mkdir(parents=True)
        big = case_rng().randbytes(2**20 + case_rng().randrange(1, 2**18))
        (shards / "part-00001.bin").write_bytes(big)
        expected = {path: entry["sha256"] for path, entry in prot.hash_model_folder(folder).items()}
        try:
            got = folder_digests(folder)
        except UnicodeDecodeError:
            raise Hint(
                "reading a file as text failed on the binary weights.npz: a digest covers the "
                "file's raw bytes (open it in binary mode)"
            ) from None
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
        if nested_signature not in got:
            raise Hint(
                f"{nested_signature!r} was left out: only the signature files at the top of "
                "the folder are skipped; compare the relative path, not the file name"
            )
        if ".gitattributes" not in got:
            raise Hint(
                "'.gitattributes' is missing: a hidden file (name starting with '.') is part "
                "of the model too, and glob.glob skips such names"
            )
        if set(got) != set(expected):
            raise Hint(f"expected the files {sorted(expected)}, got {sorted(got)}")
        if got != expected:
            raise Hint(_digest_mistake(got, expected, big))
        outside = pathlib.Path(root, "outside.txt")
        outside.write_text("a file outside the model folder\n")
        link = folder / "tokenizer" / "merges.txt"
        os.symlink(outside, link)
        _expect_symlink_refused(
            folder_digests,
            folder,
            "a symlink to a file outside the folder was followed: check path.is_symlink() "
            "and raise ModelIntegrityError",
        )
        link.unlink()
        outside_folder = pathlib.Path(root, "outside")
        outside_folder.mkdir()
        (outside_folder / "hook.py").write_text("print('not signed')\n")
        os.symlink(outside_folder, folder / "plugins", target_is_directory=True)
        _expect_symlink_refused(
            folder_digests,
            folder,
            "a symlink to a folder ('plugins') was skipped or followed without an error: "
            "check every entry, folders too, with is_symlink()",
        )
        (folder / "plugins").unlink()
        os.symlink("../config.json", folder / "tokenizer" / "config.json")
        _expect_symlink_refused(
            folder_digests,
            folder,
            "a symlink pointing inside the folder ('tokenizer/config.json' -> "
            "'../config.json') was accepted: refuse every symlink, wherever it points (its "
            "target can be changed after signing)",
        )


def _digest_mistake(got: dict, expected: dict, big: bytes) -> str:
    """The hint for wrong digests: which part of the files, or which hash, was used."""
    wrong = [path for path in expected if got[path] != expected[path]]
    if wrong == ["shards/layer0/part-00001.bin"]:
        for size in (2**12, 2**13, 2**14, 2**16, 2**17, 2**20):
            if got[wrong[0]] == hashlib.sha256(big[:size]).hexdigest():
                return (
                    f"a {len(big)}-byte file was hashed over its first {size} bytes only: "
                    "feed every block to the hash (a loop until read() returns b'')"
                )
        return f"the digest of a {len(big)}-byte file is wrong: hash the whole file"
    value = got[wrong[0]]
    if not isinstance(value, str) or len(value) != 64:
        return "a SHA-256 hexdigest is a str of 64 hex digits: return hexdigest() in full"
    return "a digest is wrong: give the SHA-256 hexdigest() of each file's contents"


@checker("5.3", "compare_to_manifest")
def _check_compare(compare_to_manifest):
    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory() as root:
        folder = _model_folder(pathlib.Path(root))
        manifest_bytes = prot.sign_model(folder, key).read_bytes()
        signature = (folder / prot.SIGNATURE_NAME).read_bytes()
    signed = {path: entry["sha256"] for path, entry in json.loads(manifest_bytes)["files"].items()}
    empty = {"modified": [], "missing": [], "extra": []}
    try:
        got = compare_to_manifest(manifest_bytes, signature, key.public_key(), dict(signed))
    except (ModelIntegrityError, InvalidSignature) as error:
        raise Hint(
            f"a genuine manifest with its correct signature was refused ({type(error).__name__}):"
            " call public_key.verify(signature, manifest_bytes), signature first, on the exact "
            "bytes you were given (re-serialised JSON is different bytes); it returns None and "
            "raises InvalidSignature only on a mismatch"
        ) from None
    if not isinstance(got, dict) or set(got) != set(empty):
        raise Hint("return a dict with exactly the keys 'modified', 'missing' and 'extra'")
    if got != empty:
        raise Hint(f"an untouched folder gave {got}: every list should be empty")
    current = dict(signed)
    current["weights.npz"] = "0" * 64
    vocab = signed["tokenizer/vocab.txt"]  # one hex digit changed, in the middle
    current["tokenizer/vocab.txt"] = vocab[:40] + f"{(int(vocab[40], 16) + 1) % 16:x}" + vocab[41:]
    del current["config.json"]
    # many extras, added out of order, so an unsorted (e.g. set-ordered) list shows
    extras = ["z_backdoor.py", "q_shadow.npz", "y_payload.bin", "c_cache.tmp", "a_notes.txt"]
    extras += ["m_readme.md", "x_hook.pth", "b_loader.py"]
    current |= {name: f"{n:064x}" for n, name in enumerate(extras, start=1)}
    want = {"modified": ["tokenizer/vocab.txt", "weights.npz"], "missing": ["config.json"]}
    want["extra"] = sorted(extras)
    got = call_unmutated(compare_to_manifest, manifest_bytes, signature, key.public_key(), current)
    if "weights.npz" in got["modified"] and "tokenizer/vocab.txt" not in got["modified"]:
        raise Hint(
            "a digest that differs from the signed one in a single hex digit was not reported "
            "as modified: compare the whole digests, every digit"
        )
    if sorted(got["missing"]) == want["extra"] and sorted(got["extra"]) == want["missing"]:
        raise Hint(
            "'missing' and 'extra' are swapped: missing files are signed but absent, extra "
            "files are present but not signed"
        )
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
        result = call()
    except ModelIntegrityError:
        return
    except Exception as error:
        raise Hint(
            f"a bad signature raised {type(error).__name__}: turn it into ModelIntegrityError"
        ) from None
    if isinstance(result, dict) and not any(result.values()):
        raise Hint(
            "a bad signature returned a clean result: raise ModelIntegrityError, so no caller "
            "can mistake a forged manifest for an intact model"
        )
    raise Hint(hint)


class _RecordingAPI(prot.PredictionAPI):
    """A PredictionAPI that keeps every row it answered (resetting its counter changes nothing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked: list[np.ndarray] = []

    def query(self, X: np.ndarray) -> np.ndarray:
        answers = super().query(X)
        self.asked.append(np.atleast_2d(np.asarray(X, dtype=float)).copy())
        return answers

    @property
    def rows_asked(self) -> int:
        return sum(len(rows) for rows in self.asked)


_NO_QUERIES = (
    "your code made no query: an attacker sees only api.query, not the model inside the API"
)


def _small_model(d: int, intercept: float, seed: int):
    rng = np.random.default_rng(seed)
    return prot.logistic_regression_from_arrays(
        {
            "coef": rng.normal(0, 0.7, size=(1, d)),
            "intercept": np.array([intercept]),
            "classes": np.array([0, 1]),
        }
    )


@checker("5.4", "recover_parameters")
def _check_recover(recover_parameters):
    rng = case_rng()
    large = rng.choice([-1, 1]) * rng.uniform(6, 8)  # p(x = 0) beyond [0.01, 0.99]: no clipping
    models = [_victim().model, _small_model(4, 2.5, seed=4)]
    models.append(_small_model(rng.randrange(2, 9), large, seed=rng.randrange(10**6)))
    for model in models:
        d = model.n_features_in_
        api = _RecordingAPI(model, mode="confidence")
        result = recover_parameters(api, d)
        if api.rows_asked == 0:
            raise Hint(_NO_QUERIES)
        if api.rows_asked > d + 1:
            raise Hint(
                f"you used {api.rows_asked} queries for d = {d}: d + 1 = {d + 1} suffice, "
                "one equation per unknown"
            )
        w, b = _unpack_parameters(result, d)
        finite(w, "w")
        finite(b, "b")
        true_b = float(model.intercept_[0])
        if abs(true_b) > 4 and 0 < abs(b) < abs(true_b) - 0.05 and abs(b) <= 5 + 1e-9:
            raise Hint(
                f"b came back {b:.3f} for a model whose intercept is large ({true_b:.3f}): "
                "were probabilities or logits clipped? Use the answers as they are"
            )
        if abs(b) < 1e-9 and abs(true_b) > 0.1:
            raise Hint(
                "b came back 0: the intercept is an unknown too; solve for (w, b) "
                "with d + 1 equations"
            )
        if prot.relative_parameter_error(w - b, b, model) < 1e-6:
            raise Hint(
                "every weight is off by b: the unit vector e_i gives the logit w_i + b, so "
                "subtract b"
            )
        if prot.relative_parameter_error(w, b, model) > 1e-6:
            answers = model.predict_proba(np.vstack(api.asked))[:, 1]
            if np.any(np.minimum(answers, 1 - answers) < 1e-9):
                raise Hint(
                    "some answers were (almost) exactly 0 or 1, whose logit is lost to "
                    "rounding: query rows of ordinary size, like x = 0 and unit vectors"
                )
            if prot.relative_parameter_error(-w, -b, model) < 1e-6:
                raise Hint(
                    "w and b came back with their signs flipped: the logit is "
                    "log(p / (1 - p)), not log((1 - p) / p)"
                )
            raise Hint(
                "the parameters are off: p is not linear in x, but the logit "
                "log(p / (1 - p)) = w·x + b is; solve for the logits"
            )


def _unpack_parameters(result, d: int) -> tuple[np.ndarray, float]:
    """``(w, b)`` from a student's result, or a Hint naming what is wrong with its shape."""
    if not isinstance(result, tuple) or len(result) != 2:
        raise Hint("return a tuple (w, b)")
    if np.size(result[0]) == 1 and np.size(result[1]) == d:
        raise Hint("the first element is one number and the second holds d: return (w, b)")
    if np.ndim(result[1]) != 0:
        raise Hint(f"b must be a single float, not an array of shape {np.shape(result[1])}")
    try:
        w, b = np.asarray(result[0], dtype=float).ravel(), float(result[1])
    except (TypeError, ValueError):
        raise Hint("w must be a numpy array of numbers and b a float") from None
    if w.shape != (d,):
        raise Hint(f"w must hold {d} weights, got shape {np.shape(result[0])}")
    return w, b


def _surrogate_run(train_label_surrogate, model, seed: int, budget: int = 300):
    """Ask for a surrogate of ``model`` from ``budget`` label queries; return it and the rows."""
    api = _RecordingAPI(model, mode="label")
    try:
        surrogate = train_label_surrogate(api, budget, np.random.default_rng(seed))
    except ValueError as error:
        if "queries must be finite rows" in str(error):
            raise Hint(
                f"the API refused your rows ({error}): take the number of features from "
                "api.n_features, not from the victim"
            ) from None
        if "class" not in str(error):
            raise
        raise Hint(
            "all your queries got the same label: draw rows spread like the victim's "
            "standardized inputs (mean 0, standard deviation 1)"
        ) from None
    if api.rows_asked == 0:
        raise Hint(_NO_QUERIES)
    if api.rows_asked > budget:
        raise Hint(f"you used {api.rows_asked} queries: stay within the budget of {budget}")
    if not hasattr(surrogate, "predict"):
        raise Hint("return the fitted LogisticRegression")
    return surrogate, np.vstack(api.asked)


def _expect_fidelity(surrogate, model) -> None:
    X_eval = np.random.default_rng(99).standard_normal((2000, model.n_features_in_))
    try:
        fidelity = prot.agreement(surrogate, model, X_eval)
    except NotFittedError:
        raise Hint("the model you returned was never fitted: fit it on the API's labels") from None
    if fidelity < 0.9:
        raise Hint(
            f"the surrogate agrees with the victim on only {fidelity:.0%} of random inputs: "
            "query rows like the victim's inputs (rng.standard_normal) and fit on the "
            "API's labels"
        )


@checker("5.5", "train_label_surrogate")
def _check_surrogate(train_label_surrogate):
    victim = _victim().model
    surrogate, queries = _surrogate_run(train_label_surrogate, victim, seed=1)
    mean, std = float(queries.mean()), float(queries.std())
    if abs(mean) > 0.25 or not 0.75 < std < 1.33:  # 9,000 numbers: both are within 0.03
        raise Hint(
            f"your query rows have mean {mean:.2f} and standard deviation {std:.2f}: draw them "
            "like the victim's standardized inputs (mean 0, standard deviation 1)"
        )
    _expect_fidelity(surrogate, victim)
    _, same_seed_queries = _surrogate_run(train_label_surrogate, victim, seed=1)
    if not np.array_equal(same_seed_queries, queries):
        raise Hint(
            "two generators in the same state gave different queries: draw the rows with the "
            "rng argument, not with np.random.* or a generator of your own"
        )
    surrogate, other_seed_queries = _surrogate_run(train_label_surrogate, victim, seed=2)
    if np.array_equal(other_seed_queries, queries):
        raise Hint(
            "two different generators gave the same queries: draw the rows with the rng "
            "argument, not a generator or seed of your own"
        )
    _expect_fidelity(surrogate, victim)
    small = _small_model(5, 0.0, seed=5)  # another number of features than the victim's 30
    budget = case_rng().randrange(400, 600)  # another budget than the notebook's
    surrogate, rows = _surrogate_run(train_label_surrogate, small, seed=3, budget=budget)
    if len(rows) != budget:
        raise Hint(
            f"a budget of {budget} queries gave {len(rows)} rows: use n_queries, the budget "
            "you are given, not a fixed number"
        )
    _expect_fidelity(surrogate, small)
