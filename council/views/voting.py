"""The member's voting page (phone first, no JavaScript needed), the confirmation before a
ballot counts, a declared conflict, and the result with the chair's decision at a tie.

Secrecy: the choice travels only in the body of POST requests (never in a URL that a log
keeps), it is restated once on the confirmation screen and never shown again: afterwards
the page says only that the member voted."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from council.crypto import short_fingerprint
from council.forms.sessions import BallotChoice, BallotForm, ConflictForm, TieForm
from council.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    ItemState,
    Recusal,
    SessionState,
    VoterMark,
)
from council.services import CouncilError, sessions, tally, terms, voting
from council.views import confirmations
from council.views.sessions import SessionMixin, form_errors, item_rows
from nominations.services import eligibility
from thiduaportal import confirm
from thiduaportal.views import PortalPermissionMixin


@dataclass
class Card:
    """One agenda item as the member sees it: `state` is what the card offers."""

    item: AgendaItem
    checks: list
    state: str  # vote | voted | recused | closed | pending | absent | hands | no_seat
    recusal_reason: str = ""
    note: object = None  # the message of what just happened to this card: the page opens at it

    @property
    def not_met(self) -> list[str]:
        """The criteria not met, named on the card without opening the checks."""
        return [check.label for check in self.checks if check.result.status == "not_met"]


def _card_state(item, *, member, present, voted, recused, hands) -> str:
    if item.pk in voted:
        return "voted"
    if item.pk in recused:
        return "recused"
    if item.state == ItemState.CLOSED:
        return "closed"
    if item.state == ItemState.PENDING:
        return "pending"
    if member is None:
        return "no_seat"
    if hands:
        return "hands"
    return "vote" if present else "absent"


def _note_tag(item_pk: int) -> str:
    # "placed": the page shows the message in the item's card, so the layout leaves it out.
    return f"placed item-{item_pk}"


class VotePageView(SessionMixin, TemplateView):
    """Every agenda item as a card: candidate, unit, summary, eligibility checks, the report,
    and three large buttons while its voting is open. Queries do not grow with the items."""

    permission_required = "council.vote"
    template_name = "council/vote.html"

    def get(self, request, *args, **kwargs):
        if voting.close_expired():
            self.session.refresh_from_db()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        session = self.session
        member = terms.member_for(self.request.user, session.term)
        items = list(item_rows().filter(session=session))
        checks = eligibility.run_checks_many([item.nomination for item in items])
        voted = set(
            VoterMark.objects.filter(member=member, item__session=session).values_list("item_id", flat=True)
        )
        recused = dict(
            Recusal.objects.filter(member=member, item__session=session).values_list("item_id", "reason")
        )
        status = (
            Attendance.objects.filter(session=session, member=member).values_list("status", flat=True).first()
        )
        hands = session.method == "hands"
        notes = {m.extra_tags: m for m in messages.get_messages(self.request) if m.extra_tags}
        cards = [
            Card(
                item,
                checks.get(item.nomination_id, []),
                _card_state(
                    item,
                    member=member,
                    present=status == AttendanceStatus.PRESENT,
                    voted=voted,
                    recused=recused,
                    hands=hands,
                ),
                recused.get(item.pk, ""),
                notes.get(_note_tag(item.pk)),
            )
            for item in items
        ]
        return super().get_context_data(
            session=session,
            member=member,
            attendance=status,
            cards=cards,
            choices=BallotChoice.choices,
            open_count=sum(1 for card in cards if card.state == "vote"),
            session_over=session.state in {SessionState.CLOSED, SessionState.FINAL},
            **kwargs,
        )


class _ItemMixin(PortalPermissionMixin):
    @cached_property
    def item(self) -> AgendaItem:
        return get_object_or_404(item_rows().select_related("session__term"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.item.session

    def back(self):
        return redirect(
            reverse("council:session_vote", args=[self.item.session_id]) + f"#item-{self.item.pk}"
        )


class ItemVoteView(_ItemMixin, View):
    """POST a choice: the confirmation screen restates it; POST again with `confirm` and the
    ballot is cast. GET goes back to the voting page (the choice never travels in a URL)."""

    permission_required = "council.vote"
    template_name = "council/vote_confirm.html"

    def get(self, request, *args, **kwargs):
        return self.back()

    def post(self, request, *args, **kwargs):
        form = BallotForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose In favour, Against or Abstain."))
            return self.back()
        choice = form.cleaned_data["choice"]
        if not request.POST.get("confirm"):
            return self.confirmation(request, choice)
        voting.close_expired()
        try:
            receipt = voting.cast_ballot(self.item, user=request.user, choice=choice)
        except CouncilError as error:
            messages.error(request, str(error), extra_tags=_note_tag(self.item.pk))
            return self.back()
        name = self.item.nomination.subject_name
        if not receipt:
            messages.success(
                request,
                _("Your vote on %(name)s was counted.") % {"name": name},
                extra_tags=_note_tag(self.item.pk),
            )
            return self.back()
        # The receipt on a page of its own, not in a message cookie (which is compressed, so
        # its length would vary): the page has one length for every ballot.
        return render(
            request,
            "council/vote_cast.html",
            {"item": self.item, "session": self.item.session, "receipt": short_fingerprint(receipt)},
        )

    def confirmation(self, request, choice: str) -> HttpResponse:
        """The confirmation page, padded with spaces to the length of the longest of the
        choices' pages: its size (in an access log, or through TLS) does not tell the choice."""
        pages = {
            value: render_to_string(
                self.template_name,
                {"item": self.item, "session": self.item.session, "choice": value, "label": label},
                request=request,
            ).encode()
            for value, label in BallotChoice.choices
        }
        longest = max(len(page) for page in pages.values())
        page = pages[choice]
        return HttpResponse(page + b" " * (longest - len(page)))


class ItemConflictView(_ItemMixin, View):
    """A member declares a conflict of interest and does not vote on the item."""

    permission_required = "council.vote"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ConflictForm(request.POST)
        member = terms.member_for(request.user, self.item.session.term)
        if not form.is_valid():
            form_errors(request, form)
            return self.back()
        try:
            sessions.declare_conflict(self.item, member=member, reason=form.cleaned_data["reason"])
        except CouncilError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("You do not vote on %(name)s.") % {"name": self.item.nomination.subject_name}
            )
        return self.back()


class ResultView(SessionMixin, TemplateView):
    """Every figure of each item, passed or not, rank and approval; the chair decides ties."""

    permission_required = "council.view_result"
    template_name = "council/result.html"

    def get_context_data(self, **kwargs):
        session, user = self.session, self.request.user
        ties = tally.pending_ties(session)
        tie_items = AgendaItem.objects.filter(pk__in=[item.pk for item in ties]).select_related("nomination")
        return super().get_context_data(
            session=session,
            rows=[(row, confirmations.outcome(row)) for row in tally.result_rows(session)],
            ties=ties,
            tie_form=kwargs.pop("tie_form", None) or TieForm(items=tie_items),
            can_decide=bool(ties) and user.has_perm("council.decide_tie", session),
            can_finalise=session.state == SessionState.CLOSED
            and user.has_perm("council.finalise_session", session),
            **kwargs,
        )


class TieDecisionView(SessionMixin, View):
    permission_required = "council.decide_tie"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        session = self.session
        ties = tally.pending_ties(session)
        form = TieForm(request.POST, items=AgendaItem.objects.filter(pk__in=[item.pk for item in ties]))
        if not form.is_valid():
            form_errors(request, form)
        else:
            if not confirm.is_confirmed(request):
                approved = list(form.cleaned_data["approved"])
                refused = [item for item in form.fields["approved"].queryset if item not in approved]
                reason = form.cleaned_data["reason"]
                asked = confirmations.tie(session, approved=approved, refused=refused, reason=reason)
                return confirm.render(request, asked)
            try:
                tally.decide_tie(
                    session,
                    actor=request.user,
                    approved=list(form.cleaned_data["approved"]),
                    reason=form.cleaned_data["reason"],
                )
            except CouncilError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The tie was decided."))
        return redirect("council:session_result", session.pk)


class FinaliseView(SessionMixin, View):
    """Make the result final, once the secretary or the chair has confirmed it on a page that
    restates each item's outcome."""

    permission_required = "council.finalise_session"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        session = self.session
        # Ask only when the service would act; otherwise its refusal says what is missing.
        ready = session.state == SessionState.CLOSED and not tally.pending_ties(session)
        if ready and not confirm.is_confirmed(request):
            return confirm.render(request, confirmations.finalise(session, tally.result_rows(session)))
        try:
            tally.finalise_session(self.session, actor=request.user)
        except CouncilError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The result of the session is final."))
        return redirect("council:session_result", self.session.pk)


urls = [
    path("council/sessions/<int:pk>/vote/", VotePageView.as_view(), name="session_vote"),
    path("council/items/<int:pk>/vote/", ItemVoteView.as_view(), name="item_vote"),
    path("council/items/<int:pk>/conflict/", ItemConflictView.as_view(), name="item_conflict"),
    path("council/sessions/<int:pk>/result/", ResultView.as_view(), name="session_result"),
    path("council/sessions/<int:pk>/tie/", TieDecisionView.as_view(), name="session_tie"),
    path("council/sessions/<int:pk>/finalise/", FinaliseView.as_view(), name="session_finalise"),
]
