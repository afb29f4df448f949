"""People, roles, permissions and jurisdiction.

The permission vocabulary (``Role``, ``Perm``) is code; who holds which role where is data
(``RoleAssignment``). Every read of unit-scoped records goes through ``visible_to(user, perm)``;
object checks go through ``has_perm(user, perm, obj)``. Imports organizations, territory, core.
"""
