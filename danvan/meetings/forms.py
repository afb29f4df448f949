"""Forms of the meetings pages: parsing and field-level messages only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from danvan.cases.workflow import Kind
from danvan.core.sentiment import Severity, Tone
from danvan.meetings.models import (
    DialogueIssue,
    DialogueParticipant,
    ReceptionPolicy,
    ReceptionSession,
    ReceptionVisit,
)
from danvan.meetings.services import REFUSAL_REASONS

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
CASE_KINDS = [(k.value, k.label) for k in Kind if k != Kind.MIXED]
MAX_BLOCKS = 3


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=help_text or _("Dạng ngày/tháng/năm, ví dụ 05/01/2027."),
        error_messages={"required": _("Vui lòng nhập ngày."), "invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
    )


def time_field(label):
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm"}),
        error_messages={"invalid": _("Giờ phải theo dạng hh:mm, ví dụ 07:30.")},
    )


def text_field(label, *, required=True, max_length=300, rows=0, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length if not rows else None,
        widget=widget,
        help_text=help_text,
        error_messages={"required": _("Vui lòng nhập %(label)s.") % {"label": str(label).lower()}},
    )


class QuickSelect(forms.Select):
    """Django's select, same markup, with the options written in Python: the stock widget renders two
    templates per option (about 0.1 ms each), and a nationwide officer picks among 3,500 units. Flat
    choices only (no option groups)."""

    template_name = "meetings/widgets/quick_select.html"

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)  # without the per-option dictionaries
        context["widget"]["options"] = self.options_html(context["widget"]["value"])
        return context

    def options_html(self, selected_values: list[str]) -> str:
        rows, has_selected = [], False
        for value, label in self.choices:
            text = "" if value is None else str(value)
            selected = not has_selected and text in selected_values  # the first match only, as Django does
            has_selected |= selected
            rows.append((text, " selected" if selected else "", label))
        return format_html_join("", '\n  <option value="{}"{}>{}</option>\n', rows)


class NameChoiceIterator(ModelChoiceIterator):
    """Options as (pk, name) rows: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NameChoiceField(forms.ModelChoiceField):
    """A choice of units or organisations (whose str() is their name), for lists of thousands."""

    iterator = NameChoiceIterator
    widget = QuickSelect


class UnitChoiceMixin:
    def set_choices(self, name, queryset, empty):
        field = self.fields[name]
        field.queryset = queryset
        field.empty_label = empty
        if queryset.count() == 1 and not self.is_bound:
            field.initial = queryset.first()


class SessionForm(UnitChoiceMixin, forms.Form):
    unit = NameChoiceField(label=_("Đơn vị"), queryset=None, error_messages={"required": _("Vui lòng chọn đơn vị.")})
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ReceptionSession.Kind.choices)
    duty = forms.ModelChoiceField(
        label=_("Lãnh đạo tiếp theo định mức"),
        widget=QuickSelect,
        queryset=None,
        required=False,
        help_text=_("Để trống nếu người chủ trì không có nghĩa vụ tiếp định kỳ."),
    )
    chaired_by = text_field(_("Người chủ trì"), max_length=200)
    delegated = forms.BooleanField(
        label=_("Cấp phó chủ trì thay"),
        required=False,
        help_text=_("Buổi tiếp định kỳ do cấp phó chủ trì không được tính cho người đứng đầu."),
    )
    held_on = date_field(_("Ngày tiếp"))
    start_time = time_field(_("Bắt đầu"))
    end_time = time_field(_("Kết thúc"))
    location = text_field(_("Địa điểm"))
    reason = text_field(_("Lý do tiếp đột xuất"), required=False, rows=2)
    notified_on = date_field(
        _("Ngày thông báo"),
        required=False,
        help_text=_("Bắt buộc với tiếp trực tuyến: trước ít nhất 05 ngày làm việc."),
    )
    recording_url = forms.URLField(
        label=_("Đường dẫn bản ghi hình"),
        required=False,
        assume_scheme="https",
        help_text=_("Bản ghi lưu trên máy chủ nhà nước; chỉ ghi đường dẫn."),
        error_messages={"invalid": _("Đường dẫn không hợp lệ.")},
    )
    is_public = forms.BooleanField(label=_("Công bố lịch trên cổng thông tin"), required=False, initial=True)


class ConclusionForm(forms.Form):
    conclusion = text_field(_("Kết luận, chỉ đạo"), rows=6, help_text=_("Mỗi dòng một nội dung chỉ đạo."))
    recipients = text_field(_("Nơi nhận"), required=False, rows=3, help_text=_("Mỗi dòng một nơi nhận."))
    recording_url = forms.URLField(label=_("Đường dẫn bản ghi hình"), required=False, assume_scheme="https")


class ConnectionPointForm(forms.Form):
    name = text_field(_("Tên điểm cầu"), max_length=200)
    chaired_by = text_field(_("Người chủ trì điểm cầu"), max_length=200)
    expected = forms.IntegerField(label=_("Số người dự kiến"), min_value=0, initial=0, required=False)


class AttendanceForm(forms.Form):
    attended = forms.IntegerField(
        label=_("Số người tham dự"),
        min_value=0,
        error_messages={"required": _("Vui lòng nhập số người."), "min_value": _("Số người không hợp lệ.")},
    )


class VisitForm(forms.Form):
    full_name = text_field(_("Họ và tên"), max_length=200)
    id_number = forms.CharField(label=_("Số định danh cá nhân (CCCD)"), required=False, max_length=20)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=30)
    address = text_field(_("Địa chỉ"), required=False)
    group_size = forms.IntegerField(
        label=_("Số người cùng đến"),
        min_value=1,
        initial=1,
        help_text=_("Từ 5 người trở lên phải cử người đại diện (tối đa 5)."),
        error_messages={"min_value": _("Số người phải từ 1 trở lên."), "required": _("Vui lòng nhập số người.")},
    )
    representatives = forms.CharField(
        label=_("Người đại diện"), required=False, help_text=_("Họ tên, cách nhau bằng dấu phẩy.")
    )
    content = text_field(_("Tóm tắt nội dung trình bày"), rows=3)
    past_handling = text_field(_("Quá trình giải quyết trước đó"), required=False, rows=2)
    request = text_field(_("Yêu cầu của công dân"), required=False, rows=2)
    outcome = forms.ChoiceField(
        label=_("Kết quả tiếp"), choices=ReceptionVisit.Outcome.choices, widget=forms.RadioSelect
    )
    handling = text_field(_("Hướng xử lý"), required=False, rows=2)
    refusal_reason = forms.ChoiceField(
        label=_("Lý do từ chối"), required=False, choices=[("", _("— Chọn lý do —")), *REFUSAL_REASONS]
    )

    def clean_representatives(self):
        return [name.strip() for name in self.cleaned_data["representatives"].split(",") if name.strip()]


class BlockForm(forms.Form):
    """One content of the visit, to become one case (mixed letters: one block per content)."""

    kind = forms.ChoiceField(label=_("Loại đơn"), required=False, choices=[("", _("— Chọn loại —")), *CASE_KINDS])
    category = forms.ModelChoiceField(label=_("Lĩnh vực"), required=False, queryset=None)
    subject = forms.CharField(label=_("Tiêu đề"), required=False, max_length=255)
    body = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        filled = [data.get(k) for k in ("kind", "category", "subject", "body")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Nhập đủ loại đơn, lĩnh vực, tiêu đề và nội dung, hoặc để trống cả khối."))
        return data if all(filled) else {}


class MarkForm(forms.Form):
    what = forms.ChoiceField(choices=[("reply", "reply"), ("refusal_notice", "refusal_notice")])
    on = date_field(_("Ngày gửi"))


class DutyForm(UnitChoiceMixin, forms.Form):
    unit = NameChoiceField(label=_("Đơn vị"), queryset=None)
    leader = forms.ModelChoiceField(label=_("Lãnh đạo"), queryset=None, widget=QuickSelect)
    title = text_field(_("Chức vụ"), max_length=200)
    policy = forms.ModelChoiceField(label=_("Định mức"), queryset=ReceptionPolicy.objects.filter(is_active=True))
    valid_from = date_field(_("Từ ngày"))


class ComplianceFilterForm(forms.Form):
    start = forms.CharField(label=_("Từ tháng"), required=False, help_text=_("Dạng mm/yyyy."))
    end = forms.CharField(label=_("Đến tháng"), required=False, help_text=_("Dạng mm/yyyy."))


class ConferenceForm(UnitChoiceMixin, forms.Form):
    title = text_field(_("Tên hội nghị"))
    organization = NameChoiceField(label=_("Cơ quan chủ trì"), queryset=None)
    held_on = date_field(_("Ngày tổ chức"))
    start_time = time_field(_("Bắt đầu"))
    notified_on = date_field(_("Ngày thông báo"), help_text=_("Trước ít nhất 05 ngày làm việc."))
    recording_url = forms.URLField(label=_("Đường dẫn bản ghi hình"), required=False, assume_scheme="https")
    note = text_field(_("Ghi chú"), required=False, rows=2)


class RecordingForm(forms.Form):
    recording_url = forms.URLField(
        label=_("Đường dẫn bản ghi hình"),
        assume_scheme="https",
        error_messages={"invalid": _("Đường dẫn không hợp lệ.")},
    )


class DialogueForm(UnitChoiceMixin, forms.Form):
    organization = NameChoiceField(label=_("Cơ quan tổ chức"), queryset=None)
    unit = NameChoiceField(label=_("Địa bàn"), queryset=None)
    leader_title = text_field(_("Lãnh đạo chủ trì"), max_length=200, help_text=_("Họ tên và chức vụ."))
    topic = text_field(_("Chủ đề"))
    target_group = text_field(_("Đối tượng đối thoại"))
    held_on = date_field(_("Ngày đối thoại"))
    start_time = time_field(_("Bắt đầu"))
    venue = text_field(_("Địa điểm"))
    notified_on = date_field(_("Ngày gửi thông báo"), help_text=_("Trước ít nhất 05 ngày."))


class ParticipantForm(forms.Form):
    side = forms.ChoiceField(label=_("Thành phần"), choices=DialogueParticipant.Side.choices)
    name = text_field(_("Họ tên hoặc đơn vị"), max_length=200)
    role = text_field(_("Chức vụ, nơi ở"), required=False, max_length=200)


class MinutesForm(forms.Form):
    minutes = text_field(_("Biên bản"), rows=6)


class IssueForm(forms.Form):
    topic = text_field(_("Vấn đề"))
    text = text_field(_("Ý kiến người dân"), rows=3)
    tone = forms.ChoiceField(label=_("Thái độ"), choices=Tone.choices, initial=Tone.NEUTRAL)
    severity = forms.TypedChoiceField(label=_("Mức độ"), choices=Severity.choices, coerce=int, initial=Severity.LOW)
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=DialogueIssue.Outcome.choices, widget=forms.RadioSelect)
    answer = text_field(_("Trả lời tại hội nghị"), required=False, rows=2)
    commitment_title = text_field(_("Nội dung cam kết"), required=False)
    commitment_due = date_field(_("Hạn hoàn thành cam kết"), required=False)
    case_kind = forms.ChoiceField(label=_("Loại đơn"), choices=CASE_KINDS, initial=Kind.PETITION, required=False)
    case_category = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=None, required=False)


class CommitmentForm(UnitChoiceMixin, forms.Form):
    title = text_field(_("Nội dung cam kết"), max_length=400)
    description = text_field(_("Mô tả"), required=False, rows=3)
    organization = NameChoiceField(label=_("Cơ quan thực hiện"), queryset=None)
    unit = NameChoiceField(label=_("Địa bàn"), queryset=None)
    leader = forms.ModelChoiceField(
        label=_("Lãnh đạo chịu trách nhiệm"), queryset=None, required=False, widget=QuickSelect
    )
    committed_on = date_field(_("Ngày cam kết"))
    due_date = date_field(_("Hạn hoàn thành"))
    parent = forms.ModelChoiceField(label=_("Thuộc cam kết"), queryset=None, required=False, widget=QuickSelect)
    weight = forms.IntegerField(label=_("Trọng số"), min_value=1, max_value=100, initial=1)
    is_public = forms.BooleanField(label=_("Công khai trên cổng thông tin"), required=False, initial=True)


class ProgressForm(forms.Form):
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Vui lòng nhập tiến độ."),
            "min_value": _("Tiến độ phải từ 0 đến 100."),
            "max_value": _("Tiến độ phải từ 0 đến 100."),
            "invalid": _("Tiến độ phải là số nguyên."),
        },
    )
    on = date_field(_("Ngày cập nhật"))
    note = text_field(_("Nội dung"), required=False, rows=2)
    is_public = forms.BooleanField(label=_("Công khai trên cổng thông tin"), required=False, initial=True)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp minh chứng"),
        help_text=_("PDF, ảnh PNG/JPEG hoặc Word (.docx), tối đa 10 MB."),
        error_messages={"required": _("Vui lòng chọn tệp.")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp tiến độ (.xlsx hoặc .csv)"),
        help_text=_("Các cột: Mã cam kết, Tiến độ (%), Ngày cập nhật (dd/mm/yyyy, không bắt buộc), Ghi chú."),
        error_messages={"required": _("Vui lòng chọn tệp.")},
    )
