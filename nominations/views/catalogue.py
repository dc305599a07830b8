"""The commune's catalogue of titles and awards: the list everyone working in the commune
reads, and the office's form to change one entry."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from nominations.forms.catalogue import TitleForm
from nominations.models import Title
from nominations.services import NominationError, titles
from nominations.services.catalogue_page import catalogue_rows
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin
from units.models import Commune


class CatalogueView(PortalPermissionMixin, TemplateView):
    """Every entry of the commune's catalogue, current or not, with its rules in words."""

    permission_required = "nominations.view_catalogue"
    template_name = "nominations/catalogue/list.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        commune = Commune.of_scope()
        if commune is None:
            raise Http404
        return super().get_context_data(rows=catalogue_rows(commune), **kwargs)


class TitleEditView(PortalPermissionMixin, FormView):
    """The office changes one entry: caps, council rule, order, current or not, sources and
    its criteria's parameters."""

    permission_required = "nominations.manage_catalogue"
    template_name = "nominations/catalogue/form.html"
    form_class = TitleForm

    def get_permission_object(self):
        return None

    @cached_property
    def title(self) -> Title:
        # The request's commune scope makes another commune's entry not found.
        return get_object_or_404(Title.objects.select_related("award_form"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "title": self.title}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def form_valid(self, form):
        try:
            title = titles.update_title(self.title, actor=self.request.user, **form.entry_fields())
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” was saved.") % {"title": title.name})
        return redirect("nominations:catalogue")


urls = [
    path("catalogue/", CatalogueView.as_view(), name="catalogue"),
    path("catalogue/<int:pk>/edit/", TitleEditView.as_view(), name="catalogue_edit"),
]
