"""The secrecy drill: can anyone who reads the storage, the logs or the traffic pair a
council member with their choice better than chance?

On a throwaway PostgreSQL (with pageinspect and pg_stat_statements) and then on SQLite (WAL
mode, no checkpoint), 24 members vote on one item through the web views (10 in favour, 8
against, 6 abstaining, in a random order). Then, as an attacker who also knows the final
totals, the drill reads:

- `heap`: every tuple version of the item, the voter marks and the ballot box, live and dead,
  with pageinspect; transactions pair marks with counter changes and ballot sizes.
- `wal`: pg_waldump's records grouped by transaction (which relations, which record sizes).
- `statements`: pg_stat_statements polled after each ballot (which statements ran).
- `sqlite-wal`: the -wal file's frames, commit by commit: what changed in the item's page.
- `audit`: the audit log (a voter mark, a counter or a pass/fail before the release).
- `sizes`: the byte length of the confirmation page and of the cast response.

Each channel gives a choice per member where it can (a feature with at most six values is
mapped to choices in the way that fits best, an attacker's upper bound); a channel fails when
it pairs more members correctly than the best blind guess (the commonest choice) plus three
standard deviations. `python -m drills.secrecy` prints `PASS secrecy: …` or `FAIL secrecy: …`.
"""

from __future__ import annotations

import json
import math
import os
import random
import sqlite3
import struct
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from drills import common

VOTERS = 24
PLAN = ["for"] * 10 + ["against"] * 8 + ["abstain"] * 6
CHOICES = ("for", "against", "abstain")


# --------------------------------------------------------------------------- scoring


def judge(name: str, predictions: dict[int, str], truth: dict[int, str]) -> tuple[bool, str]:
    """Whether the channel's predictions beat the blind guess by more than chance allows."""
    k = len(predictions)
    if not k:
        return True, f"{name}: pairs nobody"
    correct = sum(1 for member, choice in predictions.items() if truth.get(member) == choice)
    p = max(Counter(truth.values()).values()) / len(truth)
    bound = k * p + 3 * math.sqrt(k * p * (1 - p)) + 1
    ok = correct <= bound
    return ok, f"{name}: {correct}/{k} paired (chance ≤ {bound:.1f})"


def mapped(features: dict[int, object], truth: dict[int, str]) -> dict[int, str]:
    """Predict by the best mapping of a feature (at most six values) to choices."""
    values = set(features.values())
    if not values or len(values) > 6:
        return {}
    best: dict[object, str] = {}
    for value in values:
        members = [m for m, f in features.items() if f == value]
        best[value] = Counter(truth[m] for m in members).most_common(1)[0][0]
    return {m: best[f] for m, f in features.items()}


# --------------------------------------------------------------------------- the vote (inner process)


def _inner(engine: str, out: str) -> None:
    """Run inside a Django process on the drill's database: make the council, vote through
    the views, poll what an attacker polls, write the observations as JSON to `out`."""
    import django  # noqa: PLC0415 - this process sets Django up itself

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    from council.models import CouncilMember, VoterMark  # noqa: PLC0415
    from council.services import voting  # noqa: PLC0415
    from tests.factories.council import council_session  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    if engine == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
    council = council_session(members=VOTERS, voting=True)
    for index, seat in enumerate(council.members, start=1):
        CouncilMember.objects.filter(pk=seat.pk).update(full_name=f"Thành viên {index:02d}")
        seat.user.full_name = f"Thành viên {index:02d}"
        seat.user.username = f"member{index:02d}"
        seat.user.save()
    item = council.items[0]
    plan = PLAN[:]
    random.SystemRandom().shuffle(plan)
    order = list(council.members)
    random.SystemRandom().shuffle(order)
    observed: dict = {"truth": {}, "sizes": {}, "statements": {}, "marks": []}
    if engine == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_statements_reset()")
    url = reverse("council:item_vote", args=[item.pk])
    for seat, choice in zip(order, plan, strict=True):
        client = Client(HTTP_HOST="localhost")
        client.force_login(seat.user)
        before = _statements() if engine == "postgres" else {}
        confirm = client.post(url, {"choice": choice})
        cast = client.post(url, {"choice": choice, "confirm": "1"})
        # The ballot counts with a receipt page (200), or a redirect to the voting page (302).
        if confirm.status_code != 200 or cast.status_code not in (200, 302):
            raise RuntimeError(f"the vote was not taken: {confirm.status_code}, {cast.status_code}")
        if engine == "postgres":
            after = _statements()
            ran = sorted(
                q for q, calls in after.items() if calls > before.get(q, 0) and "pg_stat_statements" not in q
            )
            observed["statements"][seat.pk] = ran
        observed["truth"][seat.pk] = choice
        cookies = len(cast.cookies.output())
        page = client.get(reverse("council:session_vote", args=[council.session.pk]))
        observed["sizes"][seat.pk] = [
            len(confirm.content),
            len(cast.content),
            cast.get("Location", ""),
            cookies,
            len(page.content),
        ]
    observed["marks"] = list(
        VoterMark.objects.filter(item=item).order_by("pk").values_list("member_id", flat=True)
    )
    if engine == "sqlite":
        # The -wal file as it stands after the vote (the last connection's close removes it).
        name = connection.settings_dict["NAME"]
        Path(f"{out}.wal").write_bytes(Path(f"{name}-wal").read_bytes())
    # The attacker reads the storage now, while the result is not released; then the session
    # closes and is counted, and the audit log is read as it stands before and after.
    observed["audit_before"] = _audit()
    voting.close_voting(council.session, actor=council.secretary)
    if hasattr(council, "count"):
        council.count()
    observed["audit_after_close"] = _audit()
    item.refresh_from_db()
    observed["final"] = [item.votes_for, item.votes_against, item.votes_abstain]
    observed["item_id"] = item.pk
    Path(out).write_text(json.dumps(observed))


def _statements() -> dict[str, int]:
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("SELECT query, calls FROM pg_stat_statements")
        return dict(cursor.fetchall())


def _audit() -> list[str]:
    """The audit log's entries about marks, and about items' counters or pass/fail."""
    from auditlog.models import LogEntry  # noqa: PLC0415

    found = []
    for entry in LogEntry.objects.select_related("content_type"):
        model = entry.content_type.model
        changes = set(entry.changes_dict or {})
        if model == "votermark":
            found.append(f"votermark {entry.object_repr} at {entry.timestamp.isoformat()}")
        elif model == "agendaitem" and changes & {
            "votes_for",
            "votes_against",
            "votes_abstain",
            "passed",
            "ballots",
        }:
            found.append(f"agendaitem {entry.object_pk} {sorted(changes)}")
    return found


# --------------------------------------------------------------------------- PostgreSQL channels


def _as_postgres() -> list[str]:
    """The server's tools run as the postgres user (as `drills.common` starts the server)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _psql(server: common.Postgres, sql: str, *, check: bool = True) -> list[list[str]]:
    done = subprocess.run(  # noqa: S603 - the server's own psql
        [
            *_as_postgres(),
            str(server.bin / "psql"),
            *("-h", str(server.folder / "socket"), "-p", str(server.port), "-U", "thidua", "-d", "secrecy"),
            *("-At", "-F", "\t", "-c", sql),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode and check:
        raise common.DrillFailure(f"psql: {done.stderr.strip()[:300]}")
    return [line.split("\t") for line in done.stdout.splitlines() if line]


def _tuples(server, table: str, columns: list[str]) -> list[dict]:
    """Every tuple of `table` still in its pages (live and dead): xmin, length and columns."""
    attrs = _psql(
        server,
        f"SELECT attnum, attname, atttypid::regtype FROM pg_attribute WHERE attrelid = '{table}'::regclass "  # noqa: S608 - the drill's own table names
        "AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
    )
    positions = {name: (int(num), kind) for num, name, kind in attrs}
    pages = int(
        _psql(server, f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int")[0][0]
    )
    rows = []
    for block in range(pages):
        page = f"heap_page_items(get_raw_page('{table}', {block}))"
        found = []
        for (lp,) in _psql(server, f"SELECT lp FROM {page} WHERE t_data IS NOT NULL"):  # noqa: S608 - the drill's own table names
            # One tuple at a time: a version written before a column was added does not split.
            found += _psql(
                server,
                f"SELECT t_xmin, lp_len, array_to_json(tuple_data_split('{table}'::regclass, t_data, t_infomask, "  # noqa: S608 - the drill's own table names
                f"t_infomask2, t_bits)) FROM {page} WHERE lp = {lp}",
                check=False,
            )
        for xmin, length, data in found:
            values = json.loads(data)
            row = {"xmin": int(xmin), "len": int(length)}
            for column in columns:
                num, kind = positions[column]
                raw = values[num - 1]
                row[column] = (
                    None if raw is None else int.from_bytes(bytes.fromhex(raw[2:]), "little", signed=True)
                )
            rows.append(row)
    return rows


def _nearest(xmins: dict[int, int], xid: int) -> int | None:
    """The member whose mark's transaction is `xid` or next to it (the mark is written in a
    savepoint, whose subtransaction id follows its parent's)."""
    for delta in (0, 1, -1, 2, -2):
        if xid + delta in xmins:
            return xmins[xid + delta]
    return None


def _has_table(server, table: str) -> bool:
    return _psql(server, f"SELECT to_regclass('{table}') IS NOT NULL")[0][0] == "t"


def heap_channel(server, observed) -> dict[int, str]:
    """Pair marks and counter changes (and ballot sizes) by their transaction."""
    truth = {int(k): v for k, v in observed["truth"].items()}
    marks = _tuples(server, "nominations_votermark", ["member_id"])
    member_of = {row["xmin"]: row["member_id"] for row in marks}
    versions = sorted(
        (r for r in _tuples(server, "nominations_agendaitem", ["id", "votes_for", "votes_against", "votes_abstain"])
         if r["id"] == observed["item_id"]),
        key=lambda r: r["xmin"],
    )  # fmt: skip
    predictions = {}
    for older, newer in zip(versions, versions[1:], strict=False):
        for name, column in zip(CHOICES, ("votes_for", "votes_against", "votes_abstain"), strict=True):
            member = _nearest(member_of, newer["xmin"])
            if (newer[column] or 0) == (older[column] or 0) + 1 and member is not None:
                predictions[member] = name
    if _has_table(server, "council_ballot"):
        sizes = {}
        for row in _tuples(server, "council_ballot", []):
            member = _nearest(member_of, row["xmin"])
            if member is not None:
                sizes[member] = row["len"]
        for member, choice in mapped(sizes, truth).items():
            predictions.setdefault(member, choice)
    return predictions


def wal_channel(server, observed, xid_member: dict[int, int]) -> dict[int, str]:
    """pg_waldump's records of each ballot's transaction: relations and record sizes."""
    truth = {int(k): v for k, v in observed["truth"].items()}
    done = subprocess.run(  # noqa: S603 - the server's own pg_waldump
        [*_as_postgres(), str(server.bin / "pg_waldump"), "-p", str(server.data / "pg_wal"),
         *_wal_range(server)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    records = defaultdict(list)
    for line in done.stdout.splitlines():
        parts = {
            field.split(":", 1)[0].strip(): field.split(":", 1)[1].strip()
            for field in line.split(", ")
            if ":" in field
        }
        try:
            xid = int(parts.get("tx", "0"))
        except ValueError:
            continue
        member = _nearest(xid_member, xid) if xid else None
        if member is not None:
            rmgr = line.split("rmgr:")[1].split()[0] if "rmgr:" in line else ""
            length = parts.get("len (rec/tot)", "")
            op = parts.get("desc", "").split()[0] if parts.get("desc") else ""
            records[member].append(f"{rmgr}:{op}:{length}")
    features = {member: tuple(sorted(rows)) for member, rows in records.items()}
    return best_part(features, truth)


def _wal_range(server) -> list[str]:
    first = sorted(p.name for p in (server.data / "pg_wal").iterdir() if len(p.name) == 24)
    return [first[0], first[-1]] if first else []


def best_part(features: dict[int, tuple], truth: dict[int, str]) -> dict[int, str]:
    """The whole feature when it has few values; otherwise the attacker's best single part of
    it (one statement, one WAL record kind: present or not), so noise cannot hide a leak."""
    whole = mapped(features, truth)
    if whole:
        return whole
    seen = Counter(part for feature in features.values() for part in set(feature))
    # The parts seen in some ballots but not all (and not a one-off): the rest is the same
    # for everyone, or noise.
    telling = {part for part, n in seen.items() if 3 <= n < len(features)}
    best = mapped({m: tuple(sorted(p for p in set(f) if p in telling)) for m, f in features.items()}, truth)
    for part in seen:
        guess = mapped({m: part in f for m, f in features.items()}, truth)
        if sum(truth[m] == c for m, c in guess.items()) > sum(truth[m] == c for m, c in best.items()):
            best = guess
    return best


def statements_channel(observed) -> dict[int, str]:
    truth = {int(k): v for k, v in observed["truth"].items()}
    features = {int(m): tuple(q) for m, q in observed["statements"].items()}
    return best_part(features, truth)


def sizes_channel(observed) -> dict[int, str]:
    truth = {int(k): v for k, v in observed["truth"].items()}
    return mapped({int(m): tuple(s) for m, s in observed["sizes"].items()}, truth)


# --------------------------------------------------------------------------- SQLite's -wal


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return value, at + 9


def _serial(kind: int, data: bytes, at: int):
    sizes = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}
    if kind in (8, 9):
        return kind - 8, at
    if kind in sizes:
        size = sizes[kind]
        return (int.from_bytes(data[at : at + size], "big", signed=True) if size else None), at + size
    size = (kind - 12) // 2 if kind % 2 == 0 else (kind - 13) // 2
    return data[at : at + size], at + size


def _rows(page: bytes, *, first: bool) -> dict[int, list]:
    """rowid → values of a table leaf page (the cells that fit in the page)."""
    base = 100 if first else 0
    if page[base] != 0x0D:
        return {}
    cells = struct.unpack(">H", page[base + 3 : base + 5])[0]
    rows = {}
    for index in range(cells):
        at = struct.unpack(">H", page[base + 8 + 2 * index : base + 10 + 2 * index])[0]
        _length, at = _varint(page, at)
        rowid, at = _varint(page, at)
        header_size, start = _varint(page, at)
        kinds, cursor = [], start
        while cursor < at + header_size:
            kind, cursor = _varint(page, cursor)
            kinds.append(kind)
        values, cursor = [], at + header_size
        for kind in kinds:
            value, cursor = _serial(kind, page, cursor)
            values.append(value)
        rows[rowid] = values
    return rows


def sqlite_wal_channel(db: Path, wal: Path, observed) -> dict[int, str]:
    """The -wal file's frames, commit by commit: the item's row decoded from each version of
    its page, and which counter went up in the commit that added a mark (the i-th such
    commit added the i-th mark)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        roots = dict(con.execute("SELECT name, rootpage FROM sqlite_master WHERE type='table'").fetchall())
        columns = [row[1] for row in con.execute("PRAGMA table_info(nominations_agendaitem)")]
    item_page, marks_page = roots["nominations_agendaitem"], roots["nominations_votermark"]
    counters = [columns.index(c) for c in ("votes_for", "votes_against", "votes_abstain")]
    data = wal.read_bytes()
    if len(data) < 32:
        raise common.DrillFailure("the SQLite -wal file was empty: nothing to read")
    page_size = struct.unpack(">I", data[8:12])[0]
    offset, pending, commits = 32, {}, []
    while offset + 24 + page_size <= len(data):
        page_no, commit = struct.unpack(">II", data[offset : offset + 8])
        pending[page_no] = data[offset + 24 : offset + 24 + page_size]
        offset += 24 + page_size
        if commit:
            commits.append(pending)
            pending = {}
    previous, guesses = None, []
    for frames in commits:
        guess = None
        if item_page in frames:
            row = _rows(frames[item_page], first=item_page == 1).get(observed["item_id"])
            if row is not None:
                now = [row[i] or 0 for i in counters]
                if previous is not None:
                    went_up = [name for name, a, b in zip(CHOICES, previous, now, strict=True) if b == a + 1]
                    guess = went_up[0] if len(went_up) == 1 else None
                previous = now
        if marks_page in frames:
            guesses.append(guess)
    ballots = guesses[-len(observed["marks"]) :] if observed["marks"] else []
    return {m: g for m, g in zip(observed["marks"], ballots, strict=False) if g is not None}


# --------------------------------------------------------------------------- the drill


def _run_engine(engine: str, env: dict[str, str], workdir: Path) -> dict:
    out = workdir / f"{engine}.json"
    done = subprocess.run(  # noqa: S603 - this module, in a Django process of its own
        [common.PYTHON, "-m", "drills.secrecy", "--inner", engine, str(out)],
        env=env,
        cwd=common.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode:
        raise common.DrillFailure(f"the vote on {engine} failed: {done.stderr[-1500:]}")
    return json.loads(out.read_text())


def body(stack, workdir: Path) -> str:
    lines, failed = [], []

    def record(engine, name, predictions, truth):
        ok, line = judge(f"{engine} {name}", predictions, truth)
        lines.append(line)
        if not ok:
            failed.append(line)

    server = common.start_postgres(stack, workdir)
    with (server.data / "postgresql.conf").open("a") as conf:
        conf.write("shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n")
    server.restart()
    url = server.create_database("secrecy")
    _psql(server, "CREATE EXTENSION pageinspect; CREATE EXTENSION pg_stat_statements")
    env = common.portal_env(url, workdir / "media")
    common.say("voting on PostgreSQL")
    observed = _run_engine("postgres", env, workdir)
    truth = {int(k): v for k, v in observed["truth"].items()}
    # Read after the count too: the dead tuples and the WAL of the voting are still there.
    marks = _tuples(server, "nominations_votermark", ["member_id"])
    xid_member = {row["xmin"]: row["member_id"] for row in marks}
    record("postgres", "heap", heap_channel(server, observed), truth)
    record("postgres", "wal", wal_channel(server, observed, xid_member), truth)
    record("postgres", "statements", statements_channel(observed), truth)
    record("postgres", "sizes", sizes_channel(observed), truth)
    for line in observed["audit_before"]:
        failed.append(f"postgres audit: {line}")
    lines.append(f"postgres audit: {len(observed['audit_before'])} entries pair or tell before the release")
    if sorted(observed["final"]) != sorted(Counter(PLAN).values()) or observed["final"] != [10, 8, 6]:
        failed.append(f"postgres: counted {observed['final']}, cast [10, 8, 6]")

    db = workdir / "secrecy.sqlite3"
    env = common.portal_env(f"sqlite:///{db}", workdir / "media-sqlite")
    common.say("voting on SQLite")
    observed = _run_engine("sqlite", env, workdir)
    truth = {int(k): v for k, v in observed["truth"].items()}
    record("sqlite", "wal", sqlite_wal_channel(db, workdir / "sqlite.json.wal", observed), truth)
    record("sqlite", "sizes", sizes_channel(observed), truth)
    for line in observed["audit_before"]:
        failed.append(f"sqlite audit: {line}")
    lines.append(f"sqlite audit: {len(observed['audit_before'])} entries pair or tell before the release")
    if observed["final"] != [10, 8, 6]:
        failed.append(f"sqlite: counted {observed['final']}, cast [10, 8, 6]")
    for line in lines:
        common.say(line)
    if failed:
        raise common.DrillFailure(
            "; ".join(failed[:6]) + (f" (+{len(failed) - 6} more)" if len(failed) > 6 else "")
        )
    return f"{VOTERS} ballots on PostgreSQL and on SQLite, counted [10, 8, 6]; " + "; ".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--inner":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings")
        _inner(sys.argv[2], sys.argv[3])
    else:
        common.main("secrecy", body)
