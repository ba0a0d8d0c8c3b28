"""Argument checks shared by the he modules: a sentence, not a traceback from deep inside TenSEAL."""

from __future__ import annotations

import numpy as np
import tenseal as ts


def check_vector(vector: ts.CKKSVector) -> ts.CKKSVector:
    if not isinstance(vector, ts.CKKSVector):
        raise TypeError(f"expected a tenseal CKKSVector, got {type(vector).__name__}")
    return vector


def check_matrix(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"expected a non-empty 2-D array (samples, features), got shape {X.shape}")
    return X
