"""The check machinery: a registry of checkers and the one-line verdict they print."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import importlib
import inspect
import math
import numbers
import os
import random
import re
import secrets
import signal
import sys
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass

_EXERCISE_ID = re.compile(r"^(\d+)\.(\d+)$")


class Hint(Exception):
    """Raised by a checker when an answer is wrong; the message is the hint shown."""


@dataclass(frozen=True)
class Checker:
    """A registered checker: the exercise it checks, the names it needs, the test."""

    exercise: str
    names: tuple[str, ...]
    test: Callable[..., None]


@dataclass(frozen=True)
class Result:
    """The outcome of one check: whether it passed and the line printed for it."""

    exercise: str
    passed: bool
    line: str
    seed: int | None = None  # of the randomized cases, if any: $COURSE_CHECK_SEED replays them


_REGISTRY: dict[str, Checker] = {}


def checker(exercise: str, *names: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register ``test`` as the checker of ``exercise``, taking the notebook's ``names``.

    ``test`` receives the student's objects in the order of ``names`` and raises
    :class:`Hint` with an actionable message when the answer is wrong.
    """
    _lesson_number(exercise)
    if not names:
        raise ValueError(f"checker {exercise} must name the functions it tests")

    def register(test: Callable[..., None]) -> Callable[..., None]:
        _REGISTRY[exercise] = Checker(exercise, names, test)
        return test

    return register


SEED_ENV = "COURSE_CHECK_SEED"


_run = {"seed": None}  # the seed of the check running now, drawn on its first case_rng()


def case_rng() -> random.Random:
    """A generator for a check's randomized cases: fresh each run, so no vector can be
    memorized, and reproducible by setting ``$COURSE_CHECK_SEED`` to the seed of a run
    (``Result.seed``). Every call in one check run starts from the same seed."""
    if _run["seed"] is None:
        given = os.environ.get(SEED_ENV)
        _run["seed"] = int(given) if given else secrets.randbits(64)
    return random.Random(_run["seed"])  # noqa: S311 - test cases, not secrets


def finite(value: object, what: str) -> None:
    """Raise :class:`Hint` if ``value`` (a number or an array of them) holds NaN or infinity.

    ``error > tol`` is False for NaN, so a tolerance test alone lets NaN through.
    """
    numpy = _numpy()
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        bad = not math.isfinite(abs(value))
    elif numpy is not None and isinstance(value, numpy.ndarray | list | tuple):
        try:
            array = numpy.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return
        bad = not numpy.isfinite(array).all()
    else:
        return
    if bad:
        raise Hint(f"{what} holds NaN or infinity: return finite numbers")


def warnings_during(function: Callable, *args: object) -> tuple[object, list]:
    """``function(*args)`` and the warnings it issued: a warning is not a refusal."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function(*args)
    return result, caught


_DATA = (bytes, bytearray, str, int, float, complex, bool, type(None), list, tuple, dict, set)


def call_unmutated(function: Callable, *args: object) -> object:
    """``function(*args)``, refusing an answer that changed one of its (data) arguments.

    Each list, dict, set, bytearray or numpy array is deep-copied before the call and
    compared after it; other objects (keys, contexts) are not compared.
    """
    numpy = _numpy()
    kinds = _DATA + ((numpy.ndarray,) if numpy is not None else ())
    before = [copy.deepcopy(a) if _made_of(a, kinds) else None for a in args]
    result = function(*args)
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        names = []
    for position, (old, new) in enumerate(zip(before, args, strict=True)):
        if old is not None and not _same(old, new):
            name = f"`{names[position]}`" if position < len(names) else f"number {position + 1}"
            raise Hint(
                f"your function changed its argument {name} (the caller's object): work on "
                "a copy, or build a new result, instead of modifying what you were given"
            )
    return result


def _made_of(value: object, kinds: tuple) -> bool:
    if isinstance(value, dict):
        return all(_made_of(k, kinds) and _made_of(v, kinds) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return all(_made_of(v, kinds) for v in value)
    return isinstance(value, kinds)


def _same(old: object, new: object) -> bool:
    numpy = _numpy()
    if numpy is not None and isinstance(old, numpy.ndarray):
        return (
            isinstance(new, numpy.ndarray)
            and old.shape == new.shape
            and old.dtype == new.dtype
            and bool(numpy.array_equal(old, new, equal_nan=old.dtype.kind in "fc"))
        )
    if isinstance(old, dict):
        return (
            isinstance(new, dict)
            and list(old) == list(new)
            and all(_same(old[k], new[k]) for k in old)
        )
    if isinstance(old, list | tuple):
        return (
            type(old) is type(new)
            and len(old) == len(new)
            and all(_same(a, b) for a, b in zip(old, new, strict=True))
        )
    return type(old) is type(new) and (old == new or old != old)  # NaN equals itself here


def _numpy():
    return sys.modules.get("numpy")


def _lesson_number(exercise: str) -> int:
    match = _EXERCISE_ID.match(exercise) if isinstance(exercise, str) else None
    if not match:
        raise ValueError(f"exercise ids look like '1.2' (lesson.number), got {exercise!r}")
    return int(match.group(1))


def find_checker(exercise: str) -> Checker:
    """Return the checker of ``exercise``, importing its lesson's checker module."""
    lesson = _lesson_number(exercise)
    module = f"utils.course.checks.lesson{lesson:02d}"
    if exercise not in _REGISTRY:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:  # a missing dependency, not a missing lesson
                raise
    if exercise not in _REGISTRY:
        raise ValueError(f"there is no checker for exercise {exercise}")
    return _REGISTRY[exercise]


def run_check(exercise: str, namespace: dict) -> Result:
    """Check exercise ``exercise`` against the objects defined in ``namespace``.

    Whatever the student's code prints or warns is swallowed, so the result is one line.
    """
    test = find_checker(exercise)
    missing = [name for name in test.names if name not in namespace]
    if missing:
        names = ", ".join(f"`{name}`" for name in missing)
        return _fail(exercise, f"{names} is not defined: run the exercise cell above first")
    answers = [namespace[name] for name in test.names]
    _run["seed"] = None
    result = _run_test(exercise, test, answers)
    return dataclasses.replace(result, seed=_run["seed"])


def _run_test(exercise: str, test: Checker, answers: list) -> Result:
    """Run ``test`` on the answers with output, warnings and exits contained."""
    sigints: list[int] = []  # real Ctrl-C presses during the check
    try:
        with (
            open(os.devnull, "w") as sink,  # discarded, not kept: a print loop costs no memory
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
            warnings.catch_warnings(),
            _exit_raises(),
            _record_sigint(sigints),
        ):
            warnings.simplefilter("ignore")
            test.test(*answers)
    except NotImplementedError:
        return _fail(exercise, "not attempted yet")
    except Hint as hint:
        return _fail(exercise, str(hint))
    except RecursionError:
        return _fail(exercise, "your code recursed without end")
    except (SystemExit, KeyboardInterrupt) as error:
        if isinstance(error, KeyboardInterrupt) and (sigints or not _on_main_thread()):
            raise  # the learner pressed Ctrl-C (or the interrupt button): stop the cell
        how = "exit()/sys.exit()" if isinstance(error, SystemExit) else "KeyboardInterrupt"
        return _fail(exercise, f"your code called {how}: a function should return its result")
    except BaseException as error:  # the student's code raised: report it, never re-raise
        return _fail(exercise, f"your code raised {type(error).__name__}: {error}".rstrip(": "))
    return Result(exercise, True, f"✅ Exercise {exercise} passed")


@contextlib.contextmanager
def _exit_raises():
    """Make IPython's ``exit()``/``quit()`` raise ``SystemExit`` instead of ending the kernel."""
    shell = _ipython_shell()
    if shell is None or not hasattr(shell, "ask_exit"):
        yield
        return
    saved = {k: vars(shell)[k] for k in ("ask_exit", "keepkernel_on_exit") if k in vars(shell)}

    def ask_exit():
        raise SystemExit("exit() called")

    shell.ask_exit = ask_exit
    try:
        yield
    finally:
        for name in ("ask_exit", "keepkernel_on_exit"):
            vars(shell).pop(name, None)
        vars(shell).update(saved)


def _ipython_shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def _record_sigint(arrived: list[int]):
    """Note in ``arrived`` each real SIGINT (Ctrl-C) during the block, and still interrupt.

    A ``KeyboardInterrupt`` the student's code raises itself is its own mistake; one from
    the learner's Ctrl-C must stop the cell. Off the main thread signals cannot be watched,
    so every ``KeyboardInterrupt`` there counts as real.
    """
    if not _on_main_thread():
        yield
        return

    def on_sigint(signum, frame):
        arrived.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _fail(exercise: str, message: str) -> Result:
    message = " ".join(message.split())
    return Result(exercise, False, f"❌ Exercise {exercise}: {message}")


def check(exercise: str) -> None:
    """Print the one-line verdict for ``exercise``, using the caller's (notebook's) names."""
    frame = inspect.currentframe()
    namespace = frame.f_back.f_globals if frame and frame.f_back else {}
    try:
        line = run_check(exercise, namespace).line
    except ValueError as error:  # an unknown or malformed exercise id
        line = f"❌ Exercise {exercise}: {error}"
    except ImportError as error:  # a package the checker needs is missing
        line = (
            f"❌ Exercise {exercise}: the check cannot load ({error}): run `make lab` to reinstall"
        )
    print(line)
