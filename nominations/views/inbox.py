"""Everyone's inbox: the messages the portal sent them, unread first, and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from nominations.services import notifications as services
from thiduaportal.views import PortalPermissionMixin


class InboxView(PortalPermissionMixin, TemplateView):
    """The user's own messages, unread first and marked, newest first within each group."""

    permission_required = "nominations.view_inbox"
    template_name = "nominations/inbox/list.html"
    paginate_by = 25

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        inbox = services.inbox(self.request.user)
        page = Paginator(inbox, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, unread=services.unread_count(self.request.user), **kwargs
        )


class InboxReadView(PortalPermissionMixin, View):
    """POST `message` (an id) marks that message read; without it, all of them. Only the
    recipient may: another person's message is not found."""

    permission_required = "nominations.view_inbox"
    http_method_names = ["post"]

    def get_permission_object(self):
        return None

    def post(self, request, *args, **kwargs):
        wanted = request.POST.get("message", "")
        if wanted:
            if not wanted.isdigit() or not services.mark_read(request.user, message_id=int(wanted)):
                raise Http404
        else:
            n = services.mark_read(request.user)
            messages.success(
                request,
                ngettext("%(n)s message marked as read.", "%(n)s messages marked as read.", n) % {"n": n}
                if n
                else _("There is no unread message."),
            )
        page = request.POST.get("page", "")
        return redirect(reverse("nominations:inbox") + (f"?page={page}" if page.isdigit() else ""))


urls = [
    path("inbox/", InboxView.as_view(), name="inbox"),
    path("inbox/read/", InboxReadView.as_view(), name="inbox_read"),
]
