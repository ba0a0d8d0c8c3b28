"""Cost of public-key operations (lesson 02) and of age files to a post-quantum recipient.

Per operation (key generation, encrypt or sign, decrypt or verify), the operations per
second and microseconds per operation of the schemes lesson 02 measures (X25519 HPKE,
ML-KEM-768 HPKE, the hybrid MLKEM768-X25519 HPKE, Ed25519, ML-DSA-65), each the best of
three runs (``utils.public_key.measure_speeds``), and their sizes (public key, bytes added
per message: ``measure_sizes``). Then whole-file age encryption (``utils.storage.age``'s
``encrypt_file``) of 1 MiB and 64 MiB to a classic X25519 recipient and to a hybrid
``age1pq1...`` one, best of several runs each, the two recipients alternating; every file
is decrypted once and compared with its plaintext (the script exits with status 1 if one
differs).

Targets: the hybrid KEM runs once per file (it wraps the 16-byte file key; the payload is
ChaCha20-Poly1305 either way), so a 64 MiB file to a hybrid recipient takes within 5% of
the X25519 recipient's time, and a 1 MiB file within 25%.

    .venv/bin/python benchmarks/public_key.py [--json] [--quick]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from utils import public_key
from utils.storage import age

FILE_SIZES_MIB = (1, 64)
TARGETS = {1: 1.25, 64: 1.05}  # hybrid time / X25519 time, at most
RUNS = {1: 9, 64: 5}  # best of this many runs per recipient and size
QUICK_RUNS = {1: 2, 64: 1}
SECONDS, QUICK_SECONDS = 0.2, 0.01  # per run of one operation (measure_speeds)


def operations(seconds: float) -> dict[str, dict[str, dict[str, float]]]:
    """Per scheme and operation: operations per second and microseconds per operation."""
    return {
        scheme: {op: {"ops_per_s": rate, "us_per_op": 1e6 / rate} for op, rate in rates.items()}
        for scheme, rates in public_key.measure_speeds(seconds).items()
    }


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def files(runs: dict[int, int]) -> dict[str, float | int | bool]:
    """Best seconds of ``encrypt_file`` per size and recipient, and the encrypted file's bytes."""
    identities = {"x25519": age.generate_identity(), "hybrid": age.generate_hybrid_identity()}
    result: dict[str, float | int | bool] = {"round_trip": True}
    with tempfile.TemporaryDirectory() as root:
        plain, back = Path(root, "plain.bin"), Path(root, "back.bin")
        for mib in FILE_SIZES_MIB:
            plain.write_bytes(os.urandom(mib << 20))
            best = dict.fromkeys(identities, float("inf"))
            for _ in range(runs[mib]):
                for name, identity in identities.items():
                    out = Path(root, f"{name}.age")
                    out.unlink(missing_ok=True)
                    seconds = _seconds(
                        lambda o=out, i=identity: age.encrypt_file(plain, o, i.recipient)
                    )
                    best[name] = min(best[name], seconds)
            for name, identity in identities.items():
                out = Path(root, f"{name}.age")
                result[f"file_{mib}mib_{name}_s"] = best[name]
                result[f"file_{mib}mib_{name}_bytes"] = out.stat().st_size
                age.decrypt_file(out, back, identity)
                result["round_trip"] &= filecmp.cmp(plain, back, shallow=False)
                back.unlink()
            ratio = best["hybrid"] / best["x25519"]
            result[f"ratio_{mib}mib"] = ratio
            result[f"target_{mib}mib_met"] = ratio <= TARGETS[mib]
    return result


def run(quick: bool = False) -> dict:
    return {
        "sizes": public_key.measure_sizes(),
        "operations": operations(QUICK_SECONDS if quick else SECONDS),
        **files(QUICK_RUNS if quick else RUNS),
    }


def print_report(result: dict) -> None:
    print(f"{'scheme':<24} {'public key B':>12} {'added B':>8}   per operation")
    for scheme, ops in result["operations"].items():
        sizes = result["sizes"][scheme]
        timings = " · ".join(
            f"{op} {v['ops_per_s']:,.0f}/s ({v['us_per_op']:,.0f} µs)" for op, v in ops.items()
        )
        print(
            f"{scheme:<24} {sizes['public key']:>12,} {sizes['added per message']:>8,}   {timings}"
        )
    print("added B: an HPKE encapsulation and tag, or a signature, per message")
    for mib in FILE_SIZES_MIB:
        ratio, met = result[f"ratio_{mib}mib"], result[f"target_{mib}mib_met"]
        x25519, hybrid = (result[f"file_{mib}mib_{name}_bytes"] for name in ("x25519", "hybrid"))
        print(
            f"encrypt_file {mib:>2} MiB: X25519 {result[f'file_{mib}mib_x25519_s']:.4f} s, "
            f"hybrid {result[f'file_{mib}mib_hybrid_s']:.4f} s, ratio {ratio:.3f} "
            f"(target <= {TARGETS[mib]}: {'met' if met else 'NOT met'}); "
            f"the hybrid file is {hybrid - x25519:,} B larger"
        )
    print(f"every file decrypted to its plaintext: {result['round_trip']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="one or two runs, short timings")
    args = parser.parse_args()
    result = run(args.quick)
    if args.json:
        print(json.dumps(result))
    else:
        print_report(result)
    return 0 if result["round_trip"] else 1


if __name__ == "__main__":
    sys.exit(main())
