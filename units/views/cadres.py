"""Screens for people: list with search and filters, detail, create, edit, transfer."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from thiduaportal.sections import sections_for
from thiduaportal.views import PortalPermissionMixin

from .. import services
from ..forms import CadreFilterForm, CadreForm, TransferForm
from ..models import Cadre, Unit


class CadreListView(PortalPermissionMixin, ListView):
    permission_required = "units.list_cadres"
    template_name = "units/cadre_list.html"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        self.filter_form = CadreFilterForm(self.request.GET, units=Unit.objects.visible_to(user))
        cadres = Cadre.objects.visible_to(user).select_related("unit")
        return self.filter_form.apply(cadres)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class CadreDetailView(PortalPermissionMixin, DetailView):
    permission_required = "units.view_cadre"
    template_name = "units/cadre_detail.html"

    def get_queryset(self):
        return Cadre.objects.select_related("unit")

    def get_context_data(self, **kwargs):
        cadre = self.object
        return super().get_context_data(
            assignments=cadre.assignments.select_related("unit").order_by("-start_date", "-pk"),
            ratings=cadre.ratings.select_related("unit").order_by("-year"),
            sections=sections_for(cadre, self.request.user),
            **kwargs,
        )


class CadreCreateView(PortalPermissionMixin, FormView):
    permission_required = "units.add_cadre"
    template_name = "units/form.html"
    form_class = CadreForm

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = Unit.objects.visible_to(self.request.user).active()
        user_unit = self.request.user.unit_id
        if user_unit and "data" not in kwargs:
            kwargs["initial"] = {"unit": user_unit}
        return kwargs

    def form_valid(self, form):
        cadre = services.create_cadre(actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("%(name)s was added.") % {"name": cadre})
        return redirect(cadre)


class _CadreObjectMixin:
    """Loads the person named in the URL; the permission is checked against them."""

    def get_permission_object(self):
        if not hasattr(self, "cadre"):
            self.cadre = get_object_or_404(Cadre.objects.select_related("unit"), pk=self.kwargs["pk"])
        return self.cadre

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.cadre, **kwargs)


class CadreUpdateView(_CadreObjectMixin, PortalPermissionMixin, FormView):
    permission_required = "units.change_cadre"
    template_name = "units/form.html"
    form_class = CadreForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.cadre
        return kwargs

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        services.update_cadre(self.cadre, actor=self.request.user, **data)
        messages.success(self.request, _("Changes to %(name)s were saved.") % {"name": self.cadre})
        return redirect(self.cadre)


class CadreTransferView(_CadreObjectMixin, PortalPermissionMixin, FormView):
    permission_required = "units.transfer_cadre"
    template_name = "units/cadre_transfer.html"
    form_class = TransferForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["cadre"] = self.cadre
        return kwargs

    def form_valid(self, form):
        try:
            services.transfer_cadre(self.cadre, actor=self.request.user, **form.cleaned_data)
        except services.UnitsError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s now works in %(unit)s.") % {"name": self.cadre, "unit": form.cleaned_data["to_unit"]},
        )
        return redirect(self.cadre)
