"""Rounds, proposals, nominations and their review. Each topic module lists its own `urls`."""

from nominations.views import (
    attachments,
    catalogue,
    documents,
    eligibility,
    forwarding,
    inbox,
    proposals,
    review,
    rounds,
    workflow,
    yearend,
)

app_name = "nominations"

urlpatterns = [
    *rounds.urls,
    *proposals.urls,
    *workflow.urls,
    *review.urls,
    *eligibility.urls,
    *documents.urls,
    *attachments.urls,
    *inbox.urls,
    *forwarding.urls,
    *yearend.urls,
    *catalogue.urls,
]
