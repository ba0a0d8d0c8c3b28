"""The plaintext models lesson 04 encrypts: logistic regression, the digits MLP, the sigmoid."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from utils.data import breast_cancer_classifier
from utils.he._arguments import check_matrix


@dataclass
class LogisticModel:
    """Standardized breast-cancer split and a fitted logistic regression (label 1: benign)."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    weights: np.ndarray
    bias: float

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Plaintext logits ``X @ weights + bias``."""
        return np.asarray(X) @ self.weights + self.bias

    @property
    def logit_range(self) -> float:
        """Largest absolute training logit, rounded up: the range a server-side sigmoid needs."""
        return float(math.ceil(np.abs(self.logits(self.X_train)).max()))


@dataclass
class MLPModel:
    """Digits (pixels / 16) split and a 64 -> hidden -> 10 network with square activation."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Plaintext logits ``(X @ W1 + b1)**2 @ W2 + b2``."""
        return ((np.asarray(X) @ self.W1 + self.b1) ** 2) @ self.W2 + self.b2


def load_breast_cancer_model(random_state: int = 0) -> LogisticModel:
    """Breast-cancer data, stratified 80/20 split (114 test samples), standardized, fitted LR."""
    model, (X_train, X_test, y_train, y_test) = breast_cancer_classifier(random_state)
    return LogisticModel(
        X_train, X_test, y_train, y_test, model.coef_[0].copy(), float(model.intercept_[0])
    )


def train_digits_mlp(
    hidden_units: int = 32, steps: int = 500, learning_rate: float = 0.01, seed: int = 0
) -> MLPModel:
    """Train the digits MLP with square activation: full-batch Adam on softmax cross-entropy.

    Deterministic for a given seed; about 0.6 s and 97% test accuracy with the defaults.
    BLAS runs on one thread: on matrices this small, more threads only add overhead, and
    on a busy machine their spin-waiting made training ten times slower.
    """
    if hidden_units < 1 or steps < 1 or learning_rate <= 0:
        raise ValueError(
            "hidden_units and steps must be positive integers and learning_rate positive "
            f"(got {hidden_units!r}, {steps!r}, {learning_rate!r})"
        )
    with threadpool_limits(limits=1, user_api="blas"):
        return _train_digits_mlp(hidden_units, steps, learning_rate, seed)


def _train_digits_mlp(hidden_units: int, steps: int, learning_rate: float, seed: int) -> MLPModel:
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16.0, y, test_size=0.2, random_state=seed, stratify=y
    )
    rng = np.random.default_rng(seed)
    params = [
        rng.normal(0.0, 1 / np.sqrt(X.shape[1]), (X.shape[1], hidden_units)),
        np.zeros(hidden_units),
        rng.normal(0.0, 1 / np.sqrt(hidden_units), (hidden_units, 10)),
        np.zeros(10),
    ]
    first_moments = [np.zeros_like(p) for p in params]
    second_moments = [np.zeros_like(p) for p in params]
    targets = np.eye(10)[y_train]
    beta1, beta2 = 0.9, 0.999
    for step in range(1, steps + 1):
        W1, b1, W2, b2 = params
        pre = X_train @ W1 + b1
        hidden = pre**2
        logits = hidden @ W2 + b2
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        d_logits = (probs - targets) / len(X_train)
        d_pre = (d_logits @ W2.T) * 2 * pre
        grads = [X_train.T @ d_pre, d_pre.sum(0), hidden.T @ d_logits, d_logits.sum(0)]
        for i, grad in enumerate(grads):
            first_moments[i] = beta1 * first_moments[i] + (1 - beta1) * grad
            second_moments[i] = beta2 * second_moments[i] + (1 - beta2) * grad**2
            m_hat = first_moments[i] / (1 - beta1**step)
            v_hat = second_moments[i] / (1 - beta2**step)
            params[i] = params[i] - learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8)
    return MLPModel(X_train, X_test, y_train, y_test, *params)


def fold_bias(weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Weights with the bias as an extra last row: ``[x, 1] @ fold_bias(W, b) == x @ W + b``."""
    weights, bias = np.asarray(weights, dtype=float), np.asarray(bias, dtype=float)
    if weights.ndim != 2 or bias.shape != (weights.shape[1],):
        raise ValueError(
            f"expected a (n_in, n_out) matrix and an (n_out,) bias, got {weights.shape} "
            f"and {bias.shape}"
        )
    return np.vstack([weights, bias])


def add_constant_feature(X: np.ndarray) -> np.ndarray:
    """``X`` with a column of ones appended, the input that ``fold_bias`` weights expect."""
    X = check_matrix(X)
    return np.hstack([X, np.ones((X.shape[0], 1))])


# --- the sigmoid, exact (client side) and as a polynomial (server side) ---


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    """The logistic function, applied by the client after decryption."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def fit_sigmoid_polynomial(
    degree: int = 3, input_range: float = 8.0, n_points: int = 1001
) -> np.ndarray:
    """Least-squares polynomial fit of the sigmoid on [-input_range, input_range].

    Coefficients lowest degree first, the order ``polyval`` and ``server_sigmoid`` use.
    """
    if not isinstance(degree, int) or degree < 1:
        raise ValueError(f"degree must be a positive integer (got {degree!r})")
    if input_range <= 0:
        raise ValueError(f"input_range must be positive (got {input_range!r})")
    x = np.linspace(-input_range, input_range, n_points)
    return np.polynomial.polynomial.polyfit(x, sigmoid(x), degree)


def sigmoid_polynomial(x: np.ndarray | float, coefficients: Sequence[float]) -> np.ndarray:
    """Evaluate the polynomial sigmoid in plain numpy (lowest degree first)."""
    return np.polynomial.polynomial.polyval(np.asarray(x, dtype=float), np.asarray(coefficients))
