"""What the protection modules share: file names, limits and errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

MANIFEST_NAME = "model.manifest.json"
SIGNATURE_NAME = "model.manifest.sig"
MODEL_SIGNING_BUNDLE_NAME = "model.sig"  # model-signing's default bundle name
SIGNATURE_FILES = (MANIFEST_NAME, SIGNATURE_NAME, MODEL_SIGNING_BUNDLE_NAME)  # never hashed
WEIGHTS_NAME = "weights.npz"
ENCRYPTED_SUFFIX = ".age"
MANIFEST_FORMAT = "encryption-in-ai-course/model-manifest"
MANIFEST_VERSION = 2  # 2: the manifest names its signature algorithm
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
