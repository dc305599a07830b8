"""The year-end review's sheet: a unit's people and itself with the titles each qualifies for,
proposed in bulk and submitted; for the office, the units' progress and each unit's sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from nominations.models import Round, SubjectType
from nominations.services import NominationError, yearend
from thiduaportal.roles import sees_all
from thiduaportal.views import PortalPermissionMixin
from units.models import Unit


def _picks(post) -> list[yearend.Pick]:
    """The ticked titles of the form ("i-<person>-<title>" / "c-<unit>-<title>") with their reasons."""
    picks = []
    for key in post.getlist("pick"):
        kind, _sep, rest = key.partition("-")
        subject, _sep, title = rest.partition("-")
        if kind not in ("i", "c") or not subject.isdigit() or not title.isdigit():
            continue
        subject_type = SubjectType.COLLECTIVE if kind == "c" else SubjectType.INDIVIDUAL
        picks.append(yearend.Pick(subject_type, int(subject), int(title), post.get(f"reason-{key}", "")))
    return picks


# People per page of the sheet: a school of 300 is worked through in pages, each title proposed
# for everyone on every page who qualifies with one button.
PAGE_SIZE = 25


def _page_links(page, query: QueryDict) -> list[tuple[int, str]]:
    """(number, query string) of each page of the sheet, keeping the name looked for."""
    links = []
    for number in page.paginator.page_range:
        kept = query.copy()
        kept["page"] = str(number)
        links.append((number, kept.urlencode()))
    return links


class YearEndSheetView(PortalPermissionMixin, View):
    """GET: the unit's sheet (the office chooses the unit, or sees the units' progress). POST:
    the unit proposes the ticked titles (`action=propose`) or submits its list (`action=submit`)."""

    permission_required = "nominations.view_round"
    template_name = "nominations/yearend/sheet.html"

    def get_permission_object(self):
        return self.round

    def dispatch(self, request, *args, **kwargs):
        self.round = None
        if request.user.is_authenticated:
            self.round = get_object_or_404(Round.objects.visible_to(request.user), pk=kwargs["pk"])
            if not self.round.is_year_end:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def unit(self) -> Unit | None:
        user = self.request.user
        if not sees_all(user):
            return user.unit
        chosen = self.request.GET.get("unit") or self.request.POST.get("unit")
        if not chosen or not str(chosen).isdigit():
            return None
        return get_object_or_404(Unit.objects.visible_to(user), pk=chosen)

    def get(self, request, pk):
        unit = self.unit()
        if unit is None:
            return self.office_summary()
        return self.render_sheet(unit)

    def post(self, request, pk):
        unit = self.unit()
        if (
            unit is None
            or unit.pk != request.user.unit_id
            or not request.user.has_perm("nominations.add_nomination")
        ):
            raise Http404
        action = request.POST.get("action")
        picks = _picks(request.POST) if action == "propose" else []
        try:
            if action in ("propose", "propose_qualifying"):
                if action == "propose":
                    created = yearend.propose_titles(self.round, unit, actor=request.user, picks=picks)
                else:
                    created = yearend.propose_qualifying(
                        self.round, unit, actor=request.user, title=self.chosen_title()
                    )
                done = ngettext(
                    "%(count)s title proposed as a draft.",
                    "%(count)s titles proposed as drafts.",
                    len(created),
                )
                messages.success(request, done % {"count": len(created)})
            elif action == "submit":
                count = yearend.submit_review(self.round, unit, actor=request.user)
                done = ngettext(
                    "%(count)s proposal submitted to the office.",
                    "%(count)s proposals submitted to the office.",
                    count,
                )
                messages.success(request, done % {"count": count})
            else:
                raise NominationError(_("Choose what to do: propose the ticked titles or submit the list."))
        except NominationError as error:
            return self.render_sheet(unit, error=str(error), picks=picks)
        return redirect(self.sheet_url())

    def chosen_title(self):
        collective, individual = yearend.titles_for(self.round)
        chosen = {str(title.pk): title for title in collective + individual}.get(
            self.request.POST.get("title")
        )
        if chosen is None:
            raise NominationError(_("Choose a current title of the catalogue."), field="title")
        return chosen

    def query(self) -> QueryDict:
        """The unit chosen by the office, the page and the name looked for, kept from GET to
        POST and back."""
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        kept = QueryDict(mutable=True)
        for key in ("unit", "page", "q"):
            if data.get(key):
                kept[key] = data[key]
        return kept

    def sheet_url(self) -> str:
        query = self.query()
        return reverse("nominations:year_end_sheet", args=[self.round.pk]) + (
            f"?{query.urlencode()}" if query else ""
        )

    def render_sheet(self, unit: Unit, *, error: str = "", picks=()):
        user = self.request.user
        query = self.query()
        found = yearend.people_of(unit, name=query.get("q", ""))
        page = Paginator(found, PAGE_SIZE).get_page(query.get("page"))
        sheet = yearend.review_sheet(
            self.round, unit, people=list(page.object_list), with_unit=page.number == 1 and not query.get("q")
        )
        ticked = {yearend.pick_key(p.subject_type, p.subject_id, p.title_id): p.reason for p in picks}
        for row in sheet.rows:
            for cell in row.cells:
                if cell.key in ticked:
                    cell.ticked, cell.given_reason = True, ticked[cell.key]
        editable = sheet.unit.pk == user.unit_id and user.has_perm("nominations.add_nomination")
        context = {
            "round": self.round,
            "sheet": sheet,
            "error": error,
            "editable": editable,
            "drafts": yearend.drafts_of(self.round, unit).count() if editable else 0,
            "office": sees_all(user),
            "page": page,
            "q": query.get("q", ""),
            "query": query,
            "pages": _page_links(page, query),
        }
        return render(self.request, self.template_name, context)

    def office_summary(self):
        collective, individual = yearend.titles_for(self.round)
        context = {
            "round": self.round,
            "units": yearend.summary_by_unit(self.round, individual + collective),
            "titles": individual + collective,
            "all_units": Unit.objects.visible_to(self.request.user).active().order_by("name"),
        }
        return render(self.request, "nominations/yearend/summary.html", context)


urls = [
    path("rounds/<int:pk>/year-end/", YearEndSheetView.as_view(), name="year_end_sheet"),
]
