from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations and awards")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # home registers its panels; the registry: past awards' importer (imports) on the shared
        # screens, awards on people's and units' pages (views.registry).
        from . import home, imports, models  # noqa: F401
        from .views import registry

        registry.register_sections()

        auditlog.register(models.AwardForm)
        auditlog.register(models.Round, m2m_fields={"award_forms"})
        auditlog.register(models.Proposal)
        auditlog.register(models.Nomination)
        auditlog.register(models.Comment)
        auditlog.register(models.EligibilityOverride)
        auditlog.register(models.Attachment)
        auditlog.register(models.DisciplineRecord)
        auditlog.register(models.CouncilTerm)
        auditlog.register(models.Decision, m2m_fields={"nominations", "targets"})
        auditlog.register(models.Award, exclude_fields=["search_text"])
        auditlog.register(models.PrinterProfile)
        auditlog.register(models.CertificateDesign)
        auditlog.register(models.CouncilMember)
        auditlog.register(models.CouncilSession)
        auditlog.register(models.Attendance)
        auditlog.register(models.Recusal)
        auditlog.register(models.VoterMark)
        # The ballot box's counters are never logged: a logged change at the time of a
        # voter's mark would pair the member with the choice.
        auditlog.register(models.AgendaItem, exclude_fields=["votes_for", "votes_against", "votes_abstain"])
