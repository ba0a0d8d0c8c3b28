"""Datasets the lessons use, all bundled with scikit-learn: nothing is downloaded."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

BLOCK_PIXELS = 16


def digit_mosaic(digits: tuple[int, ...] = (2, 0), scale: int = BLOCK_PIXELS) -> np.ndarray:
    """A grayscale uint8 image of handwritten digits from scikit-learn's digits dataset.

    Each of the 8x8 source pixels becomes a ``scale`` x ``scale`` flat square, so with
    ``scale=16`` every row of a square is exactly one 16-byte AES block: the flat
    regions that make ECB's leak visible.
    """
    if scale < 1 or not digits or any(d not in range(10) for d in digits):
        raise ValueError("digit_mosaic expects digits in 0..9 and a scale of at least 1")
    data = load_digits()
    tiles = [data.images[np.flatnonzero(data.target == d)[1]] for d in digits]
    ink = (np.hstack(tiles) >= 6).astype(np.uint8) * 255  # two flat levels: paper and ink
    return np.kron(ink, np.ones((scale, scale), dtype=np.uint8))


def patient_records(count: int = 5) -> list[dict]:
    """``count`` patient records built from scikit-learn's breast-cancer dataset."""
    if not 1 <= count <= 569:
        raise ValueError(f"count must be between 1 and 569 (the dataset's size), got {count}")
    data = load_breast_cancer()
    records = []
    for row in range(count):
        features = data.data[row]
        records.append(
            {
                "patient_id": f"patient-{row:04d}",
                "mean_radius": round(float(features[0]), 2),
                "mean_texture": round(float(features[1]), 2),
                "diagnosis": str(data.target_names[data.target[row]]),
            }
        )
    return records


def _raw_breast_cancer_split(random_state: int) -> list[np.ndarray]:
    X, y = load_breast_cancer(return_X_y=True)
    return train_test_split(X, y, test_size=0.2, random_state=random_state, stratify=y)


def breast_cancer_split(random_state: int = 0) -> tuple[np.ndarray, ...]:
    """Breast-cancer data split 80/20 (455/114, stratified), standardized on the training part.

    Returns ``X_train, X_test, y_train, y_test``.
    """
    X_train, X_test, y_train, y_test = _raw_breast_cancer_split(random_state)
    scaler = breast_cancer_scaler(random_state)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def breast_cancer_scaler(random_state: int = 0) -> StandardScaler:
    """The scaling of :func:`breast_cancer_split`: a StandardScaler fitted on its training part."""
    return StandardScaler().fit(_raw_breast_cancer_split(random_state)[0])


def breast_cancer_classifier(random_state: int = 0):
    """The course's breast-cancer model: a LogisticRegression fitted on the split above.

    Returns ``(model, (X_train, X_test, y_train, y_test))``.
    """
    split = breast_cancer_split(random_state)
    return LogisticRegression(max_iter=1000).fit(split[0], split[2]), split
