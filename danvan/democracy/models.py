"""Grassroots democracy (Luật Thực hiện dân chủ ở cơ sở 2022, Law 10/2022/QH15; Decree 59/2023/NĐ-CP):
"Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng".

- Dân biết: ``DisclosureGroup`` (Art. 11, 14 groups, seeded) and ``Disclosure`` (Arts. 12–13).
- Dân bàn, dân làm: ``VillageHouseholds`` (dated household counts), ``CommunityVote`` (Arts. 15–22) with
  ``HouseholdBallot`` rows, ``Consultation`` (Arts. 25–26).
- Dân kiểm tra, giám sát: ``Board`` (People's Inspection Board, Arts. 36–40; Community Investment
  Supervision Board, Arts. 41–45), ``BoardMember``, ``BoardPlan``, ``Recommendation``.

Every record carries ``unit_path`` (the commune's, or the village's for village votes) for scoping.
Dates and deadlines are computed in services.py and stored, so lists can filter on them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel
from danvan.democracy.querysets import DemocracyQuerySet


class DisclosureGroup(models.Model):
    """One of the 14 groups of Art. 11 with its posting rule (Art. 13). Seeded by the initial migration."""

    number = models.PositiveSmallIntegerField(_("nhóm"), unique=True)
    name = models.CharField(_("nội dung"), max_length=300)
    permanent = models.BooleanField(_("niêm yết thường xuyên"), default=False)
    min_posting_days = models.PositiveSmallIntegerField(_("số ngày niêm yết tối thiểu"), default=30)
    loudspeaker_days = models.PositiveSmallIntegerField(_("số ngày phát trên loa tối thiểu"), default=0)
    publish_within_working_days = models.PositiveSmallIntegerField(_("công khai trong (ngày làm việc)"), default=5)

    class Meta:
        verbose_name = _("nhóm nội dung công khai")
        verbose_name_plural = _("nhóm nội dung công khai")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def rule_text(self) -> str:
        text = (
            _("Niêm yết thường xuyên, cập nhật khi có thay đổi")
            if self.permanent
            else _("Niêm yết ít nhất %(days)s ngày liên tục") % {"days": self.min_posting_days}
        )
        text = str(text)
        if self.loudspeaker_days:
            text += str(
                _("; phát trên loa truyền thanh ít nhất %(days)s ngày liên tục") % {"days": self.loudspeaker_days}
            )
        return text + "."


class Channel(models.TextChoices):
    """Art. 12: the forms of publication."""

    POSTING = "niem_yet", _("Niêm yết tại trụ sở Ủy ban nhân dân xã")
    PORTAL = "cong_thong_tin", _("Cổng, trang thông tin điện tử")
    LOUDSPEAKER = "loa", _("Hệ thống loa truyền thanh")
    VILLAGE_HEAD = "truong_thon", _("Thông qua trưởng thôn, tổ trưởng tổ dân phố")
    LETTER = "van_ban", _("Gửi văn bản đến Nhân dân")
    MEETING = "hoi_nghi", _("Hội nghị, đối thoại")
    RECEPTION = "tiep_cong_dan", _("Qua tiếp công dân")
    PRESS = "bao_chi", _("Báo chí")
    MASS_ORGANISATION = "doan_the", _("Qua Mặt trận và các tổ chức chính trị - xã hội")
    SOCIAL = "mang_xa_hoi", _("Mạng xã hội")


class Disclosure(TimeStampedModel):
    """One item the commune publishes (Arts. 11–13)."""

    commune = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    group = models.ForeignKey(DisclosureGroup, on_delete=models.PROTECT, verbose_name=_("nhóm nội dung"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    title_folded = models.CharField(max_length=300, editable=False, db_index=True)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    decision_reference = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày ban hành quyết định"))
    special_deadline = models.DateField(_("hạn theo luật chuyên ngành"), null=True, blank=True)
    special_deadline_basis = models.CharField(_("căn cứ hạn riêng"), max_length=300, blank=True)
    deadline = models.DateField(_("hạn công khai"), editable=False)
    channels = models.JSONField(_("hình thức công khai"), default=list, blank=True)
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True)
    taken_down_on = models.DateField(_("ngày gỡ niêm yết"), null=True, blank=True)
    loudspeaker_from = models.DateField(_("phát loa từ ngày"), null=True, blank=True)
    loudspeaker_days = models.PositiveSmallIntegerField(_("số ngày phát loa liên tục"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = DemocracyQuerySet.as_manager()

    class Meta:
        verbose_name = _("nội dung công khai")
        verbose_name_plural = _("nội dung công khai")
        ordering = ["-decision_date", "-pk"]
        indexes = [models.Index(fields=["unit_path", "deadline"], name="disclosure_path_deadline_idx")]

    def __str__(self) -> str:
        return self.title

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(code, code)) for code in self.channels]


class VillageHouseholds(TimeStampedModel):
    """The number of households of a village on a date (Art. 21 counts thresholds against all of them),
    and how many of them chose online voting (ND59: online voting needs more than half)."""

    village = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("thôn, tổ dân phố")
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    as_of = models.DateField(_("số liệu tính đến ngày"))
    households = models.PositiveIntegerField(_("tổng số hộ gia đình"))
    online_opt_in = models.PositiveIntegerField(_("số hộ đăng ký biểu quyết trực tuyến"), default=0)
    source = models.CharField(_("nguồn số liệu"), max_length=200, blank=True)

    objects = DemocracyQuerySet.as_manager()

    class Meta:
        verbose_name = _("số hộ gia đình của thôn")
        verbose_name_plural = _("số hộ gia đình của thôn")
        ordering = ["-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["village", "as_of"], name="village_households_once_per_day"),
            models.CheckConstraint(
                condition=models.Q(online_opt_in__lte=models.F("households")), name="village_opt_in_within_households"
            ),
        ]


class Matter(models.TextChoices):
    """Art. 15: what the residents of a village discuss and decide."""

    WORKS = "cong_trinh", _("1. Chủ trương, mức đóng góp xây dựng công trình công cộng")
    FUNDS = "quy", _("2. Thu, chi các khoản đóng góp, quỹ của cộng đồng")
    CONVENTION = "huong_uoc", _("3. Hương ước, quy ước")
    VILLAGE_HEAD = "truong_thon", _("4. Bầu, miễn nhiệm trưởng thôn, tổ trưởng tổ dân phố")
    BOARD_MEMBERS = "thanh_vien_ban", _("5. Bầu, miễn nhiệm thành viên Ban Thanh tra nhân dân, Ban Giám sát đầu tư")
    OTHER = "khac", _("6. Công việc tự quản khác")


CONTRIBUTION_MATTERS = (Matter.WORKS, Matter.FUNDS)
MEETING_ONLY_MATTERS = (Matter.CONVENTION, Matter.VILLAGE_HEAD, Matter.BOARD_MEMBERS)


class VoteForm(models.TextChoices):
    """Art. 17: the forms of a community decision."""

    MEETING = "hop", _("Hội nghị cộng đồng dân cư")
    BALLOT = "phieu", _("Phát phiếu lấy ý kiến hộ gia đình")
    ONLINE = "truc_tuyen", _("Biểu quyết trực tuyến")


class CommunityVote(TimeStampedModel):
    """A community decision (Arts. 15–22). Village scope: one village decides. Commune scope (matters 1–2
    across the commune, Art. 21): a parent vote whose village votes are its ``parts``."""

    class Scope(models.TextChoices):
        VILLAGE = "thon", _("Trong phạm vi thôn, tổ dân phố")
        COMMUNE = "xa", _("Trong phạm vi toàn xã")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đang chuẩn bị")
        DECIDED = "decided", _("Đã có kết quả")
        SENT = "sent", _("Đã gửi biên bản lên xã")
        RECOGNISED = "recognised", _("Đã công nhận")
        REFUSED = "refused", _("Không công nhận")

    commune = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thôn, tổ dân phố"),
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="parts")
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    scope = models.CharField(_("phạm vi"), max_length=8, choices=Scope.choices, default=Scope.VILLAGE)
    matter = models.CharField(_("nội dung quyết định (Điều 15)"), max_length=16, choices=Matter.choices)
    form = models.CharField(_("hình thức"), max_length=16, choices=VoteForm.choices, default=VoteForm.MEETING)
    ballot_is_fallback = models.BooleanField(
        _("phát phiếu vì hội nghị không đủ số hộ"),
        default=False,
        help_text=_("Nội dung 3–5 phải quyết định tại hội nghị, trừ khi hội nghị không đủ số hộ (Điều 17, 19)."),
    )
    clusters = models.PositiveSmallIntegerField(_("số cụm họp"), default=1)
    title = models.CharField(_("tên nội dung biểu quyết"), max_length=300)
    title_folded = models.CharField(max_length=300, editable=False, db_index=True)
    content = models.TextField(_("nội dung cụ thể"), blank=True)
    vote_date = models.DateField(_("ngày biểu quyết"))
    is_initiative = models.BooleanField(_("do Nhân dân đề xuất"), default=False)
    initiative_supporters = models.PositiveIntegerField(_("số hộ ủng hộ đề xuất"), default=0)
    households_total = models.PositiveIntegerField(_("tổng số hộ"), default=0)
    households_present = models.PositiveIntegerField(_("số hộ tham dự, có phiếu"), default=0)
    approve = models.PositiveIntegerField(_("số hộ tán thành"), default=0)
    reject = models.PositiveIntegerField(_("số hộ không tán thành"), default=0)
    passed = models.BooleanField(_("được thông qua"), null=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    village_head_name = models.CharField(_("trưởng thôn"), max_length=120, blank=True)
    front_head_name = models.CharField(_("trưởng ban công tác Mặt trận"), max_length=120, blank=True)
    representative_names = models.CharField(_("hai đại diện hộ gia đình ký biên bản"), max_length=250, blank=True)
    send_due = models.DateField(_("hạn gửi biên bản"), null=True, blank=True)
    sent_on = models.DateField(_("ngày gửi biên bản"), null=True, blank=True)
    recognition_due = models.DateField(_("hạn công nhận"), null=True, blank=True)
    recognised_on = models.DateField(_("ngày công nhận hoặc không công nhận"), null=True, blank=True)
    recognition_reference = models.CharField(_("số quyết định công nhận"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = DemocracyQuerySet.as_manager()

    class Meta:
        verbose_name = _("biểu quyết của cộng đồng")
        verbose_name_plural = _("biểu quyết của cộng đồng")
        ordering = ["-vote_date", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_recognition(self) -> bool:
        """Art. 21: conventions and village heads need the commune People's Committee's recognition, board
        members the commune Front's; the others take effect on the vote date or a date the commune sets."""
        return self.matter in MEETING_ONLY_MATTERS

    @property
    def place_name(self) -> str:
        return self.village.name if self.village_id else self.commune.name


class HouseholdBallot(TimeStampedModel):
    """One household representative's vote (Art. 19: one ballot per household)."""

    class Choice(models.TextChoices):
        APPROVE = "approve", _("Tán thành")
        REJECT = "reject", _("Không tán thành")
        BLANK = "blank", _("Không có ý kiến")

    vote = models.ForeignKey(CommunityVote, on_delete=models.CASCADE, related_name="ballots")
    household = models.CharField(_("hộ gia đình (số hộ, địa chỉ)"), max_length=120)
    representative = models.CharField(_("người đại diện hộ"), max_length=120)
    choice = models.CharField(_("ý kiến"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("phiếu của hộ gia đình")
        verbose_name_plural = _("phiếu của hộ gia đình")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["vote", "household"], name="one_ballot_per_household")]


class Consultation(TimeStampedModel):
    """Residents consulted before the commune decides (Arts. 25–26)."""

    class Topic(models.TextChoices):
        PLAN = "ke_hoach", _("Kế hoạch phát triển kinh tế - xã hội")
        LAND = "dat_dai", _("Quy hoạch, kế hoạch sử dụng đất")
        PROJECT = "du_an", _("Dự án, công trình; bồi thường, tái định cư")
        UNITS = "don_vi", _("Thành lập, nhập, chia, đổi tên đơn vị hành chính, thôn, tổ dân phố")
        DECISION = "quyet_dinh", _("Quyết định của xã ảnh hưởng đến cộng đồng")
        CONSTRUCTION = "xay_dung", _("Quy hoạch xây dựng")
        REGULATION = "quy_che", _("Quy chế thực hiện dân chủ")
        OTHER = "khac", _("Nội dung khác")

    commune = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    topic = models.CharField(_("nội dung lấy ý kiến (Điều 25)"), max_length=16, choices=Topic.choices)
    title = models.CharField(_("tên nội dung"), max_length=300)
    forms = models.CharField(_("hình thức lấy ý kiến"), max_length=300, blank=True)
    opens_on = models.DateField(_("từ ngày"))
    closes_on = models.DateField(_("đến ngày"))
    result = models.TextField(_("kết quả, ý kiến tiếp thu và giải trình"), blank=True)

    objects = DemocracyQuerySet.as_manager()

    class Meta:
        verbose_name = _("lấy ý kiến Nhân dân")
        verbose_name_plural = _("lấy ý kiến Nhân dân")
        ordering = ["-opens_on", "-pk"]


class Board(TimeStampedModel):
    class Kind(models.TextChoices):
        INSPECTION = "bttnd", _("Ban Thanh tra nhân dân")
        INVESTMENT = "bgsdtcd", _("Ban Giám sát đầu tư của cộng đồng")

    kind = models.CharField(_("loại ban"), max_length=8, choices=Kind.choices)
    commune = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField(_("tên ban"), max_length=300)
    project = models.CharField(_("dự án, công trình được giám sát"), max_length=300, blank=True)
    investor = models.CharField(_("chủ đầu tư"), max_length=200, blank=True)
    contractor = models.CharField(_("nhà thầu"), max_length=200, blank=True)
    established_on = models.DateField(_("ngày thành lập"))
    term_ends_on = models.DateField(_("hết nhiệm kỳ, giải thể"), null=True, blank=True)

    objects = DemocracyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ban giám sát của Nhân dân")
        verbose_name_plural = _("ban giám sát của Nhân dân")
        ordering = ["-established_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class BoardMember(TimeStampedModel):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thôn, tổ dân phố"),
    )
    position = models.CharField(_("chức danh trong ban"), max_length=60, default="Thành viên")
    is_commune_official = models.BooleanField(
        _("là cán bộ, công chức cấp xã hoặc người hoạt động không chuyên trách"), default=False
    )
    is_related_to_investor = models.BooleanField(_("là người thân của chủ đầu tư, nhà thầu"), default=False)

    class Meta:
        verbose_name = _("thành viên ban")
        verbose_name_plural = _("thành viên ban")
        ordering = ["pk"]


class BoardPlan(TimeStampedModel):
    """Quarterly, six-monthly or yearly plan (Art. 38)."""

    class Period(models.TextChoices):
        QUARTER = "quy", _("Quý")
        HALF = "6thang", _("6 tháng")
        YEAR = "nam", _("Năm")
        PROJECT = "du_an", _("Theo dự án")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="plans")
    period = models.CharField(_("kỳ kế hoạch"), max_length=8, choices=Period.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    content = models.TextField(_("nội dung giám sát"))

    class Meta:
        ordering = ["-starts_on", "-pk"]


class Recommendation(TimeStampedModel):
    """A finding and recommendation of a board, and the commune's answer (due in 15 days, Arts. 36–40)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="recommendations")
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    finding = models.TextField(_("kết quả giám sát, phát hiện"))
    recommendation = models.TextField(_("kiến nghị"))
    sent_on = models.DateField(_("ngày gửi kiến nghị"))
    answer_due = models.DateField(_("hạn trả lời"), editable=False)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)

    objects = DemocracyQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị của ban")
        verbose_name_plural = _("kiến nghị của ban")
        ordering = ["answer_due", "pk"]
