"""Manual scores of the year, and closing or reopening the year."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Mapping
from decimal import Decimal

from auditlog.context import auditlog_value, set_extra_data
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thiduaportal.text import nfc
from units.models import Unit

from ...models import Campaign, CampaignYear, CriterionSource, ScoringCriterion, UnitScore
from .common import Key, ScoringError, campaign_year, number, scored_units, sheet
from .points import store_automatic


def _score_problem(
    criterion: ScoringCriterion, unit: Unit, points: Decimal | None, comment: str
) -> str | None:
    """Why these points cannot be given, or None when they can."""
    names = {"unit": unit, "criterion": criterion.title, "max": number(criterion.max_points)}
    if points is None:
        if comment:
            return _("Enter the points of %(unit)s for “%(criterion)s”, or clear its comment.") % names
        return None
    if not isinstance(points, Decimal) or not points.is_finite():
        return _("The points of %(unit)s for “%(criterion)s” must be a number.") % names
    names["value"] = number(points)
    if points < 0:
        return _("The points of %(unit)s for “%(criterion)s” cannot be negative (%(value)s).") % names
    if points > criterion.max_points:
        return (
            _("The points of %(unit)s for “%(criterion)s” cannot exceed its maximum of %(max)s (%(value)s).")
            % names
        )
    if points.as_tuple().exponent < -2:
        return (
            _("The points of %(unit)s for “%(criterion)s” take at most two decimal places (%(value)s).")
            % names
        )
    if points < criterion.max_points and not comment:
        return (
            _(
                "Say why %(unit)s gets %(value)s of %(max)s points for “%(criterion)s”: a comment is required below the maximum."
            )
            % names
        )
    return None


def _check_scores(
    campaign: Campaign, year: int, scores: Mapping[Key, tuple[Decimal | None, str]]
) -> dict[Key, tuple[Decimal | None, str]]:
    criteria = {c.pk: c for c in sheet(campaign, year)}
    units = {u.pk: u for u in scored_units(campaign, year)}
    cleaned, problems = {}, []
    for (criterion_id, unit_id), (points, comment) in scores.items():
        criterion, unit = criteria.get(criterion_id), units.get(unit_id)
        if criterion is None:
            raise ScoringError(_("A criterion given is not on the sheet of %(year)s.") % {"year": year})
        if criterion.source != CriterionSource.MANUAL:
            raise ScoringError(
                _("The points of “%(criterion)s” are computed from data and cannot be typed.")
                % {"criterion": criterion.title}
            )
        if unit is None:
            raise ScoringError(_("A unit given is not among the units scored for %(year)s.") % {"year": year})
        comment = nfc(comment or "").strip()
        problem = _score_problem(criterion, unit, points, comment)
        if problem:
            problems.append(((criterion_id, unit_id), problem))
        else:
            cleaned[criterion_id, unit_id] = (points, comment)
    if problems:
        raise ScoringError(" ".join(message for _key, message in problems), problems=problems)
    return cleaned


@transaction.atomic
def score_units(
    *, campaign: Campaign, year: int, actor, scores: Mapping[Key, tuple[Decimal | None, str]]
) -> int:
    """Record the manual points of an open year's sheet, all or nothing, then recompute the
    automatic points.

    `scores` maps (criterion id, unit id) to (points, comment); points None with an empty
    comment removes a score. Every problem is collected (negative points, points above the
    criterion's maximum, more than two decimal places, no comment below the maximum, a
    comment without points), each naming the unit and the criterion, and raised together in
    one `ScoringError` whose `problems` keep them by cell. Refused when the year is closed
    or outside the campaign, for an automatic criterion, or a unit not scored that year.
    Returns the number of manual scores created, changed or removed.
    """
    campaign_year(campaign, year)
    cleaned = _check_scores(campaign, year, scores)
    existing = {
        (s.criterion_id, s.unit_id): s
        for s in UnitScore.objects.select_for_update().filter(
            criterion__campaign=campaign, criterion__year=year
        )
    }
    changed = 0
    for (criterion_id, unit_id), (points, comment) in cleaned.items():
        score = existing.get((criterion_id, unit_id))
        if points is None:
            if score:
                score.delete()
                changed += 1
        elif score is None:
            UnitScore.objects.create(
                criterion_id=criterion_id, unit_id=unit_id, points=points, comment=comment, scored_by=actor
            )
            changed += 1
        elif (score.points, score.comment) != (points, comment):
            score.points, score.comment, score.scored_by = points, comment, actor
            score.save(update_fields=["points", "comment", "scored_by", "scored_at"])
            changed += 1
    store_automatic(campaign, year, actor=actor)
    return changed


# --------------------------------------------------------------------------- closing the year


def _audited(actor, extra: dict, write: Callable[[], CampaignYear]) -> CampaignYear:
    """Run `write` with `actor` and `extra` (e.g. the reason) on its audit log entries,
    leaving the request's own audit context intact afterwards."""

    def run() -> CampaignYear:
        data = {k: v for k, v in auditlog_value.get({}).items() if k != "signal_duid"}
        with set_extra_data({**data, "actor": actor, "additional_data": extra}):
            return write()

    return contextvars.copy_context().run(run)


@transaction.atomic
def close_year(campaign_year: CampaignYear, *, actor) -> CampaignYear:
    """Close a campaign year (office only): its automatic points are computed one last
    time, then the sheet and every score are frozen (registrations of the year too).
    Refused when the year is already closed. Side effects: is_closed, closed_at."""
    locked = CampaignYear.objects.select_for_update().select_related("campaign").get(pk=campaign_year.pk)
    if locked.is_closed:
        raise ScoringError(
            _("The year %(year)s of “%(campaign)s” is already closed.")
            % {"year": locked.year, "campaign": locked.campaign}
        )
    store_automatic(locked.campaign, locked.year, actor=actor)
    locked.is_closed, locked.closed_at = True, timezone.now()

    def write() -> CampaignYear:
        locked.save(update_fields=["is_closed", "closed_at"])
        return locked

    return _audited(actor, {"action": "close"}, write)


@transaction.atomic
def reopen_year(campaign_year: CampaignYear, *, actor, reason: str) -> CampaignYear:
    """Reopen a closed campaign year (office only) so its sheet and scores may change again.

    The reason is required and is kept on the audit log entry of the change
    (`additional_data["reason"]`). Refused when the year is not closed.
    """
    reason = nfc(reason or "").strip()
    locked = CampaignYear.objects.select_for_update().select_related("campaign").get(pk=campaign_year.pk)
    if not locked.is_closed:
        raise ScoringError(
            _("The year %(year)s of “%(campaign)s” is not closed.")
            % {"year": locked.year, "campaign": locked.campaign}
        )
    if not reason:
        raise ScoringError(
            _("Say why the year %(year)s is reopened.") % {"year": locked.year}, field="reason"
        )
    locked.is_closed, locked.closed_at = False, None

    def write() -> CampaignYear:
        locked.save(update_fields=["is_closed", "closed_at"])
        return locked

    return _audited(actor, {"action": "reopen", "reason": reason}, write)
