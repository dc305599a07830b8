from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thiduaportal import chrome


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from nominations import home, models  # noqa: F401 - home registers its panels
        from nominations.services.rounds import running_rounds_refusal
        from units.communes import archive_refusal

        archive_refusal.provide(running_rounds_refusal)

        auditlog.register(models.AwardForm)
        auditlog.register(models.Title)
        auditlog.register(models.Round, m2m_fields={"award_forms"})
        auditlog.register(models.Proposal)
        auditlog.register(models.Nomination)
        auditlog.register(models.Comment)
        auditlog.register(models.EligibilityOverride)
        # The check's name in the log, not its code ("initiative").
        from nominations.services.eligibility.criteria import GENERIC_LABELS
        from thiduaportal.audit import label_values

        label_values("nominations.EligibilityOverride", "check_code", GENERIC_LABELS)
        auditlog.register(models.Attachment)
        auditlog.register(models.DisciplineRecord)

        # The layout: the Commendation menu and the inbox in the menu bar.
        chrome.register(chrome.MENU, "nominations/_nav.html", order=30)
        chrome.register(chrome.NAVBAR_END, "nominations/inbox/_nav_badge.html")
