"""The buttons of a nomination's workflow (POST, each calling one service) and the page of
its versions. A refusal is shown as a message and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from nominations.forms.workflow import AcceptForm, ReasonForm, VersionsForm
from nominations.models import Nomination
from nominations.services import NominationError, eligibility, workflow
from thiduaportal.views import PortalPermissionMixin


def _nominations():
    """The nominations of the request's commune, with what their pages show."""
    # Built per request: a queryset made at import time was made outside every commune's
    # scope and would find another commune's rows.
    return Nomination.objects.select_related(
        "round", "proposal__unit", "subject_unit", "subject_cadre", "award_form"
    )


def back_to(nomination: Nomination, user) -> str:
    """The office returns to the review page, the unit to its nomination's page."""
    if user.has_perm("nominations.view_queue"):
        return reverse("nominations:nomination_review", args=[nomination.pk])
    return reverse("nominations:nomination_detail", args=[nomination.pk])


class _MoveView(PortalPermissionMixin, View):
    """Load the nomination, clean the form, call the service, say what happened."""

    http_method_names = ["post"]
    form_class = ReasonForm
    success_message = ""

    def get_permission_object(self):
        if not hasattr(self, "nomination"):
            self.nomination = get_object_or_404(_nominations(), pk=self.kwargs["pk"])
        return self.nomination

    def get_form(self):
        return self.form_class(self.request.POST)

    def post(self, request, *args, **kwargs):
        nomination, form = self.get_permission_object(), self.get_form()
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back_to(nomination, request.user))
        try:
            self.act(nomination, form)
        except NominationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.success_message % {"name": nomination.subject_name})
        return redirect(back_to(nomination, request.user))

    def act(self, nomination: Nomination, form) -> None:
        raise NotImplementedError


class SubmitView(_MoveView):
    permission_required = "nominations.edit_nomination"
    success_message = gettext_lazy("The nomination of %(name)s was submitted to the office.")

    def act(self, nomination, form):
        workflow.submit_nomination(nomination, actor=self.request.user)


class WithdrawView(_MoveView):
    permission_required = "nominations.edit_nomination"
    success_message = gettext_lazy("The nomination of %(name)s was withdrawn.")

    def act(self, nomination, form):
        workflow.withdraw_nomination(nomination, actor=self.request.user, reason=form.cleaned_data["reason"])


class ReturnView(_MoveView):
    permission_required = "nominations.review"
    success_message = gettext_lazy("The nomination of %(name)s was returned to its unit.")

    def act(self, nomination, form):
        workflow.return_nomination(nomination, actor=self.request.user, reason=form.cleaned_data["reason"])


class RejectView(_MoveView):
    permission_required = "nominations.review"
    success_message = gettext_lazy("The nomination of %(name)s was rejected.")

    def act(self, nomination, form):
        workflow.reject_nomination(nomination, actor=self.request.user, reason=form.cleaned_data["reason"])


class AcceptView(_MoveView):
    permission_required = "nominations.review"
    success_message = gettext_lazy("The nomination of %(name)s was accepted.")

    def get_form(self):
        return AcceptForm(self.request.POST, checks=eligibility.run_checks(self.nomination))

    def act(self, nomination, form):
        workflow.accept_nomination(nomination, actor=self.request.user, justifications=form.justifications())


class ShortlistView(_MoveView):
    permission_required = "nominations.review"
    success_message = gettext_lazy("The nomination of %(name)s was put on the list for the council.")

    def act(self, nomination, form):
        workflow.shortlist_nomination(nomination, actor=self.request.user)


class UnshortlistView(_MoveView):
    permission_required = "nominations.review"
    success_message = gettext_lazy("The nomination of %(name)s was taken off the list for the council.")

    def act(self, nomination, form):
        workflow.unshortlist_nomination(
            nomination, actor=self.request.user, reason=form.cleaned_data["reason"]
        )


class VersionsView(PortalPermissionMixin, TemplateView):
    """The versions a unit submitted and what changed between two of them (the last two
    unless `?a=&b=` choose others)."""

    permission_required = "nominations.view_nomination"
    template_name = "nominations/workflow/versions.html"

    def get_permission_object(self):
        if not hasattr(self, "nomination"):
            self.nomination = get_object_or_404(_nominations(), pk=self.kwargs["pk"])
        return self.nomination

    def get_context_data(self, **kwargs):
        nomination = self.get_permission_object()
        versions = list(nomination.versions.select_related("submitted_by").order_by("number"))
        numbers = [v.number for v in versions]
        default = {"a": numbers[-2], "b": numbers[-1]} if len(numbers) > 1 else None
        form = VersionsForm(self.request.GET or default, numbers=numbers)
        changes, a, b = None, None, None
        if default and form.is_valid():
            a, b = form.cleaned_data["a"], form.cleaned_data["b"]
            changes = workflow.diff_versions(nomination, a, b)
        return super().get_context_data(
            nomination=nomination,
            versions=versions,
            form=form,
            changes=changes,
            a=a,
            b=b,
            back_url=back_to(nomination, self.request.user),
            **kwargs,
        )


urls = [
    path("nominations/<int:pk>/submit/", SubmitView.as_view(), name="nomination_submit"),
    path("nominations/<int:pk>/withdraw/", WithdrawView.as_view(), name="nomination_withdraw"),
    path("nominations/<int:pk>/return/", ReturnView.as_view(), name="nomination_return"),
    path("nominations/<int:pk>/accept/", AcceptView.as_view(), name="nomination_accept"),
    path("nominations/<int:pk>/reject/", RejectView.as_view(), name="nomination_reject"),
    path("nominations/<int:pk>/shortlist/", ShortlistView.as_view(), name="nomination_shortlist"),
    path("nominations/<int:pk>/unshortlist/", UnshortlistView.as_view(), name="nomination_unshortlist"),
    path("nominations/<int:pk>/versions/", VersionsView.as_view(), name="nomination_versions"),
]
