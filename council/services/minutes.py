"""The signed minutes of a session: the scan the secretary uploads once voting is closed."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from council.documents import minutes_pdf
from council.models import CouncilSession, SessionFile, SessionState
from nominations.services import NominationError
from thiduaportal.uploads import JPEG, PDF, PNG, UploadRejected, check_upload

SCAN_KINDS = (PDF, JPEG, PNG)


def attach_minutes_scan(session: CouncilSession, *, actor, upload) -> SessionFile:
    """Store the signed minutes' scan as a `SessionFile` and make it the session's
    `minutes_scan` (a new scan replaces the link; the older file row stays). Accepted once
    voting is closed (CLOSED or FINAL). The file passes `check_upload` before anything is
    written; a refused file leaves no row and no file. Side effects: the file in private
    storage, the row, the session's `minutes_scan` (audited)."""
    if session.state not in (SessionState.CLOSED, SessionState.FINAL):
        raise NominationError(_("The signed minutes can be uploaded once voting is closed."), field="upload")
    try:
        checked = check_upload(upload)
    except UploadRejected as error:
        raise NominationError(str(error), field="upload") from error
    if checked.kind not in SCAN_KINDS:
        raise NominationError(
            _("“%(name)s”: the signed minutes must be a PDF, JPEG or PNG scan.") % {"name": checked.name},
            field="upload",
        )
    scan = SessionFile(
        session=session,
        original_name=checked.name,
        content_type=checked.kind.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    scan.file.save(checked.name, checked.upload, save=False)
    try:
        with transaction.atomic():
            locked = CouncilSession.objects.select_for_update().get(pk=session.pk)
            scan.save()
            locked.minutes_scan = scan
            locked.save(update_fields=["minutes_scan"])
    except Exception:
        scan.file.delete(save=False)
        raise
    session.minutes_scan = scan
    return scan


def forwarded_minutes(round_) -> list[tuple[str, bytes]]:
    """The council's minutes of a round for the package forwarded to the city, as (file name,
    content): the signed scan of the round's final session when uploaded, else the printed
    minutes of that session; empty while the round has no final session. Reads only."""
    session = (
        CouncilSession.objects.filter(round=round_, state=SessionState.FINAL)
        .select_related("minutes_scan")
        .order_by("-finalised_at", "-pk")
        .first()
    )
    if session is None:
        return []
    scan = session.minutes_scan
    if scan is not None:
        suffix = scan.original_name.rpartition(".")[2].lower() if "." in scan.original_name else "pdf"
        with scan.file.open("rb") as handle:
            return [(f"bien-ban-hop-hoi-dong-da-ky.{suffix}", handle.read())]
    return [("bien-ban-hop-hoi-dong.pdf", minutes_pdf(session))]
