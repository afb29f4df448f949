"""Forms of the democracy pages. They check shapes (numbers, dates); the legal rules are checked by the
services, whose Vietnamese messages the views attach to the form so nothing typed is lost."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.democracy.models import (
    Board,
    BoardPlan,
    Channel,
    Consultation,
    DisclosureGroup,
    HouseholdBallot,
    Matter,
    VoteForm,
)

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_ERRORS = {"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/02/2027.")}


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )


def count_field(label, *, required=True, help_text="", min_value=0):
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        min_value=min_value,
        max_value=1_000_000,
        error_messages={
            "invalid": _("Nhập một số nguyên."),
            "min_value": _("Số phải từ %(limit_value)s trở lên."),
        },
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.parent.name})" if obj.parent_id else obj.name


class DisclosureForm(forms.Form):
    commune = UnitChoiceField(label=_("Xã, phường"), queryset=None, empty_label=_("— Chọn —"))
    group = forms.ModelChoiceField(
        label=_("Nhóm nội dung (Điều 11)"), queryset=DisclosureGroup.objects.all(), empty_label=_("— Chọn —")
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    summary = forms.CharField(label=_("Tóm tắt nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision_reference = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=100, required=False)
    decision_date = date_field(_("Ngày ban hành quyết định"))
    special_deadline = date_field(
        _("Hạn công khai theo luật chuyên ngành"),
        required=False,
        help_text=_("Để trống: hạn là 05 ngày làm việc kể từ ngày ban hành (Điều 12–13)."),
    )
    special_deadline_basis = forms.CharField(label=_("Căn cứ của hạn riêng"), max_length=300, required=False)
    channels = forms.MultipleChoiceField(
        label=_("Hình thức công khai"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    published_on = date_field(_("Ngày công khai"), required=False)
    taken_down_on = date_field(_("Ngày gỡ niêm yết"), required=False)
    loudspeaker_from = date_field(_("Phát loa từ ngày"), required=False)
    loudspeaker_days = count_field(_("Số ngày phát loa liên tục"), required=False)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class VillageHouseholdsForm(forms.Form):
    village = UnitChoiceField(label=_("Thôn, tổ dân phố"), queryset=None, empty_label=_("— Chọn —"))
    as_of = date_field(_("Số liệu tính đến ngày"))
    households = count_field(_("Tổng số hộ gia đình"), min_value=1)
    online_opt_in = count_field(
        _("Số hộ đăng ký biểu quyết trực tuyến"),
        required=False,
        help_text=_("Chỉ biểu quyết trực tuyến khi hơn một nửa số hộ đăng ký (Nghị định 59/2023/NĐ-CP)."),
    )
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=200, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class VoteCreateForm(forms.Form):
    village = UnitChoiceField(
        label=_("Thôn, tổ dân phố"),
        queryset=None,
        required=False,
        empty_label=_("— Chọn —"),
        help_text=_("Để trống và chọn xã nếu biểu quyết đóng góp trong phạm vi toàn xã."),
    )
    commune = UnitChoiceField(
        label=_("Xã (biểu quyết toàn xã)"), queryset=None, required=False, empty_label=_("— Không —")
    )
    matter = forms.ChoiceField(label=_("Nội dung quyết định (Điều 15)"), choices=Matter.choices)
    form = forms.ChoiceField(label=_("Hình thức (Điều 17)"), choices=VoteForm.choices)
    ballot_is_fallback = forms.BooleanField(label=_("Phát phiếu vì hội nghị không đủ số hộ tham dự"), required=False)
    clusters = count_field(_("Số cụm họp"), min_value=1, help_text=_("Chỉ họp theo cụm khi thôn có từ 200 hộ."))
    title = forms.CharField(label=_("Tên nội dung biểu quyết"), max_length=300)
    content = forms.CharField(label=_("Nội dung cụ thể"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    vote_date = date_field(_("Ngày biểu quyết"))
    is_initiative = forms.BooleanField(label=_("Do Nhân dân đề xuất"), required=False)
    initiative_supporters = count_field(
        _("Số hộ ủng hộ đề xuất"), required=False, help_text=_("Cần ít nhất 10% tổng số hộ của thôn (Điều 16).")
    )

    def __init__(self, *args, villages, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["commune"].queryset = communes

    def clean(self):
        data = super().clean()
        if not data.get("village") and not data.get("commune"):
            raise forms.ValidationError(_("Chọn thôn, tổ dân phố (hoặc xã nếu biểu quyết toàn xã)."))
        if data.get("village") and data.get("commune"):
            raise forms.ValidationError(_("Chọn thôn hoặc xã, không chọn cả hai."))
        return data


class VoteCountsForm(forms.Form):
    households_present = count_field(_("Số hộ tham dự, có phiếu"))
    approve = count_field(_("Số hộ tán thành"))
    reject = count_field(_("Số hộ không tán thành"))
    village_head_name = forms.CharField(label=_("Trưởng thôn"), max_length=120, required=False)
    front_head_name = forms.CharField(label=_("Trưởng ban công tác Mặt trận"), max_length=120, required=False)
    representative_names = forms.CharField(
        label=_("Hai đại diện hộ gia đình ký biên bản"), max_length=250, required=False
    )


class BallotForm(forms.Form):
    household = forms.CharField(label=_("Hộ gia đình (số hộ, địa chỉ)"), max_length=120)
    representative = forms.CharField(label=_("Người đại diện hộ"), max_length=120)
    choice = forms.ChoiceField(label=_("Ý kiến"), choices=HouseholdBallot.Choice.choices, widget=forms.RadioSelect)


class SentForm(forms.Form):
    sent_on = date_field(_("Ngày gửi biên bản lên xã"))


class RecognitionForm(forms.Form):
    recognised = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Công nhận")), ("0", _("Không công nhận"))],
        coerce=lambda value: value == "1",
    )
    decided_on = date_field(_("Ngày quyết định"))
    reference = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)


class ConsultationForm(forms.Form):
    commune = UnitChoiceField(label=_("Xã, phường"), queryset=None, empty_label=_("— Chọn —"))
    topic = forms.ChoiceField(label=_("Nội dung lấy ý kiến (Điều 25)"), choices=Consultation.Topic.choices)
    title = forms.CharField(label=_("Tên nội dung"), max_length=300)
    forms_used = forms.CharField(label=_("Hình thức lấy ý kiến"), max_length=300, required=False)
    opens_on = date_field(_("Từ ngày"))
    closes_on = date_field(_("Đến ngày"))
    result = forms.CharField(label=_("Kết quả, giải trình"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class BoardForm(forms.Form):
    commune = UnitChoiceField(label=_("Xã, phường"), queryset=None, empty_label=_("— Chọn —"))
    kind = forms.ChoiceField(label=_("Loại ban"), choices=Board.Kind.choices)
    name = forms.CharField(label=_("Tên ban"), max_length=300)
    project = forms.CharField(label=_("Dự án, công trình (Ban Giám sát đầu tư)"), max_length=300, required=False)
    investor = forms.CharField(label=_("Chủ đầu tư"), max_length=200, required=False)
    contractor = forms.CharField(label=_("Nhà thầu"), max_length=200, required=False)
    established_on = date_field(_("Ngày thành lập"))
    term_ends_on = date_field(_("Hết nhiệm kỳ, giải thể"), required=False)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    village = UnitChoiceField(label=_("Thôn, tổ dân phố"), queryset=None, required=False, empty_label=_("— Không —"))
    position = forms.CharField(label=_("Chức danh trong ban"), max_length=60, initial="Thành viên")
    is_commune_official = forms.BooleanField(label=_("Là cán bộ, công chức cấp xã"), required=False)
    is_related_to_investor = forms.BooleanField(label=_("Là người thân của chủ đầu tư, nhà thầu"), required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class PlanForm(forms.Form):
    period = forms.ChoiceField(label=_("Kỳ kế hoạch"), choices=BoardPlan.Period.choices)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    content = forms.CharField(label=_("Nội dung giám sát"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(forms.Form):
    finding = forms.CharField(label=_("Kết quả giám sát, phát hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(label=_("Kiến nghị"), widget=forms.Textarea(attrs={"rows": 3}))
    sent_on = date_field(_("Ngày gửi kiến nghị"))


class AnswerForm(forms.Form):
    answered_on = date_field(_("Ngày trả lời"))
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 3}))
