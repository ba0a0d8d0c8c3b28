"""benchmarks/public_key.py in its quick form: the JSON it prints, and files that round-trip."""

import json
import subprocess
import sys

from utils.course import authoring

SCRIPT = authoring.ROOT / "benchmarks" / "public_key.py"
SCHEMES = {"X25519 (HPKE)", "MLKEM768-X25519 (HPKE)", "Ed25519", "ML-DSA-65"}


def test_quick_benchmark_prints_costs_sizes_and_file_times():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json"],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    result = json.loads(done.stdout)
    for mib in (1, 64):
        for recipient in ("x25519", "hybrid"):
            assert result[f"file_{mib}mib_{recipient}_s"] > 0
        ratio = result[f"file_{mib}mib_hybrid_s"] / result[f"file_{mib}mib_x25519_s"]
        assert result[f"ratio_{mib}mib"] == ratio
        assert isinstance(result[f"target_{mib}mib_met"], bool)
        # the same payload; a hybrid stanza carries a 1120-byte encapsulation in base64, an
        # X25519 one 32 bytes, so only the header grows
        extra = result[f"file_{mib}mib_hybrid_bytes"] - result[f"file_{mib}mib_x25519_bytes"]
        assert 1400 < extra < 1600
    assert result["round_trip"] is True  # every file decrypted to its plaintext
    assert SCHEMES <= set(result["operations"]) == set(result["sizes"])
    for ops in result["operations"].values():
        for cost in ops.values():
            assert cost["ops_per_s"] > 0
            assert abs(cost["us_per_op"] * cost["ops_per_s"] - 1e6) < 1e-3
    assert result["sizes"]["Ed25519"] == {"public key": 32, "added per message": 64}
    assert result["sizes"]["ML-DSA-65"] == {"public key": 1952, "added per message": 3309}
