"""The commune's catalogue of titles and awards: the list everyone working in the commune
reads, the office's form to change one entry, and the office's pages that add a check of the
library to an entry or remove one."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from nominations.forms.catalogue import ChooseCheckForm, CriterionForm, TitleForm
from nominations.models import AwardForm, Title
from nominations.services import NominationError, titles
from nominations.services.catalogue_page import catalogue_rows, criterion_words
from nominations.services.eligibility import GENERIC_LABELS
from thiduaportal import confirm
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


class _EntryMixin(PortalPermissionMixin):
    permission_required = "nominations.manage_catalogue"

    def get_permission_object(self):
        return None

    @cached_property
    def title(self) -> Title:
        # The request's commune scope makes another commune's entry not found.
        return get_object_or_404(Title.objects.select_related("award_form"), pk=self.kwargs["pk"])

    def edit_url(self) -> str:
        return reverse("nominations:catalogue_edit", args=[self.title.pk])


class TitleEditView(_EntryMixin, FormView):
    """The office changes one entry: caps, council rule, order, current or not, sources and
    its criteria's parameters; the page lists its criteria, each with its remove button, and
    offers the checks of the library that can be added."""

    template_name = "nominations/catalogue/form.html"
    form_class = TitleForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "title": self.title}

    def get_context_data(self, **kwargs):
        form_names = dict(AwardForm.objects.values_list("code", "name"))
        criteria = [
            {
                "code": criterion.get("code", ""),
                "words": criterion_words(criterion, form_names),
                "removable": criterion.get("code") != titles.ALWAYS_CHECKED,
            }
            for criterion in self.title.criteria
        ]
        codes = titles.addable_checks(self.title)
        choose = ChooseCheckForm(codes=codes) if codes else None
        return super().get_context_data(title=self.title, criteria=criteria, choose=choose, **kwargs)

    def form_valid(self, form):
        try:
            title = titles.update_title(self.title, actor=self.request.user, **form.entry_fields())
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” was saved.") % {"title": title.name})
        return redirect("nominations:catalogue")


class CriterionAddView(_EntryMixin, FormView):
    """The office adds a check of the library to an entry: first the check (`?code=`, among
    those that fit the entry), then its parameters."""

    template_name = "nominations/catalogue/criterion_add.html"
    form_class = CriterionForm

    @cached_property
    def code(self) -> str:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return data.get("code", "")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "title": self.title, "code": self.code}

    def get_context_data(self, **kwargs):
        codes = titles.addable_checks(self.title)
        chosen = self.code in codes or self.request.method == "POST"
        choose = ChooseCheckForm(initial={"code": self.code}, codes=codes) if codes else None
        return super().get_context_data(
            title=self.title,
            choose=choose,
            chosen=chosen,
            label=GENERIC_LABELS.get(self.code, self.code),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            title = titles.add_criterion(
                self.title, actor=self.request.user, code=self.code, params=form.params()
            )
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        shown = {"criterion": GENERIC_LABELS[self.code], "title": title.name}
        messages.success(self.request, _("The criterion “%(criterion)s” was added to “%(title)s”.") % shown)
        return redirect(self.edit_url())


class CriterionRemoveView(_EntryMixin, View):
    """The office removes a check from an entry (POST only). Removing the last one is allowed,
    after a confirmation page: an entry without criteria is a legitimate choice of the commune
    (a title it wants to propose on the unit's judgement alone), the registry check still runs,
    and criteria can be added again; but the year-end sheet then offers the title to everyone of
    its kind, which an office should not do by a slip of the mouse."""

    def post(self, request, pk, code):
        shown = {"criterion": GENERIC_LABELS.get(code, code), "title": self.title.name}
        last = [criterion.get("code") for criterion in self.title.criteria] == [code]
        if last and not confirm.is_confirmed(request):
            asked = confirm.Confirmation(
                title=_("Remove the last criterion of “%(title)s”?") % shown,
                consequence=_(
                    "“%(title)s” then has no condition of its own: the year-end sheet shows everyone of "
                    "its kind as qualifying for it, unless they already hold it for the year. Criteria "
                    "can be added again later."
                )
                % shown,
                action=request.path,
                confirm_label=_("Remove the criterion"),
                cancel_url=self.edit_url(),
                level="danger",
            )
            return confirm.render(request, asked)
        try:
            titles.remove_criterion(
                self.title, actor=request.user, code=code, leave_empty=confirm.is_confirmed(request)
            )
        except NominationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The criterion “%(criterion)s” was removed from “%(title)s”.") % shown
            )
        return redirect(self.edit_url())


urls = [
    path("catalogue/", CatalogueView.as_view(), name="catalogue"),
    path("catalogue/<int:pk>/edit/", TitleEditView.as_view(), name="catalogue_edit"),
    path("catalogue/<int:pk>/criteria/add/", CriterionAddView.as_view(), name="catalogue_criterion_add"),
    path(
        "catalogue/<int:pk>/criteria/<str:code>/remove/",
        CriterionRemoveView.as_view(),
        name="catalogue_criterion_remove",
    ),
]
