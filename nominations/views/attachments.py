"""Dossier files: upload one file to a checklist line, download through a permission check,
take an evidence file out, and the office's receipt of the paper originals."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from nominations.forms.dossiers import AttachmentForm, PaperReceiptForm, accepted_files_text
from nominations.models import Attachment, Nomination, Proposal
from nominations.services import NominationError
from nominations.services import dossiers as services
from thiduaportal.downloads import file_response
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin


class AttachmentUploadView(PortalPermissionMixin, FormView):
    """`?nomination=<pk>` targets one nomination's lines, none the proposal's; `?kind=`
    preselects the line."""

    permission_required = "nominations.edit_proposal"
    template_name = "nominations/dossiers/upload.html"
    form_class = AttachmentForm

    @cached_property
    def proposal(self) -> Proposal:
        return get_object_or_404(Proposal.objects.select_related("round", "unit"), pk=self.kwargs["pk"])

    @cached_property
    def nomination(self) -> Nomination | None:
        pk = self.request.GET.get("nomination", "")
        if not pk:
            return None
        if not pk.isdigit():
            raise Http404
        return get_object_or_404(
            Nomination.objects.select_related("subject_unit", "subject_cadre"), pk=pk, proposal=self.proposal
        )

    def get_permission_object(self):
        return self.proposal

    def get_form_kwargs(self):
        per_nomination = self.nomination is not None
        specs = [
            s
            for s in services.ROUTES[services.route_of(self.proposal.round)]
            if s.per_nomination == per_nomination
        ]
        return {**super().get_form_kwargs(), "specs": specs}

    def get_initial(self):
        return {"kind": self.request.GET.get("kind", "")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.proposal, nomination=self.nomination, accepted=accepted_files_text(), **kwargs
        )

    def form_valid(self, form):
        try:
            attachment = services.add_attachment(
                self.proposal,
                actor=self.request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["upload"],
                nomination=self.nomination,
            )
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Uploaded “%(name)s”.") % {"name": attachment.original_name})
        return redirect(self.nomination or self.proposal)


class _AttachmentMixin(PortalPermissionMixin):
    """Loads the file; the permission is checked against its proposal's unit."""

    @cached_property
    def attachment(self) -> Attachment:
        return get_object_or_404(
            Attachment.objects.select_related("proposal", "nomination"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.attachment


class AttachmentDownloadView(_AttachmentMixin, View):
    """Streams the file as an attachment under its original (Vietnamese) name."""

    permission_required = "nominations.view_attachment"

    def get(self, request, pk):
        attachment = self.attachment
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return file_response(handle, filename=attachment.original_name, content_type=attachment.content_type)


class AttachmentRemoveView(_AttachmentMixin, View):
    permission_required = "nominations.edit_proposal"

    def post(self, request, pk):
        attachment = self.attachment
        try:
            services.remove_attachment(attachment, actor=request.user)
        except NominationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.original_name})
        return redirect(attachment.nomination or attachment.proposal)


class PaperReceiptView(PortalPermissionMixin, View):
    """The office records how many paper originals it received (POST only)."""

    permission_required = "nominations.review"

    @cached_property
    def proposal(self) -> Proposal:
        return get_object_or_404(Proposal, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.proposal

    def post(self, request, pk):
        form = PaperReceiptForm(request.POST)
        try:
            if not form.is_valid():
                raise NominationError(" ".join(form.errors["copies"]), field="copies")
            services.record_paper_receipt(
                self.proposal, actor=request.user, copies=form.cleaned_data["copies"]
            )
        except NominationError as error:
            messages.error(request, str(error))
        else:
            copies = form.cleaned_data["copies"]
            messages.success(
                request, _("Recorded: %(copies)s paper originals received.") % {"copies": copies}
            )
        return redirect(self.proposal)


urls = [
    path("proposals/<int:pk>/files/new/", AttachmentUploadView.as_view(), name="attachment_upload"),
    path("files/<int:pk>/", AttachmentDownloadView.as_view(), name="attachment_download"),
    path("files/<int:pk>/remove/", AttachmentRemoveView.as_view(), name="attachment_remove"),
    path("proposals/<int:pk>/paper/", PaperReceiptView.as_view(), name="paper_receipt"),
]
