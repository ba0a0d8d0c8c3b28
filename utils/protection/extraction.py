"""Model extraction (lesson 05): a prediction API around a logistic regression, the
equation-solving attack, and surrogates trained from rounded or label-only answers.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from utils.data import breast_cancer_classifier

from ._common import API_MODES, WEIGHT_DECIMALS, APIMode


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
