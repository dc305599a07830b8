"""The awards' tests share the nominations' fixtures: messages in English, the annual round."""

import pytest

from tests.factories.decisions import upload_emblem
from tests.nominations.conftest import annual_round, demo_language, english, own_proposal  # noqa: F401


@pytest.fixture
def emblem(db):
    """The national emblem uploaded: the full design prints only with it."""
    return upload_emblem()


from tests.nominations.test_forwarding import city_round  # noqa: E402, F401 - a round with city candidates
