import pytest

from danvan.cases.forms import ReceptionForm
from danvan.territory.models import AdministrativeUnit


@pytest.mark.django_db
def test_reception_form_explains_bad_id_and_phone_numbers_and_keeps_good_ones():
    form = ReceptionForm(data={"id_number": "0012345678", "phone": "12345"}, units=AdministrativeUnit.objects.none())
    assert not form.is_valid()
    assert "12 chữ số" in form.errors["id_number"][0]
    assert "10–11 chữ số" in form.errors["phone"][0]
    good = ReceptionForm(
        data={"id_number": "001 234 567 890", "phone": "0912.345.678"}, units=AdministrativeUnit.objects.none()
    )
    good.is_valid()
    assert (good.cleaned_data["id_number"], good.cleaned_data["phone"]) == ("001234567890", "0912345678")
