"""The council: terms and seats, sessions, voting, result and minutes. Each topic module lists
its own `urls`."""

from council.views import documents, sessions, voting

app_name = "council"

urlpatterns = [
    *sessions.urls,
    *voting.urls,
    *documents.urls,
]
