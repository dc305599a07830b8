from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations and awards")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from units import demo_data as units_demo

        from . import council_demo, decision_demo, demo_data, home, models, registry_demo  # noqa: F401

        # Campaigns comes first in INSTALLED_APPS, so its demo movement is already listed and
        # the demo round finds the campaign it belongs to. Past awards come first among ours,
        # so the demo round's reports list them in section III.
        if registry_demo.seed_registry not in units_demo.EXTENSIONS:
            units_demo.EXTENSIONS.append(registry_demo.seed_registry)
        if demo_data.seed_nominations not in units_demo.EXTENSIONS:
            units_demo.EXTENSIONS.append(demo_data.seed_nominations)
        # The demo council works on shortlists, so it comes after the demo round.
        if council_demo.seed_council not in units_demo.EXTENSIONS:
            units_demo.EXTENSIONS.append(council_demo.seed_council)
        # The demo decisions award the council's final result.
        if decision_demo.seed_decisions not in units_demo.EXTENSIONS:
            units_demo.EXTENSIONS.append(decision_demo.seed_decisions)

        # The registry: past awards' importer on the shared screens; awards on people's and units' pages.
        from . import imports  # noqa: F401
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

        # The layout: the Commendation menu, the inbox in the menu bar, the public pages' links.
        from thiduaportal import chrome

        chrome.register(chrome.MENU, "nominations/_nav.html", order=30)
        chrome.register(chrome.NAVBAR_END, "nominations/inbox/_nav_badge.html")
        chrome.register(chrome.FOOTER, "nominations/_footer_links.html")
