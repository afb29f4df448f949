"""Text pipeline, classifier, duplicates, hotspot test and risk score: pure functions, no database."""

import math
import random
import subprocess
import sys
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest

from danvan.analytics import classifier, dedup, hotspots, risk
from danvan.analytics import text as pipeline
from danvan.core.text import fold

LAND = "Khiếu nại quyết định thu hồi đất nông nghiệp, mức bồi thường giải phóng mặt bằng quá thấp"
VARIANTS = [LAND, unicodedata.normalize("NFD", LAND), fold(LAND)]


def test_heavy_libraries_are_not_imported_with_models_and_services():
    code = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'danvan.settings'); "
        "os.environ['DANVAN_DEBUG'] = '1'; django.setup(); "
        "import danvan.analytics.models, danvan.analytics.services, danvan.analytics.selectors; "
        "print(sorted(m for m in ('sklearn', 'pyvi', 'datasketch') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_folding_makes_nfc_nfd_and_plain_text_the_same():
    assert {pipeline.fold_text(v) for v in VARIANTS} == {fold(LAND)}
    assert len({frozenset(pipeline.shingles(v)) for v in VARIANTS}) == 1


def test_segmentation_joins_compounds_and_drops_stop_words():
    words = pipeline.tokens("Gia đình tôi bị thu hồi đất")
    assert "thu_hoi" in words  # pyvi compound, folded
    assert "toi" not in words and "gia_dinh" not in words  # stop words
    assert "thu hoi" in words  # syllable bigram, shared with text typed without diacritics


def test_tone_words_are_found_with_or_without_diacritics():
    assert pipeline.tone_hits("Bà con rất bức xúc, định kéo lên tỉnh") == ["buc xuc", "keo len"]
    assert pipeline.tone_hits("ba con rat buc xuc") == ["buc xuc"]


@pytest.fixture(scope="module")
def small_model():
    return classifier.train(classifier.shipped_rows(15))


@pytest.mark.parametrize("text", VARIANTS, ids=["nfc", "nfd", "no-diacritics"])
def test_suggestion_finds_land_in_every_writing(small_model, text):
    suggestions = classifier.suggest(small_model, text)
    assert len(suggestions) == 3
    assert suggestions[0].code == "dat_dai"
    assert suggestions[0].probability > suggestions[1].probability >= suggestions[2].probability


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Rác thải sinh hoạt không được thu gom, bốc mùi hôi", "moi_truong"),
        ("rac thai sinh hoat khong duoc thu gom, boc mui hoi", "moi_truong"),
        ("Thanh niên tụ tập đua xe ban đêm, đề nghị công an tăng cường tuần tra", "an_ninh_trat_tu"),
    ],
)
def test_suggestion_other_categories(small_model, text, code):
    assert classifier.suggest(small_model, text)[0].code == code


def test_held_out_split_is_stratified():
    rows = classifier.shipped_rows(20)
    train_rows, test_rows = classifier.split(rows)
    assert len(test_rows) == 11 * 5 and len(train_rows) == 11 * 15
    assert not {t for _c, t in train_rows} & {t for _c, t in test_rows}


def test_duplicates_match_across_writings_and_not_across_letters():
    signatures = [dedup.signature(v) for v in VARIANTS]
    assert dedup.similarity(signatures[0], signatures[1]) == 1.0
    assert dedup.similarity(signatures[0], signatures[2]) == 1.0
    other = dedup.signature("Phản ánh rác thải không được thu gom tại khu vực chợ")
    assert dedup.similarity(signatures[0], other) < 0.2


def test_groups_need_the_same_commune_and_the_time_window():
    at = datetime(2026, 11, 2, 9)
    sig = dedup.signature(LAND)
    nfd = dedup.signature(unicodedata.normalize("NFD", LAND + " Rất mong được xem xét."))
    items = [
        dedup.Item(1, sig, "/92/31135/", at),
        dedup.Item(2, nfd, "/92/31135/", at + timedelta(days=3)),
        dedup.Item(3, sig, "/92/31186/", at),  # same text, other commune
        dedup.Item(4, sig, "/92/31135/", at + timedelta(days=90)),  # same commune, months later
        dedup.Item(5, dedup.signature("Đèn đường hỏng cả tháng"), "/92/31135/", at),
    ]
    assignment = dedup.groups(items, window_days=30)
    assert assignment[1] == assignment[2] == 1
    assert assignment[3] == 3 and assignment[4] == 4 and assignment[5] == 5


@pytest.fixture(scope="module")
def letters():
    """Letters of two categories from the shipped set (one template family each), with rewritings: many
    near-duplicates, as in a busy commune."""
    rows = [text for code, text in classifier.shipped_rows(40) if code in ("dat_dai", "moi_truong")]
    return rows + [fold(text) for text in rows[::3]] + [text.split(",")[0] for text in rows[::4]] + ["", "đất"]


def _spread(letters, signatures):
    rng = random.Random(2026)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    return [
        dedup.Item(
            key,
            signature,
            rng.choice(["/92/31135/", "/92/31186/", "/92/31150/"]),
            start + timedelta(days=rng.randint(0, 80), hours=rng.randint(0, 23), minutes=rng.choice([0, 59])),
        )
        for key, signature in enumerate(signatures, start=1)
        if signature
    ]


def test_bulk_signatures_are_the_one_by_one_signatures(letters):
    assert dedup.signatures(letters) == [dedup.signature(text) for text in letters]


def _one_lsh_index(items, *, threshold=0.4, window_days=30):
    """Groups as first written: one datasketch LSH index over every item, then commune and window."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    hashes = {}
    for item in items:
        hashes[item.key] = MinHash(num_perm=64, seed=1, hashvalues=item.signature, scheme=dedup.SCHEME)
        lsh.insert(item.key, hashes[item.key])
    by_key = {item.key: item for item in items}
    parent = {item.key: item.key for item in items}

    def root(key):
        while parent[key] != key:
            key = parent[key]
        return key

    for item in items:
        for other in lsh.query(hashes[item.key]):
            second = by_key[other]
            if other <= item.key or dedup.similarity(item.signature, second.signature) < threshold:
                continue
            if item.place != second.place or abs((item.at - second.at).days) > window_days:
                continue
            a, b = root(item.key), root(other)
            parent[max(a, b)] = min(a, b)
    return {key: root(key) for key in parent}


def test_groups_are_those_of_one_lsh_index_over_everything(letters):
    items = _spread(letters, dedup.signatures(letters))
    assignment = dedup.groups(items)
    assert assignment == _one_lsh_index(items)
    assert sum(1 for size in dedup.group_sizes(assignment).values() if size > 1) > 5  # not trivially equal


def test_neighbours_are_what_matches_finds(letters):
    items = _spread(letters, dedup.signatures(letters))
    keys = [item.key for item in items[::2]]
    found = dedup.neighbours(items, keys)
    by_key = {item.key: item for item in items}
    assert {key: set(found[key]) for key in keys} == {key: set(dedup.matches(by_key[key], items)) for key in keys}
    assert sum(len(others) for others in found.values()) > 20


def test_poisson_tail_by_hand():
    # P(X ≥ 4 | λ = 0.5) = 1 − e^−0.5 (1 + 0.5 + 0.125 + 0.0208333)
    expected = 1 - math.exp(-0.5) * (1 + 0.5 + 0.125 + 0.5**3 / 6)
    assert hotspots.poisson_sf(4, 0.5) == pytest.approx(expected)
    assert hotspots.poisson_sf(0, 2.0) == 1.0


def test_hotspot_against_the_commune_baseline():
    quiet = [0] * 8
    # Floor 0.5: three cases in a quiet commune give p = 0.0144, not below 0.01; four give p = 0.00175.
    assert not hotspots.evaluate(3, quiet).is_hotspot
    assert hotspots.evaluate(4, quiet).is_hotspot
    # A busy commune (3 a week) is not alarmed by 5, but is by 10.
    busy = [3, 2, 4, 3, 3, 2, 4, 3]
    assert not hotspots.evaluate(5, busy).is_hotspot
    assert hotspots.evaluate(10, busy).is_hotspot
    # Below the minimum count nothing fires, however quiet the place.
    assert not hotspots.evaluate(2, quiet, floor=0.01).is_hotspot


def test_sentiment_signals_raise_the_score():
    plain = hotspots.evaluate(3, [0] * 8)
    angry = hotspots.evaluate(3, [0] * 8, signals=1)
    assert angry.score == pytest.approx(plain.score + 0.5, abs=0.002)
    assert not plain.is_hotspot and angry.is_hotspot


def test_week_start_is_iso_monday():
    assert hotspots.week_start(date(2026, 11, 22)) == date(2026, 11, 16)  # a Sunday
    assert hotspots.week_start(date(2026, 11, 16)) == date(2026, 11, 16)


def test_risk_score_is_explained_and_weighted():
    weights = {"group_size": 2.0, "overdue": 2.0, "tone": 1.0}
    items = risk.factors(risk.Inputs(group_size=10, overdue_days=15, tone_hits=3), weights)
    assert [(f.code, f.value) for f in items] == [("group_size", 1.0), ("overdue", 0.5), ("tone", 1.0)]
    # 100 × (2·1 + 2·0.5 + 1·1) / 5 = 80
    assert risk.score(items) == 80.0
    assert risk.score(risk.factors(risk.Inputs(), weights)) == 0.0


def test_risk_factors_as_json_are_the_dataclass_fields():
    from dataclasses import asdict

    items = risk.factors(risk.Inputs(group_size=4, tone_hits=1), {"group_size": 2.0, "tone": 1.0})
    assert risk.as_json(items) == [asdict(item) for item in items]
    assert [list(row) for row in risk.as_json(items)] == [list(asdict(item)) for item in items]  # key order too
