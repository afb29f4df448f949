"""Jurisdiction: every role × own unit, sibling unit, parent unit, for the records that exist so far."""

from datetime import date

import pytest

from danvan.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from danvan.accounts.scoping import has_perm, jurisdiction_paths
from danvan.organizations.models import Organization


@pytest.fixture
def orgs(make_org, province, commune_a, commune_b):
    return {"province": make_org(province), "a": make_org(commune_a), "b": make_org(commune_b)}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    ("_case", "assigned_to", "visible"),
    [
        ("commune officer sees own commune only", "commune_a", {"a"}),
        ("provincial officer sees the province and its communes", "province", {"province", "a", "b"}),
        ("officer of another province sees none of these", "other_province", set()),
    ],
)
@pytest.mark.django_db
def test_organizations_visible_by_jurisdiction(request, orgs, make_officer, role, _case, assigned_to, visible):
    # given
    officer = make_officer(role, request.getfixturevalue(assigned_to))
    # when
    seen = set(Organization.objects.visible_to(officer, Perm.UNIT_VIEW))
    # then: every role has UNIT_VIEW, so jurisdiction alone decides
    assert Perm.UNIT_VIEW in ROLE_PERMISSIONS[role]
    assert seen == {orgs[key] for key in visible}


@pytest.mark.django_db
def test_sibling_commune_record_is_404_like_a_missing_one(client, orgs, make_officer, commune_a):
    officer = make_officer(Role.CASE_HANDLER, commune_a)
    client.force_login(officer)
    assert client.get(f"/lam-viec/co-quan/{orgs['a'].pk}/").status_code == 200
    sibling = client.get(f"/lam-viec/co-quan/{orgs['b'].pk}/")
    missing = client.get("/lam-viec/co-quan/999999/")
    assert sibling.status_code == missing.status_code == 404
    assert orgs["b"].name not in sibling.content.decode()


@pytest.mark.django_db
def test_permission_follows_role_not_just_place(make_officer, commune_a, orgs):
    field_cadre = make_officer(Role.FIELD_CADRE, commune_a)
    leader = make_officer(Role.LEADER, commune_a)
    assert has_perm(field_cadre, Perm.CASE_VIEW, orgs["a"]) is False
    assert has_perm(leader, Perm.CASE_VIEW, orgs["a"]) is True
    assert has_perm(leader, Perm.CASE_VIEW, orgs["b"]) is False
    assert has_perm(leader, Perm.CASE_REVEAL_IDENTITY) is True
    assert has_perm(field_cadre, Perm.CASE_REVEAL_IDENTITY) is False


@pytest.mark.django_db
def test_expired_or_future_assignments_grant_nothing(make_officer, commune_a):
    from danvan.accounts.models import RoleAssignment

    officer = make_officer(Role.LEADER, commune_a)
    RoleAssignment.objects.filter(user=officer).update(valid_to=date(2025, 12, 31))
    assert jurisdiction_paths(officer, Perm.CASE_VIEW) == []
    future = make_officer(Role.LEADER, commune_a, valid_from=date(2099, 1, 1))
    assert jurisdiction_paths(future, Perm.CASE_VIEW) == []


@pytest.mark.django_db
def test_nationwide_assignment_and_nested_paths_collapse(make_officer, province, commune_a, orgs):
    admin = make_officer(Role.ADMINISTRATOR, None)
    assert jurisdiction_paths(admin, Perm.UNIT_VIEW) == ["/"]
    assert set(Organization.objects.visible_to(admin, Perm.UNIT_VIEW)) == set(orgs.values())
    officer = make_officer(Role.LEADER, province)
    from danvan.accounts.services import role_assign

    role_assign(user=officer, role=Role.LEADER, unit=commune_a)
    assert jurisdiction_paths(officer, Perm.CASE_VIEW) == [province.path]


@pytest.mark.django_db
def test_anonymous_sees_nothing(orgs):
    from django.contrib.auth.models import AnonymousUser

    assert list(Organization.objects.visible_to(AnonymousUser(), Perm.UNIT_VIEW)) == []


@pytest.mark.django_db
def test_role_cannot_be_granted_on_a_retired_unit(make_unit, make_officer):
    from danvan.accounts.services import role_assign
    from danvan.core.errors import ValidationFailed

    retired = make_unit("02", "Tỉnh Hà Giang", valid_from=date(2004, 1, 1), valid_to=date(2025, 7, 1))
    officer = make_officer(Role.LEADER, None)
    with pytest.raises(ValidationFailed):
        role_assign(user=officer, role=Role.LEADER, unit=retired)


@pytest.mark.django_db
def test_revoking_a_role_ends_access_from_that_day(make_officer, commune_a, orgs):
    from danvan.accounts.models import RoleAssignment
    from danvan.accounts.services import role_revoke

    officer = make_officer(Role.LEADER, commune_a)
    assert has_perm(officer, Perm.CASE_VIEW, orgs["a"]) is True
    role_revoke(assignment=RoleAssignment.objects.get(user=officer))
    next_request_user = type(officer).objects.get(pk=officer.pk)  # roles are read once per request
    assert has_perm(next_request_user, Perm.CASE_VIEW, orgs["a"]) is False
    assert RoleAssignment.objects.get(user=officer).valid_to is not None  # kept, for the record
