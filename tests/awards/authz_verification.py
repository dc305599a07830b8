"""Authorization rows of the public verification pages (see tests/test_authorization.py):
open to everyone, signed in or not. Each builder starts a fresh rate-limit window, since
every role's request comes from the same test address."""

from django.core.cache import cache

from awards.models import AwardSource
from awards.services.decisions import codes
from tests.authz import EVERYONE, NOT_FOUND, ROLES
from tests.factories.decisions import ImportedAwardFactory

BAD_REQUEST = 400


def _fresh(kwargs=None):
    cache.clear()
    return kwargs


def _award_code(world):
    award = ImportedAwardFactory(source=AwardSource.PORTAL, code=codes.new_code())
    return _fresh({"code": codes.grouped(award.code)})


MATRIX = {
    "awards:verify_lookup": [("", lambda f: _fresh(), EVERYONE)],
    "awards:verify": [
        ("valid code", _award_code, EVERYONE),
        ("unknown code", lambda f: _fresh({"code": "2222-3333-4444-5555"}), dict.fromkeys(ROLES, NOT_FOUND)),
        ("malformed code", lambda f: _fresh({"code": "ILOU"}), dict.fromkeys(ROLES, BAD_REQUEST)),
    ],
}
