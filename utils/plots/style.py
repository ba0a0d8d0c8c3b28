"""The course's one figure style: palette, matplotlib settings, a row of images."""

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
