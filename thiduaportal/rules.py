"""Permissions on cross-app objects."""

import rules


@rules.predicate
def is_job_owner(user, job) -> bool:
    return job is not None and job.owner_id == user.pk


rules.add_perm("thiduaportal.view_job", rules.is_authenticated & is_job_owner)
