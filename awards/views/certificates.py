"""Printing Giấy khen and the titles' Giấy chứng nhận: the batch of a decision (built in the background, see
`awards.services.printing`), one certificate's preview, the printers' offsets with their
calibration page, and the commune's emblem."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, FormView, ListView, UpdateView

from awards import blanks, certificates
from awards.forms.certificates import CertificatePrintForm, EmblemForm, PrinterForm
from awards.models import Award, Decision, DecisionState, PrinterProfile
from awards.services import designs, printing
from awards.tasks import task_print_certificates
from nominations.services import NominationError
from thiduaportal import jobs
from thiduaportal.downloads import PDF, file_response
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin


class CertificatePrintView(PortalPermissionMixin, FormView):
    """The decision's awards to tick, the mode and the printer; POST starts the job."""

    permission_required = "awards.print_certificates"
    template_name = "awards/certificates/print.html"
    form_class = CertificatePrintForm

    @cached_property
    def decision(self) -> Decision:
        return get_object_or_404(Decision, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.decision

    @cached_property
    def awards(self) -> list[tuple[Award, str]]:
        """The awards that print a certificate, each with the certificate's name."""
        found = list(self.decision.awards.select_related("award_form").order_by("position", "pk"))
        catalogue = certificates.catalogue_headings(found)
        frozen = certificates.frozen_headings(self.decision.snapshot)
        return [
            (award, certificates.certificate_name(award, certificates.heading_of(award, frozen, catalogue)))
            for award in found
            if printing.has_certificate(award, catalogue)
        ]

    def get_initial(self):
        # Without the national emblem the full design cannot be printed: the page opens on the
        # pre-printed blanks, the choice it can print.
        return {"mode": certificates.BLANK if not certificates.emblem_data_uri() else certificates.FULL}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        if form.is_bound:
            ticked = set(form.data.getlist("awards"))
            rows = [(award, str(award.pk) in ticked, name) for award, name in self.awards]
        else:
            rows = [(award, award.is_valid, name) for award, name in self.awards]
        return super().get_context_data(
            decision=self.decision,
            rows=rows,
            printers=PrinterProfile.objects.exists(),
            emblem_missing=not certificates.emblem_data_uri(),
            site_problem=certificates.site_address_problem(),
            site_problem_blocks=not settings.DEBUG,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            job = printing.start_print(
                self.decision,
                actor=self.request.user,
                award_ids=data["awards"],
                mode=data["mode"],
                printer=data["printer"],
            )
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        jobs.enqueue(job, task_print_certificates)
        return redirect("job_detail", pk=job.pk)


def _printer(value: str | None) -> PrinterProfile | None:
    return PrinterProfile.objects.filter(pk=int(value)).first() if value and value.isdigit() else None


class CertificatePreviewView(PortalPermissionMixin, View):
    """One award's certificate as a PDF, from an issued decision only (`?mode=blank&printer=`).
    Never a revoked award's: refused, like the batch, rather than printed with a mark, since a
    revoked Giấy khen on paper looks valid once the mark is cut off."""

    permission_required = "awards.print_certificates"

    def get_permission_object(self):
        return None

    def get(self, request, pk):
        award = get_object_or_404(
            Award.objects.select_related("award_form"), pk=pk, decision__state=DecisionState.ISSUED
        )
        mode = request.GET.get("mode")
        mode = mode if mode in certificates.MODES else certificates.FULL
        try:
            content = certificates.certificate_pdf(
                [award], mode=mode, printer=_printer(request.GET.get("printer"))
            )
        except NominationError as error:
            # Refused (revoked, no emblem, a development address): back to the print page, which says why.
            messages.error(request, str(error))
            return redirect("awards:certificate_print", pk=award.decision_id)
        name = "giay-chung-nhan" if certificates.is_title(award) else "giay-khen"
        return file_response(content, filename=f"{name}-{award.pk}.pdf", content_type=PDF, inline=True)


class _PrinterMixin(PortalPermissionMixin):
    permission_required = "awards.manage_printers"
    model = PrinterProfile

    def get_permission_object(self):
        return None


class PrinterListView(_PrinterMixin, ListView):
    template_name = "awards/certificates/printer_list.html"
    context_object_name = "printers"


class _PrinterFormMixin(_PrinterMixin):
    template_name = "awards/certificates/printer_form.html"
    form_class = PrinterForm
    success_url = reverse_lazy("awards:printer_list")

    def form_valid(self, form):
        messages.success(self.request, _("Printer “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
        return super().form_valid(form)


class PrinterCreateView(_PrinterFormMixin, CreateView):
    pass


class PrinterEditView(_PrinterFormMixin, UpdateView):
    pass


class PrinterCalibrationView(_PrinterMixin, View):
    """The calibration page of one printer, to print onto a blank and measure."""

    def get(self, request, pk):
        printer = get_object_or_404(PrinterProfile, pk=pk)
        return file_response(
            blanks.calibration_pdf(printer),
            filename=f"can-chinh-may-in-{pk}.pdf",
            content_type=PDF,
            inline=True,
        )


class CertificateDesignView(_PrinterMixin, FormView):
    """The national emblem printed top centre in the full design."""

    template_name = "awards/certificates/design.html"
    form_class = EmblemForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(emblem=certificates.emblem_data_uri(), **kwargs)

    def form_valid(self, form):
        designs.replace_emblem(form.cleaned_data["emblem"])
        messages.success(self.request, _("The emblem is saved; the full design prints it from now on."))
        return redirect("awards:certificate_design")


urls = [
    path("decisions/<int:pk>/certificates/", CertificatePrintView.as_view(), name="certificate_print"),
    path("awards/<int:pk>/certificate.pdf", CertificatePreviewView.as_view(), name="certificate_preview"),
    path("certificates/printers/", PrinterListView.as_view(), name="printer_list"),
    path("certificates/printers/new/", PrinterCreateView.as_view(), name="printer_create"),
    path("certificates/printers/<int:pk>/", PrinterEditView.as_view(), name="printer_edit"),
    path(
        "certificates/printers/<int:pk>/calibration.pdf",
        PrinterCalibrationView.as_view(),
        name="printer_calibration",
    ),
    path("certificates/design/", CertificateDesignView.as_view(), name="certificate_design"),
]
