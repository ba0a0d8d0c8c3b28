"""Bech32 (BIP 173) encoding, as age uses it for ``age1...`` and ``AGE-SECRET-KEY-1...`` keys.

Bech32 is an encoding with a checksum, not a cipher. Like age, this version has no
90-character limit.
"""

from __future__ import annotations

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(_GENERATOR):
            if (top >> bit) & 1:
                checksum ^= generator
    return checksum


def _expand_hrp(hrp: str) -> list[int]:
    return [ord(char) >> 5 for char in hrp] + [0] + [ord(char) & 31 for char in hrp]


def _convert_bits(data: list[int] | bytes, from_bits: int, to_bits: int, pad: bool) -> list[int]:
    accumulator, bits, result = 0, 0, []
    max_value = (1 << to_bits) - 1
    for value in data:
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            result.append((accumulator >> bits) & max_value)
    if pad and bits:
        result.append((accumulator << (to_bits - bits)) & max_value)
    elif not pad and (bits >= from_bits or (accumulator << (to_bits - bits)) & max_value):
        raise ValueError("bech32 string has invalid padding bits.")
    return result


def bech32_encode(hrp: str, data: bytes) -> str:
    """Encode ``data`` under the human-readable prefix ``hrp``; return a lowercase string."""
    if not isinstance(hrp, str) or not hrp or not all(33 <= ord(c) <= 126 for c in hrp):
        raise ValueError("hrp must be a non-empty string of printable ASCII characters.")
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"data must be bytes, got {type(data).__name__}.")
    hrp = hrp.lower()
    words = _convert_bits(data, 8, 5, pad=True)
    polymod = _polymod(_expand_hrp(hrp) + words + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[word] for word in words + checksum)


def bech32_decode(text: str) -> tuple[str, bytes]:
    """Decode a bech32 string into ``(hrp, data)``; raise ValueError if it is not valid."""
    if not isinstance(text, str):
        raise TypeError(f"a bech32 string is expected, got {type(text).__name__}.")
    if text.lower() != text and text.upper() != text:
        raise ValueError("bech32 string mixes upper and lower case.")
    text = text.lower()
    separator = text.rfind("1")
    if separator < 1 or separator + 7 > len(text):
        raise ValueError(
            "bech32 string needs a prefix, the separator '1' and a 6-character checksum."
        )
    hrp, payload = text[:separator], text[separator + 1 :]
    if not all(33 <= ord(c) <= 126 for c in hrp) or any(c not in _CHARSET for c in payload):
        raise ValueError("bech32 string contains characters outside the bech32 alphabet.")
    words = [_CHARSET.index(char) for char in payload]
    if _polymod(_expand_hrp(hrp) + words) != 1:
        raise ValueError("bech32 checksum does not match: the string was mistyped or altered.")
    return hrp, bytes(_convert_bits(words[:-6], 5, 8, pad=False))
