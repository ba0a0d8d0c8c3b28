"""Figures of lesson 00: the threat model and brute-force cost."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from utils.plots.style import PALETTE


def threat_model_figure() -> plt.Figure:
    """Lesson 00's map of an ML pipeline, each stage coloured by the state of its data."""
    colours = {"at rest": PALETTE[0], "in transit": PALETTE[1], "in use": PALETTE[3]}
    stages = [
        ("raw data\n(bucket)", "at rest", 0.0),
        ("training job", "in use", 1.5),
        ("model registry", "at rest", 3.0),
        ("inference API", "in use", 4.5),
        ("client app", "at rest", 6.6),
    ]
    fig, ax = plt.subplots(figsize=(9, 2.6))
    for label, state, x in stages:
        ax.add_patch(
            mpl.patches.FancyBboxPatch(
                (x, 0.3), 1.1, 0.8, boxstyle="round,pad=0.05", color=colours[state], alpha=0.85
            )
        )
        ax.text(x + 0.55, 0.7, label, ha="center", va="center", color="white", fontsize=9)
    pipeline = zip(stages[:-2], stages[1:-1], strict=True)  # one-way up to the inference API
    for (_, _, x), (_, _, nxt) in pipeline:
        _transit_arrow(ax, x + 1.15, nxt - 0.05, 0.7, colours["in transit"])
    api_end, app_start = stages[-2][2] + 1.15, stages[-1][2] - 0.05
    for start, end, y, label, side in [
        (app_start, api_end, 0.85, "features", "bottom"),  # label above the arrow
        (api_end, app_start, 0.55, "predictions", "top"),  # label below the arrow
    ]:
        _transit_arrow(ax, start, end, y, colours["in transit"])
        label_y = y + 0.05 if side == "bottom" else y - 0.05
        ax.text((start + end) / 2, label_y, label, ha="center", va=side, fontsize=7.5)
    for state, colour in colours.items():
        ax.plot([], [], "s", color=colour, label=f"data {state}", markersize=10)
    ax.legend(loc="upper center", ncol=3, bbox_to_anchor=(0.5, 0.05))
    ax.set(xlim=(-0.2, 7.9), ylim=(-0.3, 1.3), title="Where an ML pipeline's data lives")
    ax.axis("off")
    return fig


def _transit_arrow(ax: plt.Axes, start: float, end: float, y: float, colour: str) -> None:
    """An arrow from x=``start`` to x=``end`` at height ``y``: data in transit."""
    ax.annotate(
        "",
        xy=(end, y),
        xytext=(start, y),
        arrowprops={"arrowstyle": "->", "color": colour, "lw": 2},
    )


def brute_force_figure(
    key_bits: np.ndarray, years: dict[str, np.ndarray], universe_years: float
) -> plt.Figure:
    """Lesson 00: years to try every key against key length, one line per attacker."""
    fig, ax = plt.subplots()
    for label, curve in years.items():
        ax.semilogy(key_bits, curve, label=label)
    ax.axhline(universe_years, color="black", ls="--", lw=1, label="age of the universe")
    ax.axvline(128, color="gray", ls=":", lw=1.5, label="128-bit keys")
    ax.set(title="Time to try every key", xlabel="key length (bits)", ylabel="years (log scale)")
    ax.legend()
    return fig
