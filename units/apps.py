from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thiduaportal import chrome


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from thiduaportal.imports import import_commune

        from . import communes, home, imports, models  # noqa: F401 - home registers its panels, imports its importers

        import_commune.provide(communes.import_target)

        auditlog.register(models.Commune)
        auditlog.register(models.Unit, exclude_fields=["search_name"])
        auditlog.register(models.Cadre, exclude_fields=["search_name", "search_position"])
        auditlog.register(models.Assignment)
        auditlog.register(models.UnitRating)
        auditlog.register(models.CadreRating)
        auditlog.register(models.Membership)
        auditlog.register(models.TransferRequest)
        auditlog.register(models.TransferTransition)
        auditlog.register(
            models.User,
            include_fields=["username", "full_name", "email", "is_active", "is_superuser"],
        )

        # The layout: the Units and People menus, and Management last.
        chrome.register(chrome.MENU, "units/_nav.html", order=10)
        chrome.register(chrome.MENU, "units/_nav_management.html", order=90)
