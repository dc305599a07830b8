"""Screens for initiatives: the searchable list, proposing and editing, the detail page with
its history, the council's outcome, reopening, and evidence files (upload, download through
a permission check, delete)."""

from __future__ import annotations

from functools import cached_property

from auditlog.models import LogEntry
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from thiduaportal.downloads import file_response
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin
from units.models import Unit

from ..forms.initiatives import DecisionForm, EvidenceForm, InitiativeFilterForm, InitiativeForm, ReopenForm
from ..models import Initiative, InitiativeEvidence, InitiativeState
from ..services import initiatives as services


class InitiativeListView(PortalPermissionMixin, ListView):
    permission_required = "campaigns.list_initiatives"
    template_name = "campaigns/initiatives/list.html"
    paginate_by = 25

    def get_permission_object(self):
        return None

    def get_queryset(self):
        user = self.request.user
        self.filter_form = InitiativeFilterForm(self.request.GET, units=Unit.objects.visible_to(user))
        initiatives = (
            Initiative.objects.visible_to(user).select_related("owner_unit").order_by("-created_at", "-pk")
        )
        return self.filter_form.apply(initiatives)

    def get_context_data(self, **kwargs):
        # The list holds only what `visible_to` allows, the same reach as view_initiative.
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class InitiativeCreateView(PortalPermissionMixin, FormView):
    permission_required = "campaigns.add_initiative"
    template_name = "campaigns/initiatives/form.html"
    form_class = InitiativeForm

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        user = self.request.user
        return {**super().get_form_kwargs(), "user": user, "office": services.is_office(user)}

    def form_valid(self, form):
        user, fields = self.request.user, form.proposal()
        fields.setdefault("owner_unit", user.unit)
        try:
            initiative = services.create_initiative(actor=user, files=form.cleaned_data["files"], **fields)
        except services.InitiativeError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” was recorded.") % {"title": initiative.title})
        return redirect(initiative)


class _InitiativeMixin(PortalPermissionMixin):
    """Loads the initiative named in the URL; the permission is checked against it."""

    @cached_property
    def initiative(self) -> Initiative:
        initiatives = Initiative.objects.select_related("owner_unit", "created_by", "campaign")
        return get_object_or_404(initiatives, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.initiative

    def closed_message(self) -> str | None:
        """Why this page is closed in the initiative's state (None: it is open)."""
        return None

    def dispatch(self, request, *args, **kwargs):
        allowed = request.user.is_authenticated and self.has_permission()
        message = self.closed_message() if allowed else None
        if message:
            messages.info(request, message)
            return redirect(self.initiative)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(initiative=self.initiative, **kwargs)


class _EditableMixin(_InitiativeMixin):
    """A unit's page that changes the initiative: once decided, back to the detail page."""

    def closed_message(self) -> str | None:
        if services.is_editable_by(self.initiative, self.request.user):
            return None
        return _("The outcome is recorded; only the office may change this initiative.")


class InitiativeEditView(_EditableMixin, FormView):
    permission_required = "campaigns.change_initiative"
    template_name = "campaigns/initiatives/form.html"
    form_class = InitiativeForm

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "user": user,
            "instance": self.initiative,
            "office": services.is_office(user),
        }

    def form_valid(self, form):
        try:
            services.update_initiative(
                self.initiative, actor=self.request.user, files=form.cleaned_data["files"], **form.proposal()
            )
        except services.InitiativeError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Changes to “%(title)s” were saved.") % {"title": self.initiative.title}
        )
        return redirect(self.initiative)


def state_history(initiative: Initiative) -> list[dict]:
    """Who moved the initiative from which state to which, when and why, read from the
    audit log (oldest first). One query."""
    labels = dict(InitiativeState.choices)
    rows = []
    for entry in (
        LogEntry.objects.get_for_object(initiative).select_related("actor").order_by("timestamp", "pk")
    ):
        change = entry.changes_dict.get("state")
        if entry.action == LogEntry.Action.CREATE or not change:
            continue
        rows.append(
            {
                "at": entry.timestamp,
                "actor": entry.actor,
                "from": labels.get(change[0], change[0]),
                "to": labels.get(change[1], change[1]),
                "reason": (entry.additional_data or {}).get("reason", ""),
            }
        )
    return rows


class InitiativeDetailView(_InitiativeMixin, DetailView):
    permission_required = "campaigns.view_initiative"
    template_name = "campaigns/initiatives/detail.html"

    def get_object(self, queryset=None):
        return self.initiative

    def get_context_data(self, **kwargs):
        initiative, user = self.initiative, self.request.user
        can_change = user.has_perm("campaigns.change_initiative", initiative)
        can_decide = user.has_perm("campaigns.recognise_initiative", initiative)
        return super().get_context_data(
            authors=initiative.authors.select_related("unit"),
            units=initiative.units.all(),
            evidence=initiative.evidence.select_related("uploaded_by"),
            history=state_history(initiative),
            can_edit=can_change and services.is_editable_by(initiative, user),
            can_decide=can_decide and initiative.state == InitiativeState.PROPOSED,
            can_reopen=can_decide and initiative.state == InitiativeState.REFUSED,
            evidence_form=EvidenceForm(),
            **kwargs,
        )


class _OutcomeMixin(_InitiativeMixin):
    """The office's pages for the council's outcome; open only in the matching state."""

    permission_required = "campaigns.recognise_initiative"
    template_name = "campaigns/initiatives/outcome.html"
    wanted_state = InitiativeState.PROPOSED

    def closed_message(self) -> str | None:
        if self.initiative.state == self.wanted_state:
            return None
        return _("This initiative is “%(state)s”.") % {"state": self.initiative.get_state_display()}


class InitiativeDecideView(_OutcomeMixin, FormView):
    form_class = DecisionForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Record the initiative council's outcome"), **kwargs)

    def form_valid(self, form):
        data, actor = form.cleaned_data, self.request.user
        try:
            if data["outcome"] == DecisionForm.RECOGNISE:
                fields = {k: data[k] for k in ("council_level", "decision_number", "decision_date")}
                services.recognise_initiative(self.initiative, actor=actor, **fields)
            else:
                services.refuse_initiative(self.initiative, actor=actor, reason=data["reason"])
        except services.InitiativeError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The outcome was recorded."))
        return redirect(self.initiative)


class InitiativeReopenView(_OutcomeMixin, FormView):
    form_class = ReopenForm
    wanted_state = InitiativeState.REFUSED

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Reopen the initiative"), **kwargs)

    def form_valid(self, form):
        try:
            services.reopen_initiative(
                self.initiative, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except services.InitiativeError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The initiative is awaiting recognition again."))
        return redirect(self.initiative)


class EvidenceUploadView(_EditableMixin, FormView):
    permission_required = "campaigns.change_initiative"
    template_name = "campaigns/initiatives/outcome.html"
    form_class = EvidenceForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Add evidence files"), **kwargs)

    def form_valid(self, form):
        try:
            stored = services.add_evidence(
                self.initiative, actor=self.request.user, files=form.cleaned_data["files"]
            )
        except services.InitiativeError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        names = ", ".join(evidence.original_name for evidence in stored)
        messages.success(self.request, _("Uploaded: %(names)s.") % {"names": names})
        return redirect(self.initiative)


class _EvidenceMixin(PortalPermissionMixin):
    """Loads the evidence file; the permission is checked against its initiative."""

    @cached_property
    def evidence(self) -> InitiativeEvidence:
        return get_object_or_404(
            InitiativeEvidence.objects.select_related("initiative"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.evidence.initiative


class EvidenceDownloadView(_EvidenceMixin, View):
    """Streams the file under its original name, as an attachment."""

    permission_required = "campaigns.view_initiative"

    def get(self, request, pk):
        evidence = self.evidence
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return file_response(handle, filename=evidence.original_name, content_type=evidence.content_type)


class EvidenceDeleteView(_EvidenceMixin, View):
    permission_required = "campaigns.change_initiative"

    def post(self, request, pk):
        evidence = self.evidence
        try:
            services.remove_evidence(evidence, actor=request.user)
        except services.InitiativeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("“%(name)s” was deleted.") % {"name": evidence.original_name})
        return redirect(evidence.initiative)


urls = [
    path("initiatives/", InitiativeListView.as_view(), name="initiative_list"),
    path("initiatives/new/", InitiativeCreateView.as_view(), name="initiative_create"),
    path("initiatives/<int:pk>/", InitiativeDetailView.as_view(), name="initiative_detail"),
    path("initiatives/<int:pk>/edit/", InitiativeEditView.as_view(), name="initiative_edit"),
    path("initiatives/<int:pk>/outcome/", InitiativeDecideView.as_view(), name="initiative_decide"),
    path("initiatives/<int:pk>/reopen/", InitiativeReopenView.as_view(), name="initiative_reopen"),
    path("initiatives/<int:pk>/evidence/", EvidenceUploadView.as_view(), name="initiative_evidence_upload"),
    path("initiatives/evidence/<int:pk>/", EvidenceDownloadView.as_view(), name="initiative_evidence"),
    path(
        "initiatives/evidence/<int:pk>/delete/",
        EvidenceDeleteView.as_view(),
        name="initiative_evidence_delete",
    ),
]
