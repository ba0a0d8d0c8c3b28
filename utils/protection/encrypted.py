"""Model folders encrypted at rest (lesson 05) with lesson 03's age format, decrypted only in
memory; or packed into one padded archive so names and sizes stay hidden too.
"""

from __future__ import annotations

import io
import pathlib
import tarfile
from collections.abc import Iterable, Mapping

import numpy as np

from utils.files import PathLike
from utils.storage import DecryptionError, age
from utils.storage.age_keys import Identity, Recipient, coerce_identities, coerce_recipients

from ._common import (
    ARCHIVE_PADDINGS,
    ENCRYPTED_SUFFIX,
    MANIFEST_NAME,
    SIGNATURE_FILES,
    SIGNATURE_NAME,
    WEIGHTS_NAME,
    ModelIntegrityError,
)
from .manifest import (
    VerifyingKey,
    _check_folder,
    _check_public_key,
    _model_files,
    _sha256_entry,
    _verify_entries,
)
from .weights import weights_from_bytes


def encrypt_model_folder(
    folder: PathLike, encrypted_folder: PathLike, recipients: Recipient | Iterable[Recipient]
) -> pathlib.Path:
    """Encrypt every file of a (signed) model folder to ``recipients`` with lesson 03's age format.

    Each file, manifest and signature included, becomes ``<name>.age`` in
    ``encrypted_folder`` (same layout); ``recipients`` are what
    ``utils.storage.age.encrypt`` takes (an ``age1...`` recipient, a Passphrase, a list).
    The signature stays over the plaintext: it is about what gets loaded, and it still
    means something after re-encryption to new recipients or key rotation.
    """
    recipients = coerce_recipients(recipients)  # a bad recipient fails before any file
    folder, encrypted_folder = _check_folder(folder), pathlib.Path(encrypted_folder)
    if encrypted_folder.exists() and any(encrypted_folder.iterdir()):
        raise ValueError(f"encrypted_folder {str(encrypted_folder)!r} must be new or empty")
    for relative, path in _model_files(folder, include_signatures=True).items():
        target = encrypted_folder / (relative + ENCRYPTED_SUFFIX)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(age.encrypt(path.read_bytes(), recipients))
    return encrypted_folder


def decrypt_model_folder_in_memory(
    encrypted_folder: PathLike, identities: Identity | Iterable[Identity]
) -> dict[str, bytes]:
    """``{relative path: plaintext bytes}`` of an encrypted model folder; nothing is written.

    A file without the ``.age`` suffix, or one that fails to decrypt, raises
    ModelIntegrityError naming it; a malformed identity raises ValueError or TypeError.
    """
    identities = coerce_identities(identities)
    encrypted_folder = _check_folder(encrypted_folder)
    contents = {}
    for relative, path in _model_files(encrypted_folder, include_signatures=True).items():
        if not relative.endswith(ENCRYPTED_SUFFIX):
            raise ModelIntegrityError(f"'{relative}' in the encrypted folder is not an age file")
        try:
            contents[relative.removesuffix(ENCRYPTED_SUFFIX)] = age.decrypt(
                path.read_bytes(), identities
            )
        except DecryptionError as error:
            raise ModelIntegrityError(f"'{relative}' does not decrypt: {error}") from error
    return contents


def verify_model_contents(
    contents: Mapping[str, bytes],
    public_key: VerifyingKey,
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
    identities: Identity | Iterable[Identity],
    public_key: VerifyingKey,
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
