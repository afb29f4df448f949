"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON and XML by suffix, UTF-8.

Public reads show only feedback and petitions (never denunciations, never complaints, never a person):
internal statuses become ``open``/``closed`` with the citizen-facing wording in ``status_notes``.
Creating a request needs an ``api_key`` (an API token) and creates a feedback case (phản ánh) in the
``open311`` channel. The commune is required: ``jurisdiction_id`` = the commune's official code, or
``attribute[commune_code]``. Service type ``realtime``: the tracking code is returned at once, no tokens.

Extensions: ``page``/``page_size`` pagination on GET requests (default 50, at most 500), as Austin,
Chicago and Toronto do.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import wraps
from xml.etree.ElementTree import Element, SubElement, tostring

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from danvan.api.selectors import categories_active, category_active, open311_cases, unit_current
from danvan.api.services import api_token_authenticate
from danvan.cases.models import Case, Category
from danvan.cases.services import PersonInput, Submission, case_submit
from danvan.cases.workflow import OPEN_STATUSES, PUBLIC_STATUS, Kind
from danvan.core.clock import current_time
from danvan.core.errors import DomainError, NotFoundError
from danvan.core.text import fold
from danvan.territory.models import AdministrativeUnit

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
WINDOW = timedelta(days=90)
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_DESCRIPTION = 4000
MAX_IDS = 500
SERVICE_GROUP = "Phản ánh, kiến nghị"
JURISDICTION_NOTE = (
    "Bắt buộc khi gửi: jurisdiction_id (hoặc attribute[commune_code]) là mã xã, phường, đặc khu nơi xảy ra "
    "sự việc theo danh mục đơn vị hành chính (ví dụ 31135). Cần api_key do cơ quan quản lý cấp."
)
# Open311 XML is schemaless: lists are a plural element around singular ones (the Spark convention).
XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        self.status = status
        self.description = str(description)
        super().__init__(self.description)


# --- rendering ---------------------------------------------------------------------------------------


def _xml_fill(element: Element, value) -> None:
    if isinstance(value, list):
        item_tag = XML_ITEMS[element.tag]
        for item in value:
            _xml_fill(SubElement(element, item_tag), item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _xml_fill(SubElement(element, key), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _XML_INVALID.sub("", str(value))


def render_xml(root: str, value) -> bytes:
    element = Element(root)
    _xml_fill(element, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(element, encoding="utf-8", xml_declaration=False)


def _respond(fmt: str, root: str, value, status: int = 200) -> HttpResponse:
    content = render_xml(root, value) if fmt == "xml" else json.dumps(value, ensure_ascii=False).encode()
    return HttpResponse(content, status=status, content_type=CONTENT_TYPES[fmt])


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(fmt, "errors", [{"code": status, "description": description}], status=status)


def open311_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Errors in the Open311 shape: 404 for what is unknown, 400 for what is missing or wrong."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, fmt: str, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return _error(fmt, exc.status, exc.description)
        except NotFoundError as exc:
            return _error(fmt, 404, exc.message)
        except DomainError as exc:
            return _error(fmt, 400, exc.message)

    return wrapper


def _w3c(moment: datetime | None) -> str | None:
    """W3C date-time with the zone always stated (GeoReport v2, "Date/time format")."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _end_of_day(day: date | None) -> str | None:
    if day is None:
        return None
    return _w3c(timezone.make_aware(datetime.combine(day, time(23, 59, 59))))


def _clean(value: str | None) -> str:
    return _CONTROL.sub("", value or "").strip()


def _param(request: HttpRequest, name: str) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return _clean(source.get(name))


# --- reference ---------------------------------------------------------------------------------------


def _jurisdiction(code: str, *, communes_only: bool = False) -> AdministrativeUnit | None:
    """None when not given (optional means empty == absent); 404 when given and unknown."""
    if not code:
        return None
    Level = AdministrativeUnit.Level
    levels = (Level.COMMUNE,) if communes_only else (Level.COMMUNE, Level.PROVINCE)
    unit = unit_current(code, levels=levels)
    if unit is None:
        what = _("xã, phường, đặc khu") if communes_only else _("đơn vị hành chính")
        raise Open311Error(404, _("Không có %(what)s hiện hành mã “%(code)s”.") % {"what": what, "code": code})
    return unit


def _service(category: Category) -> dict:
    parts = [part.strip() for part in category.name.split(",") if part.strip()]
    keywords = parts + [fold(part) for part in parts]
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": _("Phản ánh về lĩnh vực: %(name)s. %(note)s")
        % {"name": category.name, "note": JURISDICTION_NOTE},
        "metadata": False,
        "type": "realtime",
        "keywords": ", ".join(dict.fromkeys(keywords)),
        "group": SERVICE_GROUP,
    }


@require_GET
@open311_view
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = reverse("open311:open311-discovery", kwargs={"fmt": fmt}).rsplit("/", 1)[0]
    changed = categories_active().aggregate(latest=Max("updated_at"))["latest"]
    changeset = _w3c(changed) or "2025-07-01T00:00:00+07:00"
    return _respond(
        fmt,
        "discovery",
        {
            "changeset": changeset,
            "contact": _("Dân vận số — cổng Open311 GeoReport v2 nhận phản ánh của người dân. %(note)s")
            % {"note": JURISDICTION_NOTE},
            "key_service": _("Khóa api_key do quản trị hệ thống cấp (lệnh danvan api-token-create)."),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": request.build_absolute_uri(base),
                    "changeset": changeset,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


@require_GET
@open311_view
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    _jurisdiction(_param(request, "jurisdiction_id"))
    return _respond(fmt, "services", [_service(category) for category in categories_active()])


@require_GET
@open311_view
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    _jurisdiction(_param(request, "jurisdiction_id"))
    service_code = _clean(service_code)
    if category_active(service_code) is None:
        raise Open311Error(404, _("Không có dịch vụ (lĩnh vực) mã “%(code)s”.") % {"code": service_code})
    return _respond(fmt, "service_definition", {"service_code": service_code, "attributes": []})


@require_GET
@open311_view
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    raise Open311Error(
        404, _("Không có token: mọi dịch vụ đều là realtime, mã yêu cầu (service_request_id) được trả về ngay.")
    )


# --- requests ----------------------------------------------------------------------------------------


def _service_notice(case: Case) -> str:
    notice = _("Cơ quan có thẩm quyền xem xét, trả lời theo Luật Tiếp công dân 2013 (Điều 28).")
    if case.due_date and case.status in OPEN_STATUSES:
        notice += " " + _("Hạn trả lời: %(due)s.") % {"due": case.due_date.strftime("%d/%m/%Y")}
    return notice


def _request_out(case: Case) -> dict:
    closed = case.status not in OPEN_STATUSES
    updated = (case.closed_at or case.answered_at or case.updated_at) if closed else case.updated_at
    return {
        "service_request_id": case.tracking_code,
        "status": "closed" if closed else "open",
        "status_notes": str(PUBLIC_STATUS[case.status]),
        "service_name": case.category.name,
        "service_code": case.category.code,
        "description": case.body[:MAX_DESCRIPTION],
        "agency_responsible": case.handling_unit.name,
        "service_notice": _service_notice(case),
        "requested_datetime": _w3c(case.received_at),
        "updated_datetime": _w3c(updated),
        "expected_datetime": None if closed else _end_of_day(case.due_date),
        "address": case.address,
        "address_id": "",
        "zipcode": "",
        "lat": float(case.latitude) if case.latitude is not None else None,
        "long": float(case.longitude) if case.longitude is not None else None,
        "media_url": "",
    }


def _moment(name: str, raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None and (day := parse_date(raw)) is not None:
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(
            400, _("%(name)s phải theo định dạng W3C, ví dụ 2026-01-31T00:00:00+07:00.") % {"name": name}
        )
    if not 1900 <= moment.year <= 9000:  # far enough from datetime's limits to survive time-zone shifts
        raise Open311Error(400, _("%(name)s nằm ngoài khoảng thời gian hợp lệ.") % {"name": name})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _window(request: HttpRequest) -> tuple[datetime, datetime]:
    """At most 90 days; the most recent 90 days when neither end is given (GeoReport v2, GET requests)."""
    start = _moment("start_date", _param(request, "start_date"))
    end = _moment("end_date", _param(request, "end_date"))
    if start is None and end is None:
        end = current_time()
    try:
        if start is None:
            start = end - WINDOW
        if end is None:
            end = start + WINDOW
    except OverflowError:
        raise Open311Error(400, _("start_date, end_date nằm ngoài khoảng thời gian hợp lệ.")) from None
    if end < start:
        raise Open311Error(400, _("end_date phải sau start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("Khoảng start_date – end_date không được quá 90 ngày."))
    return start, end


def _positive_int(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    raw = _param(request, name)
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise Open311Error(400, _("%(name)s phải là số nguyên từ 1 đến %(max)d.") % {"name": name, "max": maximum})
    return int(raw)


def _comma_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    cases = open311_cases()
    unit = _jurisdiction(_param(request, "jurisdiction_id"))
    if unit is not None:
        cases = cases.filter(unit_path__under=unit.path)
    ids = _comma_list(_param(request, "service_request_id"))
    if ids:
        # "This overrides all other arguments" (GeoReport v2).
        cases = cases.filter(tracking_code__in=[i.upper() for i in ids[:MAX_IDS]])
    else:
        start, end = _window(request)
        cases = cases.filter(received_at__gte=start, received_at__lte=end)
        if codes := _comma_list(_param(request, "service_code")):
            cases = cases.filter(category__code__in=codes)
        statuses = set(_comma_list(_param(request, "status").lower()))
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status chỉ nhận open, closed."))
        if statuses == {"open"}:
            cases = cases.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            cases = cases.exclude(status__in=OPEN_STATUSES)
    page = _positive_int(request, "page", 1, 1_000_000)
    page_size = _positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    offset = (page - 1) * page_size
    return _respond(fmt, "service_requests", [_request_out(case) for case in cases[offset : offset + page_size]])


def _coordinates(request: HttpRequest) -> tuple[Decimal | None, Decimal | None]:
    raw_lat, raw_long = _param(request, "lat"), _param(request, "long")
    if not raw_lat and not raw_long:
        return None, None
    try:
        lat, long = float(raw_lat), float(raw_long)
    except ValueError:
        raise Open311Error(400, _("lat và long phải được gửi cùng nhau, là số thực (WGS84).")) from None
    if not (math.isfinite(lat) and math.isfinite(long) and -90 <= lat <= 90 and -180 <= long <= 180):
        raise Open311Error(400, _("lat phải trong [-90, 90], long trong [-180, 180]."))
    # Exact decimals: the case columns hold six decimal places (about 10 cm).
    return Decimal(str(round(lat, 6))), Decimal(str(round(long, 6)))


def _subject(description: str) -> str:
    first_line = description.splitlines()[0] if description else ""
    return first_line if len(first_line) <= 120 else first_line[:119].rsplit(" ", 1)[0] + "…"


def _request_create(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = _param(request, "api_key")
    if not api_key:
        raise Open311Error(400, _("Thiếu api_key."))
    token = api_token_authenticate(api_key)
    if token is None:
        raise Open311Error(403, _("api_key không hợp lệ hoặc đã bị thu hồi."))
    service_code = _param(request, "service_code")
    if not service_code:
        raise Open311Error(400, _("Thiếu service_code."))
    category = category_active(service_code)
    if category is None:
        raise Open311Error(404, _("Không có dịch vụ (lĩnh vực) mã “%(code)s”.") % {"code": service_code})
    commune_code = _param(request, "jurisdiction_id") or _param(request, "attribute[commune_code]")
    if not commune_code:
        raise Open311Error(400, _("Thiếu jurisdiction_id (mã xã, phường nơi xảy ra sự việc)."))
    commune = _jurisdiction(commune_code, communes_only=True)
    lat, long = _coordinates(request)
    address = _param(request, "address_string")[:300]
    if lat is None and not address:
        raise Open311Error(400, _("Cần vị trí: lat và long, hoặc address_string (chưa hỗ trợ address_id)."))
    description = strip_tags(_param(request, "description"))
    if not description:
        raise Open311Error(400, _("Thiếu description (nội dung phản ánh)."))
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, _("description không được quá 4.000 ký tự."))
    full_name = " ".join(filter(None, [_param(request, "last_name"), _param(request, "first_name")]))[:200]
    email = _param(request, "email")[:254]
    persons = [PersonInput(full_name=full_name, phone=_param(request, "phone")[:30], email=email)] if full_name else []
    result = case_submit(
        data=Submission(
            kind=Kind.FEEDBACK,
            channel=Case.Channel.OPEN311,
            category=category,
            subject=_subject(description),
            body=description,
            submitted_unit=commune,
            persons=persons,
            is_anonymous=not full_name,
            address=address,
            latitude=lat,
            longitude=long,
            notify_email=email,
        ),
        # Open311 clients relay citizens' own reports, like the portal: the citizen is the submitter,
        # so the case is filed as a citizen's (channel "open311"), not as the integration's officer.
        actor=None,
    )
    body = [{"service_request_id": result.case.tracking_code, "service_notice": _service_notice(result.case)}]
    return _respond(fmt, "service_requests", body)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@open311_view
def requests_collection(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _request_create(request, fmt)
    return _request_list(request, fmt)


@require_GET
@open311_view
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    _jurisdiction(_param(request, "jurisdiction_id"))
    case = open311_cases().filter(tracking_code=_clean(request_id).upper()).first()
    if case is None:
        raise Open311Error(404, _("Không có yêu cầu mã “%(code)s”.") % {"code": request_id})
    return _respond(fmt, "service_requests", [_request_out(case)])
