from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.surveys.models import Aspect, Element, Question
from danvan.surveys.services import MAX_TOKENS_PER_BATCH
from danvan.territory.models import AdministrativeUnit


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return obj.name


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Tên khảo sát"), max_length=255)
    description = forms.CharField(
        label=_("Lời giới thiệu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hiện ở đầu phiếu: mục đích khảo sát, cam kết giữ kín danh tính người trả lời."),
    )
    unit = UnitChoiceField(label=_("Đơn vị tổ chức khảo sát"), queryset=AdministrativeUnit.objects.none())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else AdministrativeUnit.objects.none()


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại câu hỏi"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Nội dung câu hỏi"), max_length=500)
    help_text = forms.CharField(label=_("Gợi ý cho người trả lời"), max_length=300, required=False)
    choices = forms.CharField(
        label=_("Các lựa chọn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Với câu hỏi chọn một hoặc chọn nhiều: mỗi lựa chọn một dòng."),
    )
    required = forms.BooleanField(label=_("Bắt buộc trả lời"), required=False, initial=True)
    element = forms.ChoiceField(
        label=_("Yếu tố SIPAS"),
        required=False,
        choices=[("", _("— Không gắn —")), *list(Element.choices)],
        help_text=_("Chỉ câu hỏi thang 1–5 gắn yếu tố mới được tính vào chỉ số hài lòng."),
    )
    aspect = forms.ChoiceField(
        label=_("Khía cạnh"), required=False, choices=[("", _("— Không gắn —")), *list(Aspect.choices)]
    )

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines() if line.strip()]


class LinkForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị được đánh giá"), queryset=AdministrativeUnit.objects.none())
    label = forms.CharField(
        label=_("Nơi phát, dịch vụ"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Bộ phận một cửa, Trung tâm phục vụ hành chính công."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else AdministrativeUnit.objects.none()


class TokenBatchForm(LinkForm):
    count = forms.IntegerField(
        label=_("Số mã phiếu"),
        min_value=1,
        max_value=MAX_TOKENS_PER_BATCH,
        initial=50,
        error_messages={
            "min_value": _("Số mã phiếu ít nhất là 1."),
            "max_value": _("Mỗi đợt in tối đa %(limit_value)s mã phiếu."),
            "invalid": _("Nhập một số nguyên."),
            "required": _("Nhập số mã phiếu."),
        },
    )


class TokenLookupForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã phiếu khảo sát"),
        max_length=24,
        help_text=_("Mã in trên phiếu, ví dụ: K7M3P9QX. Không phân biệt chữ hoa, chữ thường."),
        error_messages={"required": _("Vui lòng nhập mã phiếu.")},
    )
