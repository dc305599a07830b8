"""Home-page panel of award decisions: the chairman's drafts to sign, the office's drafts and
rounds whose council result waits for a decision."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.city_models import CitySubmission, SubmissionState
from awards.models import Decision, DecisionState
from awards.services.decisions.drafting import ready_rounds
from thiduaportal.home import Item, Panel, register
from thiduaportal.roles import Role, roles_of, sees_all


@register
def decision_panels(user) -> list[Panel]:
    """The chairman: drafts waiting for his signature. The office: its drafts, and rounds
    whose council result waits for a decision."""
    roles = roles_of(user)
    if not sees_all(user):
        return []
    drafts = list(Decision.objects.filter(state=DecisionState.DRAFT).order_by("pk"))
    if Role.CHAIRMAN in roles:
        items = [
            Item(
                _("Waiting for your signature: %(title)s") % {"title": d.title[:120]},
                d.get_absolute_url(),
                level="warning",
            )
            for d in drafts
        ]
        return [
            Panel(
                _("Award decisions"),
                items,
                empty_text=str(_("No decision waits for your signature.")),
                order=8,
            )
        ]
    items = [
        Item(_("Draft, not yet issued: %(title)s") % {"title": d.title[:120]}, d.get_absolute_url())
        for d in drafts
    ]
    items += [
        Item(
            _("Council result waiting for a decision: %(round)s") % {"round": r},
            reverse("awards:decision_list"),
            n,
            "warning",
        )
        for r, n in ready_rounds()
    ]
    return [Panel(_("Award decisions"), items, order=17)] if items else []


@register
def city_panels(user) -> list[Panel]:
    """The city's officer: the submissions communes sent that wait for review or a decision."""
    if Role.CITY_OFFICER not in roles_of(user):
        return []
    waiting = CitySubmission.objects.filter(
        state__in=(SubmissionState.SUBMITTED, SubmissionState.ACCEPTED)
    ).order_by("submitted_at", "pk")
    items = [
        Item(
            _("%(commune)s: %(title)s (version %(version)s, %(state)s)")
            % {
                "commune": s.commune_name,
                "title": s.title[:120],
                "version": s.version,
                "state": s.get_state_display(),
            },
            s.get_absolute_url(),
            level="warning" if s.state == SubmissionState.SUBMITTED else "secondary",
        )
        for s in waiting
    ]
    items.append(Item(_("Every submission"), reverse("awards:city_submission_list")))
    return [
        Panel(
            _("Dossiers from the communes"),
            items,
            empty_text=str(_("No submission waits for review.")),
            order=5,
        )
    ]
