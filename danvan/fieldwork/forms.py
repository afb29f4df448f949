"""Input parsing for fieldwork pages and the offline sync. The visit form reads the same fields whether
posted by the browser (no JavaScript) or sent as JSON by the device's queue; every rule lives in services."""

from __future__ import annotations

import uuid
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.cases.workflow import Kind
from danvan.core.sentiment import Severity, Tone
from danvan.fieldwork.models import Team, VisitKind
from danvan.fieldwork.services import ObservationInput, VisitInput

OBSERVATION_ROWS = 3


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.parent_id and obj.level == obj.Level.VILLAGE:
            return f"{obj.name} — {obj.parent.name}"
        return obj.name


class VisitForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput, error_messages={"invalid": _("Mã phiếu không hợp lệ.")})
    unit = UnitChoiceField(
        label=_("Nơi đến (xã, thôn, bản, tổ dân phố)"),
        queryset=None,
        error_messages={
            "invalid_choice": _("Nơi đến không có trong danh sách."),
            "required": _("Vui lòng chọn nơi đến."),
        },
    )
    visited_date = forms.DateField(
        label=_("Ngày đi"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày không hợp lệ (ngày/tháng/năm)."), "required": _("Vui lòng nhập ngày đi.")},
    )
    visited_time = forms.TimeField(
        label=_("Giờ"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Giờ không hợp lệ (giờ:phút)."), "required": _("Vui lòng nhập giờ.")},
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=VisitKind.choices, error_messages={"invalid_choice": _("Hình thức không hợp lệ.")}
    )
    team = forms.ModelChoiceField(
        label=_("Đi cùng tổ dân vận"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Đi một mình (không theo tổ)"),
        help_text=_("Chuyến đi theo tổ được tính cho từng thành viên của tổ."),
        error_messages={"invalid_choice": _("Bạn không thuộc tổ dân vận đã chọn.")},
    )
    purpose = forms.CharField(
        label=_("Mục đích"), max_length=300, error_messages={"required": _("Vui lòng ghi mục đích chuyến đi.")}
    )
    notes = forms.CharField(label=_("Ghi chép"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, units, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["team"].queryset = teams


class ObservationForm(forms.Form):
    topic = forms.CharField(label=_("Vấn đề người dân quan tâm"), max_length=200, required=False)
    tone = forms.ChoiceField(label=_("Thái độ"), choices=Tone.choices, initial=Tone.NEUTRAL, required=False)
    severity = forms.TypedChoiceField(
        label=_("Mức độ"), choices=Severity.choices, coerce=int, initial=Severity.LOW, required=False
    )
    text = forms.CharField(label=_("Nội dung ghi nhận"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("text") and not data.get("topic"):
            self.add_error("topic", _("Vui lòng ghi vấn đề cho nội dung đã ghi nhận."))
        return data


ObservationFormSet = forms.formset_factory(ObservationForm, extra=OBSERVATION_ROWS, max_num=20, absolute_max=20)


def visit_input(form: VisitForm, formset) -> VisitInput:
    data = form.cleaned_data
    moment = timezone.make_aware(datetime.combine(data["visited_date"], data["visited_time"]))
    observations = [
        ObservationInput(
            topic=row["topic"],
            tone=row.get("tone") or Tone.NEUTRAL,
            severity=row.get("severity") or 1,
            text=row["text"],
        )
        for row in (f.cleaned_data for f in formset.forms)
        if row.get("topic")
    ]
    return VisitInput(
        client_id=data["client_id"],
        unit=data["unit"],
        visited_at=moment,
        kind=data["kind"],
        purpose=data["purpose"],
        notes=data["notes"],
        team=data["team"],
        observations=observations,
    )


def sync_item_data(item: dict) -> dict:
    """A queued visit (JSON from the device) as form data for VisitForm + ObservationFormSet."""
    observations = item.get("observations") or []
    if not isinstance(observations, list):
        observations = []
    data = {
        key: str(item.get(key) or "")
        for key in ("client_id", "unit", "visited_date", "visited_time", "kind", "team", "purpose", "notes")
    }
    data.update({"form-TOTAL_FORMS": str(len(observations)), "form-INITIAL_FORMS": "0"})
    for index, row in enumerate(observations[:20]):
        row = row if isinstance(row, dict) else {}
        for key in ("topic", "tone", "severity", "text"):
            data[f"form-{index}-{key}"] = str(row.get(key) or "")
    return data


def new_client_id() -> uuid.UUID:
    return uuid.uuid4()


FOLLOW_UP_KINDS = [(Kind.FEEDBACK.value, Kind.FEEDBACK.label), (Kind.PETITION.value, Kind.PETITION.label)]


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=FOLLOW_UP_KINDS)
    category = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=None, error_messages={"required": _("Vui lòng chọn lĩnh vực.")}
    )
    observation = forms.TypedChoiceField(label=_("Từ ghi nhận"), required=False, coerce=int, empty_value=None)
    subject = forms.CharField(label=_("Tiêu đề"), max_length=255)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, categories, observations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["observation"].choices = [("", _("Cả chuyến đi"))] + [(o.pk, o.topic) for o in observations]


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại tổ"), choices=Team.Kind.choices)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None)
    leader = forms.ModelChoiceField(label=_("Tổ trưởng"), queryset=None)
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ModelMultipleChoiceField(
        label=_("Địa bàn phụ trách"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    tasks = forms.CharField(label=_("Nhiệm vụ"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, people, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["leader"].queryset = people
        self.fields["members"].queryset = people
        self.fields["area"].queryset = villages
        self.fields["leader"].label_from_instance = lambda u: u.full_name or u.username
        self.fields["members"].label_from_instance = lambda u: u.full_name or u.username


class QuotaFilterForm(forms.Form):
    month = forms.CharField(label=_("Tháng"), required=False, widget=forms.DateInput(attrs={"type": "month"}))
    organization = forms.TypedChoiceField(label=_("Cơ quan"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("Tất cả"))] + [(o.pk, o.name) for o in organizations]

    def clean_month(self):
        value = self.cleaned_data.get("month") or ""
        if not value:
            return None
        year, _sep, month = value.partition("-")
        if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
            raise forms.ValidationError(_("Tháng không hợp lệ (năm-tháng, ví dụ 2026-10)."))
        return int(year), int(month)
