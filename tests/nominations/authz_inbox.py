"""Authorization rows for the inbox: everyone signed in has one; marking read is POST only;
a message opens for its recipient only, anyone else is told it does not exist."""

from nominations.models import Notification
from tests.authz import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, ROLES, SIGNED_IN


def _office_message(world):
    # The world's job belongs to the office persona: the message is theirs.
    return {"pk": Notification.objects.create(recipient=world["job"].owner, subject="Tin", body="x").pk}


MATRIX = {
    "nominations:inbox": [("", None, SIGNED_IN)],
    "nominations:inbox_message": [
        (
            "the office's message",
            _office_message,
            {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN, "vhxh_officer": OK},
        )
    ],
    "nominations:inbox_read": [("", None, {**dict.fromkeys(ROLES, NOT_ALLOWED), "anonymous": LOGIN})],
}
