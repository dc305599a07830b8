"""Rounds, proposals, nominations and their review. Each topic module lists its own `urls`."""

from .views import (
    attachments,
    council,
    council_documents,
    documents,
    eligibility,
    inbox,
    proposals,
    review,
    rounds,
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
]
