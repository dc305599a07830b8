"""Context shared by every page: the commune's identity, the user's roles and the
layout's chrome (the partials the apps registered in `thiduaportal.chrome`)."""

from django.apps import apps
from django.utils import timezone

from thiduaportal import chrome
from thiduaportal.roles import roles_of, sees_all


def portal(request) -> dict:
    commune_model = apps.get_model("units", "Commune")
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None else frozenset()
    return {
        "commune": commune_model.current(),
        "user_roles": roles,
        "sees_all": sees_all(user),
        "current_year": timezone.localdate().year,
        "chrome": chrome.templates(),
    }
