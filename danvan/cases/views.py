"""The officer's case pages: worklist, case page (with its actions, reveal and downloads) and the reception
desk. Thin views (STYLE.md §c1, §c9): parse the input, resolve the case through scoping (``case_for``: out of
jurisdiction looks exactly like missing, 404), call one service, render. Domain errors come back as
Vietnamese messages shown beside what the officer typed.

Denouncers' identity (Luật Tố cáo 2018, Điều 8, 47, 56) is never in a list, never in the session, and
appears only in the one response to an audited reveal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm, jurisdiction_paths, permissions_on, units_in_jurisdiction
from danvan.cases import deadlines, services
from danvan.cases.documents import Notice, case_notice_docx
from danvan.cases.extensions import case_panels, worklist_badges
from danvan.cases.forms import (
    MAX_BLOCKS,
    OPEN,
    BulkAssignForm,
    CaseActionForm,
    EscalateForm,
    LinkForm,
    ReceptionForm,
    RevealForm,
    WorklistFilterForm,
    content_blocks,
    typed_blocks,
)
from danvan.cases.models import Case, Person
from danvan.cases.reception import cases_submit_split
from danvan.cases.selectors import (
    WorklistFilters,
    case_for,
    case_timeline,
    cases_same_submitter,
    cases_similar,
    cases_visible_to,
    categories_active,
    officers_assignable_by,
    status_counts,
    worklist,
)
from danvan.cases.workflow import TRANSITIONS, Action, Kind, Status, allowed_actions
from danvan.core.clock import local_date
from danvan.core.errors import DomainError, NotFoundError, PermissionDeniedError
from danvan.core.paging import IdsFirst
from danvan.territory.calendar import WorkingCalendar, working_calendar
from danvan.territory.models import AdministrativeUnit

PAGE_SIZE = 25
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_OFFICERS_IN_SELECT = 500

# Timeline rows that are not workflow actions.
EVENT_LABELS = {
    "submitted": gettext_lazy("Tiếp nhận đơn"),
    "assigned": gettext_lazy("Phân công xử lý"),
    "overdue": gettext_lazy("Quá hạn xử lý"),
    "attachment_added": gettext_lazy("Thêm tài liệu"),
    "rated": gettext_lazy("Công dân đánh giá mức hài lòng"),
    "linked": gettext_lazy("Liên kết với đơn khác"),
    "category_changed": gettext_lazy("Xác định lại lĩnh vực"),
}


# --- shared helpers ------------------------------------------------------------------------------------


def _case_or_404(user, public_id) -> Case:
    try:
        return case_for(user, public_id)
    except Case.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class Clock:
    """Where a case stands against its legal time limit, in working days (``working_days_left``)."""

    state: str  # "none" | "suspended" | "left" | "today" | "overdue"
    days: int = 0

    @property
    def level(self) -> str:
        if self.state in ("none", "suspended"):
            return "none"
        if self.state == "overdue":
            return "overdue"
        if self.state == "today" or (self.state == "left" and self.days <= 3):
            return "soon"
        return "ok"

    @property
    def css(self) -> str:
        return f"due-{self.level}"


def _clock(case: Case, *, today: date, calendar: WorkingCalendar) -> Clock:
    if case.status not in (Status.RECEIVED, Status.SCREENING, Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED):
        return Clock("none")
    if case.status == Status.SUSPENDED:
        return Clock("suspended")
    if case.due_date is None:
        return Clock("none")
    left = calendar.working_days_between(today, case.due_date)  # as deadlines.working_days_left, one calendar
    if case.due_date < today:
        return Clock("overdue", max(1, -left))
    if left == 0:
        return Clock("today")
    return Clock("left", left)


def _safe_next(request, target: str | None, default: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _no_store(response: HttpResponse) -> HttpResponse:
    """Pages with personal data or PINs are never kept by a browser or proxy cache."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response


# --- worklist ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkRow:
    case: Case
    clock: Clock
    badges: tuple = ()  # from apps above cases (extensions.register_worklist_badges)


def _unit_choices(units: list[AdministrativeUnit]) -> list:
    """Provinces first, each followed by its communes, as option groups."""
    provinces = [u for u in units if u.level == AdministrativeUnit.Level.PROVINCE]
    province_ids = {u.pk for u in provinces}
    groups: dict[int | None, list] = {}
    for unit in units:
        if unit.level != AdministrativeUnit.Level.PROVINCE:
            groups.setdefault(unit.parent_id, []).append((unit.pk, unit.name))
    choices = [
        (province.name, [(province.pk, _("Toàn %(name)s") % {"name": province.name}), *groups.get(province.pk, [])])
        for province in provinces
    ]
    for parent_id, options in groups.items():
        if parent_id not in province_ids:
            parent = next(u.parent for u in units if u.parent_id == parent_id)
            choices.append((parent.name if parent else _("Khác"), options))
    return choices


@login_required
def worklist_view(request):
    user = request.user
    if not has_perm(user, Perm.CASE_VIEW):
        raise PermissionDenied
    today = local_date()
    calendar = working_calendar()
    paths = jurisdiction_paths(user, Perm.CASE_VIEW)
    # A nationwide view lists provinces only: three thousand communes make no usable select.
    levels = [AdministrativeUnit.Level.PROVINCE]
    if "/" not in paths:
        levels.append(AdministrativeUnit.Level.COMMUNE)
    units = list(units_in_jurisdiction(user, Perm.CASE_VIEW, levels=levels))
    units_by_pk = {unit.pk: unit for unit in units}
    form = WorklistFilterForm(request.GET, categories=categories_active(), units=_unit_choices(units))
    values = form.values()

    status = values.get("status") or ""
    unit = units_by_pk.get(values.get("unit"))
    filters = WorklistFilters(
        kind=values.get("kind") or "",
        status="" if status == OPEN else status,
        category=values.get("category") or "",
        unit=unit.path if unit else "",
        query=values["q"],
        due_within_working_days=values.get("due") or None,
        open_only=status == OPEN,
        overdue=bool(values.get("overdue")),
        group_only=bool(values.get("group")),
        assigned_to_me=bool(values.get("mine")),
        sort=values["sort"],
    )
    cases = worklist(user, filters, today=today)

    page = Paginator(IdsFirst(cases), PAGE_SIZE).get_page(request.GET.get("page"))
    badges = worklist_badges(request, list(page.object_list))
    rows = [
        WorkRow(case=case, clock=_clock(case, today=today, calendar=calendar), badges=tuple(badges.get(case.pk, ())))
        for case in page.object_list
    ]

    counts = status_counts(user)
    status_bar = [(value, label, counts[value]) for value, label in Status.choices if counts.get(value)]
    params = request.GET.copy()
    params.pop("page", None)
    can_assign = has_perm(user, Perm.CASE_ASSIGN)
    return render(
        request,
        "cases/worklist.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "status_bar": status_bar,
            "total": sum(counts.values()),
            "current_status": status,
            "querystring": params.urlencode(),
            "filtered": any(v for k, v in values.items() if k != "sort"),
            "more_filters": any(v for k, v in values.items() if k not in ("q", "sort")) or bool(form.errors),
            "can_assign": can_assign,
            "officers": officers_assignable_by(user, limit=MAX_OFFICERS_IN_SELECT) if can_assign and rows else [],
            "can_receive": has_perm(user, Perm.CASE_RECEIVE),
            "today": today,
            "badge_stylesheets": sorted({b.stylesheet for items in badges.values() for b in items if b.stylesheet}),
        },
    )


@require_POST
@login_required
def assign_view(request):
    user = request.user
    if not has_perm(user, Perm.CASE_ASSIGN):
        raise PermissionDenied
    officers = officers_assignable_by(user, limit=MAX_OFFICERS_IN_SELECT)
    form = BulkAssignForm(request.POST, officers=officers)
    back = _safe_next(request, request.POST.get("next"), reverse("cases:worklist"))
    ids = set(form.case_ids())
    case_pks = list(cases_visible_to(user).filter(public_id__in=ids).values_list("pk", flat=True))
    if len(case_pks) != len(ids):
        raise Http404
    if not ids:
        messages.error(request, _("Vui lòng chọn ít nhất một đơn để phân công."))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, _("Vui lòng chọn cán bộ được phân công."))
        return redirect(back)
    assignee = next(officer for officer in officers if officer.pk == form.cleaned_data["assignee"])
    try:
        count = services.cases_assign(case_ids=case_pks, assignee=assignee, actor=user)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except NotFoundError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Đã phân công %(count)s đơn cho %(name)s.") % {"count": count, "name": assignee})
    return redirect(back)


# --- case page -----------------------------------------------------------------------------------------


@dataclass
class ActionPanel:
    action: Action
    needs_note: bool
    error: str = ""
    values: dict = field(default_factory=dict)

    @property
    def wants_complexity(self) -> bool:
        return self.action in (Action.ACCEPT, Action.EXTEND)

    @property
    def wants_answer(self) -> bool:
        return self.action == Action.ANSWER

    @property
    def wants_withdrawal(self) -> bool:
        return self.action == Action.WITHDRAW


@dataclass(frozen=True)
class TimelineRow:
    occurred_at: object
    label: str
    actor: str
    note: str
    detail: str
    is_public: bool


def _timeline(case: Case) -> list[TimelineRow]:
    events = list(case_timeline(case))
    assignee_ids = {e.data.get("assignee") for e in events if e.action == "assigned" and e.data.get("assignee")}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=assignee_ids)} if assignee_ids else {}
    complexity = dict(Case.Complexity.choices)
    rows = []
    for event in events:
        label = EVENT_LABELS.get(event.action) or event.get_action_display()
        detail = ""
        if event.action == "assigned":
            detail = _("Giao cho: %(name)s") % {"name": names.get(event.data.get("assignee"), "—")}
        elif event.data.get("complexity") in complexity:
            detail = _("Mức độ: %(level)s") % {"level": complexity[event.data["complexity"]]}
        elif event.action == "rated" and event.data.get("score"):
            detail = _("Mức hài lòng: %(score)s/5") % {"score": event.data["score"]}
        rows.append(
            TimelineRow(
                occurred_at=event.occurred_at,
                label=label,
                actor=str(event.actor) if event.actor else _("Hệ thống / công dân"),
                note=event.note,
                detail=detail,
                is_public=event.is_public,
            )
        )
    return rows


def _available_notices(case: Case) -> list[Notice]:
    notices = []
    if case.accepted_at:
        notices.append(Notice.ACCEPTANCE)
    if case.status == Status.REFUSED:
        notices.append(Notice.REFUSAL)
    if case.answered_at:
        notices.append(Notice.REPLY)
    return notices


def _same_submitter(case: Case, user, *, identity_visible: bool) -> list[Case]:
    """Other cases by the same person. Linking a denunciation to a named case would reveal the denouncer,
    so denunciations take part only for those allowed to see their denouncer."""
    if case.kind == Kind.DENUNCIATION and not identity_visible:
        return []
    others = list(cases_same_submitter(case, user).select_related("category")[:10])
    return [other for other in others if other.kind != Kind.DENUNCIATION or services.identity_visible_to(user, other)]


def _render_case(
    request,
    case: Case,
    *,
    failed: ActionPanel | None = None,
    revealed: list[Person] | None = None,
    reveal_error: str = "",
    reveal_reason: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    today = local_date()
    perms = permissions_on(user, case)
    allowed = allowed_actions(case.status, case.kind, perms)
    panels = [
        failed
        if failed is not None and failed.action == action
        else ActionPanel(action, TRANSITIONS[action].needs_note)
        for action in allowed
    ]
    if failed is not None and failed.action not in allowed:
        panels.insert(0, failed)  # e.g. someone else moved the case on meanwhile: keep the error and the typed text
    is_denunciation = case.kind == Kind.DENUNCIATION
    identity_visible = services.identity_visible_to(user, case)
    persons = list(case.persons.all()) if identity_visible and not is_denunciation else []
    attachments = [
        (attachment, identity_visible or not attachment.contains_identity) for attachment in case.attachments.all()
    ]
    rule = None
    if case.rule_set_id and case.due_step:
        try:
            rule = deadlines.rule_for(case.rule_set, case.due_step)
        except DomainError:
            rule = None
    response = render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "clock": _clock(case, today=today, calendar=working_calendar()),
            "rule": rule,
            "extensions_allowed": deadlines.extensions_allowed(rule, complexity=case.complexity) if rule else 0,
            "panels": panels,
            "failed": failed,
            "is_denunciation": is_denunciation,
            "persons": persons,
            "can_reveal": is_denunciation and identity_visible and not case.is_anonymous,
            "revealed": revealed,
            "reveal_error": reveal_error,
            "reveal_reason": reveal_reason,
            "attachments": attachments,
            "timeline": _timeline(case),
            "notices": _available_notices(case) if Perm.CASE_HANDLE in perms else [],
            "extension_panels": case_panels(request, case),
            "can_link": Perm.CASE_HANDLE in perms,
            "can_escalate": Perm.CASE_RECEIVE in perms
            and case.kind in (Kind.COMPLAINT, Kind.DENUNCIATION)
            and case.handling_unit.parent_id is not None,
            "similar": cases_similar(case, user),
            "same_submitter": _same_submitter(case, user, identity_visible=identity_visible),
            "complexities": Case.Complexity.choices,
            "today": today,
        },
        status=status,
    )
    return _no_store(response)


@login_required
def detail_view(request, public_id):
    return _render_case(request, _case_or_404(request.user, public_id))


@require_POST
@login_required
def escalate_view(request, public_id):
    """A second-instance complaint or a "tố cáo tiếp", received by an officer of the level above."""
    case = _case_or_404(request.user, public_id)
    form = EscalateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng ghi rõ căn cứ chuyển lên cấp trên."))
        return redirect("cases:detail", public_id=case.public_id)
    try:
        result = services.case_escalate_next_level(
            case_id=case.pk, actor=request.user, reason=form.cleaned_data["escalate_reason"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("cases:detail", public_id=case.public_id)
    messages.success(
        request,
        _("Đã tạo đơn %(code)s ở cấp trên. Mã PIN cho công dân: %(pin)s (chỉ hiện một lần).")
        % {"code": result.case.tracking_code, "pin": result.pin},
    )
    return redirect("cases:detail", public_id=result.case.public_id)


@require_POST
@login_required
def link_view(request, public_id):
    case = _case_or_404(request.user, public_id)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng nhập mã đơn liên quan và chọn quan hệ."))
        return redirect("cases:detail", public_id=case.public_id)
    try:
        services.case_link(case_id=case.pk, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã liên kết với đơn %(code)s.") % {"code": form.cleaned_data["other_code"].upper()}
        )
    return redirect("cases:detail", public_id=case.public_id)


@require_POST
@login_required
def action_view(request, public_id):
    case = _case_or_404(request.user, public_id)
    form = CaseActionForm(request.POST)
    if not form.is_valid():
        try:
            action = Action(request.POST.get("action", ""))
        except ValueError:
            raise Http404 from None
        panel = ActionPanel(
            action=action,
            needs_note=TRANSITIONS[action].needs_note,
            error=_("Dữ liệu nhập chưa hợp lệ, xin kiểm tra lại."),
            values=request.POST.dict(),
        )
        return _render_case(request, case, failed=panel, status=422)
    action = Action(form.cleaned_data["action"])
    try:
        services.case_apply_action(
            case_id=case.pk, action=action, actor=request.user, note=form.cleaned_data["note"], **form.params()
        )
    except PermissionDeniedError:
        raise PermissionDenied from None
    except NotFoundError:
        raise Http404 from None
    except DomainError as exc:
        panel = ActionPanel(
            action=action, needs_note=TRANSITIONS[action].needs_note, error=exc.message, values=request.POST.dict()
        )
        return _render_case(request, case, failed=panel, status=422)
    messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": action.label})
    return redirect("cases:detail", public_id=case.public_id)


@require_POST
@login_required
def reveal_view(request, public_id):
    case = _case_or_404(request.user, public_id)
    form = RevealForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        persons = services.identity_reveal(case_id=case.pk, actor=request.user, reason=reason)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except NotFoundError:
        raise Http404 from None
    except DomainError as exc:
        return _render_case(request, case, reveal_error=exc.message, reveal_reason=reason, status=422)
    # Rendered into this response only: never stored in the session, gone on the next page load.
    return _render_case(request, case, revealed=persons)


@login_required
def attachment_view(request, public_id, pk: int):
    user = request.user
    case = _case_or_404(user, public_id)
    attachment = case.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    if attachment.contains_identity:
        if not services.identity_visible_to(user, case):
            raise PermissionDenied
        if case.kind == Kind.DENUNCIATION:
            # The original letter carries the denouncer's name and handwriting: opening it is an audited reveal.
            try:
                services.identity_reveal(
                    case_id=case.pk, actor=user, reason=_("Tải tài liệu gốc số %(pk)s") % {"pk": attachment.pk}
                )
            except PermissionDeniedError:
                raise PermissionDenied from None
            except NotFoundError:
                raise Http404 from None
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    return _no_store(response)


@login_required
def notice_view(request, public_id, notice: str):
    user = request.user
    case = _case_or_404(user, public_id)
    try:
        notice = Notice(notice)
    except ValueError:
        raise Http404 from None
    if notice not in _available_notices(case):
        raise Http404
    if not has_perm(user, Perm.CASE_HANDLE, case):
        raise PermissionDenied
    try:
        filename, data = case_notice_docx(case=case, notice=notice, viewer=user)
    except PermissionDeniedError:
        raise PermissionDenied from None
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _no_store(response)


# --- reception desk ------------------------------------------------------------------------------------


def _submissions(reception: dict, blocks: list[dict]) -> list[services.Submission]:
    anonymous = reception["is_anonymous"]
    persons = []
    if not anonymous:
        persons.append(
            services.PersonInput(
                full_name=reception["full_name"],
                id_number=reception["id_number"],
                phone=reception["phone"],
                address=reception["address"],
            )
        )
    persons += [
        services.PersonInput(full_name=name, role=Person.Role.REPRESENTATIVE) for name in reception["representatives"]
    ]
    return [
        services.Submission(
            kind=block["kind"],
            channel=reception["channel"],
            category=block["category"],
            subject=block["subject"],
            body=block["body"],
            submitted_unit=reception["unit"],
            persons=list(persons),
            is_anonymous=anonymous,
            group_size=reception["group_size"],
            notify_email=reception["notify_email"] or "",
        )
        for block in blocks
    ]


@login_required
def reception_view(request):
    user = request.user
    if not has_perm(user, Perm.CASE_RECEIVE):
        raise PermissionDenied
    levels = [AdministrativeUnit.Level.PROVINCE, AdministrativeUnit.Level.COMMUNE]
    units = units_in_jurisdiction(user, Perm.CASE_RECEIVE, levels=levels)
    context = {"error": "", "max_blocks": MAX_BLOCKS}
    status = 200
    if request.method != "POST":
        single = units.first() if units.count() == 1 else None
        form = ReceptionForm(units=units, initial={"unit": single, "group_size": 1})
        blocks = content_blocks()
    elif "add_block" in request.POST:
        # "Thêm nội dung" without JavaScript: the same page again, with one more empty block and no errors yet.
        typed = typed_blocks(request.POST)
        form = ReceptionForm(units=units, initial=ReceptionForm.typed_values(request.POST))
        blocks = content_blocks(typed=typed[: MAX_BLOCKS - 1])
        blocks.forms[-1].fields["kind"].widget.attrs["autofocus"] = True  # straight to the new block
    else:
        form = ReceptionForm(request.POST, units=units)
        blocks = content_blocks(request.POST)
        status = 422
        if form.is_valid() and blocks.is_valid():
            filled = [block.cleaned_data for block in blocks.forms if block.cleaned_data]
            try:
                results = cases_submit_split(submissions=_submissions(form.cleaned_data, filled), actor=user)
            except PermissionDeniedError:
                raise PermissionDenied from None
            except DomainError as exc:
                context["error"] = exc.message
            else:
                # The PINs are shown once, here, to be handed to the citizen; they are stored only as hashes.
                return _no_store(render(request, "cases/reception_result.html", {"results": results}))
    context.update({"form": form, "blocks": blocks})
    return _no_store(render(request, "cases/reception.html", context, status=status))
