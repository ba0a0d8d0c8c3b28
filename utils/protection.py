"""Model protection (lesson 04): safe weight files, signed model folders, model extraction.

Five ideas, each with the attack beside the fix:

* **Unsafe loading.** Unpickling runs code (:func:`make_malicious_pickle_for_demo`);
  the course stores weights as ``.npz`` and loads them with ``allow_pickle=False``
  (:func:`save_weights`, :func:`load_weights`), refusing pickled content.
* **Integrity and authenticity.** A manifest of per-file SHA-256 digests signed with
  Ed25519 (:func:`sign_model`, :func:`verify_model`, :func:`load_verified_model`), and
  the same folder signed with OpenSSF's ``model-signing`` (:func:`sign_with_model_signing`).
* **Confidentiality at rest.** The signed folder encrypted with lesson 02's age format
  and decrypted only in memory (:func:`encrypt_model_folder`,
  :func:`load_encrypted_verified_model`), or packed into one padded archive first, so
  that file names and sizes stay hidden too (:func:`pack_model_folder`).
* **Model extraction.** A prediction API around a logistic regression
  (:class:`PredictionAPI`), the equation-solving attack and surrogate training.
* **Why integrity matters.** One flipped bit in a weight file can flip predictions
  (:func:`count_flipped_predictions_per_bit`).
"""

from __future__ import annotations

import ast
import base64
import copy
import hashlib
import io
import json
import os
import pathlib
import pickle
import tarfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import numpy as np
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from sklearn.linear_model import LogisticRegression

from utils.data import breast_cancer_classifier

PathLike = str | os.PathLike[str]

MANIFEST_NAME = "model.manifest.json"
SIGNATURE_NAME = "model.manifest.sig"
MODEL_SIGNING_BUNDLE_NAME = "model.sig"  # model-signing's default bundle name
SIGNATURE_FILES = (MANIFEST_NAME, SIGNATURE_NAME, MODEL_SIGNING_BUNDLE_NAME)  # never hashed
WEIGHTS_NAME = "weights.npz"
ENCRYPTED_SUFFIX = ".age"
MANIFEST_FORMAT = "encryption-in-ai-course/model-manifest"
MANIFEST_VERSION = 1
HASH_CHUNK_SIZE = 1 << 20  # files are hashed 1 MiB at a time, so a 10 GB model needs 1 MiB of RAM
PICKLE_PROTOCOL_MARKER = 0x80  # protocol 2+ pickles start with 0x80 and the protocol number
ZIP_MAGIC = b"PK\x03\x04"  # an .npz is a zip archive of .npy files
# Trained weights are rounded to this many decimals (see round_weights): CPUs' BLAS kernels
# leave differences of about 1e-15 in them, and rounding makes the saved bytes reproducible.
WEIGHT_DECIMALS = 6

ARCHIVE_PADDINGS = ("power-of-two", "padme", "none")  # see padded_length

APIMode = Literal["confidence", "rounded", "label"]
API_MODES: tuple[str, ...] = ("confidence", "rounded", "label")


class UnsafeModelError(Exception):
    """A model file holds content that could run code when loaded (pickle, object arrays)."""


class ModelIntegrityError(Exception):
    """A model folder does not match its signed manifest; ``problems`` lists each finding."""

    def __init__(self, message: str, problems: Sequence[str] = ()):
        super().__init__(message)
        self.problems = list(problems) or [message]


# --------------------------------------------------------------------------- unsafe loading


class _MarkerFileWriter:
    """Pickles into "call ``Path.write_text(marker_path, message)``": code that runs on load."""

    def __init__(self, marker_path: pathlib.Path):
        self.marker_path = marker_path

    def __reduce__(self):
        message = "Written by code hidden in a pickle: loading a model ran this.\n"
        return (pathlib.Path.write_text, (self.marker_path, message))


def make_malicious_pickle_for_demo(marker_path: PathLike) -> bytes:
    """Pickle bytes that, when unpickled, write a harmless marker file at ``marker_path``.

    The payload is a stand-in for what a hostile "model.pkl" can do: any callable with
    any arguments runs during ``pickle.loads``. Point ``marker_path`` into a temporary
    folder; the payload only creates that one small text file.
    """
    marker_path = pathlib.Path(marker_path)
    if not marker_path.parent.is_dir():
        raise ValueError(f"marker_path must be in an existing folder, got {str(marker_path)!r}")
    return pickle.dumps(_MarkerFileWriter(marker_path.resolve()))


def unsafe_pickle_load_for_demo(data: bytes) -> object:
    """``pickle.loads(data)``: what ``torch.load``/``joblib.load`` of an untrusted file does.

    Demo only. Never call this on bytes you did not produce; use :func:`load_weights`.
    """
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    return pickle.loads(data)  # noqa: S301  (the lesson's attack demo)


def looks_like_pickle(data: bytes) -> bool:
    """True when ``data`` starts like a protocol 2+ pickle (``0x80`` then the protocol)."""
    return len(data) >= 2 and data[0] == PICKLE_PROTOCOL_MARKER and 2 <= data[1] <= 5


def weights_to_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """Serialize named numeric arrays as ``.npz`` bytes (no pickle inside)."""
    if not isinstance(arrays, Mapping) or not arrays:
        raise ValueError("arrays must be a non-empty dict of name -> numpy array")
    checked = {}
    for name, array in arrays.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"array names must be identifiers like 'coef', got {name!r}")
        array = np.asarray(array)
        if array.dtype.hasobject:
            raise ValueError(f"array {name!r} holds Python objects; weights must be numeric")
        checked[name] = array
    buffer = io.BytesIO()
    np.savez(buffer, **checked)
    return buffer.getvalue()


def weights_from_bytes(data: bytes) -> dict[str, np.ndarray]:
    """Load ``.npz`` bytes with ``allow_pickle=False``; raise :class:`UnsafeModelError` otherwise."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    if looks_like_pickle(data):
        raise UnsafeModelError(
            f"refusing a pickle (starts with {bytes(data[:2])!r}): unpickling runs code "
            "chosen by whoever made the file; ask for .npz or safetensors weights"
        )
    if not data.startswith(ZIP_MAGIC):
        raise UnsafeModelError(
            f"not an .npz weight file (starts with {bytes(data[:4])!r}, expected {ZIP_MAGIC!r})"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            foreign = [name for name in archive.namelist() if not name.endswith(".npy")]
    except zipfile.BadZipFile as error:
        raise UnsafeModelError(
            f"not an .npz weight file: a damaged zip archive ({error})"
        ) from None
    if foreign:
        raise UnsafeModelError(
            f"refusing an archive that holds {foreign} besides .npy arrays "
            "(a PyTorch checkpoint is a zip with a pickle inside)"
        )
    arrays = {}
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        for name in npz.files:
            try:
                value = npz[name]
            except ValueError as error:
                raise UnsafeModelError(
                    f"refusing array {name!r}: it holds pickled Python objects ({error})"
                ) from error
            if not isinstance(value, np.ndarray):  # numpy hands back a non-.npy member raw
                content = "a pickle" if looks_like_pickle(value) else f"{bytes(value[:4])!r}…"
                raise UnsafeModelError(
                    f"refusing member {name!r}: it is named like an array but holds {content}"
                )
            arrays[name] = value
    return arrays


def save_weights(path: PathLike, arrays: Mapping[str, np.ndarray]) -> pathlib.Path:
    """Write named numeric arrays to an ``.npz`` file at ``path``; return the path."""
    path = pathlib.Path(path)
    if path.suffix != ".npz":
        raise ValueError(f"weight files end in .npz, got {str(path)!r}")
    path.write_bytes(weights_to_bytes(arrays))
    return path


def load_weights(path: PathLike) -> dict[str, np.ndarray]:
    """Read an ``.npz`` weight file safely; pickles and object arrays raise UnsafeModelError."""
    return weights_from_bytes(pathlib.Path(path).read_bytes())


def logistic_regression_to_arrays(model: LogisticRegression) -> dict[str, np.ndarray]:
    """The arrays that define a fitted binary logistic regression: coef, intercept, classes."""
    if not isinstance(model, LogisticRegression) or not hasattr(model, "coef_"):
        raise TypeError("model must be a fitted sklearn LogisticRegression")
    return {"coef": model.coef_, "intercept": model.intercept_, "classes": model.classes_}


def logistic_regression_from_arrays(arrays: Mapping[str, np.ndarray]) -> LogisticRegression:
    """Rebuild a ready-to-predict LogisticRegression from :func:`logistic_regression_to_arrays`."""
    missing = {"coef", "intercept", "classes"} - set(arrays)
    if missing:
        raise ValueError(f"weights lack the arrays {sorted(missing)}")
    model = LogisticRegression()
    model.coef_ = np.asarray(arrays["coef"], dtype=float)
    model.intercept_ = np.asarray(arrays["intercept"], dtype=float)
    model.classes_ = np.asarray(arrays["classes"])
    model.n_features_in_ = model.coef_.shape[1]
    return model


# ------------------------------------------------------------- the course's signed manifest


def public_key_id(public_key: Ed25519PublicKey) -> str:
    """A short fingerprint of an Ed25519 public key: first 16 hex digits of SHA-256(raw key)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


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
    if not isinstance(public_key, Ed25519PublicKey):
        raise TypeError(f"public_key must be an Ed25519PublicKey, got {type(public_key)}")


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
    private_key: Ed25519PrivateKey,
    *,
    model_name: str | None = None,
    metadata: Mapping[str, str] | None = None,
) -> pathlib.Path:
    """Write ``model.manifest.json`` and its Ed25519 signature ``model.manifest.sig``.

    The manifest lists every file's SHA-256 and size, the model name, the creation time,
    the signer's key id and ``metadata``. The signature covers the manifest file's exact
    bytes (sorted keys, 2-space indent), so the verifier checks bytes before parsing them.
    Returns the manifest's path.
    """
    if not isinstance(private_key, Ed25519PrivateKey):
        raise TypeError(f"private_key must be an Ed25519PrivateKey, got {type(private_key)}")
    folder = _check_folder(folder)
    files = hash_model_folder(folder)
    if not files:
        raise ValueError(f"the model folder {str(folder)!r} holds no files to sign")
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "model_name": model_name or folder.resolve().name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
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


def _claimed_key_id(manifest_bytes: bytes) -> str | None:
    try:
        return json.loads(manifest_bytes).get("signer_key_id")
    except (ValueError, AttributeError):
        return None


def _check_signature(manifest_bytes: bytes, signature: bytes, public_key: Ed25519PublicKey):
    try:
        public_key.verify(signature, manifest_bytes)
    except InvalidSignature:
        claimed, given = _claimed_key_id(manifest_bytes), public_key_id(public_key)
        if claimed is not None and claimed != given:
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
    public_key: Ed25519PublicKey,
    current_entries: Callable[[], Mapping[str, Mapping]],
    expect: Mapping[str, str] | None,
) -> dict:
    """The shared core: signature first, then (only then) hash the files and compare."""
    _check_signature(manifest_bytes, signature, public_key)
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("version") != MANIFEST_VERSION:
        raise ModelIntegrityError(
            f"unsupported manifest format {manifest.get('format')!r} "
            f"version {manifest.get('version')!r}"
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
    folder: PathLike, public_key: Ed25519PublicKey, *, expect: Mapping[str, str] | None = None
) -> dict:
    """Check the signature, then every file; return the manifest or raise ModelIntegrityError.

    The error's message, and its ``problems`` list, name each finding: a modified,
    missing, extra or renamed file, an edited manifest, a signature by another key, a
    symlink (see :func:`hash_model_folder`). ``expect`` maps ``model_name`` or metadata
    keys (e.g. ``release``) to the values the caller wants, refusing a rollback.
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
    public_key: Ed25519PublicKey,
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


# ------------------------------------------------------------ encrypted weights at rest


def encrypt_model_folder(folder: PathLike, encrypted_folder: PathLike, recipients) -> pathlib.Path:
    """Encrypt every file of a (signed) model folder to ``recipients`` with lesson 02's age format.

    Each file, manifest and signature included, becomes ``<name>.age`` in
    ``encrypted_folder`` (same layout); ``recipients`` are what
    ``utils.storage.age.encrypt`` takes (an ``age1...`` recipient, a Passphrase, a list).
    The signature stays over the plaintext: it is about what gets loaded, and it still
    means something after re-encryption to new recipients or key rotation.
    """
    from utils.storage import age  # lesson 02's envelope format: a file key per file

    folder, encrypted_folder = _check_folder(folder), pathlib.Path(encrypted_folder)
    if encrypted_folder.exists() and any(encrypted_folder.iterdir()):
        raise ValueError(f"encrypted_folder {str(encrypted_folder)!r} must be new or empty")
    for relative, path in _model_files(folder, include_signatures=True).items():
        target = encrypted_folder / (relative + ENCRYPTED_SUFFIX)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(age.encrypt(path.read_bytes(), recipients))
    return encrypted_folder


def decrypt_model_folder_in_memory(encrypted_folder: PathLike, identities) -> dict[str, bytes]:
    """``{relative path: plaintext bytes}`` of an encrypted model folder; nothing is written.

    A file without the ``.age`` suffix, or one that fails to decrypt, raises
    ModelIntegrityError naming it.
    """
    from utils.storage import age

    encrypted_folder = _check_folder(encrypted_folder)
    contents = {}
    for relative, path in _model_files(encrypted_folder, include_signatures=True).items():
        if not relative.endswith(ENCRYPTED_SUFFIX):
            raise ModelIntegrityError(f"'{relative}' in the encrypted folder is not an age file")
        try:
            contents[relative.removesuffix(ENCRYPTED_SUFFIX)] = age.decrypt(
                path.read_bytes(), identities
            )
        except ValueError as error:  # age.DecryptionError is a ValueError
            raise ModelIntegrityError(f"'{relative}' does not decrypt: {error}") from error
    return contents


def verify_model_contents(
    contents: Mapping[str, bytes],
    public_key: Ed25519PublicKey,
    *,
    expect: Mapping[str, str] | None = None,
    where: str = "the model",
) -> dict:
    """:func:`verify_model` for a model held in memory as ``{relative path: bytes}``.

    For decrypted files or an unpacked archive: the signed manifest and its signature
    must be among ``contents``; every other entry except ``SIGNATURE_FILES`` is a model
    file. Returns the manifest or raises ModelIntegrityError. ``expect`` as in
    :func:`verify_model`.
    """
    _check_public_key(public_key)
    if not isinstance(contents, Mapping):
        raise TypeError(f"contents must map relative paths to bytes, got {type(contents)}")
    for name in (MANIFEST_NAME, SIGNATURE_NAME):
        if name not in contents:
            raise ModelIntegrityError(f"'{name}' is missing from {where}: the model is unsigned")
    model_files = {name: data for name, data in contents.items() if name not in SIGNATURE_FILES}
    return _verify_entries(
        where,
        contents[MANIFEST_NAME],
        contents[SIGNATURE_NAME],
        public_key,
        lambda: {name: _sha256_entry(data) for name, data in model_files.items()},
        expect,
    )


def load_encrypted_verified_model(
    encrypted_folder: PathLike,
    identities,
    public_key: Ed25519PublicKey,
    weights_name: str = WEIGHTS_NAME,
    *,
    expect: Mapping[str, str] | None = None,
) -> dict[str, np.ndarray]:
    """Decrypt in memory, verify the signed manifest over the plaintexts, load the weights.

    ``expect`` as in :func:`verify_model`.
    """
    _check_public_key(public_key)
    contents = decrypt_model_folder_in_memory(encrypted_folder, identities)
    verify_model_contents(
        contents,
        public_key,
        expect=expect,
        where=f"encrypted model folder {str(encrypted_folder)!r}",
    )
    if weights_name not in contents or weights_name in SIGNATURE_FILES:
        raise ModelIntegrityError(f"'{weights_name}' is not in the encrypted model folder")
    return weights_from_bytes(contents[weights_name])


def padded_length(size: int, padding: str = "power-of-two") -> int:
    """The length that ``size`` bytes are padded to before encryption.

    ``"power-of-two"``: the next power of two, so the ciphertext shows only the order of
    magnitude, at a cost of up to 2x. ``"padme"``: Padmé (Nikitin et al., PETS 2019)
    rounds up to a length whose binary form keeps only its top bits, at most 12% more,
    and leaks about log2(log2(size)) bits. ``"none"``: ``size``.
    """
    if not isinstance(size, int) or size < 0:
        raise ValueError(f"size must be a non-negative int, got {size!r}")
    if padding not in ARCHIVE_PADDINGS:
        raise ValueError(f"padding must be one of {ARCHIVE_PADDINGS}, got {padding!r}")
    if padding == "none" or size < 2:
        return size
    if padding == "power-of-two":
        return 1 << (size - 1).bit_length()
    exponent = size.bit_length() - 1  # floor(log2(size))
    low_bits = exponent - exponent.bit_length()  # keep floor(log2(exponent)) + 1 top bits
    mask = (1 << low_bits) - 1
    return (size + mask) & ~mask


def pack_model_folder(folder: PathLike, *, padding: str = "power-of-two") -> bytes:
    """One tar archive of every file of a (signed) model folder, padded, to encrypt whole.

    Encrypting a folder file by file (:func:`encrypt_model_folder`) leaves each file's
    name and exact size visible, and those reveal the architecture and the parameter
    count. Inside one archive the names and per-file sizes are encrypted too; padding
    (:func:`padded_length`) hides the exact total. Members are regular files with fixed
    metadata, in sorted order, so one folder always gives the same bytes; the padding is
    zero bytes after tar's end marker, which tar readers ignore.
    """
    folder = _check_folder(folder)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for relative, path in _model_files(folder, include_signatures=True).items():
            data = path.read_bytes()
            info = tarfile.TarInfo(relative)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            archive.addfile(info, io.BytesIO(data))
    data = buffer.getvalue()
    return data + bytes(padded_length(len(data), padding) - len(data))


def unpack_model_archive(data: bytes) -> dict[str, bytes]:
    """``{relative path: bytes}`` of an archive made by :func:`pack_model_folder`, in memory.

    Nothing is written to disk. Anything but a regular file with a plain relative path
    (a link, a device, an absolute path, ``..``, a name seen twice) is refused with
    ModelIntegrityError, as is a damaged archive.
    """
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    contents = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            for member in archive:
                name = member.name
                parts = pathlib.PurePosixPath(name).parts
                if not member.isreg():
                    raise ModelIntegrityError(f"archive member {name!r} is not a regular file")
                if name.startswith("/") or ".." in parts or name in contents:
                    raise ModelIntegrityError(f"archive member {name!r} is refused")
                contents[name] = archive.extractfile(member).read()
    except tarfile.TarError as error:
        raise ModelIntegrityError(f"not a model archive: {error}") from None
    return contents


# ----------------------------------------------------------------- OpenSSF model-signing


def _passphrase_bytes(passphrase: bytes | str | None) -> bytes | None:
    if passphrase is None:
        return None
    if isinstance(passphrase, str):
        passphrase = passphrase.encode()
    if not isinstance(passphrase, bytes) or not passphrase:
        raise ValueError("passphrase must be a non-empty str or bytes, or None")
    return passphrase


def generate_p256_key_pair_pem(
    private_key_path: PathLike,
    public_key_path: PathLike,
    *,
    passphrase: bytes | str | None = None,
) -> tuple[pathlib.Path, pathlib.Path]:
    """Write a fresh ECDSA P-256 key pair as PEM files (private one readable by owner only).

    With ``passphrase`` the private key is an encrypted PKCS#8 PEM
    (``BestAvailableEncryption``: PBES2 with PBKDF2 and AES-256-CBC in ``cryptography``),
    so a copied file is useless without it. Its PBKDF2 setting is fast, so the
    passphrase itself must be hard to guess: a long random one kept in a secret manager.
    Without one the key is written unencrypted: only for throw-away demo keys.
    """
    private_key_path, public_key_path = (
        pathlib.Path(private_key_path),
        pathlib.Path(public_key_path),
    )
    passphrase = _passphrase_bytes(passphrase)
    private_key = ec.generate_private_key(ec.SECP256R1())
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption(),
    )
    if private_key_path.is_symlink():
        raise ValueError(
            f"refusing to write a private key through the symlink {str(private_key_path)!r}"
        )
    # O_NOFOLLOW: no symlink swapped in meanwhile; fchmod: an existing file's old mode
    # (os.open's 0o600 applies only when it creates the file) is narrowed before writing.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(private_key_path, flags, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        if hasattr(os, "fchmod"):  # POSIX; Windows has no such mode bits before Python 3.13
            os.fchmod(descriptor, 0o600)
        file.write(private_pem)
    public_key_path.write_bytes(
        private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private_key_path, public_key_path


def _model_signing_hashing_config(folder: pathlib.Path, signature_path: pathlib.Path):
    # Imported here: model_signing takes about half a second to import.
    import model_signing

    ignored = list(SIGNATURE_FILES)  # each tool signs the model, not the signatures
    if signature_path.resolve().is_relative_to(folder.resolve()):
        ignored.append(signature_path.resolve().relative_to(folder.resolve()).as_posix())
    return model_signing.hashing.Config().set_ignored_paths(paths=ignored)


def sign_with_model_signing(
    folder: PathLike,
    private_key_pem_path: PathLike,
    signature_path: PathLike,
    *,
    passphrase: bytes | str | None = None,
) -> pathlib.Path:
    """Sign ``folder`` with ``model-signing`` and an EC private key, offline; return the bundle.

    The bundle (a Sigstore bundle holding a DSSE envelope) goes to ``signature_path``;
    when that is inside the folder it is left out of the signed files, as are the course's
    own manifest and signature. ``passphrase`` opens an encrypted PEM
    (:func:`generate_p256_key_pair_pem`); a missing or wrong one raises ValueError.
    """
    import model_signing

    folder, signature_path = _check_folder(folder), pathlib.Path(signature_path)
    key_path = pathlib.Path(private_key_pem_path)
    if not key_path.is_file():
        raise ValueError(f"expected a PEM private key file, {str(key_path)!r} does not exist")
    passphrase = _passphrase_bytes(passphrase)
    try:  # fail here with a sentence, not deep inside model-signing
        serialization.load_pem_private_key(key_path.read_bytes(), passphrase)
    except TypeError:
        raise ValueError(
            f"{key_path.name} is encrypted: pass its passphrase"
            if passphrase is None
            else f"{key_path.name} is not encrypted: pass no passphrase"
        ) from None
    except ValueError:
        raise ValueError(
            f"{key_path.name} does not open: a wrong passphrase, or not a PEM private key"
        ) from None
    (
        model_signing.signing.Config()
        .set_hashing_config(_model_signing_hashing_config(folder, signature_path))
        .use_elliptic_key_signer(private_key=key_path, password=passphrase)
        .sign(folder, signature_path)
    )
    return signature_path


def verify_with_model_signing(
    folder: PathLike, public_key_pem_path: PathLike, signature_path: PathLike
) -> None:
    """Verify ``folder`` against a ``model-signing`` bundle; raise ModelIntegrityError if not."""
    import model_signing

    folder = _check_folder(folder)
    key_path = pathlib.Path(public_key_pem_path)
    if not key_path.is_file():
        raise ValueError(f"expected a PEM public key file, {str(key_path)!r} does not exist")
    verifier = model_signing.verifying.Config().use_elliptic_key_verifier(public_key=key_path)
    try:
        verifier.verify(folder, signature_path)
    except InvalidSignature:
        raise ModelIntegrityError("model-signing: the bundle's signature is invalid") from None
    except (ValueError, KeyError, TypeError, OSError) as error:
        problems = _model_signing_problems(str(error))
        raise ModelIntegrityError(
            "model-signing refused the model: " + "; ".join(problems), problems
        ) from error


def _model_signing_problems(message: str) -> list[str]:
    """model-signing's findings, one string each, with its raw digest values left out.

    A mismatch reads ``Signature mismatch: [finding, ...]``, the ``repr`` of a list. A
    changed file's finding ends in ``: Expected 'Digest(... digest_value=b'...')', Actual
    ...``; the raw bytes change the quoting of that ``repr`` (a digest byte that is a quote
    turns ``'`` into ``\\'``), so the list is parsed back with ``ast.literal_eval`` rather
    than cut with a pattern. The original error stays chained to ours.
    """
    prefix = "Signature mismatch: "
    if not message.startswith(prefix):
        return [message]
    try:
        findings = ast.literal_eval(message.removeprefix(prefix))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return [message]
    if not isinstance(findings, list) or not all(isinstance(f, str) for f in findings):
        return [message]
    return [finding.partition(": Expected 'Digest(")[0] for finding in findings] or [message]


@dataclass(frozen=True)
class BundleSummary:
    """What a ``model-signing`` bundle holds, for comparison with the course's manifest."""

    media_type: str
    payload_type: str
    statement_type: str
    predicate_type: str
    model_name: str
    model_digest: str
    files: list[tuple[str, str]]
    serialization: dict
    signature_algorithm: str
    signature_bytes: int
    public_key_hint: str
    transparency_log_entries: int


def summarize_model_signing_bundle(signature_path: PathLike) -> BundleSummary:
    """Unpack a ``model-signing`` bundle: DSSE envelope -> in-toto statement -> file digests.

    Reads without verifying: use it to look inside, never to decide trust. The bundle
    does not name its signature algorithm; the DER structure shows ECDSA, and the
    verifier's key fixes curve and hash (P-256 -> SHA-256).
    """
    bundle = json.loads(pathlib.Path(signature_path).read_text())
    envelope = bundle["dsseEnvelope"]
    statement = json.loads(base64.b64decode(envelope["payload"]))
    signature = base64.b64decode(envelope["signatures"][0]["sig"])
    try:
        decode_dss_signature(signature)
        algorithm = "ECDSA (DER-encoded r, s) over the DSSE pre-authentication encoding"
    except ValueError:
        algorithm = "unknown (not a DER ECDSA signature)"
    subject = statement["subject"][0]
    predicate = statement["predicate"]
    return BundleSummary(
        media_type=bundle["mediaType"],
        payload_type=envelope["payloadType"],
        statement_type=statement["_type"],
        predicate_type=statement["predicateType"],
        model_name=subject["name"],
        model_digest=subject["digest"]["sha256"],
        files=sorted(
            (r["name"], f"{r['algorithm']}:{r['digest']}") for r in predicate["resources"]
        ),
        serialization=predicate["serialization"],
        signature_algorithm=algorithm,
        signature_bytes=len(signature),
        public_key_hint=bundle["verificationMaterial"]["publicKey"]["hint"],
        transparency_log_entries=len(bundle["verificationMaterial"].get("tlogEntries", [])),
    )


# ------------------------------------------------------------------------ model extraction


@dataclass(frozen=True)
class VictimModel:
    """A logistic regression on standardized breast-cancer features, with its data split."""

    model: LogisticRegression
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray

    @property
    def n_features(self) -> int:
        return self.X_train.shape[1]


def round_weights(model: LogisticRegression, decimals: int = WEIGHT_DECIMALS) -> LogisticRegression:
    """A copy of a fitted logistic regression with ``coef_`` and ``intercept_`` rounded.

    The BLAS library under numpy and scikit-learn picks its instructions per CPU (AVX-512,
    AVX2, SSE3, Apple's), so the same training on the same data ends with weights that
    differ in their last bits (about 1e-15). Rounding to ``decimals`` places, far coarser
    than that and far finer than anything that changes a prediction, gives the same
    weights, hence the same weight file and the same SHA-256, on every machine.
    """
    if not isinstance(model, LogisticRegression) or getattr(model, "coef_", None) is None:
        raise TypeError("model must be a fitted sklearn LogisticRegression")
    if not isinstance(decimals, int) or not 0 <= decimals <= 12:
        raise ValueError(f"decimals must be an int from 0 to 12, got {decimals!r}")
    rounded = copy.deepcopy(model)
    rounded.coef_ = np.round(model.coef_, decimals)
    rounded.intercept_ = np.round(model.intercept_, decimals)
    return rounded


def train_victim_model(seed: int = 0) -> VictimModel:
    """Fit the victim: breast cancer (30 features), 80/20 stratified split, standardized.

    The fitted weights are rounded to ``WEIGHT_DECIMALS`` places (:func:`round_weights`),
    so the model, its weight file and that file's digest are identical on every CPU.
    """
    model, (X_train, X_test, y_train, y_test) = breast_cancer_classifier(seed)
    return VictimModel(round_weights(model), X_train, X_test, y_train, y_test)


class PredictionAPI:
    """A prediction service around a binary logistic regression, counting every query.

    ``mode`` is what it reveals: ``"confidence"`` the probability of class 1,
    ``"rounded"`` that probability rounded to ``decimals`` places, ``"label"`` only 0/1.
    """

    def __init__(self, model: LogisticRegression, mode: APIMode = "confidence", decimals: int = 2):
        if not isinstance(model, LogisticRegression) or getattr(model, "coef_", None) is None:
            raise TypeError("model must be a fitted sklearn LogisticRegression")
        if model.coef_.shape[0] != 1:
            raise ValueError("PredictionAPI wraps a binary logistic regression")
        if mode not in API_MODES:
            raise ValueError(f"mode must be one of {API_MODES}, got {mode!r}")
        if not isinstance(decimals, int) or decimals < 0:
            raise ValueError(f"decimals must be a non-negative int, got {decimals!r}")
        self._model, self.mode, self.decimals = model, mode, decimals
        self.query_count = 0

    @property
    def n_features(self) -> int:
        return self._model.n_features_in_

    def query(self, X: np.ndarray) -> np.ndarray:
        """Answer one row (shape ``(d,)``) or many (``(n, d)``); each row counts as a query."""
        X = np.asarray(X, dtype=float)
        rows = np.atleast_2d(X)
        if rows.ndim != 2 or rows.shape[1] != self.n_features or not np.isfinite(rows).all():
            raise ValueError(f"queries must be finite rows of {self.n_features} features")
        self.query_count += rows.shape[0]
        if self.mode == "label":
            answers = self._model.predict(rows)
        else:
            answers = self._model.predict_proba(rows)[:, 1]
            if self.mode == "rounded":
                answers = np.round(answers, self.decimals)
        return answers[0] if X.ndim == 1 else answers


def extract_by_equation_solving(
    api: PredictionAPI, d: int, rng: np.random.Generator
) -> tuple[np.ndarray, float]:
    """Recover ``(w, b)`` of a logistic regression from ``d + 1`` confidence queries.

    ``log(p / (1 - p)) = w·x + b`` is linear in the unknowns, so ``d + 1`` random
    queries give a square linear system. Rounded answers make it inexact; answers of
    exactly 0 or 1 (labels, or rounding that saturates) are clipped and give garbage.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy Generator, e.g. np.random.default_rng(0)")
    if not isinstance(d, int) or d < 1:
        raise ValueError(f"d must be the positive number of features, got {d!r}")
    X = rng.standard_normal((d + 1, d))
    p = np.clip(np.asarray(api.query(X), dtype=float), 1e-15, 1 - 1e-15)
    logits = np.log(p / (1 - p))
    solution = np.linalg.solve(np.hstack([X, np.ones((d + 1, 1))]), logits)
    return solution[:-1], float(solution[-1])


def relative_parameter_error(w: np.ndarray, b: float, model: LogisticRegression) -> float:
    """``||(w, b) - (w*, b*)|| / ||(w*, b*)||`` against the model's true parameters."""
    true = np.append(model.coef_.ravel(), model.intercept_[0])
    return float(np.linalg.norm(np.append(w, b) - true) / np.linalg.norm(true))


def train_surrogate(
    api: PredictionAPI, n_queries: int, rng: np.random.Generator
) -> LogisticRegression:
    """Train a surrogate logistic regression from ``n_queries`` answers of ``api``.

    Queries are standard-normal rows (the victim's inputs are standardized). Every
    answer is used as a soft label: a row appears as class 1 with weight ``p`` and as
    class 0 with weight ``1 - p``, so confidences, rounded confidences and bare labels
    all train the same way.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy Generator, e.g. np.random.default_rng(0)")
    if not isinstance(n_queries, int) or n_queries < 2:
        raise ValueError(f"n_queries must be an int of at least 2, got {n_queries!r}")
    X = rng.standard_normal((n_queries, api.n_features))
    p = np.asarray(api.query(X), dtype=float)
    if np.all(p == p[0]) and p[0] in (0.0, 1.0):
        raise ValueError(f"all {n_queries} answers were class {int(p[0])}: query more rows")
    rows = np.vstack([X, X])
    labels = np.repeat([1, 0], n_queries)
    weights = np.concatenate([p, 1 - p])
    keep = weights > 0
    return LogisticRegression(C=10.0, max_iter=2000).fit(
        rows[keep], labels[keep], sample_weight=weights[keep]
    )


def agreement(surrogate, victim, X: np.ndarray) -> float:
    """Fraction of rows of ``X`` on which the two models predict the same label."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError("X must be a non-empty 2-D array of rows")
    return float(np.mean(surrogate.predict(X) == victim.predict(X)))


def agreement_curve(
    victim: LogisticRegression,
    X_eval: np.ndarray,
    budgets: Sequence[int] = (20, 50, 100, 200, 500, 1000),
    modes: Sequence[str] = API_MODES,
    decimals: int = 1,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Surrogate agreement with ``victim`` on ``X_eval`` per query budget, for each API mode.

    Returns ``{"budgets": array, mode: agreement array, ...}``; the same seeded queries
    are used for every mode, so the curves differ only by what the API reveals.
    """
    result = {"budgets": np.asarray(budgets)}
    for mode in modes:
        api = PredictionAPI(victim, mode=mode, decimals=decimals)
        result[mode] = np.array(
            [
                agreement(train_surrogate(api, int(n), np.random.default_rng(seed)), victim, X_eval)
                for n in budgets
            ]
        )
    return result


# -------------------------------------------------------------------- why integrity matters


def count_flipped_predictions_per_bit(
    model: LogisticRegression, X: np.ndarray, weight_index: int
) -> np.ndarray:
    """For each of the 64 bits of one float64 weight, how many predictions on ``X`` flip.

    Entry ``k`` flips bit ``k`` (0 = lowest mantissa bit, 52-62 exponent, 63 sign) of
    ``coef[weight_index]``, as one flipped bit in the weight file would. A weight that
    becomes infinite or NaN gives non-finite logits; those count as class 0, as the
    comparison ``logit > 0`` treats them.
    """
    if not isinstance(model, LogisticRegression) or model.coef_.shape[0] != 1:
        raise TypeError("model must be a fitted binary sklearn LogisticRegression")
    w, b = np.asarray(model.coef_, dtype=np.float64).ravel(), float(model.intercept_[0])
    if not isinstance(weight_index, int | np.integer) or not 0 <= weight_index < w.size:
        raise ValueError(f"weight_index must be an int in 0..{w.size - 1}, got {weight_index!r}")
    X = np.asarray(X, dtype=float)
    original = X @ w + b > 0
    counts = np.zeros(64, dtype=int)
    for bit in range(64):
        raw = w.view(np.uint64).copy()
        raw[weight_index] ^= np.uint64(1) << np.uint64(bit)
        with np.errstate(over="ignore", invalid="ignore"):
            flipped = X @ raw.view(np.float64) + b > 0
        counts[bit] = int(np.sum(flipped != original))
    return counts
