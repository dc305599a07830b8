"""Decisions: the list, drafting from a round's result, editing a draft, issuing (the
chairman), discarding, corrections (amend or revoke an issued decision) and the PDF."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from awards.documents import decision_pdf
from awards.forms.decisions import CorrectionForm, DecisionForm, IssueForm, NumberingForm
from awards.models import Decision, DecisionState, DocumentCounter
from awards.services.decisions import DecisionError, drafting, issuing, lines, numbering, salary
from nominations.models import Round
from thiduaportal.downloads import PDF, file_response
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin

DECISION_SYMBOL = Decision._meta.get_field("symbol").default


class DecisionListView(PortalPermissionMixin, ListView):
    permission_required = "awards.view_decision"
    template_name = "awards/decisions/decision_list.html"
    paginate_by = 50

    def get_queryset(self):
        decisions = Decision.objects.visible_to(self.request.user).select_related("round", "corrects")
        state = self.request.GET.get("state")
        if state in DecisionState.values:
            decisions = decisions.filter(state=state)
        decisions = decisions.annotate(
            n_awards=Count("awards", distinct=True), n_noms=Count("nominations", distinct=True)
        )
        # Drafts first, then the newest issued.
        return decisions.order_by(F("issued_on").desc(nulls_first=True), "-number", "-pk")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            ready=drafting.ready_rounds() if user.has_perm("awards.draft_decision") else [],
            states=DecisionState.choices,
            state=self.request.GET.get("state", ""),
            **kwargs,
        )


class _DecisionMixin(PortalPermissionMixin):
    @cached_property
    def decision(self) -> Decision:
        return get_object_or_404(
            Decision.objects.select_related("round__campaign", "corrects", "issued_by", "created_by"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.decision


class DecisionDraftView(PortalPermissionMixin, View):
    """POST: a new draft from the round's candidates."""

    permission_required = "awards.draft_decision"

    def post(self, request, pk):
        round_ = get_object_or_404(Round, pk=pk)
        try:
            decision = drafting.draft_decision(round_, actor=request.user)
        except DecisionError as error:
            messages.error(request, str(error))
            return redirect("awards:decision_list")
        messages.success(
            request, _("Draft decision created: check its text and list, then send it to the chairman.")
        )
        return redirect("awards:decision_edit", decision.pk)


class DecisionDetailView(_DecisionMixin, TemplateView):
    permission_required = "awards.view_decision"
    template_name = "awards/decisions/decision_detail.html"

    def _base_salary(self):
        """(the BaseSalary a draft's cash is shown on, the message when none is in force)."""
        try:
            return salary.base_salary_on(timezone.localdate()), ""
        except DecisionError as error:
            return None, str(error)

    def get_context_data(self, **kwargs):
        decision, user = self.decision, self.request.user
        if decision.is_issued:
            base_salary, salary_error, shown = None, "", lines.lines_of(decision)
        else:
            base_salary, salary_error = self._base_salary()
            try:  # a correction pays on its decision's value (`salary.amount_for`)
                amount = salary.amount_for(decision, timezone.localdate())
            except DecisionError:
                amount = 0  # no value in force: the page says so (`salary_error`)
            shown = lines.lines_of(decision, base_salary=amount)
        return super().get_context_data(
            decision=decision,
            lines=shown,
            base_salary=base_salary,
            salary_error=salary_error,
            awards={a.nomination_id: a for a in decision.awards.select_related("revoked_by")},
            targets=list(decision.targets.all()) if decision.kind != "award" else [],
            corrections=decision.corrections.order_by("pk"),
            transitions=decision.transitions.select_related("actor"),
            issue_form=IssueForm() if decision.is_draft and user.has_perm("awards.issue_decision") else None,
            counter=numbering.counter_of(decision.symbol, timezone.localdate().year)
            if decision.is_draft
            else None,
            can_edit=decision.is_draft and user.has_perm("awards.draft_decision"),
            can_correct=decision.is_issued and user.has_perm("awards.draft_decision"),
            can_print=decision.is_issued
            and decision.kind != "revoke"
            and user.has_perm("awards.print_certificates"),
            **kwargs,
        )


class DecisionEditView(_DecisionMixin, FormView):
    permission_required = "awards.draft_decision"
    template_name = "awards/decisions/decision_form.html"
    form_class = DecisionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.decision.is_draft and self.has_permission():
            messages.error(
                request, _("An issued decision can no longer be edited; correct it with a new decision.")
            )
            return redirect(self.decision)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        decision = self.decision
        choices = None
        if decision.kind == "award":
            current = list(decision.nominations.all())
            choices = {
                n.pk: n for n in [*current, *drafting.candidates(decision.round, excluding=decision)]
            }.values()
        return {**super().get_form_kwargs(), "instance": decision, "choices": choices}

    def get_context_data(self, **kwargs):
        return super().get_context_data(decision=self.decision, **kwargs)

    def form_valid(self, form):
        fields = {key: form.cleaned_data[key] for key in DecisionForm.Meta.fields}
        if "reason" in form.cleaned_data:
            fields["reason"] = form.cleaned_data["reason"]
        try:
            drafting.update_draft(
                self.decision,
                actor=self.request.user,
                nominations=form.cleaned_data.get("nominations"),
                **fields,
            )
        except DecisionError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Draft saved."))
        return redirect(self.decision)


class DecisionIssueView(_DecisionMixin, FormView):
    """POST from the detail page: the chairman issues the draft."""

    permission_required = "awards.issue_decision"
    form_class = IssueForm
    http_method_names = ["post"]

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect(self.decision)

    def form_valid(self, form):
        try:
            decision = issuing.issue_decision(
                self.decision, actor=self.request.user, issued_on=form.cleaned_data["issued_on"]
            )
        except DecisionError as error:
            messages.error(self.request, str(error))
            return redirect(self.decision)
        messages.success(
            self.request,
            _("Decision %(number)s issued; %(n)s awards entered in the registry.")
            % {"number": decision.number_text, "n": decision.awards.count()},
        )
        return redirect(decision)


class DecisionDiscardView(_DecisionMixin, View):
    permission_required = "awards.draft_decision"

    def post(self, request, pk):
        try:
            issuing.discard_draft(self.decision, actor=request.user, reason=request.POST.get("reason", ""))
        except DecisionError as error:
            messages.error(request, str(error))
            return redirect(self.decision)
        messages.success(request, _("Draft discarded."))
        return redirect("awards:decision_list")


class DecisionCorrectView(_DecisionMixin, FormView):
    """Draft a decision amending or revoking awards of an issued one."""

    permission_required = "awards.draft_decision"
    template_name = "awards/decisions/decision_correct.html"
    form_class = CorrectionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.decision.is_issued and self.has_permission():
            messages.error(request, _("Only an issued decision can be amended or revoked."))
            return redirect(self.decision)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "decision": self.decision}

    def get_context_data(self, **kwargs):
        return super().get_context_data(decision=self.decision, **kwargs)

    def form_valid(self, form):
        try:
            correction = drafting.draft_correction(
                self.decision,
                actor=self.request.user,
                kind=form.cleaned_data["kind"],
                awards=list(form.cleaned_data["awards"]),
                reason=form.cleaned_data["reason"],
            )
        except DecisionError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Correcting decision drafted: complete its text, then send it to the chairman.")
        )
        return redirect("awards:decision_edit", correction.pk)


class DecisionPdfView(_DecisionMixin, View):
    """An issued decision: the stored, frozen (and maybe signed) file. A draft: rendered now."""

    permission_required = "awards.view_decision"

    def get(self, request, pk):
        decision = self.decision
        if decision.is_issued:
            try:
                handle = decision.pdf.open("rb")
            except (FileNotFoundError, ValueError):
                raise Http404 from None
            filename = f"quyet-dinh-{decision.number}-{decision.year}.pdf"
            return file_response(handle, filename=filename, content_type=PDF, inline=True)
        return file_response(
            decision_pdf(decision),
            filename=f"du-thao-quyet-dinh-{decision.pk}.pdf",
            content_type=PDF,
            inline=True,
        )


class NumberingView(PortalPermissionMixin, FormView):
    """The decision counters; the office makes the portal's numbers follow the paper register."""

    permission_required = "awards.draft_decision"
    template_name = "awards/decisions/numbering.html"
    form_class = NumberingForm

    def get_context_data(self, **kwargs):
        counters = DocumentCounter.objects.filter(scope=DECISION_SYMBOL).select_related("confirmed_by")
        return super().get_context_data(counters=counters.order_by("-year"), **kwargs)

    def get_form_kwargs(self):
        year = self.request.GET.get("year", "")
        return {**super().get_form_kwargs(), "year": int(year) if year.isdigit() else None}

    def form_valid(self, form):
        year, last = form.cleaned_data["year"], form.cleaned_data["last_number"]
        try:
            numbering.continue_from(DECISION_SYMBOL, year, last, actor=self.request.user)
        except DecisionError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The next decision of %(year)s will be number %(n)s.") % {"year": year, "n": last + 1},
        )
        return redirect("awards:decision_numbering")


urls = [
    path("decisions/numbering/", NumberingView.as_view(), name="decision_numbering"),
    path("decisions/", DecisionListView.as_view(), name="decision_list"),
    path("decisions/<int:pk>/", DecisionDetailView.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/decision.pdf", DecisionPdfView.as_view(), name="decision_pdf"),
    path("decisions/<int:pk>/edit/", DecisionEditView.as_view(), name="decision_edit"),
    path("decisions/<int:pk>/issue/", DecisionIssueView.as_view(), name="decision_issue"),
    path("decisions/<int:pk>/discard/", DecisionDiscardView.as_view(), name="decision_discard"),
    path("decisions/<int:pk>/correct/", DecisionCorrectView.as_view(), name="decision_correct"),
    path("rounds/<int:pk>/decision/", DecisionDraftView.as_view(), name="decision_draft"),
]
