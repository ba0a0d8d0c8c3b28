"""benchmarks/secure_aggregation.py in its quick form: the JSON it prints, and exact sums."""

import json
import subprocess
import sys

from utils.course import authoring

SCRIPT = authoring.ROOT / "benchmarks" / "secure_aggregation.py"


def test_quick_benchmark_prints_rows_of_exact_rounds():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json"],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    rows = json.loads(done.stdout)["rows"]
    assert [(r["n"], r["d"], r["dropouts"]) for r in rows] == [
        (5, 1000, 0), (5, 1000, 1), (10, 1000, 0), (10, 1000, 1)
    ]  # fmt: skip
    for row in rows:
        assert set(row) == {"n", "d", "dropouts", "client_s", "server_s", "expansion", "exact"}
        assert row["exact"] is True
        assert row["client_s"] > 0 and row["server_s"] > 0
        assert 1 < row["expansion"] < 3  # keys and shares on top of 4 bytes per parameter
    assert rows[2]["expansion"] > rows[0]["expansion"]  # more peers, more shares to send
