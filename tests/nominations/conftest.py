"""Shared nomination fixtures: the open 2026 annual round and own_unit's proposal in it, a year-end review."""

import datetime

import pytest
from django.utils import timezone, translation

from tests.factories.nominations import ProposalFactory, RoundFactory


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (msgids); documents and e-mail switch to Vietnamese
    themselves."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def demo_language():
    """The demo modules' seed runs in English, as their tests do (see `english`)."""
    return "en"


@pytest.fixture
def annual_round(db):
    return RoundFactory()


@pytest.fixture
def own_proposal(annual_round, own_unit):
    return ProposalFactory(round=annual_round, unit=own_unit)


@pytest.fixture
def review(commune):
    """A year-end review of the commune, open for ten more days."""
    return RoundFactory(year_end=True, submit_by=timezone.localdate() + datetime.timedelta(days=10))
