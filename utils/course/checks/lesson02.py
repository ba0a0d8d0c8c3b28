"""Checkers of lesson 02 (public-key encryption and signatures, post-quantum included)."""

from __future__ import annotations

import functools
import hashlib
import json
import numbers
import random
from collections.abc import Callable, Iterator

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand

from utils import public_key
from utils.course.checks.core import Hint, call_unmutated, case_rng, checker, finite
from utils.course.checks.randomness import (
    predictable_source,
    reseeded_generator,
    weak_generator,
)

NOTEBOOK_PURPOSE = "training-upload"
_JOBS = ("training-upload", "audit", "model-eval", "inference", "backup")
_FORMAT = (
    "the ephemeral public key (32 raw bytes), then AES-256-GCM's output under the key from "
    "public_key.agreement_key(ephemeral, recipient, purpose, role='sender'), with 12 zero "
    "bytes as nonce and no associated data"
)


def _random_purpose(rng: random.Random, accent: bool = False) -> str:
    """A purpose other than the notebook's, with a number, and with an accent if asked."""
    job = rng.choice(_JOBS[1:])
    return f"{job}{'-étude' if accent else ''}/{rng.randrange(10**6):06d}"


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def _raw(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def _hkdf(secret: bytes, info: bytes, salt: bytes | None = None, algorithm=hashes.SHA256) -> bytes:
    return HKDF(algorithm=algorithm(), length=32, salt=salt, info=info).derive(secret)


_RAW_SECRET = (
    "you used the raw shared secret as the key: its bits are not uniform (lesson 01); pass it "
    "through HKDF, with the purpose and both public keys in info"
)
_EXPAND_ONLY = "HKDFExpand skips HKDF's extract step, which makes the secret uniform: use HKDF"


_SWAPPED = "the public keys in info are swapped: the sender's comes first, then the recipient's"


def _key_mistakes(
    shared: bytes, sender: bytes, recipient: bytes, purpose: str
) -> Iterator[tuple[bytes, str]]:
    """(key, hint) for each likely wrong derivation of the key for ``purpose``."""
    p, both, sha256 = purpose.encode(), sender + recipient, hashes.SHA256
    yield shared, _RAW_SECRET
    yield hashlib.sha256(shared).digest(), "a hash of the shared secret is not HKDF with context"
    yield HKDFExpand(algorithm=sha256(), length=32, info=p + both).derive(shared), _EXPAND_ONLY
    notebook = NOTEBOOK_PURPOSE.encode() + both if purpose != NOTEBOOK_PURPOSE else None
    derivations = [  # (info, salt, hash, hint)
        (p, None, sha256, "info holds only the purpose: append the sender's and then the "
         "recipient's public key, so that the key belongs to this one exchange"),
        (p + recipient + sender, None, sha256, _SWAPPED),
        (p + sender, None, sha256, "info holds only the sender's public key: add the recipient's"),
        (p + recipient, None, sha256, "info holds only the recipient's public key: the "
         "sender's comes first, then the recipient's"),
        (both + p, None, sha256, "the purpose comes first in info, then the two public keys"),
        (both, None, sha256, "the purpose is missing from info: start info with its bytes"),
        (notebook, None, sha256, f"info holds the notebook's purpose {NOTEBOOK_PURPOSE!r}: use "
         "the purpose argument"),
        (p, both, sha256, "the public keys went into the salt: here they go into info, after "
         "the purpose, with no salt"),
        (p + both, both, sha256, "this derivation has no salt: use salt=None"),
        (p + sender.hex().encode() + recipient.hex().encode(), None, sha256, "the public keys "
         "go into info as their 32 raw bytes, not as hex text"),
        (purpose.encode("utf-16") + both, None, sha256, "encode the purpose as UTF-8"),
    ] + [
        (p + both, None, other, f"the key comes from HKDF with {other.name}: use SHA-256")
        for other in (hashes.SHA512, hashes.SHA384, hashes.SHA3_256)
    ]  # fmt: skip
    for info, salt, algorithm, hint in derivations:
        if info is not None:
            yield _hkdf(shared, info, salt, algorithm), hint


# --- 2.1 a purpose-bound key


@checker("2.1", "session_key")
def _check_session_key(session_key):
    rng = case_rng()
    for purpose in (NOTEBOOK_PURPOSE, _random_purpose(rng, accent=True)):
        sender, recipient = X25519PrivateKey.generate(), X25519PrivateKey.generate()
        got = call_unmutated(session_key, sender, recipient.public_key(), purpose)
        if not isinstance(got, bytes):
            raise Hint(f"return the key as bytes, not {type(got).__name__}")
        if len(got) != 32:
            raise Hint(f"your key is {len(got)} bytes long: derive 32 bytes (length=32)")
        want = public_key.agreement_key(sender, recipient.public_key(), purpose, role="sender")
        if got == want:
            continue
        if session_key(sender, recipient.public_key(), purpose) != got:
            raise Hint("the same inputs gave two different keys: derive the key, don't draw it")
        own = sender.exchange(sender.public_key())
        if got == _hkdf(own, purpose.encode() + _raw(sender) + _raw(recipient)):
            raise Hint(
                "you exchanged the sender's private key with its own public key: exchange it "
                "with the recipient's"
            )
        shared = sender.exchange(recipient.public_key())
        for key, hint in _key_mistakes(shared, _raw(sender), _raw(recipient), purpose):
            if got == key:
                raise Hint(hint)
        raise Hint(
            f"the key for purpose {purpose!r} is wrong: HKDF-SHA256 over the shared secret, "
            "no salt, info = purpose's UTF-8 bytes + sender's public key + recipient's"
        )


# --- 2.2 seal to a public key by hand


@checker("2.2", "seal_to")
def _check_seal_to(seal_to):
    rng = case_rng()
    trainer = X25519PrivateKey.generate()
    cases = [
        (NOTEBOOK_PURPOSE, b'{"patient_id": "patient-0000", "diagnosis": "malignant"}'),
        (_random_purpose(rng), rng.randbytes(rng.randrange(1000, 5000))),
        (_random_purpose(rng, accent=True), b""),
    ]
    ephemerals = []
    for purpose, plaintext in cases:
        sealed = _seal(seal_to, trainer.public_key(), plaintext, purpose)
        try:
            opened = public_key.open_with_agreement(trainer, sealed, purpose)
        except (InvalidTag, ValueError):
            raise Hint(_unopenable(trainer, sealed, plaintext, purpose)) from None
        if opened != plaintext:
            raise Hint("your output decrypts to other bytes: encrypt the plaintext given")
        ephemerals.append(sealed[:32])
    purpose, plaintext = cases[0]
    _check_ephemeral_keys(seal_to, (trainer.public_key(), plaintext, purpose), ephemerals)


def _seal(seal_to: Callable, recipient: X25519PublicKey, plaintext: bytes, purpose: str) -> bytes:
    sealed = call_unmutated(seal_to, recipient, plaintext, purpose)
    if not isinstance(sealed, bytes):
        raise Hint(f"return bytes (ephemeral public key + ciphertext), not {type(sealed).__name__}")
    return sealed


def _unopenable(trainer: X25519PrivateKey, sealed: bytes, plaintext: bytes, purpose: str) -> str:
    """The hint for output the trainer cannot open: the likely mistake."""
    size, recipient = len(plaintext) + 16, _raw(trainer)
    if len(sealed) < 32 + 16:
        return f"your output is {len(sealed)} bytes: expected 32 + {size} ({_FORMAT})"
    if len(sealed) == size:
        return "the ephemeral public key is missing: put its 32 raw bytes first"
    if sealed[:32] == recipient:
        return "the first 32 bytes are the recipient's public key: send the ephemeral one"
    layouts = {"first": (sealed[:32], sealed[32:]), "last": (sealed[-32:], sealed[:-32])}
    if len(sealed) == 32 + 12 + size:
        layouts["nonce"] = (sealed[:32], sealed[44:])
    layout_hints = {
        "last": "the ephemeral public key goes first, before the ciphertext",
        "nonce": (
            "you sent a nonce: each key here encrypts once, so the format's nonce is 12 zero "
            "bytes and is not sent"
        ),
    }
    cipher_hints = {
        (AESGCM, None): f"the trainer cannot open your output: it must be {_FORMAT}",
        (ChaCha20Poly1305, None): "use AES-256-GCM, not ChaCha20-Poly1305",
        (AESGCM, purpose.encode()): "no associated data here: the purpose is inside the key",
    }
    for where, (ephemeral, body) in layouts.items():
        key = _recipient_key(trainer, ephemeral, purpose)
        nonce = sealed[32:44] if where == "nonce" else bytes(12)
        for (cipher, aad), hint in cipher_hints.items():
            if _opens(cipher, key, nonce, body, aad):
                return layout_hints.get(where, hint)
    if len(sealed) != 32 + size:
        return f"your output is {len(sealed)} bytes: expected 32 + {size} ({_FORMAT})"
    try:
        shared = trainer.exchange(X25519PublicKey.from_public_bytes(sealed[:32]))
    except ValueError:  # a low-order point, such as 32 zero bytes
        return "the first 32 bytes are not an ephemeral public key: use X25519PrivateKey.generate()"
    for key, hint in _key_mistakes(shared, sealed[:32], recipient, purpose):
        if _opens(AESGCM, key, bytes(12), sealed[32:], None):
            if hint == _SWAPPED:  # agreement_key puts the keys in the order its role says
                return (
                    "you derived the recipient's key order: the sealing side is the sender, so "
                    "call agreement_key(..., role='sender')"
                )
            return hint
    return f"the trainer cannot open your output: it must be {_FORMAT}"


def _recipient_key(trainer: X25519PrivateKey, ephemeral: bytes, purpose: str) -> bytes:
    """The key the trainer derives for ``ephemeral`` (32 zero bytes if it cannot)."""
    try:
        peer = X25519PublicKey.from_public_bytes(ephemeral)
        return public_key.agreement_key(trainer, peer, purpose, role="recipient")
    except ValueError:
        return bytes(32)


def _opens(cipher: type, key: bytes, nonce: bytes, body: bytes, aad: bytes | None) -> bool:
    try:
        cipher(key).decrypt(nonce, body, aad)
    except (InvalidTag, ValueError):
        return False
    return True


def _check_ephemeral_keys(seal_to: Callable, args: tuple, ephemerals: list[bytes]) -> None:
    """Refuse ephemeral keys that repeat or that an attacker can predict; ``ephemerals``
    are those of the outputs so far, ``args`` the arguments of one more case."""
    source = predictable_source(seal_to, *args)
    if source:
        raise Hint(
            f"your ephemeral key is made from {source}, which is predictable: use "
            "X25519PrivateKey.generate()"
        )
    first, second = (_seal(seal_to, *args)[:32] for _ in range(2))
    if {first, second, *ephemerals} & _small_key_publics():
        raise Hint(
            "your ephemeral private keys are small numbers (a counter?): anyone can try them "
            "all; use X25519PrivateKey.generate()"
        )
    if first == second:
        raise Hint(
            "two messages got the same ephemeral key, so the same key and nonce (lesson 01's "
            "nonce reuse): generate a new ephemeral key in every call"
        )
    for source in (
        reseeded_generator(lambda: seal_to(*args)[:32]),
        weak_generator(seal_to, *args),
    ):
        if source:
            raise Hint(
                f"your ephemeral private key comes from {source}, which an attacker can "
                "predict and then read the message: use X25519PrivateKey.generate()"
            )


@functools.cache
def _small_key_publics(limit: int = 64) -> frozenset[bytes]:
    """Public keys of the private keys 0..limit-1 written as 32 bytes, in either byte order."""
    return frozenset(
        _raw(X25519PrivateKey.from_private_bytes(n.to_bytes(32, order)))
        for n in range(limit)
        for order in ("big", "little")
    )


# --- 2.3 open only for the right purpose

_SUITE = public_key.SUITES[public_key.CLASSIC]
_OTHER_SUITES = {
    "AES-128-GCM": (hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_128_GCM),
    "ChaCha20-Poly1305": (hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305),
    "HKDF-SHA384": (hpke.KEM.X25519, hpke.KDF.HKDF_SHA384, hpke.AEAD.AES_256_GCM),
    "HKDF-SHA512": (hpke.KEM.X25519, hpke.KDF.HKDF_SHA512, hpke.AEAD.AES_256_GCM),
}


def _random_record(rng: random.Random) -> dict:
    return {
        "patient_id": f"patient-{rng.randrange(10**4):04d}",
        "diagnosis": rng.choice(["benign", "malignant"]),
        "mean_radius": round(rng.uniform(6, 28), 2),
        "note": "bénin, revu",
    }


@checker("2.3", "open_for_purpose")
def _check_open_for_purpose(open_for_purpose):
    rng = case_rng()
    trainer, purpose, record = (
        X25519PrivateKey.generate(),
        _random_purpose(rng),
        _random_record(rng),
    )
    plaintext = json.dumps(record).encode()

    def seal(info: bytes = purpose.encode(), suite: hpke.Suite = _SUITE) -> bytes:
        return suite.encrypt(plaintext, trainer.public_key(), info=info)

    sealed = seal()
    got = _buffers_are_bytes(open_for_purpose, trainer, sealed, purpose)
    if got != record:
        raise Hint(_rejection(open_for_purpose, got, record, trainer, purpose, seal))
    forged = {
        f"a record sealed for {purpose!r}, asked for as 'audit',": (trainer, sealed, "audit"),
        "a record sealed to another key": (X25519PrivateKey.generate(), sealed, purpose),
        "a flipped bit in the encapsulation": (trainer, _flip(sealed, 5), purpose),
        "a flipped bit in the ciphertext": (trainer, _flip(sealed, 40), purpose),
        "a flipped bit in the tag": (trainer, _flip(sealed, len(sealed) - 1), purpose),
        "a record sealed with no info": (trainer, seal(b""), purpose),
        "a 20-byte blob": (trainer, sealed[:20], purpose),
        "an empty blob": (trainer, b"", purpose),
    }
    for label, args in forged.items():
        got = _open(open_for_purpose, label, *args)
        if got is not None:
            if not got:  # {}, [], "", False: empty, but not None
                raise Hint(
                    f"{label} gave {got!r}, which is not None: return None itself when "
                    "decryption raises InvalidTag"
                )
            raise Hint(f"{label} was opened: return None when decryption raises InvalidTag")


def _buffers_are_bytes(function: Callable, *args: object) -> object:
    """``function(*args)``, unmutated, with a hint for a str passed where bytes belong."""
    try:
        return call_unmutated(function, *args)
    except TypeError as error:
        if "to a buffer" not in str(error):
            raise
        raise Hint(
            "a str went where bytes belong: info is the purpose's bytes, purpose.encode()"
        ) from None


def _open(open_for_purpose: Callable, label: str, *args: object) -> object:
    try:
        return call_unmutated(open_for_purpose, *args)
    except Hint:
        raise
    except Exception as error:
        raise Hint(
            f"{label} raised {type(error).__name__}: catch InvalidTag and return None for "
            "anything that does not open"
        ) from None


def _rejection(open_for_purpose, got, record, trainer, purpose, seal) -> str:
    """The hint for a genuine record that did not come back as the record."""
    if isinstance(got, bytes | str):
        try:
            decoded = json.loads(got)
        except ValueError:
            decoded = None
        if decoded == record:
            return "you returned the JSON text: return the record itself, json.loads(plaintext)"
    if got is not None:
        return f"a genuine record gave {type(got).__name__} {got!r:.40}: return the record (a dict)"
    if open_for_purpose(trainer, seal(b""), purpose) == record:
        return "you decrypted without info: pass info=purpose.encode(), as the sender did"
    if open_for_purpose(trainer, seal(NOTEBOOK_PURPOSE.encode()), purpose) == record:
        return f"you opened with the notebook's purpose {NOTEBOOK_PURPOSE!r}: use the argument"
    for name, parts in _OTHER_SUITES.items():
        if open_for_purpose(trainer, seal(suite=hpke.Suite(*parts)), purpose) == record:
            return f"you opened with {name}: the suite is X25519, HKDF-SHA256, AES-256-GCM"
    return (
        "a genuine record was rejected: decrypt with hpke.Suite(KEM.X25519, KDF.HKDF_SHA256, "
        "AEAD.AES_256_GCM), the private key and info=purpose.encode()"
    )


# --- 2.4 who signed which model card


@checker("2.4", "signers")
def _check_signers(signers):
    rng = case_rng()
    names = rng.sample(["hospital-a", "hospital-b", "trainer", "registry", "auditor", "clinic"], 4)
    kinds = dict(zip(names, rng.sample(["Ed25519", "ML-DSA-65"] * 2, 4), strict=True))
    makers = {"Ed25519": Ed25519PrivateKey.generate, "ML-DSA-65": MLDSA65PrivateKey.generate}
    private = {name: makers[kind]() for name, kind in kinds.items()}
    cards = [
        json.dumps({"model": f"model-{rng.randrange(10**4)}", "version": v}).encode()
        for v in range(6)
    ]
    entries = [
        (f"the card signed by {name}", cards[i], private[name].sign(cards[i]), name)
        for i, name in enumerate(names)
    ]
    outsider = Ed25519PrivateKey.generate()
    entries += [
        (
            f"card 0 signed again, by {names[1]},",
            cards[0],
            private[names[1]].sign(cards[0]),
            names[1],
        ),
        ("a changed card", _flip(cards[4], 3), private[names[2]].sign(cards[4]), None),
        ("a signature of another card", cards[5], private[names[0]].sign(cards[1]), None),
        ("a card signed by a key you do not hold", cards[5], outsider.sign(cards[5]), None),
        ("a truncated signature", cards[3], private[names[3]].sign(cards[3])[:-1], None),
        ("an empty signature", cards[2], b"", None),
    ]
    rng.shuffle(entries)
    keys = {name: key.public_key() for name, key in private.items()}
    try:
        got = call_unmutated(signers, [(card, sig) for _, card, sig, _ in entries], keys)
    except InvalidSignature:
        raise Hint(
            "InvalidSignature escaped your function: catch it; it means 'not this key', so try "
            "the next one"
        ) from None
    _compare_signers(got, entries, names, kinds)


def _compare_signers(got: object, entries: list, names: list[str], kinds: dict) -> None:
    """Compare the answer with each entry's signer (``kinds`` maps each to its scheme)
    and name the first mistake that shows."""
    if not isinstance(got, list):
        raise Hint(f"return a list (one answer per pair, in order), not {type(got).__name__}")
    if len(got) != len(entries):
        raise Hint(f"{len(entries)} (card, signature) pairs gave {len(got)} answers: one each")
    if any(answer is not None and not isinstance(answer, str) for answer in got):
        raise Hint("return each key's name (its key in public_keys) or None, not the key itself")
    want = [signer for *_, signer in entries]
    if sorted(got, key=str) == sorted(want, key=str) and got != want:
        raise Hint("your answers are not in the order of signed_cards")
    pairs = list(zip(entries, got, strict=True))
    by_card: dict[bytes, list] = {}
    for (_, card, _, signer), answer in pairs:
        by_card.setdefault(card, []).append((signer, answer))
    for kind in set(kinds.values()):
        missed = [answer is None for (*_, signer), answer in pairs if kinds.get(signer) == kind]
        others = [
            answer == signer
            for (*_, signer), answer in pairs
            if signer is not None and kinds[signer] != kind
        ]
        if all(missed) and all(others):
            raise Hint(
                f"every card signed with an {kind} key got None: "
                "Ed25519 and ML-DSA-65 keys both have verify(signature, data); try every key"
            )
    groups = by_card.values()
    lone_cards_right = all(group[0][0] == group[0][1] for group in groups if len(group) == 1)
    one_answer_per_card = any(  # the right answer for one pair of a card, given to all
        len({signer for signer, _ in group}) > 1
        and len({answer for _, answer in group}) == 1
        and group[0][1] in {signer for signer, _ in group}
        for group in groups
    )
    if lone_cards_right and one_answer_per_card:
        raise Hint(
            "pairs with the same card but different signatures got the same answer: the "
            "signature decides, so answer each (card, signature) pair on its own"
        )
    if all(answer is None for (*_, signer), answer in pairs if signer is not None):
        raise Hint(
            "no genuine card was recognised: call key.verify(signature, card), signature "
            "first, and name the key when it returns without raising"
        )
    for (label, *_, signer), answer in pairs:
        if signer is None and answer is not None:
            raise Hint(f"{label} was attributed to {answer}: name a key only if verify() succeeds")
    first = names[0]
    for (label, *_, signer), answer in pairs:
        if answer is None and signer is not None:
            if signer != first:
                raise Hint(f"{label} got None: try every key in public_keys before answering None")
            raise Hint(f"{label} got None: a card verifies under the key that signed it")
        if answer != signer:
            raise Hint(f"{label} was attributed to {answer}: one answer per (card, signature)")


# --- 2.5 a hybrid seal

_WRONG_KEMS = {
    "the X25519 KEM alone (not post-quantum)": hpke.KEM.X25519,
    "ML-KEM-768 alone (not hybrid)": hpke.KEM.MLKEM768,
}


@checker("2.5", "hybrid_seal")
def _check_hybrid_seal(hybrid_seal):
    rng = case_rng()
    mlkem, x25519 = MLKEM768PrivateKey.generate(), X25519PrivateKey.generate()
    private = hpke.MLKEM768X25519PrivateKey(mlkem, x25519)
    published = mlkem.public_key().public_bytes_raw() + _raw(x25519)
    cases = [
        (NOTEBOOK_PURPOSE, b'{"patient_id": "patient-0000", "diagnosis": "malignant"}'),
        (_random_purpose(rng, accent=True), rng.randbytes(rng.randrange(1, 3000))),
    ]
    for purpose, plaintext in cases:
        sealed = _hybrid_call(hybrid_seal, published, plaintext, purpose)
        try:
            opened = public_key.hpke_open(private, sealed, purpose.encode())
        except InvalidTag:
            raise Hint(_hybrid_mistake(sealed, plaintext, purpose, private)) from None
        if opened != plaintext:
            raise Hint("your output decrypts to other bytes: seal the plaintext given")
    if _hybrid_call(hybrid_seal, published, plaintext, purpose) == sealed:
        raise Hint("two seals of one message are equal: seal afresh in every call")


def _hybrid_call(hybrid_seal: Callable, published: bytes, plaintext: bytes, purpose: str) -> bytes:
    try:
        sealed = _buffers_are_bytes(hybrid_seal, published, plaintext, purpose)
    except ValueError as error:
        if "public key is" not in str(error):
            raise
        raise Hint(
            f"splitting the hybrid key went wrong ({error}): ML-KEM-768's 1,184 bytes come "
            "first, then X25519's 32"
        ) from None
    except TypeError as error:
        if "Expected" not in str(error):
            raise
        raise Hint(
            f"a key and the suite do not match ({error}): join the two keys with "
            "hpke.MLKEM768X25519PublicKey(mlkem_key, x25519_key), ML-KEM first, and seal with "
            "KEM.MLKEM768_X25519"
        ) from None
    if not isinstance(sealed, bytes):
        raise Hint(f"return the sealed bytes, not {type(sealed).__name__}")
    return sealed


def _hybrid_mistake(sealed: bytes, plaintext: bytes, purpose: str, private) -> str:
    """The hint for a hybrid seal the trainer cannot open: which part of the suite differs."""
    encapsulation = len(sealed) - len(plaintext) - 16
    for label, kem in _WRONG_KEMS.items():
        if encapsulation == kem.enc_length():
            return f"you sealed with {label}: use KEM.MLKEM768_X25519 with both keys"
    info, kdf, aead = purpose.encode(), hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM
    variants = [  # (kdf, aead, info, hint)
        (kdf, aead, b"", "you sealed without info: pass info=purpose.encode()"),
        (kdf, aead, NOTEBOOK_PURPOSE.encode(), f"info holds the notebook's purpose "
         f"{NOTEBOOK_PURPOSE!r}: use the purpose argument"),
        (kdf, hpke.AEAD.AES_128_GCM, info, "the AEAD must be AES-256-GCM, not AES-128-GCM"),
        (kdf, hpke.AEAD.CHACHA20_POLY1305, info, "the AEAD must be AES-256-GCM, not "
         "ChaCha20-Poly1305"),
    ] + [
        (other, aead, info, f"the KDF must be HKDF-SHA256, not {other}")
        for other in (hpke.KDF.HKDF_SHA384, hpke.KDF.HKDF_SHA512, hpke.KDF.SHAKE128,
                      hpke.KDF.SHAKE256)
    ]  # fmt: skip
    for variant_kdf, variant_aead, variant_info, hint in variants:
        suite = hpke.Suite(hpke.KEM.MLKEM768_X25519, variant_kdf, variant_aead)
        try:
            suite.decrypt(sealed, private, info=variant_info)
        except InvalidTag:
            continue
        return hint
    return (
        "the trainer cannot open your output: seal with hpke.Suite(KEM.MLKEM768_X25519, "
        "KDF.HKDF_SHA256, AEAD.AES_256_GCM) to the joined key, info=purpose.encode()"
    )


# --- 2.6 the overhead of a dataset

_LESSON_SIZES = (
    {"encapsulation": 32, "tag": 16, "signature": 64, "signing_public_key": 32},
    {"encapsulation": 1120, "tag": 16, "signature": 3309, "signing_public_key": 1952},
)


def _random_sizes(rng: random.Random) -> dict[str, int]:
    """Sizes unlike any real scheme's, all different, so that each term shows."""
    values = rng.sample(range(20, 4000), 3)
    tag = rng.choice([12, 24, 32])
    return dict(zip(("encapsulation", "signature", "signing_public_key"), values, strict=True)) | {
        "tag": tag
    }


@checker("2.6", "dataset_overhead")
def _check_dataset_overhead(dataset_overhead):
    rng = case_rng()
    cases = [(569, sizes) for sizes in _LESSON_SIZES]
    cases += [(rng.randrange(2, 10**6), _random_sizes(rng)) for _ in range(3)]
    cases.append((1, _random_sizes(rng)))
    for n_records, sizes in cases:
        got = call_unmutated(dataset_overhead, n_records, dict(sizes))
        if isinstance(got, bool) or not isinstance(got, numbers.Real):
            raise Hint(f"return a number of bytes (an int), not {type(got).__name__}")
        finite(got, "your overhead")
        want = public_key.dataset_overhead(n_records, sizes)
        if got != want:
            raise Hint(_overhead_mistake(got, n_records, sizes))
        if not isinstance(got, numbers.Integral):
            raise Hint("return an int: bytes are whole numbers (use * and +, not /)")


def _overhead_mistake(got: float, n: int, sizes: dict[str, int]) -> str:
    """The hint for a wrong overhead: which term is missing, doubled or fixed."""
    e, t, s, p = (sizes[k] for k in ("encapsulation", "tag", "signature", "signing_public_key"))
    if any(
        got == public_key.dataset_overhead(n, fixed) for fixed in _LESSON_SIZES if fixed != sizes
    ):
        return "use the sizes given in `sizes`, not the lesson's numbers"
    candidates = {
        n * (e + t + s): "the signing public key is sent once with the dataset: add it once",
        n * (e + t + s + p): "the public key is sent once, not with every record",
        n * (e + s) + p: "every sealed record carries a tag too: add sizes['tag'] per record",
        n * (e + 16 + s) + p: "use sizes['tag'], not a fixed 16",
        n * (e + t) + p: "every record is signed: add a signature per record",
        n * (e + t) + s + p: "every record is signed: a signature per record, not one in all",
        n * (t + s) + p: "every record carries its own encapsulation: add it per record",
        e + t + s + p: f"the per-record bytes are paid by each of the {n:,} records",
        (n - 1) * (e + t + s) + p: f"count all {n:,} records, not one fewer",
        (n + 1) * (e + t + s) + p: f"count {n:,} records, not one more",
    }
    if got in candidates:
        return candidates[got]
    return (
        f"{n:,} records gave {got!r} bytes: per record an encapsulation, a tag and a "
        "signature, and the signing public key once"
    )
