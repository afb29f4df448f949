from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.analytics.models import ACT_STEPS, Alert


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Biện pháp"),
        choices=[("", _("— Chọn biện pháp —"))] + [(k, v) for k, v in ACT_STEPS.items()],
        error_messages={"required": _("Vui lòng chọn biện pháp xử lý.")},
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[("", _("— Chọn kết quả —")), *list(Alert.Outcome.choices)],
        error_messages={"required": _("Vui lòng chọn kết quả.")},
    )
    note = forms.CharField(
        label=_("Kết quả xử lý"),
        max_length=2000,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Vui lòng ghi rõ kết quả xử lý (ít nhất 5 ký tự)."),
            "min_length": _("Vui lòng ghi rõ kết quả xử lý (ít nhất 5 ký tự)."),
        },
    )
