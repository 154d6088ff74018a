"""A tiny, valid baseline JPEG encoder for flat-colour cover art of any size.

Every 8x8 block of the single (grey) component has the same DC value and no AC
coefficients, so the scan is a handful of Huffman codes per block. Decoders see a
well-formed JFIF file with the declared width and height.
"""

from __future__ import annotations

import hashlib
import struct

__all__ = ["flat_jpeg", "grey_level_for"]

# DC Huffman table: categories 0..11, all coded on 4 bits (canonical codes 0000..1011).
_DC_SYMBOLS = bytes(range(12))
_DC_COUNTS = bytes([0, 0, 0, 12] + [0] * 12)
# AC Huffman table: only EOB (0x00), coded as a single "0" bit.
_AC_SYMBOLS = b"\x00"
_AC_COUNTS = bytes([1] + [0] * 15)


def grey_level_for(key: str) -> int:
    """A stable grey level (32..223) derived from a key, so each album looks different."""
    return 32 + hashlib.sha256(key.encode()).digest()[0] % 192


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


class _BitWriter:
    def __init__(self) -> None:
        self._out = bytearray()
        self._acc = 0
        self._bits = 0

    def write(self, value: int, length: int) -> None:
        for shift in range(length - 1, -1, -1):
            self._acc = (self._acc << 1) | ((value >> shift) & 1)
            self._bits += 1
            if self._bits == 8:
                self._emit(self._acc)
                self._acc, self._bits = 0, 0

    def _emit(self, byte: int) -> None:
        self._out.append(byte)
        if byte == 0xFF:
            self._out.append(0x00)  # byte stuffing

    def finish(self) -> bytes:
        if self._bits:
            pad = 8 - self._bits
            self._emit((self._acc << pad) | ((1 << pad) - 1))
            self._acc, self._bits = 0, 0
        return bytes(self._out)


def _magnitude(value: int) -> tuple[int, int]:
    """JPEG (category, extra bits) encoding of a DC difference."""
    if value == 0:
        return 0, 0
    category = abs(value).bit_length()
    bits = value if value > 0 else value + (1 << category) - 1
    return category, bits


def _scan(width: int, height: int, level: int) -> bytes:
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    # Quantiser 8 and DCT scaling 8 cancel: quantised DC = level - 128.
    first_dc = level - 128
    writer = _BitWriter()
    for index in range(blocks):
        category, bits = _magnitude(first_dc if index == 0 else 0)
        writer.write(category, 4)
        if category:
            writer.write(bits, category)
        writer.write(0, 1)  # EOB
    return writer.finish()


def flat_jpeg(width: int, height: int, level: int = 128) -> bytes:
    """Encode a `width` x `height` flat grey JPEG (baseline, one component)."""
    if not (1 <= width <= 65535 and 1 <= height <= 65535):
        raise ValueError("JPEG dimensions must be within 1..65535")
    level = max(0, min(255, level))
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\x00" + bytes([8] * 64)
    sof0 = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    dht = b"\x00" + _DC_COUNTS + _DC_SYMBOLS + b"\x10" + _AC_COUNTS + _AC_SYMBOLS
    sos = b"\x01\x01\x00\x00\x3f\x00"
    return b"".join(
        [
            b"\xff\xd8",
            _segment(0xE0, app0),
            _segment(0xDB, dqt),
            _segment(0xC0, sof0),
            _segment(0xC4, dht),
            _segment(0xDA, sos),
            _scan(width, height, level),
            b"\xff\xd9",
        ]
    )
