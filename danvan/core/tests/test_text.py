import pytest

from danvan.core.text import fold, normalize, person_sort_key, vietnamese_sort_key


def test_fold_strips_marks_and_d_stroke():
    assert fold("Đặng Thị Khiết") == "dang thi khiet"
    assert fold("  KHIẾU   NẠI\tđất đai ") == "khieu nai dat dai"


@pytest.mark.parametrize(
    ("_case", "written", "stored"),
    [
        ("new style oa", "hoà", "hòa"),
        ("new style in a name", "Thanh Hoá", "Thanh Hóa"),
        ("new style uy", "Thuỷ", "Thủy"),
        ("new style oe", "khoẻ", "khỏe"),
        ("qu is a consonant", "quý", "quý"),
        ("closed syllable untouched", "hoàng", "hoàng"),
        ("decomposed input becomes NFC", "Ha\u0300 No\u0302\u0323i", "Hà Nội"),
    ],
)
def test_normalize_gives_one_form_for_each_word(_case, written, stored):
    assert normalize(written) == stored
    assert normalize(stored) == stored


def test_sort_key_matches_icu_vietnamese_collation_on_real_names():
    icu = pytest.importorskip("icu", reason="PyICU is a dev dependency; make test installs it")
    from vietnam_provinces import Province, Ward

    names = [ward.name for ward in Ward.iter_all()] + [province.name for province in Province.iter_all()]
    names += ["Đặng Thị Khiết", "Dương Văn An", "Đỗ Ánh", "Ân", "ăn", "Ấn", "an", "A Páo", "Ánh", "Hoà", "Hòa"]
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    normalized = [normalize(name) for name in names]
    assert sorted(normalized, key=vietnamese_sort_key) == sorted(normalized, key=collator.getSortKey)


def test_people_sort_by_given_name_first():
    people = ["Nguyễn Văn Bình", "Đặng Thị Khiết", "Trần An", "Lê Thị Ánh"]
    assert sorted(people, key=person_sort_key) == ["Trần An", "Lê Thị Ánh", "Nguyễn Văn Bình", "Đặng Thị Khiết"]
