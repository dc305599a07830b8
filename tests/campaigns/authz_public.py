"""Authorization rows for the public CCHC page and the management of its posts."""

from tests.authz import EVERYONE, NOT_ALLOWED, NOT_FOUND, OFFICE, OK, ROLES, with_changes
from tests.factories.campaigns import CampaignFactory, PostFactory


def _publisher(unit):
    """A campaign that lists the unit among those publishing on the public page."""
    CampaignFactory(code="cchc-2026-2030").publishing_units.add(unit)


def _own_unit_publishes(world):
    _publisher(world["own_unit"])
    return {}


def _post(world, **fields):
    _publisher(world["own_unit"])
    return {"pk": PostFactory(unit=world["own_unit"], **fields).pk}


def _published(world):
    return _post(world, is_published=True)


def _home_with_a_post(world):
    _published(world)
    return {}


def _other_units_post(world):
    _publisher(world["own_unit"])
    return {"pk": PostFactory(unit=world["other_unit"]).pk}


# The own unit publishes: its staff and head manage posts, the other unit's staff do not.
PUBLISHERS = with_changes(OFFICE, unit_staff=OK, unit_head=OK)


def _post_only(allowed):
    """POST-only buttons: those allowed are told GET is not allowed, the others refused."""
    return {role: NOT_ALLOWED if expected == OK else expected for role, expected in allowed.items()}


MATRIX = {
    "campaigns:public_home": [("", None, EVERYONE), ("with a published post", _home_with_a_post, EVERYONE)],
    "campaigns:public_post": [
        ("published", _published, EVERYONE),
        ("draft", _post, dict.fromkeys(ROLES, NOT_FOUND)),
    ],
    "campaigns:post_list": [
        ("no unit publishes", None, OFFICE),
        ("own unit publishes", _own_unit_publishes, PUBLISHERS),
    ],
    "campaigns:post_create": [
        ("no unit publishes", None, OFFICE),
        ("own unit publishes", _own_unit_publishes, PUBLISHERS),
    ],
    "campaigns:post_edit": [
        ("own unit's post", _post, PUBLISHERS),
        ("a post of a unit that no longer publishes", _other_units_post, OFFICE),
    ],
    "campaigns:post_publish": [("own unit's draft", _post, _post_only(PUBLISHERS))],
    "campaigns:post_unpublish": [("own unit's published post", _published, _post_only(PUBLISHERS))],
}
