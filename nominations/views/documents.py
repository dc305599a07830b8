"""The achievement report's edit page, the printed documents (PDF previews at any time) and
the Excel list of a round."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from nominations import documents, exports
from nominations.forms.reports import ReportForm
from nominations.models import Nomination, Proposal, Round
from nominations.services import NominationError
from nominations.services import reports as services
from thiduaportal.downloads import PDF, XLSX, file_response
from thiduaportal.views import PortalPermissionMixin


class _NominationMixin(PortalPermissionMixin):
    @cached_property
    def nomination(self) -> Nomination:
        """The nomination, with a report: a year-end title that needs none (LĐTT) has no page."""
        nominations = Nomination.objects.select_related(
            "proposal__unit", "round__campaign", "subject_unit", "subject_cadre__unit", "award_form"
        )
        nomination = get_object_or_404(nominations, pk=self.kwargs["pk"])
        if not services.needs_report(nomination):
            raise Http404
        return nomination

    def get_permission_object(self):
        return self.nomination


class ReportEditView(_NominationMixin, TemplateView):
    """The report's form, the records filling its empty entries; read-only once submitted."""

    permission_required = "nominations.edit_nomination"
    template_name = "nominations/reports/edit.html"

    def get_form(self, data=None, *, refresh: bool = False) -> ReportForm:
        return ReportForm(
            data,
            sections=services.sections(self.nomination),
            initial_report=services.merged(self.nomination, refresh=refresh),
        )

    def get_context_data(self, **kwargs):
        nomination = self.nomination
        editable = services.is_editable(nomination)
        if "form" not in kwargs and editable:
            kwargs["form"] = self.get_form(refresh=bool(self.request.GET.get("refresh")))
        return super().get_context_data(
            nomination=nomination,
            editable=editable,
            report_form=services.form_of(nomination),
            missing=services.missing_sections(nomination),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not services.is_editable(self.nomination):
            messages.error(request, _("The report can no longer be changed."))
            return redirect(request.path)
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                services.save_report(self.nomination, actor=request.user, data=form.report_data())
            except NominationError as error:
                form.show_error(str(error), error.field)
            else:
                messages.success(request, _("The achievement report was saved."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class _PdfView(View):
    filename = "tai-lieu.pdf"

    def render(self) -> bytes:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return file_response(self.render(), filename=self.filename, content_type=PDF, inline=True)


class ReportPdfView(_NominationMixin, _PdfView):
    permission_required = "nominations.view_nomination"

    def render(self) -> bytes:
        self.filename = f"bao-cao-thanh-tich-{self.nomination.pk}.pdf"
        return documents.report_pdf(self.nomination)


class _ProposalPdfView(PortalPermissionMixin, _PdfView):
    permission_required = "nominations.view_proposal"

    @cached_property
    def proposal(self) -> Proposal:
        return get_object_or_404(Proposal.objects.select_related("unit", "round"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.proposal


class ProposalLetterPdfView(_ProposalPdfView):
    def render(self) -> bytes:
        self.filename = f"to-trinh-{self.proposal.pk}.pdf"
        return documents.unit_letter_pdf(self.proposal)


class ProposalMinutesPdfView(_ProposalPdfView):
    def render(self) -> bytes:
        self.filename = f"bien-ban-hop-xet-{self.proposal.pk}.pdf"
        return documents.minutes_template_pdf(self.proposal)


class _RoundMixin(PortalPermissionMixin):
    @cached_property
    def round(self) -> Round:
        return get_object_or_404(Round.objects.select_related("campaign"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.round


class OfficeLetterPdfView(_RoundMixin, _PdfView):
    permission_required = "nominations.review"

    def render(self) -> bytes:
        self.filename = f"to-trinh-hoi-dong-{self.round.pk}.pdf"
        return documents.office_letter_pdf(self.round)


class RoundListXlsxView(_RoundMixin, View):
    """The office and the chairman get every row; a unit only its own nominations."""

    permission_required = "nominations.view_round"

    def get(self, request, *args, **kwargs):
        if not Round.objects.visible_to(request.user).filter(pk=self.round.pk).exists():
            raise Http404
        filename, content = exports.round_list_workbook(
            self.round, nominations=Nomination.objects.visible_to(request.user)
        )
        return file_response(content, filename=filename, content_type=XLSX)


urls = [
    path("nominations/<int:pk>/report/", ReportEditView.as_view(), name="nomination_report_edit"),
    path("nominations/<int:pk>/report.pdf", ReportPdfView.as_view(), name="nomination_report_pdf"),
    path("proposals/<int:pk>/letter.pdf", ProposalLetterPdfView.as_view(), name="proposal_letter_pdf"),
    path("proposals/<int:pk>/minutes.pdf", ProposalMinutesPdfView.as_view(), name="proposal_minutes_pdf"),
    path("rounds/<int:pk>/office-letter.pdf", OfficeLetterPdfView.as_view(), name="round_office_letter_pdf"),
    path("rounds/<int:pk>/list.xlsx", RoundListXlsxView.as_view(), name="round_list_xlsx"),
]
