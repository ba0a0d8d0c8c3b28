"""One round of secure aggregation with dropouts, simulated in one process (lesson 06).

The protocol of Bonawitz et al. (CCS 2017), semi-honest version, in four steps:

1. *Advertise keys*: each client sends two X25519 public keys, ``c`` (to encrypt shares
   to one another) and ``s`` (to agree on pairwise mask seeds).
2. *Share keys*: each client draws a self-mask seed ``b``, splits ``b`` and its ``s``
   private key into t-of-n Shamir shares, and sends each peer its two shares encrypted
   with ChaCha20-Poly1305 under a key from X25519(``c``) and HKDF (the server relays
   them but cannot read them), plus a SHA-256 commitment to ``b``.
3. *Masked input*: each client still present sends its encoded update plus its self mask
   plus its pairwise masks with every client of step 2. Clients that stop here drop out.
4. *Unmasking*: the server names the survivors; each survivor returns, for every other
   client, one share only: of ``b`` for a survivor, of the ``s`` key for a dropped one.
   The server rebuilds each ``b`` and removes the self masks, rebuilds each dropped
   client's ``s`` key and removes the pairwise masks it left in the survivors' inputs.

A reconstructed secret is checked before use: a ``b`` against its commitment, an ``s``
key against the public key advertised in step 1. A wrong share therefore never changes
the sum: if it is among the t shares used, the rebuilt secret fails its check, and the
server tries other groups of t shares and names the shares that disagree with the
verified secret, or raises :class:`ShareVerificationError` when no group verifies.
"""

from __future__ import annotations

import itertools
import numbers
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from utils.federated import shamir
from utils.federated.client import ID_BYTES, KEY_BYTES, SHARE_BYTES, Client, commitment, share_x
from utils.federated.fixed_point import add, decode, encode, overflow_safe_scale, uint32_vector
from utils.federated.masks import expand_mask, pair_seed

MAX_SUBSETS = 1000  # groups of t shares tried before a secret is declared unrecoverable


class ShareVerificationError(ValueError):
    """No group of t shares rebuilds a secret that matches its commitment."""


def default_threshold(n_clients: int) -> int:
    """t = n // 2 + 1: a majority of the clients must help to rebuild any secret."""
    return n_clients // 2 + 1


@dataclass(frozen=True)
class RoundResult:
    """What a round gives the server, and what it cost."""

    total: np.ndarray  # uint32 sum of the survivors' encoded updates
    survivors: tuple[int, ...]
    dropped: tuple[int, ...]
    bytes_sent: dict[int, int]  # client -> bytes it uploaded in the round
    client_seconds: float  # all clients' computing time, added up
    server_seconds: float
    received: dict[int, np.ndarray] = field(default_factory=dict)  # the masked inputs, by client
    bad_shares: tuple[tuple[int, int], ...] = ()  # (holder, dealer), found when a group failed
    late_views: dict[int, np.ndarray] = field(default_factory=dict)
    # late client -> its input after the server removed every pairwise mask it can


def _ids(values: Iterable[int], n: int, name: str) -> set[int]:
    found = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must hold client ids (ints), got {type(value).__name__}")
        if not 0 <= value < n:
            raise ValueError(f"{name} holds {value}, but the clients are 0..{n - 1}")
        found.add(int(value))
    return found


def secure_sum(
    encoded: list[np.ndarray],
    threshold: int,
    *,
    round_id: int = 0,
    drop: Iterable[int] = (),
    late: Iterable[int] = (),
    wrong_shares: Iterable[tuple[int, int]] = (),
) -> RoundResult:
    """Run one round over ``encoded`` (one uint32 vector per client, ids 0..n-1).

    ``drop``: clients that vanish after step 2. ``late``: clients whose masked input
    arrives only after the server has treated them as dropped. ``wrong_shares``:
    (holder, dealer) pairs whose share the holder alters in step 4.
    """
    return _run(encoded, threshold, round_id, drop, late, wrong_shares, self_mask=True)


def secure_sum_without_self_mask_for_demo(
    encoded: list[np.ndarray], threshold: int, *, round_id: int = 0, late: Iterable[int] = ()
) -> RoundResult:
    """The same round with pairwise masks only: a late client's input is then exposed."""
    return _run(encoded, threshold, round_id, (), late, (), self_mask=False)


class SecureMean:
    """FedAvg's aggregate through :func:`secure_sum`: each update is clipped to [-bound,
    bound], encoded at the overflow-safe scale, masked; the server decodes the sum / n.
    ``rounds`` keeps every round's :class:`RoundResult` (the server's view)."""

    def __init__(self, bound: float) -> None:
        self.bound = float(bound)
        self.rounds: list[RoundResult] = []

    def __call__(self, updates: list[np.ndarray], round_id: int) -> np.ndarray:
        n = len(updates)
        scale = overflow_safe_scale(n, self.bound)
        encoded = [encode(np.clip(u, -self.bound, self.bound), scale) for u in updates]
        result = secure_sum(encoded, default_threshold(n), round_id=round_id)
        self.rounds.append(result)
        return decode(result.total, scale) / n


def _run(encoded, threshold, round_id, drop, late, wrong_shares, *, self_mask) -> RoundResult:
    if not isinstance(encoded, list | tuple) or len(encoded) < 2:
        raise TypeError("encoded must be a list of at least two uint32 vectors, one per client")
    vectors = [uint32_vector(v) for v in encoded]
    if len({v.shape for v in vectors}) != 1:
        raise ValueError("every client's encoded update must have the same length")
    n = len(vectors)
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Integral):
        raise TypeError(f"threshold must be an int, not {type(threshold).__name__}")
    if not 2 <= threshold <= n:
        raise ValueError(f"threshold must be between 2 and the {n} clients, got {threshold}")
    drop, late = _ids(drop, n, "drop"), _ids(late, n, "late")
    wrong = {(int(h), int(d)) for h, d in wrong_shares}
    gone = drop | late
    survivors = set(range(n)) - gone
    if len(survivors) < threshold:
        raise ValueError(
            f"{len(survivors)} survivors cannot rebuild secrets shared {threshold}-of-{n}"
        )

    clock = _Clock()
    sent = dict.fromkeys(range(n), 0)
    clients = [Client(i, round_id, self_mask=self_mask) for i in range(n)]
    roster = {}
    for client in clients:
        roster[client.id] = clock.client(client.advertise)
        sent[client.id] += len(roster[client.id])
    inbox: dict[int, dict[int, bytes]] = {i: {} for i in range(n)}
    commitments = {}
    for client in clients:
        messages = clock.client(client.share_keys, roster, threshold)
        commitments[client.id] = messages.pop(client.id)
        sent[client.id] += len(commitments[client.id]) + sum(
            ID_BYTES + len(m) for m in messages.values()
        )
        for holder, message in messages.items():
            inbox[holder][client.id] = message
    for client in clients:
        clock.client(client.receive_shares, inbox[client.id])
    masked = {}
    for client in clients:
        if client.id not in drop:
            masked[client.id] = clock.client(client.masked_input, vectors[client.id])
            sent[client.id] += ID_BYTES + masked[client.id].nbytes
    late_inputs = {i: masked.pop(i) for i in late}
    replies = {}
    for i in sorted(survivors):
        reply = clock.client(clients[i].unmasking_shares, survivors, gone)
        replies[i] = {d: (k, v + 1 if (i, d) in wrong else v) for d, (k, v) in reply.items()}
        sent[i] += len(reply) * (ID_BYTES + 1 + SHARE_BYTES)

    server = _Unmasker(round_id, threshold, roster, commitments, replies)
    total = clock.server(add, [masked[i] for i in sorted(survivors)])
    if self_mask:
        for u in sorted(survivors):
            seed = clock.server(server.self_seed, u)
            total -= expand_mask(seed, total.size)
    late_views = {}
    for u in sorted(gone):
        key = clock.server(server.mask_key, u)
        total = clock.server(_remove_pairwise, total, key, roster, round_id, u, survivors)
        if u in late_inputs:
            late_views[u] = _remove_pairwise(
                late_inputs[u], key, roster, round_id, u, set(range(n)) - {u}, own=True
            )
    return RoundResult(
        total=total,
        survivors=tuple(sorted(survivors)),
        dropped=tuple(sorted(gone)),
        bytes_sent=sent,
        received=dict(masked),
        client_seconds=clock.client_seconds,
        server_seconds=clock.server_seconds,
        bad_shares=tuple(sorted(server.bad_shares)),
        late_views=late_views,
    )


def _remove_pairwise(total, s_key, roster, round_id, u, others, own=False) -> np.ndarray:
    """Subtract from ``total`` the pairwise masks between client ``u`` and ``others``.

    In a survivor v's input the mask is + when v < u; in u's own input it is + when u < v.
    """
    total = total.copy()
    for v in sorted(others):
        mask = expand_mask(pair_seed(s_key, _s_public(roster, v), round_id, u, v), total.size)
        added = (u < v) if own else (v < u)
        if added:
            total -= mask
        else:
            total += mask
    return total


def _s_public(roster: dict[int, bytes], client: int) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(roster[client][ID_BYTES + KEY_BYTES :])


class _Unmasker:
    """The server's step 4: rebuild and verify secrets from the survivors' shares."""

    def __init__(self, round_id, threshold, roster, commitments, replies) -> None:
        self.round_id, self.threshold = round_id, threshold
        self.roster, self.commitments, self.replies = roster, commitments, replies
        self.bad_shares: set[tuple[int, int]] = set()

    def _shares(self, dealer: int, kind: str) -> list[tuple[int, tuple[int, int]]]:
        return [
            (holder, (share_x(holder), reply[dealer][1]))
            for holder, reply in sorted(self.replies.items())
            if dealer in reply and reply[dealer][0] == kind
        ]

    def self_seed(self, u: int) -> bytes:
        return self._recover(
            u, "b", lambda seed: commitment(self.round_id, u, seed) == self.commitments[u]
        )

    def mask_key(self, u: int) -> X25519PrivateKey:
        advertised = self.roster[u][ID_BYTES + KEY_BYTES :]

        def matches(secret: bytes) -> bool:
            return (
                X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()
                == advertised
            )

        return X25519PrivateKey.from_private_bytes(self._recover(u, "s", matches))

    def _recover(self, dealer: int, kind: str, verify) -> bytes:
        held = self._shares(dealer, kind)
        if len(held) < self.threshold:
            raise ShareVerificationError(
                f"only {len(held)} shares of client {dealer}'s secret arrived"
            )
        groups = itertools.islice(itertools.combinations(held, self.threshold), MAX_SUBSETS)
        for attempt, group in enumerate(groups):
            points = [share for _, share in group]
            try:
                secret = shamir.int_to_secret(shamir.reconstruct(points))
            except ValueError:
                continue
            if verify(secret):
                if attempt:  # a group failed: name the shares off the verified polynomial
                    for holder, (x, y) in held:
                        if shamir.interpolate(points, x) != y:
                            self.bad_shares.add((holder, dealer))
                return secret
        raise ShareVerificationError(
            f"no {self.threshold} shares rebuild client {dealer}'s committed secret: shares are wrong"
        )


class _Clock:
    """Adds up the time spent in client code and in server code."""

    def __init__(self) -> None:
        self.client_seconds = self.server_seconds = 0.0

    def client(self, function, *args):
        start = time.perf_counter()
        result = function(*args)
        self.client_seconds += time.perf_counter() - start
        return result

    def server(self, function, *args):
        start = time.perf_counter()
        result = function(*args)
        self.server_seconds += time.perf_counter() - start
        return result
