"""Input parsing for the officer's case pages. Forms only read and check what was typed; every rule about
cases (workflow, deadlines, identity) lives in ``cases.services`` and comes back as a DomainError."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.cases.models import Case
from danvan.cases.selectors import categories_active
from danvan.cases.services import MAX_REPRESENTATIVES
from danvan.cases.workflow import Action, Kind, Status
from danvan.core.validators import clean_id_number, clean_phone

KIND_CHOICES = [(value, label) for value, label in Kind.choices if value != Kind.MIXED]
OPEN = "open"  # a pseudo-status in the worklist filter: every case still being handled
DUE_WINDOWS = (3, 7)  # "due within N working days"
SORTS = [("due", _("Hạn xử lý gần nhất")), ("new", _("Mới nhận trước")), ("old", _("Nhận lâu nhất trước"))]
RECEPTION_CHANNELS = [
    (channel.value, channel.label)
    for channel in (
        Case.Channel.IN_PERSON,
        Case.Channel.HOTLINE,
        Case.Channel.POST,
        Case.Channel.EMAIL,
        Case.Channel.FORWARDED,
    )
]


class WorklistFilterForm(forms.Form):
    """The worklist's GET parameters. Invalid values are dropped (with a message), never an error page."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Loại đơn"), required=False, choices=[("", _("Tất cả")), *KIND_CHOICES])
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), (OPEN, _("Đang giải quyết (chưa kết thúc)")), *Status.choices],
    )
    category = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    unit = forms.TypedChoiceField(label=_("Địa bàn"), required=False, coerce=int, empty_value=None)
    due = forms.TypedChoiceField(
        label=_("Sắp đến hạn"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Không lọc"))] + [(str(n), _("Trong %(n)s ngày làm việc tới") % {"n": n}) for n in DUE_WINDOWS],
    )
    overdue = forms.BooleanField(label=_("Chỉ đơn quá hạn"), required=False)
    group = forms.BooleanField(label=_("Chỉ đơn đông người"), required=False)
    mine = forms.BooleanField(label=_("Đơn giao cho tôi"), required=False)
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORTS)

    def __init__(self, *args, categories=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Tất cả"))] + [(c.code, c.name) for c in categories]
        self.fields["unit"].choices = [("", _("Toàn bộ địa bàn phụ trách")), *units]

    def values(self) -> dict:
        """The valid parameters only; an invalid one counts as absent."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {name: cleaned.get(name) for name in self.fields if name not in self.errors}
        values["q"] = (values.get("q") or "").strip()
        values["sort"] = values.get("sort") or "due"
        return values


class CaseActionForm(forms.Form):
    """One workflow action on a case. Whether a note is needed, and whether the action is allowed at all,
    is for ``case_apply_action`` to say."""

    action = forms.ChoiceField(choices=Action.choices)
    note = forms.CharField(required=False, max_length=5000)
    complexity = forms.ChoiceField(required=False, choices=[("", ""), *Case.Complexity.choices])
    public_answer = forms.CharField(required=False, max_length=20000)
    withdrawing = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
    continue_anyway = forms.BooleanField(required=False)

    def params(self) -> dict:
        """Keyword parameters for ``case_apply_action``: only those the action reads, only when given."""
        data = self.cleaned_data
        action = data["action"]
        params: dict = {}
        if action in (Action.ACCEPT, Action.EXTEND) and data.get("complexity"):
            params["complexity"] = data["complexity"]
        if action == Action.ANSWER:
            params["public_answer"] = data.get("public_answer") or ""
        if action == Action.WITHDRAW:
            if data.get("withdrawing"):
                params["withdrawing"] = data["withdrawing"]
            if data.get("continue_anyway"):
                params["continue_anyway"] = True
        return params


class RevealForm(forms.Form):
    reason = forms.CharField(max_length=1000, required=False)


class LinkForm(forms.Form):
    other_code = forms.CharField(label=_("Mã đơn liên quan"), max_length=20)
    relation = forms.ChoiceField(
        label=_("Quan hệ"),
        choices=[("duplicate", _("Đơn trùng nội dung")), ("repeat", _("Đơn tái diễn của cùng người gửi"))],
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class EscalateForm(forms.Form):
    escalate_reason = forms.CharField(label=_("Căn cứ"), max_length=2000)


class BulkAssignForm(forms.Form):
    assignee = forms.TypedChoiceField(
        coerce=int, empty_value=None, error_messages={"required": _("Vui lòng chọn cán bộ được phân công.")}
    )
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "")] + [(o.pk, str(o)) for o in officers]

    def case_ids(self) -> list[uuid.UUID]:
        """The ticked cases' public ids; which of them the user may touch is for scoping to say."""
        ids = []
        for value in self.data.getlist("cases"):
            try:
                ids.append(uuid.UUID(value))
            except ValueError:
                continue
        return ids


# --- Reception desk ------------------------------------------------------------------------------------


def _unit_label(unit) -> str:
    return f"{unit.name} – {unit.parent.name}" if unit.parent_id else str(unit.name)


class ReceptionForm(forms.Form):
    """Who came, where, how: the part of a walk-in shared by every content block."""

    unit = forms.ModelChoiceField(
        label=_("Xã, phường nơi phát sinh"),
        queryset=None,
        empty_label=_("— Chọn xã, phường —"),
        error_messages={"required": _("Vui lòng chọn xã, phường."), "invalid_choice": _("Địa bàn không hợp lệ.")},
    )
    channel = forms.ChoiceField(label=_("Hình thức tiếp nhận"), choices=RECEPTION_CHANNELS)
    is_anonymous = forms.BooleanField(
        label=_("Không rõ danh tính (đơn nặc danh)"),
        required=False,
        help_text=_("Khiếu nại phải ghi rõ họ tên, địa chỉ; tố cáo nặc danh chỉ được lưu làm thông tin."),
    )
    full_name = forms.CharField(label=_("Họ và tên người gửi"), required=False, max_length=200)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"), required=False, max_length=20, help_text=_("12 chữ số.")
    )
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=30)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)
    notify_email = forms.EmailField(
        label=_("Thư điện tử nhận thông báo"),
        required=False,
        help_text=_("Không bắt buộc: công dân nhận thông báo khi đơn chuyển bước."),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    group_size = forms.IntegerField(
        label=_("Số người cùng nội dung"),
        min_value=1,
        max_value=100_000,
        initial=1,
        help_text=_("Từ 5 người trở lên cùng một nội dung là đoàn đông người."),
        error_messages={
            "required": _("Vui lòng nhập số người (ít nhất 1)."),
            "min_value": _("Số người phải từ 1 trở lên."),
            "invalid": _("Vui lòng nhập một số."),
        },
    )
    representatives = forms.CharField(
        label=_("Người đại diện"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Họ tên người đại diện, mỗi dòng một người, tối đa 5 người (Luật Tiếp công dân, Điều 29)."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = _unit_label

    def clean_id_number(self) -> str:
        return clean_id_number(self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_representatives(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["representatives"].splitlines() if line.strip()]
        if len(names) > MAX_REPRESENTATIVES:
            raise forms.ValidationError(_("Nhiều người cùng nội dung cử không quá 5 người đại diện."))
        return names

    def clean(self):
        data = super().clean()
        if not data.get("is_anonymous") and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Vui lòng nhập họ tên người gửi đơn, hoặc đánh dấu “Không rõ danh tính”."))
        return data

    @classmethod
    def typed_values(cls, data) -> dict:
        """What was typed, unvalidated, to show again as initial values (no error marks yet)."""
        values = {name: data.get(name, "") for name in cls.base_fields if name != "is_anonymous"}
        values["is_anonymous"] = bool(data.get("is_anonymous"))
        return values


class ContentBlockForm(forms.Form):
    """One content of a letter: a mixed letter is split into several, each becoming its own case."""

    kind = forms.ChoiceField(
        label=_("Loại đơn"),
        choices=[("", _("— Chọn loại đơn —")), *KIND_CHOICES],
        error_messages={"required": _("Vui lòng chọn loại đơn.")},
    )
    category = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=categories_active(),
        empty_label=_("— Chọn lĩnh vực —"),
        error_messages={"required": _("Vui lòng chọn lĩnh vực."), "invalid_choice": _("Lĩnh vực không hợp lệ.")},
    )
    subject = forms.CharField(
        label=_("Tiêu đề"), max_length=255, error_messages={"required": _("Vui lòng nhập tiêu đề.")}
    )
    body = forms.CharField(
        label=_("Nội dung"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Vui lòng nhập nội dung.")},
    )


class BaseBlockFormSet(forms.BaseFormSet):
    def initial_form_count(self) -> int:
        # Blocks shown again with what was typed are still new: any block after the first may be left
        # empty and is then skipped, as in the bound formset (whose INITIAL_FORMS is 0).
        return super().initial_form_count() if self.is_bound else 0


MAX_BLOCKS = 10

BLOCKS_PREFIX = "blocks"
BLOCK_FIELDS = ("kind", "category", "subject", "body")


def content_blocks(data=None, *, typed: list[dict] | None = None) -> forms.BaseFormSet:
    """The content blocks of a reception: bound to ``data`` for a submission, or, with ``typed``, the blocks
    typed so far shown again unbound with one more empty block ("thêm nội dung" without JavaScript)."""
    extra = len(typed) if typed is not None else 0
    formset = forms.formset_factory(
        ContentBlockForm,
        formset=BaseBlockFormSet,
        extra=extra,
        min_num=1,
        validate_min=True,
        max_num=MAX_BLOCKS,
        validate_max=True,
        absolute_max=MAX_BLOCKS,
    )
    if typed is not None:
        return formset(initial=[*typed, {}], prefix=BLOCKS_PREFIX)
    return formset(data, prefix=BLOCKS_PREFIX)


def typed_blocks(data) -> list[dict]:
    """The blocks' typed values from a POST, unvalidated."""
    try:
        count = int(data.get(f"{BLOCKS_PREFIX}-TOTAL_FORMS", "1"))
    except ValueError:
        count = 1
    count = max(1, min(count, MAX_BLOCKS))
    return [{name: data.get(f"{BLOCKS_PREFIX}-{i}-{name}", "") for name in BLOCK_FIELDS} for i in range(count)]
