"""Normalisation and version rules, kept as data so they can be read and extended."""

from __future__ import annotations

from typing import Final

#: Replacements applied to case-folded ASCII text before punctuation is dropped.
#: Order matters: ``&`` and ``+`` become the word "and" so "Simon & Garfunkel" and
#: "Simon and Garfunkel" normalise alike.
SYMBOL_REPLACEMENTS: Final[tuple[tuple[str, str], ...]] = (
    ("&", " and "),
    (" + ", " and "),
    (" 'n' ", " and "),
    (" n' ", " and "),
    ("'", ""),
    ("`", ""),
)

#: Leading articles dropped by :func:`normalize` ("The Beatles" ~ "Beatles").
LEADING_ARTICLES: Final[tuple[str, ...]] = ("the ",)

#: Words introducing featured artists. ``with`` only counts inside brackets, so
#: "With or Without You" keeps its title.
FEATURING_WORDS: Final[tuple[str, ...]] = ("featuring", "feat", "ft", "duet with")
BRACKETED_FEATURING_WORDS: Final[tuple[str, ...]] = (*FEATURING_WORDS, "with")

#: Version families that make a recording a different one than the studio original.
#: Phrases are literal word sequences over normalised text (lowercase ASCII words).
VERSION_PHRASES: Final[dict[str, tuple[str, ...]]] = {
    # "Concert" alone names live albums too: "The Concert in Central Park", "En concert".
    "live": ("live", "unplugged", "in concert", "concert", "bbc session", "bbc sessions"),
    "remix": (
        "remix",
        "remixes",
        "remixed",
        "rmx",
        "re mix",
        "bootleg",
        "mashup",
        "mash up",
        "rework",
        "reworked",
        "re edit",
        "reedit",
        "vip mix",
        "club mix",
        "dub mix",
        "extended mix",
        "dance mix",
    ),
    "acoustic": ("acoustic",),
    # Plurals name whole folders of them: "Album (Instrumentals)", "Acapellas".
    "instrumental": (
        "instrumental",
        "instrumentals",
        "inst",
        "off vocal",
        "backing track",
        "minus one",
    ),
    "karaoke": (
        "karaoke",
        "in the style of",
        "made famous by",
        "originally performed by",
        "sing along",
        "singalong",
    ),
    "cover": ("cover", "covers", "covered by", "tribute"),
    "sped_up": ("sped up", "speed up", "spedup", "sped"),
    "slowed": ("slowed", "chopped and screwed", "screwed", "reverb"),
    "nightcore": ("nightcore",),
    "demo": ("demo", "demos", "rough mix", "early version", "outtake", "outtakes", "rehearsal"),
    "acapella": (
        "a cappella",
        "acappella",
        "acapella",
        "a capella",
        "acapellas",
        "acappellas",
        "vocals only",
        "vocal only",
    ),
}

#: Human labels for version families, used in rejection reasons.
VERSION_LABELS: Final[dict[str, str]] = {
    "live": "live recording",
    "remix": "remix",
    "acoustic": "acoustic version",
    "instrumental": "instrumental",
    "karaoke": "karaoke version",
    "cover": "cover version",
    "sped_up": "sped-up version",
    "slowed": "slowed version",
    "nightcore": "nightcore version",
    "demo": "demo",
    "acapella": "a cappella version",
}

#: Words that mark a bracketed or dashed segment as an edition note rather than part of
#: the title: "(Remastered 2011)", "[Radio Edit]", "- Single Version". Together with the
#: version patterns they decide what :func:`strip_version_markers` removes.
NEUTRAL_MARKER_PATTERNS: Final[tuple[str, ...]] = (
    r"remaster(?:ed)?",
    r"(?:19|20)\d\d",
    r"mono",
    r"stereo",
    r"original mix",
    r"radio (?:edit|version|mix)",
    r"single (?:edit|version)",
    r"album version",
    r"edit",
    r"explicit",
    r"clean",
    r"bonus(?: track)?",
    r"deluxe",
    r"edition",
    r"version",
    r"official(?: audio| video| music video)?",
    r"lyrics?",
    r"hq",
    r"hd",
    r"320(?: ?kbps)?",
    r"flac",
    r"mp3",
    r"\d+ ?bit",
    r"anniversary",
    r"expanded",
    r"from",
    r"soundtrack",
    r"ost",
    r"mix",
    r"extended",
)

#: Folder names that say nothing about the artist or album.
GENERIC_FOLDERS: Final[frozenset[str]] = frozenset(
    {
        "music",
        "my music",
        "musik",
        "musique",
        "mp3",
        "mp3s",
        "flac",
        "audio",
        "albums",
        "album",
        "downloads",
        "download",
        "complete",
        "completed",
        "share",
        "shared",
        "shares",
        "soulseek",
        "slsk",
        "library",
        "music library",
        "lossless",
        "lossy",
        "artists",
        "various",
        "various artists",
        "va",
        "v a",
        "compilations",
        "singles",
        "media",
        "incoming",
        "new",
        "misc",
        "collection",
        "files",
        "home",
        "data",
        "rips",
        "torrents",
        "users",
        "public",
    }
)

#: Bracketed tags in folder names describing the rip, not the release.
RIP_TAG_PATTERN: Final[str] = (
    r"flac|mp3|aac|alac|m4a|ogg|opus|wav|lossless|web|cd|vinyl|\d+ ?kbps|\d+ ?k|v0|v2|"
    r"\d+ ?bit|\d+(?:[.,]\d+)? ?khz|\d+[-/]\d+|cbr|vbr|320|256|192|hi ?res|24|16"
)

#: Audio extensions a candidate may carry; anything else is not a track.
AUDIO_EXTENSIONS: Final[frozenset[str]] = frozenset(
    {"flac", "mp3", "m4a", "aac", "ogg", "opus", "wav", "aiff", "aif", "alac", "wma", "ape", "wv"}
)
