"""Screens for rounds: the list, the detail page (the office sees every unit's proposal with
its counts; a unit sees its own proposal), the settings form and the moves."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from nominations.forms.rounds import RoundForm, RoundMoveForm
from nominations.models import AwardLevel, NominationState, Proposal, Round, RoundKind, RoundState
from nominations.services import NominationError
from nominations.services import rounds as services
from thiduaportal.errors import add_to_form
from thiduaportal.roles import Role, roles_of
from thiduaportal.sections import sections_for
from thiduaportal.views import PortalPermissionMixin


class RoundListView(PortalPermissionMixin, ListView):
    """Rounds newest first with whether they take proposals; the office sees the number of
    proposals and of nominations waiting for review, a unit its own proposal."""

    permission_required = "nominations.list_rounds"
    template_name = "nominations/rounds/list.html"
    paginate_by = 25

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return (
            Round.objects.visible_to(self.request.user)
            .select_related("campaign")
            .annotate(
                proposal_count=Count("proposals", distinct=True),
                submitted_count=Count(
                    "nominations", filter=Q(nominations__state=NominationState.SUBMITTED), distinct=True
                ),
            )
            .order_by("-year", "-submit_by", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        rounds = context["object_list"]
        own = {}
        if user.unit_id and roles_of(user) & Role.UNIT_ROLES:
            own = dict(
                Proposal.objects.filter(unit_id=user.unit_id, round__in=rounds).values_list("round_id", "pk")
            )
        context["rows"] = [
            (round, *services.submission_status(round, today=today), own.get(round.pk)) for round in rounds
        ]
        context["office"] = user.has_perm("thiduaportal.view_all_units")
        return context


class RoundDetailView(PortalPermissionMixin, DetailView):
    """A round's settings and deadlines; the office sees each unit's proposal with its
    nominations counted by state, a unit its own proposal or the button to start one."""

    permission_required = "nominations.view_round"
    template_name = "nominations/rounds/detail.html"

    def get_permission_object(self):
        return None

    def get_object(self, queryset=None):
        rounds = Round.objects.visible_to(self.request.user).select_related("campaign")
        return get_object_or_404(rounds, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        round, user = self.object, self.request.user
        accepting, status = services.submission_status(round)
        office = user.has_perm("thiduaportal.view_all_units")
        context = {
            "accepting": accepting,
            "status": status,
            "office": office,
            "award_forms": list(round.award_forms.all()),
            "can_manage": user.has_perm("nominations.manage_rounds"),
            "can_propose": user.has_perm("nominations.add_nomination"),
            "can_list": user.has_perm("nominations.view_round", round),
            "can_letter": user.has_perm("nominations.review", round),
            "quota_use": services.quota_use(round),
        }
        if office:
            context["proposal_rows"] = services.proposal_rows(round)
            context["states"] = NominationState.choices
            context["moves"] = [(state, RoundState(state).label) for state in services.next_states(round)]
            context["transitions"] = list(round.transitions.select_related("actor"))
            context["forwards"] = user.has_perm("nominations.forward_to_city") and (
                round.nominations.filter(award_form__level=AwardLevel.CITY).exists()
            )
        elif user.unit_id:
            context["own_proposal"] = Proposal.objects.filter(round=round, unit_id=user.unit_id).first()
        context["sections"] = sections_for(round, user)
        return super().get_context_data(**context, **kwargs)


class _RoundFormView(PortalPermissionMixin, FormView):
    permission_required = "nominations.manage_rounds"
    template_name = "nominations/rounds/form.html"
    form_class = RoundForm

    def get_permission_object(self):
        return None

    def save(self, fields: dict, award_forms: list) -> Round:
        raise NotImplementedError

    def form_valid(self, form):
        fields, award_forms = form.values()
        try:
            round = self.save(fields, award_forms)
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The round “%(title)s” was saved.") % {"title": round})
        return redirect(round)


class RoundCreateView(_RoundFormView):
    """A new round, prefilled for its kind (`?kind=`): the plan's quotas except for ad hoc
    rounds, the default award forms."""

    def get_initial(self):
        kind = self.request.GET.get("kind")
        kind = kind if kind in RoundKind.values else RoundKind.ANNUAL
        return {
            "kind": kind,
            "year": timezone.localdate().year,
            "award_forms": services.default_award_forms(),
            **services.default_quotas(kind),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("New round"), quota_defaults=services.default_quotas(RoundKind.ANNUAL), **kwargs
        )

    def save(self, fields, award_forms):
        return services.create_round(actor=self.request.user, award_forms=award_forms, **fields)


class RoundUpdateView(_RoundFormView):
    @cached_property
    def round(self) -> Round:
        return get_object_or_404(Round, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.round}

    def get_context_data(self, **kwargs):
        heading = _("Edit %(round)s") % {"round": self.round}
        return super().get_context_data(heading=heading, round=self.round, **kwargs)

    def save(self, fields, award_forms):
        return services.update_round(self.round, actor=self.request.user, award_forms=award_forms, **fields)


class RoundMoveView(PortalPermissionMixin, View):
    """A button on the round's page: first a confirmation page saying what the move means
    (the published deadline, the dossiers not yet settled), then, confirmed, the move
    (POST only)."""

    permission_required = "nominations.manage_rounds"

    def get_permission_object(self):
        return None

    def post(self, request, pk):
        round = get_object_or_404(Round, pk=pk)
        form = RoundMoveForm(request.POST)
        if not form.is_valid() or form.cleaned_data["to"] not in services.MOVES:
            messages.error(request, _("Choose a state the round can move to."))
            return redirect(round)
        to = form.cleaned_data["to"]
        if not form.cleaned_data["confirm"]:
            return render(
                request,
                "nominations/rounds/move_confirm.html",
                {
                    "round": round,
                    "form": form,
                    "to": to,
                    "label": RoundState(to).label,
                    "consequences": services.move_consequences(round, to),
                },
            )
        try:
            services.MOVES[to](round, actor=request.user, reason=form.cleaned_data["reason"])
        except NominationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The round “%(round)s” is now “%(state)s”.")
                % {"round": round, "state": RoundState(to).label},
            )
        return redirect(round)


urls = [
    path("rounds/", RoundListView.as_view(), name="round_list"),
    path("rounds/new/", RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:pk>/", RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/edit/", RoundUpdateView.as_view(), name="round_edit"),
    path("rounds/<int:pk>/move/", RoundMoveView.as_view(), name="round_move"),
]
