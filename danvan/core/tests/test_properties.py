"""Property tests (hypothesis): text normalisation, folding, Vietnamese order, working-day arithmetic,
and the checks on typed numbers, over generated inputs rather than hand-picked ones."""

import itertools
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.text import TONE_MARKS, fold, normalize, vietnamese_sort_key
from danvan.core.validators import clean_id_number, clean_phone

VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"


VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")


@st.composite
def vietnamese_words(draw):
    """Words of Vietnamese letters, each vowel possibly carrying one of the five tones (as in writing)."""
    letters = draw(st.lists(st.sampled_from(VIETNAMESE_LETTERS), min_size=1, max_size=8))
    tones = draw(st.lists(st.sampled_from(["", *TONE_MARKS]), min_size=len(letters), max_size=len(letters)))
    return unicodedata.normalize(
        "NFC", "".join(letter + (tone if letter in VOWELS else "") for letter, tone in zip(letters, tones, strict=True))
    )


vietnamese_text = st.lists(vietnamese_words(), min_size=1, max_size=4).map(" ".join)


@given(st.text())
def test_normalize_and_fold_are_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)
    assert fold(fold(text)) == fold(text)
    assert unicodedata.is_normalized("NFC", normalize(text))


@given(vietnamese_text)
def test_folded_vietnamese_is_plain_ascii_and_ignores_tone_placement(text):
    folded = fold(text)
    assert folded.isascii()
    assert folded == fold(normalize(text))


@settings(max_examples=300)
@given(st.lists(vietnamese_text, min_size=2, max_size=12))
def test_sort_key_orders_like_icu(names):
    icu = pytest.importorskip("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    for a, b in itertools.pairwise(names):
        expected = (collator.compare(a, b) > 0) - (collator.compare(a, b) < 0)
        ka, kb = vietnamese_sort_key(a), vietnamese_sort_key(b)
        assert ((ka > kb) - (ka < kb)) == expected, (a, b)


@given(st.text(alphabet="0123456789 .-", max_size=20))
def test_id_numbers_are_accepted_exactly_when_9_or_12_digits(text):
    digits = "".join(ch for ch in text if ch.isdigit())
    try:
        cleaned = clean_id_number(text)
    except ValidationError:
        assert len(digits) not in (0, 9, 12)
    else:
        assert cleaned == digits
        assert len(digits) in (0, 9, 12)


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("0912 345 678", True),
        ("+84 912 345 678", True),
        ("0912.345.678", True),
        ("912345678", False),
        ("0912-345", False),
        ("số điện thoại", False),
    ],
)
def test_phone_numbers(typed, ok):
    if ok:
        assert clean_phone(typed).lstrip("+").isdigit()
    else:
        with pytest.raises(ValidationError, match="10–11 chữ số"):
            clean_phone(typed)
