from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thiduaportal import chrome


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from nominations import council_demo, decision_demo, demo_data, home, models, registry_demo  # noqa: F401
        from units import demo_data as units_demo

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

        auditlog.register(models.AwardForm)
        auditlog.register(models.Round, m2m_fields={"award_forms"})
        auditlog.register(models.Proposal)
        auditlog.register(models.Nomination)
        auditlog.register(models.Comment)
        auditlog.register(models.EligibilityOverride)
        auditlog.register(models.Attachment)
        auditlog.register(models.DisciplineRecord)

        # The layout: the Commendation menu and the inbox in the menu bar.
        chrome.register(chrome.MENU, "nominations/_nav.html", order=30)
        chrome.register(chrome.NAVBAR_END, "nominations/inbox/_nav_badge.html")
