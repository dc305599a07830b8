"""The movement's screens. Each topic module lists its own `urls`."""

from .views import campaigns, dashboard, index, initiatives, public, registrations, reports, results, scoring

app_name = "campaigns"

urlpatterns = [
    *campaigns.urls,
    *registrations.urls,
    *results.urls,
    *index.urls,
    *initiatives.urls,
    *scoring.urls,
    *dashboard.urls,
    *reports.urls,
    *public.urls,
]
