"""Shortcuts taken for speed give exactly what the general route gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tonearm.matching._normalize import fold, version_counts
from tonearm.matching._pathparse import _DASH_SPLIT, _split_dashes

# Few characters, chosen so dashes, spaces and odd whitespace meet often.
DASHY = st.text(alphabet=st.sampled_from(list("ab -_\t\n\x0b\xa0–—\u2003x'&+")), max_size=16)


@given(DASHY)
def test_dash_split_shortcut_matches_the_regex(text: str) -> None:
    assert _split_dashes(text) == _DASH_SPLIT.split(text)


@given(st.text(max_size=60))
def test_version_counts_agree_with_the_folded_text(text: str) -> None:
    assert version_counts(text) == version_counts(fold(text))


def test_transliteration_table_is_filled_lazily() -> None:
    assert fold("Ångström Æon") == "angstrom aeon"
    assert version_counts("Mylène Farmer - Live à Bercy") == {"live": 1}
