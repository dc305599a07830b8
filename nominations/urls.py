"""Rounds, proposals, nominations and their review. Each topic module lists its own `urls`."""

from .views import attachments, documents, inbox, proposals, review, rounds

app_name = "nominations"

urlpatterns = [
    *rounds.urls,
    *proposals.urls,
    *review.urls,
    *documents.urls,
    *attachments.urls,
    *inbox.urls,
]
