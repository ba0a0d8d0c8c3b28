"""Figures of lesson 04: CKKS slots, the depth budget, precision, cost, packing, sigmoid fits."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from utils.plots.style import NEUTRAL, PALETTE, UNSAFE


def ckks_slots_figure(
    rows: dict[str, np.ndarray], highlight: dict[tuple[int, int], str]
) -> plt.Figure:
    """Lesson 04's Figure 1: the first ten slots and the last one of each decrypted ciphertext.

    ``rows`` maps a label to every slot of one ciphertext (``he.all_slots``); ``highlight``
    maps (row, slot) to the colour that marks it (slot ``-1`` is the last one).
    """
    if not rows:
        raise ValueError("ckks_slots_figure needs at least one row, as a dict of label -> slots")
    last = len(next(iter(rows.values()))) - 1
    shown = {slot: slot for slot in range(10)} | {last: 11}  # slot -> column, a gap before last
    marked = {
        (row, last if slot == -1 else slot): colour for (row, slot), colour in highlight.items()
    }
    fig, ax = plt.subplots(figsize=(10, 3.2))
    for row, slots in enumerate(rows.values()):
        for slot, column in shown.items():
            value = np.round(slots[slot]) + 0.0  # + 0.0 turns -0 into 0
            colour = marked.get((row, slot), NEUTRAL)
            alpha = 0.45 if (row, slot) in marked else 0.2 if value else 0.05
            ax.add_patch(
                plt.Rectangle((column - 0.45, row - 0.4), 0.9, 0.8, color=colour, alpha=alpha)
            )
            ax.text(column, row, f"{value:.0f}", ha="center", va="center", fontsize=8.5)
        ax.text(10, row, "…", ha="center", va="center")
    ax.set_yticks(range(len(rows)), list(rows), family="monospace", fontsize=8.5)
    ax.set_xticks(list(shown.values()), [str(slot) for slot in shown])
    ax.set(xlim=(-0.6, 11.6), ylim=(len(rows) - 0.5, -0.5), xlabel="slot number")
    ax.set_title(f"The slots of a ciphertext (N = {2 * (last + 1)}: {last + 1} slots)")
    ax.grid(False)
    ax.tick_params(length=0)
    ax.spines[["left", "bottom"]].set_visible(False)
    return fig


def depth_budget_figure(chain: list[int], levels: list[dict], error: str) -> plt.Figure:
    """Lesson 04's Figure 2: the primes a ciphertext carries, multiplication after multiplication.

    ``chain`` is the coefficient-modulus chain in bits; ``levels`` and ``error`` are what
    ``he.multiplication_trace`` returns for it.
    """
    scale_bits = levels[0]["scale_bits"]
    rows = [(level["primes_left"], scale_bits) for level in levels] + [(1, 2 * scale_bits)]
    starts = np.cumsum([0, *chain[:-1]])  # where each prime starts, in bits
    fig, ax = plt.subplots(figsize=(9.5, 3.4))
    for row, (primes_left, value_bits) in enumerate(rows):
        for i, (start, bits) in enumerate(zip(starts[:-1], chain[:-1], strict=True)):
            kept = {"color": NEUTRAL, "alpha": 0.35} if i < primes_left else {"fill": False}
            hatch = "//" * (i >= primes_left)
            ax.barh(row, bits, left=start, height=0.6, edgecolor=NEUTRAL, hatch=hatch, **kept)
            ax.text(start + bits / 2, row, f"p{i}: {bits}", ha="center", va="center", fontsize=8)
        colour = "black" if row < len(levels) else UNSAFE
        ax.plot([0, value_bits], [row + 0.38] * 2, color=colour, lw=3)
    special = len(chain) - 1
    ax.barh(len(rows), chain[-1], left=starts[-1], height=0.6, color=PALETTE[1], alpha=0.4)
    ax.text(
        starts[-1] + chain[-1] / 2,
        len(rows),
        f"p{special}: {chain[-1]}",
        ha="center",
        va="center",
        fontsize=8,
    )
    labels = ["fresh ciphertext", *(f"after multiplication {k}" for k in range(1, len(levels)))]
    labels += [f"multiplication {len(levels)}: {error}", "special prime"]
    ax.set_yticks(range(len(rows) + 1), labels)
    ax.set(xlim=(0, 1.17 * sum(chain)), xlabel="bits of the coefficient modulus q = p0 · p1 · …")
    ax.set_title("The depth budget: one prime per multiplication")
    ax.invert_yaxis()
    legend = [
        mpl.patches.Patch(color=NEUTRAL, alpha=0.35, label="prime the ciphertext carries"),
        mpl.patches.Patch(
            fill=False, hatch="//", edgecolor=NEUTRAL, label="prime dropped by rescaling"
        ),
        mpl.lines.Line2D(
            [], [], color="black", lw=3, label=f"encoded value (scale 2^{scale_bits:.0f})"
        ),
        mpl.lines.Line2D(
            [], [], color=UNSAFE, lw=3, label=f"product (scale 2^{2 * scale_bits:.0f})"
        ),
    ]
    ax.legend(handles=legend, loc="upper right", fontsize=8)
    return fig


def precision_figure(precision: dict) -> plt.Figure:
    """Lesson 04's Figure 3: CKKS error against the scale (``he.precision_vs_scale_bits``)."""
    bits = precision["scale_bits"]
    fig, ax = plt.subplots()
    ax.semilogy(bits, precision["encrypt_max_error"], "o-", label="encrypt, then decrypt")
    ax.semilogy(bits, precision["multiply_max_error"], "s-", label="one multiplication x · y")
    ax.set(
        title=f"CKKS precision against the scale (N = {precision['poly_modulus_degree']})",
        xlabel="scale bits (scale = 2^bits)",
        ylabel="max absolute error (log scale)",
    )
    ax.legend()
    return fig


def parameter_cost_figure(cost: dict) -> plt.Figure:
    """Lesson 04's Figure 4: ciphertext size and time per operation against N
    (``he.cost_vs_poly_modulus_degree``)."""
    fig, (ax_size, ax_time) = plt.subplots(1, 2, figsize=(9, 3.6))
    labels = [str(n) for n in cost["poly_modulus_degree"]]
    ax_size.bar(labels, cost["ciphertext_bytes"] / 1e3, color=NEUTRAL)
    ax_size.set(title="Ciphertext size", xlabel="poly_modulus_degree N", ylabel="size (kB)")
    positions = np.arange(len(labels))
    ax_time.bar(positions - 0.2, cost["encrypt_ms"], width=0.4, label="encrypt")
    ax_time.bar(positions + 0.2, cost["multiply_ms"], width=0.4, label="multiply")
    ax_time.set(
        title="Time per operation",
        xlabel="poly_modulus_degree N",
        ylabel="time (ms)",
        xticks=positions,
        xticklabels=labels,
    )
    ax_time.legend()
    fig.tight_layout()
    return fig


def packing_figure(timings: dict) -> plt.Figure:
    """Lesson 04's Figure 5: latency and throughput of both packings against the batch size
    (``he.lr_packing_timings``)."""
    sizes = timings["batch_sizes"]
    fig, (ax_latency, ax_throughput) = plt.subplots(1, 2, figsize=(9, 3.6))
    for key, label in (
        ("per_sample_seconds", "one patient per ciphertext"),
        ("packed_seconds", "packed"),
    ):
        times_ms = 1000 * timings[key]
        ax_latency.plot(sizes, times_ms, "o-", label=label)
        ax_throughput.plot(sizes, 1000 * sizes / times_ms, "o-", label=label)
    ax_latency.set(title="Latency of one batch", ylabel="round trip (ms)")
    ax_throughput.set(title="Throughput", ylabel="patients / s")
    for ax in (ax_latency, ax_throughput):
        ax.set(xlabel="patients in the batch (log scale)", xscale="log", yscale="log")
        ax.set_xticks(sizes, [str(size) for size in sizes])
        ax.set_xticks([], minor=True)
    ax_latency.legend()
    fig.tight_layout()
    return fig


def sigmoid_fits_figure(fits: dict[str, np.ndarray], input_range: float) -> plt.Figure:
    """Lesson 04's Figure 6: polynomial fits of the sigmoid and their errors on
    [-input_range, input_range]; ``fits`` maps a label to coefficients, lowest degree first."""
    from utils.he.models import sigmoid, sigmoid_polynomial  # here: only lesson 04 loads he

    grid = np.linspace(-input_range, input_range, 801)
    exact = sigmoid(grid)
    fig, (ax_curve, ax_error) = plt.subplots(1, 2, figsize=(10, 3.8))
    ax_curve.plot(grid, exact, color="black", lw=2.5, label="sigmoid")
    for label, coefficients in fits.items():
        approximation = sigmoid_polynomial(grid, coefficients)
        ax_curve.plot(grid, approximation, label=label)
        ax_error.plot(grid, np.abs(approximation - exact), label=label)
    ax_curve.set(title="Polynomial approximations of the sigmoid", xlabel="logit", ylabel="output")
    ax_curve.set_ylim(-0.6, 1.6)
    ax_error.set(
        title="Approximation error", xlabel="logit", ylabel="|polynomial - sigmoid| (log scale)"
    )
    ax_error.set(yscale="log", ylim=(1e-3, 1e3))
    fig.legend(*ax_curve.get_legend_handles_labels(), loc="lower center", ncol=3)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig
