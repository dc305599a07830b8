"""The encrypted ballot box: the arithmetic (encrypt, sum, decrypt with k of n shares), the
proofs that refuse tampering, the officers' codes and shares through the services, the
published box and its verifier, the receipt, and the confirmation's one length."""

import copy
import json
import re
import subprocess
import sys

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from council import crypto, verify
from council.models import Ballot, BallotKey, DecryptionShare, KeyHolder, SessionState
from council.services import CouncilError, ballot_box, tally, voting
from tests.factories.council import CouncilMemberFactory, council_session

CHOICES = ballot_box.CHOICES


# --------------------------------------------------------------------------- the arithmetic


def _box(dealt, chosen, context="key/item/1"):
    return [crypto.encrypt_ballot(dealt.public, choices=CHOICES, chosen=c, context=context) for c in chosen]


def _decrypt(dealt, ballots, indices):
    sums = [crypto.total(crypto.Ciphertext.from_dict(b["choices"][i]) for b in ballots) for i in range(3)]
    counts = []
    for ct in sums:
        parts = {i: ct.a * dealt.shares[i] for i in indices}
        counts.append(crypto.combine(ct, parts, most=len(ballots)))
    return counts


def test_sum_of_ballots_decrypts_with_any_two_of_three_shares():
    dealt = crypto.deal([1, 2, 3], 2)
    ballots = _box(dealt, ["for"] * 5 + ["against"] * 3 + ["abstain"] * 2)
    for pair in ([1, 2], [1, 3], [2, 3]):
        assert _decrypt(dealt, ballots, pair) == [5, 3, 2]
    assert crypto.commitments_agree(dealt.public, dealt.commitments, 2)


def test_one_share_cannot_decrypt():
    dealt = crypto.deal([1, 2, 3], 2)
    ballots = _box(dealt, ["for"] * 4 + ["against"])
    with pytest.raises(crypto.CryptoError):
        _decrypt(dealt, ballots, [2])


def test_every_ballot_has_the_same_size_and_a_valid_proof():
    dealt = crypto.deal([1, 2], 2)
    ballots = _box(dealt, list(CHOICES))
    assert len({len(json.dumps(b, sort_keys=True)) for b in ballots}) == 1
    assert all(crypto.check_ballot(dealt.public, b, choices=CHOICES, context="key/item/1") for b in ballots)
    # The proof is bound to its item: the same ballot does not check for another.
    assert not crypto.check_ballot(dealt.public, ballots[0], choices=CHOICES, context="key/item/2")


def test_a_ballot_for_two_choices_or_none_is_refused_by_its_proof():
    dealt = crypto.deal([1, 2], 2)
    (ballot,) = _box(dealt, ["for"])
    # Swap in a ciphertext of 1 for "against": two choices, or replay "for" twice.
    (other,) = _box(dealt, ["against"])
    doubled = copy.deepcopy(ballot)
    doubled["choices"][1] = other["choices"][1]
    assert not crypto.check_ballot(dealt.public, doubled, choices=CHOICES, context="key/item/1")
    # An encryption of 2 with an honest-looking 0/1 proof cannot be made: tamper with B.
    tampered = copy.deepcopy(ballot)
    b = crypto.decode_point(tampered["choices"][0]["b"])
    tampered["choices"][0]["b"] = crypto.encode_point(b + crypto.G)
    assert not crypto.check_ballot(dealt.public, tampered, choices=CHOICES, context="key/item/1")


def test_a_decryption_share_from_another_share_fails_its_proof():
    dealt = crypto.deal([1, 2], 2)
    ct = crypto.encrypt(dealt.public, 1, crypto.random_scalar())
    good = crypto.decryption_share(dealt.shares[1], ct, commitment=dealt.commitments[1], context="c")
    assert crypto.check_decryption_share(ct, good, commitment=dealt.commitments[1], context="c")
    assert not crypto.check_decryption_share(ct, good, commitment=dealt.commitments[2], context="c")
    forged = dict(good, d=crypto.encode_point(ct.a * dealt.shares[2]))
    assert not crypto.check_decryption_share(ct, forged, commitment=dealt.commitments[1], context="c")


def test_a_wrapped_share_opens_only_with_its_code():
    code, other = crypto.new_officer_code(), crypto.new_officer_code()
    wrapped = crypto.wrap_share(12345, crypto.officer_public(code), context="k")
    assert crypto.unwrap_share(wrapped, code.lower().replace("-", " "), context="k") == 12345
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_share(wrapped, other, context="k")


# --------------------------------------------------------------------------- the services


pytestmark = pytest.mark.django_db


def _voted(members=5, plan=("for", "for", "against", "abstain", "for")):
    council = council_session(members=members, voting=True)
    item = council.items[0]
    receipts = [
        voting.cast_ballot(item, user=seat.user, choice=choice)
        for seat, choice in zip(council.members, plan, strict=False)
    ]
    return council, item, receipts


def test_opening_the_voting_stores_only_public_parts_of_the_key():
    council, _item, _ = _voted()
    key = BallotKey.objects.get(session=council.session)
    holders = list(KeyHolder.objects.filter(session=council.session))
    assert (key.threshold, len(holders)) == (2, 2)
    stored = json.dumps([key.public_key, *[(h.code_public, h.commitment, h.wrapped) for h in holders]])
    for code in council.codes.values():
        assert crypto.normalise_code(code) not in stored.upper()
    # No clear share anywhere: each wrapped share opens only with its officer's code.
    for holder in holders:
        share = crypto.unwrap_share(holder.wrapped, council.codes[holder.member_id], context=str(key.key_id))
        assert f"{share:064x}" not in stored


def test_voting_cannot_open_until_every_key_officer_has_a_code():
    council = council_session(members=4, method="secret", opened=True)
    KeyHolder.objects.filter(session=council.session, member=council.members[1]).delete()
    with pytest.raises(CouncilError) as error:
        voting.open_voting(council.session, actor=council.secretary)
    assert str(error.value) == (
        f"Voting cannot open: {council.members[1].full_name} must first take their key code on the session's page."
    )


def test_a_vice_chair_makes_it_two_of_three():
    council = council_session(members=4, opened=True)
    vice = council.members[2]
    vice.role = "vice_chair"
    vice.save()
    ballot_box.issue_officer_code(council.session, actor=vice.user)
    voting.open_voting(council.session, actor=council.secretary)
    assert BallotKey.objects.get(session=council.session).threshold == 2
    assert KeyHolder.objects.filter(session=council.session).count() == 3


def test_the_result_waits_for_two_shares_and_a_wrong_code_is_refused_in_vietnamese(settings):
    council, item, _ = _voted()
    voting.close_voting(council.session, actor=council.secretary)
    chair, secretary = council.members[:2]
    assert tally.result_rows(council.session) == []
    with pytest.raises(CouncilError) as error:
        ballot_box.present_share(council.session, actor=chair.user, code=council.codes[secretary.pk])
    assert error.value.field == "code"
    assert not DecryptionShare.objects.exists()
    from django.utils import translation  # noqa: PLC0415 - only this check speaks Vietnamese

    with translation.override("vi"), pytest.raises(CouncilError) as error:
        ballot_box.present_share(council.session, actor=chair.user, code="AAAA-BBBB")
    assert str(error.value).startswith("Đây không phải mã khóa của ông/bà cho phiên này")
    assert ballot_box.present_share(council.session, actor=chair.user, code=council.codes[chair.pk]) is False
    with pytest.raises(CouncilError):
        ballot_box.present_share(council.session, actor=chair.user, code=council.codes[chair.pk])
    assert tally.result_rows(council.session) == []
    with pytest.raises(CouncilError):
        tally.finalise_session(council.session, actor=council.secretary)
    assert ballot_box.present_share(council.session, actor=secretary.user, code=council.codes[secretary.pk])
    item.refresh_from_db()
    assert (item.votes_for, item.votes_against, item.votes_abstain, item.ballots) == (3, 1, 1, 5)
    assert tally.finalise_session(council.session, actor=council.secretary).state == SessionState.FINAL


def test_a_member_who_holds_no_key_cannot_enter_a_share():
    council, _item, _ = _voted(members=3, plan=("for",))
    voting.close_voting(council.session, actor=council.secretary)
    with pytest.raises(CouncilError) as error:
        ballot_box.present_share(council.session, actor=council.members[2].user, code="X")
    assert "hold a key share" in str(error.value)


def test_the_published_box_verifies_and_tampering_is_found(tmp_path, capsys):
    council, _item, receipts = _voted()
    voting.close_voting(council.session, actor=council.secretary)
    council.count()
    record = ballot_box.published_box(council.session)
    assert verify.check_box(record) == []
    assert record["items"][0]["counts"] == {"for": 3, "against": 1, "abstain": 1}
    # Each receipt is in the box.
    assert all(ballot_box.receipt_in_box(council.session, crypto.short_fingerprint(r)) for r in receipts)
    assert not ballot_box.receipt_in_box(council.session, "0000-0000-0000-0000")
    # A ballot dropped, a count changed, a decryption share swapped: each is found.
    dropped = copy.deepcopy(record)
    dropped["items"][0]["ballots"].pop()
    assert "item 1: the sums are not the sums of its ballots" in verify.check_box(dropped)
    changed = copy.deepcopy(record)
    changed["items"][0]["counts"]["for"] = 4
    assert any("published counts" in p for p in verify.check_box(changed))
    swapped = copy.deepcopy(record)
    shares = swapped["items"][0]["decryption_shares"]
    shares["1"], shares["2"] = shares["2"], shares["1"]
    assert any("fewer than 2 decryption shares check" in p for p in verify.check_box(swapped))
    # The command and the standalone verifier agree.
    call_command("verify_tally", str(council.session.pk))
    assert "counts verified" in capsys.readouterr().out
    path = tmp_path / "box.json"
    path.write_text(json.dumps(record))
    done = subprocess.run(  # noqa: S603 - this interpreter, the project's own module
        [sys.executable, "-m", "council.verify", str(path)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.split()[0]) == (0, "OK")
    path.write_text(json.dumps(changed))
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "council.verify", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1


def test_no_audit_entry_pairs_a_voter_and_nothing_of_the_result_before_release():
    council, item, _ = _voted()
    voting.close_voting(council.session, actor=council.secretary, items=[item])
    models = set(LogEntry.objects.values_list("content_type__model", flat=True))
    assert "votermark" not in models
    for entry in LogEntry.objects.filter(content_type__model="agendaitem"):
        assert not {"passed", "ballots", "votes_for"} & set(entry.changes_dict)


def test_administrator_sees_no_figure_before_release(client, admin_user):
    council, item, _ = _voted()
    client.force_login(admin_user)
    session = council.session
    for name in (
        "council:session_minutes_pdf",
        "council:session_ballot_box",
        "council:session_ballot_box_json",
    ):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404, name
    voting.close_voting(session, actor=council.secretary)
    assert client.get(reverse("council:session_minutes_pdf", args=[session.pk])).status_code == 404
    html = client.get(reverse("council:session_result", args=[session.pk])).content.decode()
    assert f'id="result-{item.pk}"' not in html
    council.count()
    assert client.get(reverse("council:session_minutes_pdf", args=[session.pk])).status_code == 200
    box = client.get(reverse("council:session_ballot_box_json", args=[session.pk])).json()
    assert verify.check_box(box) == []


def test_confirmation_and_cast_responses_have_one_length_whatever_the_choice(client):
    council = council_session(members=4, voting=True)
    item = council.items[0]
    url = reverse("council:item_vote", args=[item.pk])
    confirm, cast, page = {}, {}, {}
    for seat, choice in zip(council.members[1:], CHOICES, strict=True):
        seat.user.full_name = "Thành viên"
        seat.user.save()
        client.force_login(seat.user)
        confirm[choice] = len(client.post(url, {"choice": choice}).content)
        response = client.post(url, {"choice": choice, "confirm": "1"})
        cast[choice] = (response.status_code, len(response.content), tuple(sorted(response.cookies)))
        page[choice] = len(client.get(reverse("council:session_vote", args=[council.session.pk])).content)
    assert len(set(confirm.values())) == 1, confirm
    assert len(set(cast.values())) == 1, cast
    assert len(set(page.values())) == 1, page
    assert Ballot.objects.filter(item=item).count() == 3


def test_officer_code_page_is_shown_once_and_not_cached(client):
    council = council_session(members=3, opened=True)
    KeyHolder.objects.filter(session=council.session).delete()
    chair = council.members[0]
    client.force_login(chair.user)
    response = client.post(reverse("council:session_key_code", args=[council.session.pk]))
    html = response.content.decode()
    code = re.search(r'id="officer-code">([A-Z2-7-]+)<', html).group(1)
    assert "no-store" in response["Cache-Control"]
    holder = KeyHolder.objects.get(session=council.session, member=chair)
    assert crypto.code_matches(code, holder.code_public)
    assert code not in client.get(council.session.get_absolute_url()).content.decode()
    # Another member of the council holds no key.
    other = CouncilMemberFactory(term=council.session.term)
    client.force_login(other.user)
    client.post(reverse("council:session_key_code", args=[council.session.pk]))
    assert not KeyHolder.objects.filter(member=other).exists()


def test_the_migration_forgets_the_voter_marks_past_audit_entries():
    import importlib  # noqa: PLC0415 - a migration module's name starts with a digit

    from django.apps import apps  # noqa: PLC0415
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415

    from council.models import VoterMark  # noqa: PLC0415

    council, item, _ = _voted(members=3, plan=("for",))
    mark = VoterMark.objects.get(item=item)
    LogEntry.objects.log_create(mark, action=LogEntry.Action.CREATE, changes={"id": [None, mark.pk]})
    kept = LogEntry.objects.exclude(content_type=ContentType.objects.get_for_model(VoterMark)).count()
    assert LogEntry.objects.filter(content_type__model="votermark").count() == 1
    migration = importlib.import_module("council.migrations.0004_forget_voter_marks_in_audit_log")
    migration.forget_marks(apps, None)
    assert not LogEntry.objects.filter(content_type__model="votermark").exists()
    assert LogEntry.objects.count() == kept
