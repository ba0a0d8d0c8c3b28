"""Calling a student's functions across a process boundary.

:mod:`utils.course.confirm` runs each exercise's check in a process where no student code
ever runs (the checker's process) and the exercise cell in a child of its own (the
answer's process). The check sees the student's functions as :class:`RemoteAnswer` stubs:
a call pickles its arguments to the answer's process and waits for what comes back, which
a restricted unpickler turns into plain data only (exact ``bytes``, ``str``, numbers,
containers, numpy arrays, paths), objects of the kinds the check itself sent, scikit-learn
estimators, TenSEAL ciphertexts and keys. A class of the student's (an ``__eq__`` that
always says True, a method that lies) cannot cross; a subclass of a built-in type arrives
as the built-in value it holds.

Arguments travel by value and the answer's changes to them are copied back, as if the call
had been in-process; functions and the types registered with :func:`by_reference` (an
oracle holding a secret model) stay in the checker's process and are called back, public
attributes only. What a check learns by watching the function from inside (warnings, files
written, the generators it draws from: :func:`beside_answer`) comes from the answer's
process, so it can only fail an answer, never pass one.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import io
import pickle
import select
import socket
import struct
import sys
import time
import types
import warnings
from collections.abc import Callable

from utils.course.checks import file_writes

FRAME_LIMIT = 64 * 2**20  # bytes of one message from the answer's process
_HEADER = struct.Struct("!Q")
_BY_REFERENCE: list[type] = []
_ROUTINES = (types.FunctionType, types.MethodType, functools.partial)
_EXACT = (bytes, str, int, float, bool, complex, type(None))
_CODECS = ("_context_in", "_cipher_in", "_key_in", "_opaque_in")
_receiving: list = []  # the session whose message is being unpickled now


class AnswerStopped(BaseException):  # noqa: N818 (not an error of the check's own)
    """The answer's process timed out, ended, or sent what the check cannot read.

    A ``BaseException``, so a check's ``except Exception`` never takes it for a refusal.
    """


def by_reference(*kinds: type) -> None:
    """Keep objects of ``kinds`` in the checker's process: the answer calls them back."""
    _BY_REFERENCE.extend(kinds)


def beside_answer(helper: Callable) -> Callable:
    """Run ``helper(function, *args)`` in the answer's process when ``function`` is a
    :class:`RemoteAnswer`: for checks that watch the function from inside (its generators,
    its code). Elsewhere the helper runs as it is."""

    @functools.wraps(helper)
    def run(function, *args):
        if isinstance(function, RemoteAnswer):
            return function._answer.beside(helper, function._name, args)
        return helper(function, *args)

    return run


# --- messages: length-prefixed pickles over a socket ------------------------------------


def _send(sock: socket.socket, data: bytes) -> None:
    sock.sendall(_HEADER.pack(len(data)) + data)


def _receive(sock: socket.socket, deadline: float | None, limit: int | None) -> bytes:
    def exactly(size: int) -> bytes:
        chunks, left = [], size
        while left:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and (wait <= 0 or not select.select([sock], [], [], wait)[0]):
                raise TimeoutError
            chunk = sock.recv(min(left, 2**20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    (size,) = _HEADER.unpack(exactly(_HEADER.size))
    if limit is not None and size > limit:
        raise ValueError(f"a message of {size} bytes (at most {limit})")
    return exactly(size)


class _Pickler(pickle.Pickler):
    def __init__(self, stream, side):
        super().__init__(stream, protocol=5)
        self.side = side

    def persistent_id(self, obj):
        return self.side.persistent_id(obj)

    def reducer_override(self, obj):
        return self.side.reduce(obj)


class _Unpickler(pickle.Unpickler):
    def __init__(self, stream, side):
        super().__init__(stream)
        self.side = side

    def persistent_load(self, pid):
        return self.side.persistent_load(pid)

    def find_class(self, module, name):
        if module == __name__ and name in _CODECS:
            return globals()[name]
        return self.side.find_class(self, module, name)


def _tenseal():
    return sys.modules.get("tenseal")


def _is_context(obj) -> bool:
    ts = _tenseal()
    return ts is not None and isinstance(obj, ts.Context)


def _cipher_kinds() -> dict[type, Callable]:
    ts = _tenseal()
    if ts is None:
        return {}
    return {ts.CKKSVector: ts.ckks_vector_from, ts.CKKSTensor: ts.ckks_tensor_from,
            ts.BFVVector: ts.bfv_vector_from, ts.BFVTensor: ts.bfv_tensor_from}  # fmt: skip


def _is_key(obj) -> bool:
    kind = type(obj)
    return kind.__module__.startswith("cryptography.") and kind.__name__.endswith(
        ("PrivateKey", "PublicKey")
    )


class _Side:
    """What both ends share: contexts, ciphertexts and keys travel as bytes, numbered by
    the checker's process, so that one sent back arrives as the very object that was sent."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.numbered: dict[int, object] = {}
        self.numbers: dict[int, int] = {}  # id of an object (a context's core) -> its number
        self.kept: list = []  # keeps those ids from being reused

    def dumps(self, message) -> bytes:
        stream = io.BytesIO()
        _Pickler(stream, self).dump(message)
        return stream.getvalue()

    def loads(self, data: bytes):
        _receiving.append(self)
        try:
            return _Unpickler(io.BytesIO(data), self).load()
        finally:
            _receiving.pop()

    def known(self, obj) -> int | None:
        return self.numbers.get(id(obj.data if _is_context(obj) else obj))

    def remember(self, number: int, obj) -> None:
        core = obj.data if _is_context(obj) else obj
        self.numbered[number], self.numbers[id(core)] = obj, number
        self.kept.append(core)

    def outgoing(self, obj) -> int | None:
        """The number ``obj`` travels under (None: it is not numbered)."""
        return None

    def arrived(self, number: int | None, obj):
        """``obj``, just decoded from the other process under ``number``."""
        return obj

    def reduce(self, obj):
        if _is_context(obj):
            sent = self.known(obj) is not None
            data = None if sent else obj.serialize(save_secret_key=obj.is_private())
            return _context_in, (self.outgoing(obj), data)
        if type(obj) in _cipher_kinds():
            kind = type(obj).__name__
            return _cipher_in, (self.outgoing(obj), kind, obj.context(), obj.serialize())
        if _is_key(obj):
            from cryptography.hazmat.primitives import serialization as s

            if hasattr(obj, "private_bytes"):
                der = obj.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())
                return _key_in, (self.outgoing(obj), "private", der)
            der = obj.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo)
            return _key_in, (self.outgoing(obj), "public", der)
        return NotImplemented


def _context_in(number: int | None, data: bytes | None):
    side = _receiving[-1]
    if data is None:
        return side.named(("sent", number))
    return side.arrived(number, _tenseal().context_from(bytes(data)))


def _cipher_in(number: int | None, kind: str, context, data: bytes):
    side = _receiving[-1]
    load = {k.__name__: f for k, f in _cipher_kinds().items()}.get(kind)
    if load is None:
        raise ValueError(f"no TenSEAL ciphertext is called {kind!r}")
    return side.arrived(number, load(side.resolve(context), bytes(data)))


class Opaque:
    """What the check gets for an object it cannot rebuild (a class of the student's, an
    object that cannot be pickled): an empty object of a class with the same name, equal
    only to itself, so the check's hints can still say what the answer returned."""

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        pass

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object>"


@functools.cache
def _stand_in(module: str, name: str) -> type:
    clean = name if name.isidentifier() else "object"
    return type(clean, (Opaque,), {"__module__": str(module)[:100]})


def _opaque_in(module: str, name: str) -> Opaque:
    return _stand_in(str(module), str(name))()


class _Unsendable:
    """In the answer's process, stands for a value that cannot be pickled."""

    def __init__(self, value):
        self.path = (type(value).__module__, type(value).__qualname__)

    def __reduce__(self):
        return _opaque_in, self.path


def _key_in(number: int | None, kind: str, der: bytes):
    from cryptography.hazmat.primitives import serialization

    if kind == "private":
        key = serialization.load_der_private_key(bytes(der), None)
    else:
        key = serialization.load_der_public_key(bytes(der))
    return _receiving[-1].arrived(number, key)


# --- the checker's process --------------------------------------------------------------


class _Placeholder:
    """An object named by number in a message from the answer's process, until resolved
    (so no pickle opcode of the answer's can touch the checker's own object)."""

    __slots__ = ("key",)

    def __init__(self, key: tuple):
        self.key = key


class RemoteAnswer:
    """A student's function living in the answer's process, called from the check."""

    def __init__(self, answer: Answer, name: str, params: list[str] | None):
        self._answer, self._name = answer, name
        if params is not None:
            kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
            self.__signature__ = inspect.Signature([inspect.Parameter(p, kind) for p in params])

    def __call__(self, *args, **kwargs):
        return self._answer.call(self._name, args, kwargs)

    def __repr__(self) -> str:
        return f"<the answer's {self._name}>"


class Answer(_Side):
    """The checker's end of one answer's process, reached through ``sock``.

    Every wait ends by ``deadline`` (a ``time.monotonic()`` value); the first thing that
    stops the answer (a timeout, its end, an unreadable message) is kept in ``failure``.
    """

    def __init__(self, sock: socket.socket, deadline: float):
        super().__init__(sock)
        self.deadline = deadline
        self.failure = ""
        self.references: dict[int, object] = {}
        self.sent_types: set[type] = set()

    # the codec's policy on this side
    def outgoing(self, obj) -> int:
        number = self.known(obj)
        if number is None:
            number = len(self.numbered)
            self.remember(number, obj)
        return number

    def named(self, key: tuple) -> _Placeholder:
        return _Placeholder(key)

    def persistent_id(self, obj):
        if isinstance(obj, tuple(_BY_REFERENCE)) or (
            isinstance(obj, _ROUTINES) and not _by_name(obj)
        ):
            number = next((n for n, o in self.references.items() if o is obj), None)
            if number is None:
                number = len(self.references)
                self.references[number] = obj
            kind = type(obj) if isinstance(obj, tuple(_BY_REFERENCE)) else None
            path = (kind.__module__, kind.__qualname__) if kind else None
            return ("ref", number, path)
        return None

    def reduce(self, obj):
        reduced = super().reduce(obj)
        if reduced is NotImplemented and not isinstance(obj, type | types.ModuleType):
            if type(obj).__module__ != "builtins":
                self.sent_types.add(type(obj))
        return reduced

    def persistent_load(self, pid):
        return _Placeholder(tuple(pid) if isinstance(pid, tuple) else (pid,))

    def find_class(self, unpickler, module: str, name: str):
        owner = sys.modules.get(module) if module != "__main__" else None
        found = vars(owner).get(name) if owner is not None else None
        if found is not None and any(found is allowed for allowed in _plain_globals()):
            return found
        if isinstance(found, type) and (
            found in self.sent_types or _is_estimator(found) or issubclass(found, BaseException)
        ):
            return found
        return _stand_in(module, name)

    def resolve(self, value, memo: dict | None = None):
        """``value`` with every placeholder replaced by the object it names."""
        memo = {} if memo is None else memo
        if isinstance(value, _Placeholder):
            kind, number = value.key[0], value.key[1]
            table = self.references if kind == "ref" else self.numbered
            if not isinstance(number, int) or number not in table:
                raise pickle.UnpicklingError("a reference to nothing the check sent")
            return table[number]
        if type(value) in _EXACT or id(value) in memo:
            return memo.get(id(value), value)
        memo[id(value)] = value
        if type(value) is list:
            value[:] = [self.resolve(v, memo) for v in value]
        elif type(value) is dict:
            items = [(self.resolve(k, memo), self.resolve(v, memo)) for k, v in value.items()]
            value.clear()
            value.update(items)
        elif type(value) in (tuple, set, frozenset):
            memo[id(value)] = type(value)(self.resolve(v, memo) for v in value)
        elif hasattr(value, "dtype") and getattr(value.dtype, "hasobject", False):
            for index, item in enumerate(value.flat):
                value.flat[index] = self.resolve(item, memo)
        elif type(value) in self.sent_types or _is_estimator(type(value)):
            state = vars(value) if hasattr(value, "__dict__") else {}
            state.update({k: self.resolve(v, memo) for k, v in state.items()})
        return memo[id(value)]

    # messages
    def _stop(self, why: str) -> AnswerStopped:
        self.failure = self.failure or why
        return AnswerStopped(self.failure)

    def receive(self):
        try:
            data = _receive(self.sock, self.deadline, FRAME_LIMIT)
        except TimeoutError:
            raise self._stop("timed out: is there an endless loop in your code?") from None
        except (EOFError, OSError, ValueError) as error:
            why = "its process ended" if isinstance(error, EOFError | OSError) else str(error)
            raise self._stop(f"the exercise cell's process stopped answering ({why})") from None
        try:
            return self.resolve(self.loads(data))
        except Exception as error:  # anything the restricted unpickler refuses
            raise self._stop(
                f"your function gave back an object the check cannot read ({error}): return "
                "plain values (bytes, str, numbers, lists, dicts, numpy arrays) or the kinds "
                "of object the exercise names"
            ) from None

    def send(self, message) -> None:
        if self.failure:
            raise AnswerStopped(self.failure)
        try:
            data = self.dumps(message)
        except Exception as error:  # the check's own object: a course author's matter
            raise self._stop(
                f"the check cannot send its arguments to your function ({error}): a course "
                "author must give that kind a codec or by_reference() in "
                "utils/course/checks/boundary.py"
            ) from None
        try:
            _send(self.sock, data)
        except OSError:
            raise self._stop("the exercise cell's process stopped answering") from None

    def ready(self) -> tuple[str, dict[str, list[str] | None]]:
        """The exercise cell's error ('' when it ran) and the checker's names it defined."""
        message = self.receive()
        if not (isinstance(message, tuple) and len(message) == 3 and message[0] == "ready"):
            raise self._stop("the exercise cell's process sent no greeting")
        _, error, defined = message
        if not isinstance(error, str) or not isinstance(defined, dict):
            raise self._stop("the exercise cell's process sent a malformed greeting")
        return error[:500], {
            n: (p if isinstance(p, list) and all(map(_is_name, p)) else None)
            for n, p in defined.items()
            if isinstance(n, str)
        }

    def namespace(self, defined: dict[str, list[str] | None]) -> dict[str, RemoteAnswer]:
        return {name: RemoteAnswer(self, name, params) for name, params in defined.items()}

    def call(self, name: str, args: tuple, kwargs: dict):
        self.send(("call", name, args, kwargs))
        return self._outcome(args)

    def beside(self, helper: Callable, name: str, args: tuple):
        self.send(("beside", helper.__module__, helper.__qualname__, name, args))
        return self._outcome(())

    def finish(self) -> str:
        """Say goodbye; the answer's process reports what its code changed ('' if nothing)."""
        try:
            self.send(("bye",))
            message = self.receive()
        except AnswerStopped:
            return ""
        ok = isinstance(message, tuple) and len(message) == 2 and isinstance(message[1], str)
        return message[1][:500] if ok else ""

    def _outcome(self, args: tuple):
        while True:
            message = self.receive()
            if isinstance(message, tuple) and message and message[0] == "ref":
                self._serve_reference(message)
                continue
            try:
                kind, value, after, written, caught = message
                assert kind in ("return", "raise")
                written = [str(path) for path in written]
                caught = [(_rebuilt(d, Warning, UserWarning), str(t)) for d, t in caught]
                if kind == "raise":
                    error = _exception(_rebuilt(value[0], BaseException, Exception), str(value[1]))
            except (AssertionError, TypeError, ValueError, IndexError):
                raise self._stop("the exercise cell's process sent a malformed answer") from None
            value = self._write_back(args, after, value)
            file_writes.add_written(written)
            for category, text in caught:
                warnings.warn_explicit(text, category, "<answer>", 0)
            if kind == "raise":
                raise error
            return value

    def _write_back(self, args: tuple, after, value):
        """Copy the answer's changes of its arguments onto the check's own objects, keeping
        their identities; a returned argument is the check's own object again."""
        if not isinstance(after, tuple) or len(after) != len(args):
            return value
        for original, changed in zip(args, after, strict=True):
            if changed is not None:
                self._merge(original, changed)
        for original, changed in zip(args, after, strict=True):
            if value is changed and type(changed) not in _EXACT:
                return original
        return value

    def _merge(self, original, changed):
        """Merge ``changed`` (the answer's copy of ``original`` after a call) into
        ``original`` where it can change in place; return what ``original``'s place holds."""
        if original is changed or type(original) is not type(changed):
            return changed
        if type(original) in _cipher_kinds():
            original.data = changed.data
        elif isinstance(original, list):
            same = len(original) == len(changed)
            original[:] = map(self._merge, original, changed) if same else changed
        elif isinstance(original, dict):
            same = list(original) == list(changed)
            items = [(k, self._merge(original[k], changed[k])) for k in original] if same else []
            original.clear()
            original.update(items or changed)
        elif isinstance(original, set):
            original.clear()
            original.update(changed)
        elif isinstance(original, bytearray):
            original[:] = changed
        elif hasattr(original, "shape") and getattr(original, "flags", None) is not None:
            if original.shape == changed.shape and original.flags.writeable:
                original[...] = changed
        elif type(original) in self.sent_types and hasattr(original, "__dict__"):
            vars(original).clear()
            vars(original).update(vars(changed))
        elif not _equal(original, changed):
            return changed
        return original

    def _serve_reference(self, message) -> None:
        """Run an operation the answer asks of an object kept here (public names only)."""
        try:
            _, number, operation, name, args, kwargs = message
            target = self.references[number]
            if operation == "call" and callable(target) and isinstance(kwargs, dict):
                value = target(*args, **kwargs)
            elif operation == "getattr" and isinstance(name, str) and not name.startswith("_"):
                value = getattr(target, name)
                if callable(value) and getattr(value, "__self__", None) is not target:
                    raise AttributeError(f"{name} is not available to your code")
            elif operation in ("len", "getitem", "iter", "repr"):
                value = {"len": len, "iter": list, "repr": repr}.get(
                    operation, lambda t: t[args[0]]
                )(target)
            else:
                raise AttributeError(f"{operation} {name!r} is not available to your code")
            reply = self.dumps(("ok", value))
        except AnswerStopped:
            raise
        except Exception as error:
            try:
                reply = self.dumps(("error", error))
            except Exception:
                reply = self.dumps(("error", RuntimeError(f"{type(error).__name__}: {error}")))
        try:
            _send(self.sock, reply)
        except OSError:
            raise self._stop("the exercise cell's process stopped answering") from None


def _plain_globals() -> tuple:
    """What the restricted unpickler may build besides the check's own kinds (numpy's
    only once something here imported numpy)."""
    found = [complex]
    for module, names in (
        ("pathlib", ("PosixPath", "PurePosixPath")),
        ("numpy", ("dtype", "ndarray")),
        ("numpy._core.numeric", ("_frombuffer",)),
        ("numpy._core.multiarray", ("_reconstruct", "scalar")),
        ("numpy.core.numeric", ("_frombuffer",)),
        ("numpy.core.multiarray", ("_reconstruct", "scalar")),
    ):
        owner = sys.modules.get(module)
        found += [vars(owner)[n] for n in names if owner is not None and n in vars(owner)]
    return tuple(found)


def _by_name(function) -> bool:
    """Whether pickle saves ``function`` by its name (a module's own function): it then
    travels as a name and runs in the answer's process, as the functions numpy's and
    the codec's pickles are rebuilt with do."""
    module = sys.modules.get(getattr(function, "__module__", None) or "")
    path = getattr(function, "__qualname__", "<lambda>").split(".")
    try:
        return functools.reduce(getattr, path, module) is function
    except AttributeError:
        return False


def _is_estimator(kind: type) -> bool:
    base = getattr(sys.modules.get("sklearn.base"), "BaseEstimator", None)
    return base is not None and kind.__module__.startswith("sklearn.") and issubclass(kind, base)


def _equal(a, b) -> bool:
    try:
        return bool(a == b)
    except Exception:  # arrays inside, or an __eq__ that raises
        return False


def _exception(kind: type, text: str) -> BaseException:
    try:
        return kind(text)
    except Exception:  # a class whose constructor wants more than a message
        error = kind.__new__(kind)
        error.args = (text,)
        return error


def _is_name(text) -> bool:
    return isinstance(text, str) and text.isidentifier()


def _rebuilt(description, base: type, default: type) -> type:
    """The class an exception or warning from the answer's process is raised as here: the
    first class of its MRO that exists here and is a ``base``, under the answer's name."""
    names = [d for d in description if isinstance(d, tuple) and len(d) == 2] if isinstance(
        description, list
    ) else []  # fmt: skip
    found = default
    for module, qualname in names:
        owner = sys.modules.get(str(module)) if module != "__main__" else None
        candidate = vars(owner).get(str(qualname)) if owner is not None else None
        if isinstance(candidate, type) and issubclass(candidate, base):
            found = candidate
            break
    if names and str(names[0][1]) != found.__name__ and _is_name(str(names[0][1])):
        try:  # the student's own class, known here by its name only
            return type(str(names[0][1]), (found,), {"__module__": "answer"})
        except TypeError:  # a class that cannot be subclassed
            return found
    return found


# --- the answer's process ----------------------------------------------------------------


class Reference:
    """In the answer's process, an object or function kept in the checker's process."""

    def __init__(self, side: _AnswerSide, number: int, path: tuple[str, str] | None):
        vars(self).update(_side=side, _number=number, _path=path)

    def _ask(self, operation: str, name: str | None = None, *args, **kwargs):
        return self._side.ask(("ref", self._number, operation, name, args, kwargs))

    def __call__(self, *args, **kwargs):
        return self._ask("call", None, *args, **kwargs)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(f"{name}: only this object's public side is within reach")
        return self._ask("getattr", name)

    def __len__(self):
        return self._ask("len")

    def __getitem__(self, key):
        return self._ask("getitem", None, key)

    def __iter__(self):
        return iter(self._ask("iter"))

    def __repr__(self):
        return self._ask("repr")

    @property
    def __class__(self):  # isinstance() of the object it stands for holds
        if self._path is None:
            return Reference
        module, qualname = self._path
        return functools.reduce(getattr, qualname.split("."), importlib.import_module(module))


class _AnswerSide(_Side):
    def persistent_id(self, obj):
        if type(obj) is Reference:
            return ("ref", vars(obj)["_number"])
        if type(obj) in _cipher_kinds():  # sent back whole: the answer may have changed it
            return None
        number = self.known(obj)
        return None if number is None else ("sent", number)

    def persistent_load(self, pid):
        return Reference(self, pid[1], pid[2])

    def find_class(self, unpickler, module, name):
        return pickle.Unpickler.find_class(unpickler, module, name)

    def named(self, key: tuple):
        return self.numbered[key[1]]

    def resolve(self, value):
        return value

    def arrived(self, number, obj):
        if number is not None:
            self.remember(number, obj)
        return obj

    def receive(self):
        return self.loads(_receive(self.sock, None, None))

    def send(self, message) -> None:
        _send(self.sock, self.dumps(_plain(message, {})))

    def ask(self, message):
        self.send(message)
        kind, value = self.receive()
        if kind == "error":
            raise value
        return value

    def reply(self, function: Callable, args: tuple, kwargs: dict, send_back: bool = True):
        """Call ``function`` and send what came of it, with the arguments as they are after
        the call (if ``send_back``), the files it wrote and the warnings it issued."""
        with warnings.catch_warnings(record=True) as caught, file_writes.files_written() as files:
            warnings.simplefilter("always")
            try:
                kind, value = "return", function(*args, **kwargs)
            except BaseException as error:  # the student's code raised: describe it
                kind, value = "raise", (_description(type(error)), _text(error))
        notes = [(_description(w.category), _text(w.message)) for w in caught]
        after = tuple(a if send_back and _changeable(a) else None for a in args)
        # what cannot be pickled is left out: the arguments, then the value (its kind stays)
        for shown, back in ((value, after), (value, ()), (_Unsendable(value), ())):
            try:
                return self.send((kind, shown, back, list(files), notes))
            except Exception:  # noqa: S112 - the next, smaller message may go through
                continue
        return None


def _answer(namespace: dict, name: str, *args, **kwargs):
    return namespace[name](*args, **kwargs)


def _changeable(value) -> bool:
    """Whether a call may have changed ``value`` in a way the check could see."""
    if type(value) is Reference:
        return False
    numpy = sys.modules.get("numpy")
    return (
        isinstance(value, list | dict | set | bytearray)
        or (numpy is not None and isinstance(value, numpy.ndarray))
        or hasattr(value, "__dict__")
    )


def _description(kind: type) -> list[tuple[str, str]]:
    return [(c.__module__, c.__qualname__) for c in kind.__mro__]


def _text(value) -> str:
    try:
        return str(value)[:2000]
    except Exception:
        return ""


def _plain(value, memo: dict):
    """``value`` with every instance of a subclass of a built-in type replaced by the
    built-in value it holds (read with the built-in type's own methods)."""
    kind = type(value)
    if kind in _EXACT or kind is Reference:
        return value
    if id(value) in memo:
        return memo[id(value)]
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray) and kind is not numpy.ndarray:
        memo[id(value)] = copy = numpy.ndarray.view(value, numpy.ndarray)
        return copy
    for base, convert in _CONVERSIONS:
        if isinstance(value, base):
            if kind in (list, dict, tuple, set, frozenset) or kind is not base:
                memo[id(value)] = copy = convert(value, memo)
                return copy
            return value
    return value


def _walk(items, memo):
    return [_plain(item, memo) for item in items]


_CONVERSIONS = [
    (bytes, lambda v, m: bytes.__bytes__(v)),
    (str, lambda v, m: str.__str__(v)),
    (int, lambda v, m: int.__int__(v)),
    (float, lambda v, m: float.__float__(v)),
    (complex, lambda v, m: complex.__complex__(v)),
    (bytearray, lambda v, m: bytearray.__getitem__(v, slice(None))),
    (list, lambda v, m: _walk(list.__iter__(v), m)),
    (tuple, lambda v, m: tuple(_walk(tuple.__iter__(v), m))),
    (dict, lambda v, m: dict(zip(_walk(dict.keys(v), m), _walk(dict.values(v), m), strict=True))),
    (set, lambda v, m: set(_walk(set.__iter__(v), m))),
    (frozenset, lambda v, m: frozenset(_walk(frozenset.__iter__(v), m))),
]


def serve(sock: socket.socket, namespace: dict, names: tuple[str, ...], error: str,
          farewell: Callable[[], str]) -> None:  # fmt: skip
    """The answer's process: greet with the exercise cell's ``error`` and the checker's
    ``names`` it defined, then answer calls on ``namespace`` until the checker says bye."""
    side = _AnswerSide(sock)
    defined = {}
    for name in names if not error else ():
        if name in namespace:
            try:
                defined[name] = list(inspect.signature(namespace[name]).parameters)
            except (TypeError, ValueError):
                defined[name] = None
    side.send(("ready", error, defined))
    while True:
        message = side.receive()
        if message[0] == "bye":
            side.send(("bye", farewell()))
            return
        if message[0] == "call":
            _, name, args, kwargs = message
            side.reply(functools.partial(_answer, namespace, name), args, kwargs)
        elif message[0] == "beside":
            _, module, qualname, name, args = message
            helper = functools.reduce(getattr, qualname.split("."), sys.modules[module])
            side.reply(functools.partial(helper, namespace.get(name)), args, {}, send_back=False)
