"""Context shared by every page: the commune's identity and the user's roles."""

from django.apps import apps
from django.utils import timezone

from thiduaportal.roles import Role, roles_of


def portal(request) -> dict:
    commune_model = apps.get_model("units", "Commune")
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None else frozenset()
    return {
        "commune": commune_model.current(),
        "user_roles": roles,
        "sees_all": bool(roles & Role.SEES_ALL),
        "current_year": timezone.localdate().year,
    }
