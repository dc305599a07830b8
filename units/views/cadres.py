"""Screens for people: list with search and filters, detail, create, edit, transfer, and
the transfer requests between units."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from thiduaportal.sections import sections_for
from thiduaportal.views import PortalPermissionMixin

from .. import services
from ..forms import CadreFilterForm, CadreForm, TransferAnswerForm, TransferForm
from ..models import Cadre, TransferRequest, TransferState, Unit


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
            can_move=self.request.user.has_perm("units.move_cadre", cadre),
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
    """The office moves a person at once; a unit head asks the receiving unit, which
    accepts or declines on the transfer requests page."""

    permission_required = "units.move_cadre"
    template_name = "units/cadre_transfer.html"
    form_class = TransferForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["cadre"] = self.cadre
        return kwargs

    def get_context_data(self, **kwargs):
        direct = self.request.user.has_perm("units.transfer_cadre", self.cadre)
        return super().get_context_data(direct=direct, **kwargs)

    def form_valid(self, form):
        user, to_unit = self.request.user, form.cleaned_data["to_unit"]
        direct = user.has_perm("units.transfer_cadre", self.cadre)
        move = services.transfer_cadre if direct else services.request_transfer
        try:
            move(self.cadre, actor=user, **form.cleaned_data)
        except services.UnitsError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if direct:
            message = _("%(name)s now works in %(unit)s.")
        else:
            message = _(
                "The request to move %(name)s to %(unit)s was sent; the person moves when the head of "
                "%(unit)s or the Culture and Society office accepts it."
            )
        messages.success(self.request, message % {"name": self.cadre, "unit": to_unit})
        return redirect(self.cadre)


class TransferListView(PortalPermissionMixin, ListView):
    """Transfer requests out of and into the user's unit (every unit's for the office),
    waiting ones first, with the answers the user may give."""

    permission_required = "units.list_transfers"
    template_name = "units/transfer_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            TransferRequest.objects.visible_to(self.request.user)
            .select_related("cadre", "from_unit", "to_unit", "requested_by")
            .order_by("-requested_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = []
        for request in context["object_list"]:
            waiting = request.state == TransferState.PENDING
            rows.append(
                (
                    request,
                    waiting and user.has_perm("units.decide_transfer", request),
                    waiting and user.has_perm("units.withdraw_transfer", request),
                )
            )
        return {**context, "rows": rows, "form": TransferAnswerForm()}


class TransferAnswerView(PortalPermissionMixin, View):
    """POST: accept, decline (with a reason) or withdraw one transfer request."""

    permission_required = "units.answer_transfer"
    http_method_names = ["post"]

    def get_permission_object(self):
        if not hasattr(self, "transfer"):
            self.transfer = get_object_or_404(
                TransferRequest.objects.select_related("cadre", "to_unit"), pk=self.kwargs["pk"]
            )
        return self.transfer

    def post(self, request, pk):
        transfer, user = self.get_permission_object(), request.user
        form = TransferAnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect("units:transfer_list")
        answer, reason = form.cleaned_data["answer"], form.cleaned_data["reason"]
        needed = "units.withdraw_transfer" if answer == TransferState.WITHDRAWN else "units.decide_transfer"
        if not user.has_perm(needed, transfer):
            raise PermissionDenied
        try:
            if answer == TransferState.ACCEPTED:
                services.accept_transfer(transfer, actor=user)
            elif answer == TransferState.DECLINED:
                services.decline_transfer(transfer, actor=user, reason=reason)
            else:
                services.withdraw_transfer(transfer, actor=user)
        except services.UnitsError as error:
            messages.error(request, str(error))
            return redirect("units:transfer_list")
        done = {
            TransferState.ACCEPTED: _("%(name)s now works in %(unit)s."),
            TransferState.DECLINED: _("The move of %(name)s to %(unit)s was declined."),
            TransferState.WITHDRAWN: _("The request to move %(name)s to %(unit)s was withdrawn."),
        }[answer]
        messages.success(request, done % {"name": transfer.cadre, "unit": transfer.to_unit})
        return redirect("units:transfer_list")
