import pytest

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import Perm, Role
from danvan.demo.personas import PERSONAS
from danvan.demo.services import demo_build
from danvan.organizations.models import Organization
from danvan.territory.loader import load_units


@pytest.mark.django_db
def test_demo_builds_once_with_one_persona_per_role():
    load_units()
    demo_build()
    counts = (User.objects.count(), Organization.objects.count(), RoleAssignment.objects.count())
    demo_build()
    assert (User.objects.count(), Organization.objects.count(), RoleAssignment.objects.count()) == counts
    assert {persona.role for persona in PERSONAS} == set(Role)
    coordinator = User.objects.get(username="dieuphoi")
    seen = Organization.objects.visible_to(coordinator, Perm.UNIT_VIEW)
    assert seen.filter(unit__name="Tỉnh Lai Châu").exists()
    assert not seen.filter(unit__name="Thành phố Cần Thơ").exists()
    assert seen.filter(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu").exists()


@pytest.mark.django_db
def test_demo_cases_are_made_through_the_workflow_once():
    from danvan.cases.models import Case
    from danvan.core.audit import audit_verify
    from danvan.demo.cases import demo_cases_build

    load_units()
    demo_build()
    assert demo_cases_build(count=40) == 40
    assert demo_cases_build(count=40) == 0
    assert Case.objects.count() == 40
    assert len(set(Case.objects.values_list("status", flat=True))) >= 5
    assert all(case.events.exists() for case in Case.objects.all())
    assert audit_verify().ok
