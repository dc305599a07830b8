"""Overrides of failed checks by the office: justification required, only a failed check,
one per check, audited; and the discipline records' service rules."""

import datetime
import unicodedata

import pytest
from auditlog.models import LogEntry

from nominations.models import DisciplineRecord, EligibilityOverride
from nominations.services import NominationError
from nominations.services.eligibility import (
    create_discipline,
    record_override,
    run_checks,
    update_discipline,
)
from tests.factories.nominations import DisciplineRecordFactory, NominationFactory

JUSTIFICATION = "Hội đồng đã xem xét, kỷ luật đã hết hiệu lực trước khi xét."


@pytest.fixture
def disciplined(own_proposal, own_cadre):
    """An individual with a discipline record in 2026: the `discipline` check fails."""
    DisciplineRecordFactory(cadre=own_cadre, start_date=datetime.date(2026, 2, 1))
    return NominationFactory(proposal=own_proposal, subject_cadre=own_cadre, submitted=True)


def _by_code(nomination):
    return {check.code: check for check in run_checks(nomination)}


def test_override_stops_the_check_blocking(disciplined, vhxh_officer):
    decomposed = unicodedata.normalize("NFD", f"  {JUSTIFICATION}\n")
    override = record_override(disciplined, actor=vhxh_officer, code="discipline", justification=decomposed)
    assert override.justification == JUSTIFICATION
    assert (override.actor, override.check_code, override.nomination) == (
        vhxh_officer,
        "discipline",
        disciplined,
    )
    check = _by_code(disciplined)["discipline"]
    assert check.override == override
    assert check.result.status == "not_met"
    assert not check.blocking


def test_override_is_audited(disciplined, vhxh_officer):
    override = record_override(
        disciplined, actor=vhxh_officer, code="discipline", justification=JUSTIFICATION
    )
    entry = LogEntry.objects.get_for_object(override).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["justification"] == ["None", JUSTIFICATION]


def test_second_override_replaces_the_first(disciplined, vhxh_officer, administrator):
    first = record_override(disciplined, actor=vhxh_officer, code="discipline", justification=JUSTIFICATION)
    second = record_override(
        disciplined, actor=administrator, code="discipline", justification="Lý do mới, đã kiểm tra lại."
    )
    assert second.pk == first.pk
    assert EligibilityOverride.objects.filter(nomination=disciplined).count() == 1
    second.refresh_from_db()
    assert (second.justification, second.actor) == ("Lý do mới, đã kiểm tra lại.", administrator)
    assert second.at >= first.at
    assert LogEntry.objects.get_for_object(second).count() == 2


@pytest.mark.parametrize(
    ("justification", "message"),
    [
        (
            "",
            "Write a justification for accepting against the failed check “No discipline or inspection in the year”.",
        ),
        (
            "   \n ",
            "Write a justification for accepting against the failed check “No discipline or inspection in the year”.",
        ),
        (
            "Đồng ý.  ",
            "The justification for “No discipline or inspection in the year” is too short (at least 10 characters).",
        ),
    ],
)
def test_missing_or_short_justification_is_refused(disciplined, vhxh_officer, justification, message):
    with pytest.raises(NominationError) as raised:
        record_override(disciplined, actor=vhxh_officer, code="discipline", justification=justification)
    assert (str(raised.value), raised.value.field) == (message, "justification")
    assert not EligibilityOverride.objects.exists()


def test_check_that_did_not_fail_is_refused(disciplined, vhxh_officer):
    with pytest.raises(NominationError) as raised:
        record_override(disciplined, actor=vhxh_officer, code="unit_rating", justification=JUSTIFICATION)
    name = disciplined.subject_cadre.full_name
    assert str(raised.value) == (
        f"“Collective rated “Excellently completed duties”” has not failed for {name}; there is nothing to "
        "accept against."
    )
    assert raised.value.field == "code"
    assert not EligibilityOverride.objects.exists()


def test_unknown_check_is_refused(disciplined, vhxh_officer):
    with pytest.raises(NominationError) as raised:
        record_override(disciplined, actor=vhxh_officer, code="luck", justification=JUSTIFICATION)
    assert str(raised.value) == "There is no eligibility check “luck”."
    assert not EligibilityOverride.objects.exists()


# --------------------------------------------------------------------------- discipline records


def test_create_discipline_normalises_text(own_cadre, vhxh_officer):
    record = create_discipline(
        actor=vhxh_officer,
        cadre=own_cadre,
        measure=unicodedata.normalize("NFD", " Khiển trách "),
        decision_number=" 05/QĐ-UBND ",
        start_date=datetime.date(2026, 1, 5),
        end_date=None,
        note="",
    )
    record.refresh_from_db()
    assert (record.measure, record.decision_number, record.created_by) == (
        "Khiển trách",
        "05/QĐ-UBND",
        vhxh_officer,
    )
    assert LogEntry.objects.get_for_object(record).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cadre": None}, "cadre", "Choose the person the record concerns."),
        ({"measure": "  "}, "measure", "Write the measure, e.g. “Khiển trách”."),
        ({"measure": "x" * 121}, "measure", "Measure is too long (at most 120 characters)."),
        ({"start_date": None}, "start_date", "Enter the date the measure starts."),
        (
            {"end_date": datetime.date(2025, 12, 31)},
            "end_date",
            "The end date (31/12/2025) is before the start date (05/01/2026).",
        ),
    ],
)
def test_create_discipline_refuses_bad_input(own_cadre, vhxh_officer, changes, field, message):
    fields = {"cadre": own_cadre, "measure": "Khiển trách", "start_date": datetime.date(2026, 1, 5)}
    with pytest.raises(NominationError) as raised:
        create_discipline(actor=vhxh_officer, **{**fields, **changes})
    assert (str(raised.value), raised.value.field) == (message, field)
    assert not DisciplineRecord.objects.exists()


def test_update_discipline_sets_the_end(own_cadre, vhxh_officer):
    record = DisciplineRecordFactory(cadre=own_cadre, start_date=datetime.date(2026, 1, 5))
    update_discipline(record, actor=vhxh_officer, end_date=datetime.date(2026, 7, 4))
    record.refresh_from_db()
    assert (record.end_date, record.measure) == (datetime.date(2026, 7, 4), "Khiển trách")


def test_update_discipline_refuses_end_before_start_and_keeps_the_row(own_cadre, vhxh_officer):
    record = DisciplineRecordFactory(cadre=own_cadre, start_date=datetime.date(2026, 1, 5))
    with pytest.raises(NominationError):
        update_discipline(record, actor=vhxh_officer, end_date=datetime.date(2026, 1, 4))
    record.refresh_from_db()
    assert record.end_date is None
