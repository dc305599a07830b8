"""The secret ballot leaves nothing at rest that pairs a member with a choice.

Scope: the data at rest in the database, read through SQL: every table and every column, as
an administrator, a database dump or the audit log would show them. What a ballot writes is
exactly one `VoterMark` (item, member: no choice, no time, not in the audit log) and one
`Ballot` (item, ciphertexts: no member, no time, a random key). The physical storage (heap
pages with their dead tuples, the write-ahead log, the SQLite -wal, pg_stat_statements) is
read by `python -m drills.secrecy`.

The pairing test runs two elections with the same voters and the same totals but different
orders and different member → choice assignments, from the same starting point, and finds
the contents of every table identical once the marks' primary keys (a sequence, which the
second run cannot rewind on PostgreSQL) are named by (item, member) and the audit log's own
id and timestamp are left aside.
"""

import json
from collections import Counter

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from council.models import AgendaItem, Ballot, DecryptionShare, ItemTransition, SessionTransition, VoterMark
from council.services import voting
from nominations.models import Notification
from tests.factories.council import council_session

pytestmark = pytest.mark.django_db

MARKS = VoterMark._meta.db_table
ITEMS = AgendaItem._meta.db_table
LOG = LogEntry._meta.db_table
BALLOTS = Ballot._meta.db_table
SHARES = DecryptionShare._meta.db_table


def _value(value):
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def dump() -> dict[str, list[dict]]:
    """Every row of every table, as column → value."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            columns = [column[0] for column in cursor.description]
            tables[table] = [dict(zip(columns, map(_value, row), strict=True)) for row in cursor.fetchall()]
    return tables


def _rows(rows: list[dict]) -> Counter:
    return Counter(json.dumps(row, sort_keys=True, default=str) for row in rows)


def _changed_tables(before: dict, after: dict) -> set[str]:
    return {table for table in after if _rows(before.get(table, [])) != _rows(after[table])}


def _normalised(tables: dict) -> dict[str, Counter]:
    """Name each mark by (item, member) instead of its sequence number, everywhere it
    appears (the mark's table and its audit-log entries); leave aside the audit log's own id
    and timestamp."""
    names = {row["id"]: f"mark({row['item_id']},{row['member_id']})" for row in tables[MARKS]}
    mark_type = ContentType.objects.get_for_model(VoterMark).pk
    out = {}
    for table, rows in tables.items():
        fixed = []
        for row in rows:
            row = dict(row)
            if table == MARKS:
                row["id"] = names[row["id"]]
            elif table in (BALLOTS, SHARES):
                # Ciphertexts and decryption shares carry fresh randomness: only their size
                # and the item they belong to can be compared.
                row = {"item_id": row["item_id"], "size": len(row["content"])}
            elif table == LOG:
                row.pop("id")
                row.pop("timestamp")
                if row["content_type_id"] == mark_type:
                    name = names[int(row["object_pk"])]
                    row["object_pk"] = row["object_id"] = name
                    changes = (
                        json.loads(row["changes"]) if isinstance(row["changes"], str) else row["changes"]
                    )
                    changes["id"] = [changes["id"][0], name]
                    row["changes"] = json.dumps(changes, sort_keys=True)
            fixed.append(row)
        out[table] = _rows(fixed)
    return out


def test_voter_mark_holds_no_choice_and_no_time():
    assert [f.name for f in VoterMark._meta.concrete_fields] == ["id", "commune", "item", "member"]


def test_agenda_item_has_no_time_of_change():
    times = [f for f in AgendaItem._meta.concrete_fields if isinstance(f, models.DateField)]
    assert [f.name for f in times] == ["voting_ends_at"]
    assert not any(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in times)


def test_a_ballot_writes_only_the_mark_and_the_sealed_ballot():
    council = council_session(members=5, voting=True)
    item = council.items[0]
    other_counts = (SessionTransition.objects.count(), Notification.objects.count())
    before = dump()
    choices = ["for", "against", "abstain", "for", "against"]
    receipts = [
        voting.cast_ballot(item, user=seat.user, choice=choice)
        for seat, choice in zip(council.members, choices, strict=True)
    ]
    after = dump()

    # No audit-log entry, no change to the item's row (its counters stay at zero).
    assert _changed_tables(before, after) == {MARKS, BALLOTS}
    assert all(set(row) == {"id", "commune_id", "item_id", "member_id"} for row in after[MARKS])
    assert all(
        set(row) == {"id", "commune_id", "item_id", "content", "fingerprint"} for row in after[BALLOTS]
    )
    # Every sealed ballot has the same size whatever its choice; the receipts are their hashes.
    assert len({len(row["content"]) for row in after[BALLOTS]}) == 1
    assert sorted(row["fingerprint"] for row in after[BALLOTS]) == sorted(receipts)
    assert (SessionTransition.objects.count(), Notification.objects.count()) == other_counts


def test_closing_logs_the_item_without_its_counters():
    council = council_session(members=3, voting=True)
    item = council.items[0]
    for seat in council.members:
        voting.cast_ballot(item, user=seat.user, choice="for")
    log_before = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    voting.close_voting(council.session, actor=council.secretary)
    for entry in LogEntry.objects.filter(pk__gt=log_before):
        assert not {"votes_for", "votes_against", "votes_abstain", "passed", "ballots"} & set(
            entry.changes_dict
        )
    # How many voted is in the item's closing transition, nothing more.
    closing = ItemTransition.objects.get(item=item, to_state="closed")
    assert closing.reason == "3 members voted."


def _elect(item, ballots):
    for seat, choice in ballots:
        voting.cast_ballot(item, user=seat.user, choice=choice)


def test_two_elections_with_the_same_totals_leave_identical_data():
    """Who chose what cannot be read back: two elections with the same voters and totals
    but other orders and other member → choice pairs leave the same rows in every table."""
    council = council_session(members=4, voting=True)
    item = council.items[0]
    a, b, c, d = council.members
    first = [(a, "for"), (b, "for"), (c, "against"), (d, "abstain")]
    second = [(d, "for"), (c, "for"), (b, "abstain"), (a, "against")]

    results = []
    for ballots in (first, second):
        savepoint = transaction.savepoint()
        _elect(item, ballots)
        results.append(_normalised(dump()))
        transaction.savepoint_rollback(savepoint)
    assert VoterMark.objects.filter(item=item).count() == 0  # both rolled back to the start

    one, two = results
    assert set(one) == set(two)
    assert {table for table in one if one[table] != two[table]} == set()
    assert sum(one[MARKS].values()) == 4


def test_the_comparison_sees_a_different_result():
    """The control: the same comparison tells two elections apart when their totals differ,
    so the identity above is not the comparison missing the ballots."""
    council = council_session(members=2, voting=True)
    item = council.items[0]
    a, b = council.members
    results = []
    for ballots in ([(a, "for"), (b, "for")], [(a, "for"), (b, "against")]):
        savepoint = transaction.savepoint()
        _elect(item, ballots)
        results.append(_normalised(dump()))
        transaction.savepoint_rollback(savepoint)
    one, two = results
    # Before the officers count the box, not even the totals differ.
    assert {table for table in one if one[table] != two[table]} == set()


def test_the_comparison_sees_a_different_counted_result():
    """The control: once the box is counted, two elections with other totals differ (in the
    items' figures), so the identity above is not the comparison missing the ballots."""
    results = []
    council = council_session(members=2, voting=True)
    item = council.items[0]
    a, b = council.members
    for ballots in ([(a, "for"), (b, "for")], [(a, "for"), (b, "against")]):
        savepoint = transaction.savepoint()
        _elect(item, ballots)
        voting.close_voting(council.session, actor=council.secretary)
        council.count()
        results.append(_normalised(dump()))
        transaction.savepoint_rollback(savepoint)
        council.session.refresh_from_db()
    one, two = results
    assert ITEMS in {table for table in one if one[table] != two[table]}
