"""Post-processing: verify, tag, cover, lyrics, file into the library, rescan hooks."""

from tonearm.domain.postprocess.errors import PostprocessError, VerificationFailed
from tonearm.domain.postprocess.tags import CoverImage, TrackTags, read_tags, write_tags
from tonearm.domain.postprocess.verify import verify_audio

__all__ = [
    "CoverImage",
    "PostprocessError",
    "TrackTags",
    "VerificationFailed",
    "read_tags",
    "verify_audio",
    "write_tags",
]
