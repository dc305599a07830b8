from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import PortalLoginForm
from .views import accounts, audit, imports

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=PortalLoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/reset/", accounts.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:code>/", views.choose_language, name="choose_language"),
    path("jobs/<uuid:pk>/", views.JobView.as_view(), name="job_detail"),
    path("jobs/<uuid:pk>/download/", views.JobDownloadView.as_view(), name="job_download"),
    # The import screens, for every app's importer (the kind picks it).
    path("import/<slug:kind>/", imports.ImportUploadView.as_view(), name="import_upload"),
    path("import/<slug:kind>/template.xlsx", imports.ImportTemplateView.as_view(), name="import_template"),
    path("import/<slug:kind>/<uuid:token>/", imports.ImportPreviewView.as_view(), name="import_preview"),
    path("audit/", audit.AuditLogView.as_view(), name="audit_list"),
    path("admin/", admin.site.urls),
    path("", include("units.urls")),
    path("", include("campaigns.urls")),
    path("", include("nominations.urls")),
    path("", include("council.urls")),
    path("", include("awards.urls")),
]

if settings.SERVER_TIMING:
    # The load benchmark's floor: the bare layout, no query of its own (see SERVER_TIMING).
    urlpatterns.append(path("floor/", views.FloorView.as_view(), name="floor"))
    urlpatterns.append(path("floor/public/", views.PublicFloorView.as_view(), name="floor_public"))
