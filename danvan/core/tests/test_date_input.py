"""Dates are typed as dd/mm/yyyy everywhere (DOMAIN: Vietnamese convention); every form's DateField reads
them through the formats in danvan/formats, and impossible dates are refused with a Vietnamese message."""

from datetime import date

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st


class DateForm(forms.Form):
    day = forms.DateField()


def parse(text: str):
    with translation.override("vi"):
        form = DateForm({"day": text})
        return (form.cleaned_data["day"], "") if form.is_valid() else (None, form.errors["day"][0])


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_typed_day_first_reads_back_as_itself(value):
    assert parse(value.strftime("%d/%m/%Y")) == (value, "")


@pytest.mark.parametrize("text", ["31/02/2026", "29/02/2027", "00/01/2026", "12/13/2026", "2026/12/01", "hôm qua"])
def test_impossible_or_foreign_dates_are_refused_in_vietnamese(text):
    value, message = parse(text)

    assert value is None
    assert message == "Nhập một ngày hợp lệ."


def test_the_month_never_comes_first():
    # 03/04/2026 is the 3rd of April in Việt Nam, never the 4th of March.
    assert parse("03/04/2026") == (date(2026, 4, 3), "")
