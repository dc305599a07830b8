"""Permissions on cross-app objects."""

import rules

from .roles import Role, roles_of, sees_all


@rules.predicate
def is_job_owner(user, job) -> bool:
    return job is not None and job.owner_id == user.pk


rules.add_perm("thiduaportal.view_job", rules.is_authenticated & is_job_owner)


@rules.predicate
def is_office(user) -> bool:
    """The Culture and Society office or an administrator."""
    return bool(roles_of(user) & {Role.VHXH_OFFICER, Role.ADMIN})


rules.add_perm("thiduaportal.view_audit", is_office)
# Views that show every unit, or only the user's own, ask this.
rules.add_perm("thiduaportal.view_all_units", sees_all)
