"""The awards' tests share the nominations' fixtures: messages in English, the annual round."""

from tests.nominations.conftest import annual_round, demo_language, english, own_proposal  # noqa: F401
