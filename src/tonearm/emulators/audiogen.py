"""Tiny, valid, decodable audio files generated in pure Python (silence, no binary fixtures).

Supported formats: FLAC (constant subframes), MP3 (silent MPEG-1 Layer III frames with an
`Info` header), M4A (AAC-LC silence in a minimal MP4). `pad_to_size` grows a file to an exact
byte count the way real files carry slack: a FLAC PADDING block, ID3v2 padding, an MP4 `free`
atom. `truncate` cuts a file short, like an interrupted transfer.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

__all__ = [
    "SUPPORTED_FORMATS",
    "AudioGenError",
    "generate_audio",
    "natural_size",
    "truncate",
]

SAMPLE_RATE = 44100
SUPPORTED_FORMATS = ("flac", "mp3", "m4a")


class AudioGenError(ValueError):
    """The requested audio file cannot be generated."""


def generate_audio(
    fmt: str,
    length_s: float,
    bitrate_kbps: int | None = None,
    pad_to_size: int | None = None,
) -> bytes:
    """Generate a silent audio file of `fmt` lasting `length_s` seconds.

    With `pad_to_size` the file is exactly that many bytes; `AudioGenError` when the audio
    alone is already larger (choose a lower bitrate) or the format is unknown.
    """
    builder = _BUILDERS.get(fmt.lower().lstrip("."))
    if builder is None:
        raise AudioGenError(f"unsupported audio format: {fmt!r}")
    if length_s < 0:
        raise AudioGenError("length must not be negative")
    return builder(length_s, bitrate_kbps, pad_to_size)


def natural_size(fmt: str, length_s: float, bitrate_kbps: int | None = None) -> int:
    """Size in bytes of the unpadded file `generate_audio` would produce."""
    return len(generate_audio(fmt, length_s, bitrate_kbps))


def truncate(data: bytes, keep_fraction: float = 0.5) -> bytes:
    """Return a cut-off prefix of `data` (at least one byte), like an interrupted download."""
    keep = max(1, min(len(data) - 1, int(len(data) * keep_fraction)))
    return data[:keep]


# --------------------------------------------------------------------------- FLAC


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _crc16(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def _utf8_number(value: int) -> bytes:
    """FLAC's UTF-8-like coding of frame numbers."""
    if value < 0x80:
        return bytes([value])
    payload: list[int] = []
    limit = 0x3F
    while True:
        payload.insert(0, 0x80 | (value & 0x3F))
        value >>= 6
        limit >>= 1
        if value <= limit:
            break
    count = len(payload) + 1
    lead = ((0xFF << (8 - count)) & 0xFF) | value
    return bytes([lead, *payload])


# blocksize -> header code; all fit FLAC's table so no trailing blocksize bytes are needed.
_FLAC_BLOCK_CODES = {4096: 12, 4608: 5, 2304: 4, 1152: 3, 8192: 13}


def _flac_frame(number: int, samples: int, block_code: int) -> bytes:
    code = block_code if block_code else 7
    header = bytearray([0xFF, 0xF8, (code << 4) | 9, 0x18])  # 44.1 kHz, stereo, 16 bit
    header += _utf8_number(number)
    if code == 7:
        header += struct.pack(">H", samples - 1)
    header.append(_crc8(bytes(header)))
    # Two CONSTANT subframes (type 000000, no wasted bits) holding sample value 0.
    frame = bytes(header) + b"\x00\x00\x00" * 2
    return frame + struct.pack(">H", _crc16(frame))


def _flac_frames(total_samples: int, blocksize: int) -> bytes:
    frames: list[bytes] = []
    number, remaining = 0, total_samples
    while remaining > 0:
        samples = min(blocksize, remaining)
        code = _FLAC_BLOCK_CODES[blocksize] if samples == blocksize else 0
        frames.append(_flac_frame(number, samples, code))
        number += 1
        remaining -= samples
    return b"".join(frames)


def _flac_block(block_type: int, payload: bytes, last: bool) -> bytes:
    return bytes([(0x80 if last else 0) | block_type]) + len(payload).to_bytes(3, "big") + payload


def _flac_streaminfo(total_samples: int, blocksize: int) -> bytes:
    packed = (SAMPLE_RATE << 44) | (1 << 41) | (15 << 36) | total_samples
    return (
        struct.pack(">HH", blocksize, blocksize)
        + b"\x00" * 6
        + packed.to_bytes(8, "big")
        + b"\x00" * 16
    )


def _flac_padding_blocks(gap: int) -> list[tuple[int, bytes]]:
    """PADDING blocks filling exactly `gap` bytes (headers included); gap must be >= 4."""
    blocks: list[tuple[int, bytes]] = []
    while gap > 0:
        body = min(gap - 4, 0xFFFFFF)
        if 0 < gap - 4 - body < 4:  # keep room for the next block's header
            body -= 4
        blocks.append((1, b"\x00" * body))
        gap -= body + 4
    return blocks


def _build_flac(length_s: float, _bitrate: int | None, size: int | None) -> bytes:
    total_samples = round(length_s * SAMPLE_RATE)
    for blocksize in _FLAC_BLOCK_CODES:
        frames = _flac_frames(total_samples, blocksize)
        blocks: list[tuple[int, bytes]] = [(0, _flac_streaminfo(total_samples, blocksize))]
        base = 4 + 4 + 34 + len(frames)
        if size is not None:
            gap = size - base
            if gap < 0:
                raise AudioGenError(f"{size} bytes is too small for {length_s}s of FLAC")
            if 0 < gap < 4:
                continue  # another blocksize changes the frame overhead
            blocks += _flac_padding_blocks(gap)
        meta = b"".join(
            _flac_block(kind, body, index == len(blocks) - 1)
            for index, (kind, body) in enumerate(blocks)
        )
        return b"fLaC" + meta + frames
    raise AudioGenError(f"cannot pad FLAC to exactly {size} bytes")


# --------------------------------------------------------------------------- MP3

_MP3_BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MP3_SAMPLES_PER_FRAME = 1152
_MP3_SIDE_INFO_STEREO = 32


def _mp3_header(bitrate_kbps: int, padded: bool) -> bytes:
    index = _MP3_BITRATES.index(bitrate_kbps) + 1
    # MPEG-1 Layer III without CRC, 44.1 kHz, joint stereo off (plain stereo), original.
    return bytes([0xFF, 0xFB, (index << 4) | (0x02 if padded else 0), 0x04])


def _mp3_frame_length(bitrate_kbps: int, padded: bool) -> int:
    return 144 * bitrate_kbps * 1000 // SAMPLE_RATE + (1 if padded else 0)


def _mp3_frame(bitrate_kbps: int, padded: bool) -> bytes:
    # All-zero side info: every granule has part2_3_length 0, i.e. decodes to silence.
    length = _mp3_frame_length(bitrate_kbps, padded)
    return _mp3_header(bitrate_kbps, padded) + b"\x00" * (length - 4)


def _mp3_info_frame(bitrate_kbps: int, frames: int, total_bytes: int) -> bytes:
    length = _mp3_frame_length(bitrate_kbps, False)
    body = bytearray(length)
    body[0:4] = _mp3_header(bitrate_kbps, False)
    offset = 4 + _MP3_SIDE_INFO_STEREO
    body[offset : offset + 16] = b"Info" + struct.pack(">III", 0x03, frames, total_bytes)
    return bytes(body)


def _id3_syncsafe(value: int) -> bytes:
    return bytes([(value >> shift) & 0x7F for shift in (21, 14, 7, 0)])


def _id3_padding_tag(total: int) -> bytes:
    """An ID3v2.4 tag holding only padding, `total` bytes long (header included)."""
    return b"ID3\x04\x00\x00" + _id3_syncsafe(total - 10) + b"\x00" * (total - 10)


def _build_mp3(length_s: float, bitrate: int | None, size: int | None) -> bytes:
    kbps = bitrate or 320
    if kbps not in _MP3_BITRATES:
        raise AudioGenError(f"unsupported MP3 bitrate: {kbps} kbps")
    count = max(1, round(length_s * SAMPLE_RATE / _MP3_SAMPLES_PER_FRAME))
    base = _mp3_frame_length(kbps, False) * (count + 1)
    gap = 0 if size is None else size - base
    if gap < 0:
        raise AudioGenError(f"{size} bytes is too small for {length_s}s of MP3 at {kbps} kbps")
    # Small gaps go into frame padding bits, larger ones into an ID3v2 tag's padding.
    padded_frames = gap if gap < 10 else 0
    if padded_frames > count:
        raise AudioGenError(f"cannot pad MP3 to exactly {size} bytes")
    tag = _id3_padding_tag(gap) if gap >= 10 else b""
    audio = b"".join(_mp3_frame(kbps, index < padded_frames) for index in range(count))
    info = _mp3_info_frame(kbps, count, base + padded_frames)
    return tag + info + audio


# --------------------------------------------------------------------------- M4A

# One raw AAC-LC frame (1024 samples) of stereo silence: a CPE with zeroed spectra.
_AAC_SILENT_FRAME = bytes([0x21, 0x00, 0x49, 0x90, 0x02, 0x19, 0x00, 0x23, 0x80])
_AAC_SAMPLES_PER_FRAME = 1024


def _atom(kind: bytes, *children: bytes) -> bytes:
    payload = b"".join(children)
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full_atom(kind: bytes, payload: bytes, version: int = 0, flags: int = 0) -> bytes:
    return _atom(kind, struct.pack(">I", (version << 24) | flags) + payload)


def _descriptor(tag: int, payload: bytes) -> bytes:
    return bytes([tag, len(payload)]) + payload


def _esds(bitrate_bps: int) -> bytes:
    audio_config = bytes([0x12, 0x10])  # AAC-LC, 44.1 kHz, 2 channels
    decoder = _descriptor(
        0x04,
        bytes([0x40, 0x15])
        + b"\x00\x00\x00"
        + struct.pack(">II", bitrate_bps, bitrate_bps)
        + _descriptor(0x05, audio_config),
    )
    es = _descriptor(0x03, b"\x00\x01\x00" + decoder + _descriptor(0x06, b"\x02"))
    return _full_atom(b"esds", es)


def _mp4a(bitrate_bps: int) -> bytes:
    entry = (
        b"\x00" * 6
        + struct.pack(">H", 1)  # data reference index
        + b"\x00" * 8
        + struct.pack(">HHHH", 2, 16, 0, 0)  # channels, sample size, pre-defined, reserved
        + struct.pack(">I", SAMPLE_RATE << 16)
    )
    return _atom(b"mp4a", entry, _esds(bitrate_bps))


def _stbl(count: int, chunk_offset: int, bitrate_bps: int) -> bytes:
    frame = len(_AAC_SILENT_FRAME)
    return _atom(
        b"stbl",
        _full_atom(b"stsd", struct.pack(">I", 1) + _mp4a(bitrate_bps)),
        _full_atom(b"stts", struct.pack(">III", 1, count, _AAC_SAMPLES_PER_FRAME)),
        _full_atom(b"stsc", struct.pack(">IIII", 1, 1, count, 1)),
        _full_atom(b"stsz", struct.pack(">II", frame, count)),
        _full_atom(b"stco", struct.pack(">II", 1, chunk_offset)),
    )


def _moov(count: int, chunk_offset: int, bitrate_bps: int) -> bytes:
    samples = count * _AAC_SAMPLES_PER_FRAME
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = _full_atom(
        b"mvhd",
        struct.pack(">IIII", 0, 0, SAMPLE_RATE, samples)
        + struct.pack(">IH", 0x10000, 0x100)
        + b"\x00" * 10
        + matrix
        + b"\x00" * 24
        + struct.pack(">I", 2),
    )
    tkhd = _full_atom(
        b"tkhd",
        struct.pack(">IIIII", 0, 0, 1, 0, samples)
        + b"\x00" * 8
        + struct.pack(">HHHH", 0, 0, 0x100, 0)
        + matrix
        + struct.pack(">II", 0, 0),
        flags=7,
    )
    mdhd = _full_atom(b"mdhd", struct.pack(">IIIIHH", 0, 0, SAMPLE_RATE, samples, 0x55C4, 0))
    hdlr = _full_atom(b"hdlr", struct.pack(">I", 0) + b"soun" + b"\x00" * 12 + b"Sound\x00")
    minf = _atom(
        b"minf",
        _full_atom(b"smhd", b"\x00" * 4),
        _atom(b"dinf", _full_atom(b"dref", struct.pack(">I", 1) + _full_atom(b"url ", b"", 0, 1))),
        _stbl(count, chunk_offset, bitrate_bps),
    )
    trak = _atom(b"trak", tkhd, _atom(b"mdia", mdhd, hdlr, minf))
    return _atom(b"moov", mvhd, trak)


def _build_m4a(length_s: float, bitrate: int | None, size: int | None) -> bytes:
    count = max(1, round(length_s * SAMPLE_RATE / _AAC_SAMPLES_PER_FRAME))
    bitrate_bps = (bitrate or 256) * 1000
    ftyp = _atom(b"ftyp", b"M4A ", struct.pack(">I", 0), b"M4A mp42isom\x00\x00\x00\x00")
    moov_size = len(_moov(count, 0, bitrate_bps))
    chunk_offset = len(ftyp) + moov_size + 8
    moov = _moov(count, chunk_offset, bitrate_bps)
    samples = _AAC_SILENT_FRAME * count
    base = len(ftyp) + len(moov) + 8 + len(samples)
    gap = 0 if size is None else size - base
    if gap < 0:
        raise AudioGenError(f"{size} bytes is too small for {length_s}s of M4A")
    # A `free` atom needs 8 bytes; a smaller gap becomes unreferenced slack inside `mdat`.
    slack = gap if gap < 8 else 0
    free = _atom(b"free", b"\x00" * (gap - 8)) if gap >= 8 else b""
    return ftyp + moov + _atom(b"mdat", samples, b"\x00" * slack) + free


_BUILDERS: dict[str, Callable[[float, int | None, int | None], bytes]] = {
    "flac": _build_flac,
    "mp3": _build_mp3,
    "m4a": _build_m4a,
    "mp4": _build_m4a,
    "aac": _build_m4a,
}
