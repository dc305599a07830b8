"""The council's screens for the secretary and the office: terms and seats, the sessions,
one session's agenda with attendance, quorum, opening and closing the voting, progress
(how many voted, never how), written opinions and a show of hands. A refusal of the
services is shown as a message and changes nothing. The member's voting page and the
result are in `views.voting`."""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from council.forms.sessions import (
    AttendanceForm,
    CloseVotingForm,
    EndMembershipForm,
    HandsForm,
    MemberForm,
    OpenVotingForm,
    SessionForm,
    TermForm,
    WrittenOpinionsForm,
)
from council.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CouncilMember,
    CouncilSession,
    CouncilTerm,
    ItemState,
    Recusal,
    SessionState,
    VotingMethod,
)
from council.services import CouncilError, ballot_box, sessions, terms, voting
from council.turnout import turnout
from council.views import confirmations
from nominations.models import Round, RoundState
from thiduaportal import confirm
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin


def session_rows():
    """The sessions of the request's commune, with their round and term."""
    # Built per request: a queryset made at import time was made outside every commune's
    # scope and would find another commune's rows.
    return CouncilSession.objects.select_related("round", "term")


def item_rows():
    """The agenda items of the request's commune, with what their pages show."""
    # Built per request: a queryset made at import time was made outside every commune's
    # scope and would find another commune's rows.
    return AgendaItem.objects.select_related(
        "nomination__proposal__unit",
        "nomination__subject_unit",
        "nomination__subject_cadre__unit",
        "nomination__award_form",
        "nomination__round",
    )


def form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


class SessionMixin(PortalPermissionMixin):
    """Loads the session named in the URL once; it is the permission's object."""

    @cached_property
    def session(self) -> CouncilSession:
        return get_object_or_404(session_rows(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.session


# --------------------------------------------------------------------------- terms


class TermListView(PortalPermissionMixin, TemplateView):
    permission_required = "council.manage_council"
    template_name = "council/term_list.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        terms_ = CouncilTerm.objects.annotate(seat_count=Count("members"))
        return super().get_context_data(terms=terms_, current=terms.current_term(), **kwargs)


class TermCreateView(PortalPermissionMixin, FormView):
    permission_required = "council.manage_council"
    template_name = "council/term_form.html"
    form_class = TermForm

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        try:
            term = terms.create_term(actor=self.request.user, **form.cleaned_data)
        except CouncilError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The council term “%(term)s” was created.") % {"term": term})
        return redirect("council:term_detail", term.pk)


class TermDetailView(PortalPermissionMixin, TemplateView):
    """A term's seats, the form adding one and, per serving seat, the end of membership."""

    permission_required = "council.manage_council"
    template_name = "council/term_detail.html"

    def get_permission_object(self):
        return None

    @cached_property
    def term(self) -> CouncilTerm:
        return get_object_or_404(CouncilTerm, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        members = self.term.members.select_related("user", "unit", "cadre").order_by("left_on", "role", "pk")
        return super().get_context_data(
            term=self.term,
            members=members,
            form=kwargs.pop("form", None) or MemberForm(initial={"joined_on": self.term.starts_on}),
            end_form=EndMembershipForm(initial={"left_on": timezone.localdate()}),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = MemberForm(request.POST)
        if form.is_valid():
            try:
                member = terms.add_member(self.term, actor=request.user, **form.cleaned_data)
            except CouncilError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("%(member)s was given a seat.") % {"member": member.full_name})
                return redirect("council:term_detail", self.term.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MemberEndView(PortalPermissionMixin, View):
    permission_required = "council.manage_council"
    http_method_names = ["post"]

    def get_permission_object(self):
        return None

    def post(self, request, pk):
        member = get_object_or_404(CouncilMember, pk=pk)
        form = EndMembershipForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
        else:
            try:
                terms.end_membership(member, actor=request.user, left_on=form.cleaned_data["left_on"])
            except CouncilError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("%(member)s left the council.") % {"member": member.full_name})
        return redirect("council:term_detail", member.term_id)


# --------------------------------------------------------------------------- sessions


class SessionListView(PortalPermissionMixin, TemplateView):
    """Sessions newest first; a member sees the sessions of the terms holding a seat of theirs."""

    permission_required = "council.list_sessions"
    template_name = "council/session_list.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = session_rows().annotate(item_count=Count("items"))
        if not user.has_perm("council.view_all_sessions"):
            rows = rows.filter(term__members__user=user)
        return super().get_context_data(
            sessions=rows,
            can_manage=user.has_perm("council.manage_session"),
            council_rounds=Round.objects.filter(state=RoundState.COUNCIL).order_by("-year", "pk"),
            **kwargs,
        )


class SessionCreateView(PortalPermissionMixin, FormView):
    """A session on a round at the council (`?round=`); the agenda is the round's shortlist."""

    permission_required = "council.manage_session"
    template_name = "council/session_form.html"
    form_class = SessionForm

    def get_permission_object(self):
        return None

    @cached_property
    def round(self) -> Round:
        pk = self.request.GET.get("round") or self.request.POST.get("round")
        if not str(pk or "").isdigit():
            return None
        return get_object_or_404(Round.objects.filter(state=RoundState.COUNCIL), pk=pk)

    def get(self, request, *args, **kwargs):
        if self.round is None:
            messages.info(request, _("Choose the round at the council to hold a session on."))
            return redirect("council:session_list")
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {
            "term": terms.current_term(),
            "title": _("Council session: %(round)s") % {"round": self.round},
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, **kwargs)

    def form_valid(self, form):
        if self.round is None:
            return redirect("council:session_list")
        try:
            session = sessions.create_session(self.round, actor=self.request.user, **form.cleaned_data)
        except CouncilError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The session “%(session)s” was created.") % {"session": session})
        return redirect(session)


def _attendance_form(session: CouncilSession, data=None) -> AttendanceForm:
    members = terms.seats(session.term, on=timezone.localtime(session.meets_at).date()).order_by("pk")
    current = dict(Attendance.objects.filter(session=session).values_list("member_id", "status"))
    return AttendanceForm(data, members=members, current=current)


def quorum(session: CouncilSession, attendance: AttendanceForm) -> dict:
    """Members in total, present and needed: the session's copied rules once open, the
    settings before."""
    total = session.members_total if session.members_total is not None else len(attendance.members)
    needed = session.quorum_needed
    if needed is None:
        numerator, denominator = settings.COUNCIL_QUORUM
        needed = math.ceil(Fraction(total * numerator, denominator))
    present = sum(1 for _m, field in attendance.rows() if field.value() == AttendanceStatus.PRESENT)
    written = sum(1 for _m, field in attendance.rows() if field.value() == AttendanceStatus.WRITTEN)
    return {
        "total": total,
        "needed": needed,
        "present": present,
        "written": written,
        "met": present >= needed,
    }


class SessionDetailView(SessionMixin, TemplateView):
    """The agenda with each item's state and how many voted; for the secretary the
    attendance, the quorum and the buttons that open and close the voting."""

    permission_required = "council.view_session"
    template_name = "council/session_detail.html"

    def get(self, request, *args, **kwargs):
        if voting.close_expired():
            self.session.refresh_from_db()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        session, user = self.session, self.request.user
        items = list(
            item_rows()
            .filter(session=session)
            .prefetch_related(Prefetch("recusals", queryset=Recusal.objects.select_related("member")))
        )
        attendance = _attendance_form(session)
        started = session.state != SessionState.DRAFT
        turnouts = turnout(session, items) if started else {}
        pending = [item for item in items if item.state == ItemState.PENDING]
        open_items = [item for item in items if item.state == ItemState.VOTING]
        by_pk = AgendaItem.objects.filter(session=session)
        return super().get_context_data(
            session=session,
            rows=[(item, turnouts.get(item.pk)) for item in items],
            attendance=attendance,
            quorum=quorum(session, attendance),
            can_manage=user.has_perm("council.manage_session", session),
            can_vote=user.has_perm("council.vote", session),
            can_view_result=user.has_perm("council.view_result", session),
            hands=session.method == VotingMethod.HANDS,
            pending=pending,
            open_items=open_items,
            open_form=OpenVotingForm(items=by_pk.filter(state=ItemState.PENDING)),
            written_form=WrittenOpinionsForm(),
            hands_form=HandsForm(),
            transitions=list(session.transitions.select_related("actor")),
            key=ballot_box.key_panel(session, user),
            **kwargs,
        )


class SessionAttendanceView(SessionMixin, TemplateView):
    """Who is present, absent with a written opinion, or absent; the quorum follows."""

    permission_required = "council.manage_session"
    template_name = "council/attendance.html"

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or _attendance_form(self.session)
        return super().get_context_data(
            session=self.session, form=form, quorum=quorum(self.session, form), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = _attendance_form(self.session, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            sessions.record_attendance(self.session, actor=request.user, statuses=form.statuses())
        except CouncilError as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The attendance was saved."))
        return redirect(self.session)


class _SessionActionView(SessionMixin, View):
    """A POST button of the session's page: call one service, say what happened. A step
    that cannot be undone names its `confirmation` and is asked first."""

    permission_required = "council.manage_session"
    http_method_names = ["post"]

    def act(self, request) -> str:
        raise NotImplementedError

    def confirmation(self, request) -> confirm.Confirmation | None:
        return None

    def post(self, request, *args, **kwargs):
        if not confirm.is_confirmed(request) and (asked := self.confirmation(request)) is not None:
            return confirm.render(request, asked)
        try:
            message = self.act(request)
        except CouncilError as error:
            messages.error(request, str(error))
        else:
            if message:
                messages.success(request, message)
        return redirect(self.session)


def _not_present(attendance: AttendanceForm) -> list[str]:
    return [
        member.full_name for member, field in attendance.rows() if field.value() != AttendanceStatus.PRESENT
    ]


class SessionRefreshView(_SessionActionView):
    def act(self, request):
        sessions.refresh_agenda(self.session, actor=request.user)
        return _("The agenda follows the round's list for the council again.")


class SessionOpenView(_SessionActionView):
    def confirmation(self, request):
        if self.session.state != SessionState.DRAFT:
            return None  # the service says why it cannot open
        attendance = _attendance_form(self.session)
        counts = quorum(self.session, attendance)
        return confirmations.open_session(
            self.session, present=counts["present"], needed=counts["needed"], absent=_not_present(attendance)
        )

    def act(self, request):
        sessions.open_session(self.session, actor=request.user)
        return _("The session is open.")


class VotingOpenView(_SessionActionView):
    def form(self, request) -> OpenVotingForm:
        return OpenVotingForm(
            request.POST, items=item_rows().filter(session=self.session, state=ItemState.PENDING)
        )

    def confirmation(self, request):
        form = self.form(request)
        if (
            self.session.state != SessionState.OPEN
            or not form.is_valid()
            or not sessions.quorum_met(self.session)
        ):
            return None  # act() says what is wrong
        chosen = form.chosen() or list(form.fields["items"].queryset)
        return confirmations.open_voting(
            self.session,
            chosen,
            ends_at=form.cleaned_data["ends_at"],
            absent=_not_present(_attendance_form(self.session)),
        )

    def act(self, request):
        form = self.form(request)
        if not form.is_valid():
            form_errors(request, form)
            return ""
        opened = voting.open_voting(
            self.session, actor=request.user, items=form.chosen(), ends_at=form.cleaned_data["ends_at"]
        )
        return _("Voting is open on %(n)s items.") % {"n": len(opened)}


class VotingCloseView(SessionMixin, View):
    """Close the voting (the session's, or the items chosen): a confirmation first, naming the
    present members who have not voted and the items never put to the vote."""

    permission_required = "council.manage_session"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        session = self.session
        form = CloseVotingForm(
            request.POST, items=item_rows().filter(session=session, state=ItemState.VOTING)
        )
        if not form.is_valid():
            form_errors(request, form)
            return redirect(session)
        chosen = form.chosen()
        unvoted = list(item_rows().filter(session=session, state=ItemState.PENDING)) if chosen is None else []
        if session.state == SessionState.OPEN and not confirm.is_confirmed(request):
            closing = chosen if chosen is not None else list(form.fields["items"].queryset)
            asked = confirmations.close_voting(
                session, closing, unvoted=unvoted, whole_session=chosen is None
            )
            extra = {"confirm_unvoted": "1"} if unvoted else {}
            return confirm.render(request, asked, **extra)
        try:
            closed = voting.close_voting(
                session,
                actor=request.user,
                items=chosen,
                confirm_unvoted=form.cleaned_data["confirm_unvoted"],
            )
        except CouncilError as error:
            messages.error(request, str(error))
            return redirect(session)
        messages.success(request, _("Voting was closed on %(n)s items.") % {"n": len(closed)})
        session.refresh_from_db()
        # With the sealed box the result waits for the key holders, on the session's page.
        if ballot_box.released(session):
            return redirect("council:session_result", session.pk)
        return redirect(session)


class _ItemActionView(PortalPermissionMixin, View):
    permission_required = "council.manage_session"
    http_method_names = ["post"]
    form_class = None

    @cached_property
    def item(self) -> AgendaItem:
        return get_object_or_404(item_rows().select_related("session__term"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.item.session

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            form_errors(request, form)
        else:
            try:
                self.act(form.cleaned_data)
            except CouncilError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, self.success % {"name": self.item.nomination.subject_name})
        return redirect(
            reverse("council:session_detail", args=[self.item.session_id]) + f"#item-{self.item.pk}"
        )


class WrittenOpinionsView(_ItemActionView):
    form_class = WrittenOpinionsForm

    @property
    def success(self):
        return _("The written opinions on %(name)s were recorded.")

    def act(self, data):
        voting.record_written_opinions(
            self.item,
            actor=self.request.user,
            for_=data["for_"],
            against=data["against"],
            abstain=data["abstain"],
        )


class HandsView(_ItemActionView):
    form_class = HandsForm

    @property
    def success(self):
        return _("The show of hands on %(name)s was recorded.")

    def act(self, data):
        voting.record_hands(self.item, actor=self.request.user, **data)


urls = [
    path("council/terms/", TermListView.as_view(), name="term_list"),
    path("council/terms/new/", TermCreateView.as_view(), name="term_create"),
    path("council/terms/<int:pk>/", TermDetailView.as_view(), name="term_detail"),
    path("council/members/<int:pk>/end/", MemberEndView.as_view(), name="member_end"),
    path("council/sessions/", SessionListView.as_view(), name="session_list"),
    path("council/sessions/new/", SessionCreateView.as_view(), name="session_create"),
    path("council/sessions/<int:pk>/", SessionDetailView.as_view(), name="session_detail"),
    path("council/sessions/<int:pk>/attendance/", SessionAttendanceView.as_view(), name="session_attendance"),
    path("council/sessions/<int:pk>/refresh/", SessionRefreshView.as_view(), name="session_refresh"),
    path("council/sessions/<int:pk>/open/", SessionOpenView.as_view(), name="session_open"),
    path("council/sessions/<int:pk>/voting/open/", VotingOpenView.as_view(), name="voting_open"),
    path("council/sessions/<int:pk>/voting/close/", VotingCloseView.as_view(), name="voting_close"),
    path("council/items/<int:pk>/written/", WrittenOpinionsView.as_view(), name="item_written"),
    path("council/items/<int:pk>/hands/", HandsView.as_view(), name="item_hands"),
]
