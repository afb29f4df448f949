"""The officer's pages of meetings: reception calendar and book, compliance, online conferences, dialogues
and commitments. Thin views: parse, resolve the record through the scoped selectors (out of jurisdiction is
404, exactly like missing), call one service, render. Domain errors come back as Vietnamese messages beside
what the officer typed."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm, units_in_jurisdiction
from danvan.cases.selectors import categories_active
from danvan.core.clock import local_date
from danvan.core.errors import DomainError, NotFoundError, PermissionDeniedError
from danvan.meetings import forms, selectors, services
from danvan.meetings.documents import conclusion_docx
from danvan.meetings.models import Commitment, ConnectionPoint, Dialogue, ReceptionSession, ReceptionVisit
from danvan.territory.models import AdministrativeUnit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LEVELS = [AdministrativeUnit.Level.PROVINCE, AdministrativeUnit.Level.COMMUNE]


def _manager(request) -> None:
    if not has_perm(request.user, Perm.MEETING_MANAGE):
        raise PermissionDenied


def _one(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None


def _units(user):
    return units_in_jurisdiction(user, Perm.MEETING_MANAGE, levels=LEVELS)


def _no_store(response):
    add_never_cache_headers(response)
    response["Cache-Control"] += ", no-store, private"
    return response


def _with_clocks(items, today: date, due_and_done) -> list[tuple]:
    """(item, clock) pairs for a list page: one working calendar for the whole page, not one per row."""
    items = list(items)
    return list(zip(items, selectors.due_infos(map(due_and_done, items), today), strict=True))


# --- Overview -------------------------------------------------------------------------------------------------


@login_required
def index(request):
    _manager(request)
    user, today = request.user, local_date()
    context = {
        "upcoming": selectors.sessions_visible_to(user)
        .filter(held_on__gte=today)
        .exclude(status=ReceptionSession.Status.CANCELLED)
        .order_by("held_on")[:8],
        "dialogues": selectors.dialogues_visible_to(user).order_by("-held_on")[:5],
        "overdue": selectors.commitments_visible_to(user).filter(selectors.commitments_overdue_q(today))[:10],
        "replies_due": selectors.visits_visible_to(user)
        .filter(replied_on__isnull=True, reply_due__isnull=False)
        .order_by("reply_due")[:10],
        "today": today,
    }
    return render(request, "meetings/index.html", context)


# --- Reception sessions ------------------------------------------------------------------------------


@login_required
def session_list(request):
    _manager(request)
    sessions = selectors.sessions_visible_to(request.user).order_by("-held_on", "-start_time")
    kind = request.GET.get("kind", "")
    if kind in ReceptionSession.Kind.values:
        sessions = sessions.filter(kind=kind)
    page = Paginator(sessions, 30).get_page(request.GET.get("page"))
    return render(
        request, "meetings/session_list.html", {"page": page, "kind": kind, "kinds": ReceptionSession.Kind.choices}
    )


@login_required
def session_create(request):
    _manager(request)
    user = request.user
    form = forms.SessionForm(request.POST or None)
    form.set_choices("unit", _units(user), _("— Chọn đơn vị —"))
    form.fields["duty"].queryset = selectors.duties_visible_to(user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.session_schedule(actor=user, **data)
            except PermissionDeniedError:
                raise PermissionDenied from None
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lên lịch tiếp công dân."))
                return redirect("meetings:session", public_id=session.public_id)
    return render(request, "meetings/session_form.html", {"form": form}, status=status)


def _session_context(request, session, **extra):
    user = request.user
    visits = session.visits.order_by("serial").prefetch_related("cases")
    today = local_date()
    context = {
        "session": session,
        "visits": _with_clocks(visits, today, lambda visit: (visit.reply_due, visit.replied_on)),
        "points": session.connection_points.all(),
        "conclusion_form": forms.ConclusionForm(
            initial={
                "conclusion": session.conclusion,
                "recipients": session.conclusion_recipients,
                "recording_url": session.recording_url,
            }
        ),
        "point_form": forms.ConnectionPointForm(),
        "can_receive": has_perm(user, Perm.CASE_RECEIVE, session),
        "is_past": session.held_on <= today,
    }
    context.update(extra)
    return context


@login_required
def session_detail(request, public_id):
    _manager(request)
    session = _one(selectors.sessions_visible_to(request.user), public_id=public_id)
    return render(request, "meetings/session_detail.html", _session_context(request, session))


@login_required
@require_POST
def session_status(request, public_id):
    _manager(request)
    session = _one(selectors.sessions_visible_to(request.user), public_id=public_id)
    status = request.POST.get("status", "")
    if status not in ReceptionSession.Status.values:
        raise Http404
    try:
        services.session_set_status(actor=request.user, session_id=session.pk, status=status)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật trạng thái buổi tiếp."))
    return redirect("meetings:session", public_id=public_id)


@login_required
@require_POST
def session_conclude(request, public_id):
    _manager(request)
    session = _one(selectors.sessions_visible_to(request.user), public_id=public_id)
    form = forms.ConclusionForm(request.POST)
    if form.is_valid():
        try:
            services.session_conclude(
                actor=request.user,
                session_id=session.pk,
                conclusion=form.cleaned_data["conclusion"],
                recipients=form.cleaned_data["recipients"],
                recording_url=form.cleaned_data["recording_url"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu kết luận buổi tiếp."))
            return redirect("meetings:session", public_id=public_id)
    context = _session_context(request, session, conclusion_form=form)
    return render(request, "meetings/session_detail.html", context, status=422)


@login_required
def session_conclusion_docx(request, public_id):
    _manager(request)
    session = _one(selectors.sessions_visible_to(request.user), public_id=public_id)
    if not session.conclusion:
        raise Http404
    name, content = conclusion_docx(session)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _no_store(response)


@login_required
@require_POST
def connection_point_add(request, public_id):
    _manager(request)
    session = _one(selectors.sessions_visible_to(request.user), public_id=public_id)
    form = forms.ConnectionPointForm(request.POST)
    if form.is_valid():
        try:
            services.connection_point_add(
                actor=request.user,
                session=session,
                name=form.cleaned_data["name"],
                chaired_by=form.cleaned_data["chaired_by"],
                expected=form.cleaned_data["expected"] or 0,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thêm điểm cầu."))
            return redirect("meetings:session", public_id=public_id)
    context = _session_context(request, session, point_form=form)
    return render(request, "meetings/session_detail.html", context, status=422)


@login_required
@require_POST
def connection_point_attendance(request, pk):
    _manager(request)
    point = _one(ConnectionPoint.objects.select_related("session", "conference"), pk=pk)
    parent = point.session or point.conference
    if not has_perm(request.user, Perm.MEETING_MANAGE, parent):
        raise Http404
    form = forms.AttendanceForm(request.POST)
    if form.is_valid():
        services.connection_point_attendance(actor=request.user, point=point, attended=form.cleaned_data["attended"])
        messages.success(request, _("Đã ghi số người tham dự."))
    else:
        messages.error(request, _("Số người tham dự không hợp lệ."))
    if point.session_id:
        return redirect("meetings:session", public_id=point.session.public_id)
    return redirect("meetings:conference", public_id=point.conference.public_id)


# --- The reception book ----------------------------------------------------------------------------------


def _blocks(data=None):
    formset_class = formset_factory(forms.BlockForm, extra=forms.MAX_BLOCKS, max_num=forms.MAX_BLOCKS)
    formset = formset_class(data, prefix="block")
    for block in formset.forms:
        block.fields["category"].queryset = categories_active()
        block.fields["category"].empty_label = _("— Chọn lĩnh vực —")
    return formset


@login_required
def visit_create(request, public_id):
    _manager(request)
    user = request.user
    session = _one(selectors.sessions_visible_to(user), public_id=public_id)
    form = forms.VisitForm(request.POST or None)
    blocks = _blocks(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and blocks.is_valid():
            data = form.cleaned_data
            filled = [block.cleaned_data for block in blocks.forms if block.cleaned_data]
            visit_input = services.VisitInput(
                unit=session.unit,
                session=session,
                visited_on=session.held_on,
                full_name=data["full_name"],
                id_number=data["id_number"],
                phone=data["phone"],
                address=data["address"],
                group_size=data["group_size"],
                representatives=data["representatives"],
                content=data["content"],
                past_handling=data["past_handling"],
                request=data["request"],
                outcome=data["outcome"],
                handling=data["handling"],
                refusal_reason=data["refusal_reason"],
                blocks=[services.ContentBlock(**block) for block in filled]
                if data["outcome"] == ReceptionVisit.Outcome.CASES
                else [],
            )
            try:
                visit = services.visit_record(actor=user, data=visit_input)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                count = visit.cases.count()
                if count:
                    messages.success(
                        request,
                        _("Đã ghi sổ tiếp công dân số %(serial)s và tạo %(n)s đơn.")
                        % {"serial": visit.serial, "n": count},
                    )
                else:
                    messages.success(request, _("Đã ghi sổ tiếp công dân số %(serial)s.") % {"serial": visit.serial})
                return redirect("meetings:visit", pk=visit.pk)
    context = {"session": session, "form": form, "blocks": blocks, "can_receive": has_perm(user, Perm.CASE_RECEIVE)}
    return _no_store(render(request, "meetings/visit_form.html", context, status=status))


@login_required
def visit_list(request):
    _manager(request)
    visits = selectors.visits_visible_to(request.user).order_by("-visited_on", "-serial")
    page = Paginator(visits, 30).get_page(request.GET.get("page"))
    rows = _with_clocks(page, local_date(), lambda visit: (visit.reply_due, visit.replied_on))
    return _no_store(render(request, "meetings/visit_list.html", {"page": page, "rows": rows}))


@login_required
def visit_detail(request, pk):
    _manager(request)
    visit = _one(selectors.visits_visible_to(request.user), pk=pk)
    form = forms.MarkForm(request.POST or None, initial={"on": local_date()})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.visit_mark(
                    actor=request.user, visit=visit, what=form.cleaned_data["what"], on=form.cleaned_data["on"]
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã ghi nhận."))
                return redirect("meetings:visit", pk=pk)
    reply, refusal = selectors.due_infos(
        [(visit.reply_due, visit.replied_on), (visit.refusal_notice_due, visit.refusal_notice_sent_on)], local_date()
    )
    context = {
        "visit": visit,
        "cases": visit.cases.all(),
        "reply": reply,
        "refusal": refusal,
        "refusal_label": dict(services.REFUSAL_REASONS).get(visit.refusal_reason, ""),
        "form": form,
    }
    return _no_store(render(request, "meetings/visit_detail.html", context, status=status))


# --- Compliance and duties ------------------------------------------------------------------------------


def _month(text: str) -> date | None:
    try:
        month, year = (int(part) for part in text.strip().split("/"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return None


@login_required
def compliance(request):
    _manager(request)
    today = local_date()
    default_start = date(today.year, today.month, 1) - timedelta(days=1)
    default_start = date(default_start.year, default_start.month, 1)
    form = forms.ComplianceFilterForm(request.GET or None)
    start = _month(request.GET.get("start", "")) or default_start
    end_month = _month(request.GET.get("end", "")) or date(today.year, today.month, 1)
    error = ""
    if end_month < start:
        error = _("Tháng kết thúc phải sau tháng bắt đầu.")
        end_month = start
    if (end_month.year - start.year) * 12 + end_month.month - start.month > 11:
        error = _("Xem tối đa 12 tháng mỗi lần.")
        end_month = date(start.year + 1, start.month, 1) - timedelta(days=1)
        end_month = date(end_month.year, end_month.month, 1)
    end = selectors._next_month(end_month) - timedelta(days=1)
    rows = selectors.compliance(selectors.duties_visible_to(request.user), start, end, today=today)
    context = {
        "form": form,
        "rows": rows,
        "start": start,
        "end": end,
        "error": error,
        "start_text": f"{start:%m/%Y}",
        "end_text": f"{end:%m/%Y}",
    }
    return render(request, "meetings/compliance.html", context)


@login_required
def duty_list(request):
    _manager(request)
    user = request.user
    form = forms.DutyForm(request.POST or None)
    form.set_choices("unit", _units(user), _("— Chọn đơn vị —"))
    form.fields["leader"].queryset = selectors.leaders_in_jurisdiction(user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.duty_assign(actor=user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã ghi nhận trách nhiệm tiếp công dân."))
                return redirect("meetings:duties")
    duties = selectors.duties_visible_to(user)
    return render(request, "meetings/duty_list.html", {"form": form, "duties": duties}, status=status)


# --- Online conferences ---------------------------------------------------------------------------------


@login_required
def conference_list(request):
    _manager(request)
    user = request.user
    form = forms.ConferenceForm(request.POST or None)
    form.set_choices("organization", selectors.organizations_in_jurisdiction(user), _("— Chọn cơ quan —"))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                conference = services.conference_schedule(actor=user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lên lịch hội nghị trực tuyến."))
                return redirect("meetings:conference", public_id=conference.public_id)
    conferences = selectors.conferences_visible_to(user)[:50]
    return render(request, "meetings/conference_list.html", {"form": form, "conferences": conferences}, status=status)


@login_required
def conference_detail(request, public_id):
    _manager(request)
    conference = _one(selectors.conferences_visible_to(request.user), public_id=public_id)
    point_form = forms.ConnectionPointForm(request.POST if "name" in request.POST else None)
    recording_form = forms.RecordingForm(
        request.POST if "recording_url" in request.POST else None,
        initial={"recording_url": conference.recording_url},
    )
    status = 200
    if request.method == "POST":
        status = 422
        target = point_form if point_form.is_bound else recording_form
        if target.is_valid():
            try:
                if target is point_form:
                    services.connection_point_add(
                        actor=request.user,
                        conference=conference,
                        name=point_form.cleaned_data["name"],
                        chaired_by=point_form.cleaned_data["chaired_by"],
                        expected=point_form.cleaned_data["expected"] or 0,
                    )
                else:
                    services.conference_set_recording(
                        actor=request.user,
                        conference=conference,
                        recording_url=recording_form.cleaned_data["recording_url"],
                    )
            except DomainError as exc:
                target.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lưu."))
                return redirect("meetings:conference", public_id=public_id)
    context = {
        "conference": conference,
        "points": conference.connection_points.all(),
        "point_form": point_form,
        "recording_form": recording_form,
    }
    return render(request, "meetings/conference_detail.html", context, status=status)


# --- Dialogues ----------------------------------------------------------------------------------------------


@login_required
def dialogue_list(request):
    _manager(request)
    dialogues = selectors.dialogues_visible_to(request.user).order_by("-held_on")
    page = Paginator(dialogues, 30).get_page(request.GET.get("page"))
    return render(request, "meetings/dialogue_list.html", {"page": page})


@login_required
def dialogue_create(request):
    _manager(request)
    user = request.user
    form = forms.DialogueForm(request.POST or None)
    form.set_choices("organization", selectors.organizations_in_jurisdiction(user), _("— Chọn cơ quan —"))
    form.set_choices("unit", _units(user), _("— Chọn địa bàn —"))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                dialogue = services.dialogue_plan(actor=user, **form.cleaned_data)
            except PermissionDeniedError:
                raise PermissionDenied from None
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lên kế hoạch đối thoại."))
                return redirect("meetings:dialogue", public_id=dialogue.public_id)
    return render(request, "meetings/dialogue_form.html", {"form": form}, status=status)


def _issue_form(data=None):
    form = forms.IssueForm(data, prefix="issue")
    form.fields["case_category"].queryset = categories_active()
    form.fields["case_category"].empty_label = _("— Chọn lĩnh vực —")
    return form


@login_required
def dialogue_detail(request, public_id):
    _manager(request)
    user = request.user
    dialogue = _one(selectors.dialogues_visible_to(user), public_id=public_id)
    action = request.POST.get("form", "") if request.method == "POST" else ""
    participant_form = forms.ParticipantForm(request.POST if action == "participant" else None, prefix="p")
    minutes_form = forms.MinutesForm(
        request.POST if action == "minutes" else None, prefix="m", initial={"minutes": dialogue.minutes}
    )
    issue_form = _issue_form(request.POST if action == "issue" else None)
    status = 200
    if action:
        status = 422
        form = {"participant": participant_form, "minutes": minutes_form, "issue": issue_form}.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "participant":
                    services.participant_add(actor=user, dialogue_id=dialogue.pk, **data)
                    done = _("Đã thêm thành phần tham dự.")
                elif action == "minutes":
                    services.dialogue_record_minutes(actor=user, dialogue_id=dialogue.pk, minutes=data["minutes"])
                    done = _("Đã lưu biên bản.")
                else:
                    services.issue_add(actor=user, dialogue_id=dialogue.pk, data=services.IssueInput(**data))
                    done = _("Đã ghi nhận ý kiến.")
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, done)
                return redirect("meetings:dialogue", public_id=public_id)
    context = {
        "dialogue": dialogue,
        "participants": dialogue.participants.all(),
        "issues": dialogue.issues.select_related("commitment", "case"),
        "participant_form": participant_form,
        "minutes_form": minutes_form,
        "issue_form": issue_form,
        "can_hold": dialogue.held_on <= local_date() and dialogue.status != Dialogue.Status.CANCELLED,
    }
    return render(request, "meetings/dialogue_detail.html", context, status=status)


# --- Commitments ----------------------------------------------------------------------------------------


@login_required
def commitment_list(request):
    _manager(request)
    today = local_date()
    commitments = selectors.commitments_visible_to(request.user)
    show = request.GET.get("show", "")
    if show == "overdue":
        commitments = commitments.filter(selectors.commitments_overdue_q(today))
    elif show in Commitment.Status.values:
        commitments = commitments.filter(status=show)
    page = Paginator(commitments.order_by("status", "due_date"), 30).get_page(request.GET.get("page"))
    rows = _with_clocks(page, today, lambda item: (item.due_date, item.done_on))
    return render(request, "meetings/commitment_list.html", {"page": page, "rows": rows, "show": show})


@login_required
def commitment_create(request):
    _manager(request)
    user = request.user
    form = forms.CommitmentForm(request.POST or None, initial={"committed_on": local_date()})
    form.set_choices("organization", selectors.organizations_in_jurisdiction(user), _("— Chọn cơ quan —"))
    form.set_choices("unit", _units(user), _("— Chọn địa bàn —"))
    form.fields["leader"].queryset = selectors.leaders_in_jurisdiction(user)
    form.fields["parent"].queryset = selectors.commitments_visible_to(user).filter(status=Commitment.Status.OPEN)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                commitment = services.commitment_create(actor=user, **form.cleaned_data)
            except PermissionDeniedError:
                raise PermissionDenied from None
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã ghi nhận cam kết %(code)s.") % {"code": commitment.code})
                return redirect("meetings:commitment", public_id=commitment.public_id)
    return render(request, "meetings/commitment_form.html", {"form": form}, status=status)


@login_required
def commitment_detail(request, public_id):
    _manager(request)
    user = request.user
    commitment = _one(selectors.commitments_visible_to(user), public_id=public_id)
    action = request.POST.get("form", "") if request.method == "POST" else ""
    progress_form = forms.ProgressForm(
        request.POST if action == "progress" else None,
        initial={"progress": commitment.progress, "on": local_date(), "is_public": True},
    )
    evidence_form = forms.EvidenceForm(
        request.POST if action == "evidence" else None, request.FILES if action == "evidence" else None
    )
    status = 200
    if action in ("progress", "evidence"):
        status = 422
        form = progress_form if action == "progress" else evidence_form
        if form.is_valid():
            try:
                if action == "progress":
                    services.commitment_progress(actor=user, commitment_id=commitment.pk, **form.cleaned_data)
                    done = _("Đã cập nhật tiến độ.")
                else:
                    services.evidence_add(actor=user, commitment=commitment, uploaded_file=form.cleaned_data["file"])
                    done = _("Đã thêm minh chứng.")
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, done)
                return redirect("meetings:commitment", public_id=public_id)
    elif action:
        raise Http404
    context = {
        "commitment": commitment,
        "due": selectors.due_infos([(commitment.due_date, commitment.done_on)], local_date())[0],
        "children": commitment.children.all(),
        "updates": commitment.updates.select_related("actor"),
        "evidence": commitment.evidence.all(),
        "issues": commitment.issues.select_related("dialogue"),
        "progress_form": progress_form,
        "evidence_form": evidence_form,
        "can_update": commitment.status == Commitment.Status.OPEN and not commitment.children.exists(),
    }
    return render(request, "meetings/commitment_detail.html", context, status=status)


@login_required
def evidence_download(request, public_id, pk):
    _manager(request)
    commitment = _one(selectors.commitments_visible_to(request.user), public_id=public_id)
    evidence = _one(commitment.evidence.all(), pk=pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@login_required
def commitment_import(request):
    _manager(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 5 * 1024 * 1024:
                form.add_error("file", _("Tệp vượt quá 5 MB."))
            else:
                try:
                    report = services.commitments_import(
                        actor=request.user, content=upload.read(), filename=upload.name
                    )
                except (DomainError, NotFoundError) as exc:
                    form.add_error("file", exc.message)
                else:
                    status = 200
    return render(request, "meetings/commitment_import.html", {"form": form, "report": report}, status=status)
