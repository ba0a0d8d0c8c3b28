"""The course's signed manifest (lesson 05): per-file SHA-256 digests of a model folder,
signed with Ed25519 or ML-DSA-65 and verified before anything is loaded.

The manifest names its signature algorithm, and the verifier's key decides which one it
accepts: a manifest claiming another algorithm than the key's is refused (no downgrade).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pathlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import numpy as np
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey, MLDSA65PublicKey
from sklearn.linear_model import LogisticRegression

from utils.files import PathLike

from ._common import (
    HASH_CHUNK_SIZE,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    MANIFEST_VERSION,
    SIGNATURE_FILES,
    SIGNATURE_NAME,
    WEIGHTS_NAME,
    ModelIntegrityError,
)
from .weights import logistic_regression_to_arrays, save_weights, weights_from_bytes

SigningKey = Ed25519PrivateKey | MLDSA65PrivateKey
VerifyingKey = Ed25519PublicKey | MLDSA65PublicKey
# The manifest's "signature_algorithm" -> the private and public key types that sign with it.
SIGNATURE_ALGORITHMS = {
    "ed25519": (Ed25519PrivateKey, Ed25519PublicKey),
    "ml-dsa-65": (MLDSA65PrivateKey, MLDSA65PublicKey),
}


def signature_algorithm(key: object) -> str:
    """The manifest's name for the algorithm of an Ed25519 or ML-DSA-65 key (private or public)."""
    for name, kinds in SIGNATURE_ALGORITHMS.items():
        if isinstance(key, kinds):
            return name
    raise TypeError(
        "expected an Ed25519 or ML-DSA-65 key (Ed25519PrivateKey, MLDSA65PrivateKey or their "
        f"public keys), got {type(key)}"
    )


def public_key_id(public_key: VerifyingKey) -> str:
    """A short fingerprint of an Ed25519 or ML-DSA-65 public key: 16 hex digits of SHA-256(raw)."""
    return hashlib.sha256(public_key.public_bytes_raw()).hexdigest()[:16]


def _sha256_entry(source: pathlib.Path | bytes | bytearray) -> dict[str, int | str]:
    """The manifest entry ``{"sha256": hex digest, "size": bytes}`` of a file or of bytes.

    A file is read ``HASH_CHUNK_SIZE`` bytes at a time and never through a symlink.
    """
    if isinstance(source, bytes | bytearray):
        file = io.BytesIO(source)
    else:
        # O_NOFOLLOW: a file swapped for a symlink after the folder walk is not followed either.
        file = os.fdopen(os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")
    hasher, size = hashlib.sha256(), 0
    with file:
        while chunk := file.read(HASH_CHUNK_SIZE):
            hasher.update(chunk)
            size += len(chunk)
    return {"sha256": hasher.hexdigest(), "size": size}


def _refuse_symlink(folder: pathlib.Path, link: pathlib.Path, relative: str) -> None:
    target = link.resolve()
    if not target.is_relative_to(folder.resolve()):
        raise ModelIntegrityError(
            f"symlink '{relative}' points outside the model folder (to '{target}'): refused"
        )
    raise ModelIntegrityError(
        f"symlink '{relative}' (to '{target.relative_to(folder.resolve())}') is refused: "
        "a signed model folder holds regular files only"
    )


def _model_files(folder: pathlib.Path, include_signatures: bool = False) -> dict[str, pathlib.Path]:
    """Relative POSIX path -> path of every regular file (top-level SIGNATURE_FILES optional)."""
    files = {}
    for directory, dirnames, filenames in os.walk(folder):
        base = pathlib.Path(directory)
        for name in sorted(dirnames + filenames):
            path = base / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                _refuse_symlink(folder, path, relative)
            if name in dirnames or (relative in SIGNATURE_FILES and not include_signatures):
                continue
            if not path.is_file():
                raise ModelIntegrityError(f"'{relative}' is not a regular file: refused")
            files[relative] = path
    return dict(sorted(files.items()))


def _check_public_key(public_key: object) -> None:
    if not isinstance(public_key, VerifyingKey):
        raise TypeError(
            f"public_key must be an Ed25519PublicKey or MLDSA65PublicKey, got {type(public_key)}"
        )


def _check_folder(folder: PathLike) -> pathlib.Path:
    folder = pathlib.Path(folder)
    if not folder.is_dir():
        raise ValueError(f"expected a model folder, {str(folder)!r} is not a directory")
    if folder.is_symlink():
        raise ModelIntegrityError(f"the model folder {str(folder)!r} is itself a symlink")
    return folder


def hash_model_folder(folder: PathLike) -> dict[str, dict[str, int | str]]:
    """``{relative path: {"sha256": hex, "size": bytes}}`` for every file in ``folder``.

    Symlinks are refused, not followed. A link's target can change after signing without
    any signed byte changing, and a link that leaves the folder would make the verifier
    vouch for a file it does not control (``/etc/passwd``, another model). Refusing is
    simpler and safer than resolving links, and matches ``model-signing``'s default.
    Signatures are not part of the model: the top-level ``SIGNATURE_FILES`` (the
    course's manifest and signature, and ``model-signing``'s ``model.sig``) are skipped.
    """
    folder = _check_folder(folder)
    return {relative: _sha256_entry(path) for relative, path in _model_files(folder).items()}


def sign_model(
    folder: PathLike,
    private_key: SigningKey,
    *,
    model_name: str | None = None,
    metadata: Mapping[str, str] | None = None,
) -> pathlib.Path:
    """Write ``model.manifest.json`` and its signature ``model.manifest.sig``.

    ``private_key`` is Ed25519 (64-byte signature) or ML-DSA-65 (post-quantum, 3309 bytes).
    The manifest lists every file's SHA-256 and size, the model name, the creation time,
    the signature algorithm, the signer's key id and ``metadata``. The signature covers
    the manifest file's exact bytes (sorted keys, 2-space indent), so the verifier checks
    bytes before parsing them.
    Returns the manifest's path.
    """
    if not isinstance(private_key, SigningKey):
        raise TypeError(
            f"private_key must be an Ed25519PrivateKey or MLDSA65PrivateKey, "
            f"got {type(private_key)}"
        )
    folder = _check_folder(folder)
    files = hash_model_folder(folder)
    if not files:
        raise ValueError(f"the model folder {str(folder)!r} holds no files to sign")
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "model_name": model_name or folder.resolve().name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "signature_algorithm": signature_algorithm(private_key),
        "signer_key_id": public_key_id(private_key.public_key()),
        "hash_algorithm": "sha256",
        "metadata": dict(metadata or {}),
        "files": files,
    }
    manifest_bytes = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    manifest_path = folder / MANIFEST_NAME
    manifest_path.write_bytes(manifest_bytes)
    (folder / SIGNATURE_NAME).write_bytes(private_key.sign(manifest_bytes))
    return manifest_path


def _read_signed_file(folder: pathlib.Path, name: str) -> bytes:
    path = folder / name
    if path.is_symlink() or not path.is_file():
        raise ModelIntegrityError(
            f"'{name}' is missing from {str(folder)!r}: the model is unsigned"
        )
    return path.read_bytes()


def _claimed(manifest_bytes: bytes, field: str) -> str | None:
    try:
        return json.loads(manifest_bytes).get(field)
    except (ValueError, AttributeError):
        return None


def _algorithm_mismatch(claimed: object, public_key: VerifyingKey) -> str:
    return (
        f"the manifest says it was signed with {claimed!r} but the key is "
        f"{signature_algorithm(public_key)!r}: an algorithm mismatch is refused (no downgrade)"
    )


def _check_signature(manifest_bytes: bytes, signature: bytes, public_key: VerifyingKey):
    """Verify with the key's own algorithm, naming the likely reason of a failure."""
    try:
        public_key.verify(signature, manifest_bytes)
    except InvalidSignature:
        claimed, given = _claimed(manifest_bytes, "signer_key_id"), public_key_id(public_key)
        algorithm = _claimed(manifest_bytes, "signature_algorithm")
        if algorithm is not None and algorithm != signature_algorithm(public_key):
            reason = _algorithm_mismatch(algorithm, public_key)
        elif claimed is not None and claimed != given:
            reason = f"it was signed by another key (key id {claimed}), not by key {given}"
        else:
            reason = f"{MANIFEST_NAME} (or its signature) was edited after signing"
        raise ModelIntegrityError(f"the manifest's signature is invalid: {reason}") from None


def _compare_files(expected: Mapping[str, Mapping], actual: Mapping[str, Mapping]) -> list[str]:
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    problems = []
    for old in list(missing):
        new = next((e for e in extra if actual[e]["sha256"] == expected[old]["sha256"]), None)
        if new is not None:
            problems.append(f"'{old}' was renamed to '{new}'")
            missing.remove(old)
            extra.remove(new)
    problems += [f"'{name}' is missing" for name in missing]
    problems += [f"'{name}' is an extra file not in the manifest" for name in extra]
    for name in sorted(set(expected) & set(actual)):
        want, got = expected[name], actual[name]
        if want["sha256"] != got["sha256"]:
            problems.append(
                f"'{name}' was modified (SHA-256 {got['sha256'][:12]}…, signed "
                f"{want['sha256'][:12]}…; size {got['size']} B, signed {want['size']} B)"
            )
    return problems


def _verify_entries(
    where: str,
    manifest_bytes: bytes,
    signature: bytes,
    public_key: VerifyingKey,
    current_entries: Callable[[], Mapping[str, Mapping]],
    expect: Mapping[str, str] | None,
) -> dict:
    """The shared core: signature first, then the format and the algorithm the key fixes,
    then (only then) hash the files and compare."""
    _check_signature(manifest_bytes, signature, public_key)
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("version") != MANIFEST_VERSION:
        raise ModelIntegrityError(
            f"unsupported manifest format {manifest.get('format')!r} "
            f"version {manifest.get('version')!r}"
        )
    if manifest.get("signature_algorithm") != signature_algorithm(public_key):
        raise ModelIntegrityError(
            _algorithm_mismatch(manifest.get("signature_algorithm"), public_key)
        )
    _check_expected(manifest, expect or {})
    problems = _compare_files(manifest["files"], current_entries())
    if problems:
        raise ModelIntegrityError(
            f"{where} does not match its signed manifest: " + "; ".join(problems), problems
        )
    return manifest


def _check_expected(manifest: Mapping, expect: Mapping[str, str]) -> None:
    """Refuse a validly signed manifest of another model or release (a rollback)."""
    signed = {"model_name": manifest.get("model_name"), **manifest.get("metadata", {})}
    for key, wanted in expect.items():
        if signed.get(key) != wanted:
            raise ModelIntegrityError(
                f"the signed manifest says {key} {signed.get(key)!r}, expected {wanted!r}: "
                "a valid signature on another model or an older release"
            )


def verify_model(
    folder: PathLike, public_key: VerifyingKey, *, expect: Mapping[str, str] | None = None
) -> dict:
    """Check the signature, then every file; return the manifest or raise ModelIntegrityError.

    The error's message, and its ``problems`` list, name each finding: a modified,
    missing, extra or renamed file, an edited manifest, a signature by another key, a
    symlink (see :func:`hash_model_folder`). ``expect`` maps ``model_name`` or metadata
    keys (e.g. ``release``) to the values the caller wants, refusing a rollback.
    ``public_key`` (Ed25519 or ML-DSA-65) fixes the algorithm: a manifest naming another
    one is refused, so an ML-DSA-65 verifier never accepts an Ed25519 signature.
    """
    _check_public_key(public_key)
    folder = _check_folder(folder)
    return _verify_entries(
        f"model folder {str(folder)!r}",
        _read_signed_file(folder, MANIFEST_NAME),
        _read_signed_file(folder, SIGNATURE_NAME),
        public_key,
        lambda: hash_model_folder(folder),
        expect,
    )


def load_verified_model(
    folder: PathLike,
    public_key: VerifyingKey,
    weights_name: str = WEIGHTS_NAME,
    *,
    expect: Mapping[str, str] | None = None,
) -> dict[str, np.ndarray]:
    """Verify ``folder``, then read ``weights_name`` once more and parse those bytes only.

    The bytes read after verifying are checked against the signed digest before parsing,
    so a file swapped in between is refused. ``expect`` as in :func:`verify_model`.
    """
    manifest = verify_model(folder, public_key, expect=expect)
    if weights_name not in manifest["files"]:
        raise ModelIntegrityError(f"'{weights_name}' is not listed in the signed manifest")
    data = pathlib.Path(folder, weights_name).read_bytes()
    if _sha256_entry(data)["sha256"] != manifest["files"][weights_name]["sha256"]:
        raise ModelIntegrityError(f"'{weights_name}' changed after it was verified")
    return weights_from_bytes(data)


def save_model_folder(folder: PathLike, model: LogisticRegression) -> pathlib.Path:
    """Write a model folder: ``weights.npz`` plus a small ``config.json``; return the folder."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    arrays = logistic_regression_to_arrays(model)
    save_weights(folder / WEIGHTS_NAME, arrays)
    config = {"kind": "logistic_regression", "n_features": int(arrays["coef"].shape[1])}
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return folder
