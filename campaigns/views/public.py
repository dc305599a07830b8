"""The public CCHC page (no sign-in) and the management of its posts.

Public pages show the public campaigns, their targets and the commune's rates, and
published posts: no unit's own figures, no person. They hold nothing of the visitor
(no name, no form token), so every visitor gets the same page; the campaigns' rates are
kept in the cache per data version (campaigns.services.versions).
"""

from __future__ import annotations

from functools import cached_property, partial

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin

from ..forms.posts import PostForm
from ..models import Campaign, Frequency, Post, Result
from ..services import posts as services
from ..services import rates, versions
from ..services.campaign import default_year

LATEST_POSTS = 6


def _data_until(campaign: Campaign, year: int) -> int | None:
    """The last month of `year` that a result covers (a quarter covers its third month), so
    the page says how fresh its figures are. One query."""
    rows = (
        Result.objects.filter(indicator__campaign=campaign, year=year)
        .values("indicator__frequency")
        .annotate(last=Max("period"))
    )
    months = [row["last"] * (3 if row["indicator__frequency"] == Frequency.QUARTERLY else 1) for row in rows]
    return max(months, default=None)


def public_movements(today) -> list[tuple]:
    """Each public campaign, its current year, its indicators' statuses for that year and
    the last month its results cover. A fixed number of queries per campaign."""
    movements = []
    for campaign in Campaign.objects.filter(is_public=True).order_by("-start_year", "title"):
        year = default_year(campaign, today=today)
        movements.append((campaign, year, rates.summary(campaign, year), _data_until(campaign, year)))
    return movements


class PublicHomeView(PortalPermissionMixin, TemplateView):
    """Each public campaign with its indicators' final and yearly targets and the
    commune's rate for the year, then the latest posts. A fixed number of queries per
    campaign, whatever the number of results or posts."""

    permission_required = "campaigns.view_public"
    template_name = "campaigns/public/home.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # The rates sum a year of every unit's results: kept per data version, like the
        # dashboard's (a result saved shows on the next load).
        movements = versions.cached(("public", today), partial(public_movements, today))
        latest = Post.objects.published().select_related("unit")[:LATEST_POSTS]
        return super().get_context_data(movements=movements, posts=latest, **kwargs)


class PublicPostView(PortalPermissionMixin, DetailView):
    """One published post; a draft is not found."""

    permission_required = "campaigns.view_public"
    template_name = "campaigns/public/post.html"
    context_object_name = "post"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return Post.objects.published().select_related("unit")


class PostListView(PortalPermissionMixin, ListView):
    """The office sees every post; a publishing unit its own, drafts included."""

    permission_required = "campaigns.manage_posts"
    template_name = "campaigns/public/post_list.html"
    paginate_by = 25

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).select_related("unit", "author")


class _PostFormView(PortalPermissionMixin, FormView):
    template_name = "campaigns/public/post_form.html"
    form_class = PostForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, data: dict) -> Post:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            post = self.save(form.cleaned_data)
        except services.PostError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The post “%(title)s” was saved.") % {"title": post.title})
        return redirect("campaigns:post_list")


class PostCreateView(_PostFormView):
    permission_required = "campaigns.manage_posts"

    def get_permission_object(self):
        return None

    def get_initial(self):
        return {"unit": self.request.user.unit_id}

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("New post"), **kwargs)

    def save(self, data):
        return services.create_post(actor=self.request.user, **data)


class PostUpdateView(_PostFormView):
    permission_required = "campaigns.change_post"

    @cached_property
    def post_object(self) -> Post:
        return get_object_or_404(Post.objects.select_related("unit"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.post_object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.post_object}

    def get_context_data(self, **kwargs):
        heading = _("Edit %(name)s") % {"name": self.post_object}
        return super().get_context_data(heading=heading, object=self.post_object, **kwargs)

    def save(self, data):
        return services.update_post(self.post_object, actor=self.request.user, **data)


class _PostActionView(PortalPermissionMixin, SingleObjectMixin, View):
    """A publish / unpublish button: POST only; a refusal is shown on the list."""

    permission_required = "campaigns.change_post"
    model = Post
    http_method_names = ["post"]

    def get_object(self, queryset=None):
        if not hasattr(self, "_post"):
            self._post = super().get_object(queryset)
        return self._post

    def act(self, post: Post) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        post = self.get_object()
        try:
            messages.success(request, self.act(post) % {"title": post.title})
        except services.PostError as error:
            messages.error(request, str(error))
        return redirect("campaigns:post_list")


class PostPublishView(_PostActionView):
    def act(self, post):
        services.publish_post(post, actor=self.request.user)
        return _("“%(title)s” is now on the public page.")


class PostUnpublishView(_PostActionView):
    def act(self, post):
        services.unpublish_post(post, actor=self.request.user)
        return _("“%(title)s” was taken off the public page.")


urls = [
    path("cchc/", PublicHomeView.as_view(), name="public_home"),
    path("cchc/posts/<int:pk>/", PublicPostView.as_view(), name="public_post"),
    path("movement/posts/", PostListView.as_view(), name="post_list"),
    path("movement/posts/new/", PostCreateView.as_view(), name="post_create"),
    path("movement/posts/<int:pk>/edit/", PostUpdateView.as_view(), name="post_edit"),
    path("movement/posts/<int:pk>/publish/", PostPublishView.as_view(), name="post_publish"),
    path("movement/posts/<int:pk>/unpublish/", PostUnpublishView.as_view(), name="post_unpublish"),
]
