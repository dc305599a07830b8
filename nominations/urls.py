"""Rounds, proposals, nominations and their review. Each topic module lists its own `urls`."""

from .views import (
    attachments,
    certificates,
    council,
    council_documents,
    decisions,
    documents,
    eligibility,
    forwarding,
    inbox,
    proposals,
    registry,
    review,
    rounds,
    verification,
    voting,
    workflow,
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
    *council.urls,
    *voting.urls,
    *council_documents.urls,
    *decisions.urls,
    *certificates.urls,
    *registry.urls,
    *verification.urls,
    *forwarding.urls,
]
