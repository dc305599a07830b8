"""The import framework: Excel files checked row by row first, then written all or none.

Apps describe one kind of import as an `Importer` subclass and `register()` it from their
AppConfig.ready(); the shared screens (upload, preview and confirm, template download)
find it by its kind in `IMPORTERS`. `IMPORTERS[kind].parse(upload, user=...)` returns an
`ImportResult` with every problem (row, column, message); `import_(result, actor=...)`
writes all its rows in one transaction through the app's services, so the audit log
records each one under the actor. Anything that stops an import is an `ImportRefused`
whose message is for the clerk.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from auditlog.context import auditlog_value, set_extra_data
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import excel, jobs, tenancy
from .errors import DomainError
from .excel import Column, RowError
from .hooks import Hook
from .models import Job

DELETE_EXAMPLE = "Xóa dòng ví dụ (dòng 2) rồi nhập mỗi dòng một bản ghi; không gộp ô, không dùng công thức."


class ImportRefused(DomainError):
    """Nothing was imported; the message says why, for the clerk (already translated)."""


@dataclass
class ImportResult:
    """What a file would import: the checked rows, the rows as typed, and every problem."""

    kind: str
    columns: Sequence[Column]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    raw: list[tuple[int, list[str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def error(self, row: int, header: str, message: str) -> None:
        self.errors.append(RowError(row, header, message))


def _run_as(actor, write: Callable[[], int]) -> int:
    """Run `write` with `actor` on every audit log entry, keeping the request's address.

    A copied context keeps the request's own audit context intact afterwards.
    """

    def run() -> int:
        data = {k: v for k, v in auditlog_value.get({}).items() if k != "signal_duid"}
        with set_extra_data({**data, "actor": actor}):
            return write()

    return contextvars.copy_context().run(run)


class Importer:
    """One kind of import. An app subclasses it and calls `register()`; the shared screens
    then read its heading, help text and where to go after the import."""

    kind: str
    title: str
    permission: str
    columns: Sequence[Column]
    notes: Sequence[str] = (DELETE_EXAMPLE,)
    heading: str | None = None  # the upload page's heading (a translated string)
    help_text: str | None = None  # the upload page's explanation under "How it works"
    after_import: str = "home"  # URL name to go to once the rows are imported
    # The app's own errors whose message is meant for the clerk; raised while writing, they
    # refuse the whole import with that message.
    explained: tuple[type[Exception], ...] = ()

    def template(self, *, user=None) -> bytes:
        """The template for `user` (a list the user's role narrows, e.g. the units, follows it)."""
        return excel.template_bytes(self.columns, title=self.title, notes=self.notes)

    def parse(self, upload: IO[bytes], *, user) -> ImportResult:
        """Read and check the whole file; write nothing."""
        result = ImportResult(kind=self.kind, columns=self.columns)
        try:
            sheet = excel.read_sheet(upload, self.columns)
        except excel.WorkbookRefused as refused:
            result.errors = [RowError(None, "", message) for message in refused.messages]
            return result
        result.rows, result.raw, result.errors = sheet.rows, sheet.raw, sheet.errors
        self.check(result, user=user)
        order = {c.header: i for i, c in enumerate(self.columns)}
        result.errors.sort(key=lambda e: (e.row or 0, order.get(e.column, -1)))
        return result

    def parse_rows(self, rows: Iterable[Mapping[str, Any]], *, user, first_row: int = 2) -> ImportResult:
        """Check rows given as cells by column key, exactly as rows of an uploaded sheet (same
        parsers, same checks); numbered from `first_row` as in a sheet. Writes nothing."""
        result = ImportResult(kind=self.kind, columns=self.columns)
        for number, cells in enumerate(rows, start=first_row):
            values = [cells.get(c.key) for c in self.columns]
            result.raw.append((number, [excel.display(v) for v in values]))
            parsed, errors = excel.parse_cells(number, values, self.columns)
            result.errors.extend(errors)
            if parsed is not None:
                result.rows.append((number, parsed))
        self.check(result, user=user)
        return result

    def import_(self, result: ImportResult, *, actor) -> int:
        """Write every row of a checked result in one transaction, or none; return the count."""
        if not result.ok or result.kind != self.kind:
            raise ImportRefused(_("The file has problems; nothing was imported."))
        try:
            with transaction.atomic():
                return _run_as(actor, lambda: self.write(result, actor=actor))
        except IntegrityError as error:
            raise ImportRefused(
                _("The data changed while importing; nothing was imported. Check the file again.")
            ) from error
        except self.explained as error:
            raise ImportRefused(str(error)) from error

    def check(self, result: ImportResult, *, user) -> None:
        raise NotImplementedError

    def write(self, result: ImportResult, *, actor) -> int:
        raise NotImplementedError

    def header(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)


IMPORTERS: dict[str, Importer] = {}

# The commune (by the id asked as text) a user may import into other than their own, or None.
import_commune = Hook("thiduaportal.import_commune", default=None)


def register(importer: Importer) -> Importer:
    """Offer an app's importer on the shared screens (call it from the app's ready())."""
    current = IMPORTERS.get(importer.kind)
    if current is not None and type(current) is not type(importer):
        raise ValueError(f"an importer of kind {importer.kind!r} is already registered")
    IMPORTERS[importer.kind] = importer
    return importer


# --------------------------------------------------------------------------- large files

IMPORT_JOB_KIND = "units.import"  # the kind stored on jobs made before the framework moved


def start_import_job(importer: Importer, path: str, *, actor, after: str) -> Job:
    """A pending background job importing the stored, checked file at `path` as `actor`;
    its page links to `after` once done. For files over IMPORT_BACKGROUND_ROWS rows, whose
    writing would hold the request too long."""
    # The job runs in the commune whose rows it imports: the scope's (a city administrator's
    # import into a commune), which is the owner's own otherwise.
    ids = tenancy.active_ids()
    return Job.objects.create(
        owner=actor,
        kind=IMPORT_JOB_KIND,
        params={"import": importer.kind, "path": path, "after": after},
        **({"commune_id": ids[0]} if ids else {}),
    )


def run_import_job(job: Job) -> None:
    """Check the stored file again, as its owner and against today's data, and import every
    row or none (`Importer.import_`); the job then holds the row count. The file is removed
    once imported or refused; an unexpected failure keeps it, so a worker that died midway
    (the transaction rolled back) runs the same job again from the start."""

    def build(job: Job) -> str:
        importer, path = IMPORTERS[job.params["import"]], job.params["path"]
        try:
            # In the portal's language, as in the worker, also when the task runs inline.
            with default_storage.open(path, "rb") as upload, translation.override(settings.LANGUAGE_CODE):
                job.row_count = importer.import_(importer.parse(upload, user=job.owner), actor=job.owner)
        except ImportRefused:
            default_storage.delete(path)
            raise
        default_storage.delete(path)
        return ""

    jobs.run(
        job,
        build,
        failure=gettext_lazy(
            "The import could not be completed; nothing was imported. Try again later or tell the administrator."
        ),
        reports_progress=False,  # one transaction: its progress is invisible until it ends
        explained=(ImportRefused,),
    )
