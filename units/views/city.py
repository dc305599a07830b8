"""The city administrator's screens: the communes with their counts, a new commune with its
first administrator, archiving, moving a unit or a person into another commune, importing
into one commune."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from thiduaportal import tenancy
from thiduaportal.views import PortalPermissionMixin

from .. import communes, mergers
from ..city_forms import MoveCadreForm, MoveUnitForm, NewCommuneForm
from ..rules import is_city_admin
from ..services import UnitsError


class _CityMixin(PortalPermissionMixin):
    permission_required = "units.administer_city"

    def get_permission_object(self):
        return None

    def has_permission(self) -> bool:
        # The predicate itself: Django lets every superuser pass `has_perm`, and a commune's
        # administrator may be one; they administer their commune, not the city.
        return is_city_admin(self.request.user)

    def communes(self):
        return communes.communes_of(self.request.user)


class CommuneListView(_CityMixin, TemplateView):
    template_name = "units/city/commune_list.html"

    def get_context_data(self, **kwargs):
        rows = list(self.communes().select_related("parent"))
        counts = communes.counts(rows)
        return super().get_context_data(
            rows=[(commune, counts[commune.pk]) for commune in rows],
            city=communes.city_of(self.request.user),
            **kwargs,
        )


class CommuneCreateView(_CityMixin, FormView):
    template_name = "units/city/form.html"
    form_class = NewCommuneForm
    extra_context = {"heading": gettext_lazy("New commune")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            created = communes.create_commune(
                actor=self.request.user,
                city=communes.city_of(self.request.user),
                fields=form.commune_fields(),
                admin_unit=data["admin_unit"],
                username=data["username"],
                full_name=data["full_name"],
                email=data["admin_email"],
                emblem=data.get("emblem"),
            )
        except ValidationError as error:
            form.add_error("emblem", error)
            return self.form_invalid(form)
        except UnitsError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        # The one-time password is shown on this answer only, never stored in clear.
        return render(self.request, "units/city/created.html", {"created": created})


class CommuneArchiveView(_CityMixin, View):
    def post(self, request, pk):
        commune = get_object_or_404(self.communes(), pk=pk)
        try:
            if request.POST.get("reopen"):
                communes.reopen_commune(commune, actor=request.user)
                messages.success(request, _("%(name)s is open again.") % {"name": commune.name})
            else:
                communes.archive_commune(commune, actor=request.user)
                messages.success(request, _("%(name)s is archived.") % {"name": commune.name})
        except UnitsError as error:
            messages.error(request, str(error))
        return redirect("units:city_communes")


class _MoveView(_CityMixin, FormView):
    template_name = "units/city/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "communes": self.communes()}

    def dispatch(self, request, *args, **kwargs):
        # The city administrator's forms list the rows of every commune of the city.
        with tenancy.everywhere():
            return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            count = self.move(form.cleaned_data)
        except UnitsError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Moved: %(count)d records now belong to the new commune.") % {"count": count}
        )
        return redirect("units:city_communes")


class MoveUnitView(_MoveView):
    form_class = MoveUnitForm
    extra_context = {"heading": gettext_lazy("Move a unit into another commune")}

    def move(self, data) -> int:
        return mergers.move_unit(data["unit"], to=data["to"], actor=self.request.user)


class MoveCadreView(_MoveView):
    form_class = MoveCadreForm
    extra_context = {"heading": gettext_lazy("Move a person into another commune")}

    def move(self, data) -> int:
        return mergers.move_cadre(
            data["cadre"],
            to_unit=data["to_unit"],
            on=data["on"],
            position=data["position"],
            actor=self.request.user,
        )
