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
