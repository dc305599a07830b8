"""Screens for a unit's proposal in a round and its nominations: start the proposal, fill in
its Tờ trình, add and edit nominations, and the nomination's page (for the unit, and
read-only for the office)."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView

from nominations.forms.proposals import NominationCreateForm, NominationEditForm, ProposalForm
from nominations.models import Nomination, Proposal, Round
from nominations.services import NominationError, dossiers, eligibility, review
from nominations.services import proposals as services
from nominations.services.reports import missing_sections, needs_report
from nominations.services.rounds import closed_on, submission_status
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin


def _nominations():
    """The nominations of the request's commune, with what their pages show."""
    # Built per request: a queryset made at import time was made outside every commune's
    # scope and would find another commune's rows.
    return Nomination.objects.select_related(
        "proposal__unit", "round", "subject_unit", "subject_cadre", "award_form"
    )


class ProposalForRoundView(PortalPermissionMixin, View):
    """The user's unit's proposal for the round. GET opens it when it exists and otherwise
    asks to confirm (a link, a prefetching mail reader or a crawler creates nothing); POST
    creates it."""

    permission_required = "nominations.add_nomination"

    def get_permission_object(self):
        return None

    def get(self, request, pk):
        round, unit = self.round(), request.user.unit
        proposal = services.existing_proposal(round, unit)
        if proposal is not None:
            return redirect(proposal)
        try:
            services.refuse_new_proposal(round, unit)
        except NominationError as error:
            messages.error(request, str(error))
            return redirect(round)
        return render(request, "nominations/proposals/start.html", {"round": round, "unit": unit})

    def post(self, request, pk):
        round = self.round()
        try:
            proposal = services.get_or_create_proposal(round, request.user.unit, actor=request.user)
        except NominationError as error:
            messages.error(request, str(error))
            return redirect(round)
        return redirect(proposal)

    def round(self) -> Round:
        return get_object_or_404(Round.objects.visible_to(self.request.user), pk=self.kwargs["pk"])


class ProposalDetailView(PortalPermissionMixin, DetailView):
    """The proposal's Tờ trình fields, its nominations with their state, its documents."""

    permission_required = "nominations.view_proposal"
    template_name = "nominations/proposals/detail.html"

    def get_queryset(self):
        nominations = _nominations().order_by("subject_type", "pk")
        return Proposal.objects.select_related("round", "unit").prefetch_related(
            Prefetch("nominations", queryset=nominations)
        )

    def get_object(self, queryset=None):
        if not hasattr(self, "_proposal"):
            self._proposal = super().get_object(queryset)
        return self._proposal

    def get_context_data(self, **kwargs):
        proposal, user = self.object, self.request.user
        accepting, status = submission_status(proposal.round)
        can_edit = user.has_perm("nominations.edit_proposal", proposal)
        return super().get_context_data(
            nominations=list(proposal.nominations.all()),
            accepting=accepting,
            status=status,
            closed_on=closed_on(proposal.round),
            can_edit=can_edit,
            can_add=can_edit and accepting,
            letter_url=reverse("nominations:proposal_letter_pdf", args=[proposal.pk]),
            minutes_url=reverse("nominations:proposal_minutes_pdf", args=[proposal.pk]),
            upload_url=reverse("nominations:attachment_upload", args=[proposal.pk]) if can_edit else "",
            **kwargs,
        )


class ProposalEditView(PortalPermissionMixin, FormView):
    """The unit fills in its Tờ trình: number, date, signer, selection meeting."""

    permission_required = "nominations.edit_proposal"
    template_name = "nominations/proposals/form.html"

    @cached_property
    def proposal(self) -> Proposal:
        return get_object_or_404(Proposal.objects.select_related("round", "unit"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.proposal

    def get_form(self, form_class=None):
        return ProposalForm(**{**self.get_form_kwargs(), "instance": self.proposal})

    def get_context_data(self, **kwargs):
        heading = _("Tờ trình of %(unit)s") % {"unit": self.proposal.unit}
        return super().get_context_data(heading=heading, proposal=self.proposal, **kwargs)

    def form_valid(self, form):
        try:
            services.update_proposal(self.proposal, actor=self.request.user, **form.cleaned_data)
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The proposal was saved."))
        return redirect(self.proposal)


class NominationCreateView(ProposalEditView):
    """A new nomination in the unit's proposal."""

    template_name = "nominations/proposals/form.html"

    def get_form(self, form_class=None):
        return NominationCreateForm(**{**self.get_form_kwargs(), "proposal": self.proposal})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = _("New nomination")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            nomination = services.add_nomination(
                self.proposal,
                actor=self.request.user,
                subject_type=data["subject_type"],
                award_form=data["award_form"],
                subject_unit=data.get("subject_unit"),
                subject_cadre=data.get("subject_cadre"),
                summary=data.get("summary", ""),
            )
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The nomination of %(name)s was drafted.") % {"name": nomination.subject_name}
        )
        return redirect(nomination)


class NominationDetailView(PortalPermissionMixin, DetailView):
    """One nomination: subject, award form, summary, state, and the parts of other topics
    (eligibility checks, dossier checklist, workflow buttons, comments, messages)."""

    permission_required = "nominations.view_nomination"
    template_name = "nominations/proposals/nomination_detail.html"

    def get_queryset(self):
        return _nominations()

    def get_object(self, queryset=None):
        if not hasattr(self, "_nomination"):
            self._nomination = super().get_object(queryset)
        return self._nomination

    def get_context_data(self, **kwargs):
        nomination, user = self.object, self.request.user
        items = dossiers.checklist(nomination)
        return super().get_context_data(
            nomination=nomination,
            refusal=review.last_refusal(nomination),
            checks=eligibility.run_checks(nomination),
            items=items,
            # What submitting would refuse for: the button is disabled and names them.
            submit_missing=[
                *(item.label for item in items if item.required and not item.present),
                *missing_sections(nomination),
            ],
            can_edit=services.is_editable(nomination)
            and user.has_perm("nominations.edit_nomination", nomination),
            # A year-end title that needs no report (LĐTT) shows no report.
            report_edit_url=reverse("nominations:nomination_report_edit", args=[nomination.pk])
            if needs_report(nomination)
            else "",
            report_pdf_url=reverse("nominations:nomination_report_pdf", args=[nomination.pk])
            if needs_report(nomination)
            else "",
            **kwargs,
        )


class NominationEditView(PortalPermissionMixin, FormView):
    """The award form and the one-line achievement of a draft or returned nomination."""

    permission_required = "nominations.edit_nomination"
    template_name = "nominations/proposals/form.html"

    @cached_property
    def nomination(self) -> Nomination:
        return get_object_or_404(_nominations(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.nomination

    def get(self, request, *args, **kwargs):
        if not services.is_editable(self.nomination):
            messages.info(request, _("This nomination has been submitted and can no longer be changed."))
            return redirect(self.nomination)
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return NominationEditForm(**{**self.get_form_kwargs(), "nomination": self.nomination})

    def get_context_data(self, **kwargs):
        heading = _("Nomination of %(name)s") % {"name": self.nomination.subject_name}
        return super().get_context_data(heading=heading, proposal=self.nomination.proposal, **kwargs)

    def form_valid(self, form):
        try:
            services.update_nomination(self.nomination, actor=self.request.user, **form.cleaned_data)
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The nomination was saved."))
        return redirect(self.nomination)


urls = [
    path("rounds/<int:pk>/proposal/", ProposalForRoundView.as_view(), name="proposal_for_round"),
    path("proposals/<int:pk>/", ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/edit/", ProposalEditView.as_view(), name="proposal_edit"),
    path("proposals/<int:pk>/nominations/new/", NominationCreateView.as_view(), name="nomination_create"),
    path("nominations/<int:pk>/", NominationDetailView.as_view(), name="nomination_detail"),
    path("nominations/<int:pk>/edit/", NominationEditView.as_view(), name="nomination_edit"),
]
