from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import jurisdiction_paths, units_in_jurisdiction
from danvan.organizations.models import Organization
from danvan.practices.models import Commendation, Level, NewsItem, Practice, PracticeField
from danvan.practices.services import CommendationInput, NewsInput, PracticeInput, ResultInput
from danvan.territory.models import AdministrativeUnit

UnitLevel = AdministrativeUnit.Level


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _unit_label(unit: AdministrativeUnit) -> str:
    return f"{unit.name} – {unit.parent.name}" if unit.parent_id else unit.name


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _unit_label(obj)


def organizations_for(user):
    """Current organisations in the user's jurisdiction for PRACTICE_MANAGE."""
    condition = Q(pk__in=[])
    for path in jurisdiction_paths(user, Perm.PRACTICE_MANAGE):
        condition |= Q(unit_path__under=path)
    return (
        Organization.objects.filter(condition, valid_to__isnull=True, unit__valid_to__isnull=True)
        .select_related("unit")
        .order_by("unit_path", "name")
    )


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Tên mô hình, điển hình"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=Practice.Kind.choices, initial=Practice.Kind.MODEL)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=[("", _("— Chọn lĩnh vực —")), *PracticeField.choices])
    holder = forms.ChoiceField(
        label=_("Tập thể hay cá nhân"), choices=Practice.Holder.choices, initial=Practice.Holder.COLLECTIVE
    )
    holder_name = forms.CharField(
        label=_("Tên tập thể, cá nhân"),
        max_length=255,
        help_text=_("Ví dụ: Chi hội Phụ nữ khu vực 2; hoặc họ tên người tiêu biểu."),
    )
    unit = UnitChoiceField(label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), empty_label=_("— Chọn —"))
    organization = forms.ModelChoiceField(
        label=_("Cơ quan, tổ chức chủ trì"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— Không chọn —"),
    )
    period_start = forms.DateField(label=_("Thực hiện từ ngày"), widget=DateInput())
    period_end = forms.DateField(label=_("Đến ngày"), widget=DateInput(), required=False)
    description = forms.CharField(label=_("Mô tả cách làm"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_jurisdiction(
            user, Perm.PRACTICE_MANAGE, levels=[UnitLevel.PROVINCE, UnitLevel.COMMUNE]
        )
        self.fields["organization"].queryset = organizations_for(user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        unit, organization = cleaned.get("unit"), cleaned.get("organization")
        if unit and organization and organization.unit_id != unit.pk:
            self.add_error("organization", _("Cơ quan, tổ chức phải thuộc địa bàn đã chọn."))
        return cleaned

    def to_input(self, results: list[ResultInput]) -> PracticeInput:
        data = self.cleaned_data
        return PracticeInput(
            title=data["title"],
            field=data["field"],
            holder=data["holder"],
            holder_name=data["holder_name"],
            unit=data["unit"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            description=data["description"],
            kind=data["kind"],
            organization=data["organization"],
            results=results,
        )


class ResultForm(forms.Form):
    indicator = forms.CharField(label=_("Chỉ tiêu"), max_length=255, required=False)
    baseline = forms.DecimalField(label=_("Trước khi làm"), max_digits=14, decimal_places=2, required=False)
    result = forms.DecimalField(label=_("Kết quả đạt được"), max_digits=14, decimal_places=2, required=False)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=40, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("indicator") and cleaned.get("result") is None and "result" not in self.errors:
            self.add_error("result", _("Nhập kết quả đạt được của chỉ tiêu này."))
        if not cleaned.get("indicator") and (cleaned.get("result") is not None or cleaned.get("baseline") is not None):
            self.add_error("indicator", _("Nhập tên chỉ tiêu."))
        return cleaned

    def to_input(self) -> ResultInput | None:
        data = self.cleaned_data
        if not data.get("indicator"):
            return None
        return ResultInput(
            indicator=data["indicator"],
            result=data["result"],
            baseline=data.get("baseline"),
            unit_of_measure=data.get("unit_of_measure", ""),
        )


ResultFormSet = forms.formset_factory(ResultForm, extra=3, max_num=10)


class ResultAddForm(ResultForm):
    """One more result on the practice page: the indicator and its result are required there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].required = True
        self.fields["result"].required = True


class EvidenceForm(forms.Form):
    prefix = "mc"  # several forms share one page: distinct ids

    file = forms.FileField(label=_("Tệp minh chứng"), help_text=_("PDF, ảnh PNG/JPEG hoặc Word (.docx), tối đa 10 MB."))


class ReviewOpenForm(forms.Form):
    prefix = "xet"  # several forms share one page: distinct ids

    level = forms.ChoiceField(label=_("Đề nghị xét công nhận ở"), choices=Level.choices)


class ScoreForm(forms.Form):
    """One number field per criterion of the review's set."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=criterion.text,
                min_value=0,
                max_value=criterion.max_score,
                help_text=_("Tối đa %(max)s điểm") % {"max": criterion.max_score},
                widget=forms.NumberInput(attrs={"data-score": "", "class": "score-input"}),
            )

    def scores(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[f"c{criterion.pk}"] for criterion in self.criteria}


class RecogniseForm(forms.Form):
    prefix = "cn"  # several forms share one page: distinct ids

    decision_number = forms.CharField(
        label=_("Số quyết định công nhận"), max_length=60, help_text=_("Ví dụ: 125/QĐ-UBND")
    )
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(forms.Form):
    prefix = "kcn"  # several forms share one page: distinct ids

    note = forms.CharField(label=_("Lý do không công nhận"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CommendationForm(forms.Form):
    prefix = "kt"  # several forms share one page: distinct ids

    form = forms.ChoiceField(label=_("Hình thức"), choices=Commendation.Form.choices)
    level = forms.ChoiceField(label=_("Cấp khen thưởng"), choices=Level.choices)
    issuer = forms.CharField(label=_("Cơ quan quyết định"), max_length=255)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"),
        widget=DateInput(),
        help_text=_("Thường dịp 15/10, Ngày truyền thống công tác Dân vận."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def to_input(self) -> CommendationInput:
        data = self.cleaned_data
        return CommendationInput(
            form=data["form"],
            level=data["level"],
            issuer=data["issuer"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            note=data["note"],
        )


class ReplicationForm(forms.Form):
    prefix = "nr"  # several forms share one page: distinct ids

    unit = UnitChoiceField(
        label=_("Đơn vị áp dụng"), queryset=AdministrativeUnit.objects.none(), empty_label=_("— Chọn xã, phường —")
    )
    adopted_on = forms.DateField(label=_("Áp dụng từ ngày"), widget=DateInput())
    results = forms.CharField(
        label=_("Kết quả bước đầu"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        province = "/" + practice.unit_path.strip("/").split("/")[0] + "/"
        self.fields["unit"].queryset = (
            AdministrativeUnit.objects.current()
            .filter(level=UnitLevel.COMMUNE, path__under=province)
            .exclude(pk=practice.unit_id)
            .select_related("parent")
            .order_by("name_sort")
        )


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    category = forms.ChoiceField(label=_("Chuyên mục"), choices=NewsItem.Category.choices)
    organization = forms.ModelChoiceField(
        label=_("Cơ quan đăng tin"), queryset=Organization.objects.none(), empty_label=_("— Chọn —")
    )
    summary = forms.CharField(label=_("Tóm tắt"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label=_("Nội dung"), max_length=50000, widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for(user)

    def to_input(self) -> NewsInput:
        data = self.cleaned_data
        return NewsInput(
            title=data["title"],
            category=data["category"],
            summary=data["summary"],
            body=data["body"],
            organization=data["organization"],
        )


class ShowcaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm mô hình"), max_length=100, required=False)
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=[("", _("Tất cả lĩnh vực")), *PracticeField.choices], required=False
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    level = forms.ChoiceField(
        label=_("Cấp công nhận"), choices=[("", _("Tất cả các cấp")), *Level.choices], required=False
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces


class PracticeListFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả")), *Practice.Status.choices], required=False
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=[("", _("Tất cả")), *PracticeField.choices], required=False)
