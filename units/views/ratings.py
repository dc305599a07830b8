"""A year's ratings of a unit and its people, entered as one table."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from thiduaportal.views import PortalPermissionMixin

from .. import services
from ..forms import RatingsForm
from ..models import CadreRating, Unit, UnitRating


class RatingsView(PortalPermissionMixin, View):
    permission_required = "units.view_ratings"

    def get_permission_object(self):
        if not hasattr(self, "unit"):
            self.unit = get_object_or_404(Unit, pk=self.kwargs["pk"])
        return self.unit

    def _form(self, data=None):
        year = self.kwargs["year"]
        user = self.request.user
        cadres = services.cadres_of_unit_in_year(self.unit, year)
        current = {r.cadre_id: r for r in CadreRating.objects.filter(year=year, cadre__in=cadres)}
        unit_rating = UnitRating.objects.filter(unit=self.unit, year=year).first()
        self.can_rate_cadres = user.has_perm("units.rate_cadres", self.unit)
        self.can_rate_unit = user.has_perm("units.rate_units", self.unit)
        form = RatingsForm(
            data,
            cadres=cadres,
            current=current,
            unit_rating=unit_rating,
            rate_unit=self.can_rate_unit,
        )
        if not self.can_rate_cadres:
            for name in form.fields:
                if not name.startswith("unit_"):
                    form.fields[name].disabled = True
        return form, unit_rating

    def _render(self, form, unit_rating):
        year = self.kwargs["year"]
        this_year = timezone.localdate().year
        return render(
            self.request,
            "units/ratings.html",
            {
                "unit": self.unit,
                "year": year,
                "form": form,
                "unit_rating": unit_rating,
                "can_rate_cadres": self.can_rate_cadres,
                "can_rate_unit": self.can_rate_unit,
                "years": range(this_year + 1, this_year - 6, -1),
            },
        )

    def get(self, request, pk, year):
        form, unit_rating = self._form()
        return self._render(form, unit_rating)

    def post(self, request, pk, year):
        form, unit_rating = self._form(request.POST)
        if not (self.can_rate_cadres or self.can_rate_unit):
            raise PermissionDenied
        if not form.is_valid():
            return self._render(form, unit_rating)
        try:
            if self.can_rate_cadres:
                services.rate_cadres(
                    self.unit,
                    actor=request.user,
                    year=year,
                    levels=form.levels(),
                    notes=form.notes(),
                )
            if self.can_rate_unit:
                services.rate_unit(
                    self.unit,
                    actor=request.user,
                    year=year,
                    level=form.cleaned_data["unit_level"],
                    note=form.cleaned_data["unit_note"],
                )
        except services.UnitsError as error:
            form.add_error(None, str(error))
            return self._render(form, unit_rating)
        messages.success(request, _("Ratings for %(year)s saved.") % {"year": year})
        return redirect("units:ratings", pk=self.unit.pk, year=year)
