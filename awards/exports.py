"""The registry (sổ khen thưởng) as an Excel workbook."""

from __future__ import annotations

from awards.services.registry import export_rows
from thiduaportal import excel

REGISTRY_TITLE = "Sổ khen thưởng"
REGISTRY_COLUMNS = [
    excel.Column(key="position", header="STT", parser=int, width=6),
    excel.Column(key="year", header="Năm", parser=int, width=8),
    excel.Column(key="subject_type", header="Đối tượng", parser=str, width=10),
    excel.Column(key="name", header="Tên tập thể, họ và tên cá nhân", parser=str, width=32),
    excel.Column(key="detail", header="Chức vụ, đơn vị / cơ quan chủ quản", parser=str, width=36),
    excel.Column(key="unit", header="Đơn vị", parser=str, width=30),
    excel.Column(key="award", header="Hình thức khen thưởng", parser=str, width=30),
    excel.Column(key="decision_number", header="Số quyết định", parser=str, width=16),
    excel.Column(key="decision_date", header="Ngày quyết định", parser=str, width=14),
    excel.Column(key="issuer", header="Cơ quan quyết định", parser=str, width=30),
    excel.Column(key="achievement", header="Nội dung thành tích", parser=str, width=50),
    excel.Column(key="book_number", header="Số sổ vàng", parser=str, width=10),
    excel.Column(key="state", header="Hiệu lực", parser=str, width=14),
    excel.Column(key="revoked_on", header="Ngày thu hồi", parser=str, width=14),
    excel.Column(key="source", header="Nguồn", parser=str, width=16),
]


def registry_workbook(awards) -> tuple[str, bytes]:
    """(file name, .xlsx bytes) of these awards (a filtered queryset of the registry), in
    its order; the rows are streamed from the database in write-only mode. One query."""
    return "so-khen-thuong.xlsx", excel.rows_to_bytes(
        REGISTRY_COLUMNS, export_rows(awards.iterator(chunk_size=500)), title=REGISTRY_TITLE
    )
