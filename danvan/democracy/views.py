"""Officer pages of grassroots democracy (workspace, /lam-viec/dan-chu-co-so/). Thin views: parse the form,
resolve records through the scoped selectors (outside the jurisdiction looks like missing: 404), call one
service, and show its Vietnamese message beside what the officer typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.core.clock import local_date
from danvan.core.errors import DomainError
from danvan.democracy import forms, selectors, services
from danvan.democracy.documents import quarterly_list_docx, quarterly_list_xlsx, vote_record_docx
from danvan.democracy.models import Board, CommunityVote, Disclosure, DisclosureGroup

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_manage(user) -> None:
    if not has_perm(user, Perm.DEMOCRACY_MANAGE):
        raise Http404


def _attempt(form, call):
    """Run a service; a domain error becomes a form error (the form keeps what was typed)."""
    try:
        return call()
    except DomainError as error:
        form.add_error(None, error.message)
        return None


def _download(content: bytes, name: str, mime: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def index(request):
    _require_manage(request.user)
    today = local_date()
    context = {
        "counts": selectors.desk_counts(request.user, today=today),
        "groups": DisclosureGroup.objects.all(),
    }
    return render(request, "democracy/index.html", context)


# --- Disclosures ----------------------------------------------------------------------------------------


@login_required
def disclosure_list(request):
    _require_manage(request.user)
    today = local_date()
    queryset = selectors.disclosure_search(
        selectors.disclosures_visible_to(request.user),
        q=request.GET.get("q", "")[:100],
        commune_id=request.GET.get("commune") if request.GET.get("commune", "").isdigit() else None,
        group=request.GET.get("group") if request.GET.get("group", "").isdigit() else None,
    )
    rows = selectors.disclosure_rows(queryset[:200], today=today)
    context = {
        "rows": rows,
        "communes": selectors.communes_managed(request.user),
        "groups": DisclosureGroup.objects.all(),
        "filters": request.GET,
    }
    return render(request, "democracy/disclosure_list.html", context)


def _disclosure_input(data) -> services.DisclosureInput:
    return services.DisclosureInput(
        group=data["group"],
        title=data["title"],
        summary=data["summary"],
        decision_reference=data["decision_reference"],
        decision_date=data["decision_date"],
        special_deadline=data["special_deadline"],
        special_deadline_basis=data["special_deadline_basis"],
        channels=data["channels"],
        published_on=data["published_on"],
        taken_down_on=data["taken_down_on"],
        loudspeaker_from=data["loudspeaker_from"],
        loudspeaker_days=data["loudspeaker_days"] or 0,
    )


@login_required
def disclosure_edit(request, pk: int | None = None):
    _require_manage(request.user)
    disclosure = None
    if pk is not None:
        try:
            disclosure = selectors.disclosure_for(request.user, pk)
        except Disclosure.DoesNotExist:
            raise Http404 from None
    communes = selectors.communes_managed(request.user)
    initial = {}
    if disclosure is not None:
        initial = {
            field: getattr(disclosure, field) for field in forms.DisclosureForm.base_fields if field != "commune"
        }
        initial["commune"] = disclosure.commune
    form = forms.DisclosureForm(request.POST or None, communes=communes, initial=initial)
    if disclosure is not None:
        form.fields["commune"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = _disclosure_input(form.cleaned_data)
        if disclosure is None:
            saved = _attempt(
                form,
                lambda: services.disclosure_create(actor=request.user, commune=form.cleaned_data["commune"], data=data),
            )
        else:
            saved = _attempt(
                form, lambda: services.disclosure_update(actor=request.user, disclosure_id=disclosure.pk, data=data)
            )
        if saved is not None:
            messages.success(
                request,
                _("Đã lưu. Hạn công khai: %(date)s.") % {"date": saved.deadline.strftime("%d/%m/%Y")},
            )
            return redirect("democracy:disclosure_edit", pk=saved.pk)
    context = {"form": form, "disclosure": disclosure}
    if disclosure is not None:
        context["problems"] = [
            selectors.PROBLEM_LABELS[p] for p in selectors.disclosure_problems(disclosure, today=local_date())
        ]
        context["posting_ends"] = selectors.posting_ends(disclosure)
    return render(request, "democracy/disclosure_form.html", context)


@login_required
def disclosure_compliance(request):
    _require_manage(request.user)
    commune = request.GET.get("commune", "")
    rows = selectors.compliance_rows(
        request.user, today=local_date(), commune_id=int(commune) if commune.isdigit() else None
    )
    context = {"rows": rows, "communes": selectors.communes_managed(request.user), "filters": request.GET}
    return render(request, "democracy/compliance.html", context)


@login_required
def quarterly(request):
    _require_manage(request.user)
    today = local_date()
    communes = selectors.communes_managed(request.user)
    try:
        year = int(request.GET.get("year") or today.year)
        quarter = int(request.GET.get("quarter") or (today.month - 1) // 3 + 1)
    except ValueError:
        year, quarter = today.year, (today.month - 1) // 3 + 1
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        year, quarter = today.year, (today.month - 1) // 3 + 1
    commune = None
    if request.GET.get("commune", "").isdigit():
        commune = communes.filter(pk=int(request.GET["commune"])).first()
        if commune is None:
            raise Http404
    elif communes.count() == 1:
        commune = communes.first()
    items = selectors.quarterly_list(commune, year, quarter) if commune else []
    file_format = request.GET.get("format")
    if commune is not None and file_format == "xlsx":
        return _download(
            quarterly_list_xlsx(commune, year, quarter, items), f"danh-muc-cong-khai-{year}-q{quarter}.xlsx", XLSX
        )
    if commune is not None and file_format == "docx":
        return _download(
            quarterly_list_docx(commune, year, quarter, items), f"danh-muc-cong-khai-{year}-q{quarter}.docx", DOCX
        )
    context = {
        "communes": communes,
        "commune": commune,
        "year": year,
        "quarter": quarter,
        "quarters": [1, 2, 3, 4],
        "items": items,
    }
    return render(request, "democracy/quarterly.html", context)


# --- Villages and votes ---------------------------------------------------------------------------------


@login_required
def villages(request):
    _require_manage(request.user)
    village_units = selectors.villages_managed(request.user)
    form = forms.VillageHouseholdsForm(request.POST or None, villages=village_units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _attempt(
            form,
            lambda: services.village_households_record(
                actor=request.user,
                village=data["village"],
                as_of=data["as_of"],
                households=data["households"],
                online_opt_in=data["online_opt_in"] or 0,
                source=data["source"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã cập nhật số hộ của %(village)s.") % {"village": saved.village.name})
            return redirect("democracy:villages")
    return render(request, "democracy/villages.html", {"rows": selectors.village_rows(request.user), "form": form})


@login_required
def vote_list(request):
    _require_manage(request.user)
    votes = selectors.votes_visible_to(request.user).filter(parent__isnull=True)
    if request.GET.get("status") in CommunityVote.Status.values:
        votes = votes.filter(status=request.GET["status"])
    context = {"votes": votes[:200], "statuses": CommunityVote.Status.choices, "today": local_date()}
    return render(request, "democracy/vote_list.html", context)


@login_required
def vote_create(request):
    _require_manage(request.user)
    form = forms.VoteCreateForm(
        request.POST or None,
        villages=selectors.villages_managed(request.user),
        communes=selectors.communes_managed(request.user),
        initial={"clusters": 1},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vote_input = services.VoteInput(
            matter=data["matter"],
            form=data["form"],
            title=data["title"],
            content=data["content"],
            vote_date=data["vote_date"],
            clusters=data["clusters"],
            ballot_is_fallback=data["ballot_is_fallback"],
            is_initiative=data["is_initiative"],
            initiative_supporters=data["initiative_supporters"] or 0,
        )
        if data["village"]:
            vote = _attempt(
                form, lambda: services.vote_create(actor=request.user, village=data["village"], data=vote_input)
            )
        else:
            vote = _attempt(
                form,
                lambda: services.commune_vote_create(actor=request.user, commune=data["commune"], data=vote_input),
            )
        if vote is not None:
            messages.success(request, _("Đã tạo cuộc biểu quyết."))
            return redirect("democracy:vote_detail", pk=vote.pk)
    return render(request, "democracy/vote_form.html", {"form": form})


def _vote_or_404(user, pk) -> CommunityVote:
    try:
        return selectors.vote_for(user, pk)
    except CommunityVote.DoesNotExist:
        raise Http404 from None


@login_required
def vote_detail(request, pk: int):
    vote = _vote_or_404(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    counts_form = forms.VoteCountsForm(
        request.POST if action == "counts" else None,
        initial={
            "households_present": vote.households_present or None,
            "approve": vote.approve if vote.passed is not None else None,
            "reject": vote.reject if vote.passed is not None else None,
            "village_head_name": vote.village_head_name,
            "front_head_name": vote.front_head_name,
            "representative_names": vote.representative_names,
        },
        prefix="counts",
    )
    ballot_form = forms.BallotForm(request.POST if action == "ballot" else None, prefix="ballot")
    sent_form = forms.SentForm(
        request.POST if action == "sent" else None, prefix="sent", initial={"sent_on": local_date()}
    )
    recognition_form = forms.RecognitionForm(request.POST if action == "recognition" else None, prefix="recognition")
    forms_by_action = {"counts": counts_form, "ballot": ballot_form, "sent": sent_form, "recognition": recognition_form}
    form = forms_by_action.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        calls = {
            "counts": lambda: services.vote_record_counts(actor=request.user, vote_id=vote.pk, **data),
            "ballot": lambda: services.vote_record_ballot(actor=request.user, vote_id=vote.pk, **data),
            "sent": lambda: services.vote_mark_sent(actor=request.user, vote_id=vote.pk, **data),
            "recognition": lambda: services.vote_record_recognition(actor=request.user, vote_id=vote.pk, **data),
        }
        if _attempt(form, calls[action]) is not None:
            messages.success(request, _("Đã ghi nhận."))
            return redirect("democracy:vote_detail", pk=vote.pk)
    context = {
        "vote": vote,
        "parts": vote.parts.select_related("village").order_by("village__name_sort"),
        "ballots": vote.ballots.all(),
        "counts_form": counts_form,
        "ballot_form": ballot_form,
        "sent_form": sent_form,
        "recognition_form": recognition_form,
        "open_action": action,
        "today": local_date(),
        "editable": vote.status in (CommunityVote.Status.PLANNED, CommunityVote.Status.DECIDED)
        and vote.scope == CommunityVote.Scope.VILLAGE,
    }
    return render(request, "democracy/vote_detail.html", context)


@login_required
def vote_record(request, pk: int):
    vote = _vote_or_404(request.user, pk)
    name, content = vote_record_docx(vote)
    return _download(content, name, DOCX)


@login_required
def consultations(request):
    _require_manage(request.user)
    form = forms.ConsultationForm(request.POST or None, communes=selectors.communes_managed(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _attempt(
            form,
            lambda: services.consultation_create(
                actor=request.user,
                commune=data["commune"],
                topic=data["topic"],
                title=data["title"],
                forms=data["forms_used"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                result=data["result"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã ghi nhận việc lấy ý kiến."))
            return redirect("democracy:consultations")
    items = selectors.consultations_visible_to(request.user)[:200]
    return render(request, "democracy/consultations.html", {"items": items, "form": form})


# --- Boards ---------------------------------------------------------------------------------------------


@login_required
def board_list(request):
    _require_manage(request.user)
    form = forms.BoardForm(request.POST or None, communes=selectors.communes_managed(request.user))
    if request.method == "POST" and form.is_valid():
        board = _attempt(form, lambda: services.board_create(actor=request.user, **form.cleaned_data))
        if board is not None:
            messages.success(request, _("Đã thành lập ban."))
            return redirect("democracy:board_detail", pk=board.pk)
    context = {
        "boards": selectors.boards_visible_to(request.user),
        "overdue": selectors.recommendations_overdue(request.user, today=local_date()),
        "form": form,
    }
    return render(request, "democracy/board_list.html", context)


@login_required
def board_detail(request, pk: int):
    try:
        board = selectors.board_for(request.user, pk)
    except Board.DoesNotExist:
        raise Http404 from None
    action = request.POST.get("action", "") if request.method == "POST" else ""
    villages = board.commune.children.filter(valid_to__isnull=True).order_by("name_sort")
    member_form = forms.MemberForm(request.POST if action == "member" else None, villages=villages, prefix="member")
    plan_form = forms.PlanForm(request.POST if action == "plan" else None, prefix="plan")
    rec_form = forms.RecommendationForm(request.POST if action == "recommendation" else None, prefix="rec")
    answer_id = int(action.split("-")[1]) if action.startswith("answer-") and action[7:].isdigit() else None
    answer_form = forms.AnswerForm(request.POST if answer_id else None, prefix="answer")
    calls = {
        "member": (member_form, lambda d: services.board_member_add(actor=request.user, board_id=board.pk, **d)),
        "plan": (plan_form, lambda d: services.board_plan_add(actor=request.user, board_id=board.pk, **d)),
        "recommendation": (
            rec_form,
            lambda d: services.recommendation_create(actor=request.user, board_id=board.pk, **d),
        ),
    }
    if answer_id:
        if not board.recommendations.filter(pk=answer_id).exists():
            raise Http404
        calls[action] = (
            answer_form,
            lambda d: services.recommendation_answer(actor=request.user, recommendation_id=answer_id, **d),
        )
    if action in calls:
        form, call = calls[action]
        if form.is_valid() and _attempt(form, lambda: call(form.cleaned_data)) is not None:
            messages.success(request, _("Đã ghi nhận."))
            return redirect("democracy:board_detail", pk=board.pk)
    members = list(board.members.select_related("village"))
    today = local_date()
    recommendations = [
        {"item": item, "overdue": item.answered_on is None and item.answer_due < today}
        for item in board.recommendations.all()
    ]
    context = {
        "board": board,
        "members": members,
        "minimum": selectors.board_minimum(board),
        "plans": board.plans.all(),
        "recommendations": recommendations,
        "member_form": member_form,
        "plan_form": plan_form,
        "rec_form": rec_form,
        "answer_form": answer_form,
        "answer_id": answer_id,
        "action": action,
        "today": today,
    }
    return render(request, "democracy/board_detail.html", context)


# --- Public portal --------------------------------------------------------------------------------------


def public_index(request):
    """cong-khai/: choose a province, then a commune."""
    from danvan.territory.selectors import communes_current, province_current, provinces_current

    province = province_current(request.GET.get("province"))
    context = {
        "provinces": provinces_current(),
        "province": province,
        "communes": communes_current(province).order_by("name_sort") if province else [],
    }
    return render(request, "democracy/public_index.html", context)


def public_commune(request, commune_id: int):
    """cong-khai/<commune id>/: what the commune has published and still posts (Arts. 11–13)."""
    commune = selectors.public_commune(commune_id)
    if commune is None:
        raise Http404
    today = local_date()
    items = selectors.public_disclosures(commune, today=today)
    groups: dict[int, dict] = {}
    for item in items:
        groups.setdefault(item.group.number, {"group": item.group, "items": []})["items"].append(item)
    context = {"commune": commune, "groups": list(groups.values()), "count": len(items), "today": today}
    return render(request, "democracy/public_commune.html", context)
