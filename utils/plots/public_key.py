"""Figures of lesson 02: the quantum timeline and the cost of post-quantum keys."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from utils.plots.style import PALETTE, SAFE, UNSAFE


def mosca_figure(secret_years: dict[str, float], migration: float, quantum: float) -> plt.Figure:
    """Lesson 02: Mosca's x + y > z, one bar per kind of data: from today through the
    ``migration`` years (y, data still encrypted the old way), then the years it must stay
    secret (x); the dashed line is ``quantum`` (z), an assumed year count, not a forecast."""
    if not secret_years:
        raise ValueError("mosca_figure needs at least one kind of data, as label -> years")
    fig, ax = plt.subplots(figsize=(8.5, 3.2))
    for row, years in enumerate(secret_years.values()):
        ax.barh(row, migration, color=PALETTE[5], alpha=0.6)
        ax.barh(row, years, left=migration, color=UNSAFE if migration + years > quantum else SAFE)
    ax.axvline(quantum, color=PALETTE[1], ls="--", lw=2)
    ax.set_yticks(range(len(secret_years)), list(secret_years))
    ax.invert_yaxis()
    legend = [
        mpl.patches.Patch(color=PALETTE[5], alpha=0.6, label=f"y: migration, {migration:g} years"),
        mpl.patches.Patch(color=SAFE, label="x: secret until before z"),
        mpl.patches.Patch(color=UNSAFE, label="x: secret past z (x + y > z)"),
        mpl.lines.Line2D([], [], color=PALETTE[1], ls="--", label=f"z: assumed {quantum:g} years"),
    ]
    ax.legend(handles=legend, loc="upper right", fontsize=8, frameon=True)
    ax.set(title="Harvest now, decrypt later: Mosca's x + y > z", xlabel="years from today")
    ax.grid(axis="y", visible=False)
    return fig


def pq_cost_figure(sizes: dict[str, dict], speeds: dict[str, dict]) -> plt.Figure:
    """Lesson 02: each scheme's bytes (``public_key.measure_sizes``) and operations per
    second (``public_key.measure_speeds``), as grouped bars on log scales, side by side."""
    if not sizes or not speeds:
        raise ValueError("pq_cost_figure needs sizes and speeds, as scheme -> {name: value}")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, table, unit in zip(axes, (sizes, speeds), ("bytes", "operations / s"), strict=True):
        columns = list(next(iter(table.values())))
        width, positions = 0.8 / len(columns), np.arange(len(table))
        for k, column in enumerate(columns):
            offset = (k - (len(columns) - 1) / 2) * width
            ax.bar(positions + offset, [row[column] for row in table.values()], width, label=column)
        ax.set_xticks(positions, list(table), fontsize=8, rotation=20, ha="right")
        lowest = min(value for row in table.values() for value in row.values())
        ax.set(yscale="log", ylim=(lowest / 3, None), ylabel=f"{unit} (log scale)")
        ax.legend(fontsize=8)
    axes[0].set_title("Sizes (the same on every machine)")
    axes[1].set_title("Speed on this machine (higher is faster)")
    fig.tight_layout()
    return fig
