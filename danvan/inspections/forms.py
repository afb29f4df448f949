"""Input parsing for the inspection pages. Forms only read and check what was typed; the rules
(jurisdiction, workflow, dates against the plan) live in ``inspections.services`` and come back as
DomainErrors shown beside the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.inspections.models import Plan, TeamMember
from danvan.inspections.selectors import OPEN, OVERDUE
from danvan.inspections.workflow import PlanStatus, RecStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ (dd/mm/yyyy)."), "required": _("Vui lòng nhập ngày.")}


def _date(label, **kwargs):
    return forms.DateField(
        label=label, widget=DATE_INPUT, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS, **kwargs
    )


def _required(label: str) -> dict:
    return {"required": _("Vui lòng nhập %(label)s.") % {"label": label}}


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Plan.Kind.choices, initial=Plan.Kind.INSPECTION)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300, error_messages=_required(_("tên kế hoạch")))
    directive = forms.TypedChoiceField(
        label=_("Văn bản, chương trình được kiểm tra"),
        coerce=int,
        error_messages={
            "required": _("Vui lòng chọn văn bản, chương trình."),
            "invalid_choice": _("Lựa chọn không hợp lệ."),
        },
    )
    organization = forms.TypedChoiceField(
        label=_("Cơ quan chủ trì"),
        coerce=int,
        error_messages={"required": _("Vui lòng chọn cơ quan chủ trì."), "invalid_choice": _("Lựa chọn không hợp lệ.")},
    )
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    contents = forms.CharField(
        label=_("Nội dung kiểm tra"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        error_messages=_required(_("nội dung kiểm tra")),
    )

    def __init__(self, *args, directives=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directive"].choices = [("", _("— Chọn —"))] + [(d.pk, str(d)) for d in directives]
        self.fields["organization"].choices = [("", _("— Chọn —"))] + [(o.pk, o.name) for o in organizations]

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class MemberForm(forms.Form):
    user = forms.TypedChoiceField(
        label=_("Cán bộ"), coerce=int, error_messages={"required": _("Vui lòng chọn cán bộ.")}
    )
    role = forms.ChoiceField(label=_("Nhiệm vụ trong đoàn"), choices=TeamMember.Role.choices)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("— Chọn —"))] + [(u.pk, str(u)) for u in candidates]


class OrganizationSelect(forms.Select):
    """Options carry their unit (data-unit) so that inspections.js shows only the chosen unit's bodies."""

    def __init__(self, *args, unit_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_of = unit_of or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = self.unit_of.get(str(value))
        if unit:
            option["attrs"]["data-unit"] = str(unit)
        return option


class TargetForm(forms.Form):
    unit = forms.TypedChoiceField(
        label=_("Đơn vị được kiểm tra"), coerce=int, error_messages={"required": _("Vui lòng chọn đơn vị.")}
    )
    organization = forms.TypedChoiceField(
        label=_("Cơ quan, tổ chức (nếu kiểm tra một cơ quan cụ thể)"), coerce=int, required=False, empty_value=None
    )
    visit_on = _date(_("Ngày làm việc"))

    def __init__(self, *args, units=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("— Chọn —"))] + [(u.pk, u.name) for u in units]
        organizations = list(organizations)
        self.fields["organization"].choices = [("", _("Cả đơn vị"))] + [(o.pk, o.name) for o in organizations]
        self.fields["organization"].widget = OrganizationSelect(unit_of={str(o.pk): o.unit_id for o in organizations})
        self.fields["organization"].widget.choices = self.fields["organization"].choices
        self.fields["unit"].widget.attrs["data-controls-units"] = "id_organization"


class FindingsForm(forms.Form):
    results = forms.CharField(
        label=_("Ưu điểm, kết quả đạt được"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        error_messages=_required(_("ưu điểm, kết quả đạt được")),
    )
    limitations = forms.CharField(
        label=_("Hạn chế, thiếu sót"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000, required=False
    )
    causes = forms.CharField(
        label=_("Nguyên nhân"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("limitations") and not data.get("causes"):
            self.add_error("causes", _("Vui lòng nêu nguyên nhân của hạn chế."))
        return data


class RecommendationForm(forms.Form):
    target = forms.TypedChoiceField(
        label=_("Đơn vị thực hiện"), coerce=int, error_messages={"required": _("Vui lòng chọn đơn vị thực hiện.")}
    )
    text = forms.CharField(
        label=_("Nội dung kiến nghị"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        error_messages=_required(_("nội dung kiến nghị")),
    )
    deadline = _date(_("Hạn thực hiện"))
    evidence_required = forms.CharField(
        label=_("Minh chứng cần nộp"),
        max_length=500,
        error_messages=_required(_("minh chứng cần nộp")),
        help_text=_("Ví dụ: kế hoạch, biên bản hội nghị, báo cáo kết quả có chữ ký."),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", _("— Chọn —"))] + [(t.pk, str(t)) for t in targets]


class ConcludeForm(forms.Form):
    summary = forms.CharField(
        label=_("Nhận xét chung, kết luận"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, required=False
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Nội dung báo cáo"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages=_required(_("nội dung báo cáo")),
    )
    files = MultipleFileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_("PDF, ảnh PNG/JPEG hoặc Word (.docx), mỗi tệp tối đa 10 MB."),
    )


class RecFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (OPEN, _("Chưa hoàn thành")),
            (OVERDUE, _("Quá hạn")),
            *RecStatus.choices,
        ],
    )
    owner = forms.TypedChoiceField(label=_("Đơn vị thực hiện"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Tất cả"))] + [(u.pk, u.name) for u in owners]

    def values(self) -> dict:
        if self.is_valid():
            return self.cleaned_data
        return {"q": "", "status": "", "owner": None}


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *PlanStatus.choices])

    def values(self) -> dict:
        if self.is_valid():
            return self.cleaned_data
        return {"q": "", "status": ""}
