"""Unit tests for tonearm.kit."""
