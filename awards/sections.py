"""What the awards room shows on lower rooms' pages and answers to their hooks: the registry's
history on a person's and a unit's page, the decisions block of a round's page, the "same
award" check and section III of the reports. Connected in AppConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext as _

from awards.city_models import SubmissionState
from awards.services import city as city_services
from awards.services import registry
from awards.services.decisions.drafting import candidate_count
from awards.views.registry import register_sections as register_history_sections
from nominations import hooks
from nominations.models import Round
from thiduaportal import sections
from thiduaportal.roles import sees_all
from thiduaportal.sections import Section
from units.models import Commune


def round_decisions_section(round_: Round, user) -> Section | None:
    """The office's block on a round's page: its decisions and the candidates not yet in one."""
    if not sees_all(user):
        return None
    decisions = list(round_.decisions.exclude(state="discarded"))
    candidates = candidate_count(round_)
    if not decisions and not candidates:
        return None
    context = {
        "round": round_,
        "decisions": decisions,
        "candidates": candidates,
        "can_draft": user.has_perm("awards.draft_decision"),
    }
    return Section(_("Decisions"), "awards/decisions/_round_section.html", context)


def city_submissions_section(round_: Round, user) -> Section | None:
    """The forwarding page's block: the round's submissions to the city, their state and
    return reason, and "Send to the city" while no open submission holds the dossiers."""
    if not user.has_perm("awards.submit_to_city", round_):
        return None
    commune = Commune.objects.get(pk=round_.commune_id)
    try:
        city = city_services.city_of(commune)
    except city_services.SubmissionError:
        city = None
    submissions = list(city_services.submissions_of(round_).select_related("city"))
    busy = any(s.state != SubmissionState.REJECTED for s in submissions)
    context = {"round": round_, "city": city, "submissions": submissions, "can_send": not busy}
    return Section(_("Submissions to the city"), "awards/city/_forwarding_section.html", context)


def connect() -> None:
    """Register the sections and provide the hooks of the rooms below."""
    register_history_sections()
    sections.register(Round._meta.label_lower, round_decisions_section)
    sections.register(f"{Round._meta.label_lower}/forwarding", city_submissions_section)
    hooks.registry_lines.provide(registry.registry_lines)
    hooks.prior_award_rows.provide(registry.prior_award_rows)
