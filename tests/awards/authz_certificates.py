"""Authorization rows of certificate printing (see tests/test_authorization.py): the office
and the chairman print certificates and manage printers and the emblem."""

from tests.authz import NOT_FOUND, REDIRECT, SEES_ALL
from tests.factories.decisions import (
    PrinterProfileFactory,
    adhoc_shortlist,
    drafted_decision,
    issued_decision,
    upload_emblem,
)
from tests.factories.units import CommuneFactory, UserFactory

# Allowed, but there is nothing to give (a draft's award does not exist; a certificate is
# only previewed from an issued decision).
SEES_ALL_NOTHING = {role: NOT_FOUND if answer == 200 else answer for role, answer in SEES_ALL.items()}
# Allowed, but refused (the full design without the emblem): back to the print page.
SEES_ALL_REFUSED = {role: REDIRECT if answer == 200 else answer for role, answer in SEES_ALL.items()}


def _issued(f):
    if "decision" not in f:
        CommuneFactory()
        f["decision"] = issued_decision(UserFactory(), collectives=0, individuals=1)
    return f["decision"]


def _with_emblem() -> dict:
    upload_emblem()
    return {}


def _draft(f):
    CommuneFactory()
    return drafted_decision(adhoc_shortlist(collectives=0, individuals=1), UserFactory())


MATRIX = {
    "awards:certificate_print": [
        ("issued", lambda f: {"pk": _issued(f).pk}, SEES_ALL),
        ("draft", lambda f: {"pk": _draft(f).pk}, SEES_ALL),
    ],
    "awards:certificate_preview": [
        ("issued", lambda f: {"pk": _issued(f).awards.get().pk, **_with_emblem()}, SEES_ALL),
        ("issued, no emblem", lambda f: {"pk": _issued(f).awards.get().pk}, SEES_ALL_REFUSED),
        ("unknown", lambda f: {"pk": 999999}, SEES_ALL_NOTHING),
    ],
    "awards:printer_list": [("", None, SEES_ALL)],
    "awards:printer_create": [("", None, SEES_ALL)],
    "awards:printer_edit": [("", lambda f: {"pk": PrinterProfileFactory().pk}, SEES_ALL)],
    "awards:printer_calibration": [("", lambda f: {"pk": PrinterProfileFactory().pk}, SEES_ALL)],
    "awards:certificate_design": [("", None, SEES_ALL)],
}
