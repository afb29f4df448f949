"""/api/v1: cases for integrations (hotline systems, provincial portals, reporting tools).

Each endpoint parses input, resolves the case through ``cases.selectors`` (scoped by the token's user:
"not yours" and "does not exist" are the same 404), calls one service, and renders a schema that never
holds a person or an identity field.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from django.db import IntegrityError
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Header, NinjaAPI, Path, Query, Status, UploadedFile
from ninja.renderers import JSONRenderer

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm, jurisdiction_paths
from danvan.api import schemas
from danvan.api.auth import TokenAuth
from danvan.api.errors import install_error_handlers
from danvan.api.selectors import categories_active, category_active, unit_current
from danvan.cases.models import Attachment, Case
from danvan.cases.selectors import WorklistFilters, case_for, case_timeline, worklist
from danvan.cases.services import (
    PersonInput,
    Submission,
    attachment_add,
    case_apply_action,
    case_submit_idempotent,
    identity_visible_to,
)
from danvan.cases.workflow import PUBLIC_STATUS, TRANSITIONS, allowed_actions
from danvan.core.clock import local_date
from danvan.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from danvan.core.paging import IdsFirst
from danvan.territory.models import AdministrativeUnit
from danvan.territory.selectors import units_search

Level = AdministrativeUnit.Level
E = schemas.ErrorOut
MAX_BIGINT = 2**63 - 1
HIDDEN_NAME = "(tên tệp được bảo vệ)"


class UTF8JSONRenderer(JSONRenderer):
    """Vietnamese text as UTF-8, not ``\\u`` escapes (STYLE.md §10)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    urls_namespace="api-v1",
    title="Danvan API",
    version="1",
    description=(
        "API của Dân vận số cho các hệ thống kết nối. Xác thực: `Authorization: Bearer <khóa>` "
        "(cấp bằng `danvan api-token-create`). Mỗi khóa hoạt động như một tài khoản, chỉ thấy đơn thuộc "
        'địa bàn của tài khoản đó. Lỗi luôn có dạng `{"error": {"code", "message", "details"}}`.'
    ),
    auth=TokenAuth(),
    renderer=UTF8JSONRenderer(),
    docs_url=None,  # the Swagger page loads assets from a CDN; the schema is at /api/v1/openapi.json
)
install_error_handlers(api)


# --- helpers -----------------------------------------------------------------------------------------


def _user(request: HttpRequest):
    return request.auth  # type: ignore[attr-defined]


def _case(request: HttpRequest, public_id: UUID) -> Case:
    try:
        return case_for(_user(request), public_id)
    except Case.DoesNotExist:
        raise NotFoundError(_("Không tìm thấy đơn.")) from None


def _perms_resolver(user) -> Callable[[Case], set[Perm]]:
    """The workflow permissions ``user`` holds on a case's unit, with one query per permission per request."""
    paths = {perm: jurisdiction_paths(user, perm) for perm in {t.perm for t in TRANSITIONS.values()}}

    def perms_for(case: Case) -> set[Perm]:
        return {perm for perm, prefixes in paths.items() if any(case.unit_path.startswith(p) for p in prefixes)}

    return perms_for


def _case_out(case: Case, perms: set[Perm]) -> dict:
    return {
        "public_id": case.public_id,
        "tracking_code": case.tracking_code,
        "kind": case.kind,
        "kind_label": case.get_kind_display(),
        "status": case.status,
        "status_label": case.get_status_display(),
        "public_status": str(PUBLIC_STATUS[case.status]),
        "category": case.category.code,
        "subject": case.subject,
        "body": case.body,
        "handling_unit": {"code": case.handling_unit.code, "name": case.handling_unit.name},
        "received_at": timezone.localtime(case.received_at),
        "due_date": case.due_date,
        "overdue_since": case.overdue_since,
        "group_size": case.group_size,
        "is_group_petition": case.is_group_petition,
        "public_answer": case.public_answer,
        "satisfaction": case.satisfaction,
        "allowed_actions": [a.value for a in allowed_actions(case.status, case.kind, perms)],
    }


def _attachment_out(attachment: Attachment, *, identity_visible: bool) -> dict:
    hidden = attachment.contains_identity and not identity_visible
    return {
        "id": attachment.pk,
        "original_name": HIDDEN_NAME if hidden else attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "contains_identity": attachment.contains_identity,
        "created_at": timezone.localtime(attachment.created_at),
    }


def _location_units(payload: schemas.CaseCreateIn) -> tuple[AdministrativeUnit, AdministrativeUnit | None]:
    unit = unit_current(payload.unit, levels=(Level.COMMUNE, Level.PROVINCE))
    if unit is None:
        raise ValidationFailed(
            _("Không có đơn vị hành chính hiện hành mã “%(code)s”.") % {"code": payload.unit}, field="unit"
        )
    village = None
    if payload.village:
        village = unit_current(payload.village, levels=(Level.VILLAGE,))
        if village is None or not village.path.startswith(unit.path):
            raise ValidationFailed(
                _("Không có thôn, tổ dân phố mã “%(code)s” thuộc %(unit)s.") % {"code": payload.village, "unit": unit},
                field="village",
            )
    return unit, village


def _coordinate(value: float | None) -> Decimal | None:
    # Cases store six decimals (about 10 cm). A float would reach the column as a binary fraction with
    # more digits and fail its validation, so hand over an exact decimal.
    return None if value is None else Decimal(str(round(value, 6)))


# --- cases -------------------------------------------------------------------------------------------


@api.post(
    "/cases",
    response={201: schemas.CaseCreatedOut, 200: schemas.CaseCreatedOut, 401: E, 403: E, 422: E},
    tags=["cases"],
    operation_id="case_create",
    summary="Gửi đơn mới (bắt buộc Idempotency-Key)",
)
def case_create(
    request: HttpRequest,
    payload: schemas.CaseCreateIn,
    idempotency_key: Annotated[schemas.Text, Header(alias="Idempotency-Key", min_length=1, max_length=200)],
):
    """Registers a case. Retrying with the same ``Idempotency-Key`` returns the first case (200) instead of
    creating another; the citizen's PIN is returned only the first time (201)."""
    user = _user(request)
    category = category_active(payload.category)
    if category is None:
        raise ValidationFailed(_("Không có lĩnh vực mã “%(code)s”.") % {"code": payload.category}, field="category")
    unit, village = _location_units(payload)
    if not has_perm(user, Perm.CASE_RECEIVE, unit):
        raise PermissionDeniedError(_("Khóa kết nối này không được tiếp nhận đơn tại %(unit)s.") % {"unit": unit})
    data = Submission(
        kind=payload.kind,
        channel=payload.channel,
        category=category,
        subject=payload.subject,
        body=payload.body,
        submitted_unit=unit,
        village=village,
        persons=[PersonInput(**person.model_dump()) for person in payload.persons],
        is_anonymous=payload.is_anonymous,
        group_size=payload.group_size,
        address=payload.address,
        latitude=_coordinate(payload.latitude),
        longitude=_coordinate(payload.longitude),
        notify_email=payload.notify_email,
    )
    client = request.api_token.prefix  # type: ignore[attr-defined]
    try:
        case, pin = case_submit_idempotent(client=client, key=idempotency_key, data=data, actor=user)
    except IntegrityError:
        # A concurrent request with the same key committed first; its case is the answer.
        case, pin = case_submit_idempotent(client=client, key=idempotency_key, data=data, actor=user)
    body = {**_case_out(case, _perms_resolver(user)(case)), "pin": pin}
    return Status(201 if pin else 200, body)


@api.get(
    "/cases",
    response={200: schemas.CasePageOut, 401: E, 422: E},
    tags=["cases"],
    operation_id="case_list",
    summary="Danh sách đơn trong địa bàn của khóa",
)
def case_list(request: HttpRequest, filters: Query[schemas.CaseFilters]):
    user = _user(request)
    unit_path = ""
    if filters.unit:
        if filters.unit.startswith("/"):
            unit_path = filters.unit
        else:
            unit = unit_current(filters.unit)
            if unit is None:
                raise ValidationFailed(
                    _("Không có đơn vị hành chính hiện hành mã “%(code)s”.") % {"code": filters.unit}, field="unit"
                )
            unit_path = unit.path
    cases = worklist(
        user,
        WorklistFilters(
            kind=filters.kind or "",
            status=filters.status or "",
            category=filters.category or "",
            unit=unit_path,
            query=filters.q or "",
            due_within_days=filters.due_within_days,
            overdue=filters.overdue,
        ),
        today=local_date(),
    )
    start = (filters.page - 1) * filters.page_size
    perms_for = _perms_resolver(user)
    return {
        "count": cases.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [_case_out(case, perms_for(case)) for case in IdsFirst(cases)[start : start + filters.page_size]],
    }


@api.get(
    "/cases/{public_id}",
    response={200: schemas.CaseOut, 401: E, 404: E, 422: E},
    tags=["cases"],
    operation_id="case_detail",
    summary="Một đơn",
)
def case_detail(request: HttpRequest, public_id: UUID):
    case = _case(request, public_id)
    return _case_out(case, _perms_resolver(_user(request))(case))


@api.get(
    "/cases/{public_id}/events",
    response={200: list[schemas.EventOut], 401: E, 404: E, 422: E},
    tags=["cases"],
    operation_id="case_events",
    summary="Diễn biến xử lý",
)
def case_events(request: HttpRequest, public_id: UUID):
    case = _case(request, public_id)
    return [
        {
            "action": event.action,
            "action_label": event.get_action_display(),
            "occurred_at": timezone.localtime(event.occurred_at),
            "from_status": event.from_status,
            "to_status": event.to_status,
            "note": event.note,
            "is_public": event.is_public,
            "actor": (event.actor.full_name or event.actor.username) if event.actor else None,
        }
        for event in case_timeline(case)
    ]


@api.post(
    "/cases/{public_id}/actions",
    response={200: schemas.CaseOut, 401: E, 403: E, 404: E, 409: E, 422: E},
    tags=["cases"],
    operation_id="case_action",
    summary="Thực hiện một thao tác xử lý (thụ lý, trả lời, gia hạn…)",
)
def case_action(request: HttpRequest, public_id: UUID, payload: schemas.CaseActionIn):
    user = _user(request)
    case = _case(request, public_id)
    params = {
        key: value
        for key, value in {
            "complexity": payload.complexity,
            "public_answer": payload.public_answer,
            "withdrawing": payload.withdrawing,
            "continue_anyway": payload.continue_anyway or None,
        }.items()
        if value is not None
    }
    case = case_apply_action(case_id=case.pk, action=payload.action, actor=user, note=payload.note, **params)
    return _case_out(case, _perms_resolver(user)(case))


# --- attachments -------------------------------------------------------------------------------------


@api.get(
    "/cases/{public_id}/attachments",
    response={200: list[schemas.AttachmentOut], 401: E, 404: E, 422: E},
    tags=["attachments"],
    operation_id="attachment_list",
    summary="Tài liệu đính kèm của đơn",
)
def attachment_list(request: HttpRequest, public_id: UUID):
    case = _case(request, public_id)
    visible = identity_visible_to(_user(request), case)
    return [_attachment_out(a, identity_visible=visible) for a in case.attachments.order_by("created_at", "pk")]


@api.post(
    "/cases/{public_id}/attachments",
    response={201: schemas.AttachmentOut, 401: E, 403: E, 404: E, 422: E},
    tags=["attachments"],
    operation_id="attachment_create",
    summary="Đính kèm tệp (PDF, PNG, JPEG, DOCX; tối đa 10 MB; kiểm tra theo nội dung)",
)
def attachment_create(
    request: HttpRequest,
    public_id: UUID,
    file: File[UploadedFile],
    contains_identity: Form[bool] = False,
):
    user = _user(request)
    case = _case(request, public_id)
    if not (has_perm(user, Perm.CASE_RECEIVE, case) or has_perm(user, Perm.CASE_HANDLE, case)):
        raise PermissionDeniedError()
    attachment = attachment_add(case=case, uploaded_file=file, actor=user, contains_identity=contains_identity)
    return Status(201, _attachment_out(attachment, identity_visible=identity_visible_to(user, case)))


@api.get(
    "/cases/{public_id}/attachments/{attachment_id}",
    response={401: E, 403: E, 404: E, 422: E},
    tags=["attachments"],
    operation_id="attachment_download",
    summary="Tải tệp đính kèm",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Nội dung tệp",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def attachment_download(request: HttpRequest, public_id: UUID, attachment_id: int = Path(..., ge=1, le=MAX_BIGINT)):
    """Streams the file to whoever may see the case. The original of a denunciation (or any file marked as
    identifying) only to those who may see the denouncer's identity (Luật Tố cáo 2018, Điều 8, 47)."""
    user = _user(request)
    case = _case(request, public_id)
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFoundError(_("Không tìm thấy tệp đính kèm."))
    if attachment.contains_identity and not identity_visible_to(user, case):
        raise PermissionDeniedError(_("Tệp này có thông tin nhận diện người tố cáo; bạn không có quyền tải."))
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )


# --- reference data ----------------------------------------------------------------------------------


@api.get(
    "/categories",
    response={200: list[schemas.CategoryOut], 401: E},
    tags=["reference"],
    operation_id="category_list",
    summary="Lĩnh vực đang dùng",
)
def category_list(request: HttpRequest):
    return [{"code": c.code, "name": c.name} for c in categories_active()]


@api.get(
    "/units",
    response={200: list[schemas.UnitOut], 401: E, 422: E},
    tags=["reference"],
    operation_id="unit_list",
    summary="Tìm đơn vị hành chính hiện hành (không dấu cũng được)",
)
def unit_list(
    request: HttpRequest,
    q: Annotated[schemas.Text, Query("", max_length=100)] = "",
    limit: Annotated[int, Query(50, ge=1, le=50)] = 50,
):
    return [
        {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "level": u.level,
            "path": u.path,
            "parent_code": u.parent.code if u.parent else None,
            "parent_name": u.parent.name if u.parent else None,
        }
        for u in units_search(q, include_historical=False, limit=limit)
    ]
