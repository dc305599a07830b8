"""Submissions to the city: the commune sends a round's city-award dossiers and follows them;
the city's officer reviews each one (files, return with a reason, accept, reject, record the
decision). Every lookup goes through the submission's manager, so another commune's or
another city's submission is not found (404); a visitor is sent to the login page first."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from awards.city_models import CitySubmission, CitySubmissionFile, SubmissionState
from awards.forms.city import CityDecisionForm, ReasonForm
from awards.services import city as services
from nominations.models import Round
from thiduaportal.downloads import file_response
from thiduaportal.views import PortalPermissionMixin


class SubmitToCityView(LoginRequiredMixin, PortalPermissionMixin, View):
    """POST: send the round's city-award dossiers to the commune's city."""

    permission_required = "awards.submit_to_city"
    http_method_names = ["post"]

    @cached_property
    def round(self) -> Round:
        return get_object_or_404(Round, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.round

    def post(self, request, pk):
        try:
            submission = services.submit_to_city(self.round, actor=request.user)
        except services.NominationError as error:
            messages.error(request, str(error))
            return redirect("nominations:forwarding_package", pk=pk)
        messages.success(request, _("The dossiers were sent to the city."))
        return redirect(submission)


class SubmissionListView(LoginRequiredMixin, PortalPermissionMixin, ListView):
    """The submissions the user's side sees: the city's received ones, the commune's sent ones."""

    permission_required = "awards.view_city_submission"
    template_name = "awards/city/list.html"
    context_object_name = "submissions"
    paginate_by = 50

    def get_queryset(self):
        return CitySubmission.objects.select_related("city").order_by("-submitted_at", "-pk")


class SubmissionDetailView(LoginRequiredMixin, PortalPermissionMixin, TemplateView):
    """One submission: its candidates, its files by version, its history and the moves the
    user may make now."""

    permission_required = "awards.view_city_submission"
    template_name = "awards/city/detail.html"

    @cached_property
    def submission(self) -> CitySubmission:
        return get_object_or_404(CitySubmission.objects.select_related("city"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.submission

    def get_context_data(self, **kwargs):
        submission = self.submission
        user = self.request.user
        reviewer = user.has_perm("awards.review_city_submission", submission) and (
            submission.city_id == self.request.commune_id
        )
        sender = user.has_perm("awards.submit_to_city", submission.round) if not reviewer else False
        return super().get_context_data(
            submission=submission,
            lines=list(submission.lines.all()),
            files=list(submission.files.order_by("-version", "name", "pk")),
            transitions=list(services.SUBMISSIONS.transitions(submission).select_related("actor")),
            reviewer=reviewer,
            sender=sender and submission.commune_id == self.request.commune_id,
            S=SubmissionState,
            reason_form=kwargs.pop("reason_form", None) or ReasonForm(),
            decision_form=kwargs.pop("decision_form", None) or CityDecisionForm(submission=submission),
            **kwargs,
        )


class SubmissionMoveView(SubmissionDetailView):
    """POST one move: return, accept, reject, decide (the city) or resubmit (the commune)."""

    permission_required = "awards.view_city_submission"
    http_method_names = ["post"]

    def post(self, request, pk, action):
        submission = self.submission
        context = self.get_context_data()
        allowed = context["reviewer"] if action != "resubmit" else context["sender"]
        if not allowed:
            messages.error(request, _("You may not make this move."))
            return redirect(submission)
        try:
            form = self._act(action, submission)
        except services.NominationError as error:
            messages.error(request, str(error))
            return redirect(submission)
        if form is not None:
            key = "decision_form" if action == "decide" else "reason_form"
            messages.error(request, _("Check the highlighted fields."))
            return self.render_to_response(self.get_context_data(**{key: form}), status=400)
        messages.success(request, _("Saved: %(state)s.") % {"state": submission.get_state_display()})
        return redirect(submission)

    def _act(self, action, submission):
        actor = self.request.user
        if action == "accept":
            services.accept_submission(submission, actor=actor)
        elif action == "resubmit":
            services.resubmit(submission, actor=actor)
        elif action in ("return", "reject"):
            form = ReasonForm(self.request.POST)
            if not form.is_valid():
                return form
            verb = services.return_submission if action == "return" else services.reject_submission
            verb(submission, actor=actor, reason=form.cleaned_data["reason"])
        elif action == "decide":
            form = CityDecisionForm(self.request.POST, submission=submission)
            if not form.is_valid():
                return form
            data = form.cleaned_data
            services.record_decision(
                submission,
                actor=actor,
                number=data["number"],
                date=data["date"],
                signer=data["signer"],
                award_name=data["award_name"],
                line_ids=[line.pk for line in data["lines"]],
            )
        return None


class SubmissionFileView(LoginRequiredMixin, PortalPermissionMixin, View):
    """One copied file of a submission, for the users who see the submission."""

    permission_required = "awards.view_city_submission"

    @cached_property
    def copy(self) -> CitySubmissionFile:
        submission = get_object_or_404(CitySubmission, pk=self.kwargs["pk"])
        return get_object_or_404(CitySubmissionFile, pk=self.kwargs["file_pk"], submission=submission)

    def get_permission_object(self):
        return self.copy.submission

    def get(self, request, pk, file_pk):
        name = self.copy.name.rsplit("/", 1)[-1]
        return file_response(self.copy.file.open("rb"), filename=name)


urls = [
    path("rounds/<int:pk>/send-to-city/", SubmitToCityView.as_view(), name="city_submit"),
    path("city/submissions/", SubmissionListView.as_view(), name="city_submission_list"),
    path("city/submissions/<int:pk>/", SubmissionDetailView.as_view(), name="city_submission"),
    path(
        "city/submissions/<int:pk>/<str:action>/",
        SubmissionMoveView.as_view(),
        name="city_submission_move",
    ),
    path(
        "city/submissions/<int:pk>/files/<int:file_pk>/",
        SubmissionFileView.as_view(),
        name="city_submission_file",
    ),
]
