"""Figures of lesson 06: the gradient leak, FedAvg accuracy, masked updates."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from utils.plots.style import NEUTRAL, PALETTE, UNSAFE


def gradient_leak_figure(batch_sizes: list[int], leak: dict[str, np.ndarray]) -> plt.Figure:
    """Lesson 06: what update_w / update_b reveals against the batch size, two panels."""
    fig, (near, member) = plt.subplots(1, 2, figsize=(9, 3.6))
    near.plot(batch_sizes, leak["distance"], marker="o", color=UNSAFE)
    member.plot(batch_sizes, 100 * leak["hit_rate"], marker="o", color=UNSAFE, label="attack")
    member.plot(batch_sizes, 100 * leak["chance"], ls="--", color=NEUTRAL, label="random guess")
    near.set(title="Guess to the batch's closest patient", ylabel="distance / typical distance")
    member.set(title="Closest patient in the batch?", ylabel="% of batches")
    for ax in (near, member):
        ax.set(xscale="log", xlabel="patients in the one-step batch (log scale)")
        ax.set_xticks(batch_sizes, [str(size) for size in batch_sizes])
    member.legend()
    fig.tight_layout()
    return fig


def fedavg_accuracy_figure(curves: dict[str, list[float]]) -> plt.Figure:
    """Lesson 06: test accuracy (0-1) after each round, one line per way of training."""
    fig, ax = plt.subplots()
    for (label, accuracy), style in zip(curves.items(), ("-o", "--s", ":^"), strict=False):
        ax.plot(100 * np.asarray(accuracy), style, label=label, markersize=4)
    ax.set(title="Test accuracy per round", xlabel="round", ylabel="test accuracy (%)")
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(loc="lower right")
    return fig


def uint32_histogram_figure(panels: dict[str, list[np.ndarray]], bins: int = 64) -> plt.Figure:
    """Lesson 06: where uint32 numbers fall in [0, 2**32), one panel per list of vectors."""
    fig, axes = plt.subplots(1, len(panels), figsize=(4.5 * len(panels), 3.4), sharey=True)
    axes = np.atleast_1d(axes)
    for ax, (label, vectors), colour in zip(axes, panels.items(), PALETTE, strict=False):
        values = np.concatenate([np.ravel(v) for v in vectors]) / 2.0**32
        ax.hist(values, bins=bins, range=(0, 1), color=colour)
        ax.axhline(len(values) / bins, color="black", ls="--", lw=1, label="uniform")
        ax.set(title=label, xlabel="value / 2^32 (negatives sit near 1)")
    axes[0].set(ylabel=f"numbers per bin ({bins} bins)")
    axes[0].legend()
    fig.tight_layout()
    return fig
