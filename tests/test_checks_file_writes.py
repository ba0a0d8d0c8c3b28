"""The file-write watcher the storage checks use to catch plaintext written to disk."""

import os
import subprocess
import sys

import numpy as np

from utils.course.checks.file_writes import files_written


def test_writes_inside_the_block_are_recorded_reads_and_outside_are_not(tmp_path):
    (tmp_path / "before.txt").write_text("outside the block")
    with files_written() as written:
        (tmp_path / "read.txt").exists()
        (tmp_path / "before.txt").read_text()
        (tmp_path / "a.txt").write_text("text")
        np.save(tmp_path / "b.npy", np.arange(3))
        os.replace(tmp_path / "a.txt", tmp_path / "c.txt")
    (tmp_path / "after.txt").write_text("outside the block")
    names = {os.path.basename(path) for path in written}
    assert {"a.txt", "b.npy"} <= names
    assert not names & {"before.txt", "read.txt", "after.txt"}


def test_importing_the_checks_adds_no_audit_hook():
    probe = (
        "import utils.course.checks.lesson03\n"
        "from utils.course.checks import file_writes\n"
        "print(file_writes._watched['hooked'])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
