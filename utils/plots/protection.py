"""Figures of lesson 05: bit flips in weights, surrogate agreement."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from utils.plots.style import NEUTRAL, PALETTE, UNSAFE

FLOAT64_MANTISSA_BITS = np.finfo(np.float64).nmant  # 52: bits 0-51; 11 exponent bits; 1 sign bit


def bit_flip_figure(flips: np.ndarray, weight_index: int, patients: int) -> plt.Figure:
    """Lesson 05: for each of the 64 bits of one float64 weight, the diagnoses its flip changes."""
    flips = np.asarray(flips)
    if flips.shape != (64,):
        raise ValueError(f"flips must hold one count per bit of a float64 (64), got {flips.shape}")
    sign_bit = flips.size - 1
    parts = {
        "mantissa bits": (np.arange(0, FLOAT64_MANTISSA_BITS), NEUTRAL),
        "exponent bits": (np.arange(FLOAT64_MANTISSA_BITS, sign_bit), UNSAFE),
        "sign bit": (np.arange(sign_bit, flips.size), PALETTE[1]),
    }
    fig, ax = plt.subplots(figsize=(9, 3.8))
    for label, (bits, colour) in parts.items():
        ax.bar(bits, flips[bits], color=colour, label=label)
    ax.set_yscale("symlog", linthresh=1)
    ax.set_ylim(0, patients * 2)
    ax.set(
        title=f"One flipped bit in weight {weight_index}: diagnoses that change (of {patients})",
        xlabel="bit position in the float64 weight",
        ylabel="patients whose diagnosis flips",
    )
    ax.legend(loc="upper left")
    return fig


def agreement_figure(
    budgets: np.ndarray, agreement: dict[str, np.ndarray], evaluated_on: int
) -> plt.Figure:
    """Lesson 05: a surrogate's agreement with the victim (0-1) against the query budget."""
    fig, ax = plt.subplots()
    for (label, curve), colour in zip(agreement.items(), PALETTE, strict=False):
        ax.plot(budgets, 100 * np.asarray(curve), marker="o", color=colour, label=label)
    ax.set_xscale("log")
    ax.set(
        title="Surrogate agreement with the victim vs. queries",
        xlabel="queries to the prediction API (log scale)",
        ylabel=f"agreement on {evaluated_on:,} random inputs (%)",
    )
    ax.legend(title="what the API reveals")
    return fig
