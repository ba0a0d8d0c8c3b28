"""The course's one figure style (``style``) and each lesson's figures behind a named
function, one module per lesson, so a notebook cell keeps the line it teaches and calls
one function for the plumbing. Everything is importable from ``utils.plots``."""

from utils.plots.federated import (
    fedavg_accuracy_figure,
    gradient_leak_figure,
    uint32_histogram_figure,
)
from utils.plots.he import (
    ckks_slots_figure,
    depth_budget_figure,
    packing_figure,
    parameter_cost_figure,
    precision_figure,
    sigmoid_fits_figure,
)
from utils.plots.protection import agreement_figure, bit_flip_figure
from utils.plots.public_key import mosca_figure, pq_cost_figure
from utils.plots.storage import stored_values_figure, throughput_figure
from utils.plots.style import NEUTRAL, PALETTE, SAFE, UNSAFE, image_row, use_course_style
from utils.plots.threats import brute_force_figure, threat_model_figure

__all__ = [
    "NEUTRAL",
    "PALETTE",
    "SAFE",
    "UNSAFE",
    "image_row",
    "use_course_style",
    "threat_model_figure",
    "brute_force_figure",
    "mosca_figure",
    "pq_cost_figure",
    "stored_values_figure",
    "throughput_figure",
    "ckks_slots_figure",
    "depth_budget_figure",
    "precision_figure",
    "parameter_cost_figure",
    "packing_figure",
    "sigmoid_fits_figure",
    "bit_flip_figure",
    "agreement_figure",
    "gradient_leak_figure",
    "fedavg_accuracy_figure",
    "uint32_histogram_figure",
]
