"""Decisions, certificates, the registry and its public pages. Each topic module lists its own
`urls`."""

from awards.views import certificates, city, decisions, registry, statistics, verification

app_name = "awards"

urlpatterns = [
    *decisions.urls,
    *certificates.urls,
    *registry.urls,
    *verification.urls,
    *city.urls,
    *statistics.urls,
]
