from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel
from danvan.territory.querysets import UnitQuerySet

REFORM_2025 = date(2025, 7, 1)  # two-level local government, districts abolished (NQ 202/2025/QH15)


class AdministrativeUnit(TimeStampedModel):
    """A province, (historical) district, commune or village, valid over [valid_from, valid_to).

    Units are never deleted: reforms retire them (``valid_to``) and link them to their ``successors``,
    so cases and reports dated before a reform still point at the unit as it was.
    ``path`` is the materialised ancestry ("/92/31117/"), maintained only by territory.services; a
    prefix match on it selects a whole subtree with one indexed query.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Cấp tỉnh")
        DISTRICT = 2, _("Cấp huyện (trước 01/07/2025)")
        COMMUNE = 3, _("Cấp xã")
        VILLAGE = 4, _("Thôn, tổ dân phố")

    class Kind(models.TextChoices):
        CENTRAL_CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
        PROVINCE = "tinh", _("Tỉnh")
        URBAN_DISTRICT = "quan", _("Quận")
        RURAL_DISTRICT = "huyen", _("Huyện")
        TOWN = "thi_xa", _("Thị xã")
        PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
        COMMUNE = "xa", _("Xã")
        WARD = "phuong", _("Phường")
        TOWNSHIP = "thi_tran", _("Thị trấn")
        SPECIAL_ZONE = "dac_khu", _("Đặc khu")
        VILLAGE = "thon", _("Thôn, bản, ấp")
        RESIDENTIAL_GROUP = "to_dan_pho", _("Tổ dân phố")

    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    name_sort = models.CharField(max_length=600, editable=False, db_index=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("trực thuộc")
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors", verbose_name=_("đơn vị kế thừa")
    )
    remote_area = models.BooleanField(
        _("vùng sâu, vùng xa"),
        default=False,
        help_text=_("Kéo dài thời hạn giải quyết khiếu nại (Luật Khiếu nại, Điều 28 và 37)."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["name_sort"]
        indexes = [
            models.Index(fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "valid_to"], name="unit_level_current_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["code", "level", "valid_from"], name="unit_code_once_per_generation"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")), name="unit_valid_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def ancestor_paths(self) -> list[str]:
        return path_ancestors(self.path)


def path_ancestors(path: str) -> list[str]:
    """'/92/31117/' → ['/92/', '/92/31117/']: the unit and every unit above it."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class CalendarOverride(TimeStampedModel):
    """An administrator's correction to the working calendar: an extra day off (e.g. a provincial
    holiday, a Prime Minister's notice newer than the holidays package) or a swapped working Saturday."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ thêm")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("căn cứ, ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"
