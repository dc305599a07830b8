"""Checks on uploaded files (evidence, signed scans): the type is read from the content, not
only the name, and the size limit comes from `settings.UPLOAD_MAX_BYTES`.

`check_upload(upload)` returns a `CheckedFile` or raises `UploadRejected` with a message that
names the file and the reason, in the user's language. `LimitedUploadHandler` stops a file
over the limit while it streams, before it is on disk.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from .text import nfc


class UploadRejected(Exception):
    """The file was refused; the message says which file and why."""


# What a DOCX or XLSX may hold once unpacked; more is a zip bomb, not a document.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    magic: bytes = b""
    zip_member: str = ""
    # A complete file ends with `tail` within its last `tail_window` bytes (cut-off uploads don't).
    tail: bytes = b""
    tail_window: int = 0

    def matches(self, upload) -> bool:
        upload.seek(0)
        if self.magic:
            return upload.read(len(self.magic)) == self.magic
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return {"[Content_Types].xml", self.zip_member} <= names

    def is_complete(self, upload, size: int) -> bool:
        """The file is whole: its end marker is there, or (DOCX, XLSX) every member unpacks
        to its declared size and checksum, within MAX_UNPACKED_BYTES in all."""
        if self.tail:
            upload.seek(max(0, size - self.tail_window))
            return self.tail in upload.read(self.tail_window)
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                    return False
                # Reads each member up to its declared size: a member lying about it fails its CRC.
                return archive.testzip() is None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return False


PDF = FileKind("PDF", "application/pdf", magic=b"%PDF-", tail=b"%%EOF", tail_window=1024)
JPEG = FileKind("JPEG", "image/jpeg", magic=b"\xff\xd8\xff", tail=b"\xff\xd9", tail_window=32)
PNG = FileKind("PNG", "image/png", magic=b"\x89PNG\r\n\x1a\n", tail=b"IEND\xaeB`\x82", tail_window=32)
DOCX = FileKind(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    zip_member="word/document.xml",
)
XLSX = FileKind(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zip_member="xl/workbook.xml"
)
KINDS = {"pdf": PDF, "jpg": JPEG, "jpeg": JPEG, "png": PNG, "docx": DOCX, "xlsx": XLSX}
ACCEPT = ",".join(f".{ext}" for ext in KINDS)


def upload_max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    kind: FileKind
    size: int


def _file_name(upload) -> str:
    name = nfc((upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip() or "file"
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 250 - len(ext)]}{dot}{ext}" if dot else name[:255]
    return name


def check_upload(upload) -> CheckedFile:
    """Accept one uploaded file or raise `UploadRejected` naming it and the reason: an
    extension other than .pdf .jpg .jpeg .png .docx .xlsx, an empty file, a file above the
    size limit, content that is not what the name says (checked by magic bytes; for DOCX
    and XLSX a valid zip holding the expected member), or a file that is not whole (cut off
    before its end marker; a DOCX or XLSX that does not unpack cleanly or unpacks too big)."""
    name = _file_name(upload)
    kind = KINDS.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    shown = {"name": name}
    if kind is None:
        raise UploadRejected(_("“%(name)s”: only PDF, JPEG, PNG, DOCX and XLSX files are accepted.") % shown)
    size = upload.size or 0
    if size == 0:
        raise UploadRejected(_("“%(name)s” is empty.") % shown)
    limit = upload_max_bytes()
    if size > limit:
        message = _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
        raise UploadRejected(
            message % {**shown, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    matches = kind.matches(upload)
    complete = matches and kind.is_complete(upload, size)
    upload.seek(0)
    if not matches:
        message = _("“%(name)s” is not a real %(kind)s file: its content does not match its name.")
        raise UploadRejected(message % {**shown, "kind": kind.label})
    if not complete:
        message = _(
            "“%(name)s” is damaged or incomplete: it is not a whole %(kind)s file. Save or scan it again."
        )
        raise UploadRejected(message % {**shown, "kind": kind.label})
    return CheckedFile(upload, name, kind, size)


# --- While the upload streams ----------------------------------------------------------------


def request_max_bytes() -> int:
    """The largest multipart request accepted: a few files of the largest kind, and the form."""
    return settings.UPLOAD_MAX_REQUEST_BYTES


def file_max_bytes() -> int:
    """No file field takes more than this; each form checks its own, smaller limit after."""
    return max(settings.UPLOAD_MAX_BYTES, settings.IMPORT_MAX_BYTES)


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: stops an upload over the limit while it streams.

    A request whose Content-Length is over `request_max_bytes()` is not read at all; a file
    that grows past `file_max_bytes()` (a chunked request, or a lying length) is stopped at
    the chunk that crosses it, before the next handler writes that chunk, and the temporary
    file written so far is closed, which deletes it. The reason is left on the request as
    `upload_refused` for `UploadLimitMiddleware` to tell the user; nothing reaches a view."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > request_max_bytes():
            self.refuse(
                _(
                    "The upload (%(size)s) is larger than the limit of %(limit)s; it was stopped and nothing was saved."
                )
                % {"size": filesizeformat(content_length), "limit": filesizeformat(request_max_bytes())}
            )
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > file_max_bytes():
            self.refuse(
                _(
                    "“%(name)s” is larger than the limit of %(limit)s; the upload was stopped and nothing was saved."
                )
                % {"name": nfc(self.file_name or ""), "limit": filesizeformat(file_max_bytes())}
            )
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None

    def refuse(self, message: str) -> None:
        if self.request is not None:
            self.request.upload_refused = message
