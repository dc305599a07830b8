from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thiduaportal import chrome


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Council")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from council import home, models  # noqa: F401
        from council.services import minutes
        from nominations import hooks

        # The package forwarded to the city holds the council's minutes of the round.
        hooks.council_minutes_files.provide(minutes.forwarded_minutes)

        auditlog.register(models.CouncilTerm)
        auditlog.register(models.CouncilMember)
        auditlog.register(models.CouncilSession)
        auditlog.register(models.Attendance)
        auditlog.register(models.Recusal)
        # Voter marks are not logged: a mark's time and address, beside any other channel,
        # pair a member with a ballot. The item's closing transition says how many voted.
        # The ballot box's counters are never logged: a logged change at the time of a
        # voter's mark would pair the member with the choice.
        auditlog.register(models.AgendaItem, exclude_fields=["votes_for", "votes_against", "votes_abstain"])

        # The layout: the council's entries of the Commendation menu, or its own menu.
        chrome.register(chrome.COMMENDATION, "council/_nav_entries.html", order=10)
        chrome.register(chrome.MENU, "council/_nav.html", order=31)

        from council import round_moves  # noqa: F401 - provides nominations.round_move_warnings
