"""Query relevance for unified search, built on the same normaliser as matching."""

from __future__ import annotations

from rapidfuzz.fuzz import ratio, token_set_ratio

from tonearm.matching._normalize import normalize


def relevance(query: str, text: str) -> float:
    """How well ``text`` answers ``query``, from 0.0 (unrelated) to 1.0.

    Mostly the share of query words found in the text (a word counts when it is close
    enough, so "bjork" finds "Björk" and small typos pass), blended with an overall
    fuzzy similarity so closer texts rank higher.
    """
    query_words = normalize(query).split()
    text_norm = normalize(text)
    if not query_words or not text_norm:
        return 0.0
    text_words = text_norm.split()
    found = 0.0
    for word in query_words:
        if word in text_words:
            found += 1.0
            continue
        best = max(ratio(word, candidate) for candidate in text_words)
        if best >= 80.0:
            found += best / 100.0
    coverage = found / len(query_words)
    overall = token_set_ratio(" ".join(query_words), text_norm) / 100.0
    return round(0.7 * coverage + 0.3 * overall, 6)
