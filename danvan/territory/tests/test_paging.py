"""core.paging.IdsFirst gives the same rows in the same order as slicing the queryset itself."""

import pytest
from django.core.paginator import Paginator

from danvan.core.paging import IdsFirst
from danvan.territory.models import AdministrativeUnit


@pytest.mark.django_db
@pytest.mark.parametrize("order", [("name_sort", "pk"), ("-code", "pk"), ("-level", "name_sort", "pk")])
def test_pages_read_ids_first_equal_plain_slices(make_unit, order):
    province = make_unit(code="79", name="Thành phố Hồ Chí Minh", level=1)
    for number in range(23):
        make_unit(code=f"{26000 + number * 7}", name=f"Phường Số {number % 5} {number}", level=3, parent=province)
    units = AdministrativeUnit.objects.filter(path__under=province.path).order_by(*order)

    for page_number in (1, 2, 3):
        plain = Paginator(units, 10).get_page(page_number)
        ids_first = Paginator(IdsFirst(units), 10).get_page(page_number)
        assert [u.pk for u in ids_first.object_list] == [u.pk for u in plain.object_list]
    assert Paginator(IdsFirst(units), 10).count == 24
    assert IdsFirst(units)[3].pk == units[3].pk
