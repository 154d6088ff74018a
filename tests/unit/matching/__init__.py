"""Unit tests for tonearm.matching."""
