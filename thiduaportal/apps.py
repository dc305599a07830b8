from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "thiduaportal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate  # noqa: PLC0415

        from thiduaportal import checks  # noqa: F401, PLC0415 - registers the system checks once apps are loaded

        pre_migrate.connect(_drop_tenant_constraints, sender=self)
        post_migrate.connect(_install_tenant_constraints, sender=self)


def _drop_tenant_constraints(sender, using="default", plan=None, **kwargs):
    """Before migrations run (none to run: nothing to do)."""
    from thiduaportal import tenancy  # noqa: PLC0415

    if plan:
        tenancy.drop_constraints(using)


def _install_tenant_constraints(sender, using="default", **kwargs):
    """After every migrate (and flush): the same-commune constraints of `thiduaportal.tenancy`."""
    from thiduaportal import tenancy  # noqa: PLC0415

    tenancy.install_constraints(using)
