from __future__ import annotations

from datetime import date

from django.db import transaction

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import Role
from danvan.accounts.scoping import forget_assignments
from danvan.core.audit import audit_record
from danvan.core.clock import local_date
from danvan.core.errors import ValidationFailed
from danvan.core.text import normalize
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit


@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    password: str | None,
    email: str = "",
    phone: str = "",
    actor: object = None,
    is_staff: bool = False,
) -> User:
    user = User(
        username=username.strip().lower(), full_name=normalize(full_name), email=email, phone=phone, is_staff=is_staff
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(action="accounts.user_created", actor=actor, target=user)
    return user


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: Role,
    unit: AdministrativeUnit | None = None,
    organization: Organization | None = None,
    valid_from: date | None = None,
    actor: object = None,
) -> RoleAssignment:
    """Grant a role over a unit (or nationwide). The unit follows the organisation when only that is given."""
    if organization is not None and unit is None:
        unit = organization.unit
    if unit is not None and not unit.is_current:
        raise ValidationFailed("Không thể phân quyền trên đơn vị hành chính đã hết hiệu lực.")
    valid_from = valid_from or local_date()
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        unit=unit,
        organization=organization,
        valid_to=None,
        defaults={"valid_from": valid_from, "granted_by": actor if isinstance(actor, User) else None},
    )
    if created:
        audit_record(
            action="accounts.role_assigned",
            actor=actor,
            target=assignment,
            unit_path=unit.path if unit else "/",
            data={"user": user.pk, "role": str(role)},
        )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: object = None, on: date | None = None) -> None:
    on = on or local_date()
    locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.valid_to is not None and locked.valid_to <= on:
        return
    unit_path = locked.unit.path if locked.unit_id else "/"
    if on <= locked.valid_from:
        locked.delete()  # never took effect: nothing to keep
    else:
        locked.valid_to = on
        locked.save(update_fields=["valid_to", "updated_at"])
    forget_assignments(assignment.user)
    audit_record(
        action="accounts.role_revoked",
        actor=actor,
        object_type="accounts.roleassignment",
        object_id=str(assignment.pk),
        unit_path=unit_path,
    )
