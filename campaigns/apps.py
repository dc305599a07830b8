from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thiduaportal import chrome


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Emulation movements")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import home, imports, models  # noqa: F401 - home registers panels, imports its importer

        auditlog.register(models.Campaign)
        auditlog.register(models.CampaignYear)
        auditlog.register(models.Indicator, m2m_fields={"reporting_units"})
        auditlog.register(models.IndicatorTarget)
        auditlog.register(models.Result)
        auditlog.register(models.Registration)
        auditlog.register(models.RegistrationCommitment)
        auditlog.register(models.IndexComponent, m2m_fields={"units"})
        auditlog.register(models.Initiative, exclude_fields=["search_title"], m2m_fields={"authors", "units"})
        auditlog.register(models.InitiativeEvidence)
        auditlog.register(models.ScoringCriterion)
        auditlog.register(models.UnitScore)
        auditlog.register(models.Post)

        from .services import versions

        versions.connect()

        # The layout: the Dashboard and Movement menus.
        chrome.register(chrome.MENU, "campaigns/_nav.html", order=20)
        chrome.register(chrome.FOOTER, "campaigns/_footer_links.html", order=10)
