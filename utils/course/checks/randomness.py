"""Spotting answers that draw from a predictable, non-cryptographic random generator."""

from __future__ import annotations

import random
import sys
import types
from collections.abc import Callable

from utils.course.checks.boundary import beside_answer


@beside_answer
def reseeded_generator(function: Callable, *args: object) -> str | None:
    """Name the global generator whose re-seeding makes ``function(*args)`` repeat, if any.

    Python's ``random`` is tried first, then numpy's; both states are restored afterwards.
    """
    numpy = sys.modules.get("numpy")
    seeders = {"Python's `random` module": random.seed}
    if numpy:
        seeders["numpy's random generator"] = numpy.random.seed
    saved = random.getstate(), numpy.random.get_state() if numpy else None
    try:
        for name, seed in seeders.items():
            results = []
            for _ in range(2):
                seed(0)
                results.append(function(*args))
            if results[0] == results[1]:
                return name
    finally:
        random.setstate(saved[0])
        if numpy:
            numpy.random.set_state(saved[1])
    return None


@beside_answer
def weak_generator(function: Callable, *args: object) -> str | None:
    """Call ``function(*args)`` twice; name the non-cryptographic generator it drew from, if any.

    Finds draws from Python's or numpy's global generator (their state changes on both
    calls, so a rare draw by another thread cannot be mistaken for one) and seeded
    generator objects the function refers to (``random.Random(42)``, numpy's).
    """
    numpy = sys.modules.get("numpy")
    python_draws = numpy_draws = 0
    for _ in range(2):
        python_state = random.getstate()
        numpy_state = numpy.random.get_state(legacy=False) if numpy else None
        function(*args)
        python_draws += random.getstate() != python_state
        if numpy:
            numpy_draws += not _same_numpy_state(numpy, numpy_state)
    if python_draws == 2:
        return "Python's `random` module"
    if numpy_draws == 2:
        return "numpy's random generator"
    for value in _referenced_objects(function):
        if isinstance(value, random.Random) and not isinstance(value, random.SystemRandom):
            return "a `random.Random` generator"
        if numpy and isinstance(value, (numpy.random.Generator, numpy.random.RandomState)):
            return "a numpy random generator"
    return None


def _same_numpy_state(numpy: types.ModuleType, before: dict) -> bool:
    after = numpy.random.get_state(legacy=False)
    return (
        before["state"]["pos"] == after["state"]["pos"]
        and before["has_gauss"] == after["has_gauss"]
        and numpy.array_equal(before["state"]["key"], after["state"]["key"])
    )


def _code_names(code: types.CodeType) -> set[str]:
    """The global and attribute names ``code`` and the functions nested in it use."""
    names, pending = set(), [code]
    while pending:
        current = pending.pop()
        names.update(current.co_names)
        pending.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    return names


def _runs(function: Callable) -> types.FunctionType | None:
    """The Python function whose code a call of ``function`` runs: itself, a bound
    method's function, or its class's ``__call__``; never attributes an object claims
    (a callable object may carry an innocent function's ``__code__``)."""
    kind = type(function)
    if kind is types.FunctionType:
        return function
    if kind is types.MethodType:
        return _runs(function.__func__)
    call = next(  # looked up on the class, never on what the object claims
        (vars(base)["__call__"] for base in kind.__mro__ if "__call__" in vars(base)), None
    )
    return call if type(call) is types.FunctionType else None


def _referenced_objects(function: Callable) -> list:
    """The globals, closure values and defaults that ``function``'s code can reach by name."""
    function = _runs(function)
    if function is None:
        return []
    names = _code_names(function.__code__)
    objects = [function.__globals__[name] for name in names if name in function.__globals__]
    for cell in function.__closure__ or ():
        try:
            objects.append(cell.cell_contents)
        except ValueError:  # an empty cell: the variable is not assigned yet
            continue
    objects += list(function.__defaults__ or ())
    objects += list((function.__kwdefaults__ or {}).values())
    return objects


# Generators and clocks an answer can create or read inside the function itself, where
# neither the global generators' states nor the objects it refers to reveal them.
_PER_CALL_GENERATORS = {
    "Random": "a `random.Random()` made inside the function",
    "default_rng": "a numpy generator made inside the function",
    "RandomState": "a numpy generator made inside the function",
    "PCG64": "a numpy generator made inside the function",
    "MT19937": "a numpy generator made inside the function",
}
_CLOCKS = {
    "time": "the clock",
    "time_ns": "the clock",
    "perf_counter": "the clock",
    "perf_counter_ns": "the clock",
    "monotonic": "the clock",
    "monotonic_ns": "the clock",
    "now": "the clock",
    "utcnow": "the clock",
    "uuid1": "`uuid1()`, which is made of the clock and the machine's address",
    "getpid": "the process id",
}


@beside_answer
def predictable_source(function: Callable) -> str | None:
    """Name a per-call generator or a clock that ``function`` (or a helper it calls) reads."""
    for names in _names_used(function):
        for name, source in (_PER_CALL_GENERATORS | _CLOCKS).items():
            if name in names:
                return source
    return None


def _names_used(function: Callable, depth: int = 2) -> list[set[str]]:
    """The attribute and global names in ``function``'s code and in the functions it calls."""
    real = _runs(function)
    if real is None:
        return []
    names = _code_names(real.__code__)
    found = [names]
    if depth > 0:
        for value in _referenced_objects(function):
            if isinstance(value, types.FunctionType) and value is not function:
                found += _names_used(value, depth - 1)
    return found


def fixed_positions(samples: list) -> list[int]:
    """Positions (bytes or characters) that hold the same value in every one of ``samples``.

    A fresh random byte repeats across 20 samples with probability 256**-19: a fixed
    position means part of the value is not random (a counter, a clock, padding).
    """
    shortest = min(len(s) for s in samples)
    return [i for i in range(shortest) if len({s[i] for s in samples}) == 1]
