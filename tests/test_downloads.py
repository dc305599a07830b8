"""The one download response: same headers whether the file is built in memory or stored."""

import io
from urllib.parse import quote

from thiduaportal.downloads import PDF, XLSX, file_response, pdf_response, xlsx_response


def test_bytes_shown_inline_keep_their_type_and_name():
    response = pdf_response("giay-khen-7.pdf", b"%PDF-1.7")
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == 'inline; filename="giay-khen-7.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b"%PDF-1.7"


def test_a_workbook_is_saved_under_its_name():
    response = xlsx_response("xep-loai-2026.xlsx", b"PK")
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        XLSX,
        'attachment; filename="xep-loai-2026.xlsx"',
    )


def test_a_stored_file_is_streamed_with_its_length_and_a_vietnamese_name():
    response = file_response(io.BytesIO(b"0123456789"), filename="biên bản.pdf", content_type=PDF)
    assert response.streaming
    assert response["Content-Length"] == "10"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('biên bản.pdf')}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"0123456789"


def test_a_stored_file_without_a_type_takes_it_from_its_name():
    response = file_response(io.BytesIO(b"PK"), filename="danh-sach.xlsx")
    assert response["Content-Type"] == XLSX


def test_every_download_is_no_store_whether_built_or_stored():
    built = pdf_response("giay-khen-7.pdf", b"%PDF-1.7")
    stored = file_response(io.BytesIO(b"PK"), filename="danh-sach.xlsx")
    assert (built["Cache-Control"], stored["Cache-Control"]) == ("no-store, private", "no-store, private")
