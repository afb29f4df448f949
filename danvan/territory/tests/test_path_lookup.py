"""``under`` must select exactly what ``startswith`` selects, on every database, whatever the prefix."""

import pytest

from danvan.territory.models import AdministrativeUnit


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["/", "/79/", "/79", "/7", "/pre2025/", "/79/26734/", "/99/", "/79/9"])
def test_under_selects_what_startswith_selects(make_unit, prefix):
    province = make_unit(code="79", name="Thành phố Hồ Chí Minh", level=1)
    make_unit(code="26734", name="Phường Sài Gòn", level=3, parent=province)
    make_unit(code="26737", name="Phường Tân Định", level=3, parent=province)
    other = make_unit(code="790", name="Tỉnh Thử", level=1)  # "/790/" must not fall under "/79/"
    make_unit(code="7", name="Tỉnh Bảy", level=1)
    make_unit(code="1", name="Xã Con", level=3, parent=other)

    under = set(AdministrativeUnit.objects.filter(path__under=prefix).values_list("path", flat=True))
    starts = {path for path in AdministrativeUnit.objects.values_list("path", flat=True) if path.startswith(prefix)}

    assert under == starts
    assert under or prefix in ("/99/", "/79/9", "/pre2025/")
