"""Mutation testing of the checks: every small change to a solution must be rejected.

For each exercise, the solution region of its cell (between ``### BEGIN SOLUTION`` and
``### END SOLUTION``) is mutated one change at a time: arithmetic, comparison and boolean
operators, constants (+1, -1, 0), slice bounds, swapped arguments, dropped keyword
arguments and statements, returned values, and a function, method, class or exception
swapped for a sibling a slip could pick (``encrypt``/``decrypt``, ``min``/``max``,
``hashes.SHA256``/``SHA512``, ``digest``/``hexdigest``). Each mutant runs through its check in this
process (``run_check``) with a time limit; a mutant the check passes *survives*. A survivor
is either a gap in the check or an equivalent mutant, listed with its reason in
``tests/equivalent_mutants.txt`` (``exercise | mutant | reason``).

    make mutants                              # every exercise; exit 1 on an unlisted survivor
    .venv/bin/python -m tests.mutants 1.3 3.4 # some exercises
"""

from __future__ import annotations

import argparse
import ast
import builtins
import contextlib
import os
import signal
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from utils.course.authoring import BEGIN, END

ALLOW_LIST = Path(__file__).with_name("equivalent_mutants.txt")
TIME_LIMIT = 10.0  # seconds per mutant: a mutant that loops is killed, not waited for

_BINARY = {
    ast.Add: [ast.Sub, ast.Mult],
    ast.Sub: [ast.Add],
    ast.Mult: [ast.Div, ast.Add],
    ast.Div: [ast.Mult, ast.FloorDiv],
    ast.FloorDiv: [ast.Div, ast.Mult],
    ast.Mod: [ast.FloorDiv],
    ast.Pow: [ast.Mult],
    ast.BitXor: [ast.BitOr, ast.BitAnd],
    ast.BitOr: [ast.BitXor],
    ast.BitAnd: [ast.BitOr],
    ast.LShift: [ast.RShift],
    ast.RShift: [ast.LShift],
}
_COMPARE = {
    ast.Lt: [ast.LtE, ast.Gt],
    ast.LtE: [ast.Lt, ast.GtE],
    ast.Gt: [ast.GtE, ast.Lt],
    ast.GtE: [ast.Gt, ast.LtE],
    ast.Eq: [ast.NotEq],
    ast.NotEq: [ast.Eq],
    ast.In: [ast.NotIn],
    ast.NotIn: [ast.In],
    ast.Is: [ast.IsNot],
    ast.IsNot: [ast.Is],
}
_STRINGS = {"big": "little", "little": "big"}
# A sibling a slip can put in a name's place: functions, classes, exceptions (bare names) ...
_NAME_SIBLINGS = {
    "min": "max",
    "max": "min",
    "any": "all",
    "all": "any",
    "float": "int",
    "int": "float",
    "bytes": "bytearray",
    "sorted": "list",
    "ValueError": "TypeError",
    "TypeError": "ValueError",
    "AESGCM": "ChaCha20Poly1305",
    "ChaCha20Poly1305": "AESGCM",
    "InvalidTag": "InvalidSignature",
    "InvalidSignature": "InvalidTag",
}
# ... and methods or module attributes (`.encrypt`, `hashes.SHA256`).
_ATTRIBUTE_SIBLINGS = {
    "encrypt": "decrypt",
    "decrypt": "encrypt",
    "digest": "hexdigest",
    "hexdigest": "digest",
    "token_hex": "token_urlsafe",
    "token_bytes": "token_hex",
    "b64decode": "urlsafe_b64decode",
    "urlsafe_b64decode": "b64decode",
    "b64encode": "urlsafe_b64encode",
    "urlsafe_b64encode": "b64encode",
    "SHA256": "SHA512",
    "SHA512": "SHA256",
    "sha256": "sha512",
    "sha512": "sha256",
    "AESGCM": "ChaCha20Poly1305",
    "ChaCha20Poly1305": "AESGCM",
    "append": "extend",
    "extend": "append",
    "lower": "casefold",
    "casefold": "lower",
    "strip": "rstrip",
    "glob": "rglob",
    "rglob": "glob",
    "is_file": "exists",
    "startswith": "endswith",
    "endswith": "startswith",
    "read_bytes": "read_text",
    "keys": "values",
    "exp": "log",
    "log": "exp",
    "zeros": "ones",
    "ones": "zeros",
    "vstack": "hstack",
    "hstack": "vstack",
    "mean": "sum",
    "sum": "mean",
    "standard_normal": "random",
    "dot": "mul",
}


@dataclass(frozen=True)
class Mutant:
    """One change to an exercise cell: a description that names it, and the mutated source."""

    description: str
    source: str


def solution_lines(source: str) -> range:
    """The line numbers (1-based) between the solution markers of a cell."""
    lines = [line.strip() for line in source.splitlines()]
    return range(lines.index(BEGIN) + 2, lines.index(END) + 1)


def mutants(source: str) -> Iterator[Mutant]:
    """Every single-change mutant of the solution region of the cell ``source``."""
    source = textwrap.dedent(source)
    region = solution_lines(source)
    count = len(_sites(ast.parse(source), source, region))
    seen = set()
    for index in range(count):
        tree = ast.parse(source)
        description, apply = _sites(tree, source, region)[index]
        apply()
        try:
            mutated = ast.unparse(ast.fix_missing_locations(tree))
            compile(mutated, "<mutant>", "exec")
        except (SyntaxError, ValueError):
            continue
        if mutated not in seen:
            seen.add(mutated)
            yield Mutant(description, mutated)


def _sites(tree: ast.AST, source: str, region: range) -> list[tuple[str, object]]:
    """(description, apply) for every mutation of ``tree`` inside ``region``, in a fixed order."""
    parents = {}
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for i, child in enumerate(value):
                    parents[id(child)] = (parent, field, i)
            elif isinstance(value, ast.AST):
                parents[id(value)] = (parent, field, None)

    def text(node):
        return " ".join((ast.get_source_segment(source, node) or ast.unparse(node)).split())

    def replace(node, new):
        parent, field, i = parents[id(node)]
        if i is None:
            setattr(parent, field, new)
        else:
            getattr(parent, field)[i] = new

    def setter(obj, attr, value):
        return lambda: setattr(obj, attr, value)

    defined = set(dir(builtins)) | _bound_names(tree)
    sites = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt | ast.expr | ast.comprehension):
            continue
        line = node.target.lineno if isinstance(node, ast.comprehension) else node.lineno
        if line not in region:
            continue
        where = f"line {line - region.start + 1}: `{text(node)[:70]}`"
        inside_raise = _inside(node, parents, ast.Raise) or _inside(node, parents, ast.JoinedStr)
        if isinstance(node, ast.BinOp):
            for op in _BINARY.get(type(node.op), []):
                sites.append(
                    (
                        f"{where}: {type(node.op).__name__} -> {op.__name__}",
                        setter(node, "op", op()),
                    )
                )
        elif isinstance(node, ast.Compare):
            for k, current in enumerate(node.ops):
                for op in _COMPARE.get(type(current), []):
                    ops = node.ops[:k] + [op()] + node.ops[k + 1 :]
                    sites.append(
                        (
                            f"{where}: {type(current).__name__} -> {op.__name__}",
                            setter(node, "ops", ops),
                        )
                    )
        elif isinstance(node, ast.BoolOp):
            op = ast.Or if isinstance(node.op, ast.And) else ast.And
            sites.append(
                (f"{where}: {type(node.op).__name__} -> {op.__name__}", setter(node, "op", op()))
            )
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            sites.append(
                (f"{where}: operator dropped", (lambda n: lambda: replace(n, n.operand))(node))
            )
        elif isinstance(node, ast.Constant) and not inside_raise:
            for value in _constant_variants(node.value):
                sites.append((f"{where} -> {value!r}", setter(node, "value", value)))
        elif isinstance(node, ast.Slice):
            for bound in ("lower", "upper"):
                if getattr(node, bound) is not None:
                    sites.append((f"{where}: {bound} bound dropped", setter(node, bound, None)))
        elif isinstance(node, ast.Call):
            for k in range(len(node.args) - 1):
                if isinstance(node.args[k], ast.Starred) or isinstance(
                    node.args[k + 1], ast.Starred
                ):
                    continue
                args = list(node.args)
                args[k], args[k + 1] = args[k + 1], args[k]
                sites.append(
                    (f"{where}: arguments {k + 1} and {k + 2} swapped", setter(node, "args", args))
                )
            for k, keyword in enumerate(node.keywords):
                if keyword.arg is not None:
                    rest = node.keywords[:k] + node.keywords[k + 1 :]
                    sites.append(
                        (f"{where}: keyword {keyword.arg}= dropped", setter(node, "keywords", rest))
                    )
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            sibling = _NAME_SIBLINGS.get(node.id)
            if sibling in defined:  # a sibling the cell could have used, not a NameError
                sites.append((f"{where}: {node.id} -> {sibling}", setter(node, "id", sibling)))
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            sibling = _ATTRIBUTE_SIBLINGS.get(node.attr)
            if sibling:
                sites.append(
                    (f"{where}: .{node.attr} -> .{sibling}", setter(node, "attr", sibling))
                )
        elif isinstance(node, ast.comprehension):
            for k in range(len(node.ifs)):
                sites.append(
                    (
                        f"{where} condition `{text(node.ifs[k])}` dropped",
                        setter(node, "ifs", node.ifs[:k] + node.ifs[k + 1 :]),
                    )
                )
        elif isinstance(node, ast.Return) and node.value is not None:
            none = ast.Constant(None)
            sites.append((f"{where}: returns None", setter(node, "value", none)))
        if isinstance(node, ast.stmt):
            parent, field, i = parents[id(node)]
            if i is not None:
                body = getattr(parent, field)
                rest = body[:i] + body[i + 1 :] or [ast.Pass()]
                sites.append((f"{where}: statement dropped", setter(parent, field, rest)))
    return sites


def _bound_names(tree: ast.AST) -> set[str]:
    """The names a cell binds: imports, definitions, assignments."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.alias):
            names.add((node.asname or node.name).partition(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _inside(node, parents, kind) -> bool:
    while id(node) in parents:
        node = parents[id(node)][0]
        if isinstance(node, kind):
            return True
    return False


def _constant_variants(value) -> list:
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int | float):
        return list(dict.fromkeys(v for v in (value + 1, value - 1, 0) if v != value))
    if isinstance(value, str):
        return [_STRINGS[value]] if value in _STRINGS else ([""] if value else [])
    if isinstance(value, bytes):
        return [b""] if value else [b"\x00"]
    return []


class Timeout(BaseException):
    """Raised in code (a mutant, an answer) that runs past its deadline."""


@contextlib.contextmanager
def deadline(seconds: float, cpu: bool = False):
    """Raise :class:`Timeout` in the block if it runs longer than ``seconds``: of the clock,
    or of this process's CPU time if ``cpu`` (which a busy machine does not stretch)."""
    timer, signum = (
        (signal.ITIMER_PROF, signal.SIGPROF) if cpu else (signal.ITIMER_REAL, signal.SIGALRM)
    )

    def expire(signum, frame):
        raise Timeout(f"ran past {seconds:g} s{' of CPU' if cpu else ''}")

    previous = signal.signal(signum, expire)
    signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signum, previous)


def survives(mutant: Mutant, exercise_id: str, time_limit: float = TIME_LIMIT) -> bool:
    """Whether the check of ``exercise_id`` passes ``mutant`` (a timeout or crash kills it)."""
    from utils.course.checks import run_check

    namespace: dict = {}
    try:
        with deadline(time_limit):
            exec(mutant.source, namespace)  # noqa: S102 - a mutant of a known solution cell
            return run_check(exercise_id, namespace).passed
    except (Exception, Timeout):
        return False


def read_allow_list(path: Path = ALLOW_LIST) -> dict[tuple[str, str], str]:
    """(exercise, mutant description) -> the reason it is equivalent to the solution."""
    allowed = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            exercise, description, reason = (part.strip() for part in line.split(" | ", 2))
            if not reason:
                raise ValueError(f"{path.name}: no reason given for {description!r}")
            allowed[exercise, description] = reason
    return allowed


@dataclass
class Report:
    """The mutants of one exercise and which survived its check."""

    exercise: str
    total: int
    survivors: list[Mutant]
    equivalent: list[Mutant]
    seconds: float

    @property
    def score(self) -> float:
        """Killed mutants over non-equivalent mutants."""
        relevant = self.total - len(self.equivalent)
        return (relevant - len(self.survivors)) / relevant if relevant else 1.0


def mutate_exercise(slug: str, exercise_id: str, allowed: dict) -> Report:
    """Run every mutant of ``exercise_id``'s solution through its check."""
    from tests.exercises import exercise_source

    start, survivors, equivalent = time.perf_counter(), [], []
    every = list(mutants(exercise_source(slug, exercise_id)))
    with tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch):
        for mutant in every:
            if survives(mutant, exercise_id):
                known = (exercise_id, mutant.description) in allowed
                (equivalent if known else survivors).append(mutant)
    return Report(exercise_id, len(every), survivors, equivalent, time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    from tests.exercises import all_exercises

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("exercises", nargs="*", help="exercise ids (default: all)")
    parser.add_argument("--show", action="store_true", help="print each surviving mutant's code")
    args = parser.parse_args(argv)
    allowed = read_allow_list()
    chosen = [(s, e) for s, e in all_exercises() if not args.exercises or e in args.exercises]
    failed = False
    print(f"{'exercise':<9}{'mutants':>8}{'killed':>8}{'equiv.':>8}{'score':>8}{'s':>7}")
    for slug, exercise_id in chosen:
        report = mutate_exercise(slug, exercise_id, allowed)
        killed = report.total - len(report.survivors) - len(report.equivalent)
        print(
            f"{exercise_id:<9}{report.total:>8}{killed:>8}{len(report.equivalent):>8}"
            f"{report.score:>8.0%}{report.seconds:>7.1f}",
            flush=True,
        )
        for mutant in report.survivors:
            failed = True
            print(f"    survived: {exercise_id} | {mutant.description}")
            if args.show:
                print(textwrap.indent(mutant.source, "        "))
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
