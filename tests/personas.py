"""The personas' units and logins, shared by the function-scoped persona fixtures
(tests/conftest.py) and by fixtures built once per module (the authorization matrix's world)."""

from tests.factories import MembershipFactory, UnitFactory, UserFactory

UNITS = {
    "own_unit": {"name": "Trung tâm Phục vụ hành chính công", "advises_cchc": True},
    "other_unit": {"name": "Phòng Kinh tế"},
    "office_unit": {"name": "Phòng Văn hóa – Xã hội"},
}

# fixture name -> (username, unit fixture, role, extra user fields)
PERSONAS = {
    "unit_staff": ("staff", "own_unit", "unit_staff", {}),
    "unit_head": ("head", "own_unit", "unit_head", {}),
    "other_staff": ("otherstaff", "other_unit", "unit_staff", {}),
    "vhxh_officer": ("officer", "office_unit", "vhxh", {}),
    "council_member": ("member", "other_unit", "council_member", {}),
    "council_secretary": ("secretary", "office_unit", "council_secretary", {}),
    "chairman": ("chair", "office_unit", "chairman", {}),
    "administrator": ("root", "office_unit", "admin", {"is_staff": True, "is_superuser": True}),
}


def make_unit(name):
    """The unit a unit fixture (`own_unit`, `other_unit`, `office_unit`) stands for."""
    return UnitFactory(**UNITS[name])


def make_persona(name, unit):
    """The user a persona fixture (`unit_staff`, ...) stands for: a real user with a real
    membership of `unit`."""
    username, _, role, fields = PERSONAS[name]
    user = UserFactory(username=username, **fields)
    MembershipFactory(user=user, unit=unit, role=role)
    return user
