"""The course's one figure style, and each lesson's figures behind a named function.

The general helpers come first; then one block per lesson (``# --- lesson NN figures``),
so a notebook cell keeps the line it teaches and calls one function for the plumbing.
"""

from __future__ import annotations

from collections import Counter

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

PALETTE = ["#1f5f8b", "#e07b39", "#3a9a5b", "#b23a48", "#7a5195", "#8c8c8c"]
SAFE, UNSAFE, NEUTRAL = PALETTE[2], PALETTE[3], PALETTE[0]


def use_course_style() -> None:
    """Set the course's matplotlib style (PNG output, readable sizes, one palette)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (7.5, 3.6),
            "figure.dpi": 90,
            "savefig.format": "png",
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titleweight": "bold",
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "font.size": 10,
            "legend.frameon": False,
        }
    )


def image_row(images: dict[str, np.ndarray], title: str, cmap: str = "gray") -> plt.Figure:
    """Show ``images`` side by side, each titled with its key, without axes."""
    if not images:
        raise ValueError("image_row needs at least one image, as a dict of title -> array")
    fig, axes = plt.subplots(1, len(images), figsize=(3.2 * len(images), 3.4))
    for ax, (label, image) in zip(np.atleast_1d(axes), images.items(), strict=True):
        ax.imshow(image, cmap=cmap, interpolation="nearest")
        ax.set_title(label, fontweight="normal")
        ax.axis("off")
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


# --- lesson 00 figures


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


# --- lesson 03 figures


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


# --- lesson 04 figures (homomorphic inference): each takes what a lesson cell measured ---


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


# --- lesson 05 figures

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
