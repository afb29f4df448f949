"""Citizen forms: parse and check what a person typed, in Vietnamese, field by field. The rules of the law
that decide whether a case can be registered live in ``cases.services``; the checks here only make sure
the service gets a complete letter and the person sees what is missing next to the field concerned."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from danvan.cases.models import Person
from danvan.cases.selectors import categories_active
from danvan.cases.services import (
    GROUP_THRESHOLD,
    MAX_ATTACHMENT_BYTES,
    MAX_REPRESENTATIVES,
    PersonInput,
    Submission,
)
from danvan.cases.workflow import Kind
from danvan.core.errors import ValidationFailed
from danvan.core.uploads import check_upload
from danvan.core.validators import clean_id_number, clean_phone
from danvan.territory.models import AdministrativeUnit
from danvan.territory.selectors import communes_current

# The kinds a citizen can send from the portal; second-instance complaints and mixed letters are registered
# by officers (a mixed letter must be split, Luật Tiếp công dân, Điều 25).
PORTAL_KINDS = (Kind.FEEDBACK, Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION)
SIGNED_KINDS = frozenset({Kind.COMPLAINT, Kind.DENUNCIATION})  # must be signed: name and address
BODY_MAX_LENGTH = 4000
MAX_GROUP_SIZE = 100_000
SMALL_GROUP_MAX = 10  # 5–10 people appoint 1–2 representatives (Luật Tiếp công dân, Điều 29)
SMALL_GROUP_REPRESENTATIVES = 2
HONEYPOT_FIELD = "website"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SubmissionForm(forms.Form):
    """Step 2 of "Gửi đơn": one letter of a kind chosen in step 1."""

    commune = UnitChoiceField(
        label=_("Xã, phường, đặc khu"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("— Chọn xã, phường, đặc khu —"),
        error_messages={
            "required": _("Vui lòng chọn xã, phường, đặc khu nơi xảy ra vụ việc."),
            "invalid_choice": _("Xã, phường này không thuộc tỉnh, thành phố đã chọn; vui lòng chọn lại."),
        },
    )
    address = forms.CharField(
        label=_("Thôn, tổ dân phố, địa chỉ cụ thể (nếu có)"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Tổ 5, khu vực 2, đường Nguyễn Văn Cừ."),
    )
    category = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=categories_active(),
        empty_label=_("— Chọn lĩnh vực —"),
        error_messages={"required": _("Vui lòng chọn lĩnh vực gần nhất với nội dung đơn.")},
    )
    subject = forms.CharField(
        label=_("Tiêu đề"),
        max_length=200,
        help_text=_("Một câu ngắn nói rõ việc gì, ở đâu."),
        error_messages={"required": _("Vui lòng nhập tiêu đề.")},
    )
    body = forms.CharField(
        label=_("Nội dung"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Trình bày sự việc, thời gian, địa điểm, người hoặc cơ quan liên quan và đề nghị của ông/bà "
            "(tối đa 4.000 ký tự)."
        ),
        error_messages={"required": _("Vui lòng nhập nội dung.")},
    )
    group_size = forms.IntegerField(
        label=_("Số người cùng nội dung (kể cả ông/bà)"),
        min_value=1,
        max_value=MAX_GROUP_SIZE,
        initial=1,
        help_text=_(
            "Từ 5 người trở lên cùng nội dung phải cử người đại diện: 5–10 người cử 1–2 người; trên 10 người "
            "có thể cử thêm nhưng không quá 5 người (Luật Tiếp công dân, Điều 29)."
        ),
        error_messages={
            "required": _("Vui lòng nhập số người (ít nhất là 1)."),
            "invalid": _("Vui lòng nhập một số nguyên, ví dụ: 1."),
            "min_value": _("Số người phải từ 1 trở lên."),
            "max_value": _("Số người quá lớn; vui lòng kiểm tra lại."),
        },
    )
    anonymous = forms.BooleanField(label=_("Gửi ẩn danh (không ghi họ tên, địa chỉ)"), required=False)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (căn cước)"),
        max_length=20,
        required=False,
        help_text=_("Không bắt buộc; giúp cơ quan xác định đúng người gửi."),
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.vn.")},
    )
    submitter_address = forms.CharField(label=_("Địa chỉ nơi cư trú"), max_length=300, required=False)
    notify_email = forms.EmailField(
        label=_("Thư điện tử nhận thông báo (không bắt buộc)"),
        max_length=254,
        required=False,
        help_text=_("Chúng tôi gửi thư báo khi đơn có tiến triển; thư không chứa nội dung đơn."),
        error_messages={"invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.vn.")},
    )
    attachment = forms.FileField(
        label=_("Tài liệu kèm theo (không bắt buộc)"),
        required=False,
        help_text=_("Một tệp PDF, ảnh PNG/JPEG hoặc Word (.docx), tối đa 10 MB."),
    )
    # Honeypot: hidden from people and screen readers; only bots fill it in.
    website = forms.CharField(label=_("Để trống ô này"), required=False)
    # One token per filled-in form: posting it twice (double click, back button, a retry on a bad line)
    # files one case, never two.
    form_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kind: str, province: AdministrativeUnit | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = Kind(kind)
        self.province = province
        self.fields["commune"].queryset = communes_current(province).order_by("name_sort")
        if province is None:
            self.fields["commune"].error_messages["required"] = _(
                "Vui lòng chọn tỉnh, thành phố trước, rồi chọn xã, phường, đặc khu."
            )
        for number in range(1, MAX_REPRESENTATIVES + 1):
            self.fields[f"representative_{number}"] = forms.CharField(
                label=_("Người đại diện thứ %(number)s") % {"number": number}, max_length=200, required=False
            )
        if self.kind == Kind.COMPLAINT:
            del self.fields["anonymous"]  # complaints must be signed (Luật Khiếu nại, Điều 8, 11)
            self.fields["submitter_address"].help_text = _(
                "Cơ quan gửi thông báo thụ lý và quyết định giải quyết về địa chỉ này."
            )
        elif self.kind == Kind.DENUNCIATION:
            self.fields["anonymous"].label = _("Gửi không ghi tên (nặc danh)")
            self.fields["full_name"].help_text = _("Bắt buộc, trừ khi chọn gửi không ghi tên.")
            self.fields["submitter_address"].help_text = _("Bắt buộc, trừ khi chọn gửi không ghi tên.")
            self.fields["phone"].help_text = _("Ghi số điện thoại hoặc thư điện tử (ít nhất một) để cơ quan liên lạc.")
        else:
            self.fields["full_name"].help_text = _("Bắt buộc, trừ khi chọn gửi ẩn danh.")
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["full_name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["notify_email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["submitter_address"].widget.attrs.update({"autocomplete": "street-address"})
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "inputmode": "text"})
        self.fields["group_size"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["attachment"].widget.attrs.update(
            {"accept": ".pdf,.png,.jpg,.jpeg,.docx,application/pdf,image/png,image/jpeg"}
        )

    # --- what the template needs -------------------------------------------------------------------------

    @property
    def representative_fields(self):
        return [self[f"representative_{number}"] for number in range(1, MAX_REPRESENTATIVES + 1)]

    @property
    def representatives_open(self) -> bool:
        """Show the representatives' names when 5 or more people send the letter, or when any was typed."""
        if any(field.errors or field.value() for field in self.representative_fields):
            return True
        try:
            return int(self["group_size"].value() or 1) >= GROUP_THRESHOLD
        except (TypeError, ValueError):
            return False

    @property
    def is_signed_kind(self) -> bool:
        return self.kind in SIGNED_KINDS

    @property
    def identity_required(self) -> bool:
        """Name and address are always required for a complaint; a denunciation may be sent unsigned."""
        return self.kind == Kind.COMPLAINT

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    # --- cleaning ------------------------------------------------------------------------------------------

    def clean_id_number(self) -> str:
        return clean_id_number(self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        try:
            check_upload(upload, max_bytes=MAX_ATTACHMENT_BYTES)
        except ValidationFailed as error:
            raise forms.ValidationError(error.message) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        anonymous = cleaned.get("anonymous", False)
        group_size = cleaned.get("group_size") or 1
        names = (cleaned.get(f"representative_{n}", "").strip() for n in range(1, MAX_REPRESENTATIVES + 1))
        representatives = [name for name in names if name]
        cleaned["representatives"] = representatives
        if group_size >= GROUP_THRESHOLD:
            self._check_representatives(group_size, representatives, anonymous)
        if not anonymous:
            self._check_identity(cleaned)
        return cleaned

    def _check_representatives(self, group_size: int, representatives: list[str], anonymous: bool) -> None:
        if anonymous:
            self.add_error(
                "anonymous",
                _("Đơn của từ 5 người trở lên phải ghi tên người đại diện, không gửi ẩn danh được."),
            )
        allowed = SMALL_GROUP_REPRESENTATIVES if group_size <= SMALL_GROUP_MAX else MAX_REPRESENTATIVES
        if not representatives:
            self.add_error(
                "representative_1",
                _("Từ 5 người trở lên cùng nội dung phải cử người đại diện: vui lòng ghi họ tên người đại diện."),
            )
        elif len(representatives) > allowed:
            self.add_error(
                "representative_1",
                _("%(people)s người cùng nội dung chỉ cử tối đa %(allowed)s người đại diện.")
                % {"people": group_size, "allowed": allowed},
            )

    def _check_identity(self, cleaned: dict) -> None:
        if not cleaned.get("full_name", "").strip():
            if self.kind == Kind.COMPLAINT:
                message = _("Đơn khiếu nại phải ghi rõ họ tên người khiếu nại (Luật Khiếu nại, Điều 8).")
            elif self.kind == Kind.DENUNCIATION:
                message = _("Vui lòng ghi họ tên người tố cáo, hoặc chọn gửi không ghi tên (nặc danh).")
            else:
                message = _("Vui lòng ghi họ tên, hoặc chọn “Gửi ẩn danh”.")
            self.add_error("full_name", message)
        if self.is_signed_kind and not cleaned.get("submitter_address", "").strip():
            self.add_error("submitter_address", _("Vui lòng ghi địa chỉ nơi cư trú để cơ quan gửi văn bản trả lời."))
        if (
            self.kind == Kind.DENUNCIATION
            and not cleaned.get("phone")
            and not cleaned.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            self.add_error(
                "phone",
                _(
                    "Đơn tố cáo phải có cách liên lạc: vui lòng ghi số điện thoại hoặc thư điện tử "
                    "(Luật Tố cáo, Điều 23)."
                ),
            )

    # --- the service's input -------------------------------------------------------------------------------

    def submission(self) -> Submission:
        data = self.cleaned_data
        anonymous = data.get("anonymous", False)
        persons = []
        if not anonymous:
            persons.append(
                PersonInput(
                    full_name=data["full_name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["submitter_address"],
                )
            )
            persons += [
                PersonInput(full_name=name, role=Person.Role.REPRESENTATIVE) for name in data["representatives"]
            ]
        return Submission(
            kind=self.kind,
            channel="portal",
            category=data["category"],
            subject=data["subject"],
            body=data["body"],
            submitted_unit=data["commune"],
            persons=persons,
            is_anonymous=anonymous,
            group_size=data["group_size"],
            address=data["address"],
            notify_email=data["notify_email"],
        )


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=20,
        help_text=_("10 ký tự, ví dụ: K7MX2PQ9RT (không phân biệt chữ hoa, chữ thường)."),
        error_messages={"required": _("Vui lòng nhập mã tra cứu.")},
    )
    pin = forms.CharField(
        label=_("Mã PIN"),
        max_length=6,
        min_length=6,
        help_text=_("6 chữ số, được cấp cùng mã tra cứu khi gửi đơn."),
        validators=[RegexValidator(r"^\d{6}$", _("Mã PIN gồm 6 chữ số."))],
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{6}", "maxlength": "6"}
        ),
        error_messages={
            "required": _("Vui lòng nhập mã PIN."),
            "min_length": _("Mã PIN gồm 6 chữ số."),
            "max_length": _("Mã PIN gồm 6 chữ số."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


SATISFACTION_CHOICES = [
    ("5", _("5 – Rất hài lòng")),
    ("4", _("4 – Hài lòng")),
    ("3", _("3 – Bình thường")),
    ("2", _("2 – Không hài lòng")),
    ("1", _("1 – Rất không hài lòng")),
]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Mức độ hài lòng của ông/bà với kết quả giải quyết"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn một mức hài lòng.")},
    )


class NotResolvedForm(forms.Form):
    reason = forms.CharField(
        label=_("Vì sao ông/bà cho rằng vấn đề chưa được giải quyết?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Không ghi thông tin cá nhân (họ tên, số điện thoại) vào ô này."),
        error_messages={"required": _("Vui lòng cho biết vì sao vấn đề chưa được giải quyết.")},
    )
