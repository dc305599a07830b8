from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thiduaportal import chrome


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from awards import (  # noqa: F401
            checks,
            home,
            imports,  # noqa: F401
            models,
            sections,
        )

        # The registry's importer on the shared screens; sections and hooks for the rooms below.
        from awards.services import designs
        from units import communes

        sections.connect()
        communes.save_emblem.provide(designs.save_checked_emblem)

        auditlog.register(models.DocumentCounter)
        auditlog.register(models.Decision, m2m_fields={"nominations", "targets"})
        auditlog.register(models.Award, exclude_fields=["search_text"])
        auditlog.register(models.PrinterProfile)
        # The blank's lines by their names in the log, not their codes ("nation", "motto").
        from awards.blanks import FIELDS
        from nominations.models import SubjectType
        from thiduaportal.audit import label_keyed_values, label_values

        for name in ("preprinted", "field_offsets"):
            label_values("awards.PrinterProfile", name, {field.key: field.label for field in FIELDS})
        # A decision's frozen content names its kind, signer and awardees' types by label.
        coded = {
            "kind": dict(models.DecisionKind.choices),
            "signer_capacity": dict(models.SignerCapacity.choices),
            "subject_type": dict(SubjectType.choices),
        }
        label_keyed_values("awards.Decision", "snapshot", coded)
        auditlog.register(models.CertificateDesign)
        auditlog.register(models.BaseSalary)
        auditlog.register(models.CitySubmission)

        # The layout: the awards' entries of the Commendation menu, the public pages' links.
        chrome.register(chrome.COMMENDATION, "awards/_nav_entries.html", order=20)
        chrome.register(chrome.FOOTER, "awards/_footer_links.html")
