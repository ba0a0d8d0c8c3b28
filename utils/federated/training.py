"""Federated averaging of a logistic regression in NumPy, and what its updates leak (lesson 06).

Five hospitals each hold a shard of scikit-learn's breast-cancer data (standardized with
the scaling the federation agreed on). In every round each hospital starts from the
global model, takes a few full-batch gradient steps on its own patients and sends its
update (new weights minus global ones); the server averages the updates (FedAvg).
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import roc_auc_score

from utils.data import breast_cancer_scaler, breast_cancer_split

LOCAL_STEPS, LEARNING_RATE = 5, 0.5


@dataclass(frozen=True)
class Hospitals:
    """The federation's data: one (X, y) shard per hospital and a held-out test set."""

    shards: list[tuple[np.ndarray, np.ndarray]]
    X_test: np.ndarray
    y_test: np.ndarray
    feature_names: list[str]
    mean: np.ndarray  # the agreed scaling: raw = standardized * std + mean
    std: np.ndarray

    @property
    def X_train(self) -> np.ndarray:
        return np.vstack([X for X, _ in self.shards])

    @property
    def y_train(self) -> np.ndarray:
        return np.concatenate([y for _, y in self.shards])

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Standardized features back in the dataset's units."""
        return np.asarray(X) * self.std + self.mean


def hospital_shards(n_hospitals: int = 5, random_state: int = 0) -> Hospitals:
    """The 455 training patients of ``utils.data.breast_cancer_split`` dealt at random into
    ``n_hospitals`` equal shards (the remainder is left out); its 114 test patients."""
    if isinstance(n_hospitals, bool) or not isinstance(n_hospitals, numbers.Integral):
        raise TypeError(f"n_hospitals must be an int, not {type(n_hospitals).__name__}")
    if not 1 <= n_hospitals <= 50:
        raise ValueError(f"n_hospitals must be between 1 and 50, got {n_hospitals}")
    X_train, X_test, y_train, y_test = breast_cancer_split(random_state)
    order = np.random.default_rng(random_state).permutation(len(X_train))
    size = len(X_train) // n_hospitals
    shards = [
        (X_train[part], y_train[part])
        for part in order[: size * n_hospitals].reshape(n_hospitals, size)
    ]
    scaler = breast_cancer_scaler(random_state)
    names = list(load_breast_cancer().feature_names)
    return Hospitals(shards, X_test, y_test, names, scaler.mean_, scaler.scale_)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))


def gradients(
    weights: np.ndarray, bias: float, X: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, float]:
    """The gradient of the mean log-loss over (X, y): (d/dweights, d/dbias).

    For one patient it is ``(p - y) * x`` and ``p - y``: the features times one number.
    """
    X, y = np.atleast_2d(np.asarray(X, dtype=float)), np.atleast_1d(np.asarray(y, dtype=float))
    if X.shape[0] != y.shape[0] or X.shape[1] != np.shape(weights)[0]:
        raise ValueError(
            f"X {X.shape}, y {y.shape} and weights {np.shape(weights)} do not fit together"
        )
    residual = sigmoid(X @ weights + bias) - y
    return X.T @ residual / len(y), float(residual.mean())


def local_update(
    weights: np.ndarray, bias: float, X: np.ndarray, y: np.ndarray,
    steps: int = LOCAL_STEPS, learning_rate: float = LEARNING_RATE,
) -> np.ndarray:  # fmt: skip
    """A hospital's update: ``steps`` gradient steps from the global model, as one vector
    [new weights - weights, new bias - bias]."""
    w, b = np.array(weights, dtype=float), float(bias)
    for _ in range(steps):
        grad_w, grad_b = gradients(w, b, X, y)
        w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
    return np.append(w - weights, b - bias)


def recover_record(update_w: np.ndarray, update_b: float) -> np.ndarray:
    """The patient behind a one-patient, one-step update: update_w / update_b.

    Both are -learning_rate * (p - y) times (x, 1), so the ratio is x exactly.
    """
    update_b = float(update_b)
    if update_b == 0:
        raise ValueError("the bias update is 0: the model's error on this patient is 0")
    return np.asarray(update_w, dtype=float) / update_b


def batch_leak(
    model: np.ndarray, X: np.ndarray, y: np.ndarray, batch_sizes: list[int],
    trials: int = 50, random_state: int = 0,
) -> dict[str, np.ndarray]:  # fmt: skip
    """What update_w / update_b reveals when one step is taken on a random batch of a shard.

    Per batch size: ``distance``, the median distance from the ratio to the closest patient
    of the batch, over the median distance between two patients of the shard; ``hit_rate``,
    how often the shard's patient closest to the ratio is in the batch; ``chance``, that
    rate for a guess (batch size / shard size).
    """
    rng = np.random.default_rng(random_state)
    pairwise = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=2)
    typical = np.median(pairwise[np.triu_indices(len(X), 1)])
    distance, hit_rate = [], []
    for size in batch_sizes:
        gaps, hits = [], 0
        for _ in range(trials):
            batch = rng.choice(len(X), size, replace=False)
            update = local_update(model[:-1], model[-1], X[batch], y[batch], steps=1)
            guess = recover_record(update[:-1], update[-1])
            closest = np.linalg.norm(X - guess, axis=1)
            gaps.append(closest[batch].min() / typical)
            hits += int(np.argmin(closest) in batch)
        distance.append(np.median(gaps))
        hit_rate.append(hits / trials)
    return {
        "distance": np.array(distance),
        "hit_rate": np.array(hit_rate),
        "chance": np.array(batch_sizes) / len(X),
    }


def accuracy(model: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """Accuracy of ``model`` = [weights, bias] on (X, y)."""
    return float(np.mean(((X @ model[:-1] + model[-1]) > 0) == y))


Aggregate = Callable[[list[np.ndarray], int], np.ndarray]  # (updates, round) -> mean update


def plain_mean(updates: list[np.ndarray], round_id: int) -> np.ndarray:
    """FedAvg's aggregate with equal shards: the mean of the updates, seen one by one."""
    return np.mean(updates, axis=0)


def fedavg(
    hospitals: Hospitals, rounds: int = 20, aggregate: Aggregate = plain_mean
) -> list[np.ndarray]:
    """The global model [weights, bias] after each of ``rounds`` FedAvg rounds (round 0 first)."""
    model = np.zeros(hospitals.shards[0][0].shape[1] + 1)
    history = [model]
    for round_id in range(1, rounds + 1):
        updates = [local_update(model[:-1], model[-1], X, y) for X, y in hospitals.shards]
        model = model + aggregate(updates, round_id)
        history.append(model)
    return history


def centralized(hospitals: Hospitals, rounds: int = 20) -> list[np.ndarray]:
    """The same steps on the pooled data: ``LOCAL_STEPS`` gradient steps per round."""
    X, y = hospitals.X_train, hospitals.y_train
    model = np.zeros(X.shape[1] + 1)
    history = [model]
    for _ in range(rounds):
        model = model + local_update(model[:-1], model[-1], X, y)
        history.append(model)
    return history


def without_patient(hospitals: Hospitals, index: int) -> Hospitals:
    """The federation with training patient ``index`` (of ``X_train``) removed from its shard."""
    size = len(hospitals.shards[0][1])
    if not 0 <= index < size * len(hospitals.shards):
        raise ValueError(f"index must be a training patient, 0..{size * len(hospitals.shards) - 1}")
    shard, row = divmod(index, size)
    shards = list(hospitals.shards)
    X, y = shards[shard]
    shards[shard] = (np.delete(X, row, axis=0), np.delete(y, row))
    return dataclasses.replace(hospitals, shards=shards)


def log_losses(model: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each patient's log-loss under ``model`` = [weights, bias]."""
    p = np.clip(sigmoid(X @ model[:-1] + model[-1]), 1e-12, 1 - 1e-12)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def membership_auc(model: np.ndarray, members: tuple, non_members: tuple) -> float:
    """How well "lower loss means trained on" tells members from non-members (0.5: not at all)."""
    losses = np.concatenate([log_losses(model, *members), log_losses(model, *non_members)])
    labels = np.r_[np.ones(len(members[1])), np.zeros(len(non_members[1]))]
    return float(roc_auc_score(labels, -losses))
