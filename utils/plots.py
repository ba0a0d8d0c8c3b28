"""The course's one figure style, and the few plot helpers more than one lesson needs."""

from __future__ import annotations

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
