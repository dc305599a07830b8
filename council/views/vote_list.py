"""A member's vote on the whole list at once (a year-end review brings 150 people): every
open item in favour, a choice changed on the few exceptions, one confirmation, one post.

Secrecy as on the item's page: the choices travel only in the body of the POST, and the page
afterwards shows the items and their receipts, never a choice (it has one length whatever the
choices were)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.generic import TemplateView

from council.crypto import short_fingerprint
from council.forms.vote_list import ListBallotForm
from council.models import Attendance, AttendanceStatus, ItemState, Recusal, VoterMark
from council.services import CouncilError, terms, voting, voting_list
from council.views.sessions import SessionMixin, form_errors, item_rows


def _posted_pks(request) -> list[int]:
    return [int(value) for value in request.POST.getlist("item") if value.isdigit()]


class ListVoteView(SessionMixin, TemplateView):
    """GET: the items open for the member's vote as a list, each in favour by default. POST:
    the ballots on the list shown (`item`), cast by `voting_list.cast_list`."""

    permission_required = "council.vote"
    template_name = "council/vote_list.html"

    def open_items(self, member):
        """The items open on which the member may still vote, in agenda order (one query)."""
        session = self.session
        rows = item_rows().filter(session=session, state=ItemState.VOTING)
        if member is None:
            return rows.none()
        done = VoterMark.objects.filter(member=member, item__session=session).values("item_id")
        recused = Recusal.objects.filter(member=member, item__session=session).values("item_id")
        return rows.exclude(pk__in=done).exclude(pk__in=recused).order_by("position")

    def get_context_data(self, **kwargs):
        member = terms.member_for(self.request.user, self.session.term)
        status = (
            Attendance.objects.filter(session=self.session, member=member)
            .values_list("status", flat=True)
            .first()
        )
        form = kwargs.pop("form", None) or ListBallotForm(items=self.open_items(member))
        return super().get_context_data(
            session=self.session,
            member=member,
            present=status == AttendanceStatus.PRESENT,
            form=form,
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        voting.close_expired()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        voting.close_expired()
        pks = _posted_pks(request)
        shown = item_rows().filter(session=self.session, pk__in=pks).order_by("position")
        form = ListBallotForm(request.POST, items=shown)
        if not form.is_valid():
            form_errors(request, form)
            return redirect("council:vote_list", self.session.pk)
        try:
            receipts = voting_list.cast_list(
                self.session, user=request.user, exceptions=form.exceptions(), items=pks
            )
        except CouncilError as error:
            messages.error(request, str(error))
            return redirect("council:vote_list", self.session.pk)
        rows = [
            (item, short_fingerprint(receipts[item.pk]) if receipts[item.pk] else "") for item in form.items
        ]
        return render(
            request,
            "council/vote_list_cast.html",
            {
                "session": self.session,
                "rows": rows,
                "back": reverse("council:session_vote", args=[self.session.pk]),
            },
        )


urls = [
    path("council/sessions/<int:pk>/vote/list/", ListVoteView.as_view(), name="vote_list"),
]
