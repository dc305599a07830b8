"""Ballots under real concurrency (PostgreSQL): the same member's ballot sent twenty times at
once counts once; twenty members voting at once all count. The item's row lock serialises
the ballots, the unique `VoterMark` backs it; each ballot is one sealed row in the box."""

import threading

import pytest
from django.db import connection, connections

from council.models import Ballot, VoterMark
from council.services import CouncilError, voting
from tests.factories.council import box_counts, council_session

pytestmark = pytest.mark.django_db(transaction=True)


def _skip_unless_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL (SQLite serialises every write)")


def _at_once(calls):
    """Run each `(user, choice)` ballot in its own thread, released together; the outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def vote(item, user, choice):
        try:
            barrier.wait()
            voting.cast_ballot(item, user=user, choice=choice)
            outcome = "ok"
        except CouncilError:
            outcome = "refused"
        except Exception as error:  # noqa: BLE001 - any other failure must show in the result
            outcome = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=vote, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def _counters(item):
    """The item's box, decrypted with the officers' codes (one sealed ballot per mark)."""
    assert Ballot.objects.filter(item=item).count() == VoterMark.objects.filter(item=item).count()
    return box_counts(item)


def test_same_ballot_sent_twenty_times_at_once_counts_once():
    _skip_unless_postgresql()
    council = council_session(members=3, voting=True)
    item, seat = council.items[0], council.members[1]
    choices = ["for", "against", "abstain"]
    outcomes = _at_once([(item, seat.user, choices[i % 3]) for i in range(20)])
    assert outcomes == ["ok"] + ["refused"] * 19
    assert sum(_counters(item)) == 1
    assert VoterMark.objects.filter(item=item).count() == 1
    assert VoterMark.objects.filter(item=item, member=seat).count() == 1


def test_twenty_members_voting_at_once_all_count():
    _skip_unless_postgresql()
    council = council_session(members=20, voting=True)
    item = council.items[0]
    choices = ["for"] * 11 + ["against"] * 6 + ["abstain"] * 3
    outcomes = _at_once(
        [(item, seat.user, choice) for seat, choice in zip(council.members, choices, strict=True)]
    )
    assert outcomes == ["ok"] * 20
    assert _counters(item) == (11, 6, 3)
    assert VoterMark.objects.filter(item=item).count() == 20


def test_twenty_members_each_sending_twice_at_once():
    _skip_unless_postgresql()
    council = council_session(members=10, voting=True)
    item = council.items[0]
    calls = [(item, seat.user, "for") for seat in council.members] * 2
    outcomes = _at_once(calls)
    assert outcomes == ["ok"] * 10 + ["refused"] * 10
    assert _counters(item) == (10, 0, 0)
    assert VoterMark.objects.filter(item=item).count() == 10
