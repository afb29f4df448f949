from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.indicators import Aggregation, all_indicators
from danvan.evaluations.models import DEFAULT_BANDS, CriteriaSet, Criterion
from danvan.territory.models import AdministrativeUnit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class CriteriaSetForm(forms.Form):
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)
    basis = forms.CharField(
        label=_("Căn cứ ban hành"), max_length=300, required=False, help_text=_("Ví dụ: Quyết định số …/QĐ-UBND.")
    )
    unit = UnitChoiceField(label=_("Đơn vị ban hành"), queryset=AdministrativeUnit.objects.none())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else AdministrativeUnit.objects.none()


def _indicator_choices():
    choices = [("", _("— Không: chấm theo tài liệu kiểm chứng —"))]
    choices += [
        (item.code, f"{item.name} ({item.code})") for item in all_indicators() if item.aggregation == Aggregation.RATE
    ]
    return choices


class CriterionForm(forms.Form):
    parent = UnitChoiceField(
        label=_("Thuộc mục"), required=False, queryset=Criterion.objects.none(), empty_label=_("— Mục lớn (cấp 1) —")
    )
    code = forms.CharField(label=_("Số hiệu"), max_length=20, help_text=_("Ví dụ: 1, 1.2, 1.2.a"))
    title = forms.CharField(label=_("Nội dung tiêu chí"), max_length=500)
    max_points = forms.DecimalField(
        label=_("Điểm tối đa"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text=_("Chỉ nhập cho tiêu chí cuối; điểm của mục lớn bằng tổng các tiêu chí con."),
        error_messages={"invalid": _("Điểm tối đa phải là một số."), "min_value": _("Điểm tối đa không được âm.")},
    )
    guidance = forms.CharField(label=_("Hướng dẫn chấm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_required = forms.BooleanField(label=_("Bắt buộc có tài liệu kiểm chứng"), required=False)
    indicator_code = forms.ChoiceField(label=_("Chấm tự động theo chỉ tiêu"), required=False, choices=())
    min_sample = forms.IntegerField(
        label=_("Cỡ mẫu tối thiểu"),
        required=False,
        min_value=0,
        help_text=_(
            "Để trống hoặc 0: dùng cỡ mẫu tối thiểu của chỉ tiêu. "
            "Dưới cỡ mẫu thì không chấm tự động và đơn vị không được xếp thứ."
        ),
    )

    def __init__(self, *args, criteria_set: CriteriaSet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if criteria_set is not None:
            self.fields["parent"].queryset = criteria_set.criteria.filter(indicator_code="")
        self.fields["indicator_code"].choices = _indicator_choices()


def bands_text(bands) -> str:
    return "\n".join(f"{band['label']} = {band['min']:g}" for band in bands)


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Tên đợt đánh giá"), max_length=255)
    criteria_set = UnitChoiceField(label=_("Bộ tiêu chí"), queryset=CriteriaSet.objects.none())
    parent_unit = UnitChoiceField(
        label=_("Đơn vị thẩm định"),
        queryset=AdministrativeUnit.objects.none(),
        help_text=_("Mọi xã, phường trực thuộc đơn vị này được đưa vào đợt đánh giá."),
    )
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2020, max_value=2100)
    period_start = forms.DateField(label=_("Số liệu từ ngày"), input_formats=DATE_FORMATS, help_text=_("dd/mm/yyyy"))
    period_end = forms.DateField(label=_("Số liệu đến ngày"), input_formats=DATE_FORMATS, help_text=_("dd/mm/yyyy"))
    bands = forms.CharField(
        label=_("Mức xếp loại"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=bands_text(DEFAULT_BANDS),
        help_text=_("Mỗi dòng: tên mức = tỷ lệ điểm tối thiểu (%). Phải có một mức từ 0."),
    )

    def __init__(self, *args, criteria_sets=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].queryset = (
            criteria_sets if criteria_sets is not None else CriteriaSet.objects.none()
        )
        self.fields["parent_unit"].queryset = units if units is not None else AdministrativeUnit.objects.none()

    def clean_bands(self):
        bands = []
        for line in self.cleaned_data["bands"].splitlines():
            if not line.strip():
                continue
            label, _sep, minimum = line.rpartition("=")
            try:
                bands.append({"label": label.strip(), "min": float(minimum.strip().replace(",", "."))})
            except ValueError:
                raise forms.ValidationError(
                    _("Dòng “%(line)s” chưa đúng dạng: tên mức = số.") % {"line": line.strip()}
                ) from None
        return bands


class AppealForm(forms.Form):
    criterion = UnitChoiceField(
        label=_("Tiêu chí đề nghị xem xét lại"),
        required=False,
        queryset=Criterion.objects.none(),
        empty_label=_("— Toàn bộ kết quả —"),
    )
    reason = forms.CharField(label=_("Lý do đề nghị"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        if criteria is not None:
            self.fields["criterion"].queryset = criteria


class AppealDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Kết quả"),
        choices=[("1", _("Chấp nhận, điều chỉnh điểm")), ("0", _("Không chấp nhận"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    points = forms.DecimalField(
        label=_("Điểm mới của tiêu chí"), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    decision = forms.CharField(label=_("Ý kiến giải quyết"), widget=forms.Textarea(attrs={"rows": 3}))
