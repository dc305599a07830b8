"""Everyone's inbox: the list of the messages the portal sent them, one message with the page
it is about, and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from nominations.services import notifications as services
from thiduaportal.views import PortalPermissionMixin

# The list's filter: `?show=unread` keeps the unread messages, anything else shows them all.
UNREAD = "unread"


def _list_url(*, show: str = "", page: str = "") -> str:
    query = {k: v for k, v in (("show", show if show == UNREAD else ""), ("page", page)) if v}
    return reverse("nominations:inbox") + (f"?{urlencode(query)}" if query else "")


class InboxView(PortalPermissionMixin, TemplateView):
    """The user's own messages, newest first, unread ones marked; `?show=unread` lists only
    those. Each row opens its message."""

    permission_required = "nominations.view_inbox"
    template_name = "nominations/inbox/list.html"
    paginate_by = 25

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        show = UNREAD if self.request.GET.get("show") == UNREAD else ""
        inbox = services.inbox(self.request.user, unread_only=bool(show))
        page = Paginator(inbox, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, show=show, unread=services.unread_count(self.request.user), **kwargs
        )


class InboxMessageView(PortalPermissionMixin, TemplateView):
    """One of the user's messages in full, with a button to the page it is about. Opening it
    marks it read. Another person's message is not found."""

    permission_required = "nominations.view_inbox"
    template_name = "nominations/inbox/detail.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        message = services.open_message(self.request.user, self.kwargs["pk"])
        if message is None:
            raise Http404
        show = UNREAD if self.request.GET.get("show") == UNREAD else ""
        return super().get_context_data(
            message=message,
            target=services.portal_link(message),
            back=_list_url(show=show),
            **kwargs,
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
        return redirect(_list_url(show=request.POST.get("show", ""), page=page if page.isdigit() else ""))


urls = [
    path("inbox/", InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/", InboxMessageView.as_view(), name="inbox_message"),
    path("inbox/read/", InboxReadView.as_view(), name="inbox_read"),
]
