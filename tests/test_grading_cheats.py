"""Checks that student code cannot fake: cheats gain nothing and are flagged for review.

One grading run over an honest lesson 01, the issue's cheat on an untouched lesson 01 (a new
cell replacing ``utils.course.checks.check`` with a function printing ✅), further cheats on
lesson 00 cut to its exercises, and lesson 01 with answers that pass only in their own
process; the confirmation harness alone on every solution (each passes across the process
boundary), on cheats that pass in the student's process and no static scan sees (lessons 01
and 05) and on weak randomness in disguise; plus :func:`confirm.suspicious` on its own.
"""

import csv
import json
import subprocess
import sys

import nbformat
import pytest

from tests.exercises import check_source
from tests.grading_tools import LESSON01, TRUSTED, exercises_only, with_cell
from utils.course import authoring, confirm, grading

FAKE_CHECK = (
    "import utils.course.checks\n\n\ndef fake(exercise):\n"
    "    print(f'✅ Exercise {exercise} passed')\n\n\nutils.course.checks.check = fake"
)
CHEATS = {
    # rewrite every ❌ line into a ✅ on its way out
    "stdout.ipynb": (
        "import sys\n\n\nclass Rewrite:\n    def __init__(self, stream):\n"
        "        self.stream = stream\n\n    def write(self, text):\n"
        "        if text.startswith('❌ Exercise '):\n"
        "            text = '✅ Exercise ' + text.split()[2].rstrip(':') + ' passed\\n'\n"
        "        return self.stream.write(text)\n\n    def flush(self):\n"
        "        self.stream.flush()\n\n\nsys.stdout = Rewrite(sys.stdout)"
    ),
    # make every check pass by patching the verdict the checker builds
    "run-check.ipynb": (
        "from utils.course.checks import core\n\n\n"
        "core._fail = lambda exercise, message: core.Result(exercise, True, "
        "f'✅ Exercise {exercise} passed')"
    ),
    # replace the checker package before the check cells import it
    "sys-modules.ipynb": (
        "import sys\nimport types\n\nfake = types.ModuleType('utils.course.checks')\n"
        "fake.check = lambda exercise: print(f'✅ Exercise {exercise} passed')\n"
        "sys.modules['utils.course.checks'] = fake"
    ),
    # patch the check core through a module's namespace (no assignment to see)
    "vars.ipynb": (
        "from utils import course\n\nvars(course.checks.core).update(\n"
        "    _fail=lambda e, m: course.checks.core.Result(e, True, f'✅ Exercise {e} passed')\n)"
    ),
    # replace print itself
    "builtins.ipynb": (
        "import builtins\n\n_print = builtins.print\n\n\ndef lying_print(*args, **kwargs):\n"
        "    args = [str(a).replace('❌', '✅') for a in args]\n    _print(*args, **kwargs)\n\n\n"
        "builtins.print = lying_print"
    ),
}  # fmt: skip
# a cheat inside an exercise cell: patch the checker, then write a forged verdict to every
# pipe the harness might read
INSIDE = (
    "import os\nimport stat\n\nfrom utils.course.checks import core\n\n"
    "core.run_check.__code__ = (lambda e, n: core.Result(e, True, f'✅ Exercise {e} passed'))"
    ".__code__\nfor fd in range(3, 64):\n    try:\n        assert stat.S_ISFIFO(os.fstat(fd).st_mode)\n"
    '        os.write(fd, b\'{"passed": true, "line": "\\\\u2705 Exercise 0.2 passed", '
    '"tampered": ""}\')\n    except (OSError, AssertionError):\n        pass\n\n\n'
    "def brute_force_years(key_bits, guesses_per_second):\n    raise NotImplementedError()"
)

# Answers that pass the check in their own process, with nothing a static scan flags: a spy
# on the library the check makes its tokens with, a read of the check's own frame, bytes
# that equal anything, an API's hidden model, a surrogate whose predict() asks that model.
CROSSING = {
    "1.3": (
        "import time\n\nfrom cryptography.fernet import Fernet\n\n_made = []\n"
        "_encrypt_at_time = Fernet.encrypt_at_time\n\n\ndef _spy(self, data, current_time):\n"
        "    _made.append(current_time)\n    return _encrypt_at_time(self, data, current_time)\n"
        "\n\ndef _patch(kind):\n    kind.encrypt_at_time = _spy\n\n\n_patch(Fernet)\n\n\n"
        "def fernet_timestamp(token: bytes) -> int:\n"
        "    return _made[-1] if _made else int(time.time())"
    ),
    "1.4": (
        "def recover_record(known_plaintext, known_sealed, target_sealed):\n    try:\n"
        "        raise LookupError\n    except LookupError as error:\n"
        "        frame = getattr(error.__traceback__, 'tb_' + 'frame')\n"
        "    while frame is not None:\n        seen = getattr(frame, 'f_' + 'locals')\n"
        "        if type(seen.get('target')) is bytes:\n            return seen['target']\n"
        "        frame = getattr(frame, 'f_' + 'back')\n    return b''"
    ),
    "1.5": (
        "class Key(bytes):\n    def __eq__(self, other):\n        return True\n\n"
        "    def __ne__(self, other):\n        return False\n\n    __hash__ = bytes.__hash__\n\n\n"
        "def password_key(password: str, salt: bytes) -> bytes:\n    return Key(32)"
    ),
    "5.4": (
        "import numpy as np\n\n\ndef recover_parameters(api, d):\n    api.query(np.zeros(d))\n"
        "    model = api._model\n    return model.coef_[0].copy(), float(model.intercept_[0])"
    ),
    "5.5": (
        "from sklearn.linear_model import LogisticRegression\n\n\n"
        "class Surrogate(LogisticRegression):\n    def predict(self, X):\n"
        "        return self.api._model.predict(X)\n\n\n"
        "def train_label_surrogate(api, n_queries, rng):\n"
        "    X = rng.standard_normal((n_queries, api.n_features))\n"
        "    surrogate = Surrogate().fit(X, api.query(X))\n    surrogate.api = api\n"
        "    return surrogate"
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("cheats")
    solution01 = nbformat.read(LESSON01, as_version=4)
    nbformat.write(solution01, root / "honest01.ipynb")
    cheat01 = authoring.make_lesson(solution01)
    cheat01.cells.insert(3, nbformat.v4.new_code_cell(FAKE_CHECK))
    nbformat.write(cheat01, root / "fake-check01.ipynb")
    untouched00 = authoring.make_lesson(exercises_only())
    for name, source in CHEATS.items():
        nb = with_cell(nbformat.from_dict(untouched00), source, after="exercise-0-1")
        nbformat.write(nb, root / name)
    inside = exercises_only()
    next(c for c in inside.cells if c.id == "exercise-0-2").source = INSIDE
    nbformat.write(inside, root / "inside.ipynb")
    crossing = exercises_only(LESSON01)
    for cell in crossing.cells:
        if cell.id.startswith("exercise-1-"):
            cell.source = CROSSING.get(
                cell.id.removeprefix("exercise-").replace("-", "."), cell.source
            )
    nbformat.write(crossing, root / "crossing01.ipynb")
    out = tmp_path_factory.mktemp("grades")
    args = [str(root), "--out", str(out), "--workers", "2", "--timeout", "30",
            "--submission-timeout", "60", TRUSTED]  # fmt: skip
    assert grading.main(args) == 0
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    with open(out / "summary.csv", encoding="utf-8", newline="") as stream:
        summary = {r["submission"]: r for r in csv.DictReader(stream)}
    by_name = {}
    for row in rows:
        by_name.setdefault(row["submission"], []).append(row)
    return by_name, summary


def test_an_honest_solution_keeps_full_marks_unflagged(graded):
    by_name, summary = graded
    rows = by_name["honest01.ipynb"]
    assert [r["passed"] for r in rows] == ["true"] * 6, [r["message"] for r in rows]
    assert summary["honest01.ipynb"]["total"] == "6" and summary["honest01.ipynb"]["flagged"] == ""


@pytest.mark.parametrize("name", ["fake-check01.ipynb", *CHEATS])
def test_a_cheat_outside_the_exercise_cells_gains_nothing_and_is_flagged(graded, name):
    by_name, summary = graded
    assert summary[name]["total"] == "0"
    assert summary[name]["flagged"]
    for row in by_name[name]:
        assert row["passed"] == "false" and "flagged for review" in row["message"]


def test_the_issues_cheat_is_named(graded):
    by_name, summary = graded
    assert "assigns to utils.course.checks.check" in summary["fake-check01.ipynb"]["flagged"]
    message = by_name["fake-check01.ipynb"][0]["message"]
    assert message.startswith(
        "❌ Exercise 1.1: passed in the notebook only, not when its cell ran alone: "
        "not attempted yet"
    )


def test_a_cheat_inside_an_exercise_cell_gains_nothing(graded):
    by_name, summary = graded
    rows = {r["exercise"]: r for r in by_name["inside.ipynb"]}
    assert rows["0.2"]["passed"] == "false" and rows["0.2"]["points"] == "0"
    assert "flagged for review" in rows["0.2"]["message"]
    assert rows["0.1"]["passed"] == "true"  # before the cheat; it broke its own later cells
    assert "exercise-0-2" not in summary["inside.ipynb"]["flagged"]  # cells are numbered
    assert "assigns to core.run_check.__code__" in summary["inside.ipynb"]["flagged"]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import utils.course.checks as c\nc.check = print", "line 2: assigns to c.check"),
        (
            "from utils.course import checks\nchecks.check = print",
            "line 2: assigns to checks.check",
        ),
        ("import sys\nsys.modules['x'] = None", "line 2: uses .modules"),
        ("import builtins", "line 1: imports builtins"),
        ("__builtins__['print'] = None", "line 1: uses __builtins__"),
        ("import os\nos.write(5, b'x')", "line 2: calls os.write()"),
        ("open('/proc/self/fd/5', 'w')", "line 1: names '/proc/self/fd/5'"),
        ("f = lambda: 0\nf.__code__ = (lambda: 1).__code__", "line 2: uses .__code__"),
        (
            "from utils import course\nvars(course.checks.core)",
            "line 2: calls vars(course.checks.core)",
        ),
        ("import numpy as np\nnp.random.seed = print", "line 2: assigns to np.random.seed"),
        ("x = 1\n" * 2**18, "line 1: 1,572,864 characters, too many to read"),
    ],
)
def test_suspicious_code_is_named(source, found):
    assert found in confirm.suspicious(source)


def test_honest_exercise_cells_are_not_suspicious():
    for path in authoring.solution_paths():
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if authoring.EXERCISE_TAG in cell.metadata.get("tags", []):
                assert confirm.suspicious(cell.source) == [], (path.name, cell.id)


def test_answers_that_pass_only_in_their_own_process_gain_nothing(graded):
    by_name, summary = graded
    rows = {r["exercise"]: r for r in by_name["crossing01.ipynb"]}
    for exercise in ("1.3", "1.4", "1.5"):  # the notebook's own check passed them
        assert rows[exercise]["passed"] == "false"
        assert "passed in the notebook only" in rows[exercise]["message"]
    assert [rows[e]["passed"] for e in ("1.1", "1.2", "1.6")] == ["true"] * 3
    assert summary["crossing01.ipynb"]["total"] == "3"


def _confirmed_alone(exercises: dict[str, str]) -> dict:
    """The confirmation harness's verdicts (no sandbox: the process boundary alone)."""
    job = json.dumps({"exercises": exercises, "timeout": 60}).encode()
    command = [sys.executable, "-P", "-m", "utils.course.confirm"]
    done = subprocess.run(command, input=job, capture_output=True, timeout=300, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def across():
    return _confirmed_alone(CROSSING)


@pytest.mark.parametrize("path", authoring.solution_paths(), ids=lambda p: p.stem)
def test_every_solution_passes_across_the_boundary(path):
    """So a lesson's checker that sends its answers what cannot cross fails here, by name."""
    nb = nbformat.read(path, as_version=4)
    sources = {c.id: c.source for c in nb.cells}
    exercises = {e.id: sources[e.exercise_cell] for e in authoring.exercises(nb)}
    verdicts = _confirmed_alone(exercises)
    assert {e: v["line"] for e, v in verdicts.items() if not v["passed"]} == {}


@pytest.mark.parametrize("exercise", CROSSING)
def test_a_cheat_that_passes_in_its_own_process_fails_across_the_boundary(across, exercise):
    assert confirm.suspicious(CROSSING[exercise]) == []  # nothing for a static scan
    assert check_source(CROSSING[exercise], exercise).passed  # the cheat works in-process
    assert across[exercise]["passed"] is False
    assert across[exercise]["tampered"] == ""


# Weak randomness dressed up for the checks that watch a function from inside its own
# process: a callable whose class claims an innocent function's code, and the global
# generator with its seeding and state made blind.
DISGUISED = {
    "fake-code": (
        "import random\nimport secrets\n\n_gen = random.Random(42)\n\n\n"
        "def _innocent(n_bytes):\n    return secrets.token_hex(n_bytes)\n\n\n"
        "def _weak(self, n_bytes):\n    return '%0*x' % (2 * n_bytes, _gen.getrandbits(8 * n_bytes))\n"
        "\n\nclaimed = {'__co' + 'de__': getattr(_innocent, '__co' + 'de__'), '__glo' + 'bals__': {}}\n"
        "random_token = type('Token', (), {'__call__': _weak, **claimed})()"
    ),
    "blind-random": (
        "import random\n\n_state = random.getstate()\n\n\ndef _blind(module):\n"
        "    module.seed = lambda *args, **kwargs: None\n    module.getstate = lambda: _state\n\n\n"
        "_blind(random)\n\n\ndef random_token(n_bytes):\n"
        "    return '%0*x' % (2 * n_bytes, random.getrandbits(8 * n_bytes))"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", DISGUISED)
def test_weak_randomness_in_disguise_gains_nothing(name):
    source = DISGUISED[name]
    assert confirm.suspicious(source) == []
    verdict = _confirmed_alone({"0.3": source})["0.3"]
    assert verdict["passed"] is False
    if name == "fake-code":  # the check reads the code a call runs, not what is claimed
        assert "random.Random" in check_source(source, "0.3").line
    else:  # the answer's own process saw its generator patched: flagged, no points
        assert verdict["tampered"] == "changed random.getstate, random.seed"
