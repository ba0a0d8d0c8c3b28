"""Plausible wrong answers to lesson 05's exercises, each with a piece of its expected hint."""

_LOAD_HEAD = "import io\nimport numpy as np\nfrom utils.protection import UnsafeModelError\n"
_DIGEST_HEAD = (
    "import hashlib, pathlib\nfrom utils.protection import SIGNATURE_FILES, ModelIntegrityError\n"
)
_COMPARE_HEAD = (
    "import json\nfrom cryptography.exceptions import InvalidSignature\n"
    "from utils.protection import ModelIntegrityError\n"
)
_SURROGATE_HEAD = "import numpy as np\nfrom sklearn.linear_model import LogisticRegression\n"

# exercise id -> list of (wrong exercise-cell source, a piece of the hint it must get)
WRONG_ANSWERS = {
    "5.1": [
        (
            _LOAD_HEAD + "def safe_load_weights(data):\n"
            "    with np.load(io.BytesIO(data), allow_pickle=True) as npz:\n"
            "        return {name: npz[name] for name in npz.files}",
            "loading ran the pickle's payload",
        ),
        (
            _LOAD_HEAD + "def safe_load_weights(data):\n"
            "    with np.load(io.BytesIO(data), allow_pickle=False) as npz:\n"
            "        return {name: npz[name] for name in npz.files}",
            "raise UnsafeModelError for every refusal",
        ),
        (
            _LOAD_HEAD + "def safe_load_weights(data):\n"
            "    if data[:1] == b'\\x80':\n        raise UnsafeModelError('pickle')\n"
            "    try:\n"
            "        with np.load(io.BytesIO(data), allow_pickle=True) as npz:\n"
            "            return {name: npz[name] for name in npz.files}\n"
            "    except ValueError as error:\n        raise UnsafeModelError(str(error))",
            "object array unpickled it",
        ),
        (
            _LOAD_HEAD + "def safe_load_weights(data):\n"
            "    if data[:1] == b'\\x80':\n        raise UnsafeModelError('pickle')\n"
            "    return np.load(io.BytesIO(data), allow_pickle=False)",
            "plain dict",
        ),
        (  # data[0] fails on an empty file
            _LOAD_HEAD + "def safe_load_weights(data):\n"
            "    if data[0] == 0x80 or data[:4] != b'PK\\x03\\x04':\n"
            "        raise UnsafeModelError('not an npz')\n"
            "    try:\n"
            "        with np.load(io.BytesIO(data), allow_pickle=False) as npz:\n"
            "            return {name: npz[name] for name in npz.files}\n"
            "    except ValueError as error:\n        raise UnsafeModelError(str(error))",
            "an empty file (b'') raised IndexError",
        ),
        (  # trusts the zip signature: a PyTorch-like zip's data.pkl comes back as bytes
            _LOAD_HEAD + "def safe_load_weights(data):\n"
            "    if data[:1] == b'\\x80' or not data.startswith(b'PK\\x03\\x04'):\n"
            "        raise UnsafeModelError('not an npz')\n"
            "    try:\n"
            "        with np.load(io.BytesIO(data), allow_pickle=False) as npz:\n"
            "            return {name: npz[name] for name in npz.files}\n"
            "    except ValueError as error:\n        raise UnsafeModelError(str(error))",
            "the zip signature alone proves nothing",
        ),
        (  # refuses members by name: a pickle renamed to 'intercept.npy' gets through
            _LOAD_HEAD + "def safe_load_weights(data):\n"
            "    if data[:1] == b'\\x80' or not data.startswith(b'PK\\x03\\x04'):\n"
            "        raise UnsafeModelError('not an npz')\n"
            "    try:\n"
            "        with np.load(io.BytesIO(data), allow_pickle=False) as npz:\n"
            "            if any(name.endswith('.pkl') for name in npz.files):\n"
            "                raise UnsafeModelError('a pickle inside')\n"
            "            return {name: npz[name] for name in npz.files}\n"
            "    except ValueError as error:\n        raise UnsafeModelError(str(error))",
            "a member's name proves nothing",
        ),
    ],
    "5.2": [
        (
            _DIGEST_HEAD + "def folder_digests(folder):\n"
            "    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()\n"
            "            for p in pathlib.Path(folder).iterdir()\n"
            "            if p.is_file() and p.name not in SIGNATURE_FILES}",
            "include files in subfolders",
        ),
        (
            _DIGEST_HEAD + "def folder_digests(folder):\n"
            "    folder = pathlib.Path(folder)\n"
            "    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()\n"
            "            for p in folder.rglob('*') if p.is_file()}",
            "signature files, not part of the model",
        ),
        (
            _DIGEST_HEAD + "def folder_digests(folder):\n"
            "    folder = pathlib.Path(folder)\n"
            "    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()\n"
            "            for p in folder.rglob('*')\n"
            "            if p.is_file() and p.relative_to(folder).as_posix() not in SIGNATURE_FILES}",
            "symlink to a file outside the folder was followed",
        ),
        (
            _DIGEST_HEAD + "def folder_digests(folder):\n"
            "    folder = pathlib.Path(folder)\n"
            "    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()\n"
            "            for p in folder.rglob('*')\n"
            "            if p.is_file() and p.name not in SIGNATURE_FILES}",
            "keys are paths relative to the folder",
        ),
        (
            _DIGEST_HEAD + "def folder_digests(folder):\n"
            "    folder = pathlib.Path(folder)\n"
            "    return {p.relative_to(folder).as_posix(): hashlib.sha256(str(p).encode()).hexdigest()\n"
            "            for p in folder.rglob('*')\n"
            "            if p.is_file() and p.relative_to(folder).as_posix() not in SIGNATURE_FILES}",
            "a digest is wrong",
        ),
        (  # skips signature names in subfolders too
            _DIGEST_HEAD + "def folder_digests(folder):\n"
            "    folder, digests = pathlib.Path(folder), {}\n"
            "    for p in sorted(folder.rglob('*')):\n"
            "        if p.is_symlink():\n            raise ModelIntegrityError('symlink')\n"
            "        if p.is_file() and p.name not in SIGNATURE_FILES:\n"
            "            rel = p.relative_to(folder).as_posix()\n"
            "            digests[rel] = hashlib.sha256(p.read_bytes()).hexdigest()\n"
            "    return digests",
            "compare the relative path, not the file name",
        ),
        (  # os.walk lists a symlinked folder in dirnames and never looks at it
            _DIGEST_HEAD + "import os\n"
            "def folder_digests(folder):\n"
            "    digests = {}\n"
            "    for root, dirs, files in os.walk(folder):\n"
            "        for name in files:\n"
            "            p = pathlib.Path(root, name)\n"
            "            if p.is_symlink():\n                raise ModelIntegrityError('symlink')\n"
            "            rel = p.relative_to(folder).as_posix()\n"
            "            if rel not in SIGNATURE_FILES:\n"
            "                digests[rel] = hashlib.sha256(p.read_bytes()).hexdigest()\n"
            "    return digests",
            "a symlink to a folder ('plugins')",
        ),
        (  # refuses only symlinks that lead out of the folder
            _DIGEST_HEAD + "def folder_digests(folder):\n"
            "    folder, digests = pathlib.Path(folder), {}\n"
            "    for p in sorted(folder.rglob('*')):\n"
            "        if not p.resolve().is_relative_to(folder.resolve()):\n"
            "            raise ModelIntegrityError('symlink out of the folder')\n"
            "        rel = p.relative_to(folder).as_posix()\n"
            "        if p.is_file() and rel not in SIGNATURE_FILES:\n"
            "            digests[rel] = hashlib.sha256(p.read_bytes()).hexdigest()\n"
            "    return digests",
            "a symlink pointing inside the folder",
        ),
        (  # glob.glob skips hidden files such as .gitattributes
            _DIGEST_HEAD + "import glob, os\n"
            "def folder_digests(folder):\n"
            "    digests = {}\n"
            "    for name in glob.glob(os.path.join(folder, '**', '*'), recursive=True):\n"
            "        p = pathlib.Path(name)\n"
            "        if p.is_symlink():\n                raise ModelIntegrityError('symlink')\n"
            "        rel = p.relative_to(folder).as_posix()\n"
            "        if p.is_file() and rel not in SIGNATURE_FILES:\n"
            "            digests[rel] = hashlib.sha256(p.read_bytes()).hexdigest()\n"
            "    return digests",
            "'.gitattributes' is missing",
        ),
        (  # refuses symlinks, but not with ModelIntegrityError
            _DIGEST_HEAD + "def folder_digests(folder):\n"
            "    folder, digests = pathlib.Path(folder), {}\n"
            "    for p in sorted(folder.rglob('*')):\n"
            "        if p.is_symlink():\n            raise ValueError('symlink')\n"
            "        rel = p.relative_to(folder).as_posix()\n"
            "        if p.is_file() and rel not in SIGNATURE_FILES:\n"
            "            digests[rel] = hashlib.sha256(p.read_bytes()).hexdigest()\n"
            "    return digests",
            "made your code raise ValueError",
        ),
        (  # open() in text mode: the binary weights.npz cannot be decoded
            _DIGEST_HEAD + "def folder_digests(folder):\n"
            "    folder, digests = pathlib.Path(folder), {}\n"
            "    for p in sorted(folder.rglob('*')):\n"
            "        if p.is_symlink():\n            raise ModelIntegrityError('symlink')\n"
            "        rel = p.relative_to(folder).as_posix()\n"
            "        if p.is_file() and rel not in SIGNATURE_FILES:\n"
            "            with open(p) as f:\n"
            "                digests[rel] = hashlib.sha256(f.read().encode()).hexdigest()\n"
            "    return digests",
            "open it in binary mode",
        ),
    ],
    "5.3": [
        (
            _COMPARE_HEAD
            + "def compare_to_manifest(manifest_bytes, signature, public_key, digests):\n"
            "    signed = {p: e['sha256'] for p, e in json.loads(manifest_bytes)['files'].items()}\n"
            "    return {'modified': sorted(p for p in signed if p in digests and signed[p] != digests[p]),\n"
            "            'missing': sorted(p for p in signed if p not in digests),\n"
            "            'extra': sorted(p for p in digests if p not in signed)}",
            "an edited manifest was accepted",
        ),
        (
            _COMPARE_HEAD
            + "def compare_to_manifest(manifest_bytes, signature, public_key, digests):\n"
            "    public_key.verify(signature, manifest_bytes)\n"
            "    signed = {p: e['sha256'] for p, e in json.loads(manifest_bytes)['files'].items()}\n"
            "    return {'modified': sorted(p for p in signed if p in digests and signed[p] != digests[p]),\n"
            "            'missing': sorted(p for p in signed if p not in digests),\n"
            "            'extra': sorted(p for p in digests if p not in signed)}",
            "turn it into ModelIntegrityError",
        ),
        (
            _COMPARE_HEAD
            + "def compare_to_manifest(manifest_bytes, signature, public_key, digests):\n"
            "    try:\n        public_key.verify(signature, manifest_bytes)\n"
            "    except InvalidSignature:\n        raise ModelIntegrityError('bad signature')\n"
            "    signed = {p: e['sha256'] for p, e in json.loads(manifest_bytes)['files'].items()}\n"
            "    return {'modified': sorted(p for p in signed if p in digests and signed[p] != digests[p]),\n"
            "            'missing': sorted(p for p in signed if p not in digests), 'extra': []}",
            "expected extra",
        ),
        (
            _COMPARE_HEAD
            + "def compare_to_manifest(manifest_bytes, signature, public_key, digests):\n"
            "    try:\n        public_key.verify(signature, manifest_bytes)\n"
            "    except InvalidSignature:\n        raise ModelIntegrityError('bad signature')\n"
            "    signed = {p: e['sha256'] for p, e in json.loads(manifest_bytes)['files'].items()}\n"
            "    return {'modified': [p for p in signed if p in digests and signed[p] != digests[p]],\n"
            "            'missing': [p for p in signed if p not in digests],\n"
            "            'extra': list(set(digests) - set(signed))}",
            "must be sorted",
        ),
        (  # verifies a re-serialisation, not the bytes that were signed
            _COMPARE_HEAD
            + "def compare_to_manifest(manifest_bytes, signature, public_key, digests):\n"
            "    manifest = json.loads(manifest_bytes)\n"
            "    try:\n        public_key.verify(signature, json.dumps(manifest).encode())\n"
            "    except InvalidSignature:\n        raise ModelIntegrityError('bad signature')\n"
            "    signed = {p: e['sha256'] for p, e in manifest['files'].items()}\n"
            "    return {'modified': sorted(p for p in signed if p in digests and signed[p] != digests[p]),\n"
            "            'missing': sorted(p for p in signed if p not in digests),\n"
            "            'extra': sorted(p for p in digests if p not in signed)}",
            "a genuine manifest with its correct signature was refused",
        ),
        (  # verify() returns None: 'not None' refuses every manifest
            _COMPARE_HEAD
            + "def compare_to_manifest(manifest_bytes, signature, public_key, digests):\n"
            "    if not public_key.verify(signature, manifest_bytes):\n"
            "        raise ModelIntegrityError('bad signature')\n"
            "    signed = {p: e['sha256'] for p, e in json.loads(manifest_bytes)['files'].items()}\n"
            "    return {'modified': sorted(p for p in signed if p in digests and signed[p] != digests[p]),\n"
            "            'missing': sorted(p for p in signed if p not in digests),\n"
            "            'extra': sorted(p for p in digests if p not in signed)}",
            "it returns None",
        ),
        (  # arguments of verify() swapped, InvalidSignature not caught
            _COMPARE_HEAD
            + "def compare_to_manifest(manifest_bytes, signature, public_key, digests):\n"
            "    public_key.verify(manifest_bytes, signature)\n"
            "    signed = {p: e['sha256'] for p, e in json.loads(manifest_bytes)['files'].items()}\n"
            "    return {'modified': sorted(p for p in signed if p in digests and signed[p] != digests[p]),\n"
            "            'missing': sorted(p for p in signed if p not in digests),\n"
            "            'extra': sorted(p for p in digests if p not in signed)}",
            "refused (InvalidSignature): call public_key.verify(signature, manifest_bytes)",
        ),
    ],
    "5.4": [
        (
            "import numpy as np\ndef recover_parameters(api, d):\n"
            "    rows = np.vstack([np.zeros(d), np.eye(d)])\n"
            "    p = api.query(rows)\n"
            "    return p[1:] - p[0], float(p[0])",
            "solve for the logits",
        ),
        (
            "import numpy as np\ndef recover_parameters(api, d):\n"
            "    X = np.eye(d)\n    p = api.query(X)\n"
            "    return np.linalg.solve(X, np.log(p / (1 - p))), 0.0",
            "the intercept is an unknown too",
        ),
        (
            "import numpy as np\ndef recover_parameters(api, d):\n"
            "    X = np.random.default_rng(0).standard_normal((2 * d, d))\n"
            "    p = api.query(X)\n"
            "    A = np.hstack([X, np.ones((2 * d, 1))])\n"
            "    theta = np.linalg.lstsq(A, np.log(p / (1 - p)), rcond=None)[0]\n"
            "    return theta[:-1], float(theta[-1])",
            "d + 1 = ",
        ),
        (  # e_i gives w_i + b, not w_i
            "import numpy as np\ndef recover_parameters(api, d):\n"
            "    p = api.query(np.vstack([np.zeros(d), np.eye(d)]))\n"
            "    logits = np.log(p / (1 - p))\n"
            "    return logits[1:], float(logits[0])",
            "so subtract b",
        ),
        (  # huge queries: answers saturate to 0.0 or 1.0
            "import numpy as np\ndef recover_parameters(api, d):\n"
            "    X = 100 * np.random.default_rng(0).standard_normal((d + 1, d))\n"
            "    p = np.clip(api.query(X), 1e-15, 1 - 1e-15)\n"
            "    theta = np.linalg.solve(np.hstack([X, np.ones((d + 1, 1))]), np.log(p / (1 - p)))\n"
            "    return theta[:-1], float(theta[-1])",
            "(almost) exactly 0 or 1",
        ),
        (  # reads the model behind the API instead of querying it
            "import numpy as np\ndef recover_parameters(api, d):\n"
            "    return api._model.coef_[0], float(api._model.intercept_[0])",
            "made no query",
        ),
        (  # parts in the wrong order
            "import numpy as np\ndef recover_parameters(api, d):\n"
            "    p = api.query(np.vstack([np.zeros(d), np.eye(d)]))\n"
            "    logits = np.log(p / (1 - p))\n"
            "    return float(logits[0]), logits[1:] - logits[0]",
            "the first element is one number and the second holds d",
        ),
        (  # b as the last slice of the solution: an array of shape (1,)
            "import numpy as np\ndef recover_parameters(api, d):\n"
            "    X = np.vstack([np.zeros(d), np.eye(d)])\n"
            "    p = api.query(X)\n"
            "    theta = np.linalg.solve(np.hstack([X, np.ones((d + 1, 1))]), np.log(p / (1 - p)))\n"
            "    return theta[:-1], theta[-1:]",
            "b must be a single float, not an array of shape (1,)",
        ),
    ],
    "5.5": [
        (
            _SURROGATE_HEAD + "def train_label_surrogate(api, n_queries, rng):\n"
            "    X = rng.uniform(0, 1, size=(n_queries, api.n_features))\n"
            "    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "all your queries got the same label",
        ),
        (
            _SURROGATE_HEAD + "def train_label_surrogate(api, n_queries, rng):\n"
            "    X = rng.standard_normal((10 * n_queries, api.n_features))\n"
            "    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "stay within the budget",
        ),
        (
            _SURROGATE_HEAD + "def train_label_surrogate(api, n_queries, rng):\n"
            "    X = rng.standard_normal((n_queries, api.n_features))\n"
            "    y = api.query(X)\n"
            "    return LogisticRegression(max_iter=1000).fit(X, rng.permutation(y))",
            "agrees with the victim on only",
        ),
        (  # a generator of its own: the same queries every time
            _SURROGATE_HEAD + "def train_label_surrogate(api, n_queries, rng):\n"
            "    X = np.random.default_rng(0).standard_normal((n_queries, api.n_features))\n"
            "    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "two different generators gave the same queries",
        ),
        (  # queries, then resets the counter to hide it
            _SURROGATE_HEAD + "def train_label_surrogate(api, n_queries, rng):\n"
            "    X = rng.standard_normal((10 * n_queries, api.n_features))\n"
            "    y = api.query(X)\n    api.query_count = 0\n"
            "    return LogisticRegression(max_iter=1000).fit(X, y)",
            "you used 3000 queries",
        ),
        (  # numpy's global generator instead of rng
            _SURROGATE_HEAD + "def train_label_surrogate(api, n_queries, rng):\n"
            "    X = np.random.randn(n_queries, api.n_features)\n"
            "    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "two generators in the same state gave different queries",
        ),
        (  # the victim's 30 features hard-coded
            _SURROGATE_HEAD + "def train_label_surrogate(api, n_queries, rng):\n"
            "    X = rng.standard_normal((n_queries, 30))\n"
            "    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "take the number of features from api.n_features",
        ),
        (  # inputs in [-1, 1]: standard deviation 0.58, not 1
            _SURROGATE_HEAD + "def train_label_surrogate(api, n_queries, rng):\n"
            "    X = rng.uniform(-1, 1, size=(n_queries, api.n_features))\n"
            "    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "standard deviation 0.58",
        ),
        (  # fit forgotten
            _SURROGATE_HEAD + "def train_label_surrogate(api, n_queries, rng):\n"
            "    X = rng.standard_normal((n_queries, api.n_features))\n"
            "    labels = api.query(X)\n"
            "    return LogisticRegression(max_iter=1000)",
            "never fitted",
        ),
    ],
}


# Tried as students would (issue 11), before reading the checker; those it accepted, or
# answered with a hint that blamed something else, made it stronger. Each with its hint.
_SL_ = "import io\nimport numpy as np\nfrom utils.protection import UnsafeModelError\ndef safe_load_weights(data):\n"
_FD_ = "import hashlib, pathlib\nfrom utils.protection import SIGNATURE_FILES, ModelIntegrityError\ndef folder_digests(folder):\n    folder = pathlib.Path(folder)\n    digests = {}\n"
_CM_ = "import json\nfrom cryptography.exceptions import InvalidSignature\nfrom utils.protection import ModelIntegrityError\ndef compare_to_manifest(manifest_bytes, signature, public_key, digests):\n"
_VERIFY_ = "    try:\n        public_key.verify(signature, manifest_bytes)\n    except InvalidSignature:\n        raise ModelIntegrityError('bad signature') from None\n    signed = {p: e['sha256'] for p, e in json.loads(manifest_bytes)['files'].items()}\n"
_RP_ = "import numpy as np\ndef recover_parameters(api, d):\n"
_TS_ = "import numpy as np\nfrom sklearn.linear_model import LogisticRegression\ndef train_label_surrogate(api, n_queries, rng):\n"
_STUDENTS = {
    "5.1": [
        (
            _SL_
            + "    if data[:1] == b'\\x80':\n        raise UnsafeModelError('pickle')\n    if not data.startswith(b'PK'):\n        raise UnsafeModelError('zip')\n    with np.load(io.BytesIO(data), allow_pickle=True) as npz:\n        return {k: npz[k] for k in npz.files}",
            "allow_pickle=False",
        ),
        (
            _SL_
            + "    if data[:1] == b'\\x80':\n        raise ValueError('pickle')\n    if not data.startswith(b'PK'):\n        raise UnsafeModelError('zip')\n    try:\n        with np.load(io.BytesIO(data), allow_pickle=False) as npz:\n            return {k: npz[k] for k in npz.files}\n    except ValueError as e:\n        raise UnsafeModelError(str(e))",
            "raise UnsafeModelError",
        ),
        (
            _SL_
            + "    if not data.startswith(b'PK'):\n        raise UnsafeModelError('zip')\n    try:\n        return np.load(io.BytesIO(data), allow_pickle=False)\n    except ValueError as e:\n        raise UnsafeModelError(str(e))",
            "dict",
        ),
        (
            _SL_
            + "    if data[:1] == b'\\x80':\n        raise UnsafeModelError('pickle')\n    try:\n        with np.load(io.BytesIO(data), allow_pickle=False) as npz:\n            return {k: npz[k] for k in npz.files}\n    except ValueError as e:\n        raise UnsafeModelError(str(e))",
            "raise",
        ),
        (
            _SL_
            + "    import warnings\n    if data[:1] == b'\\x80':\n        warnings.warn('pickle!')\n    try:\n        with np.load(io.BytesIO(data), allow_pickle=False) as npz:\n            return {k: npz[k] for k in npz.files}\n    except Exception as e:\n        raise UnsafeModelError(str(e))",
            "was loaded",
        ),
    ],
    "5.2": [
        (
            _FD_
            + "    for path in sorted(folder.glob('*')):\n        rel = path.relative_to(folder).as_posix()\n        if path.is_symlink():\n            raise ModelIntegrityError(rel)\n        if path.is_file() and rel not in SIGNATURE_FILES:\n            digests[rel] = hashlib.sha256(path.read_bytes()).hexdigest()\n    return digests",
            "subfolders",
        ),
        (
            _FD_
            + "    for path in sorted(folder.rglob('*')):\n        rel = path.relative_to(folder).as_posix()\n        if path.is_symlink():\n            raise ModelIntegrityError(rel)\n        if path.is_file() and rel not in SIGNATURE_FILES:\n            with open(path, 'rb') as f:\n                digests[rel] = hashlib.sha256(f.read(65536)).hexdigest()\n    return digests",
            "first 65536 bytes only",
        ),
        (
            _FD_
            + "    for path in sorted(folder.rglob('*')):\n        rel = path.relative_to(folder).as_posix()\n        if path.is_symlink():\n            raise ModelIntegrityError(rel)\n        if path.is_file() and path.name not in SIGNATURE_FILES:\n            digests[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()\n    return digests",
            "relative",
        ),
        (
            _FD_
            + "    for path in sorted(folder.rglob('*')):\n        rel = path.relative_to(folder).as_posix()\n        if path.is_file() and rel not in SIGNATURE_FILES:\n            digests[rel] = hashlib.sha256(path.read_bytes()).hexdigest()\n    return digests",
            "symlink",
        ),
        (
            _FD_
            + "    for path in sorted(folder.rglob('*')):\n        rel = path.relative_to(folder).as_posix()\n        if path.is_symlink():\n            raise ModelIntegrityError(rel)\n        if path.is_file() and rel not in SIGNATURE_FILES:\n            digests[rel] = hashlib.sha1(path.read_bytes()).hexdigest()\n    return digests",
            "SHA-256",
        ),
        (
            _FD_
            + "    for path in sorted(folder.rglob('*')):\n        rel = str(path.relative_to(folder))\n        if path.is_symlink():\n            raise ModelIntegrityError(rel)\n        if path.is_file() and rel not in SIGNATURE_FILES:\n            digests[rel] = hashlib.sha256(path.read_bytes()).digest().hex()[:32]\n    return digests",
            "64 hex digits",
        ),
    ],
    "5.3": [
        (
            _CM_
            + _VERIFY_
            + "    modified = sorted(p for p in signed if p in digests and signed[p] != digests[p])\n    missing = sorted(p for p in signed if p not in digests)\n    for p in signed:\n        digests.pop(p, None)\n    return {'modified': modified, 'missing': missing, 'extra': sorted(digests)}",
            "changed its argument `digests`",
        ),
        (
            _CM_
            + _VERIFY_
            + "    return {'modified': [p for p in signed if p in digests and signed[p] != digests[p]], 'missing': [p for p in signed if p not in digests], 'extra': [p for p in digests if p not in signed]}",
            "sorted",
        ),
        (
            _CM_
            + _VERIFY_
            + "    return {'modified': sorted(p for p in signed if signed[p] != digests.get(p)), 'missing': sorted(p for p in signed if p not in digests), 'extra': sorted(p for p in digests if p not in signed)}",
            "modified",
        ),
        (
            _CM_
            + "    signed = {p: e['sha256'] for p, e in json.loads(manifest_bytes)['files'].items()}\n    return {'modified': sorted(p for p in signed if p in digests and signed[p] != digests[p]), 'missing': sorted(p for p in signed if p not in digests), 'extra': sorted(p for p in digests if p not in signed)}",
            "signature",
        ),
        (
            _CM_
            + "    try:\n        public_key.verify(signature, manifest_bytes)\n    except InvalidSignature:\n        return {'modified': [], 'missing': [], 'extra': []}\n    signed = {p: e['sha256'] for p, e in json.loads(manifest_bytes)['files'].items()}\n    return {'modified': sorted(p for p in signed if p in digests and signed[p] != digests[p]), 'missing': sorted(p for p in signed if p not in digests), 'extra': sorted(p for p in digests if p not in signed)}",
            "returned a clean result",
        ),
        (
            _CM_
            + _VERIFY_
            + "    return {'modified': sorted(p for p in signed if p in digests and signed[p] != digests[p]), 'missing': sorted(p for p in digests if p not in signed), 'extra': sorted(p for p in signed if p not in digests)}",
            "swapped",
        ),
    ],
    "5.4": [
        (
            _RP_
            + "    p = np.asarray(api.query(np.eye(d)), dtype=float)\n    return np.log(p / (1 - p)), 0.0",
            "intercept",
        ),
        (
            _RP_
            + "    rows = np.vstack([np.zeros(d), np.eye(d)])\n    p = np.asarray(api.query(rows), dtype=float)\n    logits = np.log(p / (1 - p))\n    return logits[1:], float(logits[0])",
            "subtract",
        ),
        (
            _RP_
            + "    rows = np.vstack([np.zeros(d), np.eye(d)])\n    p = np.clip(np.asarray(api.query(rows), dtype=float), 0.01, 0.99)\n    logits = np.log(p / (1 - p))\n    return logits[1:] - logits[0], float(logits[0])",
            "clipped",
        ),
        (
            _RP_
            + "    rows = np.vstack([np.zeros(d), np.eye(d)])\n    p = np.asarray(api.query(rows), dtype=float)\n    logits = np.log(p)\n    return logits[1:] - logits[0], float(logits[0])",
            "log(p / (1 - p))",
        ),
        (
            _RP_
            + "    rows = np.vstack([np.zeros(d), np.eye(d)])\n    p = np.asarray(api.query(rows), dtype=float)\n    logits = np.log(p / (1 - p))\n    return logits[1:] - logits[0], float(np.clip(logits[0], -5, 5))",
            "clipped",
        ),
        (
            _RP_
            + "    rows = np.vstack([np.zeros(d), np.eye(d)])\n    p = np.asarray(api.query(rows), dtype=float)\n    logits = np.log(p / (1 - p))\n    return logits[1:] - logits[0], float(logits[0]) + float('nan') * 0",
            "NaN",
        ),
    ],
    "5.5": [
        (
            _TS_
            + "    X = rng.standard_normal((200, api.n_features))\n    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "not a fixed number",
        ),
        (
            _TS_
            + "    X = np.random.default_rng(0).standard_normal((n_queries, api.n_features))\n    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "rng",
        ),
        (
            _TS_
            + "    X = rng.standard_normal((n_queries + 50, api.n_features))\n    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "budget",
        ),
        (
            _TS_
            + "    X = rng.standard_normal((n_queries, api.n_features))\n    y = api.query(X)\n    return LogisticRegression(max_iter=1000).fit(X[: n_queries // 4], y[: n_queries // 4])",
            "agrees with the victim on only",
        ),
        (
            _TS_
            + "    X = rng.uniform(0, 1, (n_queries, api.n_features))\n    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "same label",
        ),
        (
            _TS_
            + "    X = rng.standard_normal((n_queries, api.n_features))\n    return LogisticRegression(max_iter=1000)",
            "no query",
        ),
    ],
}
RIGHT_ANSWERS = {
    "5.2": [
        _FD_
        + "    for path in sorted(folder.rglob('*')):\n        rel = path.relative_to(folder).as_posix()\n        if path.is_symlink():\n            raise ModelIntegrityError(rel)\n        if path.is_file() and rel not in SIGNATURE_FILES:\n            h = hashlib.sha256()\n            with open(path, 'rb') as f:\n                for block in iter(lambda: f.read(4096), b''):\n                    h.update(block)\n            digests[rel] = h.hexdigest()\n    return digests"
    ],
    "5.4": [
        _RP_
        + "    rows = np.vstack([np.zeros(d), np.eye(d)])\n    p = np.asarray(api.query(rows), dtype=float)\n    from scipy.special import logit\n    z = logit(p)\n    return z[1:] - z[0], float(z[0])"
    ],
}

for _exercise, _cases in _STUDENTS.items():
    WRONG_ANSWERS[_exercise] += _cases

# A second round as students (issue 11), again before reading the checkers: aliases of
# weak generators and clocks, unit slips, swapped arguments. Those that passed, or got a
# hint blaming something else, made the checks stronger.
_SECOND_ROUND = {
    "5.1": [
        (
            "import io\nimport numpy as np\nfrom utils.protection import UnsafeModelError\n"
            "def safe_load_weights(data):\n"
            "    if data[:1] == b'\\x80' or not data.startswith(b'PK\\x03\\x04'):\n"
            "        raise UnsafeModelError('not an npz')\n"
            "    out = {}\n"
            "    with np.load(io.BytesIO(data), allow_pickle=False) as npz:\n"
            "        for name in npz.files:\n"
            "            try:\n                value = npz[name]\n"
            "            except ValueError:\n                continue  # skips the object array\n"
            "            if not isinstance(value, np.ndarray):\n"
            "                raise UnsafeModelError('not an array')\n"
            "            out[name] = value\n"
            "    return out",
            "object array (a pickle inside) was accepted",
        ),
        (
            'import io\nimport numpy as np\nfrom utils.protection import UnsafeModelError\n\ndef safe_load_weights(data):\n    if data[:1] == b"\\x80" or not data.startswith(b"PK\\x03\\x04"):\n        raise UnsafeModelError("not an npz")\n    try:\n        out = dict(np.load(io.BytesIO(data), allow_pickle=True))\n    except ValueError as e:\n        raise UnsafeModelError(str(e))\n    for v in out.values():\n        if not isinstance(v, np.ndarray) or v.dtype == object:\n            raise UnsafeModelError("not an array")\n    return out',
            "unpickled it",
        ),
        (
            'import io\nimport numpy as np\nfrom utils.protection import UnsafeModelError\n\ndef safe_load_weights(data):\n    if data[:1] == b"\\x80" or not data.startswith(b"PK\\x03\\x04"):\n        raise UnsafeModelError("not an npz")\n    try:\n        out = dict(np.load(io.BytesIO(data), allow_pickle=False))\n    except ValueError as e:\n        raise UnsafeModelError(str(e))\n    for k in list(out):\n        if not isinstance(out[k], np.ndarray):\n            del out[k]\n    return out',
            "the zip signature alone proves nothing",
        ),
        (
            'import io\nimport numpy as np\nfrom utils.protection import UnsafeModelError\n\ndef safe_load_weights(data):\n    if data[:1] == b"\\x80":\n        raise UnsafeModelError("pickle")\n    try:\n        out = dict(np.load(io.BytesIO(data), allow_pickle=False))\n    except ValueError as e:\n        raise UnsafeModelError(str(e))\n    for v in out.values():\n        if not isinstance(v, np.ndarray):\n            raise UnsafeModelError("not an array")\n    return out',
            "raised EOFError",
        ),
    ],
    "5.2": [
        (
            'import hashlib\nimport pathlib\nfrom utils.protection import SIGNATURE_FILES, ModelIntegrityError\n\nimport os\ndef folder_digests(folder):\n    out = {}\n    for root, dirs, files in os.walk(folder):\n        for name in files:\n            p = pathlib.Path(root, name)\n            if p.is_symlink():\n                raise ModelIntegrityError("symlink")\n            if not (p.parent == pathlib.Path(folder) and name in SIGNATURE_FILES):\n                out[p.relative_to(folder).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()\n    return out',
            "a symlink to a folder ('plugins')",
        ),
        (
            'import hashlib\nimport pathlib\nfrom utils.protection import SIGNATURE_FILES, ModelIntegrityError\n\ndef folder_digests(folder):\n    out = {}\n    for p in pathlib.Path(folder).rglob("*"):\n        if p.is_file() and p.is_symlink():\n            raise ModelIntegrityError("symlink")\n        if p.is_file() and not (p.parent == pathlib.Path(folder) and p.name in SIGNATURE_FILES):\n            out[p.relative_to(folder).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()\n    return out',
            "a symlink to a folder ('plugins')",
        ),
    ],
    "5.3": [
        (
            'import json\nfrom cryptography.exceptions import InvalidSignature\nfrom cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey\nfrom utils.protection import ModelIntegrityError\n\ndef compare_to_manifest(manifest_bytes, signature, public_key, digests):\n    try:\n        public_key.verify(signature, manifest_bytes)\n    except InvalidSignature:\n        raise ModelIntegrityError("bad signature")\n    files = json.loads(manifest_bytes)["files"]\n    return {\n        "modified": sorted(p for p in files if p in digests and digests[p].lower()[:16] != files[p]["sha256"].lower()[:16]),\n        "missing": sorted(p for p in files if p not in digests),\n        "extra": sorted(p for p in digests if p not in files),\n    }',
            "differs from the signed one in a single hex digit",
        ),
        (
            'import json\nfrom cryptography.exceptions import InvalidSignature\nfrom cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey\nfrom utils.protection import ModelIntegrityError\n\ndef compare_to_manifest(manifest_bytes, signature, public_key, digests):\n    try:\n        public_key.verify(signature, manifest_bytes)\n    except InvalidSignature:\n        raise ModelIntegrityError("bad signature")\n    files = json.loads(manifest_bytes)["files"]\n    result = {\n        "modified": sorted(p for p in files if p in digests and digests[p] != files[p]["sha256"]),\n        "missing": sorted(p for p in files if p not in digests),\n        "extra": sorted(p for p in digests if p not in files),\n    }\n    return {k: v for k, v in result.items() if v}',
            "exactly the keys",
        ),
        (
            'import json\nfrom cryptography.exceptions import InvalidSignature\nfrom cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey\nfrom utils.protection import ModelIntegrityError\n\ndef compare_to_manifest(manifest_bytes, signature, public_key, digests):\n    try:\n        public_key.verify(signature, manifest_bytes)\n    except InvalidSignature:\n        raise ModelIntegrityError("bad signature")\n    files = json.loads(manifest_bytes)["files"]\n    return {\n        "modified": sorted(p for p in files if digests.get(p) != files[p]["sha256"]),\n        "missing": sorted(p for p in files if p not in digests),\n        "extra": sorted(p for p in digests if p not in files),\n    }',
            "expected modified",
        ),
    ],
    "5.4": [
        (
            "import numpy as np\n\ndef recover_parameters(api, d):\n    rows = np.vstack([np.zeros(d), np.eye(d)])\n    p = np.asarray(api.query(rows))\n    z = -np.log(p / (1 - p))\n    return z[1:] - z[0], float(z[0])",
            "signs flipped",
        ),
        (
            "import numpy as np\n\ndef recover_parameters(api, d):\n    rows = np.vstack([np.zeros(d), np.eye(d)])\n    z = np.log(np.asarray(api.query(rows)))\n    return z[1:] - z[0], float(z[0])",
            "solve for the logits",
        ),
        (
            "import numpy as np\n\ndef recover_parameters(api, d):\n    p0 = float(np.ravel(api.query(np.zeros((1, d))))[0])\n    p0 = (p0 + float(np.ravel(api.query(np.zeros((1, d))))[0])) / 2  # twice, to average noise\n    b = float(np.log(p0 / (1 - p0)))\n    p = api.query(np.eye(d))\n    return np.log(p / (1 - p)) - b, b",
            "queries for d =",
        ),
    ],
    "5.5": [
        (
            "import numpy as np\nfrom sklearn.linear_model import LogisticRegression\n\ndef train_label_surrogate(api, n_queries, rng):\n    X = rng.standard_normal((n_queries, api.n_features))\n    y = api.query(X)\n    return LogisticRegression(max_iter=1000).fit(X, 1 - np.asarray(y))",
            "agrees with the victim on only",
        ),
        (
            "import numpy as np\nfrom sklearn.linear_model import LogisticRegression\n\ndef train_label_surrogate(api, n_queries, rng):\n    X = rng.standard_normal((n_queries, api.n_features)) + 1\n    return LogisticRegression(max_iter=1000).fit(X, api.query(X))",
            "same label",
        ),
    ],
}
for _exercise, _cases in _SECOND_ROUND.items():
    WRONG_ANSWERS[_exercise] += _cases
RIGHT_ANSWERS.setdefault("5.5", []).append(
    "import numpy as np\nfrom sklearn.linear_model import LogisticRegression\n\ndef train_label_surrogate(api, n_queries, rng):\n    X = rng.normal(0.0, 1.0, size=(n_queries, api.n_features))\n    return LogisticRegression(max_iter=1000).fit(X, api.query(X))"
)
RIGHT_ANSWERS.setdefault("5.4", []).append(
    "import numpy as np\n\ndef recover_parameters(api, d):\n    rows = np.hstack([np.vstack([np.zeros(d), np.eye(d)]), np.ones((d + 1, 1))])\n    p = np.asarray(api.query(rows[:, :d]))\n    sol = np.linalg.solve(rows, np.log(p) - np.log1p(-p))\n    return sol[:d], float(sol[d])"
)
RIGHT_ANSWERS.setdefault("5.3", []).append(
    'import json\nfrom cryptography.exceptions import InvalidSignature\nfrom cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey\nfrom utils.protection import ModelIntegrityError\n\ndef compare_to_manifest(manifest_bytes, signature, public_key, digests):\n    try:\n        public_key.verify(signature, manifest_bytes)\n    except Exception as e:\n        raise ModelIntegrityError("bad") from e\n    files = {p: e["sha256"] for p, e in json.loads(manifest_bytes)["files"].items()}\n    return {"modified": sorted(p for p in files.keys() & digests.keys() if files[p] != digests[p]),\n            "missing": sorted(files.keys() - digests.keys()), "extra": sorted(digests.keys() - files.keys())}'
)
RIGHT_ANSWERS.setdefault("5.2", []).append(
    'import hashlib\nimport pathlib\nfrom utils.protection import SIGNATURE_FILES, ModelIntegrityError\n\nimport os\ndef folder_digests(folder):\n    folder = pathlib.Path(folder)\n    out = {}\n    for root, dirs, files in os.walk(folder):\n        for name in dirs + files:\n            p = pathlib.Path(root, name)\n            if p.is_symlink():\n                raise ModelIntegrityError("symlink")\n        for name in files:\n            p = pathlib.Path(root, name)\n            if not (p.parent == folder and name in SIGNATURE_FILES) and p.is_file():\n                with open(p, "rb") as f:\n                    out[p.relative_to(folder).as_posix()] = hashlib.file_digest(f, "sha256").hexdigest()\n    return out'
)
