"""Cross-app views: the role-aware home page, health check, permission base classes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from thiduaportal import home, tenancy
from thiduaportal.downloads import file_response
from thiduaportal.models import Job, JobState


class PortalPermissionMixin(PermissionRequiredMixin):
    """Every portal view names a `rules` permission; anonymous users go to the login page,
    signed-in users without the permission get 403."""

    permission_required: str


class HomeView(LoginRequiredMixin, TemplateView):
    """What needs this person's attention, gathered from every app's home panels."""

    template_name = "home.html"
    # Any signed-in user has a home page; each panel decides what it shows.
    permission_required = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = home.panels_for(self.request.user)
        context["today"] = timezone.localdate()
        return context


class FloorView(LoginRequiredMixin, TemplateView):
    """The bare layout (base.html, empty content) for the signed-in user: what every page
    costs at least. Served only with SERVER_TIMING on, for the load benchmark's ratios."""

    template_name = "floor.html"
    permission_required = None


class PublicFloorView(TemplateView):
    """The public pages' bare layout (public_base.html, empty content) for anyone: the floor
    of the anonymous pages (verification, the CCHC page). Served only with SERVER_TIMING on."""

    template_name = "floor_public.html"


def healthz(request) -> HttpResponse:
    """For load balancers and the process supervisor: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def choose_language(request, code: str) -> HttpResponse:
    """The public pages' language links: set the language cookie and go back to `next`.
    A link, not Django's POST form, so that a public page holds no CSRF token and sets no
    cookie until the visitor chooses; a language only changes how the pages read."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class _OwnJobMixin:
    """A job is its owner's: found in every commune, since a city administrator's import
    into a commune runs (and is kept) in that commune's scope. Only the owner's jobs are
    looked up there, so nothing of another commune is found for anyone else; another's job
    of the scope's commune is found and its permission refuses it (403)."""

    def get_object(self, queryset=None):
        with tenancy.everywhere():
            job = Job.objects.filter(pk=self.kwargs["pk"], owner_id=self.request.user.pk).first()
        return job or super().get_object(queryset)


class JobView(PortalPermissionMixin, _OwnJobMixin, DetailView):
    """A background export's progress; the page refreshes itself until the file is ready."""

    permission_required = "thiduaportal.view_job"
    template_name = "jobs/detail.html"
    model = Job


class JobDownloadView(PortalPermissionMixin, _OwnJobMixin, DetailView):
    """The finished file, only to the user who asked for it."""

    permission_required = "thiduaportal.view_job"
    model = Job

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.state != JobState.DONE or not job.file:
            raise Http404
        return file_response(job.file.open("rb"), filename=job.filename)
