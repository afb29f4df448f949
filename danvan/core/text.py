"""Vietnamese text: normalisation, folding for search, and a sort key for Vietnamese order.

* ``normalize`` stores one form: Unicode NFC, and tone marks placed the way official unit names write
  them ("Thanh Hóa", "Khánh Hòa", "Thủy"), so "hoà" and "hòa" become the same string.
* ``fold`` is for search: đ→d, every mark stripped, lower case, spaces collapsed.
* ``vietnamese_sort_key`` turns a name into an ASCII string whose plain byte order is Vietnamese
  alphabetical order (a < ă < â < b … d < đ …; tones only break ties, in the order ICU uses). It is
  stored beside names so that databases without ICU collation (SQLite) still sort correctly.
"""

from __future__ import annotations

import re
import unicodedata

# The five Vietnamese tone marks as combining characters (huyền, hỏi, ngã, sắc, nặng).
GRAVE, HOOK, TILDE, ACUTE, DOT_BELOW = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONE_MARKS = (GRAVE, HOOK, TILDE, ACUTE, DOT_BELOW)
_TONE_SET = frozenset(TONE_MARKS)
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")

# Open syllables ending in these vowel pairs are the ones the two tone-placement styles disagree on:
# old style "hòa, hòe, thùy", new style "hoà, hoè, thuỳ". We keep the old style, as in official names.
_DISPUTED_ENDINGS = ("oa", "oe", "uy")


def _retone_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [char for char in decomposed if char in _TONE_SET]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONE_SET))
    lowered = bare.lower()
    ending = next((e for e in _DISPUTED_ENDINGS if lowered.endswith(e)), None)
    # "qu" is a consonant: in "quý", "quả" the mark never sits on the u.
    if ending is None or lowered.startswith("q") or len(bare) < 2:
        return word
    if len(lowered) > 2 and unicodedata.normalize("NFD", lowered[-3])[0] in "aeiouy":
        return word  # a longer vowel cluster ("khuya", "ngoeo"): leave as written
    target = len(bare) - 2
    return unicodedata.normalize("NFC", bare[:target] + bare[target] + tones[0] + bare[target + 1 :])


def normalize(text: str) -> str:
    """NFC, tone marks in one placement, surrounding whitespace trimmed. Use on every stored name/text."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda match: _retone_word(match.group(0)), text).strip()


def fold(text: str) -> str:
    """Search form: "Đặng Thị Khiết" → "dang thi khiet"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped).strip().lower()


# --- Vietnamese collation -----------------------------------------------------------------------
# Latin order with the Vietnamese letters in their places; f, j, w, z only occur in loanwords.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONE_ORDER = {"": 0, GRAVE: 1, HOOK: 2, TILDE: 3, ACUTE: 4, DOT_BELOW: 5}
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_KEY_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_SPACE, _PUNCTUATION = "01", "02"


def _code(value: int) -> str:
    return _KEY_DIGITS[value // 36] + _KEY_DIGITS[value % 36]


def _split_letter(char: str) -> tuple[str, str]:
    """'ặ' → ('ă', DOT_BELOW): the letter of the alphabet and its tone mark (if any)."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = next((mark for mark in decomposed if mark in _TONE_SET), "")
    letter = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONE_SET))
    return letter, tone


def vietnamese_sort_key(text: str) -> str:
    """An ASCII key (only 0-9 and a-z) whose byte order is Vietnamese alphabetical order.

    Three levels, as in the Unicode Collation Algorithm: letters first, then tones, then case.
    As in ICU's default, a space sorts before punctuation, punctuation before digits, digits before letters.
    """
    primary: list[str] = []
    secondary: list[str] = []
    tertiary: list[str] = []
    for char in unicodedata.normalize("NFC", text).strip():
        if char.isspace():
            if primary and primary[-1] != _SPACE:
                primary.append(_SPACE)
            continue
        if char.isdigit():
            primary.append(_code(3 + int(unicodedata.digit(char, 0))))
            continue
        letter, tone = _split_letter(char.lower())
        rank = _LETTER_RANK.get(letter)
        if rank is None:
            primary.append(_PUNCTUATION)  # as in ICU: space < punctuation < digits < letters
            continue
        primary.append(_code(20 + rank))
        secondary.append(str(_TONE_ORDER[tone]))
        tertiary.append("1" if char.isupper() else "0")
    return "".join(primary) + "00" + "".join(secondary) + "0" + "".join(tertiary)


def person_sort_key(full_name: str) -> str:
    """Vietnamese people are listed by given name (the last word), then by the rest in order:
    "Đặng Thị Khiết" sorts under K. ICU-equivalent within each part."""
    words = normalize(full_name).split()
    if not words:
        return ""
    return vietnamese_sort_key(" ".join([words[-1], *words[:-1]]))
