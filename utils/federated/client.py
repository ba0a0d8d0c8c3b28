"""A client of secure aggregation: its keys, its shares of others' secrets, its masked
input (lesson 06; the protocol is described in ``secagg``).

Each client has two X25519 key pairs: ``c`` encrypts the Shamir shares it sends to each
peer (ChaCha20-Poly1305 under HKDF of the agreement, bound to the round and the pair, so
the relaying server cannot read them); ``s`` agrees on the pairwise mask seeds. Its self
mask comes from a seed ``b`` of its own, committed to with SHA-256.
"""

from __future__ import annotations

import hashlib
import os

import numpy as np
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from utils.federated import shamir
from utils.federated.masks import add_self_mask, mask_update, new_self_seed, pair_info, pair_seed

SHARE_LABEL = b"course secagg share encryption v1"
COMMIT_LABEL = b"course secagg self-mask commitment v1"
ID_BYTES, KEY_BYTES, NONCE_BYTES = 4, 32, 12
SHARE_BYTES = (shamir.PRIME.bit_length() + 7) // 8  # one share's y value: 66 bytes


def commitment(round_id: int, client: int, self_seed: bytes) -> bytes:
    """SHA-256 commitment to a self-mask seed, bound to the round and the client."""
    return hashlib.sha256(
        COMMIT_LABEL + round_id.to_bytes(8, "big") + client.to_bytes(ID_BYTES, "big") + self_seed
    ).digest()


def _share_key(private: X25519PrivateKey, peer: X25519PublicKey, round_id: int, a: int, b: int):
    info = SHARE_LABEL + pair_info(round_id, a, b)
    secret = private.exchange(peer)
    return ChaCha20Poly1305(HKDF(hashes.SHA256(), 32, None, info).derive(secret))


def _pack_share(value: int) -> bytes:
    return value.to_bytes(SHARE_BYTES, "big")


class Client:
    """One client's side of a round: its keys, the shares it holds, its masked input."""

    def __init__(self, client_id: int, round_id: int, *, self_mask: bool = True) -> None:
        self.id, self.round_id, self.self_mask = client_id, round_id, self_mask
        self._c, self._s = X25519PrivateKey.generate(), X25519PrivateKey.generate()
        self._self_seed = new_self_seed()
        self._held: dict[int, tuple[int, int]] = {}  # dealer -> (share of b, share of s)
        self._keys: dict[int, ChaCha20Poly1305] = {}
        self._roster: dict[int, tuple[X25519PublicKey, X25519PublicKey]] = {}

    def advertise(self) -> bytes:
        """Step 1: id, c public key, s public key."""
        return (
            self.id.to_bytes(ID_BYTES, "big")
            + self._c.public_key().public_bytes_raw()
            + self._s.public_key().public_bytes_raw()
        )

    def share_keys(self, roster: dict[int, bytes], threshold: int) -> dict[int, bytes]:
        """Step 2: encrypted shares for every peer in ``roster`` (id -> advertisement), and
        under this client's own id, the commitment to its self-mask seed."""
        self._roster = {
            peer: (
                X25519PublicKey.from_public_bytes(ad[ID_BYTES : ID_BYTES + KEY_BYTES]),
                X25519PublicKey.from_public_bytes(ad[ID_BYTES + KEY_BYTES :]),
            )
            for peer, ad in roster.items()
        }
        ids = sorted(self._roster)
        if ids != list(range(len(ids))):
            raise ValueError(f"the roster's client ids must be 0..n-1, got {ids}")
        s_bytes = self._s.private_bytes_raw()
        b_shares = dict(shamir.split(shamir.secret_to_int(self._self_seed), len(ids), threshold))
        s_shares = dict(shamir.split(shamir.secret_to_int(s_bytes), len(ids), threshold))
        messages = {self.id: commitment(self.round_id, self.id, self._self_seed)}
        for peer in ids:
            pair = (b_shares[share_x(peer)], s_shares[share_x(peer)])
            if peer == self.id:
                self._held[peer] = pair
                continue
            key = self._keys[peer] = _share_key(
                self._c, self._roster[peer][0], self.round_id, self.id, peer
            )
            nonce, header = os.urandom(NONCE_BYTES), self._header(self.id, peer)
            plaintext = _pack_share(pair[0]) + _pack_share(pair[1])
            messages[peer] = nonce + key.encrypt(nonce, plaintext, header)
        return messages

    def _header(self, dealer: int, holder: int) -> bytes:
        return (
            self.round_id.to_bytes(8, "big")
            + dealer.to_bytes(ID_BYTES, "big")
            + holder.to_bytes(ID_BYTES, "big")
        )

    def receive_shares(self, sealed: dict[int, bytes]) -> None:
        """Decrypt the shares other clients sent (dealer -> message); InvalidTag if altered."""
        for dealer, message in sealed.items():
            if dealer not in self._keys:
                self._keys[dealer] = _share_key(
                    self._c, self._roster[dealer][0], self.round_id, self.id, dealer
                )
            nonce, body = message[:NONCE_BYTES], message[NONCE_BYTES:]
            plaintext = self._keys[dealer].decrypt(nonce, body, self._header(dealer, self.id))
            self._held[dealer] = (
                int.from_bytes(plaintext[:SHARE_BYTES], "big"),
                int.from_bytes(plaintext[SHARE_BYTES:], "big"),
            )

    def masked_input(self, encoded: np.ndarray) -> np.ndarray:
        """Step 3: the encoded update, self-masked, plus the pairwise masks with the roster."""
        seeds = {
            peer: pair_seed(self._s, keys[1], self.round_id, self.id, peer)
            for peer, keys in self._roster.items()
            if peer != self.id
        }
        masked = mask_update(encoded, self.id, seeds)
        return add_self_mask(masked, self._self_seed) if self.self_mask else masked

    def unmasking_shares(
        self, survivors: set[int], dropped: set[int]
    ) -> dict[int, tuple[str, int]]:
        """Step 4: dealer -> ("b", share) for survivors, ("s", share) for dropped clients.

        A client never reveals both shares of one dealer: with both, the server could
        unmask that dealer's input alone.
        """
        if survivors & dropped:
            raise ValueError(
                f"clients {sorted(survivors & dropped)} cannot be both survivors and dropped"
            )
        reply = {}
        for dealer, (b_share, s_share) in self._held.items():
            if dealer in survivors:
                reply[dealer] = ("b", b_share)
            elif dealer in dropped:
                reply[dealer] = ("s", s_share)
        return reply


def share_x(holder: int) -> int:
    """The x coordinate of the share that client ``holder`` holds: its id + 1 (never 0)."""
    return holder + 1
