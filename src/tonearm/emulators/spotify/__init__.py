"""The Spotify emulator: accounts and Web API routes in Spotify's 2026 wire shapes."""

from tonearm.emulators.spotify.app import create_spotify_emulator

__all__ = ["create_spotify_emulator"]
