"""Screens for the commune and its units."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from thiduaportal.sections import sections_for
from thiduaportal.views import PortalPermissionMixin

from ..forms import CommuneForm, UnitFilterForm, UnitForm
from ..models import Commune, Unit


class UnitListView(PortalPermissionMixin, ListView):
    permission_required = "units.list_units"
    template_name = "units/unit_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = UnitFilterForm(self.request.GET or None)
        units = Unit.objects.visible_to(self.request.user).select_related("parent")
        if self.request.GET:
            return self.filter_form.apply(units)
        return units.filter(is_active=True)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class UnitDetailView(PortalPermissionMixin, DetailView):
    permission_required = "units.view_unit"
    template_name = "units/unit_detail.html"

    def get_queryset(self):
        return Unit.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        unit = self.object
        return super().get_context_data(
            children=unit.children.all(),
            cadre_count=unit.cadres.filter(is_active=True).count(),
            ratings=unit.ratings.all()[:10],
            sections=sections_for(unit, self.request.user),
            **kwargs,
        )


class UnitCreateView(PortalPermissionMixin, CreateView):
    permission_required = "units.add_unit"
    template_name = "units/form.html"
    form_class = UnitForm

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        messages.success(self.request, _("Unit saved."))
        return super().form_valid(form)


class UnitUpdateView(PortalPermissionMixin, UpdateView):
    permission_required = "units.change_unit"
    template_name = "units/form.html"
    form_class = UnitForm
    model = Unit

    def form_valid(self, form):
        messages.success(self.request, _("Unit saved."))
        return super().form_valid(form)


class CommuneUpdateView(PortalPermissionMixin, UpdateView):
    """The commune's identity, used in every document header and dateline."""

    permission_required = "units.edit_commune"
    template_name = "units/form.html"
    form_class = CommuneForm

    def get_permission_object(self):
        return None

    def get_object(self, queryset=None):
        return Commune.of_scope() or Commune()

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Commune details saved."))
        return redirect("units:commune_edit")
