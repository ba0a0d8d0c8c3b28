"""Per-sample against packed CKKS inference (lesson 04's packing claims).

Logistic regression on the full breast-cancer test split and the digits MLP on the full
digits test split, same machine and run, 128-bit secure parameters from ``utils.he``.

For the packed MLP it also times every operation by kind (``packed_operations``): the
thousands of products with plain weights, not the few ciphertext squarings, take most of
the server's time.

Throughput ``*_samples_per_s`` is the server's: samples per second of encrypted model
evaluation on ciphertexts it received. ``*_end_to_end_samples_per_s`` adds the client's
encryption and decryption. The per-sample MLP (about 1 s per sample) is timed on a subset.

    .venv/bin/python benchmarks/he_inference.py [--json] [--mlp-subset N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

import numpy as np

from utils import he

PACKED_REPEATS = 3


def _timed(fn: Callable, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def _run(encrypt, server, decrypt_all, X) -> tuple[np.ndarray, float, float]:
    """Decrypted outputs, server seconds and end-to-end seconds of one pass over ``X``."""
    encrypted, encrypt_s = _timed(encrypt, X)
    outputs, server_s = _timed(server, encrypted)
    decrypted, decrypt_s = _timed(decrypt_all, outputs)
    return decrypted, server_s, encrypt_s + server_s + decrypt_s


def _run_packed(encrypt, server, decrypt_all, X) -> tuple[np.ndarray, float, float]:
    """Like ``_run``, median times of PACKED_REPEATS passes (a pass takes well under 1 s)."""
    runs = [_run(encrypt, server, decrypt_all, X) for _ in range(PACKED_REPEATS)]
    return (
        runs[0][0],
        float(np.median([r[1] for r in runs])),
        float(np.median([r[2] for r in runs])),
    )


def bench_lr() -> dict:
    model = he.load_breast_cancer_model()
    ctx = he.LR_PARAMS.context(galois_keys=True)
    X, y, n = model.X_test, model.y_test, len(model.X_test)
    plain = model.logits(X)
    per_sample, ps_server, ps_total = _run(
        lambda data: he.encrypt_samples(ctx, data),
        lambda enc: he.server_lr_per_sample(enc, model.weights, model.bias),
        lambda outs: np.array([he.decrypt(o)[0] for o in outs]),
        X,
    )
    packed, pk_server, pk_total = _run_packed(
        lambda data: he.encrypt_feature_columns(ctx, data),
        lambda enc: he.server_lr_packed(enc, model.weights, model.bias),
        he.decrypt,
        X,
    )
    return {
        "per_sample_samples_per_s": n / ps_server,
        "packed_samples_per_s": n / pk_server,
        "per_sample_end_to_end_samples_per_s": n / ps_total,
        "packed_end_to_end_samples_per_s": n / pk_total,
        "accuracy_plain": float(np.mean((plain > 0) == y)),
        "accuracy_per_sample": float(np.mean((per_sample > 0) == y)),
        "accuracy_packed": float(np.mean((packed > 0) == y)),
        "max_logit_error": float(
            max(np.abs(per_sample - plain).max(), np.abs(packed - plain).max())
        ),
        "samples": n,
        "params": str(he.LR_PARAMS),
    }


def bench_mlp(subset: int) -> dict:
    model = he.train_digits_mlp()
    ctx = he.DEPTH3_PARAMS.context(galois_keys=True)
    X, y, n = model.X_test, model.y_test, len(model.X_test)
    plain = model.logits(X)
    per_sample, ps_server, ps_total = _run(
        lambda data: he.encrypt_samples(ctx, he.add_constant_feature(data)),
        lambda enc: he.server_mlp_per_sample(enc, model),
        lambda outs: np.array([he.decrypt(o) for o in outs]),
        X[:subset],
    )
    packed, pk_server, pk_total = _run_packed(
        lambda data: he.encrypt_feature_columns(ctx, data),
        lambda enc: he.server_mlp_packed(enc, model),
        lambda outs: np.column_stack([he.decrypt(o) for o in outs]),
        X,
    )
    profile = he.profile_packed_mlp(ctx, X, model)
    operations = {
        kind: {
            "count": count,
            "ms_each": 1000 * seconds / count,
            "share_of_server_time": seconds / profile["server_seconds"],
        }
        for kind, (count, seconds) in profile["operations"].items()
    }
    return {
        "per_sample_samples_per_s": subset / ps_server,
        "packed_samples_per_s": n / pk_server,
        "per_sample_end_to_end_samples_per_s": subset / ps_total,
        "packed_end_to_end_samples_per_s": n / pk_total,
        "accuracy_plain": float(np.mean(plain.argmax(1) == y)),
        "accuracy_packed": float(np.mean(packed.argmax(1) == y)),
        "argmax_agreement": float(np.mean(packed.argmax(1) == plain.argmax(1))),
        "max_logit_error": float(np.abs(packed - plain).max()),
        "per_sample_subset": subset,
        "per_sample_argmax_agreement": float(
            np.mean(per_sample.argmax(1) == plain[:subset].argmax(1))
        ),
        "per_sample_max_logit_error": float(np.abs(per_sample - plain[:subset]).max()),
        "packed_operations": operations,
        "samples": n,
        "params": str(he.DEPTH3_PARAMS),
    }


def print_table(results: dict) -> None:
    lr, mlp = results["lr"], results["mlp"]
    rows = [
        ("", "logistic regression", "MLP 64-32-10"),
        ("parameters (128-bit)", lr["params"], mlp["params"]),
        ("test samples", f"{lr['samples']}", f"{mlp['samples']}"),
        (
            "server, per sample",
            f"{lr['per_sample_samples_per_s']:,.0f} samples/s",
            f"{mlp['per_sample_samples_per_s']:,.2f} samples/s *",
        ),
        (
            "server, packed",
            f"{lr['packed_samples_per_s']:,.0f} samples/s",
            f"{mlp['packed_samples_per_s']:,.0f} samples/s",
        ),
        (
            "packed speed-up (server)",
            f"{lr['packed_samples_per_s'] / lr['per_sample_samples_per_s']:,.0f}x",
            f"{mlp['packed_samples_per_s'] / mlp['per_sample_samples_per_s']:,.0f}x",
        ),
        (
            "end to end, per sample",
            f"{lr['per_sample_end_to_end_samples_per_s']:,.0f} samples/s",
            f"{mlp['per_sample_end_to_end_samples_per_s']:,.2f} samples/s *",
        ),
        (
            "end to end, packed",
            f"{lr['packed_end_to_end_samples_per_s']:,.0f} samples/s",
            f"{mlp['packed_end_to_end_samples_per_s']:,.0f} samples/s",
        ),
        (
            "accuracy plain / packed",
            f"{lr['accuracy_plain']:.4f} / {lr['accuracy_packed']:.4f}",
            f"{mlp['accuracy_plain']:.4f} / {mlp['accuracy_packed']:.4f}",
        ),
        ("accuracy per sample", f"{lr['accuracy_per_sample']:.4f}", "-"),
        ("argmax agreement (packed)", "-", f"{mlp['argmax_agreement']:.4f}"),
        (
            "max logit error",
            f"{lr['max_logit_error']:.2e}",
            f"{mlp['max_logit_error']:.2e} (per sample {mlp['per_sample_max_logit_error']:.2e})",
        ),
    ]
    for kind, op in mlp["packed_operations"].items():
        rows.append(
            (
                f"packed MLP: {kind}",
                "-",
                f"{op['count']:,} x {op['ms_each']:.2f} ms, "
                f"{op['share_of_server_time']:.0%} of server time",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        f"* per-sample MLP timed on the first {mlp['per_sample_subset']} of "
        f"{mlp['samples']} test samples."
    )
    print("server = encrypted evaluation only; end to end adds client encryption and decryption.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--mlp-subset", type=int, default=10, help="samples for the per-sample MLP timing"
    )
    args = parser.parse_args()
    if args.mlp_subset < 1:
        parser.error("--mlp-subset must be at least 1")
    results = {"lr": bench_lr(), "mlp": bench_mlp(args.mlp_subset)}
    if args.json:
        print(json.dumps(results))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
