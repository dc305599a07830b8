"""Authorization rows for initiatives and their evidence files."""

from django.core.files.base import ContentFile

from campaigns.models import InitiativeEvidence
from tests.authz import (
    FORBIDDEN,
    LISTS,
    LOGIN,
    NOT_ALLOWED,
    OFFICE,
    OTHER_UNIT_CHANGE,
    OTHER_UNIT_VIEW,
    OWN_UNIT_CHANGE,
    OWN_UNIT_VIEW,
    REDIRECT,
    ROLES,
    UNIT_WORKERS,
    with_changes,
)
from tests.factories import UserFactory
from tests.factories.campaigns import InitiativeFactory


def _initiative(unit, **traits):
    return InitiativeFactory(owner_unit=unit, **traits)


def _evidence(unit):
    initiative = _initiative(unit)
    evidence = InitiativeEvidence(
        initiative=initiative,
        original_name="quyết định.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=UserFactory(),
    )
    evidence.file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    evidence.save()
    return evidence


def _both_lists(world):
    _initiative(world["own_unit"], recognised=True)
    _initiative(world["other_unit"], refused=True)
    return {}


def _post_only(*allowed):
    return {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, **dict.fromkeys(allowed, NOT_ALLOWED)}


# A decided initiative sends the unit back to its page; the office may still change it.
DECIDED_CHANGE = with_changes(OWN_UNIT_CHANGE, unit_staff=REDIRECT, unit_head=REDIRECT)
OFFICE_REDIRECTED = with_changes(OFFICE, vhxh_officer=REDIRECT, administrator=REDIRECT)

MATRIX = {
    "campaigns:initiative_list": [("none", None, LISTS), ("two units", _both_lists, LISTS)],
    "campaigns:initiative_create": [("", None, UNIT_WORKERS)],
    "campaigns:initiative_detail": [
        ("own", lambda f: {"pk": _initiative(f["own_unit"]).pk}, OWN_UNIT_VIEW),
        ("other", lambda f: {"pk": _initiative(f["other_unit"]).pk}, OTHER_UNIT_VIEW),
    ],
    "campaigns:initiative_edit": [
        ("own", lambda f: {"pk": _initiative(f["own_unit"]).pk}, OWN_UNIT_CHANGE),
        ("other", lambda f: {"pk": _initiative(f["other_unit"]).pk}, OTHER_UNIT_CHANGE),
        ("own recognised", lambda f: {"pk": _initiative(f["own_unit"], recognised=True).pk}, DECIDED_CHANGE),
    ],
    "campaigns:initiative_decide": [
        ("proposed", lambda f: {"pk": _initiative(f["own_unit"]).pk}, OFFICE),
        ("recognised", lambda f: {"pk": _initiative(f["own_unit"], recognised=True).pk}, OFFICE_REDIRECTED),
    ],
    "campaigns:initiative_reopen": [
        ("refused", lambda f: {"pk": _initiative(f["own_unit"], refused=True).pk}, OFFICE),
        ("proposed", lambda f: {"pk": _initiative(f["own_unit"]).pk}, OFFICE_REDIRECTED),
    ],
    "campaigns:initiative_evidence_upload": [
        ("own", lambda f: {"pk": _initiative(f["own_unit"]).pk}, OWN_UNIT_CHANGE),
        ("other", lambda f: {"pk": _initiative(f["other_unit"]).pk}, OTHER_UNIT_CHANGE),
        ("own refused", lambda f: {"pk": _initiative(f["own_unit"], refused=True).pk}, DECIDED_CHANGE),
    ],
    "campaigns:initiative_evidence": [
        ("own", lambda f: {"pk": _evidence(f["own_unit"]).pk}, OWN_UNIT_VIEW),
        ("other", lambda f: {"pk": _evidence(f["other_unit"]).pk}, OTHER_UNIT_VIEW),
    ],
    "campaigns:initiative_evidence_delete": [
        (
            "own",
            lambda f: {"pk": _evidence(f["own_unit"]).pk},
            _post_only("unit_staff", "unit_head", "vhxh_officer", "administrator"),
        ),
        (
            "other",
            lambda f: {"pk": _evidence(f["other_unit"]).pk},
            _post_only("other_staff", "vhxh_officer", "administrator"),
        ),
    ],
}
