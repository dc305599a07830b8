"""Authorization rows for dossier files (upload, download, remove) and the paper receipt."""

from django.core.files.base import ContentFile

from nominations.models import Attachment, AttachmentKind
from tests.authz import FORBIDDEN, LOGIN, NOT_ALLOWED, OK, ROLES, SEES_ALL, with_changes
from tests.factories import UserFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory


def _proposal(unit):
    return ProposalFactory(round=RoundFactory(), unit=unit)


def _attachment(unit, kind=AttachmentKind.EVIDENCE):
    nomination = NominationFactory(proposal=_proposal(unit))
    attachment = Attachment(
        proposal=nomination.proposal,
        nomination=nomination,
        kind=kind,
        original_name="minh chứng.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=UserFactory(),
    )
    attachment.file.save("minh-chung.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    attachment.save()
    return attachment


def _post_only(*allowed):
    return {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, **dict.fromkeys(allowed, NOT_ALLOWED)}


OWN_STAFF = with_changes(
    dict.fromkeys(ROLES, FORBIDDEN), anonymous=LOGIN, unit_staff=OK, unit_head=OK, administrator=OK
)
OTHER_STAFF = with_changes(dict.fromkeys(ROLES, FORBIDDEN), anonymous=LOGIN, other_staff=OK, administrator=OK)
OWN_FILE = with_changes(SEES_ALL, unit_staff=OK, unit_head=OK)
OTHER_FILE = with_changes(SEES_ALL, other_staff=OK)

MATRIX = {
    "nominations:attachment_upload": [
        ("own", lambda f: {"pk": _proposal(f["own_unit"]).pk}, OWN_STAFF),
        ("other", lambda f: {"pk": _proposal(f["other_unit"]).pk}, OTHER_STAFF),
    ],
    "nominations:attachment_download": [
        ("own", lambda f: {"pk": _attachment(f["own_unit"]).pk}, OWN_FILE),
        ("other", lambda f: {"pk": _attachment(f["other_unit"]).pk}, OTHER_FILE),
    ],
    "nominations:attachment_remove": [
        (
            "own",
            lambda f: {"pk": _attachment(f["own_unit"]).pk},
            _post_only("unit_staff", "unit_head", "administrator"),
        ),
        (
            "other",
            lambda f: {"pk": _attachment(f["other_unit"]).pk},
            _post_only("other_staff", "administrator"),
        ),
    ],
    "nominations:paper_receipt": [
        ("own", lambda f: {"pk": _proposal(f["own_unit"]).pk}, _post_only("vhxh_officer", "administrator")),
    ],
}
