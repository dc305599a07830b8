"""seed_demo on a database that may be a production one (the other seed_demo tests share one
seeded demo per module, see tests/units/test_seed_demo.py)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from units.models import User


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
