"""Stored outputs are the same on every CPU: ``make test`` re-runs nbval over the solutions
with OpenBLAS forced onto its old SSE3 kernel (``OPENBLAS_CORETYPE=Prescott``). These tests
show that the variable really changes the kernel numpy and scipy use, so that second run
proves something."""

import json
import os
import subprocess
import sys

import pytest

_PROBE = (
    "import json, numpy, scipy.linalg, threadpoolctl\n"
    "print(json.dumps(sorted({i['architecture'] for i in threadpoolctl.threadpool_info()"
    " if i['internal_api'] == 'openblas'})))"
)


def _kernels(coretype: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("coretype", ["Haswell", "Prescott"])
def test_openblas_coretype_forces_one_kernel_for_numpy_and_scipy(coretype):
    kernels = _kernels(coretype)
    assert len(kernels) == 1, kernels  # numpy's and scipy's OpenBLAS agree
    modern = {"Haswell", "SkylakeX", "Cooperlake", "SapphireRapids", "Zen"}
    assert (kernels[0] in modern) == (coretype == "Haswell"), kernels


def test_the_forced_kernel_differs_from_this_machines_default():
    assert _kernels("Prescott") != _kernels(None)
