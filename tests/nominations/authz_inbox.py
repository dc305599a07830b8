"""Authorization rows for the inbox: everyone signed in has one; marking read is POST only."""

from tests.authz import LOGIN, NOT_ALLOWED, ROLES, SIGNED_IN

MATRIX = {
    "nominations:inbox": [("", None, SIGNED_IN)],
    "nominations:inbox_read": [("", None, {**dict.fromkeys(ROLES, NOT_ALLOWED), "anonymous": LOGIN})],
}
