"""The library: an index of the audio files under the library root, with their tags."""

from tonearm.domain.library.service import index_file, list_library, scan_library

__all__ = ["index_file", "list_library", "scan_library"]
