from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "thiduaportal"
    verbose_name = _("Portal")

    def ready(self):
        from thiduaportal import checks  # noqa: F401, PLC0415 - registers the system checks once apps are loaded
