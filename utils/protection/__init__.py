"""Model protection (lesson 05): safe weight files, signed model folders, model extraction.

One module per idea; everything public is importable from ``utils.protection``.

Five ideas, each with the attack beside the fix:

* **Unsafe loading.** Unpickling runs code (:func:`make_malicious_pickle_for_demo`);
  the course stores weights as ``.npz`` and loads them with ``allow_pickle=False``
  (:func:`save_weights`, :func:`load_weights`), refusing pickled content.
* **Integrity and authenticity.** A manifest of per-file SHA-256 digests signed with
  Ed25519 or the post-quantum ML-DSA-65 (:func:`sign_model`, :func:`verify_model`,
  :func:`load_verified_model`), and the same folder signed with OpenSSF's
  ``model-signing`` (:func:`sign_with_model_signing`).
* **Confidentiality at rest.** The signed folder encrypted with lesson 03's age format
  and decrypted only in memory (:func:`encrypt_model_folder`,
  :func:`load_encrypted_verified_model`), or packed into one padded archive first, so
  that file names and sizes stay hidden too (:func:`pack_model_folder`).
* **Model extraction.** A prediction API around a logistic regression
  (:class:`PredictionAPI`), the equation-solving attack and surrogate training.
* **Why integrity matters.** One flipped bit in a weight file can flip predictions
  (:func:`count_flipped_predictions_per_bit`).
"""

from __future__ import annotations

from ._common import (
    API_MODES,
    ARCHIVE_PADDINGS,
    ENCRYPTED_SUFFIX,
    HASH_CHUNK_SIZE,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    MANIFEST_VERSION,
    MODEL_SIGNING_BUNDLE_NAME,
    PICKLE_PROTOCOL_MARKER,
    SIGNATURE_FILES,
    SIGNATURE_NAME,
    WEIGHT_DECIMALS,
    WEIGHTS_NAME,
    ZIP_MAGIC,
    APIMode,
    ModelIntegrityError,
    UnsafeModelError,
)
from .encrypted import (
    decrypt_model_folder_in_memory,
    encrypt_model_folder,
    load_encrypted_verified_model,
    pack_model_folder,
    padded_length,
    unpack_model_archive,
    verify_model_contents,
)
from .extraction import (
    PredictionAPI,
    VictimModel,
    agreement,
    agreement_curve,
    extract_by_equation_solving,
    relative_parameter_error,
    round_weights,
    train_surrogate,
    train_victim_model,
)
from .manifest import (
    SIGNATURE_ALGORITHMS,
    hash_model_folder,
    load_verified_model,
    public_key_id,
    save_model_folder,
    sign_model,
    signature_algorithm,
    verify_model,
)
from .openssf import (
    BundleSummary,
    generate_p256_key_pair_pem,
    sign_with_model_signing,
    summarize_model_signing_bundle,
    verify_with_model_signing,
)
from .weights import (
    count_flipped_predictions_per_bit,
    load_weights,
    logistic_regression_from_arrays,
    logistic_regression_to_arrays,
    looks_like_pickle,
    make_malicious_pickle_for_demo,
    save_weights,
    unsafe_pickle_load_for_demo,
    weights_from_bytes,
    weights_to_bytes,
)

__all__ = [
    "API_MODES",
    "APIMode",
    "ARCHIVE_PADDINGS",
    "BundleSummary",
    "ENCRYPTED_SUFFIX",
    "HASH_CHUNK_SIZE",
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "MANIFEST_VERSION",
    "MODEL_SIGNING_BUNDLE_NAME",
    "ModelIntegrityError",
    "PICKLE_PROTOCOL_MARKER",
    "PredictionAPI",
    "SIGNATURE_ALGORITHMS",
    "SIGNATURE_FILES",
    "SIGNATURE_NAME",
    "UnsafeModelError",
    "VictimModel",
    "WEIGHTS_NAME",
    "WEIGHT_DECIMALS",
    "ZIP_MAGIC",
    "agreement",
    "agreement_curve",
    "count_flipped_predictions_per_bit",
    "decrypt_model_folder_in_memory",
    "encrypt_model_folder",
    "extract_by_equation_solving",
    "generate_p256_key_pair_pem",
    "hash_model_folder",
    "load_encrypted_verified_model",
    "load_verified_model",
    "load_weights",
    "logistic_regression_from_arrays",
    "logistic_regression_to_arrays",
    "looks_like_pickle",
    "make_malicious_pickle_for_demo",
    "pack_model_folder",
    "padded_length",
    "public_key_id",
    "relative_parameter_error",
    "round_weights",
    "save_model_folder",
    "save_weights",
    "sign_model",
    "signature_algorithm",
    "sign_with_model_signing",
    "summarize_model_signing_bundle",
    "train_surrogate",
    "train_victim_model",
    "unpack_model_archive",
    "unsafe_pickle_load_for_demo",
    "verify_model",
    "verify_model_contents",
    "verify_with_model_signing",
    "weights_from_bytes",
    "weights_to_bytes",
]
