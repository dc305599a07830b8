"""The vocabulary of the authorization matrix (tests/test_authorization.py): roles and the
expected answer of each role for common kinds of page. Rows builders receive the world dict
(own_unit, other_unit, own_cadre, other_cadre, job) and may create what they need.
"""

__all__ = [
    "EVERYONE",
    "FORBIDDEN",
    "HEADS",
    "LISTS",
    "LOGIN",
    "NOT_ALLOWED",
    "NOT_FOUND",
    "OFFICE",
    "OK",
    "OTHER_UNIT_CHANGE",
    "OTHER_UNIT_VIEW",
    "OWN_UNIT_CHANGE",
    "OWN_UNIT_VIEW",
    "REDIRECT",
    "ROLES",
    "SEES_ALL",
    "SIGNED_IN",
    "UNIT_WORKERS",
    "with_changes",
    "row",
]

ROLES = [
    "anonymous",
    "unit_staff",
    "unit_head",
    "other_staff",
    "vhxh_officer",
    "council_member",
    "council_secretary",
    "chairman",
    "administrator",
]

OK, FORBIDDEN, LOGIN, REDIRECT, NOT_FOUND, NOT_ALLOWED = 200, 403, "login", 302, 404, 405


def row(anonymous, staff, head, other_staff, vhxh, member, secretary, chairman, admin):
    return dict(
        zip(
            ROLES,
            [anonymous, staff, head, other_staff, vhxh, member, secretary, chairman, admin],
            strict=True,
        )
    )


EVERYONE = row(OK, OK, OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN = row(LOGIN, OK, OK, OK, OK, OK, OK, OK, OK)
OFFICE = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
LISTS = row(LOGIN, OK, OK, OK, OK, FORBIDDEN, FORBIDDEN, OK, OK)
OWN_UNIT_VIEW = row(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK, OK)
OTHER_UNIT_VIEW = row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, FORBIDDEN, OK, OK)
OWN_UNIT_CHANGE = row(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
OTHER_UNIT_CHANGE = row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
UNIT_WORKERS = row(LOGIN, OK, OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
SEES_ALL = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK, OK)
HEADS = row(LOGIN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)


def with_changes(base, **changes):
    """`base` (a role -> expected status map) with some roles' expectations changed."""
    return {**base, **changes}
