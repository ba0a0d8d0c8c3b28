"""Figures of lesson 03: stored values of encrypted columns, throughput."""

from __future__ import annotations

from collections import Counter

import matplotlib.pyplot as plt
import numpy as np

from utils.plots.style import NEUTRAL, SAFE, UNSAFE


def _draw_stored_values(ax: plt.Axes, label: str, counts: Counter) -> None:
    """Bar chart of the four most common stored values of one column: what a copy shows."""
    top = counts.most_common(4)
    is_plaintext = isinstance(top[0][0], str)
    names = [value if is_plaintext else value[:3].hex() + "…" for value, _ in top]
    repeats = len(counts) < 10
    colour = NEUTRAL if is_plaintext else UNSAFE if repeats else SAFE
    ax.bar(names, [count for _, count in top], color=colour)
    ax.set_title(f"{label}\n{len(counts)} distinct", fontweight="normal", fontsize=9)
    ax.set_xlabel("diagnosis" if is_plaintext else "stored value (first 3 bytes, hex)")
    ax.tick_params(axis="x", labelsize=8, rotation=30)
    if not repeats:
        lengths = ", ".join(str(n) for n in sorted({len(value) for value in counts}))
        note = f"{len(counts)} values,\neach stored once,\nlength {lengths} bytes"
        ax.text(0.5, 0.5, note, transform=ax.transAxes, ha="center", va="center")


def stored_values_figure(seen: dict[str, Counter]) -> plt.Figure:
    """Lesson 03: one panel per way of storing a column, its most common stored values.

    ``seen`` maps a label to a Counter of stored values: strings for the plaintext (blue),
    bytes for ciphertexts (red when values repeat, green when each is stored once).
    """
    if not seen:
        raise ValueError("stored_values_figure needs at least one column, as label -> Counter")
    fig, axes = plt.subplots(1, len(seen), figsize=(3 * len(seen), 3.8), sharey=True)
    for ax, (label, counts) in zip(np.atleast_1d(axes), seen.items(), strict=True):
        _draw_stored_values(ax, label, counts)
    np.atleast_1d(axes)[0].set_ylabel("rows with this stored value")
    fig.suptitle(
        "What a copy of the database shows about the diagnosis column (most common stored values)",
        fontweight="bold",
    )
    fig.tight_layout()
    return fig


def _size_label(size: int) -> str:
    """``65536`` -> ``"64 KiB"``, ``1048576`` -> ``"1 MiB"``: a power-of-two size for an axis."""
    for unit, scale in (("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} B"


def throughput_figure(sizes: list[int], throughput: dict[str, list[float]]) -> plt.Figure:
    """Lesson 03: MB/s against data size (bytes, log scale), one line per method."""
    fig, ax = plt.subplots()
    for name, mb_s in throughput.items():
        ax.plot(sizes, mb_s, marker="o", label=name)
    ax.set_xscale("log", base=2)
    ax.set_xticks(sizes, labels=[_size_label(size) for size in sizes])
    ax.set(
        title="Encryption throughput against data size",
        xlabel="data size (log scale)",
        ylabel="throughput (MB/s)",
    )
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right")
    return fig
