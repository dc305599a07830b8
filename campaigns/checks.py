"""The result of an eligibility check (REFERENCE §3): a status and a reason a clerk can read.

The checks that read the movement's data (criterion 1, initiatives; criterion 2, PAR INDEX /
SIPAS components) live in `campaigns.services`; the nomination workflow shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckStatus(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    UNKNOWN = "unknown", _("Unknown")


@dataclass(frozen=True)
class CheckResult:
    """`reason` is one sentence in the user's language; `details` lists supporting lines
    (one per component or initiative) for the review screen."""

    status: str
    reason: str
    details: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return self.status in (CheckStatus.MET, CheckStatus.NOT_APPLICABLE)
