from collections import Counter
from datetime import date

import pytest

from danvan.core.text import fold
from danvan.territory.loader import load_units
from danvan.territory.models import AdministrativeUnit

Level = AdministrativeUnit.Level


@pytest.mark.django_db
def test_load_units_imports_current_and_historical_units_once():
    first = load_units()
    units = AdministrativeUnit.objects
    current = Counter(units.current().values_list("kind", flat=True))
    assert units.current().filter(level=Level.PROVINCE).count() == 34
    assert current["thanh_pho_tw"] + current["tinh"] == 34
    six_cities_of_2025 = {"01", "31", "46", "48", "79", "92"}
    assert six_cities_of_2025 <= set(units.current().filter(kind="thanh_pho_tw").values_list("code", flat=True))
    assert (current["xa"], current["phuong"], current["dac_khu"]) == (2621, 687, 13)
    assert units.current().filter(level=Level.COMMUNE).count() == 3321
    historical = units.historical()
    assert [historical.filter(level=level).count() for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)] == [
        63,
        696,
        10051,
    ]
    assert set(historical.values_list("valid_to", flat=True)) == {date(2025, 7, 1)}

    second = load_units()
    assert (second.created, second.updated, second.links_added) == (0, 0, 0)
    assert units.count() == first.created == 34 + 3321 + 63 + 696 + 10051


@pytest.mark.django_db
def test_historical_units_link_to_their_successors():
    load_units()
    ha_giang = AdministrativeUnit.objects.historical().get(level=Level.PROVINCE, code="02")
    assert [u.name for u in ha_giang.successors.all()] == ["Tỉnh Tuyên Quang"]
    can_tho_new = AdministrativeUnit.objects.current().get(level=Level.PROVINCE, code="92")
    assert {u.name for u in can_tho_new.predecessors.all()} == {"Thành phố Cần Thơ", "Tỉnh Hậu Giang", "Tỉnh Sóc Trăng"}
    # Every retired commune with a mapping has at least one current successor, never a retired one.
    retired_communes = AdministrativeUnit.objects.historical().filter(level=Level.COMMUNE)
    assert retired_communes.filter(successors__isnull=False).distinct().count() >= 10000
    assert not AdministrativeUnit.objects.filter(predecessors__isnull=False, valid_to__isnull=False).exists()
    ba_dinh = AdministrativeUnit.objects.historical().get(level=Level.DISTRICT, name="Quận Ba Đình")
    assert ba_dinh.successors.filter(level=Level.COMMUNE, name="Phường Ba Đình").exists()


@pytest.mark.django_db
def test_search_ignores_diacritics_and_tone_placement(make_unit):
    old_style = make_unit("38", "Tỉnh Thanh Hóa")
    new_style = make_unit("99", "Tỉnh Thanh Hoá Mới")  # typed with the other tone placement
    found = set(AdministrativeUnit.objects.search("thanh hoa"))
    assert {old_style, new_style} <= found
    assert new_style.name == "Tỉnh Thanh Hóa Mới"  # stored in one form
    assert set(AdministrativeUnit.objects.search("Thanh Hoá")) == found
    assert old_style.name_folded == fold("Tỉnh Thanh Hóa")


@pytest.mark.django_db
def test_units_list_in_vietnamese_order(make_unit, province):
    names = ["Xã Đông Hải", "Xã Dương Minh Châu", "Phường Ân Thi", "Xã An Bình", "Phường Ăn Khê"]
    for n, name in enumerate(names):
        make_unit(f"9{n:04d}", name, parent=province)
    ordered = list(province.children.order_by("name_sort").values_list("name", flat=True))
    assert ordered == ["Xã An Bình", "Phường Ăn Khê", "Phường Ân Thi", "Xã Dương Minh Châu", "Xã Đông Hải"]
