"""Spotting answers that draw from a predictable, non-cryptographic random generator or a clock.

What an answer uses is found by what things are, not by how they are spelled: names are
resolved to the objects they stand for, and a call is watched for what it really calls.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime
import dis
import os
import random
import sys
import time
import types
import uuid
from collections.abc import Callable, Iterator

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
    """Call ``function(*args)`` twice; name the global generator it drew from, if any.

    Finds draws from Python's or numpy's global generator, whatever the answer calls it:
    their state changes on both calls (so a rare draw by another thread cannot be mistaken
    for one). Generator objects of the answer's own are :func:`predictable_source`'s part.
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
    return None


def _same_numpy_state(numpy: types.ModuleType, before: dict) -> bool:
    after = numpy.random.get_state(legacy=False)
    return (
        before["state"]["pos"] == after["state"]["pos"]
        and before["has_gauss"] == after["has_gauss"]
        and numpy.array_equal(before["state"]["key"], after["state"]["key"])
    )


_PER_CALL_RANDOM = "a `random.Random()` made inside the function"
_PER_CALL_NUMPY = "a numpy generator made inside the function"
_CLOCK = "the clock"


def _predictable_objects() -> dict[object, str]:
    """The generator makers and clocks an answer must not use, by the objects themselves."""
    known: dict[object, str] = {
        random.Random: _PER_CALL_RANDOM,
        uuid.uuid1: "`uuid1()`, which is made of the clock and the machine's address",
        os.getpid: "the process id",
    }
    clocks = [getattr(time, name) for name in _TIME_CLOCKS if hasattr(time, name)]
    clocks += [datetime.datetime.now, datetime.datetime.utcnow, datetime.datetime.today]
    clocks += [datetime.date.today]
    known |= dict.fromkeys(clocks, _CLOCK)
    numpy = sys.modules.get("numpy")
    if numpy:
        makers = ("default_rng", "Generator", "RandomState", "PCG64", "PCG64DXSM", "MT19937")
        makers += ("Philox", "SFC64", "BitGenerator")
        known |= {getattr(numpy.random, name): _PER_CALL_NUMPY for name in makers}
    return known


_TIME_CLOCKS = (
    "time time_ns perf_counter perf_counter_ns monotonic monotonic_ns process_time "
    "process_time_ns thread_time thread_time_ns localtime gmtime ctime strftime"
).split()


def _generator_object(value: object) -> str | None:
    """Name ``value`` if it is (or is a method of) a seeded generator of the answer's own.

    The global generators (``random.random``, ``np.random.bytes``) are left to the state
    tests above, which name them better (re-seeding reproduces their output).
    """
    try:
        owner = getattr(value, "__self__", value)
    except Exception:  # an object whose attribute lookup fails: not a generator
        return None
    if isinstance(owner, random.Random) and not isinstance(owner, random.SystemRandom):
        return None if owner is random.random.__self__ else "a `random.Random` generator"
    numpy = sys.modules.get("numpy")
    if numpy is None:
        return None
    kinds = (numpy.random.Generator, numpy.random.RandomState, numpy.random.BitGenerator)
    if isinstance(owner, kinds) and owner is not numpy.random.random.__self__:
        return "a numpy random generator"
    return None


def _identify(value: object, known: dict[object, str]) -> str | None:
    try:
        found = known.get(value)
    except TypeError:  # unhashable: not a function, class or generator
        return None
    return found or _generator_object(value)


@beside_answer
def predictable_source(function: Callable, *args: object) -> str | None:
    """Name a non-cryptographic generator or a clock that ``function`` uses, if any.

    First among the objects its code (and its helpers' code) names, each resolved to what
    it is, whatever it is called (``import random as r``, ``from numpy.random import
    default_rng as g``, ``from time import time_ns as stamp``); then among what a call
    ``function(*args)`` really calls (``getattr(time, "time" + "_ns")()`` too), seen by a
    profile hook. numpy's generators run compiled code the hook cannot see: for them the
    names are what counts.
    """
    known = _predictable_objects()
    for value in _named_objects(function):
        found = _identify(value, known)
        if found:
            return found
    return _called_during(known, function, *args)


def _called_during(known: dict[object, str], function: Callable, *args: object) -> str | None:
    """The first predictable source that one call ``function(*args)`` calls."""
    python_code = {
        random.Random.__init__.__code__: _PER_CALL_RANDOM,  # random.Random() and subclasses
        uuid.uuid1.__code__: known[uuid.uuid1],
    }
    found: list[str] = []

    def watch(frame, event, arg):
        if found:
            return
        if event == "c_call":
            source = _identify(arg, known)
        elif event == "call":
            source = python_code.get(frame.f_code)
            if source and isinstance(frame.f_locals.get("self"), random.SystemRandom):
                source = None
        else:
            return
        if source:
            found.append(source)

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        function(*args)
    finally:
        sys.setprofile(previous)
    return found[0] if found else None


_MISSING = object()


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


def _named_objects(function: Callable, depth: int = 2) -> Iterator[object]:
    """The objects ``function``'s code names: globals, closure values, defaults, imported
    modules and the attributes it reads from modules and classes (``np.random.default_rng``),
    then the same for the helper functions among them, ``depth`` levels down."""
    function = _runs(function)
    if function is None:
        return
    code, namespace = function.__code__, function.__globals__
    closure = {}
    for name, cell in zip(code.co_freevars, function.__closure__ or (), strict=True):
        with contextlib.suppress(ValueError):  # an empty cell: the variable is not assigned yet
            closure[name] = cell.cell_contents
    yield from function.__defaults__ or ()
    yield from (function.__kwdefaults__ or {}).values()
    helpers, aliases = [], {}
    for current in _code_objects(code):
        for value in _resolved(current, namespace, closure, aliases):
            if isinstance(value, types.FunctionType) and value is not function:
                helpers.append(value)
            yield value
    if depth > 0:
        for helper in dict.fromkeys(helpers):
            yield from _named_objects(helper, depth - 1)


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    """``code`` and the code of the functions, lambdas and comprehensions nested in it."""
    pending = [code]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(c for c in current.co_consts if isinstance(c, types.CodeType))


_LOADS_NAME = {"LOAD_GLOBAL", "LOAD_NAME"}
_LOADS_CELL = {"LOAD_DEREF", "LOAD_CLASSDEREF", "LOAD_CLOSURE"}
_LOADS_LOCAL = {"LOAD_FAST", "LOAD_FAST_CHECK"}
_STORES = {"STORE_FAST", "STORE_DEREF", "STORE_NAME", "STORE_GLOBAL"}


def _resolved(
    code: types.CodeType, namespace: dict, closure: dict, aliases: dict
) -> Iterator[object]:
    """What each name, import and dotted attribute chain in ``code`` stands for.

    ``aliases`` collects local names bound to resolved objects (``import numpy.random as
    npr`` inside the function), shared with the code nested in the same function.
    """
    current, importing, constant = _MISSING, _MISSING, None
    for instruction in dis.get_instructions(code):
        operation, name = instruction.opname, instruction.argval
        if operation in _STORES:
            if current is not _MISSING:
                aliases[name] = current
            current = _MISSING
            continue
        if operation in _LOADS_NAME:
            current = namespace.get(name, _MISSING)
            if current is _MISSING:
                current = vars(builtins).get(name, _MISSING)
        elif operation in _LOADS_CELL:
            current = closure.get(name, aliases.get(name, _MISSING))
        elif operation in _LOADS_LOCAL:
            current = aliases.get(name, _MISSING)
        elif operation == "IMPORT_NAME":  # `import a.b` gives `a`; `from a.b import c`, a.b
            module = name if constant else name.partition(".")[0]
            current = importing = sys.modules.get(module, _MISSING)
        elif operation == "IMPORT_FROM":
            current = _attribute(importing, name)
        elif operation in {"LOAD_ATTR", "LOAD_METHOD"}:
            current = _attribute(current, name)
        else:
            current = _MISSING
        constant = name if operation == "LOAD_CONST" else None
        if current is not _MISSING:
            yield current


def _attribute(owner: object, name: str) -> object:
    """``owner.name`` for a module or a class (reading them runs no answer code), else none."""
    if isinstance(owner, types.ModuleType):
        value = vars(owner).get(name, _MISSING)
        if value is _MISSING:  # a submodule loaded lazily (numpy.random)
            value = sys.modules.get(f"{owner.__name__}.{name}", _MISSING)
        return value
    if isinstance(owner, type):
        try:
            return getattr(owner, name)
        except Exception:  # no such attribute, or a metaclass that refuses
            return _MISSING
    return _MISSING


def fixed_positions(samples: list) -> list[int]:
    """Positions (bytes or characters) that hold the same value in every one of ``samples``.

    A fresh random byte repeats across 20 samples with probability 256**-19: a fixed
    position means part of the value is not random (a counter, a clock, padding).
    """
    shortest = min(len(s) for s in samples)
    return [i for i in range(shortest) if len({s[i] for s in samples}) == 1]


def fixed_bits(samples: list[bytes]) -> int:
    """How many bit positions hold the same bit in every one of ``samples`` (40 or more).

    Finds the fixed bits inside otherwise random bytes (a UUID4's version and variant
    bits). A fresh random bit repeats across 40 samples with probability 2**-39, so over
    a 12-byte nonce a false alarm has odds below 2e-10.
    """
    if len(samples) < 40:
        raise ValueError(f"fixed_bits needs 40 samples or more, got {len(samples)}")
    shortest = min(len(s) for s in samples)
    numbers = [int.from_bytes(s[:shortest], "big") for s in samples]
    ones = zeros = (1 << (8 * shortest)) - 1
    for number in numbers:
        ones &= number
        zeros &= ~number
    return (ones | zeros).bit_count()
