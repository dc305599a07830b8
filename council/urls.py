"""The council: terms and seats, sessions, voting, result and minutes. Each topic module lists
its own `urls`."""

from council.views import ballot_box, documents, sessions, vote_list, voting

app_name = "council"

urlpatterns = [
    *sessions.urls,
    *voting.urls,
    *vote_list.urls,
    *documents.urls,
    *ballot_box.urls,
]
