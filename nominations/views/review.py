"""The office's review screens: the queue with its bulk actions, one nomination beside its
checklist and checks, comments, and the overdue list."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, TemplateView

from nominations.forms.review import QUEUE_STATES, BulkForm, CommentForm, QueueFilterForm
from nominations.models import Nomination, NominationState, Round
from nominations.services import NominationError, dossiers, eligibility
from nominations.services import review as services
from nominations.services.rounds import quota_use
from nominations.views.workflow import back_to
from thiduaportal.text import nfc
from thiduaportal.views import PortalPermissionMixin
from units.models import Unit


def _queue_url(query: str = "") -> str:
    # Only the queue's own parameters travel back; the value is re-encoded, never echoed.
    return reverse("nominations:review_queue") + (f"?{QueryDict(query).urlencode()}" if query else "")


# The queue's sortable columns: the key in `?sort=` and its order (a leading "-" reverses).
SORTS = {
    "submitted": ("submitted_at",),
    "-submitted": ("-submitted_at",),
    "settle": ("settle_by", "submitted_at"),
    "-settle": ("-settle_by", "-submitted_at"),
    "subject": ("subject_sort",),
    "-subject": ("-subject_sort",),
    "unit": ("proposal__unit__name", "submitted_at"),
    "-unit": ("-proposal__unit__name", "submitted_at"),
    "state": ("state", "submitted_at"),
    "-state": ("-state", "submitted_at"),
}
# Oldest submission first: the one waiting longest is dealt with first.
DEFAULT_SORT = "submitted"


def _sort_links(query: QueryDict, current: str) -> dict[str, tuple[str, str]]:
    """For each sortable column: the queue's address sorted by it (reversed when it is the
    current order) and its `aria-sort` value."""
    links = {}
    for key in ("submitted", "settle", "subject", "unit", "state"):
        params = query.copy()
        params.pop("page", None)
        params["sort"] = f"-{key}" if current == key else key
        state = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
        links[key] = (f"?{params.urlencode()}", state)
    return links


class ReviewQueueView(PortalPermissionMixin, TemplateView):
    """Submitted and later nominations with filters, counts per state, checks and bulk
    actions (the actions need `nominations.review`)."""

    permission_required = "nominations.view_queue"
    template_name = "nominations/review/queue.html"
    paginate_by = 50

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = self.request.GET.copy()
        # The queue opens on the work: dossiers waiting for the office ("All" is a choice).
        query.setdefault("state", NominationState.SUBMITTED)
        sort = query.get("sort") if query.get("sort") in SORTS else DEFAULT_SORT
        form = QueueFilterForm(
            query,
            rounds=Round.objects.visible_to(user),
            units=Unit.objects.visible_to(user),
        )
        wanted = form.filters()
        base = services.queue(
            user,
            round=wanted.get("round"),
            unit=wanted.get("unit"),
            subject_type=wanted.get("subject_type") or "",
            assigned_to=user if wanted.get("mine") else None,
        )
        if wanted.get("failed"):
            counts, page = self._failing_page(base, wanted.get("state"))
        else:
            counts = services.state_counts(base)
            shown = base.filter(state=wanted["state"]) if wanted.get("state") else base
            shown = shown.annotate(
                subject_sort=Coalesce("subject_cadre__full_name", "subject_unit__name")
            ).order_by(*SORTS[sort], "pk")
            page = Paginator(shown, self.paginate_by).get_page(self.request.GET.get("page"))
        checks = services.checks_for(page.object_list)
        rows = [(n, services.summarize(checks.get(n.pk, []))) for n in page.object_list]
        return super().get_context_data(
            filter_form=form,
            rows=rows,
            page_obj=page,
            counts=[(value, label, counts.get(value, 0)) for value, label in QUEUE_STATES],
            total=sum(counts.values()),
            today=timezone.localdate(),
            can_review=user.has_perm("nominations.review"),
            query=self.request.GET.urlencode(),
            sort=sort,
            sort_links=_sort_links(query, sort),
            quotas=services.quota_rounds(user, round=wanted.get("round")),
            **kwargs,
        )

    def _failing_page(self, base, state: str | None) -> tuple[Counter, Page]:
        """Counts per state and the page among the nominations with a blocking check. The
        ids are paged in memory and only the page's rows are loaded: filtering `base` by
        every failing id would pass one SQL parameter each."""
        failing = services.failing_ids(base)
        counts = Counter(failing.values())
        ids = [pk for pk, value in failing.items() if value == state] if state else list(failing)
        page = Paginator(ids, self.paginate_by).get_page(self.request.GET.get("page"))
        page.object_list = list(base.filter(pk__in=page.object_list))
        return counts, page


class ReviewBulkView(PortalPermissionMixin, View):
    """Bulk actions from the queue. Accept and return show a confirmation page first (the
    return asks for its reason there); assigning to oneself happens at once. A refusal
    names the nomination and changes nothing."""

    permission_required = "nominations.review"
    template_name = "nominations/review/bulk_confirm.html"

    def get_permission_object(self):
        return None

    def post(self, request, *args, **kwargs):
        form = BulkForm(request.POST, nominations=services.queue(request.user))
        if not form.is_valid():
            if list(form.errors) == ["reason"]:
                return self._confirm(form)
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(_queue_url(request.POST.get("query", "")))
        data = form.cleaned_data
        if data["action"] != BulkForm.ASSIGN and not data["confirm"]:
            return self._confirm(form)
        try:
            message = self._act(data)
        except NominationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return redirect(_queue_url(data["query"]))

    def _confirm(self, form):
        chosen = list(form.cleaned_data["nominations"])
        checks = services.checks_for(chosen)
        rows = [
            (
                nomination,
                [check for check in checks.get(nomination.pk, []) if check.blocking],
                services.paper_missing(nomination),
            )
            for nomination in chosen
        ]
        return render(
            self.request,
            self.template_name,
            {"form": form, "action": form.cleaned_data["action"], "chosen": chosen, "rows": rows},
        )

    def _justifications(self) -> dict[int, dict[str, str]]:
        """The justifications written on the confirmation page: `justify_<pk>_<code>`."""
        written: dict[int, dict[str, str]] = {}
        for name, value in self.request.POST.items():
            prefix, _sep, rest = name.partition("_")
            pk, _sep, code = rest.partition("_")
            if prefix == "justify" and pk.isdigit() and code:
                written.setdefault(int(pk), {})[code] = " ".join(nfc(value).split())
        return written

    def _act(self, data) -> str:
        chosen, user = list(data["nominations"]), self.request.user
        if data["action"] == BulkForm.ASSIGN:
            n = services.assign(chosen, actor=user, reviewer=user)
            return ngettext(
                "%(n)s nomination was assigned to you.", "%(n)s nominations were assigned to you.", n
            ) % {"n": n}
        from nominations.services import workflow  # noqa: PLC0415 - another topic's module, loaded late

        if data["action"] == BulkForm.ACCEPT:
            accepted, skipped = workflow.accept_each(
                chosen, actor=user, justifications=self._justifications()
            )
            for nomination, reason in skipped:
                messages.warning(
                    self.request,
                    _("Not accepted, left as it was: %(name)s. %(reason)s")
                    % {"name": nomination.subject_name, "reason": reason},
                )
            return ngettext(
                "%(n)s nomination was accepted.", "%(n)s nominations were accepted.", len(accepted)
            ) % {"n": len(accepted)}
        workflow.return_many(chosen, actor=user, reason=data["reason"])
        return ngettext(
            "%(n)s nomination was returned to its unit.",
            "%(n)s nominations were returned to their units.",
            len(chosen),
        ) % {"n": len(chosen)}


class _NominationMixin:
    """Loads the nomination named in the URL once, with what its pages show."""

    def get_permission_object(self):
        if not hasattr(self, "nomination"):
            self.nomination = get_object_or_404(
                Nomination.objects.select_related(
                    "round", "proposal__unit", "subject_unit", "subject_cadre", "award_form", "assigned_to"
                ),
                pk=self.kwargs["pk"],
            )
        return self.nomination


class NominationReviewView(_NominationMixin, PortalPermissionMixin, DetailView):
    """The report beside its checklist, eligibility checks, actions, versions, comments and
    messages. The office and the chairman read it; the office acts."""

    permission_required = "nominations.view_queue"
    template_name = "nominations/review/detail.html"
    context_object_name = "nomination"

    def get_object(self, queryset=None):
        return self.get_permission_object()

    def get_context_data(self, **kwargs):
        nomination, user = self.object, self.request.user
        return super().get_context_data(
            blocks=services.report_blocks(nomination),
            items=dossiers.checklist(nomination),
            checks=eligibility.run_checks(nomination),
            versions=nomination.versions.select_related("submitted_by"),
            versions_url=reverse("nominations:nomination_versions", args=[nomination.pk]),
            comments=services.comments_for(nomination, user),
            paper_warning=services.paper_missing(nomination),
            quota_use=quota_use(nomination.round),
            today=timezone.localdate(),
            **kwargs,
        )


class CommentAddView(_NominationMixin, PortalPermissionMixin, View):
    """POST a comment; the office may mark it as an internal note."""

    permission_required = "nominations.comment"

    def post(self, request, *args, **kwargs):
        nomination, user = self.get_permission_object(), request.user
        form = CommentForm(request.POST, office=services.is_reviewer(user))
        if form.is_valid():
            try:
                services.add_comment(
                    nomination,
                    actor=user,
                    text=form.cleaned_data["text"],
                    internal=form.cleaned_data.get("internal", False),
                )
            except NominationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your comment was added."))
        else:
            for error in form.errors.get("text", []):
                messages.error(request, error)
        return redirect(back_to(nomination, user))


class OverdueListView(PortalPermissionMixin, TemplateView):
    """Nominations past their settle-by date and not yet settled, oldest first."""

    permission_required = "nominations.review"
    template_name = "nominations/review/overdue.html"
    paginate_by = 50

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        rows = services.overdue(self.request.user, today=today)
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(rows=page.object_list, page_obj=page, today=today, **kwargs)


urls = [
    path("review/", ReviewQueueView.as_view(), name="review_queue"),
    path("review/bulk/", ReviewBulkView.as_view(), name="review_bulk"),
    path("review/overdue/", OverdueListView.as_view(), name="overdue_list"),
    path("review/nominations/<int:pk>/", NominationReviewView.as_view(), name="nomination_review"),
    path("review/nominations/<int:pk>/comments/", CommentAddView.as_view(), name="comment_add"),
]
