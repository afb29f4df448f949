"""Typed input and output of /api/v1 (STYLE.md §10: ``<Entity><Action>In`` / ``<Entity>Out``).

Output schemas never carry a person, an identity field, ``notify_email`` or ``pin_hash``: a case is
described by its content, its place and its progress only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import AfterValidator

from danvan.cases.workflow import Action, Kind, Status


def _storable(value: str) -> str:
    """Text the database can hold: PostgreSQL refuses NUL, and lone surrogates are not UTF-8."""
    if "\x00" in value:
        raise ValueError("NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("not valid UTF-8 text") from exc
    return value


Text = Annotated[str, AfterValidator(_storable)]

PersonRole = Literal["submitter", "representative", "co_signer", "protected_relative"]
ApiChannel = Literal["api", "hotline", "in_person", "post", "email", "forwarded", "dialogue", "field_visit"]
Complexity = Literal["normal", "complex", "especially_complex"]


class ErrorDetailOut(Schema):
    code: str
    message: str
    details: dict


class ErrorOut(Schema):
    error: ErrorDetailOut


class UnitRefOut(Schema):
    code: str
    name: str


class CaseOut(Schema):
    public_id: UUID
    tracking_code: str
    kind: Kind
    kind_label: str
    status: Status
    status_label: str
    public_status: str = Field(description="Trạng thái bằng lời cho công dân")
    category: str = Field(description="Mã lĩnh vực")
    subject: str
    body: str
    handling_unit: UnitRefOut
    received_at: datetime
    due_date: date | None
    overdue_since: date | None
    group_size: int
    is_group_petition: bool
    public_answer: str
    satisfaction: int | None
    allowed_actions: list[Action] = Field(description="Thao tác tài khoản của khóa này được làm lúc này")


class CaseCreatedOut(CaseOut):
    pin: str | None = Field(description="Mã PIN tra cứu của công dân: chỉ trả về ở lần tạo đầu tiên, không lưu lại")


class CasePageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class PersonIn(Schema):
    full_name: Text = Field(min_length=1, max_length=200)
    role: PersonRole = "submitter"
    id_number: Text = Field("", max_length=20)
    phone: Text = Field("", max_length=30)
    email: Text = Field("", max_length=254)
    address: Text = Field("", max_length=300)


class CaseCreateIn(Schema):
    kind: Kind = Field(description="Loại đơn; đơn nhiều nội dung (hon_hop) phải tách trước khi gửi")
    category: Text = Field(max_length=40, description="Mã lĩnh vực (GET /categories)")
    subject: Text = Field(min_length=1, max_length=255)
    body: Text = Field(min_length=1, max_length=20000)
    unit: Text = Field(max_length=16, description="Mã xã, phường, đặc khu (hoặc tỉnh) nơi phát sinh (GET /units)")
    village: Text | None = Field(None, max_length=16, description="Mã thôn, tổ dân phố (nếu có)")
    address: Text = Field("", max_length=300)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    group_size: int = Field(1, ge=1, le=100000, description="Số người cùng nội dung (từ 5 là đông người)")
    is_anonymous: bool = False
    persons: list[PersonIn] = Field(default_factory=list, max_length=50)
    notify_email: Text = Field("", max_length=254, description="Thư điện tử nhận thông báo (không bao giờ trả về)")
    channel: ApiChannel = "api"


class CaseFilters(Schema):
    kind: Kind | None = None
    status: Status | None = None
    category: Text | None = Field(None, max_length=40, description="Mã lĩnh vực")
    unit: Text | None = Field(None, max_length=255, description="Mã đơn vị hoặc đường dẫn (/92/31135/): cả cấp dưới")
    q: Text | None = Field(None, max_length=200, description="Tìm không dấu trong mã, tiêu đề, nội dung")
    overdue: bool = False
    due_within_days: int | None = Field(None, ge=0, le=3650)
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=100)


class CaseActionIn(Schema):
    action: Action
    note: Text = Field("", max_length=5000, description="Lý do, căn cứ (bắt buộc với nhiều thao tác)")
    complexity: Complexity | None = Field(None, description="accept, extend: mức độ phức tạp")
    public_answer: Text | None = Field(None, max_length=20000, description="answer: kết quả công khai cho công dân")
    withdrawing: int | None = Field(None, ge=1, le=100000, description="withdraw: số người rút (đơn đông người)")
    continue_anyway: bool = Field(False, description="withdraw: tố cáo vẫn tiếp tục giải quyết")


class EventOut(Schema):
    action: str
    action_label: str
    occurred_at: datetime
    from_status: str
    to_status: str
    note: str
    is_public: bool
    actor: str | None


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    contains_identity: bool
    created_at: datetime


class CategoryOut(Schema):
    code: str
    name: str


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: int
    path: str
    parent_code: str | None
    parent_name: str | None
