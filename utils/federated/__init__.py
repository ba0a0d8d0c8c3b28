"""Federated learning with secure aggregation: lesson 06's reference implementation.

``from utils import federated`` gives the whole API; its rooms are ``fixed_point`` (float
updates as integers modulo 2**32), ``masks`` (pairwise seeds, ChaCha20 masks, the self
mask), ``shamir`` (t-of-n secret sharing), ``secagg`` (one round with dropouts) and
``training`` (FedAvg in NumPy and what updates and models leak).
"""

from utils.federated import shamir
from utils.federated.fixed_point import (
    MODULUS,
    add,
    decode,
    encode,
    fits,
    overflow_safe_scale,
    to_signed,
)
from utils.federated.masks import (
    PAIR_LABEL,
    add_self_mask,
    byte_uniformity,
    expand_mask,
    mask_update,
    new_self_seed,
    pair_info,
    pair_seed,
)
from utils.federated.secagg import (
    RoundResult,
    SecureMean,
    ShareVerificationError,
    default_threshold,
    secure_sum,
    secure_sum_without_self_mask_for_demo,
)
from utils.federated.training import (
    Hospitals,
    accuracy,
    batch_leak,
    centralized,
    fedavg,
    gradients,
    hospital_shards,
    local_update,
    log_losses,
    membership_auc,
    plain_mean,
    recover_record,
    sigmoid,
    without_patient,
)

__all__ = [
    "MODULUS",
    "PAIR_LABEL",
    "Hospitals",
    "RoundResult",
    "SecureMean",
    "ShareVerificationError",
    "accuracy",
    "add",
    "add_self_mask",
    "batch_leak",
    "byte_uniformity",
    "centralized",
    "decode",
    "default_threshold",
    "encode",
    "expand_mask",
    "fedavg",
    "fits",
    "gradients",
    "hospital_shards",
    "local_update",
    "log_losses",
    "mask_update",
    "membership_auc",
    "new_self_seed",
    "overflow_safe_scale",
    "pair_info",
    "pair_seed",
    "plain_mean",
    "recover_record",
    "secure_sum",
    "secure_sum_without_self_mask_for_demo",
    "shamir",
    "sigmoid",
    "to_signed",
    "without_patient",
]
