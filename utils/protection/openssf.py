"""The same model folder signed and verified with OpenSSF's ``model-signing`` (lesson 05),
the tool practitioners use, and a readable summary of its bundle.
"""

from __future__ import annotations

import ast
import base64
import json
import os
import pathlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from utils.files import PathLike

from ._common import SIGNATURE_FILES, ModelIntegrityError
from .manifest import _check_folder


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
