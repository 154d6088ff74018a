"""Generated audio files open in mutagen with the requested length and exact size."""

from __future__ import annotations

import io

import pytest
from mutagen.flac import FLAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

from tonearm.emulators.audiogen import AudioGenError, generate_audio, natural_size, truncate

READERS = {"flac": FLAC, "mp3": MP3, "m4a": MP4}


@pytest.mark.parametrize("fmt", ["flac", "mp3", "m4a"])
@pytest.mark.parametrize("length", [0.5, 3.0, 287.0])
def test_length_is_read_back(fmt: str, length: float) -> None:
    data = generate_audio(fmt, length, 128 if fmt == "mp3" else None)
    info = READERS[fmt](io.BytesIO(data)).info
    assert abs(info.length - length) < 0.1


@pytest.mark.parametrize("fmt", ["flac", "mp3", "m4a"])
@pytest.mark.parametrize("extra", [0, 1, 2, 3, 5, 9, 10, 11, 4096, 20_000_000])
def test_padding_reaches_the_exact_size(fmt: str, extra: int) -> None:
    size = natural_size(fmt, 3.0, 128) + extra
    data = generate_audio(fmt, 3.0, 128, pad_to_size=size)
    assert len(data) == size
    assert abs(READERS[fmt](io.BytesIO(data)).info.length - 3.0) < 0.1


def test_codecs_and_bitrate() -> None:
    m4a = MP4(io.BytesIO(generate_audio("m4a", 2.0, 256))).info
    mp3 = MP3(io.BytesIO(generate_audio("mp3", 2.0, 320))).info
    flac = FLAC(io.BytesIO(generate_audio("flac", 2.0))).info
    assert m4a.codec == "mp4a.40.2"
    assert abs(mp3.bitrate - 320_000) < 2_000
    assert (flac.sample_rate, flac.channels, flac.bits_per_sample) == (44100, 2, 16)


def test_too_small_or_unknown_is_an_error() -> None:
    with pytest.raises(AudioGenError):
        generate_audio("mp3", 300, 320, pad_to_size=1000)
    with pytest.raises(AudioGenError):
        generate_audio("wma", 3)


def test_truncate_keeps_a_prefix() -> None:
    data = generate_audio("flac", 3.0, pad_to_size=10_000)
    cut = truncate(data, 0.25)
    assert data.startswith(cut)
    assert len(cut) == 2_500
