"""How every download leaves the portal: one response for a file, built in memory or
stored, shown in the browser or saved.

The name is sent in `Content-Disposition` (RFC 6266; a non-ASCII name as `filename*`), the
browser may not guess another type than the one given (`nosniff`), a stored file is
streamed in chunks with its length rather than read into memory, and no browser or proxy
keeps a copy (`no-store`): every file here is behind a login (a dossier, a decision with
personal data), and a shared office computer's cache must not hand it to the next user.
"""

from __future__ import annotations

from typing import IO

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


def file_response(
    content: bytes | IO[bytes], *, filename: str, content_type: str | None = None, inline: bool = False
) -> HttpResponse:
    """`content` (bytes, or an open binary file, which is streamed and closed) as a download
    named `filename`; `inline` shows it in the browser (a PDF) instead of saving it. Without
    `content_type` a stored file's type is guessed from its name."""
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
    else:
        response = FileResponse(
            content, as_attachment=not inline, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


def xlsx_response(filename: str, data: bytes) -> HttpResponse:
    """An Excel workbook to save."""
    return file_response(data, filename=filename, content_type=XLSX)


def pdf_response(filename: str, data: bytes) -> HttpResponse:
    """A PDF shown in the browser."""
    return file_response(data, filename=filename, content_type=PDF, inline=True)
