"""Weight files (lesson 05): why unpickling runs code, safe ``.npz`` weights, and what one
flipped bit in a weight does.
"""

from __future__ import annotations

import io
import pathlib
import pickle
import zipfile
from collections.abc import Mapping

import numpy as np
from sklearn.linear_model import LogisticRegression

from utils.files import PathLike

from ._common import PICKLE_PROTOCOL_MARKER, ZIP_MAGIC, UnsafeModelError


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
