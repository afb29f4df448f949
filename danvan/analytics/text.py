"""The text pipeline of early warning: normalise (NFC, one tone placement), segment Vietnamese words with
pyvi, fold (no diacritics, lower case), drop stop words. Folding comes *after* segmentation, because pyvi
needs the marks to find compounds ("thu hồi" → "thu_hồi"); letters typed without diacritics still meet
the same folded syllables, and the classifier's character n-grams bridge the rest.

pyvi is imported inside the function that needs it, so the rest of Danvan runs without it.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path

from danvan.core.text import fold, normalize

DATA_DIR = Path(__file__).resolve().parent / "data"
_TOKEN = re.compile(r"[0-9a-z_]+")


def _word_list(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [fold(line.strip()) for line in lines if line.strip() and not line.startswith("#")]


@cache
def stop_words() -> frozenset[str]:
    """Folded stop words; compounds keep their underscore ("chung_toi")."""
    return frozenset(_word_list("stopwords.txt"))


@cache
def tone_words() -> tuple[str, ...]:
    """Folded phrases that signal escalation risk (data/tone_words.txt)."""
    return tuple(_word_list("tone_words.txt"))


def segment(text: str) -> str:
    """pyvi's word segmentation of normalised text: syllables of one word joined by "_"."""
    from pyvi import ViTokenizer  # heavy (a CRF model): loaded on first use only

    return ViTokenizer.tokenize(normalize(text))


def fold_text(text: str) -> str:
    """Normalised then folded: NFD, NFC, with or without marks all give the same string."""
    return fold(normalize(text))


def syllables(text: str) -> list[str]:
    """Folded syllables without stop words: the shared ground of texts with and without diacritics."""
    stops = stop_words()
    return [token for token in _TOKEN.findall(fold_text(text).replace("_", " ")) if token not in stops]


def tokens(text: str) -> list[str]:
    """Features of the word vectoriser: pyvi compounds (folded, stop words dropped) plus syllable bigrams."""
    stops = stop_words()
    words = [token for token in _TOKEN.findall(fold(segment(text)).lower()) if token not in stops]
    plain = syllables(text)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(plain)]


def shingles(text: str, size: int = 3) -> set[str]:
    """Word shingles of the folded text, for near-duplicate detection (MinHash)."""
    words = syllables(text)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def tone_hits(text: str) -> list[str]:
    """The escalation phrases present in a text (folded, whole-word match)."""
    folded = f" {' '.join(_TOKEN.findall(fold_text(text)))} "
    return [phrase for phrase in tone_words() if f" {phrase} " in folded]
