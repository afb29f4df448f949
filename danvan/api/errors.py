"""One error shape for the whole of /api/v1, mapped in one place (STYLE.md §10):

    {"error": {"code": "not_found", "message": "<Vietnamese>", "details": {...}}}

Domain errors keep their stable ``code`` and Vietnamese message; request validation is 422 with the field
errors in ``details.fields``; authentication failures are 401.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from danvan.core.errors import (
    DomainError,
    NotFoundError,
    PermissionDeniedError,
    TransitionNotAllowed,
    ValidationFailed,
)

logger = logging.getLogger("danvan.api")

DOMAIN_STATUS: list[tuple[type[DomainError], int]] = [
    (NotFoundError, 404),
    (PermissionDeniedError, 403),
    (ValidationFailed, 422),
    (TransitionNotAllowed, 409),
]

HTTP_CODES = {
    400: ("bad_request", _("Yêu cầu không đúng định dạng.")),
    401: ("unauthorized", _("Thiếu hoặc sai khóa kết nối (Authorization: Bearer <khóa>).")),
    403: ("permission_denied", _("Bạn không có quyền thực hiện thao tác này.")),
    404: ("not_found", _("Không tìm thấy.")),
    405: ("method_not_allowed", _("Phương thức không được hỗ trợ.")),
    429: ("too_many_requests", _("Quá nhiều yêu cầu; vui lòng thử lại sau.")),
}

# Pydantic's messages are English; the common ones get a Vietnamese equivalent, the rest keep pydantic's.
FIELD_MESSAGES = {
    "missing": _("Thiếu trường bắt buộc."),
    "string_too_short": _("Giá trị quá ngắn."),
    "string_too_long": _("Giá trị quá dài."),
    "enum": _("Giá trị không thuộc danh sách cho phép."),
    "literal_error": _("Giá trị không thuộc danh sách cho phép."),
    "int_parsing": _("Phải là số nguyên."),
    "int_type": _("Phải là số nguyên."),
    "float_parsing": _("Phải là số."),
    "float_type": _("Phải là số."),
    "bool_parsing": _("Phải là true hoặc false."),
    "bool_type": _("Phải là true hoặc false."),
    "greater_than_equal": _("Giá trị quá nhỏ."),
    "greater_than": _("Giá trị quá nhỏ."),
    "less_than_equal": _("Giá trị quá lớn."),
    "less_than": _("Giá trị quá lớn."),
    "uuid_parsing": _("Mã định danh (UUID) không hợp lệ."),
    "uuid_type": _("Mã định danh (UUID) không hợp lệ."),
    "string_type": _("Phải là chuỗi ký tự."),
    "list_type": _("Phải là một danh sách."),
    "model_attributes_type": _("Phải là một đối tượng."),
    "dict_type": _("Phải là một đối tượng."),
    "json_invalid": _("JSON không hợp lệ."),
    "too_long": _("Quá nhiều phần tử."),
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    fields = []
    for error in errors:
        kind = str(error.get("type", ""))
        fields.append(
            {
                "loc": _json_safe(list(error.get("loc", []))),
                "type": kind,
                "message": str(FIELD_MESSAGES.get(kind) or error.get("msg", "")),
            }
        )
    return fields


def domain_status(exc: DomainError) -> int:
    for klass, status in DOMAIN_STATUS:
        if isinstance(exc, klass):
            return status
    return 400


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        details = _json_safe(exc.details) if exc.details else {}
        return respond(request, domain_status(exc), error_body(exc.code, exc.message, details))

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        body = error_body("validation_failed", _("Dữ liệu không hợp lệ"), {"fields": field_errors(exc.errors)})
        return respond(request, 422, body)

    @api.exception_handler(DjangoValidationError)
    def on_model_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        details = {"fields": exc.message_dict} if hasattr(exc, "error_dict") else {"errors": exc.messages}
        return respond(request, 422, error_body("validation_failed", _("Dữ liệu không hợp lệ"), _json_safe(details)))

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        code, message = HTTP_CODES[401]
        response = respond(request, 401, error_body(code, message))
        response["WWW-Authenticate"] = 'Bearer realm="danvan"'
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code, message = HTTP_CODES.get(exc.status_code, ("http_error", _("Yêu cầu không thực hiện được.")))
        return respond(request, exc.status_code, error_body(code, message))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        code, message = HTTP_CODES[404]
        return respond(request, 404, error_body(code, message))

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("api_unhandled_error path=%s", request.path, exc_info=exc)
        return respond(request, 500, error_body("server_error", _("Lỗi hệ thống; vui lòng thử lại sau.")))
