"""Throughput and memory of streaming age encryption (utils.storage) on a 256 MiB file.

Streams the file through ``encrypt_file`` and ``decrypt_file`` in a fresh subprocess (so
its peak RSS growth is not polluted by this process), encrypts the same bytes with one
in-memory ChaCha20-Poly1305 call, and runs pyrage (the Rust age implementation) on the
same file for comparison.

    .venv/bin/python benchmarks/storage_throughput.py [--json] [--size-mib 256]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_BLOCK = 8 * 1024 * 1024
_REPEATS = 3


def _peak_rss_mib() -> float:
    """Peak resident set size of this process (VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found in /proc/self/status (Linux is required).")


def _best_seconds(action, output: Path | None = None) -> float:
    """Best wall time of ``_REPEATS`` runs; ``output`` is deleted before each (untimed)."""
    timings = []
    for _ in range(_REPEATS):
        if output is not None:
            output.unlink(missing_ok=True)
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def _child_stream(src: Path, workdir: Path) -> dict[str, float]:
    """Run in a fresh process: time encrypt_file/decrypt_file and measure peak RSS growth."""
    from utils.storage import decrypt_file, encrypt_file, generate_identity

    identity = generate_identity()
    encrypted, decrypted = workdir / "stream.age", workdir / "stream.out"
    tiny = workdir / "tiny.bin"
    tiny.write_bytes(b"warm-up")
    encrypt_file(tiny, workdir / "tiny.age", identity.recipient)  # load lazily imported code
    decrypt_file(workdir / "tiny.age", tiny, identity)
    baseline = _peak_rss_mib()
    encrypt_s = _best_seconds(lambda: encrypt_file(src, encrypted, identity.recipient), encrypted)
    decrypt_s = _best_seconds(lambda: decrypt_file(encrypted, decrypted, identity), decrypted)
    return {
        "encrypt_s": encrypt_s,
        "decrypt_s": decrypt_s,
        "rss_growth_mib": _peak_rss_mib() - baseline,
    }


def _single_buffer_seconds(src: Path) -> float:
    """Time one in-memory ChaCha20-Poly1305 encryption of the whole file."""
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    data = src.read_bytes()
    aead = ChaCha20Poly1305(ChaCha20Poly1305.generate_key())
    return _best_seconds(lambda: aead.encrypt(os.urandom(12), data, None))


def _pyrage_seconds(src: Path, workdir: Path) -> tuple[float, float]:
    """Time pyrage's file encryption and decryption of the same file."""
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    encrypted, decrypted = workdir / "pyrage.age", workdir / "pyrage.out"
    recipients = [identity.to_public()]
    encrypt_s = _best_seconds(
        lambda: pyrage.encrypt_file(str(src), str(encrypted), recipients), encrypted
    )
    decrypt_s = _best_seconds(
        lambda: pyrage.decrypt_file(str(encrypted), str(decrypted), [identity]), decrypted
    )
    return encrypt_s, decrypt_s


def _write_random_file(path: Path, size: int) -> None:
    with open(path, "wb") as out:
        for start in range(0, size, _BLOCK):
            out.write(os.urandom(min(_BLOCK, size - start)))


def run(size_mib: int) -> dict[str, float]:
    """Measure everything on a random file of ``size_mib`` MiB; return the results."""
    size = size_mib * 1024 * 1024
    megabytes = size / 1e6
    with tempfile.TemporaryDirectory(prefix="storage_bench_") as folder:
        workdir = Path(folder)
        src = workdir / "plain.bin"
        _write_random_file(src, size)
        child = subprocess.run(
            [sys.executable, __file__, "--child-stream", str(src), str(workdir)],
            check=True,
            capture_output=True,
            text=True,
        )
        stream = json.loads(child.stdout)
        if not filecmp.cmp(src, workdir / "stream.out", shallow=False):
            raise RuntimeError("decrypt_file did not give back the original bytes.")
        single_s = _single_buffer_seconds(src)
        pyrage_encrypt_s, pyrage_decrypt_s = _pyrage_seconds(src, workdir)
    encrypt_mb_s = megabytes / stream["encrypt_s"]
    single_mb_s = megabytes / single_s
    return {
        "size_mib": size_mib,
        "encrypt_mb_s": round(encrypt_mb_s, 1),
        "decrypt_mb_s": round(megabytes / stream["decrypt_s"], 1),
        "single_buffer_mb_s": round(single_mb_s, 1),
        "ratio": round(encrypt_mb_s / single_mb_s, 3),
        "rss_growth_mib": round(stream["rss_growth_mib"], 1),
        "pyrage_encrypt_mb_s": round(megabytes / pyrage_encrypt_s, 1),
        "pyrage_decrypt_mb_s": round(megabytes / pyrage_decrypt_s, 1),
    }


def _print_table(results: dict[str, float]) -> None:
    rows = [
        ("utils.storage encrypt_file (age, streaming)", f"{results['encrypt_mb_s']:.0f} MB/s"),
        ("utils.storage decrypt_file (age, streaming)", f"{results['decrypt_mb_s']:.0f} MB/s"),
        ("ChaCha20-Poly1305, one in-memory call", f"{results['single_buffer_mb_s']:.0f} MB/s"),
        ("pyrage encrypt_file (Rust age)", f"{results['pyrage_encrypt_mb_s']:.0f} MB/s"),
        ("pyrage decrypt_file (Rust age)", f"{results['pyrage_decrypt_mb_s']:.0f} MB/s"),
        ("ratio streaming / single buffer (target >= 0.5)", f"{results['ratio']:.2f}"),
        ("peak RSS growth, streaming (target < 64)", f"{results['rss_growth_mib']:.1f} MiB"),
    ]
    print(f"Streaming a {results['size_mib']} MiB file (MB = 10^6 bytes)")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value:>12}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--size-mib", type=int, default=256, help="file size in MiB (256)")
    parser.add_argument("--child-stream", nargs=2, metavar=("SRC", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_stream:
        print(json.dumps(_child_stream(Path(args.child_stream[0]), Path(args.child_stream[1]))))
        return
    if args.size_mib < 1:
        parser.error("--size-mib must be at least 1.")
    results = run(args.size_mib)
    if args.json:
        print(json.dumps(results))
    else:
        _print_table(results)


if __name__ == "__main__":
    main()
