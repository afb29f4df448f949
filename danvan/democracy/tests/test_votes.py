"""Community decisions (Luật Thực hiện dân chủ ở cơ sở 2022, Arts. 15–22; Decree 59/2023): thresholds are
counted against ALL households of the village."""

from datetime import UTC, date, datetime

import pytest

from danvan.core.errors import PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.democracy import legal
from danvan.democracy.models import CommunityVote, HouseholdBallot, Matter, VoteForm
from danvan.democracy.services import (
    VoteInput,
    commune_vote_create,
    vote_create,
    vote_mark_sent,
    vote_record_ballot,
    vote_record_counts,
    vote_record_recognition,
)

pytestmark = pytest.mark.django_db
VOTE_DAY = date(2026, 10, 14)


def _vote(village, matter, form=VoteForm.MEETING, **extra):
    return vote_create(
        actor=None,
        village=village,
        data=VoteInput(matter=matter, form=form, title="Biểu quyết thử", vote_date=VOTE_DAY, **extra),
    )


def _result(vote, approve, present=None):
    return vote_record_counts(actor=None, vote_id=vote.pk, households_present=present or 110, approve=approve, reject=0)


@pytest.mark.parametrize(("approve", "passes"), [(61, True), (60, False)])
def test_convention_needs_more_than_half_of_all_120_households(villages, households, approve, passes):
    vote = _result(_vote(villages[0], Matter.CONVENTION), approve)
    assert vote.households_total == 120
    assert vote.passed is passes


def test_sixty_of_sixty_present_still_fails_a_convention(villages, households):
    """Everyone present approves, but 60 of 120 households is not more than half of all households."""
    vote = _result(_vote(villages[0], Matter.CONVENTION), 60, present=60)
    assert vote.passed is False


@pytest.mark.parametrize(("approve", "passes"), [(80, True), (79, False)])
def test_contribution_needs_two_thirds_of_all_households(villages, households, approve, passes):
    vote = _result(_vote(villages[0], Matter.WORKS), approve)
    assert vote.passed is passes


@pytest.mark.parametrize("matter", [Matter.VILLAGE_HEAD, Matter.BOARD_MEMBERS, Matter.OTHER])
def test_elections_and_other_matters_need_more_than_half(villages, households, matter):
    assert _result(_vote(villages[0], matter), 61).passed is True
    assert _result(_vote(villages[1], matter), 60).passed is False


def test_online_vote_refused_when_fewer_than_half_opted_in(villages, households):
    with pytest.raises(ValidationFailed, match=r"mới có 50/120 hộ .* cần hơn một nửa số hộ"):
        _vote(villages[0], Matter.OTHER, form=VoteForm.ONLINE)
    assert not CommunityVote.objects.exists()


def test_online_vote_allowed_above_half_but_only_for_other_matters(villages, households):
    households(villages[0], online_opt_in=60, as_of=date(2026, 6, 1))  # exactly half: still refused
    with pytest.raises(ValidationFailed, match="cần hơn một nửa"):
        _vote(villages[0], Matter.OTHER, form=VoteForm.ONLINE)
    households(villages[0], online_opt_in=61, as_of=date(2026, 7, 1))
    assert _vote(villages[0], Matter.OTHER, form=VoteForm.ONLINE).form == VoteForm.ONLINE
    with pytest.raises(ValidationFailed, match="công việc tự quản khác"):
        _vote(villages[0], Matter.FUNDS, form=VoteForm.ONLINE)


def test_household_count_in_force_on_the_vote_date_is_used(villages, households):
    households(villages[0], households=150, as_of=date(2026, 11, 1))  # after the vote: not used
    assert _vote(villages[0], Matter.OTHER).households_total == 120


def test_no_household_count_no_vote(villages):
    with pytest.raises(ValidationFailed, match="Chưa có số hộ gia đình của Khu vực 1"):
        _vote(villages[0], Matter.OTHER)


def test_conventions_are_decided_at_a_meeting_unless_the_ballot_is_a_fallback(villages, households):
    with pytest.raises(ValidationFailed, match="phải quyết định tại hội nghị"):
        _vote(villages[0], Matter.CONVENTION, form=VoteForm.BALLOT)
    assert _vote(villages[0], Matter.CONVENTION, form=VoteForm.BALLOT, ballot_is_fallback=True).pk


def test_clusters_only_from_200_households(villages, households):
    with pytest.raises(ValidationFailed, match="từ 200 hộ trở lên"):
        _vote(villages[0], Matter.OTHER, clusters=2)
    households(villages[1], households=200, as_of=date(2026, 9, 1))
    assert _vote(villages[1], Matter.OTHER, clusters=2).clusters == 2


def test_citizen_initiative_needs_ten_percent_of_households(villages, households):
    with pytest.raises(ValidationFailed, match="ít nhất 10% số hộ"):
        _vote(villages[0], Matter.OTHER, is_initiative=True, initiative_supporters=11)
    assert _vote(villages[0], Matter.OTHER, is_initiative=True, initiative_supporters=12).is_initiative


def _commune_vote(commune):
    return commune_vote_create(
        actor=None,
        commune=commune,
        data=VoteInput(matter=Matter.WORKS, form=VoteForm.MEETING, title="Bê tông hóa đường", vote_date=VOTE_DAY),
    )


def test_commune_wide_contribution_passes_with_two_of_three_villages(commune_a, villages, households):
    parent = _commune_vote(commune_a)
    first, second, third = parent.parts.order_by("village__code")
    _result(first, 80)
    _result(second, 79)  # fails in its village
    parent.refresh_from_db()
    assert parent.passed is None  # one village still to vote; 2 of 3 still possible
    _result(third, 90)
    parent.refresh_from_db()
    assert (parent.approve, parent.households_total, parent.passed) == (2, 3, True)


def test_commune_wide_contribution_fails_with_one_of_three_villages(commune_a, villages, households):
    parent = _commune_vote(commune_a)
    first, second, third = parent.parts.order_by("village__code")
    _result(first, 100)
    _result(second, 79)
    parent.refresh_from_db()
    assert parent.passed is None
    _result(third, 10)
    parent.refresh_from_db()
    assert (parent.approve, parent.passed) == (1, False)


def test_commune_wide_vote_fails_early_once_two_thirds_cannot_be_reached(commune_a, villages, households):
    parent = _commune_vote(commune_a)
    first, second, _third = parent.parts.order_by("village__code")
    _result(first, 1)
    _result(second, 1)
    parent.refresh_from_db()
    assert parent.passed is False


def test_commune_wide_vote_only_for_contributions(commune_a, villages, households):
    with pytest.raises(ValidationFailed, match="Chỉ nội dung 1 và 2"):
        commune_vote_create(
            actor=None,
            commune=commune_a,
            data=VoteInput(matter=Matter.CONVENTION, form=VoteForm.MEETING, title="Hương ước", vote_date=VOTE_DAY),
        )


def test_ballots_per_household_one_each_counts_follow(villages, households):
    vote = _vote(villages[0], Matter.OTHER)
    vote_record_ballot(actor=None, vote_id=vote.pk, household="Hộ số 1", representative="Trần Văn An", choice="approve")
    vote_record_ballot(actor=None, vote_id=vote.pk, household="Hộ số 2", representative="Lê Thị Bình", choice="reject")
    with pytest.raises(ValidationFailed, match="Hộ Hộ số 1 đã có phiếu"):
        vote_record_ballot(
            actor=None, vote_id=vote.pk, household="Hộ số 1", representative="Trần Văn Ba", choice="reject"
        )
    vote.refresh_from_db()
    assert (vote.households_present, vote.approve, vote.reject, vote.passed) == (2, 1, 1, False)
    assert HouseholdBallot.objects.filter(vote=vote).count() == 2
    with pytest.raises(TransitionNotAllowed):
        vote_record_counts(actor=None, vote_id=vote.pk, households_present=100, approve=90, reject=0)


def test_result_counts_are_validated(villages, households):
    vote = _vote(villages[0], Matter.OTHER)
    with pytest.raises(ValidationFailed, match="vượt quá tổng số hộ"):
        vote_record_counts(actor=None, vote_id=vote.pk, households_present=121, approve=61, reject=0)
    with pytest.raises(ValidationFailed, match="không được vượt quá số hộ tham dự"):
        vote_record_counts(actor=None, vote_id=vote.pk, households_present=70, approve=61, reject=10)


def test_record_sent_and_recognised_within_five_working_days_around_tet(villages, households):
    """Vote on Friday 29/1/2027; Tết 2027 is off from Thu 4/2 to Wed 10/2 (territory.calendar).
    Send by: Mon 1, Tue 2, Wed 3, Thu 11, Fri 12/2 → 12/02/2027. Sent on 12/2: recognition by
    Mon 15, Tue 16, Wed 17, Thu 18, Fri 19/2 → 19/02/2027."""
    vote = vote_create(
        actor=None,
        village=villages[0],
        data=VoteInput(matter=Matter.CONVENTION, form=VoteForm.MEETING, title="Hương ước", vote_date=date(2027, 1, 29)),
    )
    vote = _result(vote, 90)
    assert vote.send_due == date(2027, 2, 12)
    later = datetime(2027, 3, 1, 3, tzinfo=UTC)
    vote = vote_mark_sent(actor=None, vote_id=vote.pk, sent_on=date(2027, 2, 12), now=later)
    assert vote.recognition_due == date(2027, 2, 19)
    vote = vote_record_recognition(
        actor=None, vote_id=vote.pk, recognised=True, decided_on=date(2027, 2, 18), reference="15/QĐ-UBND", now=later
    )
    assert vote.status == CommunityVote.Status.RECOGNISED


def test_other_matters_take_effect_without_recognition(villages, households):
    vote = _result(_vote(villages[0], Matter.OTHER), 70)
    vote = vote_mark_sent(actor=None, vote_id=vote.pk, sent_on=date(2026, 10, 16))
    assert vote.recognition_due is None
    with pytest.raises(TransitionNotAllowed):
        vote_record_recognition(actor=None, vote_id=vote.pk, recognised=True, decided_on=date(2026, 10, 19))


def test_village_head_votes_only_in_own_village(villages, households, village_head, outsider):
    data = VoteInput(matter=Matter.OTHER, form=VoteForm.MEETING, title="Trồng cây xanh", vote_date=VOTE_DAY)
    assert vote_create(actor=village_head, village=villages[0], data=data).unit_path == villages[0].path
    with pytest.raises(PermissionDeniedError):
        vote_create(actor=village_head, village=villages[1], data=data)
    with pytest.raises(PermissionDeniedError):
        vote_create(actor=outsider, village=villages[0], data=data)


def test_pure_rules_use_exact_fractions():
    assert legal.village_vote_passes("quy", 80, 120) and not legal.village_vote_passes("quy", 79, 120)
    assert legal.commune_vote_passes(2, 3) and not legal.commune_vote_passes(1, 3)
    assert not legal.village_vote_passes("khac", 0, 0)
